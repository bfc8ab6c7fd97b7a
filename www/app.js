// The playground: wires the editors to the evaluation worker and renders its report.
// Data flows one way: inputs → worker (engine) → report → render (cards, log, chart).

import { Engine } from './engine.js';
import { EXAMPLES } from './examples.js';
import { toJson, toPython } from './export.js';
import { emptyState, loadSaved, save, encodeFragment, decodeFragment, hasFragment, sanitize } from './state.js';
import { h, replace, fmt, plural, withCode, COLOURS } from './render/dom.js';
import { renderCards } from './render/cards.js';
import { LogView } from './render/log.js';
import { Chart } from './render/chart.js';

const DEBOUNCE_MS = 120;
const SAVE_MS = 400;
/** Values listed per definition (the chart and the highlights use them; counts are always exact). */
const MAX_CAPTURES = 5000;
/**
 * Logs longer than this (UTF-16 units) are kept out of the editor: browsers lay out a
 * textarea's whole text on every change, which freezes typing for seconds on a big
 * log. The editor then shows the log's first lines, read-only; all of it is evaluated.
 */
const BIG_LOG = 512 << 10;
const PREVIEW_LINES = 2000;
/** Files above this size are not read into memory at all: the worker reads them in slices. */
const FILE_IN_MEMORY = 64 << 20;
/** Logs longer than this are not autosaved (browsers keep about 5 MB per site). */
const SAVE_LOG_LIMIT = 1536 << 10;
const LONG_LINK = 8000;
const MAX_LINK = 2 << 20;

const $ = (id) => document.getElementById(id);
const ui = {
  definitions: $('definitions'), log: $('log'), format: $('format'), inputErrors: $('input-errors'),
  escape: $('opt-escape'), all: $('opt-all'), objective: $('objective'), direction: $('direction'),
  logStats: $('log-stats'), logFile: $('log-file'), logEditor: $('log-editor'), legend: $('legend'),
  status: $('status'), banner: $('banner'), docWarnings: $('doc-warnings'), objectiveBox: $('objective-box'),
  chartPanel: $('chart-panel'), cards: $('cards'), example: $('example'), share: $('share'),
  exportBtn: $('export'), theme: $('theme'), themeIcon: $('theme-icon'), dialog: $('dialog'), toast: $('toast'),
};

let state = emptyState();
/** A log too large for the editor: { text } (pasted or read) or { file } (read by the worker), with a label. */
let big = null;
let report = null;
let version = '';
let evalTimer = 0;
let saveTimer = 0;
let slowTimer = 0;
const expanded = new Set();

const logView = new LogView({ textarea: ui.log, backdrop: $('backdrop'), inner: $('backdrop-inner'), info: $('log-info'), tip: $('tip') });
const chart = new Chart($('chart'), $('chart-note'));
const engine = new Engine({
  onReady: (v) => { version = v; },
  onFatal: (message) => showBanner(`The engine could not start: ${message}. Reload the page to try again; your text is kept.`, 'error', 'engine'),
  onCrash: (message) => {
    clearTimeout(slowTimer);
    showBanner(`The engine stopped on this input (${message}) and was restarted. Nothing you typed is lost; change the input to try again.`, 'error', 'engine');
    setStatus('The engine stopped — see the message below.');
  },
  onReport: (reply, request) => {
    clearTimeout(slowTimer);
    render(reply, request);
  },
});

// ---- state ⇄ page -----------------------------------------------------------

function readPage() {
  state.definitions = ui.definitions.value;
  state.log = big ? (big.text ?? '') : ui.log.value;
  state.escape = ui.escape.checked;
  state.allMatches = ui.all.checked;
}

function writePage() {
  ui.definitions.value = state.definitions;
  if (state.log.length > BIG_LOG) {
    enterBig({ text: state.log, label: 'the log' });
  } else {
    leaveBig();
    ui.log.value = state.log;
  }
  ui.escape.checked = state.escape;
  ui.all.checked = state.allMatches;
  if (state.objective) ui.direction.value = state.objective.direction;
  syncObjectiveSelect();
  // Start at the top: a caret left at the end would scroll there on first focus.
  ui.definitions.setSelectionRange(0, 0);
  ui.log.setSelectionRange(0, 0);
  ui.log.scrollTop = 0;
  logView.setText(ui.log.value);
  updateLogStats();
}

