//! The corpus: real metric definitions and log lines (`tests/corpus/*.toml`),
//! each with the values SageMaker records, the dropped captures and the lints
//! expected. Every case runs on every engine — fast and plain — and with the
//! log fed whole and in small pieces; adding a pitfall is adding a case.
//! The same files are checked by `bench/check_corpus.py` against an
//! independent implementation in Python's `re`.

use std::collections::BTreeSet;
use std::path::Path;

use metrex::report::Report;
use metrex::{Checker, Engine, Options};
use serde::Deserialize;

#[derive(Deserialize)]
struct CorpusFile {
    #[allow(dead_code)]
    source: String,
    case: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    name: String,
    #[serde(default)]
    #[allow(dead_code)]
    description: String,
    definitions: String,
    log: String,
    #[serde(default = "yes")]
    escape: bool,
    #[serde(default)]
    expect: Vec<Expectation>,
    /// Codes of the document-level findings (misspelled keywords and keys,
    /// limits, the objective); absent means none.
    #[serde(default)]
    findings: Vec<String>,
}

fn yes() -> bool {
    true
}

#[derive(Deserialize)]
struct Expectation {
    metric: String,
    #[serde(default)]
    values: Vec<(u64, f64)>,
    dropped: Option<Vec<(u64, String)>>,
    warnings: Option<Vec<String>>,
    error: Option<String>,
}

fn evaluate(case: &Case, engine: Engine, piece: Option<usize>) -> Report {
    let options = Options {
        escape: case.escape,
        max_captures: usize::MAX,
        engine,
        ..Options::default()
    };
    let mut checker = Checker::new(metrex::parse_definitions(&case.definitions), options);
    match piece {
        None => checker.push(case.log.as_bytes()),
        Some(size) => case
            .log
            .as_bytes()
            .chunks(size)
            .for_each(|p| checker.push(p)),
    }
    checker.finish()
}

/// Checks one case; returns the list of mismatches.
fn check_case(file: &str, case: &Case) -> Vec<String> {
    let mut problems = Vec::new();
    let report = evaluate(case, Engine::Fast, None);
    let at = format!("{file} / {}", case.name);
    if !report.input_errors.is_empty() {
        problems.push(format!("{at}: input errors {:?}", report.input_errors));
    }
    let got: BTreeSet<&str> = report.warnings.iter().map(|w| w.code).collect();
    let want: BTreeSet<&str> = case.findings.iter().map(String::as_str).collect();
    if got != want {
        problems.push(format!("{at}: findings {got:?}, expected {want:?}"));
    }
    for (engine, piece) in [
        (Engine::Plain, None),
        (Engine::Fast, Some(7)),
        (Engine::Plain, Some(3)),
    ] {
        if evaluate(case, engine, piece) != report {
            problems.push(format!(
                "{at}: {engine:?} engine with pieces {piece:?} disagrees"
            ));
        }
    }
    for expect in &case.expect {
        let Some(d) = report.definitions.iter().find(|d| d.name == expect.metric) else {
            problems.push(format!("{at}: no metric {:?}", expect.metric));
            continue;
        };
        let at = format!("{at} / {}", expect.metric);
        let values: Vec<(u64, f64)> = d
            .captures
            .iter()
            .filter_map(|c| Some((c.line, c.value?)))
            .collect();
        if values != expect.values {
            problems.push(format!(
                "{at}: values {values:?}, expected {:?}",
                expect.values
            ));
        }
        if let Some(want) = &expect.dropped {
            let got: Vec<(u64, String)> = d
                .captures
                .iter()
                .filter_map(|c| Some((c.line, c.reason?.code().to_string())))
                .collect();
            if &got != want {
                problems.push(format!("{at}: dropped {got:?}, expected {want:?}"));
            }
        }
        if let Some(want) = &expect.warnings {
            let got: BTreeSet<&str> = d.warnings.iter().map(|w| w.code).collect();
            let want: BTreeSet<&str> = want.iter().map(String::as_str).collect();
            if got != want {
                problems.push(format!("{at}: warnings {got:?}, expected {want:?}"));
            }
        }
        let error = d.error.as_ref().map(|e| e.code.to_string());
        if error != expect.error {
            problems.push(format!(
                "{at}: error {error:?}, expected {:?}",
                expect.error
            ));
        }
        // The summary must agree with the listed values.
        let s = &d.summary;
        if s.count != values.len() as u64 || s.final_value != values.last().map(|v| v.1) {
            problems.push(format!("{at}: summary {s:?} does not match the values"));
        }
    }
    problems
}

#[test]
fn corpus() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/corpus exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no corpus files in {}", dir.display());
    let mut cases = 0;
    let mut problems = Vec::new();
    for path in &files {
        let name = path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let text = std::fs::read_to_string(path).expect("readable corpus file");
        let file: CorpusFile = match toml::from_str(&text) {
            Ok(file) => file,
            Err(e) => {
                problems.push(format!("{name}: {e}"));
                continue;
            }
        };
        for case in &file.case {
            cases += 1;
            problems.extend(check_case(&name, case));
        }
    }
    assert!(
        problems.is_empty(),
        "{} problems in {cases} cases:\n{}",
        problems.len(),
        problems.join("\n")
    );
    assert!(cases >= 40, "only {cases} corpus cases");
}
