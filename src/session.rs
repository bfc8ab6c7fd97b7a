//! Incremental evaluation, for the page: a [`Session`] keeps the log and each
//! definition's results between requests, so that editing one definition runs
//! only that one, and editing nothing runs nothing.
//!
//! The log reaches a session in passes: [`Session::begin_pass`], any number of
//! [`Session::push`], [`Session::end_pass`]. A pass runs the definitions that
//! have no results yet. With `keep`, the first pass also keeps the log
//! prepared ([`PreparedLog`]) and later definitions run on it at once, in
//! [`Session::set_definitions`]; without it (a file too large to hold) nothing
//! of the log is held but a sparse line index, and a changed definition needs
//! another pass over the file, for that definition alone.
//!
//! Results are cached by regex (a definition's captures depend on nothing
//! else); the report is assembled from them by [`crate::lint`] as usual, so it
//! is the same as [`crate::check`]'s whatever the order of edits.
//!
//! A first read can be shared: another session (in another worker) reads the
//! part of the log after some line end, hands over [`Session::take_part`],
//! and this one adds it after its own pass over the part before
//! ([`Session::merge_part`]).

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::compile::{compile, Matcher};
use crate::evaluate::columns::IGNORED;
use crate::evaluate::prepared::PreparedLog;
use crate::evaluate::{scan_one, CaptureColumns, Evaluation, MetricState, Windows};
use crate::input::{parse_definitions, ParsedInput};
use crate::report::{Finding, PatternError, Report};
use crate::Options;

/// Line starts recorded in the line index: one every this many lines.
pub const LINE_INDEX_EVERY: u64 = 256;

/// Where the log is.
enum Log {
    /// Nothing read yet (or the log was replaced).
    Unread,
    /// Held, prepared.
    Kept(PreparedLog),
    /// Read once and not held: another pass means reading it again.
    Streamed,
}

/// One definition's results.
struct Cached {
    matcher: Result<Matcher, PatternError>,
    state: MetricState,
}

/// A pass over the log in progress.
struct Pass {
    /// The regexes it runs, with their matcher and what they found so far.
    work: Vec<(String, Cached)>,
    windows: Windows,
    /// The log being kept, when asked to.
    kept: Option<PreparedLog>,
    lines: u64,
    /// Whether this pass reads the log for the first time (and indexes it).
    first: bool,
}

/// Byte offsets of every [`LINE_INDEX_EVERY`]-th line start (line 1, 257, …)
/// of the log as given, for reading lines from a file on demand. A log read
/// in two parts has one shorter block where they join: `starts` says which
/// line each offset starts.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LineIndex {
    /// The line each block starts with: `1 + k * LINE_INDEX_EVERY`, for each
    /// k, but past a join.
    pub starts: Vec<f64>,
    /// Where each block starts: the offset of line `starts[k]`.
    pub offsets: Vec<f64>,
    /// Lines in the log (a final LF ends the last line).
    pub lines: u64,
    /// Bytes read.
    pub bytes: u64,
    ends_with_lf: bool,
}

impl LineIndex {
    fn add(&mut self, bytes: &[u8]) {
        if bytes.is_empty() {
            return;
        }
        if self.bytes == 0 {
            self.starts.push(1.0);
            self.offsets.push(0.0);
        }
        // Line starts after each LF; `lines` counts LFs until the end.
        for nl in memchr::memchr_iter(b'\n', bytes) {
            self.lines += 1;
            if self.lines % LINE_INDEX_EVERY == 0 {
                self.starts.push((self.lines + 1) as f64);
                self.offsets.push((self.bytes + nl as u64 + 1) as f64);
            }
        }
        self.bytes += bytes.len() as u64;
        self.ends_with_lf = bytes.last() == Some(&b'\n');
    }

    fn finish(&mut self) {
        if self.bytes > 0 && !self.ends_with_lf {
            self.lines += 1;
            self.ends_with_lf = true;
        }
        // A start recorded for a line that does not exist (just after the final LF).
        while self.starts.last().is_some_and(|&s| s > self.lines as f64) {
            self.starts.pop();
            self.offsets.pop();
        }
    }