function changed({ now = false } = {}) {
  readPage();
  clearTimeout(saveTimer);
  saveTimer = setTimeout(autosave, SAVE_MS);
  clearTimeout(evalTimer);
  if (now) evaluate();
  else evalTimer = setTimeout(evaluate, DEBOUNCE_MS);
}

function autosave() {
  const result = state.log.length > SAVE_LOG_LIMIT ? (save({ ...state, log: '' }) === 'ok' ? 'without-log' : 'failed') : save(state);
  ui.logStats.title = result === 'ok' ? '' : result === 'without-log' ? 'The log is too large for this browser\'s storage: it is not autosaved.' : 'Autosave failed (storage unavailable).';
  ui.logStats.classList.toggle('warn-text', result !== 'ok');
  updateLogStats(result);
}

function evaluate() {
  const request = {
    definitions: state.definitions,
    log: big ? (big.file ?? big.text) : state.log,
    options: { escape: state.escape, allMatches: state.allMatches, maxCaptures: MAX_CAPTURES, objective: state.objective },
    // The text the highlights are drawn on: the log, or the first lines of a large one.
    meta: { logText: ui.log.value },
  };
  clearTimeout(slowTimer);
  slowTimer = setTimeout(() => setStatus(big ? `Evaluating ${big.label}…` : 'Evaluating…', true), 250);
  engine.evaluate(request);
}

// ---- rendering a report ------------------------------------------------------

const FORMATS = { 'json-list': 'JSON list', 'aws-json': 'AWS JSON', python: 'Python SDK', empty: '', unknown: 'Not recognised' };

function render(reply, request) {
  report = reply.report;
  if (!report || typeof report !== 'object' || !Array.isArray(report.definitions)) {
    showBanner(`The engine answered something unexpected: ${String(report).slice(0, 200)}`, 'error', 'engine');
    return;
  }
  // A result clears what the engine said before; other messages stay until dismissed.
  if (ui.banner.dataset.source === 'engine') hideBanner();
  const { logText } = request.meta;
  const { definitions } = report;
  const counted = definitions.reduce((n, d) => n + d.summary.count, 0);
  const failing = definitions.filter((d) => d.error || d.summary.count === 0).length;
  setStatus([
    report.format === 'empty' ? 'No definitions yet: paste a JSON list, AWS JSON or Python SDK code' : plural(definitions.length, 'definition'),
    `${plural(counted, 'value')} counted`,
    failing ? `${failing} recording nothing` : null,
    `${plural(report.lines, 'line')} scanned in ${Number.isFinite(reply.ms) ? reply.ms.toFixed(reply.ms < 10 ? 1 : 0) : '?'} ms`,
  ].filter(Boolean).join(' · '), false, failing > 0);

  ui.format.textContent = FORMATS[report.format] ?? report.format;
  ui.format.className = `badge ${report.format === 'unknown' ? 'bad' : ''}`;
  ui.format.hidden = !ui.format.textContent;
  renderInputErrors(report.input_errors, request.definitions);
  renderDocWarnings(report.warnings);
  renderObjective(report.objective);
  syncObjectiveSelect();
  ui.chartPanel.hidden = !chart.render(report);
  renderCards(ui.cards, report, { expanded, onReveal: reveal });
  renderLegend(definitions);
  logView.setReport(report, logText);
}

function reveal(capture) {
  if (!logView.reveal(capture)) toast(`Line ${capture.line.toLocaleString('en-US')} is past the lines shown in the editor; it is counted all the same.`);
}

function setStatus(text, busy = false, problem = false) {
  ui.status.replaceChildren(
    h('span', { class: `dot ${busy ? 'busy' : problem ? 'warn' : 'ok'}`, attrs: { 'aria-hidden': 'true' } }),
    h('span', { text }),
    version ? h('span', { class: 'muted version', text: `engine ${version}` }) : null);
}

