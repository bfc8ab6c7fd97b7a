//! A pattern explained in words, from `regex-syntax`'s syntax tree.
//!
//! The AST keeps what the user wrote (spans, named groups, `(?:…)`, flags)
//! where the HIR has simplified it away, so the explanation, the page's
//! railroad diagram and the "why not" pieces of [`crate::why`] all come from
//! the same tree and cannot disagree. Group numbers are the AST's, which are
//! the regex crate's: by opening parenthesis.
//!
//! ```
//! let explained = metrex::explain::explain("Loss = (.*?);");
//! let tree = explained.tree.unwrap();
//! let words: Vec<&str> = tree.children.iter().map(|n| n.text.as_str()).collect();
//! assert_eq!(words, [
//!     "literal \"Loss = \"",
//!     "group 1 — the value SageMaker records: any character except a line break, \
//!      zero or more times, as few as possible",
//!     "then \";\"",
//! ]);
//! ```

use regex_syntax::ast::{self, Ast};
use serde::Serialize;

use crate::compile::{pattern_span, syntax_error, NEST_LIMIT};
use crate::report::{PatternError, PatternSpan};

/// A pattern explained: the tree, or why the pattern cannot be read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explanation {
    /// The pattern as given.
    pub regex: String,
    /// Why the pattern cannot be used (as in the report's `error`), or null.
    pub error: Option<PatternError>,
    /// The explanation, or null when the pattern does not parse.
    pub tree: Option<Node>,
}

/// What a node of the explanation stands for (serialized as its kebab-case name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The whole pattern: group 0, the whole match.
    Pattern,
    /// Literal text (consecutive literal characters are one node).
    Literal,
    /// `.`: any character (except a line break unless `s` is set).
    Any,
    /// A character class: `\d`, `[0-9.]`, `\pL`...
    Class,
    /// A repetition (`*`, `+`, `?`, `{n,m}`) of its one child.
    Repetition,
    /// A capture group (numbered, maybe named).
    Group,
    /// A group that captures nothing: `(?:…)`, maybe with flags `(?i:…)`.
    NonCapturing,
    /// Flags set for the rest of the enclosing group: `(?i)`.
    Flags,
    /// A zero-width assertion: `^`, `$`, `\b`...
    Anchor,
    /// Alternatives, tried in order: `a|b`.
    Alternation,
    /// Several nodes one after the other (an alternative that is not one node).
    Sequence,
    /// Nothing: matches the empty text.
    Empty,
}

impl Kind {
    /// The kebab-case name used in JSON: `pattern`, `literal`, `non-capturing`...
    pub fn name(self) -> &'static str {
        match self {
            Kind::Pattern => "pattern",
            Kind::Literal => "literal",
            Kind::Any => "any",
            Kind::Class => "class",
            Kind::Repetition => "repetition",
            Kind::Group => "group",
            Kind::NonCapturing => "non-capturing",
            Kind::Flags => "flags",
            Kind::Anchor => "anchor",
            Kind::Alternation => "alternation",
            Kind::Sequence => "sequence",
            Kind::Empty => "empty",
        }
    }
}

impl Serialize for Kind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

/// A capture group's number and name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GroupRef {
    /// Group number, counted by opening parenthesis as the regex crate does (1 is the value).
    pub index: u32,
    /// The group's name, for `(?P<name>…)` and `(?<name>…)`.
    pub name: Option<String>,
}

/// How often a repetition repeats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Repeat {
    /// Fewest times.
    pub min: u32,
    /// Most times; null for no limit.
    pub max: Option<u32>,
    /// Whether it takes as many as possible (greedy) rather than as few (lazy),
    /// after the `U` flag is applied.
    pub greedy: bool,
}

/// One node of the explanation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Node {
    /// What the node stands for.
    pub kind: Kind,
    /// The node in plain words.
    pub text: String,
    /// Where it is in the pattern.
    pub span: PatternSpan,
    /// For a capture group: its number and name; else null.
    pub group: Option<GroupRef>,
    /// For a repetition: how often; else null.
    pub repeat: Option<Repeat>,
    /// The parts, in pattern order (a repetition has one: what is repeated).
    pub children: Vec<Node>,
}

impl Node {
    /// Whether the node's own text already says everything about its children
    /// (a repetition of one class, a group around one simple node), so a
    /// printed tree need not list them.
    pub fn children_in_text(&self) -> bool {
        match self.kind {
            // A repetition says what it repeats only when that is one piece (`\d+`).
            Kind::Repetition => self.children.len() == 1 && is_leaf(self.children[0].kind),
            Kind::Group | Kind::NonCapturing => {
                self.children.len() == 1 && is_simple(&self.children[0])
            }
            _ => self.children.is_empty(),
        }
    }
}

