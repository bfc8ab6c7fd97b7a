//! Finding metric definitions and the tuning objective in a parsed document.
//!
//! AWS documents hold `MetricDefinitions` in several places: at the top of a
//! fragment, under `AlgorithmSpecification` (CreateTrainingJob,
//! DescribeTrainingJob), under `TrainingJobDefinition` or each of
//! `TrainingJobDefinitions` (hyperparameter tuning jobs). Rather than list
//! every path, [`parse`] walks the whole tree and reads every
//! `MetricDefinitions` list it meets; the objective comes from
//! `HyperParameterTuningJobObjective` (or a `TuningObjective`).
//!
//! [`Collector`] is shared with the Python reader: it validates each
//! `{"Name", "Regex"}` element on its own, so one bad element never hides
//! its neighbours, and it drops exact duplicates found in a second list.

use std::borrow::Cow;
use std::collections::HashSet;

use super::literal::{Node, NodeKind};
use super::misspell::{self, Misspelling};
use super::{Direction, Objective};

/// A definition read from a document, with the byte span of its object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Found {
    pub name: String,
    pub regex: String,
    pub span: (usize, usize),
    /// Why SageMaker will not record this definition although it reads
    /// fine: a misspelled key in it, or around its list.
    pub issues: Vec<Misspelling>,
}

/// Something that could not be read, with its byte span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Problem {
    pub message: String,
    pub span: (usize, usize),
}

/// What the top of a document turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Shape {
    /// A list of definitions (or a single definition object).
    List,
    /// A document with `MetricDefinitions` somewhere inside.
    Aws,
    /// Nothing that holds definitions.
    Nothing,
}

/// Accumulates definitions, problems and the objective from one or more lists.
#[derive(Debug, Default)]
pub(super) struct Collector {
    pub definitions: Vec<Found>,
    pub problems: Vec<Problem>,
    pub objective: Option<Objective>,
    /// The first empty definitions list met, for a precise message.
    pub empty_list: Option<(usize, usize)>,
    /// How many definitions lists were read.
    pub lists_read: usize,
    /// Spans of the lists already read: a list reached twice is read once.
    list_spans: HashSet<(usize, usize)>,
    /// `(name, regex)` of the definitions of the lists read so far.
    seen: HashSet<(String, String)>,
    /// Misspelled keywords and keys met, for the document as a whole.
    pub misspellings: Vec<Misspelling>,
    /// Whether SDK v3 `MetricDefinition(...)` objects were read.
    pub v3: bool,
    /// Spans of the elements already read, so that a `MetricDefinition(...)`
    /// read on its own is not read again with the list that holds it.
    element_spans: HashSet<(usize, usize)>,
    /// The issue of every definition of the list being read (its keyword is misspelled).
    list_issue: Option<Misspelling>,
}

/// How a definition is written: which keys are right depends on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    /// A dict or JSON object: `Name`/`Regex` (`name`/`regex` tolerated).
    Object,
    /// The SDK v3's `MetricDefinition(name=..., regex=...)`.
    V3,
}

impl Collector {
    pub fn problem(&mut self, span: (usize, usize), message: impl Into<String>) {
        self.problems.push(Problem {
            message: message.into(),
            span,
        });
    }

    /// Adds a definition, keeping text order: a list is read when it is
    /// reached (a variable's list when it is used), not where it is written.
    fn add_definition(&mut self, found: Found) {
        let at = self
            .definitions
            .partition_point(|d| d.span.0 <= found.span.0);
        self.definitions.insert(at, found);
    }

    /// Adds a misspelling (once), keeping text order.
    pub fn add_misspelling(&mut self, m: Misspelling) {
        let at = self.misspellings.partition_point(|x| x.span <= m.span);
        if at.checked_sub(1).and_then(|i| self.misspellings.get(i)) != Some(&m) {
            self.misspellings.insert(at, m);
        }
    }

    /// Reads a list whose keyword or key is misspelled: every definition in
    /// it gets `issue`, since SageMaker never receives them.
    pub fn read_list_flagged(&mut self, list: &Node, issue: Option<Misspelling>) {
        let before = self.list_issue.take();
        self.list_issue = issue;
        self.read_list(list);
        self.list_issue = before;
    }