function renderInputErrors(errors, definitionsText) {
  const lines = definitionsText.split('\n');
  replace(ui.inputErrors, errors.map((e) => {
    const { line, column, start_utf16: start } = e.location;
    const source = (lines[line - 1] ?? '').replace(/\r$/, '');
    const col = Math.max(0, Math.min(source.length, column - 1));
    // Show at most ~60 characters around the error, with a caret under it.
    const from = Math.max(0, col - 40);
    const snippet = source.slice(from, from + 80).replace(/\t/g, ' ');
    return h('li', { class: 'input-error' },
      h('button', {
        type: 'button', class: 'link', text: `line ${line}, column ${column}`,
        on: { click: () => { ui.definitions.focus(); ui.definitions.setSelectionRange(start, Math.max(start + 1, e.location.end_utf16)); } },
      }),
      h('span', {}, ': ', withCode(e.message)),
      h('pre', { class: 'caret-box' },
        h('div', { class: 'caret-line', text: snippet }),
        h('div', { class: 'caret-line caret', attrs: { 'aria-hidden': 'true' }, text: ' '.repeat(col - from) + '^' })));
  }));
}

function renderDocWarnings(warnings) {
  replace(ui.docWarnings, warnings.map((w) => h('li', { class: `finding sev-${w.severity}` },
    h('span', { class: 'sev', text: w.severity === 'error' ? '✖' : w.severity === 'warning' ? '▲' : 'ℹ', attrs: { 'aria-label': w.severity } }),
    h('div', {}, h('code', { class: 'code-name', text: w.code }), ' ', h('span', {}, withCode(w.message))))));
}

function renderObjective(objective) {
  ui.objectiveBox.hidden = !objective;
  if (!objective) return;
  const source = state.objective ? 'chosen on this page' : 'from the input';
  const body = [
    h('div', { class: 'objective-title' },
      h('span', { class: 'muted', text: 'Objective ' }),
      h('b', { text: objective.name }),
      h('span', { class: `pill ${objective.direction === 'Maximize' ? 'max' : 'min'}`, text: objective.direction }),
      h('span', { class: 'muted small', text: ` ${source}` })),
  ];
  if (!objective.defined) {
    body.push(h('p', { class: 'error-text', attrs: { role: 'alert' }, text: 'No definition has this name: SageMaker refuses the tuning job ("A metric is required for this hyperparameter tuning job objective").' }));
  } else {
    body.push(h('dl', { class: 'stats' },
      h('div', { class: 'stat' }, h('dt', { text: 'Final (what the tuner ranks by)' }), h('dd', {}, fmt(objective.final),
        objective.final_f32 != null && objective.final_f32 !== objective.final ? h('small', { class: 'f32', title: 'DescribeTrainingJob shows the final value as a 32-bit float', text: `API: ${objective.final_f32}` }) : null)),
      h('div', { class: 'stat' }, h('dt', { text: `Best (${objective.direction === 'Maximize' ? 'largest' : 'smallest'})` }), h('dd', {}, fmt(objective.best),
        objective.best_line != null ? h('small', { class: 'muted', text: ` line ${objective.best_line}` }) : null))));
  }
  replace(ui.objectiveBox, body);
  ui.objectiveBox.className = `objective-box ${objective.defined ? '' : 'bad'}`;
}

function syncObjectiveSelect() {
  const names = [...new Set((report?.definitions || []).map((d) => d.name))];
  const chosen = state.objective?.name ?? '';
  if (chosen && !names.includes(chosen)) names.push(chosen);
  const fromInput = report?.objective && !state.objective ? report.objective : null;
  const first = h('option', { value: '', text: fromInput ? `From the input (${fromInput.name})` : 'None' });
  replace(ui.objective, first, names.map((name) => h('option', { value: name, text: name })));
  ui.objective.value = chosen;
  ui.direction.value = state.objective?.direction ?? report?.objective?.direction ?? ui.direction.value;
  ui.direction.disabled = !state.objective && !report?.objective;
}

function renderLegend(definitions) {
  replace(ui.legend, definitions.map((d, index) => h('button', {
    type: 'button', class: `chip m${index % COLOURS}`, title: `Go to the ${d.name} card`,
    on: { click: () => { const card = ui.cards.children[index]; card.tabIndex = -1; card.scrollIntoView({ behavior: 'smooth', block: 'start' }); card.focus({ preventScroll: true }); } },
  }, h('span', { class: 'swatch', attrs: { 'aria-hidden': 'true' } }), d.name || '(no name)')));
}

