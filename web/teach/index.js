// The teaching features of a <metrex-playground>, loaded the first time one is used
// (an Explain pane opened, the log's caret moved, a line picked, the lessons opened),
// so the first visit does not download them:
//
// - in each card, [data-explain]: the pattern in words, as a tree, groups numbered and
//   coloured as in the log (one [data-group="N"] per capture group), and a railroad
//   diagram (downloadable as SVG); hovering or focusing a node lights its part of the
//   pattern and, for a group, its text in the inspected line;
// - the line inspector: for the inspected line (#inspect-line), one [data-why="NAME"]
//   per definition with data-matched, and data-pattern-start (UTF-16 index in the
//   regex) where it fails: every group as nested brackets under the line, or "why not";
// - lessons with live checks, and challenge links (#challenge=…).
//
// Data flows one way: the view's report and state → the engine's `explain` and
// `inspectLine` (in the shared worker) → these renderings. User text goes in with
// textContent only (through `h`).

import { railroad, standalone } from './railroad.js';
import { LESSONS, lessonDefinitions } from './lessons.js';
import { adoptTeachStyles } from './style.js';
import { quickReference } from './quickref.js';

// The view's DOM helpers (render/dom.js), handed over by the view: importing them here
// would split them into a chunk of their own on the first visit's path.
let h, replace, fmt, plural, COLOURS;

const REASONS = {
  'no-group': 'group 1 took no part in the match',
  empty: 'group 1 captured empty text',
  'not-a-number': 'group 1 is not a number',
  'out-of-range': 'the number is out of range for CloudWatch',
};
/** Explanations kept (by regex) across updates. */
const CACHE = 200;
/** Lines shown in the inspector, in characters (longer lines are cut around the match). */
const MAX_LINE = 2000;

/** Line `n` (1-based) of `text`, split as the engine splits a log, or null past the end. */
export function lineOf(text, n) {
  if (!text || n < 1) return null;
  let start = 0;
  for (let i = 1; i < n; i++) {
    const lf = text.indexOf('\n', start);
    if (lf === -1) return null;
    start = lf + 1;
  }
  if (start >= text.length) return null;
  const lf = text.indexOf('\n', start);
  const line = lf === -1 ? text.slice(start) : text.slice(start, lf);
  return lf !== -1 && line.endsWith('\r') ? line.slice(0, -1) : line;
}

/** TABs and other control characters made visible, one character each (offsets stay). */
function visible(text) {
  return text.replace(/\t/g, '→').replace(/[\x00-\x08\x0b-\x1f\x7f]/g, '·');
}

/** The encoding of a challenge: JSON in base64url (UTF-8 safe). */
export function encodeChallenge(challenge) {
  const bytes = new TextEncoder().encode(JSON.stringify(challenge));
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return `#challenge=${btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`;
}

/** The challenge in a `#challenge=…` fragment, checked field by field, or null. */
export function decodeChallenge(hash) {
  const m = /^#challenge=([A-Za-z0-9_-]+)$/.exec(hash || '');
  if (!m) return null;
  try {
    const binary = atob(m[1].replace(/-/g, '+').replace(/_/g, '/'));
    const data = JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0))));
    const str = (v, max) => (typeof v === 'string' ? v.slice(0, max) : '');
    const expected = Array.isArray(data.expected) ? data.expected
      .filter((p) => Array.isArray(p) && Number.isInteger(p[0]) && p[0] > 0 && typeof p[1] === 'number' && Number.isFinite(p[1]))
      .slice(0, 5000) : [];
    const name = str(data.name, 255) || 'metric';
    return {
      id: 'challenge', challenge: true, title: str(data.title, 200) || 'A challenge', teaches: '',
      task: str(data.task, 2000), name, regex: '', log: str(data.log, 1 << 20), expected,
    };
  } catch {
    return null;
  }
}

/** The teaching features of one view; `dom` is render/dom.js's `{h, replace, fmt, plural, COLOURS}`. */
/** How long reports must pause before the explanations and the inspector follow. */
const REFRESH_MS = 150;

