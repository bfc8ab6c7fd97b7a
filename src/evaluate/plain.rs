//! The reference engine: every line of the original text is cut out, escaped
//! on its own and searched by every definition with the pattern as written,
//! exactly as SageMaker's rules are stated. Slow and obviously right; the fast
//! engine is tested against it.

use super::{Chunk, Hit, OriginalLine};
use crate::escape::Escaped;

/// Finds each line's leftmost match of `re` in `chunk` and hands it to `record`.
pub fn scan(re: &regex::Regex, chunk: &Chunk<'_>, escape: bool, mut record: impl FnMut(Hit<'_>)) {
    let count = chunk.line_count();
    let ends_with_lf = chunk.original.ends_with('\n');
    for (line_index, original) in chunk.original.split('\n').take(count).enumerate() {
        // Only a CR right before an LF ends a line; a final line has no LF.
        let has_lf = line_index + 1 < count || ends_with_lf;
        let original = match original.strip_suffix('\r') {
            Some(stripped) if has_lf => stripped,
            _ => original,
        };
        let escaped = Escaped::new(original, escape);
        let line = escaped.text();
        let Some(caps) = re.captures(line) else {
            continue;
        };
        let ignored: Vec<_> = re
            .captures_iter(line)
            .skip(1)
            .map(|c| {
                (
                    c.get(0).map_or(0..0, |m| m.range()),
                    c.get(1).map(|m| m.range()),
                )
            })
            .collect();
        record(Hit {
            line_index,
            line,
            original: OriginalLine::Known(original),
            matched: caps.get(0).map_or(0..0, |m| m.range()),
            group: caps.get(1).map(|m| m.range()),
            several: !ignored.is_empty(),
            ignored,
        });
    }
}