let saveNote = '';
function updateLogStats(saveResult) {
  if (saveResult !== undefined) saveNote = saveResult === 'ok' ? '' : saveResult === 'without-log' ? 'log not autosaved: too large' : 'not autosaved: this browser\'s storage is full or turned off (a link keeps your work)';
  const text = ui.log.value;
  const parts = [];
  if (big?.file) parts.push(bytes(big.file.size));
  else if (big) parts.push(plural(big.lines, 'line'), bytes(big.bytes));
  else parts.push(plural(text ? logView.lineStarts.length - (text.endsWith('\n') ? 1 : 0) : 0, 'line'), bytes(utf8Length(text)));
  // NUL bytes or undecodable bytes (read as U+FFFD): say so, the log is not plain text.
  if (/[\0\ufffd]/.test(big?.text ?? text)) parts.push('binary data: bytes that are not text read as \ufffd, control characters as #000');
  if (saveNote) parts.push(saveNote);
  ui.logStats.textContent = parts.join(' · ');
}

function utf8Length(text) {
  let n = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x80) n += c < 0x800 ? 1 : c >= 0xd800 && c < 0xdc00 ? 0 : 2;
  }
  return n;
}

function bytes(n) {
  if (n < 1024) return `${n} B`;
  if (n < 1 << 20) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / (1 << 20)).toFixed(1)} MB`;
}

// ---- banners, toasts, dialogs ----------------------------------------------

/** Shows a message above the results; `source` 'engine' ones go away with the next result. */
function showBanner(text, kind = 'info', source = 'page') {
  replace(ui.banner, h('span', { text }),
    source === 'engine' ? null : h('button', { type: 'button', class: 'btn small', text: 'Dismiss', on: { click: hideBanner } }));
  ui.banner.className = `banner ${kind}`;
  ui.banner.setAttribute('role', kind === 'error' ? 'alert' : 'status');
  ui.banner.dataset.source = source;
  ui.banner.hidden = false;
}

function hideBanner() {
  ui.banner.hidden = true;
}

let toastTimer = 0;
function toast(text, action) {
  replace(ui.toast, h('span', { text }), action ? h('button', { type: 'button', class: 'btn small', text: action.label, on: { click: () => { ui.toast.hidden = true; action.run(); } } }) : null);
  ui.toast.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => (ui.toast.hidden = true), action ? 8000 : 3500);
}

const dialogText = $('dialog-text');
function openDialog({ title, note, tabs, status = '' }) {
  $('dialog-title').textContent = title;
  const tabBar = $('dialog-tabs');
  const select = (tab) => {
    dialogText.value = tab.text;
    $('dialog-note').textContent = tab.note || note || '';
    $('dialog-status').textContent = status;
    status = '';
    for (const b of tabBar.children) b.setAttribute('aria-selected', String(b.dataset.tab === tab.id));
  };
  tabBar.hidden = tabs.length < 2;
  replace(tabBar, tabs.map((tab) => h('button', { type: 'button', class: 'tab-btn', text: tab.label, dataset: { tab: tab.id }, attrs: { role: 'tab' }, on: { click: () => select(tab) } })));
  select(tabs[0]);
  ui.dialog.showModal();
  dialogText.focus();
  dialogText.select();
}

async function copy(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    dialogText.focus();
    dialogText.select();
    return document.execCommand?.('copy') ?? false;
  }
}

$('dialog-copy').addEventListener('click', async () => {
  $('dialog-status').textContent = (await copy(dialogText.value)) ? 'Copied.' : 'Select the text and copy it (Ctrl+C).';
});
$('dialog-close').addEventListener('click', () => ui.dialog.close());
ui.dialog.addEventListener('click', (e) => { if (e.target === ui.dialog) ui.dialog.close(); });

// ---- actions ----------------------------------------------------------------

async function share() {
  readPage();
  const fragment = await encodeFragment(state);
  const url = location.href.split('#')[0] + fragment;
  let note = `The whole work is in the link, after the #: browsers never send that part to a server. ${url.length.toLocaleString('en-US')} characters.`;
  if (big?.file) note += ' The log file read from disk is not in the link.';
  if (url.length > MAX_LINK) note += ' This is too long for browsers (about 2 MB at most): share a shorter log.';
  else if (url.length > LONG_LINK) note += ' Long links get cut by some apps; most of it is the log — trim it to what shows the problem.';
  const copied = url.length <= MAX_LINK && (await copy(url));
  openDialog({ title: 'Link to this work', tabs: [{ id: 'link', label: 'Link', text: url, note }], status: copied ? 'Copied to the clipboard.' : '' });
}

