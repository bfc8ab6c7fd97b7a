//! Reading metric definitions from what users paste: JSON lists, AWS API
//! documents, Python SDK code — including the AWS documentation's own
//! examples, broken inputs, and large ones.

use metrex::input::*;

fn parse(text: &str) -> ParsedInput {
    parse_definitions(text)
}

/// `(name, regex)` of every definition.
fn pairs(parsed: &ParsedInput) -> Vec<(&str, &str)> {
    parsed
        .definitions
        .iter()
        .map(|d| (d.name.as_str(), d.regex.as_str()))
        .collect()
}

fn names(parsed: &ParsedInput) -> Vec<&str> {
    parsed.definitions.iter().map(|d| d.name.as_str()).collect()
}

/// `(line, column, message)` of every error.
fn errors(parsed: &ParsedInput) -> Vec<(usize, usize, &str)> {
    parsed
        .errors
        .iter()
        .map(|e| (e.location.line, e.location.column, e.message.as_str()))
        .collect()
}

#[track_caller]
fn assert_clean(parsed: &ParsedInput) {
    assert!(
        parsed.errors.is_empty(),
        "unexpected errors: {:#?}",
        parsed.errors
    );
}

/// The text the location of a definition covers.
fn covered<'a>(text: &'a str, d: &Definition) -> &'a str {
    let l = d
        .location
        .expect("definitions from a document have a location");
    &text[l.start..l.end]
}

const XGBOOST_TRAIN: &str = r".*\[[0-9]+\]#011train-error:(\S+).*";
const XGBOOST_VALIDATION: &str = r".*\[[0-9]+\]#011validation-error:(\S+).*";

// ----- JSON lists -----

#[test]
fn json_list_api_casing() {
    let text = r#"[{"Name": "loss", "Regex": "Loss = (.*?);"}, {"Name": "acc", "Regex": "acc=([0-9.]+)"}]"#;
    let parsed = parse(text);
    assert_clean(&parsed);
    assert_eq!(parsed.format, Format::JsonList);
    assert_eq!(
        pairs(&parsed),
        [("loss", "Loss = (.*?);"), ("acc", "acc=([0-9.]+)")]
    );
    assert_eq!(parsed.objective, None);
    assert_eq!(
        covered(text, &parsed.definitions[0]),
        r#"{"Name": "loss", "Regex": "Loss = (.*?);"}"#
    );
}

#[test]
fn json_list_lowercase_keys() {
    let parsed = parse(r#"[{"name": "loss", "regex": "Loss = (.*?);"}]"#);
    assert_clean(&parsed);
    assert_eq!(pairs(&parsed), [("loss", "Loss = (.*?);")]);
}

#[test]
fn aws_docs_example_with_trailing_commas_and_prefix() {
    // Verbatim from "Define Metrics" in the SageMaker developer guide.
    let text = r#"=[ { "Name": "loss", "Regex": "Loss = (.*?);", }, { "Name": "ganloss", "Regex": "GAN_loss=(.*?);", }, { "Name": "discloss", "Regex": "disc_train_loss=(.*?);", }, { "Name": "disc-combined", "Regex": "disc-combined=(.*?);", }, ]"#;
    let parsed = parse(text);
    assert_clean(&parsed);
    assert_eq!(parsed.format, Format::JsonList);
    assert_eq!(
        pairs(&parsed),
        [
            ("loss", "Loss = (.*?);"),
            ("ganloss", "GAN_loss=(.*?);"),
            ("discloss", "disc_train_loss=(.*?);"),
            ("disc-combined", "disc-combined=(.*?);"),
        ]
    );
    // The same list without the `=` prefix is a plain JSON list.
    let parsed = parse(&text[1..]);
    assert_clean(&parsed);
    assert_eq!(parsed.format, Format::JsonList);
    assert_eq!(parsed.definitions.len(), 4);
}

#[test]
fn assignment_prefixes_are_skipped() {
    for prefix in [
        "metric_definitions = ",
        "MetricDefinitions = ",
        "MetricDefinitions=",
    ] {
        let text = format!(r#"{prefix}[{{"Name": "loss", "Regex": "Loss = (.*?);"}},]"#);
        let parsed = parse(&text);
        assert_clean(&parsed);
        assert_eq!(pairs(&parsed), [("loss", "Loss = (.*?);")], "{text}");
    }
}

#[test]
fn the_whole_docs_page_pasted() {
    let text = "Define Metrics\nWhen you use one of the Amazon SageMaker built-in algorithms, you don't need to define metrics.\n\
        The following example defines 4 metrics:\n\
        =[ { \"Name\": \"loss\", \"Regex\": \"Loss = (.*?);\", }, { \"Name\": \"ganloss\", \"Regex\": \"GAN_loss=(.*?);\", }, ]\n\
        The following is an example of the log that the algorithm writes:\n\
        GAN_loss=0.138318; Scaled_reg=2.654134; disc:[-0.017371,0.102429] real 93.3% gen 0.0% Loss = 16.020744;\n";
    let parsed = parse(text);
    assert_clean(&parsed);
    assert_eq!(names(&parsed), ["loss", "ganloss"]);
    assert_eq!(
        parsed.definitions[0].location.map(|l| (l.line, l.column)),
        Some((4, 4))
    );
}

#[test]
fn xgboost_json_escapes() {
    // From "Define Training Metrics (Low-level API)": the docs' fragment,
    // with its `ContainerName` placeholder.
    let text = r#""AlgorithmSpecification": {
        "TrainingImage": ContainerName,
        "TrainingInputMode": "File",
        "MetricDefinitions" : [
            {
            "Name": "train:error",
            "Regex": ".*\\[[0-9]+\\]#011train-error:(\\S+).*"
        },
             {
            "Name": "validation:error",
            "Regex": ".*\\[[0-9]+\\]#011validation-error:(\\S+).*"
        }
        
    ]}"#;
    let parsed = parse(text);
    assert_clean(&parsed);
    assert_eq!(parsed.format, Format::AwsJson);
    assert_eq!(
        pairs(&parsed),
        [
            ("train:error", XGBOOST_TRAIN),
            ("validation:error", XGBOOST_VALIDATION)
        ]
    );
    // Wrapped in braces it is a document of its own.
    let parsed = parse(&format!("{{{text}}}"));
    assert_clean(&parsed);
    assert_eq!(parsed.format, Format::AwsJson);
    assert_eq!(parsed.definitions.len(), 2);
}

#[test]
fn every_json_escape() {
    let text =
        r#"[{"Name": "e", "Regex": "q\" b\\ s\/ \b\f\n\r\t \u0041\u00e9\u20ac \ud83d\ude00"}]"#;
    let parsed = parse(text);
    assert_clean(&parsed);
    assert_eq!(
        parsed.definitions[0].regex,
        "q\" b\\ s/ \u{8}\u{c}\n\r\t A\u{e9}\u{20ac} \u{1f600}"
    );
}

#[test]
fn json_comments_are_skipped() {
    let text =
        "[\n  // the loss\n  {\"Name\": \"loss\", /* inline */ \"Regex\": \"L=(\\\\d+)\"}\n]";
    let parsed = parse(text);
    assert_clean(&parsed);
    assert_eq!(parsed.format, Format::JsonList);
    assert_eq!(pairs(&parsed), [("loss", r"L=(\d+)")]);
}

#[test]
fn invalid_json_escape_points_at_it_and_keeps_neighbours() {
    let text = "[\n  {\"Name\": \"a\", \"Regex\": \"a=(\\d+)\"},\n  {\"Name\": \"b\", \"Regex\": \"b=([0-9]+)\"}\n]";
    let parsed = parse(text);
    assert_eq!(parsed.format, Format::JsonList);
    assert_eq!(names(&parsed), ["b"]);
    assert_eq!(
        errors(&parsed),
        [(
            2,
            30,
            r"invalid escape `\d` in a JSON string: in JSON a backslash must be doubled: write `\\d`"
        )]
    );
    let at = parsed.errors[0].location;
    assert_eq!(&text[at.start..at.end], r"\d");
}

#[test]
fn json_string_errors() {
    let cases: &[(&str, &str, usize)] = &[
        (
            r#"[{"Name": "a", "Regex": "\x41"}]"#,
            "invalid escape `\\x`",
            26,
        ),
        (
            r#"[{"Name": "a", "Regex": "\u12"}]"#,
            "invalid `\\u` escape",
            26,
        ),
        (
            r#"[{"Name": "a", "Regex": "\ud83d"}]"#,
            "lone surrogate `\\ud83d`",
            26,
        ),
        (
            "[{\"Name\": \"a\", \"Regex\": \"tab\there\"}]",
            "control character TAB",
            29,
        ),
        (
            r#"[{"Name": "a", "Regex": "it\'s"}]"#,
            "a single quote needs no escape",
            28,
        ),
    ];
    for (text, message, column) in cases {
        let parsed = parse(text);
        assert!(parsed.definitions.is_empty(), "{text}");
        assert_eq!(parsed.errors.len(), 1, "{text}: {:#?}", parsed.errors);
        assert!(
            parsed.errors[0].message.contains(message),
            "{text}: {:#?}",
            parsed.errors
        );
        assert_eq!(parsed.errors[0].location.line, 1);
        assert_eq!(parsed.errors[0].location.column, *column, "{text}");
    }
}

// ----- AWS documents -----

const DESCRIBE_TUNING_JOB: &str = r#"{
    "HyperParameterTuningJobName": "xgboost-tuningjob-14-23-31-44",
    "HyperParameterTuningJobArn": "arn:aws:sagemaker:us-east-1:123456789012:hyper-parameter-tuning-job/xgboost-tuningjob-14-23-31-44",
    "HyperParameterTuningJobConfig": {
        "Strategy": "Bayesian",
        "HyperParameterTuningJobObjective": {
            "Type": "Minimize",
            "MetricName": "validation:error"
        },
        "ResourceLimits": {"MaxNumberOfTrainingJobs": 20, "MaxParallelTrainingJobs": 3},
        "ParameterRanges": {
            "IntegerParameterRanges": [],
            "ContinuousParameterRanges": [
                {"Name": "eta", "MinValue": "0", "MaxValue": "1", "ScalingType": "Auto"}
            ],
            "CategoricalParameterRanges": []
        },
        "TrainingJobEarlyStoppingType": "Off"
    },
    "TrainingJobDefinition": {
        "StaticHyperParameters": {"_tuning_objective_metric": "validation:error", "num_round": "100"},
        "AlgorithmSpecification": {
            "TrainingImage": "811284229777.dkr.ecr.us-east-1.amazonaws.com/xgboost:1",
            "TrainingInputMode": "File",
            "MetricDefinitions": [
                {"Name": "train:error", "Regex": ".*\\[[0-9]+\\]#011train-error:(\\S+).*"},
                {"Name": "validation:error", "Regex": ".*\\[[0-9]+\\]#011validation-error:(\\S+).*"}
            ]
        },
        "StoppingCondition": {"MaxRuntimeInSeconds": 86400},
        "EnableNetworkIsolation": false
    },
    "HyperParameterTuningJobStatus": "Completed",
    "CreationTime": 1564079634.123,
    "BestTrainingJob": {
        "TrainingJobName": "xgboost-tuningjob-14-23-31-44-017-0ed1e4b6",
        "FinalHyperParameterTuningJobObjectiveMetric": {
            "Type": "Maximize",
            "MetricName": "not-the-objective",
            "Value": 0.0
        },
        "ObjectiveStatus": "Succeeded"
    },
    "OverallBestTrainingJob": null
}"#;

