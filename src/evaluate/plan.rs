//! The fast engine's search plans: what the shape of a (line-safe) pattern
//! tells about where its matches can start, which lines may hold one, and
//! where group 1 sits in a match, so that [`super::fast`] runs the regex as
//! little as possible. Worked out once per pattern by [`plan`], when it is
//! compiled ([`crate::compile::compile`]); the plain engine needs none of it.

use regex_automata::meta;
use regex_syntax::hir::{self, Class, Hir, HirKind, Look};

use crate::compile::Matcher;

/// Literals shorter than this are too common to be worth searching for, next
/// to the regex crate's own prefilters. The small wasm engine has none (it is
/// built without the literal optimisations, see Cargo.toml): there a two-byte
/// literal found by SIMD `memmem` still beats the lazy DFA reading every byte.
const MIN_REQUIRED_LITERAL: usize = if cfg!(all(target_arch = "wasm32", not(feature = "fast"))) {
    2
} else {
    3
};

/// The shortest case-insensitive literal worth searching for (see [`Folded`]).
const MIN_FOLDED_LITERAL: usize = 3;

/// Everything the fast engine knows about a pattern before it searches.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Text every match contains, if the pattern has one: the fast engine
    /// looks for it and runs the regex only on lines that hold it.
    pub required: Option<Required>,
    /// Where matches can start, when the pattern shows it.
    pub start: Option<Start>,
    /// Which lines may match, when the pattern has no required literal but
    /// is anchored to a line start or end.
    pub line_filter: Option<LineFilter>,
    /// Where group 1 is in a match, when it is a fixed number of bytes from
    /// either end: a search without groups finds it (see [`group_offsets`]).
    pub group_offsets: Option<(usize, usize)>,
    /// Every match ends at the end of its line (`…$`, or a trailing greedy
    /// `.*`), so no line can hold a second one.
    pub ends_at_line_end: bool,
}

/// The plan for the line-safe pattern `hir`, built with `config`.
pub fn plan(hir: &Hir, config: &meta::Config) -> Plan {
    let required = required_literal(hir)
        .filter(|literal| literal.len() >= MIN_REQUIRED_LITERAL)
        .map(|literal| Required::Exact(memchr::memmem::Finder::new(literal).into_owned()))
        .or_else(|| {
            // `(?i)` text is a run of classes such as `[Tt]`, which the search
            // above cannot use: without this the regex reads every byte.
            folded_literal(hir)
                .filter(|run| run.len() >= MIN_FOLDED_LITERAL && run.has_letter())
                .map(|run| Required::Folded(Folded::new(run.0)))
        });
    let line_filter = match required {
        Some(_) => None,
        None => line_filter(hir),
    };
    Plan {
        required,
        start: start_plan(hir, config),
        line_filter,
        group_offsets: group_offsets(hir),
        ends_at_line_end: ends_at_line_end(hir),
    }
}

/// Text every match of a pattern contains, and how the fast engine finds it.
// One per pattern, so its size does not matter; a boxed `Finder` would cost
// an indirection on every search.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum Required {
    /// Exact text, found with `memmem`.
    Exact(memchr::memmem::Finder<'static>),
    /// Text with ASCII letters that match in either case (from `(?i)`).
    Folded(Folded),
}

impl Required {
    /// Where the text first occurs in `haystack`.
    #[inline]
    pub fn find(&self, haystack: &[u8]) -> Option<usize> {
        match self {
            Required::Exact(finder) => finder.find(haystack),
            Required::Folded(folded) => folded.find(haystack),
        }
    }

    /// The text, when it is exact (the same bytes at every occurrence).
    pub fn exact(&self) -> Option<&[u8]> {
        match self {
            Required::Exact(finder) => Some(finder.needle()),
            Required::Folded(_) => None,
        }
    }
}

/// A searcher for text in which some ASCII letters match in either case and
/// every other byte matches exactly: `t accuracy` from `(?i)test accuracy`.
///
/// The regex crate finds such text with Teddy natively, but has no Teddy in
/// WebAssembly, where it falls back to reading every byte. This looks for the
/// needle's rarest byte (both cases of it, for a letter) with `memchr`/`memchr2`,
/// which use SIMD in WebAssembly too, and checks the whole needle around each one.
#[derive(Debug, Clone)]
pub struct Folded {
    /// The text, with the letters that match in either case in lower case.
    needle: Box<[u8]>,
    /// `0x20` at those letters, 0 elsewhere: byte `b` of a haystack matches
    /// `needle[i]` when `b | fold[i] == needle[i]` (only the two cases of a
    /// letter differ by nothing but the `0x20` bit).
    fold: Box<[u8]>,
    /// The index in `needle` of the byte searched for.
    rare: usize,
}

impl Folded {
    /// A searcher for the needle `bytes`: each byte, and whether it matches
    /// in either case. That is ignored for bytes that are not ASCII letters,
    /// which always match exactly.
    pub fn new(bytes: impl IntoIterator<Item = (u8, bool)>) -> Folded {
        let (needle, fold): (Vec<u8>, Vec<u8>) = bytes
            .into_iter()
            .map(|(b, folded)| match folded && b.is_ascii_alphabetic() {
                true => (b.to_ascii_lowercase(), 0x20),
                false => (b, 0),
            })
            .collect();
        let cost = |i: usize| match fold[i] {
            0 => frequency(needle[i]),
            _ => frequency(needle[i]) + frequency(needle[i].to_ascii_uppercase()),
        };
        let rare = (0..needle.len()).min_by_key(|&i| cost(i)).unwrap_or(0);
        Folded {
            needle: needle.into(),
            fold: fold.into(),
            rare,
        }
    }

