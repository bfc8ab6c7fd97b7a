//! One log line under the magnifier: every group of each definition's match,
//! or why a definition does not match.
//!
//! The line is escaped and searched exactly as the plain evaluator does it
//! ([`crate::evaluate::plain`]): [`Escaped`] for CloudWatch's `#011`, the
//! leftmost match, offsets mapped back to the text as pasted.
//!
//! "Why not" walks the pattern's syntax tree ([`crate::explain::parse_ast`]) in
//! pieces — one literal character, a class or `.` with its repetition, an
//! anchor — entering groups and trying each alternative, and finds the
//! longest leading part of the pattern that still matches somewhere in the
//! line: the piece after it is the one that could not follow.
//!
//! ```
//! use metrex::why::why_not;
//! let failed = why_not("Loss = ([0-9]+\\.[0-9]+);", "Loss = 16;", true).unwrap();
//! assert_eq!(failed.pattern.start, 14); // `\.`
//! assert_eq!(failed.line.unwrap().start, 9); // after "Loss = 16"
//! assert_eq!(failed.message, "expected \".\" after \"Loss = 16\", found \";\"");
//! ```

use regex_automata::{meta, util::syntax, Anchored, Input, MatchKind, PatternID};
use regex_syntax::ast::{self, Ast};
use serde::Serialize;

use crate::compile::{compile, pattern_span, NEST_LIMIT, SIZE_LIMIT};
use crate::escape::Escaped;
use crate::evaluate::line_span;
use crate::explain::{self, describe, parse_ast, Flags};
use crate::input::{Definition, InputError, ParsedInput};
use crate::report::{LineSpan, PatternError, PatternSpan};
use crate::value::{parse_value, DropReason};
use crate::Engine;

/// Longest run of matched text quoted in a message, in characters.
const QUOTE_CHARS: usize = 32;

/// Every definition on one line: what `metrex why --json` prints and the
/// wasm `inspectLine` returns.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LineReport {
    /// The 1-based line number in the log, when the line was taken from one.
    pub line: Option<u64>,
    /// The line as pasted.
    pub text: String,
    /// Whether CloudWatch escaping was applied.
    pub escape: bool,
    /// Parts of the definitions text that could not be read.
    pub input_errors: Vec<InputError>,
    /// Every definition on the line, in input order.
    pub definitions: Vec<LineInspection>,
}

impl LineReport {
    /// True when every definition records a value on the line (and the
    /// definitions text was read whole): `metrex why`'s exit status 0.
    pub fn all_record(&self) -> bool {
        self.input_errors.is_empty()
            && !self.definitions.is_empty()
            && self.definitions.iter().all(|d| d.value.is_some())
    }
}

/// Reads `definitions` (any supported format) and inspects `line` (one line as
/// pasted; anything from a line feed on is ignored) with each of them.
pub fn inspect_text(definitions: &str, line: &str, escape: bool) -> LineReport {
    let parsed = crate::parse_definitions(definitions);
    let line = line.split('\n').next().unwrap_or("");
    LineReport {
        line: None,
        text: line.to_string(),
        escape,
        definitions: inspect_line(&parsed, line, escape),
        input_errors: parsed.errors,
    }
}

/// One definition on one line.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LineInspection {
    /// The metric name.
    pub name: String,
    /// The regex.
    pub regex: String,
    /// Why the pattern cannot be used at all (as in the report), or null.
    pub error: Option<PatternError>,
    /// Whether the pattern matches somewhere in the line.
    pub matched: bool,
    /// When matched: the leftmost match's groups, index 0 (the whole match) first.
    pub groups: Vec<GroupMatch>,
    /// The value recorded from this line, or null.
    pub value: Option<f64>,
    /// Why a match records nothing, or null.
    pub reason: Option<DropReason>,
    /// When not matched (and the pattern is usable): where and why it fails.
    pub failed: Option<Failure>,
}

/// One capture group of a match.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupMatch {
    /// 0 for the whole match, then by opening parenthesis.
    pub index: usize,
    /// The group's name, when it has one.
    pub name: Option<String>,
    /// The text as SageMaker sees it (escaped), or null when the group took no part.
    pub text: Option<String>,
    /// Where it is in the line as pasted (a `#011` match covers the one TAB), or null.
    pub span: Option<LineSpan>,
}

