#!/usr/bin/env python3
"""The side-by-side benchmark: metrex's fast engine, its plain per-line engine
and Python's `re` (bench/reference.py) on the same generated logs.

Usage: python3 bench/bench.py [--runs N] [--no-python] [--python-1m] [--python-only]

Builds nothing: `target/release/metrex` must exist (`make bench` builds it;
the METREX environment variable names another binary).
Generates bench/out/mixed-200k.log and bench/out/mixed-1m.log (with their
.defs.json, 40 definitions) unless they are already up to date, then times

  fast    target/release/metrex check DEFS LOG > /dev/null
  fast-1t the same with --threads 1
  plain   target/release/metrex check --engine plain DEFS LOG > /dev/null
  python  python3 bench/reference.py DEFS LOG > /dev/null

(each printing its per-metric summary; the agreement check runs each once more
with JSON output and compares count and final value of every metric)

each N times (default 5), interleaved, and prints the median wall times, the
ratios python/fast (target >= 100x) and plain/fast (target >= 5x), and the
peak RSS of `metrex check` on the 1,000,000-line log (target < 100 MB).
Python runs on the 200k log only, unless --python-1m.

It also checks that the three agree on every metric's count and final value,
and prints a loud MISMATCH line when they do not. Exit status: 1 on any
disagreement (or when a command fails), 0 otherwise: a missed target is
reported, not fatal.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
OUT = os.path.join(BENCH, "out")
METREX = os.environ.get("METREX") or os.path.join(ROOT, "target", "release", "metrex")
REFERENCE = os.path.join(BENCH, "reference.py")
GEN = os.path.join(BENCH, "gen_log.py")

SEED = 1
LOGS = [("200k", 200_000), ("1m", 1_000_000)]
TARGET_PYTHON = 100.0
TARGET_PLAIN = 5.0
TARGET_RSS_MB = 100.0


def generate(label, lines):
    """bench/out/mixed-LABEL.log and its defs, regenerated when stale."""
    log = os.path.join(OUT, "mixed-%s.log" % label)
    defs = os.path.join(OUT, "mixed-%s.defs.json" % label)
    stamp = os.path.join(OUT, "mixed-%s.stamp" % label)
    want = "lines=%d seed=%d gen=%d" % (lines, SEED, os.stat(GEN).st_mtime_ns)
    try:
        with open(stamp) as f:
            fresh = f.read() == want and os.path.exists(log) and os.path.exists(defs)
    except OSError:
        fresh = False
    if not fresh:
        subprocess.run([sys.executable, GEN, "--lines", str(lines), "--seed", str(SEED), log], check=True)
        with open(stamp, "w") as f:
            f.write(want)
    return defs, log


def commands(defs, log):
    """What is timed: each tool's ordinary run, printing its per-metric summary."""
    return {
        "fast": [METREX, "check", defs, log],
        "fast-1t": [METREX, "check", "--threads", "1", defs, log],
        "plain": [METREX, "check", "--engine", "plain", defs, log],
        "python": [sys.executable, REFERENCE, defs, log],
    }


def json_commands(defs, log):
    """The same runs with JSON output, for the agreement check (run once each)."""
    return {
        "fast": [METREX, "check", "--json", defs, log],
        "fast-1t": [METREX, "check", "--threads", "1", "--json", defs, log],
        "plain": [METREX, "check", "--engine", "plain", "--json", defs, log],
        "python": [sys.executable, REFERENCE, defs, log, "--json"],
    }


def ok_status(name, status):
    # `metrex check` exits 1 when some definition records nothing, which the
    # benchmark's definitions do on purpose (the AWS docs `(\S+)` regex).
    return status == 0 or (name != "python" and status == 1)


# Linux counts the memory image a child had before exec (a copy of its
# parent's) in its peak RSS, so a child of this large process would report at
# least this process's size. A small, fresh interpreter starts the command and
# reports its peak instead.
RSS_WRAPPER = (
    "import os, subprocess, sys\n"
    "p = subprocess.Popen(sys.argv[2:], stdout=sys.stdout, stderr=sys.stderr)\n"
    "_, status, usage = os.wait4(p.pid, 0)\n"
    "os.write(int(sys.argv[1]), str(usage.ru_maxrss).encode())\n"
    "sys.exit(os.waitstatus_to_exitcode(status))\n"
)


def run(name, argv, capture=False, rss=False):
    """Runs one command; returns (seconds, peak RSS in bytes or 0, exit status,
    stdout bytes when `capture`). With `rss` the command runs under RSS_WRAPPER,
    which reports its own peak RSS but adds its start-up to the time, so timed
    runs go without it."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        read_rss, write_rss = os.pipe()
        prefix = [sys.executable, "-S", "-c", RSS_WRAPPER, str(write_rss)] if rss else []
        start = time.perf_counter()
        proc = subprocess.Popen(
            prefix + list(argv),
            stdout=out if capture else subprocess.DEVNULL, stderr=err,
            pass_fds=(write_rss,) if rss else ())
        os.close(write_rss)
        _, status, _ = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        with os.fdopen(read_rss, "rb") as f:
            peak = int(f.read().decode() or "0") * 1024
        code = os.waitstatus_to_exitcode(status)
        if not ok_status(name, code):
            err.seek(0)
            print("!!! %s exited with %d: %s\n%s" % (
                name, code, " ".join(argv), err.read().decode(errors="replace")[-2000:]))
        stdout = None
        if capture:
            out.seek(0)
            stdout = out.read()
    return elapsed, peak, code, stdout


def summaries(name, raw):
    """{metric: (count, final)} from a metrex report or reference.py's JSON."""
    data = json.loads(raw)
    if name == "python":
        return {k: (v["count"], v["final"]) for k, v in data.items()}
    result = {}
    for d in data["definitions"]:
        key, n = d["name"], 1
        while key in result:
            n += 1
            key = "%s (%d)" % (d["name"], n)
        result[key] = (d["summary"]["count"], d["summary"]["final"])
    return result