#[test]
fn describe_hyperparameter_tuning_job_response() {
    let parsed = parse(DESCRIBE_TUNING_JOB);
    assert_clean(&parsed);
    assert_eq!(parsed.format, Format::AwsJson);
    assert_eq!(
        pairs(&parsed),
        [
            ("train:error", XGBOOST_TRAIN),
            ("validation:error", XGBOOST_VALIDATION)
        ]
    );
    assert_eq!(
        parsed.objective,
        Some(Objective {
            name: "validation:error".into(),
            direction: Direction::Minimize
        })
    );
}

#[test]
fn create_training_job_request() {
    let text = r#"{
  "TrainingJobName": "my-job",
  "RoleArn": "arn:aws:iam::123456789012:role/SageMakerRole",
  "AlgorithmSpecification": {
    "TrainingImage": "123456789012.dkr.ecr.us-west-2.amazonaws.com/my-algo:latest",
    "TrainingInputMode": "File",
    "MetricDefinitions": [
      {"Name": "loss", "Regex": "Loss = (.*?);"},
      {"Name": "accuracy", "Regex": "Accuracy: ([0-9\\.]+)"}
    ],
    "EnableSageMakerMetricsTimeSeries": true
  },
  "ResourceConfig": {"InstanceType": "ml.m5.xlarge", "InstanceCount": 1, "VolumeSizeInGB": 10},
  "StoppingCondition": {"MaxRuntimeInSeconds": 3600}
}"#;
    let parsed = parse(text);
    assert_clean(&parsed);
    assert_eq!(parsed.format, Format::AwsJson);
    assert_eq!(
        pairs(&parsed),
        [
            ("loss", "Loss = (.*?);"),
            ("accuracy", r"Accuracy: ([0-9\.]+)")
        ]
    );
    assert_eq!(parsed.objective, None);
    let loss = parsed.definitions[0].location.unwrap_or_default();
    assert_eq!((loss.line, loss.column), (8, 7));
}

#[test]
fn describe_training_job_response_ignores_final_metrics() {
    let text = r#"{"TrainingJobName": "j", "AlgorithmSpecification": {"MetricDefinitions": [{"Name": "m", "Regex": "m=(\\d+)"}]},
      "FinalMetricDataList": [{"MetricName": "m", "Value": 1.1987600326538086, "Timestamp": 1.5e9}]}"#;
    let parsed = parse(text);
    assert_clean(&parsed);
    assert_eq!(pairs(&parsed), [("m", r"m=(\d+)")]);
}

#[test]
fn multi_algorithm_tuning_job() {
    let text = r#"{
      "HyperParameterTuningJobConfig": {"Strategy": "Random"},
      "TrainingJobDefinitions": [
        {"DefinitionName": "a",
         "TuningObjective": {"Type": "MAXIMIZE", "MetricName": "acc"},
         "AlgorithmSpecification": {"MetricDefinitions": [
            {"Name": "acc", "Regex": "acc=(\\S+)"}, {"Name": "loss", "Regex": "loss=(\\S+)"}]}},
        {"DefinitionName": "b",
         "TuningObjective": {"Type": "Maximize", "MetricName": "acc"},
         "AlgorithmSpecification": {"MetricDefinitions": [
            {"Name": "acc", "Regex": "acc=(\\S+)"}, {"Name": "f1", "Regex": "f1=(\\S+)"}]}}
      ]
    }"#;
    let parsed = parse(text);
    assert_clean(&parsed);
    assert_eq!(names(&parsed), ["acc", "loss", "f1"]);
    assert_eq!(
        parsed.objective,
        Some(Objective {
            name: "acc".into(),
            direction: Direction::Maximize
        })
    );
}

#[test]
fn objective_type_must_be_a_direction() {
    let text = "{\"HyperParameterTuningJobObjective\": {\"Type\": \"Lowest\", \"MetricName\": \"loss\"},\n\
                \"MetricDefinitions\": [{\"Name\": \"loss\", \"Regex\": \"loss=(\\\\S+)\"}]}";
    let parsed = parse(text);
    assert_eq!(names(&parsed), ["loss"]);
    assert_eq!(parsed.objective, None);
    assert_eq!(
        errors(&parsed),
        [(
            1,
            47,
            "the objective type must be `Maximize` or `Minimize`, found `Lowest`"
        )]
    );
}

// ----- Python -----

#[test]
fn python_sdk_literal() {
    let text = r"[{'Name': 'loss', 'Regex': r'Loss = (.*?);'}]";
    let parsed = parse(text);
    assert_clean(&parsed);
    assert_eq!(parsed.format, Format::Python);
    assert_eq!(pairs(&parsed), [("loss", "Loss = (.*?);")]);
}

#[test]
fn python_escapes_match_python() {
    // Non-raw: `\\[` is `\[`, and unknown escapes such as `\d` keep their backslash.
    let text = r"[{'Name': 'train:error', 'Regex': '.*\\[[0-9]+\\]#011train-error:(\\S+).*'},
                  {'Name': 'plain', 'Regex': 'acc=(\d+\.\d+) \[x\]'},
                  {'Name': 'raw', 'Regex': r'\\d'}]";
    let parsed = parse(text);
    assert_clean(&parsed);
    assert_eq!(
        pairs(&parsed),
        [
            ("train:error", XGBOOST_TRAIN),
            ("plain", r"acc=(\d+\.\d+) \[x\]"),
            ("raw", r"\\d"),
        ]
    );
}

