//! SageMaker's extraction rules, one test per rule, on both engines.

use metrex::input::{Definition, Direction, Format, Objective, ParsedInput};
use metrex::report::{Capture, DefinitionReport, Report};
use metrex::value::DropReason;
use metrex::{Checker, Engine, Options};

fn parsed(defs: &[(&str, &str)]) -> ParsedInput {
    ParsedInput {
        format: Format::JsonList,
        definitions: defs.iter().map(|(n, r)| Definition::new(*n, *r)).collect(),
        objective: None,
        errors: Vec::new(),
        findings: Vec::new(),
    }
}

fn run_with(defs: &[(&str, &str)], log: &[u8], options: Options) -> Report {
    let mut checker = Checker::new(parsed(defs), options);
    checker.push(log);
    checker.finish()
}

/// Runs on both engines, checks they agree, returns the report.
fn run_opts(defs: &[(&str, &str)], log: &str, options: Options) -> Report {
    let fast = run_with(
        defs,
        log.as_bytes(),
        Options {
            engine: Engine::Fast,
            ..options.clone()
        },
    );
    let plain = run_with(
        defs,
        log.as_bytes(),
        Options {
            engine: Engine::Plain,
            ..options
        },
    );
    assert_eq!(fast, plain, "engines disagree");
    fast
}

fn run(defs: &[(&str, &str)], log: &str) -> Report {
    run_opts(defs, log, Options::default())
}

fn values(d: &DefinitionReport) -> Vec<(u64, f64)> {
    d.captures
        .iter()
        .filter_map(|c| Some((c.line, c.value?)))
        .collect()
}

fn dropped(d: &DefinitionReport) -> Vec<(u64, DropReason)> {
    d.captures
        .iter()
        .filter_map(|c| Some((c.line, c.reason?)))
        .collect()
}

fn codes(d: &DefinitionReport) -> Vec<&'static str> {
    let mut codes: Vec<_> = d.warnings.iter().map(|w| w.code).collect();
    codes.sort_unstable();
    codes
}

const GAN_LINE: &str = "GAN_loss=0.138318; Scaled_reg=2.654134; disc:[-0.017371,0.102429] real 93.3% gen 0.0% disc-combined=0.000000; disc_train_loss=1.374587; Loss = 16.020744; Iteration 0 took 0.704s; Elapsed=0s";

#[test]
fn the_aws_docs_gan_example_records_four_metrics() {
    let report = run(
        &[
            ("loss", "Loss = (.*?);"),
            ("ganloss", "GAN_loss=(.*?);"),
            ("discloss", "disc_train_loss=(.*?);"),
            ("disc-combined", "disc-combined=(.*?);"),
        ],
        GAN_LINE,
    );
    let finals: Vec<_> = report
        .definitions
        .iter()
        .map(|d| d.summary.final_value)
        .collect();
    assert_eq!(
        finals,
        [Some(16.020744), Some(0.138318), Some(1.374587), Some(0.0)]
    );
    assert!(report.all_ok());
    // Offsets: group 1 of `loss` covers exactly "16.020744".
    let c = &report.definitions[0].captures[0];
    let g = c.group.expect("group");
    assert_eq!(&GAN_LINE[g.start..g.end], "16.020744");
    assert_eq!(
        &GAN_LINE[c.matched.start..c.matched.end],
        "Loss = 16.020744;"
    );
}

#[test]
fn each_line_is_matched_on_its_own() {
    // `\s*` cannot reach into the next line, and `$` is the end of a line.
    let report = run(&[("v", r"v:\s*([0-9]+)$")], "v:\n12\nv: 7\nv:  8 x\n");
    assert_eq!(values(&report.definitions[0]), [(3, 7.0)]);
    let report = run(&[("a", r"^(\d+)")], "x 1\n2 y\n");
    assert_eq!(values(&report.definitions[0]), [(2, 2.0)]);
}

#[test]
fn crlf_endings_lose_their_cr_and_lone_crs_escape() {
    let report = run(&[("v", r"v=([0-9.]+)$")], "v=1\r\nv=2\r\nv=3\rv=4\n");
    // Line 3 is "v=3#015v=4": the escaped CR keeps `$` after v=4.
    assert_eq!(
        values(&report.definitions[0]),
        [(1, 1.0), (2, 2.0), (3, 4.0)]
    );
    assert_eq!(report.lines, 3);
}

