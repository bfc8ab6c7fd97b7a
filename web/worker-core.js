// The evaluation worker, shared by worker.js (the engine fetched beside it) and the
// single-file build (the engine inlined). It keeps one engine `Session` per view
// (src/session.rs): the log stays in the worker, prepared, between requests, and each
// definition's results are kept, so an edit to one definition runs that one alone.
//
// In:  { id, client, definitions, options, log?: string | Blob | File }
//      `log` comes only when the view's log changed (engine.js keeps track); a string
//      or a small file is kept in memory, a large file is read again when needed.
// Out: { id, progress: { bytes, total, lines, first }, report, lineIndex } while a log is
//      read (the report so far, or null between the first read's less frequent reports:
//      see PARTIAL_REPORT_MS; a file's first read adds its line index so far), then
//      { id, report, fresh, columns, lines, lineIndex, keeps, readError, workers, ms }:
//      `fresh[i]` says whether definition i comes with its captures and `columns[i]`
//      (typed arrays, transferred); the others are as in the previous reply; `workers`
//      is 2 when a second worker read part of the file.
//      { ready: version } once, or { fatal: message } when the engine cannot load.
// In:  { drop: client } forgets a view's session.
// In:  { newer: client, id, abort } — a newer request of that view waits behind request
//      `id`. A pass that re-reads a big file for changed definitions stops at the next
//      slice (the newer request runs the definitions as they are now); a first read
//      stops only when `abort` (the log or the options changed), else it goes on, as
//      reading the whole file again would cost more. A stopped request answers
//      { id, aborted: true }.
// A file too big to keep is read by two workers at once, on two cores: the request
// carries `partPort`, a MessagePort to a second worker (the hub starts it, and stops it
// when the request ends), which reads the part of the file after the line end nearest
// its middle (`readPart`) and hands over its results (`Session.takePart`); this worker
// reads the part before and adds them (`Session.mergePart`).
// In (second worker): { part: true } with a port; on the port { file, from, to,
//      definitions, options } → { progress: bytes, lines } now and then; { send: true }
//      (once this worker has read its own part) → { handed } (its columns' buffers
//      transferred) or { error }, as soon as the part is read; { stop: true } stops it.
//      The results wait for `send`: in Chromium, a big message arriving while this
//      worker still reads its file stream could stall that stream for good (seen in
//      about one read in two of a 110 MB file, never with the results held back).
// Teaching requests are answered here, with the engine's `explain` and `inspectLine`:
// In:  { teach: tid, explain: [regex, ...], inspect: { definitions, line, options } | null }
// Out: { teach: tid, explanations: [Explanation, ...], inspection: LineReport | null }

import init, * as small from './pkg/metrex.js';
import { version, explain, inspectLine } from './pkg/metrex.js';

/** Files up to this size are kept in memory (prepared); larger ones are read again when needed. */
const KEEP_FILE = 64 << 20;
/** Captures held column-wise per definition for a file too big to keep (the page asks for more). */
const STREAMED_COLUMNS = 20000;
/** Bytes read from a file at a time. */
const SLICE = 4 << 20;
/** The first slice of a re-read for changed definitions: small, for a quick first result. */
const FIRST_SLICE = 256 << 10;
/** Text pushed into the engine at a time (UTF-16 units; cut after a line feed). */
const TEXT_PIECE = 8 << 20;
/**
 * Logs over this size are read with the fast engine (pkg-fast: the same API, a bigger
 * download, about twice as fast on an edit), loaded the first time one comes (see
 * scripts/size.mjs for the trade).
 */
const FAST_LOG = 4 << 20;
/** How often a long read reports its progress. */
const PROGRESS_MS = 250;
/**
 * The longest a first read goes between handing on its results so far: every
 * PROGRESS_MS at first, then less often as the read goes on (half the time taken so far,
 * up to this), as each hands the page every card to redraw, which takes the page's
 * thread from the cores the workers read on (5% of a 1 GB read at 250 ms).
 */
const PARTIAL_REPORT_MS = 1000;
/** Where to look for the line end that splits a file between two workers. */
const SPLIT_SEARCH = 1 << 20;
/**
 * A read of a file's stream that gives nothing for this long is taken for stalled, and
 * the rest of the file is read by slices: a piece of 4 MB takes well under 100 ms from a
 * local disk.
 */
const STALLED_MS = 3000;
/** A second worker silent this long is taken for lost (it reports every PROGRESS_MS). */
const PART_SILENT_MS = 10000;

