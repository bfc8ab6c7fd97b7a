//! Running the definitions over a log with SageMaker's rules.
//!
//! A log is fed to a [`Checker`] in pieces of any size ([`Checker::push`]), so
//! the CLI can stream files of any length with flat memory; [`Checker::finish`]
//! returns the [`Report`]. Internally the log is cut into windows of whole
//! lines, and each window into one chunk per thread; each chunk is normalised
//! once ([`Escaped`]) by its thread, and then the threads share out the
//! definitions, each scanning the window's chunks in order, with the fast
//! engine ([`fast`]) or the per-line reference ([`plain`]). Both hand each
//! counted match to the same [`MetricState::record`].

pub mod columns;
pub mod fast;
pub mod plain;
pub mod plan;
pub mod prepared;

use std::borrow::Cow;
use std::ops::Range;
use std::sync::{Barrier, Mutex, OnceLock};

use serde::{Deserialize, Serialize};

pub use columns::CaptureColumns;

use crate::compile::{compile, Matcher};
use crate::escape::{Escaped, LineEdits};
use crate::input::{utf16_len, ParsedInput};
use crate::report::{Capture, Example, LineSpan, Summary};
use crate::value::{as_f32, number_prefix_len, parse_value, DropReason};
use crate::{Engine, Options};

/// Windows are cut at the last line end before this many bytes: big enough
/// that starting threads for one costs little, small enough to stay in cache.
const CHUNK_SIZE: usize = 4 << 20;
/// Examples kept per kind of problem.
const MAX_EXAMPLES: usize = 3;
/// Longest example line quoted in a finding, in characters.
const EXAMPLE_CHARS: usize = 200;

/// A block of whole lines, normalised.
pub struct Chunk<'a> {
    /// The lines as pasted (after UTF-8 repair), LF-separated.
    pub original: &'a str,
    /// The lines as SageMaker sees them.
    pub escaped: Escaped<'a>,
    /// Positions of the LFs in `escaped.text()`.
    pub line_ends: Vec<usize>,
}

impl<'a> Chunk<'a> {
    /// Normalises `original`, whose last line may or may not end with LF.
    pub fn new(original: &'a str, escape: bool) -> Chunk<'a> {
        let escaped = Escaped::new(original, escape);
        let line_ends = memchr::memchr_iter(b'\n', escaped.text().as_bytes()).collect();
        Chunk {
            original,
            escaped,
            line_ends,
        }
    }

    /// Number of lines: a final LF ends the last line rather than starting another.
    pub fn line_count(&self) -> usize {
        let text = self.escaped.text();
        if text.is_empty() {
            0
        } else if text.ends_with('\n') {
            self.line_ends.len()
        } else {
            self.line_ends.len() + 1
        }
    }

    /// The escaped byte range of line `index` (0-based within the chunk), without its LF.
    pub fn line_range(&self, index: usize) -> Range<usize> {
        let start = if index == 0 {
            0
        } else {
            self.line_ends[index - 1] + 1
        };
        let end = self
            .line_ends
            .get(index)
            .copied()
            .unwrap_or(self.escaped.text().len());
        start..end
    }

    /// Line `index` as pasted: mapped back from the escaped line's bounds.
    pub fn original_line(&self, index: usize) -> &'a str {
        let range = self.line_range(index);
        let start = self.escaped.to_original(range.start, false);
        let end = self.escaped.to_original(range.end, false);
        self.original.get(start..end).unwrap_or("")
    }

    /// The index of the line holding escaped position `pos`, knowing that it
    /// is line `from` or a later one: a galloping search, cheap when matches
    /// are a few lines apart.
    pub fn line_index_from(&self, from: usize, pos: usize) -> usize {
        let ends = self.line_ends.get(from..).unwrap_or_default();
        // Every end before `low` is before `pos`.
        let (mut low, mut step) = (0, 1);
        while low + step <= ends.len() && ends[low + step - 1] < pos {
            low += step;
            step *= 2;
        }
        let high = (low + step).min(ends.len());
        from + low + ends[low..high].partition_point(|&end| end < pos)
    }
}

