//! The checks behind metrex's fuzz targets.
//!
//! Each check takes the raw bytes of one input and panics when metrex
//! misbehaves on it. The cargo-fuzz targets in `fuzz/fuzz_targets/` call them
//! under libFuzzer (nightly), and `tests/fuzz_corpus.rs` includes this file by
//! path and replays every committed corpus file through them on stable, so a
//! past finding is checked on every `make test`. They use only metrex's public
//! API: nothing in the shipped library exists for fuzzing.
//!
//! Structured inputs are drawn with `arbitrary::Unstructured` from the same
//! bytes, so a seed that is real text (a definitions list, a log) is also read
//! as itself by the checks that take text.

use arbitrary::{Result, Unstructured};
use metrex::compile::compile;
use metrex::escape::{escape_line, is_escaped_byte, Escaped};
use metrex::input::{Definition, Direction, Format, Location, Objective, ParsedInput};
use metrex::{parse_definitions, Checker, Engine, Options, Report};

/// A fuzz target's check: panics on a bug.
pub type Check = fn(&[u8]);

/// Every target, by the name of its corpus folder (`fuzz/corpus/<name>/`).
pub const TARGETS: &[(&str, Check)] = &[
    ("reader_json", reader_json),
    ("reader_aws", reader_aws),
    ("reader_python", reader_python),
    ("detect", detect),
    ("compile_eval", compile_eval),
    ("differential", differential),
    ("escape", escape),
    ("explain_why", explain_why),
];

// ---- readers ---------------------------------------------------------------

/// Whatever the text, every location the reader reports is a real span of
/// it, computed as [`Location::of_span`] would; a text with no definition
/// says why; blank text is `Empty` and nothing else is.
fn check_parsed(text: &str, parsed: &ParsedInput) {
    let located = |what: &str, at: &Location| {
        assert!(
            at.start <= at.end && at.end <= text.len(),
            "{what} span {}..{} outside a text of {} bytes",
            at.start,
            at.end,
            text.len()
        );
        assert!(
            text.is_char_boundary(at.start) && text.is_char_boundary(at.end),
            "{what} span {}..{} splits a character",
            at.start,
            at.end
        );
        assert_eq!(*at, Location::of_span(text, at.start, at.end), "{what}");
    };
    for e in &parsed.errors {
        assert!(!e.message.is_empty(), "an error without a message");
        located("error", &e.location);
    }
    for d in &parsed.definitions {
        if let Some(at) = &d.location {
            located("definition", at);
        }
    }
    let blank = text
        .trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
        .is_empty();
    assert_eq!(
        parsed.format == Format::Empty,
        blank,
        "format {:?}",
        parsed.format
    );
    if blank {
        assert!(parsed.definitions.is_empty() && parsed.errors.is_empty());
    } else if parsed.definitions.is_empty() {
        assert!(
            !parsed.errors.is_empty(),
            "nothing read and no reason given"
        );
    }
    let spans: Vec<_> = parsed
        .errors
        .iter()
        .map(|e| (e.location.start, e.location.end))
        .collect();
    assert!(
        spans.windows(2).all(|w| w[0] <= w[1]),
        "errors out of order"
    );
}

fn pairs(defs: &[Definition]) -> Vec<(&str, &str)> {
    defs.iter()
        .map(|d| (d.name.as_str(), d.regex.as_str()))
        .collect()
}

/// Definitions as (name, regex) pairs.
type Pairs = Vec<(String, String)>;

/// Up to eight definitions, each a name and a regex of any text.
fn definitions(u: &mut Unstructured<'_>) -> Result<Pairs> {
    let n = u.int_in_range(0..=8)?;
    (0..n)
        .map(|_| Ok((u.arbitrary::<String>()?, u.arbitrary::<String>()?)))
        .collect()
}

/// A JSON string literal for `s`, each character written as itself or as a
/// `\uXXXX` escape (a surrogate pair above the BMP), as `u` chooses.
fn json_string(s: &str, u: &mut Unstructured<'_>) -> Result<String> {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' if u.arbitrary()? => out.push_str("\\n"),
            '\t' if u.arbitrary()? => out.push_str("\\t"),
            '/' if u.arbitrary()? => out.push_str("\\/"),
            c if (c as u32) < 0x20 || u.ratio(1, 4)? => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    Ok(out)
}

