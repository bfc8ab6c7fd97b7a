//! The `metrex check` contract: arguments, standard input, several logs read
//! as one, the table, `--json`, and the exit statuses 0, 1 and 2.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn metrex() -> Command {
    Command::new(env!("CARGO_BIN_EXE_metrex"))
}

struct Dir(PathBuf);

impl Dir {
    fn new(name: &str) -> Dir {
        let dir = std::env::temp_dir().join(format!("metrex-cli-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        Dir(dir)
    }

    fn file(&self, name: &str, contents: impl AsRef<[u8]>) -> String {
        let path = self.0.join(name);
        std::fs::write(&path, contents).expect("write");
        path.to_string_lossy().into_owned()
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn run(cmd: &mut Command, stdin: &[u8]) -> Output {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("metrex runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin)
        .expect("stdin written");
    child.wait_with_output().expect("metrex finishes")
}

fn json(output: &Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}",
            String::from_utf8_lossy(&output.stdout)
        )
    })
}

const DEFS: &str =
    r#"[{"Name": "loss", "Regex": "Loss = (.*?);"}, {"Name": "acc", "Regex": "acc=([0-9.]+)"}]"#;

#[test]
fn checks_a_log_and_exits_0_when_every_metric_records() {
    let dir = Dir::new("ok");
    let defs = dir.file("defs.json", DEFS);
    let log = dir.file("train.log", "Loss = 1.5; acc=0.5\nLoss = 0.75; acc=0.625\n");
    let out = run(metrex().args(["check", &defs, &log]), b"");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("loss"), "{stdout}");
    assert!(stdout.contains("0.75"), "{stdout}");
    assert!(
        stdout.contains("2 definitions, 2 lines scanned"),
        "{stdout}"
    );
}

#[test]
fn json_report_and_exit_1_when_a_metric_records_nothing() {
    let dir = Dir::new("json");
    let defs = dir.file("defs.json", DEFS);
    let log = dir.file("train.log", "Loss = 1.5;\n");
    let out = run(metrex().args(["check", "--json", &defs, &log]), b"");
    assert_eq!(out.status.code(), Some(1));
    let report = json(&out);
    assert_eq!(report["version"], 1);
    assert_eq!(report["definitions"][0]["summary"]["final"], 1.5);
    assert_eq!(
        report["definitions"][0]["captures"][0]["group"]["start_utf16"],
        7
    );
    assert_eq!(report["definitions"][1]["summary"]["count"], 0);
    assert_eq!(report["definitions"][1]["warnings"][0]["code"], "no-match");
}

