//! Every capture of a definition in a compact, column-wise layout: one array
//! per field instead of one record per capture, so that millions of them cross
//! the wasm and worker boundaries as a handful of typed arrays (the page's log
//! view, chart and capture tables read them). Filled only when
//! [`crate::Options::max_columns`] asks for it; the CLI never does.

use serde::{Deserialize, Serialize};

use crate::report::LineSpan;
use crate::value::DropReason;

/// `group_start`/`group_end` of a capture whose group 1 took no part.
pub const NO_GROUP: u32 = u32::MAX;
/// The bit of [`CaptureColumns::kind`] marking a match SageMaker ignores (not
/// the first in its line; listed only with the `all_matches` option).
pub const IGNORED: u8 = 8;

/// The captures of one definition, column by column, in log order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CaptureColumns {
    /// 1-based line of each capture.
    pub line: Vec<u32>,
    /// The value, NaN when dropped.
    pub value: Vec<f64>,
    /// 0 counted, 1 no group, 2 empty, 3 not a number, 4 out of range; plus
    /// [`IGNORED`] for an ignored match.
    pub kind: Vec<u8>,
    /// The match, in UTF-16 code units of the line as pasted.
    pub match_start: Vec<u32>,
    /// End of the match (exclusive).
    pub match_end: Vec<u32>,
    /// Group 1, or [`NO_GROUP`].
    pub group_start: Vec<u32>,
    /// End of group 1, or [`NO_GROUP`].
    pub group_end: Vec<u32>,
    /// Captures seen, listed or not (ignored matches included when listed).
    pub total: u64,
}

impl CaptureColumns {
    /// Captures held.
    pub fn len(&self) -> usize {
        self.line.len()
    }

    /// Whether none is held.
    pub fn is_empty(&self) -> bool {
        self.line.is_empty()
    }

    /// Adds one capture to columns that will hold at most `max`: they grow by
    /// doubling but never past `max`, as a big file holds many columns at their
    /// cap for as long as it is open (a doubled capacity would be 60% unused).
    pub fn push(
        &mut self,
        max: usize,
        line: u64,
        outcome: Result<f64, DropReason>,
        ignored: bool,
        matched: LineSpan,
        group: Option<LineSpan>,
    ) {
        let kind = match outcome {
            Ok(_) => 0,
            Err(DropReason::NoGroup) => 1,
            Err(DropReason::Empty) => 2,
            Err(DropReason::NotANumber) => 3,
            Err(DropReason::OutOfRange) => 4,
        };
        let narrow = |n: usize| u32::try_from(n).unwrap_or(u32::MAX - 1);
        let held = self.line.len();
        if held == self.line.capacity() {
            self.reserve_exact(held.max(8).min(max.saturating_sub(held)).max(1));
        }
        self.line.push(u32::try_from(line).unwrap_or(u32::MAX));
        self.value.push(outcome.unwrap_or(f64::NAN));
        self.kind.push(kind | if ignored { IGNORED } else { 0 });
        self.match_start.push(narrow(matched.start_utf16));
        self.match_end.push(narrow(matched.end_utf16));
        self.group_start
            .push(group.map_or(NO_GROUP, |g| narrow(g.start_utf16)));
        self.group_end
            .push(group.map_or(NO_GROUP, |g| narrow(g.end_utf16)));
    }

    /// Room for exactly `more` captures beyond those held.
    fn reserve_exact(&mut self, more: usize) {
        self.line.reserve_exact(more);
        self.value.reserve_exact(more);
        self.kind.reserve_exact(more);
        self.match_start.reserve_exact(more);
        self.match_end.reserve_exact(more);
        self.group_start.reserve_exact(more);
        self.group_end.reserve_exact(more);
    }

    /// Adds the captures of the part of the log that follows (`lines_before`
    /// lines; `later` numbers its lines from 1), up to `max` held in all, as
    /// one pass over both parts holds them.
    pub fn append(&mut self, later: CaptureColumns, lines_before: u64, max: usize) {
        let room = max.saturating_sub(self.len()).min(later.len());
        let shift = |line: &u32| u32::try_from(u64::from(*line) + lines_before).unwrap_or(u32::MAX);
        self.reserve_exact(room);
        self.line.extend(later.line[..room].iter().map(shift));
        self.value.extend_from_slice(&later.value[..room]);
        self.kind.extend_from_slice(&later.kind[..room]);
        self.match_start
            .extend_from_slice(&later.match_start[..room]);
        self.match_end.extend_from_slice(&later.match_end[..room]);
        self.group_start
            .extend_from_slice(&later.group_start[..room]);
        self.group_end.extend_from_slice(&later.group_end[..room]);
        self.total += later.total;
    }
}

/// Points kept by [`Thinned`] before it halves them.
pub const THINNED_POINTS: usize = 4096;