    /// Reads one SDK v3 `MetricDefinition(...)` call found on its own.
    pub fn read_v3_object(&mut self, call: &Node) {
        if self.element_spans.contains(&call.span) {
            return;
        }
        if let Some(found) = self.read_element(call, None) {
            self.add_definition(found);
        }
    }

    /// Reads a list of `{"Name", "Regex"}` elements. Definitions equal to one
    /// of an earlier list are dropped.
    pub fn read_list(&mut self, list: &Node) {
        let items = match &list.kind {
            NodeKind::List(items) | NodeKind::Tuple(items) => items,
            _ => return,
        };
        if !self.list_spans.insert(list.span) {
            // Read already (a variable's list, used twice): it still shares
            // the fate of this use.
            if let Some(issue) = &self.list_issue {
                let (start, end) = list.span;
                for found in &mut self.definitions {
                    if found.span.0 >= start && found.span.1 <= end && !found.issues.contains(issue)
                    {
                        found.issues.push(issue.clone());
                    }
                }
            }
            return;
        }
        self.lists_read += 1;
        if items.is_empty() && self.empty_list.is_none() {
            self.empty_list = Some(list.span);
        }
        let mut read = Vec::new();
        for (index, item) in items.iter().enumerate() {
            if self.element_spans.contains(&item.span) {
                // Read on its own already; it still shares its list's fate.
                if let Some(issue) = &self.list_issue {
                    for found in self.definitions.iter_mut().filter(|d| d.span == item.span) {
                        found.issues.push(issue.clone());
                    }
                }
                continue;
            }
            if let Some(mut found) = self.read_element(item, Some(index)) {
                found.issues.extend(self.list_issue.clone());
                read.push(found);
            }
        }
        for found in &read {
            if !self
                .seen
                .contains(&(found.name.clone(), found.regex.clone()))
            {
                self.add_definition(found.clone());
            }
        }
        for found in read {
            self.seen.insert((found.name, found.regex));
        }
    }

