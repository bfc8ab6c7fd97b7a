//! The text SageMaker matches: lines as CloudWatch shows them.
//!
//! CloudWatch writes every control character left in a log line (0x00–0x1F
//! except LF, and 0x7F) as `#` and three octal digits: TAB is `#011`, ESC
//! `#033`, CR `#015`. One CR right before an LF ends the line and is dropped
//! whether escaping is on or not.
//!
//! [`Escaped`] holds the transformed text together with the list of edits, so a
//! position in what the regex saw maps back to a position in what the user pasted.

use std::borrow::Cow;

/// One replacement: `orig_len` bytes at `orig` became `esc_len` bytes at `esc`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Edit {
    esc: usize,
    orig: usize,
    esc_len: usize,
    orig_len: usize,
}

impl Edit {
    /// Maps `pos`, a transformed position at or after this edit's start and
    /// before the next edit, to the original: inside the edit, to its start
    /// (or its end with `round_up`); past it, by the same offset.
    fn to_original(self, pos: usize, round_up: bool) -> usize {
        if pos < self.esc + self.esc_len {
            if round_up {
                self.orig + self.orig_len
            } else {
                self.orig
            }
        } else {
            self.orig + self.orig_len + (pos - (self.esc + self.esc_len))
        }
    }
}

/// Text after line-ending normalisation and (optionally) CloudWatch escaping,
/// with the edits needed to map positions back to the original.
#[derive(Debug, Clone)]
pub struct Escaped<'a> {
    text: Cow<'a, str>,
    edits: Vec<Edit>,
}

/// Whether `b` is written as `#ooo` by CloudWatch.
#[inline]
pub fn is_escaped_byte(b: u8) -> bool {
    (b < 0x20 && b != b'\n') || b == 0x7f
}

/// The position of the next byte at or after `from` that is rewritten: a
/// control character when escaping, else only the CR of a CRLF.
fn next_edit(bytes: &[u8], from: usize, escape: bool) -> Option<usize> {
    if !escape {
        let mut at = from;
        while let Some(offset) = memchr::memchr(b'\r', bytes.get(at..)?) {
            let i = at + offset;
            if bytes.get(i + 1) == Some(&b'\n') {
                return Some(i);
            }
            at = i + 1;
        }
        return None;
    }
    // 32 bytes at a time, with no branch inside a block so that the compiler
    // turns the test into vector compares; line feeds (below 0x20 too) are
    // told apart only in the rare blocks that hold something else.
    const BLOCK: usize = 32;
    let mut at = from;
    while let Some(block) = bytes.get(at..at + BLOCK) {
        if block_has_edit(block) {
            if let Some(offset) = block.iter().position(|&b| is_escaped_byte(b)) {
                return Some(at + offset);
            }
        }
        at += BLOCK;
    }
    bytes
        .get(at..)?
        .iter()
        .position(|&b| is_escaped_byte(b))
        .map(|offset| at + offset)
}

/// Whether `block` (32 bytes) holds a byte that [`is_escaped_byte`].
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
#[inline]
fn block_has_edit(block: &[u8]) -> bool {
    let mut hit = false;
    for &b in block {
        hit |= (b < 0x20) & (b != b'\n') | (b == 0x7f);
    }
    hit
}

/// Whether `block` (32 bytes) holds a byte that [`is_escaped_byte`], 16 bytes
/// at a time with WebAssembly SIMD: LLVM leaves the loop above scalar on wasm32
/// (32 byte loads and compares a block), where it vectorises it on x86-64.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
#[inline]
fn block_has_edit(block: &[u8]) -> bool {
    use core::arch::wasm32::{
        u8x16, u8x16_eq, u8x16_lt, u8x16_splat, v128_andnot, v128_any_true, v128_or,
    };
    let half = |b: &[u8]| {
        let v = u8x16(
            b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13],
            b[14], b[15],
        );
        let control = u8x16_lt(v, u8x16_splat(0x20));
        let line_feed = u8x16_eq(v, u8x16_splat(b'\n'));
        let delete = u8x16_eq(v, u8x16_splat(0x7f));
        v128_or(v128_andnot(control, line_feed), delete)
    };
    v128_any_true(v128_or(half(&block[..16]), half(&block[16..32])))
}

