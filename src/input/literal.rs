//! A span-aware parser for JSON and Python literals.
//!
//! Both dialects produce the same tree of [`Node`]s, each with the byte span it
//! covers in the input, so that every definition and every error can point at
//! the text the user typed. The parser is hand-written recursive descent with
//! three properties the rest of `input` relies on:
//!
//! - **It never gives up early.** A syntax error is recorded and the parser
//!   skips to the next `,` or closing bracket at the same depth (or to the next
//!   line that starts with `{`), so the elements after a broken one are still
//!   read. Nothing panics on any input.
//! - **Its depth is bounded.** Containers nest at most [`MAX_DEPTH`] levels;
//!   deeper input is one error and is skipped without recursion.
//! - **It is linear** in the size of the input.
//!
//! JSON is read per RFC 8259 with a few lenient additions that cannot be
//! misread: trailing commas, `//` and `/* */` comments, `...` placeholders, and
//! bare words such as `ContainerName` (as in the AWS documentation) where a
//! value is expected. Python is read as Python 3 reads literals: every string
//! prefix and escape, implicit concatenation, comments, tuples, `dict(...)`
//! calls; anything that is code rather than a literal (a variable, an
//! expression, an f-string) becomes a node that says so.

/// How deep containers may nest before the parser refuses to go further.
pub const MAX_DEPTH: usize = 128;

/// One value in a parsed literal, with the UTF-8 byte span (`start`, `end`) it
/// covers in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// What the value is.
    pub kind: NodeKind,
    /// Byte offsets of the value's first byte and of the byte just past it.
    pub span: (usize, usize),
}

/// The kinds of value a JSON or Python literal can hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NodeKind {
    /// A string, after escapes and implicit concatenation were applied.
    Str(String),
    /// A number (its text is the node's span).
    Number,
    /// `true`/`false` (JSON) or `True`/`False` (Python).
    Bool(bool),
    /// `null` (JSON) or `None` (Python).
    Null,
    /// `...`, a placeholder in pasted documentation (or Python's `Ellipsis`).
    Ellipsis,
    /// A list `[...]`.
    List(Vec<Node>),
    /// A Python tuple `(a, b)` or set `{a, b}`.
    Tuple(Vec<Node>),
    /// A JSON object or Python dict (including `dict(Name=...)`), as
    /// `(key, value)` pairs in input order. Keys of `dict(...)` keyword
    /// arguments are [`NodeKind::Str`] nodes spanning the keyword.
    Object(Vec<(Node, Node)>),
    /// A Python call other than `dict(...)`: the callee as written
    /// (`sagemaker.tuner.HyperparameterTuner`), positional and keyword arguments.
    Call {
        /// The dotted name that is called.
        callee: String,
        /// Positional arguments.
        args: Vec<Node>,
        /// Keyword arguments, keys as [`NodeKind::Str`] nodes.
        kwargs: Vec<(Node, Node)>,
    },
    /// A bare (possibly dotted) name: a Python variable, or a placeholder word in JSON.
    Name(String),
    /// Code that is not a literal; the text says what it is ("an f-string",
    /// "a bytes literal", "an expression").
    Expr(&'static str),
    /// A value that could not be parsed; the error was already reported.
    Invalid,
}

impl Node {
    fn new(kind: NodeKind, start: usize, end: usize) -> Node {
        Node {
            kind,
            span: (start, end),
        }
    }

    /// The string value, if this is a string.
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::Str(s) => Some(s),
            _ => None,
        }
    }

    /// A short description of the kind of value, for messages ("a number").
    pub fn describe(&self) -> &'static str {
        match &self.kind {
            NodeKind::Str(_) => "a string",
            NodeKind::Number => "a number",
            NodeKind::Bool(_) => "a boolean",
            NodeKind::Null => "null",
            NodeKind::Ellipsis => "`...`",
            NodeKind::List(_) => "a list",
            NodeKind::Tuple(_) => "a tuple",
            NodeKind::Object(_) => "an object",
            NodeKind::Call { .. } => "a call",
            NodeKind::Name(_) => "a variable",
            NodeKind::Expr(what) => what,
            NodeKind::Invalid => "an invalid value",
        }
    }
}

/// Which literal syntax to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dialect {
    /// JSON (RFC 8259) with lenient additions.
    Json,
    /// Python 3 literals.
    Python,
}

/// A syntax error, with the byte span it concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SyntaxError {
    /// What is wrong and, when clear, how to fix it.
    pub message: String,
    /// Byte span of the offending text.
    pub span: (usize, usize),
    /// The error is inside a string (an escape, a control character): the
    /// structure around it was still read correctly.
    pub in_string: bool,
    /// The error is text after a complete document (in Python, that is
    /// usually just more code).
    pub trailing: bool,
}

/// The result of parsing one value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Parsed {
    /// The value read (possibly partial, with [`NodeKind::Invalid`] parts).
    pub root: Node,
    /// Every syntax error, in input order.
    pub errors: Vec<SyntaxError>,
    /// Byte offset just past the value.
    pub end: usize,
}

impl Parsed {
    /// Offset of the first error, or `usize::MAX` when there is none: how far
    /// the parse got before something went wrong.
    pub fn reach(&self) -> usize {
        self.errors
            .iter()
            .map(|e| e.span.0)
            .min()
            .unwrap_or(usize::MAX)
    }
}

/// Parses all of `text` as one JSON value.
pub(crate) fn parse_json(text: &str) -> Parsed {
    parse_document(text, Dialect::Json)
}

/// Parses all of `text` as one Python literal.
pub(crate) fn parse_python(text: &str) -> Parsed {
    parse_document(text, Dialect::Python)
}

fn parse_document(text: &str, dialect: Dialect) -> Parsed {
    let mut p = Parser::new(text, 0, dialect, false);
    let root = p.value().unwrap_or_else(|b| p.invalid(b));
    let end = p.pos;
    p.skip_trivia();
    if p.pos < text.len() && p.errors.is_empty() {
        let found = p.found();
        let what = match root.kind {
            NodeKind::List(_) => "the list",
            NodeKind::Object(_) => "the object",
            _ => "the value",
        };
        let at = p.pos;
        let len = p.char_len_at(at);
        p.error(
            at,
            at + len,
            format!("unexpected {found} after the end of {what}"),
        );
        if let Some(e) = p.errors.last_mut() {
            e.trailing = true;
        }
    }
    Parsed {
        root,
        errors: p.errors,
        end,
    }
}

/// Parses one value starting at byte `start` of `text` and stops at its end.
/// In Python, the value is read as in a statement: outside brackets, a line
/// break ends it.
pub(crate) fn parse_value_at(text: &str, start: usize, dialect: Dialect) -> Parsed {
    let mut p = Parser::new(text, start, dialect, true);
    // `name=` may be followed by a line break inside a call's parentheses.
    p.skip_all_space();
    let root = p.value().unwrap_or_else(|b| p.invalid(b));
    Parsed {
        root,
        errors: p.errors,
        end: p.pos,
    }
}

/// If a Python string literal (with any prefix) starts at `pos`, returns its
/// value (`None` for f-strings, bytes, and strings with bad escapes) and the
/// offset just past it. An unterminated string is not a string here.
pub(crate) fn python_string_at(text: &str, pos: usize) -> Option<(Option<String>, usize)> {
    let mut p = Parser::new(text, pos, Dialect::Python, true);
    let flags = p.string_prefix_at(pos)?;
    let node = p.py_string(pos, flags).ok()?;
    Some((node.as_str().map(str::to_owned), p.pos))
}

/// Whether `b` can continue an identifier (non-ASCII bytes count: Python
/// allows Unicode identifiers, and the scanner only needs word boundaries).
pub(crate) fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

/// Returned when a value could not be read; the error is already recorded and
/// the parser must recover. Holds where the value started.
#[derive(Debug, Clone, Copy)]
struct Broken(usize);

type PResult = Result<Node, Broken>;

/// Where error recovery stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Resume {
    /// At a `,` of the current container.
    Comma,
    /// At the current container's closing bracket.
    Closer,
    /// At a `{` that starts a line: probably the next element of the list
    /// that holds the current object.
    NextElement,
    /// At the closing bracket of an enclosing container, or at the end.
    Out,
}

#[derive(Debug, Clone, Copy, Default)]
struct StrFlags {
    raw: bool,
    bytes: bool,
    format: bool,
}

