//! Near-misses of the few words that decide whether SageMaker records
//! anything: the SDK's `metric_definitions`, `objective_metric_name` and
//! `objective_type` keywords, and the API's `MetricDefinitions`, `Name`,
//! `Regex`, `HyperParameterTuningJobObjective`, `MetricName` and `Type` keys.
//!
//! A misspelled keyword is the worst kind of slip: the SDK's estimators take
//! unknown keywords through `**kwargs` without a word (aws/sagemaker-python-sdk
//! #2275), so the job runs and records nothing; a misspelled API key makes
//! the API refuse the request. Either way the definitions themselves may be
//! perfect, so these are findings of their own, pointing at the word.
//!
//! A word is a near-miss of a target when it differs from it and either
//! matches once case, `_`, `-` and spaces are ignored (`metricDefinitions`,
//! `Metric_Definitions`) or is within a small edit distance of it, scaled to
//! its length (`metric_definitons`, `MetricDefinition`). Short targets
//! (`Name`, `Type`) are only compared with keys of the objects that hold
//! them, never with every word of a file.

/// Finding code for a misspelled keyword argument of a Python call.
pub const KEYWORD: &str = "misspelled-keyword";
/// Finding code for a misspelled key of an AWS document or a Python dict.
pub const KEY: &str = "misspelled-key";

/// The SDK keywords checked in every call.
const KEYWORDS: [&str; 3] = [
    "metric_definitions",
    "objective_metric_name",
    "objective_type",
];

/// A misspelled word, with its byte span and what to say about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Misspelling {
    /// [`KEYWORD`] or [`KEY`].
    pub code: &'static str,
    /// The word as written.
    pub word: String,
    /// The word meant.
    pub right: &'static str,
    /// What SageMaker or the SDK does with it, and the right word.
    pub message: String,
    /// Byte span of the word (inside its quotes for a key).
    pub span: (usize, usize),
}

impl Misspelling {
    /// `word`, a keyword argument of `callee(...)`, misspells the SDK keyword `right`.
    pub fn keyword(word: &str, right: &'static str, callee: &str, span: (usize, usize)) -> Self {
        Misspelling {
            code: KEYWORD,
            word: word.to_owned(),
            right,
            message: keyword_message(word, right, callee),
            span,
        }
    }

    /// `word`, a key of an object, misspells `right`; `path` is where the API
    /// would meet it (for its error message), or empty.
    pub fn key(word: &str, right: &'static str, path: &str, span: (usize, usize)) -> Self {
        Misspelling {
            code: KEY,
            word: word.to_owned(),
            right,
            message: key_message(word, right, path),
            span,
        }
    }

    /// The issue of each definition in a list held by this misspelled word:
    /// SageMaker never receives them.
    pub fn for_list(&self) -> Misspelling {
        let why = if self.code == KEYWORD || snake_case(&self.word) {
            "which the SDK ignores"
        } else {
            "which the API refuses"
        };
        Misspelling {
            message: format!(
                "SageMaker records nothing for this metric: its list is given as `{}`, {why}. \
                 Write `{}`",
                self.word, self.right
            ),
            ..self.clone()
        }
    }
}

/// `word` in ASCII lower case, without `_`, `-` and spaces. (The words it
/// is compared with are ASCII; other letters simply count as different.)
pub(super) fn normalize(word: &str) -> String {
    word.chars()
        .filter(|c| !matches!(c, '_' | '-' | ' '))
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Edit distance where swapping two neighbours counts as one edit (optimal
/// string alignment), over bytes: the words compared are ASCII.
pub(super) fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let width = b.len() + 1;
    // Three rows, side by side: two back (for swaps), one back, current.
    let mut rows = vec![0usize; 3 * width];
    for (j, cell) in rows[width..2 * width].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        let (back2, rest) = rows.split_at_mut(width);
        let (back1, row) = rest.split_at_mut(width);
        row[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (back1[j - 1] + cost).min(back1[j] + 1).min(row[j - 1] + 1);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(back2[j - 2] + 1);
            }
            row[j] = best;
        }
        // The current row becomes one back, one back becomes two back.
        rows.rotate_left(width);
    }
    rows[2 * width - 1]
}

/// Whether `word` is a near-miss of `target` (and not `target` itself).
pub(super) fn is_near(word: &str, target: &str) -> bool {
    if word == target {
        return false;
    }
    let (w, t) = (normalize(word), normalize(target));
    if w == t {
        return true;
    }
    // Edits allowed grow with the length: one in `type`, two in
    // `metricdefinitions`, three in `hyperparametertuningjobobjective`.
    let allowed = match t.chars().count() {
        0..=5 => 1,
        6..=19 => 2,
        _ => 3,
    };
    // A cheap bound first: lengths that differ by more cannot be near.
    w.len().abs_diff(t.len()) <= allowed && edit_distance(&w, &t) <= allowed
}