/// A counted match handed from an engine to [`MetricState::record`]. Ranges are
/// escaped positions relative to `line`, the escaped line.
pub struct Hit<'h> {
    /// 0-based index of the line in its chunk.
    pub line_index: usize,
    /// The line as SageMaker sees it.
    pub line: &'h str,
    /// The line as pasted (no LF, no CR of a CRLF), found only when needed.
    pub original: OriginalLine<'h>,
    /// The leftmost match.
    pub matched: Range<usize>,
    /// Group 1, if it took part.
    pub group: Option<Range<usize>>,
    /// Later matches in the same line: counted when `several` is set, listed
    /// in `ignored` when the `all_matches` option is on.
    pub ignored: Vec<(Range<usize>, Option<Range<usize>>)>,
    /// Whether the line has more than one match.
    pub several: bool,
}

/// Where to find a hit's line as pasted: mapping it back from the escaped
/// chunk costs a little, so it is done only for the captures that are listed.
#[derive(Clone, Copy)]
pub enum OriginalLine<'h> {
    /// Already at hand.
    Known(&'h str),
    /// Line `.1` of the chunk.
    InChunk(&'h Chunk<'h>, usize),
}

impl<'h> OriginalLine<'h> {
    /// The line as pasted.
    pub fn get(self) -> &'h str {
        match self {
            OriginalLine::Known(line) => line,
            OriginalLine::InChunk(chunk, index) => chunk.original_line(index),
        }
    }
}

/// How often one kind of problem occurred, with the first few examples.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// Occurrences.
    pub count: u64,
    /// The first few.
    pub examples: Vec<Example>,
}

impl Evidence {
    fn add(&mut self, example: impl FnOnce() -> Example) {
        self.count += 1;
        if self.examples.len() < MAX_EXAMPLES {
            self.examples.push(example());
        }
    }

    /// Adds what a later part of the log showed, its lines numbered from 1
    /// after `lines_before` lines.
    fn append(&mut self, later: Evidence, lines_before: u64) {
        self.count += later.count;
        let room = MAX_EXAMPLES.saturating_sub(self.examples.len());
        self.examples
            .extend(later.examples.into_iter().take(room).map(|mut e| {
                e.line += lines_before;
                e
            }));
    }
}

/// What a definition's matches showed, for the lints.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Observations {
    /// Group 1 took no part.
    pub no_group: Evidence,
    /// Group 1 captured empty text.
    pub empty: Evidence,
    /// Group 1 captured text that is not a number.
    pub not_a_number: Evidence,
    /// A number beyond CloudWatch's range.
    pub out_of_range: Evidence,
    /// Group 1 stopped inside a number.
    pub truncated: Evidence,
    /// Lines with more than one match.
    pub several: Evidence,
}

/// Everything gathered for one definition. It crosses from one worker to
/// another (see [`crate::session::PassPart`]) with serde, its columns aside.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct MetricState {
    /// Listed captures.
    pub captures: Vec<Capture>,
    /// Captures counted but not listed.
    pub captures_omitted: u64,
    /// Listed ignored matches.
    pub ignored: Vec<Capture>,
    /// Figures.
    pub summary: Summary,
    /// Line of the smallest value.
    pub min_line: Option<u64>,
    /// Line of the largest value.
    pub max_line: Option<u64>,
    /// Evidence for the lints.
    pub observations: Observations,
    /// Every capture column-wise, up to [`Options::max_columns`] (typed arrays
    /// in the wasm API, not serde).
    #[serde(skip)]
    pub columns: CaptureColumns,
    /// The counted values sampled over the whole log (with columns only).
    pub thinned: columns::Thinned,
    /// The fast engine's search caches for this definition's matcher.
    #[serde(skip)]
    caches: Option<plan::Caches>,
    /// Time taken on the last piece of the log, when evaluated by several threads.
    #[serde(skip)]
    cost: std::time::Duration,
}

impl MetricState {
    /// A copy of what the report shows (no columns, no search caches).
    pub fn for_report(&self) -> MetricState {
        MetricState {
            captures: self.captures.clone(),
            captures_omitted: self.captures_omitted,
            ignored: self.ignored.clone(),
            summary: self.summary.clone(),
            min_line: self.min_line,
            max_line: self.max_line,
            observations: self.observations.clone(),
            ..MetricState::default()
        }
    }