#[test]
fn every_python_escape() {
    let text = concat!(
        "[{'Name': 'e', 'Regex': '",
        r#"\\ \' \" \a\b\f\n\r\t\v \101\7\0 \x41\x7e \N{DEGREE SIGN}\N{em dash} \u00e9\U0001F600 \d\S\[\8 "#,
        "cont\\\ninued'}]"
    );
    let parsed = parse(text);
    assert_clean(&parsed);
    assert_eq!(
        parsed.definitions[0].regex,
        "\\ ' \" \u{7}\u{8}\u{c}\n\r\t\u{b} A\u{7}\0 A~ °— é😀 \\d\\S\\[\\8 continued"
    );
}

#[test]
fn python_raw_strings_keep_backslashes() {
    let text = r#"[{'Name': 'a', 'Regex': r'\d+\'x'}, {'Name': 'b', 'Regex': R"\n"}, {'Name': 'c', 'Regex': Ur'x'}]"#;
    let parsed = parse(text);
    // `Ur'...'` is not Python 3: the third element is a syntax error.
    assert_eq!(pairs(&parsed), [("a", r"\d+\'x"), ("b", r"\n")]);
    assert_eq!(parsed.errors.len(), 1, "{:#?}", parsed.errors);
    assert_eq!(parsed.errors[0].location.column, 91);
    assert_eq!(parsed.errors[0].message, "invalid string prefix `Ur`");
}

#[test]
fn python_prefixes_and_quotes() {
    let text = r#"[
        {"Name": u'unicode', 'Regex': """triple "double" quotes"""},
        {'Name': U"x", 'Regex': '''it's
two lines'''},
        {'Name': 'rb', 'Regex': rb'\d'},
        {'Name': 'br', 'Regex': Br'\d'},
        {'Name': 'f', 'Regex': f'{x}'},
        {'Name': 'rf', 'Regex': rf'\d{x}'},
    ]"#;
    let parsed = parse(text);
    assert_eq!(
        pairs(&parsed),
        [
            ("unicode", r#"triple "double" quotes"#),
            ("x", "it's\ntwo lines")
        ]
    );
    let messages: Vec<&str> = parsed.errors.iter().map(|e| e.message.as_str()).collect();
    assert_eq!(messages.len(), 4, "{messages:#?}");
    assert!(messages[0].starts_with("bytes literal"));
    assert!(messages[1].starts_with("bytes literal"));
    assert!(messages[2].starts_with("f-string is not a literal"));
    assert!(messages[3].starts_with("f-string is not a literal"));
    assert_eq!(parsed.errors[0].location.line, 5);
}

#[test]
fn implicit_concatenation() {
    let text = "[{'Name': 'a' \"b\", 'Regex': r'(\\d+)' # digits\n   '\\.' \n  r'\\.' }]";
    let parsed = parse(text);
    assert_clean(&parsed);
    assert_eq!(pairs(&parsed), [("ab", r"(\d+)\.\.")]);
}

#[test]
fn python_other_values_are_ignored() {
    let text = "({'Name': 'a', 'Regex': 'x'},)";
    let parsed = parse(text);
    assert_clean(&parsed);
    assert_eq!(names(&parsed), ["a"]);
    let text = "{'MetricDefinitions': [{'Name': 'a', 'Regex': 'x'}], 'Flag': True, 'N': None, 'T': (1, -2.5e3, 0x1F, 1_000), 'S': {1, 2}}";
    let parsed = parse(text);
    assert_clean(&parsed);
    assert_eq!(parsed.format, Format::Python);
    assert_eq!(names(&parsed), ["a"]);
}

#[test]
fn python_estimator_call_with_comments_and_trailing_commas() {
    let text = r#"import sagemaker
from sagemaker.estimator import Estimator

# Metrics are parsed from the training log.
estimator = Estimator(
    image_uri="123.dkr.ecr.us-east-1.amazonaws.com/algo:latest",  # not metric_definitions=[...]
    role=role,
    instance_count=1,
    instance_type='ml.m5.xlarge',
    hyperparameters={'epochs': 10, "lr": 1e-3},
    metric_definitions=
    [
        # training
        {'Name': 'train:loss', 'Regex': r'train_loss=([0-9\.]+)'},   # comment, with 'quotes'
        {'Name': 'validation:loss',
         'Regex': 'val_loss=([0-9\\.]+)',},
        dict(Name='validation:acc', Regex=r'val_acc=(\d+\.\d+)',),
    ],
    enable_sagemaker_metrics=True,
)
estimator.fit({'train': s3_input})
"#;
    let parsed = parse(text);
    assert_clean(&parsed);
    assert_eq!(parsed.format, Format::Python);
    assert_eq!(
        pairs(&parsed),
        [
            ("train:loss", r"train_loss=([0-9\.]+)"),
            ("validation:loss", r"val_loss=([0-9\.]+)"),
            ("validation:acc", r"val_acc=(\d+\.\d+)"),
        ]
    );
    assert_eq!(parsed.objective, None);
    let l = parsed.definitions[2].location.unwrap_or_default();
    assert_eq!((l.line, l.column), (17, 9));
}

#[test]
fn python_tuner_objective() {
    let text = r#"
metric_definitions = [{'Name': 'validation:error', 'Regex': r'validation-error:([0-9\.]+)'}]
estimator = Estimator(image_uri=uri, metric_definitions=metric_definitions)
tuner = HyperparameterTuner(
    estimator,
    objective_metric_name='validation:error',
    hyperparameter_ranges=ranges,
    metric_definitions=metric_definitions,
    objective_type='Minimize',
)
"#;
    let parsed = parse(text);
    assert_clean(&parsed);
    assert_eq!(parsed.format, Format::Python);
    assert_eq!(names(&parsed), ["validation:error"]);
    assert_eq!(
        parsed.objective,
        Some(Objective {
            name: "validation:error".into(),
            direction: Direction::Minimize
        })
    );
}

#[test]
fn python_tuner_defaults_to_maximize_and_reads_positional_arguments() {
    let text = "tuner = HyperparameterTuner(est, 'validation:accuracy', ranges,\n    [{'Name': 'validation:accuracy', 'Regex': 'acc=(\\S+)'}])";
    let parsed = parse(text);
    assert_clean(&parsed);
    assert_eq!(names(&parsed), ["validation:accuracy"]);
    assert_eq!(
        parsed.objective,
        Some(Objective {
            name: "validation:accuracy".into(),
            direction: Direction::Maximize
        })
    );
    let bad = parse("HyperparameterTuner(e, objective_metric_name='m', objective_type='Lowest', metric_definitions=[{'Name': 'm', 'Regex': 'm=(.+)'}])");
    assert_eq!(names(&bad), ["m"]);
    assert_eq!(bad.objective, None);
    assert_eq!(bad.errors.len(), 1);
    assert!(bad.errors[0].message.contains("'Maximize' or 'Minimize'"));
    assert_eq!(bad.errors[0].location.column, 66);
}

#[test]
fn several_metric_definitions_are_merged_without_duplicates() {
    let text = "est = Estimator(metric_definitions=[{'Name': 'a', 'Regex': 'x'}, {'Name': 'b', 'Regex': 'y'}])\n\
                tuner = HyperparameterTuner(metric_definitions=[{'Name': 'b', 'Regex': 'y'}, {'Name': 'c', 'Regex': 'z'}, {'Name': 'a', 'Regex': 'other'}])";
    let parsed = parse(text);
    assert_clean(&parsed);
    assert_eq!(
        pairs(&parsed),
        [("a", "x"), ("b", "y"), ("c", "z"), ("a", "other")]
    );
}

#[test]
fn incomplete_surrounding_code_is_ignored() {
    let text = "def train(:\n    s = 'unterminated\n    x = \"\"\"doc metric_definitions=[{'Name': 'no', 'Regex': 'no'}]\"\"\"\n    Estimator(metric_definitions=[{'Name': 'yes', 'Regex': 'y=(\\d)'}]\n";
    let parsed = parse(text);
    assert_clean(&parsed);
    assert_eq!(pairs(&parsed), [("yes", r"y=(\d)")]);
}

#[test]
fn python_variable_values_are_errors_at_the_element() {
    let text = "[{'Name': name, 'Regex': 'x=(.*)'},\n {'Name': 'good', 'Regex': pattern + '(.*)'},\n {'Name': 'kept', 'Regex': 'k=(.*)'}]";
    let parsed = parse(text);
    assert_eq!(names(&parsed), ["kept"]);
    let e = errors(&parsed);
    assert_eq!(e.len(), 2);
    assert_eq!((e[0].0, e[0].1), (1, 11));
    assert!(
        e[0].2.contains("`name`, a variable, not a literal string"),
        "{e:?}"
    );
    assert_eq!((e[1].0, e[1].1), (2, 28));
    assert!(e[1].2.contains("not a literal string"));
}

