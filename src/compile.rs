//! Compiling one definition's pattern, on its own, into matchers.
//!
//! Each pattern is parsed with `regex-syntax` (so errors carry a span) and
//! compiled into a *line-safe* matcher: its syntax tree is rewritten so that
//! nothing can match a line feed and `\A`/`^`/`$`/`\z` mean line start and end.
//! That matcher finds, in a whole buffer of lines, exactly the matches the
//! pattern has in each line on its own — the idea ripgrep uses. The plain
//! evaluator, kept as the reference, uses the pattern as written, one line at a time.
//! The fast engine's search plans are worked out here too, by
//! [`crate::evaluate::plan`], which owns them.

use regex_automata::meta;
use regex_syntax::ast;
use regex_syntax::hir::{self, Class, Hir, HirKind, Look};

use crate::evaluate::plan::{plan, Plan};
use crate::input::utf16_len;
use crate::report::{PatternError, PatternSpan};
use crate::Engine;

/// Compiled programs larger than this are refused rather than allowed to eat memory.
pub const SIZE_LIMIT: usize = 8 << 20;
/// Lazy DFA cache per matcher.
const DFA_CACHE: usize = 2 << 20;
/// Deepest nesting of groups accepted.
pub(crate) const NEST_LIMIT: u32 = 100;

/// A pattern ready to run.
#[derive(Debug, Clone)]
pub struct Matcher {
    /// The line-safe matcher (fast engine).
    pub line_safe: meta::Regex,
    /// How the fast engine searches with it.
    pub plan: Plan,
    /// The pattern as written, for one line at a time (plain engine only).
    pub plain: Option<regex::Regex>,
}

/// Compiles `pattern` for `engine`, or says plainly why it cannot be used.
pub fn compile(pattern: &str, engine: Engine) -> Result<Matcher, PatternError> {
    if pattern.is_empty() {
        return Err(PatternError {
            code: "empty-regex",
            message: "the regex is empty: SageMaker requires 1 to 500 characters, and a \
                      capture group around the number"
                .into(),
            span: None,
        });
    }
    let hir = regex_syntax::ParserBuilder::new()
        .nest_limit(NEST_LIMIT)
        .build()
        .parse(pattern)
        .map_err(|e| syntax_error(pattern, &e))?;
    if hir.properties().explicit_captures_len() == 0 {
        return Err(PatternError {
            code: "no-capture-group",
            message: "no capture group: SageMaker records the text of group 1, so this \
                      definition records nothing. Put parentheses around the number, e.g. \
                      `loss: ([0-9.eE+-]+)`"
                .into(),
            span: None,
        });
    }
    let config = meta::Config::new()
        .nfa_size_limit(Some(SIZE_LIMIT))
        .onepass_size_limit(Some(SIZE_LIMIT))
        .dfa_size_limit(Some(SIZE_LIMIT))
        .hybrid_cache_capacity(DFA_CACHE)
        // Full DFAs cost more to build than they save on logs of this size;
        // the lazy DFA builds only the states a log visits.
        .dfa(false);
    let hir = line_safe(hir);
    let line_safe = meta::Builder::new()
        .configure(config.clone())
        .build_from_hir(&hir)
        .map_err(|_| too_large())?;
    let plan = plan(&hir, &config);
    let plain = match engine {
        Engine::Fast => None,
        Engine::Plain => Some(
            regex::RegexBuilder::new(pattern)
                .size_limit(SIZE_LIMIT)
                .dfa_size_limit(DFA_CACHE)
                .nest_limit(NEST_LIMIT)
                .build()
                .map_err(|_| too_large())?,
        ),
    };
    Ok(Matcher {
        line_safe,
        plan,
        plain,
    })
}

fn too_large() -> PatternError {
    PatternError {
        code: "too-large",
        message: format!(
            "the compiled pattern exceeds {} MiB; simplify large counted repetitions such as `{{1000}}`",
            SIZE_LIMIT >> 20
        ),
        span: None,
    }
}

/// The span of bytes `start..end` of `pattern`, for carets.
pub fn pattern_span(pattern: &str, start: usize, end: usize) -> PatternSpan {
    let start = start.min(pattern.len());
    let end = end.clamp(start, pattern.len());
    let (Some(before), Some(inside)) = (pattern.get(..start), pattern.get(start..end)) else {
        return PatternSpan {
            start,
            end,
            start_utf16: start,
            end_utf16: end,
            column: start,
            width: 1,
        };
    };
    let start_utf16 = utf16_len(before);
    PatternSpan {
        start,
        end,
        start_utf16,
        end_utf16: start_utf16 + utf16_len(inside),
        column: before.chars().count(),
        width: inside.chars().count().max(1),
    }
}

