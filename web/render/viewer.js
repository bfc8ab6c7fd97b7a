// The big-log viewer: a read-only, virtualized view of a whole log of any size (a
// pasted string or a file on disk, through a line source: render/lines.js). Only the
// rows in view are in the DOM; highlights come from the capture columns
// (render/columns.js) and are drawn by the editor's own drawLine (render/log.js).
//
// Past the browser's largest element height the scroll range is scaled: the position
// of the viewport is kept as a fractional top line (`top`), scrollTop maps to it
// proportionally, and wheel and keys move `top` by exact lines.
//
// Stable hooks: #log-viewer, rows [data-log-line="N"], #goto-line, #jump-metric,
// #jump-prev, #jump-next, #jump-dropped.

import { hitsOn, nextCapture, prevCapture, nextDropped } from './columns.js';

const OVERSCAN = 10;
/** Scroll heights above this are scaled (browsers stop between 16M and 33M px). */
const MAX_HEIGHT = 8e6;
/** Lines of a file are read once scrolling has paused this long. */
const SETTLE_MS = 60;
/** Characters of a line drawn at most (a row is one unwrapped line: layout grows with it). */
const MAX_ROW = 10000;

/** The view's DOM helpers and the highlight drawing, handed over by the view (see biglog.js). */
let d;
export function setDom(dom) {
  d = dom;
}

export class LogViewer {
  /**
   * `container`: the empty #log-viewer element; `tip`, `info`: the view's tooltip and
   * caret line; `onLine(n)`: the user put the current line on `n` (a click, a key, a jump).
   */
  constructor({ container, tip, info, onLine }) {
    const { h } = d;
    Object.assign(this, { container, tip, info, onLine });
    this.source = null;
    this.columns = [];
    this.definitions = [];
    this.top = 0; // fractional index of the line at the top of the view (0-based)
    this.current = 0; // the marked line (1-based), 0 for none
    this.lineHeight = 20;
    this.frame = 0;
    this.loadTimer = 0;
    this.ownScroll = -1;
    // The scroller's scrollTop as last seen (a scroll event, our own setTop): render reads
    // this, not scrollTop, which after its new rows would force a layout of the page.
    this.scrollPos = 0;
    this.metric = h('select', { id: 'jump-metric', attrs: { 'aria-label': 'Metric to jump between' } });
    this.goto = h('input', { id: 'goto-line', type: 'number', min: '1', step: '1', inputMode: 'numeric', placeholder: 'Line', attrs: { 'aria-label': 'Go to line' } });
    const button = (id, text, label, run) => h('button', { id, type: 'button', class: 'btn small', text, title: label, attrs: { 'aria-label': label }, on: { click: run } });
    this.status = h('span', { class: 'viewer-status muted', attrs: { 'aria-live': 'polite' } });
    this.spacer = h('div', { class: 'viewer-spacer' });
    this.rows = h('div', { class: 'viewer-rows' });
    this.scroller = h('div', {
      class: 'viewer-scroll', tabIndex: 0,
      attrs: { role: 'region', 'aria-label': 'The log, read-only: arrow keys move the current line, Page Up and Page Down by a page' },
    }, this.spacer, this.rows);
    container.replaceChildren(
      h('div', { class: 'viewer-bar', attrs: { role: 'toolbar', 'aria-label': 'Move through the log' } },
        this.goto, this.metric,
        button('jump-prev', '◀', 'Previous capture of the chosen metric', () => this.jump(-1)),
        button('jump-next', '▶', 'Next capture of the chosen metric', () => this.jump(1)),
        button('jump-dropped', 'Next dropped', 'Next dropped capture (of the chosen metric, or of any)', () => this.jumpDropped()),
        this.status),
      this.scroller);
    this.goto.addEventListener('keydown', (e) => {
      if (e.key !== 'Enter') return;
      e.preventDefault();
      const n = Math.round(Number(this.goto.value));
      if (Number.isFinite(n) && this.source?.lineCount) this.goTo(n);
    });
    this.scroller.addEventListener('scroll', () => this.scrolled());
    this.scroller.addEventListener('wheel', (e) => this.wheel(e), { passive: false });
    this.scroller.addEventListener('keydown', (e) => this.key(e));
    this.scroller.addEventListener('click', (e) => {
      const row = e.target.closest?.('[data-log-line]');
      if (row) this.mark(Number(row.dataset.logLine), { scroll: false });
    });
    this.scroller.addEventListener('mouseover', (e) => this.hover(e));
    this.scroller.addEventListener('mouseleave', () => (this.tip.hidden = true));
    // The view's height, kept from the observer: reading clientHeight while the page
    // changes would force a layout of the whole page on every draw.
    this.viewHeight = 0;
    new ResizeObserver((entries) => {
      this.viewHeight = entries[entries.length - 1].contentRect.height;
      this.schedule();
    }).observe(this.scroller);
  }

