//! The fast engine must agree with the plain per-line reference on every
//! pattern and log, and the report must not depend on how the log is split
//! into pieces. Patterns are drawn from a grammar that stresses the line-safety
//! rewrite: anchors, classes that contain a line feed, empty matches, optional
//! groups, non-ASCII text, control characters and CRLF.

use metrex::input::{Definition, Format, ParsedInput};
use metrex::{Checker, Engine, Options, Report};
use proptest::prelude::*;

fn parsed(patterns: &[String]) -> ParsedInput {
    ParsedInput {
        format: Format::JsonList,
        definitions: patterns
            .iter()
            .enumerate()
            .map(|(i, p)| Definition::new(format!("m{i}"), p.clone()))
            .collect(),
        objective: None,
        errors: Vec::new(),
        findings: Vec::new(),
    }
}

fn run(patterns: &[String], log: &str, engine: Engine, escape: bool, pieces: &[usize]) -> Report {
    run_with(patterns, log, engine, escape, true, pieces)
}

fn run_with(
    patterns: &[String],
    log: &str,
    engine: Engine,
    escape: bool,
    all_matches: bool,
    pieces: &[usize],
) -> Report {
    let options = Options {
        escape,
        all_matches,
        max_captures: usize::MAX,
        max_columns: 0,
        objective: None,
        engine,
        threads: 0,
    };
    let mut checker = Checker::new(parsed(patterns), options);
    let bytes = log.as_bytes();
    let mut at = 0;
    for &size in pieces {
        let end = (at + size).min(bytes.len());
        checker.push(&bytes[at..end]);
        at = end;
    }
    checker.push(&bytes[at..]);
    checker.finish()
}

fn run_threads(patterns: &[String], log: &str, threads: usize, pieces: &[usize]) -> Report {
    let options = Options {
        max_captures: usize::MAX,
        threads,
        ..Options::default()
    };
    let mut checker = Checker::new(parsed(patterns), options);
    let mut rest = log.as_bytes();
    for &size in pieces.iter().cycle() {
        if rest.is_empty() {
            break;
        }
        let (piece, after) = rest.split_at(size.min(rest.len()));
        checker.push(piece);
        rest = after;
    }
    checker.finish()
}

fn atom() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("a".to_string()),
        Just("b".to_string()),
        Just("loss=".to_string()),
        Just("a1a".to_string()),
        Just("1".to_string()),
        Just(r"\.".to_string()),
        Just(" ".to_string()),
        Just("#011".to_string()),
        Just("é".to_string()),
        Just(r"\s".to_string()),
        Just(r"\S".to_string()),
        Just(r"\d".to_string()),
        Just(r"\w".to_string()),
        Just(r"[^;]".to_string()),
        Just(r"[\s\S]".to_string()),
        Just(".".to_string()),
        Just("(?s:.)".to_string()),
        Just(r"\n".to_string()),
        Just(r"\t".to_string()),
        Just("^".to_string()),
        Just("$".to_string()),
        Just(r"\A".to_string()),
        Just(r"\z".to_string()),
        Just(r"\b".to_string()),
        Just("(?m:^)".to_string()),
        Just("(?m:$)".to_string()),
        Just(r"[0-9.eE+-]".to_string()),
    ]
}

fn pattern() -> impl Strategy<Value = String> {
    let leaf = atom();
    let expr = leaf.prop_recursive(3, 12, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 1..4).prop_map(|v| v.concat()),
            (
                inner.clone(),
                prop_oneof![
                    Just("*"),
                    Just("+"),
                    Just("?"),
                    Just("*?"),
                    Just("+?"),
                    Just("{0,2}")
                ]
            )
                .prop_map(|(e, op)| format!("(?:{e}){op}")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("(?:{a}|{b})")),
            inner.prop_map(|e| format!("(?:{e})")),
        ]
    });
    // The shapes the fast engine plans for: a leading literal, `^`, `.*`/`.*?`
    // then a literal (after something or nothing), a final `$` or `.*`.
    let lead = prop_oneof![
        Just(""),
        Just("loss="),
        Just(".*"),
        Just(".*?"),
        Just("(?s).*"),
        Just(".*loss="),
        Just(".*?loss="),
        Just(".*a1a"),
        Just("(?:loss=)"),
        Just("^"),
        Just("^loss="),
        Just(r"\A.*a"),
        Just(r"\d+.*loss="),
        Just("a.*loss="),
        Just("(?:a|1)+.*?loss="),
        Just(r"\b.*a1a"),
        Just(".*1.*loss="),
        Just("(?:a.*)?.*loss="),
        Just("(?:1|a1)(?:a|1a).*a"),
    ];
    let tail = prop_oneof![
        Just(""),
        Just(""),
        Just("$"),
        Just(".*"),
        Just("(?m:$)"),
        Just(".*$"),
        Just(r"\z"),
        Just(".*?"),
        Just(";?"),
        Just("(?:a1)?"),
        Just(",?.*"),
    ];
    let general = (
        lead.clone(),
        expr.clone(),
        expr.clone(),
        expr.clone(),
        prop_oneof![Just(""), Just("?"), Just("*")],
        tail.clone(),
    )
        .prop_map(|(lead, before, group, after, op, tail)| {
            format!("{lead}{before}({group}){op}{after}{tail}")
        });
    // The common metric shape: text, the group, maybe text (`Loss = (.*?);`).
    let text = prop_oneof![
        Just(""),
        Just("loss="),
        Just("a"),
        Just(";"),
        Just("1"),
        Just(" "),
        Just("é"),
        Just(r"\."),
        Just("#011"),
    ];
    let metric =
        (lead, text.clone(), expr, text, tail).prop_map(|(lead, before, group, after, tail)| {
            format!("{lead}{before}({group}){after}{tail}")
        });
    prop_oneof![general, metric]
}

