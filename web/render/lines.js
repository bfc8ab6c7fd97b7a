// Line sources: the lines of a log, for the big-log viewer, the cards' capture lists
// and the line inspector, whether the log is a pasted string or a file on disk.
//
//   interface LineSource {
//     lineCount: number;               // a final LF ends the last line
//     get(n): string | undefined;      // line n (1-based) as pasted, no LF, no CR of a CRLF
//     load(from, to): Promise<void>;   // makes lines from..to available to get
//   }

const LF = 10;
const CR = 13;

/** Lines of a string, split as the engine splits a log (line starts computed once). */
export class TextSource {
  constructor(text) {
    this.text = text;
    let count = 0;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count++;
    // starts[n - 1] is where line n starts; starts[lineCount] one past the last LF.
    const starts = new Uint32Array(count + 2);
    let n = 1;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts[n++] = i + 1;
    starts[n] = text.length + 1;
    this.starts = starts;
    this.lineCount = text.length === 0 ? 0 : text.endsWith('\n') ? count : count + 1;
  }

  get(n) {
    if (!(n >= 1 && n <= this.lineCount)) return undefined;
    const start = this.starts[n - 1];
    const end = this.starts[n] - 1; // the LF (or the end of the text)
    const crlf = end < this.text.length && end > start && this.text.charCodeAt(end - 1) === CR;
    return this.text.slice(start, crlf ? end - 1 : end);
  }

  load() {
    return Promise.resolve();
  }
}

/** Blocks of lines kept in memory at most (LRU), and their characters at most. */
const MAX_BLOCKS = 64;
const MAX_CHARS = 32 << 20;

/**
 * Lines of a file on disk, read in blocks of `index.every` lines with `file.slice()`
 * (never the whole file): `index.offsets[j]` is the byte offset of line 1 + j × every.
 * At most MAX_BLOCKS blocks (and MAX_CHARS characters) stay cached.
 */
export class FileSource {
  constructor(file, index, lines = index.lines) {
    this.file = file;
    this.every = index.every;
    this.offsets = index.offsets;
    this.lineCount = lines;
    this.blocks = new Map(); // block → string[] (most recently used last)
    this.chars = 0;
    this.reading = new Map(); // block → Promise
    this.decoder = new TextDecoder(); // replacement characters for bytes that are not UTF-8
  }

  get(n) {
    if (!(n >= 1 && n <= this.lineCount)) return undefined;
    const j = Math.floor((n - 1) / this.every);
    const block = this.blocks.get(j);
    if (!block) return undefined;
    this.blocks.delete(j);
    this.blocks.set(j, block);
    return block[n - 1 - j * this.every];
  }

  load(from, to) {
    from = Math.max(1, from);
    to = Math.min(this.lineCount, to);
    const wanted = [];
    for (let j = Math.floor((from - 1) / this.every); j <= Math.floor((to - 1) / this.every) && to >= from; j++) {
      if (!this.blocks.has(j)) wanted.push(this.read(j));
    }
    return Promise.all(wanted).then(() => {});
  }

  read(j) {
    if (this.reading.has(j)) return this.reading.get(j);
    const start = this.offsets[j];
    const end = j + 1 < this.offsets.length ? this.offsets[j + 1] : this.file.size;
    const promise = this.file.slice(start, end).arrayBuffer().then((buffer) => {
      const bytes = new Uint8Array(buffer);
      const count = Math.min(this.every, this.lineCount - j * this.every);
      const lines = new Array(count);
      let at = 0;
      for (let k = 0; k < count; k++) {
        let lf = bytes.indexOf(LF, at);
        if (lf === -1) lf = bytes.length;
        const end = lf < bytes.length && lf > at && bytes[lf - 1] === CR ? lf - 1 : lf;
        lines[k] = this.decoder.decode(bytes.subarray(at, end));
        at = lf + 1;
      }
      this.store(j, lines);
    }).finally(() => this.reading.delete(j));
    this.reading.set(j, promise);
    return promise;
  }

  store(j, lines) {
    this.blocks.set(j, lines);
    this.chars += lines.reduce((n, l) => n + l.length, 0);
    while (this.blocks.size > 1 && (this.blocks.size > MAX_BLOCKS || this.chars > MAX_CHARS)) {
      const [oldest, old] = this.blocks.entries().next().value;
      this.blocks.delete(oldest);
      this.chars -= old.reduce((n, l) => n + l.length, 0);
    }
  }
}

/**
 * A line index of `file` built in the page: `{ every, offsets, lines }`, streaming it in
 * slices and yielding between them (the worker will hand over its own index instead).
 * `signal`: an AbortSignal to stop; `onProgress(bytesRead)`.
 */
export async function indexFile(file, { every = 256, slice = 4 << 20, signal, onProgress } = {}) {
  const offsets = [0];
  let lines = 0; // LFs seen
  let last = -1;
  for (let at = 0; at < file.size; at += slice) {
    if (signal?.aborted) throw new DOMException('stopped', 'AbortError');
    const bytes = new Uint8Array(await file.slice(at, Math.min(file.size, at + slice)).arrayBuffer());
    for (let i = bytes.indexOf(LF); i !== -1; i = bytes.indexOf(LF, i + 1)) {
      lines++;
      if (lines % every === 0) offsets.push(at + i + 1);
    }
    last = bytes[bytes.length - 1];
    onProgress?.(Math.min(file.size, at + slice));
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  const total = file.size === 0 ? 0 : last === LF ? lines : lines + 1;
  // An offset at the very end starts no line.
  while (offsets.length > 1 && offsets[offsets.length - 1] >= file.size) offsets.pop();
  return { every, offsets: Float64Array.from(offsets), lines: total };
}
