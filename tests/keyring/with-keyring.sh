#!/usr/bin/env bash
# Runs a command against a real Secret Service: a private D-Bus session bus with
# gnome-keyring-daemon started on it and its login keyring unlocked non-interactively.
#
#   tests/keyring/with-keyring.sh cargo test --test cli auth::
#
# Needs dbus-run-session (dbus), gnome-keyring-daemon (gnome-keyring) and, for the checks
# the tests make from outside oomhook, secret-tool (libsecret-tools). The keyring lives in a
# throwaway XDG_DATA_HOME, so the user's own keyrings are never touched.
# The command runs with OOMHOOK_TEST_KEYRING=1 set: the keyring tests run only then.
set -euo pipefail

if [ "$#" -eq 0 ]; then
    echo "usage: $0 COMMAND [ARG...]" >&2
    exit 2
fi
for tool in dbus-run-session gnome-keyring-daemon secret-tool; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "$0: $tool is not installed (packages: dbus, gnome-keyring, libsecret-tools)" >&2
        exit 2
    fi
done

if [ "${OOMHOOK_TEST_KEYRING_INNER:-}" != 1 ]; then
    scratch=$(mktemp -d "${TMPDIR:-/tmp}/oomhook-keyring.XXXXXX")
    trap 'rm -rf "$scratch"' EXIT
    mkdir -p "$scratch/data" "$scratch/runtime"
    chmod 700 "$scratch/runtime"
    status=0
    OOMHOOK_TEST_KEYRING_INNER=1 \
    OOMHOOK_TEST_KEYRING_SCRATCH="$scratch" \
        dbus-run-session -- "$0" "$@" || status=$?
    exit "$status"
fi

# Inside the private session bus from here on.
scratch=$OOMHOOK_TEST_KEYRING_SCRATCH
unset OOMHOOK_TEST_KEYRING_INNER OOMHOOK_TEST_KEYRING_SCRATCH
export XDG_DATA_HOME="$scratch/data" XDG_RUNTIME_DIR="$scratch/runtime"

# --unlock reads the login keyring's password on stdin (creating the keyring with it);
# the daemon prints the variables that point clients at it.
vars=$(printf '%s' "oomhook-test" | gnome-keyring-daemon --unlock --replace --daemonize --components=secrets)
while IFS= read -r line; do
    case "$line" in
        *=*) export "${line?}" ;;
    esac
done <<<"$vars"

# Wait until the Secret Service answers and the default collection takes an item.
ready=0
for _ in $(seq 1 50); do
    if printf 'probe' | secret-tool store --label=probe oomhook-probe 1 2>/dev/null; then
        secret-tool clear oomhook-probe 1 2>/dev/null || true
        ready=1
        break
    fi
    sleep 0.1
done
if [ "$ready" != 1 ]; then
    echo "$0: the Secret Service did not come up" >&2
    exit 1
fi

export OOMHOOK_TEST_KEYRING=1
status=0
"$@" || status=$?
if [ -n "${GNOME_KEYRING_PID:-}" ]; then
    kill "$GNOME_KEYRING_PID" 2>/dev/null || true
fi
exit "$status"