/// Why a pattern does not match a line: the first piece that could not follow
/// the longest leading part of the pattern that matches somewhere in it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Failure {
    /// The piece of the pattern that could not follow.
    pub pattern: PatternSpan,
    /// Where in the line as pasted it was expected: the character found there
    /// (empty at the end of the line); null when not even the first piece matches.
    pub line: Option<LineSpan>,
    /// The part of the line the leading part of the pattern matched, or null.
    pub matched: Option<LineSpan>,
    /// What the piece wanted, in words.
    pub expected: String,
    /// What was there instead, in words.
    pub found: String,
    /// Both in one sentence.
    pub message: String,
    /// A likely cause worth saying (CloudWatch escaping, letter case), or null.
    pub note: Option<String>,
}

/// Line `number` (1-based) of `log`, split as the evaluation splits it (on LF,
/// a CR before an LF dropped), or `None` past the end.
///
/// ```
/// assert_eq!(metrex::why::log_line("a\r\nb\n", 2), Some("b"));
/// assert_eq!(metrex::why::log_line("a\r\nb\n", 3), None);
/// ```
pub fn log_line(log: &str, number: u64) -> Option<&str> {
    let index = usize::try_from(number.checked_sub(1)?).ok()?;
    let count = line_count(log);
    if index >= count {
        return None;
    }
    let line = log.split('\n').nth(index)?;
    let has_lf = index + 1 < count || log.ends_with('\n');
    Some(match line.strip_suffix('\r') {
        Some(stripped) if has_lf => stripped,
        _ => line,
    })
}

/// Number of lines in `log`: a final LF ends the last line rather than starting one.
pub fn line_count(log: &str) -> usize {
    if log.is_empty() {
        0
    } else {
        let lfs = memchr::memchr_iter(b'\n', log.as_bytes()).count();
        lfs + usize::from(!log.ends_with('\n'))
    }
}

/// Every definition of `parsed` on `line` (one line as pasted, no LF).
pub fn inspect_line(parsed: &ParsedInput, line: &str, escape: bool) -> Vec<LineInspection> {
    parsed
        .definitions
        .iter()
        .map(|d| inspect(d, line, escape))
        .collect()
}

/// One definition on `line` (as pasted, no LF): its match with every group,
/// the value recorded, or why it does not match.
pub fn inspect(definition: &Definition, line: &str, escape: bool) -> LineInspection {
    let mut out = LineInspection {
        name: definition.name.clone(),
        regex: definition.regex.clone(),
        error: None,
        matched: false,
        groups: Vec::new(),
        value: None,
        reason: None,
        failed: None,
    };
    // The same checks as the evaluation (syntax, unsupported constructs, size).
    match compile(&definition.regex, Engine::Fast) {
        Ok(_) => {}
        // Still worth showing where it matches or fails.
        Err(error) if error.code == "no-capture-group" => out.error = Some(error),
        Err(error) => {
            out.error = Some(error);
            return out;
        }
    }
    let Some(re) = build(&definition.regex, MatchKind::LeftmostFirst) else {
        return out;
    };
    // The same steps as the plain evaluator: escape, leftmost match, map back.
    let escaped = Escaped::new(line, escape);
    let text = escaped.text();
    let mut caps = re.create_captures();
    re.captures(text, &mut caps);
    if !caps.is_match() {
        out.failed = why_not(&definition.regex, line, escape);
        return out;
    }
    out.matched = true;
    let info = re.group_info();
    for index in 0..caps.group_len() {
        let group = caps.get_group(index);
        out.groups.push(GroupMatch {
            index,
            name: info.to_name(PatternID::ZERO, index).map(str::to_owned),
            text: group.and_then(|m| text.get(m.range())).map(str::to_owned),
            span: group.map(|m| {
                let start = escaped.to_original(m.start, false);
                let end = escaped.to_original(m.end, true);
                line_span(line, start, end)
            }),
        });
    }
    if out.error.is_none() {
        let group1 = caps.get_group(1).and_then(|m| text.get(m.range()));
        match parse_value(group1) {
            Ok(value) => out.value = Some(value),
            Err(reason) => out.reason = Some(reason),
        }
    }
    out
}

