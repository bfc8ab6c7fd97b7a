//! The report: one serde type shared by the library, `metrex check --json` and
//! the wasm API. Every field is documented in the README ("The report").

use serde::{Deserialize, Serialize};

use crate::input::{Direction, Format, InputError, Location};
use crate::value::DropReason;

/// Version of the report's shape; bumped when a field changes meaning.
pub const REPORT_VERSION: u32 = 1;

/// The result of checking a set of metric definitions against a log.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// [`REPORT_VERSION`].
    pub version: u32,
    /// The shape the definitions text was read as.
    pub format: Format,
    /// Whether CloudWatch escaping of control characters was applied.
    pub escape: bool,
    /// Number of log lines scanned.
    pub lines: u64,
    /// Parts of the definitions text that could not be read.
    pub input_errors: Vec<InputError>,
    /// Findings about the set as a whole (count limit, duplicate names, objective).
    pub warnings: Vec<Finding>,
    /// One entry per definition, in input order.
    pub definitions: Vec<DefinitionReport>,
    /// The tuning objective, when the input or the options name one.
    pub objective: Option<ObjectiveReport>,
}

/// What one metric definition did on the log.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DefinitionReport {
    /// The metric name.
    pub name: String,
    /// The regex as SageMaker receives it.
    pub regex: String,
    /// Where the definition sits in the definitions text, when known.
    pub location: Option<Location>,
    /// Why the definition records nothing at all (bad pattern, no capture group), or null.
    pub error: Option<PatternError>,
    /// Lint findings, most serious first.
    pub warnings: Vec<Finding>,
    /// One entry per counted match (a line's leftmost match), in log order; at most
    /// `max_captures` of them (see `captures_omitted`).
    pub captures: Vec<Capture>,
    /// Counted matches not listed in `captures` because of `max_captures`.
    pub captures_omitted: u64,
    /// Matches after the first one in a line, which SageMaker ignores. Filled
    /// only when the `all_matches` option is on (at most `max_captures`).
    pub ignored: Vec<Capture>,
    /// Count, final value, min and max.
    pub summary: Summary,
}

/// One match of a definition in one line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Capture {
    /// 1-based line number in the log.
    pub line: u64,
    /// The text of capture group 1 as SageMaker sees it (after escaping), or
    /// null when group 1 took no part in the match.
    pub text: Option<String>,
    /// The recorded value, or null when the capture was dropped.
    pub value: Option<f64>,
    /// Why the capture was dropped, or null when it was recorded.
    pub reason: Option<DropReason>,
    /// The whole match, in the line as the user pasted it.
    #[serde(rename = "match")]
    pub matched: LineSpan,
    /// Capture group 1, in the line as the user pasted it; null when it took no part.
    pub group: Option<LineSpan>,
}

/// A span within one log line, relative to the line's first character, in the
/// text as pasted (escaping undone: a match of `#011` covers the one TAB).
/// Both UTF-8 byte offsets and UTF-16 code unit offsets are given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default, Deserialize)]
pub struct LineSpan {
    /// UTF-8 byte offset of the start.
    pub start: usize,
    /// UTF-8 byte offset just past the end.
    pub end: usize,
    /// UTF-16 offset of the start (JavaScript string index).
    pub start_utf16: usize,
    /// UTF-16 offset just past the end.
    pub end_utf16: usize,
}

/// Figures over the recorded values of one definition.
#[derive(Debug, Clone, PartialEq, Serialize, Default, Deserialize)]
pub struct Summary {
    /// Lines where the definition matched.
    pub matched: u64,
    /// Values recorded.
    pub count: u64,
    /// Matches whose capture was dropped.
    pub dropped: u64,
    /// The latest value recorded: what the job reports as the metric's final value.
    #[serde(rename = "final")]
    pub final_value: Option<f64>,
    /// `final` rounded to a 32-bit float, as DescribeTrainingJob's
    /// `FinalMetricDataList` shows it.
    pub final_f32: Option<f64>,
    /// Line of the final value.
    pub final_line: Option<u64>,
    /// Smallest value recorded.
    pub min: Option<f64>,
    /// Largest value recorded.
    pub max: Option<f64>,
}

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// SageMaker will refuse the job or record nothing for the metric.
    Error,
    /// SageMaker will record something other than what was most likely meant.
    Warning,
    /// Worth knowing; nothing is lost.
    Info,
}

/// A lint finding.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// Stable kebab-case code, e.g. `empty-capture`.
    pub code: &'static str,
    /// How serious it is.
    pub severity: Severity,
    /// What SageMaker will do, and how to fix it.
    pub message: String,
    /// A log line that shows the problem, when one does.
    pub example: Option<Example>,
    /// Where the problem is in the definitions text, when it is there (a
    /// misspelled keyword or key), as in `input_errors`.
    pub location: Option<Location>,
}

/// A log line quoted by a finding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Example {
    /// 1-based line number.
    pub line: u64,
    /// The line as SageMaker sees it (escaped), cut to a readable length.
    pub text: String,
    /// The text captured by group 1 on that line, when relevant.
    pub captured: Option<String>,
}

/// Why a pattern cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PatternError {
    /// Stable kebab-case code: `syntax`, `unsupported-look-around`,
    /// `unsupported-backreference`, `python-anchor`, `too-large`, `no-capture-group`, ...
    pub code: &'static str,
    /// A plain-language message.
    pub message: String,
    /// The offending part of the pattern, when there is one.
    pub span: Option<PatternSpan>,
}

/// A span in a pattern, in bytes, UTF-16 code units and characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PatternSpan {
    /// UTF-8 byte offset of the start.
    pub start: usize,
    /// UTF-8 byte offset just past the end.
    pub end: usize,
    /// UTF-16 offset of the start.
    pub start_utf16: usize,
    /// UTF-16 offset just past the end.
    pub end_utf16: usize,
    /// 0-based character column of the start (where a caret goes).
    pub column: usize,
    /// Width in characters (at least 1, for the caret line).
    pub width: usize,
}

/// The tuning objective and how the log scores on it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ObjectiveReport {
    /// The objective metric's name.
    pub name: String,
    /// `Maximize` or `Minimize`.
    pub direction: Direction,
    /// Whether a definition has that name (SageMaker refuses the tuning job otherwise).
    pub defined: bool,
    /// The final (latest) value: what the tuning job ranks training jobs by.
    #[serde(rename = "final")]
    pub final_value: Option<f64>,
    /// `final` as a 32-bit float, as the API shows it.
    pub final_f32: Option<f64>,
    /// The best value seen over the log, in the objective's direction.
    pub best: Option<f64>,
    /// Line of `best`.
    pub best_line: Option<u64>,
}

impl Report {
    /// True when every definition compiled and recorded at least one value, and no
    /// finding is an error: the CLI's exit code 0.
    pub fn all_ok(&self) -> bool {
        self.input_errors.is_empty()
            && !self.definitions.is_empty()
            && self.warnings.iter().all(|w| w.severity != Severity::Error)
            && self.definitions.iter().all(|d| {
                d.error.is_none()
                    && d.summary.count > 0
                    && d.warnings.iter().all(|w| w.severity != Severity::Error)
            })
    }
}