    /// Adds `later`, what the same definition found on the part of the log
    /// that follows the one this state saw (`lines_before` lines; `later`
    /// numbers its lines from 1): the state then equals one pass over both
    /// parts, but for the sampled values ([`columns::Thinned::append`]). Two
    /// workers read the halves of a big file at once this way.
    pub fn append(&mut self, later: MetricState, lines_before: u64, options: &Options) {
        let shift = |line: Option<u64>| line.map(|l| l + lines_before);
        // The first `max_captures` captures (and ignored matches) are listed.
        let room = options.max_captures.saturating_sub(self.captures.len());
        let unlisted = later.captures.len().saturating_sub(room) as u64;
        self.captures_omitted += later.captures_omitted + unlisted;
        let shifted = |mut c: Capture| {
            c.line += lines_before;
            c
        };
        self.captures
            .extend(later.captures.into_iter().take(room).map(shifted));
        let room = options.max_captures.saturating_sub(self.ignored.len());
        self.ignored
            .extend(later.ignored.into_iter().take(room).map(shifted));
        let (s, l) = (&mut self.summary, later.summary);
        s.matched += l.matched;
        s.count += l.count;
        s.dropped += l.dropped;
        if l.final_value.is_some() {
            s.final_value = l.final_value;
            s.final_f32 = l.final_f32;
            s.final_line = shift(l.final_line);
        }
        // Ties keep the earlier line, as one pass does.
        if let Some(min) = l.min.filter(|&m| s.min.is_none_or(|old| m < old)) {
            s.min = Some(min);
            self.min_line = shift(later.min_line);
        }
        if let Some(max) = l.max.filter(|&m| s.max.is_none_or(|old| m > old)) {
            s.max = Some(max);
            self.max_line = shift(later.max_line);
        }
        let (o, l) = (&mut self.observations, later.observations);
        o.no_group.append(l.no_group, lines_before);
        o.empty.append(l.empty, lines_before);
        o.not_a_number.append(l.not_a_number, lines_before);
        o.out_of_range.append(l.out_of_range, lines_before);
        o.truncated.append(l.truncated, lines_before);
        o.several.append(l.several, lines_before);
        self.columns
            .append(later.columns, lines_before, options.max_columns);
        self.thinned.append(later.thinned, lines_before);
    }