/** One view's session: the engine's Session, its log, and whether the log was read. */
const sessions = new Map();
/** Loads the fast engine (null when there is none, as in the single file); set by `serve`. */
let loadFast = null;
let fastEngine = null;

/** The engine for a log of `size`: the fast one for a big log, when it loads. */
async function engineFor(size) {
  if (size <= FAST_LOG || !loadFast) return small;
  fastEngine ??= loadFast().catch(() => small);
  return fastEngine;
}

/**
 * Answers a teaching request: small, synchronous, one line at a time; `highlight`,
 * every capture on a few lines of a view's log (the viewer's lines past the capture
 * columns' cap), and `find`, the next capture past them, both with that view's session
 * when it has the same definitions.
 */
async function teach(data) {
  const explanations = (Array.isArray(data.explain) ? data.explain : []).map((regex) => explain(String(regex)));
  const i = data.inspect;
  const inspection = i ? inspectLine(String(i.definitions), String(i.line), i.options ?? undefined) : null;
  const hl = data.highlight;
  const entry = hl ? sessions.get(hl.client) : null;
  const columns = entry && entry.definitions === String(hl.definitions) ? entry.session.linesColumns(String(hl.text), Number(hl.first)) : null;
  // `find`: the next (previous) capture of one definition past the captures the page holds.
  const f = data.find;
  const finder = f ? sessions.get(f.client) : null;
  let found = 0;
  if (finder && finder.definitions === String(f.definitions)) {
    const args = [Number(f.index) >>> 0, Number(f.from), Boolean(f.forward), Boolean(f.dropped)];
    found = finder.session.keepsLog() || !finder.read || typeof finder.log === 'string'
      ? finder.session.findCapture(...args) : await findInFile(finder, String(f.definitions), ...args);
  }
  const transfer = [];
  for (const c of columns ?? []) if (c) transfer.push(...COLUMN_KEYS.map((key) => c[key].buffer));
  self.postMessage({ teach: data.teach, explanations, inspection, columns, found }, transfer);
}

/**
 * `findCapture` on a file too big to keep: read through the line index, piece by piece
 * (about SLICE bytes of whole 256-line blocks), forward from line `from` or backward;
 * stops early (0) when the view's definitions or log change meanwhile.
 */
async function findInFile(entry, definitions, index, from, forward, dropped) {
  const { log: file, session } = entry;
  const { starts, offsets } = session.lineIndex();
  const blocks = offsets.length;
  if (!blocks) return 0;
  const end = (k) => (k < blocks ? offsets[k] : file.size);
  // The block holding the first line to look at: the line after `from`, or the one before.
  const line = forward ? from + 1 : from - 1;
  let k = 0;
  while (k + 1 < blocks && starts[k + 1] <= line) k++;
  while (forward ? k < blocks : k >= 0) {
    // Whole blocks, about SLICE bytes, from block k on (or back to it).
    let [a, b] = [k, k + 1];
    if (forward) while (b < blocks && end(b) - offsets[a] < SLICE) b++;
    else while (a > 0 && end(b) - offsets[a - 1] < SLICE) a--;
    const bytes = new Uint8Array(await file.slice(offsets[a], end(b)).arrayBuffer());
    if (entry.definitions !== definitions || entry.log !== file) return 0;
    const found = session.findCaptureIn(index, bytes, starts[a], from, forward, dropped);
    if (found > 0) return found;
    k = forward ? b : a - 1;
  }
  return 0;
}

const COLUMN_KEYS = ['line', 'value', 'kind', 'matchStart', 'matchEnd', 'groupStart', 'groupEnd'];

/**
 * The bytes of `file` in pieces of SLICE bytes (the first one `firstSize`), each with the
 * offset where it ends. After the first, they come through one buffer, reused (a BYOB
 * reader on the file's stream): a piece is valid until the next one is asked for.
 * Reading a 1 GB file by slices left hundreds of MB of 4 MB buffers to the garbage
 * collector; slices remain where the stream has no BYOB reader, and take over from a
 * stream that stalls (see STALLED_MS).
 */
