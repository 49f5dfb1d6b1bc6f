#!/usr/bin/env bash
# Load benchmarks of `oomhook serve` on loopback, side by side in one run (needs wrk and a
# release build):
#   1. GET /api/v3/health (the bare endpoint) vs signed deliveries through the whole inbound
#      pipeline (authenticate, dedupe, render, sync key, apply to a user, log, keep the
#      payload, commit), in rounds (ROUNDS, default 3), with the medians and the server's CPU
#      time per request; beside them, Okta deliveries that each batch BATCH events (default 10,
#      every one a new user: the body renders and applies once per item), as deliveries/s and
#      items/s;
#   2. GET /api/v3/webhooks/{id} requests per second, with latency percentiles;
#   3. `oomhook list` of 10,000 webhooks.
# Every load is bounded in time (wrk -d) and sent to 127.0.0.1 only.
#
# Usage: [ROUNDS=N] [CONNECTIONS=N] [BATCH=N] [KEEP=N] scripts/bench-serve.sh [SECONDS_PER_LOAD]
# (seconds per load default 10; ROUNDS default 3; CONNECTIONS, wrk's open connections for every
# load, default 32; BATCH, events per batched delivery, default 10; KEEP, the server's
# `--keep-deliveries`, its own default when unset)
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
  OOMHOOK_SERVE_TOKEN=$token "$bin" serve --listen 127.0.0.1:0 --db "$1" \
    ${KEEP:+--keep-deliveries "$KEEP"} 2> "$work/serve.log" &
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
# A webhook of its own for the batches, so the database tells their rows from the single ones.
batch=${BATCH:-10}
batch_url=$("$bin" add --preset okta-user-created --name bench-batch --secret-file "$work/secret" -o json | python3 -c 'import json,sys; print(json.load(sys.stdin)["url"])')
batch_id=$("$bin" show bench-batch -o json | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
sample=$("$bin" preview okta-user-created --raw --template <(printf '{{ payload | tojson }}'))

# A wrk script posting the Okta sample with a unique event id and user per request (or, with a
# batch size above 1, that many copies of its event, each with the request's id and its own
# index: a unique event id and user per item). The body is cut at the ids once; a request joins
# the pieces around its own id and is written out whole, so the load generator (on the same two
# vCPUs) spends little of them per request.
write_lua() { # batch size, output
python3 - "$sample" "$secret" "$1" > "$2" <<'PY'
import copy, json, sys
sample = json.loads(sys.argv[1])
size = int(sys.argv[3])
event = sample["data"]["events"][0]
events = []
for k in range(size):
    e = copy.deepcopy(event)
    suffix = "" if size == 1 else f"-i{k}"
    e["uuid"] = "@@ID@@" + suffix
    e["target"][0]["alternateId"] = "@@ID@@" + suffix + "@acme.com"
    events.append(e)
sample["data"]["events"] = events
pieces = json.dumps(sample).split("@@ID@@")
lua = lambda text: json.dumps(text, ensure_ascii=True)  # a JSON string of ASCII is a Lua one
print(f'''
local counter = 0
local tid = 0
local round = ""
-- Each wrk thread gets its own number (the global thread_id of its Lua state) and each run
-- its own round (wrk's argument after --), so no two requests carry the same event id:
-- every delivery is a new one, applied.
function setup(thread) tid = tid + 1; thread:set("thread_id", tid) end
function init(args) round = args[1] or "" end
local pieces = {{{", ".join(lua(p) for p in pieces)}}}
local head
function request()
  if not head then
    head = "POST " .. wrk.path .. " HTTP/1.1\\r\\nHost: " .. wrk.headers["Host"] ..
      "\\r\\nContent-Type: application/json\\r\\nAuthorization: " .. {lua(sys.argv[2])} ..
      "\\r\\nContent-Length: "
  end
  counter = counter + 1
  local id = "r" .. round .. "t" .. thread_id .. "-" .. counter
  local body = {" .. id .. ".join(f"pieces[{i + 1}]" for i in range(len(pieces)))}
  return head .. #body .. "\\r\\n\\r\\n" .. body
end
''')
PY
}
write_lua 1 "$work/deliver.lua"
write_lua "$batch" "$work/batch.lua"

# CPU clock ticks (user + system) of the server's threads by role: "all store checkpoint".
cpu_ticks() {
  local all store=0 ckpt=0 t
  all=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  for t in /proc/"$pid"/task/*; do
    case $(cat "$t/comm" 2>/dev/null) in
      oomhook-store) store=$((store + $(awk '{print $14 + $15}' "$t/stat"))) ;;
      oomhook-checkpo*) ckpt=$((ckpt + $(awk '{print $14 + $15}' "$t/stat"))) ;;
    esac
  done
  echo "$all $store $ckpt"
}
run_wrk() { # name, url, [script, its argument]; prints a line, leaves "rps us" in $work/last
  local name=$1 u=$2 script=${3:-} arg=${4:-}
  local args=(-t2 -c"$conns" -d"${secs}s" --latency)
  [ -n "$script" ] && args+=(-s "$script")
  local c0 c1
  c0=$(cpu_ticks)
  /usr/bin/time -f "%U %S" -o "$work/wrk.time" \
    wrk "${args[@]}" -H "Authorization2: $token" "$u" ${arg:+-- "$arg"} > "$work/wrk.txt"
  c1=$(cpu_ticks)
  local rps p50 p99 n non2xx us w_us k_us g_us
  rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt")
  p50=$(awk '$1=="50%" {print $2}' "$work/wrk.txt")
  p99=$(awk '$1=="99%" {print $2}' "$work/wrk.txt")
  n=$(awk '/requests in/ {print $1}' "$work/wrk.txt")
  non2xx=$(awk '/Non-2xx/ {print $NF}' "$work/wrk.txt")
  # The server's CPU time per request, from /proc (clock ticks of 10 ms): all its threads,
  # and of it the store's writer thread and its checkpoint thread; and the load generator's,
  # which shares the two vCPUs with the server.
  local per
  per=$(awk -v a="$c0" -v b="$c1" -v n="$n" -v hz="$(getconf CLK_TCK)" 'BEGIN {
    split(a, x, " "); split(b, y, " ")
    for (i = 1; i <= 3; i++) printf "%.0f ", (y[i] - x[i]) / hz * 1e6 / n }')
  read -r us w_us k_us <<< "$per"
  g_us=$(awk -v n="$n" '{printf "%.0f", ($1 + $2) * 1e6 / n}' "$work/wrk.time")
  printf '%-34s %9s req/s  p50 %8s  p99 %8s  CPU us/req: server %s (writer %s, checkpoint %s), wrk %s  non-2xx %s\n' \
    "$name" "$rps" "$p50" "$p99" "$us" "$w_us" "$k_us" "$g_us" "${non2xx:-0}"
  echo "$rps $us $w_us $k_us $g_us" > "$work/last"
}

rounds=${ROUNDS:-3}
conns=${CONNECTIONS:-32}
echo "== serve on loopback, 2 wrk threads, $conns connections, ${secs}s each, $rounds rounds"
: > "$work/rounds"; : > "$work/batch-requests"
for r in $(seq "$rounds"); do
  run_wrk "GET /api/v3/health" "$url/api/v3/health"
  read -r h_rps h_us _ _ h_g < "$work/last"
  run_wrk "POST deliveries (whole pipeline)" "$hook_url" "$work/deliver.lua" "$r"
  read -r d_rps d_us d_w d_k d_g < "$work/last"
  run_wrk "POST batches of $batch (per delivery)" "$batch_url" "$work/batch.lua" "$r"
  read -r t_rps t_us _ _ _ < "$work/last"
  awk '/requests in/ {print $1}' "$work/wrk.txt" >> "$work/batch-requests"
  echo "$h_rps $d_rps $h_us $d_us $d_w $d_k $h_g $d_g $t_rps $t_us" >> "$work/rounds"
  awk -v a="$d_rps" -v b="$h_rps" -v c="$t_rps" -v n="$batch" -v u="$t_us" 'BEGIN {
    printf "  round ratio: %.2f; batches: %.0f items/s (%.0f us server CPU per item)\n", a/b, c*n, u/n }'
done
# The machine's speed drifts by a fifth within minutes: the medians of the rounds, each
# round's two loads seconds apart.
# The HTTP exchange alone: the same delivery posted to a path with no route (a 404 that reads
# the body and touches nothing else).
run_wrk "POST the same body, no route" "$url/api/v3/no-route" "$work/deliver.lua" bare
read -r _ b_us _ _ b_g < "$work/last"
python3 - "$work/rounds" "$b_us" "$b_g" "$batch" <<'PY'
import statistics, sys
rows = [list(map(float, line.split())) for line in open(sys.argv[1])]
h, d, hu, du, dw, dk, hg, dg, b, bu = (statistics.median(c) for c in zip(*rows))
n = int(sys.argv[4])
print(f"medians: health {h:,.0f}/s ({hu:.0f} us CPU each, wrk {hg:.0f}), deliveries {d:,.0f}/s"
      f" ({du:.0f} us CPU each: writer {dw:.0f}, checkpoint {dk:.0f}; wrk {dg:.0f})")
print(f"medians, batches of {n}: {b:,.0f} deliveries/s, {b * n:,.0f} items/s ({bu:.0f} us server"
      f" CPU per delivery, {bu / n:.0f} per item; single deliveries {d:,.0f}/s)")
print(f"pipeline / bare endpoint: {d / h:.2f} (rounds: {', '.join(f'{r[1] / r[0]:.2f}' for r in rows)})")
# A third of health's rate with both vCPUs busy leaves this much CPU per delivery for the
# server and the load generator together.
budget = 2e6 / (h / 3)
bare = float(sys.argv[2]) + float(sys.argv[3])
print(f"a third ({h / 3:,.0f}/s) within two vCPUs: at most {budget:.0f} us of CPU per delivery, server"
      f" and wrk; now {du + dg:.0f}, of which the HTTP exchange alone (server and wrk) {bare:.0f}"
      f" and the store's two threads {dw + dk:.0f}")
PY
run_wrk "GET /api/v3/webhooks/{id}" "$url/api/v3/webhooks/$hook_id"
# What the deliveries became: all applied, or the figure above is not the whole pipeline's.
python3 - "$work/bench.db" "$batch_id" "$batch" "$(awk '{n += $1} END {print n + 0}' "$work/batch-requests")" <<'PY'
import sqlite3, sys
db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
batch_id, size, sent = sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
rows = db.execute("SELECT status, COUNT(*) FROM deliveries WHERE webhook_id <> ?"
                  " GROUP BY status ORDER BY 2 DESC", (batch_id,)).fetchall()
print("single deliveries logged:", ", ".join(f"{n} {s}" for s, n in rows))
if any(s != "applied" for s, _ in rows):
    print("WARNING: not every delivery was applied: the rate above is not the whole pipeline's")
# Batches: a row per item, the items of a request sharing its request_id; every item applied,
# and every request with all its items (wrk counts the requests answered within its time; a
# few more may have been committed as it stopped).
rows = db.execute("SELECT status, COUNT(*) FROM deliveries WHERE webhook_id = ?"
                  " GROUP BY status ORDER BY 2 DESC", (batch_id,)).fetchall()
requests, short = db.execute(
    "SELECT COUNT(*), SUM(n <> ?) FROM (SELECT request_id, COUNT(*) AS n FROM deliveries"
    " WHERE webhook_id = ? AND status = 'applied' GROUP BY request_id)", (size, batch_id)).fetchone()
applied = dict((s, n) for s, n in rows).get("applied", 0)
print(f"batched items logged: {', '.join(f'{n} {s}' for s, n in rows)}; {requests} requests"
      f" ({sent} answered within wrk's time), {short or 0} of them without all {size} items applied")
if any(s != "applied" for s, _ in rows) or short or requests < sent or applied < sent * size:
    print("WARNING: not every batched item was applied: items/s above is not the whole pipeline's")
users = db.execute("SELECT COUNT(*) FROM records WHERE kind = 'user'").fetchone()[0]
print(f"users in the database: {users}")
kept = db.execute("SELECT webhook_id = ?, COUNT(*), SUM(length(body)) FROM payloads"
                  " GROUP BY 1", (batch_id,)).fetchall()
print("payloads kept:", ", ".join(f"{'batches' if b else 'single'} {n} ({size_b:,} bytes)"
                                  for b, n, size_b in kept))
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
