// The line sources (web/render/lines.js) and capture columns (web/render/columns.js), in
// Node: lines split as the engine splits a log (LF, one CR before it dropped), from a
// string and from a file read in blocks; the column look-ups the viewer jumps with.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextSource, FileSource, indexFile, MAX_LINE_BYTES } from '../../web/render/lines.js';
import { columnsFromReport, nextCapture, prevCapture, nextDropped, onLine, firstAtOrAfter, captureAt } from '../../web/render/columns.js';

/** The lines of `text` as the engine sees them. */
function expected(text) {
  if (text === '') return [];
  const parts = text.split('\n');
  if (text.endsWith('\n')) parts.pop();
  return parts.map((line, i) => (i < text.split('\n').length - 1 && line.endsWith('\r') ? line.slice(0, -1) : line));
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
