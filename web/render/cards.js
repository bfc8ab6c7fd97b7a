// One result card per definition: name, pattern, compile error with a caret,
// findings, counted and dropped values, final/min/max, and the captures list.
// Stable test hooks: [data-metric][data-count], [data-error], [data-capture][data-line][data-value],
// [data-explain] (filled with one [data-group] per capture group by the teaching code, teach/).

import { h, fmt, plural, withCode, syncChildren, COLOURS } from './dom.js';

/** Cards drawn at most (SageMaker takes 40 definitions). */
const MAX_CARDS = 200;
/** Captures listed at first; the rest on demand. */
const FIRST_ROWS = 50;

const REASONS = {
  'no-group': 'group 1 took no part',
  empty: 'empty text',
  'not-a-number': 'not a number',
  'out-of-range': 'out of range for CloudWatch',
};

export function reasonText(reason) {
  return REASONS[reason] || reason || 'dropped';
}

/**
 * Renders the cards of `report` into `container`.
 * `expanded`: set of names whose full capture list is open (kept across updates).
 * `collapsed`: set of names whose captures list the user closed (kept across updates).
 * `onReveal(capture)`: show a capture in the log.
 * `explainOpen`: set of names whose Explain pane is open (kept across updates).
 * `held(index)`: { count, total } of definition index's capture columns, if any.
 * `fullList(wrap, def, index)`: fills `wrap` (an empty scrolling box) with the full,
 * virtualized capture list once "Show all" is chosen; without it every row is drawn.
 */
export function renderCards(container, report, { expanded, collapsed, onReveal, explainOpen = new Set(), fullList, held }) {
  // A card whose definition, findings and results did not change is kept as it is
  // (with its open panes and scroll): an edit to one definition redraws one card.
  const previous = drawn.get(container) ?? new Map();
  const kept = new Map();
  const cards = report.definitions.slice(0, MAX_CARDS).map((def, index) => {
    const key = signature(def, index);
    const el = previous.get(key) ?? card(def, index, { expanded, collapsed, onReveal, explainOpen, fullList, held });
    kept.set(key, el);
    return el;
  });
  drawn.set(container, kept);
  if (report.definitions.length > MAX_CARDS) {
    cards.push(h('p', { class: 'empty muted', text: `${plural(report.definitions.length - MAX_CARDS, 'more definition')} not shown (SageMaker takes at most 40).` }));
  }
  if (cards.length === 0) {
    cards.push(h('div', { class: 'empty' },
      h('p', { text: 'No metric definitions yet.' }),
      h('p', { class: 'muted', text: 'Paste them on the left, or pick one of the examples at the top.' })));
  }
  syncChildren(container, cards);
}

/** The cards drawn in each container, by signature. */
const drawn = new WeakMap();
/** A number for each list of captures (the same list object means the same results). */
const listIds = new WeakMap();
let lastListId = 0;

function listId(list) {
  if (!list) return 0;
  if (!listIds.has(list)) listIds.set(list, ++lastListId);
  return listIds.get(list);
}

/** What a card shows: equal signatures draw equal cards. */
function signature(def, index) {
  const { name, regex, error, summary, warnings, captures_omitted: omitted } = def;
  return `${index} ${listId(def.captures)} ${listId(def.ignored)} ${JSON.stringify([name, regex, error, summary, warnings, omitted])}`;
}

