//! Reading metric definitions from Python SDK code, and from any text that
//! holds a definitions list somewhere inside.
//!
//! The code around the list may be incomplete or not Python at all, so it is
//! not parsed: a light scanner walks it, skipping strings and comments, and
//! stops at the few places that matter:
//!
//! - `metric_definitions=` / `metric_definitions =` (a keyword argument of
//!   `Estimator(...)` or `HyperparameterTuner(...)`, or an assignment), and
//!   `MetricDefinitions =` as pasted from the AWS documentation;
//! - a `'MetricDefinitions':` or `"MetricDefinitions":` key (boto3 code, JSON
//!   fragments) and the `HyperParameterTuningJobObjective`/`TuningObjective` keys;
//! - `objective_metric_name=` and `objective_type=`, and the positional
//!   arguments of `HyperparameterTuner(estimator, objective_metric_name,
//!   hyperparameter_ranges, metric_definitions)`.
//!
//! Only the value after each of these is parsed, with [`super::literal`].
//! A value that is a variable (`metric_definitions=metrics`) is looked up
//! among the assignments in the text. When none of these is found, any
//! bracketed list of `{"Name", "Regex"}` objects is read (the AWS
//! documentation's `=[ {...}, ]` form, or a list inside prose).

use std::collections::{HashMap, HashSet};

use super::aws::{self, Collector, Problem};
use super::literal::{
    is_ident_byte, parse_value_at, python_string_at, Dialect, Node, NodeKind, Parsed, SyntaxError,
};
use super::misspell::{self, Misspelling};
use super::{Direction, Format, Objective};

/// Everything read from a text by [`parse`].
#[derive(Debug)]
pub(super) struct Outcome {
    pub format: Format,
    pub collector: Collector,
    pub syntax: Vec<SyntaxError>,
    /// Why nothing was found, when that is known (a variable that is never
    /// assigned a list): reported only when no definition was read.
    pub notes: Vec<Problem>,
}

/// Parses the value at `start`, in `prefer` first and in the other dialect if
/// that reads it better. JSON with nothing wrong but a bad string escape stays
/// JSON, so that `"\d"` is reported rather than read as Python would.
///
/// Also returns how far either parse went: scanning resumes there, so that no
/// part of the text is parsed again and again.
pub(super) fn parse_value_either(
    text: &str,
    start: usize,
    prefer: Dialect,
) -> (Parsed, Dialect, usize) {
    let first = parse_value_at(text, start, prefer);
    let mut far = first.end;
    let (parsed, dialect) = choose(text, first, prefer, |d| {
        let other = parse_value_at(text, start, d);
        far = far.max(other.end);
        other
    });
    (parsed, dialect, far)
}

/// Picks between a parse in `prefer` and one in the other dialect.
///
/// Text that fails as JSON is read as Python when it stumbled on something
/// only Python writes (a single quote, `#`, `True`, `r'...'`), or when Python
/// reads it cleanly into definitions (`"a" "b"` concatenation). Otherwise the
/// JSON errors are the ones to show: `[{"Name" "a"}]` is a JSON slip, not a
/// Python set.
pub(super) fn choose(
    text: &str,
    first: Parsed,
    prefer: Dialect,
    parse_other: impl FnOnce(Dialect) -> Parsed,
) -> (Parsed, Dialect) {
    if first.errors.is_empty()
        || (prefer == Dialect::Json && first.errors.iter().all(|e| e.in_string))
    {
        return (first, prefer);
    }
    let other_dialect = match prefer {
        Dialect::Json => Dialect::Python,
        Dialect::Python => Dialect::Json,
    };
    let other = parse_other(other_dialect);
    let take_other = match prefer {
        Dialect::Python => other.errors.is_empty(),
        Dialect::Json => {
            let marker = python_marker(text, first.reach());
            (marker && other.reach() > first.reach())
                || (other.errors.is_empty() && (marker || reads_cleanly(&other.root)))
        }
    };
    if take_other {
        (other, other_dialect)
    } else {
        (first, prefer)
    }
}

/// Whether a tree holds definitions and nothing wrong.
fn reads_cleanly(root: &Node) -> bool {
    let mut collector = Collector::default();
    aws::parse(root, &mut collector);
    !collector.definitions.is_empty() && collector.problems.is_empty()
}

