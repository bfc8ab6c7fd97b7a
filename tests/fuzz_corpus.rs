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