struct Parser<'a> {
    text: &'a str,
    b: &'a [u8],
    pos: usize,
    dialect: Dialect,
    /// Closing brackets of the open containers, innermost last.
    closers: Vec<u8>,
    /// A line break outside brackets ends the value (Python statements).
    statement: bool,
    errors: Vec<SyntaxError>,
}

impl<'a> Parser<'a> {
    fn new(text: &'a str, start: usize, dialect: Dialect, statement: bool) -> Self {
        Parser {
            text,
            b: text.as_bytes(),
            pos: start.min(text.len()),
            dialect,
            closers: Vec::new(),
            statement,
            errors: Vec::new(),
        }
    }

    fn python(&self) -> bool {
        self.dialect == Dialect::Python
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.pos).copied()
    }

    fn byte(&self, i: usize) -> Option<u8> {
        self.b.get(i).copied()
    }

    fn char_at(&self, i: usize) -> Option<char> {
        self.text.get(i..).and_then(|s| s.chars().next())
    }

    fn char_len_at(&self, i: usize) -> usize {
        self.char_at(i).map_or(0, char::len_utf8)
    }

    /// Moves past one character (not just one byte).
    fn bump_char(&mut self) {
        self.pos += self.char_len_at(self.pos).max(1);
    }

    #[inline(never)]
    fn error(&mut self, start: usize, end: usize, message: String) {
        self.errors.push(SyntaxError {
            message,
            span: (start, end.max(start)),
            in_string: false,
            trailing: false,
        });
    }

    #[inline(never)]
    fn string_error(&mut self, start: usize, end: usize, message: String) {
        self.errors.push(SyntaxError {
            message,
            span: (start, end.max(start)),
            in_string: true,
            trailing: false,
        });
    }

    /// Records "expected {what}, found {the current token}{hint}" at the current token.
    #[cold]
    #[inline(never)]
    fn expected(&mut self, what: &str, hint: &str) {
        let found = self.found();
        let at = self.pos;
        let end = self.token_end(at);
        self.error(at, end, format!("expected {what}, found {found}{hint}"));
    }

    /// Records an error at the current character and reports the value as broken.
    #[inline(never)]
    fn fail(&mut self, start: usize, message: String) -> PResult {
        let at = self.pos;
        let end = self.token_end(at);
        self.error(at, end, message);
        Err(Broken(start))
    }

    /// The end of the word at `at`, or of its one character if it is not a word.
    fn token_end(&self, at: usize) -> usize {
        let end = self.word_end(at);
        if end > at && self.char_at(at).is_some_and(is_ident_char) {
            end
        } else {
            at + self.char_len_at(at)
        }
    }

    fn invalid(&self, b: Broken) -> Node {
        Node::new(NodeKind::Invalid, b.0.min(self.pos), self.pos)
    }

    /// How to name the character at the current position in a message.
    #[inline(never)]
    fn found(&self) -> String {
        match self.char_at(self.pos) {
            None => "the end of the text".to_owned(),
            Some('\n' | '\r') => "the end of the line".to_owned(),
            Some(c @ ('“' | '”' | '‘' | '’')) => {
                format!("a curly quote `{c}` (use straight quotes: `\"` or `'`)")
            }
            Some(c) if c.is_control() => format!("the control character U+{:04X}", c as u32),
            Some(_) => {
                let end = self.word_end(self.pos);
                if end > self.pos && end - self.pos <= 40 {
                    format!("`{}`", self.text.get(self.pos..end).unwrap_or(""))
                } else {
                    format!("`{}`", self.char_at(self.pos).unwrap_or(' '))
                }
            }
        }
    }

    fn word_end(&self, mut i: usize) -> usize {
        while self.byte(i).is_some_and(is_ident_byte) {
            i += 1;
        }
        // Stop on a character boundary (non-ASCII bytes are word bytes).
        while i < self.b.len() && !self.text.is_char_boundary(i) {
            i += 1;
        }
        i
    }

    /// A line break is the end of a statement here.
    fn newline_ends(&self) -> bool {
        self.statement && self.closers.is_empty() && self.python()
    }

    fn skip_to_eol(&mut self) {
        while let Some(c) = self.peek() {
            if c == b'\n' || c == b'\r' {
                break;
            }
            self.pos += 1;
        }
    }

    /// Skips white space and comments (and, in Python, backslash line joins).
    fn skip_trivia(&mut self) {
        let newline_ends = self.newline_ends();
        while let Some(c) = self.peek() {
            match c {
                b' ' | b'\t' | 0x0c => self.pos += 1,
                b'\n' | b'\r' if !newline_ends => self.pos += 1,
                b'#' if self.python() => self.skip_to_eol(),
                b'\\'
                    if self.python() && matches!(self.byte(self.pos + 1), Some(b'\n' | b'\r')) =>
                {
                    self.pos += 1;
                    self.skip_newline();
                }
                b'/' if !self.python() && self.byte(self.pos + 1) == Some(b'/') => {
                    self.skip_to_eol()
                }
                b'/' if !self.python() && self.byte(self.pos + 1) == Some(b'*') => {
                    let start = self.pos;
                    match self.text.get(start + 2..).and_then(|s| s.find("*/")) {
                        Some(i) => self.pos = start + 2 + i + 2,
                        None => {
                            self.pos = self.b.len();
                            self.error(start, start + 2, "unterminated `/*` comment".to_owned());
                        }
                    }
                }
                // NO-BREAK SPACE and BOM, common in text pasted from web pages.
                0xC2 if self.byte(self.pos + 1) == Some(0xA0) => self.pos += 2,
                0xEF if self.b.get(self.pos + 1..self.pos + 3) == Some(&[0xBB, 0xBF]) => {
                    self.pos += 3
                }
                _ => break,
            }
        }
    }

    fn skip_newline(&mut self) {
        match self.peek() {
            Some(b'\r') if self.byte(self.pos + 1) == Some(b'\n') => self.pos += 2,
            Some(b'\r' | b'\n') => self.pos += 1,
            _ => {}
        }
    }

    // ----- values -----

    fn value(&mut self) -> PResult {
        self.skip_trivia();
        let start = self.pos;
        let Some(c) = self.peek() else {
            return self.fail(
                start,
                "expected a value, found the end of the text".to_owned(),
            );
        };
        let node = match c {
            b'[' => self.list(),
            b'{' => self.brace(),
            b'(' if self.python() => self.paren(),
            b'"' => {
                if self.python() {
                    self.py_strings(start, StrFlags::default())
                } else {
                    self.json_string()
                }
            }
            b'\'' if self.python() => self.py_strings(start, StrFlags::default()),
            b'.' if self.b.get(start..start + 3) == Some(b"...") => {
                self.pos += 3;
                Ok(Node::new(NodeKind::Ellipsis, start, self.pos))
            }
            b'0'..=b'9' | b'-' => self.number(),
            b'.' | b'+' | b'~' if self.python() => self.number(),
            b'*' if self.python() => {
                self.skip_expr();
                Ok(Node::new(NodeKind::Expr("an unpacking"), start, self.pos))
            }
            c if is_ident_byte(c) && self.char_at(start).is_some_and(is_ident_char) => self.word(),
            b'\'' => self.fail(
                start,
                "expected a value, found `'` (JSON strings need double quotes)".to_owned(),
            ),
            _ => {
                self.expected("a value", "");
                Err(Broken(start))
            }
        }?;
        if self.python() {
            Ok(self.continuation(node))
        } else {
            Ok(node)
        }
    }

    /// In Python, a value followed by an operator is part of an expression:
    /// skip the rest of it and return an expression node.
    #[inline(never)]
    fn continuation(&mut self, node: Node) -> Node {
        let save = self.pos;
        self.skip_trivia();
        let op = match self.peek() {
            Some(b'+' | b'-' | b'*' | b'/' | b'%' | b'@' | b'&' | b'|' | b'^' | b'<' | b'>') => {
                true
            }
            Some(b'=' | b'!') => self.byte(self.pos + 1) == Some(b'='),
            Some(b'.') => true,
            Some(b'(' | b'[') => !matches!(node.kind, NodeKind::Object(_) | NodeKind::List(_)),
            Some(c) if c.is_ascii_alphabetic() => {
                let end = self.word_end(self.pos);
                matches!(
                    self.text.get(self.pos..end),
                    Some("if" | "else" | "for" | "and" | "or" | "not" | "in" | "is" | "async")
                )
            }
            _ => false,
        };
        if !op {
            self.pos = save;
            return node;
        }
        self.skip_expr();
        let what =
            if self.text.get(node.span.0..self.pos).is_some_and(|s| {
                s.contains(" for ") || s.contains("\tfor ") || s.contains("\nfor ")
            }) {
                "a comprehension"
            } else {
                "an expression"
            };
        Node::new(NodeKind::Expr(what), node.span.0, self.pos)
    }

    /// Skips the rest of a Python expression: up to a `,`, `:`, `=`, closing
    /// bracket (or line break in a statement) outside nested brackets.
    #[inline(never)]
    fn skip_expr(&mut self) {
        let mut depth = 0usize;
        loop {
            if depth == 0 {
                self.skip_trivia();
            } else {
                self.skip_all_space();
            }
            let Some(c) = self.peek() else { return };
            match c {
                b',' | b':' | b')' | b']' | b'}' if depth == 0 => return,
                b'\n' | b'\r' if depth == 0 => return,
                b'=' | b'<' | b'>' | b'!' if self.byte(self.pos + 1) == Some(b'=') => self.pos += 2,
                b'=' if depth == 0 => return,
                b'(' | b'[' | b'{' => {
                    depth += 1;
                    self.pos += 1;
                }
                b')' | b']' | b'}' => {
                    depth -= 1;
                    self.pos += 1;
                }
                _ => self.skip_token(),
            }
        }
    }

    /// Skips white space, line breaks and comments regardless of context.
    fn skip_all_space(&mut self) {
        let statement = self.statement;
        self.statement = false;
        self.skip_trivia();
        self.statement = statement;
    }

    /// Skips one token that is not a bracket: a string, or one character.
    #[inline(never)]
    fn skip_token(&mut self) {
        let start = self.pos;
        let string = match self.peek() {
            Some(b'"') => true,
            Some(b'\'') => self.python(),
            Some(c) if is_ident_byte(c) && self.python() => {
                let end = self.word_end(start);
                if self.string_prefix_at(start).is_some() {
                    true
                } else {
                    self.pos = end.max(start + 1);
                    return;
                }
            }
            _ => false,
        };
        if string {
            let errors = self.errors.len();
            let _ = if self.python() {
                let flags = self.string_prefix_at(start).unwrap_or_default();
                self.py_string(start, flags)
            } else {
                self.json_string()
            };
            self.errors.truncate(errors);
            if self.pos <= start {
                self.pos = start + 1;
            }
        } else {
            self.bump_char();
        }
    }

    #[inline(never)]
    fn number(&mut self) -> PResult {
        let start = self.pos;
        if self.python() {
            // Unary signs, then a loose Python number; a sign before anything
            // else makes an expression.
            while matches!(self.peek(), Some(b'+' | b'-' | b'~')) {
                self.pos += 1;
                self.skip_trivia();
            }
            let digits = self.pos;
            let number_start = match self.peek() {
                Some(b'0'..=b'9') => true,
                Some(b'.') => self.byte(self.pos + 1).is_some_and(|c| c.is_ascii_digit()),
                _ => false,
            };
            if !number_start {
                if digits == start {
                    self.expected("a value", "");
                    return Err(Broken(start));
                }
                let operand = self.value()?;
                return Ok(Node::new(
                    NodeKind::Expr("an expression"),
                    start,
                    operand.span.1,
                ));
            }
            let hex = matches!(
                self.b.get(self.pos..self.pos + 2),
                Some([b'0', b'x' | b'X' | b'o' | b'O' | b'b' | b'B'])
            );
            while let Some(c) = self.peek() {
                let exponent_sign = (c == b'+' || c == b'-')
                    && !hex
                    && matches!(self.byte(self.pos.saturating_sub(1)), Some(b'e' | b'E'));
                if c.is_ascii_alphanumeric() || c == b'_' || c == b'.' || exponent_sign {
                    self.pos += 1;
                } else {
                    break;
                }
            }
            return Ok(Node::new(NodeKind::Number, start, self.pos));
        }
        // JSON: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        let int_start = self.pos;
        let ok_int = self.digits() > 0;
        let leading_zero = self.byte(int_start) == Some(b'0') && self.pos > int_start + 1;
        let mut ok = ok_int && !leading_zero;
        if self.peek() == Some(b'.') {
            self.pos += 1;
            ok &= self.digits() > 0;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            ok &= self.digits() > 0;
        }
        if !ok {
            let end = self.word_end(self.pos).max(self.pos);
            let text = self.text.get(start..end).unwrap_or("");
            self.error(start, end, format!("invalid number `{text}`"));
            self.pos = end;
            return Err(Broken(start));
        }
        Ok(Node::new(NodeKind::Number, start, self.pos))
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.pos += 1;
        }
        self.pos - start
    }

    /// A bare word: a keyword literal, a name, a call, or a string prefix.
    #[inline(never)]
    fn word(&mut self) -> PResult {
        let start = self.pos;
        if self.python() {
            if let Some(flags) = self.string_prefix_at(start) {
                return self.py_strings(start, flags);
            }
        }
        let end = self.word_end(start);
        let word = self.text.get(start..end).unwrap_or("");
        if self.python()
            && word.len() <= 3
            && word.bytes().all(|c| b"rRuUbBfFtT".contains(&c))
            && matches!(self.byte(end), Some(b'\'' | b'"'))
        {
            self.error(start, end, format!("invalid string prefix `{word}`"));
            self.pos = end;
            return Err(Broken(start));
        }
        self.pos = end;
        let literal = match (self.dialect, word) {
            (Dialect::Json, "true") | (Dialect::Python, "True") => Some(NodeKind::Bool(true)),
            (Dialect::Json, "false") | (Dialect::Python, "False") => Some(NodeKind::Bool(false)),
            (Dialect::Json, "null") | (Dialect::Python, "None") => Some(NodeKind::Null),
            _ => None,
        };
        if let Some(kind) = literal {
            return Ok(Node::new(kind, start, end));
        }
        if !self.python() {
            if let Some(json) = match word {
                "True" => Some("true"),
                "False" => Some("false"),
                "None" => Some("null"),
                _ => None,
            } {
                self.pos = start;
                return self.fail(
                    start,
                    format!("`{word}` is Python, not JSON: JSON writes `{json}`"),
                );
            }
            // A placeholder such as `ContainerName` in the AWS documentation.
            return Ok(Node::new(NodeKind::Name(word.to_owned()), start, end));
        }
        if matches!(word, "not" | "lambda" | "await" | "yield") {
            self.skip_expr();
            return Ok(Node::new(NodeKind::Expr("an expression"), start, self.pos));
        }
        // A dotted name, then maybe a call.
        let mut name_end = end;
        while self.byte(name_end) == Some(b'.')
            && self
                .char_at(name_end + 1)
                .is_some_and(|c| c.is_alphabetic() || c == '_')
        {
            name_end = self.word_end(name_end + 1);
        }
        self.pos = name_end;
        let name = self.text.get(start..name_end).unwrap_or("").to_owned();
        let save = self.pos;
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.pos += 1;
        }
        if self.peek() == Some(b'(') {
            return self.call(name, start);
        }
        self.pos = save;
        Ok(Node::new(NodeKind::Name(name), start, name_end))
    }

    /// Returns the flags of a Python string whose prefix starts at `at`, if
    /// a string (optionally prefixed) starts there.
    fn string_prefix_at(&self, at: usize) -> Option<StrFlags> {
        let mut flags = StrFlags::default();
        let mut i = at;
        while let Some(c) = self.byte(i) {
            match c.to_ascii_lowercase() {
                b'r' if !flags.raw => flags.raw = true,
                b'b' if !flags.bytes && !flags.format => flags.bytes = true,
                b'f' | b't' if !flags.format && !flags.bytes => flags.format = true,
                b'u' if i == at && matches!(self.byte(i + 1), Some(b'\'' | b'"')) => {}
                b'\'' | b'"' => return Some(flags),
                _ => return None,
            }
            i += 1;
        }
        None
    }

    // ----- containers -----

    /// Enters a container whose opening bracket is at the current position.
    /// Refuses (and skips the whole group) beyond [`MAX_DEPTH`].
    #[inline(never)]
    fn enter(&mut self, closer: u8) -> Result<(), Broken> {
        let start = self.pos;
        if self.closers.len() >= MAX_DEPTH {
            self.error(
                start,
                start + 1,
                format!("nested deeper than {MAX_DEPTH} levels"),
            );
            self.skip_group();
            return Err(Broken(start));
        }
        self.closers.push(closer);
        self.pos += 1;
        Ok(())
    }

    /// Skips a bracketed group (iteratively, however deep) starting at its
    /// opening bracket.
    #[inline(never)]
    fn skip_group(&mut self) {
        let mut depth = 0usize;
        let statement = self.statement;
        self.statement = false;
        loop {
            self.skip_trivia();
            let Some(c) = self.peek() else { break };
            match c {
                b'(' | b'[' | b'{' => {
                    depth += 1;
                    self.pos += 1;
                }
                b')' | b']' | b'}' => {
                    self.pos += 1;
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        break;
                    }
                }
                _ => self.skip_token(),
            }
        }
        self.statement = statement;
    }

    /// Skips to where the current container (closing with `closer`) can go on.
    #[inline(never)]
    fn recover(&mut self, closer: u8, stop_at_line_brace: bool) -> Resume {
        let mut depth = 0usize;
        let statement = self.statement;
        self.statement = false;
        let resume = loop {
            self.skip_trivia();
            let Some(c) = self.peek() else {
                break Resume::Out;
            };
            match c {
                b',' if depth == 0 => break Resume::Comma,
                c if depth == 0 && c == closer => break Resume::Closer,
                b')' | b']' | b'}' if depth == 0 => {
                    let outer = self.closers.len().saturating_sub(1);
                    if self.closers.get(..outer).is_some_and(|o| o.contains(&c)) {
                        break Resume::Out;
                    }
                    self.pos += 1; // a stray closing bracket
                }
                b'{' if depth == 0 && stop_at_line_brace && self.at_line_start() => {
                    break Resume::NextElement
                }
                b'(' | b'[' | b'{' => {
                    depth += 1;
                    self.pos += 1;
                }
                b')' | b']' | b'}' => {
                    depth -= 1;
                    self.pos += 1;
                }
                _ => self.skip_token(),
            }
        };
        self.statement = statement;
        resume
    }

    /// Whether only spaces precede the current position on its line.
    fn at_line_start(&self) -> bool {
        let mut i = self.pos;
        while i > 0 {
            match self.byte(i - 1) {
                Some(b' ' | b'\t') => i -= 1,
                Some(b'\n' | b'\r') => return true,
                _ => return false,
            }
        }
        true
    }

    /// Reports a container that reached the end of the text or an outer
    /// closing bracket, unless an error inside it already explains why.
    #[inline(never)]
    fn unclosed(&mut self, start: usize, errors_before: usize, open: char) {
        if self.errors.len() == errors_before {
            let found = self.found();
            self.error(
                start,
                start + 1,
                format!("`{open}` is never closed (found {found})"),
            );
        }
    }

    fn could_start_value(&self) -> bool {
        match self.peek() {
            Some(b'{' | b'[' | b'"') => true,
            Some(b'\'' | b'(') => self.python(),
            _ => false,
        }
    }

    #[inline(never)]
    fn list(&mut self) -> PResult {
        let start = self.pos;
        self.enter(b']')?;
        let errors_before = self.errors.len();
        let mut items = Vec::new();
        loop {
            self.skip_trivia();
            match self.peek() {
                Some(b']') => {
                    self.pos += 1;
                    break;
                }
                None => {
                    self.unclosed(start, errors_before, '[');
                    break;
                }
                _ => {}
            }
            let item_start = self.pos;
            let after_broken = match self.value() {
                Ok(node) => {
                    let broken = node.kind == NodeKind::Invalid;
                    items.push(node);
                    broken
                }
                Err(b) => {
                    let resume = self.recover(b']', false);
                    items.push(Node::new(NodeKind::Invalid, b.0.min(item_start), self.pos));
                    if resume == Resume::Out {
                        break;
                    }
                    true
                }
            };
            self.skip_trivia();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {}
                None => {}
                _ if self.could_start_value() => {
                    if !after_broken {
                        self.expected("`,` or `]` after list item", "");
                    }
                }
                _ => {
                    self.expected("`,` or `]` after list item", "");
                    match self.recover(b']', false) {
                        Resume::Comma => self.pos += 1,
                        Resume::Out => break,
                        _ => {}
                    }
                }
            }
        }
        self.closers.pop();
        Ok(Node::new(NodeKind::List(items), start, self.pos))
    }

    /// `{`: a JSON object, a Python dict or a Python set.
    #[inline(never)]
    fn brace(&mut self) -> PResult {
        let start = self.pos;
        let in_list = self.closers.last() == Some(&b']');
        self.enter(b'}')?;
        let errors_before = self.errors.len();
        let mut members: Vec<(Node, Node)> = Vec::new();
        let mut set_items: Vec<Node> = Vec::new();
        let mut damaged = false;
        loop {
            self.skip_trivia();
            match self.peek() {
                Some(b'}') => {
                    self.pos += 1;
                    break;
                }
                None => {
                    self.unclosed(start, errors_before, '{');
                    damaged = true;
                    break;
                }
                Some(b'.') if self.b.get(self.pos..self.pos + 3) == Some(b"...") => {
                    // A placeholder for omitted members, as pasted from docs.
                    self.pos += 3;
                    self.skip_trivia();
                    if self.peek() == Some(b',') {
                        self.pos += 1;
                    }
                    continue;
                }
                _ => {}
            }
            let member = self.member(&mut set_items);
            let resume = match member {
                Ok(Some(pair)) => {
                    members.push(pair);
                    None
                }
                Ok(None) => None,
                Err(_) => {
                    damaged = true;
                    Some(self.recover(b'}', in_list))
                }
            };
            let resume = match resume {
                Some(r) => r,
                None => {
                    self.skip_trivia();
                    match self.peek() {
                        Some(b',') => Resume::Comma,
                        Some(b'}') => Resume::Closer,
                        None => Resume::Out,
                        Some(b'"') if !self.python() => {
                            // A missing comma between members: read on.
                            let at = self.pos;
                            self.error(
                                at,
                                at + 1,
                                "expected `,` or `}` after the value, found `\"`".to_owned(),
                            );
                            damaged = true;
                            continue;
                        }
                        _ => {
                            let hint = if self.peek() == Some(b'{') {
                                " (is a `}` missing before it?)"
                            } else {
                                self.missing_quote_hint(&members)
                            };
                            self.expected("`,` or `}` after the value", hint);
                            damaged = true;
                            self.recover(b'}', in_list)
                        }
                    }
                }
            };
            match resume {
                Resume::Comma => self.pos += 1,
                Resume::Closer => {}
                Resume::NextElement => {
                    damaged = true;
                    break;
                }
                Resume::Out => {
                    if self.peek().is_none() {
                        self.unclosed(start, errors_before, '{');
                    }
                    damaged = true;
                    break;
                }
            }
        }
        self.closers.pop();
        let kind = if damaged {
            NodeKind::Invalid
        } else if !set_items.is_empty() {
            NodeKind::Tuple(set_items)
        } else {
            NodeKind::Object(members)
        };
        Ok(Node::new(kind, start, self.pos))
    }

    /// When a string value is directly followed by a word or another string,
    /// its closing quote is probably misplaced.
    #[inline(never)]
    fn missing_quote_hint(&self, members: &[(Node, Node)]) -> &'static str {
        let last_is_str = members
            .last()
            .is_some_and(|(_, v)| matches!(v.kind, NodeKind::Str(_)));
        let next_is_word = self.peek().is_some_and(|c| c.is_ascii_alphabetic());
        if last_is_str && next_is_word {
            " (is a quote missing before it?)"
        } else {
            ""
        }
    }

    /// One `key: value` member (or a set element in Python).
    #[inline(never)]
    fn member(&mut self, set_items: &mut Vec<Node>) -> Result<Option<(Node, Node)>, Broken> {
        let start = self.pos;
        if !self.python() && self.peek() != Some(b'"') {
            let hint = match self.peek() {
                Some(b'\'') => " (JSON needs double quotes: `\"Name\"`)",
                Some(c) if c.is_ascii_alphabetic() => " (put the key in double quotes)",
                _ => "",
            };
            self.expected("a key in double quotes", hint);
            return Err(Broken(start));
        }
        if self.python() && self.b.get(start..start + 2) == Some(b"**") {
            return self
                .fail(start, "`**` unpacking is not a literal".to_owned())
                .map(|_| None);
        }
        let key = self.value()?;
        self.skip_trivia();
        if self.python() && matches!(self.peek(), Some(b',' | b'}')) {
            set_items.push(key);
            return Ok(None);
        }
        if self.peek() != Some(b':') {
            self.expected("`:` after the key", "");
            return Err(Broken(start));
        }
        self.pos += 1;
        let value = self.value()?;
        Ok(Some((key, value)))
    }

    #[inline(never)]
    fn paren(&mut self) -> PResult {
        let start = self.pos;
        self.enter(b')')?;
        let errors_before = self.errors.len();
        let mut items = Vec::new();
        let mut comma = false;
        let mut damaged = false;
        loop {
            self.skip_trivia();
            match self.peek() {
                Some(b')') => {
                    self.pos += 1;
                    break;
                }
                None => {
                    self.unclosed(start, errors_before, '(');
                    damaged = true;
                    break;
                }
                _ => {}
            }
            match self.value() {
                Ok(node) => items.push(node),
                Err(_) => {
                    damaged = true;
                    match self.recover(b')', false) {
                        Resume::Out => break,
                        Resume::Comma => {
                            self.pos += 1;
                            continue;
                        }
                        _ => continue,
                    }
                }
            }
            self.skip_trivia();
            match self.peek() {
                Some(b',') => {
                    comma = true;
                    self.pos += 1;
                }
                Some(b')') | None => {}
                _ => {
                    self.expected("`,` or `)`", "");
                    damaged = true;
                    match self.recover(b')', false) {
                        Resume::Comma => self.pos += 1,
                        Resume::Out => break,
                        _ => {}
                    }
                }
            }
        }
        self.closers.pop();
        let end = self.pos;
        if damaged {
            return Ok(Node::new(NodeKind::Invalid, start, end));
        }
        if items.len() == 1 && !comma {
            // A parenthesized value is the value itself.
            if let Some(inner) = items.pop() {
                return Ok(Node::new(inner.kind, start, end));
            }
        }
        Ok(Node::new(NodeKind::Tuple(items), start, end))
    }

    /// A call `callee(...)`; `dict(k=v, ...)` becomes an object.
    #[inline(never)]
    fn call(&mut self, callee: String, start: usize) -> PResult {
        let open = self.pos;
        self.enter(b')')?;
        let errors_before = self.errors.len();
        let mut args = Vec::new();
        let mut kwargs = Vec::new();
        let mut damaged = false;
        loop {
            self.skip_trivia();
            match self.peek() {
                Some(b')') => {
                    self.pos += 1;
                    break;
                }
                None => {
                    self.unclosed(open, errors_before, '(');
                    damaged = true;
                    break;
                }
                _ => {}
            }
            let arg = match self.keyword_at() {
                Some((key_end, value_at)) => {
                    let key_start = self.pos;
                    let key = self.text.get(key_start..key_end).unwrap_or("").to_owned();
                    self.pos = value_at;
                    self.value().map(|v| {
                        kwargs.push((Node::new(NodeKind::Str(key), key_start, key_end), v));
                    })
                }
                None => self.value().map(|v| args.push(v)),
            };
            if arg.is_err() {
                damaged = true;
                match self.recover(b')', false) {
                    Resume::Out => break,
                    Resume::Comma => {
                        self.pos += 1;
                        continue;
                    }
                    _ => continue,
                }
            }
            self.skip_trivia();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b')') | None => {}
                _ => {
                    self.expected("`,` or `)` after an argument", "");
                    damaged = true;
                    match self.recover(b')', false) {
                        Resume::Comma => self.pos += 1,
                        Resume::Out => break,
                        _ => {}
                    }
                }
            }
        }
        self.closers.pop();
        let end = self.pos;
        if callee == "dict" {
            if damaged {
                return Ok(Node::new(NodeKind::Invalid, start, end));
            }
            if args.is_empty() {
                return Ok(Node::new(NodeKind::Object(kwargs), start, end));
            }
            return Ok(Node::new(
                NodeKind::Expr("a dict() call with positional arguments"),
                start,
                end,
            ));
        }
        Ok(Node::new(
            NodeKind::Call {
                callee,
                args,
                kwargs,
            },
            start,
            end,
        ))
    }

    /// If a keyword argument `name=` starts here, returns the end of the name
    /// and where its value starts.
    #[inline(never)]
    fn keyword_at(&self) -> Option<(usize, usize)> {
        let start = self.pos;
        if !self
            .char_at(start)
            .is_some_and(|c| c.is_alphabetic() || c == '_')
        {
            return None;
        }
        let end = self.word_end(start);
        let mut i = end;
        while matches!(self.byte(i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            i += 1;
        }
        (self.byte(i) == Some(b'=') && self.byte(i + 1) != Some(b'=')).then_some((end, i + 1))
    }

    // ----- strings -----

    #[inline(never)]
    fn json_string(&mut self) -> PResult {
        let start = self.pos;
        self.pos += 1;
        let mut out = String::new();
        let mut bad = false;
        loop {
            let run = self.pos;
            while let Some(c) = self.peek() {
                if c == b'"' || c == b'\\' || c < 0x20 {
                    break;
                }
                self.pos += 1;
            }
            out.push_str(self.text.get(run..self.pos).unwrap_or(""));
            match self.peek() {
                None => {
                    self.error(start, self.pos, "unterminated string".to_owned());
                    return Err(Broken(start));
                }
                Some(b'"') => {
                    self.pos += 1;
                    break;
                }
                Some(b'\n' | b'\r') => {
                    self.error(
                        start,
                        self.pos,
                        "unterminated string: a JSON string must end on the line it starts \
                         (write a line break as `\\n`)"
                            .to_owned(),
                    );
                    return Err(Broken(start));
                }
                Some(b'\\') if matches!(self.byte(self.pos + 1), None | Some(b'\n' | b'\r')) => {
                    // The string ends here: reported as unterminated next turn.
                    self.pos += 1;
                }
                Some(b'\\') => {
                    let at = self.pos;
                    match self.json_escape() {
                        Ok(c) => out.push(c),
                        Err(message) => {
                            if !bad {
                                let end = self.pos.max(at + 1);
                                self.string_error(at, end, message);
                            }
                            bad = true;
                        }
                    }
                }
                Some(c) => {
                    if !bad {
                        let name = control_name(c);
                        self.string_error(
                            self.pos,
                            self.pos + 1,
                            format!("control character {name} in a JSON string: write it as an escape{}", control_escape(c)),
                        );
                    }
                    bad = true;
                    self.pos += 1;
                }
            }
        }
        let kind = if bad {
            NodeKind::Invalid
        } else {
            NodeKind::Str(out)
        };
        Ok(Node::new(kind, start, self.pos))
    }

    /// Reads one JSON escape at the backslash at the current position.
    #[inline(never)]
    fn json_escape(&mut self) -> Result<char, String> {
        let at = self.pos;
        self.pos += 1;
        let Some(c) = self.char_at(self.pos) else {
            return Err("unterminated string".to_owned());
        };
        self.pos += c.len_utf8();
        let simple = match c {
            '"' => Some('"'),
            '\\' => Some('\\'),
            '/' => Some('/'),
            'b' => Some('\u{8}'),
            'f' => Some('\u{c}'),
            'n' => Some('\n'),
            'r' => Some('\r'),
            't' => Some('\t'),
            _ => None,
        };
        if let Some(ch) = simple {
            return Ok(ch);
        }
        if c == 'u' {
            let Some(unit) = self.hex_digits(4) else {
                return Err(
                    "invalid `\\u` escape in a JSON string: expected four hex digits".to_owned(),
                );
            };
            if (0xD800..0xDC00).contains(&unit) {
                // A high surrogate must be followed by `\u` and a low surrogate.
                if self.b.get(self.pos..self.pos + 2) == Some(b"\\u") {
                    let save = self.pos;
                    self.pos += 2;
                    if let Some(low) = self.hex_digits(4) {
                        if (0xDC00..0xE000).contains(&low) {
                            let code = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                            return char::from_u32(code).ok_or_else(|| lone(at, self.text));
                        }
                    }
                    self.pos = save;
                }
                return Err(lone(at, self.text));
            }
            return char::from_u32(unit).ok_or_else(|| lone(at, self.text));
        }
        let hint = if c == '\'' {
            "a single quote needs no escape in JSON: write `'`".to_owned()
        } else {
            format!("in JSON a backslash must be doubled: write `\\\\{c}`")
        };
        Err(format!("invalid escape `\\{c}` in a JSON string: {hint}"))
    }

    /// Reads exactly `n` hex digits.
    fn hex_digits(&mut self, n: usize) -> Option<u32> {
        let digits = self.b.get(self.pos..self.pos + n)?;
        let mut v = 0u32;
        for &d in digits {
            v = v * 16 + (d as char).to_digit(16)?;
        }
        self.pos += n;
        Some(v)
    }

    /// One Python string, then any adjacent ones (implicit concatenation).
    #[inline(never)]
    fn py_strings(&mut self, start: usize, flags: StrFlags) -> PResult {
        let first = self.py_string(start, flags)?;
        let mut kind = first.kind;
        loop {
            let save = self.pos;
            self.skip_trivia();
            let at = self.pos;
            let Some(flags) = self.string_prefix_at(at) else {
                self.pos = save;
                break;
            };
            let next = self.py_string(at, flags)?;
            kind = match (kind, next.kind) {
                (NodeKind::Str(mut a), NodeKind::Str(b)) => {
                    a.push_str(&b);
                    NodeKind::Str(a)
                }
                (NodeKind::Invalid, _) | (_, NodeKind::Invalid) => NodeKind::Invalid,
                (NodeKind::Expr(w), _) | (_, NodeKind::Expr(w)) => NodeKind::Expr(w),
                (k, _) => k,
            };
        }
        Ok(Node::new(kind, start, self.pos))
    }

    /// One Python string literal whose prefix (if any) starts at `start`.
    #[inline(never)]
    fn py_string(&mut self, start: usize, flags: StrFlags) -> PResult {
        let mut q_at = start;
        while self.byte(q_at).is_some_and(|c| c != b'\'' && c != b'"') {
            q_at += 1;
        }
        let Some(q) = self.byte(q_at) else {
            return Err(Broken(start));
        };
        let triple = self.byte(q_at + 1) == Some(q) && self.byte(q_at + 2) == Some(q);
        self.pos = q_at + if triple { 3 } else { 1 };
        let literal = !flags.bytes && !flags.format;
        let mut out = String::new();
        let mut bad = false;
        loop {
            let run = self.pos;
            while let Some(c) = self.peek() {
                if c == q || c == b'\\' || c == b'\n' || c == b'\r' {
                    break;
                }
                self.pos += 1;
            }
            out.push_str(self.text.get(run..self.pos).unwrap_or(""));
            let Some(c) = self.peek() else {
                self.error(start, self.pos, "unterminated string".to_owned());
                return Err(Broken(start));
            };
            match c {
                b'\n' | b'\r' => {
                    if !triple {
                        let q = q as char;
                        self.error(
                            start,
                            self.pos,
                            format!(
                                "unterminated string: the closing `{q}` is missing on this line"
                            ),
                        );
                        return Err(Broken(start));
                    }
                    out.push('\n');
                    self.skip_newline();
                }
                b'\\' => {
                    let at = self.pos;
                    self.pos += 1;
                    let Some(next) = self.char_at(self.pos) else {
                        continue; // unterminated: reported above on the next turn
                    };
                    if flags.raw {
                        out.push('\\');
                        if next == '\n' || next == '\r' {
                            out.push('\n');
                            self.skip_newline();
                        } else {
                            out.push(next);
                            self.pos += next.len_utf8();
                        }
                        continue;
                    }
                    match self.py_escape(next, flags.bytes) {
                        Ok(Some(ch)) => out.push(ch),
                        Ok(None) => {}
                        Err(message) => {
                            if !bad && literal {
                                let end = self.pos.max(at + 2);
                                self.string_error(at, end, message);
                            }
                            bad = true;
                        }
                    }
                }
                _ => {
                    // The quote character.
                    if !triple {
                        self.pos += 1;
                        break;
                    }
                    if self.byte(self.pos + 1) == Some(q) && self.byte(self.pos + 2) == Some(q) {
                        self.pos += 3;
                        break;
                    }
                    out.push(q as char);
                    self.pos += 1;
                }
            }
        }
        let kind = if flags.format {
            NodeKind::Expr("an f-string")
        } else if flags.bytes {
            NodeKind::Expr("a bytes literal")
        } else if bad {
            NodeKind::Invalid
        } else {
            NodeKind::Str(out)
        };
        Ok(Node::new(kind, start, self.pos))
    }

    /// Reads a Python escape whose backslash was just consumed; `c` is the
    /// character after it. `Ok(None)` for a line continuation.
    #[inline(never)]
    fn py_escape(&mut self, c: char, bytes: bool) -> Result<Option<char>, String> {
        let start = self.pos;
        self.pos += c.len_utf8();
        let simple = match c {
            '\n' | '\r' => {
                self.pos = start;
                self.skip_newline();
                return Ok(None);
            }
            '\\' => '\\',
            '\'' => '\'',
            '"' => '"',
            'a' => '\u{7}',
            'b' => '\u{8}',
            'f' => '\u{c}',
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            'v' => '\u{b}',
            '0'..='7' => {
                let mut v = c as u32 - '0' as u32;
                for _ in 0..2 {
                    match self.peek() {
                        Some(d @ b'0'..=b'7') => {
                            v = v * 8 + u32::from(d - b'0');
                            self.pos += 1;
                        }
                        _ => break,
                    }
                }
                return char::from_u32(v)
                    .map(Some)
                    .ok_or_else(|| "invalid octal escape".to_owned());
            }
            'x' => {
                return match self.hex_digits(2) {
                    Some(v) => char::from_u32(v)
                        .map(Some)
                        .ok_or_else(|| "invalid `\\x` escape".to_owned()),
                    None => Err("truncated `\\xXX` escape: `\\x` needs two hex digits".to_owned()),
                };
            }
            'u' | 'U' if !bytes => {
                let n = if c == 'u' { 4 } else { 8 };
                let Some(v) = self.hex_digits(n) else {
                    return Err(if c == 'u' {
                        "truncated `\\uXXXX` escape: `\\u` needs four hex digits".to_owned()
                    } else {
                        "truncated `\\UXXXXXXXX` escape: `\\U` needs eight hex digits".to_owned()
                    });
                };
                return match char::from_u32(v) {
                    Some(ch) => Ok(Some(ch)),
                    None if (0xD800..0xE000).contains(&v) => Err(format!(
                        "lone surrogate `\\{c}{v:0w$x}`: a string with it cannot be sent to SageMaker",
                        w = n
                    )),
                    None => Err(format!("illegal Unicode character in `\\{c}` escape")),
                };
            }
            'N' if !bytes => {
                if self.peek() != Some(b'{') {
                    return Err("malformed `\\N` escape: expected `\\N{name}`".to_owned());
                }
                let close = self
                    .text
                    .get(self.pos..)
                    .and_then(|s| s.find(['}', '\n', '\'', '"']))
                    .filter(|&i| self.byte(self.pos + i) == Some(b'}'));
                let Some(close) = close else {
                    return Err("malformed `\\N` escape: expected `\\N{name}`".to_owned());
                };
                let name = self.text.get(self.pos + 1..self.pos + close).unwrap_or("");
                self.pos += close + 1;
                return unicode_name(name).map(Some).ok_or_else(|| {
                    format!(
                        "unknown character name `\\N{{{name}}}`: metrex knows only a few \
                         names; write the character itself or a `\\uXXXX` escape"
                    )
                });
            }
            _ => {
                // Python keeps the backslash of an unknown escape (`\d` is `\d`).
                self.pos = start;
                return Ok(Some('\\'));
            }
        };
        Ok(Some(simple))
    }
}