    /// The needle, with the letters that match in either case in lower case.
    pub fn needle(&self) -> &[u8] {
        &self.needle
    }

    /// Whether `needle()[i]` matches in either case.
    pub fn either_case(&self, i: usize) -> bool {
        self.fold[i] != 0
    }

    /// Where the needle first occurs in `haystack`.
    pub fn find(&self, haystack: &[u8]) -> Option<usize> {
        let n = self.needle.len();
        // The last place the needle can start, and so where its rare byte can be.
        let last = haystack.len().checked_sub(n)?;
        let Some(&rare) = self.needle.get(self.rare) else {
            return Some(0); // The empty needle.
        };
        let window = &haystack[self.rare..=last + self.rare];
        // Position `i` in the window is the rare byte of a needle starting at `i`.
        let at = |i: &usize| {
            haystack[*i..*i + n]
                .iter()
                .zip(self.needle.iter().zip(self.fold.iter()))
                .all(|(&b, (&want, &fold))| b | fold == want)
        };
        match self.fold[self.rare] {
            0 => memchr::memchr_iter(rare, window).find(at),
            fold => memchr::memchr2_iter(rare, rare ^ fold, window).find(at),
        }
    }
}

/// Roughly how often `byte` occurs in 10,000 bytes of a training log (English
/// words, numbers, punctuation), to pick the byte a [`Folded`] searches for:
/// guesses, only their order matters much. Letters follow English letter
/// frequencies, capitals a tenth as often.
fn frequency(byte: u8) -> u32 {
    // a to z, per cent of English letters times 40.
    const LOWER: [u32; 26] = [
        328, 60, 112, 172, 508, 88, 80, 244, 280, 6, 32, 160, 96, 268, 300, 76, 4, 240, 252, 364,
        112, 40, 96, 6, 80, 3,
    ];
    match byte {
        b'a'..=b'z' => LOWER[usize::from(byte - b'a')],
        b'A'..=b'Z' => LOWER[usize::from(byte - b'A')] / 10,
        b' ' => 1200,
        b'0'..=b'9' => 200,
        b'.' | b',' | b':' | b'=' | b'-' | b'_' | b'/' | b'\t' => 80,
        b'(' | b')' | b'[' | b']' | b'\'' | b'"' | b';' | b'#' | b'+' | b'%' => 25,
        0x80.. => 20,
        _ => 5,
    }
}

/// How the fast engine finds a line's leftmost match without a search over
/// the whole line, when the pattern's shape allows it. Most metric patterns
/// begin with text (`loss: (…)`), with `.*` and then text (AWS's style), or
/// are anchored to a line end (`^…`, `…$`).
#[derive(Debug, Clone)]
pub enum Start {
    /// Every match begins with `literal`: the leftmost match is the anchored
    /// match at the first occurrence of `literal` where there is one.
    Literal {
        /// The text every match starts with.
        literal: memchr::memmem::Finder<'static>,
        /// The pattern without a final `,?` or `.*`, when that leaves group 1
        /// at fixed offsets: it is run instead, with no captures pass.
        core: Option<Core>,
    },
    /// The pattern begins with `^`: one anchored search at the line start.
    LineStart,
    /// The pattern is `head`, then `.*` (greedy) or `.*?` (lazy), then `rest`,
    /// where `rest` begins with `literal` and holds every capture group.
    ///
    /// A backtracking `.*` settles where `rest` matches at the last (greedy)
    /// or first (lazy) occurrence of `literal`, so that is where `rest` is
    /// run, anchored, for the groups. The match then starts at the leftmost
    /// match of `head` that ends before it: when some match of `head` does,
    /// the greedy `.*` reaches that same last occurrence, whichever of them
    /// the backtracking settles on first (`head`'s groups would depend on
    /// which, so it must have none).
    AfterDotStar {
        /// What comes before the `.*`: `None` when nothing does (the match
        /// starts at the line start); always `None` for a lazy `.*?`.
        head: Option<meta::Regex>,
        /// The text `rest` starts with.
        literal: memchr::memmem::Finder<'static>,
        /// The same, searched from the end of the line.
        literal_rev: memchr::memmem::FinderRev<'static>,
        /// What comes after the `.*`, without a final greedy `.*`.
        rest: meta::Regex,
        /// Where group 1 is in a match of `rest`, if it is fixed ([`group_offsets`]).
        rest_offsets: Option<(usize, usize)>,
        /// Whether `rest` had a final greedy `.*`: the match then ends at the line end.
        rest_to_line_end: bool,
        /// Whether the `.*` is greedy.
        greedy: bool,
    },
    /// The pattern ends with `$` and has no leading text: `at_end` is the
    /// pattern with `\z` for that `$`, run on the line alone, so that the
    /// regex crate finds the match start with a reverse search from the line end.
    LineEnd {
        /// The pattern ending in `\z`.
        at_end: meta::Regex,
    },
}

