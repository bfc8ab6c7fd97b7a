//! Every group of a line's leftmost match (`metrex why`, the page's inspector):
//! the cases in `tests/groups/*.toml`, which `bench/check_groups.py` checks
//! with Python's `re`, an implementation that shares no code with the engine.

use metrex::why::inspect;
use metrex::Definition;
use serde::Deserialize;

#[derive(Deserialize)]
struct File {
    case: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    name: String,
    pattern: String,
    line: String,
    #[serde(default = "yes")]
    escape: bool,
    groups: Vec<Vec<usize>>,
    texts: Vec<String>,
}

fn yes() -> bool {
    true
}

#[test]
fn group_spans_agree_with_the_cases() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/groups");
    let mut checked = 0;
    let mut problems = Vec::new();
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/groups")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    for path in paths {
        let text = std::fs::read_to_string(&path).expect("readable");
        let file: File = toml::from_str(&text).expect("valid cases");
        for case in file.case {
            checked += 1;
            let got = inspect(
                &Definition::new("m", &case.pattern),
                &case.line,
                case.escape,
            );
            let spans: Vec<Vec<usize>> = got
                .groups
                .iter()
                .map(|g| {
                    g.span.map_or(Vec::new(), |s| {
                        vec![s.start, s.end, s.start_utf16, s.end_utf16]
                    })
                })
                .collect();
            let texts: Vec<String> = got
                .groups
                .iter()
                .map(|g| g.text.clone().unwrap_or_default())
                .collect();
            if !got.matched || spans != case.groups || texts != case.texts {
                problems.push(format!(
                    "{}: metrex finds {spans:?} {texts:?}, the case says {:?} {:?}",
                    case.name, case.groups, case.texts
                ));
            }
        }
    }
    assert!(checked >= 10, "only {checked} cases");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
