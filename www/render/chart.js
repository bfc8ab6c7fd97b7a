// Each metric's recorded values over the log, as CloudWatch would plot them: one
// line per metric, x = log line. uPlot (vendored from npm by scripts/vendor.mjs).

import uPlot from '../vendor/uplot.js';
import { colour, h } from './dom.js';

export class Chart {
  constructor(container, note) {
    this.container = container;
    this.note = note;
    this.plot = null;
    this.hidden = new Set(); // names the user switched off in the legend
    new ResizeObserver(() => this.resize()).observe(container);
  }

  width() {
    return Math.max(240, Math.floor(this.container.clientWidth));
  }

  resize() {
    if (this.plot && Math.abs(this.plot.width - this.width()) > 1) this.plot.setSize({ width: this.width(), height: this.height() });
  }

  height() {
    return window.innerWidth < 640 ? 180 : 220;
  }

  /** Draws `report`; returns whether there is anything to draw. */
  render(report) {
    const series = report.definitions
      .map((def, index) => ({ def, index }))
      .filter(({ def }) => def.captures.some((c) => c.value != null));
    if (this.plot) {
      this.plot.destroy();
      this.plot = null;
    }
    if (!series.length) return false;

    // uPlot wants one shared x array: the union of lines with a value, each series
    // null where it has none (drawn with the gaps spanned, as CloudWatch does).
    const lines = new Set();
    for (const { def } of series) for (const c of def.captures) if (c.value != null) lines.add(c.line);
    const xs = Float64Array.from(lines).sort();
    const at = new Map(Array.from(xs, (x, i) => [x, i]));
    const data = [xs];
    for (const { def } of series) {
      const ys = new Array(xs.length).fill(null);
      for (const c of def.captures) if (c.value != null) ys[at.get(c.line)] = c.value;
      data.push(ys);
    }
    const listed = series.reduce((n, { def }) => n + def.captures.length, 0);
    const omitted = series.reduce((n, { def }) => n + def.captures_omitted, 0);
    this.note.textContent = omitted ? `first ${listed.toLocaleString('en-US')} values shown` : 'x: log line';

    const css = getComputedStyle(document.documentElement);
    const fg = css.getPropertyValue('--muted').trim();
    const grid = css.getPropertyValue('--grid').trim();
    const axis = { stroke: fg, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 }, font: '11px system-ui, sans-serif' };
    const opts = {
      width: this.width(),
      height: this.height(),
      scales: { x: { time: false } },
      axes: [{ ...axis, label: null }, { ...axis, size: 56 }],
      legend: { live: true },
      cursor: { drag: { x: true, y: false } },
      series: [
        { label: 'line', value: (u, v) => (v == null ? '—' : `line ${v}`) },
        ...series.map(({ def, index }) => ({
          label: def.name,
          stroke: colour(index),
          width: 2,
          spanGaps: true,
          show: !this.hidden.has(def.name),
          points: { show: xs.length <= 80, size: 5, fill: colour(index) },
          value: (u, v) => (v == null ? '—' : String(v)),
        })),
      ],
      hooks: {
        setSeries: [(u, i) => {
          if (i == null || i === 0) return;
          const name = u.series[i].label;
          if (u.series[i].show) this.hidden.delete(name);
          else this.hidden.add(name);
        }],
      },
    };
    const holder = h('div', { class: 'chart-holder' });
    this.container.replaceChildren(holder);
    this.plot = new uPlot(opts, data, holder);
    return true;
  }
}