  /** A new log (a line source), or null while there is none. */
  setSource(source) {
    this.source = source;
    clearTimeout(this.sayTimer);
    this.sayTimer = 0;
    this.top = 0;
    this.current = 0;
    this.columns = [];
    this.layout();
    this.scroller.scrollTop = 0;
    this.scrollPos = 0;
    this.render();
  }

  /** The source has more lines (a file the worker is still reading): the view stays put. */
  grown() {
    const top = this.top;
    this.layout();
    this.setTop(top);
    this.updateStatus();
  }

  /** A new report on this log and its capture columns (aligned with report.definitions). */
  setReport(report, columns) {
    this.columns = columns || [];
    this.definitions = report?.definitions || [];
    // Columns hold at most a capped number of captures: past the last line they hold,
    // the lines in view get theirs from the engine (`highlighter`), on demand.
    this.coveredUntil = this.columns.map((c) => (c && c.total > c.line.length ? (c.line.length ? c.line[c.line.length - 1] : 0) : Infinity));
    this.overlay = null;
    this.overlaySeq = (this.overlaySeq ?? 0) + 1;
    const chosen = this.metric.value;
    const { h } = d;
    this.metric.replaceChildren(h('option', { value: '', text: 'Any metric' }),
      ...this.definitions.map((def, i) => (this.columns[i] ? h('option', { value: String(i), text: def.name || '(no name)' }) : null)).filter(Boolean));
    this.metric.value = [...this.metric.options].some((o) => o.value === chosen) ? chosen : (this.metric.options[1]?.value ?? '');
    this.render();
  }

  get lineCount() {
    return this.source?.lineCount ?? 0;
  }

  /** Lines that fit in the view. */
  get visible() {
    return Math.max(1, (this.viewHeight || this.scroller.clientHeight) / this.lineHeight);
  }

  /** The largest top line. */
  get maxTop() {
    return Math.max(0, this.lineCount - this.visible);
  }

  layout() {
    const lh = parseFloat(getComputedStyle(this.scroller).lineHeight);
    if (lh > 0) this.lineHeight = lh;
    const full = this.lineCount * this.lineHeight;
    this.scaled = full > MAX_HEIGHT;
    this.spacer.style.height = `${this.scaled ? MAX_HEIGHT : full}px`;
    this.container.style.setProperty('--gutter', `${String(Math.max(this.lineCount, 1)).length + 1}ch`);
  }

  /** The scrollTop that shows `top`. */
  scrollFor(top) {
    if (!this.scaled) return top * this.lineHeight;
    const range = this.scroller.scrollHeight - this.scroller.clientHeight;
    return this.maxTop ? (top / this.maxTop) * range : 0;
  }

  /** Puts the top of the view at line index `top` (fractional). */
  setTop(top) {
    this.top = Math.max(0, Math.min(this.maxTop, top));
    const want = this.scrollFor(this.top);
    if (Math.abs(this.scroller.scrollTop - want) >= 1) {
      this.scroller.scrollTop = want;
      this.ownScroll = this.scroller.scrollTop;
      this.scrollPos = this.ownScroll;
    }
    this.schedule();
  }

