#!/usr/bin/env python3
"""Differential corpora: thousands of generated templates rendered by Jinja2 and by
`oomhook preview --raw`, counting the ones that give the same result.

Usage: run.py --bin PATH [--corpus NAME ...] [--json OUT] [--verbose] [--show-misses N]
              [--jobs N] [--timeout SECONDS] [--lenient]

The corpora are made by the generator scripts beside this one (gen_grid.py, gen_vendor.py,
gen_generated.py), deterministically, each time the runner starts; no case data is stored.
Every case is a template and a payload (its JSON text). Jinja2 renders it with
`jinja2.Environment()` and the context `oomhook preview` builds (the payload's top-level keys,
`payload`, `headers` = {}), in two child processes with different PYTHONHASHSEED values; the
binary renders it with `oomhook preview --template T --payload P --raw`, one process per case,
`--jobs` at a time, each stopped after `--timeout` seconds (a timeout counts as an error).
oomhook's preview is strict about undefined values by default (an error where Jinja2 prints
nothing); `--lenient` passes its flag of that name, which renders them as Jinja2 does.

A case matches when both render the same bytes, or both fail (Jinja2 raises, oomhook exits
non-zero). Otherwise it is one of: a *wrong output* (both render, the bytes differ), a
*Jinja2 error* (Jinja2 raises, oomhook renders) or an *oomhook error* (Jinja2 renders, oomhook
fails). Silent misses are the first two: oomhook exits 0 with bytes other than Jinja2's, as in
../differential/run.py.

Cases whose Jinja2 result cannot be reproduced are excluded and counted apart: output holding
an object's address (` at 0x`, `<generator object`), output that differs between the two hash
seeds (set or hash ordering), output that is not valid UTF-8 (lone surrogates), and renders
that take Jinja2 over 10 seconds. The generators use neither Jinja2's `random` filter nor the
time. Nothing is excluded because of what oomhook does with it.

Prints, per corpus, the counts on one block of lines; --verbose adds the misses per group,
--show-misses N prints the first N misses of each corpus in full, --json writes every case's
status (and both outputs of the misses) for comparing two builds. See docs/parity-corpora.md.
"""

import argparse
import collections
import concurrent.futures
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

CORPORA = ["grid", "vendor", "generated"]
UNREPRODUCIBLE_MARKS = (" at 0x", "<generator object", "<async_generator", "<coroutine")
JINJA2_TIME_LIMIT = 10


def load(corpus):
    if corpus == "grid":
        import gen_grid as mod
    elif corpus == "vendor":
        import gen_vendor as mod
    elif corpus == "generated":
        import gen_generated as mod
    else:
        raise SystemExit(f"unknown corpus {corpus!r} (one of {', '.join(CORPORA)})")
    return mod.cases()


class _Slow(Exception):
    pass


def _alarm(_signum, _frame):
    raise _Slow()


def jinja2_worker(corpus):
    """Child process: renders every case of the corpus, writes a JSON list to stdout of
    ["ok", text] / ["error", message] / ["slow", ""] per case."""
    import warnings

    import jinja2

    # Python warns of `1[0]` in the code Jinja2 compiles; the render fails the same way.
    warnings.simplefilter("ignore")
    signal.signal(signal.SIGALRM, _alarm)
    results = []
    for case in load(corpus):
        payload = json.loads(case["payload_text"])
        ctx = dict(payload) if isinstance(payload, dict) else {}
        ctx.setdefault("payload", payload)
        ctx.setdefault("headers", {})
        signal.alarm(JINJA2_TIME_LIMIT)
        try:
            text = jinja2.Environment().from_string(case["template"]).render(ctx)
            results.append(["ok", text])
        except _Slow:
            results.append(["slow", ""])
        except BaseException as e:  # noqa: BLE001 - any failure of Jinja2 is a failure
            if isinstance(e, KeyboardInterrupt):
                raise
            results.append(["error", f"{type(e).__name__}: {e}"[:300]])
        finally:
            signal.alarm(0)
    # Lone surrogates cannot be written as UTF-8: keep them escaped for the parent to see.
    sys.stdout.write(json.dumps(results, ensure_ascii=True))