#[test]
fn broken_aws_docs_python_example() {
    // Verbatim from the docs, with its missing quote and brace.
    let text = r"estimator =
                Estimator(image_name=ImageName,
                role='SageMakerRole', train_instance_count=1,
                train_instance_type='ml.c4.xlarge',
                train_instance_type='ml.c4.xlarge',
                k=10,
                sagemaker_session=sagemaker_session,
                metric_definitions=[
                   {'Name': 'train:error', 'Regex': '.*\\[[0-9]+\\]#011train-error:(\\S+).*'},
                   {'Name': 'validation:error, 'Regex': '.*\\[[0-9]+\\]#011validation-error:(\\S+).*'
                ]
            )";
    let parsed = parse(text);
    assert_eq!(parsed.format, Format::Python);
    assert_eq!(pairs(&parsed), [("train:error", XGBOOST_TRAIN)]);
    assert_eq!(
        errors(&parsed),
        [(
            10,
            49,
            "expected `,` or `}` after the value, found `Regex` (is a quote missing before it?)"
        )]
    );
}

#[test]
fn boto3_code_reads_double_quoted_keys_as_python() {
    let text = r#"import boto3
client = boto3.client("sagemaker")
response = client.create_training_job(
    TrainingJobName="job",
    AlgorithmSpecification={
        "TrainingImage": image,
        "TrainingInputMode": "File",
        "MetricDefinitions": [
            {"Name": "loss", "Regex": "loss: (\d+\.\d+)"},
        ],
    },
)
"#;
    let parsed = parse(text);
    assert_clean(&parsed);
    assert_eq!(parsed.format, Format::Python);
    assert_eq!(pairs(&parsed), [("loss", r"loss: (\d+\.\d+)")]);
}

#[test]
fn code_after_a_python_literal_is_ignored_but_not_after_json() {
    let parsed = parse("[{'Name': 'a', 'Regex': 'x'}]\nestimator.fit()\n");
    assert_clean(&parsed);
    assert_eq!(names(&parsed), ["a"]);
    let parsed = parse("[{\"Name\": \"a\", \"Regex\": \"x\"}]\nmore text");
    assert_eq!(names(&parsed), ["a"]);
    assert_eq!(
        errors(&parsed),
        [(2, 1, "unexpected `more` after the end of the list")]
    );
}

#[test]
fn objective_from_variables() {
    let text = "kind = 'Minimize'\nname = 'loss'\nHyperparameterTuner(e, objective_metric_name=name, objective_type=kind, metric_definitions=[{'Name': 'loss', 'Regex': 'l=(.*)'}])";
    let parsed = parse(text);
    assert_clean(&parsed);
    assert_eq!(
        parsed.objective,
        Some(Objective {
            name: "loss".into(),
            direction: Direction::Minimize
        })
    );
    // A direction that is computed at run time is unknown: no objective, and a note why.
    let text = "HyperparameterTuner(e, objective_metric_name='loss', objective_type=args.kind, metric_definitions=[{'Name': 'loss', 'Regex': 'l=(.*)'}])";
    let parsed = parse(text);
    assert_eq!(names(&parsed), ["loss"]);
    assert_eq!(parsed.objective, None);
    assert_eq!(parsed.errors.len(), 1);
    assert!(parsed.errors[0].message.contains("`args.kind`"));
    // A name that is computed at run time: no objective, no error.
    let parsed = parse("HyperparameterTuner(e, objective_metric_name=args.m, metric_definitions=[{'Name': 'loss', 'Regex': 'l=(.*)'}])");
    assert_clean(&parsed);
    assert_eq!(parsed.objective, None);
}

#[test]
fn unresolved_variable_explains_why_nothing_was_found() {
    let parsed = parse("est = Estimator(metric_definitions=my_metrics)");
    assert_eq!(parsed.errors.len(), 1);
    let e = &parsed.errors[0];
    assert!(e.message.starts_with("no metric definitions found"));
    assert!(
        e.message
            .contains("`my_metrics`, which is not assigned a literal list"),
        "{}",
        e.message
    );
    assert_eq!((e.location.line, e.location.column), (1, 1));
}

// ----- errors and recovery -----

#[test]
fn syntax_errors_have_exact_positions() {
    let cases: &[(&str, (usize, usize), &str)] = &[
        (
            "[\n  {\"Name\": \"a\", \"Regex\": \"x\"}\n  {\"Name\": \"b\", \"Regex\": \"y\"}\n]",
            (3, 3),
            "expected `,` or `]` after list item, found `{`",
        ),
        (
            "[{\"Name\": \"a\", \"Regex\": \"x}]",
            (1, 25),
            "unterminated string",
        ),
        (
            "[{\"Name\" \"a\"}]",
            (1, 10),
            "expected `:` after the key, found `\"`",
        ),
        (
            "[{\"Name\": \"a\",\n  \"Regex\": }]",
            (2, 12),
            "expected a value, found `}`",
        ),
        (
            "[{\"Name\": \"a\", \"Regex\": \"x\"}",
            (1, 1),
            "`[` is never closed",
        ),
        (
            "[{\"Name\": \"a\", \"Regex\": \"x\"}]]",
            (1, 30),
            "unexpected `]` after the end of the list",
        ),
        (
            "[{Name: \"a\"}]",
            (1, 3),
            "expected a key in double quotes, found `Name` (put the key in double quotes)",
        ),
        (
            "[{\"Name\": “a”}]",
            (1, 11),
            "expected a value, found a curly quote `“`",
        ),
        (
            "[{'Name': 'a', 'Regex': '\\x4'}]",
            (1, 26),
            "truncated `\\xXX` escape",
        ),
        (
            "[{'Name': 'a', 'Regex': '\\N{NO SUCH NAME}'}]",
            (1, 26),
            "unknown character name `\\N{NO SUCH NAME}`",
        ),
        (
            "[{'Name': 'a', 'Regex': '\\ud800'}]",
            (1, 26),
            "lone surrogate `\\ud800`",
        ),
        (
            "[{'Name': 'a', 'Regex': 'x\n'}]",
            (1, 25),
            "unterminated string",
        ),
        (
            "[{'Name': 'a', 'Regex': '''x}]",
            (1, 25),
            "unterminated string",
        ),
    ];
    for (text, (line, column), message) in cases {
        let parsed = parse(text);
        let first = parsed
            .errors
            .first()
            .unwrap_or_else(|| panic!("no error for {text}"));
        assert!(
            first.message.starts_with(message),
            "{text}: {:#?}",
            parsed.errors
        );
        assert_eq!(
            (first.location.line, first.location.column),
            (*line, *column),
            "{text}: {}",
            first.message
        );
    }
}

#[test]
fn a_bad_element_never_hides_its_neighbours() {
    let text = r#"[
  {"Name": "first", "Regex": "a=(\\d+)"},
  {"Name": "no-regex"},
  {"Regex": "no-name=(\\d+)"},
  {"Name": 42, "Regex": "n=(\\d+)"},
  {"Name": "typo", "Regexp": "t=(\\d+)"},
  {"Name": "unknown-key", "Regex": "u=(\\d+)", "Unit": "Seconds"},
  {"Name": "broken" "Regex": "b"},
  {"Name": "empty", "Regex": ""},
  [1, 2],
  {"Name": "last", "Regex": "z=(\\d+)"}
]"#;
    let parsed = parse(text);
    assert_eq!(parsed.format, Format::JsonList);
    assert_eq!(
        pairs(&parsed),
        [
            ("first", r"a=(\d+)"),
            // Read as meant, with a finding: the API would refuse `Regexp`.
            ("typo", r"t=(\d+)"),
            ("unknown-key", r"u=(\d+)"),
            ("empty", ""),
            ("last", r"z=(\d+)"),
        ]
    );
    let typo = &parsed.definitions[1].findings;
    assert_eq!(typo.len(), 1);
    assert_eq!(typo[0].code, "misspelled-key");
    assert_eq!((typo[0].location.line, typo[0].location.column), (6, 20));
    assert!(
        typo[0].message.contains("MetricDefinitions[4]: \"Regexp\"")
            && typo[0].message.ends_with("Write `Regex`"),
        "{}",
        typo[0].message
    );
    assert_eq!(
        errors(&parsed),
        [
            (3, 3, "this metric definition has no `Regex`"),
            (4, 3, "this metric definition has no `Name`"),
            (5, 12, "`Name` must be a string, found a number"),
            (
                7,
                48,
                "unknown key `Unit` in a metric definition: only `Name` and `Regex` are allowed"
            ),
            (8, 21, "expected `,` or `}` after the value, found `\"`"),
            (
                10,
                3,
                "expected a {\"Name\", \"Regex\"} object, found a list"
            ),
        ]
    );
}