#[test]
fn reads_the_log_from_stdin_and_joins_several_logs_like_cat() {
    let dir = Dir::new("stdin");
    let defs = dir.file("defs.json", r#"[{"Name": "v", "Regex": "v=([0-9]+)$"}]"#);
    let out = run(metrex().args(["check", "--json", &defs]), b"v=1\nv=2\n");
    assert_eq!(json(&out)["definitions"][0]["summary"]["final"], 2.0);
    let out = run(metrex().args(["check", "--json", &defs, "-"]), b"v=3\n");
    assert_eq!(json(&out)["definitions"][0]["summary"]["final"], 3.0);
    // The first file has no final LF: its last line continues in the second.
    let a = dir.file("a.log", "v=1\nv=");
    let b = dir.file("b.log", "42\n");
    let out = run(metrex().args(["check", "--json", &defs, &a, &b]), b"");
    let report = json(&out);
    assert_eq!(report["lines"], 2);
    assert_eq!(report["definitions"][0]["captures"][1]["line"], 2);
    assert_eq!(report["definitions"][0]["summary"]["final"], 42.0);
}

#[test]
fn escaping_can_be_turned_off() {
    let dir = Dir::new("escape");
    let defs = dir.file(
        "defs.json",
        r##"[{"Name": "e", "Regex": "#011error:([0-9.]+)"}]"##,
    );
    let log = dir.file("x.log", "[0]\terror:0.5\n");
    let on = run(metrex().args(["check", "--json", &defs, &log]), b"");
    assert_eq!(json(&on)["definitions"][0]["summary"]["count"], 1);
    let off = run(
        metrex().args(["check", "--json", "--no-escape", &defs, &log]),
        b"",
    );
    assert_eq!(json(&off)["definitions"][0]["summary"]["count"], 0);
    assert_eq!(json(&off)["escape"], false);
    assert_eq!(off.status.code(), Some(1));
}

#[test]
fn objective_from_flags() {
    let dir = Dir::new("objective");
    let defs = dir.file("defs.json", DEFS);
    let log = dir.file(
        "t.log",
        "Loss = 3; acc=0.5\nLoss = 1; acc=0.9\nLoss = 2; acc=0.7\n",
    );
    let out = run(
        metrex().args([
            "check",
            "--json",
            "--objective",
            "loss",
            "--minimize",
            &defs,
            &log,
        ]),
        b"",
    );
    let objective = &json(&out)["objective"];
    assert_eq!(objective["direction"], "Minimize");
    assert_eq!(objective["final"], 2.0);
    assert_eq!(objective["best"], 1.0);
    assert_eq!(objective["best_line"], 2);
    assert_eq!(out.status.code(), Some(0));
    let table = run(
        metrex().args(["check", "--objective", "acc", "--maximize", &defs, &log]),
        b"",
    );
    let stdout = String::from_utf8_lossy(&table.stdout);
    assert!(
        stdout.contains("objective acc (Maximize): final 0.7"),
        "{stdout}"
    );
    // Missing from the definitions: exit 1 and a finding.
    let out = run(
        metrex().args([
            "check",
            "--json",
            "--objective",
            "f1",
            "--maximize",
            &defs,
            &log,
        ]),
        b"",
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(json(&out)["warnings"][0]["code"], "objective-missing");
}

#[test]
fn usage_errors_exit_2() {
    let dir = Dir::new("usage");
    let defs = dir.file("defs.json", DEFS);
    let out = run(metrex().args(["check", &defs, "/no/such/file.log"]), b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/no/such/file.log"));
    let out = run(metrex().args(["check", "/no/such/defs.json", "-"]), b"");
    assert_eq!(out.status.code(), Some(2));
    let out = run(
        metrex().args(["check", "--objective", "loss", &defs, "-"]),
        b"",
    );
    assert_eq!(out.status.code(), Some(2));
    let out = run(metrex().args(["check", "--bogus", &defs]), b"");
    assert_eq!(out.status.code(), Some(2));
    let out = run(metrex().args(["check", "-", "-"]), b"");
    assert_eq!(out.status.code(), Some(2));
    let latin1 = dir.file(
        "latin1.json",
        b"[{\"Name\": \"p\xe9\", \"Regex\": \"(1)\"}]",
    );
    let out = run(metrex().args(["check", &latin1, "-"]), b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not UTF-8"));
}

#[test]
fn bad_definitions_are_explained_with_carets() {
    let dir = Dir::new("bad");
    let defs = dir.file(
        "defs.json",
        "[\n  {\"Name\": \"loss\", \"Regex\": \"Loss = ([0-9.]+;\"},\n  {\"Name\": \"acc\", \"Regex\": \"acc=([0-9.]+)\"}\n]\n",
    );
    let log = dir.file("t.log", "acc=0.5\n");
    let out = run(metrex().args(["check", &defs, &log]), b"");
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("error[syntax] loss: unclosed group"),
        "{stdout}"
    );
    assert!(
        stdout.contains("    Loss = ([0-9.]+;\n           ^\n"),
        "{stdout}"
    );
    // The good neighbour still ran.
    assert!(
        stdout
            .lines()
            .any(|l| l.starts_with("acc") && l.contains("0.5")),
        "{stdout}"
    );
    // Unreadable JSON points at line and column.
    let broken = dir.file(
        "broken.json",
        "[\n  {\"Name\": \"loss\" \"Regex\": \"(1)\"}\n]\n",
    );
    let out = run(metrex().args(["check", &broken, &log]), b"");
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("broken.json:2:"), "{stdout}");
}

#[test]
fn python_sdk_definitions_work_end_to_end() {
    let dir = Dir::new("python");
    let defs = dir.file(
        "train.py",
        "estimator = Estimator(\n    image_uri=image,  # the image\n    metric_definitions=[\n        {'Name': 'train:error', 'Regex': r'#011train-error:([0-9.]+)'},\n    ],\n)\n",
    );
    let log = dir.file("t.log", "[0]\ttrain-error:0.25\n");
    let out = run(metrex().args(["check", "--json", &defs, &log]), b"");
    let report = json(&out);
    assert_eq!(report["format"], "python");
    assert_eq!(report["definitions"][0]["summary"]["final"], 0.25);
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn max_captures_and_all_matches() {
    let dir = Dir::new("caps");
    let defs = dir.file("defs.json", r#"[{"Name": "v", "Regex": "v=([0-9]+)"}]"#);
    let log: String = (0..30).map(|i| format!("v={i} v=99\n")).collect();
    let log = dir.file("t.log", log);
    let out = run(
        metrex().args([
            "check",
            "--json",
            "--max-captures",
            "5",
            "--all-matches",
            &defs,
            &log,
        ]),
        b"",
    );
    let d = &json(&out)["definitions"][0];
    assert_eq!(d["captures"].as_array().map(Vec::len), Some(5));
    assert_eq!(d["captures_omitted"], 25);
    assert_eq!(d["ignored"].as_array().map(Vec::len), Some(5));
    assert_eq!(d["ignored"][0]["value"], 99.0);
    assert_eq!(d["summary"]["count"], 30);
}

/// A notebook cell written for the SageMaker Python SDK v3.
const V3_CELL: &str = r#"from sagemaker.train import ModelTrainer
from sagemaker.train.configs import SourceCode, Compute
from sagemaker.core.shapes import MetricDefinition

metric_definitions = [
    MetricDefinition(name="train:loss", regex=r"train_loss=([0-9.]+)"),
    MetricDefinition("val:accuracy", r"val_acc=([0-9.]+)"),
]
trainer = ModelTrainer(
    training_image=image,
    source_code=SourceCode(source_dir="src", entry_script="train.py"),
    compute=Compute(instance_type="ml.g5.xlarge", instance_count=1),
).with_metric_definitions(metric_definitions)
trainer.train()
"#;

const V3_LOG: &str = "epoch 1 train_loss=0.91 val_acc=0.71\nepoch 2 train_loss=0.52 val_acc=0.83\n";

#[test]
fn sdk_v3_cell_exits_0() {
    let dir = Dir::new("v3");
    let defs = dir.file("defs.py", V3_CELL);
    let log = dir.file("train.log", V3_LOG);
    let out = run(metrex().args(["check", &defs, &log]), b"");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("train:loss"), "{stdout}");
    assert!(!stdout.contains("error"), "{stdout}");
    let out = run(metrex().args(["check", "--json", &defs, &log]), b"");
    assert_eq!(out.status.code(), Some(0));
    let report = json(&out);
    assert_eq!(report["format"], "python-sdk-v3");
    assert_eq!(report["definitions"][1]["name"], "val:accuracy");
    assert_eq!(report["definitions"][1]["summary"]["final"], 0.83);
    assert_eq!(report["warnings"], serde_json::json!([]));
}

#[test]
fn a_long_ordinary_sdk_file_exits_0() {
    let defs = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/ordinary_sdk.py");
    let log = "train_loss=0.5 val_loss=0.4 val_acc=0.9\naccuracy: 0.8\n'loss': 0.3, 'eval_accuracy': 0.7\n\
               Loss: 1.5\nvalidation-auc:0.93\n";
    let out = run(
        metrex().args(["check", "--json", defs, "-"]),
        log.as_bytes(),
    );
    let report = json(&out);
    assert_eq!(out.status.code(), Some(0), "{report:#}");
    assert_eq!(report["definitions"].as_array().map(Vec::len), Some(8));
}

#[test]
fn a_misspelled_keyword_exits_1_and_points_at_it() {
    let dir = Dir::new("misspelled");
    let cell = V3_CELL.replace(
        ").with_metric_definitions(metric_definitions)",
        ")\nest = SKLearn(entry_point='train.py', role=role,\n    metric_definitons=[{'Name': 'sk:loss', 'Regex': 'train_loss=([0-9.]+)'}])",
    );
    let defs = dir.file("defs.py", &cell);
    let log = dir.file("train.log", V3_LOG);
    let out = run(metrex().args(["check", &defs, &log]), b"");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains(
            "error[misspelled-keyword] `metric_definitons` is not a SageMaker SDK keyword"
        ),
        "{stdout}"
    );
    assert!(stdout.contains("defs.py:15:5\n"), "{stdout}");
    assert!(
        stdout.contains("\n        metric_definitons=[{'Name'")
            && stdout.contains("\n        ^^^^^^^^^^^^^^^^^\n"),
        "{stdout}"
    );
    // Its metric records values on the log, and is still not "ok".
    let row = stdout
        .lines()
        .find(|l| l.starts_with("sk:loss"))
        .unwrap_or_default();
    assert!(row.ends_with("error: misspelled-keyword"), "{row}");

    let out = run(metrex().args(["check", "--json", &defs, &log]), b"");
    assert_eq!(out.status.code(), Some(1));
    let report = json(&out);
    let finding = &report["warnings"][0];
    assert_eq!(finding["code"], "misspelled-keyword");
    assert_eq!(finding["severity"], "error");
    assert_eq!(finding["location"]["line"], 15);
    assert_eq!(finding["location"]["column"], 5);
    let sk = &report["definitions"][2];
    assert_eq!(sk["name"], "sk:loss");
    assert_eq!(sk["summary"]["count"], 2);
    assert_eq!(sk["warnings"][0]["code"], "misspelled-keyword");
    assert_eq!(sk["warnings"][0]["location"]["line"], 15);
}

#[test]
fn a_misspelled_aws_key_exits_1() {
    let dir = Dir::new("misspelled-key");
    let defs = dir.file(
        "job.json",
        r#"{"AlgorithmSpecification": {"TrainingImage": "img", "TrainingInputMode": "File",
  "MetricDefinition": [{"Name": "loss", "Regex": "train_loss=([0-9.]+)"}]}}"#,
    );
    let log = dir.file("train.log", V3_LOG);
    let out = run(metrex().args(["check", "--json", &defs, &log]), b"");
    assert_eq!(out.status.code(), Some(1));
    let report = json(&out);
    assert_eq!(report["format"], "aws-json");
    assert_eq!(report["input_errors"], serde_json::json!([]));
    assert_eq!(report["warnings"][0]["code"], "misspelled-key");
    assert_eq!(report["warnings"][0]["location"]["line"], 2);
    assert_eq!(report["warnings"][0]["location"]["column"], 3);
    assert_eq!(report["definitions"][0]["summary"]["count"], 2);
    // Spelled right, the same document passes.
    let fixed = std::fs::read_to_string(&defs)
        .unwrap_or_default()
        .replace("MetricDefinition\"", "MetricDefinitions\"");
    let defs = dir.file("fixed.json", fixed);
    let out = run(metrex().args(["check", "--json", &defs, &log]), b"");
    assert_eq!(out.status.code(), Some(0), "{:#}", json(&out));
}