/// The shapes of real metric definitions, densely: text, group 1 around a
/// number-like or lazy expression, then text, `,?`, `.*` or `$`.
fn metric_shape() -> impl Strategy<Value = String> {
    let lead = prop_oneof![Just(""), Just("^"), Just(".*"), Just(r".*\[[0-9]+\].*"),];
    let text = prop_oneof![
        Just(""),
        Just("loss="),
        Just("'loss': "),
        Just("a"),
        Just("#011"),
    ];
    let group = prop_oneof![
        Just("[0-9.]+"),
        Just(r"\S+"),
        Just(".*?"),
        Just("[^;]*"),
        Just(r"[0-9]+(.|e\-)[0-9]+"),
        Just(r"[-+]?[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?"),
    ];
    let tail = prop_oneof![
        Just(""),
        Just(";"),
        Just(",?"),
        Just(";?"),
        Just(".*"),
        Just(",?.*"),
        Just("$"),
    ];
    (lead, text, group, tail)
        .prop_map(|(lead, text, group, tail)| format!("{lead}{text}({group}){tail}"))
}

fn metric_log() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("loss="),
        Just("'loss': "),
        Just("[12]"),
        Just("a"),
        Just("1"),
        Just("0.5"),
        Just("4.5e-05"),
        Just("."),
        Just(";"),
        Just(","),
        Just(" "),
        Just("\t"),
        Just("\n"),
        Just("é"),
    ];
    prop::collection::vec(piece, 0..30).prop_map(|v| v.concat())
}

/// Text for case-insensitive patterns, as a regex and as text it matches:
/// letters in either case (`(?i)`, also in byte mode, or written out as `[Tt]`)
/// among exact text. The fast engine searches for such text without the regex.
const FOLDED_TEXTS: [(&str, &str); 15] = [
    ("test accuracy", "test accuracy"),
    ("accuracy", "accuracy"),
    ("Epoch ", "epoch "),
    ("loss", "loss"),
    ("ok", "ok"),
    ("[Tt]r[Aa]in", "train"),
    ("Acc(?-i:uracy)", "accuracy"),
    ("(?i:val)_", "val_"),
    ("a1=", "a1="),
    (r"x\{y", "x{y"),
    ("(?-u:(?i)loss)", "loss"),
    ("(?-u:(?i)ok)", "ok"),
    ("(?:step )+", "step "),
    ("(acc)", "acc"),
    ("é", "é"),
];

fn case_insensitive_pattern() -> impl Strategy<Value = String> {
    let flags = prop_oneof![Just("(?i)"), Just("(?i)"), Just("")];
    let text = (0..FOLDED_TEXTS.len()).prop_map(|i| FOLDED_TEXTS[i].0);
    let lead = prop_oneof![Just(""), Just(""), Just("^"), Just(".*"), Just(".*?")];
    let sep = prop_oneof![Just(""), Just(""), Just("[:=]?"), Just(r"\s*"), Just(": ?")];
    let group = prop_oneof![
        Just(".*?"),
        Just(r"\S*"),
        Just("[0-9.]*"),
        Just("[0-9.]+"),
        Just("[a-z]+"),
    ];
    let tail = prop_oneof![Just(""), Just(""), Just("$"), Just(".*"), Just(";?")];
    (
        flags,
        lead,
        prop::collection::vec(text.clone(), 1..3),
        sep,
        group,
        prop::collection::vec(text, 0..2),
        tail,
    )
        .prop_map(|(flags, lead, before, sep, group, after, tail)| {
            format!(
                "{flags}{lead}{}{sep}({group}){}{tail}",
                before.concat(),
                after.concat()
            )
        })
}

