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
//! most lines of a log are never looked at by the regex. Within such a line,
//! a [`Start`] plan finds where the match begins from the literal's position
//! and runs the regex anchored there: one short forward pass. Case-insensitive
//! text (`(?i)accuracy`) is found the same way, by a [`super::plan::Folded`] search.

use std::ops::Range;

use regex_automata::util::captures::Captures;
use regex_automata::{meta, Anchored, Input, Span};

use super::plan::{Caches, Core, Required, Start};
use super::{Chunk, Hit, OriginalLine};
use crate::compile::Matcher;

/// Captures objects for a matcher, reused from line to line.
struct Slots {
    line_safe: Captures,
    rest: Option<Captures>,
}

/// A line's leftmost match: the match and group 1, absolute in the chunk.
struct Found {
    matched: Range<usize>,
    group: Option<Range<usize>>,
}

/// Finds each line's leftmost match in `chunk` and hands it to `record`.
///
/// `caches` are the matcher's own search caches: passing them explicitly keeps
/// threads that evaluate different definitions from contending for shared ones.
pub fn scan<'c>(
    matcher: &Matcher,
    caches: &mut Caches,
    chunk: &'c Chunk<'c>,
    all_matches: bool,
    mut record: impl FnMut(Hit<'c>),
) {
    let re = &matcher.line_safe;
    let text = chunk.escaped.text();
    let bytes = text.as_bytes();
    let mut slots = Slots {
        line_safe: re.create_captures(),
        rest: match &matcher.plan.start {
            Some(Start::AfterDotStar { rest, .. }) => Some(rest.create_captures()),
            Some(Start::LineEnd { at_end }) => Some(at_end.create_captures()),
            _ => None,
        },
    };
    // Whether matches start with the required literal, so that the search
    // for it finds where to try the first match. (Never for a case-insensitive
    // one: a leading literal is exact.)
    let starts_with_required = match (&matcher.plan.start, &matcher.plan.required) {
        (Some(Start::Literal { literal, .. }), Some(required)) => {
            required.exact() == Some(literal.needle())
        }
        _ => false,
    };
    let mut at = 0;
    // Lines before this one hold no more matches.
    let mut next_line = 0;
    while at < text.len() {
        let (line_index, found) = match (&matcher.plan.required, &matcher.plan.line_filter) {
            (Some(required), _) => {
                // Only a line that holds the literal can match.
                let Some(offset) = required.find(&bytes[at..]) else {
                    break;
                };
                let line_index = chunk.line_index_from(next_line, at + offset);
                let line = chunk.line_range(line_index);
                // The search started at a line start, so this is the literal's
                // first occurrence in the line.
                let first = starts_with_required.then_some(at + offset);
                match find_in_line(matcher, caches, &mut slots, text, line.clone(), first) {
                    Some(found) => (line_index, found),
                    None => {
                        at = line.end + 1;
                        next_line = line_index + 1;
                        continue;
                    }
                }
            }
            (None, Some(filter)) => {
                // Only a line with the right first or last byte can match.
                let found = (next_line..chunk.line_count()).find_map(|index| {
                    let line = chunk.line_range(index);
                    if !filter.accepts(&bytes[line.clone()]) {
                        return None;
                    }
                    find_in_line(matcher, caches, &mut slots, text, line, None).map(|f| (index, f))
                });
                let Some(found) = found else {
                    break;
                };
                found
            }
            (None, None) => {
                let input = Input::new(text).span(at..text.len());
                let caps = &mut slots.line_safe;
                let offsets = matcher.plan.group_offsets;
                let Some(found) = search(re, &mut caches.line_safe, caps, &input, offsets) else {
                    break;
                };
                let line_index = chunk.line_index_from(next_line, found.matched.start);
                if line_index >= chunk.line_count() {
                    // An empty match after the final LF: that is not a line.
                    break;
                }
                (line_index, found)
            }
        };
        let line = chunk.line_range(line_index);
        let m = Span::from(found.matched.clone());
        let may_have_more = !matcher.plan.ends_at_line_end
            && matcher
                .plan
                .required
                .as_ref()
                .is_none_or(|required| has_literal(required, &bytes[m.end..line.end]));
        let mut ignored = Vec::new();
        let several = may_have_more
            && if all_matches {
                let input = Input::new(text).span(m.start..line.end);
                ignored.extend(re.captures_iter(input).skip(1).map(|c| {
                    let later = spans(&c);
                    (
                        shift(later.matched, line.start),
                        later.group.map(|g| shift(g, line.start)),
                    )
                }));
                !ignored.is_empty()
            } else {
                has_second_match(re, &mut caches.line_safe, text, m, line.end)
            };
        record(Hit {
            line_index,
            line: &text[line.clone()],
            original: OriginalLine::InChunk(chunk, line_index),
            matched: shift(found.matched, line.start),
            group: found.group.map(|g| shift(g, line.start)),
            ignored,
            several,
        });
        at = line.end + 1;
        next_line = line_index + 1;
    }
}

