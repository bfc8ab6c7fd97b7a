//! `metrex`: check SageMaker metric definitions against training logs.
//!
//! A thin shell over the `metrex` library: it parses flags, streams the logs
//! into a [`metrex::Checker`] and prints the report as a table or as JSON.

use std::fs::File;
use std::io::{self, BufWriter, Read, Write};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use metrex::input::{InputError, Location};
use metrex::report::{DefinitionReport, Finding, PatternError, Report, Severity};
use metrex::{Checker, Direction, Engine, Objective, Options};

/// Read buffer for logs: large enough that the engine sees big chunks.
const READ_SIZE: usize = 4 << 20;

#[derive(Parser)]
#[command(
    name = "metrex",
    version,
    about = "Check SageMaker metric definitions against a training log, offline",
    long_about = "Check SageMaker metric definitions against a training log, offline.\n\n\
        metrex applies SageMaker's rules (per line, CloudWatch #011 escaping, group 1, \
        numbers only, latest value is final) and explains every capture that would be dropped."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Evaluate metric definitions on one or more logs (read in order, as one).
    ///
    /// Exit status: 0 when every definition compiles and records at least one
    /// value with no error finding; 1 when any does not; 2 for bad usage or an
    /// unreadable file.
    Check(CheckArgs),
    /// Explain a regex in words: every part, groups numbered as the regex crate
    /// numbers them (by opening parenthesis), group 1 marked as the value.
    ///
    /// Exit status: 0 when the pattern can be used, 1 when it cannot (the
    /// error is printed), 2 for bad usage.
    Explain(ExplainArgs),
    /// Show one log line under the magnifier: for every definition, its match
    /// with every group and the value recorded, or why it does not match (the
    /// longest leading part of the pattern that matches, and the piece that
    /// could not follow).
    ///
    /// Exit status: 0 when every definition records a value on that line, 1
    /// otherwise, 2 for bad usage (a line past the end of the log included).
    Why(WhyArgs),
}

#[derive(Args)]
struct ExplainArgs {
    /// The regex, as SageMaker receives it (quote it for the shell).
    pattern: String,
    /// Print `{regex, error, tree}` as JSON (each node `{kind, text, span, group, repeat, children}`).
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
struct WhyArgs {
    /// Metric definitions: a JSON list, an AWS JSON document or Python SDK code (`-` for stdin).
    defs: String,
    /// Log files, read in order as one (`-` for stdin; stdin when none is given).
    logs: Vec<String>,
    /// The line to inspect (1-based, in the logs joined as `check` joins them).
    #[arg(long, value_name = "N")]
    line: u64,
    /// Print the result as JSON (the format is documented in the README).
    #[arg(long)]
    json: bool,
    /// Match the line as printed, without CloudWatch's `#011` escaping of control characters.
    #[arg(long)]
    no_escape: bool,
}

#[derive(Args)]
struct CheckArgs {
    /// Metric definitions: a JSON list, an AWS JSON document or Python SDK code (`-` for stdin).
    defs: String,
    /// Log files, read in order as one (`-` for stdin; stdin when none is given).
    logs: Vec<String>,
    /// Print the report as JSON (the format is documented in the README).
    #[arg(long)]
    json: bool,
    /// Match the log as printed, without CloudWatch's `#011` escaping of control characters.
    #[arg(long)]
    no_escape: bool,
    /// The tuning objective metric, when the definitions do not name one.
    #[arg(long, value_name = "NAME")]
    objective: Option<String>,
    /// The objective is maximized.
    #[arg(long, requires = "objective", conflicts_with = "minimize")]
    maximize: bool,
    /// The objective is minimized.
    #[arg(long, requires = "objective")]
    minimize: bool,
    /// Also list the matches after the first in a line (SageMaker ignores them).
    #[arg(long)]
    all_matches: bool,
    /// List at most N captures per metric in the JSON report (counts stay exact).
    #[arg(long, value_name = "N", default_value_t = 1000)]
    max_captures: usize,
    /// Threads for the fast engine (0: one per core).
    #[arg(long, value_name = "N", default_value_t = 0)]
    threads: usize,
    /// Evaluator: `fast`, or `plain` (the per-line reference, for benchmarks and bug reports).
    #[arg(long, value_enum, default_value_t = EngineArg::Fast)]
    engine: EngineArg,
}

#[derive(Clone, Copy, ValueEnum)]
enum EngineArg {
    Fast,
    Plain,
}

/// A failure that is the caller's, not the definitions': exit status 2.
struct UsageError(String);

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Check(args) => check(args),
        Command::Explain(args) => explain(args),
        Command::Why(args) => why(args),
    };
    match outcome {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(UsageError(message)) => {
            eprintln!("metrex: {message}");
            ExitCode::from(2)
        }
    }
}

