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
//! [`worker_main`] runs the same evaluation inside a Web Worker, with message
//! handling, timing and file reading done through `web-sys`.

use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::report::{Finding, Severity};
use crate::{Checker, Direction, Objective, Options};

/// Bytes read from a `Blob` at a time when a log arrives as a file.
const BLOB_SLICE: f64 = (4 << 20) as f64;

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
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct OptionsIn {
    escape: Option<bool>,
    all_matches: Option<bool>,
    max_captures: Option<f64>,
    objective: Option<ObjectiveIn>,
}

#[derive(Deserialize)]
struct ObjectiveIn {
    name: String,
    direction: DirectionIn,
}

#[derive(Deserialize)]
enum DirectionIn {
    Maximize,
    Minimize,
}

/// Reads JS options; what cannot be read falls back to the default and is reported.
fn options_from_js(value: &JsValue) -> (Options, Option<Finding>) {
    let mut options = Options::default();
    if value.is_undefined() || value.is_null() {
        return (options, None);
    }
    match serde_wasm_bindgen::from_value::<OptionsIn>(value.clone()) {
        Ok(given) => {
            options.escape = given.escape.unwrap_or(true);
            options.all_matches = given.all_matches.unwrap_or(false);
            if let Some(max) = given.max_captures {
                options.max_captures = if max.is_finite() && max >= 0.0 {
                    max.min(u32::MAX as f64) as usize
                } else {
                    options.max_captures
                };
            }
            options.objective = given.objective.map(|o| Objective {
                name: o.name,
                direction: match o.direction {
                    DirectionIn::Maximize => Direction::Maximize,
                    DirectionIn::Minimize => Direction::Minimize,
                },
            });
            (options, None)
        }
        Err(e) => (
            options,
            Some(Finding {
                code: "invalid-options",
                severity: Severity::Error,
                message: format!("options were not understood ({e}); defaults were used"),
                example: None,
                location: None,
            }),
        ),
    }
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
    let mut report = crate::check(definitions, log, &options);
    report.warnings.extend(problem);
    to_js(&report).unchecked_into()
}

/// The version of the metrex engine.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// Installs the message handler of a Web Worker that evaluates off the main thread.
///
/// The worker receives `{ id, definitions, log, options }`, where `log` is a
/// string or a `Blob`/`File` (read in 4 MiB slices, so a large file never
/// becomes one JS string), and posts back `{ id, report, ms }` with the
/// evaluation time measured by `performance.now()`.
#[wasm_bindgen]
pub fn worker_main() -> Result<(), JsValue> {
    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().dyn_into()?;
    let reply_scope = scope.clone();
    let handler =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
            let reply = handle_message(&reply_scope, &event.data());
            // A failed post means the page is gone; there is no one left to tell.
            let _ = reply_scope.post_message(&reply);
        });
    scope.set_onmessage(Some(handler.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    handler.forget();
    Ok(())
}

fn get(object: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn handle_message(scope: &web_sys::DedicatedWorkerGlobalScope, data: &JsValue) -> JsValue {
    let started = scope.performance().map(|p| p.now());
    let id = get(data, "id");
    let definitions = get(data, "definitions").as_string().unwrap_or_default();
    let (options, problem) = options_from_js(&get(data, "options"));
    let log = get(data, "log");
    let mut checker = Checker::new(crate::parse_definitions(&definitions), options);
    let read_error = if let Some(text) = log.as_string() {
        checker.push(text.as_bytes());
        None
    } else if let Some(blob) = log.dyn_ref::<web_sys::Blob>() {
        push_blob(&mut checker, blob).err()
    } else {
        None
    };
    let mut report = checker.finish();
    report.warnings.extend(problem);
    if let Some(error) = read_error {
        report.warnings.push(Finding {
            code: "unreadable-log",
            severity: Severity::Error,
            message: format!("the log file could not be read completely: {error:?}"),
            example: None,
            location: None,
        });
    }
    let ms = match (started, scope.performance()) {
        (Some(start), Some(p)) => p.now() - start,
        _ => f64::NAN,
    };
    let reply = js_sys::Object::new();
    let set = |key: &str, value: &JsValue| {
        let _ = js_sys::Reflect::set(&reply, &JsValue::from_str(key), value);
    };
    set("id", &id);
    set("report", &to_js(&report));
    set("ms", &JsValue::from_f64(ms));
    reply.into()
}

/// Streams a `Blob` into the checker slice by slice with `FileReaderSync`.
fn push_blob(checker: &mut Checker, blob: &web_sys::Blob) -> Result<(), JsValue> {
    let reader = web_sys::FileReaderSync::new()?;
    let size = blob.size();
    let mut at = 0.0;
    while at < size {
        let end = (at + BLOB_SLICE).min(size);
        let slice = blob.slice_with_f64_and_f64(at, end)?;
        let buffer = reader.read_as_array_buffer(&slice)?;
        checker.push(&js_sys::Uint8Array::new(&buffer).to_vec());
        at = end;
    }
    Ok(())
}