function card(def, index, { expanded, collapsed, onReveal, explainOpen, fullList, held }) {
  const { summary } = def;
  const status = def.error
    ? ['err', 'Error']
    : summary.count > 0
      ? [def.warnings.some((w) => w.severity !== 'info') ? 'warn' : 'ok', plural(summary.count, 'value')]
      : summary.matched > 0
        ? ['err', 'All dropped']
        : ['err', 'No match'];
  const el = h('article', {
    class: `card m${index % COLOURS} status-${status[0]}`,
    dataset: { metric: def.name, count: String(summary.count) },
    attrs: { 'aria-label': `Metric ${def.name}` },
  },
  h('header', { class: 'card-head' },
    h('span', { class: 'swatch', attrs: { 'aria-hidden': 'true' } }),
    h('h3', { class: 'card-name', text: def.name || '(no name)' }),
    h('span', { class: `pill ${status[0]}`, text: status[1] })),
  h('code', { class: 'card-regex', text: def.regex, title: 'The regex as SageMaker receives it' }),
  def.error ? errorBlock(def) : null,
  explainBox(def, explainOpen),
  def.error ? null : stats(def),
  findings(def.warnings),
  def.error ? null : captures(def, expanded, collapsed, onReveal, fullList && ((wrap) => fullList(wrap, def, index)), held?.(index)));
  return el;
}

/** The Explain pane: empty until the teaching code (loaded when first opened) fills it. */
function explainBox(def, explainOpen) {
  const box = h('details', { class: 'explain', dataset: { explain: '' }, open: explainOpen.has(def.name) },
    h('summary', { text: 'Explain the pattern' }),
    h('div', { class: 'explain-body' }, h('p', { class: 'muted', text: 'Loading the explanation…' })));
  box.addEventListener('toggle', () => (box.open ? explainOpen.add(def.name) : explainOpen.delete(def.name)));
  return box;
}

function errorBlock(def) {
  const { error } = def;
  const block = h('div', { class: 'error', dataset: { error: error.code }, attrs: { role: 'alert' } },
    h('p', {}, h('b', { text: 'This definition records nothing: ' }), withCode(error.message)));
  if (error.span) {
    // The pattern with the offending part marked, and a caret line under it.
    const { start_utf16: s, end_utf16: e, column, width } = error.span;
    const re = def.regex;
    const pattern = h('div', { class: 'caret-line' }, re.slice(0, s), h('mark', { text: re.slice(s, Math.max(e, s)) || ' ' }), re.slice(Math.max(e, s)));
    const caret = h('div', { class: 'caret-line caret', attrs: { 'aria-hidden': 'true' } }, ' '.repeat(column) + '^'.repeat(Math.max(1, width)));
    block.append(h('pre', { class: 'caret-box', attrs: { 'aria-label': `Error at character ${column + 1} of the pattern` } }, pattern, caret));
  }
  return block;
}

function stats(def) {
  const { summary } = def;
  const dropped = new Map();
  for (const c of def.captures) if (c.value == null) dropped.set(c.reason, (dropped.get(c.reason) || 0) + 1);
  const reasons = [...dropped].map(([reason, n]) => `${reasonText(reason)} ×${n}`).join(', ');
  const item = (label, value, extra) => h('div', { class: 'stat' }, h('dt', { text: label }), h('dd', {}, value, extra || null));
  const finalExtra = summary.final != null && summary.final_f32 != null && summary.final_f32 !== summary.final
    ? h('small', { class: 'f32', title: 'DescribeTrainingJob shows the final value as a 32-bit float', text: `API: ${summary.final_f32}` })
    : null;
  return h('dl', { class: 'stats' },
    item('Counted', fmt(summary.count)),
    item('Dropped', fmt(summary.dropped), reasons ? h('small', { class: 'muted', text: ` (${reasons}${summary.dropped > def.captures.filter((c) => c.value == null).length ? ', …' : ''})` }) : null),
    item('Final', fmt(summary.final), finalExtra),
    item('Min', fmt(summary.min)),
    item('Max', fmt(summary.max)));
}

function findings(list) {
  if (!list.length) return null;
  return h('ul', { class: 'findings' }, list.map((f) => h('li', { class: `finding sev-${f.severity}` },
    h('span', { class: 'sev', text: f.severity === 'error' ? '✖' : f.severity === 'warning' ? '▲' : 'ℹ', attrs: { 'aria-label': f.severity } }),
    h('div', {},
      h('code', { class: 'code-name', text: f.code }), ' ',
      h('span', {}, withCode(f.message)),
      f.example ? h('div', { class: 'example' },
        h('span', { class: 'muted', text: `line ${f.example.line}: ` }),
        h('code', { text: f.example.text }),
        f.example.captured != null ? h('span', { class: 'muted' }, ' → group 1 ', h('code', { text: JSON.stringify(f.example.captured) })) : null) : null))));
}