export class Teaching {
  constructor(view, dom) {
    ({ h, replace, fmt, plural, COLOURS } = dom);
    this.view = view;
    adoptTeachStyles(view.root);
    this.line = Number(view.ui.inspectLine.value) || 0;
    this.explanations = new Map();
    this.inspection = null;
    this.lineText = null;
    this.report = null;
    this.seq = 0;
    this.lesson = null;
    this.lessonsDrawn = false;
    /** Extra inspections for a lesson's lines that record the wrong thing: line → LineReport. */
    this.lessonWhy = new Map();
    // An Explain pane is drawn when it is opened (toggle does not bubble: listen while capturing).
    view.ui.cards.addEventListener('toggle', (e) => {
      if (e.target.matches?.('[data-explain]') && e.target.open && this.report) this.renderExplains();
    }, true);
  }

  /**
   * A new report: refresh the explanations and the inspected line once the reports
   * pause (while someone types, inspecting a line would only compete with evaluating).
   */
  update(report) {
    this.report = report;
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => this.refresh(), REFRESH_MS);
  }

  /** Inspects line `n`. */
  setLine(n) {
    this.line = n;
    if (this.view.ui.inspectLine.value !== String(n)) this.view.ui.inspectLine.value = String(n);
    this.refresh();
  }

  async refresh() {
    const { view } = this;
    const report = this.report;
    if (!report) return;
    const seq = ++this.seq;
    const regexes = [...new Set(report.definitions.slice(0, 200).map((d) => d.regex))].filter((r) => !this.explanations.has(r));
    const lineText = this.line ? await view.lineText(this.line) : null;
    if (seq !== this.seq) return;
    const options = { escape: view.state.escape };
    let reply;
    try {
      reply = await view.engine.teach({
        explain: regexes,
        inspect: lineText == null ? null : { definitions: view.state.definitions, line: lineText, options },
      });
    } catch {
      return; // the engine restarted; the next update asks again
    }
    regexes.forEach((r, i) => this.explanations.set(r, reply.explanations[i]));
    while (this.explanations.size > CACHE) this.explanations.delete(this.explanations.keys().next().value);
    if (seq !== this.seq) return;
    this.inspection = reply.inspection;
    this.lineText = lineText;
    this.renderExplains();
    this.renderInspector();
    if (this.lesson) await this.checkLesson();
  }

  // ---- explain ------------------------------------------------------------------

  /**
   * Fills the open Explain panes: only those not yet drawn for their pattern (a card
   * kept across an edit keeps its pane), so an edit to one definition draws one.
   */
  renderExplains() {
    const { report } = this;
    const cards = [...this.view.ui.cards.querySelectorAll(':scope > [data-metric]')];
    cards.forEach((card, index) => {
      const def = report.definitions[index];
      const box = card.querySelector('[data-explain]');
      const body = box?.querySelector('.explain-body');
      if (!def || !body || !box.open) return;
      const explanation = this.explanations.get(def.regex);
      const drawn = `${index}\u0000${def.name}\u0000${def.regex}`;
      if (!explanation || body.dataset.drawn === drawn) return;
      body.dataset.drawn = drawn;
      replace(body, this.explainPane(def, explanation, index));
    });
  }

  explainPane(def, explanation, index) {
    const pattern = def.regex;
    if (!explanation.tree) {
      return h('p', { class: 'error-text', text: explanation.error ? explanation.error.message : 'This pattern cannot be explained.' });
    }
    const patternView = h('code', { class: 'explain-pattern', attrs: { 'aria-label': 'The pattern' } });
    const showPattern = (span) => {
      if (!span) return replace(patternView, pattern);
      replace(patternView, pattern.slice(0, span.start_utf16), h('mark', { text: pattern.slice(span.start_utf16, span.end_utf16) }), pattern.slice(span.end_utf16));
    };
    showPattern(null);
    const light = (node, on) => {
      showPattern(on ? node.span : null);
      if (node.group) this.lightGroup(def.name, node.group.index, on);
    };
    const item = (node) => {
      const source = pattern.slice(node.span.start_utf16, node.span.end_utf16);
      const g = node.group;
      const row = h('div', {
        class: `xnode k-${node.kind}${g ? (g.index === 1 ? ' g1' : ` gn gt${(g.index - 2) % 3}`) : ''}`,
        tabIndex: 0,
        dataset: g ? { group: String(g.index) } : {},
        on: { mouseenter: () => light(node, true), mouseleave: () => light(node, false), focus: () => light(node, true), blur: () => light(node, false) },
      },
      g ? h('span', { class: 'gnum', text: String(g.index), attrs: { 'aria-hidden': 'true' } }) : null,
      node.kind === 'pattern' ? null : h('code', { class: 'xsrc', text: source }),
      h('span', { class: 'xtext', text: node.text }));
      const nested = node.kind === 'pattern' || !childrenInText(node) ? node.children.map(item) : [];
      return h('li', {}, row, nested.length ? h('ul', {}, nested) : null);
    };
    const title = `Railroad diagram of the ${def.name || 'metric'} pattern`;
    const diagram = railroad(explanation.tree, pattern, title);
    const download = h('button', {
      type: 'button', class: 'btn small', text: 'Download SVG',
      on: { click: () => downloadSvg(diagram, `${(def.name || 'pattern').replace(/[^\w.-]+/g, '_')}.svg`) },
    });
    return [
      h('div', { class: 'explain-head' }, patternView),
      h('ul', { class: `explain-tree m${index % COLOURS}` }, item(explanation.tree)),
      h('figure', { class: 'railroad-box' }, h('div', { class: 'railroad-scroll' }, diagram), h('figcaption', {}, h('span', { class: 'muted', text: 'Railroad diagram: follow the line from left to right; boxes are what must be there.' }), download)),
    ];
  }

  /** Lights (or not) group `index` of definition `name` in the inspector, and back. */
  lightGroup(name, index, on) {
    const why = [...this.view.ui.inspectBody.querySelectorAll('[data-why]')].find((el) => el.dataset.why === name);
    for (const el of why?.querySelectorAll(`[data-bracket="${index}"]`) ?? []) el.classList.toggle('lit', on);
  }

  lightNode(index, name, on) {
    const cards = [...this.view.ui.cards.querySelectorAll(':scope > [data-metric]')];
    const card = cards.find((c) => c.dataset.metric === name);
    // The node's own hover handler lights its part of the pattern (and this bracket).
    for (const el of card?.querySelectorAll(`[data-explain] [data-group="${index}"]`) ?? []) {
      el.classList.toggle('lit', on);
      el.dispatchEvent(new Event(on ? 'mouseenter' : 'mouseleave'));
    }
  }

  // ---- the line inspector ---------------------------------------------------------

  renderInspector() {
    const { view, inspection, lineText } = this;
    const body = view.ui.inspectBody;
    if (!this.line) return replace(body);
    if (lineText == null) {
      const big = view.big ? ' (the editor shows only the first lines of this log)' : '';
      return replace(body, h('p', { class: 'muted', text: `Line ${this.line} is past the end of the log${big}.` }));
    }
    if (!inspection) return;
    const shown = visible(lineText.length > MAX_LINE ? lineText.slice(0, MAX_LINE) : lineText);
    replace(body,
      h('p', { class: 'inspect-line-text' }, h('span', { class: 'muted', text: `line ${this.line}: ` }), h('code', { text: shown || '(empty line)' })),
      inspection.definitions.slice(0, 200).map((d, i) => this.why(d, i, shown)),
      inspection.definitions.length ? null : h('p', { class: 'muted', text: 'No definitions to inspect.' }));
  }

  why(d, index, shown) {
    const head = (status, cls) => h('div', { class: 'why-head' },
      h('span', { class: 'swatch', attrs: { 'aria-hidden': 'true' } }),
      h('b', { text: d.name || '(no name)' }), ' ', h('span', { class: `pill ${cls}`, text: status }));
    const el = h('article', {
      class: `why m${index % COLOURS}`,
      dataset: { why: d.name, matched: String(d.matched) },
    });
    if (d.error && !d.matched && !d.failed) {
      el.append(head('error', 'err'), h('p', { class: 'error-text', text: d.error.message }));
      return el;
    }
    if (d.matched) {
      const status = d.value != null ? `records ${fmt(d.value)}` : `records nothing: ${REASONS[d.reason] ?? d.error?.message ?? 'no capture group'}`;
      el.append(head(status, d.value != null ? 'ok' : 'err'), this.brackets(d, shown));
      return el;
    }
    const f = d.failed;
    el.dataset.patternStart = String(f.pattern.start_utf16);
    const re = d.regex;
    const s = f.pattern.start_utf16;
    const e = Math.max(f.pattern.end_utf16, s);
    el.append(
      head('no match', 'err'),
      h('pre', { class: 'caret-box why-pattern', attrs: { 'aria-label': `The pattern matches up to character ${s + 1}; the piece after it could not follow` } },
        h('div', { class: 'caret-line' }, h('mark', { class: 'ok-part', text: re.slice(0, s) }), h('mark', { class: 'fail-part', text: re.slice(s, e) || ' ' }), re.slice(e))),
      h('p', { class: 'why-message', text: f.message[0].toUpperCase() + f.message.slice(1) + '.' }));
    if (f.line) {
      const at = Math.min(f.line.start_utf16, shown.length);
      const from = f.matched ? Math.min(f.matched.start_utf16, at) : at;
      const caretLine = h('div', { class: 'caret-line caret', attrs: { 'aria-hidden': 'true' } }, h('span', { class: 'ghost', text: shown.slice(0, at) }), h('span', { text: '^' }));
      const box = h('pre', { class: 'caret-box why-line' },
        h('div', { class: 'caret-line' }, shown.slice(0, from), h('mark', { class: 'ok-part', text: shown.slice(from, at) }), shown.slice(at)),
        caretLine);
      showAcross(box, () => caretLine.lastChild);
      el.append(box);
    }
    if (f.note) el.append(h('p', { class: 'why-note', text: `Note: ${f.note}.` }));
    return el;
  }

  /** The line with every group of the match drawn as a bracket under its text. */
  brackets(d, shown) {
    const rows = d.groups.map((g) => {
      const label = g.index === 0 ? 'group 0: the whole match' : `group ${g.index}${g.name ? ` "${g.name}"` : ''}${g.index === 1 ? ' — the value' : ''}`;
      const on = { mouseenter: () => this.lightNode(g.index, d.name, true), mouseleave: () => this.lightNode(g.index, d.name, false) };
      if (!g.span) {
        return h('div', { class: 'bracket-row none', dataset: { bracket: String(g.index) } }, h('span', { class: 'blabel', text: `${label}: took no part` }));
      }
      const { start_utf16: s, end_utf16: e } = g.span;
      const cls = g.index === 0 ? 'b0' : g.index === 1 ? 'b1' : `bn gt${(g.index - 2) % 3}`;
      return h('div', { class: 'bracket-row', dataset: { bracket: String(g.index) }, on },
        h('span', { class: 'ghost', text: shown.slice(0, s) }),
        h('span', { class: `bracket ${cls}${e === s ? ' empty' : ''}`, text: shown.slice(s, e) || '' }),
        h('span', { class: 'blabel', text: ` ${label}${g.text === '' ? ' (empty)' : ''}` }));
    });
    const box = h('div', { class: 'brackets', attrs: { role: 'group', 'aria-label': 'Every group of the match, under the line' } },
      h('div', { class: 'bracket-line', text: shown }), rows);
    showAcross(box, () => box.querySelector('.bracket.b0'));
    return box;
  }

  /** Draws the quick reference (once). */
  openQuickReference() {
    const body = this.view.$('quickref-body');
    if (body && !body.dataset.drawn) {
      body.dataset.drawn = 'true';
      replace(body, quickReference(h));
    }
  }

  // ---- lessons --------------------------------------------------------------------

  openLessons() {
    if (this.lessonsDrawn) return;
    this.lessonsDrawn = true;
    const { ui } = this.view;
    const pick = h('select', { id: 'lesson-pick', attrs: { 'aria-label': 'Pick a lesson' } },
      h('option', { value: '', text: 'Pick a lesson…' }),
      LESSONS.map((l) => h('option', { value: l.id, text: l.title })));
    pick.addEventListener('change', () => {
      const lesson = LESSONS.find((l) => l.id === pick.value);
      if (lesson) this.startLesson(lesson);
    });
    this.lessonBox = h('div', { class: 'lesson', id: 'lesson' });
    const challenge = h('button', { type: 'button', class: 'btn small', id: 'make-challenge', text: 'Make a challenge link', on: { click: () => this.makeChallenge() } });
    replace(ui.lessonsBody,
      h('div', { class: 'lesson-bar' }, pick, challenge),
      h('p', { class: 'muted small', text: 'A lesson puts one definition and a log in the editors; change the regex until every expected value is recorded. A challenge link gives a class the current log, a task and the values to record — not the regex.' }),
      this.lessonBox);
    this.pick = pick;
  }

  /** Starts `lesson`: its regex and log go into the editors. */
  startLesson(lesson) {
    this.openLessons();
    this.view.ui.lessons.open = true;
    this.lesson = lesson;
    this.lessonWhy.clear();
    if (this.pick) this.pick.value = lesson.challenge ? '' : lesson.id;
    this.view.setState({ definitions: lessonDefinitions(lesson.name, lesson.regex), log: lesson.log });
    this.drawLesson(null);
  }

  /** Starts the challenge in a `#challenge=…` fragment; false when it cannot be read. */
  startChallenge(hash) {
    const challenge = decodeChallenge(hash);
    if (!challenge) return false;
    this.startLesson(challenge);
    return true;
  }

  drawLesson(result) {
    const { lesson } = this;
    if (!lesson || !this.lessonBox) return;
    const expected = lesson.expected.map(([line, value]) => `line ${line}: ${value}`).join(', ');
    replace(this.lessonBox,
      h('h3', { text: lesson.title }),
      lesson.teaches ? h('p', { text: lesson.teaches }) : null,
      h('p', {}, h('b', { text: 'Task: ' }), lesson.task || `Record the values below as "${lesson.name}".`),
      h('p', { class: 'muted small' }, `Expected "${lesson.name}" values: `, expected || 'none'),
      result ? h('div', { class: `lesson-result ${result.solved ? 'solved' : 'unsolved'}`, id: 'lesson-result', dataset: { solved: String(result.solved) }, attrs: { role: 'status' } },
        h('b', { text: result.solved ? 'Solved: every expected value is recorded, and nothing else.' : 'Not yet:' }),
        result.problems.length ? h('ul', {}, result.problems.map((p) => h('li', { text: p }))) : null) : null);
  }

  /** Compares the lesson's metric with the expected values; says what is still wrong. */
  async checkLesson() {
    const { lesson, report } = this;
    const def = report.definitions.find((d) => d.name === lesson.name) ?? report.definitions[0];
    const problems = [];
    if (!def) problems.push(`Define the metric "${lesson.name}".`);
    else if (def.error) problems.push(def.error.message);
    else {
      const byLine = new Map(def.captures.map((c) => [c.line, c]));
      const wanted = new Map(lesson.expected);
      for (const [line, value] of lesson.expected) {
        const c = byLine.get(line);
        if (c && c.value === value) continue;
        if (c && c.value != null) problems.push(`line ${line}: records ${fmt(c.value)}, expected ${fmt(value)}${c.text != null ? ` (group 1 is "${c.text}")` : ''}.`);
        else if (c) problems.push(`line ${line}: matches, but records nothing: ${REASONS[c.reason] ?? c.reason}${c.text != null ? ` (group 1 is "${c.text}")` : ''}.`);
        else problems.push(`line ${line}: no match — ${await this.whyNot(def, line)}`);
      }
      for (const c of def.captures) {
        if (!wanted.has(c.line)) problems.push(`line ${c.line}: should not match, but ${c.value != null ? `records ${fmt(c.value)}` : 'matches'}.`);
      }
    }
    this.drawLesson({ solved: problems.length === 0, problems: problems.slice(0, 8) });
  }

  /** The inspector's words for why `def` does not match line `line`. */
  async whyNot(def, line) {
    const text = await this.view.lineText(line);
    if (text == null) return 'the line is not in the log.';
    try {
      const reply = await this.view.engine.teach({
        explain: [],
        inspect: { definitions: lessonDefinitions(def.name, def.regex), line: text, options: { escape: this.view.state.escape } },
      });
      const f = reply.inspection?.definitions[0]?.failed;
      return f ? `${f.message}${f.note ? ` (${f.note})` : ''}.` : 'it does not match.';
    } catch {
      return 'it does not match.';
    }
  }

  /** A link to a challenge: the current log, a task and the expected values (the recorded ones), not the regex. */
  async makeChallenge() {
    const { view, report } = this;
    const def = report?.definitions.find((d) => !d.error && d.summary.count > 0);
    if (view.big) {
      view.toast('A challenge link carries its log: use a shorter one (Edit the first 2,000 lines only).');
      return;
    }
    if (!def) {
      view.toast('First make a definition record the values the class should find: the challenge asks for them.');
      return;
    }
    const expected = def.captures.filter((c) => c.value != null).map((c) => [c.line, c.value]);
    const task = this.lesson?.task && !this.lesson.challenge ? this.lesson.task : `Write a regex that records "${def.name}" on the lines below: exactly the expected values.`;
    const fragment = encodeChallenge({ title: `Challenge: ${def.name}`, task, name: def.name, log: view.ui.log.value, expected });
    const url = view.pageUrl.split('#')[0] + fragment;
    const copied = await view.copy(url);
    view.openDialog({
      title: 'Challenge link',
      tabs: [{ id: 'challenge', label: 'Link', text: url, note: `Opens the playground with this log, the task and the ${plural(expected.length, 'expected value')} — not your regex. The whole challenge is in the fragment after #, which browsers never send.` }],
      status: copied ? 'Copied to the clipboard.' : '',
    });
  }
}

