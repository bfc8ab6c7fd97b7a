//! The JavaScript API (wasm32 only): a thin shell over [`crate::check`].
//!
//! ```js
//! import init, { evaluate } from './pkg/metrex.js';
//! await init();
//! const report = evaluate(definitionsText, logText, { escape: true });
//! ```
//!
//! Nothing here panics on user input: bad options come back in the report as
//! an `invalid-options` finding, and every engine error is a value in the report.
//! [`JsSession`] (`Session` in JS) is what the page's worker uses: the log kept
//! between requests and only changed definitions run (see [`crate::session`]).

use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::report::{Finding, Severity};
use crate::{Direction, Objective, Options};

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** Options of `evaluate`; every field is optional. */
export interface EvaluateOptions {
  /** CloudWatch escaping of control characters (TAB is `#011`). Default true. */
  escape?: boolean;
  /** Also list the matches after the first in a line (SageMaker ignores them). Default false. */
  allMatches?: boolean;
  /** Captures listed per definition; counts stay exact. Default 1000. */
  maxCaptures?: number;
  /** The tuning objective, overriding one found in the definitions. */
  objective?: { name: string; direction: "Maximize" | "Minimize" } | null;
}
/** A span in one log line, in UTF-8 bytes and UTF-16 code units (JS string indices). */
export interface LineSpan { start: number; end: number; start_utf16: number; end_utf16: number; }
export interface Location { line: number; column: number; start: number; end: number; start_utf16: number; end_utf16: number; }
export interface PatternSpan { start: number; end: number; start_utf16: number; end_utf16: number; column: number; width: number; }
export interface Example { line: number; text: string; captured: string | null; }
/** A finding; `location` (in the definitions text) for a misspelled keyword or key, else null. */
export interface Finding { code: string; severity: "error" | "warning" | "info"; message: string; example: Example | null; location: Location | null; }
export interface Capture {
  line: number; text: string | null; value: number | null;
  reason: "no-group" | "empty" | "not-a-number" | "out-of-range" | null;
  match: LineSpan; group: LineSpan | null;
}
export interface Summary {
  matched: number; count: number; dropped: number;
  final: number | null; final_f32: number | null; final_line: number | null;
  min: number | null; max: number | null;
}
export interface DefinitionReport {
  name: string; regex: string; location: Location | null;
  error: { code: string; message: string; span: PatternSpan | null } | null;
  warnings: Finding[]; captures: Capture[]; captures_omitted: number; ignored: Capture[];
  summary: Summary;
}
export interface ObjectiveReport {
  name: string; direction: "Maximize" | "Minimize"; defined: boolean;
  final: number | null; final_f32: number | null; best: number | null; best_line: number | null;
}
/** One node of `explain`'s tree (`metrex explain --json`). */
export interface ExplainNode {
  kind: "pattern" | "literal" | "any" | "class" | "repetition" | "group" | "non-capturing"
    | "flags" | "anchor" | "alternation" | "sequence" | "empty";
  /** The node in plain words. */
  text: string;
  /** Where it is in the pattern. */
  span: PatternSpan;
  /** For a capture group: its number (by opening parenthesis; 1 is the value) and name. */
  group: { index: number; name: string | null } | null;
  /** For a repetition: how often (max null for no limit) and whether greedy. */
  repeat: { min: number; max: number | null; greedy: boolean } | null;
  children: ExplainNode[];
}
/** What `explain` returns: the tree, or why the pattern cannot be used. */
export interface Explanation {
  regex: string;
  error: { code: string; message: string; span: PatternSpan | null } | null;
  tree: ExplainNode | null;
}
/** Options of `inspectLine`; every field is optional. */
export interface InspectOptions {
  /** CloudWatch escaping of control characters (TAB is `#011`). Default true. */
  escape?: boolean;
}
/** One group of a match: index 0 is the whole match; text and span null when it took no part. */
export interface GroupMatch { index: number; name: string | null; text: string | null; span: LineSpan | null; }
/** Why a pattern does not match: the first piece that could not follow the longest matching leading part. */
export interface Failure {
  /** The failing piece in the pattern (`start_utf16` is the regex string index). */
  pattern: PatternSpan;
  /** The character found where the piece was expected (empty at the line end); null when not even the first piece matches. */
  line: LineSpan | null;
  /** What the leading part of the pattern matched in the line, or null. */
  matched: LineSpan | null;
  expected: string; found: string; message: string;
  /** A likely cause (CloudWatch escaping, letter case), or null. */
  note: string | null;
}
export interface LineInspection {
  name: string; regex: string;
  error: { code: string; message: string; span: PatternSpan | null } | null;
  matched: boolean; groups: GroupMatch[];
  value: number | null;
  reason: "no-group" | "empty" | "not-a-number" | "out-of-range" | null;
  failed: Failure | null;
}
/** What `inspectLine` returns (the same as `metrex why --json`, with `line` null). */
export interface LineReport {
  line: number | null; text: string; escape: boolean;
  input_errors: { message: string; location: Location }[];
  definitions: LineInspection[];
}
/** Every capture of a definition, column-wise (see the README): one entry per capture, in log order. */
export interface CaptureColumns {
  line: Uint32Array; value: Float64Array;
  /** 0 counted, 1 no-group, 2 empty, 3 not-a-number, 4 out-of-range; +8: an ignored match. */
  kind: Uint8Array;
  /** UTF-16 offsets in the line as pasted; group 0xFFFFFFFF when group 1 took no part. */
  matchStart: Uint32Array; matchEnd: Uint32Array; groupStart: Uint32Array; groupEnd: Uint32Array;
  /** Captures seen (the columns hold at most `maxColumns`). */
  total: number;
  /** The counted values sampled evenly over the whole log (at most 4,096, one in `stride`), for a chart (in `Session.result` only). */
  chart?: { line: Uint32Array; value: Float64Array; stride: number };
}
/** What `Session.result` returns. */
export interface SessionResult {
  report: Report;
  /** Whether definition i's results are new since the last call (only those carry captures and columns). */
  fresh: boolean[];
  columns: (CaptureColumns | null)[];
}
/** What `Session.lineIndex` returns: `offsets[k]` is the byte offset of line `starts[k]` (1 + k * every, but past the join of a file read in two parts). */
export interface LineIndex { every: number; starts: Float64Array; offsets: Float64Array; lines: number; bytes: number; }
/** The report: the same as `metrex check --json`. */
export interface Report {
  version: number; format: "json-list" | "aws-json" | "python" | "python-sdk-v3" | "empty" | "unknown";
  escape: boolean; lines: number;
  input_errors: { message: string; location: Location }[];
  warnings: Finding[]; definitions: DefinitionReport[]; objective: ObjectiveReport | null;
}
"#;