  scrolled() {
    const at = this.scroller.scrollTop;
    this.scrollPos = at;
    // Our own setTop moved it: `top` is already exact.
    if (at === this.ownScroll) return;
    this.ownScroll = -1;
    if (!this.scaled) this.top = at / this.lineHeight;
    else {
      const range = this.scroller.scrollHeight - this.scroller.clientHeight;
      this.top = range > 0 ? (at / range) * this.maxTop : 0;
    }
    this.schedule();
  }

  wheel(e) {
    if (!this.scaled || e.ctrlKey || Math.abs(e.deltaY) < Math.abs(e.deltaX)) return;
    e.preventDefault();
    const lines = e.deltaMode === 1 ? e.deltaY : e.deltaMode === 2 ? e.deltaY * this.visible : e.deltaY / this.lineHeight;
    this.setTop(this.top + lines);
  }

  key(e) {
    if (e.altKey || e.ctrlKey || e.metaKey || !this.lineCount) return;
    const page = Math.max(1, Math.floor(this.visible) - 1);
    const from = this.current || Math.floor(this.top) + 1;
    const moves = { ArrowDown: from + 1, ArrowUp: from - 1, PageDown: from + page, PageUp: from - page, Home: 1, End: this.lineCount };
    if (!(e.key in moves)) return;
    e.preventDefault();
    this.mark(moves[e.key], { scroll: 'nearest' });
  }

  /** Makes line `n` current: marked, told to the inspector, scrolled to (`center` or `nearest`). */
  mark(n, { scroll = 'center' } = {}) {
    n = Math.max(1, Math.min(this.lineCount, Math.round(n)));
    if (!n) return;
    this.current = n;
    if (scroll === 'center') this.setTop(n - 1 - (this.visible - 1) / 2);
    else if (scroll === 'nearest') {
      if (n - 1 < this.top) this.setTop(n - 1);
      else if (n > this.top + Math.floor(this.visible)) this.setTop(n - Math.floor(this.visible));
    }
    this.schedule();
    this.describeCurrent();
    this.onLine?.(n);
  }

  /** Jumps to line `n` (clamped), centred and marked. */
  goTo(n) {
    this.mark(n);
    this.scroller.focus({ preventScroll: true });
  }

  /** The line jumps start from: the current line, or the top of the view. */
  get here() {
    return this.current || Math.floor(this.top) + 1;
  }

  /** Jumps to the previous (-1) or next (1) capture of the chosen metric, or of any. */
  jump(direction) {
    return this.queueJump(async () => {
      const best = await this.nearest((i, from) => this.captureFrom(i, from, direction, false), direction);
      if (best) this.goTo(best);
      else this.say(direction > 0 ? 'No capture after this line.' : 'No capture before this line.');
    });
  }

  /** Jumps to the next dropped capture of the chosen metric, or of any. */
  jumpDropped() {
    return this.queueJump(async () => {
      const best = await this.nearest((i, from) => this.captureFrom(i, from, 1, true), 1);
      if (best) this.goTo(best);
      else this.say('No dropped capture after this line.');
    });
  }

  /** Runs jumps one after the other: two quick clicks move twice, each from where the last one landed. */
  queueJump(run) {
    this.jumps = (this.jumps ?? Promise.resolve()).then(run, run);
    return this.jumps;
  }

  /** The nearest line that `lineOf(index, from)` gives over the chosen metric (or all), 0 for none. */
  async nearest(lineOf, direction) {
    const chosen = this.metric.value;
    const indexes = chosen ? [Number(chosen)] : this.columns.map((c, i) => (c ? i : -1)).filter((i) => i >= 0);
    const from = this.here;
    const lines = (await Promise.all(indexes.filter((i) => this.columns[i]).map((i) => lineOf(i, from)))).filter((n) => n > 0);
    if (!lines.length) return 0;
    return direction > 0 ? Math.min(...lines) : Math.max(...lines);
  }