    /// Reads one element of a definitions list (the `index`th, when in a
    /// list), reporting what is wrong with it.
    fn read_element(&mut self, item: &Node, index: Option<usize>) -> Option<Found> {
        self.element_spans.insert(item.span);
        let (members, style) = match &item.kind {
            NodeKind::Object(members) => (Cow::Borrowed(members.as_slice()), Style::Object),
            NodeKind::Call {
                callee,
                args,
                kwargs,
            } if is_v3_callee(callee) => {
                self.v3 = true;
                let members = self.v3_members(item.span, args, kwargs);
                (Cow::Owned(members), Style::V3)
            }
            NodeKind::Invalid | NodeKind::Ellipsis => return None,
            NodeKind::Name(name) => {
                self.problem(
                    item.span,
                    format!(
                        "expected a {{\"Name\", \"Regex\"}} object, found `{name}`, a variable: \
                         metrex reads literal values only; paste the object itself"
                    ),
                );
                return None;
            }
            _ => {
                let what = item.describe();
                self.problem(
                    item.span,
                    format!("expected a {{\"Name\", \"Regex\"}} object, found {what}"),
                );
                return None;
            }
        };
        let fields = match style {
            Style::Object => FIELDS,
            Style::V3 => V3_FIELDS,
        };
        let mut values: [Option<String>; 2] = [None, None];
        let mut present = [false; 2];
        let mut ok = true;
        let mut issues = Vec::new();
        // Keys that misspell a field, read only when the field itself is absent.
        let mut misspelled: Vec<(usize, &Node)> = Vec::new();
        for (key, value) in members.iter() {
            let field = match &key.kind {
                NodeKind::Str(k) => match field_of(k, style) {
                    Some(f) => f,
                    None => {
                        if let Some(f) = near_miss(k) {
                            let want = fields[f];
                            issues.push(match style {
                                Style::Object => {
                                    let at = index.map_or(String::new(), |i| format!("[{i}]"));
                                    let path = format!("MetricDefinitions{at}");
                                    Misspelling::key(k, want, &path, key.span)
                                }
                                Style::V3 => Misspelling {
                                    message: format!(
                                        "`{k}` is not a field of MetricDefinition (its fields \
                                         are `name` and `regex`): Python refuses to build it, so \
                                         nothing is recorded. Write `{want}`"
                                    ),
                                    ..Misspelling::keyword(k, want, "MetricDefinition", key.span)
                                },
                            });
                            misspelled.push((f, value));
                        } else {
                            let allowed = match style {
                                Style::Object => "only `Name` and `Regex` are allowed",
                                Style::V3 => "MetricDefinition takes only `name` and `regex`",
                            };
                            self.problem(
                                key.span,
                                format!("unknown key `{k}` in a metric definition: {allowed}"),
                            );
                        }
                        continue;
                    }
                },
                NodeKind::Invalid => {
                    ok = false;
                    continue;
                }
                _ => {
                    let what = key.describe();
                    self.problem(
                        key.span,
                        format!("a key must be a literal string, found {what}"),
                    );
                    ok = false;
                    continue;
                }
            };
            let field_name = fields[field];
            if present[field] {
                self.problem(
                    key.span,
                    format!("duplicate key `{field_name}` in a metric definition"),
                );
                ok = false;
            }
            present[field] = true;
            match self.string_value(value, field_name) {
                Some(s) => {
                    if let Some(slot) = values.get_mut(field) {
                        *slot = Some(s);
                    }
                }
                None => ok = false,
            }
        }
        for (field, value) in misspelled {
            if present[field] {
                continue;
            }
            present[field] = true;
            match self.string_value(value, fields[field]) {
                Some(s) => values[field] = Some(s),
                None => ok = false,
            }
        }
        for (field, &here) in present.iter().enumerate() {
            if !here {
                let field_name = fields[field];
                self.problem(
                    item.span,
                    format!("this metric definition has no `{field_name}`"),
                );
                ok = false;
            }
        }
        let [name, regex] = values;
        match (ok, name, regex) {
            (true, Some(name), Some(regex)) => Some(Found {
                name,
                regex,
                span: item.span,
                issues,
            }),
            _ => {
                // Nothing to attach them to: the document carries them.
                issues.into_iter().for_each(|m| self.add_misspelling(m));
                None
            }
        }
    }

    /// The arguments of `MetricDefinition(...)` as `(key, value)` pairs:
    /// positional ones are `name` then `regex`.
    fn v3_members(
        &mut self,
        span: (usize, usize),
        args: &[Node],
        kwargs: &[(Node, Node)],
    ) -> Vec<(Node, Node)> {
        let mut members = Vec::new();
        for (i, arg) in args.iter().enumerate() {
            match V3_FIELDS.get(i) {
                Some(field) => members.push((
                    Node {
                        kind: NodeKind::Str((*field).to_owned()),
                        span: arg.span,
                    },
                    arg.clone(),
                )),
                None => self.problem(
                    arg.span,
                    "MetricDefinition takes two arguments, `name` and `regex`; this one is extra"
                        .to_owned(),
                ),
            }
        }
        if args.is_empty() && kwargs.is_empty() {
            self.problem(
                span,
                "MetricDefinition() without `name` and `regex`".to_owned(),
            );
        }
        members.extend(kwargs.iter().cloned());
        members
    }

    /// The text of a string value, or a problem saying why it is not one.
    fn string_value(&mut self, value: &Node, field: &str) -> Option<String> {
        let message = match &value.kind {
            NodeKind::Str(s) => return Some(s.clone()),
            NodeKind::Invalid => return None,
            NodeKind::Name(var) => format!(
                "`{field}` is `{var}`, a variable, not a literal string: metrex reads only \
                 the text written here; put the value itself in quotes"
            ),
            NodeKind::Expr("an f-string") => format!(
                "f-string is not a literal: metrex cannot fill in `{{...}}`; write the \
                 final text of `{field}` in a plain string"
            ),
            NodeKind::Expr("a bytes literal") => {
                format!("bytes literal: `{field}` must be a str; remove the `b` prefix")
            }
            NodeKind::Expr(what) => format!(
                "`{field}` is {what}, not a literal string: metrex does not run code; write \
                 the final text in quotes"
            ),
            _ => {
                let what = value.describe();
                format!("`{field}` must be a string, found {what}")
            }
        };
        self.problem(value.span, message);
        None
    }