fn is_simple(node: &Node) -> bool {
    match node.kind {
        Kind::Literal | Kind::Any | Kind::Class | Kind::Anchor | Kind::Empty => true,
        Kind::Repetition => node.children.iter().all(|c| is_leaf(c.kind)),
        _ => false,
    }
}

fn is_leaf(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::Literal | Kind::Any | Kind::Class | Kind::Anchor | Kind::Empty
    )
}

/// Parses a pattern into its syntax tree as the engine does (same nest limit).
pub fn parse_ast(pattern: &str) -> Result<Ast, PatternError> {
    // The HIR translation finds errors the AST parser lets through (`\Z`-style
    // Python habits are AST errors, invalid UTF-8 classes are HIR errors).
    regex_syntax::ParserBuilder::new()
        .nest_limit(NEST_LIMIT)
        .build()
        .parse(pattern)
        .map_err(|e| syntax_error(pattern, &e))?;
    ast::parse::ParserBuilder::new()
        .nest_limit(NEST_LIMIT)
        .build()
        .parse(pattern)
        .map_err(|e| syntax_error(pattern, &regex_syntax::Error::Parse(e)))
}

/// Explains `pattern`. Never fails: a pattern that does not parse gives `error`
/// and no tree.
pub fn explain(pattern: &str) -> Explanation {
    let tree = parse_ast(pattern).map(|ast| {
        let mut ex = Explainer { pattern };
        let mut children = Vec::new();
        ex.items(&ast, Flags::default(), &mut children);
        Node {
            kind: Kind::Pattern,
            text: "the whole match (group 0)".into(),
            span: pattern_span(pattern, 0, pattern.len()),
            group: None,
            repeat: None,
            children,
        }
    });
    match tree {
        Ok(tree) => Explanation {
            regex: pattern.to_string(),
            error: None,
            tree: Some(tree),
        },
        Err(error) => Explanation {
            regex: pattern.to_string(),
            error: Some(error),
            tree: None,
        },
    }
}

/// The flags in effect at a point of the pattern.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Flags {
    /// `i`
    pub case_insensitive: bool,
    /// `s`
    pub dot_all: bool,
    /// `U`
    pub swap_greed: bool,
}

impl Flags {
    /// These flags with `set` applied.
    pub(crate) fn apply(mut self, set: &ast::Flags) -> Flags {
        let mut on = true;
        for item in &set.items {
            match item.kind {
                ast::FlagsItemKind::Negation => on = false,
                ast::FlagsItemKind::Flag(ast::Flag::CaseInsensitive) => self.case_insensitive = on,
                ast::FlagsItemKind::Flag(ast::Flag::DotMatchesNewLine) => self.dot_all = on,
                ast::FlagsItemKind::Flag(ast::Flag::SwapGreed) => self.swap_greed = on,
                ast::FlagsItemKind::Flag(_) => {}
            }
        }
        self
    }
}

/// One piece of a pattern in words, as "why not" names what it expected: a
/// literal character quoted, anything else as in the explanation.
pub(crate) fn describe(pattern: &str, ast: &Ast, flags: Flags) -> String {
    if let Ast::Literal(lit) = ast {
        let case = if flags.case_insensitive {
            " (any case)"
        } else {
            ""
        };
        return format!("{}{case}", quote(&lit.c.to_string()));
    }
    let node = Explainer { pattern }.one(ast, flags);
    if node.children_in_text() || is_simple(&node) {
        node.text
    } else {
        let source = pattern
            .get(node.span.start..node.span.end)
            .unwrap_or_default();
        format!("`{source}` ({})", node.text.trim_end_matches(':'))
    }
}

struct Explainer<'p> {
    pattern: &'p str,
}

