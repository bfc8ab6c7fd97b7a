#!/usr/bin/env python3
"""SageMaker metric extraction, written plainly with Python's `re`.

An independent reference for metrex (it shares no code with the Rust engine)
and the "Python re" baseline of the benchmark. It follows PRODUCT.md,
"Semantics":

1. the log is split on LF; one CR right before an LF is dropped;
2. CloudWatch escaping: every control character left in a line
   (0x00-0x1F, 0x7F) becomes "#" and three octal digits (TAB -> "#011");
3. each definition is searched in each line; only the leftmost match counts;
4. the value is the text of capture group 1;
5. it is kept only if, trimmed of ASCII white space, it is a decimal number
   `[+-]?(digits[.digits]|.digits)([eE][+-]?digits)?`, finite, |v| <= 2**360.

Usage: python3 bench/reference.py DEFS.json LOG [--no-escape] [--json]

DEFS.json is a JSON list of {"Name", "Regex"} objects. With --json the output
is {name: {"count", "final", "min", "max", "matched", "dropped", "values":
[[line, value], ...]}} (a repeated name gets a " (2)", " (3)" ... suffix);
without it, a table.
"""

import json
import math
import re
import sys
import warnings

# Every control character but LF, written the way CloudWatch shows it.
ESCAPES = {c: "#%03o" % c for c in list(range(0x20)) + [0x7F] if c != 0x0A}

# SageMaker's number grammar, ASCII digits only ("5." is allowed).
NUMBER = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?")

# ASCII white space as Rust's `is_ascii_whitespace` (and WHATWG) define it:
# no vertical tab.
ASCII_WHITESPACE = " \t\n\r\x0c"

MAX_MAGNITUDE = 2.0**360


def split_lines(text):
    """The log's lines: split on LF, a final LF starts no extra line, one CR
    right before an LF is dropped (a CR that ends the text is kept)."""
    lines = text.split("\n")
    last = lines.pop()  # what follows the last LF: empty when the text ends with one
    lines = [line[:-1] if line.endswith("\r") else line for line in lines]
    if last:
        lines.append(last)
    return lines


def escape_line(line):
    """The line as CloudWatch shows it: TAB -> #011, ESC -> #033, CR -> #015 ..."""
    return line.translate(ESCAPES)


def parse_value(text):
    """(value, None) when `text` records a value, else (None, reason)."""
    if text is None:
        return None, "no-group"
    trimmed = text.strip(ASCII_WHITESPACE)
    if not trimmed:
        return None, "empty"
    if NUMBER.fullmatch(trimmed) is None:
        return None, "not-a-number"
    value = float(trimmed)
    if not math.isfinite(value) or abs(value) > MAX_MAGNITUDE:
        return None, "out-of-range"
    return value, None


def compile_definition(regex):
    """(compiled, None) or (None, error code)."""
    if regex == "":
        return None, "empty-regex"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # e.g. "possible nested set"
            compiled = re.compile(regex)
    except (re.error, OverflowError, RecursionError):
        return None, "syntax"
    if compiled.groups == 0:
        return None, "no-capture-group"
    return compiled, None


def evaluate(definitions, text, escape=True):
    """Runs `definitions` ([(name, regex)]) over the log `text`.

    Returns one dict per definition, in order: name, regex, error, values
    ([(line, value)]), drops ([(line, reason, text)]) and matched (lines)."""
    results = []
    searches = []
    for name, regex in definitions:
        compiled, error = compile_definition(regex)
        result = {"name": name, "regex": regex, "error": error,
                  "values": [], "drops": [], "matched": 0}
        results.append(result)
        if compiled is not None:
            searches.append((compiled.search, result))
    for number, line in enumerate(split_lines(text), start=1):
        if escape:
            line = escape_line(line)
        for search, result in searches:
            match = search(line)
            if match is None:
                continue
            result["matched"] += 1
            captured = match.group(1)
            value, reason = parse_value(captured)
            if reason is None:
                result["values"].append((number, value))
            else:
                result["drops"].append((number, reason, captured))
    return results


def summary(result):
    values = [v for _, v in result["values"]]
    return {
        "count": len(values),
        "final": values[-1] if values else None,
        "min": min(values) if values else None,
        "max": max(values) if values else None,
        "matched": result["matched"],
        "dropped": len(result["drops"]),
    }


def read_definitions(path):
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    if not isinstance(data, list):
        sys.exit("reference.py: %s: expected a JSON list of {Name, Regex}" % path)
    return [(d.get("Name", d.get("name")), d.get("Regex", d.get("regex"))) for d in data]


def read_log(path):
    if path == "-":
        return sys.stdin.buffer.read().decode("utf-8", errors="replace")
    with open(path, encoding="utf-8", errors="replace", newline="") as f:
        return f.read()


def main(argv):
    flags = {a for a in argv if a.startswith("--")}
    args = [a for a in argv if not a.startswith("--")]
    unknown = flags - {"--no-escape", "--json"}
    if len(args) != 2 or unknown:
        sys.exit("usage: reference.py DEFS.json LOG [--no-escape] [--json]")
    results = evaluate(read_definitions(args[0]), read_log(args[1]),
                       escape="--no-escape" not in flags)
    if "--json" in flags:
        out = {}
        for r in results:
            key, n = r["name"], 1
            while key in out:
                n += 1
                key = "%s (%d)" % (r["name"], n)
            entry = summary(r)
            entry["error"] = r["error"]
            entry["values"] = [[line, value] for line, value in r["values"]]
            out[key] = entry
        json.dump(out, sys.stdout)
        sys.stdout.write("\n")
    else:
        print("%-32s %8s %14s %14s %14s %8s %8s" %
              ("metric", "count", "final", "min", "max", "matched", "dropped"))
        for r in results:
            s = summary(r)
            cells = ["-" if s[k] is None else "%.6g" % s[k] for k in ("final", "min", "max")]
            print("%-32s %8d %14s %14s %14s %8d %8d%s" %
                  (r["name"], s["count"], *cells, s["matched"], s["dropped"],
                   "  error: " + r["error"] if r["error"] else ""))


if __name__ == "__main__":
    main(sys.argv[1:])