  /**
   * The line of definition i's next (previous) capture from line `from` (only dropped
   * ones with `dropped`), 0 for none: from the captures held, exact up to the last
   * line they hold; past it, the engine searches the log it keeps.
   */
  captureFrom(i, from, direction, dropped) {
    const c = this.columns[i];
    const k = dropped ? nextDropped(c, from) : direction > 0 ? nextCapture(c, from) : prevCapture(c, from);
    const held = k >= 0 ? c.line[k] : 0;
    const until = this.coveredUntil?.[i] ?? Infinity;
    const exact = direction > 0 ? held && held < until : from <= until;
    if (exact || until === Infinity || !this.finder) return held;
    return this.finder(i, from, direction > 0, dropped).then((n) => n || (direction > 0 ? 0 : held), () => held);
  }

  /** Says `text` in the status for a while (then the position again). */
  say(text) {
    this.status.textContent = text;
    clearTimeout(this.sayTimer);
    this.sayTimer = setTimeout(() => ((this.sayTimer = 0), this.updateStatus()), 2500);
  }

  updateStatus() {
    const n = this.lineCount ? this.here : 0;
    this.status.textContent = `line ${n.toLocaleString('en-US')} of ${this.lineCount.toLocaleString('en-US')}`;
  }

  schedule() {
    if (!this.frame) this.frame = requestAnimationFrame(() => ((this.frame = 0), this.render()));
  }

  render() {
    const { h, drawLine } = d;
    const { source, lineHeight } = this;
    if (!source) return this.rows.replaceChildren();
    const count = source.lineCount;
    const first = Math.max(0, Math.floor(this.top) - OVERSCAN);
    const last = Math.min(count, Math.ceil(this.top + this.visible) + OVERSCAN);
    const rows = [];
    let missing = false;
    for (let i = first; i < last; i++) {
      const n = i + 1;
      const text = source.get(n);
      const row = h('div', { class: `vrow${n === this.current ? ' current' : ''}`, dataset: { logLine: String(n) } });
      if (n === this.current) row.setAttribute('aria-current', 'true');
      if (text === undefined) {
        missing = true;
        row.classList.add('pending');
      } else {
        // A lone CR would end the row in some fonts: show it as ␍ (one unit: offsets stay).
        let shown = text.length > MAX_ROW ? text.slice(0, MAX_ROW) : text;
        if (shown.includes('\r')) shown = shown.replace(/\r/g, '\u240d');
        drawLine(row, shown, hitsOn(this.columnsFor(n), this.definitions, n, text), n);
        if (text.length > MAX_ROW) row.append(h('span', { class: 'muted', text: ` … ${(text.length - MAX_ROW).toLocaleString('en-US')} more characters` }));
      }
      rows.push(row);
    }
    this.rows.replaceChildren(...rows);
    // Rows sit at exact line offsets from the viewport's top, scaled or not.
    this.rows.style.transform = `translateY(${this.scrollPos + (first - this.top) * lineHeight}px)`;
    if (!this.sayTimer) this.updateStatus();
    if (missing) this.loadSoon(first + 1, last);
    else this.highlightSoon(first + 1, last);
  }

  /** Reads lines `from..to` once scrolling settles; only the latest request is read. */
  loadSoon(from, to) {
    clearTimeout(this.loadTimer);
    this.loadTimer = setTimeout(() => {
      const source = this.source;
      if (!source) return; // the viewer was emptied meanwhile
      source.load(from, to).then(() => { if (source === this.source) this.schedule(); }, () => {});
    }, SETTLE_MS);
  }

  /** The hits of line `n` (from the line as loaded). */
  hits(n) {
    return hitsOn(this.columnsFor(n), this.definitions, n, this.source?.get(n)) || [];
  }

  /**
   * The columns to draw line `n` with: each definition's own up to the last line they
   * hold, then those the engine found for the lines in view (null until they come).
   */
  columnsFor(n) {
    const until = this.coveredUntil ?? [];
    if (!until.some((u) => n >= u)) return this.columns;
    const o = this.overlay;
    const inView = o && n >= o.from && n <= o.to;
    return this.columns.map((c, i) => (n < until[i] ? c : inView ? o.columns[i] : null));
  }