/// A pattern without its final `X?` (`X` text) or `.*`, both greedy: they
/// always match where the rest of the pattern ends, so they decide only
/// where the match ends, not where it starts nor what group 1 holds.
#[derive(Debug, Clone)]
pub struct Core {
    /// The pattern without the final part.
    pub regex: meta::Regex,
    /// Where group 1 is in a match of `regex` ([`group_offsets`]).
    pub offsets: (usize, usize),
    /// What the final part was.
    pub tail: Tail,
}

/// The final part of a pattern left out of its [`Core`].
#[derive(Debug, Clone)]
pub enum Tail {
    /// `X?`: the match takes in `X` when the line goes on with it.
    Optional(Vec<u8>),
    /// `.*`: the match goes on to the end of the line.
    ToLineEnd,
}

impl Tail {
    /// Where a match ends whose core ends at `end`, in a line ending at `line_end`.
    pub fn extend(&self, text: &[u8], end: usize, line_end: usize) -> usize {
        match self {
            Tail::Optional(x) if text[end..line_end].starts_with(x) => end + x.len(),
            Tail::Optional(_) => end,
            Tail::ToLineEnd => line_end,
        }
    }
}

/// First and last bytes a line must have to hold a match of a pattern
/// anchored at a line start (`^…`) or end (`…$`): lines that cannot match are
/// skipped without running the regex when no literal narrows the search.
#[derive(Debug, Clone)]
pub struct LineFilter {
    first: Option<Box<[bool; 256]>>,
    last: Option<Box<[bool; 256]>>,
}

impl LineFilter {
    /// Whether `line` (without its LF) may hold a match.
    pub fn accepts(&self, line: &[u8]) -> bool {
        let allowed = |set: &Option<Box<[bool; 256]>>, byte: Option<&u8>| match (set, byte) {
            (None, _) => true,
            (Some(set), Some(&b)) => set[usize::from(b)],
            (Some(_), None) => false,
        };
        allowed(&self.first, line.first()) && allowed(&self.last, line.last())
    }
}

/// Search caches for one [`Matcher`], owned by whoever runs it.
#[derive(Debug, Clone)]
pub struct Caches {
    /// For [`Matcher::line_safe`].
    pub line_safe: meta::Cache,
    /// For the `rest` of [`Start::AfterDotStar`], the `at_end` of
    /// [`Start::LineEnd`] or the `core` of [`Start::Literal`].
    pub rest: Option<meta::Cache>,
    /// For the `head` of [`Start::AfterDotStar`].
    pub head: Option<meta::Cache>,
}

impl Matcher {
    /// Fresh caches for this matcher.
    pub fn create_caches(&self) -> Caches {
        Caches {
            line_safe: self.line_safe.create_cache(),
            rest: match &self.plan.start {
                Some(Start::AfterDotStar { rest, .. }) => Some(rest.create_cache()),
                Some(Start::LineEnd { at_end }) => Some(at_end.create_cache()),
                Some(Start::Literal {
                    core: Some(core), ..
                }) => Some(core.regex.create_cache()),
                _ => None,
            },
            head: match &self.plan.start {
                Some(Start::AfterDotStar {
                    head: Some(head), ..
                }) => Some(head.create_cache()),
                _ => None,
            },
        }
    }
}

/// Works out a [`Start`] for a line-safe pattern, if its shape allows one.
fn start_plan(hir: &Hir, config: &meta::Config) -> Option<Start> {
    let build = |hir: &Hir| {
        meta::Builder::new()
            .configure(config.clone())
            .build_from_hir(hir)
            .ok()
    };
    let HirKind::Concat(subs) = hir.kind() else {
        return None;
    };
    let first = subs.first()?;
    if let Some(literal) = leading_literal(first) {
        let core = match group_offsets(hir) {
            Some(_) => None,
            None => core(subs, config),
        };
        return Some(Start::Literal {
            literal: memchr::memmem::Finder::new(literal).into_owned(),
            core,
        });
    }
    if matches!(first.kind(), HirKind::Look(Look::StartLF)) {
        return Some(Start::LineStart);
    }
    // Split at the last `.*` that leaves every group after it and text right
    // after it; before it, only a greedy `.*` can have something.
    let split = (0..subs.len()).rev().find_map(|at| {
        let greedy = dot_star(&subs[at])?;
        let (head, rest) = (&subs[..at], &subs[at + 1..]);
        let head_ok = head.is_empty()
            || (greedy
                && head
                    .iter()
                    .all(|h| h.properties().explicit_captures_len() == 0));
        let literal = leading_literal(rest.first()?)?;
        head_ok.then_some((head, rest, literal, greedy))
    });
    if let Some((head, rest, literal, greedy)) = split {
        let (rest, rest_to_line_end) = match rest.split_last() {
            Some((last, before)) if dot_star(last) == Some(true) => (before, true),
            _ => (rest, false),
        };
        let head = match head {
            [] => None,
            head => Some(build(&Hir::concat(head.to_vec()))?),
        };
        let rest = Hir::concat(rest.to_vec());
        return Some(Start::AfterDotStar {
            head,
            literal: memchr::memmem::Finder::new(literal).into_owned(),
            literal_rev: memchr::memmem::FinderRev::new(literal).into_owned(),
            rest_offsets: group_offsets(&rest),
            rest: build(&rest)?,
            rest_to_line_end,
            greedy,
        });
    }
    let (last, before) = subs.split_last()?;
    if matches!(last.kind(), HirKind::Look(Look::EndLF)) {
        let mut at_end = before.to_vec();
        at_end.push(Hir::look(Look::End));
        return Some(Start::LineEnd {
            at_end: build(&Hir::concat(at_end))?,
        });
    }
    None
}

