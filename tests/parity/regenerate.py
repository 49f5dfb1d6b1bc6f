#!/usr/bin/env python3
"""Writes (or checks) the expected bytes of every parity case: Jinja2's rendering.

Usage: regenerate.py [--check]

For each folder under cases/ and known-differences/, renders the case with Jinja2 (see
jinja2_render.py) and writes the bytes to the case's `expected` file, which the Rust test
(tests/cli/parity.rs) compares `oomhook preview --raw` with, so that `cargo test` needs no
Python. With --check, writes nothing: prints each case whose `expected` file is missing or
differs from what this Jinja2 renders (a drift of Jinja2, or a case changed without
regenerating) and exits 1 if there is any. Needs only the standard library and jinja2.
"""

import sys
from pathlib import Path

sys.dont_write_bytecode = True  # keep the tests folder free of __pycache__
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from jinja2_render import render_case  # noqa: E402


def main(argv):
    check = "--check" in argv[1:]
    stale = 0
    cases = sorted(p for d in ("cases", "known-differences") for p in (HERE / d).iterdir() if p.is_dir())
    for case_dir in cases:
        rendered = render_case(case_dir).encode("utf-8")
        path = case_dir / "expected"
        current = path.read_bytes() if path.is_file() else None
        if current == rendered:
            continue
        stale += 1
        if check:
            print(f"stale: {case_dir.parent.name}/{case_dir.name}: Jinja2 renders {rendered!r}, "
                  f"expected holds {current!r}")
        else:
            path.write_bytes(rendered)
    verb = "stale" if check else "written"
    print(f"regenerate: {len(cases)} cases, {stale} {verb}")
    return 1 if check and stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