#[wasm_bindgen]
extern "C" {
    /// `EvaluateOptions` in TypeScript.
    #[wasm_bindgen(typescript_type = "EvaluateOptions")]
    pub type JsOptions;
    /// `Report` in TypeScript.
    #[wasm_bindgen(typescript_type = "Report")]
    pub type JsReport;
    /// `Explanation` in TypeScript.
    #[wasm_bindgen(typescript_type = "Explanation")]
    pub type JsExplanation;
    /// `InspectOptions` in TypeScript.
    #[wasm_bindgen(typescript_type = "InspectOptions")]
    pub type JsInspectOptions;
    /// `LineReport` in TypeScript.
    #[wasm_bindgen(typescript_type = "LineReport")]
    pub type JsLineReport;
    /// `SessionResult` in TypeScript.
    #[wasm_bindgen(typescript_type = "SessionResult")]
    pub type JsSessionResult;
    /// `LineIndex` in TypeScript.
    #[wasm_bindgen(typescript_type = "LineIndex")]
    pub type JsLineIndex;
}

/// Reads JS options; what cannot be read falls back to the default and is
/// reported. (Read field by field: serde's deserializer would cost the page
/// more download than this.)
fn options_from_js(value: &JsValue) -> (Options, Option<Finding>) {
    let mut options = Options::default();
    if value.is_undefined() || value.is_null() {
        return (options, None);
    }
    let mut wrong: Vec<&str> = Vec::new();
    if !value.is_object() {
        wrong.push("options must be an object");
    } else {
        let flag = |key: &'static str, default: bool, wrong: &mut Vec<&str>| {
            let v = get(value, key);
            match v.as_bool() {
                Some(b) => b,
                None if v.is_undefined() || v.is_null() => default,
                None => {
                    wrong.push(key);
                    default
                }
            }
        };
        options.escape = flag("escape", true, &mut wrong);
        options.all_matches = flag("allMatches", false, &mut wrong);
        let max = get(value, "maxCaptures");
        match max.as_f64() {
            Some(n) if n.is_finite() && n >= 0.0 => {
                options.max_captures = n.min(u32::MAX as f64) as usize
            }
            None if max.is_undefined() || max.is_null() => {}
            _ => wrong.push("maxCaptures"),
        }
        let objective = get(value, "objective");
        if !(objective.is_undefined() || objective.is_null()) {
            let name = get(&objective, "name").as_string();
            let direction = match get(&objective, "direction").as_string().as_deref() {
                Some("Maximize") => Some(Direction::Maximize),
                Some("Minimize") => Some(Direction::Minimize),
                _ => None,
            };
            match (name, direction) {
                (Some(name), Some(direction)) => {
                    options.objective = Some(Objective { name, direction })
                }
                _ => wrong.push("objective (needs a name and a direction, Maximize or Minimize)"),
            }
        }
    }
    if wrong.is_empty() {
        return (options, None);
    }
    let problem = Finding {
        code: "invalid-options",
        severity: Severity::Error,
        message: format!(
            "options were not understood ({}); defaults were used for them",
            wrong.join(", ")
        ),
        example: None,
        location: None,
    };
    (options, Some(problem))
}

