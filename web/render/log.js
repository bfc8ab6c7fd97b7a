// The highlighted log: a backdrop behind the log textarea that draws the same text
// with each metric's matches and group 1 in the metric's colour. Only the lines in
// view are drawn, so a log of any length stays cheap. Offsets come from the report
// in UTF-16 code units, relative to each line as pasted — the same unit as JS strings.

import { h, COLOURS, fmt } from './dom.js';
import { hitsOn } from './columns.js';

const OVERSCAN = 8;

/** Index of the first position where `a` and `b` differ (their common prefix length). */
export function commonPrefix(a, b) {
  const n = Math.min(a.length, b.length);
  let i = 0;
  for (const step of [1 << 16, 1 << 10, 1 << 4, 1]) {
    while (i + step <= n && a.slice(i, i + step) === b.slice(i, i + step)) i += step;
  }
  return i;
}

export class LogView {
  /** `root`: the document or shadow root the view lives in (for hit-testing the marks). */
  constructor({ root = document, textarea, backdrop, inner, info, tip }) {
    Object.assign(this, { root, textarea, backdrop, inner, info, tip });
    this.text = '';
    this.lineStarts = [0];
    this.hits = new Map(); // line (1-based) → [{ def, name, capture, ignored }]
    this.validLines = Infinity; // hits on lines at or after this one are out of date
    this.frame = 0;
    textarea.addEventListener('scroll', () => this.schedule());
    new ResizeObserver(() => { this.metricsMemo = null; this.schedule(); }).observe(textarea);
    textarea.addEventListener('mousemove', (e) => this.hover(e));
    textarea.addEventListener('mouseleave', () => (this.tip.hidden = true));
    for (const type of ['keyup', 'click', 'focus']) textarea.addEventListener(type, () => this.caret());
  }

  /** The log text changed (typing, paste, load). */
  setText(text) {
    if (text === this.text) return;
    this.text = text;
    this.lineStarts = [0];
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
    if (this.reportText !== undefined) {
      this.validLines = text === this.reportText ? Infinity : this.lineOf(commonPrefix(this.reportText, text));
    }
    this.render();
  }