/// Some JSON white space.
fn json_space(u: &mut Unstructured<'_>) -> Result<&'static str> {
    u.choose(&["", " ", "\n", "\r\n  ", "\t"]).copied()
}

/// A JSON list of the definitions, with either key casing and either order.
fn json_list(defs: &[(String, String)], u: &mut Unstructured<'_>) -> Result<String> {
    let mut out = String::from("[");
    for (i, (name, regex)) in defs.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(json_space(u)?);
        let (n, r) = if u.arbitrary()? {
            ("Name", "Regex")
        } else {
            ("name", "regex")
        };
        let name = format!("\"{n}\":{}{}", json_space(u)?, json_string(name, u)?);
        let regex = format!("\"{r}\":{}{}", json_space(u)?, json_string(regex, u)?);
        if u.arbitrary()? {
            out.push_str(&format!("{{{name}, {regex}}}"));
        } else {
            out.push_str(&format!("{{{regex},{}{name}}}", json_space(u)?));
        }
    }
    out.push_str(json_space(u)?);
    out.push(']');
    Ok(out)
}

/// What a text built from `defs` must read as.
fn expect_definitions(text: &str, parsed: &ParsedInput, defs: &[(String, String)], format: Format) {
    check_parsed(text, parsed);
    let want: Vec<(&str, &str)> = defs.iter().map(|(n, r)| (n.as_str(), r.as_str())).collect();
    assert_eq!(pairs(&parsed.definitions), want, "read back from {text:?}");
    if defs.is_empty() {
        // An empty list is reported as such.
        assert_eq!(parsed.errors.len(), 1, "{:?}", parsed.errors);
    } else {
        assert!(parsed.errors.is_empty(), "{text:?}: {:?}", parsed.errors);
        assert_eq!(parsed.format, format, "{text:?}");
    }
}

/// The JSON list reader: any text is read without a panic and with true
/// locations, and any list written as JSON is read back exactly.
pub fn reader_json(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    check_parsed(&text, &parse_definitions(&text));
    let mut u = Unstructured::new(data);
    let Ok(defs) = definitions(&mut u) else {
        return;
    };
    let Ok(text) = json_list(&defs, &mut u) else {
        return;
    };
    expect_definitions(&text, &parse_definitions(&text), &defs, Format::JsonList);
}

/// The AWS document reader: any text that starts like a document is read
/// safely, and a list and objective placed in any of the AWS shapes are read back.
pub fn reader_aws(data: &[u8]) {
    let text = format!("{{\"MetricDefinitions\": {}", String::from_utf8_lossy(data));
    check_parsed(&text, &parse_definitions(&text));
    let mut u = Unstructured::new(data);
    let Ok((text, defs, objective)) = aws_document(&mut u) else {
        return;
    };
    let parsed = parse_definitions(&text);
    expect_definitions(&text, &parsed, &defs, Format::AwsJson);
    if !defs.is_empty() {
        assert_eq!(parsed.objective, objective, "{text:?}");
    }
}

fn aws_document(u: &mut Unstructured<'_>) -> Result<(String, Pairs, Option<Objective>)> {
    let defs = definitions(u)?;
    let list = json_list(&defs, u)?;
    let image = json_string("683313688378.dkr.ecr.us-east-1.amazonaws.com/xgboost:1", u)?;
    let shape = u.int_in_range(0..=3)?;
    Ok(match shape {
        0 => (format!("{{\"MetricDefinitions\": {list}}}"), defs, None),
        1 => (
            format!(
                "{{\"TrainingJobName\": \"job\", \"AlgorithmSpecification\": \
                 {{\"TrainingImage\": {image}, \"MetricDefinitions\": {list}, \
                 \"TrainingInputMode\": \"File\"}}, \"StoppingCondition\": {{}}}}"
            ),
            defs,
            None,
        ),
        _ => {
            let name: String = u.arbitrary()?;
            let maximize: bool = u.arbitrary()?;
            let kind = if maximize { "Maximize" } else { "Minimize" };
            let objective = format!(
                "{{\"Type\": \"{kind}\", \"MetricName\": {}}}",
                json_string(&name, u)?
            );
            let definition = if shape == 2 {
                format!(
                    "\"TrainingJobDefinition\": {{\"AlgorithmSpecification\": \
                     {{\"TrainingImage\": {image}, \"MetricDefinitions\": {list}}}}}"
                )
            } else {
                format!(
                    "\"TrainingJobDefinitions\": [{{\"DefinitionName\": \"a\", \
                     \"AlgorithmSpecification\": {{\"MetricDefinitions\": {list}}}}}]"
                )
            };
            let text = format!(
                "{{\"HyperParameterTuningJobName\": \"t\", \"HyperParameterTuningJobConfig\": \
                 {{\"Strategy\": \"Bayesian\", \"HyperParameterTuningJobObjective\": {objective}}}, \
                 {definition}}}"
            );
            let direction = if maximize {
                Direction::Maximize
            } else {
                Direction::Minimize
            };
            let objective = Objective { name, direction };
            (text, defs, Some(objective))
        }
    })
}

