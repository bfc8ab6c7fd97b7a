//! Reading metric definitions from the text a user pastes.
//!
//! Users have their definitions in one of a few shapes: a JSON list of
//! `{"Name", "Regex"}` objects, an AWS API document that holds such a list
//! (CreateTrainingJob, DescribeTrainingJob, DescribeHyperParameterTuningJob), or
//! the Python SDK's `metric_definitions=[...]` literal inside some code.
//! [`parse_definitions`] takes any of them and returns every definition it could
//! read, with an [`InputError`] (line, column, span) for each part it could not.
//! A bad entry never hides its good neighbours.

mod aws;
mod literal;
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
}

impl Definition {
    /// A definition that did not come from a document (tests, the API).
    pub fn new(name: impl Into<String>, regex: impl Into<String>) -> Self {
        Definition {
            name: name.into(),
            regex: regex.into(),
            location: None,
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
    if s.is_ascii() {
        s.len()
    } else {
        s.chars().map(char::len_utf16).sum()
    }
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

/// The shape the definitions text was recognised as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// A JSON list of `{"Name", "Regex"}` objects.
    JsonList,
    /// An AWS JSON document holding `MetricDefinitions` somewhere.
    AwsJson,
    /// Python SDK code or a Python list literal.
    Python,
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

fn dispatch(text: &str) -> ParsedInput {
    let _ = (
        aws::parse,
        python::parse,
        literal::parse_json,
        literal::parse_python,
    );
    todo!("input parsing")
}