fn to_js(report: &impl Serialize) -> JsValue {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    report.serialize(&serializer).unwrap_or_else(|e| {
        // Serializing plain data cannot fail in practice; still, answer with a value.
        JsValue::from_str(&format!("metrex: could not build the report: {e}"))
    })
}

/// Explains `pattern` in words, from its syntax tree: the same as
/// `metrex explain --json`. A pattern that cannot be used gives `error` and
/// a null `tree`; nothing throws.
#[wasm_bindgen]
pub fn explain(pattern: &str) -> JsExplanation {
    to_js(&crate::explain::explain(pattern)).unchecked_into()
}

/// Every definition of `definitions` on one log `line` (as pasted; from a
/// line feed on is ignored): each match with every group and the value, or
/// why it does not match. The same as `metrex why --json`, with `line` null.
/// Options that cannot be read fall back to the defaults; nothing throws.
#[wasm_bindgen(js_name = inspectLine)]
pub fn inspect_line(
    definitions: &str,
    line: &str,
    options: Option<JsInspectOptions>,
) -> JsLineReport {
    let options: JsValue = options.map_or(JsValue::UNDEFINED, Into::into);
    let (options, _) = options_from_js(&options);
    to_js(&crate::why::inspect_text(definitions, line, options.escape)).unchecked_into()
}

/// Evaluates `definitions` (JSON list, AWS JSON or Python SDK code) on `log`
/// and returns the report, the same as `metrex check --json`. Offsets come in
/// UTF-8 bytes and in UTF-16 code units (`*_utf16`, for JS string indices).
#[wasm_bindgen]
pub fn evaluate(definitions: &str, log: &str, options: Option<JsOptions>) -> JsReport {
    let options: JsValue = options.map_or(JsValue::UNDEFINED, Into::into);
    let (options, problem) = options_from_js(&options);
    // The same report as `crate::check`, through the session the worker uses (one
    // evaluator in the download, not two).
    let mut session = crate::session::Session::new(options);
    session.set_options_problem(problem);
    session.set_definitions(definitions);
    session.begin_pass(false);
    session.push(log.as_bytes());
    session.end_pass();
    to_js(&session.report()).unchecked_into()
}

/// An incremental evaluation for the page's worker (see [`crate::session`]):
/// the log is kept prepared (or, for a file too large to hold, indexed and read
/// again when needed) and each definition's results are kept, so that an edit
/// runs only the definitions it changed.
///
/// ```js
/// const s = new Session();
/// s.setOptions({ escape: true, maxCaptures: 200, maxColumns: 250000 });
/// s.resetLog();
/// s.setDefinitions(defs);          // → regexes that need a pass over the log
/// s.beginPass(true); s.pushText(log); s.endPass();
/// const { report, fresh, columns } = s.result();
/// s.setDefinitions(edited);        // → 0: the log is kept, the edit ran at once
/// ```
#[wasm_bindgen(js_name = Session)]
pub struct JsSession {
    inner: crate::session::Session,
}

