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
    let Command::Check(args) = cli.command;
    match check(args) {
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
            match reader.read(&mut buffer) {
                Ok(0) => break,
                Ok(n) => checker.push(&buffer[..n]),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
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
    writeln!(out, "    {}", d.regex)?;
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