/// A Python string literal for `s`: a raw string when that can hold it,
/// else a plain one with each character as itself or an escape, as `u` chooses.
fn python_string(s: &str, u: &mut Unstructured<'_>) -> Result<String> {
    let quote = if u.arbitrary()? { '\'' } else { '"' };
    let raw_ok = !s.contains([quote, '\n', '\r']) && !s.ends_with('\\');
    if raw_ok && u.arbitrary()? {
        return Ok(format!("r{quote}{s}{quote}"));
    }
    let mut out = String::from(quote);
    for c in s.chars() {
        let code = c as u32;
        match c {
            '\\' => out.push_str("\\\\"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' if u.arbitrary()? => out.push_str("\\t"),
            _ if code < 0x20 || code == 0x7f || u.ratio(1, 4)? => match u.int_in_range(0..=2)? {
                0 if code < 0x100 => out.push_str(&format!("\\x{code:02x}")),
                1 if code < 0o400 => out.push_str(&format!("\\{code:03o}")),
                _ if code < 0x10000 => out.push_str(&format!("\\u{code:04x}")),
                _ => out.push_str(&format!("\\U{code:08x}")),
            },
            c => out.push(c),
        }
    }
    out.push(quote);
    Ok(out)
}

/// The Python SDK reader: any code is read safely, and a `metric_definitions`
/// list written with any quoting is read back exactly.
pub fn reader_python(data: &[u8]) {
    let code = String::from_utf8_lossy(data);
    check_parsed(&code, &parse_definitions(&code));
    let text = format!("metric_definitions={code}");
    check_parsed(&text, &parse_definitions(&text));
    let mut u = Unstructured::new(data);
    let Ok((text, defs)) = python_code(&mut u) else {
        return;
    };
    expect_definitions(&text, &parse_definitions(&text), &defs, Format::Python);
}

fn python_code(u: &mut Unstructured<'_>) -> Result<(String, Pairs)> {
    let defs = definitions(u)?;
    let mut list = String::from("[");
    for (name, regex) in &defs {
        let space = u.choose(&["", " ", "\n    ", "\n\t"])?;
        list.push_str(&format!(
            "{space}{{'Name': {}, \"Regex\": {}}},",
            python_string(name, u)?,
            python_string(regex, u)?
        ));
    }
    list.push(']');
    let text = match u.int_in_range(0..=2)? {
        0 => format!("metric_definitions = {list}\n"),
        1 => format!(
            "from sagemaker.estimator import Estimator\n\nest = Estimator(\n    \
             image_uri=\"x\",  # the image\n    metric_definitions={list},\n)\nest.fit()\n"
        ),
        _ => format!("metrics = {list}\ntuner = HyperparameterTuner(est, 'loss', {{}}, metric_definitions=metrics)\n"),
    };
    Ok((text, defs))
}

/// The format detection in front of the readers: any text is read safely,
/// and leading white space or a byte-order mark changes nothing but positions.
pub fn detect(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let parsed = parse_definitions(&text);
    check_parsed(&text, &parsed);
    for prefix in ["\n  \t", "\u{feff}"] {
        let shifted = format!("{prefix}{text}");
        let again = parse_definitions(&shifted);
        check_parsed(&shifted, &again);
        assert_eq!(again.format, parsed.format, "{prefix:?}");
        assert_eq!(pairs(&again.definitions), pairs(&parsed.definitions));
        assert_eq!(again.objective, parsed.objective);
        assert_eq!(
            again.errors.len(),
            parsed.errors.len(),
            "{:?}",
            again.errors
        );
    }
}

// ---- compile and evaluate ----------------------------------------------------

/// Pieces patterns are built of: the constructs the fast engine plans for,
/// and the ones that stress line safety.
const ATOMS: &[&str] = &[
    "a",
    "b",
    "1",
    "loss=",
    "a1a",
    r"\.",
    " ",
    "#011",
    "é",
    "🚀",
    r"\s",
    r"\S",
    r"\d",
    r"\w",
    r"\D",
    r"\W",
    "[^;]",
    r"[\s\S]",
    ".",
    "(?s:.)",
    r"\n",
    r"\r",
    r"\t",
    "\t",
    "^",
    "$",
    r"\A",
    r"\z",
    r"\b",
    r"\B",
    "(?m:^)",
    "(?m:$)",
    "(?m)",
    "(?s)",
    "(?i)",
    "(?U)",
    "(?x)",
    "[0-9.eE+-]",
    "[-+]?[0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?",
    "(",
    ")",
    "(?:",
    "(?P<n>",
    "|",
    "*",
    "+",
    "?",
    "*?",
    "+?",
    "??",
    "{0,2}",
    "{2}",
    "{1,}",
    ".*",
    ".*?",
    "(.*?)",
    r"(\S+)",
    "([0-9.]+)",
    ";",
    ",",
    r"\[",
    r"\]",
    "[",
    "]",
    r"\pL",
    r"\p{N}",
    "(?-u:.)",
    r"(?-u:\xff)",
    "\u{0}",
    "\u{1b}",
    "\r",
    "\n",
];

/// A pattern: free text, or a sequence of [`ATOMS`], as `u` chooses.
fn pattern(u: &mut Unstructured<'_>) -> Result<String> {
    if u.ratio(1, 4)? {
        let s: String = u.arbitrary()?;
        return Ok(s.chars().take(120).collect());
    }
    let n = u.int_in_range(1..=12)?;
    let mut out = String::new();
    for _ in 0..n {
        out.push_str(u.choose(ATOMS)?);
    }
    Ok(out)
}

/// Pieces logs are built of.
const LOG_PIECES: &[&str] = &[
    "a", "b", "1", "12.5", "4.5e-05", "-3", ".", " ", "\t", "\n", "\n", "\r\n", "\r", "é", "🚀",
    "손실", "\u{1b}", "\u{0}", "\u{7f}", "#011", ";", ",", "nan", "inf", "loss=", "a1a", "[12]",
    "'loss': ", "#", "\u{2028}",
];

/// A log: raw bytes (invalid UTF-8 included), or a sequence of [`LOG_PIECES`].
fn log(u: &mut Unstructured<'_>) -> Result<Vec<u8>> {
    if u.ratio(1, 4)? {
        let len = u.int_in_range(0..=400)?;
        return Ok(u.bytes(len.min(u.len()))?.to_vec());
    }
    let n = u.int_in_range(0..=60)?;
    let mut out = Vec::new();
    for _ in 0..n {
        out.extend_from_slice(u.choose(LOG_PIECES)?.as_bytes());
    }
    Ok(out)
}

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

/// Runs `patterns` over `log`, pushed in pieces of the given sizes (cycled).
fn run(patterns: &[String], log: &[u8], options: &Options, pieces: &[usize]) -> Report {
    let mut checker = Checker::new(parsed(patterns), options.clone());
    let mut rest = log;
    if pieces.is_empty() {
        checker.push(rest);
    } else {
        for &size in pieces.iter().cycle() {
            if rest.is_empty() {
                break;
            }
            let (piece, after) = rest.split_at(size.min(rest.len()));
            checker.push(piece);
            rest = after;
        }
    }
    checker.finish()
}

/// The report's own promises: spans inside their lines, counts that add up,
/// values that are finite numbers, at most `max_captures` listed.
fn check_report(report: &Report, log: &[u8], options: &Options) {
    let text = String::from_utf8_lossy(log);
    let lines: Vec<&str> = text.split('\n').collect();
    let expected_lines = match text.strip_suffix('\n') {
        _ if text.is_empty() => 0,
        Some(_) => lines.len() - 1,
        None => lines.len(),
    };
    assert_eq!(report.lines, expected_lines as u64, "line count");
    for d in &report.definitions {
        if let Some(e) = &d.error {
            assert!(!e.message.is_empty());
            if let Some(span) = &e.span {
                assert!(span.start <= span.end && span.end <= d.regex.len());
            }
            assert!(d.captures.is_empty() && d.summary.matched == 0);
        }
        let s = &d.summary;
        assert_eq!(s.count + s.dropped, s.matched, "{}", d.regex);
        assert!(d.captures.len() <= options.max_captures);
        assert_eq!(d.captures.len() as u64 + d.captures_omitted, s.matched);
        if !options.all_matches {
            assert!(d.ignored.is_empty());
        }
        for c in d.captures.iter().chain(&d.ignored) {
            assert!(
                c.line >= 1 && c.line <= report.lines,
                "capture line {}",
                c.line
            );
            let index = (c.line - 1) as usize;
            let line = lines[index];
            // The CR of a CRLF is not part of the line; a CR at the very end of the log is.
            let line = match line.strip_suffix('\r') {
                Some(stripped) if index + 1 < lines.len() => stripped,
                _ => line,
            };
            for span in std::iter::once(&c.matched).chain(&c.group) {
                assert!(
                    span.start <= span.end && span.end <= line.len(),
                    "{span:?} in {line:?}"
                );
                assert!(line.is_char_boundary(span.start) && line.is_char_boundary(span.end));
                let utf16 = |i: usize| line[..i].encode_utf16().count();
                assert_eq!(
                    (utf16(span.start), utf16(span.end)),
                    (span.start_utf16, span.end_utf16)
                );
            }
            match (c.value, c.reason) {
                (Some(v), None) => assert!(v.is_finite()),
                (None, Some(_)) => {}
                other => panic!("a capture with value and reason {other:?}"),
            }
        }
        for v in [s.final_value, s.min, s.max].into_iter().flatten() {
            assert!(v.is_finite());
        }
        assert_eq!(s.final_value.is_some(), s.count > 0);
    }
}

/// Compiling and evaluating any patterns on any log: every pattern compiles
/// or says why, and the report keeps its promises.
pub fn compile_eval(data: &[u8]) {
    let mut u = Unstructured::new(data);
    let Ok((patterns, log, options, pieces)) = (|| -> Result<_> {
        let n = u.int_in_range(1..=3)?;
        let patterns = (0..n)
            .map(|_| pattern(&mut u))
            .collect::<Result<Vec<_>>>()?;
        let options = Options {
            escape: u.arbitrary()?,
            all_matches: u.arbitrary()?,
            max_captures: u.int_in_range(0..=4)?,
            max_columns: u.int_in_range(0..=4)?,
            objective: None,
            engine: if u.arbitrary()? {
                Engine::Fast
            } else {
                Engine::Plain
            },
            threads: 1,
        };
        let pieces: Vec<usize> = (0..u.int_in_range(0..=4)?)
            .map(|_| u.int_in_range(1..=40))
            .collect::<Result<_>>()?;
        Ok((patterns, log(&mut u)?, options, pieces))
    })() else {
        return;
    };
    for p in &patterns {
        if let Err(e) = compile(p, Engine::Fast) {
            assert!(!e.message.is_empty(), "{p:?}");
        }
    }
    let report = run(&patterns, &log, &options, &pieces);
    assert_eq!(report.definitions.len(), patterns.len());
    check_report(&report, &log, &options);
}

/// The fast engine against the plain per-line one: the same report for the
/// same definitions and log, however the log is cut into pieces and with any
/// number of threads (a log past 256 KiB, where threads start, is made by
/// repeating the drawn one).
pub fn differential(data: &[u8]) {
    let mut u = Unstructured::new(data);
    let Ok((patterns, log, escape, all_matches, max_captures, threads, pieces)) =
        (|| -> Result<_> {
            let n = u.int_in_range(1..=3)?;
            let patterns = (0..n)
                .map(|_| pattern(&mut u))
                .collect::<Result<Vec<_>>>()?;
            let escape = u.arbitrary()?;
            let all_matches = u.arbitrary()?;
            let max_captures = if u.arbitrary()? {
                usize::MAX
            } else {
                u.int_in_range(0..=3)?
            };
            let threads = u.int_in_range(1..=8)?;
            // Rare: a big log costs a thousand small ones.
            let big = u.ratio(1, 64)?;
            let pieces: Vec<usize> = (0..u.int_in_range(0..=4)?)
                .map(|_| u.int_in_range(1..=40))
                .collect::<Result<_>>()?;
            let mut log = log(&mut u)?;
            if big && !log.is_empty() {
                let once = log.clone();
                while log.len() < 300 << 10 {
                    log.extend_from_slice(&once);
                }
            }
            Ok((
                patterns,
                log,
                escape,
                all_matches,
                max_captures,
                threads,
                pieces,
            ))
        })()
    else {
        return;
    };
    // A big log with a pattern that matches everywhere would list hundreds of
    // thousands of captures (seconds per run, nothing learnt): list a few, as the
    // page (5,000) and the CLI (1,000) do; the counts stay exact.
    let max_captures = if log.len() >= 256 << 10 {
        max_captures.min(64)
    } else {
        max_captures
    };
    let options = |engine, threads| Options {
        escape,
        all_matches,
        max_captures,
        max_columns: max_captures,
        objective: None,
        engine,
        threads,
    };
    let plain = run(&patterns, &log, &options(Engine::Plain, 1), &[]);
    let whole = run(&patterns, &log, &options(Engine::Fast, 1), &[]);
    assert_eq!(
        whole,
        plain,
        "fast != plain: patterns {patterns:?} log {:?}",
        String::from_utf8_lossy(&log)
    );
    let big = log.len() >= 256 << 10;
    // Big logs are cut into large pieces: tiny ones would only cost time.
    let pieces: Vec<usize> = if big {
        pieces.iter().map(|p| p * 4096).collect()
    } else {
        pieces
    };
    let split = run(&patterns, &log, &options(Engine::Fast, threads), &pieces);
    assert_eq!(
        split,
        plain,
        "fast in pieces {pieces:?} on {threads} threads != plain: patterns {patterns:?} log {:?}",
        String::from_utf8_lossy(&log)
    );
}

// ---- escaping ----------------------------------------------------------------

/// Escaping one byte at a time, the obvious way: the text, and for each
/// output position where it came from (edits as (escaped start, escaped
/// length, original start, original length)).
fn reference_escape(text: &str, escape: bool) -> (String, Vec<(usize, usize, usize, usize)>) {
    let bytes = text.as_bytes();
    let mut out: Vec<u8> = Vec::new();
    let mut units = Vec::new();
    for (i, &b) in bytes.iter().enumerate() {
        let at = out.len();
        if b == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
            units.push((at, 0, i, 1));
        } else if escape && ((b < 0x20 && b != b'\n') || b == 0x7f) {
            out.extend_from_slice(format!("#{b:03o}").as_bytes());
            units.push((at, 4, i, 1));
        } else {
            out.push(b);
            units.push((at, 1, i, 1));
        }
    }
    (
        String::from_utf8(out).expect("only ASCII bytes were replaced"),
        units,
    )
}