/// Whether the text at `at` is something only Python writes.
fn python_marker(text: &str, at: usize) -> bool {
    let rest = text.get(at..).unwrap_or("");
    if rest.starts_with(['\'', '#']) {
        return true;
    }
    let word = rest
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .next()
        .unwrap_or("");
    let prefix = !word.is_empty()
        && word.len() <= 2
        && word.chars().all(|c| "rRuUbBfF".contains(c))
        && rest
            .get(word.len()..)
            .is_some_and(|r| r.starts_with(['\'', '"']));
    prefix || matches!(word, "True" | "False" | "None" | "dict")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A definitions list; `python` when the key is the SDK's `metric_definitions`,
    /// `v3` for `with_metric_definitions(...)`, and `issue` the index (in
    /// `Scanner::misspellings`) of the misspelled keyword that holds it.
    Definitions {
        python: bool,
        v3: bool,
        issue: Option<usize>,
    },
    /// An SDK v3 `MetricDefinition(...)` call.
    V3Object,
    ObjectiveName,
    ObjectiveType,
    /// A `{"Type", "MetricName"}` object; `primary` for `HyperParameterTuningJobObjective`.
    ObjectiveObject {
        primary: bool,
    },
    /// `HyperparameterTuner(...)`: its positional arguments.
    Tuner,
}

/// What `objective_type=` says.
#[derive(Debug, Clone, PartialEq, Eq)]
enum TypeArg {
    /// Not given (or `None`): the SDK's default applies.
    Absent,
    Known(Direction),
    /// Given but wrong; already reported.
    Invalid,
    /// Given as code metrex cannot evaluate; reported if an objective is named.
    Unknown(Problem),
}

#[derive(Debug, Clone, Copy)]
struct Anchor {
    kind: Kind,
    /// Where the value starts.
    value: usize,
    /// The key or keyword, for messages.
    key: (usize, usize),
}

struct Scanner<'a> {
    text: &'a str,
    b: &'a [u8],
    anchors: Vec<Anchor>,
    /// `[` positions directly followed by `{` or `dict(`.
    candidates: Vec<usize>,
    /// Variable name → where each value assigned to it starts.
    assignments: HashMap<&'a str, Vec<usize>>,
    /// Whether Python code (an assignment, a call, `import`) was seen so far:
    /// a `"MetricDefinitions":` key after it is read as Python.
    code_seen: bool,
    /// Parsed values by start offset (each value is parsed once), with how
    /// far the parse went.
    values: HashMap<usize, (Parsed, Dialect)>,
    far: HashMap<usize, usize>,
    /// The brackets open at the scan position, innermost last.
    frames: Vec<Frame<'a>>,
    /// Misspelled keywords and keys found by the scan.
    misspellings: Vec<Misspelling>,
}

/// An open bracket, as far as keyword arguments are concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Frame<'a> {
    /// The parentheses of a call to the named function (last part of a
    /// dotted name; empty when the callee is not a name, as in `f()(...)`).
    Call(&'a str),
    /// The parameters of a `def` or the bases of a `class`: `name=` there
    /// is a default, not an argument.
    Def,
    /// Any other bracket.
    Other,
}

/// Words that can stand before a parenthesis without calling anything.
const NOT_CALLEES: [&str; 17] = [
    "if", "elif", "while", "and", "or", "not", "in", "is", "return", "yield", "assert", "del",
    "await", "else", "for", "with", "lambda",
];

/// Reads definitions and the objective from code or any other text.
pub(super) fn parse(text: &str) -> Outcome {
    let mut s = Scanner {
        text,
        b: text.as_bytes(),
        anchors: Vec::new(),
        candidates: Vec::new(),
        assignments: HashMap::new(),
        values: HashMap::new(),
        far: HashMap::new(),
        code_seen: false,
        frames: Vec::new(),
        misspellings: Vec::new(),
    };
    s.scan();
    s.read()
}

impl<'a> Scanner<'a> {
    fn byte(&self, i: usize) -> Option<u8> {
        self.b.get(i).copied()
    }

    fn word_end(&self, mut i: usize) -> usize {
        while let Some(len) = self.ident_char_len(i) {
            i += len;
        }
        i
    }

    /// The length of the identifier character at `i`, if one starts there.
    /// Bytes are tested alone, except non-ASCII ones: a letter such as `é` is
    /// part of a name, but a byte-order mark or a no-break space is not (a
    /// leading BOM would hide the `metric_definitions=` after it).
    fn ident_char_len(&self, i: usize) -> Option<usize> {
        let b = self.byte(i)?;
        if b < 0x80 {
            return is_ident_byte(b).then_some(1);
        }
        let c = self.text.get(i..)?.chars().next()?;
        (c.is_alphanumeric() || c == '_').then(|| c.len_utf8())
    }