#[test]
fn recovery_after_a_syntax_error_inside_an_element() {
    let text = "[\n {'Name': 'a', 'Regex': 'x=(.*)'},\n {'Name': 'b', 'Regex': 'oops},\n {'Name': 'c', 'Regex': 'c=(.*)'},\n {'Name': 'd' 'Regex': @},\n {'Name': 'e', 'Regex': 'e=(.*)'}\n]";
    let parsed = parse(text);
    assert_eq!(parsed.format, Format::Python);
    assert_eq!(names(&parsed), ["a", "c", "e"]);
    assert_eq!(
        errors(&parsed),
        [
            (
                3,
                25,
                "unterminated string: the closing `'` is missing on this line"
            ),
            (5, 22, "expected `,` or `}` after the value, found `:`"),
        ]
    );
}

#[test]
fn elements_before_an_unrecoverable_error_are_kept() {
    let parsed = parse("[{\"Name\": \"a\", \"Regex\": \"x\"}, {\"Name\": \"b\", \"Re");
    assert_eq!(names(&parsed), ["a"]);
    assert_eq!(parsed.errors.len(), 1);
    assert_eq!(parsed.errors[0].message, "unterminated string");
}

#[test]
fn nothing_found() {
    for text in [r#"{"TrainingJobName": "j"}"#, "x = 1\nprint(x)\n", "[]"] {
        let parsed = parse(text);
        assert!(parsed.definitions.is_empty());
        assert_eq!(parsed.errors.len(), 1, "{text}");
        let e = &parsed.errors[0];
        assert!(e.message.starts_with(
            "no metric definitions found: expected a list of {\"Name\", \"Regex\"} objects, an AWS JSON document with MetricDefinitions, or Python code with metric_definitions=[...]"
        ));
        assert_eq!(
            (e.location.line, e.location.column, e.location.start),
            (1, 1, 0)
        );
    }
}

#[test]
fn blank_input_is_empty() {
    for text in ["", "   ", "\n\r\n\t"] {
        let parsed = parse(text);
        assert_eq!(parsed.format, Format::Empty);
        assert!(parsed.definitions.is_empty());
        assert!(parsed.errors.is_empty());
        assert_eq!(parsed.objective, None);
    }
}

#[test]
fn the_more_plausible_error_is_reported() {
    // Python-looking text with a Python error: the Python error is shown.
    let parsed = parse("[{'Name': 'a', 'Regex': '\\x'}]");
    assert_eq!(parsed.format, Format::Python);
    assert!(parsed.errors[0].message.starts_with("truncated"));
    // JSON-looking text with a JSON error: the JSON error is shown.
    let parsed = parse("[{\"Name\": \"a\", \"Regex\": \"x\"} {\"Name\": \"b\", \"Regex\": \"y\"}]");
    assert_eq!(parsed.format, Format::JsonList);
    assert_eq!(names(&parsed), ["a", "b"]);
    assert!(parsed.errors[0].message.starts_with("expected `,` or `]`"));
}

// ----- text encodings and positions -----

#[test]
fn crlf_input() {
    let text = "[\r\n  {\"Name\": \"a\",\r\n   \"Regex\": \"x=(\\\\d)\"},\r\n  {\"Name\": \"b\", \"Regex\": \"\\q\"}\r\n]\r\n";
    let parsed = parse(text);
    assert_eq!(pairs(&parsed), [("a", r"x=(\d)")]);
    assert_eq!(errors(&parsed)[0].0, 4);
    assert_eq!(errors(&parsed)[0].1, 27);
    let a = parsed.definitions[0].location.unwrap_or_default();
    assert_eq!((a.line, a.column, a.start), (2, 3, 5));
    // Python triple-quoted strings read CRLF as LF, as Python does.
    let parsed = parse("[{'Name': 'a', 'Regex': '''x\r\ny'''}]\r\n");
    assert_clean(&parsed);
    assert_eq!(parsed.definitions[0].regex, "x\ny");
}

#[test]
fn non_ascii_names_and_utf16_locations() {
    let text = "[\n{\"Name\": \"손실\", \"Regex\": \"손실=([0-9.]+)\"},\n{\"Name\": \"😀 loss\", \"Regex\": \"😀=(\\\\d+)\"}, {\"Name\": \"é\", \"Regex\": \"\\q\"}]";
    let parsed = parse(text);
    assert_eq!(
        pairs(&parsed),
        [("손실", "손실=([0-9.]+)"), ("😀 loss", r"😀=(\d+)")]
    );
    let korean = parsed.definitions[0].location.unwrap_or_default();
    assert_eq!(
        (korean.line, korean.column, korean.start, korean.start_utf16),
        (2, 1, 2, 2)
    );
    let korean_len = text[korean.start..korean.end].encode_utf16().count();
    assert_eq!(korean.end_utf16 - korean.start_utf16, korean_len);
    let emoji = parsed.definitions[1].location.unwrap_or_default();
    assert_eq!(emoji.line, 3);
    assert_eq!(
        emoji.start_utf16,
        text[..emoji.start].encode_utf16().count()
    );
    assert_eq!(emoji.end_utf16, text[..emoji.end].encode_utf16().count());
    // The error after the emoji: columns count characters, UTF-16 offsets count units.
    let e = parsed.errors[0].location;
    assert_eq!(&text[e.start..e.end], "\\q");
    assert_eq!(
        e.column,
        text[..e.start]
            .rsplit('\n')
            .next()
            .unwrap_or("")
            .chars()
            .count()
            + 1
    );
    assert_eq!(e.start_utf16, text[..e.start].encode_utf16().count());
    assert_eq!(e.end_utf16 - e.start_utf16, 2);
}

#[test]
fn byte_order_mark_and_no_break_spaces() {
    let parsed = parse("\u{feff}[{\"Name\":\u{a0}\"a\", \"Regex\": \"x\"}]");
    assert_clean(&parsed);
    assert_eq!(names(&parsed), ["a"]);
}

// ----- scale -----

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    // In a thread with a 1 MiB stack, as in a browser's wasm build (the
    // parser needs about 0.6 MiB at the depth limit, unoptimized).
    std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(deep_nesting)
        .expect("spawn")
        .join()
        .expect("no stack overflow");
}

fn deep_nesting() {
    for (open, close) in [("[", ""), ("{\"a\": ", ""), ("(", ""), ("[", "]")] {
        let text = format!("{}{}", open.repeat(100_000), close.repeat(100_000));
        let parsed = parse(&text);
        assert!(parsed.definitions.is_empty());
        assert!(
            parsed
                .errors
                .iter()
                .any(|e| e.message.contains("nested deeper than 128 levels"))
                || open == "(",
            "{open}: {:#?}",
            parsed.errors
        );
    }
    for code in ["-(", "f(", "{'a': ", "[dict(a=", "[x for x in "] {
        let text = format!("metric_definitions = {}", code.repeat(100_000));
        let parsed = parse(&text);
        assert!(parsed.definitions.is_empty());
        assert!(!parsed.errors.is_empty());
    }
    let text = format!(
        "metric_definitions = [{}{{'Name': 'a', 'Regex': 'x'}}]",
        "[".repeat(200)
    );
    let parsed = parse(&text);
    assert!(parsed.definitions.is_empty());
    assert!(parsed
        .errors
        .iter()
        .any(|e| e.message.contains("nested deeper")));
    // Just under the limit is fine.
    let text = format!(
        "{}{{\"MetricDefinitions\": [{{\"Name\": \"a\", \"Regex\": \"x\"}}]}}{}",
        "[".repeat(120),
        "]".repeat(120)
    );
    let parsed = parse(&text);
    assert_clean(&parsed);
    assert_eq!(names(&parsed), ["a"]);
}

fn big_list(python: bool, bytes: usize) -> (String, usize) {
    let mut text = String::from("[\n");
    let mut n = 0;
    while text.len() < bytes {
        if python {
            text.push_str(&format!(
                "  {{'Name': 'metric-{n}', 'Regex': r'metric-{n}=([0-9.]+)'}},  # {n}\n"
            ));
        } else {
            text.push_str(&format!(
                "  {{\"Name\": \"metric-{n}\", \"Regex\": \"metric-{n}=([0-9.]+)\"}},\n"
            ));
        }
        n += 1;
    }
    text.push(']');
    (text, n)
}