#[wasm_bindgen(js_class = Session)]
impl JsSession {
    /// A session with no log and no definitions.
    #[wasm_bindgen(constructor)]
    pub fn new() -> JsSession {
        JsSession {
            inner: crate::session::Session::new(Options::default()),
        }
    }

    /// Sets the options (`EvaluateOptions`, plus `maxColumns`: captures kept
    /// column-wise per definition); a change that alters what is found drops
    /// every result. Options that cannot be read fall back to the defaults and
    /// are reported.
    #[wasm_bindgen(js_name = setOptions)]
    pub fn set_options(&mut self, options: JsValue) {
        let (mut parsed, problem) = options_from_js(&options);
        let columns = get(&options, "maxColumns").as_f64().unwrap_or(0.0);
        parsed.max_columns = if columns.is_finite() && columns > 0.0 {
            columns.min(u32::MAX as f64) as usize
        } else {
            0
        };
        self.inner.set_options(parsed, problem);
    }

    /// Forgets the log and every result: the next pass reads a new log.
    #[wasm_bindgen(js_name = resetLog)]
    pub fn reset_log(&mut self) {
        self.inner.reset_log();
    }

    /// Reads the definitions; on a kept log the new ones run at once. Returns
    /// how many regexes still need a pass over the log.
    #[wasm_bindgen(js_name = setDefinitions)]
    pub fn set_definitions(&mut self, definitions: &str) -> u32 {
        self.inner.set_definitions(definitions) as u32
    }

    /// Starts a pass over the log for the definitions without results; with
    /// `keep`, a first pass keeps the log prepared in memory.
    #[wasm_bindgen(js_name = beginPass)]
    pub fn begin_pass(&mut self, keep: bool) {
        self.inner.begin_pass(keep);
    }

    /// Feeds the next bytes of the log to the pass (pieces may cut lines and characters).
    pub fn push(&mut self, bytes: &[u8]) {
        self.inner.push(bytes);
    }

    /// Feeds the next piece of the log as text.
    #[wasm_bindgen(js_name = pushText)]
    pub fn push_text(&mut self, text: &str) {
        self.inner.push(text.as_bytes());
    }

    /// Ends the pass.
    #[wasm_bindgen(js_name = endPass)]
    pub fn end_pass(&mut self) {
        self.inner.end_pass();
    }

    /// Drops the pass in progress: its definitions keep no results and need
    /// another pass (a first pass dropped leaves the log unread).
    #[wasm_bindgen(js_name = abandonPass)]
    pub fn abandon_pass(&mut self) {
        self.inner.abandon_pass();
    }

    /// Lines read (so far, during a first pass).
    pub fn lines(&self) -> f64 {
        self.inner.lines() as f64
    }

    /// Whether the log is held in memory.
    #[wasm_bindgen(js_name = keepsLog)]
    pub fn keeps_log(&self) -> bool {
        self.inner.keeps_log()
    }

    /// `{ report, fresh, columns }`: the report (as `evaluate` gives it);
    /// `fresh[i]` says whether definition i's results are new since the last
    /// call — only those carry their `captures`, `ignored` and `columns[i]`
    /// (typed arrays), the others have empty lists and null columns (their
    /// results are the ones handed on before). During a pass, `fresh` is all
    /// false and the report shows what was found so far.
    pub fn result(&mut self) -> JsSessionResult {
        let mut report = self.inner.report();
        let fresh = if self.inner.in_pass() {
            vec![false; report.definitions.len()]
        } else {
            self.inner.take_new()
        };
        let columns = js_sys::Array::new();
        for (i, (definition, fresh)) in report.definitions.iter_mut().zip(&fresh).enumerate() {
            let column = match self.inner.columns(i) {
                Some(c) if *fresh => {
                    let column = columns_to_js(c);
                    if let Some(t) = self.inner.thinned(i) {
                        let chart = js_sys::Object::new();
                        let set = |key: &str, value: JsValue| {
                            let _ = js_sys::Reflect::set(&chart, &JsValue::from_str(key), &value);
                        };
                        set("line", js_sys::Uint32Array::from(&t.line[..]).into());
                        set("value", js_sys::Float64Array::from(&t.value[..]).into());
                        set("stride", JsValue::from_f64(t.stride.max(1) as f64));
                        let _ = js_sys::Reflect::set(&column, &JsValue::from_str("chart"), &chart);
                    }
                    column
                }
                _ => JsValue::NULL,
            };

            if !fresh {
                definition.captures.clear();
                definition.ignored.clear();
            }
            columns.push(&column);
        }
        // Handed on: the page keeps them, the worker need not (after the loop: two
        // definitions with the same regex share them).
        for (i, fresh) in fresh.iter().enumerate() {
            if *fresh {
                self.inner.release_columns(i);
            }
        }
        let out = js_sys::Object::new();
        let set = |key: &str, value: &JsValue| {
            let _ = js_sys::Reflect::set(&out, &JsValue::from_str(key), value);
        };
        set("report", &to_js(&report));
        set("fresh", &to_js(&fresh));
        set("columns", &columns);
        JsValue::from(out).unchecked_into()
    }

