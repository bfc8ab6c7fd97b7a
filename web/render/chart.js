// Each metric's recorded values over the log, as CloudWatch would plot them: one line
// per metric, x = log line, on one shared y axis or one small panel per metric (the
// default when their scales differ, as CloudWatch lets you choose). A small SVG chart (a charting library
// would cost more of the download budget than the engine's parser). Colours come from
// the stylesheet (`.m0`…`.m7`), so the chart follows the theme without redrawing.

import { h, syncChildren, COLOURS } from './dom.js';

const NS = 'http://www.w3.org/2000/svg';
const PAD = { top: 10, right: 14, bottom: 24, left: 56 };

function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) if (v != null) el.setAttribute(k, String(v));
  for (const c of children) if (c) el.append(c);
  return el;
}

/** Points kept per series: more cannot be told apart on a screen. */
const MAX_POINTS = 4000;

const pointsMemo = new WeakMap();

/**
 * The points of a definition, once per columns object (a definition whose results did
 * not change keeps its points): from its columns when they hold every capture, else
 * from the values the engine sampled over the whole log (`chart`), so the x axis spans
 * the log either way.
 */
function pointsOf(c) {
  if (!pointsMemo.has(c)) {
    const capped = c.total > c.line.length && c.chart;
    pointsMemo.set(c, capped ? Array.from(c.chart.line, (line, k) => [line, c.chart.value[k]]) : columnPoints(c));
  }
  return pointsMemo.get(c);
}

/**
 * The counted values of capture columns as [line, value] points: all of them, or for
 * many, the lowest and the highest of each run of consecutive values (so peaks
 * survive), without building a point per capture.
 */
function columnPoints(c) {
  const n = c.line.length;
  const counted = (k) => c.kind[k] === 0 && Number.isFinite(c.value[k]);
  const out = [];
  const runs = MAX_POINTS / 2;
  const size = n <= MAX_POINTS ? 1 : Math.ceil(n / runs);
  for (let from = 0; from < n; from += size) {
    const to = Math.min(n, from + size);
    let lo = -1;
    let hi = -1;
    for (let k = from; k < to; k++) {
      if (!counted(k)) continue;
      if (lo < 0 || c.value[k] < c.value[lo]) lo = k;
      if (hi < 0 || c.value[k] > c.value[hi]) hi = k;
    }
    if (lo < 0) continue;
    out.push([c.line[Math.min(lo, hi)], c.value[Math.min(lo, hi)]]);
    if (hi !== lo) out.push([c.line[Math.max(lo, hi)], c.value[Math.max(lo, hi)]]);
  }
  return out;
}

/** The lines every series spans (points are in line order). */
function xRange(series) {
  let [x0, x1] = [Infinity, -Infinity];
  for (const s of series) {
    if (!s.points.length) continue;
    x0 = Math.min(x0, s.points[0][0]);
    x1 = Math.max(x1, s.points[s.points.length - 1][0]);
  }
  return [x0, x1];
}

/** About `count` round tick values covering [lo, hi]. */
export function ticks(lo, hi, count, integer = false) {
  if (!(hi > lo)) return [lo];
  let step = 10 ** Math.floor(Math.log10((hi - lo) / count));
  const err = (hi - lo) / count / step;
  step *= err >= 7.5 ? 10 : err >= 3.5 ? 5 : err >= 1.5 ? 2 : 1;
  if (integer) step = Math.max(1, Math.round(step));
  const out = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

function label(v) {
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e6 || a < 1e-3)) return v.toExponential(1);
  return String(Number(v.toPrecision(6)));
}

export class Chart {
  constructor(container, note) {
    this.container = container;
    this.note = note;
    this.hidden = new Set(); // names switched off in the legend
    this.mode = 'auto'; // 'auto' (one panel per metric when their scales differ), 'shared' or 'each'
    this.series = [];
    // The container's width as last observed: draw reads this, not clientWidth, which
    // after the page's other changes to a report would force a layout of the page.
    this.width = 0;
    new ResizeObserver((entries) => {
      this.width = entries[entries.length - 1].contentRect.width;
      this.draw();
    }).observe(container);
  }