#[test]
fn one_megabyte_inputs() {
    for python in [false, true] {
        let (text, n) = big_list(python, 1 << 20);
        let start = std::time::Instant::now();
        let parsed = parse(&text);
        let elapsed = start.elapsed();
        assert_clean(&parsed);
        assert_eq!(parsed.definitions.len(), n);
        assert_eq!(parsed.definitions[n - 1].name, format!("metric-{}", n - 1));
        assert_eq!(
            parsed.definitions[n - 1].location.map(|l| l.line),
            Some(n + 1)
        );
        assert!(elapsed.as_secs() < 10, "{elapsed:?}");
    }
    // One error per element, all located, still linear.
    let (text, n) = big_list(false, 1 << 20);
    let text = text.replace("([0-9.]+)", "(\\d+)");
    let parsed = parse(&text);
    assert!(parsed.definitions.is_empty());
    assert_eq!(parsed.errors.len(), n);
    assert_eq!(parsed.errors[n - 1].location.line, n + 1);
    // A megabyte of code around the list.
    let filler = "x = compute(a, 'str', \"s\", [1, 2], {'k': v})  # comment\n".repeat(20_000);
    let text = format!("{filler}est = Estimator(metric_definitions=[{{'Name': 'm', 'Regex': 'm=(.*)'}}])\n{filler}");
    let parsed = parse(&text);
    assert_clean(&parsed);
    assert_eq!(names(&parsed), ["m"]);
}

#[test]
fn forty_five_definitions_in_order() {
    let body: Vec<String> = (0..45)
        .map(|i| format!("{{\"Name\": \"m{i:02}\", \"Regex\": \"m{i:02}=(\\\\S+)\"}}"))
        .collect();
    let text = format!("[{}]", body.join(",\n"));
    let parsed = parse(&text);
    assert_clean(&parsed);
    assert_eq!(parsed.definitions.len(), 45);
    for (i, d) in parsed.definitions.iter().enumerate() {
        assert_eq!(d.name, format!("m{i:02}"));
        assert_eq!(d.regex, format!("m{i:02}=(\\S+)"));
        assert_eq!(d.location.map(|l| l.line), Some(i + 1));
    }
}

#[test]
fn input_types_serialize() {
    // The report embeds these types; make sure they stay serializable.
    fn assert_serialize<T: serde::Serialize>(_: &T) {}
    let parsed = parse("[{'Name': 'a', 'Regex': 'x'}]");
    assert_serialize(&parsed);
}

/// A small deterministic generator of token soup: brackets, quotes, escapes,
/// string prefixes, keywords, comments, non-ASCII text and line breaks.
fn soup(seed: u64, len: usize) -> String {
    const TOKENS: &[&str] = &[
        "[",
        "]",
        "{",
        "}",
        "(",
        ")",
        ",",
        ":",
        "=",
        "'",
        "\"",
        "'''",
        "\"\"\"",
        "\\",
        "\\\\",
        "\\d",
        "\\x4",
        "\\u12",
        "\\N{",
        "\\ud83d",
        "r'",
        "b'",
        "f'",
        "rb\"",
        "u'",
        "Name",
        "Regex",
        "\"Name\"",
        "\"Regex\"",
        "'Name'",
        "'Regex'",
        "metric_definitions",
        "MetricDefinitions",
        "objective_metric_name",
        "objective_type",
        "HyperparameterTuner",
        "MetricDefinition",
        "with_metric_definitions",
        "metric_definitons",
        "\"MetricDefinition\"",
        "name",
        "regex",
        "Regexp",
        "dict",
        "True",
        "null",
        "...",
        "#",
        "//",
        "/*",
        "*/",
        "\n",
        "\r\n",
        "\r",
        " ",
        "\t",
        "1",
        "-2.5e3",
        "0x1F",
        "+",
        "*",
        "**",
        "for",
        "if",
        "lambda",
        "손실",
        "😀",
        "“",
        "\u{a0}",
        "\u{feff}",
        "=[",
        "x",
        ".",
        "@",
        "\"HyperParameterTuningJobObjective\"",
        "\"Type\"",
        "\"Maximize\"",
        "'Minimize'",
    ];
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut out = String::new();
    for _ in 0..len {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        out.push_str(TOKENS[(state % TOKENS.len() as u64) as usize]);
    }
    out
}

#[test]
fn arbitrary_input_never_panics_and_locations_are_sound() {
    for seed in 0..3000u64 {
        let text = soup(seed, (seed % 97) as usize + 1);
        let parsed = parse(&text);
        let locations = parsed
            .errors
            .iter()
            .map(|e| e.location)
            .chain(parsed.definitions.iter().filter_map(|d| d.location))
            .chain(parsed.findings.iter().map(|f| f.location))
            .chain(
                parsed
                    .definitions
                    .iter()
                    .flat_map(|d| d.findings.iter().map(|f| f.location)),
            );
        for l in locations {
            assert!(l.start <= l.end && l.end <= text.len(), "{text:?}: {l:?}");
            assert!(text.is_char_boundary(l.start) && text.is_char_boundary(l.end));
            assert_eq!(l, Location::of_span(&text, l.start, l.end), "{text:?}");
        }
        for d in &parsed.definitions {
            let covered = covered(&text, d);
            assert!(
                covered.starts_with('{')
                    || covered.starts_with("dict")
                    || covered.starts_with("MetricDefinition"),
                "{text:?}"
            );
        }
        if parsed.definitions.is_empty() && parsed.format != Format::Empty {
            assert!(!parsed.errors.is_empty(), "{text:?}");
        }
    }
}

// ----- SageMaker Python SDK v3: MetricDefinition objects -----

/// `(code, line, column, message)` of every document-level finding.
fn findings(parsed: &ParsedInput) -> Vec<(&str, usize, usize, &str)> {
    parsed
        .findings
        .iter()
        .map(|f| {
            (
                f.code,
                f.location.line,
                f.location.column,
                f.message.as_str(),
            )
        })
        .collect()
}

/// The codes of each definition's own findings, by name.
fn definition_findings(parsed: &ParsedInput) -> Vec<(&str, Vec<&str>)> {
    parsed
        .definitions
        .iter()
        .map(|d| (d.name.as_str(), d.findings.iter().map(|f| f.code).collect()))
        .collect()
}

#[track_caller]
fn assert_no_findings(parsed: &ParsedInput) {
    assert!(
        parsed.findings.is_empty(),
        "unexpected findings: {:#?}",
        parsed.findings
    );
    for d in &parsed.definitions {
        assert!(d.findings.is_empty(), "{}: {:#?}", d.name, d.findings);
    }
}

#[test]
fn sdk_v3_objects_inline() {
    // The SDK's own docstring example (its regex captures empty text: the
    // evaluation says so; reading it is this test's business).
    let text = r#"from sagemaker.train import ModelTrainer
from sagemaker.core.shapes import MetricDefinition

model_trainer = ModelTrainer(
    training_image=image,
    role=role,
).with_metric_definitions([
    MetricDefinition(name="loss", regex="Loss: (.*?)"),
    MetricDefinition(
        name='acc',
        regex=r'acc=(\d+\.\d+)',  # raw string
    ),
    shapes.MetricDefinition(name="lr", regex="lr: "
                                             '([0-9.e-]+)'),
])
"#;
    let parsed = parse(text);
    assert_clean(&parsed);
    assert_no_findings(&parsed);
    assert_eq!(parsed.format, Format::PythonSdkV3);
    assert_eq!(
        pairs(&parsed),
        [
            ("loss", "Loss: (.*?)"),
            ("acc", r"acc=(\d+\.\d+)"),
            ("lr", "lr: ([0-9.e-]+)"),
        ]
    );
    // Each definition is located at its call.
    assert!(covered(text, &parsed.definitions[0]).starts_with("MetricDefinition(name=\"loss\""));
    assert_eq!(parsed.definitions[1].location.map(|l| l.line), Some(9));
    assert!(covered(text, &parsed.definitions[2]).ends_with("'([0-9.e-]+)')"));
}

#[test]
fn sdk_v3_list_in_a_variable() {
    let text = r#"metric_definitions = [
    MetricDefinition(name="train:loss", regex="train_loss=([0-9.]+)"),
    MetricDefinition(name="val:loss", regex="val_loss=([0-9.]+)"),
]
trainer = ModelTrainer(training_image=image, compute=Compute(instance_type="ml.g5.xlarge", instance_count=1))
trainer = trainer.with_metric_definitions(metric_definitions)
trainer.train()
"#;
    let parsed = parse(text);
    assert_clean(&parsed);
    assert_no_findings(&parsed);
    assert_eq!(parsed.format, Format::PythonSdkV3);
    assert_eq!(names(&parsed), ["train:loss", "val:loss"]);

    // Under another name, and as a keyword argument.
    let text = "my_metrics = [MetricDefinition(name='a', regex='a=(1)')]\n\
                t = ModelTrainer(role=role).with_metric_definitions(metric_definitions=my_metrics)\n";
    let parsed = parse(text);
    assert_clean(&parsed);
    assert_eq!(parsed.format, Format::PythonSdkV3);
    assert_eq!(names(&parsed), ["a"]);
}