async function* readFile(file, firstSize) {
  // The first piece in one read: a stream takes longer to start, and an edit's first
  // results wait for this piece.
  const first = Math.min(file.size, firstSize);
  yield { bytes: new Uint8Array(await file.slice(0, first).arrayBuffer()), end: first };
  let reader = null;
  try {
    reader = file.slice(first).stream().getReader({ mode: 'byob' });
  } catch {
    yield* readSlices(file, first);
    return;
  }
  let at = first;
  try {
    let buffer = new ArrayBuffer(SLICE);
    // The stream reads on from a file that changed (a job appending to its log) where a
    // slice fails (NotReadableError): one byte is read beside each piece to check, and
    // awaited with the next one, so the check costs no waiting.
    const checkByte = () => {
      const read = file.slice(0, 1).arrayBuffer();
      read.catch(() => {}); // awaited later; not an unhandled rejection meanwhile
      return read;
    };
    let check = checkByte();
    for (let done = false; !done;) {
      // Fill the piece: a stream hands out what it has, often less than asked.
      let filled = 0;
      while (filled < SLICE) {
        const read = await unlessStalled(reader.read(new Uint8Array(buffer, filled, SLICE - filled)));
        // The piece's bytes went with the stalled read's buffer: slices read it again.
        if (read === STALLED) return yield* readSlices(file, at);
        buffer = read.value ? read.value.buffer : buffer;
        if (read.done) {
          done = true;
          break;
        }
        filled += read.value.byteLength;
      }
      await unlessStalled(check);
      check = checkByte();
      if (filled > 0) yield { bytes: new Uint8Array(buffer, 0, filled), end: (at += filled) };
    }
    await unlessStalled(check);
  } finally {
    // Done, failed, stalled, or dropped by a stale pass: the stream reads no further.
    reader.cancel().catch(() => {});
  }
}

/** The bytes of `file` from `from` on, in slices of SLICE bytes (see `readFile`). */
async function* readSlices(file, from) {
  for (let at = from; at < file.size; at += SLICE) {
    const end = Math.min(file.size, at + SLICE);
    yield { bytes: new Uint8Array(await file.slice(at, end).arrayBuffer()), end };
  }
}

/** What `unlessStalled` gives for a read that did not answer in time. */
const STALLED = Symbol('stalled');

/**
 * `read`, or STALLED when it gives nothing for STALLED_MS. In Chromium a file's stream
 * sometimes stops answering for good (seen near the end of a part of a big file, and on
 * a re-read after its first 256 KB), where slices of the same file still read.
 */
async function unlessStalled(read) {
  let timer = 0;
  const stalled = new Promise((resolve) => {
    timer = setTimeout(() => resolve(STALLED), STALLED_MS);
  });
  try {
    return await Promise.race([read, stalled]);
  } finally {
    clearTimeout(timer);
  }
}

/** Lets queued messages (a `newer` notice) in between two pieces of a long pass. */
const breathe = () => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * Reads the log of `entry` through a pass of its session, reporting progress. Returns
 * false when a newer request made the pass stale (see `newer` above): it is dropped.
 */