function exportDefinitions() {
  const defs = (report?.definitions || []).map((d) => ({ name: d.name, regex: d.regex }));
  const objective = state.objective || (report?.objective ? { name: report.objective.name, direction: report.objective.direction } : null);
  const unread = report?.input_errors?.length ?? 0;
  const note = (defs.length ? 'The names and regexes exactly as SageMaker receives them.' : 'No definitions to export yet.')
    + (unread ? ` ${plural(unread, 'part')} of the input could not be read and ${unread === 1 ? 'is' : 'are'} not included.` : '');
  openDialog({
    title: 'Export the definitions',
    tabs: [
      { id: 'json', label: 'JSON (API, boto3)', text: toJson(defs), note: `${note} For MetricDefinitions in CreateTrainingJob / boto3.` },
      { id: 'python', label: 'Python SDK', text: toPython(defs, objective), note: `${note} For an Estimator's metric_definitions.` },
    ],
  });
}

function loadExample(id) {
  const example = EXAMPLES.find((e) => e.id === id);
  if (!example) return;
  readPage();
  const previous = { ...state };
  leaveBig();
  state = sanitize({ ...emptyState(), definitions: example.definitions, log: example.log, objective: example.objective });
  expanded.clear();
  writePage();
  changed({ now: true });
  if (previous.definitions.trim() || previous.log.trim()) {
    toast(`Loaded “${example.title}”.`, { label: 'Undo', run: () => { state = sanitize(previous); writePage(); changed({ now: true }); } });
  }
}

async function openFile(f) {
  if (!f) return;
  if (f.size > FILE_IN_MEMORY) {
    // The worker reads the file in slices; the editor shows its first lines.
    const head = await f.slice(0, 1 << 20).text();
    enterBig({ file: f, label: f.name, preview: head.slice(0, head.lastIndexOf('\n') + 1) });
    changed({ now: true });
    return;
  }
  setLog(await f.text(), f.name);
}

/** Puts `text` in the editor, or — when it is large — beside it. */
function setLog(text, label = 'the pasted log') {
  if (text.length > BIG_LOG) {
    enterBig({ text, label });
    changed({ now: true });
    return;
  }
  leaveBig();
  ui.log.value = text;
  logView.setText(ui.log.value);
  updateLogStats();
  changed({ now: true });
}

function firstLines(text, count) {
  let at = -1;
  for (let n = 0; n < count; n++) {
    at = text.indexOf('\n', at + 1);
    if (at === -1) return text;
  }
  return text.slice(0, at + 1);
}

function enterBig({ text, file: f, label, preview }) {
  let lines = 0;
  if (text) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
    if (!text.endsWith('\n')) lines++;
  }
  big = { text, file: f, label, lines, bytes: text ? utf8Length(text) : f.size };
  // A lone CR would start a new line in a textarea; show it as ␍ so lines stay as evaluated.
  ui.log.value = firstLines(preview ?? text, PREVIEW_LINES).replace(/\r(?!\n)/g, '\u240d');
  ui.log.readOnly = true;
  ui.log.scrollTop = 0;
  logView.setText(ui.log.value);
  const shown = logView.lineStarts.length - 1;
  const note = $('log-note');
  replace(note,
    h('span', { text: f
      ? `${label} (${bytes(f.size)}) is evaluated from disk; the editor shows its first ${plural(shown, 'line')}, read-only.`
      : `A large log (${plural(lines, 'line')}, ${bytes(big.bytes)}): all of it is evaluated; the editor shows the first ${plural(shown, 'line')}, read-only, so typing stays fast.` }),
    text ? h('button', { type: 'button', class: 'btn small', text: `Edit the first ${plural(shown, 'line')} only`, on: { click: () => setLog(ui.log.value.replace(/\u240d/g, '\r')) } }) : null,
    h('button', { type: 'button', class: 'btn small', text: 'Clear the log', on: { click: () => { setLog(''); ui.log.focus(); } } }));
  note.hidden = false;
  updateLogStats();
}

function leaveBig() {
  if (!big) return;
  big = null;
  ui.log.readOnly = false;
  $('log-note').hidden = true;
}

// ---- theme ------------------------------------------------------------------