#[test]
fn tabs_are_matched_as_cloudwatch_shows_them() {
    let log = "[0]\ttrain-error:0.16\tvalidation-error:0.14\n[1]\ttrain-error:0.12\tvalidation-error:0.11\n";
    let report = run(
        &[
            ("train:error", r".*\[[0-9]+\]#011train-error:(\S+).*"),
            (
                "validation:error",
                r".*\[[0-9]+\]#011validation-error:(\S+).*",
            ),
            (
                "fixed",
                r"#011train-error:([-+]?[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)",
            ),
        ],
        log,
    );
    let [train, validation, fixed] = &report.definitions[..] else {
        panic!()
    };
    // The docs' `\S+` swallows the escaped TAB and the next field.
    assert_eq!(
        train.captures[0].text.as_deref(),
        Some("0.16#011validation-error:0.14")
    );
    assert_eq!(
        dropped(train),
        [(1, DropReason::NotANumber), (2, DropReason::NotANumber)]
    );
    assert_eq!(train.summary.count, 0);
    assert!(codes(train).contains(&"not-a-number"));
    let message = &train
        .warnings
        .iter()
        .find(|w| w.code == "not-a-number")
        .expect("finding")
        .message;
    assert!(message.contains("#011"), "{message}");
    // And its validation regex needs `]#011validation-error`, which a line that
    // also has train-error never contains: it records nothing.
    assert_eq!(codes(validation), ["no-match"]);
    assert_eq!(values(fixed), [(1, 0.16), (2, 0.12)]);
    // The match of `#011train-error:` covers the one TAB of the pasted line.
    let m = fixed.captures[0].matched;
    assert_eq!(&log[m.start..m.end], "\ttrain-error:0.16");
    // With escaping off the TAB is a TAB again.
    let off = run_opts(
        &[
            ("tab", r"\]\ttrain-error:([0-9.]+)"),
            ("escaped", r"#011train-error:([0-9.]+)"),
        ],
        log,
        Options {
            escape: false,
            ..Options::default()
        },
    );
    assert_eq!(off.definitions[0].summary.count, 2);
    assert_eq!(off.definitions[1].summary.count, 0);
    assert!(!off.escape);
}

#[test]
fn other_control_characters_escape_too() {
    let log = "\u{1b}[32mloss: 0.5\u{1b}[0m\n";
    let report = run(&[("v", r"#033\[32mloss: ([0-9.]+)#033")], log);
    assert_eq!(values(&report.definitions[0]), [(1, 0.5)]);
    let m = report.definitions[0].captures[0].matched;
    assert_eq!(&log[m.start..m.end], "\u{1b}[32mloss: 0.5\u{1b}");
}

#[test]
fn only_the_leftmost_match_of_a_line_counts() {
    let report = run(&[("acc", r"acc=([0-9.]+)")], "acc=0.1 acc=0.2\nacc=0.3\n");
    let d = &report.definitions[0];
    assert_eq!(values(d), [(1, 0.1), (2, 0.3)]);
    assert_eq!(codes(d), ["several-matches"]);
    assert_eq!(d.warnings[0].example.as_ref().map(|e| e.line), Some(1));
    assert!(d.ignored.is_empty());
    // Asked for, the ignored ones are listed.
    let all = run_opts(
        &[("acc", r"acc=([0-9.]+)")],
        "acc=0.1 acc=0.2\nacc=0.3\n",
        Options {
            all_matches: true,
            ..Options::default()
        },
    );
    let ignored: Vec<_> = all.definitions[0]
        .ignored
        .iter()
        .map(|c| (c.line, c.value))
        .collect();
    assert_eq!(ignored, [(1, Some(0.2))]);
}

#[test]
fn group_one_is_the_value_whatever_other_groups_exist() {
    let report = run(&[("v", r"((loss)=([0-9.]+))")], "loss=1.5\n");
    assert_eq!(
        report.definitions[0].captures[0].text.as_deref(),
        Some("loss=1.5")
    );
    assert_eq!(
        dropped(&report.definitions[0]),
        [(1, DropReason::NotANumber)]
    );
    let report = run(&[("v", r"(?:x)?loss=(?P<value>[0-9.]+)(a)?")], "loss=2.5\n");
    assert_eq!(values(&report.definitions[0]), [(1, 2.5)]);
}

#[test]
fn group_one_that_takes_no_part_records_nothing() {
    let report = run(&[("v", r"(?:val=([0-9]+)|skip)")], "skip\nval=3\n");
    let d = &report.definitions[0];
    assert_eq!(dropped(d), [(1, DropReason::NoGroup)]);
    assert_eq!(d.captures[0].text, None);
    assert_eq!(d.captures[0].group, None);
    assert_eq!(values(d), [(2, 3.0)]);
    assert_eq!(codes(d), ["no-group-match"]);
}