    /// Reads a `{"Type": ..., "MetricName": ...}` objective; the first one read wins.
    pub fn read_objective(&mut self, node: &Node) {
        let NodeKind::Object(members) = &node.kind else {
            if !matches!(node.kind, NodeKind::Invalid | NodeKind::Ellipsis) {
                let what = node.describe();
                self.problem(
                    node.span,
                    format!("the tuning objective must be an object, found {what}"),
                );
            }
            return;
        };
        let mut name = None;
        let mut direction = None;
        let mut has_type = false;
        let mut has_name = false;
        for (key, value) in members {
            let Some(k) = key.as_str() else { continue };
            let field = if k == "MetricName" || misspell::is_near(k, "MetricName") {
                "MetricName"
            } else if k == "Type" || misspell::is_near(k, "Type") {
                "Type"
            } else {
                continue;
            };
            if k != field {
                self.add_misspelling(Misspelling::key(
                    k,
                    field,
                    "HyperParameterTuningJobObjective",
                    key.span,
                ));
            }
            if field == "MetricName" {
                has_name = true;
                name = self.string_value(value, "MetricName");
            } else {
                has_type = true;
                direction = self.direction_value(value);
            }
        }
        if !has_name {
            self.problem(node.span, "the tuning objective has no `MetricName`");
        }
        if !has_type {
            self.problem(
                node.span,
                "the tuning objective has no `Type` (`Maximize` or `Minimize`)",
            );
        }
        if let (Some(name), Some(direction)) = (name, direction) {
            if self.objective.is_none() {
                self.objective = Some(Objective { name, direction });
            }
        }
    }

    /// Reads `Maximize`/`Minimize` (any case) from a string node.
    pub fn direction_value(&mut self, value: &Node) -> Option<Direction> {
        let text = self.string_value(value, "Type")?;
        let direction = direction(&text);
        if direction.is_none() {
            self.problem(
                value.span,
                format!("the objective type must be `Maximize` or `Minimize`, found `{text}`"),
            );
        }
        direction
    }
}

/// `Maximize` or `Minimize`, in any case.
pub(super) fn direction(text: &str) -> Option<Direction> {
    let text = text.trim();
    if text.eq_ignore_ascii_case("maximize") {
        Some(Direction::Maximize)
    } else if text.eq_ignore_ascii_case("minimize") {
        Some(Direction::Minimize)
    } else {
        None
    }
}

const FIELDS: [&str; 2] = ["Name", "Regex"];
const V3_FIELDS: [&str; 2] = ["name", "regex"];

/// Whether a call builds an SDK v3 metric definition
/// (`MetricDefinition(...)`, `shapes.MetricDefinition(...)`).
pub(super) fn is_v3_callee(callee: &str) -> bool {
    callee.rsplit('.').next() == Some("MetricDefinition")
}

fn field_of(key: &str, style: Style) -> Option<usize> {
    match (style, key) {
        (Style::Object, "Name") | (_, "name") => Some(0),
        (Style::Object, "Regex") | (_, "regex") => Some(1),
        _ => None,
    }
}

/// The field an unknown key was probably meant to be.
fn near_miss(key: &str) -> Option<usize> {
    let k = misspell::normalize(key);
    match k.as_str() {
        "metricname" | "metric" => return Some(0),
        "pattern" | "regexp" | "re" | "expression" | "expr" | "regularexpression" => {
            return Some(1)
        }
        _ => {}
    }
    if k.chars().count() > 12 {
        return None;
    }
    let name = edit_distance(&k, "name");
    let regex = edit_distance(&k, "regex");
    if name <= 1 || (name == 2 && k.len() > 3 && name < regex) {
        Some(0)
    } else if regex <= 2 && k.len() > 2 {
        Some(1)
    } else {
        None
    }
}

