#!/usr/bin/env bash
# Contract test: holds `oomhook serve` to docs/openapi.yaml with schemathesis.
#
# Starts a throwaway server (in-memory store) on a free port, fuzzes every /api/v3 operation of
# the document against it, and exits with schemathesis's status. The inbound /hooks/{token}
# endpoints are left out: their requests must carry a webhook's secret or signature.
#
# Usage:
#   OOMHOOK_BIN=target/debug/oomhook tests/contract/run_schemathesis.sh [extra `schemathesis run` options]
#
# Environment:
#   OOMHOOK_BIN            path to the oomhook binary (required)
#   SCHEMATHESIS           the schemathesis command (default: `schemathesis` on PATH; 4.x)
#   CONTRACT_STATE_DIR     where schemathesis runs and keeps its state: hypothesis's cache, the
#                          failures `schemathesis replay` reads, reports from `--report`
#                          (default: target/contract, so nothing lands in the source tree)
#   CONTRACT_MAX_EXAMPLES  test cases per operation and phase (default: 30)
#   CONTRACT_WORKERS       concurrent workers (default: 1; with more, schemathesis on CPython 3.11
#                          can die of that interpreter's AST thread-safety bug, gh-106905)
#
# Checks: every built-in check except positive_data_acceptance. That one expects any
# schema-valid body to be accepted, but a valid-looking create is rightly refused when its preset
# is unknown, its template does not parse or its name is taken. The others fail the run on a 5xx
# (not_a_server_error), an undocumented status, content type or header, a body that does not
# match its schema, invalid input that is accepted, an operation that ignores Authorization2, a
# created webhook that cannot be read back or a deleted one that can.
#
# Extra options are passed on, e.g. `--seed 42` to repeat a run's generated data, or
# `--report junit` for CI; relative paths in them are relative to CONTRACT_STATE_DIR.

# shellcheck disable=SC2317  # the cleanup functions are reached through traps only
set -euo pipefail

here=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
root=$(cd -- "$here/../.." && pwd)
spec="$root/docs/openapi.yaml"

token=contract-token-0123456789
max_examples=${CONTRACT_MAX_EXAMPLES:-30}
workers=${CONTRACT_WORKERS:-1}
schemathesis=${SCHEMATHESIS:-schemathesis}
startup_timeout=20
state_dir=${CONTRACT_STATE_DIR:-$root/target/contract}

die() {
    printf 'run_schemathesis.sh: %s\n' "$*" >&2
    exit 2
}

[ -n "${OOMHOOK_BIN:-}" ] || die "set OOMHOOK_BIN to the path of the oomhook binary"
[ -x "$OOMHOOK_BIN" ] || die "OOMHOOK_BIN is not an executable file: $OOMHOOK_BIN"
[ -f "$spec" ] || die "missing $spec"
command -v "$schemathesis" >/dev/null 2>&1 ||
    die "schemathesis not found (install it with pip, or set SCHEMATHESIS)"
# Absolute, since schemathesis runs from the state directory.
case $schemathesis in
*/*) schemathesis="$(cd -- "$(dirname -- "$schemathesis")" && pwd)/$(basename -- "$schemathesis")" ;;
esac

mkdir -p -- "$state_dir"
work=$(mktemp -d "${TMPDIR:-/tmp}/oomhook-contract.XXXXXX")
server_err="$work/serve.stderr"
server_out="$work/serve.stdout"
server_pid=
schemathesis_pid=
: >"$server_err"

show_server_log() {
    if [ -s "$server_err" ]; then
        printf '\n--- oomhook serve stderr (last 50 lines) ---\n' >&2
        tail -n 50 "$server_err" >&2
    fi
}

# Stops a child: TERM, up to 5 s of grace, then KILL.
stop() {
    [ -n "$1" ] || return 0
    if kill -0 "$1" 2>/dev/null; then
        kill -TERM "$1" 2>/dev/null || true
        for _ in $(seq 50); do
            kill -0 "$1" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$1" 2>/dev/null || true
    fi
    wait "$1" 2>/dev/null || true
}

on_exit() {
    status=$?
    stop "$schemathesis_pid"
    stop "$server_pid"
    [ "$status" -eq 0 ] || show_server_log
    rm -rf -- "$work"
    exit "$status"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

OOMHOOK_SERVE_TOKEN=$token "$OOMHOOK_BIN" serve --listen 127.0.0.1:0 --db :memory: \
    </dev/null >"$server_out" 2>"$server_err" &
server_pid=$!

url=
deadline=$((SECONDS + startup_timeout))
while [ -z "$url" ]; do
    url=$(sed -n 's|^oomhook serve: listening on \(http://127\.0\.0\.1:[0-9][0-9]*\).*$|\1|p' \
        "$server_err" | head -n 1)
    [ -n "$url" ] && break
    kill -0 "$server_pid" 2>/dev/null || die "oomhook serve exited before it was listening"
    [ "$SECONDS" -lt "$deadline" ] ||
        die "oomhook serve printed no 'listening on' line within ${startup_timeout}s"
    sleep 0.1
done
printf 'run_schemathesis.sh: oomhook serve is listening on %s\n' "$url" >&2

cd -- "$state_dir"
# In the background and waited for, so that a signal to this script stops it at once; its exit
# status is the script's (set -e ends the script on a failure).
SCHEMATHESIS_HOOKS="$here/hooks.py" "$schemathesis" run "$spec" \
    --url "$url" \
    --header "Authorization2: $token" \
    --checks all \
    --exclude-checks positive_data_acceptance \
    --exclude-path-regex '^/hooks/' \
    --max-examples "$max_examples" \
    --workers "$workers" \
    --request-timeout 10 \
    --generation-database none \
    "$@" &
schemathesis_pid=$!
wait "$schemathesis_pid"