/// The SDK keyword that `word`, a keyword argument of a call, misspells.
pub(super) fn near_keyword(word: &str) -> Option<&'static str> {
    if KEYWORDS.contains(&word) {
        return None;
    }
    KEYWORDS.into_iter().find(|k| is_near(word, k))
}

/// Whether a key looks like a Python keyword (`metric_definitons`) rather
/// than an API key (`MetricDefinition`): lower case with an underscore.
pub(super) fn snake_case(word: &str) -> bool {
    word.contains('_') && !word.chars().any(|c| c.is_ascii_uppercase())
}

/// The message for `word`, a keyword argument of `callee(...)` that
/// misspells the SDK keyword `right`.
fn keyword_message(word: &str, right: &str, callee: &str) -> String {
    if callee == "HyperparameterTuner" {
        return format!(
            "`{word}` is not a parameter of HyperparameterTuner: Python stops with \"TypeError: \
             HyperparameterTuner.__init__() got an unexpected keyword argument '{word}'\" and no \
             tuning job starts. Write `{right}`"
        );
    }
    let call = if callee.is_empty() {
        "the call".to_owned()
    } else {
        format!("{callee}(...)")
    };
    let what = if right == "metric_definitions" {
        "its metric definitions, and SageMaker records nothing"
    } else {
        "this part of the tuning objective"
    };
    format!(
        "`{word}` is not a SageMaker SDK keyword, so {call} never gets {what}: the SDK's \
         estimators take unknown keywords through **kwargs without a word \
         (aws/sagemaker-python-sdk#2275). Write `{right}`"
    )
}

/// The message for `word`, a key of an AWS document or a Python dict that
/// misspells `right`. `path` is where the API would see it
/// (`MetricDefinitions[0]`), for its error message.
fn key_message(word: &str, right: &str, path: &str) -> String {
    if snake_case(word) && snake_case(right) {
        // A dict of SDK keywords, later spread into a call with `**`.
        return keyword_message(word, right, "");
    }
    let within = if path.is_empty() {
        String::new()
    } else {
        format!(" in {path}")
    };
    format!(
        "`{word}` is not a SageMaker API key: the API refuses the whole request (Unknown \
         parameter{within}: \"{word}\"), so nothing runs and nothing is recorded. Write `{right}`"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("ab", "ba"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("metircdefinitions", "metricdefinitions"), 1);
    }

    #[test]
    fn keyword_near_misses() {
        for word in [
            "metric_definitons",
            "metric_definition",
            "metrics_definitions",
            "metricDefinitions",
            "Metric_Definitions",
            "MetricDefinitions",
            "metric-definitions",
            "metirc_definitions",
        ] {
            assert_eq!(near_keyword(word), Some("metric_definitions"), "{word}");
        }
        assert_eq!(
            near_keyword("objective_metric_nme"),
            Some("objective_metric_name")
        );
        assert_eq!(near_keyword("objectiveType"), Some("objective_type"));
        assert_eq!(near_keyword("objetive_type"), Some("objective_type"));
        for word in [
            "metric_definitions",
            "objective_metric_name",
            "objective_type",
            "metric_definitions_dict",
            "metric_defs",
            "metrics",
            "objective",
            "objective_name",
            "instance_type",
            "entry_point",
            "hyperparameters",
            "max_jobs",
            "strategy",
        ] {
            assert_eq!(near_keyword(word), None, "{word}");
        }
    }

    #[test]
    fn key_near_misses() {
        assert!(is_near("MetricDefinition", "MetricDefinitions"));
        assert!(is_near("metricDefinitions", "MetricDefinitions"));
        assert!(is_near(
            "HyperparameterTuningObjective",
            "HyperParameterTuningJobObjective"
        ));
        assert!(is_near("Tpye", "Type"));
        assert!(is_near("type", "Type"));
        assert!(is_near("MetricNmae", "MetricName"));
        assert!(!is_near("Type", "Type"));
        assert!(!is_near("Name", "Type"));
        assert!(!is_near(
            "HyperParameterTuningJobConfig",
            "HyperParameterTuningJobObjective"
        ));
        assert!(!is_near(
            "HyperParameterTuningJobName",
            "HyperParameterTuningJobObjective"
        ));
        assert!(!is_near("TrainingJobDefinitions", "MetricDefinitions"));
    }
}