  /** Line (1-based) of UTF-16 `offset` in the current text. */
  lineOf(offset) {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  /** A new report, computed on `logText`. */
  setReport(report, logText, columns = null) {
    this.hits = new Map();
    this.reportText = logText;
    this.report = report;
    // With capture columns (every capture), a line's hits are found when it is drawn.
    this.columns = columns;
    this.validLines = logText === this.text ? Infinity : this.lineOf(commonPrefix(logText, this.text));
    if (!columns) {
      report.definitions.forEach((def, index) => {
        const add = (capture, ignored) => {
          let list = this.hits.get(capture.line);
          if (!list) this.hits.set(capture.line, (list = []));
          list.push({ index, name: def.name, capture, ignored });
        };
        for (const c of def.captures) add(c, false);
        for (const c of def.ignored || []) add(c, true);
      });
    }
    this.render();
    this.caret();
  }

  /** The hits on line `n` (1-based), or undefined. */
  hitsAt(n) {
    if (!this.columns) return this.hits.get(n);
    if (!this.hits.has(n)) this.hits.set(n, hitsOn(this.columns, this.report.definitions, n, this.lineText(n)) ?? null);
    return this.hits.get(n) ?? undefined;
  }

  schedule() {
    if (!this.frame) this.frame = requestAnimationFrame(() => ((this.frame = 0), this.render()));
  }

  /**
   * The textarea's line height and paddings, read once per size change: reading
   * computed styles right after the page changed forces a style pass over all of it.
   */
  metrics() {
    if (!this.metricsMemo) {
      const style = getComputedStyle(this.textarea);
      this.metricsMemo = {
        lineHeight: parseFloat(style.lineHeight) || 20,
        padTop: parseFloat(style.paddingTop) || 0,
        padLeft: parseFloat(style.paddingLeft) || 0,
      };
    }
    return this.metricsMemo;
  }

  render() {
    const { textarea, inner } = this;
    // A big log is shown by the viewer instead: nothing to draw here.
    if (textarea.closest('.big')) {
      inner.replaceChildren();
      return;
    }
    const { lineHeight, padTop, padLeft } = this.metrics();
    const count = this.lineStarts.length;
    const first = Math.max(0, Math.floor((textarea.scrollTop - padTop) / lineHeight) - OVERSCAN);
    const last = Math.min(count, Math.ceil((textarea.scrollTop + textarea.clientHeight) / lineHeight) + OVERSCAN);
    const rows = [];
    for (let i = first; i < last; i++) rows.push(this.renderLine(i + 1));
    inner.replaceChildren(...rows);
    inner.style.transform = `translate(${padLeft - textarea.scrollLeft}px, ${padTop + first * lineHeight - textarea.scrollTop}px)`;
  }

  /** The text of line `n` (1-based) without its LF. */
  lineText(n) {
    const start = this.lineStarts[n - 1];
    const end = n < this.lineStarts.length ? this.lineStarts[n] - 1 : this.text.length;
    return this.text.slice(start, end);
  }

  renderLine(n) {
    const row = h('div', { class: 'ln' });
    drawLine(row, this.lineText(n), n < this.validLines ? this.hitsAt(n) : undefined, n);
    return row;
  }

  /** The hits under the pointer (marks sit beneath the textarea: ask for every element at the point). */
  hover(event) {
    const mark = this.root.elementsFromPoint(event.clientX, event.clientY).find((el) => el.tagName === 'MARK' && el.dataset.hits);
    if (!mark) {
      this.tip.hidden = true;
      return;
    }
    const hits = this.hitsAt(Number(mark.dataset.line)) || [];
    const shown = mark.dataset.hits.split(' ').map((i) => hits[Number(i)]).filter(Boolean);
    this.tip.replaceChildren(...shown.map((hit) => describe(hit, Number(mark.dataset.line))));
    this.tip.hidden = false;
    const { innerWidth } = window;
    const x = Math.min(event.clientX + 14, innerWidth - this.tip.offsetWidth - 8);
    this.tip.style.left = `${Math.max(8, x)}px`;
    this.tip.style.top = `${event.clientY + 18}px`;
  }

  /** Says what the caret is on: keyboard users get what hovering gives. */
  caret() {
    const { textarea } = this;
    const offset = textarea.selectionStart;
    const line = this.lineOf(offset);
    const column = offset - this.lineStarts[line - 1];
    const hits = line < this.validLines ? (this.hitsAt(line) || []) : [];
    const here = hits.filter(({ capture: c }) => c.match.start_utf16 <= column && column <= c.match.end_utf16);
    const parts = [h('span', { class: 'pos', text: `Line ${line.toLocaleString('en-US')}, column ${column + 1}` })];
    for (const hit of here) parts.push(' · ', describeInline(hit));
    if (!here.length && hits.length) parts.push(` · ${hits.length === 1 ? '1 match' : `${hits.length} matches`} on this line`);
    this.info.replaceChildren(...parts);
  }

  /** Selects `capture` in the textarea and scrolls to it; false when its line is not in the editor. */
  reveal(capture) {
    const { textarea } = this;
    const start = this.lineStarts[capture.line - 1];
    if (start === undefined || capture.line > this.validLinesCount()) return false;
    const span = capture.group || capture.match;
    textarea.focus({ preventScroll: true });
    textarea.setSelectionRange(start + span.start_utf16, start + span.end_utf16);
    const { lineHeight } = this.metrics();
    textarea.scrollTop = Math.max(0, (capture.line - 1) * lineHeight - textarea.clientHeight / 2);
    this.textarea.closest('.log-panel')?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
    this.render();
    this.caret();
    return true;
  }

  /** Lines of the current text (a final LF ends the last line rather than starting one). */
  validLinesCount() {
    return this.lineStarts.length - (this.text.endsWith('\n') ? 1 : 0);
  }
}

/**
 * Draws line `n`'s `text` into `row` with its `hits` ([{ index, name, capture, ignored }],
 * capture with `match`/`group` spans in UTF-16 units and `value`): the one drawing of a
 * highlighted line, for the editor's backdrop and the big-log viewer alike.
 */
export function drawLine(row, text, hits, n) {
  if (!hits) {
    appendText(row, text);
    return;
  }
  // Cut the line at every boundary of every match and group, and draw each piece
  // with the hits that cover it (several metrics may overlap).
  const cuts = new Set([0, text.length]);
  for (const { capture } of hits) {
    cuts.add(capture.match.start_utf16).add(capture.match.end_utf16);
    if (capture.group) cuts.add(capture.group.start_utf16).add(capture.group.end_utf16);
  }
  const points = [...cuts].filter((p) => p >= 0 && p <= text.length).sort((a, b) => a - b);
  for (let k = 0; k + 1 < points.length; k++) {
    const [a, b] = [points[k], points[k + 1]];
    const piece = text.slice(a, b);
    const covering = hits.filter(({ capture: c }) => c.match.start_utf16 <= a && b <= c.match.end_utf16);
    if (covering.length === 0) {
      appendText(row, piece);
      continue;
    }
    // One hit gives the piece its colour — a group before a bare match, a counted
    // value before a dropped one or an ignored match, then input order; the tooltip
    // lists them all.
    const inGroup = (hit) => Boolean(hit.capture.group && hit.capture.group.start_utf16 <= a && b <= hit.capture.group.end_utf16);
    const rank = (hit) => (inGroup(hit) ? 0 : 4) + (hit.ignored ? 2 : 0) + (hit.capture.value == null ? 1 : 0);
    covering.sort((x, y) => rank(x) - rank(y) || x.index - y.index);
    const top = covering[0];
    const classes = ['hl', `m${top.index % COLOURS}`];
    if (inGroup(top)) classes.push('g');
    if (inGroup(top) && top.capture.value == null) classes.push('drop');
    if (top.ignored) classes.push('ign');
    if (covering.length > 1) classes.push('multi');
    const mark = h('mark', { class: classes.join(' '), dataset: { line: n, hits: covering.map((x) => hits.indexOf(x)).join(' ') } });
    appendText(mark, piece);
    row.append(mark);
  }
}

/** Appends `text`, drawing each TAB as a TAB with a faint arrow over it (same width as in the textarea). */
export function appendText(parent, text) {
  if (!text.includes('\t')) {
    if (text) parent.append(text);
    return;
  }
  const parts = text.split('\t');
  parts.forEach((part, i) => {
    if (part) parent.append(part);
    if (i < parts.length - 1) parent.append(h('span', { class: 'tab', text: '\t' }));
  });
}

function valueText(capture, ignored) {
  if (ignored) return 'ignored: not the first match on its line';
  if (capture.value != null) return `value ${fmt(capture.value)}`;
  return `dropped (${capture.reason || 'no value'})`;
}

export function describe(hit, line) {
  const { capture, ignored, index, name } = hit;
  return h('div', { class: 'tip-row' },
    h('span', { class: `swatch m${index % COLOURS}` }),
    h('b', { text: name }),
    h('span', { class: 'muted', text: ` line ${line}` }),
    h('div', { text: valueText(capture, ignored) }),
    capture.text != null ? h('code', { text: capture.text }) : null);
}

export function describeInline(hit) {
  const { capture, ignored, index, name } = hit;
  return h('span', { class: 'hit' },
    h('span', { class: `swatch m${index % COLOURS}` }),
    h('b', { text: name }), ': ', valueText(capture, ignored));
}