async function pass(entry, id, partPort = null) {
  const { session, log } = entry;
  const isText = typeof log === 'string';
  const total = isText ? log.length : log ? log.size : 0;
  const keep = isText || total <= KEEP_FILE;
  // A first pass reads the log; a later one re-reads a big file for changed definitions.
  const first = !entry.read;
  // A first read of a file too big to keep is shared with a second worker, when there is one.
  const part = first && !keep && partPort && session.mergePart ? await startPart(partPort, log, entry) : null;
  if (partPort && !part) partPort.postMessage({ stop: true });
  session.beginPass(keep);
  // A re-read for an edit shows its first results at once (the edited card changes
  // within a slice), then every PROGRESS_MS; a first read reports its progress as often,
  // and its results less often as it goes on (PARTIAL_REPORT_MS).
  const started = performance.now();
  let last = first ? started : -Infinity;
  let lastReport = last;
  const progress = (done) => {
    const now = performance.now();
    if (now - last < PROGRESS_MS) return;
    last = now;
    const every = Math.min(PARTIAL_REPORT_MS, Math.max(PROGRESS_MS, (now - started) / 2));
    const withReport = !first || now - lastReport >= every;
    if (withReport) lastReport = now;
    const report = withReport ? session.result().report : null;
    // A file's first read also hands on the line index so far: the page's viewer shows the
    // lines read while the rest is read (the page reads no file to index it itself).
    const lineIndex = first && !isText ? session.lineIndex() : null;
    const lines = session.lines() + (part?.lines ?? 0);
    self.postMessage({ id, progress: { bytes: done + (part?.bytes ?? 0), total, lines, first }, report, lineIndex });
  };
  const stale = () => {
    const newer = entry.newer;
    if (!newer || newer.id !== id || (first && !newer.abort)) return false;
    session.abandonPass();
    part?.stop();
    return true;
  };
  if (isText) {
    for (let at = 0; at < log.length;) {
      // Cut after a line feed, never inside a surrogate pair.
      let end = Math.min(log.length, at + TEXT_PIECE);
      if (end < log.length) {
        const nl = log.lastIndexOf('\n', end - 1);
        end = nl >= at ? nl + 1 : log.indexOf('\n', end) + 1 || log.length;
      }
      session.pushText(log.slice(at, end));
      at = end;
      progress(at);
      if (at < log.length) {
        await breathe();
        if (stale()) return false;
      }
    }
  } else if (log) {
    try {
      // A re-read starts with a small slice, so that its first results come at once.
      for await (const { bytes, end } of readFile(part ? log.slice(0, part.from) : log, first ? SLICE : FIRST_SLICE)) {
        if (stale()) return false;
        session.push(bytes);
        progress(end);
      }
    } catch (error) {
      // The file changed or went away while being read: report what was read, and say so.
      entry.readError = `${log.name || 'the file'} could not be read completely (${error?.message || error}); the results cover the part read`;
      part?.stop();
    }
  }
  session.endPass();
  if (part && !entry.readError) {
    // The second worker's results follow this part's: ask for them, wait (reporting its
    // progress), then add them.
    part.send();
    let waiting = 0;
    const handed = await new Promise((resolve) => {
      waiting = setInterval(() => {
        if (entry.newer?.id === id && entry.newer.abort) resolve({ aborted: true });
        else if (performance.now() - part.heard > PART_SILENT_MS) resolve({ lost: true });
        else progress(part.from);
      }, PROGRESS_MS);
      part.done.then(resolve);
    }).finally(() => clearInterval(waiting));
    if (handed.aborted) {
      part.stop();
      session.resetLog();
      return false;
    }
    if (handed.error) {
      entry.readError = `${log.name || 'the file'} could not be read completely (${handed.error}); the results cover the part read`;
    } else if (handed.lost || !session.mergePart(handed.handed)) {
      // The second worker stopped, or handed over something unusable: read it all here.
      part.stop();
      session.resetLog();
      return pass(entry, id);
    } else entry.workers = 2;
  }
  entry.read = true;
  return true;
}

/**
 * Asks the second worker behind `port` to read the part of `file` after the line end
 * nearest its middle, with `entry`'s definitions and options. Returns null when the
 * file has no line end there (this worker reads it all), else `{ from, bytes, lines,
 * done, stop }`: where the part starts, its progress so far, a promise of its last
 * message ({ handed } or { error }), and a way to stop it.
 */
async function startPart(port, file, entry) {
  const half = Math.floor(file.size / 2);
  let from = -1;
  try {
    const near = new Uint8Array(await file.slice(half, half + SPLIT_SEARCH).arrayBuffer());
    const lf = near.indexOf(10);
    if (lf >= 0 && half + lf + 1 < file.size) from = half + lf + 1;
  } catch {
    // Unreadable now: the read itself will say so.
  }
  if (from < 0) return null;
  const part = {
    from,
    bytes: 0,
    lines: 0,
    heard: performance.now(),
    stop: () => port.postMessage({ stop: true }),
    send: () => {
      part.heard = performance.now();
      port.postMessage({ send: true });
    },
  };
  part.done = new Promise((resolve) => {
    port.onmessage = ({ data }) => {
      part.heard = performance.now();
      if (data.progress !== undefined) Object.assign(part, { bytes: data.progress, lines: data.lines });
      else resolve(data);
    };
  });
  port.postMessage({ file, from, to: file.size, definitions: entry.definitions, options: entry.options });
  return part;
}

/** The second worker's side of a shared file read (see `partPort` above). */
function readPart(port) {
  let stopped = false;
  let asked = null;
  const sent = new Promise((resolve) => {
    asked = resolve;
  });
  port.onmessage = async ({ data }) => {
    if (data.stop) {
      stopped = true;
      asked();
      return;
    }
    if (data.send) {
      asked();
      return;
    }
    try {
      const { file, from, to } = data;
      const engine = await engineFor(to - from);
      const session = new engine.Session();
      session.setOptions(data.options);
      session.setDefinitions(String(data.definitions));
      session.beginPass(false);
      let last = performance.now();
      for await (const { bytes, end } of readFile(file.slice(from, to), SLICE)) {
        if (stopped) return session.free();
        session.push(bytes);
        if (performance.now() - last >= PROGRESS_MS) {
          last = performance.now();
          port.postMessage({ progress: end, lines: session.lines() });
        }
      }
      session.endPass();
      // Its whole part counted in the progress bar while the results wait to be asked for.
      port.postMessage({ progress: to - from, lines: session.lines() });
      const handed = session.takePart();
      session.free();
      await sent;
      if (stopped) return;
      const transfer = handed.columns.flatMap((c) => COLUMN_KEYS.map((key) => c[key].buffer));
      port.postMessage({ handed }, transfer);
    } catch (error) {
      port.postMessage({ error: String(error?.message || error) });
    }
  };
}