/** Mirrors the engine's `children_in_text`: nodes whose words already say what their children are. */
function childrenInText(node) {
  const leaf = (k) => ['literal', 'any', 'class', 'anchor', 'empty'].includes(k);
  const simple = (n) => leaf(n.kind) || (n.kind === 'repetition' && n.children.every((c) => leaf(c.kind)));
  if (node.kind === 'repetition') return node.children.length === 1 && leaf(node.children[0].kind);
  if (['group', 'non-capturing'].includes(node.kind)) return node.children.length === 1 && simple(node.children[0]);
  return node.children.length === 0;
}

function downloadSvg(diagram, name) {
  const url = URL.createObjectURL(new Blob([standalone(diagram)], { type: 'image/svg+xml' }));
  const a = h('a', { href: url, attrs: { download: name } });
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 5000);
}

/**
 * Once `box` (a row that scrolls sideways) is laid out, scrolls it so that `target()`
 * is in view: on a long log line the match or the caret is often far to the right.
 */
function showAcross(box, target) {
  requestAnimationFrame(() => {
    const el = target();
    if (!el || !box.isConnected) return;
    const offset = el.getBoundingClientRect().left - box.getBoundingClientRect().left + box.scrollLeft;
    if (offset > box.clientWidth - 80) box.scrollLeft = Math.max(0, offset - 40);
  });
}