impl Explainer<'_> {
    fn node(&self, kind: Kind, text: String, span: &ast::Span) -> Node {
        Node {
            kind,
            text,
            span: pattern_span(self.pattern, span.start.offset, span.end.offset),
            group: None,
            repeat: None,
            children: Vec::new(),
        }
    }

    /// The nodes of `ast` as a list: a concatenation gives its items (with
    /// literal runs merged), anything else one node.
    fn items(&mut self, ast: &Ast, mut flags: Flags, out: &mut Vec<Node>) {
        let Ast::Concat(concat) = ast else {
            out.push(self.one(ast, flags));
            return;
        };
        let mut run: Option<(String, ast::Span, bool)> = None;
        for item in &concat.asts {
            if let Ast::Literal(lit) = item {
                match &mut run {
                    Some((text, span, _)) => {
                        text.push(lit.c);
                        span.end = lit.span.end;
                    }
                    None => run = Some((lit.c.to_string(), lit.span, flags.case_insensitive)),
                }
                continue;
            }
            if let Some((text, span, ci)) = run.take() {
                out.push(self.literal(&text, &span, ci, !out.is_empty()));
            }
            if let Ast::Flags(set) = item {
                flags = flags.apply(&set.flags);
            }
            out.push(self.one(item, flags));
        }
        if let Some((text, span, ci)) = run.take() {
            out.push(self.literal(&text, &span, ci, !out.is_empty()));
        }
    }

    fn literal(&self, text: &str, span: &ast::Span, ci: bool, then: bool) -> Node {
        let words = format!(
            "{}{}{}{}",
            if then { "then " } else { "literal " },
            quote(text),
            if ci { " (any case)" } else { "" },
            if text.contains("#011") {
                " (#011 is a TAB as CloudWatch writes it)"
            } else {
                ""
            }
        );
        self.node(Kind::Literal, words, span)
    }

    fn one(&mut self, ast: &Ast, flags: Flags) -> Node {
        match ast {
            Ast::Empty(span) => self.node(Kind::Empty, "nothing (the empty text)".into(), span),
            Ast::Literal(lit) => {
                self.literal(&lit.c.to_string(), &lit.span, flags.case_insensitive, false)
            }
            Ast::Dot(span) => self.node(Kind::Any, dot_words(flags).into(), span),
            Ast::Flags(set) => self.node(
                Kind::Flags,
                format!("from here on: {}", flag_words(&set.flags)),
                &set.span,
            ),
            Ast::Assertion(a) => self.node(Kind::Anchor, assertion_words(&a.kind).into(), &a.span),
            Ast::ClassPerl(c) => self.node(Kind::Class, perl_words(c).into(), &c.span),
            Ast::ClassUnicode(c) => self.node(Kind::Class, unicode_words(c, self.pattern), &c.span),
            Ast::ClassBracketed(c) => {
                self.node(Kind::Class, bracketed_words(c, self.pattern), &c.span)
            }
            Ast::Repetition(rep) => self.repetition(rep, flags),
            Ast::Group(group) => self.group(group, flags),
            Ast::Alternation(alt) => {
                let mut node = self.node(
                    Kind::Alternation,
                    format!("one of {} alternatives, tried in order", alt.asts.len()),
                    &alt.span,
                );
                for branch in &alt.asts {
                    let mut parts = Vec::new();
                    self.items(branch, flags, &mut parts);
                    node.children.push(if parts.len() == 1 {
                        parts.remove(0)
                    } else {
                        let mut seq = self.node(Kind::Sequence, "in order:".into(), branch.span());
                        seq.children = parts;
                        seq
                    });
                }
                node
            }
            Ast::Concat(concat) => {
                let mut seq = self.node(Kind::Sequence, "in order:".into(), &concat.span);
                self.items(ast, flags, &mut seq.children);
                seq
            }
        }
    }

    fn repetition(&mut self, rep: &ast::Repetition, flags: Flags) -> Node {
        let (min, max) = match &rep.op.kind {
            ast::RepetitionKind::ZeroOrOne => (0, Some(1)),
            ast::RepetitionKind::ZeroOrMore => (0, None),
            ast::RepetitionKind::OneOrMore => (1, None),
            ast::RepetitionKind::Range(ast::RepetitionRange::Exactly(n)) => (*n, Some(*n)),
            ast::RepetitionKind::Range(ast::RepetitionRange::AtLeast(n)) => (*n, None),
            ast::RepetitionKind::Range(ast::RepetitionRange::Bounded(a, b)) => (*a, Some(*b)),
        };
        let greedy = rep.greedy != flags.swap_greed;
        let times = match (min, max) {
            (0, Some(1)) => "optional".to_string(),
            (0, None) => "zero or more times".to_string(),
            (1, None) => "one or more times".to_string(),
            (n, None) => format!("{n} or more times"),
            (1, Some(1)) => "once".to_string(),
            (a, Some(b)) if a == b => format!("exactly {a} times"),
            (a, Some(b)) => format!("{a} to {b} times"),
        };
        let greed = match (min, max, greedy) {
            (a, Some(b), _) if a == b => "",
            (0, Some(1), true) => " (taken when it can be)",
            (0, Some(1), false) => " (skipped when it can be: lazy)",
            (_, _, true) => ", as many as possible",
            (_, _, false) => ", as few as possible",
        };
        let child = self.one(&rep.ast, flags);
        let text = if is_leaf(child.kind) {
            let what = child
                .text
                .strip_prefix("literal ")
                .unwrap_or(&child.text)
                .to_string();
            format!("{what}, {times}{greed}")
        } else {
            format!("{times}{greed}:")
        };
        let mut node = self.node(Kind::Repetition, text, &rep.span);
        node.repeat = Some(Repeat { min, max, greedy });
        node.children.push(child);
        node
    }

    fn group(&mut self, group: &ast::Group, flags: Flags) -> Node {
        let (kind, group_ref, inner_flags, head) = match &group.kind {
            ast::GroupKind::CaptureIndex(index) => (
                Kind::Group,
                Some(GroupRef {
                    index: *index,
                    name: None,
                }),
                flags,
                group_head(*index, None),
            ),
            ast::GroupKind::CaptureName { name, .. } => (
                Kind::Group,
                Some(GroupRef {
                    index: name.index,
                    name: Some(name.name.clone()),
                }),
                flags,
                group_head(name.index, Some(&name.name)),
            ),
            ast::GroupKind::NonCapturing(set) if set.items.is_empty() => (
                Kind::NonCapturing,
                None,
                flags,
                "a group that captures nothing".to_string(),
            ),
            ast::GroupKind::NonCapturing(set) => (
                Kind::NonCapturing,
                None,
                flags.apply(set),
                format!("a group that captures nothing, {}", flag_words(set)),
            ),
        };
        let mut children = Vec::new();
        self.items(&group.ast, inner_flags, &mut children);
        let text = if children.len() == 1 && is_simple(&children[0]) {
            let inner = &children[0].text;
            let inner = inner.strip_prefix("literal ").unwrap_or(inner);
            format!("{head}: {inner}")
        } else {
            head
        };
        let mut node = self.node(kind, text, &group.span);
        node.group = group_ref;
        node.children = children;
        node
    }
}