/**
 * `held`: { count, total } of the definition's capture columns (the full list draws
 * them), or undefined: then the full list is the report's listed captures.
 */
function captures(def, expanded, collapsed, onReveal, fullList, held) {
  const all = def.captures;
  const ignored = def.ignored || [];
  if (!all.length && !ignored.length) return null;
  const open = expanded.has(def.name);
  const full = fullList && held ? held : { count: all.length, total: all.length + def.captures_omitted };
  const notListed = (count) => (count > 0 ? [h('p', { class: 'muted small', text: `${plural(count, 'more match', 'more matches')} counted but not listed.` })] : []);
  if (open && fullList) {
    // Every capture, ignored matches in line order among them: only the rows in view are drawn.
    const wrap = h('div', { class: 'table-wrap', tabIndex: 0, attrs: { role: 'region', 'aria-label': `All captures of ${def.name}` } });
    fullList(wrap);
    return capturesBox(def, collapsed, full.total, wrap, notListed(full.total - full.count));
  }
  const shown = open ? all : all.slice(0, FIRST_ROWS);
  const row = (c, isIgnored) => h('tr', {
    class: isIgnored ? 'ignored' : c.value == null ? 'dropped' : '',
    dataset: isIgnored ? { ignored: '', line: String(c.line) } : { capture: '', line: String(c.line), value: c.value == null ? '' : String(c.value) },
  },
  h('td', { class: 'num' }, h('button', {
    type: 'button', class: 'link', text: String(c.line),
    title: 'Show in the log', attrs: { 'aria-label': `Show line ${c.line} in the log` },
    on: { click: () => onReveal(c) },
  })),
  h('td', {}, c.text == null ? h('span', { class: 'muted', text: '(none)' }) : h('code', { text: c.text })),
  h('td', { class: 'val' }, isIgnored
    ? h('span', { class: 'muted', text: 'ignored' })
    : c.value == null ? h('span', { class: 'reason', text: reasonText(c.reason) }) : String(c.value)));
  const table = h('table', { class: 'captures' },
    h('thead', {}, h('tr', {}, h('th', { text: 'Line', attrs: { scope: 'col' } }), h('th', { text: 'Group 1 text', attrs: { scope: 'col' } }), h('th', { text: 'Value', attrs: { scope: 'col' } }))),
    h('tbody', {}, shown.map((c) => row(c, false))),
    ignored.length ? h('tbody', { class: 'ignored-rows' },
      h('tr', {}, h('th', { attrs: { colspan: '3', scope: 'rowgroup' }, text: `Ignored matches (${ignored.length}) — SageMaker keeps only the first match of a line` })),
      ignored.map((c) => row(c, true))) : null);
  const more = [];
  if (full.count > shown.length + (fullList && held ? ignored.length : 0)) {
    more.push(h('button', {
      type: 'button', class: 'btn small', text: `Show all ${full.count.toLocaleString('en-US')} captures`,
      on: { click: (e) => { expanded.add(def.name); const body = e.target.closest('.captures-box'); body.replaceWith(captures(def, expanded, collapsed, onReveal, fullList, held)); } },
    }));
  }
  more.push(...notListed(full.total - full.count));
  return capturesBox(def, collapsed, full.total, h('div', { class: 'table-wrap' }, table), more);
}

function capturesBox(def, collapsed, total, wrap, more) {
  const box = h('details', { class: 'captures-box', open: !collapsed.has(def.name) },
    h('summary', { text: `Captures (${total.toLocaleString('en-US')})` }),
    wrap, more);
  box.addEventListener('toggle', () => (box.open ? collapsed.delete(def.name) : collapsed.add(def.name)));
  return box;
}
