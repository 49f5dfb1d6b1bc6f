#!/usr/bin/env bash
# Side-by-side benchmark of `oomhook preview --ndjson` against a Python Jinja2 loop doing the
# same work (json.loads, render, compact JSON per line), in one run, plus the start-up cost of a
# single `preview PRESET --sample S` next to `oomhook --version`.
#
# Usage: scripts/bench-preview.sh [N_PAYLOADS]   (default 100000; needs a release build)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}
bin=${OOMHOOK_BENCH_BIN:-target/release/oomhook}
py=${OOMHOOK_TEST_PYTHON:-python3}
[ -x "$bin" ] || cargo build --release --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$py" - "$n" "$work/okta.ndjson" <<'PY'
import json, sys, uuid
n, path = int(sys.argv[1]), sys.argv[2]
base = json.load(open("presets/okta/samples/user-lifecycle-deactivate.json"))
with open(path, "w") as f:
    for i in range(n):
        ev = base["data"]["events"][0]
        ev["uuid"] = str(uuid.UUID(int=i))
        ev["target"][0]["alternateId"] = f"user{i}@acme.com"
        ev["target"][0]["displayName"] = f"User {i}"
        f.write(json.dumps(base) + "\n")
PY
echo "payloads: $n Okta deliveries, $(du -h "$work/okta.ndjson" | cut -f1)"

best() { # best wall time of 3 runs, with its peak RSS and CPU time: prints "seconds kib cpu"
  # (CPU time, user and system, all threads: on a shared machine, wall time well above it
  # for a one-thread run, or above half of it for two threads, is time spent waiting for a CPU)
  local b="" m="" c=""
  for _ in 1 2 3; do
    /usr/bin/time -f "%e %M %U %S" -o "$work/t" "$@" > "$work/out" 2>/dev/null
    read -r s k u y < "$work/t"
    if [ -z "$b" ] || awk "BEGIN{exit !($s < $b)}"; then b=$s; m=$k; c=$(awk "BEGIN{print $u + $y}"); fi
  done
  echo "$b $m $c"
}

read -r o_s o_k o_c < <(best "$bin" preview okta-user-deactivated --ndjson --payload "$work/okta.ndjson")
o_lines=$(wc -l < "$work/out")
read -r o1_s o1_k o1_c < <(best taskset -c 0 "$bin" preview okta-user-deactivated --ndjson --payload "$work/okta.ndjson")
read -r p_s p_k p_c < <(best "$py" scripts/bench_preview_py.py presets/okta/okta-user-deactivated.yaml "$work/okta.ndjson")
p_lines=$(wc -l < "$work/out")
read -r r_s r_k r_c < <(best "$py" scripts/bench_preview_py.py presets/okta/okta-user-deactivated.yaml "$work/okta.ndjson" --render-only)
mib() { awk "BEGIN{printf \"%.1f\", $1/1024}"; }
printf '%-44s %8s s %8s MiB  CPU %5s s  (%s lines)\n' "oomhook preview --ndjson" "$o_s" "$(mib "$o_k")" "$o_c" "$o_lines"
printf '%-44s %8s s %8s MiB  CPU %5s s\n' "oomhook preview --ndjson, one core (taskset)" "$o1_s" "$(mib "$o1_k")" "$o1_c"
printf '%-44s %8s s %8s MiB  CPU %5s s  (%s lines)\n' "python3 + Jinja2: loads, render, compact JSON" "$p_s" "$(mib "$p_k")" "$p_c" "$p_lines"
printf '%-44s %8s s %8s MiB  CPU %5s s\n' "python3 + Jinja2: loads, render" "$r_s" "$(mib "$r_k")" "$r_c"
awk "BEGIN{printf \"speed-up: %.1fx (same output), %.1fx (render only); one core: %.1fx, %.1fx\n\", $p_s/$o_s, $r_s/$o_s, $p_s/$o1_s, $r_s/$o1_s}"

# Start-up: a single preview vs --version, 200 runs each, interleaved.
runs=200
t0=$(date +%s%N); for _ in $(seq $runs); do "$bin" --version >/dev/null; done; t1=$(date +%s%N)
for _ in $(seq $runs); do "$bin" preview okta-user-deactivated --sample deactivate >/dev/null 2>&1; done; t2=$(date +%s%N)
awk -v a=$((t1-t0)) -v b=$((t2-t1)) -v n=$runs 'BEGIN{printf "start-up: --version %.2f ms, preview --sample %.2f ms (+%.2f ms)\n", a/n/1e6, b/n/1e6, (b-a)/n/1e6}'