def jinja2_results(corpus):
    """Jinja2's result per case, rendered under two hash seeds at once."""
    procs = []
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        procs.append(subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), "--_jinja2", corpus],
            stdout=subprocess.PIPE, env=env))
    outs = []
    for p in procs:
        data, _ = p.communicate()
        if p.returncode != 0:
            raise SystemExit(f"rendering the {corpus} corpus with Jinja2 failed")
        outs.append(json.loads(data))
    return outs


def exclusion(r1, r2):
    """Why a case's Jinja2 result is not reproducible, or None."""
    if r1[0] == "slow" or r2[0] == "slow":
        return f"Jinja2 takes over {JINJA2_TIME_LIMIT} s"
    # Lower case: an `upper` filter block turns `0x7f..` into `0X7F..`.
    if any(r[0] == "ok" and any(m in r[1].lower() for m in UNREPRODUCIBLE_MARKS)
           for r in (r1, r2)):
        return "Jinja2's output holds an object address"
    if r1 != r2:
        return "Jinja2's output depends on the hash seed"
    if r1[0] == "ok":
        try:
            r1[1].encode("utf-8")
        except UnicodeEncodeError:
            return "Jinja2's output is not valid UTF-8"
    return None


def run_oomhook(binary, tdir, idx, case, timeout, extra):
    t = tdir / f"c{idx}.j2"
    p = tdir / f"c{idx}.json"
    t.write_bytes(case["template"].encode("utf-8"))
    p.write_bytes(case["payload_text"].encode("utf-8"))
    try:
        out = subprocess.run(
            [binary, "preview", "--template", str(t), "--payload", str(p), "--raw", *extra],
            capture_output=True, timeout=timeout)
        rc, stdout, stderr = out.returncode, out.stdout, out.stderr
    except subprocess.TimeoutExpired:
        rc, stdout, stderr = -1, b"", f"timeout after {timeout} s".encode()
    finally:
        t.unlink(missing_ok=True)
        p.unlink(missing_ok=True)
    return rc, stdout, stderr