/// Where each position of the escaped text comes from, per the reference:
/// (rounded down, rounded up) for positions `0..=total escaped length`.
fn reference_positions(
    units: &[(usize, usize, usize, usize)],
    escaped_len: usize,
    original_len: usize,
) -> Vec<(usize, usize)> {
    let mut map: Vec<Option<(usize, usize)>> = vec![None; escaped_len + 1];
    for &(esc, esc_len, orig, orig_len) in units {
        // A position where a unit starts maps to that unit's start (the
        // first one there: a dropped CR before its LF).
        if map[esc].is_none() {
            map[esc] = Some((orig, orig));
        }
        for inside in map.iter_mut().take(esc + esc_len).skip(esc + 1) {
            *inside = Some((orig, orig + orig_len));
        }
    }
    map.into_iter()
        .map(|m| m.unwrap_or((original_len, original_len)))
        .collect()
}

/// The escaping scan (32 bytes at a time) against the byte-at-a-time
/// reference: the same text, the same map back to the original.
pub fn escape(data: &[u8]) {
    let (flag, rest) = data.split_first().unwrap_or((&0, &[]));
    let text = String::from_utf8_lossy(rest);
    for b in 0..=255u8 {
        assert_eq!(is_escaped_byte(b), (b < 0x20 && b != b'\n') || b == 0x7f);
    }
    for escape in [flag & 1 == 1, flag & 1 == 0] {
        let (want, units) = reference_escape(&text, escape);
        let got = Escaped::new(&text, escape);
        assert_eq!(got.text(), want, "escape {escape} of {text:?}");
        assert_eq!(got.is_identity(), want == *text);
        let positions = reference_positions(&units, want.len(), text.len());
        for (pos, &(down, up)) in positions.iter().enumerate() {
            assert_eq!(
                (got.to_original(pos, false), got.to_original(pos, true)),
                (down, up),
                "position {pos} of {want:?}"
            );
        }
    }
    let line: String = text.split('\n').next().unwrap_or("").to_owned();
    assert_eq!(escape_line(&line), reference_escape(&line, true).0);
}