def agree(label, outputs):
    """Compares the engines' per-metric count and final value; True when equal."""
    names = list(outputs)
    base = names[0]
    ok = True
    for other in names[1:]:
        a, b = outputs[base], outputs[other]
        for metric in sorted(set(a) | set(b)):
            if a.get(metric) != b.get(metric):
                ok = False
                print("!!! MISMATCH on %s: metric %r: %s=%s %s=%s" % (
                    label, metric, base, a.get(metric), other, b.get(metric)))
    if ok:
        print("agreement on %s: %s agree on count and final of all %d metrics" % (
            label, " / ".join(names), len(outputs[base])))
    return ok


def fmt_ratio(num, den, target):
    if not num or not den:
        return "-"
    ratio = num / den
    return "%.1fx (target >= %gx: %s)" % (ratio, target, "met" if ratio >= target else "MISSED")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-python", action="store_true", help="skip the Python baseline")
    parser.add_argument("--python-1m", action="store_true", help="also time Python on the 1M-line log")
    parser.add_argument("--python-only", action="store_true", help="time only Python (no metrex binary needed)")
    args = parser.parse_args()

    if not args.python_only and not os.access(METREX, os.X_OK):
        print("bench.py: %s is missing; build it first (cargo build --release)" % METREX, file=sys.stderr)
        return 2
    os.makedirs(OUT, exist_ok=True)

    failed = False
    table = []  # (label, lines, bytes, {engine: median})
    peak_rss = {}
    for label, lines in LOGS:
        defs, log = generate(label, lines)
        cmds = commands(defs, log)
        json_cmds = json_commands(defs, log)
        engines = ["python"] if args.python_only else ["fast", "fast-1t", "plain", "python"]
        if "python" in engines and (args.no_python or (label == "1m" and not args.python_1m)):
            engines.remove("python")
        if not engines:
            continue

        # Agreement first (one run each, output kept), when there is something to compare.
        outputs = {}
        for name in (engines if len(engines) > 1 else []):
            _, rss, code, out = run(name, json_cmds[name], capture=True)
            if not ok_status(name, code):
                failed = True
                continue
            outputs[name] = summaries(name, out)
        if len(outputs) > 1 and not agree(label, outputs):
            failed = True
        if len(engines) > 1:
            engines = [n for n in engines if n in outputs]  # do not time a failing command
            if not engines:
                continue

        # Timing: N rounds, engines interleaved.
        times = {name: [] for name in engines}
        for i in range(args.runs):
            for name in engines:
                elapsed, _, code, _ = run(name, cmds[name])
                failed |= not ok_status(name, code)
                times[name].append(elapsed)
            print("  %s round %d/%d: %s" % (label, i + 1, args.runs, "  ".join(
                "%s %.3fs" % (n, times[n][-1]) for n in engines)), flush=True)
        for name in engines:
            if name != "python":
                _, rss, _, _ = run(name, cmds[name], rss=True)
                peak_rss[(label, name)] = rss
        table.append((label, lines, os.path.getsize(log),
                      {n: statistics.median(t) for n, t in times.items()}))

    print()
    print("median wall time over %d runs (seed %d, 40 definitions)" % (args.runs, SEED))
    print("%-6s %10s %9s %10s %10s %10s %10s" % ("log", "lines", "MB", "fast", "fast-1t", "plain", "python"))
    for label, lines, size, med in table:
        cell = lambda n: "%9.3fs" % med[n] if n in med else "%10s" % "-"
        print("%-6s %10d %9.1f %s %s %s %s" % (label, lines, size / 1e6, cell("fast"), cell("fast-1t"),
                                             cell("plain"), cell("python")))
        if "python" in med and "fast" in med:
            print("         python/fast:     " + fmt_ratio(med["python"], med["fast"], TARGET_PYTHON))
            print("         python/fast-1t:  " + fmt_ratio(med["python"], med["fast-1t"], TARGET_PYTHON))
        if "plain" in med and "fast" in med:
            print("         plain/fast:      " + fmt_ratio(med["plain"], med["fast"], TARGET_PLAIN))
            print("         plain/fast-1t:   " + fmt_ratio(med["plain"], med["fast-1t"], TARGET_PLAIN))
        if "fast" in med:
            print("         fast throughput: %.0f MB/s" % (size / 1e6 / med["fast"]))
    for name in ("fast", "fast-1t", "plain"):
        rss = peak_rss.get(("1m", name))
        if rss:
            mb = rss / 2**20
            print("peak RSS of metrex check (%s) on the 1m log: %.1f MB (target < %g MB: %s)" % (
                name, mb, TARGET_RSS_MB, "met" if mb < TARGET_RSS_MB else "MISSED"))
    if failed:
        print("\n!!! BENCHMARK FAILED: the engines disagree or a command failed (see above)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
