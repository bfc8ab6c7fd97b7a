#!/usr/bin/env python3
"""Runs every case of tests/corpus/*.toml through bench/reference.py.

Usage: python3 bench/check_corpus.py [FILE.toml ...] [--verbose] [--export OUT.json]

For each case it reads the definitions (a JSON list, an AWS JSON document, or
Python SDK code / a Python literal, through `ast`), evaluates them on the log
with reference.py's functions and checks every expectation:

- `values`: exactly the [line, value] pairs the reference records, in order;
- `dropped`: exactly the reference's [line, reason] drops (when the key is
  absent, the reference must drop nothing, so both readings of a missing key
  agree);
- `error`: `no-capture-group` and `empty-regex` must be what the reference
  finds too; the other codes name constructs the `regex` crate refuses but
  Python may accept, so only `values == []` (and no `dropped`) is checked;
- `warnings`: compared with a small independent model of the lints
  (`model_warnings` below) - a second opinion, not the engine's lint module;
- `findings` (document-level): the misspelled keywords and keys found by a
  second reader of SDK code (`ast`) and AWS JSON, with its own edit distance.

It also checks the file schema (known keys, kebab-case unique case names,
known reason and lint codes, every expected metric defined) and warns about
definitions that no expectation covers. Exit status 1 when anything fails.
--export writes the normalized cases (definitions as [name, regex] pairs) as
JSON, for checking with another regex engine.
"""

import ast
import glob
import json
import os
import re
import sys
import tomllib
import warnings

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import reference  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "tests", "corpus")

REASONS = {"no-group", "empty", "not-a-number", "out-of-range"}
ERRORS = {"syntax", "unsupported-look-around", "unsupported-backreference",
          "unsupported-atomic-group", "python-anchor", "too-large",
          "no-capture-group", "empty-regex"}
WARNINGS = {"empty-capture", "not-a-number", "truncated-number", "several-matches",
            "no-match", "no-group-match", "out-of-range", "raw-tab",
            "newline-in-pattern", "doubled-backslash", "possessive-quantifier",
            "name-length", "regex-length", "duplicate-name",
            "misspelled-keyword", "misspelled-key"}
MISSPELLED = {"misspelled-keyword", "misspelled-key"}
FINDINGS = MISSPELLED | {"too-many-definitions", "objective-missing"}
FILE_KEYS = {"source", "case"}
CASE_KEYS = {"name", "description", "definitions", "log", "escape", "expect", "findings"}
EXPECT_KEYS = {"metric", "values", "dropped", "warnings", "error"}
KEBAB = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


# -- misspellings ---------------------------------------------------------------
# A word is a near-miss of a target when it differs and either matches once
# case, "_", "-" and spaces are ignored, or is within 1 (targets up to 5
# letters), 2 (up to 19) or 3 edits of it, a swap of neighbours counting as one.

SDK_KEYWORDS = ("metric_definitions", "objective_metric_name", "objective_type")


def _norm(word):
    return re.sub(r"[-_ ]", "", word).lower()