#[test]
fn the_trailing_lazy_group_captures_nothing() {
    let report = run(&[("loss", "Loss: (.*?)")], "Loss: 0.25\nLoss: 0.2\n");
    let d = &report.definitions[0];
    assert_eq!(dropped(d), [(1, DropReason::Empty), (2, DropReason::Empty)]);
    assert_eq!(codes(d), ["empty-capture"]);
    assert!(!report.all_ok());
}

#[test]
fn numbers_follow_the_strict_grammar() {
    let log = "v=12\nv=-0.5\nv=+.5\nv=5.\nv=1e3\nv=nan\nv=inf\nv=1,234\nv=1e400\nv= 7 \nv=\n";
    let report = run(&[("v", r"v=(.*)")], log);
    let d = &report.definitions[0];
    assert_eq!(
        values(d),
        [
            (1, 12.0),
            (2, -0.5),
            (3, 0.5),
            (4, 5.0),
            (5, 1000.0),
            (10, 7.0)
        ]
    );
    assert_eq!(
        dropped(d),
        [
            (6, DropReason::NotANumber),
            (7, DropReason::NotANumber),
            (8, DropReason::NotANumber),
            (9, DropReason::OutOfRange),
            (11, DropReason::Empty),
        ]
    );
    assert_eq!(codes(d), ["empty-capture", "not-a-number", "out-of-range"]);
    assert_eq!(d.summary.count, 6);
    assert_eq!(d.summary.dropped, 5);
    assert_eq!(d.summary.matched, 11);
}

#[test]
fn a_number_cut_at_its_exponent_is_flagged() {
    // The popular Hugging Face regex.
    let log = "{'loss': 0.3245, 'learning_rate': 4.5e-05, 'epoch': 1.0}\n";
    let report = run(&[("lr", r"'learning_rate': ([0-9]+(.|e\-)[0-9]+)")], log);
    let d = &report.definitions[0];
    assert_eq!(values(d), [(1, 4.5)]);
    assert_eq!(codes(d), ["truncated-number"]);
    let message = &d.warnings[0].message;
    assert!(
        message.contains("`4.5`") && message.contains("`e-05`"),
        "{message}"
    );
}

#[test]
fn final_min_max_and_the_api_figure() {
    let report = run(&[("v", r"v=([0-9.]+)")], "v=3\nv=1.19876\nv=9\nv=1.19876\n");
    let s = &report.definitions[0].summary;
    assert_eq!(
        (s.final_value, s.min, s.max),
        (Some(1.19876), Some(1.19876), Some(9.0))
    );
    assert_eq!(s.final_f32, Some(1.1987600326538086));
    assert_eq!(s.final_line, Some(4));
}

#[test]
fn objective_final_and_best() {
    let defs = parsed(&[("validation:error", r"validation-error:([0-9.]+)")]);
    let log = b"validation-error:0.3\nvalidation-error:0.1\nvalidation-error:0.2\n";
    for (direction, best, line) in [(Direction::Minimize, 0.1, 2), (Direction::Maximize, 0.3, 1)] {
        let mut with_objective = defs.clone();
        with_objective.objective = Some(Objective {
            name: "validation:error".into(),
            direction,
        });
        let mut checker = Checker::new(with_objective, Options::default());
        checker.push(log);
        let report = checker.finish();
        let o = report.objective.expect("objective");
        assert!(o.defined);
        assert_eq!(
            (o.final_value, o.best, o.best_line),
            (Some(0.2), Some(best), Some(line))
        );
        assert!(report.warnings.is_empty());
    }
}

#[test]
fn an_objective_missing_from_the_definitions_is_an_error() {
    let options = Options {
        objective: Some(Objective {
            name: "validation:Error".into(),
            direction: Direction::Minimize,
        }),
        ..Options::default()
    };
    let report = run_opts(
        &[("validation:error", r"error:([0-9.]+)")],
        "error:0.5\n",
        options,
    );
    assert_eq!(report.warnings[0].code, "objective-missing");
    assert!(report.warnings[0]
        .message
        .contains("Did you mean `validation:error`"));
    assert!(!report.objective.as_ref().expect("objective").defined);
    assert!(!report.all_ok());
}

#[test]
fn one_bad_pattern_does_not_stop_the_others() {
    let report = run(
        &[
            ("bad", "Loss = ([0-9.]+;"),
            ("good", "Loss = ([0-9.]+);"),
            ("none", "Loss = [0-9.]+;"),
        ],
        "Loss = 1.5;\n",
    );
    let [bad, good, none] = &report.definitions[..] else {
        panic!()
    };
    assert_eq!(bad.error.as_ref().map(|e| e.code), Some("syntax"));
    assert_eq!(
        none.error.as_ref().map(|e| e.code),
        Some("no-capture-group")
    );
    assert_eq!(values(good), [(1, 1.5)]);
    assert!(bad.warnings.is_empty() && bad.captures.is_empty());
}