    /// Skips spaces and tabs (and line breaks when `lines`).
    fn skip_space(&self, mut i: usize, lines: bool) -> usize {
        while let Some(c) = self.byte(i) {
            match c {
                b' ' | b'\t' => i += 1,
                b'\n' | b'\r' if lines => i += 1,
                _ => break,
            }
        }
        i
    }

    /// Parses (once) the value at `start`; returns how far the parse went.
    fn value(&mut self, start: usize, prefer: Dialect) -> usize {
        if let Some(&far) = self.far.get(&start) {
            return far;
        }
        let (parsed, dialect, far) = parse_value_either(self.text, start, prefer);
        self.values.insert(start, (parsed, dialect));
        self.far.insert(start, far);
        far
    }

    /// Parses (once) the Python code at `start`, with no fallback to JSON.
    fn python_value(&mut self, start: usize) -> usize {
        if let Some(&far) = self.far.get(&start) {
            return far;
        }
        let parsed = parse_value_at(self.text, start, Dialect::Python);
        let far = parsed.end;
        self.values.insert(start, (parsed, Dialect::Python));
        self.far.insert(start, far);
        far
    }

    fn scan(&mut self) {
        let mut pos = 0;
        let mut tuner_end = 0;
        while let Some(c) = self.byte(pos) {
            match c {
                b'#' => {
                    while self.byte(pos).is_some_and(|c| c != b'\n' && c != b'\r') {
                        pos += 1;
                    }
                }
                b'\'' | b'"' => pos = self.string(pos),
                b'[' => {
                    let next = self.skip_space(pos + 1, true);
                    let dict_call = self.b.get(next..next + 5) == Some(b"dict(");
                    if self.byte(next) == Some(b'{') || dict_call {
                        self.candidates.push(pos);
                    }
                    self.frames.push(Frame::Other);
                    pos += 1;
                }
                b'(' => {
                    let frame = self.frame_at(pos);
                    self.frames.push(frame);
                    pos += 1;
                }
                b'{' => {
                    self.frames.push(Frame::Other);
                    pos += 1;
                }
                b')' | b']' | b'}' => {
                    self.frames.pop();
                    pos += 1;
                }
                _ if self.ident_char_len(pos).is_some() => {
                    let end = self.word_end(pos);
                    if matches!(self.byte(end), Some(b'\'' | b'"')) && end - pos <= 2 {
                        if let Some((_, string_end)) = python_string_at(self.text, pos) {
                            pos = string_end;
                            continue;
                        }
                    }
                    let word = self.text.get(pos..end).unwrap_or("");
                    let after = self.skip_space(end, false);
                    let assign =
                        self.byte(after) == Some(b'=') && self.byte(after + 1) != Some(b'=');
                    if assign {
                        let value = after + 1;
                        self.assignments.entry(word).or_default().push(value);
                        if let Some(m) = self.misspelled_argument(word, (pos, end)) {
                            self.code_seen = true;
                            let lists = m.right.eq_ignore_ascii_case("metric_definitions")
                                || m.right == "MetricDefinitions";
                            self.misspellings.push(m);
                            if lists {
                                self.anchors.push(Anchor {
                                    kind: Kind::Definitions {
                                        python: true,
                                        v3: false,
                                        issue: Some(self.misspellings.len() - 1),
                                    },
                                    value,
                                    key: (pos, end),
                                });
                                pos = self.value(value, Dialect::Python).max(value);
                            } else {
                                pos = end;
                            }
                            continue;
                        }
                        let kind = match word {
                            "metric_definitions" => Some(Kind::Definitions {
                                python: true,
                                v3: false,
                                issue: None,
                            }),
                            "MetricDefinitions" => Some(Kind::Definitions {
                                python: self.code_seen,
                                v3: false,
                                issue: None,
                            }),
                            "objective_metric_name" => Some(Kind::ObjectiveName),
                            "objective_type" => Some(Kind::ObjectiveType),
                            _ => None,
                        };
                        if let Some(kind) = kind {
                            let prefer = match kind {
                                Kind::Definitions { python: false, .. } => Dialect::Json,
                                _ => Dialect::Python,
                            };
                            self.code_seen = true;
                            self.anchors.push(Anchor {
                                kind,
                                value,
                                key: (pos, end),
                            });
                            pos = self.value(value, prefer).max(value);
                            continue;
                        }
                        self.code_seen = true;
                    } else if word == "HyperparameterTuner"
                        && self.byte(after) == Some(b'(')
                        && pos >= tuner_end
                    {
                        self.anchors.push(Anchor {
                            kind: Kind::Tuner,
                            value: pos,
                            key: (pos, end),
                        });
                        tuner_end = self.python_value(pos);
                        self.frames.push(Frame::Call(word));
                        pos = after + 1;
                        continue;
                    } else if word == "MetricDefinition"
                        && self.byte(after) == Some(b'(')
                        && self.frame_at(after) != Frame::Def
                    {
                        // Read whole: its `name=`/`regex=` are not SDK keywords.
                        self.code_seen = true;
                        self.anchors.push(Anchor {
                            kind: Kind::V3Object,
                            value: pos,
                            key: (pos, end),
                        });
                        pos = self.python_value(pos).max(end);
                        continue;
                    } else if word == "with_metric_definitions" && self.byte(after) == Some(b'(') {
                        self.code_seen = true;
                        self.frames.push(Frame::Call(word));
                        let value = self.keyword_value(after + 1, "metric_definitions");
                        self.anchors.push(Anchor {
                            kind: Kind::Definitions {
                                python: true,
                                v3: true,
                                issue: None,
                            },
                            value,
                            key: (pos, end),
                        });
                        pos = self.value(value, Dialect::Python).max(value);
                        continue;
                    }
                    if self.byte(end) == Some(b'(')
                        || matches!(word, "import" | "def" | "class" | "from")
                    {
                        self.code_seen = true;
                    }
                    pos = end.max(pos + 1);
                }
                _ => pos += 1,
            }
        }
    }