#[test]
fn explain_prints_the_tree_in_words() {
    let out = run(metrex().args(["explain", "Loss = (.*?);"]), b"");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert_eq!(
        stdout,
        "Loss = (.*?);  the whole match (group 0)\n\
         \x20 Loss =       literal \"Loss = \"\n\
         \x20 (.*?)        group 1 — the value SageMaker records: any character except a line break, zero or more times, as few as possible\n\
         \x20 ;            then \";\"\n"
    );
}

#[test]
fn explain_json_gives_regex_error_and_tree() {
    let out = run(
        metrex().args(["explain", "--json", r"(?P<step>\d+): (x|y)"]),
        b"",
    );
    assert_eq!(out.status.code(), Some(0));
    let v = json(&out);
    assert_eq!(v["regex"], r"(?P<step>\d+): (x|y)");
    assert!(v["error"].is_null());
    let tree = &v["tree"];
    assert_eq!(tree["kind"], "pattern");
    let group = &tree["children"][0];
    assert_eq!(group["kind"], "group");
    assert_eq!(group["group"]["index"], 1);
    assert_eq!(group["group"]["name"], "step");
    assert_eq!(group["span"]["start"], 0);
    assert_eq!(group["span"]["end_utf16"], 13);
    assert_eq!(group["children"][0]["kind"], "repetition");
    assert_eq!(tree["children"][2]["group"]["index"], 2);
    assert!(tree["children"][2]["group"]["name"].is_null());

    let out = run(metrex().args(["explain", "--json", "(unclosed"]), b"");
    assert_eq!(out.status.code(), Some(1));
    let v = json(&out);
    assert!(v["tree"].is_null());
    assert_eq!(v["error"]["code"], "syntax");
}