#[test]
fn utf16_offsets_for_non_ascii_lines() {
    let line = "손실 🚀 loss=0.5 é";
    let report = run(&[("loss", r"loss=([0-9.]+)")], line);
    let Capture { group, matched, .. } = &report.definitions[0].captures[0];
    let g = group.expect("group");
    assert_eq!(&line[g.start..g.end], "0.5");
    let utf16: Vec<u16> = line.encode_utf16().collect();
    assert_eq!(
        String::from_utf16_lossy(&utf16[g.start_utf16..g.end_utf16]),
        "0.5"
    );
    assert_eq!(
        String::from_utf16_lossy(&utf16[matched.start_utf16..matched.end_utf16]),
        "loss=0.5"
    );
    assert_eq!(g.start_utf16, 11);
}

#[test]
fn empty_log_and_empty_definitions() {
    let report = run(&[("loss", "loss=(.*)")], "");
    assert_eq!(report.lines, 0);
    assert!(
        report.definitions[0].warnings.is_empty(),
        "no no-match on an empty log"
    );
    assert!(!report.all_ok());
    let report = run(&[], "loss=1\n");
    assert!(report.definitions.is_empty());
    assert_eq!(report.lines, 1);
    assert!(!report.all_ok());
}

#[test]
fn no_match_is_reported() {
    let report = run(&[("loss", "Loss = (.*?);")], "nothing here\n");
    assert_eq!(codes(&report.definitions[0]), ["no-match"]);
}

#[test]
fn more_than_forty_definitions_and_duplicate_names() {
    let names: Vec<String> = (0..41).map(|i| format!("m{i}")).collect();
    let defs: Vec<(&str, &str)> = names.iter().map(|n| (n.as_str(), "m(\\d+)")).collect();
    let report = run(&defs, "m1\n");
    assert_eq!(report.definitions.len(), 41);
    assert_eq!(report.warnings[0].code, "too-many-definitions");
    assert!(report.definitions.iter().all(|d| d.summary.count == 1));
    let report = run(&[("a", "a(1)"), ("a", "a(2)")], "a1 a2\n");
    assert_eq!(codes(&report.definitions[1]), ["duplicate-name"]);
    assert!(codes(&report.definitions[0]).is_empty());
}

#[test]
fn captures_are_capped_but_counts_stay_exact() {
    let log: String = (0..50).map(|i| format!("v={i}\n")).collect();
    let options = Options {
        max_captures: 10,
        ..Options::default()
    };
    let report = run_opts(&[("v", "v=(\\d+)")], &log, options);
    let d = &report.definitions[0];
    assert_eq!(d.captures.len(), 10);
    assert_eq!(d.captures_omitted, 40);
    assert_eq!(d.summary.count, 50);
    assert_eq!(d.summary.final_value, Some(49.0));
}

#[test]
fn binary_junk_and_invalid_utf8_do_not_break_anything() {
    let mut log: Vec<u8> = (0..=255u8).cycle().take(100_000).collect();
    log.extend_from_slice(b"\nloss=0.5\n\xff\xfeloss=0.25\n");
    let defs = [("loss", r"loss=([0-9.]+)"), ("any", r"(.)")];
    let fast = run_with(&defs, &log, Options::default());
    let plain = run_with(
        &defs,
        &log,
        Options {
            engine: Engine::Plain,
            ..Options::default()
        },
    );
    assert_eq!(fast, plain);
    assert_eq!(fast.definitions[0].summary.final_value, Some(0.25));
    assert!(fast.lines > 300);
}

#[test]
fn pathological_patterns_run_in_linear_time() {
    // Catastrophic for a backtracking engine; linear here.
    let log = format!("{}!\n", "a".repeat(50_000));
    let report = run(&[("evil", r"(a+)+$"), ("evil2", r"^(a|a)*b")], &log);
    assert_eq!(report.definitions[0].summary.matched, 0);
    assert_eq!(report.definitions[1].summary.matched, 0);
}

#[test]
fn python_habits_get_plain_messages() {
    let report = run(
        &[
            ("a", r"loss=(?<=x)(\d+)"),
            ("b", r"(\d+)\Z"),
            ("c", r"(a)\1"),
            ("d", r"(\d++)"),
        ],
        "loss=1\n",
    );
    let errors: Vec<_> = report
        .definitions
        .iter()
        .map(|d| d.error.as_ref().map(|e| e.code))
        .collect();
    assert_eq!(
        errors,
        [
            Some("unsupported-look-around"),
            Some("python-anchor"),
            Some("unsupported-backreference"),
            None
        ]
    );
    assert!(codes(&report.definitions[3]).contains(&"possessive-quantifier"));
}