impl<'a> Escaped<'a> {
    /// Transforms `text`, whose lines are separated by LF. With `escape` off only
    /// the CR of each CRLF is removed.
    pub fn new(text: &'a str, escape: bool) -> Escaped<'a> {
        let bytes = text.as_bytes();
        // Most text has nothing to change: find out in bulk.
        let Some(first) = next_edit(bytes, 0, escape) else {
            return Escaped {
                text: Cow::Borrowed(text),
                edits: Vec::new(),
            };
        };
        let mut out = String::with_capacity(text.len() + text.len() / 8);
        let mut edits = Vec::new();
        let mut copied = 0;
        let mut at = Some(first);
        while let Some(i) = at {
            out.push_str(&text[copied..i]);
            let esc = out.len();
            let b = bytes[i];
            if b == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                edits.push(Edit {
                    esc,
                    orig: i,
                    esc_len: 0,
                    orig_len: 1,
                });
            } else {
                out.push('#');
                out.push(char::from(b'0' + (b >> 6)));
                out.push(char::from(b'0' + ((b >> 3) & 7)));
                out.push(char::from(b'0' + (b & 7)));
                edits.push(Edit {
                    esc,
                    orig: i,
                    esc_len: 4,
                    orig_len: 1,
                });
            }
            copied = i + 1;
            at = next_edit(bytes, copied, escape);
        }
        out.push_str(&text[copied..]);
        Escaped {
            text: Cow::Owned(out),
            edits,
        }
    }

    /// The transformed text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Whether anything was changed.
    pub fn is_identity(&self) -> bool {
        self.edits.is_empty()
    }

    /// Maps a position in [`Self::text`] to the original text. A position inside
    /// an escape sequence maps to the start of its control character when
    /// `round_up` is false and to its end when true, so a span that covers part
    /// of `#011` still covers the TAB.
    pub fn to_original(&self, pos: usize, round_up: bool) -> usize {
        // The last edit that starts strictly before `pos`.
        let n = self.edits.partition_point(|e| e.esc < pos);
        if n == 0 {
            return pos;
        }
        self.edits[n - 1].to_original(pos, round_up)
    }
}

/// The edits of one line of an [`Escaped`] text, found once, to map positions
/// in that line back to the line as pasted without searching all the edits.
#[derive(Debug, Clone, Copy)]
pub struct LineEdits<'e> {
    /// The edits that start in the line.
    edits: &'e [Edit],
    /// Where the line starts in the transformed text.
    esc_start: usize,
    /// Where it starts in the original.
    orig_start: usize,
}

impl<'a> Escaped<'a> {
    /// The edits of the line at `line` in [`Self::text`] (a range between line
    /// feeds, without its LF).
    pub fn line_edits(&self, line: std::ops::Range<usize>) -> LineEdits<'_> {
        let first = self.edits.partition_point(|e| e.esc < line.start);
        // A line holds few edits: counted one by one.
        let count = self.edits[first..]
            .iter()
            .take_while(|e| e.esc < line.end)
            .count();
        // As `to_original(line.start)`: a line starts after the last edit before it ends.
        let orig_start = match first.checked_sub(1).map(|n| self.edits[n]) {
            None => line.start,
            Some(e) => e.to_original(line.start, false),
        };
        LineEdits {
            edits: &self.edits[first..first + count],
            esc_start: line.start,
            orig_start,
        }
    }
}

impl LineEdits<'_> {
    /// Where the line starts in the original text.
    pub fn original_start(&self) -> usize {
        self.orig_start
    }

    /// [`Escaped::to_original`] for a position `pos` in the line, both relative
    /// to the line's start: the same as mapping with the line's own edits.
    pub fn to_original(&self, pos: usize, round_up: bool) -> usize {
        let n = self.edits.partition_point(|e| e.esc < self.esc_start + pos);
        // No edit before `pos` in the line: an escape sequence never spans a
        // line feed, so the line start maps by the same offset as `pos`.
        let Some(e) = n.checked_sub(1).map(|n| self.edits[n]) else {
            return pos;
        };
        e.to_original(self.esc_start + pos, round_up) - self.orig_start
    }
}

