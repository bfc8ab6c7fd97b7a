//! The pitfalls users hit, explained: each finding says what SageMaker will do
//! and how to fix it. Codes are stable (see the README's list).
//!
//! Three kinds of finding: from the pattern text alone ([`pattern_findings`]),
//! from what the matches showed on the log ([`observation_findings`]), and
//! about the set of definitions as a whole (limits, names, the objective).

use std::collections::HashMap;

use regex_syntax::ast::{self, Ast};

use crate::evaluate::{Evaluation, Evidence, MetricState, Observations};
use crate::input::{Definition, Direction, InputFinding, Objective};
use crate::report::{DefinitionReport, Finding, ObjectiveReport, Report, Severity, REPORT_VERSION};

/// SageMaker's limit on definitions per job (20 before August 2019).
pub const MAX_DEFINITIONS: usize = 40;
/// SageMaker's limit on a metric name, in characters.
pub const MAX_NAME_CHARS: usize = 255;
/// SageMaker's limit on a regex, in characters.
pub const MAX_REGEX_CHARS: usize = 500;

/// The regex AWS's built-in algorithms use for a number in the middle of a line.
const NUMBER_REGEX: &str = r"([-+]?[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)";

fn finding(code: &'static str, severity: Severity, message: String) -> Finding {
    Finding {
        code,
        severity,
        message,
        example: None,
        location: None,
    }
}

/// A misspelled keyword or key found while reading the input: SageMaker
/// records nothing (or refuses the job), so it is always an error.
fn input_finding(found: &InputFinding) -> Finding {
    Finding {
        location: Some(found.location),
        ..finding(found.code, Severity::Error, found.message.clone())
    }
}

/// Findings from the pattern text alone. `escape` says whether CloudWatch
/// escaping is on (a TAB in the pattern only matters then).
pub fn pattern_findings(definition: &Definition, escape: bool) -> Vec<Finding> {
    let mut out = Vec::new();
    let name_chars = definition.name.chars().count();
    if name_chars == 0 || name_chars > MAX_NAME_CHARS {
        out.push(finding(
            "name-length",
            Severity::Error,
            format!(
                "the name has {name_chars} characters; SageMaker accepts 1 to {MAX_NAME_CHARS} and refuses the job otherwise"
            ),
        ));
    }
    let regex_chars = definition.regex.chars().count();
    if regex_chars > MAX_REGEX_CHARS {
        out.push(finding(
            "regex-length",
            Severity::Error,
            format!(
                "the regex has {regex_chars} characters; SageMaker accepts at most {MAX_REGEX_CHARS} and refuses the job otherwise"
            ),
        ));
    }
    if let Some(pair) = doubled_backslash(&definition.regex) {
        out.push(finding(
            "doubled-backslash",
            Severity::Warning,
            format!(
                "`{pair}` matches a literal backslash followed by `{}`, not `\\{}`: the pattern was \
                 probably escaped twice (a JSON-escaped string pasted into a Python raw string, \
                 or `\\\\` inside r'…'). Use a single backslash",
                &pair[2..],
                &pair[2..]
            ),
        ));
    }
    // The rest needs a syntax tree; a pattern that does not parse has its error already.
    let Ok(tree) = ast::parse::ParserBuilder::new()
        .nest_limit(100)
        .build()
        .parse(&definition.regex)
    else {
        return out;
    };
    let mut walk = AstWalk::default();
    walk.visit(&tree, false);
    if let Some(op) = walk.repeated_repetition {
        out.push(finding(
            "possessive-quantifier",
            Severity::Warning,
            format!(
                "`{op}` is a possessive quantifier in Python 3.11+ but a repeated repetition here: \
                 it compiles and may match differently. Write a single quantifier"
            ),
        ));
    }
    if walk.newline {
        out.push(finding(
            "newline-in-pattern",
            Severity::Warning,
            "the pattern contains a line feed, which can never match: SageMaker matches each \
             line on its own. Match the end of the line with `$` instead"
                .into(),
        ));
    }
    if escape {
        if walk.tab {
            out.push(finding(
                "raw-tab",
                Severity::Warning,
                "the pattern expects a TAB, but SageMaker sees TABs as `#011` (CloudWatch \
                 escaping), so it never matches there. Write `#011` where the TAB is"
                    .into(),
            ));
        } else if let Some(c) = walk.control {
            out.push(finding(
                "control-character",
                Severity::Warning,
                format!(
                    "the pattern expects the control character U+{:04X}, but SageMaker sees it as \
                     `#{:03o}` (CloudWatch escaping). Write `#{:03o}` instead",
                    c as u32, c as u32, c as u32
                ),
            ));
        }
    }
    out
}

