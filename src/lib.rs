//! # metrex — check SageMaker metric definitions against a training log
//!
//! A SageMaker training job records metrics by scanning every line its
//! algorithm prints with each metric definition's regex and keeping capture
//! group 1 as a number. metrex does the same, offline, and explains every
//! capture that would be dropped.
//!
//! ```
//! let defs = r#"[{"Name": "loss", "Regex": "Loss = (.*?);"}]"#;
//! let log = "GAN_loss=0.138318; Loss = 16.020744; Iteration 0\nLoss = 12.5;\n";
//! let report = metrex::check(defs, log, &metrex::Options::default());
//! let loss = &report.definitions[0];
//! assert_eq!(loss.summary.count, 2);
//! assert_eq!(loss.summary.final_value, Some(12.5));
//! ```
//!
//! Data flows one way: [`input`] reads the definitions, [`compile`] builds one
//! matcher per definition, [`evaluate`] runs them over the log (a fast
//! whole-buffer search and a plain per-line oracle) and hands on what it
//! observed, [`value`] applies the number rules, [`lint`] turns the
//! observations into findings and [`report`] holds the result; [`Checker`]
//! joins the steps. For teaching, [`explain`] puts a pattern in words (from its
//! syntax tree) and [`why`] shows one line under the magnifier: every group, or
//! why it fails.
//! For the page, [`session::Session`] keeps the log prepared and each
//! definition's results between requests, so an edit runs only what changed.
//! The wasm binding (`wasm` module, on `wasm32` only) and the `metrex` binary are
//! thin shells over [`check`] and [`Checker`].

pub mod compile;
pub mod escape;
pub mod evaluate;
pub mod explain;
pub mod input;
pub mod lint;
pub mod report;
pub mod session;
pub mod value;
pub mod why;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use input::{parse_definitions, Definition, Direction, Objective, ParsedInput};
pub use report::Report;

/// Which evaluator runs the definitions. Both give the same report; the plain
/// one is kept as the reference the fast one is tested against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Engine {
    /// Whole-buffer search that never crosses a line (the default).
    #[default]
    Fast,
    /// One regex search per definition per line: simple and obviously right.
    Plain,
}

/// How to evaluate.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// Apply CloudWatch escaping (control characters become `#` and three
    /// octal digits, TAB is `#011`). On by default, as on SageMaker.
    pub escape: bool,
    /// Also list the matches after the first one in each line (which SageMaker ignores).
    pub all_matches: bool,
    /// At most this many captures (and ignored matches) are listed per
    /// definition; the summary always counts all of them.
    pub max_captures: usize,
    /// Also keep every capture column-wise ([`evaluate::CaptureColumns`]), up
    /// to this many per definition; 0 (the default) keeps none. For the page.
    pub max_columns: usize,
    /// The objective to report on, overriding one found in the input.
    pub objective: Option<Objective>,
    /// The evaluator to use.
    pub engine: Engine,
    /// Threads the fast engine may use, each preparing a part of the log and
    /// then taking whole definitions; 0 means one per available core. The
    /// plain engine and the wasm build use one.
    pub threads: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            escape: true,
            all_matches: false,
            max_captures: 1000,
            max_columns: 0,
            objective: None,
            engine: Engine::Fast,
            threads: 0,
        }
    }
}

/// Reads `definitions` (any supported format), evaluates them on `log` and returns the report.
pub fn check(definitions: &str, log: &str, options: &Options) -> Report {
    let parsed = parse_definitions(definitions);
    let mut checker = Checker::new(parsed, options.clone());
    checker.push(log.as_bytes());
    checker.finish()
}

/// Evaluates parsed definitions over a log fed in pieces, then assembles the
/// report: [`evaluate::Scan`] runs the definitions and hands on what it
/// observed, [`lint`] turns that into findings and the [`Report`].
///
/// ```
/// use metrex::{parse_definitions, Checker, Options};
/// let defs = parse_definitions(r#"[{"Name": "acc", "Regex": "acc=([0-9.]+)"}]"#);
/// let mut checker = Checker::new(defs, Options::default());
/// checker.push(b"acc=0.5\nac");
/// checker.push(b"c=0.75\n");
/// let report = checker.finish();
/// assert_eq!(report.definitions[0].summary.final_value, Some(0.75));
/// ```
pub struct Checker {
    scan: evaluate::Scan,
}

impl Checker {
    /// Compiles every definition of `parsed`, each on its own.
    pub fn new(parsed: ParsedInput, options: Options) -> Checker {
        Checker {
            scan: evaluate::Scan::new(parsed, options),
        }
    }

    /// Feeds the next piece of the log. Pieces need not end at a line end;
    /// several logs pushed one after the other read as one, as `cat` joins them.
    pub fn push(&mut self, bytes: &[u8]) {
        self.scan.push(bytes);
    }

    /// Evaluates whatever is left and builds the report.
    pub fn finish(self) -> Report {
        lint::build_report(self.scan.finish())
    }
}