use misspell::edit_distance;

fn is_key(key: &Node, want: &str) -> bool {
    key.as_str().is_some_and(|k| {
        let mut a = k.chars().filter(|c| *c != '_');
        let mut b = want.chars();
        loop {
            match (a.next(), b.next()) {
                (None, None) => return true,
                (Some(x), Some(y)) if x.eq_ignore_ascii_case(&y) => {}
                _ => return false,
            }
        }
    })
}

/// Reads every definition and the objective in a parsed document.
pub(super) fn parse(root: &Node, collector: &mut Collector) -> Shape {
    let mut objectives: Vec<&Node> = Vec::new();
    let mut tuning_objectives: Vec<&Node> = Vec::new();
    let mut aws = false;
    walk(
        root,
        "",
        collector,
        &mut aws,
        &mut objectives,
        &mut tuning_objectives,
    );
    if let Some(objective) = objectives.first().or(tuning_objectives.first()) {
        collector.read_objective(objective);
    }
    if aws {
        return Shape::Aws;
    }
    match &root.kind {
        NodeKind::List(_) | NodeKind::Tuple(_) => {
            collector.read_list(root);
            Shape::List
        }
        NodeKind::Object(members)
            if members.iter().any(|(k, _)| {
                k.as_str()
                    .and_then(|k| field_of(k, Style::Object))
                    .is_some()
            }) =>
        {
            // A single definition object: read it as a list of one.
            let list = Node {
                kind: NodeKind::List(vec![root.clone()]),
                span: root.span,
            };
            collector.read_list(&list);
            Shape::List
        }
        _ => Shape::Nothing,
    }
}

fn walk<'n>(
    node: &'n Node,
    parent: &str,
    collector: &mut Collector,
    aws: &mut bool,
    objectives: &mut Vec<&'n Node>,
    tuning_objectives: &mut Vec<&'n Node>,
) {
    let (members, callee) = match &node.kind {
        NodeKind::Object(members) => (members, None),
        NodeKind::Call {
            callee,
            args,
            kwargs,
        } => {
            for arg in args {
                walk(arg, parent, collector, aws, objectives, tuning_objectives);
            }
            (kwargs, Some(callee.rsplit('.').next().unwrap_or(callee)))
        }
        NodeKind::List(items) | NodeKind::Tuple(items) => {
            for item in items {
                walk(item, parent, collector, aws, objectives, tuning_objectives);
            }
            return;
        }
        _ => return,
    };
    for (key, value) in members {
        let key_text = key.as_str().unwrap_or("");
        match classify(key, callee, parent) {
            KeyRole::Definitions(issue) => {
                *aws = true;
                let per_definition = issue.as_ref().map(Misspelling::for_list);
                issue.into_iter().for_each(|m| collector.add_misspelling(m));
                match &value.kind {
                    NodeKind::List(_) => collector.read_list_flagged(value, per_definition),
                    NodeKind::Invalid | NodeKind::Null | NodeKind::Ellipsis => {}
                    _ => {
                        let what = value.describe();
                        collector.problem(
                            value.span,
                            format!("`MetricDefinitions` must be a list, found {what}"),
                        );
                    }
                }
            }
            KeyRole::Objective(issue) => {
                issue.into_iter().for_each(|m| collector.add_misspelling(m));
                objectives.push(value);
            }
            KeyRole::Misspelled(issue) => {
                collector.add_misspelling(issue);
                walk(
                    value,
                    key_text,
                    collector,
                    aws,
                    objectives,
                    tuning_objectives,
                );
            }
            KeyRole::TuningObjective => tuning_objectives.push(value),
            KeyRole::Other => walk(
                value,
                key_text,
                collector,
                aws,
                objectives,
                tuning_objectives,
            ),
        }
    }
}

/// What a key of an object (or a keyword of a call) holds.
enum KeyRole {
    /// A definitions list, with the misspelling of its key if any.
    Definitions(Option<Misspelling>),
    /// `HyperParameterTuningJobObjective`, with the misspelling of its key if any.
    Objective(Option<Misspelling>),
    /// A misspelled keyword whose value metrex does not read (`objective_type`).
    Misspelled(Misspelling),
    /// `TuningObjective`.
    TuningObjective,
    /// Anything else.
    Other,
}