#[test]
fn sdk_v3_positional_arguments() {
    let text = "defs = [MetricDefinition('loss', r'Loss: ([0-9.]+)'), MetricDefinition(\"acc\", regex=\"acc=([0-9.]+)\")]\n\
                trainer.with_metric_definitions(defs)";
    let parsed = parse(text);
    assert_clean(&parsed);
    assert_no_findings(&parsed);
    assert_eq!(
        pairs(&parsed),
        [("loss", "Loss: ([0-9.]+)"), ("acc", "acc=([0-9.]+)")]
    );
    // A third positional argument is an error at it; the rest is read.
    let text = "MetricDefinition('loss', 'Loss: (1)', 'extra')";
    let parsed = parse(text);
    assert_eq!(names(&parsed), ["loss"]);
    assert_eq!(
        errors(&parsed),
        [(
            1,
            39,
            "MetricDefinition takes two arguments, `name` and `regex`; this one is extra"
        )]
    );
}

#[test]
fn sdk_v3_objects_mixed_with_dicts_keep_their_order() {
    let text = r#"metrics = [
    MetricDefinition(name="a", regex="a=([0-9]+)"),
    {"Name": "b", "Regex": "b=([0-9]+)"},
    MetricDefinition(name="c", regex="c=([0-9]+)"),
    dict(Name="d", Regex="d=([0-9]+)"),
]
ModelTrainer(training_image=image).with_metric_definitions(metrics)
"#;
    let parsed = parse(text);
    assert_clean(&parsed);
    assert_no_findings(&parsed);
    assert_eq!(parsed.format, Format::PythonSdkV3);
    assert_eq!(names(&parsed), ["a", "b", "c", "d"]);

    // A bracketed list pasted on its own.
    let parsed =
        parse(r#"[MetricDefinition(name="a", regex="a=(1)"), {"Name": "b", "Regex": "b=(2)"}]"#);
    assert_clean(&parsed);
    assert_eq!(parsed.format, Format::PythonSdkV3);
    assert_eq!(names(&parsed), ["a", "b"]);
}

#[test]
fn sdk_v3_errors_are_located_and_keep_neighbours() {
    let text = "defs = [\n\
                MetricDefinition(name=metric_name, regex='x=(1)'),\n\
                MetricDefinition(name='no-regex'),\n\
                MetricDefinition(name='bad', regex='\\N{NOPE}'),\n\
                MetricDefinition(name='ok', regex=r'ok=([0-9]+)'),\n\
                ]\n";
    let parsed = parse(text);
    assert_eq!(names(&parsed), ["ok"]);
    let errs = errors(&parsed);
    assert_eq!(errs.len(), 3, "{errs:?}");
    assert_eq!((errs[0].0, errs[0].1), (2, 23));
    assert!(errs[0].2.contains("`metric_name`, a variable"), "{errs:?}");
    assert_eq!(
        (errs[1].0, errs[1].1, errs[1].2),
        (3, 1, "this metric definition has no `regex`")
    );
    assert_eq!(errs[2].0, 4);
}

#[test]
fn sdk_v3_tuner_keeps_the_dict_form() {
    let text = r#"tuner = HyperparameterTuner(
    model_trainer=trainer,
    objective_metric_name="val:loss",
    objective_type="Minimize",
    hyperparameter_ranges={"lr": ContinuousParameter(1e-5, 1e-2)},
    metric_definitions=[{"Name": "val:loss", "Regex": "val_loss=([0-9.]+)"}],
    max_jobs=4,
)"#;
    let parsed = parse(text);
    assert_clean(&parsed);
    assert_no_findings(&parsed);
    assert_eq!(parsed.format, Format::Python);
    assert_eq!(names(&parsed), ["val:loss"]);
    assert_eq!(
        parsed.objective,
        Some(Objective {
            name: "val:loss".into(),
            direction: Direction::Minimize
        })
    );
}

#[test]
fn sdk_v3_a_class_named_metric_definition_is_not_a_definition() {
    let parsed = parse("class MetricDefinition(Base):\n    name: str\n    regex: str\n");
    assert!(parsed.definitions.is_empty());
    assert_eq!(parsed.errors.len(), 1);
}

// ----- misspelled keywords and keys: read as meant, always an error -----

#[test]
fn misspelled_metric_definitions_keyword() {
    // aws/sagemaker-python-sdk#2275, as reported.
    let text = r#"metric_definitions = [{'Name': 'test:accuracy', 'Regex': 'accuracy: ([0-9\.]+)'}]
sklearn_estimator = SKLearn(
    entry_point='train_iris.py',
    framework_version='0.23-1',
    instance_type="ml.m5.xlarge",
    role=role,
    base_job_name=TRAINING_BASE_NAME,
    metric_definitons=metric_definitions)
"#;
    let parsed = parse(text);
    assert_clean(&parsed);
    let found = findings(&parsed);
    assert_eq!(found.len(), 1, "{found:?}");
    let (code, line, column, message) = found[0];
    assert_eq!((code, line, column), ("misspelled-keyword", 8, 5));
    assert!(message.starts_with("`metric_definitons` is not a SageMaker SDK keyword"));
    assert!(message.contains("so SKLearn(...) never gets its metric definitions"));
    assert!(message.contains("estimators take unknown keywords through **kwargs"));
    assert!(message.contains("SageMaker records nothing"));
    assert!(message.ends_with("Write `metric_definitions`"));
    let at = parsed.findings[0].location;
    assert_eq!(&text[at.start..at.end], "metric_definitons");
    // The list is still read, and its definition carries the finding.
    assert_eq!(
        definition_findings(&parsed),
        [("test:accuracy", vec!["misspelled-keyword"])]
    );
    assert!(parsed.definitions[0].findings[0]
        .message
        .starts_with("SageMaker records nothing for this metric"));
}

#[test]
fn every_keyword_misspelling_class() {
    let cases = [
        // Edit distance.
        ("metric_definitons", "metric_definitions"),
        ("metric_definition", "metric_definitions"),
        ("metirc_definitions", "metric_definitions"),
        ("objective_metric_nme", "objective_metric_name"),
        ("objetive_type", "objective_type"),
        // Case and separators.
        ("metricDefinitions", "metric_definitions"),
        ("Metric_Definitions", "metric_definitions"),
        ("MetricDefinitions", "metric_definitions"),
        ("objectiveMetricName", "objective_metric_name"),
        ("Objective_Type", "objective_type"),
    ];
    for (word, right) in cases {
        let value = match right {
            "objective_type" => "'Minimize'".to_owned(),
            "objective_metric_name" => "'loss'".to_owned(),
            _ => "[{'Name': 'loss', 'Regex': 'loss=([0-9.]+)'}]".to_owned(),
        };
        let text = format!(
            "est = PyTorch(entry_point='train.py', role=role,\n    {word}={value},\n    instance_count=1)\n\
             other = [{{'Name': 'x', 'Regex': 'x=(1)'}}]\n"
        );
        let parsed = parse(&text);
        let found = findings(&parsed);
        assert_eq!(found.len(), 1, "{word}: {found:?}");
        assert_eq!(
            (found[0].0, found[0].1, found[0].2),
            ("misspelled-keyword", 2, 5),
            "{word}"
        );
        assert!(found[0].3.starts_with(&format!("`{word}`")), "{word}");
        assert!(found[0].3.ends_with(&format!("Write `{right}`")), "{word}");
        if right == "metric_definitions" {
            assert_eq!(
                definition_findings(&parsed),
                [("loss", vec!["misspelled-keyword"])]
            );
        }
    }
}

#[test]
fn misspelled_tuner_keywords_stop_python() {
    let text = "tuner = HyperparameterTuner(estimator, objective_metric_nme='loss',\n\
                hyperparameter_ranges=ranges, metric_definitions=[{'Name': 'loss', 'Regex': 'loss=([0-9.]+)'}],\n\
                objective_typ='Minimize')\n";
    let parsed = parse(text);
    let found = findings(&parsed);
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!((found[0].1, found[0].2), (1, 40));
    assert!(found[0]
        .3
        .contains("not a parameter of HyperparameterTuner"));
    assert!(found[0].3.contains("TypeError"));
    assert!(found[1].3.ends_with("Write `objective_type`"));
    // The misspelled objective is not taken as the objective.
    assert_eq!(parsed.objective, None);
    assert_eq!(names(&parsed), ["loss"]);
    assert!(parsed.definitions[0].findings.is_empty());
}

