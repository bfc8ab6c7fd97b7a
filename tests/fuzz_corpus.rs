//! Replays every committed fuzz corpus file (`fuzz/corpus/<target>/`) through
//! the check its fuzz target runs, on stable Rust: a past finding stays fixed
//! without nightly or cargo-fuzz. The checks live in `fuzz/src/lib.rs` and are
//! included here by path, so the fuzz targets and this test run the same code
//! and the shipped library carries none of it.

#[path = "../fuzz/src/lib.rs"]
mod checks;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

/// Every file of every target's corpus passes its check.
#[test]
fn corpora_replay_clean() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus");
    let mut failures = Vec::new();
    let mut replayed = 0;
    for (target, check) in checks::TARGETS {
        let dir = root.join(target);
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|p| p.is_file())
            .collect();
        files.sort();
        assert!(!files.is_empty(), "{} has no seed", dir.display());
        for file in files {
            let data = std::fs::read(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            if catch_unwind(AssertUnwindSafe(|| check(&data))).is_err() {
                failures.push(file.display().to_string());
            }
            replayed += 1;
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {replayed} corpus files fail: {failures:#?}",
        failures.len()
    );
}

/// Found by `detect`: a byte-order mark before Python code was read as part of
/// the name `metric_definitions`, so the keyword was missed and the text was
/// read as a bare JSON list (or not at all).
#[test]
fn regression_bom_before_python_code() {
    let code = "metric_definitions=[{'Name': 'loss', 'Regex': r'loss=([0-9.]+)'}, {\"Name\": \"acc\", \"Regex\": \"acc=(\\\\S+)\"}]";
    let plain = metrex::parse_definitions(code);
    assert_eq!(plain.format, metrex::input::Format::Python);
    let with_bom = metrex::parse_definitions(&format!("\u{feff}{code}"));
    assert_eq!(with_bom.format, plain.format);
    assert_eq!(with_bom.definitions.len(), 2, "{:?}", with_bom.errors);
    assert_eq!(with_bom.definitions[1].regex, "acc=(\\S+)");
    // A letter outside ASCII is still part of a name.
    let accented = metrex::parse_definitions(
        "métriques = 1\nmetric_definitions=[{'Name': 'a', 'Regex': '(b)'}]",
    );
    assert_eq!(accented.definitions.len(), 1);
    let found = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fuzz/corpus/detect/regression-bom-before-python-code"
    );
    checks::detect(&std::fs::read(found).expect("the corpus file"));
}

fn report_of(
    patterns: &[&str],
    log: &str,
    engine: metrex::Engine,
    options: &metrex::Options,
) -> metrex::Report {
    let parsed = metrex::ParsedInput {
        format: metrex::input::Format::JsonList,
        definitions: patterns
            .iter()
            .enumerate()
            .map(|(i, p)| metrex::Definition::new(format!("m{i}"), *p))
            .collect(),
        objective: None,
        errors: Vec::new(),
        findings: Vec::new(),
    };
    let mut checker = metrex::Checker::new(
        parsed,
        metrex::Options {
            engine,
            ..options.clone()
        },
    );
    checker.push(log.as_bytes());
    checker.finish()
}

/// Found by `compile_eval` (a wrong check, not an engine bug): a CR at the very
/// end of a log, with no LF after it, stays part of the last line (escaped as
/// `#015`), and a match may cover it.
#[test]
fn regression_cr_at_the_end_of_a_log_is_part_of_the_line() {
    for engine in [metrex::Engine::Fast, metrex::Engine::Plain] {
        let report = report_of(&["(.*?)$a*"], " \r\r", engine, &metrex::Options::default());
        let capture = &report.definitions[0].captures[0];
        assert_eq!(capture.text.as_deref(), Some(" #015#015"), "{engine:?}");
        assert_eq!(
            (capture.matched.start, capture.matched.end),
            (0, 3),
            "{engine:?}"
        );
        let crlf = report_of(
            &["(.*?)$a*"],
            " \r\r\n",
            engine,
            &metrex::Options::default(),
        );
        assert_eq!(crlf.definitions[0].captures[0].matched.end, 2, "{engine:?}");
    }
}

/// Found by `differential` (runs that timed out, not disagreements): patterns
/// that match on every one of 300,000 lines, with every match listed, cost
/// seconds. The engines agree, and capped listing keeps counts exact.
#[test]
fn regression_matches_on_every_line_of_a_big_log() {
    let log = "\n".repeat(300_000) + "Loss: 0.5\n";
    let options = metrex::Options {
        all_matches: true,
        max_captures: 64,
        threads: 3,
        ..metrex::Options::default()
    };
    let patterns = ["|||7|`|(\\S+)", "(?m:$)\\B+?(?i)\\A(?m)(?s:.)??+([0-9.]+)?"];
    let fast = report_of(&patterns, &log, metrex::Engine::Fast, &options);
    let plain = report_of(&patterns, &log, metrex::Engine::Plain, &options);
    assert_eq!(fast, plain);
    // The first matches every line; the second only empty ones (`$` then `\A`).
    for (d, lines) in fast.definitions.iter().zip([300_001, 300_000]) {
        assert_eq!(d.summary.matched, lines, "{}", d.regex);
        assert_eq!(d.captures.len(), 64);
        assert_eq!(d.captures_omitted, lines - 64);
    }
}