/// The first `\\` followed by a character that is only meaningful escaped,
/// e.g. `\\d` or `\\[`, as written in the pattern.
fn doubled_backslash(pattern: &str) -> Option<String> {
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            continue;
        }
        let Some(next) = chars.next() else { break };
        if next == '\\' {
            if let Some(&after) = chars.peek() {
                if "dDsSwWbB[](){}.+*?|".contains(after) {
                    return Some(format!("\\\\{after}"));
                }
            }
        }
    }
    None
}

/// What a walk over the syntax tree noticed.
#[derive(Default)]
struct AstWalk {
    repeated_repetition: Option<String>,
    newline: bool,
    tab: bool,
    control: Option<char>,
}

impl AstWalk {
    fn visit(&mut self, node: &Ast, in_class: bool) {
        match node {
            Ast::Literal(lit) if !in_class => self.literal(lit.c),
            Ast::Repetition(rep) => {
                if let Ast::Repetition(inner) = &*rep.ast {
                    if self.repeated_repetition.is_none() {
                        let op = |r: &ast::Repetition| match &r.op.kind {
                            ast::RepetitionKind::ZeroOrOne => "?".to_string(),
                            ast::RepetitionKind::ZeroOrMore => "*".to_string(),
                            ast::RepetitionKind::OneOrMore => "+".to_string(),
                            ast::RepetitionKind::Range(_) => "{…}".to_string(),
                        };
                        self.repeated_repetition = Some(format!("x{}{}", op(inner), op(rep)));
                    }
                }
                self.visit(&rep.ast, in_class);
            }
            Ast::Group(group) => self.visit(&group.ast, in_class),
            Ast::Alternation(alt) => alt.asts.iter().for_each(|a| self.visit(a, in_class)),
            Ast::Concat(concat) => concat.asts.iter().for_each(|a| self.visit(a, in_class)),
            _ => {}
        }
    }

    fn literal(&mut self, c: char) {
        match c {
            '\n' => self.newline = true,
            '\t' => self.tab = true,
            c if c.is_ascii_control() => {
                self.control.get_or_insert(c);
            }
            _ => {}
        }
    }
}

