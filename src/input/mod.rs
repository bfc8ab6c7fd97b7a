//! Reading metric definitions from the text a user pastes.
//!
//! Users have their definitions in one of a few shapes: a JSON list of
//! `{"Name", "Regex"}` objects, an AWS API document that holds such a list
//! (CreateTrainingJob, DescribeTrainingJob, DescribeHyperParameterTuningJob), or
//! the Python SDK's `metric_definitions=[...]` literal inside some code, or the
//! SDK v3's `MetricDefinition(name=..., regex=...)` objects.
//! [`parse_definitions`] takes any of them and returns every definition it could
//! read, with an [`InputError`] (line, column, span) for each part it could not.
//! A bad entry never hides its good neighbours.
//!
//! A keyword or key that SageMaker would not understand (`metric_definitons=`,
//! `"MetricDefinition":`) does not stop the reading either: the text is read as
//! meant, and an [`InputFinding`] says what SageMaker will do instead.

mod aws;
mod literal;
mod misspell;
mod python;

use serde::Serialize;

pub use literal::{Node, NodeKind};

/// One metric definition as the user wrote it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Definition {
    /// The metric name (`Name`).
    pub name: String,
    /// The regular expression (`Regex`), after the input format's string escapes
    /// were applied: exactly the text SageMaker would receive.
    pub regex: String,
    /// Where the definition's object sits in the input, if it came from a document.
    pub location: Option<Location>,
    /// Why SageMaker will record nothing for it although it reads fine (a
    /// misspelled key in it, or a misspelled keyword holding its list).
    pub findings: Vec<InputFinding>,
}

impl Definition {
    /// A definition that did not come from a document (tests, the API).
    pub fn new(name: impl Into<String>, regex: impl Into<String>) -> Self {
        Definition {
            name: name.into(),
            regex: regex.into(),
            location: None,
            findings: Vec::new(),
        }
    }
}

/// Whether the tuning job maximizes or minimizes its objective metric.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Direction {
    /// Larger is better (`"Maximize"`).
    Maximize,
    /// Smaller is better (`"Minimize"`).
    Minimize,
}

/// The objective of a hyperparameter tuning job: a metric name and a direction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Objective {
    /// `MetricName` of `HyperParameterTuningJobObjective`.
    pub name: String,
    /// `Type` of `HyperParameterTuningJobObjective`.
    pub direction: Direction,
}

/// A position in the input text. Lines and columns are 1-based; the column
/// counts Unicode scalar values. `start`/`end` are UTF-8 byte offsets and
/// `start_utf16`/`end_utf16` the same span in UTF-16 code units (for JS strings).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
pub struct Location {
    /// 1-based line of `start`.
    pub line: usize,
    /// 1-based column of `start`, in characters.
    pub column: usize,
    /// Byte offset of the start.
    pub start: usize,
    /// Byte offset just past the end.
    pub end: usize,
    /// UTF-16 offset of the start.
    pub start_utf16: usize,
    /// UTF-16 offset just past the end.
    pub end_utf16: usize,
}

impl Location {
    /// The location of bytes `start..end` of `text`.
    pub fn of_span(text: &str, start: usize, end: usize) -> Location {
        let start = floor_char_boundary(text, start.min(text.len()));
        let end = floor_char_boundary(text, end.clamp(start, text.len()));
        let before = &text[..start];
        let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = text[line_start..start].chars().count() + 1;
        let start_utf16 = utf16_len(before);
        let end_utf16 = start_utf16 + utf16_len(&text[start..end]);
        Location {
            line,
            column,
            start,
            end,
            start_utf16,
            end_utf16,
        }
    }
}

