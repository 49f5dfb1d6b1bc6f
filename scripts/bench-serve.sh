#!/usr/bin/env bash
# Load benchmarks of `oomhook serve` on loopback, side by side in one run (needs wrk and a
# release build):
#   1. GET /api/v3/health (the bare endpoint) vs signed deliveries through the whole inbound
#      pipeline (authenticate, dedupe, render, sync key, apply to a user, log, commit);
#   2. GET /api/v3/webhooks/{id} requests per second, with latency percentiles;
#   3. `oomhook list` of 10,000 webhooks.
# Every load is bounded in time (wrk -d) and sent to 127.0.0.1 only.
#
# Usage: scripts/bench-serve.sh [SECONDS_PER_LOAD]   (default 10)
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10}
bin=${OOMHOOK_BENCH_BIN:-$PWD/target/release/oomhook}
[ -x "$bin" ] || cargo build --release --quiet
command -v wrk >/dev/null || { echo "bench-serve.sh: needs wrk (apt-get install wrk)" >&2; exit 1; }
work=$(mktemp -d)
token=bench-token-0123456789
cleanup() { [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

start_server() { # $1: db
  OOMHOOK_SERVE_TOKEN=$token "$bin" serve --listen 127.0.0.1:0 --db "$1" 2> "$work/serve.log" &
  pid=$!
  for _ in $(seq 100); do
    url=$(sed -n 's/^oomhook serve: listening on //p' "$work/serve.log" | head -1)
    [ -n "$url" ] && return 0
    sleep 0.1
  done
  echo "serve did not start" >&2; cat "$work/serve.log" >&2; exit 1
}

start_server "$work/bench.db"
export OOMNITZA_URL=$url OOMNITZA_TOKEN=$token OOMHOOK_KEYRING=0
secret=bench-header-secret-0123
printf '%s' "$secret" > "$work/secret"
hook_url=$("$bin" add --preset okta-user-created --name bench --secret-file "$work/secret" -o json | python3 -c 'import json,sys; print(json.load(sys.stdin)["url"])')
hook_id=$("$bin" show bench -o json | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
sample=$("$bin" preview okta-user-created --raw --template <(printf '{{ payload | tojson }}'))

# A wrk script posting the Okta sample with a unique event id and user per request.
python3 - "$sample" "$secret" > "$work/deliver.lua" <<'PY'
import json, sys
sample = json.loads(sys.argv[1])
sample["data"]["events"][0]["uuid"] = "@@ID@@"
sample["data"]["events"][0]["target"][0]["alternateId"] = "@@ID@@@acme.com"
body = json.dumps(sample).replace('"', '\\"')
print(f'''
local counter = 0
local tid = 0
-- Each wrk thread gets its own number (the global thread_id of its Lua state), so no two
-- requests carry the same event id: every delivery is a new one, applied.
function setup(thread) tid = tid + 1; thread:set("thread_id", tid) end
function request()
  counter = counter + 1
  local id = "t" .. thread_id .. "-" .. counter
  local body = string.gsub("{body}", "@@ID@@", id)
  return wrk.format("POST", nil, {{["Content-Type"] = "application/json", ["Authorization"] = "{sys.argv[2]}"}}, body)
end
''')
PY

run_wrk() { # name, url, [script]
  local name=$1 u=$2 script=${3:-}
  local slug=${name//[^A-Za-z0-9]/_}
  local args=(-t2 -c32 -d"${secs}s" --latency)
  [ -n "$script" ] && args+=(-s "$script")
  wrk "${args[@]}" -H "Authorization2: $token" "$u" > "$work/$slug.txt"
  local rps p50 p99
  rps=$(awk '/Requests\/sec/ {print $2}' "$work/$slug.txt")
  p50=$(awk '$1=="50%" {print $2}' "$work/$slug.txt")
  p99=$(awk '$1=="99%" {print $2}' "$work/$slug.txt")
  local non2xx
  non2xx=$(awk '/Non-2xx/ {print $NF}' "$work/$slug.txt")
  printf '%-36s %10s req/s   p50 %8s   p99 %8s   non-2xx %s\n' "$name" "$rps" "$p50" "$p99" "${non2xx:-0}"
  echo "$rps" > "$work/$slug.rps"
}

echo "== serve on loopback, 2 wrk threads, 32 connections, ${secs}s each"
run_wrk "GET /api/v3/health" "$url/api/v3/health"
run_wrk "POST deliveries (whole pipeline)" "$hook_url" "$work/deliver.lua"
run_wrk "GET /api/v3/webhooks/{id}" "$url/api/v3/webhooks/$hook_id"
awk -v a="$(cat "$work/POST_deliveries__whole_pipeline_.rps")" -v b="$(cat "$work/GET__api_v3_health.rps")" \
  'BEGIN{printf "pipeline / bare endpoint: %.2f\n", a/b}'
# What the deliveries became: all applied, or the figure above is not the whole pipeline's.
python3 - "$work/bench.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
rows = db.execute("SELECT status, COUNT(*) FROM deliveries GROUP BY status ORDER BY 2 DESC").fetchall()
print("deliveries logged:", ", ".join(f"{n} {s}" for s, n in rows))
PY

echo "== oomhook list of 10,000 webhooks"
python3 - "$url" "$token" <<'PY'
import json, sys, urllib.request
url, token = sys.argv[1], sys.argv[2]
for i in range(10000):
    body = json.dumps({"name": f"bulk-{i:05d}", "preset": "okta-user-deactivated", "secret": "bulk-secret-0123"}).encode()
    req = urllib.request.Request(url + "/api/v3/webhooks", data=body, method="POST",
                                 headers={"Authorization2": token, "Content-Type": "application/json"})
    urllib.request.urlopen(req).read()
PY
hyperfine --warmup 1 --runs 5 -N "$bin list -o json" --export-markdown "$work/list.md" 2>/dev/null | grep -E "Time|Range" || true
"$bin" list -o json | python3 -c 'import json,sys; print("listed:", len(json.load(sys.stdin)))'
