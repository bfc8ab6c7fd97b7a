// The line sources (web/render/lines.js) and capture columns (web/render/columns.js), in
// Node: lines split as the engine splits a log (LF, one CR before it dropped), from a
// string and from a file read in blocks; the column look-ups the viewer jumps with.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextSource, FileSource, MAX_LINE_BYTES } from '../../web/render/lines.js';
import { columnsFromReport, nextCapture, prevCapture, nextDropped, onLine, firstAtOrAfter, captureAt } from '../../web/render/columns.js';

/** The lines of `text` as the engine sees them. */
function expected(text) {
  if (text === '') return [];
  const parts = text.split('\n');
  if (text.endsWith('\n')) parts.pop();
  return parts.map((line, i) => (i < text.split('\n').length - 1 && line.endsWith('\r') ? line.slice(0, -1) : line));
}

/**
 * A line index of `file` as the worker's engine builds it (src/session.rs, LineIndex):
 * `{ every, offsets, lines }`, read in slices of `slice` bytes; with `upTo`, the index
 * so far after that many bytes, as it comes with a progress report (complete lines only).
 */
async function indexFile(file, { every = 256, slice = 4 << 20, upTo = Infinity } = {}) {
  const LF = 10;
  const size = Math.min(file.size, upTo);
  const starts = [1];
  const offsets = [0];
  let lines = 0; // LFs seen
  let last = -1;
  for (let at = 0; at < size; at += slice) {
    const bytes = new Uint8Array(await file.slice(at, Math.min(size, at + slice)).arrayBuffer());
    for (let i = bytes.indexOf(LF); i !== -1; i = bytes.indexOf(LF, i + 1)) {
      lines++;
      if (lines % every === 0) {
        starts.push(lines + 1);
        offsets.push(at + i + 1);
      }
    }
    last = bytes[bytes.length - 1];
  }
  const index = (total) => ({ every, starts: Float64Array.from(starts), offsets: Float64Array.from(offsets), lines: total });
  // Part-way, only whole lines count, as in the engine's index before its pass ends.
  if (size < file.size) return index(lines);
  const total = file.size === 0 ? 0 : last === LF ? lines : lines + 1;
  // A block start for a line that does not exist (after the final LF).
  while (starts.length > 1 && starts[starts.length - 1] > total) {
    starts.pop();
    offsets.pop();
  }
  return index(total);
}

/** The index of a file read by two workers joined after line `split`: the engine's merge (src/session.rs). */
async function indexInTwo(blob, text, split, every) {
  const at = split ? text.split('\n').slice(0, split).join('\n').length + 1 : 0;
  const bytesAt = new TextEncoder().encode(text.slice(0, at)).length;
  const first = await indexFile(blob.slice(0, bytesAt), { every });
  const second = await indexFile(blob.slice(bytesAt), { every });
  const starts = [...first.starts].filter((s) => s <= first.lines);
  const offsets = [...first.offsets].slice(0, starts.length);
  second.starts.forEach((s, k) => {
    starts.push(s + first.lines);
    offsets.push(second.offsets[k] + bytesAt);
  });
  return { every, starts: Float64Array.from(starts), offsets: Float64Array.from(offsets), lines: first.lines + second.lines };
}

const TEXTS = ['', 'a', 'a\n', 'a\r\nb', 'a\r\nb\r\n', 'x\n\ny\r', '\n', '\r\n\r\n', 'é€😀\nz\r\n\r\nq', 'lone\rCR\n\ud800 half\n'];

test('a string and a file give the same lines, CRLF or not, at any block size', async () => {
  for (const text of TEXTS) {
    const lines = expected(text);
    const source = new TextSource(text);
    assert.equal(source.lineCount, lines.length, JSON.stringify(text));
    lines.forEach((line, i) => assert.equal(source.get(i + 1), line));
    assert.equal(source.get(0), undefined);
    assert.equal(source.get(lines.length + 1), undefined);
    for (const every of [1, 2, 3]) {
      const blob = new Blob([text]);
      const index = await indexFile(blob, { every, slice: 3 });
      assert.equal(index.lines, lines.length, JSON.stringify([text, every]));
      const file = new FileSource(blob, index, index.lines);
      assert.equal(file.get(1), undefined, 'nothing before it is loaded');
      await file.load(1, index.lines);
      // Lone surrogates are not in a file's UTF-8: compare with what the bytes decode to.
      lines.forEach((line, i) => assert.equal(file.get(i + 1), new TextDecoder().decode(new TextEncoder().encode(line))));
    }
  }
});

test('a file source reads only the blocks asked for and keeps a bounded number', async () => {
  let text = '';
  for (let i = 1; i <= 100000; i++) text += `line ${i}\n`;
  const blob = new Blob([text]);
  const index = await indexFile(blob, { every: 100 });
  assert.equal(index.offsets.length, 1000);
  const source = new FileSource(blob, index);
  assert.equal(source.lineCount, 100000);
  await source.load(99990, 100000);
  assert.equal(source.blocks.size, 1);
  assert.equal(source.get(100000), 'line 100000');
  assert.equal(source.get(99899), undefined);
  for (let j = 0; j < 200; j++) await source.load(j * 100 + 1, j * 100 + 1);
  assert.ok(source.blocks.size <= 64, `${source.blocks.size} blocks kept`);
  assert.equal(source.get(19901), 'line 19901');
});