/// Turns a `regex-syntax` error into a message that names the construct and
/// says what to write instead, especially for Python habits.
pub(crate) fn syntax_error(pattern: &str, error: &regex_syntax::Error) -> PatternError {
    let (kind, span) = match error {
        regex_syntax::Error::Parse(e) => (Some(e.kind().clone()), *e.span()),
        regex_syntax::Error::Translate(e) => {
            return PatternError {
                code: "syntax",
                message: e.kind().to_string(),
                span: Some(pattern_span(
                    pattern,
                    e.span().start.offset,
                    e.span().end.offset,
                )),
            }
        }
        _ => (None, ast::Span::splat(ast::Position::new(0, 1, 1))),
    };
    let (start, end) = (span.start.offset, span.end.offset);
    let at = |s: usize| pattern.get(s..).unwrap_or("");
    // Flag errors point at the flag character; the construct starts at `(?`.
    let group_start = start.saturating_sub(2);
    let (code, message, span) = match kind {
        Some(ast::ErrorKind::UnsupportedLookAround) => {
            let construct = if at(start).starts_with("(?<=") {
                "look-behind `(?<=…)`"
            } else if at(start).starts_with("(?<!") {
                "negative look-behind `(?<!…)`"
            } else if at(start).starts_with("(?!") {
                "negative look-ahead `(?!…)`"
            } else {
                "look-ahead `(?=…)`"
            };
            (
                "unsupported-look-around",
                format!(
                    "{construct} is not supported by metrex's regex engine (Rust `regex`). \
                     SageMaker's dialect is not documented; if it is Python's `re` this may work \
                     there, but metrex cannot check it. Match the surrounding text instead: \
                     SageMaker only keeps group 1, so context outside the group costs nothing"
                ),
                (start, end),
            )
        }
        Some(ast::ErrorKind::UnsupportedBackreference) => (
            "unsupported-backreference",
            format!(
                "back-reference `{}` is not supported by metrex's regex engine (Rust `regex`); \
                 SageMaker's dialect is not documented. Spell the repeated text out instead",
                at(start).get(..end - start).unwrap_or("\\N")
            ),
            (start, end),
        ),
        Some(ast::ErrorKind::FlagUnrecognized) if at(group_start).starts_with("(?>") => (
            "unsupported-atomic-group",
            "atomic group `(?>…)` (Python 3.11+) is not supported by metrex's regex engine; \
             use a plain group `(?:…)`: without back-tracking it matches the same lines here"
                .to_string(),
            (group_start, end),
        ),
        Some(ast::ErrorKind::FlagUnrecognized) if at(group_start).starts_with("(?P=") => (
            "unsupported-backreference",
            "named back-reference `(?P=name)` is not supported by metrex's regex engine; spell \
             the repeated text out instead"
                .to_string(),
            (group_start, end + 1),
        ),
        Some(ast::ErrorKind::FlagUnrecognized) if at(group_start).starts_with("(?#") => (
            "syntax",
            "inline comments `(?#…)` are not supported by metrex's regex engine; remove the comment"
                .to_string(),
            (group_start, end),
        ),
        Some(ast::ErrorKind::EscapeUnrecognized) if at(start).starts_with("\\Z") => (
            "python-anchor",
            "`\\Z` is Python's end-of-string anchor; here it is spelled `\\z` (or `$`). \
             Metrics are matched one line at a time, so either means end of line"
                .to_string(),
            (start, end),
        ),
        Some(ast::ErrorKind::RepetitionCountDecimalEmpty) if at(start).starts_with(',') => (
            "syntax",
            "`{,n}` needs its lower bound here: write `{0,n}`".to_string(),
            (start, end),
        ),
        Some(kind) => ("syntax", kind.to_string(), (start, end)),
        None => ("syntax", error.to_string(), (0, 0)),
    };
    PatternError {
        code,
        message,
        span: Some(pattern_span(pattern, span.0, span.1)),
    }
}