    /// What the parenthesis at `open` is: a call's, a `def`'s, or a plain one.
    fn frame_at(&self, open: usize) -> Frame<'a> {
        let mut end = open;
        while end > 0 && matches!(self.byte(end - 1), Some(b' ' | b'\t')) {
            end -= 1;
        }
        match end.checked_sub(1).and_then(|i| self.byte(i)) {
            Some(b')' | b']') => return Frame::Call(""),
            Some(c) if is_ident_byte(c) => {}
            _ => return Frame::Other,
        }
        let mut start = end;
        while start > 0 && self.byte(start - 1).is_some_and(is_ident_byte) {
            start -= 1;
        }
        let word = self.text.get(start..end).unwrap_or("");
        if NOT_CALLEES.contains(&word) || word.starts_with(|c: char| c.is_ascii_digit()) {
            return Frame::Other;
        }
        // The word before the callee (`def f(`, `class C(`), if any.
        let mut before_end = start;
        while before_end > 0 && matches!(self.byte(before_end - 1), Some(b' ' | b'\t')) {
            before_end -= 1;
        }
        let mut before_start = before_end;
        while before_start > 0 && self.byte(before_start - 1).is_some_and(is_ident_byte) {
            before_start -= 1;
        }
        match self.text.get(before_start..before_end) {
            Some("def" | "class") if before_end < start => Frame::Def,
            _ => Frame::Call(word),
        }
    }

    /// A misspelling, when `word=` at `span` is a keyword argument that
    /// misspells one of the SDK's (or, in `dict(...)`, an API key).
    fn misspelled_argument(&self, word: &str, span: (usize, usize)) -> Option<Misspelling> {
        match self.frames.last() {
            Some(Frame::Call("dict")) => {
                let exact = matches!(word, "MetricDefinitions" | "metric_definitions");
                if exact || !misspell::is_near(word, "MetricDefinitions") {
                    return None;
                }
                let right = if misspell::snake_case(word) {
                    "metric_definitions"
                } else {
                    "MetricDefinitions"
                };
                Some(Misspelling::key(word, right, "", span))
            }
            Some(Frame::Call(callee)) => misspell::near_keyword(word)
                .map(|right| Misspelling::keyword(word, right, callee, span)),
            _ => None,
        }
    }

    /// Where the argument starting at `at` has its value: after `keyword=`
    /// when it is written as a keyword argument, else at `at`.
    fn keyword_value(&self, at: usize, keyword: &str) -> usize {
        let word_start = self.skip_space(at, true);
        let word_end = self.word_end(word_start);
        let eq = self.skip_space(word_end, true);
        let named = self.text.get(word_start..word_end) == Some(keyword)
            && self.byte(eq) == Some(b'=')
            && self.byte(eq + 1) != Some(b'=');
        if named {
            eq + 1
        } else {
            at
        }
    }

    /// Skips the string at `pos`; records it when it is a key that matters.
    fn string(&mut self, pos: usize) -> usize {
        let Some((value, end)) = python_string_at(self.text, pos) else {
            // Unterminated: most likely an apostrophe in prose.
            return pos + 1;
        };
        let python = self.byte(pos) == Some(b'\'') || self.code_seen;
        let colon = self.skip_space(end, true);
        if self.byte(colon) != Some(b':') {
            return end;
        }
        let definitions = |issue| Kind::Definitions {
            python,
            v3: false,
            issue,
        };
        let kind = match value.as_deref() {
            Some("MetricDefinitions" | "metric_definitions") => Some(definitions(None)),
            Some("HyperParameterTuningJobObjective") => {
                Some(Kind::ObjectiveObject { primary: true })
            }
            Some("TuningObjective") => Some(Kind::ObjectiveObject { primary: false }),
            Some(k) if misspell::is_near(k, "MetricDefinitions") => {
                let right = if misspell::snake_case(k) {
                    "metric_definitions"
                } else {
                    "MetricDefinitions"
                };
                self.misspellings
                    .push(Misspelling::key(k, right, "", (pos, end)));
                Some(definitions(Some(self.misspellings.len() - 1)))
            }
            Some(k) if misspell::is_near(k, "HyperParameterTuningJobObjective") => {
                let right = "HyperParameterTuningJobObjective";
                self.misspellings
                    .push(Misspelling::key(k, right, "", (pos, end)));
                Some(Kind::ObjectiveObject { primary: true })
            }
            _ => None,
        };
        match kind {
            Some(kind) => {
                let value = colon + 1;
                let prefer = if python {
                    Dialect::Python
                } else {
                    Dialect::Json
                };
                self.anchors.push(Anchor {
                    kind,
                    value,
                    key: (pos, end),
                });
                self.value(value, prefer).max(value)
            }
            _ => end,
        }
    }

    /// The start of the value assigned to `name` that a use at `before`
    /// refers to: the last assignment before it, else the first one.
    fn assignment(&self, name: &str, before: usize) -> Option<usize> {
        let starts = self.assignments.get(name)?;
        starts
            .iter()
            .rev()
            .find(|&&s| s < before)
            .or_else(|| starts.iter().find(|&&s| s != before))
            .copied()
    }

    /// Follows a variable to the literal assigned to it (a few hops at most).
    fn resolve(&mut self, mut start: usize) -> Option<usize> {
        for _ in 0..8 {
            self.value(start, Dialect::Python);
            let name = match self.values.get(&start).map(|(p, _)| &p.root.kind) {
                Some(NodeKind::Name(name)) => name.clone(),
                Some(_) => return Some(start),
                None => return None,
            };
            start = self.assignment(&name, start)?;
        }
        None
    }

    fn read(mut self) -> Outcome {
        let mut out = Reader::default();
        let anchors = std::mem::take(&mut self.anchors);
        let mut objective_name: Option<String> = None;
        let mut objective_type = TypeArg::Absent;
        let mut objective_objects: Vec<(bool, usize)> = Vec::new();
        let mut python_code = false;
        for anchor in &anchors {
            match anchor.kind {
                Kind::Definitions { python, v3, issue } => {
                    python_code |= python;
                    out.v3 |= v3;
                    let issue = issue
                        .and_then(|i| self.misspellings.get(i))
                        .map(Misspelling::for_list);
                    self.definitions(anchor.value, python, anchor.key, issue, &mut out);
                }
                Kind::V3Object => {
                    python_code = true;
                    out.take_errors(anchor.value, &self.values);
                    if let Some((parsed, _)) = self.values.get(&anchor.value) {
                        out.collector.read_v3_object(&parsed.root);
                    }
                }
                Kind::ObjectiveName => {
                    python_code = true;
                    if objective_name.is_none() {
                        objective_name =
                            self.string_at(anchor.value, "objective_metric_name", &mut out);
                    }
                }
                Kind::ObjectiveType => {
                    python_code = true;
                    if objective_type == TypeArg::Absent {
                        objective_type = self.direction_at(anchor.value, &mut out);
                    }
                }
                Kind::ObjectiveObject { primary } => {
                    objective_objects.push((primary, anchor.value))
                }
                Kind::Tuner => {
                    python_code = true;
                    let Some((parsed, _)) = self.values.get(&anchor.value) else {
                        continue;
                    };
                    let NodeKind::Call { args, .. } = &parsed.root.kind else {
                        continue;
                    };
                    let name_at = args.get(1).map(|n| n.span.0);
                    let defs_at = args.get(3).map(|n| n.span.0);
                    if let (Some(at), None) = (name_at, &objective_name) {
                        objective_name = self.string_at(at, "objective_metric_name", &mut out);
                    }
                    if let Some(at) = defs_at {
                        self.definitions(at, true, anchor.key, None, &mut out);
                    }
                }
            }
        }
        if let Some(name) = objective_name {
            let direction = match objective_type {
                // The SDK's HyperparameterTuner maximizes unless told otherwise.
                TypeArg::Absent => Some(Direction::Maximize),
                TypeArg::Known(direction) => Some(direction),
                TypeArg::Invalid => None, // already reported
                TypeArg::Unknown(problem) => {
                    out.collector.problems.push(problem);
                    None
                }
            };
            if let Some(direction) = direction {
                out.collector.objective = Some(Objective { name, direction });
            }
        }
        objective_objects.sort_by_key(|&(primary, at)| (!primary, at));
        for (_, at) in objective_objects {
            let Some((parsed, _)) = self.values.get(&at) else {
                continue;
            };
            let node = parsed.root.clone();
            out.take_errors(at, &self.values);
            out.collector.read_objective(&node);
        }
        if out.collector.lists_read == 0 && !out.collector.v3 {
            self.bare_lists(&mut out);
        }
        for m in std::mem::take(&mut self.misspellings) {
            out.collector.add_misspelling(m);
        }
        let format = match out.format {
            _ if out.v3 || out.collector.v3 => Format::PythonSdkV3,
            Some(format) => format,
            None if python_code => Format::Python,
            None => Format::Unknown,
        };
        Outcome {
            format,
            collector: out.collector,
            syntax: out.syntax,
            notes: out.notes,
        }
    }

    /// Reads the definitions list at `start` (following a variable if needed);
    /// `issue` goes to each definition when SageMaker never receives the list.
    fn definitions(
        &mut self,
        start: usize,
        python: bool,
        key: (usize, usize),
        issue: Option<Misspelling>,
        out: &mut Reader,
    ) {
        let prefer = if python {
            Dialect::Python
        } else {
            Dialect::Json
        };
        self.value(start, prefer);
        let Some((parsed, _)) = self.values.get(&start) else {
            return;
        };
        let key_text = self.text.get(key.0..key.1).unwrap_or("metric_definitions");
        let key_text = key_text.trim_matches(|c| c == '"' || c == '\'');
        let target = match &parsed.root.kind {
            NodeKind::Name(name) => {
                let name = name.clone();
                let span = parsed.root.span;
                match self.assignment(&name, start).and_then(|s| self.resolve(s)) {
                    Some(target) => target,
                    None => {
                        out.notes.push(Problem {
                            message: format!(
                                "`{key_text}` is `{name}`, which is not assigned a literal list in \
                                 this text: paste the list itself"
                            ),
                            span,
                        });
                        return;
                    }
                }
            }
            _ => start,
        };
        let Some((parsed, dialect)) = self.values.get(&target) else {
            return;
        };
        let dialect = *dialect;
        let root = parsed.root.clone();
        match &root.kind {
            NodeKind::List(_) | NodeKind::Tuple(_) => {
                out.take_errors(target, &self.values);
                out.collector.read_list_flagged(&root, issue);
                out.format.get_or_insert(match (python, dialect) {
                    (true, _) | (_, Dialect::Python) => Format::Python,
                    (false, Dialect::Json) => Format::AwsJson,
                });
            }
            NodeKind::Null | NodeKind::Ellipsis => {}
            NodeKind::Invalid => out.take_errors(target, &self.values),
            _ => {
                out.take_errors(target, &self.values);
                let what = root.describe();
                out.collector.problem(
                    root.span,
                    format!(
                        "`{key_text}` is {what}, not a literal list: metrex reads only the text \
                         written here; write the list of {{'Name', 'Regex'}} dicts itself"
                    ),
                );
            }
        }
    }

    /// The literal string at `start` (following a variable if needed).
    fn string_at(&mut self, start: usize, key: &str, out: &mut Reader) -> Option<String> {
        let target = self.resolve(start)?;
        out.take_errors(target, &self.values);
        let (parsed, _) = self.values.get(&target)?;
        let root = parsed.root.clone();
        match &root.kind {
            NodeKind::Str(s) => Some(s.clone()),
            // Code (a variable, an f-string) is legitimate here; there is just
            // no literal name to read.
            NodeKind::Invalid
            | NodeKind::Null
            | NodeKind::Name(_)
            | NodeKind::Expr(_)
            | NodeKind::Call { .. } => None,
            _ => {
                let what = root.describe();
                out.collector.problem(
                    root.span,
                    format!("`{key}` must be a literal string, found {what}"),
                );
                None
            }
        }
    }

    /// Reads `objective_type=`.
    fn direction_at(&mut self, start: usize, out: &mut Reader) -> TypeArg {
        let target = self.resolve(start).unwrap_or(start);
        out.take_errors(target, &self.values);
        let Some((parsed, _)) = self.values.get(&target) else {
            return TypeArg::Invalid;
        };
        let root = parsed.root.clone();
        match &root.kind {
            NodeKind::Null => TypeArg::Absent,
            NodeKind::Str(text) => match aws::direction(text) {
                Some(direction) => TypeArg::Known(direction),
                None => {
                    out.collector.problem(
                        root.span,
                        format!(
                            "`objective_type` must be 'Maximize' or 'Minimize', found '{text}'"
                        ),
                    );
                    TypeArg::Invalid
                }
            },
            NodeKind::Invalid => TypeArg::Invalid,
            _ => {
                let what = match &root.kind {
                    NodeKind::Name(name) => {
                        format!("`{name}`, which is not assigned a literal string in this text")
                    }
                    _ => format!("{}, not a literal string", root.describe()),
                };
                TypeArg::Unknown(Problem {
                    message: format!(
                        "`objective_type` is {what}: the direction of the objective is unknown"
                    ),
                    span: root.span,
                })
            }
        }
    }

    /// Reads bracketed lists of `{"Name", "Regex"}` objects found anywhere.
    fn bare_lists(&mut self, out: &mut Reader) {
        let candidates = std::mem::take(&mut self.candidates);
        let mut done = 0;
        for at in candidates {
            if at < done {
                continue;
            }
            let end = self.value(at, Dialect::Json);
            done = end.max(at + 1);
            let Some((parsed, dialect)) = self.values.get(&at) else {
                continue;
            };
            if !looks_like_definitions(self.text, parsed) {
                continue;
            }
            let dialect = *dialect;
            let root = parsed.root.clone();
            out.take_errors(at, &self.values);
            out.collector.read_list(&root);
            out.format.get_or_insert(match dialect {
                Dialect::Json => Format::JsonList,
                Dialect::Python => Format::Python,
            });
        }
    }
}