/// Why `pattern` does not match `line` (as pasted, no LF; escaped when
/// `escape`), or `None` when it matches or cannot be read.
pub fn why_not(pattern: &str, line: &str, escape: bool) -> Option<Failure> {
    let ast = parse_ast(pattern).ok()?;
    let escaped = Escaped::new(line, escape);
    let mut probe = Probe {
        pattern,
        text: escaped.text(),
    };
    if probe.matches(pattern, 0) {
        return None;
    }
    let start = Ctx {
        prefix: String::new(),
        open: 0,
        consumed: false,
        flags: Flags::default(),
    };
    let stop = probe
        .walk(&ast, &start)
        // The walk finds a piece whenever the whole does not match; should it
        // not, the whole pattern is the piece.
        .unwrap_or_else(|| Stop {
            span: *ast.span(),
            ctx: start.clone(),
            expected: describe(pattern, &ast, Flags::default()),
            literal: None,
        });
    Some(probe.failure(&stop, &escaped, line, escape))
}

/// What the walk carries: the regex source of everything before the current
/// node (groups entered are left open), and the flags in effect.
#[derive(Debug, Clone)]
struct Ctx {
    prefix: String,
    open: usize,
    /// Whether `prefix` holds a piece that consumes or asserts something.
    consumed: bool,
    flags: Flags,
}

/// The piece that could not follow.
struct Stop {
    span: ast::Span,
    ctx: Ctx,
    expected: String,
    /// The character, when the piece is one literal character.
    literal: Option<char>,
}

struct Probe<'a> {
    pattern: &'a str,
    /// The line as SageMaker sees it.
    text: &'a str,
}