/// Rewrites `hir` so that it can never match a line feed and so that the
/// text anchors become line anchors. Searching a buffer of LF-separated lines
/// with the result finds exactly the matches of `hir` in each line on its own.
pub fn line_safe(hir: Hir) -> Hir {
    match hir.into_kind() {
        HirKind::Empty => Hir::empty(),
        HirKind::Literal(hir::Literal(bytes)) => {
            if bytes.contains(&b'\n') {
                Hir::fail()
            } else {
                Hir::literal(bytes)
            }
        }
        HirKind::Class(Class::Unicode(mut class)) => {
            class.difference(&hir::ClassUnicode::new([hir::ClassUnicodeRange::new(
                '\n', '\n',
            )]));
            Hir::class(Class::Unicode(class))
        }
        HirKind::Class(Class::Bytes(mut class)) => {
            class.difference(&hir::ClassBytes::new([hir::ClassBytesRange::new(
                b'\n', b'\n',
            )]));
            Hir::class(Class::Bytes(class))
        }
        HirKind::Look(look) => Hir::look(match look {
            Look::Start => Look::StartLF,
            Look::End => Look::EndLF,
            other => other,
        }),
        HirKind::Repetition(rep) => Hir::repetition(hir::Repetition {
            sub: Box::new(line_safe(*rep.sub)),
            ..rep
        }),
        HirKind::Capture(cap) => Hir::capture(hir::Capture {
            sub: Box::new(line_safe(*cap.sub)),
            ..cap
        }),
        HirKind::Concat(subs) => Hir::concat(subs.into_iter().map(line_safe).collect()),
        HirKind::Alternation(subs) => Hir::alternation(subs.into_iter().map(line_safe).collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(pattern: &str) -> PatternError {
        match compile(pattern, Engine::Fast) {
            Ok(_) => panic!("{pattern:?} compiled"),
            Err(e) => e,
        }
    }

    #[test]
    fn names_unsupported_constructs() {
        let e = error(r"loss=(?<=x)([0-9.]+)");
        assert_eq!(e.code, "unsupported-look-around");
        assert!(e.message.contains("look-behind"), "{}", e.message);
        assert_eq!(e.span.map(|s| s.start), Some(5));
        assert!(error(r"(?!a)(b)").message.contains("negative look-ahead"));
        assert!(error(r"(?=a)(b)").message.contains("look-ahead"));
        assert_eq!(error(r"(a)\1").code, "unsupported-backreference");
        assert_eq!(error(r"(?P<x>a)(?P=x)").code, "unsupported-backreference");
        let e = error(r"(?>a)(b)");
        assert_eq!(e.code, "unsupported-atomic-group");
        assert_eq!(e.span.map(|s| s.start), Some(0));
        assert_eq!(error(r"loss=(\d+)\Z").code, "python-anchor");
        assert!(error(r"(a{,3})").message.contains("{0,n}"));
    }

    #[test]
    fn syntax_errors_point_into_the_pattern() {
        let e = error("Loss = ([0-9.]+;");
        assert_eq!(e.code, "syntax");
        assert_eq!(e.message, "unclosed group");
        let span = e.span.expect("span");
        assert_eq!((span.start, span.column, span.width), (7, 7, 1));
        // Columns count characters, UTF-16 counts code units.
        let e = error("손실🚀 = ([0-9.]+;");
        let span = e.span.expect("span");
        assert_eq!(span.column, 6);
        assert_eq!(span.start_utf16, 7);
    }

    #[test]
    fn needs_a_capture_group() {
        assert_eq!(error("Loss = [0-9.]+").code, "no-capture-group");
        assert_eq!(error("Loss = (?:[0-9.]+)").code, "no-capture-group");
        assert_eq!(error("").code, "empty-regex");
        assert!(compile("Loss = (?P<v>[0-9.]+)", Engine::Fast).is_ok());
    }

    #[test]
    fn refuses_monsters() {
        assert_eq!(error(r"(\w{1000}){1000}").code, "too-large");
        assert_eq!(
            error(&format!("{}a{}", "(".repeat(200), ")".repeat(200))).code,
            "syntax"
        );
    }

    #[test]
    fn line_safe_matchers_never_cross_lines() {
        let m = compile(r"a(\s*)b|(?s)c(.)d|x\ny", Engine::Fast).expect("compiles");
        for hay in ["a\nb", "c\nd", "x\ny"] {
            assert!(m.line_safe.find(hay).is_none(), "{hay:?}");
        }
        assert!(m.line_safe.find("a \tb").is_some());
        let anchored = compile(r"\A(\d+)\z", Engine::Fast).expect("compiles");
        assert_eq!(
            anchored.line_safe.find("x\n12\ny").map(|m| m.range()),
            Some(2..4)
        );
    }
}