/// Escapes one line (no LF in it) the way CloudWatch shows it.
///
/// ```
/// assert_eq!(metrex::escape::escape_line("[0]\ttrain-error:0.1\u{1b}"), "[0]#011train-error:0.1#033");
/// ```
pub fn escape_line(line: &str) -> Cow<'_, str> {
    Escaped::new(line, true).text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lines_edits_map_as_the_line_escaped_alone() {
        let texts = [
            "a\tb\u{1b}[0m\rc\u{7f}\n\tx\r\n\r\n\r\r\n\u{0}\ty\tz\t\n",
            "\t\n\n\t",
            "plain\r\nlines\r\n",
            "é\t😀\u{1}\nend\r",
        ];
        for text in texts {
            for escape in [true, false] {
                let escaped = Escaped::new(text, escape);
                let out = escaped.text();
                let mut start = 0;
                for line in out.split('\n') {
                    let range = start..start + line.len();
                    start = range.end + 1;
                    let edits = escaped.line_edits(range.clone());
                    let from = edits.original_start();
                    let to = from + edits.to_original(range.len(), false);
                    let original = &text[from..to];
                    let alone = Escaped::new(original, escape);
                    assert_eq!(alone.text(), line, "{text:?} {escape}");
                    for pos in 0..=line.len() {
                        for round_up in [false, true] {
                            assert_eq!(
                                edits.to_original(pos, round_up),
                                alone.to_original(pos, round_up),
                                "{text:?} {escape} {line:?} {pos} {round_up}"
                            );
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn escapes_control_characters_as_octal() {
        let e = Escaped::new("a\tb\u{1b}[0m\rc\u{7f}\u{0}", true);
        assert_eq!(e.text(), "a#011b#033[0m#015c#177#000");
    }

    #[test]
    fn crlf_loses_its_cr_with_or_without_escaping() {
        assert_eq!(Escaped::new("a\r\nb\r\n", true).text(), "a\nb\n");
        assert_eq!(Escaped::new("a\r\nb\r\n", false).text(), "a\nb\n");
        // A lone CR is not a line ending.
        assert_eq!(Escaped::new("a\rb\n", true).text(), "a#015b\n");
        assert_eq!(Escaped::new("a\rb\n", false).text(), "a\rb\n");
        assert_eq!(Escaped::new("a\r\r\n", true).text(), "a#015\n");
    }

    #[test]
    fn finds_every_control_character_wherever_it_sits() {
        for len in 0..40 {
            for at in 0..len {
                for b in [0u8, 9, 13, 27, 31, 127] {
                    let mut bytes = vec![b'a'; len];
                    bytes[at] = b;
                    if at > 2 {
                        bytes[at - 2] = b'\n';
                    }
                    assert_eq!(next_edit(&bytes, 0, true), Some(at), "{len} {at} {b}");
                }
                let mut clean = vec![b'x'; len];
                clean[at] = if at % 2 == 0 { b'\n' } else { 0xc3 };
                assert_eq!(next_edit(&clean, 0, true), None);
            }
        }
        assert_eq!(next_edit(b"a\rb\r\n", 0, false), Some(3));
        assert_eq!(next_edit(b"a\rb\r", 0, false), None);
    }

    #[test]
    fn untouched_text_is_borrowed() {
        let e = Escaped::new("plain\nlines\n", true);
        assert!(e.is_identity());
        assert!(matches!(e.text, Cow::Borrowed(_)));
        let e = Escaped::new("tab\there", false);
        assert!(e.is_identity());
    }

    #[test]
    fn positions_map_back() {
        // "x\ty" -> "x#011y"
        let e = Escaped::new("x\ty", true);
        assert_eq!(e.to_original(0, false), 0);
        assert_eq!(e.to_original(1, false), 1); // start of #011 = the TAB
        assert_eq!(e.to_original(2, false), 1); // inside, rounded down
        assert_eq!(e.to_original(2, true), 2); // inside, rounded up
        assert_eq!(e.to_original(5, false), 2); // 'y'
        assert_eq!(e.to_original(6, false), 3); // end
    }

    #[test]
    fn crlf_positions_map_to_before_the_cr() {
        // "ab\r\ncd" -> "ab\ncd"
        let e = Escaped::new("ab\r\ncd", true);
        assert_eq!(e.to_original(2, true), 2); // end of line 1 excludes the CR
        assert_eq!(e.to_original(3, false), 4); // start of line 2
        assert_eq!(e.to_original(5, false), 6);
    }

    #[test]
    fn non_ascii_is_kept() {
        let e = Escaped::new("손실\t0.5 🚀", true);
        assert_eq!(e.text(), "손실#0110.5 🚀");
        let pos = e.text().find("0.5").unwrap_or(0);
        assert_eq!(e.to_original(pos, false), "손실\t".len());
    }
}
