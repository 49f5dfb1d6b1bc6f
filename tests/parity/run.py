#!/usr/bin/env python3
"""Parity runner: oomhook's template rendering against Jinja2.

Usage: run.py --bin PATH_TO_OOMHOOK [--filter SUBSTR]

For every case under cases/ and known-differences/ (or those whose folder
name contains SUBSTR), renders the case with Jinja2 in-process (see
jinja2_render.py) and runs

    PATH_TO_OOMHOOK preview --template CASE/template.j2 \
        --payload CASE/payload.json --raw [flags from CASE/args]

then compares stdout byte for byte with Jinja2's output and expects exit
status 0. Each failure is reported with both outputs and the binary's
stderr. The cases under known-differences/ are the differences listed in
DIFFERENCES.md: each is reported on a `known difference` line with both
outputs, and never counted as a failure (one that starts to match is
reported as such, to be moved to cases/). The last line is
`parity: N passed, M failed` (for cases/); the exit status is 1 if any case
failed, 0 otherwise. Needs only the standard library and jinja2.
"""

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
CASES_DIR = HERE / "cases"
KNOWN_DIR = HERE / "known-differences"

sys.dont_write_bytecode = True  # keep the tests folder free of __pycache__
sys.path.insert(0, str(HERE))
from jinja2_render import read_args, render_case  # noqa: E402

TIMEOUT_SECONDS = 60


def show(data):
    """repr of output bytes: as text when they are valid UTF-8."""
    try:
        return repr(data.decode("utf-8"))
    except UnicodeDecodeError:
        return repr(data)


def first_difference(a, b):
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return i
    return min(len(a), len(b))


def run_case(binary, case_dir, brief=False):
    """None when the case passes, else a list of report lines (with `brief`,
    the two outputs and the first line of the binary's stderr only)."""
    try:
        expected = render_case(case_dir).encode("utf-8")
    except Exception as exc:  # the case itself is broken
        return [f"  jinja2 failed to render the case: {type(exc).__name__}: {exc}"]

    cmd = [
        binary,
        "preview",
        "--template",
        str(case_dir / "template.j2"),
        "--payload",
        str(case_dir / "payload.json"),
        "--raw",
        *read_args(case_dir),
    ]
    try:
        proc = subprocess.run(
            cmd, stdin=subprocess.DEVNULL, capture_output=True, timeout=TIMEOUT_SECONDS
        )
    except subprocess.TimeoutExpired:
        return [f"  timed out after {TIMEOUT_SECONDS}s: {' '.join(cmd)}"]
    except OSError as exc:
        return [f"  could not run {binary}: {exc}"]

    if proc.returncode == 0 and proc.stdout == expected:
        return None

    if brief:
        lines = [f"  jinja2:  {show(expected)}"]
        if proc.returncode == 0:
            lines.append(f"  oomhook: {show(proc.stdout)}")
        else:
            stderr = proc.stderr.decode("utf-8", errors="replace").strip().splitlines()
            lines.append(f"  oomhook: exit status {proc.returncode}: {stderr[0] if stderr else ''}")
        return lines

    lines = [f"  command:  {' '.join(cmd)}"]
    if proc.returncode != 0:
        lines.append(f"  exit status: {proc.returncode} (expected 0)")
    if proc.stdout != expected:
        lines.append(
            f"  outputs differ at byte {first_difference(expected, proc.stdout)}"
            f" (jinja2 {len(expected)} bytes, oomhook {len(proc.stdout)} bytes)"
        )
    lines.append(f"  jinja2:  {show(expected)}")
    lines.append(f"  oomhook: {show(proc.stdout)}")
    stderr = proc.stderr.decode("utf-8", errors="replace").rstrip("\n")
    if stderr:
        lines.append("  oomhook stderr:")
        lines.extend("    " + line for line in stderr.splitlines())
    else:
        lines.append("  oomhook stderr: (empty)")
    return lines


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Compare `oomhook preview --raw` with Jinja2 on every parity case."
    )
    parser.add_argument("--bin", required=True, help="path to the oomhook executable")
    parser.add_argument(
        "--filter", default=None, help="only run cases whose folder name contains SUBSTR"
    )
    args = parser.parse_args(argv)

    binary = args.bin
    if os.sep in binary or (os.altsep and os.altsep in binary):
        if not Path(binary).is_file():
            parser.error(f"--bin: no such file: {binary}")
        binary = str(Path(binary).resolve())
    elif shutil.which(binary) is None:
        parser.error(f"--bin: not found on PATH: {binary}")

    def folders(parent):
        if not parent.is_dir():
            return []
        found = sorted(p for p in parent.iterdir() if p.is_dir())
        return [p for p in found if args.filter in p.name] if args.filter else found

    cases = folders(CASES_DIR)
    known = folders(KNOWN_DIR)

    passed = failed = 0
    for case_dir in cases:
        report = run_case(binary, case_dir)
        if report is None:
            passed += 1
        else:
            failed += 1
            print(f"FAIL {case_dir.name}")
            for line in report:
                print(line)
            print(flush=True)

    now_matching = 0
    for case_dir in known:
        report = run_case(binary, case_dir, brief=True)
        if report is None:
            now_matching += 1
            print(f"known difference now matches Jinja2: {case_dir.name} (move it to cases/)")
        else:
            print(f"known difference {case_dir.name}")
            for line in report:
                print(line)
    if known:
        print(f"known differences: {len(known) - now_matching} (listed in DIFFERENCES.md, not counted)")

    print(f"parity: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