/// Findings from what the definition's matches did on the log.
pub fn observation_findings(observations: &Observations, matched: u64, lines: u64) -> Vec<Finding> {
    let mut out = Vec::new();
    if lines > 0 && matched == 0 {
        out.push(finding(
            "no-match",
            Severity::Warning,
            format!(
                "matches none of the {lines} lines: SageMaker would record nothing for this \
                 metric. Check the literal text, and remember that SageMaker sees a TAB as `#011`"
            ),
        ));
    }
    let with_example = |code, severity, message: String, evidence: &Evidence| Finding {
        code,
        severity,
        message,
        example: evidence.examples.first().cloned(),
        location: None,
    };
    let lines_word = |n: u64| if n == 1 { "line" } else { "lines" };
    let o = observations;
    if o.empty.count > 0 {
        out.push(with_example(
            "empty-capture",
            Severity::Warning,
            format!(
                "group 1 captured empty text on {} {}: nothing is recorded there. A lazy `(.*?)` \
                 with nothing after it matches the empty string; end it with the text that \
                 follows the number (`Loss = (.*?);`) or capture the number itself: `{NUMBER_REGEX}`",
                o.empty.count,
                lines_word(o.empty.count)
            ),
            &o.empty,
        ));
    }
    if o.not_a_number.count > 0 {
        let texts: Vec<String> = o
            .not_a_number
            .examples
            .iter()
            .filter_map(|e| e.captured.as_deref())
            .map(|t| format!("`{}`", shorten(t, 40)))
            .collect();
        let escaped_tab = o
            .not_a_number
            .examples
            .iter()
            .filter_map(|e| e.captured.as_deref())
            .any(|t| t.contains("#0"));
        let hint = if escaped_tab {
            format!(
                "the capture runs into `#011`, an escaped TAB: SageMaker sees TABs as `#011`, so \
                 `\\S+` or `.*` does not stop there. Capture only the number: `{NUMBER_REGEX}`"
            )
        } else {
            format!(
                "SageMaker keeps only decimal numbers; capture only the number: `{NUMBER_REGEX}`"
            )
        };
        out.push(with_example(
            "not-a-number",
            Severity::Warning,
            format!(
                "group 1 captured text that is not a number on {} {} ({}), which SageMaker drops; {hint}",
                o.not_a_number.count,
                lines_word(o.not_a_number.count),
                texts.join(", ")
            ),
            &o.not_a_number,
        ));
    }
    if o.truncated.count > 0 {
        let (cut, rest) = o
            .truncated
            .examples
            .first()
            .and_then(|e| e.captured.as_deref())
            .and_then(|c| c.split_once('|'))
            .unwrap_or(("", ""));
        out.push(with_example(
            "truncated-number",
            Severity::Warning,
            format!(
                "group 1 stops inside a number on {} {}: it captured `{cut}` but the line goes on \
                 with `{rest}`, so SageMaker records {cut} instead of {cut}{rest}. Capture the \
                 whole number, exponent included: `{NUMBER_REGEX}`",
                o.truncated.count,
                lines_word(o.truncated.count)
            ),
            &o.truncated,
        ));
    }
    if o.no_group.count > 0 {
        out.push(with_example(
            "no-group-match",
            Severity::Warning,
            format!(
                "on {} {} the pattern matched but group 1 took no part (it sits in an optional \
                 or alternative branch), so nothing is recorded there",
                o.no_group.count,
                lines_word(o.no_group.count)
            ),
            &o.no_group,
        ));
    }
    if o.out_of_range.count > 0 {
        out.push(with_example(
            "out-of-range",
            Severity::Warning,
            format!(
                "on {} {} the number is not finite or beyond 2^360, which CloudWatch refuses",
                o.out_of_range.count,
                lines_word(o.out_of_range.count)
            ),
            &o.out_of_range,
        ));
    }
    if o.several.count > 0 {
        out.push(with_example(
            "several-matches",
            Severity::Warning,
            format!(
                "{} {} match more than once; SageMaker records only the first match of a line. \
                 Make the pattern specific to the value you want",
                o.several.count,
                lines_word(o.several.count)
            ),
            &o.several,
        ));
    }
    out
}

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let mut s: String = text.chars().take(max).collect();
        s.push('…');
        s
    }
}

/// Assembles the report: compile errors, every kind of finding, the summaries
/// and the objective.
pub(crate) fn build_report(evaluation: Evaluation) -> Report {
    let Evaluation {
        parsed,
        options,
        errors,
        states,
        lines,
    } = evaluation;
    let mut warnings: Vec<Finding> = parsed.findings.iter().map(input_finding).collect();
    let count = parsed.definitions.len();
    if count > MAX_DEFINITIONS {
        warnings.push(finding(
            "too-many-definitions",
            Severity::Error,
            format!(
                "{count} definitions: SageMaker accepts at most {MAX_DEFINITIONS} per job (20 \
                 before August 2019) and refuses the job otherwise"
            ),
        ));
    }
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let mut duplicates: Vec<usize> = Vec::new();
    for (i, d) in parsed.definitions.iter().enumerate() {
        if seen.insert(d.name.as_str(), i).is_some() {
            duplicates.push(i);
        }
    }
    let mut definitions = Vec::with_capacity(count);
    let mut best_lines = Vec::with_capacity(count);
    for (i, ((definition, error), state)) in parsed
        .definitions
        .iter()
        .zip(errors)
        .zip(states)
        .enumerate()
    {
        let mut findings: Vec<Finding> = definition.findings.iter().map(input_finding).collect();
        findings.extend(pattern_findings(definition, options.escape));
        if duplicates.contains(&i) {
            findings.push(finding(
                "duplicate-name",
                Severity::Warning,
                format!(
                    "another definition is also named `{}`: both feed the same metric, so its \
                     values interleave. Give each definition its own name",
                    definition.name
                ),
            ));
        }
        if error.is_none() {
            findings.extend(observation_findings(
                &state.observations,
                state.summary.matched,
                lines,
            ));
        }
        findings.sort_by_key(|f| f.severity);
        best_lines.push(ExtremeLines {
            min: state.min_line,
            max: state.max_line,
        });
        let mut report = definition_report(definition, state);
        report.error = error;
        report.warnings = findings;
        definitions.push(report);
    }
    let objective = options.objective.or(parsed.objective).map(|objective| {
        let found = definitions.iter().position(|d| d.name == objective.name);
        if found.is_none() {
            warnings.push(objective_missing(&objective, &definitions));
        }
        objective_report(objective, found.map(|i| (&definitions[i], best_lines[i])))
    });
    Report {
        version: REPORT_VERSION,
        format: parsed.format,
        escape: options.escape,
        lines,
        input_errors: parsed.errors,
        warnings,
        definitions,
        objective,
    }
}