impl Probe<'_> {
    fn source(&self, span: &ast::Span) -> &str {
        self.pattern
            .get(span.start.offset..span.end.offset)
            .unwrap_or("")
    }

    /// Whether `source` with `open` groups closed matches somewhere in the line.
    /// A source that cannot be compiled counts as matching, so that no piece
    /// is blamed for a limit.
    fn matches(&mut self, source: &str, open: usize) -> bool {
        let full = format!("{source}{}", ")".repeat(open));
        match regex::RegexBuilder::new(&full)
            .size_limit(SIZE_LIMIT)
            .build()
        {
            Ok(re) => re.is_match(self.text),
            Err(_) => true,
        }
    }

    fn walk(&mut self, node: &Ast, ctx: &Ctx) -> Option<Stop> {
        match node {
            Ast::Empty(_) | Ast::Flags(_) => None,
            Ast::Concat(concat) => self.walk_concat(&concat.asts, ctx),
            Ast::Group(group) => {
                let opening = self
                    .pattern
                    .get(group.span.start.offset..group.ast.span().start.offset)
                    .unwrap_or("(");
                let mut inner = ctx.clone();
                inner.prefix.push_str(opening);
                inner.open += 1;
                if let Some(flags) = group.flags() {
                    inner.flags = inner.flags.apply(flags);
                }
                self.walk(&group.ast, &inner)
            }
            Ast::Alternation(alt) => {
                let mut best: Option<(usize, Stop)> = None;
                for branch in &alt.asts {
                    let stop = self.walk(branch, ctx)?;
                    let progress = stop
                        .span
                        .start
                        .offset
                        .saturating_sub(branch.span().start.offset);
                    if best.as_ref().is_none_or(|(p, _)| progress > *p) {
                        best = Some((progress, stop));
                    }
                }
                best.map(|(_, stop)| stop)
            }
            Ast::Repetition(rep)
                if rep_min(rep) == 1
                    && matches!(
                        *rep.ast,
                        Ast::Group(_) | Ast::Concat(_) | Ast::Alternation(_)
                    ) =>
            {
                // `X+` matches where `X` does: find the piece inside the first `X`.
                let whole = format!("{}{}", ctx.prefix, self.source(&rep.span));
                if self.matches(&whole, ctx.open) {
                    return None;
                }
                self.walk(&rep.ast, ctx)
                    .or_else(|| Some(self.leaf(node, ctx)))
            }
            _ => {
                let whole = format!("{}{}", ctx.prefix, self.source(node.span()));
                if self.matches(&whole, ctx.open) {
                    None
                } else {
                    Some(self.leaf(node, ctx))
                }
            }
        }
    }

    fn leaf(&self, node: &Ast, ctx: &Ctx) -> Stop {
        Stop {
            span: *node.span(),
            ctx: ctx.clone(),
            expected: describe(self.pattern, node, ctx.flags),
            literal: match node {
                Ast::Literal(lit) => Some(lit.c),
                _ => None,
            },
        }
    }

    /// The items of a concatenation: the longest run of leading items that
    /// matches is found by bisection (a longer run matching means every
    /// shorter one does), then the first item after it is walked into.
    fn walk_concat(&mut self, items: &[Ast], ctx: &Ctx) -> Option<Stop> {
        let (Some(first), Some(_)) = (items.first(), items.last()) else {
            return None;
        };
        let start = first.span().start.offset;
        let run_source = |n: usize| -> String {
            let end = if n == 0 {
                start
            } else {
                items[n - 1].span().end.offset
            };
            format!(
                "{}{}",
                ctx.prefix,
                self.pattern.get(start..end).unwrap_or("")
            )
        };
        let (mut good, mut bad) = (0, items.len() + 1);
        // Most patterns that fail, fail early or late: check the whole first.
        if self.matches(&run_source(items.len()), ctx.open) {
            return None;
        }
        bad = bad.min(items.len());
        while bad - good > 1 {
            let mid = (good + bad) / 2;
            if self.matches(&run_source(mid), ctx.open) {
                good = mid;
            } else {
                bad = mid;
            }
        }
        let mut next = ctx.clone();
        next.prefix = run_source(good);
        for item in &items[..good] {
            next.consumed |= has_piece(item);
            if let Ast::Flags(set) = item {
                next.flags = next.flags.apply(&set.flags);
            }
        }
        let failing = &items[good];
        self.walk(failing, &next)
            .or_else(|| Some(self.leaf(failing, &next)))
    }

    fn failure(&mut self, stop: &Stop, escaped: &Escaped<'_>, line: &str, escape: bool) -> Failure {
        let pattern = pattern_span(self.pattern, stop.span.start.offset, stop.span.end.offset);
        let expected = stop.expected.clone();
        let case_note = self.case_note();
        let located = if stop.ctx.consumed {
            self.leading_match(&stop.ctx)
        } else {
            None
        };
        let Some((from, at)) = located else {
            let found = "nothing like it anywhere in the line".to_string();
            return Failure {
                pattern,
                line: None,
                matched: None,
                message: format!("expected {expected}, found {found}"),
                expected,
                found,
                note: case_note,
            };
        };
        let text = self.text;
        let next = text.get(at..).and_then(|rest| rest.chars().next());
        let original_at = escaped.to_original(at, false);
        let original_char = line.get(original_at..).and_then(|rest| rest.chars().next());
        let in_escape = escape && next == Some('#') && original_char.is_some_and(is_control);
        let found = match (next, original_char) {
            (None, _) => "the end of the line".to_string(),
            (Some(_), Some(c)) if in_escape => {
                format!(
                    "\"#\" ({} written by CloudWatch as {})",
                    control_name(c),
                    octal(c)
                )
            }
            (Some(c), _) if is_control(c) => control_name(c),
            (Some(c), _) => explain::quote(&c.to_string()),
        };
        let end = next.map_or(at, |c| at + c.len_utf8());
        let found_span = line_span(
            line,
            original_at,
            escaped.to_original(end, true).max(original_at),
        );
        let matched_span = line_span(line, escaped.to_original(from, false), original_at);
        let before = &text[from..at];
        let message = if before.is_empty() && at == 0 {
            format!("expected {expected} at the start of the line, found {found}")
        } else if before.is_empty() {
            format!("expected {expected} at offset {at}, found {found}")
        } else {
            format!(
                "expected {expected} after {}, found {found}",
                quote_tail(before)
            )
        };
        let note = if in_escape && stop.literal != Some('#') {
            original_char.map(|c| {
                format!(
                    "CloudWatch escaping: SageMaker sees this {} as {}; write {} in the pattern",
                    control_noun(c),
                    octal(c),
                    octal(c)
                )
            })
        } else if !escape && stop.literal == Some('#') && next.is_some_and(is_control) {
            next.map(|c| {
                format!(
                    "CloudWatch escaping is off: the line has a real {}, which SageMaker sees as {}; \
                     with escaping on (as on SageMaker) the pattern gets further",
                    control_name(c),
                    octal(c)
                )
            })
        } else {
            case_note
        };
        Failure {
            pattern,
            line: Some(found_span),
            matched: Some(matched_span),
            expected,
            found,
            message,
            note,
        }
    }

    /// Where the leading part of the pattern (`ctx.prefix`) matches: the
    /// leftmost start, and the furthest end a match from there can reach
    /// (every end fails the next piece; the furthest reads best).
    fn leading_match(&self, ctx: &Ctx) -> Option<(usize, usize)> {
        let full = format!("{}{}", ctx.prefix, ")".repeat(ctx.open));
        let leftmost = build(&full, MatchKind::LeftmostFirst)?.find(self.text)?;
        let longest = build(&full, MatchKind::All)
            .and_then(|re| {
                re.search(
                    &Input::new(self.text)
                        .range(leftmost.start()..)
                        .anchored(Anchored::Yes),
                )
            })
            .map_or(leftmost.end(), |m| m.end().max(leftmost.end()));
        Some((leftmost.start(), longest))
    }

    /// A note when the whole pattern matches with letter case ignored.
    fn case_note(&mut self) -> Option<String> {
        let insensitive = format!("(?i:{})", self.pattern);
        self.matches(&insensitive, 0).then(|| {
            "the line matches when letter case is ignored: check upper and lower case".into()
        })
    }
}

