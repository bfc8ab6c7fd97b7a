//! Properties of `explain` and `why` on generated patterns and lines: they never
//! panic, "matched" is exactly whether the regex crate finds a match in the line as
//! SageMaker sees it, every group span agrees with the regex crate's and lies on the
//! pasted line's character boundaries, and a failure always points at a piece of the
//! pattern and (when located) at a character of the line.

use metrex::explain::explain;
use metrex::why::inspect;
use metrex::Definition;
use proptest::prelude::*;

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("loss".to_string()),
        Just("=".to_string()),
        Just(": ".to_string()),
        Just("#011".to_string()),
        Just("\\t".to_string()),
        Just("([0-9.]+)".to_string()),
        Just("(\\d+)".to_string()),
        Just("(.*?)".to_string()),
        Just(".*".to_string()),
        Just("(\\S+)".to_string()),
        Just("(?:a|bc)".to_string()),
        Just("(x|손실)?".to_string()),
        Just("(?P<n>[a-z_]+)".to_string()),
        Just("(?i:Loss)".to_string()),
        Just("^".to_string()),
        Just("$".to_string()),
        Just("\\b".to_string()),
        Just("[^;]*".to_string()),
        Just(";".to_string()),
        Just("(e|E)[-+]?".to_string()),
        Just("((a)(b)?)+".to_string()),
        Just("\\.".to_string()),
    ]
}

fn pattern() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 1..6).prop_map(|parts| parts.concat())
}

fn line() -> impl Strategy<Value = String> {
    let chars = prop_oneof![
        Just('l'),
        Just('o'),
        Just('s'),
        Just('L'),
        Just('='),
        Just(':'),
        Just(' '),
        Just('\t'),
        Just('0'),
        Just('7'),
        Just('.'),
        Just(';'),
        Just('a'),
        Just('b'),
        Just('c'),
        Just('e'),
        Just('-'),
        Just('x'),
        Just('손'),
        Just('실'),
        Just('🚀'),
        Just('#'),
        Just('1'),
        Just('\u{1b}'),
        Just('_'),
    ];
    prop::collection::vec(chars, 0..30).prop_map(|cs| cs.into_iter().collect())
}

fn escape_line(line: &str, escape: bool) -> String {
    if escape {
        metrex::escape::escape_line(line).into_owned()
    } else {
        line.to_string()
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn inspect_agrees_with_the_regex_crate(pattern in pattern(), line in line(), escape in any::<bool>()) {
        // A name used twice is an error (checked elsewhere): skip those.
        let Ok(re) = regex::Regex::new(&pattern) else { return Ok(()) };
        let got = inspect(&Definition::new("m", &pattern), &line, escape);
        let text = escape_line(&line, escape);
        let caps = re.captures(&text);
        prop_assert_eq!(got.matched, caps.is_some());
        match caps {
            Some(caps) => {
                prop_assert!(got.failed.is_none());
                prop_assert_eq!(got.groups.len(), caps.len());
                for (g, c) in got.groups.iter().zip(caps.iter()) {
                    prop_assert_eq!(g.text.as_deref(), c.map(|m| m.as_str()));
                    if let Some(span) = g.span {
                        prop_assert!(span.start <= span.end && span.end <= line.len());
                        prop_assert!(line.is_char_boundary(span.start) && line.is_char_boundary(span.end));
                        if !escape || !line.chars().any(|c| c.is_control()) {
                            let m = c.expect("a span only for a group that took part");
                            prop_assert_eq!((span.start, span.end), (m.start(), m.end()));
                        }
                    }
                }
            }
            None => {
                let failed = got.failed.expect("a pattern that does not match says why");
                prop_assert!(failed.pattern.start < failed.pattern.end || pattern.is_empty());
                prop_assert!(failed.pattern.end <= pattern.len());
                prop_assert!(pattern.is_char_boundary(failed.pattern.start));
                if let Some(at) = failed.line {
                    prop_assert!(at.start <= at.end && at.end <= line.len());
                    prop_assert!(line.is_char_boundary(at.start) && line.is_char_boundary(at.end));
                }
                prop_assert!(!failed.message.is_empty());
            }
        }
    }

    #[test]
    fn explain_never_panics_and_agrees_on_errors(pattern in "[a-z()\\[\\]|?*+.\\\\{}0-9,^$:<>P=!-]{0,16}") {
        let explained = explain(&pattern);
        let parses = regex_syntax::ParserBuilder::new().build().parse(&pattern).is_ok();
        prop_assert_eq!(explained.error.is_none(), parses, "{:?}", explained.error);
        prop_assert_eq!(explained.tree.is_some(), parses);
        let inspected = inspect(&Definition::new("m", &pattern), "loss=0.5 (a)", true);
        prop_assert!(inspected.error.is_some() || inspected.matched || inspected.failed.is_some());
    }
}
