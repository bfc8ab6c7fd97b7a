// A card's full capture list ("Show all"), virtualized: one table row per capture of
// the definition's columns (render/columns.js), but only the rows in view are in the
// DOM (rows have one fixed height). Group 1's text comes from the log's line source
// (read when in view for a file). Rows keep the cards' hooks:
// [data-capture][data-line][data-value] and [data-ignored][data-line].

import { captureAt, NONE } from './columns.js';

const OVERSCAN = 12;
const SETTLE_MS = 60;

let d;
export function setListDom(dom) {
  d = dom;
}

/** Control characters as CloudWatch writes them (`#011`), when SageMaker sees them so. */
function cloudwatch(text) {
  return text.replace(/[\x00-\x09\x0b-\x1f\x7f]/g, (c) => `#${c.charCodeAt(0).toString(8).padStart(3, '0')}`);
}

/**
 * Fills `wrap` (a scrolling .table-wrap) with the virtualized list of `col`.
 * `source()`: the log's line source (or null while it is not ready); `escape`: show
 * group 1 as SageMaker sees it; `onReveal(capture)`; `reasonText(reason)`.
 */
export function mountCaptureList(wrap, { col, source, escape, onReveal, reasonText }) {
  const { h } = d;
  const n = col.line.length;
  const spacer = () => h('td', { attrs: { colspan: '3' } });
  const topCell = spacer();
  const bottomCell = spacer();
  const top = h('tr', { class: 'vspace', attrs: { 'aria-hidden': 'true' } }, topCell);
  const bottom = h('tr', { class: 'vspace', attrs: { 'aria-hidden': 'true' } }, bottomCell);
  const body = h('tbody', {});
  const table = h('table', { class: 'captures vcaptures', attrs: { 'aria-rowcount': String(n + 1) } },
    h('thead', {}, h('tr', {}, h('th', { text: 'Line', attrs: { scope: 'col' } }), h('th', { text: 'Group 1 text', attrs: { scope: 'col' } }), h('th', { text: 'Value', attrs: { scope: 'col' } }))),
    body);
  wrap.classList.add('vlist');
  wrap.replaceChildren(table);
  let rowHeight = 26;
  let frame = 0;
  let timer = 0;
  const row = (k, lines) => {
    const text = lines?.get(col.line[k]);
    const c = captureAt(col, k, text);
    const ignored = c.ignored;
    const group = !c.group ? h('span', { class: 'muted', text: '(none)' })
      : text === undefined ? h('span', { class: 'muted pending', text: '…' })
        : h('code', { text: escape ? cloudwatch(c.text) : c.text });
    return h('tr', {
      class: ignored ? 'ignored' : c.value == null ? 'dropped' : '',
      dataset: ignored ? { ignored: '', line: String(c.line) } : { capture: '', line: String(c.line), value: c.value == null ? '' : String(c.value) },
      attrs: { 'aria-rowindex': String(k + 2) },
    },
    h('td', { class: 'num' }, h('button', {
      type: 'button', class: 'link', text: String(c.line), title: 'Show in the log',
      attrs: { 'aria-label': `Show line ${c.line} in the log` },
      on: { click: () => onReveal(captureAt(col, k, lines?.get(c.line))) },
    })),
    h('td', {}, group),
    h('td', { class: 'val' }, ignored ? h('span', { class: 'muted', text: 'ignored' })
      : c.value == null ? h('span', { class: 'reason', text: reasonText(c.reason) }) : String(c.value)));
  };
  const render = () => {
    frame = 0;
    const lines = source();
    const headHeight = table.tHead.offsetHeight;
    const scrolled = Math.max(0, wrap.scrollTop - headHeight);
    const first = Math.max(0, Math.floor(scrolled / rowHeight) - OVERSCAN);
    const last = Math.min(n, Math.ceil((scrolled + wrap.clientHeight) / rowHeight) + OVERSCAN);
    const rows = [];
    const missing = [];
    for (let k = first; k < last; k++) {
      rows.push(row(k, lines));
      if (lines && col.groupStart[k] !== NONE && lines.get(col.line[k]) === undefined) missing.push(col.line[k]);
    }
    topCell.style.height = `${first * rowHeight}px`;
    bottomCell.style.height = `${(n - last) * rowHeight}px`;
    body.replaceChildren(top, ...rows, bottom);
    // The real row height, once (fonts and zoom decide it).
    const measured = rows[0]?.offsetHeight;
    if (measured && Math.abs(measured - rowHeight) > 0.5) {
      rowHeight = measured;
      schedule();
    }
    if (missing.length) {
      clearTimeout(timer);
      timer = setTimeout(() => Promise.all(missing.map((line) => lines.load(line, line))).then(schedule, () => {}), SETTLE_MS);
    }
  };
  const schedule = () => {
    if (!frame) frame = requestAnimationFrame(render);
  };
  wrap.addEventListener('scroll', schedule);
  new ResizeObserver(schedule).observe(wrap);
  render();
  return { refresh: schedule };
}

export const LIST_CSS = `
.vcaptures td { white-space: nowrap; height: 25px; box-sizing: border-box; padding-top: 0; padding-bottom: 0; vertical-align: middle; }
.vcaptures td code { white-space: pre; }
.vcaptures td:nth-child(2) { max-width: 22em; overflow: hidden; text-overflow: ellipsis; }
.vcaptures tr.vspace td { padding: 0; border: 0; }
`;