fn check(args: CheckArgs) -> Result<bool, UsageError> {
    let objective = match (&args.objective, args.maximize, args.minimize) {
        (Some(name), true, _) => Some(Objective {
            name: name.clone(),
            direction: Direction::Maximize,
        }),
        (Some(name), _, true) => Some(Objective {
            name: name.clone(),
            direction: Direction::Minimize,
        }),
        (Some(_), false, false) => {
            return Err(UsageError(
                "--objective needs --maximize or --minimize".into(),
            ))
        }
        (None, ..) => None,
    };
    let stdin_uses = usize::from(args.defs == "-")
        + args.logs.iter().filter(|l| *l == "-").count()
        + usize::from(args.logs.is_empty());
    if stdin_uses > 1 {
        return Err(UsageError(
            "standard input can be read only once: give the log as a file, or the definitions"
                .into(),
        ));
    }
    let defs_text = read_definitions(&args.defs)?;
    let options = Options {
        escape: !args.no_escape,
        all_matches: args.all_matches,
        // The table shows no captures: only the JSON report lists them.
        max_captures: if args.json { args.max_captures } else { 0 },
        objective,
        engine: match args.engine {
            EngineArg::Fast => Engine::Fast,
            EngineArg::Plain => Engine::Plain,
        },
        threads: args.threads,
        ..Options::default()
    };
    let parsed = metrex::parse_definitions(&defs_text);
    let mut checker = Checker::new(parsed, options);
    let logs = if args.logs.is_empty() {
        vec!["-".to_string()]
    } else {
        args.logs.clone()
    };
    let mut buffer = vec![0; READ_SIZE];
    for path in &logs {
        let mut reader = open(path)?;
        loop {
            match read_full(&mut reader, &mut buffer) {
                Ok(0) => break,
                Ok(n) => checker.push(&buffer[..n]),
                Err(e) => return Err(UsageError(format!("{}: {e}", display_path(path)))),
            }
        }
    }
    let report = checker.finish();
    let stdout = io::stdout().lock();
    let mut out = BufWriter::new(stdout);
    let written = if args.json {
        serde_json::to_writer(&mut out, &report)
            .map_err(io::Error::from)
            .and_then(|()| writeln!(out))
    } else {
        print_table(&mut out, &report, &defs_text, &args.defs)
    };
    match written.and_then(|()| out.flush()) {
        Ok(()) => {}
        // `metrex check … | head` is fine.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {}
        Err(e) => return Err(UsageError(format!("writing the report: {e}"))),
    }
    Ok(report.all_ok())
}

/// Writes with `write`, ignoring a closed pipe (`metrex … | head`).
fn emit(
    write: impl FnOnce(&mut BufWriter<io::StdoutLock<'static>>) -> io::Result<()>,
) -> Result<(), UsageError> {
    let mut out = BufWriter::new(io::stdout().lock());
    match write(&mut out).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(UsageError(format!("writing the output: {e}"))),
    }
}

fn json_line(out: &mut impl Write, value: &impl serde::Serialize) -> io::Result<()> {
    serde_json::to_writer(&mut *out, value).map_err(io::Error::from)?;
    writeln!(out)
}

fn explain(args: ExplainArgs) -> Result<bool, UsageError> {
    let explained = metrex::explain::explain(&args.pattern);
    let usable = explained.error.is_none();
    emit(|out| {
        if args.json {
            return json_line(out, &explained);
        }
        if let Some(error) = &explained.error {
            writeln!(out, "error[{}]: {}", error.code, error.message)?;
            print_caret(out, &explained.regex, error)?;
        }
        if let Some(tree) = &explained.tree {
            let mut rows = Vec::new();
            explain_rows(tree, &explained.regex, 0, &mut rows);
            let width = rows
                .iter()
                .map(|(left, _)| left.chars().count())
                .filter(|&w| w <= 40)
                .max()
                .unwrap_or(0);
            for (left, text) in rows {
                if left.chars().count() > width {
                    writeln!(out, "{left}")?;
                    writeln!(out, "{:width$}  {text}", "")?;
                } else {
                    writeln!(out, "{left:width$}  {text}")?;
                }
            }
        }
        Ok(())
    })?;
    Ok(usable)
}