const WHY_DEFS: &str = r#"[{"Name": "loss", "Regex": "Loss = ([0-9]+\\.[0-9]+);"},
  {"Name": "iter", "Regex": "Iteration (?P<it>\\d+)"}]"#;

#[test]
fn why_shows_every_group_or_where_a_pattern_fails() {
    let dir = Dir::new("why");
    let defs = dir.file("defs.json", WHY_DEFS);
    // Two logs read as one: line 2 spans both files.
    let a = dir.file("a.log", "Loss = 1.5; Iteration 1\nLoss = 1");
    let b = dir.file("b.log", "6; Iteration 2\n");
    let out = run(
        metrex().args(["why", &defs, &a, &b, "--line", "2", "--json"]),
        b"",
    );
    assert_eq!(out.status.code(), Some(1));
    let v = json(&out);
    assert_eq!(v["line"], 2);
    assert_eq!(v["text"], "Loss = 16; Iteration 2");
    let loss = &v["definitions"][0];
    assert_eq!(loss["matched"], false);
    assert_eq!(loss["failed"]["pattern"]["start"], 14);
    assert_eq!(loss["failed"]["pattern"]["start_utf16"], 14);
    assert_eq!(loss["failed"]["line"]["start"], 9);
    assert_eq!(loss["failed"]["expected"], "\".\"");
    assert_eq!(loss["failed"]["found"], "\";\"");
    let iter = &v["definitions"][1];
    assert_eq!(iter["matched"], true);
    assert_eq!(iter["value"], 2.0);
    assert_eq!(iter["groups"][0]["index"], 0);
    assert_eq!(iter["groups"][0]["text"], "Iteration 2");
    assert_eq!(iter["groups"][1]["name"], "it");
    assert_eq!(iter["groups"][1]["span"]["start"], 21);
    assert_eq!(iter["groups"][1]["span"]["end_utf16"], 22);

    // Every definition records on line 1: exit 0; the words are in the table.
    let out = run(metrex().args(["why", &defs, &a, "--line", "1"]), b"");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("loss: records 1.5"), "{stdout}");
    assert!(
        stdout.contains("group 1 \"it\": \"1\" at 22..23"),
        "{stdout}"
    );

    let out = run(metrex().args(["why", &defs, &a, &b, "--line", "2"]), b"");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("expected \".\" after \"Loss = 16\", found \";\""),
        "{stdout}"
    );
}