/// The [`Core`] of a pattern (the parts `subs` of a concatenation), if it
/// ends with a greedy `X?` or `.*` and group 1 sits at fixed offsets without it.
fn core(subs: &[Hir], config: &meta::Config) -> Option<Core> {
    let (last, rest) = subs.split_last()?;
    let tail = match last.kind() {
        HirKind::Repetition(rep) if rep.min == 0 && rep.max == Some(1) && rep.greedy => {
            match rep.sub.kind() {
                HirKind::Literal(hir::Literal(bytes)) => Tail::Optional(bytes.to_vec()),
                _ => return None,
            }
        }
        _ if dot_star(last) == Some(true) => Tail::ToLineEnd,
        _ => return None,
    };
    let hir = Hir::concat(rest.to_vec());
    let offsets = group_offsets(&hir)?;
    let regex = meta::Builder::new()
        .configure(config.clone())
        .build_from_hir(&hir)
        .ok()?;
    Some(Core {
        regex,
        offsets,
        tail,
    })
}

/// A [`LineFilter`] for a line-safe pattern anchored at a line start or end,
/// if the bytes there are few enough to be worth checking.
fn line_filter(hir: &Hir) -> Option<LineFilter> {
    use regex_syntax::hir::literal::{ExtractKind, Extractor};
    let edge = |kind: ExtractKind| {
        let prefix = matches!(kind, ExtractKind::Prefix);
        let mut extractor = Extractor::new();
        extractor
            .kind(kind)
            .limit_literal_len(1)
            .limit_class(256)
            .limit_total(256);
        let seq = extractor.extract(hir);
        let mut set = Box::new([false; 256]);
        for literal in seq.literals()? {
            let byte = if prefix {
                literal.as_bytes().first()
            } else {
                literal.as_bytes().last()
            };
            // An empty literal: a match may be empty there.
            set[usize::from(*byte?)] = true;
        }
        Some(set)
    };
    let props = hir.properties();
    let first = props
        .look_set_prefix()
        .contains(Look::StartLF)
        .then(|| edge(ExtractKind::Prefix))
        .flatten();
    let last = props
        .look_set_suffix()
        .contains(Look::EndLF)
        .then(|| edge(ExtractKind::Suffix))
        .flatten();
    (first.is_some() || last.is_some()).then_some(LineFilter { first, last })
}

/// Where group 1 sits in every match of `hir`, when the pattern shows it:
/// `(before, after)` when the pattern is text of `before` bytes, group 1,
/// then text of `after` bytes (with any assertions around them). A search
/// without groups then finds group 1 too: `Loss = (.*?);` gives `(7, 1)`.
fn group_offsets(hir: &Hir) -> Option<(usize, usize)> {
    let subs = match hir.kind() {
        HirKind::Concat(subs) => subs.as_slice(),
        _ => std::slice::from_ref(hir),
    };
    let mut parts = subs
        .iter()
        .filter(|h| !matches!(h.kind(), HirKind::Look(_)))
        .peekable();
    let literal_len = |h: &Hir| match h.kind() {
        HirKind::Literal(hir::Literal(bytes)) => Some(bytes.len()),
        _ => None,
    };
    let before = parts
        .next_if(|h| literal_len(h).is_some())
        .map_or(0, |h| literal_len(h).unwrap_or_default());
    let group = parts.next()?;
    if !matches!(group.kind(), HirKind::Capture(cap) if cap.index == 1) {
        return None;
    }
    let after = match parts.next() {
        None => 0,
        Some(h) => literal_len(h)?,
    };
    parts.next().is_none().then_some((before, after))
}

/// Whether every match of the line-safe `hir` ends where its line ends.
fn ends_at_line_end(hir: &Hir) -> bool {
    match hir.kind() {
        HirKind::Look(Look::EndLF) => true,
        HirKind::Capture(cap) => ends_at_line_end(&cap.sub),
        HirKind::Concat(subs) => subs
            .last()
            .is_some_and(|last| ends_at_line_end(last) || dot_star(last) == Some(true)),
        _ => false,
    }
}

/// The literal a match of `hir` always begins with.
fn leading_literal(hir: &Hir) -> Option<&[u8]> {
    match hir.kind() {
        HirKind::Literal(hir::Literal(bytes)) => Some(bytes),
        HirKind::Capture(cap) => leading_literal(&cap.sub),
        HirKind::Concat(subs) => leading_literal(subs.first()?),
        _ => None,
    }
}