  /**
   * Draws `report`, each definition's values from its capture columns (`columns[i]`,
   * every capture) or else its listed captures; returns whether there is anything to draw.
   */
  render(report, columns = []) {
    this.series = report.definitions
      .map((def, index) => {
        const c = columns[index];
        const all = c ? pointsOf(c) : def.captures.filter((x) => x.value != null && Number.isFinite(x.value)).map((x) => [x.line, x.value]);
        const sampled = Boolean(c && c.total > c.line.length && c.chart);
        const listed = c ? c.line.length : all.length;
        return { name: def.name, index, points: all, sampled, omitted: !sampled && def.summary.count + def.summary.dropped > listed };
      })
      .filter((s) => s.points.length);
    this.note.textContent = this.series.some((s) => s.omitted) ? 'x: log line (the first values of some metrics)'
      : this.series.some((s) => s.sampled) ? 'x: log line (values sampled evenly over the log for the busiest metrics)' : 'x: log line';
    this.draw();
    return this.series.length > 0;
  }

  /**
   * Draws the shown series: on one shared y axis, or one small panel per metric, each
   * with its own scale (as CloudWatch lets you choose) — by default when the metrics
   * differ in scale (a learning rate of 4e-05 beside a loss of 0.7).
   */
  draw() {
    const width = Math.floor(this.width);
    if (!this.series.length || width < 50) return;
    const shown = this.series.filter((s) => !this.hidden.has(s.name));
    const visible = shown.length ? shown : this.series;
    const each = this.mode === 'each' || (this.mode !== 'shared' && visible.length > 1 && spread(visible) > 20);
    const big = window.innerWidth < 640 ? 180 : 220;
    // One panel per metric: a panel whose points, x range and size did not change is
    // kept (an edit to one definition redraws one panel).
    const previous = this.panels ?? new Map();
    this.panels = new Map();
    const [x0, x1] = xRange(this.series);
    const panel = (s) => {
      const key = `${s.name}\u0000${s.index}\u0000${x0}\u0000${x1}\u0000${width}`;
      const old = previous.get(key);
      const el = old && old.points === s.points ? old.el : this.plot([s], width, 120, s.name);
      this.panels.set(key, { points: s.points, el });
      return el;
    };
    const panels = each ? shown.map(panel) : [this.plot(shown, width, big, null, visible)];
    // The legend, unchanged unless the names, the hidden ones or the scale mode are.
    const legendKey = JSON.stringify([this.series.map((s) => [s.name, s.index]), [...this.hidden], each]);
    if (this.legendKey !== legendKey) {
      this.legendKey = legendKey;
      this.legend = h('div', { class: 'chart-legend' }, this.series.map((s) => h('button', {
        type: 'button', class: `chip m${s.index % COLOURS}`,
        attrs: { 'aria-pressed': String(!this.hidden.has(s.name)) },
        title: this.hidden.has(s.name) ? `Show ${s.name}` : `Hide ${s.name}`,
        on: { click: () => { if (this.hidden.has(s.name)) this.hidden.delete(s.name); else this.hidden.add(s.name); this.draw(); this.container.querySelector(`.chart-legend button:nth-child(${this.series.findIndex((x) => x.name === s.name) + 1})`)?.focus(); } },
      }, h('span', { class: 'swatch', attrs: { 'aria-hidden': 'true' } }), s.name)),
      this.series.length > 1 ? h('button', {
        type: 'button', class: 'btn small scale-switch', dataset: { scale: each ? 'each' : 'shared' },
        text: each ? 'One shared scale' : 'One panel per metric',
        on: { click: () => { this.mode = each ? 'shared' : 'each'; this.draw(); } },
      }) : null);
    }
    syncChildren(this.container, [...panels, this.legend]);
  }

