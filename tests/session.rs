//! The incremental session (what the page's worker keeps between requests)
//! gives exactly what a full evaluation gives: after any sequence of edits,
//! whether the log is kept or read again, and wherever the log is cut into
//! pieces.

use metrex::evaluate::columns::{IGNORED, NO_GROUP};
use metrex::session::{Session, LINE_INDEX_EVERY};
use metrex::{check, Options, Report};
use proptest::prelude::*;

/// Patterns of every kind the engine treats differently, and broken ones.
const PATTERNS: &[&str] = &[
    r"loss=([0-9.]+)",
    r"acc=(\S+)",
    r"^([0-9.]+)$",
    r"#011train-error:(\S+)",
    r"(\d+)",
    r"x=(.*?);",
    r"\t(\d)",
    r"é=(\d+)",
    r"(a)?b",
    r"loss=([0-9.",
    r"nothing here",
    r"step (\d+)",
];

/// Lines with metrics, control characters, CRLF, multi-byte text.
const LINES: &[&str] = &[
    "loss=0.5 acc=0.9",
    "loss=1e-3;x=4;",
    "\ttrain-error:0.25\r",
    "12.5",
    "é=7 b",
    "step 3\tloss=2",
    "",
    "acc=nan x=;",
    "ab b loss=3 loss=4",
    "\u{1f600} loss=9",
];

fn options(escape: bool, all_matches: bool) -> Options {
    Options {
        escape,
        all_matches,
        max_captures: 5,
        max_columns: 1_000_000,
        threads: 1,
        ..Options::default()
    }
}

fn definitions(picks: &[(usize, usize)]) -> String {
    let list: Vec<String> = picks
        .iter()
        .map(|&(name, pattern)| {
            format!(
                r#"{{"Name": "m{}", "Regex": {}}}"#,
                name % 4,
                serde_json::to_string(PATTERNS[pattern % PATTERNS.len()]).unwrap_or_default()
            )
        })
        .collect();
    format!("[{}]", list.join(", "))
}

/// Evaluates `log` fully in a session: one pass, cut into `pieces`.
fn load(session: &mut Session, log: &str, keep: bool, piece: usize) {
    session.reset_log();
    session.begin_pass(keep);
    for part in log.as_bytes().chunks(piece.max(1)) {
        session.push(part);
    }
    session.end_pass();
}

/// Asserts the session's report and columns agree with a full evaluation.
fn assert_agrees(session: &Session, defs: &str, log: &str, options: &Options) {
    let expected: Report = check(defs, log, options);
    let got = session.report();
    assert_eq!(got, expected, "defs {defs:?} log {log:?}");
    // The columns hold every capture; the first ones are the listed captures.
    for (i, definition) in expected.definitions.iter().enumerate() {
        let Some(columns) = session.columns(i) else {
            assert!(definition.error.is_some(), "columns of {i}");
            continue;
        };
        let counted: Vec<usize> = (0..columns.len())
            .filter(|&k| columns.kind[k] & IGNORED == 0)
            .collect();
        assert_eq!(counted.len() as u64, definition.summary.matched, "{defs}");
        for (capture, &k) in definition.captures.iter().zip(&counted) {
            assert_eq!(u64::from(columns.line[k]), capture.line);
            assert_eq!(columns.match_start[k] as usize, capture.matched.start_utf16);
            assert_eq!(columns.match_end[k] as usize, capture.matched.end_utf16);
            let group = capture
                .group
                .map(|g| (g.start_utf16 as u32, g.end_utf16 as u32));
            let got = (columns.group_start[k] != NO_GROUP)
                .then(|| (columns.group_start[k], columns.group_end[k]));
            assert_eq!(got, group);
            match capture.value {
                Some(v) => assert_eq!(columns.value[k], v),
                None => assert!(columns.value[k].is_nan() && columns.kind[k] != 0),
            }
        }
    }
}

