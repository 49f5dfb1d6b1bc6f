#!/usr/bin/env bash
# Runs a command against a real Secret Service: a private D-Bus session bus with
# gnome-keyring-daemon started on it and its login keyring unlocked non-interactively.
#
#   tests/keyring/with-keyring.sh cargo test --test cli auth::
#
# Needs dbus-run-session (dbus), gnome-keyring-daemon (gnome-keyring) and, for the checks
# the tests make from outside oomhook, secret-tool (libsecret-tools). The keyring lives in a
# throwaway XDG_DATA_HOME, so the user's own keyrings are never touched.
# The command runs with OOMHOOK_TEST_KEYRING=1 set: the keyring tests (ignored by a plain
# `cargo test`) refuse to run without it.
set -euo pipefail

if [ "$#" -eq 0 ]; then
    echo "usage: $0 COMMAND [ARG...]" >&2
    exit 2
fi
for tool in dbus-run-session dbus-send gnome-keyring-daemon secret-tool; do
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
    # Set before the bus starts, so a keyring daemon the bus itself activates uses them too.
    export XDG_DATA_HOME="$scratch/data" XDG_RUNTIME_DIR="$scratch/runtime"
    status=0
    OOMHOOK_TEST_KEYRING_INNER=1 dbus-run-session -- "$0" "$@" || status=$?
    exit "$status"
fi

# Inside the private session bus from here on.
unset OOMHOOK_TEST_KEYRING_INNER

# --unlock reads the login keyring's password on stdin (creating the keyring with it);
# the daemon prints the variables that point clients at it.
log="$XDG_RUNTIME_DIR/../gnome-keyring.log"
vars=$(printf '%s' "oomhook-test" | gnome-keyring-daemon --unlock --replace --daemonize --components=secrets 2>"$log")
while IFS= read -r line; do
    case "$line" in
        *=*) export "${line?}" ;;
    esac
done <<<"$vars"

# Wait until the daemon owns the Secret Service name on the bus, then until its default
# collection takes an item.
for _ in $(seq 1 50); do
    if dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
        org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q 'boolean true'; then
        break
    fi
    sleep 0.1
done
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
    echo "$0: the Secret Service did not come up; gnome-keyring-daemon said:" >&2
    cat "$log" >&2
    exit 1
fi

# The daemon ends with the bus, when dbus-run-session returns.
export OOMHOOK_TEST_KEYRING=1
exec "$@"