def run_corpus(corpus, args):
    cases = load(corpus)
    started = time.time()
    r1, r2 = jinja2_results(corpus)
    jinja2_secs = time.time() - started
    excluded = {}
    todo = []
    for i, case in enumerate(cases):
        why = exclusion(r1[i], r2[i])
        if why:
            excluded[i] = why
        else:
            todo.append(i)
    results = {}
    started = time.time()
    with tempfile.TemporaryDirectory() as tmp, \
            concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        tdir = Path(tmp)
        extra = ["--lenient"] if args.lenient else []
        futs = {pool.submit(run_oomhook, args.bin, tdir, i, cases[i], args.timeout, extra): i
                for i in todo}
        for fut in concurrent.futures.as_completed(futs):
            results[futs[fut]] = fut.result()
    oomhook_secs = time.time() - started

    counts = collections.Counter()
    per_group = collections.defaultdict(collections.Counter)
    records = []
    misses = []
    for i, case in enumerate(cases):
        rec = {"id": case["id"], "group": case.get("group", "")}
        if i in excluded:
            rec["status"] = "excluded"
            rec["why"] = excluded[i]
            counts["excluded"] += 1
            records.append(rec)
            continue
        kind, text = r1[i]
        rc, stdout, stderr = results[i]
        if kind == "ok" and rc == 0 and stdout == text.encode("utf-8"):
            status = "match"
        elif kind == "error" and rc != 0:
            status = "match"
        elif kind == "ok" and rc == 0:
            status = "wrong-output"
        elif kind == "error":
            status = "jinja2-error"
        else:
            status = "oomhook-error"
        counts[status] += 1
        per_group[rec["group"]][status] += 1
        rec["status"] = status
        if status != "match":
            rec["template"] = case["template"]
            rec["payload_text"] = case["payload_text"]
            rec["jinja2"] = text if kind == "ok" else None
            rec["jinja2_error"] = text if kind == "error" else None
            rec["oomhook"] = stdout.decode("utf-8", "replace") if rc == 0 else None
            rec["oomhook_error"] = (stderr.decode("utf-8", "replace").strip().splitlines()
                                    or [""])[0] if rc != 0 else None
            misses.append(rec)
        records.append(rec)

    total = len(cases)
    counted = total - counts["excluded"]
    silent = counts["wrong-output"] + counts["jinja2-error"]
    print(f"== {corpus}: {total} cases, {counts['excluded']} excluded, {counted} compared")
    print(f"   match:                             {counts['match']}")
    print(f"   silent misses:                     {silent}")
    print(f"     wrong output (both render):      {counts['wrong-output']}")
    print(f"     Jinja2 errors, oomhook renders:  {counts['jinja2-error']}")
    print(f"   oomhook errors, Jinja2 renders:    {counts['oomhook-error']}")
    for why, n in collections.Counter(excluded.values()).most_common():
        print(f"   excluded: {why}: {n}")
    print(f"   time: Jinja2 {jinja2_secs:.0f} s, oomhook {oomhook_secs:.0f} s "
          f"({args.jobs} at a time)")
    if args.verbose:
        rows = sorted(per_group.items(),
                      key=lambda kv: -(sum(kv[1].values()) - kv[1]["match"]))
        for group, c in rows:
            miss = sum(c.values()) - c["match"]
            if miss:
                print(f"   group {group!r}: {miss} of {sum(c.values())} missed "
                      f"(wrong {c['wrong-output']}, jinja2-error {c['jinja2-error']}, "
                      f"oomhook-error {c['oomhook-error']})")
    for rec in misses[:args.show_misses]:
        print(f"-- {rec['id']} [{rec['group']}] {rec['status']}")
        print(f"   template: {rec['template']!r}")
        if len(rec["payload_text"]) <= 300:
            print(f"   payload:  {rec['payload_text']}")
        print(f"   jinja2:   {rec['jinja2']!r} {rec['jinja2_error'] or ''}")
        print(f"   oomhook:  {rec['oomhook']!r} {rec['oomhook_error'] or ''}")
    sys.stdout.flush()
    summary = {
        "cases": total, "excluded": counts["excluded"], "compared": counted,
        "match": counts["match"], "silent_misses": silent,
        "wrong_output": counts["wrong-output"], "jinja2_error": counts["jinja2-error"],
        "oomhook_error": counts["oomhook-error"],
        "excluded_why": dict(collections.Counter(excluded.values())),
        "seconds": {"jinja2": round(jinja2_secs), "oomhook": round(oomhook_secs)},
    }
    return summary, records


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--_jinja2":
        jinja2_worker(sys.argv[2])
        return 0
    ap = argparse.ArgumentParser(description="Run the differential corpora.")
    ap.add_argument("--bin", required=True, help="the oomhook binary")
    ap.add_argument("--corpus", action="append", choices=CORPORA,
                    help="a corpus to run (repeat; default: all three)")
    ap.add_argument("--json", help="write every case's result here")
    ap.add_argument("--verbose", action="store_true", help="misses per group")
    ap.add_argument("--show-misses", type=int, default=0, metavar="N",
                    help="print the first N misses of each corpus")
    ap.add_argument("--jobs", type=int, default=2, help="oomhook processes at a time")
    ap.add_argument("--timeout", type=float, default=20, help="seconds per oomhook case")
    ap.add_argument("--lenient", action="store_true",
                    help="pass --lenient to oomhook (undefined values render empty, as "
                    "Jinja2's default Undefined does)")
    args = ap.parse_args()
    args.bin = str(Path(args.bin).resolve())
    version = subprocess.run([args.bin, "--version"], capture_output=True, text=True)
    report = {"bin": args.bin, "version": version.stdout.strip(), "corpora": {}}
    for corpus in args.corpus or CORPORA:
        summary, records = run_corpus(corpus, args)
        report["corpora"][corpus] = {"summary": summary, "cases": records}
    if args.json:
        Path(args.json).write_text(json.dumps(report, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