def _osa(a, b):
    d = [[i + j if i == 0 or j == 0 else 0 for j in range(len(b) + 1)] for i in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[-1][-1]


def near(word, target):
    if word == target:
        return False
    w, t = _norm(word), _norm(target)
    return w == t or _osa(w, t) <= (1 if len(t) <= 5 else 2 if len(t) <= 19 else 3)


class Read:
    """Definitions as (name, regex, flags) - flags the misspelling codes that
    keep SageMaker from recording the definition - and the document-level
    misspelling codes."""

    def __init__(self):
        self.defs = {}  # key (position or id) -> [name, regex, flags]
        self.groups = {}  # key -> the list it came from
        self.order = []
        self.findings = set()

    def add(self, key, name, regex, flags, group=None):
        """Adds a definition of list `group`; one equal to a definition of
        another list is the same metric given twice, and is dropped."""
        if key in self.defs:
            self.defs[key][2] |= flags
            return
        if not isinstance(name, str) or not isinstance(regex, str):
            raise ValueError("a definition lacks Name or Regex: %r" % ((name, regex),))
        if any(d[:2] == [name, regex] and self.groups[k] != group for k, d in self.defs.items()):
            return
        self.defs[key] = [name, regex, set(flags)]
        self.groups[key] = group
        self.order.append(key)

    def result(self):
        return [tuple(self.defs[k]) for k in sorted(self.order)]


def _fields(pairs, right, code):
    """(name, regex, flags) of a definition given as (key, value) pairs;
    `right` are its two field names, exact ones win over near-misses."""
    values, flags = {}, set()
    for exact in (True, False):
        for key, value in pairs:
            for field in right:
                ok = key in ((field, field.lower()) if code == "misspelled-key" else (field,))
                if exact and ok:
                    values.setdefault(field, value)
                elif not exact and not ok and near(key, field) and key not in sum(
                        ([f, f.lower()] for f in right), []):
                    flags.add(code)
                    values.setdefault(field, value)
    return values.get(right[0]), values.get(right[1]), flags


def _pairs(items, read=None, flags=frozenset(), base=0):
    read = read or Read()
    for i, d in enumerate(items):
        if not isinstance(d, dict):
            raise ValueError("a definition is not an object: %r" % (d,))
        name, regex, own = _fields(list(d.items()), ("Name", "Regex"), "misspelled-key")
        read.add(base + i, name, regex, own | flags, id(items))
    return read


def _find_aws(doc):
    """(Read, objective) from an AWS JSON document, searched recursively."""
    read, objective = Read(), None
    count = [0]

    def walk(node):
        nonlocal objective
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "MetricDefinitions" or near(key, "MetricDefinitions"):
                    flags = set() if key == "MetricDefinitions" else {"misspelled-key"}
                    read.findings |= flags
                    if isinstance(value, list):
                        _pairs(value, read, flags, count[0])
                        count[0] += len(value)
                elif key == "HyperParameterTuningJobObjective" or near(key, "HyperParameterTuningJobObjective"):
                    if key != "HyperParameterTuningJobObjective":
                        read.findings.add("misspelled-key")
                    if isinstance(value, dict):
                        if any(k not in ("MetricName", "Type") and (near(k, "MetricName") or near(k, "Type"))
                               for k in value):
                            read.findings.add("misspelled-key")
                        objective = (value.get("MetricName"), value.get("Type"))
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(doc)
    return read, objective


def _callee(call):
    f = call.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""


def _python_code(text):
    """Read of SDK code: MetricDefinition calls anywhere, lists given to the
    SDK's keywords (or to their near-misses), to with_metric_definitions, as
    "MetricDefinitions" keys, or assigned to metric_definitions."""
    tree = ast.parse(text)
    assigned = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            assigned.setdefault(node.targets[0].id, []).append(node.value)
    read = Read()

    def literal(node):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return ast.literal_eval(node)

    def element(node, flags, group=None):
        key = (node.lineno, node.col_offset)
        if isinstance(node, ast.Call) and _callee(node) == "MetricDefinition":
            pairs = list(zip(("name", "regex"), (literal(a) for a in node.args)))
            pairs += [(k.arg, literal(k.value)) for k in node.keywords]
            name, regex, own = _fields(pairs, ("name", "regex"), "misspelled-keyword")
        elif isinstance(node, ast.Call) and _callee(node) == "dict":
            pairs = [(k.arg, literal(k.value)) for k in node.keywords]
            name, regex, own = _fields(pairs, ("Name", "Regex"), "misspelled-key")
        else:
            value = literal(node)
            if not isinstance(value, dict):
                raise ValueError("a definition is not an object: %r" % (value,))
            name, regex, own = _fields(list(value.items()), ("Name", "Regex"), "misspelled-key")
        read.add(key, name, regex, own | flags, group if group is not None else key)

    def listed(node, flags=frozenset()):
        for _ in range(8):
            if isinstance(node, ast.Name) and node.id in assigned:
                node = assigned[node.id][-1]
        if isinstance(node, (ast.List, ast.Tuple)):
            for item in node.elts:
                element(item, flags, id(node))

    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "metric_definitions"
                                                for t in node.targets):
            listed(node.value)
        elif isinstance(node, ast.Dict):
            for k, v in zip(node.keys, node.values):
                if isinstance(k, ast.Constant) and isinstance(k.value, str):
                    if k.value in ("MetricDefinitions", "metric_definitions"):
                        listed(v)
                    elif near(k.value, "MetricDefinitions"):
                        read.findings.add("misspelled-key")
                        listed(v, {"misspelled-key"})
        elif isinstance(node, ast.Call):
            callee = _callee(node)
            if callee == "MetricDefinition":
                element(node, set())
            if callee == "with_metric_definitions" and node.args:
                listed(node.args[0])
            if callee == "HyperparameterTuner" and len(node.args) >= 4:
                listed(node.args[3])
            for kw in node.keywords:
                if kw.arg is None or callee == "MetricDefinition":
                    continue
                if kw.arg == "metric_definitions" or (callee == "dict" and kw.arg == "MetricDefinitions"):
                    listed(kw.value)
                elif callee == "dict":
                    if near(kw.arg, "MetricDefinitions"):
                        read.findings.add("misspelled-key")
                        listed(kw.value, {"misspelled-key"})
                elif any(near(kw.arg, k) for k in SDK_KEYWORDS):
                    read.findings.add("misspelled-keyword")
                    if near(kw.arg, "metric_definitions"):
                        listed(kw.value, {"misspelled-keyword"})
    return read