/// Number of UTF-16 code units needed for `s`.
pub fn utf16_len(s: &str) -> usize {
    // One unit per character (every byte but a continuation byte, 0x80–0xBF,
    // starts one) and a second for a character beyond U+FFFF (a four-byte
    // one, led by 0xF0–0xF4): counted eight bytes at a time, with no branch.
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // The number of bytes of `x` with bit 7 set (no other bit is): a multiply
    // sums them in the top byte, cheaper than a popcount without the instruction.
    let ones = |x: u64| ((x >> 7).wrapping_mul(0x0101_0101_0101_0101) >> 56) as usize;
    let bytes = s.as_bytes();
    let mut words = bytes.chunks_exact(8);
    let mut units = 0;
    for word in &mut words {
        let x = u64::from_le_bytes(word.try_into().unwrap_or_default());
        // Bit 7 of each byte: set for a continuation byte (10xxxxxx) …
        let continuation = x & !(x << 1) & HIGH;
        // … and for the lead of a four-byte character (11110xxx).
        let four = x & (x << 1) & (x << 2) & (x << 3) & HIGH;
        units += 8 - ones(continuation) + ones(four);
    }
    units
        + words
            .remainder()
            .iter()
            .map(|&b| usize::from((b as i8) >= -0x40) + usize::from(b >= 0xf0))
            .sum::<usize>()
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Something in the input that could not be read, with where it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InputError {
    /// What is wrong, and how to fix it when that is clear.
    pub message: String,
    /// Where it is in the definitions text.
    pub location: Location,
}

/// Something in the definitions text that reads fine but that SageMaker will
/// not act on: a misspelled keyword or key. Every one is an error (the job
/// records nothing, or the API refuses it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InputFinding {
    /// `misspelled-keyword` (a keyword argument of a Python call) or
    /// `misspelled-key` (a key of an AWS document or a Python dict).
    pub code: &'static str,
    /// The word, what SageMaker or the SDK does with it, and the right one.
    pub message: String,
    /// Where the word is in the definitions text.
    pub location: Location,
}

/// The shape the definitions text was recognised as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// A JSON list of `{"Name", "Regex"}` objects.
    JsonList,
    /// An AWS JSON document holding `MetricDefinitions` somewhere.
    AwsJson,
    /// Python SDK code or a Python list literal (`{'Name', 'Regex'}` dicts).
    Python,
    /// SageMaker Python SDK v3 code: `MetricDefinition(name=..., regex=...)`
    /// objects, as passed to `ModelTrainer(...).with_metric_definitions(...)`.
    PythonSdkV3,
    /// Nothing but white space.
    Empty,
    /// Could not be recognised.
    Unknown,
}

/// Everything read from a definitions text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParsedInput {
    /// The shape the text was read as.
    pub format: Format,
    /// Every definition read, in input order.
    pub definitions: Vec<Definition>,
    /// The tuning objective, when the input names one.
    pub objective: Option<Objective>,
    /// Everything that could not be read.
    pub errors: Vec<InputError>,
    /// Misspelled keywords and keys: read as meant, but SageMaker will not act on them.
    pub findings: Vec<InputFinding>,
}

/// Reads metric definitions from any supported format.
///
/// ```
/// let parsed = metrex::input::parse_definitions(r#"[{"Name": "loss", "Regex": "Loss = (.*?);"}]"#);
/// assert_eq!(parsed.definitions[0].name, "loss");
/// assert!(parsed.errors.is_empty());
/// ```
pub fn parse_definitions(text: &str) -> ParsedInput {
    // Implemented in the format modules; see `aws` and `python`.
    dispatch(text)
}

/// The message for a text that holds no definitions at all.
const NOTHING_FOUND: &str = "no metric definitions found: expected a list of {\"Name\", \"Regex\"} \
    objects, an AWS JSON document with MetricDefinitions, or Python code with metric_definitions=[...]";

fn dispatch(text: &str) -> ParsedInput {
    let body = text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    if body.is_empty() {
        return ParsedInput {
            format: Format::Empty,
            definitions: Vec::new(),
            objective: None,
            errors: Vec::new(),
            findings: Vec::new(),
        };
    }
    let outcome = if body.starts_with(['[', '{', '(']) {
        read_document(text)
    } else {
        python::parse(text)
    };
    finish(text, outcome)
}

