#!/usr/bin/env bash
# Times `apply` against `add`, side by side, on one `oomhook serve --db :memory:` (release build):
#   1. one `oomhook apply -f FILE` creating N webhooks from scratch;
#   2. N sequential `oomhook add` runs (distinct names, same server);
#   3. a no-op re-apply of the same file (one list, nothing sent).
# Prints each time and the ratios. N defaults to 1000; CONCURRENCY (apply's --concurrency)
# to 8. Set OOMHOOK_BIN to time an existing binary instead of building one.
set -euo pipefail

N=${N:-1000}
CONCURRENCY=${CONCURRENCY:-8}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

if [ -z "${OOMHOOK_BIN:-}" ]; then
  echo "building the release binary ..." >&2
  cargo build --release --quiet
  OOMHOOK_BIN="${CARGO_TARGET_DIR:-$root/target}/release/oomhook"
fi
bin=$OOMHOOK_BIN

tmp=$(mktemp -d)
serve_pid=
cleanup() {
  if [ -n "$serve_pid" ]; then
    kill "$serve_pid" 2>/dev/null || true
    wait "$serve_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

# A hermetic environment: no user config, keyring or colour.
export HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/home/.config" NO_COLOR=1 OOMHOOK_KEYRING=0
mkdir -p "$XDG_CONFIG_HOME"
token="bench-token-$(date +%s)-$$"
export OOMHOOK_SERVE_TOKEN="$token"

"$bin" serve --listen 127.0.0.1:0 --db :memory: 2>"$tmp/serve.log" >/dev/null &
serve_pid=$!
url=
for _ in $(seq 1 100); do
  url=$(sed -n 's/^oomhook serve: listening on //p' "$tmp/serve.log" | head -n 1)
  [ -n "$url" ] && break
  sleep 0.1
done
if [ -z "$url" ]; then
  echo "serve did not start:" >&2
  cat "$tmp/serve.log" >&2
  exit 1
fi
export OOMNITZA_URL="$url" OOMNITZA_TOKEN="$token"

secret_file="$tmp/secret"
printf 'bench-secret-0123456789\n' >"$secret_file"
export BENCH_HOOK_SECRET="bench-secret-0123456789"

{
  echo "webhooks:"
  for i in $(seq -w 1 "$N"); do
    printf '  - name: apply-%s\n    preset: okta-user-deactivated\n    secret_env: BENCH_HOOK_SECRET\n' "$i"
  done
} >"$tmp/hooks.yaml"

now() { echo "${EPOCHREALTIME/,/.}"; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }'; }

echo "server $url, N=$N, apply --concurrency $CONCURRENCY" >&2

t0=$(now)
"$bin" apply -f "$tmp/hooks.yaml" --concurrency "$CONCURRENCY" -q -o json >"$tmp/apply.json"
t_apply=$(since "$t0")

t0=$(now)
for i in $(seq -w 1 "$N"); do
  "$bin" add --no-input -q -o json --preset okta-user-deactivated --name "add-$i" \
    --secret-file "$secret_file" >/dev/null
done
t_add=$(since "$t0")

t0=$(now)
"$bin" apply -f "$tmp/hooks.yaml" --concurrency "$CONCURRENCY" -q -o json >"$tmp/noop.json"
t_noop=$(since "$t0")

count=$("$bin" list -o json | grep -c '"version"' || true)
# `"created": N` and `"unchanged": N` appear in the summary only.
created=$(sed -n 's/^ *"created": \([0-9]*\).*/\1/p' "$tmp/apply.json" | tail -n 1)
unchanged=$(sed -n 's/^ *"unchanged": \([0-9]*\).*/\1/p' "$tmp/noop.json" | tail -n 1)

printf '\n%-44s %10s %14s\n' "run" "seconds" "per webhook"
awk -v n="$N" -v a="$t_apply" -v d="$t_add" -v z="$t_noop" -v c="$CONCURRENCY" 'BEGIN {
  printf "%-44s %10.3f %11.2f ms\n", "apply, " n " from scratch (--concurrency " c ")", a, a * 1000 / n
  printf "%-44s %10.3f %11.2f ms\n", n " x add (sequential runs)", d, d * 1000 / n
  printf "%-44s %10.3f %11.2f ms\n", "apply again (no-op)", z, z * 1000 / n
  printf "\nadd / apply: %.1fx    add / no-op apply: %.1fx\n", d / a, d / z
}'
echo "server: $count webhooks; first apply created $created; re-apply left $unchanged unchanged"