/// One node of an explanation and its children, indented: the part of the
/// pattern, and the words for it.
fn explain_rows(
    node: &metrex::explain::Node,
    pattern: &str,
    depth: usize,
    rows: &mut Vec<(String, String)>,
) {
    let source = pattern.get(node.span.start..node.span.end).unwrap_or("");
    rows.push((format!("{}{source}", "  ".repeat(depth)), node.text.clone()));
    if !node.children_in_text() {
        for child in &node.children {
            explain_rows(child, pattern, depth + 1, rows);
        }
    }
}

fn why(args: WhyArgs) -> Result<bool, UsageError> {
    let stdin_uses = usize::from(args.defs == "-")
        + args.logs.iter().filter(|l| *l == "-").count()
        + usize::from(args.logs.is_empty());
    if stdin_uses > 1 {
        return Err(UsageError(
            "standard input can be read only once: give the log as a file, or the definitions"
                .into(),
        ));
    }
    if args.line == 0 {
        return Err(UsageError("--line counts from 1".into()));
    }
    let defs_text = read_definitions(&args.defs)?;
    let logs = if args.logs.is_empty() {
        vec!["-".to_string()]
    } else {
        args.logs.clone()
    };
    // Read until the wanted line is complete: the logs joined as `check` joins them.
    let mut bytes = Vec::new();
    let mut buffer = vec![0; READ_SIZE];
    let mut line_feeds = 0u64;
    'files: for path in &logs {
        let mut reader = open(path)?;
        loop {
            match reader.read(&mut buffer) {
                Ok(0) => break,
                Ok(n) => {
                    line_feeds += memchr_count(&buffer[..n]);
                    bytes.extend_from_slice(&buffer[..n]);
                    if line_feeds >= args.line {
                        break 'files;
                    }
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(UsageError(format!("{}: {e}", display_path(path)))),
            }
        }
    }
    let log = String::from_utf8_lossy(&bytes);
    let Some(line) = metrex::why::log_line(&log, args.line) else {
        return Err(UsageError(format!(
            "line {} is past the end of the log ({} lines)",
            args.line,
            metrex::why::line_count(&log)
        )));
    };
    let mut report = metrex::why::inspect_text(&defs_text, line, !args.no_escape);
    report.line = Some(args.line);
    let all_record = report.all_record();
    let source = display_path(&args.defs);
    emit(|out| {
        if args.json {
            return json_line(out, &report);
        }
        for error in &report.input_errors {
            print_input_error(out, error, &defs_text, source)?;
        }
        print_why(out, &report)
    })?;
    Ok(all_record)
}

fn memchr_count(bytes: &[u8]) -> u64 {
    bytes.iter().filter(|&&b| b == b'\n').count() as u64
}