    /// Every capture of each definition on `text` (lines as pasted; the first
    /// is line `first_line` of the log), with no cap: `(CaptureColumns | null)[]`.
    /// For drawing lines past the captures the columns hold.
    #[wasm_bindgen(js_name = linesColumns)]
    pub fn lines_columns(&self, text: &str, first_line: f64) -> js_sys::Array {
        let first = if first_line.is_finite() && first_line >= 1.0 {
            first_line as u64
        } else {
            1
        };
        let out = js_sys::Array::new();
        for columns in self.inner.columns_for_lines(text, first) {
            out.push(&columns.as_ref().map_or(JsValue::NULL, columns_to_js));
        }
        out
    }

    /// The line of the first capture of definition `index` after line `from`
    /// (before it, when not `forward`; only dropped ones with `dropped`), on the
    /// kept log whatever the columns cap; 0 when there is none or the log is not
    /// kept.
    #[wasm_bindgen(js_name = findCapture)]
    pub fn find_capture(&self, index: u32, from: f64, forward: bool, dropped: bool) -> f64 {
        let from = if from.is_finite() && from > 0.0 {
            from as u64
        } else {
            0
        };
        self.inner
            .find_capture(index as usize, from, forward, dropped)
            .map_or(0.0, |line| line as f64)
    }

    /// `findCapture` on a piece of the log: `bytes` (whole lines, the first
    /// being line `firstLine`), for a file too large to keep, read piece by
    /// piece through the line index. 0 when the piece holds none.
    #[wasm_bindgen(js_name = findCaptureIn)]
    pub fn find_capture_in(
        &self,
        index: u32,
        bytes: &[u8],
        first_line: f64,
        from: f64,
        forward: bool,
        dropped: bool,
    ) -> f64 {
        let line = |x: f64| {
            if x.is_finite() && x > 0.0 {
                x as u64
            } else {
                0
            }
        };
        self.inner
            .find_capture_in(
                index as usize,
                &crate::evaluate::as_text(bytes),
                line(first_line).max(1),
                line(from),
                forward,
                dropped,
            )
            .map_or(0.0, |line| line as f64)
    }