    /// Records the counted match `hit` found in `chunk`.
    pub fn record(&mut self, first_line: u64, hit: Hit<'_>, options: &Options) {
        let line_no = first_line + hit.line_index as u64;
        let text = hit.group.clone().map(|g| &hit.line[g]);
        let outcome = parse_value(text);
        self.summary.matched += 1;
        match outcome {
            Ok(value) => {
                let s = &mut self.summary;
                s.count += 1;
                s.final_value = Some(value);
                s.final_f32 = Some(as_f32(value));
                s.final_line = Some(line_no);
                if s.min.is_none_or(|m| value < m) {
                    s.min = Some(value);
                    self.min_line = Some(line_no);
                }
                if s.max.is_none_or(|m| value > m) {
                    s.max = Some(value);
                    self.max_line = Some(line_no);
                }
                if options.max_columns > 0 {
                    self.thinned.push(line_no, value);
                }
                if let Some(group) = &hit.group {
                    if let Some(rest) = truncation(hit.line, group.clone()) {
                        self.observations
                            .truncated
                            .add(|| example(line_no, hit.line, group.start, text, Some(rest)));
                    }
                }
            }
            Err(reason) => {
                self.summary.dropped += 1;
                let evidence = match reason {
                    DropReason::NoGroup => &mut self.observations.no_group,
                    DropReason::Empty => &mut self.observations.empty,
                    DropReason::NotANumber => &mut self.observations.not_a_number,
                    DropReason::OutOfRange => &mut self.observations.out_of_range,
                };
                let at = hit.group.as_ref().unwrap_or(&hit.matched).start;
                evidence.add(|| example(line_no, hit.line, at, text, None));
            }
        }
        if hit.several {
            self.observations
                .several
                .add(|| example(line_no, hit.line, hit.matched.start, text, None));
        }
        let wants_capture = self.captures.len() < options.max_captures;
        let wants_ignored = options.all_matches && !hit.ignored.is_empty();
        let wants_columns = self.columns.len() < options.max_columns;
        if !wants_capture {
            self.captures_omitted += 1;
        }
        if options.max_columns > 0 {
            let ignored = if options.all_matches {
                hit.ignored.len()
            } else {
                0
            };
            self.columns.total += 1 + ignored as u64;
        }
        if !wants_capture && !wants_ignored && !wants_columns {
            return;
        }
        // Offsets are reported in the line as pasted. A line is as pasted when nothing
        // in it was escaped: always with escaping off (only the CR of a CRLF goes, and
        // it is not in the line), and with it on when the line has no `#` (every escape
        // writes one). Then finding the pasted line is not needed. Otherwise a line of
        // a chunk maps back with the chunk's own edits (what escaping the line alone
        // would give: escaping is byte by byte, and a line's CR before its LF is not
        // in it); a line on its own is escaped again. For ASCII the byte offsets are
        // the UTF-16 ones: this keeps the page's capture columns cheap.
        let as_pasted = !options.escape || memchr::memchr(b'#', hit.line.as_bytes()).is_none();
        let (original, map) = match hit.original {
            _ if as_pasted => (hit.line, ToPasted::Same),
            OriginalLine::InChunk(chunk, index) => {
                let range = chunk.line_range(index);
                let edits = chunk.escaped.line_edits(range.clone());
                let start = edits.original_start();
                let end = start + edits.to_original(range.len(), false);
                let original = chunk.original.get(start..end).unwrap_or("");
                (original, ToPasted::Chunk(edits))
            }
            OriginalLine::Known(line) => (line, ToPasted::Line(Escaped::new(line, options.escape))),
        };
        let ascii = original.is_ascii();
        let span = |r: &Range<usize>| {
            let (start, end) = match &map {
                ToPasted::Same => (r.start, r.end),
                ToPasted::Chunk(edits) => (
                    edits.to_original(r.start, false),
                    edits.to_original(r.end, true),
                ),
                ToPasted::Line(escaped) => (
                    escaped.to_original(r.start, false),
                    escaped.to_original(r.end, true),
                ),
            };
            if ascii {
                LineSpan {
                    start,
                    end,
                    start_utf16: start,
                    end_utf16: end,
                }
            } else {
                line_span(original, start, end)
            }
        };
        let matched = span(&hit.matched);
        let group = hit.group.as_ref().map(span);
        let listed =
            |text: Option<&str>, outcome: Result<f64, DropReason>, matched, group| Capture {
                line: line_no,
                text: text.map(str::to_owned),
                value: outcome.ok(),
                reason: outcome.err(),
                matched,
                group,
            };
        if wants_capture {
            self.captures.push(listed(text, outcome, matched, group));
        }
        if wants_columns {
            self.columns
                .push(options.max_columns, line_no, outcome, false, matched, group);
        }
        for (matched, group) in hit.ignored.iter().filter(|_| options.all_matches) {
            let list = self.ignored.len() < options.max_captures;
            let column = self.columns.len() < options.max_columns;
            if !list && !column {
                break;
            }
            let text = group.clone().map(|g| &hit.line[g]);
            let outcome = parse_value(text);
            let (matched, group) = (span(matched), group.as_ref().map(span));
            if column {
                self.columns
                    .push(options.max_columns, line_no, outcome, true, matched, group);
            }
            if list {
                self.ignored.push(listed(text, outcome, matched, group));
            }
        }
    }
}

