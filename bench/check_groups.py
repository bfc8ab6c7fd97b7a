#!/usr/bin/env python3
"""Checks tests/groups/*.toml (every group of a line's leftmost match) with
Python's `re`, independently of the Rust engine.

Usage: python3 bench/check_groups.py [FILE.toml ...] [--print]

For each case the line is escaped as CloudWatch shows it (reference.py's
escape_line), searched with `re.search` (the leftmost match, as SageMaker
takes it), and every group's span is mapped back to the line as pasted and
given in UTF-8 bytes and UTF-16 code units, as [start, end, start_utf16,
end_utf16], or [] when the group took no part. `--print` prints what Python
finds, to write a new case. Exit status 1 when a case disagrees.
"""

import glob
import os
import re
import sys
import tomllib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import reference  # noqa: E402


def escaped_to_original(line):
    """For each code point offset of the escaped line (and its end), the code
    point offset in the line as pasted; inside `#011` the start maps to the
    control character and the end past it."""
    starts, ends = [], []
    for i, ch in enumerate(line):
        if ord(ch) in reference.ESCAPES:
            starts += [i, i, i, i]
            ends += [i, i + 1, i + 1, i + 1]
        else:
            starts.append(i)
            ends.append(i)
    starts.append(len(line))
    ends.append(len(line))
    return starts, ends


def units(line, offset, encoding):
    return len(line[:offset].encode(encoding)) // (2 if encoding == "utf-16-le" else 1)


def groups_of(pattern, line, escape=True):
    text = reference.escape_line(line) if escape else line
    m = re.search(pattern, text)
    if m is None:
        return None, None
    if escape:
        starts, ends = escaped_to_original(line)
    else:
        starts = ends = list(range(len(line) + 1))
    spans, texts = [], []
    for g in range(0, (m.re.groups or 0) + 1):
        if m.start(g) < 0:
            spans.append([])
            texts.append("")
            continue
        s, e = starts[m.start(g)], ends[m.end(g)]
        if e < s:
            e = s
        spans.append([units(line, s, "utf-8"), units(line, e, "utf-8"),
                      units(line, s, "utf-16-le"), units(line, e, "utf-16-le")])
        texts.append(m.group(g))
    return spans, texts


def main(argv):
    show = "--print" in argv
    files = [a for a in argv if not a.startswith("--")] or sorted(
        glob.glob(os.path.join(os.path.dirname(__file__), "..", "tests", "groups", "*.toml")))
    failures = 0
    count = 0
    for path in files:
        with open(path, "rb") as f:
            cases = tomllib.load(f)["case"]
        for case in cases:
            count += 1
            spans, texts = groups_of(case["pattern"], case["line"], case.get("escape", True))
            if show:
                print(case["name"], spans, texts)
            if spans != case["groups"] or texts != case["texts"]:
                failures += 1
                print(f"{os.path.basename(path)} / {case['name']}: Python's re finds "
                      f"{spans} {texts}, the case says {case['groups']} {case['texts']}")
    print(f"{count} group cases checked with Python's re, {failures} disagree")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