fn group_head(index: u32, name: Option<&str>) -> String {
    let name = name.map_or(String::new(), |n| format!(" \"{n}\""));
    if index == 1 {
        format!("group 1{name} — the value SageMaker records")
    } else {
        format!("group {index}{name}")
    }
}

/// A piece of text in double quotes, control characters written as escapes.
pub fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if u8::try_from(c).is_ok_and(|b| b < 0x20 || b == 0x7f) => {
                out.push_str("\\x");
                out.push_str(&hex2(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A character below U+0100 as two uppercase hex digits.
pub(crate) fn hex2(c: char) -> String {
    const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
    let b = u32::from(c) & 0xff;
    let digit = |n: u32| char::from(DIGITS[n as usize & 15]);
    [digit(b >> 4), digit(b)].iter().collect()
}

pub(crate) fn dot_words(flags: Flags) -> &'static str {
    if flags.dot_all {
        "any character"
    } else {
        "any character except a line break"
    }
}

fn flag_words(set: &ast::Flags) -> String {
    let mut on = true;
    let mut words = Vec::new();
    for item in &set.items {
        let flag = match item.kind {
            ast::FlagsItemKind::Negation => {
                on = false;
                continue;
            }
            ast::FlagsItemKind::Flag(flag) => flag,
        };
        let word = match flag {
            ast::Flag::CaseInsensitive => "case-insensitive (i)",
            ast::Flag::MultiLine => {
                "^ and $ at line breaks (m; each log line is matched alone anyway)"
            }
            ast::Flag::DotMatchesNewLine => ". matches a line break too (s)",
            ast::Flag::SwapGreed => "greedy and lazy swapped (U)",
            ast::Flag::Unicode => "Unicode classes (u)",
            ast::Flag::CRLF => "CRLF line ends (R)",
            ast::Flag::IgnoreWhitespace => "spaces and # comments in the pattern ignored (x)",
        };
        words.push(if on {
            word.to_string()
        } else {
            format!("not {word}")
        });
    }
    words.join(", ")
}

pub(crate) fn assertion_words(kind: &ast::AssertionKind) -> &'static str {
    use ast::AssertionKind::*;
    match kind {
        StartLine | StartText => "the start of the line",
        EndLine | EndText => "the end of the line",
        WordBoundary => "a word boundary",
        NotWordBoundary => "not a word boundary",
        WordBoundaryStart | WordBoundaryStartAngle => "the start of a word",
        WordBoundaryEnd | WordBoundaryEndAngle => "the end of a word",
        WordBoundaryStartHalf => "no word character just before",
        WordBoundaryEndHalf => "no word character just after",
    }
}

fn perl_words(class: &ast::ClassPerl) -> &'static str {
    match (&class.kind, class.negated) {
        (ast::ClassPerlKind::Digit, false) => "a digit (any Unicode decimal digit)",
        (ast::ClassPerlKind::Digit, true) => "any character except a digit",
        (ast::ClassPerlKind::Space, false) => "a white-space character",
        (ast::ClassPerlKind::Space, true) => "any character except white space",
        (ast::ClassPerlKind::Word, false) => "a word character (letter, digit or \"_\")",
        (ast::ClassPerlKind::Word, true) => "any character except a word character",
    }
}

