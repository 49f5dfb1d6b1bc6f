#!/usr/bin/env bash
# Regenerates what is derived from the CLI definition: shell completions and --help snapshots.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet
bin=target/debug/oomhook
"$bin" completions bash > completions/oomhook.bash
"$bin" completions zsh > completions/_oomhook
"$bin" completions fish > completions/oomhook.fish
"$bin" completions powershell > completions/_oomhook.ps1
"$bin" completions elvish > completions/oomhook.elv
INSTA_UPDATE=always cargo test --quiet --test cli help:: >/dev/null
echo "completions/ and tests/cli/snapshots/ regenerated"