/// `Some(greedy)` when `hir` is `.*` or `.*?`: any number of any character but
/// a line feed (after [`line_safe`], `(?s).*` is the same).
fn dot_star(hir: &Hir) -> Option<bool> {
    let HirKind::Repetition(rep) = hir.kind() else {
        return None;
    };
    let any_but_lf = hir::ClassUnicode::new([
        hir::ClassUnicodeRange::new('\0', '\t'),
        hir::ClassUnicodeRange::new('\u{b}', char::MAX),
    ]);
    let is_any = matches!(rep.sub.kind(), HirKind::Class(Class::Unicode(c)) if *c == any_but_lf);
    (rep.min == 0 && rep.max.is_none() && is_any).then_some(rep.greedy)
}

/// The longest literal that every match of `hir` contains, if there is one.
/// (Case-insensitive text is a class, not a literal, and yields none: see
/// [`folded_literal`].)
pub fn required_literal(hir: &Hir) -> Option<&[u8]> {
    match hir.kind() {
        HirKind::Literal(hir::Literal(bytes)) => Some(bytes),
        HirKind::Capture(cap) => required_literal(&cap.sub),
        HirKind::Repetition(rep) if rep.min >= 1 => required_literal(&rep.sub),
        HirKind::Concat(subs) => subs
            .iter()
            .filter_map(required_literal)
            .max_by_key(|literal| literal.len()),
        _ => None,
    }
}

/// A run of text in a pattern: bytes, and whether each is an ASCII letter
/// that matches in either case.
#[derive(Debug, Clone, Default)]
struct Run(Vec<(u8, bool)>);

impl Run {
    fn len(&self) -> usize {
        self.0.len()
    }

    fn has_letter(&self) -> bool {
        self.0.iter().any(|&(_, either_case)| either_case)
    }

    /// Adds `hir` to the run if it is text: a literal, or one ASCII letter in
    /// both cases; `false` (and no change) when it is anything else.
    fn push(&mut self, hir: &Hir) -> bool {
        match hir.kind() {
            HirKind::Literal(hir::Literal(bytes)) => {
                self.0.extend(bytes.iter().map(|&b| (b, false)));
                true
            }
            HirKind::Class(class) => match letter_in_both_cases(class) {
                Some(letter) => {
                    self.0.push((letter, true));
                    true
                }
                None => false,
            },
            _ => false,
        }
    }
}

/// The letter, when `class` is exactly one ASCII letter in both cases (`[Tt]`).
/// Not `(?i)s` nor `(?i)k` in Unicode mode: they also match `ſ` and the
/// Kelvin sign.
fn letter_in_both_cases(class: &Class) -> Option<u8> {
    let pair = |upper: u32, lower: u32| {
        let upper = u8::try_from(upper).ok()?;
        (upper.is_ascii_uppercase() && u32::from(upper.to_ascii_lowercase()) == lower)
            .then_some(upper)
    };
    match class {
        Class::Unicode(c) => match c.ranges() {
            [a, b] if a.start() == a.end() && b.start() == b.end() => {
                pair(u32::from(a.start()), u32::from(b.start()))
            }
            _ => None,
        },
        Class::Bytes(c) => match c.ranges() {
            [a, b] if a.start() == a.end() && b.start() == b.end() => {
                pair(u32::from(a.start()), u32::from(b.start()))
            }
            _ => None,
        },
    }
}