fn unicode_words(class: &ast::ClassUnicode, pattern: &str) -> String {
    let source = pattern
        .get(class.span.start.offset..class.span.end.offset)
        .unwrap_or("");
    format!("a character of the Unicode class {source}")
}

fn ascii_words(class: &ast::ClassAscii, pattern: &str) -> String {
    let source = pattern
        .get(class.span.start.offset..class.span.end.offset)
        .unwrap_or("");
    format!("a character of the ASCII class {source}")
}

fn bracketed_words(class: &ast::ClassBracketed, pattern: &str) -> String {
    let mut parts = Vec::new();
    set_words(&class.kind, pattern, &mut parts);
    let list = join_or(&parts);
    if class.negated {
        format!("any character except {list}")
    } else if parts.len() == 1 && !list.starts_with('"') {
        list
    } else {
        format!("one of {list}")
    }
}

fn set_words(set: &ast::ClassSet, pattern: &str, out: &mut Vec<String>) {
    match set {
        ast::ClassSet::Item(item) => item_words(item, pattern, out),
        ast::ClassSet::BinaryOp(op) => {
            let source = pattern
                .get(op.span.start.offset..op.span.end.offset)
                .unwrap_or("");
            out.push(format!("a character in the set [{source}]"));
        }
    }
}

fn item_words(item: &ast::ClassSetItem, pattern: &str, out: &mut Vec<String>) {
    match item {
        ast::ClassSetItem::Empty(_) => {}
        ast::ClassSetItem::Literal(lit) => out.push(quote(&lit.c.to_string())),
        ast::ClassSetItem::Range(range) => out.push(match (range.start.c, range.end.c) {
            ('0', '9') => "a digit 0–9".to_string(),
            ('a', 'z') => "a letter a–z".to_string(),
            ('A', 'Z') => "a letter A–Z".to_string(),
            (a, b) => format!(
                "a character from {} to {}",
                quote(&a.to_string()),
                quote(&b.to_string())
            ),
        }),
        ast::ClassSetItem::Ascii(c) => out.push(ascii_words(c, pattern)),
        ast::ClassSetItem::Unicode(c) => out.push(unicode_words(c, pattern)),
        ast::ClassSetItem::Perl(c) => out.push(perl_words(c).to_string()),
        ast::ClassSetItem::Bracketed(inner) => out.push(bracketed_words(inner, pattern)),
        ast::ClassSetItem::Union(union) => {
            for item in &union.items {
                item_words(item, pattern, out);
            }
        }
    }
}