  /** One plot of `list` on its own y scale (x spans every series, so panels line up), with its readout. */
  plot(list, width, height, title, extent = list) {
    let [x0, x1] = xRange(this.series);
    let [y0, y1] = [Infinity, -Infinity];
    for (const s of extent) for (const [, y] of s.points) { y0 = Math.min(y0, y); y1 = Math.max(y1, y); }
    if (x0 === x1) { x0 -= 1; x1 += 1; }
    if (y0 === y1) { const d = Math.abs(y0) * 0.1 || 1; y0 -= d; y1 += d; }
    const yt = ticks(y0, y1, height < 150 ? 2 : 4);
    y0 = Math.min(y0, yt[0]); y1 = Math.max(y1, yt[yt.length - 1]);
    const w = width - PAD.left - PAD.right;
    const ht = height - PAD.top - PAD.bottom;
    const sx = (x) => PAD.left + ((x - x0) / (x1 - x0)) * w;
    const sy = (y) => PAD.top + (1 - (y - y0) / (y1 - y0)) * ht;

    const grid = svg('g', { class: 'grid' });
    if (title) grid.append(svg('text', { x: PAD.left + 4, y: PAD.top + 10, class: 'panel-name' }, document.createTextNode(title)));
    for (const v of yt) {
      const y = sy(v).toFixed(1);
      grid.append(svg('line', { x1: PAD.left, x2: width - PAD.right, y1: y, y2: y }));
      grid.append(svg('text', { x: PAD.left - 6, y, 'text-anchor': 'end', 'dominant-baseline': 'middle' }, document.createTextNode(label(v))));
    }
    for (const v of ticks(x0, x1, Math.max(2, Math.floor(w / 90)), true)) {
      const x = sx(v).toFixed(1);
      grid.append(svg('line', { x1: x, x2: x, y1: PAD.top, y2: PAD.top + ht, class: 'v' }));
      grid.append(svg('text', { x, y: height - 6, 'text-anchor': 'middle' }, document.createTextNode(String(v))));
    }
    const lines = svg('g', { class: 'series' });
    for (const s of list) {
      const pts = thin(s.points, w * 2).map(([x, y]) => `${sx(x).toFixed(1)},${sy(y).toFixed(1)}`);
      const g = svg('g', { class: `m${s.index % COLOURS}` }, svg('polyline', { points: pts.join(' ') }));
      if (s.points.length <= 80) for (const [x, y] of s.points) g.append(svg('circle', { cx: sx(x).toFixed(1), cy: sy(y).toFixed(1), r: 2.5 }));
      lines.append(g);
    }
    const rule = svg('line', { class: 'rule', y1: PAD.top, y2: PAD.top + ht, visibility: 'hidden' });
    const plot = svg('svg', {
      width, height, viewBox: `0 0 ${width} ${height}`, class: 'plot', role: 'img',
      'aria-label': `Values of ${list.map((s) => s.name).join(', ')} over log lines ${x0} to ${x1}`,
    }, grid, lines, rule);
    const readout = h('div', { class: 'readout', attrs: { 'aria-hidden': 'true' } });
    plot.addEventListener('mousemove', (e) => {
      const box = plot.getBoundingClientRect();
      const x = x0 + ((e.clientX - box.left - PAD.left) / w) * (x1 - x0);
      if (x < x0 || x > x1) return hide();
      rule.setAttribute('x1', e.clientX - box.left);
      rule.setAttribute('x2', e.clientX - box.left);
      rule.setAttribute('visibility', 'visible');
      // For each metric, the latest value at or before that line (what CloudWatch holds then).
      const rows = list.map((s) => {
        const at = latest(s.points, x);
        return at && h('div', {}, h('span', { class: `swatch m${s.index % COLOURS}` }), ` ${s.name} `, h('b', { text: String(at[1]) }), h('span', { class: 'muted', text: ` line ${at[0]}` }));
      }).filter(Boolean);
      readout.replaceChildren(...rows);
      readout.hidden = !rows.length;
    });
    const hide = () => { rule.setAttribute('visibility', 'hidden'); readout.hidden = true; };
    plot.addEventListener('mouseleave', hide);
    hide();

    return h('div', { class: 'plot-wrap' }, plot, readout);
  }
}

/** How far apart the series' magnitudes are: the largest typical |value| over the smallest. */
function spread(list) {
  const typical = list.map((s) => typicalOf(s.points)).filter((v) => v > 0);
  return typical.length < 2 ? 1 : Math.max(...typical) / Math.min(...typical);
}

const typicalMemo = new WeakMap();

/** The median magnitude of a series' values, once per points array. */
function typicalOf(points) {
  if (!typicalMemo.has(points)) {
    const v = points.map(([, y]) => Math.abs(y)).sort((a, b) => a - b);
    typicalMemo.set(points, v[v.length >> 1] || 0);
  }
  return typicalMemo.get(points);
}

/** The last point with x ≤ `x` (points are in line order). */
function latest(points, x) {
  let lo = 0;
  let hi = points.length - 1;
  if (hi < 0 || points[0][0] > x) return null;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (points[mid][0] <= x) lo = mid;
    else hi = mid - 1;
  }
  return points[lo];
}

/** At most about `max` points: each bucket keeps its first, lowest, highest and last, so peaks survive. */
function thin(points, max) {
  if (points.length <= max) return points;
  const size = Math.ceil(points.length / (max / 4));
  const out = [];
  for (let i = 0; i < points.length; i += size) {
    const bucket = points.slice(i, i + size);
    let lo = bucket[0];
    let hi = bucket[0];
    for (const p of bucket) { if (p[1] < lo[1]) lo = p; if (p[1] > hi[1]) hi = p; }
    const keep = [bucket[0], lo, hi, bucket[bucket.length - 1]].sort((a, b) => a[0] - b[0]);
    for (const p of keep) if (out[out.length - 1] !== p) out.push(p);
  }
  return out;
}