/// Reads a text that starts with a bracket: one JSON value or Python literal
/// (or, when that reads nothing, code that happens to start with a bracket).
fn read_document(text: &str) -> python::Outcome {
    let json = literal::parse_json(text);
    let (mut parsed, dialect) = python::choose(text, json, literal::Dialect::Json, |_| {
        literal::parse_python(text)
    });
    if dialect == literal::Dialect::Python {
        // Code after a Python literal is just code.
        parsed.errors.retain(|e| !e.trailing);
    }
    let mut collector = aws::Collector::default();
    let shape = aws::parse(&parsed.root, &mut collector);
    if !parsed.errors.is_empty() && collector.definitions.is_empty() {
        // Perhaps code that happens to start with a bracket.
        let code = python::parse(text);
        if !code.collector.definitions.is_empty() {
            return code;
        }
    }
    let format = match (shape, dialect) {
        (_, literal::Dialect::Python) if collector.v3 => Format::PythonSdkV3,
        (aws::Shape::Nothing, _) => Format::Unknown,
        (_, literal::Dialect::Python) => Format::Python,
        (aws::Shape::List, literal::Dialect::Json) => Format::JsonList,
        (aws::Shape::Aws, literal::Dialect::Json) => Format::AwsJson,
    };
    python::Outcome {
        format,
        collector,
        syntax: parsed.errors,
        notes: Vec::new(),
    }
}

/// Turns byte spans into locations and applies the "nothing found" rule.
fn finish(text: &str, outcome: python::Outcome) -> ParsedInput {
    let python::Outcome {
        format,
        collector,
        syntax,
        notes,
    } = outcome;
    let mut raw: Vec<(String, (usize, usize))> = syntax
        .into_iter()
        .map(|e| (e.message, e.span))
        .chain(collector.problems.into_iter().map(|p| (p.message, p.span)))
        .collect();
    if collector.definitions.is_empty() && raw.is_empty() {
        let mut message = NOTHING_FOUND.to_owned();
        let mut locator = Locator::new(text);
        if let Some(span) = collector.empty_list {
            let at = locator.locate(span.0, span.1);
            message.push_str(&format!(
                " (the list at line {}, column {} is empty)",
                at.line, at.column
            ));
        } else if let Some(note) = notes.first() {
            message.push_str(&format!(" ({})", note.message));
        }
        raw.push((message, (0, 0)));
    }
    raw.sort_by_key(|(_, span)| *span);
    let mut locator = Locator::new(text);
    let errors = raw
        .into_iter()
        .map(|(message, (start, end))| InputError {
            message,
            location: locator.locate(start, end),
        })
        .collect();
    // Both come in text order (see `Collector::add_definition`).
    let mut locator = Locator::new(text);
    let findings = collector
        .misspellings
        .into_iter()
        .map(|m| InputFinding {
            code: m.code,
            message: m.message,
            location: locator.locate(m.span.0, m.span.1),
        })
        .collect();
    let found = collector.definitions;
    // A definition's own words follow one another; the keyword of its list
    // is shared by all its neighbours: one locator each, one pass each.
    let mut own = Locator::new(text);
    let mut shared = Locator::new(text);
    let mut last_shared: Option<((usize, usize), Location)> = None;
    let mut locate = |m: misspell::Misspelling, within: (usize, usize)| {
        let (start, end) = m.span;
        let location = if start >= within.0 && end <= within.1 {
            own.locate(start, end)
        } else {
            match last_shared {
                Some((span, location)) if span == m.span => location,
                _ => {
                    let location = shared.locate(start, end);
                    last_shared = Some((m.span, location));
                    location
                }
            }
        };
        InputFinding {
            code: m.code,
            message: m.message,
            location,
        }
    };
    let mut locator = Locator::new(text);
    let definitions = found
        .into_iter()
        .map(|d| Definition {
            name: d.name,
            regex: d.regex,
            location: Some(locator.locate(d.span.0, d.span.1)),
            findings: d.issues.into_iter().map(|m| locate(m, d.span)).collect(),
        })
        .collect();
    ParsedInput {
        format,
        definitions,
        objective: collector.objective,
        errors,
        findings,
    }
}

/// Computes [`Location`]s for many spans in one pass over the text when they
/// come in increasing order (as [`Location::of_span`] would, without
/// rescanning the text from its start for each one).
struct Locator<'a> {
    text: &'a str,
    /// Byte offset reached, on a character boundary.
    pos: usize,
    line: usize,
    column: usize,
    utf16: usize,
}

impl<'a> Locator<'a> {
    fn new(text: &'a str) -> Self {
        Locator {
            text,
            pos: 0,
            line: 1,
            column: 1,
            utf16: 0,
        }
    }