#[test]
fn why_reads_the_log_from_stdin_and_says_when_escaping_is_the_cause() {
    let dir = Dir::new("why-stdin");
    let defs = dir.file(
        "defs.json",
        r#"[{"Name": "train:error", "Regex": "\\[[0-9]+\\]#011train-error:(\\S+)"}]"#,
    );
    let log = b"[0]\ttrain-error:0.25\n";
    let out = run(metrex().args(["why", &defs, "--line", "1"]), log);
    assert_eq!(out.status.code(), Some(0));
    let out = run(
        metrex().args(["why", &defs, "-", "--line", "1", "--no-escape", "--json"]),
        log,
    );
    assert_eq!(out.status.code(), Some(1));
    let v = json(&out);
    let failed = &v["definitions"][0]["failed"];
    assert_eq!(failed["pattern"]["start"], 10);
    assert_eq!(failed["line"]["start"], 3);
    assert_eq!(failed["found"], "a TAB");
    assert!(failed["note"]
        .as_str()
        .unwrap_or_default()
        .starts_with("CloudWatch escaping is off"));
}

#[test]
fn why_usage_errors_exit_2() {
    let dir = Dir::new("why-usage");
    let defs = dir.file("defs.json", WHY_DEFS);
    let log = dir.file("train.log", "one\ntwo\n");
    let out = run(metrex().args(["why", &defs, &log, "--line", "3"]), b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("line 3 is past the end of the log (2 lines)"));
    let out = run(metrex().args(["why", &defs, &log, "--line", "0"]), b"");
    assert_eq!(out.status.code(), Some(2));
    let out = run(metrex().args(["why", &defs, &log]), b"");
    assert_eq!(out.status.code(), Some(2));
    let out = run(metrex().args(["why", "-", "--line", "1"]), b"");
    assert_eq!(out.status.code(), Some(2));
}