fn is_ident_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn lone(at: usize, text: &str) -> String {
    let esc = text.get(at..at + 6).unwrap_or("\\u");
    format!("lone surrogate `{esc}` in a string: a UTF-16 surrogate must come in a pair")
}

fn control_name(c: u8) -> String {
    match c {
        b'\t' => "TAB".to_owned(),
        _ => format!("U+{c:04X}"),
    }
}

fn control_escape(c: u8) -> String {
    match c {
        b'\t' => " `\\t`".to_owned(),
        0x08 => " `\\b`".to_owned(),
        0x0c => " `\\f`".to_owned(),
        _ => format!(" `\\u{c:04x}`"),
    }
}

/// The handful of `\N{...}` names metrex knows (Python matches them without
/// regard to case). A full Unicode name table would not fit a small wasm build.
fn unicode_name(name: &str) -> Option<char> {
    const NAMES: &[(&str, char)] = &[
        ("NULL", '\0'),
        ("CHARACTER TABULATION", '\t'),
        ("TAB", '\t'),
        ("LINE FEED", '\n'),
        ("LF", '\n'),
        ("CARRIAGE RETURN", '\r'),
        ("CR", '\r'),
        ("ESCAPE", '\u{1b}'),
        ("ESC", '\u{1b}'),
        ("SPACE", ' '),
        ("NO-BREAK SPACE", '\u{a0}'),
        ("NBSP", '\u{a0}'),
        ("DEGREE SIGN", '°'),
        ("PLUS-MINUS SIGN", '±'),
        ("MICRO SIGN", 'µ'),
        ("MULTIPLICATION SIGN", '×'),
        ("GREEK SMALL LETTER MU", 'μ'),
        ("EN DASH", '–'),
        ("EM DASH", '—'),
        ("BULLET", '•'),
        ("HORIZONTAL ELLIPSIS", '…'),
        ("RIGHTWARDS ARROW", '→'),
        ("CHECK MARK", '✓'),
    ];
    NAMES
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name.trim()))
        .map(|&(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(text: &str) -> Parsed {
        parse_json(text)
    }

    fn py(text: &str) -> Parsed {
        parse_python(text)
    }

    /// The string value of a document that is one string.
    fn py_str(text: &str) -> String {
        let p = py(text);
        assert!(p.errors.is_empty(), "{text}: {:?}", p.errors);
        match p.root.kind {
            NodeKind::Str(s) => s,
            other => panic!("{text}: not a string: {other:?}"),
        }
    }

    fn json_str(text: &str) -> String {
        let p = json(text);
        assert!(p.errors.is_empty(), "{text}: {:?}", p.errors);
        match p.root.kind {
            NodeKind::Str(s) => s,
            other => panic!("{text}: not a string: {other:?}"),
        }
    }

    fn first_error(p: &Parsed) -> (&str, (usize, usize)) {
        let e = p.errors.first().expect("an error");
        (e.message.as_str(), e.span)
    }

    #[test]
    fn spans_cover_each_value() {
        let text = r#"{"a": [1, "x", true], "b": null}"#;
        let p = json(text);
        assert!(p.errors.is_empty());
        assert_eq!(p.root.span, (0, text.len()));
        let NodeKind::Object(members) = &p.root.kind else {
            panic!("not an object")
        };
        let (key, list) = &members[0];
        assert_eq!(&text[key.span.0..key.span.1], "\"a\"");
        assert_eq!(&text[list.span.0..list.span.1], r#"[1, "x", true]"#);
        let NodeKind::List(items) = &list.kind else {
            panic!("not a list")
        };
        assert_eq!(items[0].kind, NodeKind::Number);
        assert_eq!(&text[items[1].span.0..items[1].span.1], "\"x\"");
        assert_eq!(items[2].kind, NodeKind::Bool(true));
        assert_eq!(members[1].1.kind, NodeKind::Null);
    }

    #[test]
    fn json_strings() {
        assert_eq!(json_str(r#""a\"b\\c\/d""#), "a\"b\\c/d");
        assert_eq!(json_str(r#""\b\f\n\r\t""#), "\u{8}\u{c}\n\r\t");
        assert_eq!(json_str(r#""\u0041\u00E9\u4e2d""#), "Aé中");
        assert_eq!(json_str(r#""\uD83D\uDE00""#), "😀");
        assert_eq!(json_str("\"한국어 😀\""), "한국어 😀");
        assert_eq!(json_str(r#""\\d""#), r"\d");
    }

    #[test]
    fn json_string_errors_point_at_the_escape() {
        let text = r#"["ok", "a\db", "\q"]"#;
        let p = json(text);
        assert_eq!(p.errors.len(), 2);
        assert!(p.errors.iter().all(|e| e.in_string));
        let (message, span) = first_error(&p);
        assert_eq!(&text[span.0..span.1], r"\d");
        assert!(message.contains("write `\\\\d`"), "{message}");
        let NodeKind::List(items) = &p.root.kind else {
            panic!()
        };
        assert_eq!(items[0].kind, NodeKind::Str("ok".into()));
        assert_eq!(items[1].kind, NodeKind::Invalid);
        assert_eq!(items[2].kind, NodeKind::Invalid);
        // Only the first bad escape of a string is reported.
        assert_eq!(json(r#""\d\d\d""#).errors.len(), 1);
        // A high surrogate alone, or followed by something else.
        assert!(first_error(&json(r#""\ud83d""#))
            .0
            .contains("lone surrogate"));
        assert!(first_error(&json(r#""\ud83dx""#))
            .0
            .contains("lone surrogate"));
        assert!(first_error(&json(r#""\ude00""#))
            .0
            .contains("lone surrogate"));
        assert!(first_error(&json(r#""\u00g1""#))
            .0
            .contains("four hex digits"));
        assert!(first_error(&json("\"a\u{1}b\"")).0.contains("U+0001"));
    }

    #[test]
    fn json_numbers() {
        for ok in ["0", "-0", "12", "-1.5", "1e10", "2.5E-3", "1E+2"] {
            let p = json(ok);
            assert!(p.errors.is_empty(), "{ok}");
            assert_eq!(p.root.kind, NodeKind::Number);
        }
        for bad in ["01", "1.", "-", ".5", "1e", "+1"] {
            assert!(!json(bad).errors.is_empty(), "{bad}");
        }
    }

    #[test]
    fn json_leniency() {
        let p = json("[1, 2, /* c */ 3, // c\n ] ");
        assert!(p.errors.is_empty(), "{:?}", p.errors);
        let p = json(r#"{"a": 1, ..., "b": ContainerName,}"#);
        assert!(p.errors.is_empty(), "{:?}", p.errors);
        let NodeKind::Object(m) = &p.root.kind else {
            panic!()
        };
        assert_eq!(m.len(), 2);
        assert_eq!(m[1].1.kind, NodeKind::Name("ContainerName".into()));
        assert!(first_error(&json("True")).0.contains("JSON writes `true`"));
        assert!(first_error(&json("[1] /* open"))
            .0
            .contains("unterminated `/*`"));
    }

    #[test]
    fn python_strings() {
        assert_eq!(py_str(r"'a\'b'"), "a'b");
        assert_eq!(py_str(r#""a\"b""#), "a\"b");
        assert_eq!(py_str(r"'\a\b\f\n\r\t\v'"), "\u{7}\u{8}\u{c}\n\r\t\u{b}");
        assert_eq!(py_str(r"'\0\7\101\1010\777'"), "\0\u{7}AA0\u{1ff}");
        assert_eq!(py_str(r"'\x41\xe9'"), "Aé");
        assert_eq!(py_str(r"'\u00e9\U0001F600'"), "é😀");
        assert_eq!(py_str(r"'\N{DEGREE SIGN}\N{bullet}'"), "°•");
        assert_eq!(py_str(r"'\d\S\[\]\.\w\8\9\ '"), r"\d\S\[\]\.\w\8\9\ ");
        assert_eq!(py_str("'a\\\nb'"), "ab");
        assert_eq!(py_str("'a\\\r\nb'"), "ab");
        assert_eq!(py_str(r"r'\d\\d\''"), r"\d\\d\'");
        assert_eq!(py_str("r'a\\\nb'"), "a\\\nb");
        assert_eq!(py_str("'''a'b''c\"\"\"'''"), "a'b''c\"\"\"");
        assert_eq!(py_str("\"\"\"x\r\ny\rz\"\"\""), "x\ny\nz");
        assert_eq!(py_str("u'x' U\"y\" R'\\z'"), "xy\\z");
    }

    #[test]
    fn python_string_kinds() {
        let kind = |t: &str| py(t).root.kind;
        assert_eq!(kind("'a' 'b'"), NodeKind::Str("ab".into()));
        assert_eq!(kind("f'{x}'"), NodeKind::Expr("an f-string"));
        assert_eq!(kind("'a' f'{x}'"), NodeKind::Expr("an f-string"));
        assert_eq!(kind("Rf'{x}'"), NodeKind::Expr("an f-string"));
        assert_eq!(kind("b'x'"), NodeKind::Expr("a bytes literal"));
        assert_eq!(kind("bR'x'"), NodeKind::Expr("a bytes literal"));
        assert_eq!(kind("'x'.upper()"), NodeKind::Expr("an expression"));
        assert_eq!(kind("'x' % y"), NodeKind::Expr("an expression"));
        assert_eq!(kind("('x')"), NodeKind::Str("x".into()));
        assert_eq!(
            kind("('x',)"),
            NodeKind::Tuple(vec![Node::new(NodeKind::Str("x".into()), 1, 4)])
        );
        let p = py("ur'x'");
        assert_eq!(first_error(&p).0, "invalid string prefix `ur`");
    }

    #[test]
    fn python_string_errors() {
        let cases = [
            (r"'\x4'", "truncated `\\xXX` escape"),
            (r"'\u12'", "truncated `\\uXXXX` escape"),
            (r"'\U0011FFFF'", "illegal Unicode character"),
            (r"'\udc00'", "lone surrogate"),
            (r"'\N{NOT A NAME}'", "unknown character name"),
            (r"'\N'", "malformed `\\N` escape"),
            ("'abc", "unterminated string"),
            ("'''abc", "unterminated string"),
            ("r'abc\\'", "unterminated string"),
        ];
        for (text, message) in cases {
            let p = py(text);
            let (m, span) = first_error(&p);
            assert!(m.starts_with(message), "{text}: {m}");
            if message.starts_with("unterminated") {
                assert_eq!(span.0, 0, "{text}");
            } else {
                assert_eq!(span.0, 1, "{text}");
                assert!(p.errors[0].in_string);
            }
        }
        // f-strings and bytes are not decoded, so their escapes are not errors.
        assert!(py(r"b'\N{x}'").errors.is_empty());
        assert!(py(r"f'\x'").errors.is_empty());
    }

    #[test]
    fn python_values() {
        let p = py("[True, False, None, 1_000, 0x1F, 1e-5, -2, +3j, ..., x.y, f(a, b=1), {1, 2}, (), [i for i in y], not x, *a]");
        assert!(p.errors.is_empty(), "{:?}", p.errors);
        let NodeKind::List(items) = p.root.kind else {
            panic!()
        };
        let kinds: Vec<&NodeKind> = items.iter().map(|n| &n.kind).collect();
        assert_eq!(kinds[0], &NodeKind::Bool(true));
        assert_eq!(kinds[1], &NodeKind::Bool(false));
        assert_eq!(kinds[2], &NodeKind::Null);
        assert!(kinds[3..8].iter().all(|k| **k == NodeKind::Number));
        assert_eq!(kinds[8], &NodeKind::Ellipsis);
        assert_eq!(kinds[9], &NodeKind::Name("x.y".into()));
        let NodeKind::Call {
            callee,
            args,
            kwargs,
        } = kinds[10]
        else {
            panic!("{:?}", kinds[10])
        };
        assert_eq!(callee, "f");
        assert_eq!(args.len(), 1);
        assert_eq!(kwargs[0].0.kind, NodeKind::Str("b".into()));
        assert!(matches!(kinds[11], NodeKind::Tuple(v) if v.len() == 2));
        assert_eq!(kinds[12], &NodeKind::Tuple(Vec::new()));
        assert!(
            matches!(kinds[13], NodeKind::List(v) if v[0].kind == NodeKind::Expr("a comprehension"))
        );
        assert_eq!(kinds[14], &NodeKind::Expr("an expression"));
        assert_eq!(kinds[15], &NodeKind::Expr("an unpacking"));
    }

    #[test]
    fn dict_calls_are_objects() {
        let text = "dict(Name='a', Regex=r'\\d')";
        let p = py(text);
        assert!(p.errors.is_empty());
        let NodeKind::Object(m) = &p.root.kind else {
            panic!("{:?}", p.root.kind)
        };
        assert_eq!(m[0].0.kind, NodeKind::Str("Name".into()));
        assert_eq!(&text[m[0].0.span.0..m[0].0.span.1], "Name");
        assert_eq!(m[1].1.kind, NodeKind::Str("\\d".into()));
        assert_eq!(
            py("dict(x)").root.kind,
            NodeKind::Expr("a dict() call with positional arguments")
        );
    }

    #[test]
    fn python_comments_and_line_joins() {
        let p = py("[ # first\n 1, \\\n 2, # last\n]");
        assert!(p.errors.is_empty(), "{:?}", p.errors);
        assert!(matches!(p.root.kind, NodeKind::List(ref v) if v.len() == 2));
    }

    #[test]
    fn statement_values_end_at_the_line() {
        let text = "[1,\n 2] + more\nnext = 'x'";
        let p = parse_value_at(text, 0, Dialect::Python);
        assert_eq!(p.root.kind, NodeKind::Expr("an expression"));
        assert_eq!(p.end, text.find('\n').map_or(0, |i| i + 4 + 7));
        let text = "'a'\n'b'";
        let p = parse_value_at(text, 0, Dialect::Python);
        assert_eq!(p.root.kind, NodeKind::Str("a".into()));
        assert_eq!(p.end, 3);
        // A whole document reads on across lines.
        assert_eq!(py("'a'\n'b'").root.kind, NodeKind::Str("ab".into()));
    }

    #[test]
    fn recovery_keeps_later_elements() {
        let text = "[1, @, 3, [4, }, 5], 6]";
        let p = json(text);
        let NodeKind::List(items) = &p.root.kind else {
            panic!()
        };
        assert_eq!(items.len(), 5);
        assert_eq!(items[1].kind, NodeKind::Invalid);
        assert!(matches!(&items[3].kind, NodeKind::List(inner) if inner.len() == 3));
        assert_eq!(items[4].kind, NodeKind::Number);
        assert_eq!(&text[items[4].span.0..items[4].span.1], "6");
        assert_eq!(p.errors.len(), 2, "{:?}", p.errors);
        assert_eq!(p.errors[0].message, "expected a value, found `@`");
        assert_eq!(p.errors[0].span, (4, 5));
    }

    #[test]
    fn broken_object_recovers_at_the_next_line() {
        let text = "[\n {\"a\": \"x},\n {\"b\": 1}\n]";
        let p = json(text);
        let NodeKind::List(items) = &p.root.kind else {
            panic!()
        };
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].kind, NodeKind::Invalid);
        assert!(matches!(items[1].kind, NodeKind::Object(_)));
        assert_eq!(p.errors.len(), 1, "{:?}", p.errors);
    }

    #[test]
    fn unclosed_containers() {
        let p = json("[1, [2, 3");
        assert_eq!(p.errors.len(), 1, "{:?}", p.errors);
        assert_eq!(p.errors[0].span, (4, 5));
        assert!(p.errors[0].message.starts_with("`[` is never closed"));
        let p = json("{\"a\": [1}");
        assert_eq!(p.errors.len(), 1, "{:?}", p.errors);
        assert!(p.errors[0]
            .message
            .starts_with("expected `,` or `]` after list item, found `}`"));
        assert_eq!(
            first_error(&json("")).0,
            "expected a value, found the end of the text"
        );
    }

    #[test]
    fn depth_limit() {
        let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(json(&ok).errors.is_empty());
        let deep = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
        let p = json(&deep);
        assert_eq!(p.errors.len(), 1);
        assert_eq!(p.errors[0].span, (MAX_DEPTH, MAX_DEPTH + 1));
        assert_eq!(p.errors[0].message, "nested deeper than 128 levels");
        assert_eq!(p.end, deep.len());
        // Far deeper, unclosed, in both dialects: one error, no overflow.
        for p in [json(&"[{\"a\": ".repeat(50_000)), py(&"(".repeat(50_000))] {
            assert_eq!(p.errors.len(), 1, "{:?}", p.errors);
        }
    }

    #[test]
    fn python_string_at_finds_literals() {
        let text = "x = rb'a' + 'b\\x41' + f'c' + 'open";
        assert_eq!(python_string_at(text, 4), Some((None, 9)));
        assert_eq!(python_string_at(text, 12), Some((Some("bA".into()), 19)));
        assert_eq!(python_string_at(text, 22), Some((None, 26)));
        assert_eq!(python_string_at(text, 29), None);
        assert_eq!(python_string_at(text, 0), None);
    }

    #[test]
    fn curly_quotes_get_a_hint() {
        let p = json("[“a”]");
        assert!(first_error(&p).0.contains("curly quote `“`"));
        assert_eq!(first_error(&p).1, (1, 4));
    }

    #[test]
    fn reach_is_the_first_error() {
        assert_eq!(json("[1]").reach(), usize::MAX);
        assert_eq!(json("[1, 'a']").reach(), 4);
    }
}
