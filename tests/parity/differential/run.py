#!/usr/bin/env python3
"""Differential check: templates of the kind people who know Python write, each rendered by
Jinja2 and by `oomhook preview --raw`, counting the ones that give the same result.

Usage: run.py --bin PATH_TO_OOMHOOK [--verbose]

Each line of cases.jsonl is {"template": ..., "payload": ...} (or "payload_text", the
payload's JSON as written, for numbers Python reads beyond 64 bits). A case matches when both
render the same bytes, or both fail (Jinja2 raises, oomhook exits 1). Prints one line per
miss with --verbose, then `differential: N of M match (K silent misses)`, a silent miss being
one where oomhook renders something other than Jinja2 without an error. Unlike the parity
suite, misses are expected: the counts are recorded in docs/template-engine.md.
"""

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import jinja2

HERE = Path(__file__).resolve().parent


def jinja2_render(template, payload):
    ctx = dict(payload) if isinstance(payload, dict) else {}
    ctx.setdefault("payload", payload)
    ctx.setdefault("headers", {})
    try:
        return jinja2.Environment().from_string(template).render(ctx), None
    except Exception as e:  # noqa: BLE001 - any failure of Jinja2 is a failure to match
        return None, f"{type(e).__name__}: {e}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    cases = [json.loads(line) for line in (HERE / "cases.jsonl").read_text().splitlines() if line]
    matched = silent = 0
    with tempfile.TemporaryDirectory() as tmp:
        tdir = Path(tmp)
        for case in cases:
            template = case["template"]
            text = case.get("payload_text") or json.dumps(case["payload"])
            payload = json.loads(text)
            (tdir / "t.j2").write_text(template, encoding="utf-8")
            (tdir / "p.json").write_text(text, encoding="utf-8")
            expected, error = jinja2_render(template, payload)
            out = subprocess.run(
                [args.bin, "preview", "--template", str(tdir / "t.j2"), "--payload",
                 str(tdir / "p.json"), "--raw"],
                capture_output=True,
                timeout=60,
            )
            got = out.stdout.decode("utf-8", "replace") if out.returncode == 0 else None
            ok = (expected is not None and got == expected) or (expected is None and got is None)
            if ok:
                matched += 1
                continue
            if got is not None:
                silent += 1
            if args.verbose:
                first = out.stderr.decode("utf-8", "replace").splitlines()[:1]
                print(f"MISS {template!r}\n  jinja2:  {expected!r} {error or ''}\n"
                      f"  oomhook: {got!r} {first}")
    print(f"differential: {matched} of {len(cases)} match ({silent} silent misses)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