#[test]
fn correct_keywords_and_unrelated_names_are_never_flagged() {
    let text = "metric_definition = [{'Name': 'a', 'Regex': 'a=(1)'}]  # a variable, not a keyword\n\
                def build(metric_definiton=None, objective_typ=None):\n    return metric_definiton\n\
                class Wrapper(Base, metaclass=Meta):\n    pass\n\
                e = Estimator(metric_definitions=metric_definition, instance_type='ml.m5.xlarge', objective='x')\n\
                t = HyperparameterTuner(e, objective_metric_name='a', objective_type='Maximize', hyperparameter_ranges={}, max_jobs=2)\n\
                r = HyperparameterTuner.create(estimator_dict={}, objective_metric_name='a', hyperparameter_ranges_dict={}, metric_definitions_dict={})\n\
                if (metric_definiton == 1): pass\n\
                print(f'{metric_definiton=}')\n";
    let parsed = parse(text);
    assert_clean(&parsed);
    assert_no_findings(&parsed);
    assert_eq!(names(&parsed), ["a"]);
}

#[test]
fn a_long_ordinary_sdk_file_has_no_findings() {
    let text = include_str!("data/ordinary_sdk.py");
    let parsed = parse(text);
    assert_clean(&parsed);
    assert_no_findings(&parsed);
    assert_eq!(parsed.format, Format::PythonSdkV3);
    assert_eq!(
        names(&parsed),
        [
            "train:loss",
            "validation:loss",
            "validation:accuracy",
            "test:accuracy",
            "loss",
            "eval_accuracy",
            "v3:loss",
            "boto3:auc",
        ]
    );
    assert_eq!(
        parsed.objective.as_ref().map(|o| o.name.as_str()),
        Some("validation:accuracy")
    );
}

#[test]
fn misspelled_aws_keys() {
    let text = r#"{
  "TrainingJobName": "job",
  "AlgorithmSpecification": {
    "TrainingImage": "img",
    "MetricDefinition": [
      {"Name": "loss", "Regex": "loss=([0-9.]+)"},
      {"name": "acc", "Regx": "acc=([0-9.]+)"},
      {"NAME": "lr", "Regex": "lr=([0-9.]+)", "Regexp": "ignored"}
    ]
  }
}"#;
    let parsed = parse(text);
    assert_clean(&parsed);
    assert_eq!(parsed.format, Format::AwsJson);
    let found = findings(&parsed);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        (found[0].0, found[0].1, found[0].2),
        ("misspelled-key", 5, 5)
    );
    assert!(found[0]
        .3
        .contains("Unknown parameter in AlgorithmSpecification: \"MetricDefinition\""));
    assert!(found[0].3.ends_with("Write `MetricDefinitions`"));
    assert_eq!(
        pairs(&parsed),
        [
            ("loss", "loss=([0-9.]+)"),
            ("acc", "acc=([0-9.]+)"),
            ("lr", "lr=([0-9.]+)"),
        ]
    );
    assert_eq!(
        definition_findings(&parsed),
        [
            ("loss", vec!["misspelled-key"]),
            ("acc", vec!["misspelled-key", "misspelled-key"]),
            (
                "lr",
                vec!["misspelled-key", "misspelled-key", "misspelled-key"]
            ),
        ]
    );
    let acc = &parsed.definitions[1].findings;
    let at = acc[0].location;
    assert_eq!((at.line, at.column), (7, 23));
    assert!(acc[0].message.contains("MetricDefinitions[1]: \"Regx\""));
    assert!(acc[0].message.ends_with("Write `Regex`"));
}

#[test]
fn misspelled_objective_keys() {
    let text = r#"{
  "HyperParameterTuningJobConfig": {
    "HyperparameterTuningObjective": {"type": "Minimize", "MetricNmae": "loss"}
  },
  "TrainingJobDefinition": {"AlgorithmSpecification": {"MetricDefinitions": [
    {"Name": "loss", "Regex": "loss=([0-9.]+)"}]}}
}"#;
    let parsed = parse(text);
    assert_clean(&parsed);
    let found = findings(&parsed);
    let words: Vec<(usize, usize, &str)> = found
        .iter()
        .map(|f| (f.1, f.2, f.3.split('`').nth(1).unwrap_or("")))
        .collect();
    assert_eq!(
        words,
        [
            (3, 5, "\"HyperparameterTuningObjective\""),
            (3, 39, "\"type\""),
            (3, 59, "\"MetricNmae\""),
        ]
        .map(|(l, c, w)| (l, c, w.trim_matches('"')))
    );
    assert!(found.iter().all(|f| f.0 == "misspelled-key"));
    assert!(found[0]
        .3
        .ends_with("Write `HyperParameterTuningJobObjective`"));
    assert!(found[1].3.ends_with("Write `Type`"));
    assert!(found[2].3.ends_with("Write `MetricName`"));
    // Read as meant.
    assert_eq!(
        parsed.objective,
        Some(Objective {
            name: "loss".into(),
            direction: Direction::Minimize
        })
    );
    assert!(parsed.definitions[0].findings.is_empty());
}

#[test]
fn misspelled_keys_in_python_code() {
    let text = "sm.create_training_job(TrainingJobName='x', AlgorithmSpecification={\n\
                'TrainingImage': image, 'MetricDefintions': [{'Name': 'loss', 'Regex': 'loss=([0-9.]+)'}]})\n\
                kwargs = dict(metric_definitons=[{'Name': 'acc', 'Regex': 'acc=([0-9.]+)'}])\n";
    let parsed = parse(text);
    assert_clean(&parsed);
    let found = findings(&parsed);
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(
        (found[0].0, found[0].1, found[0].2),
        ("misspelled-key", 2, 25)
    );
    assert!(found[0].3.ends_with("Write `MetricDefinitions`"));
    // A snake_case key is an SDK keyword spread with **kwargs.
    assert_eq!(
        (found[1].0, found[1].1, found[1].2),
        ("misspelled-key", 3, 15)
    );
    assert!(found[1].3.contains("**kwargs") && found[1].3.ends_with("Write `metric_definitions`"));
    assert_eq!(
        definition_findings(&parsed),
        [
            ("loss", vec!["misspelled-key"]),
            ("acc", vec!["misspelled-key"])
        ]
    );
}

#[test]
fn misspelled_metric_definition_fields() {
    let text =
        "trainer.with_metric_definitions([MetricDefinition(Name='loss', regx='loss=([0-9.]+)')])";
    let parsed = parse(text);
    assert_clean(&parsed);
    assert_eq!(pairs(&parsed), [("loss", "loss=([0-9.]+)")]);
    let issues = &parsed.definitions[0].findings;
    assert_eq!(issues.len(), 2, "{issues:?}");
    assert!(issues.iter().all(|f| f.code == "misspelled-keyword"));
    assert!(issues[0]
        .message
        .contains("not a field of MetricDefinition"));
    assert!(issues[0].message.ends_with("Write `name`"));
    assert!(issues[1].message.ends_with("Write `regex`"));
    assert_eq!(issues[1].location.column, 64);
}

#[test]
fn correct_aws_keys_and_other_keys_are_never_flagged() {
    let text = r#"{
  "HyperParameterTuningJobName": "t",
  "HyperParameterTuningJobConfig": {
    "Strategy": "Bayesian",
    "HyperParameterTuningJobObjective": {"Type": "Maximize", "MetricName": "acc"},
    "ResourceLimits": {"MaxNumberOfTrainingJobs": 2, "MaxParallelTrainingJobs": 1}
  },
  "TrainingJobDefinition": {
    "DefinitionName": "d",
    "AlgorithmSpecification": {"TrainingImage": "i", "TrainingInputMode": "File",
      "MetricDefinitions": [{"Name": "acc", "Regex": "acc=([0-9.]+)"}, {"name": "b", "regex": "b=(1)"}]},
    "StaticHyperParameters": {"Name": "x", "Type": "y", "Names": "z", "Types": "w"},
    "Tags": [{"Key": "Name", "Value": "v"}]
  },
  "TrainingJobDefinitions": [],
  "TuningJobCompletionDetails": {"NumberOfTrainingJobsObjectiveNotImproving": 3}
}"#;
    let parsed = parse(text);
    assert_clean(&parsed);
    assert_no_findings(&parsed);
    assert_eq!(names(&parsed), ["acc", "b"]);
}