/// The human-readable `metrex why`: the line, then each definition.
fn print_why(out: &mut impl Write, report: &metrex::why::LineReport) -> io::Result<()> {
    let shown = if report.escape {
        metrex::escape::escape_line(&report.text)
    } else {
        std::borrow::Cow::Borrowed(report.text.as_str())
    };
    writeln!(out, "line {}: {shown}", report.line.unwrap_or(0))?;
    for d in &report.definitions {
        writeln!(out)?;
        if let Some(error) = &d.error {
            writeln!(out, "{}: error[{}] {}", d.name, error.code, error.message)?;
            if !d.matched && d.failed.is_none() {
                continue;
            }
        }
        if d.matched {
            match (d.value, d.reason) {
                (Some(value), _) => writeln!(out, "{}: records {value}", d.name)?,
                (None, Some(reason)) => writeln!(
                    out,
                    "{}: matches, but records nothing: {}",
                    d.name,
                    reason.describe()
                )?,
                (None, None) => writeln!(out, "{}: matches", d.name)?,
            }
            writeln!(out, "    {}", d.regex)?;
            for g in &d.groups {
                let label = match (&g.name, g.index) {
                    (_, 0) => "group 0 (whole match)".to_string(),
                    (Some(name), i) => format!("group {i} \"{name}\""),
                    (None, i) => format!("group {i}"),
                };
                match (&g.text, g.span) {
                    (Some(text), Some(span)) => writeln!(
                        out,
                        "    {label}: {} at {}..{}",
                        metrex::explain::quote(text),
                        span.start,
                        span.end
                    )?,
                    _ => writeln!(out, "    {label}: took no part")?,
                }
            }
        } else if let Some(failed) = &d.failed {
            writeln!(out, "{}: no match", d.name)?;
            writeln!(out, "    {}", d.regex)?;
            writeln!(
                out,
                "    {}{}",
                " ".repeat(failed.pattern.column),
                "^".repeat(failed.pattern.width)
            )?;
            writeln!(out, "    {}", failed.message)?;
            if let Some(at) = failed.line {
                let column = report.text.get(..at.start).map_or(0, |b| b.chars().count());
                writeln!(out, "    {}", report.text.replace('\t', " "))?;
                writeln!(out, "    {}^", " ".repeat(column))?;
            }
            if let Some(note) = &failed.note {
                writeln!(out, "    note: {note}")?;
            }
        }
    }
    Ok(())
}