    /// Adds the index of the part of the log that follows this one, which
    /// ends with a LF (`later` counts its lines and bytes from its own start).
    fn append(&mut self, later: &LineIndex) {
        let (lines, bytes) = (self.lines as f64, self.bytes as f64);
        for (&start, &offset) in later.starts.iter().zip(&later.offsets) {
            self.starts.push(start + lines);
            self.offsets.push(offset + bytes);
        }
        self.lines += later.lines;
        self.bytes += later.bytes;
        self.ends_with_lf = later.ends_with_lf;
    }
}

/// What a session's first pass found on a later part of a log: the results
/// of each regex, its lines and its line index, all counted from the part's
/// start. [`Session::merge_part`] adds it to the pass over the part before.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct PassPart {
    /// Each regex with its results.
    pub states: Vec<(String, MetricState)>,
    /// Lines in the part.
    pub lines: u64,
    /// The part's line index.
    pub index: LineIndex,
}

/// The log and every definition's results, kept between requests.
pub struct Session {
    options: Options,
    /// A problem with the options, passed on in every report.
    problem: Option<Finding>,
    parsed: ParsedInput,
    log: Log,
    lines: u64,
    index: LineIndex,
    cache: HashMap<String, Cached>,
    pass: Option<Pass>,
    /// Regexes whose results were handed on since they were computed.
    delivered: HashSet<String>,
    /// Whether a part read by another session was added to the first pass.
    merged: bool,
}

impl Session {
    /// A session with no log and no definitions.
    pub fn new(options: Options) -> Session {
        Session {
            options,
            problem: None,
            parsed: parse_definitions(""),
            log: Log::Unread,
            lines: 0,
            index: LineIndex::default(),
            cache: HashMap::new(),
            pass: None,
            delivered: HashSet::new(),
            merged: false,
        }
    }

    /// Sets the options. Those that change what is found (escaping, all
    /// matches, how many captures are listed) drop every result; a kept log is
    /// prepared again at once when escaping changes. `problem` (options that
    /// could not be read) is added to every report.
    pub fn set_options(&mut self, options: Options, problem: Option<Finding>) {
        let o = &self.options;
        let changed = o.escape != options.escape
            || o.all_matches != options.all_matches
            || o.max_captures != options.max_captures
            || o.max_columns != options.max_columns
            || o.engine != options.engine;
        if changed {
            self.cache.clear();
            self.delivered.clear();
            self.pass = None;
            if let Log::Kept(log) = &mut self.log {
                log.set_escape(options.escape);
            }
        }
        self.options = options;
        self.problem = problem;
    }

    /// Sets the problem with the options added to every report.
    pub fn set_options_problem(&mut self, problem: Option<Finding>) {
        self.problem = problem;
    }

    /// Forgets the log and every result: a new log follows in a first pass.
    pub fn reset_log(&mut self) {
        self.log = Log::Unread;
        self.merged = false;
        self.lines = 0;
        self.index = LineIndex::default();
        self.cache.clear();
        self.delivered.clear();
        self.pass = None;
    }

    /// Reads `definitions` (any supported format). On a kept log the
    /// definitions without results run at once; returns how many regexes still
    /// need a pass over the log (none when it is kept).
    pub fn set_definitions(&mut self, definitions: &str) -> usize {
        self.parsed = parse_definitions(definitions);
        // Results no definition uses any more go (the cache holds only the current ones).
        let used: HashSet<&str> = self
            .parsed
            .definitions
            .iter()
            .map(|d| d.regex.as_str())
            .collect();
        self.cache.retain(|regex, _| used.contains(regex.as_str()));
        self.delivered.retain(|regex| used.contains(regex.as_str()));
        let missing = self.missing();
        if let Log::Kept(log) = &self.log {
            let chunks = log.chunks();
            for regex in missing {
                let matcher = compile(&regex, self.options.engine);
                let mut state = MetricState::default();
                scan_one(&matcher, &mut state, &chunks, &self.options);
                self.cache.insert(regex, Cached { matcher, state });
            }
            return 0;
        }
        missing.len()
    }

    /// The distinct regexes of the definitions that have no results.
    fn missing(&self) -> Vec<String> {
        let mut seen = HashSet::new();
        self.parsed
            .definitions
            .iter()
            .map(|d| &d.regex)
            .filter(|regex| !self.cache.contains_key(*regex) && seen.insert(*regex))
            .cloned()
            .collect()
    }