/// Logs of the text above in mixed case, with near misses: `ſ` and the Kelvin
/// sign, which `(?i)s` and `(?i)k` also match (but not in byte mode), and
/// other bytes that differ from the text by the case bit (`{` and `[`).
fn mixed_case_log() -> impl Strategy<Value = String> {
    let text = (0..FOLDED_TEXTS.len(), any::<u16>()).prop_map(|(i, seed)| {
        let alter = seed >> 8;
        let mut flipped_other = false;
        FOLDED_TEXTS[i]
            .1
            .chars()
            .enumerate()
            .map(|(j, c)| match c {
                's' | 'S' if alter % 4 == 0 => 'ſ',
                'k' | 'K' if alter % 4 == 0 => '\u{212A}',
                c if c.is_ascii_alphabetic() && seed & (1 << (j % 8)) != 0 => {
                    (c as u8 ^ 0x20) as char
                }
                c if c.is_ascii()
                    && !c.is_ascii_alphabetic()
                    && alter % 4 == 1
                    && !flipped_other =>
                {
                    flipped_other = true;
                    (c as u8 ^ 0x20) as char
                }
                c => c,
            })
            .collect::<String>()
    });
    let other = prop_oneof![
        Just(""),
        Just(":"),
        Just("="),
        Just(" "),
        Just("0.5"),
        Just("1"),
        Just("x"),
        Just(";"),
        Just("\t"),
        Just("\n"),
        Just("\r\n"),
    ]
    .prop_map(str::to_string);
    let piece = prop_oneof![2 => text, 1 => other];
    prop::collection::vec(piece, 0..24).prop_map(|v| v.concat())
}

fn log() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("a"),
        Just("b"),
        Just("1"),
        Just("12.5"),
        Just("4.5e-05"),
        Just("."),
        Just(" "),
        Just("\t"),
        Just("\n"),
        Just("\r\n"),
        Just("\r"),
        Just("é"),
        Just("🚀"),
        Just("손실"),
        Just("\u{1b}"),
        Just("#011"),
        Just(";"),
        Just("nan"),
        Just("loss="),
        Just("a1a"),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 600, ..ProptestConfig::default() })]

    #[test]
    fn fast_agrees_with_plain(
        patterns in prop::collection::vec(pattern(), 1..4),
        log in log(),
        escape in any::<bool>(),
        all_matches in any::<bool>(),
    ) {
        let fast = run_with(&patterns, &log, Engine::Fast, escape, all_matches, &[]);
        let plain = run_with(&patterns, &log, Engine::Plain, escape, all_matches, &[]);
        prop_assert_eq!(fast, plain, "patterns {:?} log {:?}", patterns, log);
    }

    #[test]
    fn common_metric_shapes_agree(
        patterns in prop::collection::vec(metric_shape(), 1..4),
        log in metric_log(),
        all_matches in any::<bool>(),
    ) {
        let fast = run_with(&patterns, &log, Engine::Fast, true, all_matches, &[]);
        let plain = run_with(&patterns, &log, Engine::Plain, true, all_matches, &[]);
        prop_assert_eq!(fast, plain, "patterns {:?} log {:?}", patterns, log);
    }

    #[test]
    fn case_insensitive_patterns_agree(
        patterns in prop::collection::vec(case_insensitive_pattern(), 1..4),
        log in mixed_case_log(),
        escape in any::<bool>(),
        all_matches in any::<bool>(),
    ) {
        let fast = run_with(&patterns, &log, Engine::Fast, escape, all_matches, &[]);
        let plain = run_with(&patterns, &log, Engine::Plain, escape, all_matches, &[]);
        prop_assert_eq!(fast, plain, "patterns {:?} log {:?}", patterns, log);
    }

    #[test]
    fn splitting_the_log_changes_nothing(
        patterns in prop::collection::vec(pattern(), 1..3),
        log in log(),
        pieces in prop::collection::vec(0usize..12, 0..8),
    ) {
        let whole = run(&patterns, &log, Engine::Fast, true, &[]);
        let split = run(&patterns, &log, Engine::Fast, true, &pieces);
        prop_assert_eq!(&whole, &split);
        let plain_split = run(&patterns, &log, Engine::Plain, true, &pieces);
        prop_assert_eq!(whole, plain_split);
    }
}

/// Logs are evaluated in windows of up to 4 MiB, each cut into one piece per
/// thread: a log several times that size, with matches on both sides of every
/// cut and a line longer than a window, gives the same report as the
/// reference, however it is pushed and with any number of threads.
#[test]
fn large_logs_cross_chunk_boundaries() {
    let mut log = String::new();
    let mut i = 0u64;
    while log.len() < 6 << 20 {
        log.push_str(&format!("step {i}\tloss: {}.5\r\nnoise é 🚀 {i}\n", i % 97));
        i += 1;
        if i == 20_000 {
            log.push_str(&"x".repeat(9 << 19));
            log.push_str(" loss: 7\n");
        }
    }
    let patterns = vec![
        r"loss: ([0-9.]+)".to_string(),
        r"^step (\d+)#011".to_string(),
        r"(\S+)$".to_string(),
    ];
    let plain = run(&patterns, &log, Engine::Plain, true, &[]);
    for threads in [1, 3, 7] {
        let fast = run_threads(&patterns, &log, threads, &[4 << 20, 3 << 20, 1 << 20]);
        assert_eq!(fast.lines, plain.lines, "{threads} threads");
        assert_eq!(fast.definitions, plain.definitions, "{threads} threads");
    }
    assert_eq!(plain.definitions[0].summary.count, i + 1);
    for pieces in [vec![], vec![65_536; 200]] {
        let fast = run(&patterns, &log, Engine::Fast, true, &pieces);
        assert_eq!(fast.lines, plain.lines);
        assert_eq!(fast.definitions, plain.definitions);
    }
}