  /**
   * Asks the engine for every capture on lines from..to (loaded) when some definition's
   * columns stop before them; the latest request wins.
   */
  highlightSoon(from, to) {
    const until = this.coveredUntil ?? [];
    if (!this.highlighter || !until.some((u) => to >= u)) return;
    const o = this.overlay;
    if (o && o.from <= from && o.to >= to) return;
    clearTimeout(this.highlightTimer);
    const seq = this.overlaySeq;
    const source = this.source;
    this.highlightTimer = setTimeout(() => {
      const lines = [];
      for (let n = from; n <= to; n++) lines.push(source.get(n) ?? '');
      this.highlighter(lines.join('\n'), from).then((columns) => {
        if (!columns || seq !== this.overlaySeq || source !== this.source) return;
        this.overlay = { from, to, columns };
        this.schedule();
        // The info line says what is on the current line: now it knows.
        if (this.current >= from && this.current <= to) this.describeCurrent();
      }, () => {});
    }, SETTLE_MS);
  }

  hover(e) {
    const mark = e.target.closest?.('mark[data-hits]');
    if (!mark) {
      this.tip.hidden = true;
      return;
    }
    const line = Number(mark.dataset.line);
    const hits = this.hits(line);
    const shown = mark.dataset.hits.split(' ').map((i) => hits[Number(i)]).filter(Boolean);
    this.tip.replaceChildren(...shown.map((hit) => d.describe(hit, line)));
    this.tip.hidden = false;
    const box = mark.getBoundingClientRect();
    this.tip.style.left = `${Math.max(8, Math.min(box.left, window.innerWidth - this.tip.offsetWidth - 8))}px`;
    this.tip.style.top = `${box.bottom + 6}px`;
  }

  /** Says what is on the current line (keyboard users get what hovering gives). */
  describeCurrent() {
    const { h, describeInline } = d;
    const n = this.current;
    const hits = this.hits(n);
    const parts = [h('span', { class: 'pos', text: `Line ${n.toLocaleString('en-US')}` })];
    for (const hit of hits) parts.push(' · ', describeInline(hit));
    if (!hits.length) parts.push(' · no match on this line');
    this.info.replaceChildren(...parts);
  }
}

export const VIEWER_CSS = `
.log-viewer { position: absolute; inset: 0; display: flex; flex-direction: column; }
.log-viewer[hidden] { display: none; }
.viewer-bar { display: flex; flex-wrap: wrap; align-items: center; gap: 6px; padding: 6px 8px; border-bottom: 1px solid var(--border); background: var(--panel); border-radius: 8px 8px 0 0; font-size: 12.5px; }
.viewer-bar input { width: 12ch; min-height: 28px; font-variant-numeric: tabular-nums; }
.viewer-bar select { max-width: 14em; min-height: 28px; }
.viewer-status { margin-left: auto; font-variant-numeric: tabular-nums; white-space: nowrap; }
.viewer-scroll { position: relative; flex: 1; overflow: auto; font-family: var(--mono); font-size: var(--code-size); line-height: var(--code-line); tab-size: 4; color: var(--fg); padding: 0; }
.viewer-scroll:focus-visible { outline: 2px solid var(--accent); outline-offset: -2px; }
.viewer-spacer { width: 1px; }
.viewer-rows { position: absolute; top: 0; left: 0; min-width: 100%; will-change: transform; }
.vrow { display: flex; height: var(--code-line); white-space: pre; padding-right: 12px; }
.vrow::before { content: attr(data-log-line); position: sticky; left: 0; flex: none; width: var(--gutter, 6ch); padding: 0 8px 0 4px; margin-right: 8px; text-align: right; color: var(--muted); background: var(--panel-2); border-right: 1px solid var(--border); font-variant-numeric: tabular-nums; }
.vrow.current { background: color-mix(in srgb, var(--accent) 14%, transparent); }
.vrow.current::before { color: var(--fg); font-weight: 600; }
.vrow.pending::after { content: "…"; color: var(--muted); }
`;