/// A pattern as written, compiled with the engine's limits (`None` when it cannot be).
fn build(pattern: &str, kind: MatchKind) -> Option<meta::Regex> {
    meta::Builder::new()
        .configure(
            meta::Config::new()
                .match_kind(kind)
                .nfa_size_limit(Some(SIZE_LIMIT))
                .onepass_size_limit(Some(SIZE_LIMIT))
                .dfa(false),
        )
        .syntax(syntax::Config::new().nest_limit(NEST_LIMIT))
        .build(pattern)
        .ok()
}

fn rep_min(rep: &ast::Repetition) -> u32 {
    match &rep.op.kind {
        ast::RepetitionKind::ZeroOrOne | ast::RepetitionKind::ZeroOrMore => 0,
        ast::RepetitionKind::OneOrMore => 1,
        ast::RepetitionKind::Range(
            ast::RepetitionRange::Exactly(n)
            | ast::RepetitionRange::AtLeast(n)
            | ast::RepetitionRange::Bounded(n, _),
        ) => *n,
    }
}

/// Whether `node` holds anything that consumes text or asserts a position.
fn has_piece(node: &Ast) -> bool {
    match node {
        Ast::Empty(_) | Ast::Flags(_) => false,
        Ast::Group(group) => has_piece(&group.ast),
        Ast::Concat(concat) => concat.asts.iter().any(has_piece),
        Ast::Alternation(alt) => alt.asts.iter().any(has_piece),
        _ => true,
    }
}

fn is_control(c: char) -> bool {
    u8::try_from(c).is_ok_and(crate::escape::is_escaped_byte)
}

fn control_noun(c: char) -> String {
    match c {
        '\t' => "TAB".into(),
        '\r' => "carriage return".into(),
        '\u{1b}' => "ESC".into(),
        c => format!("control character (U+00{})", explain::hex2(c)),
    }
}

fn control_name(c: char) -> String {
    let noun = control_noun(c);
    let article = if noun.starts_with('E') { "an" } else { "a" };
    format!("{article} {noun}")
}

fn octal(c: char) -> String {
    let c = u32::from(c);
    format!("#{}{}{}", (c >> 6) & 7, (c >> 3) & 7, c & 7)
}