/// The role of `key`, a key of an object or, when `callee` is given, a
/// keyword argument of a call to it; `parent` is the key holding the object.
fn classify(key: &Node, callee: Option<&str>, parent: &str) -> KeyRole {
    let Some(k) = key.as_str() else {
        return KeyRole::Other;
    };
    if k == "MetricDefinitions" || k == "metric_definitions" {
        return KeyRole::Definitions(None);
    }
    if k == "HyperParameterTuningJobObjective" {
        return KeyRole::Objective(None);
    }
    if k == "TuningObjective" {
        return KeyRole::TuningObjective;
    }
    if let Some(callee) = callee {
        if let Some(right) = misspell::near_keyword(k) {
            let issue = Misspelling::keyword(k, right, callee, key.span);
            return if right == "metric_definitions" {
                KeyRole::Definitions(Some(issue))
            } else {
                KeyRole::Misspelled(issue)
            };
        }
    }
    if misspell::is_near(k, "MetricDefinitions") {
        let right = if misspell::snake_case(k) {
            "metric_definitions"
        } else {
            "MetricDefinitions"
        };
        return KeyRole::Definitions(Some(Misspelling::key(k, right, parent, key.span)));
    }
    if misspell::is_near(k, "HyperParameterTuningJobObjective") {
        let right = "HyperParameterTuningJobObjective";
        return KeyRole::Objective(Some(Misspelling::key(k, right, parent, key.span)));
    }
    if is_key(key, "TuningObjective") {
        return KeyRole::TuningObjective;
    }
    KeyRole::Other
}

#[cfg(test)]
mod tests {
    use super::super::literal::{parse_json, parse_python};
    use super::*;

    fn read(text: &str) -> (Shape, Collector) {
        let parsed = parse_json(text);
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        let mut c = Collector::default();
        let shape = parse(&parsed.root, &mut c);
        (shape, c)
    }

    fn names(c: &Collector) -> Vec<&str> {
        c.definitions.iter().map(|d| d.name.as_str()).collect()
    }