    /// Starts a pass over the log for the definitions without results; with
    /// `keep`, a first pass also keeps the log prepared.
    pub fn begin_pass(&mut self, keep: bool) {
        let first = matches!(self.log, Log::Unread);
        let work = self
            .missing()
            .into_iter()
            .map(|regex| {
                let matcher = compile(&regex, self.options.engine);
                let state = MetricState::default();
                (regex, Cached { matcher, state })
            })
            .collect();
        if first {
            self.index = LineIndex::default();
        }
        self.pass = Some(Pass {
            work,
            windows: Windows::default(),
            kept: (first && keep).then(|| PreparedLog::new(self.options.escape)),
            lines: 0,
            first,
        });
    }

    /// Feeds the next piece of the log to the pass in progress (pieces need
    /// not end at a line end). Without a pass, does nothing.
    pub fn push(&mut self, bytes: &[u8]) {
        let Some(mut pass) = self.pass.take() else {
            return;
        };
        if pass.first {
            self.index.add(bytes);
        }
        let mut windows = std::mem::take(&mut pass.windows);
        windows.push(bytes, |window| self.run(&mut pass, window));
        pass.windows = windows;
        self.pass = Some(pass);
    }

    /// Ends the pass: its results join the others, and the log is kept,
    /// or marked as read.
    pub fn end_pass(&mut self) {
        let Some(mut pass) = self.pass.take() else {
            return;
        };
        let windows = std::mem::take(&mut pass.windows);
        windows.finish(|window| self.run(&mut pass, window));
        if pass.first {
            self.index.finish();
            self.lines = pass.lines;
            self.log = match pass.kept {
                Some(log) => Log::Kept(log),
                None => Log::Streamed,
            };
        }
        for (regex, cached) in pass.work {
            self.delivered.remove(&regex);
            self.cache.insert(regex, cached);
        }
    }

    /// Hands over what the first pass found, for [`Session::merge_part`] in
    /// the session that read the part of the log before it, and forgets it:
    /// this session is left with no log.
    pub fn take_part(&mut self) -> PassPart {
        let states = self
            .cache
            .drain()
            .filter(|(_, cached)| cached.matcher.is_ok())
            .map(|(regex, cached)| (regex, cached.state))
            .collect();
        let part = PassPart {
            states,
            lines: self.lines,
            index: std::mem::take(&mut self.index),
        };
        self.reset_log();
        part
    }

    /// Adds `part`, what another session's first pass found on the rest of
    /// the log, to the first pass this session just ended over the part of the
    /// log before it (which ended with a LF). The results are then those of
    /// one pass over the whole log (but for the sampled values, see
    /// [`crate::evaluate::columns::Thinned::append`]). A regex the part has no
    /// results for loses its own, and runs again in the next pass. Returns
    /// false, adding nothing, when this session has not read a log that it
    /// does not keep (a part's text is not at hand to keep), or when it
    /// added one already.
    pub fn merge_part(&mut self, part: PassPart) -> bool {
        if !matches!(self.log, Log::Streamed) || self.pass.is_some() || self.merged {
            return false;
        }
        self.merged = true;
        let mut states: HashMap<String, MetricState> = part.states.into_iter().collect();
        let lines_before = self.lines;
        let options = &self.options;
        let delivered = &mut self.delivered;
        self.cache.retain(|regex, cached| {
            if cached.matcher.is_err() {
                return true;
            }
            match states.remove(regex) {
                Some(later) => {
                    delivered.remove(regex);
                    cached.state.append(later, lines_before, options);
                    true
                }
                None => false,
            }
        });
        self.lines += part.lines;
        self.index.append(&part.index);
        true
    }

    /// Drops the pass in progress (a newer request made it stale): what it
    /// found so far goes, and its definitions still need a pass. A first pass
    /// dropped leaves the log unread.
    pub fn abandon_pass(&mut self) {
        if let Some(pass) = self.pass.take() {
            if pass.first {
                self.index = LineIndex::default();
                self.lines = 0;
            }
        }
    }