    /// Hands over what this session's first pass found on a part of a file
    /// (the part after some line end, read by a second worker), for
    /// `mergePart` in the session that read the part before it:
    /// `{ part, columns }`, `part` a plain object and `columns[i]` the capture
    /// columns of `part.states[i]` (typed arrays, to transfer). The session is
    /// left with no log. Only in the fast engine (it alone reads big files).
    #[cfg(feature = "fast")]
    #[wasm_bindgen(js_name = takePart)]
    pub fn take_part(&mut self) -> JsValue {
        let mut part = self.inner.take_part();
        let columns = js_sys::Array::new();
        for (_, state) in &mut part.states {
            columns.push(&columns_to_js(&std::mem::take(&mut state.columns)));
        }
        let out = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&out, &JsValue::from_str("part"), &to_js(&part));
        let _ = js_sys::Reflect::set(&out, &JsValue::from_str("columns"), &columns);
        out.into()
    }

    /// Adds what `takePart` handed over in another worker to the first pass
    /// this session just ended over the part of the file before it: the
    /// results are then those of one pass over the whole file. False, adding
    /// nothing, when `handed` is not such a value or this session cannot take
    /// it (it keeps its log, or has not read one). Only in the fast engine.
    #[cfg(feature = "fast")]
    #[wasm_bindgen(js_name = mergePart)]
    pub fn merge_part(&mut self, handed: JsValue) -> bool {
        let Ok(mut part) =
            serde_wasm_bindgen::from_value::<crate::session::PassPart>(get(&handed, "part"))
        else {
            return false;
        };
        let columns = get(&handed, "columns");
        for (i, (_, state)) in part.states.iter_mut().enumerate() {
            let Some(c) =
                columns_from_js(&js_sys::Reflect::get_u32(&columns, i as u32).unwrap_or_default())
            else {
                return false;
            };
            state.columns = c;
        }
        self.inner.merge_part(part)
    }

    /// `{ every, starts, offsets, lines, bytes }`: the byte offset of every
    /// `every`-th line start (line 1, 1 + every, …) of the log read by the
    /// first pass; `starts[k]` is the line at `offsets[k]` (a file read in two
    /// parts has one shorter block where they join).
    #[wasm_bindgen(js_name = lineIndex)]
    pub fn line_index(&self) -> JsLineIndex {
        let index = self.inner.line_index();
        let out = js_sys::Object::new();
        let set = |key: &str, value: &JsValue| {
            let _ = js_sys::Reflect::set(&out, &JsValue::from_str(key), value);
        };
        set(
            "every",
            &JsValue::from_f64(crate::session::LINE_INDEX_EVERY as f64),
        );
        set(
            "starts",
            &js_sys::Float64Array::from(&index.starts[..]).into(),
        );
        set(
            "offsets",
            &js_sys::Float64Array::from(&index.offsets[..]).into(),
        );
        set("lines", &JsValue::from_f64(index.lines as f64));
        set("bytes", &JsValue::from_f64(index.bytes as f64));
        JsValue::from(out).unchecked_into()
    }
}

impl Default for JsSession {
    fn default() -> Self {
        JsSession::new()
    }
}

/// The columns as typed arrays (copied out of the wasm memory, so the worker
/// can transfer them to the page).
fn columns_to_js(columns: &crate::evaluate::CaptureColumns) -> JsValue {
    let out = js_sys::Object::new();
    let set = |key: &str, value: JsValue| {
        let _ = js_sys::Reflect::set(&out, &JsValue::from_str(key), &value);
    };
    let u32s = |v: &[u32]| -> JsValue { js_sys::Uint32Array::from(v).into() };
    set("line", u32s(&columns.line));
    set(
        "value",
        js_sys::Float64Array::from(&columns.value[..]).into(),
    );
    set("kind", js_sys::Uint8Array::from(&columns.kind[..]).into());
    set("matchStart", u32s(&columns.match_start));
    set("matchEnd", u32s(&columns.match_end));
    set("groupStart", u32s(&columns.group_start));
    set("groupEnd", u32s(&columns.group_end));
    set("total", JsValue::from_f64(columns.total as f64));
    out.into()
}

/// Capture columns from their typed arrays (`columns_to_js`'s shape); `None`
/// when one is missing or of another type, or their lengths differ.
#[cfg(feature = "fast")]
fn columns_from_js(value: &JsValue) -> Option<crate::evaluate::CaptureColumns> {
    let u32s = |key: &str| {
        get(value, key)
            .dyn_into::<js_sys::Uint32Array>()
            .ok()
            .map(|a| a.to_vec())
    };
    let columns = crate::evaluate::CaptureColumns {
        line: u32s("line")?,
        value: get(value, "value")
            .dyn_into::<js_sys::Float64Array>()
            .ok()?
            .to_vec(),
        kind: get(value, "kind")
            .dyn_into::<js_sys::Uint8Array>()
            .ok()?
            .to_vec(),
        match_start: u32s("matchStart")?,
        match_end: u32s("matchEnd")?,
        group_start: u32s("groupStart")?,
        group_end: u32s("groupEnd")?,
        total: get(value, "total").as_f64().filter(|t| *t >= 0.0)? as u64,
    };
    let n = columns.line.len();
    let same = [
        columns.value.len(),
        columns.kind.len(),
        columns.match_start.len(),
        columns.match_end.len(),
        columns.group_start.len(),
        columns.group_end.len(),
    ]
    .iter()
    .all(|&len| len == n);
    same.then_some(columns)
}

/// The version of the metrex engine.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

fn get(object: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}
