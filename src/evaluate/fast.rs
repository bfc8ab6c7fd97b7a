//! The fast engine: one search per definition over a whole chunk.
//!
//! The matcher is line-safe (see [`crate::compile::line_safe`]): it cannot
//! match a line feed and its anchors are line anchors, so the leftmost match
//! found from the start of a line is the leftmost match of the first line, at
//! or after it, that has one. After recording it the search resumes at the
//! next line start. The regex engine's literal prefilters skip the lines that
//! cannot match without looking at them one by one.

use regex_automata::{meta, Input};

use super::{Chunk, Hit};

/// Finds each line's leftmost match of `re` in `chunk` and hands it to `record`.
pub fn scan<'c>(
    re: &meta::Regex,
    chunk: &'c Chunk<'_>,
    all_matches: bool,
    mut record: impl FnMut(Hit<'c>),
) {
    let text = chunk.escaped.text();
    let mut caps = re.create_captures();
    let mut at = 0;
    while at < text.len() {
        re.search_captures(&Input::new(text).span(at..text.len()), &mut caps);
        let Some(m) = caps.get_match() else { break };
        let line_index = chunk.line_index(m.start());
        if line_index >= chunk.line_count() {
            // An empty match after the final LF: that is not a line.
            break;
        }
        let line = chunk.line_range(line_index);
        let (matched, group) = relative(&caps, line.start);
        let mut ignored = Vec::new();
        let several = if all_matches {
            let input = Input::new(text).span(m.start()..line.end);
            for later in re.captures_iter(input).skip(1) {
                ignored.push(relative(&later, line.start));
            }
            !ignored.is_empty()
        } else {
            let input = Input::new(text).span(m.start()..line.end);
            re.find_iter(input).nth(1).is_some()
        };
        record(Hit {
            line_index,
            line: &text[line.clone()],
            original: chunk.original_line(line_index),
            matched,
            group,
            ignored,
            several,
        });
        at = line.end + 1;
    }
}

type Spans = (std::ops::Range<usize>, Option<std::ops::Range<usize>>);

/// The match and group 1 of `caps`, relative to `line_start`.
fn relative(caps: &regex_automata::util::captures::Captures, line_start: usize) -> Spans {
    let shift = |s: regex_automata::Span| s.start - line_start..s.end - line_start;
    let matched = caps.get_match().map_or(0..0, |m| shift(m.span()));
    (matched, caps.get_group(1).map(shift))
}
