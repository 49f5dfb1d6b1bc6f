#!/usr/bin/env bash
# Runs every test of oomhook: installs what the tests need (Debian packages when run as root,
# Python's Jinja2 and schemathesis in a virtualenv under target/), then
#   1. cargo test: unit tests and the integration binary (the real oomhook against a real
#      `oomhook serve`, prompts through a pseudo-terminal, the Jinja2 parity suite), run inside
#      a D-Bus session with an unlocked gnome-keyring, then the keyring tests (ignored by a
#      plain `cargo test`) with --ignored, so they meet a real Secret Service;
#   2. the API contract: schemathesis drives `oomhook serve` from docs/openapi.yaml.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

need_pkgs=()
for p in gnome-keyring dbus libsecret-tools; do
  dpkg -s "$p" >/dev/null 2>&1 || need_pkgs+=("$p")
done
if ((${#need_pkgs[@]})); then
  if [ "$(id -u)" = 0 ]; then
    echo "test.sh: installing ${need_pkgs[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_pkgs[@]}" >/dev/null
  else
    echo "test.sh: missing Debian packages ${need_pkgs[*]} (run as root, or install them)" >&2
    exit 1
  fi
fi

command -v python3 >/dev/null || { echo "test.sh: python3 is needed (3.9 or newer)" >&2; exit 1; }
venv="$root/target/test-venv"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import jinja2, schemathesis' 2>/dev/null; then
  echo "test.sh: preparing $venv (jinja2, schemathesis)"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check 'jinja2>=3.1,<4' 'schemathesis>=4,<5'
fi
export OOMHOOK_TEST_PYTHON="$venv/bin/python"

cargo build --locked --quiet
# Unit and integration tests, with a real Secret Service; then the keyring tests, which a
# plain `cargo test` ignores since they need one.
tests/keyring/with-keyring.sh cargo test --locked -- --test-threads 2
tests/keyring/with-keyring.sh cargo test --locked --test cli auth::keyring_ -- --ignored

# The contract: schemathesis against `oomhook serve`.
OOMHOOK_BIN="$root/target/debug/oomhook" SCHEMATHESIS="$venv/bin/schemathesis" tests/contract/run_schemathesis.sh
echo "test.sh: all tests passed"