    fn locate(&mut self, start: usize, end: usize) -> Location {
        let text = self.text;
        let start = floor_char_boundary(text, start.min(text.len()));
        let end = floor_char_boundary(text, end.clamp(start, text.len()));
        if start < self.pos {
            *self = Locator::new(text);
        }
        for c in text.get(self.pos..start).unwrap_or("").chars() {
            if c == '\n' {
                self.line += 1;
                self.column = 1;
            } else {
                self.column += 1;
            }
            self.utf16 += c.len_utf16();
        }
        self.pos = start;
        Location {
            line: self.line,
            column: self.column,
            start,
            end,
            start_utf16: self.utf16,
            end_utf16: self.utf16 + utf16_len(text.get(start..end).unwrap_or("")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_len_counts_utf16_code_units() {
        for text in [
            "",
            "abc",
            "é",
            "한국어",
            "😀 é\u{7f}\u{80}",
            "\u{ffff}\u{10000}\u{10ffff}",
        ] {
            let units: usize = text.chars().map(char::len_utf16).sum();
            assert_eq!(utf16_len(text), units, "{text:?}");
            assert_eq!(utf16_len(text), text.encode_utf16().count(), "{text:?}");
        }
    }

    #[test]
    fn locator_agrees_with_of_span() {
        let text = "a\r\n한국어 {\"x\"}\n😀 é\n\nlast";
        let mut spans = Vec::new();
        for s in 0..=text.len() + 2 {
            for e in [s, s + 1, s + 5, 0] {
                spans.push((s, e));
            }
        }
        let mut locator = Locator::new(text);
        for &(s, e) in &spans {
            assert_eq!(
                locator.locate(s, e),
                Location::of_span(text, s, e),
                "{s}..{e}"
            );
        }
    }

    #[test]
    fn blank_text_is_empty() {
        for text in ["", "  \n\t ", "\u{feff}\n"] {
            let parsed = parse_definitions(text);
            assert_eq!(parsed.format, Format::Empty);
            assert!(parsed.definitions.is_empty() && parsed.errors.is_empty());
        }
    }

    #[test]
    fn nothing_found_is_one_error_at_the_start() {
        for text in [
            "{\"TrainingJobName\": \"x\"}",
            "print('hello')",
            "[]",
            "  [1, 2]",
        ] {
            let parsed = parse_definitions(text);
            assert!(parsed.definitions.is_empty(), "{text}");
            if text.trim() == "[1, 2]" {
                // Elements that are not objects are errors of their own.
                assert_eq!(parsed.errors.len(), 2);
                continue;
            }
            assert_eq!(parsed.errors.len(), 1, "{text}: {:?}", parsed.errors);
            assert!(parsed.errors[0].message.starts_with(NOTHING_FOUND));
            assert_eq!(
                (
                    parsed.errors[0].location.line,
                    parsed.errors[0].location.column
                ),
                (1, 1)
            );
        }
        assert_eq!(parse_definitions("print('hello')").format, Format::Unknown);
    }

    #[test]
    fn detection() {
        let cases = [
            (r#"[{"Name": "a", "Regex": "b"}]"#, Format::JsonList),
            (
                r#"{"MetricDefinitions": [{"Name": "a", "Regex": "b"}]}"#,
                Format::AwsJson,
            ),
            ("[{'Name': 'a', 'Regex': r'b'}]", Format::Python),
            (
                "[{\"Name\": \"a\", \"Regex\": \"b\", \"On\": True}]",
                Format::Python,
            ),
            (
                "metric_definitions=[{'Name': 'a', 'Regex': 'b'}]",
                Format::Python,
            ),
            ("=[{\"Name\": \"a\", \"Regex\": \"b\"},]", Format::JsonList),
            (
                "MetricDefinitions = [{\"Name\": \"a\", \"Regex\": \"b\"}]",
                Format::AwsJson,
            ),
            (
                "\"MetricDefinitions\": [{\"Name\": \"a\", \"Regex\": \"b\"}]",
                Format::AwsJson,
            ),
        ];
        for (text, format) in cases {
            let parsed = parse_definitions(text);
            assert_eq!(parsed.format, format, "{text}");
            assert_eq!(parsed.definitions.len(), 1, "{text}: {:?}", parsed.errors);
        }
    }
}
