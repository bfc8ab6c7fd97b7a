// Capture columns: every capture of one definition as typed arrays, in log order, and
// the look-ups the big-log viewer and the cards' capture lists need.
//
//   columns[i] = { line: Uint32Array (1-based, ascending), value: Float64Array (NaN when
//     dropped), kind: Uint8Array (low 3 bits: 0 counted, 1 no-group, 2 empty,
//     3 not-a-number, 4 out-of-range; bit 3: an ignored match), matchStart, matchEnd,
//     groupStart, groupEnd: Uint32Array (UTF-16 units in the line as pasted; NONE when
//     group 1 took no part), total } — or null for a definition that failed to compile.
//
// The engine will deliver these (reply.columns); until then columnsFromReport builds
// them from the report's `captures` and `ignored` lists.

/** groupStart/groupEnd of a group that took no part. */
export const NONE = 0xffffffff;
/** kind bit of a match SageMaker ignores (not the first in its line). */
export const IGNORED = 8;
/** Drop reasons by kind & 7 (the report's `reason` strings). */
export const REASONS = [null, 'no-group', 'empty', 'not-a-number', 'out-of-range'];

/** Columns from today's report objects (captures and ignored matches, merged by line). */
export function columnsFromReport(report) {
  return report.definitions.map((def) => {
    if (def.error) return null;
    const counted = def.captures || [];
    const ignored = def.ignored || [];
    const n = counted.length + ignored.length;
    const col = {
      line: new Uint32Array(n), value: new Float64Array(n), kind: new Uint8Array(n),
      matchStart: new Uint32Array(n), matchEnd: new Uint32Array(n),
      groupStart: new Uint32Array(n), groupEnd: new Uint32Array(n),
      total: counted.length + (def.captures_omitted || 0) + ignored.length,
    };
    let a = 0;
    let b = 0;
    for (let k = 0; k < n; k++) {
      // Merge by line; on one line the counted (first) match comes before the ignored ones.
      const takeIgnored = a >= counted.length || (b < ignored.length && ignored[b].line < counted[a].line);
      const c = takeIgnored ? ignored[b++] : counted[a++];
      col.line[k] = c.line;
      col.value[k] = c.value == null ? NaN : c.value;
      col.kind[k] = (takeIgnored ? IGNORED : 0) | Math.max(0, REASONS.indexOf(c.reason ?? null));
      col.matchStart[k] = c.match.start_utf16;
      col.matchEnd[k] = c.match.end_utf16;
      col.groupStart[k] = c.group ? c.group.start_utf16 : NONE;
      col.groupEnd[k] = c.group ? c.group.end_utf16 : NONE;
    }
    return col;
  });
}

/** Index of the first capture at or after `line` (col.line.length when none). */
export function firstAtOrAfter(col, line) {
  let lo = 0;
  let hi = col.line.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (col.line[mid] < line) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The captures on `line`: [from, to) indexes. */
export function onLine(col, line) {
  const from = firstAtOrAfter(col, line);
  let to = from;
  while (to < col.line.length && col.line[to] === line) to++;
  return [from, to];
}

const counts = (col, k) => !(col.kind[k] & IGNORED);
const dropped = (col, k) => !(col.kind[k] & IGNORED) && (col.kind[k] & 7) !== 0;

/** Index of the first capture after `line` that `test` accepts, or -1. */
function nextWhere(col, line, test) {
  for (let k = firstAtOrAfter(col, line + 1); k < col.line.length; k++) if (test(col, k)) return k;
  return -1;
}

/** The next recorded capture (not an ignored match) after `line`: its index, or -1. */
export function nextCapture(col, line) {
  return nextWhere(col, line, counts);
}

/** The previous recorded capture before `line`: its index, or -1. */
export function prevCapture(col, line) {
  for (let k = firstAtOrAfter(col, line) - 1; k >= 0; k--) if (counts(col, k)) return k;
  return -1;
}

/** The next dropped capture (a first match whose value SageMaker drops) after `line`: its index, or -1. */
export function nextDropped(col, line) {
  return nextWhere(col, line, dropped);
}

/**
 * The capture at index `k` as the report's capture objects look (what the highlight
 * drawing and the tips read); `text` is its line when known (for group 1's text).
 */
export function captureAt(col, k, text) {
  const kind = col.kind[k] & 7;
  const group = col.groupStart[k] === NONE ? null : { start_utf16: col.groupStart[k], end_utf16: col.groupEnd[k] };
  return {
    line: col.line[k],
    value: kind ? null : col.value[k],
    reason: REASONS[kind],
    match: { start_utf16: col.matchStart[k], end_utf16: col.matchEnd[k] },
    group,
    text: group && text != null ? text.slice(group.start_utf16, group.end_utf16) : null,
    ignored: Boolean(col.kind[k] & IGNORED),
  };
}

/** The hits of `line` for drawLine (render/log.js): [{ index, name, capture, ignored }]. */
export function hitsOn(columns, definitions, line, text) {
  const hits = [];
  columns.forEach((col, index) => {
    if (!col) return;
    const [from, to] = onLine(col, line);
    for (let k = from; k < to; k++) {
      const capture = captureAt(col, k, text);
      hits.push({ index, name: definitions[index]?.name ?? '', capture, ignored: capture.ignored });
    }
  });
  return hits.length ? hits : undefined;
}