/// Reads until `buffer` is full or the input ends. A pipe hands over 64 KiB at a
/// time; pushed as they come, those pieces would each be evaluated alone, on one
/// thread and with every definition's set-up repeated, where a file gives 4 MiB.
fn read_full(reader: &mut impl Read, buffer: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buffer.len() {
        match reader.read(&mut buffer[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

fn display_path(path: &str) -> &str {
    if path == "-" {
        "<stdin>"
    } else {
        path
    }
}

fn open(path: &str) -> Result<Box<dyn Read>, UsageError> {
    if path == "-" {
        return Ok(Box::new(io::stdin().lock()));
    }
    File::open(path)
        .map(|f| Box::new(f) as Box<dyn Read>)
        .map_err(|e| UsageError(format!("{path}: {e}")))
}

fn read_definitions(path: &str) -> Result<String, UsageError> {
    let mut bytes = Vec::new();
    open(path)?
        .read_to_end(&mut bytes)
        .map_err(|e| UsageError(format!("{}: {e}", display_path(path))))?;
    String::from_utf8(bytes).map_err(|e| {
        UsageError(format!(
            "{}: not UTF-8 text (invalid byte at offset {})",
            display_path(path),
            e.utf8_error().valid_up_to()
        ))
    })
}

/// The human-readable report: a table of metrics, then every problem with a caret.
fn print_table(
    out: &mut impl Write,
    report: &Report,
    defs_text: &str,
    defs_path: &str,
) -> io::Result<()> {
    let defs_path = display_path(defs_path);
    for error in &report.input_errors {
        print_input_error(out, error, defs_text, defs_path)?;
    }
    if !report.input_errors.is_empty() {
        writeln!(out)?;
    }
    let name_width = report
        .definitions
        .iter()
        .map(|d| d.name.chars().count())
        .chain([6])
        .max()
        .unwrap_or(6)
        .min(40);
    writeln!(
        out,
        "{:<name_width$}  {:>7}  {:>7}  {:>14}  {:>14}  {:>14}  status",
        "metric", "count", "dropped", "final", "min", "max"
    )?;
    for d in &report.definitions {
        let status = match (&d.error, d.warnings.first()) {
            (Some(e), _) => format!("error: {}", e.code),
            (None, Some(w)) => format!("{}: {}", severity_word(w.severity), codes(&d.warnings)),
            (None, None) => "ok".to_string(),
        };
        writeln!(
            out,
            "{:<name_width$}  {:>7}  {:>7}  {:>14}  {:>14}  {:>14}  {status}",
            clip(&d.name, name_width),
            d.summary.count,
            d.summary.dropped,
            number(d.summary.final_value),
            number(d.summary.min),
            number(d.summary.max),
        )?;
    }
    writeln!(
        out,
        "\n{} definitions, {} lines scanned{}",
        report.definitions.len(),
        report.lines,
        if report.escape {
            ""
        } else {
            " (CloudWatch escaping off)"
        }
    )?;
    if let Some(objective) = &report.objective {
        let direction = format!("{:?}", objective.direction);
        write!(out, "objective {} ({direction})", objective.name)?;
        match (objective.final_value, objective.best) {
            (Some(final_value), Some(best)) => writeln!(
                out,
                ": final {} (API shows {}), best {} at line {}",
                final_value,
                objective.final_f32.unwrap_or(final_value),
                best,
                objective.best_line.unwrap_or(0)
            )?,
            _ if !objective.defined => writeln!(out, ": not defined")?,
            _ => writeln!(out, ": no value recorded")?,
        }
    }
    let source = Source {
        text: defs_text,
        path: defs_path,
    };
    for finding in &report.warnings {
        writeln!(out)?;
        print_finding(out, None, finding, &source)?;
    }
    for d in &report.definitions {
        if let Some(error) = &d.error {
            writeln!(out)?;
            print_pattern_error(out, d, error)?;
        }
        for finding in &d.warnings {
            writeln!(out)?;
            print_finding(out, Some(&d.name), finding, &source)?;
        }
    }
    Ok(())
}

fn codes(findings: &[Finding]) -> String {
    findings
        .iter()
        .map(|f| f.code)
        .collect::<Vec<_>>()
        .join(", ")
}

fn severity_word(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

fn number(value: Option<f64>) -> String {
    match value {
        None => "-".into(),
        Some(v) => {
            let text = v.to_string();
            if text.len() > 14 {
                format!("{v:.6e}")
            } else {
                text
            }
        }
    }
}

fn clip(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_string()
    } else {
        let mut s: String = text.chars().take(width - 1).collect();
        s.push('…');
        s
    }
}

fn print_input_error(
    out: &mut impl Write,
    error: &InputError,
    text: &str,
    path: &str,
) -> io::Result<()> {
    let Location { line, column, .. } = error.location;
    writeln!(out, "error: {path}:{line}:{column}: {}", error.message)?;
    if let Some(source_line) = text.lines().nth(line.saturating_sub(1)) {
        writeln!(out, "    {source_line}")?;
        writeln!(out, "    {}^", " ".repeat(column.saturating_sub(1)))?;
    }
    Ok(())
}

fn print_pattern_error(
    out: &mut impl Write,
    d: &DefinitionReport,
    error: &PatternError,
) -> io::Result<()> {
    writeln!(out, "error[{}] {}: {}", error.code, d.name, error.message)?;
    print_caret(out, &d.regex, error)
}

/// The pattern, indented, with carets under the part `error` points at (when it does).
fn print_caret(out: &mut impl Write, regex: &str, error: &PatternError) -> io::Result<()> {
    writeln!(out, "    {regex}")?;
    if let Some(span) = error.span {
        writeln!(
            out,
            "    {}{}",
            " ".repeat(span.column),
            "^".repeat(span.width)
        )?;
    }
    Ok(())
}

/// The definitions text and its name, for findings that point into it.
struct Source<'a> {
    text: &'a str,
    path: &'a str,
}

fn print_finding(
    out: &mut impl Write,
    name: Option<&str>,
    finding: &Finding,
    source: &Source<'_>,
) -> io::Result<()> {
    let severity = severity_word(finding.severity);
    match name {
        Some(name) => writeln!(
            out,
            "{severity}[{}] {name}: {}",
            finding.code, finding.message
        )?,
        None => writeln!(out, "{severity}[{}] {}", finding.code, finding.message)?,
    }
    if let Some(example) = &finding.example {
        writeln!(out, "    line {}: {}", example.line, example.text)?;
    }
    if let Some(at) = &finding.location {
        // As rustc does: where, the line, and carets under the word.
        writeln!(out, "    --> {}:{}:{}", source.path, at.line, at.column)?;
        if let Some(line) = source.text.lines().nth(at.line.saturating_sub(1)) {
            let width = source
                .text
                .get(at.start..at.end)
                .map_or(1, |w| w.lines().next().unwrap_or("").chars().count().max(1));
            writeln!(out, "    {line}")?;
            writeln!(
                out,
                "    {}{}",
                " ".repeat(at.column.saturating_sub(1)),
                "^".repeat(width)
            )?;
        }
    }
    Ok(())
}