def read_definitions(text):
    """(Read of every definition, document-level misspelling codes) from any
    supported definitions text."""
    try:
        doc = json.loads(text)
    except ValueError:
        doc = None
    if isinstance(doc, list):
        return _pairs(doc)
    if isinstance(doc, dict):
        read, _ = _find_aws(doc)
        return read
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "\-" and friends: invalid escapes stay
        try:
            value = ast.literal_eval(text.strip())
        except (ValueError, SyntaxError):
            value = None
    if isinstance(value, list):
        return _pairs(value)
    read = _python_code(text)
    if not read.order:
        raise ValueError("no metric definitions in the Python code")
    return read


# -- a second opinion on the lints ----------------------------------------------

NUMBER_PREFIX = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
DOUBLED = re.compile(r"(?:^|[^\\])(?:\\\\)*\\\\[dDsSwWbB.\[\](){}+*?|]")
POSSESSIVE = re.compile(r"(?:^|[^\\])(?:\\\\)*(?:[+*?}])\+")


def model_warnings(name, regex, compiled, result, lines, escape, names, flags=frozenset()):
    """The lint codes this definition should get, as PRODUCT.md describes them."""
    codes = set(flags)
    reasons = {reason for _, reason, _ in result["drops"]}
    codes |= {{"empty": "empty-capture", "not-a-number": "not-a-number",
               "out-of-range": "out-of-range", "no-group": "no-group-match"}[r] for r in reasons}
    if result["matched"] == 0 and lines:  # an empty log gives no finding
        codes.add("no-match")
    recorded = {line for line, _ in result["values"]}
    for number, line in enumerate(lines, start=1):
        if compiled.search(line) is None:
            continue
        if len(list(compiled.finditer(line))) > 1:
            codes.add("several-matches")
        if number in recorded:
            m = compiled.search(line)
            text = m.group(1)
            if text == text.strip(reference.ASCII_WHITESPACE):
                prefix = NUMBER_PREFIX.match(line, m.start(1))
                if prefix and prefix.end() > m.end(1):
                    codes.add("truncated-number")
    if escape and "\t" in regex:
        codes.add("raw-tab")
    if "\n" in regex or re.search(r"(?:^|[^\\])(?:\\\\)*\\n", regex):
        codes.add("newline-in-pattern")
    if DOUBLED.search(regex):
        codes.add("doubled-backslash")
    if POSSESSIVE.search(regex):
        codes.add("possessive-quantifier")
    if not 1 <= len(name) <= 255:
        codes.add("name-length")
    if len(regex) > 500:
        codes.add("regex-length")
    if names.count(name) > 1:
        codes.add("duplicate-name")
    return codes