fn objective_missing(
    objective: &Objective,
    definitions: &[crate::report::DefinitionReport],
) -> Finding {
    let near = definitions
        .iter()
        .find(|d| {
            d.name.eq_ignore_ascii_case(&objective.name)
                || d.name.replace(['-', '_', ':'], "")
                    == objective.name.replace(['-', '_', ':'], "")
        })
        .map(|d| format!(" Did you mean `{}`?", d.name))
        .unwrap_or_default();
    finding(
        "objective-missing",
        Severity::Error,
        format!(
            "the objective metric `{}` is not among the definitions: SageMaker refuses the tuning \
             job (\"A metric is required for this hyperparameter tuning job objective\").{near}",
            objective.name
        ),
    )
}

/// Lines of a definition's smallest and largest values.
#[derive(Clone, Copy)]
struct ExtremeLines {
    min: Option<u64>,
    max: Option<u64>,
}

fn objective_report(
    objective: Objective,
    found: Option<(&crate::report::DefinitionReport, ExtremeLines)>,
) -> ObjectiveReport {
    let (final_value, final_f32, best, best_line) = match found {
        Some((d, lines)) => {
            let (best, line) = match objective.direction {
                Direction::Maximize => (d.summary.max, lines.max),
                Direction::Minimize => (d.summary.min, lines.min),
            };
            (d.summary.final_value, d.summary.final_f32, best, line)
        }
        None => (None, None, None, None),
    };
    ObjectiveReport {
        name: objective.name,
        direction: objective.direction,
        defined: found.is_some(),
        final_value,
        final_f32,
        best,
        best_line,
    }
}

/// Builds the per-definition part of the report from a state.
fn definition_report(
    definition: &crate::input::Definition,
    state: MetricState,
) -> DefinitionReport {
    DefinitionReport {
        name: definition.name.clone(),
        regex: definition.regex.clone(),
        location: definition.location,
        error: None,
        warnings: Vec::new(),
        captures: state.captures,
        captures_omitted: state.captures_omitted,
        ignored: state.ignored,
        summary: state.summary,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(regex: &str, escape: bool) -> Vec<&'static str> {
        pattern_findings(&Definition::new("m", regex), escape)
            .iter()
            .map(|f| f.code)
            .collect()
    }

    #[test]
    fn pattern_lints() {
        assert_eq!(codes(r"loss=(\d+)", true), Vec::<&str>::new());
        assert_eq!(
            codes(r".*\\[[0-9]+\\]#011train-error:(\\S+).*", true),
            ["doubled-backslash"]
        );
        assert_eq!(codes(r"C:\\ (\d)", true), Vec::<&str>::new());
        assert_eq!(codes(r"loss=(\d++)", true), ["possessive-quantifier"]);
        assert_eq!(codes("loss:\t(\\d+)", true), ["raw-tab"]);
        assert_eq!(codes(r"loss:\t(\d+)", true), ["raw-tab"]);
        assert_eq!(codes(r"loss:\t(\d+)", false), Vec::<&str>::new());
        assert_eq!(codes(r"loss:[\t ](\d+)", true), Vec::<&str>::new());
        assert_eq!(codes(r"\x1b\[0m(\d+)", true), ["control-character"]);
        assert_eq!(codes(r"loss\n(\d+)", true), ["newline-in-pattern"]);
        assert_eq!(
            codes(&format!("({})", "a".repeat(500)), true),
            ["regex-length"]
        );
    }

    #[test]
    fn name_limits() {
        let long = Definition::new("n".repeat(256), "(1)");
        assert_eq!(pattern_findings(&long, true)[0].code, "name-length");
        let empty = Definition::new("", "(1)");
        assert_eq!(pattern_findings(&empty, true)[0].code, "name-length");
        let fine = Definition::new("손".repeat(255), "(1)");
        assert!(pattern_findings(&fine, true).is_empty());
    }
}