/// The leftmost match in `line` (a range of `text`), if any. `first` is the
/// position of the first occurrence of a [`Start::Literal`] in the line, when known.
fn find_in_line(
    matcher: &Matcher,
    caches: &mut Caches,
    slots: &mut Slots,
    text: &str,
    line: Range<usize>,
    first: Option<usize>,
) -> Option<Found> {
    let bytes = &text.as_bytes()[..line.end];
    let anchored_at = |p: usize| Input::new(text).span(p..line.end).anchored(Anchored::Yes);
    match &matcher.plan.start {
        Some(Start::Literal { literal, core }) => {
            let re = &matcher.line_safe;
            let mut next =
                first.or_else(|| literal.find(&bytes[line.start..]).map(|o| line.start + o));
            while let Some(p) = next {
                let found = match core {
                    Some(core) => core_match(core, caches.rest.as_mut()?, &anchored_at(p), bytes),
                    None => {
                        let caps = &mut slots.line_safe;
                        let offsets = matcher.plan.group_offsets;
                        search(re, &mut caches.line_safe, caps, &anchored_at(p), offsets)
                    }
                };
                if found.is_some() {
                    return found;
                }
                next = literal.find(&bytes[p + 1..]).map(|o| p + 1 + o);
            }
            None
        }
        Some(Start::LineStart) => search(
            &matcher.line_safe,
            &mut caches.line_safe,
            &mut slots.line_safe,
            &anchored_at(line.start),
            matcher.plan.group_offsets,
        ),
        Some(Start::LineEnd { at_end }) => {
            // The line alone, so that `\z` is its end; what precedes it stays
            // in view for `^` and `\b`.
            let input = Input::new(&text[..line.end]).span(line.clone());
            search(
                at_end,
                caches.rest.as_mut()?,
                slots.rest.as_mut()?,
                &input,
                matcher.plan.group_offsets,
            )
        }
        Some(Start::AfterDotStar {
            head,
            literal,
            literal_rev,
            rest,
            rest_offsets,
            rest_to_line_end,
            greedy,
        }) => {
            let cache = caches.rest.as_mut()?;
            let caps = slots.rest.as_mut()?;
            let mut rest_at = |p: usize| search(rest, cache, caps, &anchored_at(p), *rest_offsets);
            let mut found = None;
            if *greedy {
                let mut to = line.end;
                while let Some(offset) = literal_rev.rfind(&bytes[line.start..to]) {
                    let p = line.start + offset;
                    if let Some(rest_found) = rest_at(p) {
                        found = Some((p, rest_found));
                        break;
                    }
                    // The next candidate ends before this one's last byte.
                    to = p + literal.needle().len() - 1;
                }
            } else {
                let mut from = line.start;
                while let Some(offset) = literal.find(&bytes[from..]) {
                    let p = from + offset;
                    if let Some(rest_found) = rest_at(p) {
                        found = Some((p, rest_found));
                        break;
                    }
                    from = p + 1;
                }
            }
            let (p, rest_found) = found?;
            let start = match head {
                None => line.start,
                Some(head) => {
                    let input = Input::new(text).span(line.start..p);
                    head.search_with(caches.head.as_mut()?, &input)?.start()
                }
            };
            let end = if *rest_to_line_end {
                line.end
            } else {
                rest_found.matched.end
            };
            Some(Found {
                matched: start..end,
                group: rest_found.group,
            })
        }
        None => search(
            &matcher.line_safe,
            &mut caches.line_safe,
            &mut slots.line_safe,
            &Input::new(text).span(line),
            matcher.plan.group_offsets,
        ),
    }
}

/// The leftmost match of a pattern in `input` (which ends at its line's end,
/// in `text`), found with its [`Core`].
fn core_match(
    core: &Core,
    cache: &mut meta::Cache,
    input: &Input<'_>,
    text: &[u8],
) -> Option<Found> {
    let m = core.regex.search_with(cache, input)?;
    let (before, after) = core.offsets;
    Some(Found {
        matched: m.start()..core.tail.extend(text, m.end(), input.end()),
        group: Some(m.start() + before..m.end() - after),
    })
}

/// The leftmost match of `re` in `input`. When group 1 is a fixed number of
/// bytes from the ends of a match (`offsets`), the search asks for no groups,
/// which spares the regex crate a second pass over the match.
fn search(
    re: &meta::Regex,
    cache: &mut meta::Cache,
    caps: &mut Captures,
    input: &Input<'_>,
    offsets: Option<(usize, usize)>,
) -> Option<Found> {
    if let Some((before, after)) = offsets {
        let m = re.search_with(cache, input)?;
        return Some(Found {
            matched: m.range(),
            group: Some(m.start() + before..m.end() - after),
        });
    }
    re.search_captures_with(cache, input, caps);
    caps.is_match().then(|| spans(caps))
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
fn has_literal(required: &Required, rest: &[u8]) -> bool {
    required.find(rest).is_some()
}

/// The match and group 1 of `caps`, absolute.
fn spans(caps: &Captures) -> Found {
    Found {
        matched: caps.get_match().map_or(0..0, |m| m.range()),
        group: caps.get_group(1).map(|g| g.range()),
    }
}

fn shift(range: Range<usize>, by: usize) -> Range<usize> {
    range.start - by..range.end - by
}