# -- checking -------------------------------------------------------------------

class Checker:
    def __init__(self, verbose=False):
        self.verbose = verbose
        self.failures = 0
        self.notes = 0
        self.cases = 0
        self.values = 0
        self.drops = 0
        self.per_file = {}
        self.exported = []

    def fail(self, where, message):
        self.failures += 1
        print("FAIL %s: %s" % (where, message))

    def note(self, where, message):
        self.notes += 1
        print("note %s: %s" % (where, message))

    def check_file(self, path):
        base = os.path.basename(path)
        try:
            with open(path, "rb") as f:
                doc = tomllib.load(f)
        except (OSError, tomllib.TOMLDecodeError) as e:
            self.fail(base, "cannot read: %s" % e)
            return
        for key in set(doc) - FILE_KEYS:
            self.fail(base, "unknown key %r" % key)
        if not isinstance(doc.get("source"), str) or not doc["source"].strip():
            self.fail(base, "`source` is missing")
        cases = doc.get("case", [])
        if not cases:
            self.fail(base, "no [[case]]")
        seen = set()
        for case in cases:
            name = case.get("name", "?")
            if name in seen:
                self.fail(base, "case name %r repeated" % name)
            seen.add(name)
            self.check_case(base, case)
        self.per_file[base] = len(cases)

    def check_case(self, base, case):
        where = "%s:%s" % (base, case.get("name", "?"))
        self.cases += 1
        for key in set(case) - CASE_KEYS:
            self.fail(where, "unknown key %r" % key)
        for key in ("name", "description", "definitions", "log"):
            if not isinstance(case.get(key), str):
                self.fail(where, "`%s` must be a string" % key)
                return
        if not KEBAB.fullmatch(case["name"]):
            self.fail(where, "name is not kebab-case")
        escape = case.get("escape", True)
        if not isinstance(escape, bool):
            self.fail(where, "`escape` must be a boolean")
            return
        try:
            read = read_definitions(case["definitions"])
        except (ValueError, SyntaxError) as e:
            self.note(where, "definitions not converted, case not checked (%s)" % e)
            return
        flags = [f for _, _, f in read.result()]
        defs = [(n, r) for n, r, _ in read.result()]
        if not defs:
            self.fail(where, "no definitions read")
            return
        findings = case.get("findings", [])
        if not isinstance(findings, list) or any(f not in FINDINGS for f in findings):
            self.fail(where, "unknown finding code in %r" % (findings,))
        elif set(findings) & MISSPELLED != read.findings:
            self.fail(where, "findings %s, the misspelling model says %s"
                      % (sorted(set(findings) & MISSPELLED), sorted(read.findings)))
        names = [n for n, _ in defs]
        results = reference.evaluate(defs, case["log"], escape=escape)
        lines = reference.split_lines(case["log"])
        if escape:
            lines = [reference.escape_line(line) for line in lines]
        self.exported.append({"file": base, "case": case["name"], "escape": escape,
                              "definitions": defs, "log": case["log"],
                              "expect": case.get("expect", [])})

        used = {}
        covered = set()
        for exp in case.get("expect", []):
            metric = exp.get("metric")
            ew = "%s[%s]" % (where, metric)
            for key in set(exp) - EXPECT_KEYS:
                self.fail(ew, "unknown key %r" % key)
            indices = [i for i, n in enumerate(names) if n == metric]
            nth = used.get(metric, 0)
            used[metric] = nth + 1
            if nth >= len(indices):
                self.fail(ew, "no definition named %r (or more expectations than definitions)" % metric)
                continue
            index = indices[nth]
            covered.add(index)
            self.check_expectation(ew, exp, defs[index], results[index], lines, escape, names,
                                   flags[index])
        for i, (n, _) in enumerate(defs):
            if i not in covered:
                self.note(where, "definition %r has no expectation" % n)

    def check_expectation(self, ew, exp, definition, result, lines, escape, names, flags):
        values = exp.get("values")
        if not isinstance(values, list):
            self.fail(ew, "`values` is required")
            return
        dropped = exp.get("dropped")
        for d in dropped or []:
            if not (isinstance(d, list) and len(d) == 2 and d[1] in REASONS):
                self.fail(ew, "bad dropped entry %r" % (d,))
        error = exp.get("error")
        if error is not None and error not in ERRORS:
            self.fail(ew, "unknown error code %r" % error)
        got_values = [[line, value] for line, value in result["values"]]
        got_drops = [[line, reason] for line, reason, _ in result["drops"]]

        if error is not None:
            if values or dropped:
                self.fail(ew, "a definition with an error records and drops nothing")
            if error in ("no-capture-group", "empty-regex", "syntax") and result["error"] != error:
                if error == "syntax" and result["error"] is None:
                    if self.verbose:
                        print("  %s: Python accepts what the regex crate refuses" % ew)
                else:
                    self.fail(ew, "expected error %s, reference says %s" % (error, result["error"]))
            if "warnings" in exp and exp["warnings"]:
                self.fail(ew, "warnings on a definition with an error are not modelled")
            return
        if result["error"] is not None:
            self.fail(ew, "reference finds error %s (%s)" % (result["error"], definition[1]))
            return
        if not all(isinstance(v, list) and len(v) == 2 and isinstance(v[0], int)
                   and isinstance(v[1], (int, float)) for v in values):
            self.fail(ew, "bad `values` %r" % (values,))
            return
        if [[l, float(v)] for l, v in values] != got_values:
            self.fail(ew, "values differ\n  expected %s\n  reference %s" % (values, got_values))
        want_drops = dropped or []
        if [list(d) for d in want_drops] != got_drops:
            self.fail(ew, "dropped differ\n  expected %s\n  reference %s" % (want_drops, got_drops))
        self.values += len(got_values)
        self.drops += len(got_drops)
        compiled = re.compile(definition[1])
        model = model_warnings(definition[0], definition[1], compiled, result, lines, escape, names,
                               flags)
        if "warnings" in exp:
            ws = exp["warnings"]
            if not isinstance(ws, list) or any(w not in WARNINGS for w in ws):
                self.fail(ew, "unknown lint code in %r" % (ws,))
            elif set(ws) != model:
                self.fail(ew, "warnings %s, the lint model says %s" % (sorted(ws), sorted(model)))
        elif self.verbose:
            print("  %s: lint model says %s" % (ew, sorted(model)))


def main(argv):
    verbose = "--verbose" in argv
    export = None
    if "--export" in argv:
        export = argv[argv.index("--export") + 1]
        argv = [a for a in argv if a != export]
    files = [a for a in argv if not a.startswith("--")] or sorted(glob.glob(os.path.join(CORPUS, "*.toml")))
    if not files:
        print("no corpus files in %s" % CORPUS)
        return 1
    checker = Checker(verbose)
    for path in files:
        checker.check_file(path)
    if export:
        with open(export, "w", encoding="utf-8") as f:
            json.dump(checker.exported, f, ensure_ascii=False, indent=0)
    print("%s: %d files, %d cases (%s), %d values and %d drops checked against reference.py; "
          "%d failures, %d notes" % (
              "ok" if checker.failures == 0 else "FAILED", len(checker.per_file), checker.cases,
              ", ".join("%s %d" % (k, v) for k, v in sorted(checker.per_file.items())),
              checker.values, checker.drops, checker.failures, checker.notes))
    return 1 if checker.failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