fn join_or(parts: &[String]) -> String {
    match parts {
        [] => "nothing".to_string(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tree as indented lines, as `metrex explain` prints it.
    fn lines(pattern: &str) -> Vec<String> {
        fn walk(node: &Node, depth: usize, out: &mut Vec<String>) {
            out.push(format!("{}{}", "  ".repeat(depth), node.text));
            if !node.children_in_text() {
                for child in &node.children {
                    walk(child, depth + 1, out);
                }
            }
        }
        let mut out = Vec::new();
        let explained = explain(pattern);
        let tree = explained.tree.expect("parses");
        for child in &tree.children {
            walk(child, 0, &mut out);
        }
        out
    }

    #[test]
    fn aws_gan_loss() {
        assert_eq!(
            lines("Loss = (.*?);"),
            [
                "literal \"Loss = \"",
                "group 1 — the value SageMaker records: any character except a line break, zero or more times, as few as possible",
                "then \";\"",
            ]
        );
    }

    #[test]
    fn xgboost_train_error() {
        assert_eq!(
            lines(r".*\[[0-9]+\]#011train-error:(\S+).*"),
            [
                "any character except a line break, zero or more times, as many as possible",
                "then \"[\"",
                "a digit 0–9, one or more times, as many as possible",
                "then \"]#011train-error:\" (#011 is a TAB as CloudWatch writes it)",
                "group 1 — the value SageMaker records: any character except white space, one or more times, as many as possible",
                "any character except a line break, zero or more times, as many as possible",
            ]
        );
    }

    #[test]
    fn hugging_face_loss_nested_groups() {
        assert_eq!(
            lines(r"'loss': ([0-9]+(.|e\-)[0-9]+),?"),
            [
                "literal \"'loss': \"",
                "group 1 — the value SageMaker records",
                "  a digit 0–9, one or more times, as many as possible",
                "  group 2",
                "    one of 2 alternatives, tried in order",
                "      any character except a line break",
                "      literal \"e-\"",
                "  a digit 0–9, one or more times, as many as possible",
                "\",\", optional (taken when it can be)",
            ]
        );
        let tree = explain(r"'loss': ([0-9]+(.|e\-)[0-9]+),?").tree.unwrap();
        let group1 = &tree.children[1];
        assert_eq!(
            group1.group,
            Some(GroupRef {
                index: 1,
                name: None
            })
        );
        assert_eq!(
            group1.children[1].group,
            Some(GroupRef {
                index: 2,
                name: None
            })
        );
        assert_eq!((group1.span.start, group1.span.end), (8, 29));
    }

    #[test]
    fn builtin_number_pattern() {
        assert_eq!(
            lines(r"([-+]?[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)"),
            [
                "group 1 — the value SageMaker records",
                "  one of \"-\" or \"+\", optional (taken when it can be)",
                "  a digit 0–9, zero or more times, as many as possible",
                "  \".\", optional (taken when it can be)",
                "  a digit 0–9, one or more times, as many as possible",
                "  optional (taken when it can be):",
                "    a group that captures nothing",
                "      one of \"e\" or \"E\"",
                "      one of \"-\" or \"+\", optional (taken when it can be)",
                "      a digit 0–9, one or more times, as many as possible",
            ]
        );
    }

    #[test]
    fn anchors_named_groups_flags_and_classes() {
        assert_eq!(
            lines(r"(?i)^epoch (?P<epoch>\d+)[^;]*?\b(?<acc>[\w.]{2,5})$"),
            [
                "from here on: case-insensitive (i)",
                "the start of the line",
                "then \"epoch \" (any case)",
                "group 1 \"epoch\" — the value SageMaker records: a digit (any Unicode decimal digit), one or more times, as many as possible",
                "any character except \";\", zero or more times, as few as possible",
                "a word boundary",
                "group 2 \"acc\": one of a word character (letter, digit or \"_\") or \".\", 2 to 5 times, as many as possible",
                "the end of the line",
            ]
        );
        assert_eq!(
            lines(r"(?s:.)\s{3}\S?? x{2,}"),
            [
                "a group that captures nothing, . matches a line break too (s): any character",
                "a white-space character, exactly 3 times",
                "any character except white space, optional (skipped when it can be: lazy)",
                "then \" \"",
                "\"x\", 2 or more times, as many as possible",
            ]
        );
    }

    #[test]
    fn a_repeated_repetition_lists_what_it_repeats() {
        assert_eq!(
            lines("a++"),
            [
                "one or more times, as many as possible:",
                "  \"a\", one or more times, as many as possible",
            ]
        );
    }

    #[test]
    fn spans_are_in_bytes_utf16_and_columns() {
        let tree = explain("손실: (\\d+)").tree.unwrap();
        let lit = &tree.children[0];
        assert_eq!(lit.text, "literal \"손실: \"");
        let group = &tree.children[1];
        assert_eq!((group.span.start, group.span.end), (8, 13));
        assert_eq!((group.span.start_utf16, group.span.end_utf16), (4, 9));
        assert_eq!(group.span.column, 4);
    }

    #[test]
    fn errors_have_no_tree() {
        let explained = explain("loss=(?<=a)(\\d+)");
        assert!(explained.tree.is_none());
        assert_eq!(explained.error.unwrap().code, "unsupported-look-around");
        let explained = explain("(unclosed");
        assert!(explained.tree.is_none());
        assert!(explained.error.is_some());
        // No capture group is not an error here: the pattern is still explained.
        assert!(explain("loss").error.is_none());
    }
}