/// How a hit's escaped positions map to its line as pasted.
enum ToPasted<'h> {
    /// Nothing in the line was escaped.
    Same,
    /// With its chunk's edits (what escaping the line alone would give).
    Chunk(LineEdits<'h>),
    /// With the line's own.
    Line(Escaped<'h>),
}

/// If the text right after `group` continues the number group 1 captured (the
/// `e-05` after `4.5`), returns that continuation.
fn truncation(line: &str, group: Range<usize>) -> Option<String> {
    let captured = &line[group.clone()];
    // A number goes on with a digit, `.` or an exponent; most lines stop here.
    let next = line.as_bytes().get(group.end)?;
    if !(next.is_ascii_digit() || matches!(next, b'.' | b'e' | b'E'))
        || captured.ends_with(|c: char| c.is_ascii_whitespace())
    {
        return None;
    }
    let captured = captured.trim_start_matches(|c: char| c.is_ascii_whitespace());
    let following = &line[group.end..];
    // A number continues with digits, `.digits` or an exponent: a few bytes suffice.
    let tail_len = following
        .char_indices()
        .nth(24)
        .map_or(following.len(), |(i, _)| i);
    let joined = format!("{captured}{}", &following[..tail_len]);
    let longer = number_prefix_len(joined.as_bytes())?;
    (longer > captured.len()).then(|| joined[captured.len()..longer].to_string())
}

/// A quoted log line for a finding, cut around `at` when long.
fn example(
    line_no: u64,
    line: &str,
    at: usize,
    captured: Option<&str>,
    continuation: Option<String>,
) -> Example {
    let text = if line.chars().count() <= EXAMPLE_CHARS {
        line.to_string()
    } else {
        let start = line[..at]
            .char_indices()
            .rev()
            .nth(EXAMPLE_CHARS / 4)
            .map_or(0, |(i, _)| i);
        let window: String = line[start..].chars().take(EXAMPLE_CHARS).collect();
        let mut text = String::new();
        if start > 0 {
            text.push('…');
        }
        text.push_str(&window);
        if start + window.len() < line.len() {
            text.push('…');
        }
        text
    };
    Example {
        line: line_no,
        text,
        captured: captured.map(|c| match continuation {
            Some(rest) => format!("{c}|{rest}"),
            None => c.to_string(),
        }),
    }
}

/// The span of bytes `start..end` of `line`, with its UTF-16 offsets.
pub(crate) fn line_span(line: &str, start: usize, end: usize) -> LineSpan {
    let start_utf16 = line.get(..start).map_or(start, utf16_len);
    let end_utf16 = start_utf16 + line.get(start..end).map_or(end - start, utf16_len);
    LineSpan {
        start,
        end,
        start_utf16,
        end_utf16,
    }
}

/// What a [`Scan`] observed: the definitions, how each compiled, and per
/// definition its captures, summary and the evidence the lints read.
pub struct Evaluation {
    /// The definitions as read.
    pub parsed: ParsedInput,
    /// The options evaluated with.
    pub options: Options,
    /// Why each definition's pattern did not compile (None: it did).
    pub errors: Vec<Option<crate::report::PatternError>>,
    /// Each definition's observations, in input order.
    pub states: Vec<MetricState>,
    /// Lines scanned.
    pub lines: u64,
}

/// Runs compiled definitions over a log fed in pieces, and hands on what it
/// observed ([`Evaluation`]). It builds no report: findings and the report are
/// assembled downstream ([`crate::Checker`], with [`crate::lint`]).
pub struct Scan {
    parsed: ParsedInput,
    options: Options,
    matchers: Vec<Result<Matcher, crate::report::PatternError>>,
    states: Vec<MetricState>,
    windows: Windows,
    lines: u64,
}

impl Scan {
    /// Compiles every definition of `parsed`, each on its own.
    pub fn new(parsed: ParsedInput, options: Options) -> Scan {
        let matchers = parsed
            .definitions
            .iter()
            .map(|d| compile(&d.regex, options.engine))
            .collect();
        let states = vec![MetricState::default(); parsed.definitions.len()];
        Scan {
            parsed,
            options,
            matchers,
            states,
            windows: Windows::default(),
            lines: 0,
        }
    }

    /// Feeds the next piece of the log. Pieces need not end at a line end;
    /// several logs pushed one after the other read as one, as `cat` joins them.
    pub fn push(&mut self, bytes: &[u8]) {
        let mut windows = std::mem::take(&mut self.windows);
        windows.push(bytes, |window| self.process(window));
        self.windows = windows;
    }

    /// Evaluates whatever is left and hands on what was observed.
    pub fn finish(mut self) -> Evaluation {
        let windows = std::mem::take(&mut self.windows);
        windows.finish(|window| self.process(window));
        Evaluation {
            parsed: self.parsed,
            options: self.options,
            errors: self.matchers.into_iter().map(Result::err).collect(),
            states: self.states,
            lines: self.lines,
        }
    }

    fn process(&mut self, bytes: &[u8]) {
        if bytes.is_empty() {
            return;
        }
        let options = &self.options;
        // (One thread on wasm: known at compile time, so the threaded code is left out.)
        let threads = thread_count(options, bytes.len());
        if threads == 1 {
            return self.process_alone(bytes);
        }
        // One piece of whole lines per thread, each prepared by its own thread.
        let pieces = split_at_lines(bytes, threads);
        if let [piece] = pieces[..] {
            return self.process_alone(piece);
        }
        let mut work: Vec<_> = self.matchers.iter().zip(self.states.iter_mut()).collect();
        let texts: Vec<OnceLock<Cow<'_, str>>> = pieces.iter().map(|_| OnceLock::new()).collect();
        let prepared: Vec<OnceLock<Chunk<'_>>> = pieces.iter().map(|_| OnceLock::new()).collect();
        let ready = Barrier::new(pieces.len());
        // Each thread then takes the next definition until none is left, the
        // slowest first (by their time on the previous piece of the log), so
        // that no thread is left with a long one at the end.
        work.sort_by_key(|(_, state)| std::cmp::Reverse(state.cost));
        let work = Mutex::new(work.into_iter());
        let next = || work.lock().ok().and_then(|mut w| w.next());
        let lines = self.lines;
        let worker = |index: usize| {
            let prepare = || {
                let text = texts[index].get_or_init(|| as_text(pieces[index]));
                let _ = prepared[index].set(Chunk::new(text, options.escape));
            };
            // Every thread must reach the barrier, even one that panics (a bug,
            // passed on below), or the others would wait for it forever.
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(prepare));
            // The line numbers are known once every piece is prepared.
            ready.wait();
            if let Err(panic) = outcome {
                std::panic::resume_unwind(panic);
            }
            let mut first_line = lines + 1;
            let chunks: Vec<(u64, &Chunk<'_>)> = prepared
                .iter()
                .filter_map(OnceLock::get)
                .map(|chunk| {
                    let numbered = (first_line, chunk);
                    first_line += chunk.line_count() as u64;
                    numbered
                })
                .collect();
            while let Some((matcher, state)) = next() {
                let started = std::time::Instant::now();
                scan_one(matcher, state, &chunks, options);
                state.cost = started.elapsed();
            }
        };
        std::thread::scope(|scope| {
            for index in 1..pieces.len() {
                let worker = &worker;
                scope.spawn(move || worker(index));
            }
            worker(0);
        });
        self.lines += prepared
            .iter()
            .filter_map(OnceLock::get)
            .map(|chunk| chunk.line_count() as u64)
            .sum::<u64>();
    }
}

/// Cuts a log fed in pieces of any size into windows of whole lines of about
/// [`CHUNK_SIZE`] bytes (a longer line is a window of its own); the last line
/// may lack its LF only in the window [`Windows::finish`] hands on.
#[derive(Default)]
pub struct Windows {
    pending: Vec<u8>,
}

impl Windows {
    /// Feeds `bytes`, handing each complete window to `process`.
    pub fn push(&mut self, mut bytes: &[u8], mut process: impl FnMut(&[u8])) {
        if !self.pending.is_empty() {
            // Complete the pending line first, then go on from `bytes` directly.
            let Some(nl) = memchr::memchr(b'\n', bytes) else {
                self.pending.extend_from_slice(bytes);
                return;
            };
            self.pending.extend_from_slice(&bytes[..=nl]);
            bytes = &bytes[nl + 1..];
            if self.pending.len() >= CHUNK_SIZE || bytes.len() < CHUNK_SIZE {
                process(&std::mem::take(&mut self.pending));
            }
        }
        while !bytes.is_empty() {
            let window = &bytes[..bytes.len().min(CHUNK_SIZE)];
            let cut = match memchr::memrchr(b'\n', window) {
                Some(nl) => nl + 1,
                // A line longer than a chunk: take it whole.
                None => match memchr::memchr(b'\n', bytes) {
                    Some(nl) => nl + 1,
                    None => break,
                },
            };
            if !self.pending.is_empty() {
                // `pending` holds a short prefix of whole lines: join it to this chunk.
                self.pending.extend_from_slice(&bytes[..cut]);
                process(&std::mem::take(&mut self.pending));
            } else {
                process(&bytes[..cut]);
            }
            bytes = &bytes[cut..];
        }
        self.pending.extend_from_slice(bytes);
    }

    /// Hands on what is left (a last line without LF), if anything.
    pub fn finish(self, mut process: impl FnMut(&[u8])) {
        if !self.pending.is_empty() {
            process(&self.pending);
        }
    }
}

impl Scan {
    /// Evaluates `bytes` on this thread.
    fn process_alone(&mut self, bytes: &[u8]) {
        let text = as_text(bytes);
        let chunk = Chunk::new(&text, self.options.escape);
        for (matcher, state) in self.matchers.iter().zip(self.states.iter_mut()) {
            scan_one(matcher, state, &[(self.lines + 1, &chunk)], &self.options);
        }
        self.lines += chunk.line_count() as u64;
    }
}

/// The log as text: valid UTF-8 is the rule, and checking it is much faster
/// than repairing it.
pub fn as_text(bytes: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}

/// How many threads to evaluate `bytes` of log with: one unless the fast
/// engine has enough text to make threads worth starting.
fn thread_count(options: &Options, bytes: usize) -> usize {
    if cfg!(target_arch = "wasm32") || options.engine == Engine::Plain || bytes < 256 << 10 {
        return 1;
    }
    let wanted = match options.threads {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        n => n,
    };
    wanted.clamp(1, 16)
}

/// `bytes` cut after line feeds into at most `count` pieces of similar size.
fn split_at_lines(mut bytes: &[u8], count: usize) -> Vec<&[u8]> {
    let size = bytes.len().div_ceil(count.max(1));
    let mut pieces = Vec::with_capacity(count);
    while !bytes.is_empty() {
        let cut = match bytes
            .get(size..)
            .and_then(|rest| memchr::memchr(b'\n', rest))
        {
            Some(nl) => size + nl + 1,
            None => bytes.len(),
        };
        pieces.push(&bytes[..cut]);
        bytes = &bytes[cut..];
    }
    pieces
}

/// Runs one definition over consecutive chunks, each with the number of its first line.
pub fn scan_one(
    matcher: &Result<Matcher, crate::report::PatternError>,
    state: &mut MetricState,
    chunks: &[(u64, &Chunk<'_>)],
    options: &Options,
) {
    let Ok(matcher) = matcher else { return };
    for &(first_line, chunk) in chunks {
        match (&matcher.plain, options.engine) {
            (Some(plain), Engine::Plain) => plain::scan(plain, chunk, options.escape, |hit| {
                state.record(first_line, hit, options)
            }),
            _ => {
                let mut caches = state
                    .caches
                    .take()
                    .unwrap_or_else(|| matcher.create_caches());
                fast::scan(matcher, &mut caches, chunk, options.all_matches, |hit| {
                    state.record(first_line, hit, options)
                });
                state.caches = Some(caches);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The line of the smallest and largest value (the objective's best line)
    /// stays the earliest on a tie, and moves to the later part otherwise.
    #[test]
    fn appending_a_later_part_keeps_the_first_extremes() {
        let state = |min: f64, min_line: u64, max: f64, max_line: u64| MetricState {
            summary: Summary {
                count: 1,
                final_value: Some(max),
                final_line: Some(max_line),
                min: Some(min),
                max: Some(max),
                ..Summary::default()
            },
            min_line: Some(min_line),
            max_line: Some(max_line),
            ..MetricState::default()
        };
        let options = Options::default();
        let mut earlier = state(1.0, 3, 5.0, 4);
        earlier.append(state(1.0, 2, 5.0, 1), 10, &options);
        assert_eq!((earlier.min_line, earlier.max_line), (Some(3), Some(4)));
        assert_eq!(earlier.summary.final_line, Some(11));
        earlier.append(state(0.5, 2, 6.0, 1), 20, &options);
        assert_eq!((earlier.min_line, earlier.max_line), (Some(22), Some(21)));
        assert_eq!(
            (earlier.summary.min, earlier.summary.max),
            (Some(0.5), Some(6.0))
        );
        assert_eq!(earlier.summary.count, 3);
        // An empty later part changes nothing.
        earlier.append(MetricState::default(), 30, &options);
        assert_eq!(earlier.summary.final_line, Some(21));
    }

    #[test]
    fn finds_the_line_of_a_position_from_any_earlier_line() {
        let text = "a\n\nbb\nccc\n\nd";
        let chunk = Chunk::new(text, true);
        for pos in 0..=text.len() {
            let line = text[..pos].matches('\n').count();
            for from in 0..=line {
                assert_eq!(chunk.line_index_from(from, pos), line, "{from} {pos}");
            }
        }
    }

    #[test]
    fn truncation_sees_the_rest_of_a_number() {
        let line = "{'learning_rate': 4.5e-05, 'epoch': 1.0}";
        let start = line.find("4.5").unwrap_or(0);
        assert_eq!(truncation(line, start..start + 3), Some("e-05".into()));
        assert_eq!(truncation(line, start..start + 7), None);
        assert_eq!(truncation("loss=12.5;", 5..7), Some(".5".into()));
        assert_eq!(truncation("n=1,234", 2..3), None);
    }

    #[test]
    fn chunks_count_lines_like_str_lines() {
        for text in ["", "a", "a\n", "a\nb", "a\n\n", "\n", "a\r\nb\r\n"] {
            let chunk = Chunk::new(text, true);
            assert_eq!(chunk.line_count(), text.lines().count(), "{text:?}");
        }
    }
}