    #[test]
    fn reads_a_plain_list() {
        let (shape, c) = read(r#"[{"Name": "a", "Regex": "x(1)"}, {"name": "b", "regex": "y"}]"#);
        assert_eq!(shape, Shape::List);
        assert_eq!(names(&c), ["a", "b"]);
        assert_eq!(c.definitions[1].regex, "y");
        assert!(c.problems.is_empty());
    }

    #[test]
    fn single_object_is_a_list_of_one() {
        let (shape, c) = read(r#"{"Name": "a", "Regex": "x"}"#);
        assert_eq!(shape, Shape::List);
        assert_eq!(names(&c), ["a"]);
    }

    #[test]
    fn finds_nested_lists_and_dedupes_across_them() {
        let text = r#"{
          "TrainingJobDefinition": {"AlgorithmSpecification": {"MetricDefinitions": [
             {"Name": "a", "Regex": "x"}, {"Name": "b", "Regex": "y"}]}},
          "TrainingJobDefinitions": [
             {"AlgorithmSpecification": {"MetricDefinitions": [
                {"Name": "a", "Regex": "x"}, {"Name": "c", "Regex": "z"}, {"Name": "a", "Regex": "x2"}]},
              "TuningObjective": {"Type": "minimize", "MetricName": "c"}}]
        }"#;
        let (shape, c) = read(text);
        assert_eq!(shape, Shape::Aws);
        assert_eq!(names(&c), ["a", "b", "c", "a"]);
        assert_eq!(c.definitions[3].regex, "x2");
        assert_eq!(
            c.objective,
            Some(Objective {
                name: "c".into(),
                direction: Direction::Minimize
            })
        );
    }

    #[test]
    fn duplicates_within_one_list_are_kept() {
        let (_, c) = read(r#"[{"Name": "a", "Regex": "x"}, {"Name": "a", "Regex": "x"}]"#);
        assert_eq!(c.definitions.len(), 2);
    }

    #[test]
    fn hyperparameter_objective_wins_over_tuning_objective() {
        let text = r#"{"TrainingJobDefinitions": [{"TuningObjective": {"Type": "Minimize", "MetricName": "t"}}],
          "HyperParameterTuningJobConfig": {"HyperParameterTuningJobObjective": {"Type": "Maximize", "MetricName": "h"}},
          "MetricDefinitions": []}"#;
        let (_, c) = read(text);
        assert_eq!(c.objective.as_ref().map(|o| o.name.as_str()), Some("h"));
        assert!(c.empty_list.is_some());
    }

    #[test]
    fn bad_objective_type_is_a_problem_at_the_value() {
        let text =
            r#"{"HyperParameterTuningJobObjective": {"Type": "Biggest", "MetricName": "h"}}"#;
        let (_, c) = read(text);
        assert_eq!(c.objective, None);
        assert_eq!(c.problems.len(), 1);
        let at = text.find("\"Biggest\"").unwrap_or(0);
        assert_eq!(c.problems[0].span, (at, at + 9));
        assert!(c.problems[0].message.contains("`Maximize` or `Minimize`"));
    }

    #[test]
    fn bad_elements_do_not_hide_good_ones() {
        let text = r#"[
            {"Name": "good1", "Regex": "a"},
            {"Name": "noregex"},
            {"Name": 5, "Regex": "b"},
            {"Name": "typo", "Regexp": "c"},
            {"Name": "extra", "Regex": "d", "Unit": "s"},
            "just a string",
            {"Name": "good2", "Regex": "e"}
        ]"#;
        let (_, c) = read(text);
        assert_eq!(names(&c), ["good1", "typo", "extra", "good2"]);
        let messages: Vec<&str> = c.problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(messages.len(), 4, "{messages:?}");
        assert!(messages[0].contains("has no `Regex`"));
        assert!(messages[1].contains("`Name` must be a string, found a number"));
        assert!(messages[2].contains("unknown key `Unit`"));
        assert!(messages[3].contains("found a string"));
        // The misspelled key is the typo definition's own finding.
        let issues = &c.definitions[1].issues;
        assert_eq!(issues.len(), 1);
        assert_eq!(issues[0].code, misspell::KEY);
        assert!(issues[0].message.contains("Write `Regex`"));
    }

    #[test]
    fn python_values_that_are_not_literals() {
        let parsed = parse_python(
            "[{'Name': name, 'Regex': 'a'}, {'Name': f'x{y}', 'Regex': 'a'}, \
             {'Name': 'n', 'Regex': b'a'}, {'Name': 'n', 'Regex': 'a' + x}, dict(Name='ok', Regex=r'\\d')]",
        );
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        let mut c = Collector::default();
        parse(&parsed.root, &mut c);
        assert_eq!(names(&c), ["ok"]);
        assert_eq!(c.definitions[0].regex, "\\d");
        let m: Vec<&str> = c.problems.iter().map(|p| p.message.as_str()).collect();
        assert!(
            m[0].contains("`name`, a variable, not a literal string"),
            "{m:?}"
        );
        assert!(m[1].starts_with("f-string is not a literal"));
        assert!(m[2].starts_with("bytes literal"));
        assert!(m[3].contains("an expression, not a literal string"));
    }

    #[test]
    fn near_misses() {
        assert_eq!(near_miss("Regexp"), Some(1));
        assert_eq!(near_miss("regx"), Some(1));
        assert_eq!(near_miss("REGEX"), Some(1));
        assert_eq!(near_miss("Nmae"), Some(0));
        assert_eq!(near_miss("MetricName"), Some(0));
        assert_eq!(near_miss("Pattern"), Some(1));
        assert_eq!(near_miss("Unit"), None);
        assert_eq!(near_miss("Value"), None);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    #[test]
    fn directions() {
        assert_eq!(direction("MAXIMIZE"), Some(Direction::Maximize));
        assert_eq!(direction("minimize"), Some(Direction::Minimize));
        assert_eq!(direction("max"), None);
    }
}