/// A list with at least one object keyed `Name` or `Regex` (or broken
/// elements in a list that mentions `Regex`).
fn looks_like_definitions(text: &str, parsed: &Parsed) -> bool {
    let NodeKind::List(items) = &parsed.root.kind else {
        return false;
    };
    let keyed = items.iter().any(|item| match &item.kind {
        NodeKind::Object(members) => members.iter().any(|(k, _)| {
            k.as_str()
                .is_some_and(|k| k.eq_ignore_ascii_case("name") || k.eq_ignore_ascii_case("regex"))
        }),
        _ => false,
    });
    let broken = items.iter().any(|i| i.kind == NodeKind::Invalid)
        && text
            .get(parsed.root.span.0..parsed.root.span.1)
            .is_some_and(|t| t.contains("Regex") || t.contains("regex"));
    keyed || broken
}

/// What the scan has read so far.
#[derive(Debug, Default)]
struct Reader {
    collector: Collector,
    syntax: Vec<SyntaxError>,
    notes: Vec<Problem>,
    format: Option<Format>,
    /// Whether SDK v3 code (`with_metric_definitions`) was read.
    v3: bool,
    /// Values whose syntax errors were already taken.
    taken: HashSet<usize>,
}

impl Reader {
    /// Adds the syntax errors of the value at `start`, once.
    fn take_errors(&mut self, start: usize, values: &HashMap<usize, (Parsed, Dialect)>) {
        if !self.taken.insert(start) {
            return;
        }
        if let Some((parsed, _)) = values.get(&start) {
            self.syntax.extend(parsed.errors.iter().cloned());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(o: &Outcome) -> Vec<&str> {
        o.collector
            .definitions
            .iter()
            .map(|d| d.name.as_str())
            .collect()
    }

    #[test]
    fn keyword_argument_in_an_estimator_call() {
        let code = r#"
import sagemaker
# metric_definitions=[{'Name': 'commented', 'Regex': 'x'}]
s = "metric_definitions=[{'Name': 'in a string', 'Regex': 'x'}]"
estimator = Estimator(image_uri=uri, role=role,
    metric_definitions=[
        {'Name': 'loss', 'Regex': r'Loss = (.*?);'},  # the loss
        {'Name': 'acc', 'Regex': 'acc=(\d+)'},
    ],
)
"#;
        let o = parse(code);
        assert_eq!(o.format, Format::Python);
        assert_eq!(names(&o), ["loss", "acc"]);
        assert_eq!(o.collector.definitions[1].regex, "acc=(\\d+)");
        assert!(o.syntax.is_empty() && o.collector.problems.is_empty());
    }

    #[test]
    fn variable_is_resolved_and_read_once() {
        let code = "metrics = [dict(Name='a', Regex='x')]\n\
                    est = Estimator(metric_definitions=metrics)\n\
                    tuner = HyperparameterTuner(est, 'a', ranges, metrics, objective_type='Minimize')\n";
        let o = parse(code);
        assert_eq!(names(&o), ["a"]);
        assert_eq!(
            o.collector.objective,
            Some(Objective {
                name: "a".into(),
                direction: Direction::Minimize
            })
        );
    }

    #[test]
    fn same_name_variable_and_keyword() {
        let code = "metric_definitions = [{'Name': 'a', 'Regex': 'x'}]\n\
                    e = Estimator(metric_definitions=metric_definitions)\n\
                    t = HyperparameterTuner(metric_definitions=metric_definitions, objective_metric_name='a')\n";
        let o = parse(code);
        assert_eq!(names(&o), ["a"]);
        assert_eq!(
            o.collector.objective.map(|o| o.direction),
            Some(Direction::Maximize)
        );
    }

    #[test]
    fn unresolved_variable_is_a_note() {
        let o = parse("Estimator(metric_definitions=defs_from_elsewhere)");
        assert!(o.collector.definitions.is_empty());
        assert_eq!(o.notes.len(), 1);
        assert!(o.notes[0].message.contains("`defs_from_elsewhere`"));
    }

    #[test]
    fn boto3_style_keys() {
        let code = "sm.create_hyper_parameter_tuning_job(HyperParameterTuningJobConfig={\n\
                    'HyperParameterTuningJobObjective': {'Type': 'Minimize', 'MetricName': 'loss'}},\n\
                    TrainingJobDefinition={'AlgorithmSpecification': {'MetricDefinitions': [\n\
                    {'Name': 'loss', 'Regex': 'loss: ([0-9.]+)'}]}})";
        let o = parse(code);
        assert_eq!(names(&o), ["loss"]);
        assert_eq!(o.format, Format::Python);
        assert_eq!(
            o.collector.objective.map(|o| o.direction),
            Some(Direction::Minimize)
        );
    }

    #[test]
    fn bare_list_in_prose() {
        let text = "The docs don't say much. Example:\n=[ { \"Name\": \"loss\", \"Regex\": \"Loss = (.*?);\", }, ]\nand disc:[-0.01,0.1]";
        let o = parse(text);
        assert_eq!(o.format, Format::JsonList);
        assert_eq!(names(&o), ["loss"]);
    }

    #[test]
    fn unrelated_lists_are_ignored() {
        let o = parse("ranges = [{'min': 1, 'max': 2}]\nx = 1\n");
        assert!(o.collector.definitions.is_empty());
        assert_eq!(o.format, Format::Unknown);
    }

    #[test]
    fn comprehension_is_reported() {
        let o =
            parse("e = Estimator(metric_definitions=[{'Name': n, 'Regex': r} for n, r in pairs])");
        assert!(o.collector.definitions.is_empty());
        let all: Vec<&str> = o
            .collector
            .problems
            .iter()
            .map(|p| p.message.as_str())
            .collect();
        assert!(all.iter().any(|m| m.contains("comprehension")), "{all:?}");
    }

    #[test]
    fn json_prefers_reporting_bad_escapes() {
        let (p, d, _) = parse_value_either(r#"[{"Name": "a", "Regex": "\d"}]"#, 0, Dialect::Json);
        assert_eq!(d, Dialect::Json);
        assert_eq!(p.errors.len(), 1);
        let (p, d, _) = parse_value_either("[{'Name': 'a', 'Regex': '\\d'}]", 0, Dialect::Json);
        assert_eq!(d, Dialect::Python);
        assert!(p.errors.is_empty());
    }
}