/// Counted values sampled evenly over the whole log, at most
/// [`THINNED_POINTS`] of them, however many there are: the page's chart reads
/// them when the columns stop at their cap. Every `stride`-th value is kept;
/// when the points fill up, every other one goes and the stride doubles.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Thinned {
    /// The line of each kept value.
    pub line: Vec<u32>,
    /// The kept values.
    pub value: Vec<f64>,
    /// One value kept in this many.
    pub stride: u64,
    /// Values seen.
    pub seen: u64,
}

impl Thinned {
    /// Sees one counted value.
    pub fn push(&mut self, line: u64, value: f64) {
        let stride = self.stride.max(1);
        self.seen += 1;
        if (self.seen - 1) % stride != 0 {
            return;
        }
        self.line.push(u32::try_from(line).unwrap_or(u32::MAX));
        self.value.push(value);
        if self.line.len() >= THINNED_POINTS {
            // Keep the values at multiples of the doubled stride: indices 0, 2, 4, …
            halve(&mut self.line);
            halve(&mut self.value);
            self.stride = stride * 2;
        }
    }
}

impl Thinned {
    /// Adds the values sampled on the part of the log that follows
    /// (`lines_before` lines; `later` numbers its lines from 1). The two
    /// samples are brought to one stride and joined: evenly spread still, but
    /// not the very values one pass over both parts would have kept (the
    /// later part's sample starts at its own first value).
    pub fn append(&mut self, mut later: Thinned, lines_before: u64) {
        if later.seen == 0 {
            return;
        }
        if self.seen == 0 {
            later.line.iter_mut().for_each(|line| {
                *line = u32::try_from(u64::from(*line) + lines_before).unwrap_or(u32::MAX);
            });
            *self = later;
            return;
        }
        let (mut mine, mut theirs) = (self.stride.max(1), later.stride.max(1));
        while mine < theirs {
            halve(&mut self.line);
            halve(&mut self.value);
            mine *= 2;
        }
        while theirs < mine {
            halve(&mut later.line);
            halve(&mut later.value);
            theirs *= 2;
        }
        let shift = |line: &u32| u32::try_from(u64::from(*line) + lines_before).unwrap_or(u32::MAX);
        self.line.extend(later.line.iter().map(shift));
        self.value.extend(later.value);
        while self.line.len() >= THINNED_POINTS {
            halve(&mut self.line);
            halve(&mut self.value);
            mine *= 2;
        }
        self.stride = mine;
        self.seen += later.seen;
    }
}

/// Keeps the items at even indices.
fn halve<T: Copy>(items: &mut Vec<T>) {
    let kept = items.len().div_ceil(2);
    for i in 0..kept {
        items[i] = items[2 * i];
    }
    items.truncate(kept);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thinned_values_span_the_log_evenly_and_stay_few() {
        for n in [0u64, 1, 10, 4095, 4096, 4097, 100_000, 1_000_003] {
            let mut t = Thinned::default();
            for k in 0..n {
                t.push(k + 1, k as f64);
            }
            assert!(t.line.len() < THINNED_POINTS, "{n}");
            assert_eq!(t.seen, n);
            if n < THINNED_POINTS as u64 {
                assert_eq!(t.line.len() as u64, n, "all kept while few");
                continue;
            }
            // Evenly spaced, from the first value, up to the last stride.
            let stride = t.stride;
            for (i, (&line, &value)) in t.line.iter().zip(&t.value).enumerate() {
                assert_eq!(u64::from(line), i as u64 * stride + 1, "{n}");
                assert_eq!(value, (i as u64 * stride) as f64);
            }
            assert!(
                u64::from(*t.line.last().unwrap_or(&0)) + 2 * stride > n,
                "reaches the end: {n}"
            );
        }
    }

    #[test]
    fn columns_at_their_cap_hold_no_spare_room() {
        // A big file keeps 41 columns at their cap while it is open: doubling past the
        // cap would leave up to 60% of them unused.
        for max in [1usize, 7, 100, 20_000] {
            let mut c = CaptureColumns::default();
            for k in 0..max {
                c.push(max, k as u64 + 1, Ok(1.0), false, LineSpan::default(), None);
            }
            assert_eq!(c.len(), max);
            for capacity in [
                c.line.capacity(),
                c.value.capacity(),
                c.kind.capacity(),
                c.match_start.capacity(),
                c.match_end.capacity(),
                c.group_start.capacity(),
                c.group_end.capacity(),
            ] {
                assert_eq!(capacity, max, "cap {max}");
            }
        }
        // Appending a later part fills up to the cap and no further.
        let mut first = CaptureColumns::default();
        let mut later = CaptureColumns::default();
        for k in 0..300u64 {
            first.push(1000, k + 1, Ok(1.0), false, LineSpan::default(), None);
            later.push(1000, k + 1, Ok(2.0), false, LineSpan::default(), None);
        }
        first.append(later, 300, 500);
        assert_eq!(first.len(), 500);
        assert_eq!(first.line[300], 301);
        assert!(first.line.capacity() <= 512, "{}", first.line.capacity());
    }
}