#[derive(Debug, Clone)]
enum Edit {
    Definitions(Vec<(usize, usize)>),
    Log(Vec<usize>, bool),
    Options(bool, bool),
    /// An edit to the definitions whose pass is dropped part-way (the worker's
    /// answer to a newer request): it must leave no trace.
    Abandoned(Vec<(usize, usize)>, usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        4 => prop::collection::vec((0..8usize, 0..PATTERNS.len()), 0..6).prop_map(Edit::Definitions),
        1 => (prop::collection::vec(0..LINES.len(), 0..12), any::<bool>()).prop_map(|(l, t)| Edit::Log(l, t)),
        1 => (any::<bool>(), any::<bool>()).prop_map(|(e, a)| Edit::Options(e, a)),
        1 => (prop::collection::vec((0..8usize, 0..PATTERNS.len()), 1..4), 0..200usize)
            .prop_map(|(p, cut)| Edit::Abandoned(p, cut)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Any sequence of edits (definitions, the log, the options), with the log
    /// kept or read again on each change, ends where a full evaluation is.
    #[test]
    fn incremental_results_equal_a_full_evaluation(
        edits in prop::collection::vec(edit(), 1..12),
        keep in any::<bool>(),
        piece in 1..40usize,
    ) {
        let mut session = Session::new(options(true, false));
        let mut opts = options(true, false);
        let mut defs = definitions(&[]);
        let mut log = String::new();
        load(&mut session, &log, keep, piece);
        for edit in edits {
            match edit {
                Edit::Definitions(picks) => defs = definitions(&picks),
                Edit::Log(lines, final_lf) => {
                    log = lines.iter().map(|&i| LINES[i]).collect::<Vec<_>>().join("\n");
                    if final_lf && !log.is_empty() {
                        log.push('\n');
                    }
                    // A new log: the definitions must be known before its pass.
                    session.set_definitions(&defs);
                    if piece % 3 == 0 {
                        // A first pass dropped part-way, then read again whole.
                        session.reset_log();
                        session.begin_pass(keep);
                        session.push(&log.as_bytes()[..log.len() / 2]);
                        session.abandon_pass();
                        prop_assert_eq!(session.lines(), 0);
                    }
                    load(&mut session, &log, keep, piece);
                }
                Edit::Options(escape, all) => {
                    opts = options(escape, all);
                    session.set_options(opts.clone(), None);
                }
                Edit::Abandoned(picks, cut) => {
                    if session.set_definitions(&definitions(&picks)) > 0 {
                        session.begin_pass(keep);
                        session.push(&log.as_bytes()[..cut.min(log.len())]);
                        session.abandon_pass();
                    }
                }
            }
            // What the worker does on every request.
            if session.set_definitions(&defs) > 0 {
                prop_assert!(!session.keeps_log());
                session.begin_pass(keep);
                for part in log.as_bytes().chunks(piece) {
                    session.push(part);
                }
                session.end_pass();
                prop_assert_eq!(session.set_definitions(&defs), 0);
            }
            assert_agrees(&session, &defs, &log, &opts);
        }
    }
}

/// A log with multi-byte characters, CRLF, escapes and no final LF, cut at
/// every byte: the same report, the same line index.
#[test]
fn a_log_cut_at_any_byte_gives_the_same_results() {
    let log = "loss=1.5\r\n\u{e9}=2 \u{1f600} loss=2\n\tloss=3\r\nacc=0.5\r\n\r\nloss=4";
    let defs = definitions(&[(0, 0), (1, 1), (2, 7), (3, 6), (0, 3)]);
    let opts = options(true, false);
    for cut in 0..=log.len() {
        for keep in [false, true] {
            let mut session = Session::new(opts.clone());
            session.set_definitions(&defs);
            session.reset_log();
            session.begin_pass(keep);
            session.push(&log.as_bytes()[..cut]);
            session.push(&log.as_bytes()[cut..]);
            session.end_pass();
            assert_agrees(&session, &defs, log, &opts);
            assert_eq!(session.line_index().lines, 6);
        }
    }
}

/// Each byte of the log fed on its own.
#[test]
fn a_log_fed_byte_by_byte_gives_the_same_results() {
    let log = "a\r\n\u{1f600}loss=1\r\nloss=2\r\r\n\n";
    let defs = definitions(&[(0, 0), (1, 4)]);
    let opts = options(false, true);
    let mut session = Session::new(opts.clone());
    session.set_definitions(&defs);
    session.begin_pass(true);
    for b in log.as_bytes() {
        session.push(std::slice::from_ref(b));
    }
    session.end_pass();
    assert_agrees(&session, &defs, log, &opts);
}

/// The line index points at every 256th line start, whatever the pieces.
#[test]
fn the_line_index_points_at_line_starts() {
    let lines: Vec<String> = (1..=1000)
        .map(|i| format!("line {i} é{}", "x".repeat(i % 7)))
        .collect();
    let log = lines.join("\n") + "\n";
    let mut session = Session::new(options(true, false));
    session.set_definitions("[]");
    session.begin_pass(false);
    for part in log.as_bytes().chunks(997) {
        session.push(part);
    }
    session.end_pass();
    let index = session.line_index();
    assert_eq!(index.lines, 1000);
    assert_eq!(
        index.offsets.len(),
        1000usize.div_ceil(LINE_INDEX_EVERY as usize)
    );
    for (k, offset) in index.offsets.iter().enumerate() {
        let line = k * LINE_INDEX_EVERY as usize;
        let expected: usize = lines[..line].iter().map(|l| l.len() + 1).sum();
        assert_eq!(*offset as usize, expected);
        assert!(log[expected..].starts_with(&lines[line]));
    }
}

/// Editing one definition on a kept log runs it at once; the others keep
/// their results, and only the edited one is new.
#[test]
fn an_edit_runs_only_the_edited_definition() {
    let log = "loss=1\nacc=2\nloss=3\n";
    let mut session = Session::new(options(true, false));
    session.set_definitions(&definitions(&[(0, 0), (1, 1)]));
    load(&mut session, log, true, 4);
    assert_eq!(session.take_new(), [true, true]);
    assert_eq!(session.take_new(), [false, false]);
    assert_eq!(session.set_definitions(&definitions(&[(0, 0), (1, 4)])), 0);
    assert_eq!(session.take_new(), [false, true]);
    let report = session.report();
    assert_eq!(report.definitions[1].summary.count, 3);
    // A file not kept needs a pass, for the edited definition only.
    let mut streamed = Session::new(options(true, false));
    streamed.set_definitions(&definitions(&[(0, 0), (1, 1)]));
    load(&mut streamed, log, false, 4);
    assert_eq!(streamed.set_definitions(&definitions(&[(0, 0), (1, 4)])), 1);
}

/// The captures of a few lines, found on demand (the page's viewer draws lines
/// past the columns' cap with them), are those of a full evaluation on those lines.
#[test]
fn captures_of_some_lines_equal_the_full_evaluation_on_them() {
    let lines: Vec<String> = (1..=60)
        .map(|i| LINES[i % LINES.len()].replace("=9", &format!("={i}")))
        .collect();
    let log = lines.join("\n") + "\n";
    let defs = definitions(&[(0, 0), (1, 1), (2, 4), (3, 6), (0, 9)]);
    for all in [false, true] {
        let opts = options(true, all);
        let mut session = Session::new(opts.clone());
        session.set_definitions(&defs);
        load(&mut session, &log, true, 7);
        for (from, to) in [(0, 1), (10, 25), (59, 60), (0, 60)] {
            let text = lines[from..to].join("\n");
            let some = session.columns_for_lines(&text, from as u64 + 1);
            assert_eq!(some.len(), 5);
            for (i, got) in some.iter().enumerate() {
                let full = session.columns(i);
                assert_eq!(got.is_some(), full.is_some(), "definition {i}");
                let (Some(got), Some(full)) = (got, full) else {
                    continue;
                };
                let want: Vec<usize> = (0..full.len())
                    .filter(|&k| (from as u32 + 1..=to as u32).contains(&full.line[k]))
                    .collect();
                assert_eq!(
                    got.line,
                    want.iter().map(|&k| full.line[k]).collect::<Vec<_>>()
                );
                assert_eq!(
                    got.kind,
                    want.iter().map(|&k| full.kind[k]).collect::<Vec<_>>()
                );
                assert_eq!(
                    got.match_start,
                    want.iter()
                        .map(|&k| full.match_start[k])
                        .collect::<Vec<_>>()
                );
                assert_eq!(
                    got.group_end,
                    want.iter().map(|&k| full.group_end[k]).collect::<Vec<_>>()
                );
            }
        }
    }
}

/// Searching the kept log for the next or previous capture (the page's jumps
/// past the columns' cap) finds what the columns list, from any line.
#[test]
fn the_next_and_previous_capture_are_found_on_the_kept_log() {
    let lines: Vec<String> = (1..=400)
        .map(|i| LINES[i % LINES.len()].to_string())
        .collect();
    let log = lines.join("\n") + "\n";
    let defs = definitions(&[(0, 0), (1, 1), (2, 4), (3, 9)]);
    let mut opts = options(true, true);
    opts.max_captures = 0;
    let mut session = Session::new(opts.clone());
    session.set_definitions(&defs);
    load(&mut session, &log, true, 64);
    // A log not kept (a big file): the page searches it piece by piece.
    let mut streamed = Session::new(opts);
    streamed.set_definitions(&defs);
    load(&mut streamed, &log, false, 64);
    let pieces: Vec<(u64, String)> = lines
        .chunks(37)
        .enumerate()
        .map(|(k, piece)| (1 + 37 * k as u64, piece.join("\n") + "\n"))
        .collect();
    let in_pieces = |i: usize, from: u64, forward: bool, dropped: bool| {
        let search = |(first, text): &(u64, String)| {
            streamed.find_capture_in(i, text, *first, from, forward, dropped)
        };
        if forward {
            pieces.iter().find_map(search)
        } else {
            pieces.iter().rev().find_map(search)
        }
    };
    for i in 0..4 {
        let Some(columns) = session.columns(i) else {
            assert_eq!(session.find_capture(i, 0, true, false), None);
            assert_eq!(in_pieces(i, 0, true, false), None);
            continue;
        };
        let counted = |dropped: bool| -> Vec<u64> {
            (0..columns.len())
                .filter(|&k| columns.kind[k] & IGNORED == 0 && (!dropped || columns.kind[k] != 0))
                .map(|k| u64::from(columns.line[k]))
                .collect()
        };
        for dropped in [false, true] {
            let all = counted(dropped);
            for from in 0..=401 {
                let next = all.iter().copied().find(|&l| l > from);
                let prev = all.iter().copied().rev().find(|&l| l < from);
                assert_eq!(
                    session.find_capture(i, from, true, dropped),
                    next,
                    "{i} {from} {dropped}"
                );
                assert_eq!(
                    session.find_capture(i, from, false, dropped),
                    prev,
                    "{i} {from} {dropped}"
                );
                assert_eq!(
                    in_pieces(i, from, true, dropped),
                    next,
                    "{i} {from} {dropped}"
                );
                assert_eq!(
                    in_pieces(i, from, false, dropped),
                    prev,
                    "{i} {from} {dropped}"
                );
            }
        }
    }
    // A log not kept: nothing to search but the pieces the page reads.
    assert_eq!(streamed.find_capture(0, 0, true, false), None);
}

/// The same across windows of the kept log (a log over 4 MiB is cut in several).
#[test]
fn captures_are_found_across_windows() {
    let n = 300_000u64;
    let log: String = (1..=n)
        .map(|i| {
            if i % 7 == 0 {
                format!("step {i} loss=x\n")
            } else {
                format!("step {i} loss={i}\n")
            }
        })
        .collect();
    assert!(log.len() > 4 << 20);
    let mut session = Session::new(Options {
        max_columns: 10,
        ..options(true, false)
    });
    session.set_definitions(&definitions(&[(0, 1)]).replace(r"acc=(\\S+)", r"loss=(\\S+)"));
    load(&mut session, &log, true, 1 << 20);
    assert_eq!(session.report().definitions[0].summary.matched, n);
    for from in [
        0, 1, 6, 7, 149_999, 150_000, 174_761, 174_762, 299_993, 299_999, 300_000,
    ] {
        let next = (from < n).then_some(from + 1);
        let prev = (from > 1).then(|| from - 1);
        assert_eq!(
            session.find_capture(0, from, true, false),
            next,
            "next from {from}"
        );
        assert_eq!(
            session.find_capture(0, from, false, false),
            prev,
            "prev from {from}"
        );
        let next_dropped = (from / 7 + 1) * 7;
        assert_eq!(
            session.find_capture(0, from, true, true),
            (next_dropped <= n).then_some(next_dropped)
        );
        let prev_dropped = (from.saturating_sub(1) / 7) * 7;
        assert_eq!(
            session.find_capture(0, from, false, true),
            (prev_dropped > 0).then_some(prev_dropped)
        );
    }
}

/// Reads `log` as the page reads a big file with two workers: the lines up to
/// `split` (a line count) in `session`, the rest in a second session whose
/// part is merged into the first. Both are cut into pieces of `piece` bytes.
fn load_in_two(
    session: &mut Session,
    defs: &str,
    log: &str,
    split: usize,
    piece: usize,
    opts: &Options,
) {
    let at = log
        .match_indices('\n')
        .nth(split.saturating_sub(1))
        .filter(|_| split > 0)
        .map_or(0, |(i, _)| i + 1);
    let mut other = Session::new(opts.clone());
    other.set_definitions(defs);
    load(&mut other, &log[at..], false, piece);
    // The part crosses between workers as a JS value, its columns as typed
    // arrays beside it: serde both ways (JSON here), the columns put back.
    let part = other.take_part();
    let mut crossed: metrex::session::PassPart =
        serde_json::from_str(&serde_json::to_string(&part).expect("serializes"))
            .expect("deserializes");
    for ((regex, state), (same, original)) in crossed.states.iter_mut().zip(part.states) {
        assert_eq!(*regex, same);
        state.columns = original.columns;
    }
    let part = crossed;
    assert_eq!(other.lines(), 0, "the second session is left with no log");
    session.set_definitions(defs);
    load(session, &log[..at], false, piece);
    assert!(session.merge_part(part));
}

/// Asserts `merged` (read in two parts) has what `whole` (one pass) has:
/// the report, the capture columns, the line index's line starts, and values
/// sampled from the whole log's.
fn assert_same_as_one_pass(merged: &Session, whole: &Session, log: &str) {
    assert_eq!(merged.report(), whole.report(), "log {log:?}");
    assert_eq!(merged.lines(), whole.lines());
    let count = merged.report().definitions.len();
    for i in 0..count {
        // NaN (a dropped value) is not equal to itself: compare the bits.
        let bits = |c: Option<&metrex::evaluate::CaptureColumns>| {
            c.map(|c| {
                let mut c = c.clone();
                let values: Vec<u64> = c.value.drain(..).map(f64::to_bits).collect();
                (c, values)
            })
        };
        assert_eq!(
            bits(merged.columns(i)),
            bits(whole.columns(i)),
            "columns of {i}"
        );
        let (Some(got), Some(want)) = (merged.thinned(i), whole.thinned(i)) else {
            assert_eq!(merged.thinned(i).is_some(), whole.thinned(i).is_some());
            continue;
        };
        assert_eq!(got.seen, want.seen);
        assert!(got.line.len() < metrex::evaluate::columns::THINNED_POINTS);
        // Evenly spread: as many points as one pass keeps, within a few.
        assert!(
            got.line.len().abs_diff(want.line.len()) <= 2,
            "{} points against {}",
            got.line.len(),
            want.line.len()
        );
        assert!(got.line.windows(2).all(|w| w[0] <= w[1]));
    }
    let (index, one) = (merged.line_index(), whole.line_index());
    assert_eq!((index.lines, index.bytes), (one.lines, one.bytes));
    assert_eq!(index.starts.first(), one.starts.first());
    let starts: Vec<usize> = std::iter::once(0)
        .chain(log.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    for (start, offset) in index.starts.iter().zip(&index.offsets) {
        assert_eq!(
            starts[*start as usize - 1],
            *offset as usize,
            "line {start}"
        );
    }
    // Blocks of at most LINE_INDEX_EVERY lines; one more block than one pass at most.
    let mut ends = index.starts.clone();
    ends.push(index.lines as f64 + 1.0);
    assert!(ends
        .windows(2)
        .all(|w| w[0] < w[1] && w[1] - w[0] <= LINE_INDEX_EVERY as f64));
    assert!(index.starts.len() <= one.starts.len() + 1);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// A log read in two parts by two sessions, the second's part merged into
    /// the first, equals one pass over it, wherever it is split.
    #[test]
    fn a_log_read_in_two_parts_equals_one_pass(
        picks in prop::collection::vec((0..8usize, 0..PATTERNS.len()), 0..6),
        lines in prop::collection::vec(0..LINES.len(), 0..30),
        repeat in 1..40usize,
        final_lf in any::<bool>(),
        split in 0..1300usize,
        piece in 1..200usize,
        escape in any::<bool>(),
        all in any::<bool>(),
        few_columns in any::<bool>(),
    ) {
        let mut log = vec![lines.iter().map(|&i| LINES[i]).collect::<Vec<_>>().join("\n"); repeat].join("\n");
        if final_lf && !log.is_empty() {
            log.push('\n');
        }
        let defs = definitions(&picks);
        let opts = Options { max_columns: if few_columns { 7 } else { 1_000_000 }, ..options(escape, all) };
        let mut whole = Session::new(opts.clone());
        whole.set_definitions(&defs);
        load(&mut whole, &log, false, piece);
        let mut merged = Session::new(opts.clone());
        load_in_two(&mut merged, &defs, &log, split, piece, &opts);
        assert_same_as_one_pass(&merged, &whole, &log);
        // An edit after the merge runs on the file read again, as usual.
        let edited = definitions(&[(1, 4), (2, 0)]);
        if merged.set_definitions(&edited) > 0 {
            merged.begin_pass(false);
            merged.push(log.as_bytes());
            merged.end_pass();
        }
        assert_eq!(merged.report(), check(&edited, &log, &opts));
    }
}

/// Many values (the sample halves several times) and many lines, split at
/// block boundaries and off them.
#[test]
fn a_long_log_read_in_two_parts_equals_one_pass() {
    let log: String = (1..=20_000)
        .map(|i| format!("step {i} loss={}\n", 1.0 / f64::from(i)))
        .collect();
    let defs = definitions(&[(0, 0), (1, 11), (2, 4)]);
    let opts = Options {
        max_columns: 5_000,
        ..options(true, false)
    };
    let mut whole = Session::new(opts.clone());
    whole.set_definitions(&defs);
    load(&mut whole, &log, false, 4096);
    for split in [1, 255, 256, 257, 4_999, 5_000, 9_999, 19_999, 20_000] {
        let mut merged = Session::new(opts.clone());
        load_in_two(&mut merged, &defs, &log, split, 4096, &opts);
        assert_same_as_one_pass(&merged, &whole, &log);
    }
    // A second part is refused: the first one ended the log.
    let mut merged = Session::new(opts.clone());
    load_in_two(&mut merged, &defs, &log, 100, 4096, &opts);
    let mut other = Session::new(opts.clone());
    other.set_definitions(&defs);
    load(&mut other, &log, false, 4096);
    assert!(!merged.merge_part(other.take_part()));
    assert_eq!(merged.lines(), 20_000);
    // A session that keeps its log, or is in a pass, takes no part.
    let mut kept = Session::new(opts.clone());
    kept.set_definitions(&defs);
    load(&mut kept, &log, true, 4096);
    assert!(!kept.merge_part(whole.take_part()));
}