test('a file source grows with the index of a file being read, its last block read again', async () => {
  let text = '';
  for (let i = 1; i <= 1000; i++) text += `line ${i}${i % 7 ? '' : '\r'}\n`;
  const blob = new Blob([text]);
  const full = await indexFile(blob, { every: 16 });
  // Cut inside line 300 (a block of 16 lines part-read), then at a block's end, then all.
  const at = text.indexOf('line 300') + 3;
  const part = await indexFile(blob, { every: 16, upTo: at });
  assert.equal(part.lines, 299);
  const source = new FileSource(blob, part);
  assert.equal(source.lineCount, 299);
  await source.load(280, 299);
  assert.equal(source.get(299), 'line 299');
  assert.equal(source.get(300), undefined, 'not read yet');
  const held = source.blocks.size;
  source.update(await indexFile(blob, { every: 16, upTo: text.indexOf('line 321') }));
  assert.equal(source.lineCount, 320);
  assert.equal(source.blocks.size, held - 1, 'the part-read block is forgotten');
  assert.equal(source.get(288), 'line 288', 'whole blocks are kept');
  await source.load(289, 320);
  assert.equal(source.get(300), 'line 300');
  assert.equal(source.get(320), 'line 320');
  // A block read while the index grows is not kept short: it is read again when asked.
  source.update(await indexFile(blob, { every: 16, upTo: text.indexOf('line 331') }));
  const reading = source.load(325, 330);
  source.update(full);
  await reading;
  assert.equal(source.get(325), undefined, 'the block read short was not kept');
  for (const n of [1, 321, 336, 337, 999, 1000]) {
    await source.load(n, n);
    assert.equal(source.get(n), `line ${n}`, `line ${n}`);
  }
  assert.equal(source.lineCount, 1000);
});

test('a file read by two workers: its index has a shorter block at the join, and every line reads right', async () => {
  let text = '';
  for (let i = 1; i <= 300; i++) text += `line ${i}${i % 5 ? '' : ' é€'}\n`;
  const blob = new Blob([text]);
  for (const split of [1, 7, 16, 17, 100, 299]) {
    const index = await indexInTwo(blob, text, split, 16);
    assert.equal(index.lines, 300);
    const source = new FileSource(blob, index);
    await source.load(1, 300);
    for (let n = 1; n <= 300; n++) assert.equal(source.get(n), `line ${n}${n % 5 ? '' : ' é€'}`, `line ${n}, split ${split}`);
  }
});

test('a file line longer than the cap is cut, and the lines after it still read right', async () => {
  // A 9 MB line (read in several windows) between short CRLF lines, in one block.
  const blob = new Blob(['first\r\n', 'x'.repeat(9 << 20), '\r\nafter\r\nlast']);
  const index = await indexFile(blob, { every: 4 });
  assert.equal(index.lines, 4);
  const source = new FileSource(blob, index);
  await source.load(1, 4);
  assert.equal(source.get(1), 'first');
  assert.equal(source.get(2).length, MAX_LINE_BYTES);
  assert.equal(source.get(3), 'after');
  assert.equal(source.get(4), 'last');
});

test('columns from a report merge ignored matches by line; jumps skip them', () => {
  const match = (a, b) => ({ start_utf16: a, end_utf16: b });
  const report = {
    definitions: [
      {
        name: 'a', error: null, captures_omitted: 4,
        captures: [
          { line: 2, value: 1, reason: null, match: match(0, 3), group: match(1, 2) },
          { line: 5, value: null, reason: 'not-a-number', match: match(0, 3), group: match(1, 3) },
          { line: 9, value: 3, reason: null, match: match(0, 3), group: null },
        ],
        ignored: [
          { line: 2, value: 7, reason: null, match: match(4, 6), group: null },
          { line: 7, value: null, reason: 'empty', match: match(4, 6), group: match(5, 5) },
        ],
      },
      { name: 'b', error: { message: 'x' }, captures: [], ignored: [], captures_omitted: 0 },
    ],
  };
  const [col, failed] = columnsFromReport(report);
  assert.equal(failed, null);
  assert.deepEqual([...col.line], [2, 2, 5, 7, 9]);
  assert.deepEqual([...col.kind], [0, 8, 3, 10, 0]);
  assert.equal(col.total, 9);
  assert.ok(Number.isNaN(col.value[2]));
  assert.deepEqual(onLine(col, 2), [0, 2]);
  assert.deepEqual(onLine(col, 3), [2, 2]);
  assert.equal(firstAtOrAfter(col, 10), 5);
  assert.equal(col.line[nextCapture(col, 0)], 2);
  assert.equal(col.line[nextCapture(col, 2)], 5);
  assert.equal(col.line[nextCapture(col, 5)], 9, 'the ignored match on line 7 is skipped');
  assert.equal(nextCapture(col, 9), -1);
  assert.equal(col.line[prevCapture(col, 9)], 5);
  assert.equal(prevCapture(col, 2), -1);
  assert.equal(col.line[nextDropped(col, 0)], 5);
  assert.equal(nextDropped(col, 5), -1, 'an ignored empty match is not a dropped capture');
  assert.deepEqual(captureAt(col, 2, 'x12y'), {
    line: 5, value: null, reason: 'not-a-number', match: match(0, 3), group: match(1, 3), text: '12', ignored: false,
  });
});
