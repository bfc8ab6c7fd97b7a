//! The fast engine: each definition searches a whole chunk, never line by line.
//!
//! The matcher is line-safe (see [`crate::compile::line_safe`]): it cannot
//! match a line feed and its anchors are line anchors, so the leftmost match
//! found from the start of a line is the leftmost match of the first line, at
//! or after it, that has one. After recording it the search resumes at the
//! next line start.
//!
//! When every match must contain some literal text (`Loss = `, `#011train-error:`),
//! `memmem` finds the lines holding it and the regex runs on those lines only —
//! most lines of a log are never looked at by the regex.

use memchr::memmem::Finder;
use regex_automata::util::captures::Captures;
use regex_automata::{meta, Input, Span};

use super::{Chunk, Hit, OriginalLine};
use crate::compile::Matcher;

/// Finds each line's leftmost match in `chunk` and hands it to `record`.
///
/// `cache` is the matcher's own search cache: passing it explicitly keeps
/// threads that evaluate different definitions from contending for a shared one.
pub fn scan<'c>(
    matcher: &Matcher,
    cache: &mut meta::Cache,
    chunk: &'c Chunk<'c>,
    all_matches: bool,
    mut record: impl FnMut(Hit<'c>),
) {
    let re = &matcher.line_safe;
    let text = chunk.escaped.text();
    let mut caps = re.create_captures();
    let mut at = 0;
    while at < text.len() {
        let line_index = match &matcher.required {
            Some(required) => {
                // Only a line that holds the literal can match.
                let Some(found) = required.find(&text.as_bytes()[at..]) else {
                    break;
                };
                let line_index = chunk.line_index(at + found);
                let line = chunk.line_range(line_index);
                re.search_captures_with(cache, &Input::new(text).span(line.clone()), &mut caps);
                if caps.get_match().is_none() {
                    at = line.end + 1;
                    continue;
                }
                line_index
            }
            None => {
                re.search_captures_with(cache, &Input::new(text).span(at..text.len()), &mut caps);
                let Some(m) = caps.get_match() else { break };
                let line_index = chunk.line_index(m.start());
                if line_index >= chunk.line_count() {
                    // An empty match after the final LF: that is not a line.
                    break;
                }
                line_index
            }
        };
        let line = chunk.line_range(line_index);
        let m = caps
            .get_match()
            .map_or(Span::from(line.start..line.start), |m| m.span());
        let (matched, group) = relative(&caps, line.start);
        let may_have_more = matcher
            .required
            .as_ref()
            .is_none_or(|required| has_literal(required, &text.as_bytes()[m.end..line.end]));
        let mut ignored = Vec::new();
        let several = may_have_more
            && if all_matches {
                let input = Input::new(text).span(m.start..line.end);
                ignored.extend(
                    re.captures_iter(input)
                        .skip(1)
                        .map(|c| relative(&c, line.start)),
                );
                !ignored.is_empty()
            } else {
                has_second_match(re, cache, text, m, line.end)
            };
        record(Hit {
            line_index,
            line: &text[line.clone()],
            original: OriginalLine::InChunk(chunk, line_index),
            matched,
            group,
            ignored,
            several,
        });
        at = line.end + 1;
    }
}

/// Whether the line holds a match after `first`, by the rules of the regex
/// crate's iterators: an empty match where `first` ended does not count.
fn has_second_match(
    re: &meta::Regex,
    cache: &mut meta::Cache,
    text: &str,
    first: Span,
    line_end: usize,
) -> bool {
    let mut from = first.end;
    while from <= line_end {
        match re.search_with(cache, &Input::new(text).span(from..line_end)) {
            None => return false,
            Some(next) if next.is_empty() && next.start() == first.end => {
                // Step over one character and look again.
                from += text[from..].chars().next().map_or(1, char::len_utf8);
            }
            Some(_) => return true,
        }
    }
    false
}

/// A later match must hold its own copy of the literal after the first match ends.
fn has_literal(required: &Finder<'_>, rest: &[u8]) -> bool {
    required.find(rest).is_some()
}

type Spans = (std::ops::Range<usize>, Option<std::ops::Range<usize>>);

/// The match and group 1 of `caps`, relative to `line_start`.
fn relative(caps: &Captures, line_start: usize) -> Spans {
    let shift = |s: Span| s.start - line_start..s.end - line_start;
    let matched = caps.get_match().map_or(0..0, |m| shift(m.span()));
    (matched, caps.get_group(1).map(shift))
}