/// `text` in quotes, only its last characters when it is long.
fn quote_tail(text: &str) -> String {
    let count = text.chars().count();
    if count <= QUOTE_CHARS {
        return explain::quote(text);
    }
    let tail: String = text.chars().skip(count - QUOTE_CHARS).collect();
    let quoted = explain::quote(&tail);
    format!("\"…{}", &quoted[1..])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (pattern start in bytes, line start in bytes or None, message)
    fn why(pattern: &str, line: &str, escape: bool) -> (usize, Option<usize>, String) {
        let f = why_not(pattern, line, escape).expect("does not match");
        (f.pattern.start, f.line.map(|l| l.start), f.message)
    }

    #[test]
    fn a_failure_inside_group_1() {
        assert_eq!(
            why(r"Loss = ([0-9]+\.[0-9]+);", "Loss = 16;", true),
            (
                14,
                Some(9),
                "expected \".\" after \"Loss = 16\", found \";\"".into()
            )
        );
    }

    #[test]
    fn a_missing_semicolon_after_a_lazy_group() {
        assert_eq!(
            why("Loss = (.*?);", "Loss = 16.020744 Iteration 0", true),
            (
                12,
                Some(28),
                "expected \";\" after \"Loss = 16.020744 Iteration 0\", found the end of the line"
                    .into()
            )
        );
    }

    #[test]
    fn underscore_for_a_space() {
        assert_eq!(
            why(r"train_loss: (\S+)", "train loss: 0.25", true),
            (
                5,
                Some(5),
                "expected \"_\" after \"train\", found \" \"".into()
            )
        );
    }

    #[test]
    fn colon_for_equals() {
        assert_eq!(
            why(r"loss: ([0-9.]+)", "epoch 1 loss=0.25", true),
            (
                4,
                Some(12),
                "expected \":\" after \"loss\", found \"=\"".into()
            )
        );
    }

    #[test]
    fn letter_case() {
        let f = why_not(r"Loss = ([0-9.]+)", "loss = 0.25", true).unwrap();
        assert_eq!(f.pattern.start, 0);
        assert_eq!(f.line, None);
        assert_eq!(
            f.message,
            "expected \"L\", found nothing like it anywhere in the line"
        );
        assert_eq!(
            f.note.as_deref(),
            Some("the line matches when letter case is ignored: check upper and lower case")
        );
    }

    #[test]
    fn end_anchor_with_trailing_text() {
        assert_eq!(
            why(r"loss: ([0-9.]+)$", "loss: 0.25 (best)", true),
            (
                15,
                Some(10),
                "expected the end of the line after \"loss: 0.25\", found \" \"".into()
            )
        );
    }

    #[test]
    fn percent_where_a_dot_was_meant() {
        assert_eq!(
            why(r"acc: ([0-9]+%[0-9]+)", "acc: 97.5", true),
            (
                12,
                Some(7),
                "expected \"%\" after \"acc: 97\", found \".\"".into()
            )
        );
    }

    #[test]
    fn a_korean_line() {
        let f = why_not(r"손실: ([0-9.]+)", "에포크 3 손실 = 0.25", true).unwrap();
        assert_eq!((f.pattern.start, f.pattern.start_utf16), (6, 2));
        let at = f.line.unwrap();
        assert_eq!((at.start, at.start_utf16), (18, 8));
        assert_eq!(f.message, "expected \":\" after \"손실\", found \" \"");
    }

    #[test]
    fn escaping_off_fails_at_the_hash() {
        let line = "[3]\ttrain-error:0.1\tvalidation-error:0.2";
        let f = why_not(r".*\[[0-9]+\].*#011validation-error:(\S+)", line, false).unwrap();
        assert_eq!((f.pattern.start, f.line.unwrap().start), (14, 40));
        assert_eq!(f.found, "the end of the line");
        let f = why_not(r"\[[0-9]+\]#011train-error:(\S+)", line, false).unwrap();
        assert_eq!((f.pattern.start, f.line.unwrap().start), (10, 3));
        assert_eq!(f.found, "a TAB");
        assert!(f.note.unwrap().starts_with("CloudWatch escaping is off"));
        // With escaping on, it matches.
        assert!(why_not(r"\[[0-9]+\]#011train-error:(\S+)", line, true).is_none());
    }

    #[test]
    fn a_raw_tab_in_the_pattern_with_escaping_on() {
        let f = why_not("\\]\\ttrain-error:(\\S+)", "[3]\ttrain-error:0.1", true).unwrap();
        assert_eq!((f.pattern.start, f.line.unwrap().start), (2, 3));
        assert_eq!(f.found, "\"#\" (a TAB written by CloudWatch as #011)");
        assert_eq!(
            f.note.as_deref(),
            Some("CloudWatch escaping: SageMaker sees this TAB as #011; write #011 in the pattern")
        );
    }

    #[test]
    fn alternation_reports_the_branch_that_got_furthest() {
        let f = why_not(r"(?:val_loss|loss)=([0-9.]+)", "val_loss: 0.3", true).unwrap();
        assert_eq!((f.pattern.start, f.line.unwrap().start), (17, 8));
        assert_eq!(f.message, "expected \"=\" after \"val_loss\", found \":\"");
        // Both alternatives of group 2 fail at once: the first is reported.
        let f = why_not(r"'loss': ([0-9]+(.|e\-)[0-9]+)", "'loss': 7", true).unwrap();
        assert_eq!((f.pattern.start, f.line.unwrap().start), (16, 9));
        assert_eq!(
            f.message,
            "expected any character except a line break after \"'loss': 7\", found the end of the line"
        );
    }

    #[test]
    fn a_class_with_its_repetition_is_one_piece() {
        let f = why_not(r"epoch=(\d+)", "epoch=x", true).unwrap();
        assert_eq!((f.pattern.start, f.pattern.end), (7, 10));
        assert_eq!(
            f.message,
            "expected a digit (any Unicode decimal digit), one or more times, as many as possible after \"epoch=\", found \"x\""
        );
    }

    #[test]
    fn every_group_with_spans_in_the_line_as_pasted() {
        let def = Definition::new("loss", r"\]#011(?P<name>\w+)-(error|loss):(\d+)?(x)?");
        let got = inspect(&def, "[1]\ttrain-loss:0.5", true);
        assert!(got.matched);
        let spans: Vec<_> = got
            .groups
            .iter()
            .map(|g| {
                (
                    g.index,
                    g.name.as_deref(),
                    g.text.as_deref(),
                    g.span.map(|s| (s.start, s.end)),
                )
            })
            .collect();
        assert_eq!(
            spans,
            [
                (0, None, Some("]#011train-loss:0"), Some((2, 16))),
                (1, Some("name"), Some("train"), Some((4, 9))),
                (2, None, Some("loss"), Some((10, 14))),
                (3, None, Some("0"), Some((15, 16))),
                (4, None, None, None),
            ]
        );
        assert_eq!(got.reason, Some(DropReason::NotANumber));
    }

    #[test]
    fn a_doubled_backslash_expects_a_backslash() {
        // `\\d` (escaped twice in JSON) is a literal backslash, then "d".
        let f = why_not(r"loss=(\\d+)", "epoch 1 loss=5", true).unwrap();
        assert_eq!((f.pattern.start, f.pattern.end), (6, 8));
        assert_eq!(f.line.map(|l| l.start), Some(13));
        assert_eq!(f.message, "expected \"\\\" after \"loss=\", found \"5\"");
    }

    #[test]
    fn pitfalls_that_match_say_why_nothing_is_recorded() {
        let on = |regex: &str, line: &str| inspect(&Definition::new("m", regex), line, true);
        // A lazy group at the end captures nothing.
        let lazy = on("Loss = (.*?)", "Loss = 16.02;");
        assert!(lazy.matched);
        assert_eq!(lazy.groups[1].text.as_deref(), Some(""));
        assert_eq!(lazy.reason, Some(DropReason::Empty));
        // `\S+` runs through `#011` into the next field.
        let swallow = on(
            r"#011train-error:(\S+)",
            "[0]\ttrain-error:0.16\tvalidation-error:0.14",
        );
        assert_eq!(
            swallow.groups[1].text.as_deref(),
            Some("0.16#011validation-error:0.14")
        );
        assert_eq!(
            swallow.groups[1].span.map(|s| (s.start, s.end)),
            Some((16, 42))
        );
        assert_eq!(swallow.reason, Some(DropReason::NotANumber));
        // A number cut at its exponent is recorded, wrong.
        let cut = on(r"lr: ([0-9.]+)", "lr: 4.5e-05");
        assert_eq!(cut.value, Some(4.5));
        // No capture group: the match is shown, with the error.
        let none = on(r"loss=[0-9.]+", "loss=0.5");
        assert!(none.matched);
        assert_eq!(none.error.map(|e| e.code), Some("no-capture-group"));
        assert_eq!(none.value, None);
        // A pattern the engine cannot use says so and nothing else.
        let bad = on(r"(?<=loss=)([0-9.]+)", "loss=0.5");
        assert!(!bad.matched && bad.failed.is_none());
        assert_eq!(bad.error.map(|e| e.code), Some("unsupported-look-around"));
    }

    #[test]
    fn lines_as_the_evaluation_splits_them() {
        assert_eq!(line_count(""), 0);
        assert_eq!(line_count("a"), 1);
        assert_eq!(line_count("a\n"), 1);
        assert_eq!(line_count("a\n\nb"), 3);
        assert_eq!(log_line("a\r\nb\r", 2), Some("b\r"));
        assert_eq!(log_line("a", 0), None);
    }
}