const THEMES = ['auto', 'light', 'dark'];
const THEME_ICONS = { auto: '◐', light: '☀', dark: '☾' };
function applyTheme(theme) {
  if (theme === 'auto') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
  ui.themeIcon.textContent = THEME_ICONS[theme];
  ui.theme.setAttribute('aria-label', `Colour theme: ${theme === 'auto' ? 'automatic' : theme}`);
  ui.theme.title = `Colour theme: ${theme === 'auto' ? 'automatic (follows the system)' : theme}`;
}

function currentTheme() {
  try { return THEMES.includes(localStorage.getItem('metrex:theme')) ? localStorage.getItem('metrex:theme') : 'auto'; } catch { return 'auto'; }
}

ui.theme.addEventListener('click', () => {
  const next = THEMES[(THEMES.indexOf(currentTheme()) + 1) % THEMES.length];
  try { localStorage.setItem('metrex:theme', next); } catch { /* private mode */ }
  applyTheme(next);
});

// ---- events -----------------------------------------------------------------

ui.definitions.addEventListener('input', () => changed());
ui.log.addEventListener('input', () => {
  if (ui.log.value.length > BIG_LOG) return setLog(ui.log.value);
  logView.setText(ui.log.value);
  updateLogStats();
  changed();
});
// A large paste never reaches the textarea (see BIG_LOG).
ui.log.addEventListener('paste', (e) => {
  const text = e.clipboardData?.getData('text/plain');
  if (!text) return;
  const { selectionStart: from, selectionEnd: to, value } = ui.log;
  if (big) {
    e.preventDefault();
    setLog(text);
  } else if (value.length - (to - from) + text.length > BIG_LOG) {
    e.preventDefault();
    setLog(value.slice(0, from) + text + value.slice(to));
  }
});
ui.escape.addEventListener('change', () => changed({ now: true }));
ui.all.addEventListener('change', () => changed({ now: true }));
ui.objective.addEventListener('change', () => {
  const name = ui.objective.value;
  state.objective = name ? { name, direction: ui.direction.value } : null;
  syncObjectiveSelect();
  changed({ now: true });
});
ui.direction.addEventListener('change', () => {
  const name = state.objective?.name ?? report?.objective?.name;
  if (name) state.objective = { name, direction: ui.direction.value };
  syncObjectiveSelect();
  changed({ now: true });
});
ui.example.addEventListener('change', () => {
  loadExample(ui.example.value);
  ui.example.value = '';
});
ui.share.addEventListener('click', () => share().catch((e) => toast(`Could not make a link: ${e.message}`)));
ui.exportBtn.addEventListener('click', exportDefinitions);
ui.logFile.addEventListener('change', () => {
  openFile(ui.logFile.files[0]);
  ui.logFile.value = '';
});
ui.logEditor.addEventListener('dragover', (e) => { e.preventDefault(); ui.logEditor.classList.add('drop-target'); });
ui.logEditor.addEventListener('dragleave', () => ui.logEditor.classList.remove('drop-target'));
ui.logEditor.addEventListener('drop', (e) => {
  ui.logEditor.classList.remove('drop-target');
  const f = e.dataTransfer?.files?.[0];
  if (f) {
    e.preventDefault();
    openFile(f);
  }
});
window.addEventListener('pagehide', () => { readPage(); autosave(); });

// ---- start ------------------------------------------------------------------

async function start() {
  for (const e of EXAMPLES) ui.example.append(h('option', { value: e.id, text: e.title }));
  applyTheme(currentTheme());
  setStatus('Loading the engine…', true);
  let restored = null;
  if (hasFragment(location.hash)) {
    try {
      restored = await decodeFragment(location.hash);
      toast('Restored the work from the link.');
    } catch (e) {
      showBanner(`This link could not be opened: ${e.message}. Showing your last work instead.`, 'error');
    }
    // The fragment has done its job: from now on, reloads keep the autosaved work.
    history.replaceState(null, '', location.pathname + location.search);
  }
  if (restored) {
    state = restored;
    save(state);
  } else {
    const saved = loadSaved();
    if (saved) state = saved;
    else {
      const first = EXAMPLES[0];
      state = sanitize({ definitions: first.definitions, log: first.log, objective: first.objective });
    }
  }
  writePage();
  changed({ now: true });
}

start();