    /// Runs the pass's definitions over one window.
    fn run(&self, pass: &mut Pass, window: &[u8]) {
        let options = &self.options;
        let first_line = pass.lines + 1;
        let mut scan = |chunk: &crate::evaluate::Chunk<'_>| {
            for (_, cached) in &mut pass.work {
                scan_one(
                    &cached.matcher,
                    &mut cached.state,
                    &[(first_line, chunk)],
                    options,
                );
            }
            chunk.line_count() as u64
        };
        pass.lines += match &mut pass.kept {
            Some(log) => scan(log.add(window).1),
            None => {
                let text = crate::evaluate::as_text(window);
                scan(&crate::evaluate::Chunk::new(&text, options.escape))
            }
        };
    }

    /// Whether a pass is in progress.
    pub fn in_pass(&self) -> bool {
        self.pass.is_some()
    }

    /// Lines of the log: read so far during a first pass, else all of them.
    pub fn lines(&self) -> u64 {
        match &self.pass {
            Some(pass) if pass.first => pass.lines,
            _ => self.lines,
        }
    }

    /// The line index built by the first pass (complete once it ended).
    pub fn line_index(&self) -> &LineIndex {
        &self.index
    }

    /// Whether the log is held in memory.
    pub fn keeps_log(&self) -> bool {
        matches!(self.log, Log::Kept(_))
    }

    /// The report on the current definitions, the same as [`crate::check`]
    /// gives. During a pass, the definitions it runs show what it found so far.
    pub fn report(&self) -> Report {
        let pass = self.pass.as_ref();
        let found = |regex: &str| {
            self.cache.get(regex).or_else(|| {
                pass.and_then(|p| p.work.iter().find(|(r, _)| r == regex))
                    .map(|(_, cached)| cached)
            })
        };
        let mut errors = Vec::with_capacity(self.parsed.definitions.len());
        let mut states = Vec::with_capacity(self.parsed.definitions.len());
        for definition in &self.parsed.definitions {
            match found(&definition.regex) {
                Some(cached) => {
                    errors.push(cached.matcher.as_ref().err().cloned());
                    // The columns stay here: the report does not carry them.
                    states.push(cached.state.for_report());
                }
                None => {
                    errors.push(compile(&definition.regex, self.options.engine).err());
                    states.push(MetricState::default());
                }
            }
        }
        let mut report = crate::lint::build_report(Evaluation {
            parsed: self.parsed.clone(),
            options: self.options.clone(),
            errors,
            states,
            lines: self.lines(),
        });
        report.warnings.extend(self.problem.clone());
        report
    }

    /// For each definition, whether its results are new since the last call
    /// (and so must be handed on); marks them as handed on. Results of a pass
    /// in progress are never new: they are handed on when it ends.
    pub fn take_new(&mut self) -> Vec<bool> {
        let new: Vec<bool> = self
            .parsed
            .definitions
            .iter()
            .map(|d| self.cache.contains_key(&d.regex) && !self.delivered.contains(&d.regex))
            .collect();
        for (definition, new) in self.parsed.definitions.iter().zip(&new) {
            if *new {
                self.delivered.insert(definition.regex.clone());
            }
        }
        new
    }

    /// Frees the capture columns of definition `index` (once handed on, the page
    /// keeps them); its summary and listed captures stay.
    pub fn release_columns(&mut self, index: usize) {
        let Some(definition) = self.parsed.definitions.get(index) else {
            return;
        };
        if let Some(cached) = self.cache.get_mut(&definition.regex) {
            cached.state.columns = CaptureColumns::default();
            cached.state.thinned = Default::default();
        }
    }

    /// Every capture of each definition on `text` (lines as pasted, the first
    /// one being line `first_line` of the log), whatever the columns cap: what
    /// the page's log viewer draws for lines past the captures it holds.
    /// `None` for a definition that does not compile.
    pub fn columns_for_lines(&self, text: &str, first_line: u64) -> Vec<Option<CaptureColumns>> {
        let options = Options {
            max_captures: 0,
            max_columns: usize::MAX,
            ..self.options.clone()
        };
        let chunk = crate::evaluate::Chunk::new(text, options.escape);
        self.parsed
            .definitions
            .iter()
            .map(|definition| {
                let compiled;
                let matcher = match self.cache.get(&definition.regex) {
                    Some(cached) => &cached.matcher,
                    None => {
                        compiled = compile(&definition.regex, options.engine);
                        &compiled
                    }
                };
                matcher.as_ref().ok()?;
                let mut state = MetricState::default();
                scan_one(matcher, &mut state, &[(first_line, &chunk)], &options);
                Some(state.columns)
            })
            .collect()
    }

    /// The line of the first capture of definition `index` after line `from`
    /// (or the last before it, when not `forward`), counting only dropped ones
    /// when `dropped`; ignored matches never count. Searched on the kept log,
    /// whatever the columns cap; `None` when there is none, or the log is not
    /// kept (a file too large to hold: see [`Session::find_capture_in`]).
    pub fn find_capture(
        &self,
        index: usize,
        from: u64,
        forward: bool,
        dropped: bool,
    ) -> Option<u64> {
        let Log::Kept(log) = &self.log else {
            return None;
        };
        let matcher = self.matcher(index)?;
        let chunks = log.chunks();
        let mut order: Vec<&(u64, &crate::evaluate::Chunk<'_>)> = chunks.iter().collect();
        if !forward {
            order.reverse();
        }
        order.into_iter().find_map(|&(first, chunk)| {
            self.find_in_chunk(matcher, first, chunk, from, forward, dropped)
        })
    }

    /// [`Session::find_capture`] on a piece of the log: `text`, whole lines as
    /// given, the first being line `first_line`. For a file too large to hold,
    /// the page reads it piece by piece through the line index.
    pub fn find_capture_in(
        &self,
        index: usize,
        text: &str,
        first_line: u64,
        from: u64,
        forward: bool,
        dropped: bool,
    ) -> Option<u64> {
        let matcher = self.matcher(index)?;
        let chunk = crate::evaluate::Chunk::new(text, self.options.escape);
        self.find_in_chunk(matcher, first_line, &chunk, from, forward, dropped)
    }

    /// The matcher of definition `index`, once its results are in and if it compiled.
    fn matcher(&self, index: usize) -> Option<&Result<Matcher, PatternError>> {
        let definition = self.parsed.definitions.get(index)?;
        let matcher = &self.cache.get(&definition.regex)?.matcher;
        matcher.is_ok().then_some(matcher)
    }

    /// The capture [`Session::find_capture`] looks for, in one chunk whose
    /// first line is line `first` of the log.
    fn find_in_chunk(
        &self,
        matcher: &Result<Matcher, PatternError>,
        first: u64,
        chunk: &crate::evaluate::Chunk<'_>,
        from: u64,
        forward: bool,
        dropped: bool,
    ) -> Option<u64> {
        let after = first + chunk.line_count() as u64;
        // Only chunks holding a line past `from` (or before it).
        if (forward && after <= from + 1) || (!forward && first >= from) {
            return None;
        }
        let options = Options {
            max_captures: 0,
            max_columns: usize::MAX,
            ..self.options.clone()
        };
        let mut state = MetricState::default();
        scan_one(matcher, &mut state, &[(first, chunk)], &options);
        let c = &state.columns;
        let wanted = |j: &usize| {
            let line = u64::from(c.line[*j]);
            let kind = c.kind[*j];
            kind & IGNORED == 0
                && (!dropped || kind != 0)
                && if forward { line > from } else { line < from }
        };
        let found = if forward {
            (0..c.len()).find(wanted)
        } else {
            (0..c.len()).rev().find(wanted)
        };
        found.map(|j| u64::from(c.line[j]))
    }

    /// The capture columns of definition `index`, once its results are in.
    pub fn columns(&self, index: usize) -> Option<&CaptureColumns> {
        self.results(index).map(|state| &state.columns)
    }

    /// The counted values of definition `index` sampled over the whole log.
    pub fn thinned(&self, index: usize) -> Option<&crate::evaluate::columns::Thinned> {
        self.results(index).map(|state| &state.thinned)
    }

    fn results(&self, index: usize) -> Option<&MetricState> {
        let definition = self.parsed.definitions.get(index)?;
        let cached = self.cache.get(&definition.regex)?;
        cached.matcher.is_ok().then_some(&cached.state)
    }
}
