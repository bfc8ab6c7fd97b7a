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
/** A block is read in windows of this size, so a block of huge lines never is read whole. */
const WINDOW = 4 << 20;
/** Bytes kept of one line of a file (the rest of a longer line is not shown). */
export const MAX_LINE_BYTES = 1 << 20;

function concat(parts, length) {
  const out = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/**
 * Lines of a file on disk, read in blocks of lines with `file.slice()` (never the whole
 * file): block j starts with line `index.starts[j]`, at byte `index.offsets[j]`, and
 * holds the lines up to the next block's (blocks of `index.every` lines, but where the
 * two parts of a file read by two workers join).
 * At most MAX_BLOCKS blocks (and MAX_CHARS characters) stay cached; a line longer
 * than MAX_LINE_BYTES is cut there (memory stays flat whatever the file).
 */
export class FileSource {
  constructor(file, index, lines = index.lines) {
    this.file = file;
    this.starts = index.starts;
    this.offsets = index.offsets;
    this.lineCount = lines;
    this.blocks = new Map(); // block → string[] (most recently used last)
    this.chars = 0;
    this.reading = new Map(); // block → Promise
    this.decoder = new TextDecoder(); // replacement characters for bytes that are not UTF-8
  }

  get(n) {
    if (!(n >= 1 && n <= this.lineCount)) return undefined;
    const j = this.blockOf(n);
    const block = this.blocks.get(j);
    if (!block) return undefined;
    this.blocks.delete(j);
    this.blocks.set(j, block);
    return block[n - this.starts[j]];
  }

  /** The block holding line `n` (the last block whose first line is at most `n`). */
  blockOf(n) {
    let [lo, hi] = [0, this.starts.length - 1];
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= n) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Lines in block `j`. */
  blockLines(j) {
    const next = j + 1 < this.starts.length ? this.starts[j + 1] : this.lineCount + 1;
    return Math.max(0, Math.min(next, this.lineCount + 1) - this.starts[j]);
  }

  load(from, to) {
    from = Math.max(1, from);
    to = Math.min(this.lineCount, to);
    const wanted = [];
    for (let j = this.blockOf(from); j <= this.blockOf(to) && to >= from; j++) {
      if (!this.blocks.has(j)) wanted.push(this.read(j));
    }
    return Promise.all(wanted).then(() => {});
  }

  /** Reads block `j` in windows of WINDOW bytes, keeping at most MAX_LINE_BYTES of each line. */
  read(j) {
    if (this.reading.has(j)) return this.reading.get(j);
    const promise = this.readBlock(j).then((lines) => this.store(j, lines)).finally(() => this.reading.delete(j));
    this.reading.set(j, promise);
    return promise;
  }

  async readBlock(j) {
    const start = this.offsets[j];
    const end = j + 1 < this.offsets.length ? this.offsets[j + 1] : this.file.size;
    const count = this.blockLines(j);
    const lines = [];
    let parts = [];
    let kept = 0;
    const finish = (endsWithLf) => {
      let bytes = parts.length === 1 ? parts[0] : concat(parts, kept);
      // One CR before the LF is dropped, as the engine drops it (not when the line was cut short).
      if (endsWithLf && kept < MAX_LINE_BYTES && bytes[bytes.length - 1] === CR) bytes = bytes.subarray(0, bytes.length - 1);
      lines.push(this.decoder.decode(bytes));
      parts = [];
      kept = 0;
    };
    for (let at = start; at < end && lines.length < count; at += WINDOW) {
      const bytes = new Uint8Array(await this.file.slice(at, Math.min(end, at + WINDOW)).arrayBuffer());
      for (let from = 0; ;) {
        const lf = bytes.indexOf(LF, from);
        const stop = lf === -1 ? bytes.length : lf;
        if (kept < MAX_LINE_BYTES) {
          const piece = bytes.subarray(from, Math.min(stop, from + MAX_LINE_BYTES - kept));
          parts.push(piece);
          kept += piece.length;
        }
        if (lf === -1) break;
        finish(true);
        if (lines.length === count) break;
        from = lf + 1;
      }
    }
    if (lines.length < count) finish(false);
    return lines;
  }

  /**
   * A longer index of the same file: the worker indexes a file as it reads it, and the
   * viewer shows the lines read so far. The last block, held with the lines it had, is
   * read again.
   */
  update(index, lines = index.lines) {
    if (lines === this.lineCount) return;
    if (this.lineCount) this.forget(this.blockOf(this.lineCount));
    this.starts = index.starts;
    this.offsets = index.offsets;
    this.lineCount = lines;
  }

  forget(j) {
    const old = this.blocks.get(j);
    if (!old) return;
    this.blocks.delete(j);
    this.chars -= old.reduce((n, l) => n + l.length, 0);
  }

  store(j, lines) {
    // Read before the index grew: a last block short of the lines it has now.
    if (lines.length < this.blockLines(j)) return;
    this.blocks.set(j, lines);
    this.chars += lines.reduce((n, l) => n + l.length, 0);
    while (this.blocks.size > 1 && (this.blocks.size > MAX_BLOCKS || this.chars > MAX_CHARS)) this.forget(this.blocks.keys().next().value);
  }
}
