#!/usr/bin/env python3
"""Render one parity case with Jinja2, the reference engine.

Usage: jinja2_render.py CASE_DIR

Writes the rendered bytes (UTF-8) to stdout, with nothing added. The case
directory holds `template.j2`, `payload.json` and optionally `args` (extra
flags for `oomhook preview`, e.g. `--lenient`).

The context mirrors `oomhook preview`: the payload's top-level keys as
variables (when the payload is a JSON object), plus `payload` (the whole
payload; a payload key named `payload` wins) and `headers` (an empty dict).
The environment is `jinja2.Environment()` with its defaults: autoescape off,
keep_trailing_newline off, trim_blocks/lstrip_blocks off, default Undefined.
Cases with `--lenient` rely on the default Undefined (undefined renders
empty); the other cases never touch an undefined value except through
`default` and the `defined`/`undefined` tests, so the default Undefined is
used for every case.
"""

import json
import shlex
import sys
from pathlib import Path

import jinja2


def read_args(case_dir):
    """Extra CLI flags for the case (the `args` file, one line), as a list."""
    path = Path(case_dir) / "args"
    if not path.is_file():
        return []
    return shlex.split(path.read_text(encoding="utf-8"))


def build_context(payload):
    context = {}
    if isinstance(payload, dict):
        context.update(payload)
    context.setdefault("payload", payload)
    context.setdefault("headers", {})
    return context


def render_case(case_dir):
    """Jinja2's rendering of the case, as a str."""
    case_dir = Path(case_dir)
    # Read bytes and decode, so that line endings reach Jinja2 untouched
    # (text mode would translate CRLF), as a file-system loader does.
    source = (case_dir / "template.j2").read_bytes().decode("utf-8")
    payload = json.loads((case_dir / "payload.json").read_bytes().decode("utf-8"))
    env = jinja2.Environment()
    return env.from_string(source).render(build_context(payload))


def main(argv):
    if len(argv) != 2:
        sys.stderr.write("usage: jinja2_render.py CASE_DIR\n")
        return 2
    out = render_case(argv[1])
    sys.stdout.buffer.write(out.encode("utf-8"))
    sys.stdout.buffer.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
