//! The JavaScript API, run as WebAssembly: in Node (`make test-wasm`, first run) and
//! in headless Chromium (second run, `WASM_BINDGEN_USE_BROWSER=1`). The same tests
//! run in both, so no `wasm_bindgen_test_configure!` is set.
#![cfg(target_arch = "wasm32")]

use metrex::wasm::{
    evaluate, explain, inspect_line, version, JsInspectOptions, JsOptions, JsSession,
};
use serde_json::{json, Value};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

/// Evaluates through the JS API and reads the report back as JSON.
fn check(definitions: &str, log: &str, options: Option<Value>) -> Value {
    let options = options.map(|o| js(&o).unchecked_into::<JsOptions>());
    let report: JsValue = evaluate(definitions, log, options).into();
    assert!(report.is_object(), "the report is a plain JS object");
    assert!(
        !report.is_instance_of::<js_sys::Map>(),
        "objects, not Maps, so JS reads report.definitions"
    );
    serde_wasm_bindgen::from_value(report).expect("the report reads as JSON")
}

fn js(value: &Value) -> JsValue {
    js_sys::JSON::parse(&value.to_string()).unwrap()
}

fn definitions(list: &[(&str, &str)]) -> String {
    let list: Vec<Value> = list
        .iter()
        .map(|(name, regex)| json!({ "Name": name, "Regex": regex }))
        .collect();
    Value::Array(list).to_string()
}

#[wasm_bindgen_test]
fn values_and_utf16_offsets_on_a_korean_and_emoji_line() {
    let report = check(
        &definitions(&[("loss", r"loss=([0-9.]+)")]),
        "손실 🚀 loss=0.5\nstep 2 loss=0.25\n",
        None,
    );
    assert_eq!(report["version"], 1);
    assert_eq!(report["format"], "json-list");
    assert_eq!(report["lines"], 2);
    let loss = &report["definitions"][0];
    assert_eq!(loss["name"], "loss");
    assert_eq!(loss["error"], Value::Null);
    assert_eq!(loss["summary"]["count"], 2);
    assert_eq!(loss["summary"]["final"], 0.25);
    assert_eq!(loss["summary"]["min"], 0.25);
    assert_eq!(loss["summary"]["max"], 0.5);
    let first = &loss["captures"][0];
    assert_eq!(first["line"], 1);
    assert_eq!(first["text"], "0.5");
    assert_eq!(first["value"], 0.5);
    // "손실 🚀 " is 2 + 1 + 2 + 1 UTF-16 units (the emoji is a surrogate pair) and 6 + 1 + 4 + 1 bytes.
    assert_eq!(
        first["match"],
        json!({ "start": 12, "end": 20, "start_utf16": 6, "end_utf16": 14 })
    );
    assert_eq!(
        first["group"],
        json!({ "start": 17, "end": 20, "start_utf16": 11, "end_utf16": 14 })
    );
    // The offsets index the JS string directly.
    let line = js_sys::JsString::from("손실 🚀 loss=0.5");
    assert_eq!(String::from(line.substring(11, 14)), "0.5");
}

#[wasm_bindgen_test]
fn escaping_matches_a_tab_as_011_and_points_at_the_tab() {
    let defs = definitions(&[("val", r"#011val=([0-9.]+)")]);
    let report = check(&defs, "[1]\tval=3\n", None);
    let capture = &report["definitions"][0]["captures"][0];
    assert_eq!(capture["value"], 3.0);
    assert_eq!(
        capture["match"]["start_utf16"], 3,
        "the match starts at the TAB as pasted"
    );
    assert_eq!(capture["match"]["end_utf16"], 9);
    let off = check(&defs, "[1]\tval=3\n", Some(json!({ "escape": false })));
    assert_eq!(off["escape"], false);
    assert_eq!(off["definitions"][0]["summary"]["count"], 0);
}

#[wasm_bindgen_test]
fn a_bad_regex_is_an_error_value_and_the_others_still_work() {
    let report = check(
        &definitions(&[("bad", r"loss=([0-9.]+"), ("good", r"loss=([0-9.]+)")]),
        "loss=0.5\n",
        None,
    );
    let bad = &report["definitions"][0];
    assert_eq!(bad["summary"]["count"], 0);
    assert!(bad["error"]["message"]
        .as_str()
        .unwrap()
        .contains("unclosed"));
    assert_eq!(bad["error"]["span"]["start_utf16"], 5);
    assert_eq!(report["definitions"][1]["summary"]["count"], 1);
}