/// The longest run of text (see [`Run`]) that every match of `hir` contains,
/// found as [`required_literal`] finds an exact one.
fn folded_literal(hir: &Hir) -> Option<Run> {
    match hir.kind() {
        HirKind::Capture(cap) => folded_literal(&cap.sub),
        HirKind::Repetition(rep) if rep.min >= 1 => folded_literal(&rep.sub),
        HirKind::Concat(subs) => {
            let mut best: Option<Run> = None;
            let mut keep = |run: Run| {
                if run.len() > best.as_ref().map_or(0, Run::len) {
                    best = Some(run);
                }
            };
            let mut run = Run::default();
            for sub in subs {
                if !run.push(sub) {
                    keep(std::mem::take(&mut run));
                    if let Some(inner) = folded_literal(sub) {
                        keep(inner);
                    }
                }
            }
            keep(run);
            best
        }
        _ => {
            let mut run = Run::default();
            run.push(hir).then_some(run)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compile::{compile, line_safe};
    use crate::Engine;

    #[test]
    fn finds_the_literal_every_match_contains() {
        let literal = |p: &str| {
            let hir = regex_syntax::Parser::new().parse(p).expect("parses");
            required_literal(&line_safe(hir)).map(|l| String::from_utf8_lossy(l).into_owned())
        };
        assert_eq!(
            literal(r".*\[[0-9]+\]#011train-error:(\S+).*").as_deref(),
            Some("]#011train-error:")
        );
        assert_eq!(literal("Loss = (.*?);").as_deref(), Some("Loss = "));
        assert_eq!(literal("(?:ab(cde))+").as_deref(), Some("cde"));
        assert_eq!(literal("(?:abc)?(x)").as_deref(), Some("x"));
        assert_eq!(literal("(abc|abd)"), None);
        // Case-insensitive letters are classes; only the `=` is literal.
        assert_eq!(literal(r"(?i)loss=(\d)").as_deref(), Some("="));
        // A literal line feed can never match; the rest still has a literal.
        assert_eq!(literal(r"a\nbcdef(1)").as_deref(), Some("1"));
    }

    /// The required text of `p`'s plan: letters in either case as `[Tt]`.
    fn required(p: &str) -> Option<String> {
        let show = |bytes: &[u8]| bytes.escape_ascii().to_string();
        let plan = compile(p, Engine::Fast).expect("compiles").plan;
        plan.required.map(|required| match required {
            Required::Exact(finder) => format!("exact {}", show(finder.needle())),
            Required::Folded(folded) => {
                let needle = folded.needle();
                let text = (0..needle.len())
                    .map(|i| match folded.either_case(i) {
                        true => format!(
                            "[{}{}]",
                            needle[i].to_ascii_uppercase() as char,
                            needle[i] as char
                        ),
                        false => show(&needle[i..=i]),
                    })
                    .collect::<String>();
                format!("folded {text}")
            }
        })
    }

    #[test]
    fn finds_case_insensitive_text_every_match_contains() {
        assert_eq!(
            required(r"(?i)test accuracy[:=]\s*([0-9.]+)").as_deref(),
            // `(?i)s` is `[Ssſ]`, which ends a run.
            Some("folded [Tt] [Aa][Cc][Cc][Uu][Rr][Aa][Cc][Yy]")
        );
        assert_eq!(
            required(r"(?i)epoch (\d+)").as_deref(),
            Some("folded [Ee][Pp][Oo][Cc][Hh] ")
        );
        // Every run is shorter than three bytes.
        assert_eq!(required(r"(?i)loss=(\d)"), None);
        // The Kelvin sign ends a run too, but not in byte mode, nor `ſ`.
        assert_eq!(
            required(r"(?i)kelvin=(\d)").as_deref(),
            Some("folded [Ee][Ll][Vv][Ii][Nn]=")
        );
        assert_eq!(required(r"(?i)ok (\d)"), None);
        assert_eq!(
            required(r"(?-u)(?i)ok (\d)").as_deref(),
            Some("folded [Oo][Kk] ")
        );
        assert_eq!(
            required(r"(?-u)(?i)loss=(\d)").as_deref(),
            Some("folded [Ll][Oo][Ss][Ss]=")
        );
        // Other case-insensitive letters end runs: `é` is `[Éé]`.
        assert_eq!(
            required(r"(?i)étape(\d)").as_deref(),
            Some("folded [Tt][Aa][Pp][Ee]")
        );
        // Classes written out count, and exact text inside a run stays exact.
        assert_eq!(
            required(r"[Tt]r[Aa]i[Nn](\d)").as_deref(),
            Some("folded [Tt]r[Aa]i[Nn]")
        );
        assert_eq!(
            required(r"(?i)top1=(\d)").as_deref(),
            Some("folded [Tt][Oo][Pp]1=")
        );
        // An exact literal long enough wins, even a shorter one.
        assert_eq!(
            required(r"(?i)accuracy(?-i) is (\d)").as_deref(),
            Some("exact  is ")
        );
        assert_eq!(
            required(r"(?i)top(?-i)1=x(\d)").as_deref(),
            Some("exact 1=x")
        );
        // Through groups and repetitions that happen at least once, as for
        // exact literals; not through optional parts or alternatives.
        assert_eq!(
            required(r"(?i)a(?:val(id))+(\d)").as_deref(),
            Some("folded [Vv][Aa][Ll]")
        );
        assert_eq!(
            required(r"(?i)(epoch)(\d)").as_deref(),
            Some("folded [Ee][Pp][Oo][Cc][Hh]")
        );
        assert_eq!(required(r"(?i)(?:epoch)?(\d)"), None);
        assert_eq!(required(r"(?i)(?:epoch|step)(\d)"), None);
        // Letters are needed: other classes end runs.
        assert_eq!(required(r"(?i)[@`][@`][@`](\d)"), None);
        assert_eq!(required(r"(?i)ab[cd]ef(\d)"), None);
    }

    #[test]
    fn tells_letters_in_both_cases_from_other_classes() {
        let letter = |p: &str| {
            let hir = regex_syntax::Parser::new().parse(p).expect("parses");
            match hir.kind() {
                HirKind::Class(class) => letter_in_both_cases(class).map(char::from),
                _ => None,
            }
        };
        assert_eq!(letter("[Tt]"), Some('T'));
        assert_eq!(letter("[tT]"), Some('T'));
        assert_eq!(letter("(?i)a"), Some('A'));
        assert_eq!(letter("(?i)z"), Some('Z'));
        assert_eq!(letter("(?-u)(?i)a"), Some('A'));
        assert_eq!(letter("(?-u)[Tt]"), Some('T'));
        // `ſ` and the Kelvin sign, but not in byte mode.
        assert_eq!(letter("(?i)s"), None);
        assert_eq!(letter("(?i)k"), None);
        assert_eq!(letter("(?-u)(?i)s"), Some('S'));
        assert_eq!(letter("(?-u)(?i)k"), Some('K'));
        // Pairs that differ by 0x20 but are not letters, other pairs.
        assert_eq!(letter("[@`]"), None);
        assert_eq!(letter(r"[\[{]"), None);
        assert_eq!(letter("(?-u)[\\x01!]"), None);
        assert_eq!(letter("[Tu]"), None);
        assert_eq!(letter("[Ttx]"), None);
        assert_eq!(letter("(?i)é"), None);
    }

    #[test]
    fn finds_text_with_letters_in_either_case() {
        let folded = |needle: &str, letters: &str| {
            Folded::new(needle.bytes().zip(letters.bytes().map(|b| b == b'x')))
        };
        let accuracy = folded("t accuracy", "x xxxxxxxx");
        assert_eq!(accuracy.needle(), b"t accuracy");
        assert_eq!(accuracy.find(b"Test Accuracy: 1"), Some(3));
        assert_eq!(accuracy.find(b"TEST ACCURACY"), Some(3));
        assert_eq!(accuracy.find(b"tEsT aCcUrAcY"), Some(3));
        // At the very start and end, and not past the end.
        assert_eq!(accuracy.find(b"T accuracy"), Some(0));
        assert_eq!(accuracy.find(b"val T ACCURACY"), Some(4));
        assert_eq!(accuracy.find(b"val T ACCURAC"), None);
        assert_eq!(accuracy.find(b""), None);
        // The empty needle is everywhere, as for `memmem`.
        assert_eq!(Folded::new([]).find(b""), Some(0));
        assert_eq!(Folded::new([]).find(b"ab"), Some(0));
        // The space is exact, and a shorter haystack holds nothing.
        assert_eq!(accuracy.find(b"t\taccuracy"), None);
        assert_eq!(accuracy.find(b"y"), None);
        // Candidates that fail, including ones overlapping the match.
        assert_eq!(
            accuracy.find(b"y accuracy taccuracy t accurac t accuracy"),
            Some(31)
        );
        let aab = folded("aab", "xxx");
        assert_eq!(aab.find(b"AaAaAAB"), Some(4));
        assert_eq!(aab.find(b"AaAaAA"), None);
        // The rarest byte in the middle: occurrences too close to either end
        // of the haystack are no candidates.
        let aza = folded("aza", "xxx");
        assert_eq!(aza.find(b"zAZa"), Some(1));
        assert_eq!(aza.find(b"aZ"), None);
        assert_eq!(aza.find(b"xaz"), None);
        assert_eq!(aza.find(b"aza"), Some(0));
        // Bytes that are not letters match exactly, even flagged, even when
        // they differ from the needle by 0x20 only.
        let brace = folded("x{y", "xxx");
        assert_eq!(brace.needle(), b"x{y");
        assert_eq!(brace.find(b"X[Y x{Y"), Some(4));
        let digit = folded("a1=b", "xxxx");
        assert_eq!(digit.find(b"A\x11=b A1\x1db A1=B"), Some(10));
        // Letters not flagged are exact.
        let mixed = folded("Top1", "x_x_");
        assert_eq!(mixed.needle(), b"top1");
        assert_eq!(mixed.find(b"TOP1 tOp1 toP1"), Some(10));
        // Searching for a byte that is not a letter.
        let colon = folded("a:b", "x_x");
        assert_eq!(colon.find(b"a;b::A:c A:B"), Some(9));
    }

    #[test]
    fn folded_search_agrees_with_a_naive_one() {
        let needles: [(&[u8], &[bool]); 4] = [
            (b"az", &[true, true]),
            (b"a z", &[true, false, true]),
            (b"za!", &[true, false, false]),
            (b"aza", &[true, true, true]),
        ];
        let alphabet = b"aAzZ !";
        for (needle, either) in needles {
            let folded = Folded::new(needle.iter().copied().zip(either.iter().copied()));
            let matches_at = |hay: &[u8], at: usize| {
                needle.iter().zip(either).enumerate().all(|(i, (&b, &e))| {
                    let h = hay[at + i];
                    if e {
                        h.eq_ignore_ascii_case(&b)
                    } else {
                        h == b
                    }
                })
            };
            for len in 0..=6u32 {
                for code in 0..alphabet.len().pow(len) {
                    let hay: Vec<u8> = (0..len)
                        .scan(code, |rest, _| {
                            let b = alphabet[*rest % alphabet.len()];
                            *rest /= alphabet.len();
                            Some(b)
                        })
                        .collect();
                    let naive = (0..=hay.len().saturating_sub(needle.len()))
                        .find(|&at| hay.len() >= needle.len() && matches_at(&hay, at));
                    assert_eq!(folded.find(&hay), naive, "{needle:?} in {hay:?}");
                }
            }
        }
    }

    #[test]
    fn plans_where_matches_start() {
        let plan = |p: &str| match compile(p, Engine::Fast).expect("compiles").plan.start {
            None => "none".to_string(),
            Some(Start::Literal { literal, core }) => format!(
                "literal {}{}",
                String::from_utf8_lossy(literal.needle()),
                match core.map(|c| c.tail) {
                    Some(Tail::Optional(x)) => format!(", then {}?", String::from_utf8_lossy(&x)),
                    Some(Tail::ToLineEnd) => ", then .*".to_string(),
                    None => String::new(),
                }
            ),
            Some(Start::LineStart) => "line start".to_string(),
            Some(Start::LineEnd { .. }) => "line end".to_string(),
            Some(Start::AfterDotStar {
                head,
                literal,
                rest_to_line_end,
                greedy,
                ..
            }) => format!(
                "{}{} then {}{}",
                if head.is_some() { "head, " } else { "" },
                if greedy { ".*" } else { ".*?" },
                String::from_utf8_lossy(literal.needle()),
                if rest_to_line_end { ", to the end" } else { "" },
            ),
        };
        assert_eq!(plan("loss: ([0-9.]+)"), "literal loss: ");
        assert_eq!(plan("(loss)=([0-9.]+)"), "literal loss");
        // Hugging Face's pattern: the `,?` only decides where the match ends.
        assert_eq!(
            plan(r"'loss': ([0-9]+(.|e\-)[0-9]+),?"),
            "literal 'loss': , then ,?"
        );
        assert_eq!(plan(r"epoch=([0-9]+),.*"), "literal epoch=, then .*");
        assert_eq!(plan(r"epoch=([0-9]+)x*"), "literal epoch=");
        assert_eq!(plan(r"epoch=([0-9]+)(,)?"), "literal epoch=");
        assert_eq!(
            plan(r".*\[[0-9]+\]#011train-error:(\S+).*"),
            ".* then [, to the end"
        );
        // XGBoost's documented pattern: the groups all come after the second `.*`.
        assert_eq!(
            plan(r".*\[[0-9]+\].*#011train-error:([0-9.]+).*"),
            "head, .* then #011train-error:, to the end"
        );
        // A group before the second `.*` rules that split out.
        assert_eq!(
            plan(r".*\[([0-9]+)\].*#011train-error:([0-9.]+).*"),
            ".* then [, to the end"
        );
        // So does a lazy `.*?` after something.
        assert_eq!(plan(r"\d.*?x(\d)"), "none");
        assert_eq!(plan(r"(?s).*?epoch=(\d+)"), ".*? then epoch=");
        assert_eq!(plan(r"^loss: (\d+)"), "line start");
        assert_eq!(plan(r"\A(\d+)\z"), "line start");
        assert_eq!(plan(r"([0-9]+\.[0-9]+)$"), "line end");
        assert_eq!(plan(r".*(\d+)"), "none");
        assert_eq!(plan(r"[^x]*x(\d)"), "none");
        assert_eq!(plan(r".+x(\d)"), "none");
    }

    #[test]
    fn filters_lines_by_their_first_and_last_bytes() {
        let filter = |p: &str| compile(p, Engine::Fast).expect("compiles").plan.line_filter;
        let numbers = filter(r"^([0-9.]+)$").expect("a filter");
        assert!(numbers.accepts(b"0.25"));
        assert!(!numbers.accepts(b"x0.25"));
        assert!(!numbers.accepts(b"0.25x"));
        assert!(!numbers.accepts(b""));
        let ends = filter(r"([0-9]+\.[0-9]+)$").expect("a filter");
        assert!(ends.accepts(b"loss 1.5"));
        assert!(!ends.accepts(b"1.5 loss"));
        let non_ascii = filter(r"^(é|x)").expect("a filter");
        assert!(non_ascii.accepts("é1".as_bytes()));
        assert!(!non_ascii.accepts("e1".as_bytes()));
        // Empty lines can match, or no anchor, or a literal narrows the search anyway.
        assert!(filter(r"^([0-9]*)$").is_none());
        assert!(filter(r"([0-9]+)").is_none());
        assert!(filter(r"^loss: ([0-9]+)").is_none());
        // Too many possible bytes to be worth it: no filter.
        assert!(filter(r"^(\w+)$").is_none());
    }

    #[test]
    fn knows_where_group_1_is_in_a_match() {
        let offsets = |p: &str| {
            compile(p, Engine::Fast)
                .expect("compiles")
                .plan
                .group_offsets
        };
        assert_eq!(offsets(r"([0-9]+\.[0-9]+)$"), Some((0, 0)));
        assert_eq!(offsets(r"^\b((a)b)$"), Some((0, 0)));
        assert_eq!(offsets(r"Loss = (.*?);"), Some((7, 1)));
        assert_eq!(offsets(r"\(([0-9]+)%\)"), Some((1, 2)));
        assert_eq!(offsets(r"손실=(\d+)"), Some(("손실=".len(), 0)));
        assert_eq!(offsets(r"(\d+)x"), Some((0, 1)));
        assert_eq!(offsets(r"(?i)loss=(\d+)"), None);
        assert_eq!(offsets(r"(?:(\d)|x)"), None);
        assert_eq!(offsets(r"(a)(b)"), None);
        assert_eq!(offsets(r"a(b)?"), None);
        assert_eq!(offsets(r"a(b),?"), None);
    }

    #[test]
    fn knows_when_matches_end_with_the_line() {
        let ends = |p: &str| {
            compile(p, Engine::Fast)
                .expect("compiles")
                .plan
                .ends_at_line_end
        };
        assert!(ends(r"([0-9]+\.[0-9]+)$"));
        assert!(ends(r"(?:x)(\d+\z)"));
        assert!(ends(r".*loss=(\d+).*"));
        assert!(!ends(r".*loss=(\d+).*?"));
        assert!(!ends(r"(\d+)$|x"));
        assert!(!ends(r"loss=(\d+)"));
    }
}