/** Evaluates one request; one at a time (the page sends the next after this answer). */
async function evaluate(data) {
  const started = performance.now();
  let entry = sessions.get(data.client);
  if (!entry) {
    entry = { engine: small, session: new small.Session(), log: '', read: false };
    sessions.set(data.client, entry);
  }
  if ('log' in data) {
    entry.readError = null;
    const log = data.log;
    const engine = await engineFor(typeof log === 'string' ? log.length : log ? log.size : 0);
    if (engine !== entry.engine) {
      entry.session.free();
      entry.engine = engine;
      entry.session = new engine.Session();
    }
    entry.log = log;
    entry.read = false;
    entry.session.resetLog();
  }
  const { session } = entry;
  entry.workers = 1;
  const options = { ...(data.options ?? {}) };
  // A file too big to keep holds fewer captures column-wise: past them, the viewer's
  // highlights and jumps read the file again (highlight, find) and the chart draws the
  // values sampled over the whole log, so memory stays flat whatever the file's size.
  if (entry.log && typeof entry.log !== 'string' && entry.log.size > KEEP_FILE) {
    options.maxColumns = Math.min(Number(options.maxColumns) || 0, STREAMED_COLUMNS);
  }
  session.setOptions(options);
  entry.options = options;
  entry.definitions = String(data.definitions ?? '');
  const missing = session.setDefinitions(entry.definitions);
  if ((missing > 0 || !entry.read) && !(await pass(entry, data.id, data.partPort ?? null))) {
    self.postMessage({ id: data.id, aborted: true });
    return;
  }
  const { report, fresh, columns } = session.result();
  const transfer = [];
  for (const c of columns) {
    if (c) for (const key of COLUMN_KEYS) transfer.push(c[key].buffer);
  }
  const isFile = entry.log && typeof entry.log !== 'string';
  self.postMessage({
    id: data.id, report, fresh, columns, lines: session.lines(), keeps: session.keepsLog(), fast: entry.engine !== small,
    readError: entry.readError ?? null,
    workers: entry.workers,
    lineIndex: isFile ? session.lineIndex() : null,
    ms: performance.now() - started,
  }, transfer);
}

/** Requests run one after the other, even when one waits on a file read. */
let queue = Promise.resolve();

function receive(event) {
  const data = event.data;
  if (!data || typeof data !== 'object') return;
  if (data.part === true && event.ports?.[0]) return readPart(event.ports[0]);
  if (data.teach !== undefined) return void teach(data).catch((error) => setTimeout(() => { throw error; }));
  if (data.newer !== undefined) {
    const entry = sessions.get(data.newer);
    if (entry) entry.newer = { id: Number(data.id), abort: Boolean(data.abort) };
    return;
  }
  if (data.drop !== undefined) {
    sessions.get(data.drop)?.session.free();
    sessions.delete(data.drop);
    return;
  }
  // A trap while evaluating escapes as an uncaught error: the page sees the worker's
  // `error` event and starts a fresh worker.
  queue = queue.then(() => evaluate(data)).catch((error) => setTimeout(() => { throw error; }));
}

/**
 * Loads the engine from `moduleOrPath` (a URL, or the wasm bytes) and starts serving;
 * `fast`, if given, loads the fast engine's module (initialised) for big logs.
 */
export async function serve(moduleOrPath, { fast = null } = {}) {
  loadFast = fast;
  const early = [];
  const hold = (event) => early.push(event);
  self.addEventListener('message', hold);
  let loaded = false;
  try {
    // Held until the worker ends, however it ends: the page watches it (engine.js).
    await new Promise((held) => {
      if (!self.navigator.locks) return held();
      self.navigator.locks.request(self.name, () => { held(); return new Promise(() => {}); }).catch(held);
    });
    await init({ module_or_path: moduleOrPath });
    self.onmessage = receive;
    loaded = true;
    self.postMessage({ ready: version() });
  } catch (error) {
    self.postMessage({ fatal: String(error && error.message ? error.message : error) });
  }
  self.removeEventListener('message', hold);
  if (loaded) for (const event of early) receive(event);
}