#[wasm_bindgen_test]
fn unreadable_definitions_come_back_as_located_input_errors() {
    let report = check("[{\"Name\": \"loss\", \"Regex\": }]", "loss=1\n", None);
    let errors = report["input_errors"].as_array().unwrap();
    assert!(!errors.is_empty());
    assert_eq!(errors[0]["location"]["line"], 1);
}

#[wasm_bindgen_test]
fn bad_options_come_back_as_an_invalid_options_warning() {
    let defs = definitions(&[("loss", r"loss=([0-9.]+)")]);
    for options in [
        json!({ "escape": "yes" }),
        json!({ "objective": { "name": "loss", "direction": "Upward" } }),
        json!(42),
    ] {
        let report = check(&defs, "loss=0.5\n", Some(options.clone()));
        let codes: Vec<&str> = report["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w["code"].as_str().unwrap())
            .collect();
        assert!(codes.contains(&"invalid-options"), "{options}: {codes:?}");
        // Defaults were used: the evaluation still happened.
        assert_eq!(report["definitions"][0]["summary"]["count"], 1, "{options}");
    }
}

#[wasm_bindgen_test]
fn the_objective_option_picks_the_best_in_its_direction() {
    let defs = definitions(&[("loss", r"loss=([0-9.]+)")]);
    let log = "loss=0.9\nloss=0.3\nloss=0.5\n";
    let min = check(
        &defs,
        log,
        Some(json!({ "objective": { "name": "loss", "direction": "Minimize" } })),
    );
    assert_eq!(min["objective"]["defined"], true);
    assert_eq!(min["objective"]["final"], 0.5);
    assert_eq!(min["objective"]["best"], 0.3);
    let max = check(
        &defs,
        log,
        Some(json!({ "objective": { "name": "loss", "direction": "Maximize" } })),
    );
    assert_eq!(max["objective"]["best"], 0.9);
    let missing = check(
        &defs,
        log,
        Some(json!({ "objective": { "name": "acc", "direction": "Maximize" } })),
    );
    assert_eq!(missing["objective"]["defined"], false);
}

#[wasm_bindgen_test]
fn empty_inputs_work() {
    let report = check("", "", None);
    assert_eq!(report["format"], "empty");
    assert_eq!(report["lines"], 0);
    assert_eq!(report["definitions"], json!([]));
    assert_eq!(report["input_errors"], json!([]));
    let no_log = check(&definitions(&[("loss", r"loss=(\d+)")]), "", None);
    assert_eq!(no_log["definitions"][0]["summary"]["count"], 0);
    assert_eq!(no_log["definitions"][0]["captures"], json!([]));
}

#[wasm_bindgen_test]
fn version_is_the_crate_version() {
    assert_eq!(version(), env!("CARGO_PKG_VERSION"));
}

fn read(value: JsValue) -> Value {
    assert!(value.is_object(), "a plain JS object");
    serde_wasm_bindgen::from_value(value).expect("reads as JSON")
}

#[wasm_bindgen_test]
fn explain_gives_the_tree_with_group_numbers() {
    let v = read(explain(r"'loss': ([0-9]+(.|e\-)[0-9]+),?").into());
    assert_eq!(v["error"], Value::Null);
    let tree = &v["tree"];
    assert_eq!(tree["kind"], "pattern");
    assert_eq!(tree["children"][0]["text"], "literal \"'loss': \"");
    let group1 = &tree["children"][1];
    assert_eq!(group1["group"], json!({ "index": 1, "name": null }));
    assert_eq!(group1["text"], "group 1 — the value SageMaker records");
    assert_eq!(group1["span"]["start_utf16"], 8);
    assert_eq!(group1["children"][1]["group"]["index"], 2);
    assert_eq!(
        group1["children"][0]["repeat"],
        json!({ "min": 1, "max": null, "greedy": true })
    );
    // Bad patterns are values, not exceptions.
    let v = read(explain("(?<=x)(\\d+").into());
    assert_eq!(v["tree"], Value::Null);
    assert_eq!(v["error"]["code"], "unsupported-look-around");
    let v = read(explain("").into());
    assert_eq!(v["tree"]["children"][0]["kind"], "empty");
}

#[wasm_bindgen_test]
fn inspect_line_gives_every_group_or_why_not() {
    let defs = definitions(&[
        ("loss", r"Loss = ([0-9]+\.[0-9]+);"),
        ("step", r"(?P<name>손실)#011(\d+)"),
    ]);
    let v = read(inspect_line(&defs, "Loss = 16; 손실\t42", None).into());
    assert_eq!(v["line"], Value::Null);
    assert_eq!(v["escape"], true);
    let loss = &v["definitions"][0];
    assert_eq!(loss["matched"], false);
    assert_eq!(loss["failed"]["pattern"]["start_utf16"], 14);
    assert_eq!(loss["failed"]["line"]["start_utf16"], 9);
    assert_eq!(
        loss["failed"]["message"],
        "expected \".\" after \"Loss = 16\", found \";\""
    );
    let step = &v["definitions"][1];
    assert_eq!(step["matched"], true);
    assert_eq!(step["value"], Value::Null);
    assert_eq!(step["reason"], "not-a-number");
    assert_eq!(step["groups"][0]["text"], "손실#01142");
    // "Loss = 16; " is 11 units; the #011 match covers the one TAB.
    assert_eq!(
        step["groups"][0]["span"],
        json!({ "start": 11, "end": 20, "start_utf16": 11, "end_utf16": 16 })
    );
    assert_eq!(step["groups"][1]["name"], "name");
    assert_eq!(step["groups"][2]["text"], "42");
    // Escaping off: the TAB is a TAB, and the pattern's #011 fails at "#".
    let off = js(&json!({ "escape": false })).unchecked_into::<JsInspectOptions>();
    let v = read(inspect_line(&defs, "Loss = 16; 손실\t42", Some(off)).into());
    let step = &v["definitions"][1];
    assert_eq!(step["matched"], false);
    assert_eq!(step["failed"]["found"], "a TAB");
    assert_eq!(step["failed"]["pattern"]["start_utf16"], 12);
    assert!(step["failed"]["note"]
        .as_str()
        .unwrap_or_default()
        .starts_with("CloudWatch escaping is off"));
    // Nonsense in, a value out.
    let odd = js(&json!({ "escape": "yes" })).unchecked_into::<JsInspectOptions>();
    let v = read(inspect_line("not definitions", "line", Some(odd)).into());
    assert_eq!(v["definitions"], json!([]));
    assert!(!v["input_errors"].as_array().unwrap().is_empty());
}

fn get(object: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(object, &JsValue::from_str(key)).unwrap()
}

/// The worker's session: the log read once (cut mid-character), an edit runs at
/// once on the kept log, only new results come with captures and typed-array
/// columns, and the report equals `evaluate`'s.
#[wasm_bindgen_test]
fn a_session_keeps_the_log_and_hands_on_only_new_results() {
    let log = "손실 loss=0.5 acc=1\nstep 2 loss=0.25\r\nacc=nan\n";
    let first = definitions(&[("loss", r"loss=([0-9.]+)"), ("acc", r"acc=(\w+)")]);
    let mut session = JsSession::new();
    session.set_options(js(&json!({ "maxCaptures": 5, "maxColumns": 100 })));
    session.reset_log();
    assert_eq!(session.set_definitions(&first), 2);
    session.begin_pass(true);
    let cut = 3; // inside the first Korean character
    session.push(&log.as_bytes()[..cut]);
    session.push(&log.as_bytes()[cut..]);
    session.end_pass();
    assert!(session.keeps_log());
    let result: JsValue = session.result().into();
    let options = Some(json!({ "maxCaptures": 5 }));
    assert_eq!(
        read(get(&result, "report")),
        check(&first, log, options.clone())
    );
    assert_eq!(read(get(&result, "fresh")), json!([true, true]));
    let columns = get(&get(&result, "columns"), "0");
    let lines = get(&columns, "line")
        .dyn_into::<js_sys::Uint32Array>()
        .unwrap();
    assert_eq!(lines.to_vec(), [1, 2]);
    let starts = get(&columns, "matchStart")
        .dyn_into::<js_sys::Uint32Array>()
        .unwrap();
    assert_eq!(
        starts.to_vec(),
        [3, 7],
        "UTF-16 offsets in the line as pasted"
    );
    let chart = get(&get(&columns, "chart"), "line")
        .dyn_into::<js_sys::Uint32Array>()
        .unwrap();
    assert_eq!(chart.to_vec(), [1, 2], "the counted values for a chart");
    let kinds = get(&get(&get(&result, "columns"), "1"), "kind");
    let kinds = kinds.dyn_into::<js_sys::Uint8Array>().unwrap();
    assert_eq!(kinds.to_vec(), [0, 3], "acc=nan is dropped: not a number");

    // An edit to one definition: no pass needed, only it is new.
    let edited = definitions(&[("loss", r"loss=([0-9.]+)"), ("acc", r"acc=([0-9]+)")]);
    assert_eq!(session.set_definitions(&edited), 0);
    let result: JsValue = session.result().into();
    assert_eq!(read(get(&result, "fresh")), json!([false, true]));
    assert!(get(&get(&result, "columns"), "0").is_null());
    let mut expected = check(&edited, log, options);
    expected["definitions"][0]["captures"] = json!([]);
    assert_eq!(read(get(&result, "report")), expected);
}

/// A big file read by two workers: the second session's part crosses as a JS
/// value (copied as `postMessage` copies it) and, added to the first
/// session's, gives one pass's results; values of the wrong shape are refused
/// without a trap. The fast engine alone has it (`make test-wasm` runs this with
/// `--features fast` in Node).
#[cfg(feature = "fast")]
#[wasm_bindgen_test]
fn a_part_read_by_a_second_session_adds_up_to_one_pass() {
    let log = "loss=1 é\nacc=2\nloss=nan\n#011loss=3\nacc=4\nloss=0.5\n";
    let defs = definitions(&[("loss", r"loss=(\S+)"), ("acc", r"acc=(\d)"), ("bad", r"(")]);
    let read_part = |s: &mut JsSession, text: &str| {
        s.set_options(js(&json!({ "maxCaptures": 2, "maxColumns": 100 })));
        s.set_definitions(&defs);
        s.reset_log();
        s.begin_pass(false);
        s.push(text.as_bytes());
        s.end_pass();
    };
    let mut whole = JsSession::new();
    read_part(&mut whole, log);
    let split = log.find("#011").unwrap_or(0);
    let (mut first, mut second) = (JsSession::new(), JsSession::new());
    read_part(&mut first, &log[..split]);
    read_part(&mut second, &log[split..]);
    let handed = second.take_part();
    assert_eq!(
        second.lines(),
        0.0,
        "the second session is left with no log"
    );
    // What postMessage does to it.
    let copied = js_sys::JSON::parse(&String::from(js_sys::JSON::stringify(&handed).unwrap()))
        .unwrap_or_default();
    // Typed arrays do not survive JSON: refused, nothing added.
    assert!(!first.merge_part(copied));
    for bad in [
        JsValue::NULL,
        JsValue::from(3),
        js(&json!({ "part": { "states": 1 } })),
    ] {
        assert!(!first.merge_part(bad));
    }
    assert!(first.merge_part(handed.clone()));
    assert!(!first.merge_part(handed), "one part only");
    let (got, want): (JsValue, JsValue) = (first.result().into(), whole.result().into());
    assert_eq!(read(get(&got, "report")), read(get(&want, "report")));
    for i in ["0", "1"] {
        let lines = |r: &JsValue| {
            get(&get(&get(r, "columns"), i), "line")
                .dyn_into::<js_sys::Uint32Array>()
                .unwrap()
                .to_vec()
        };
        assert_eq!(lines(&got), lines(&want), "columns of {i}");
    }
    let index = first.line_index();
    let starts = get(&index, "starts")
        .dyn_into::<js_sys::Float64Array>()
        .unwrap();
    assert_eq!(
        starts.to_vec(),
        [1.0, 4.0],
        "a block starts where the parts join"
    );
}