// ---- teaching: explain and why ------------------------------------------------

/// Explaining any pattern and inspecting any line with it: no panic; every
/// span of the tree lies in the pattern on character boundaries, and its
/// groups are numbered 1, 2, 3… once each; a line either matches (group 0
/// first, every group inside the line, and exactly when the pattern as written
/// matches the line as SageMaker sees it), or the pattern cannot be used, or
/// `failed` says where, inside the pattern and the line.
pub fn explain_why(data: &[u8]) {
    let mut u = Unstructured::new(data);
    let Ok((p, bytes, escape)) =
        (|| -> Result<_> { Ok((pattern(&mut u)?, log(&mut u)?, u.arbitrary::<bool>()?)) })()
    else {
        return;
    };
    let explained = metrex::explain::explain(&p);
    assert_eq!(explained.regex, p);
    if let Some(tree) = &explained.tree {
        let mut groups = Vec::new();
        walk_tree(tree, &p, &mut groups);
        groups.sort_unstable();
        assert!(
            groups.iter().enumerate().all(|(i, &g)| g as usize == i + 1),
            "{p:?}: groups {groups:?}"
        );
    }
    let text = String::from_utf8_lossy(&bytes);
    let line = text.split('\n').next().unwrap_or("");
    let inspected = metrex::why::inspect(&Definition::new("m", p.clone()), line, escape);
    let in_line = |s: &metrex::report::LineSpan| {
        s.start <= s.end
            && s.end <= line.len()
            && line.is_char_boundary(s.start)
            && line.is_char_boundary(s.end)
    };
    if inspected.matched {
        assert!(inspected.failed.is_none(), "{p:?} on {line:?}");
        assert_eq!(
            inspected.groups.first().map(|g| g.index),
            Some(0),
            "{p:?} on {line:?}"
        );
        for g in &inspected.groups {
            assert!(
                g.span.as_ref().is_none_or(in_line),
                "{p:?} on {line:?}: {g:?}"
            );
        }
    } else if inspected.error.is_none() {
        let failed = inspected
            .failed
            .as_ref()
            .unwrap_or_else(|| panic!("{p:?} on {line:?}: neither matched nor failed"));
        assert!(
            failed.pattern.start <= failed.pattern.end && failed.pattern.end <= p.len(),
            "{p:?}: {failed:?}"
        );
        assert!(
            failed.line.as_ref().is_none_or(in_line),
            "{p:?} on {line:?}: {failed:?}"
        );
        assert!(!failed.message.is_empty());
    }
    // `matched` agrees with the pattern as written on the line as SageMaker sees it.
    if let Ok(matcher) = compile(&p, Engine::Plain) {
        let seen = if escape {
            escape_line(line)
        } else {
            line.into()
        };
        if let Some(plain) = &matcher.plain {
            assert_eq!(
                inspected.matched,
                plain.is_match(&seen),
                "{p:?} on {seen:?}"
            );
        }
    }
}

fn walk_tree(node: &metrex::explain::Node, pattern: &str, groups: &mut Vec<u32>) {
    let span = &node.span;
    assert!(
        span.start <= span.end && span.end <= pattern.len(),
        "{pattern:?}: {span:?}"
    );
    assert!(
        pattern.is_char_boundary(span.start) && pattern.is_char_boundary(span.end),
        "{pattern:?}: {span:?}"
    );
    if let Some(g) = &node.group {
        groups.push(g.index);
    }
    for child in &node.children {
        walk_tree(child, pattern, groups);
    }
}
