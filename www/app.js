// The playground: wires the editors to the evaluation worker and renders its report.
// Data flows one way: inputs → worker (engine) → report → render (cards, log, chart).

import { Engine } from './engine.js';
import { EXAMPLES } from './examples.js';
import { toJson, toPython } from './export.js';
import { emptyState, loadSaved, save, encodeFragment, decodeFragment, hasFragment, sanitize } from './state.js';
import { h, replace, fmt, plural, COLOURS } from './render/dom.js';
import { renderCards } from './render/cards.js';
import { LogView } from './render/log.js';
import { Chart } from './render/chart.js';

const DEBOUNCE_MS = 120;
const SAVE_MS = 400;
/** Values listed per definition (the chart and the highlights use them; counts are always exact). */
const MAX_CAPTURES = 5000;
/** Files above this size are evaluated from disk, not loaded into the editor. */
const FILE_IN_EDITOR = 16 << 20;
const FILE_PREVIEW = 256 << 10;
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
let file = null; // a log evaluated from disk (too large for the editor)
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
  onFatal: (message) => showBanner(`The engine could not start: ${message}. Reload the page to try again; your text is kept.`, 'error'),
  onCrash: (message) => {
    clearTimeout(slowTimer);
    showBanner(`The engine stopped on this input (${message}) and was restarted. Nothing you typed is lost; change the input to try again.`, 'error');
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
  if (!file) state.log = ui.log.value;
  state.escape = ui.escape.checked;
  state.allMatches = ui.all.checked;
}

function writePage() {
  ui.definitions.value = state.definitions;
  ui.log.value = state.log;
  ui.escape.checked = state.escape;
  ui.all.checked = state.allMatches;
  if (state.objective) ui.direction.value = state.objective.direction;
  syncObjectiveSelect();
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
  const result = save(state);
  ui.logStats.title = result === 'ok' ? '' : result === 'without-log' ? 'The log is too large for this browser\'s storage: it is not autosaved.' : 'Autosave failed (storage unavailable).';
  ui.logStats.classList.toggle('warn-text', result !== 'ok');
  updateLogStats(result);
}

function evaluate() {
  const request = {
    definitions: state.definitions,
    log: file || state.log,
    options: { escape: state.escape, allMatches: state.allMatches, maxCaptures: MAX_CAPTURES, objective: state.objective },
    // The text the highlights are drawn on: the log, or the start of a file shown in the editor.
    meta: { logText: file ? ui.log.value : state.log },
  };
  clearTimeout(slowTimer);
  slowTimer = setTimeout(() => setStatus(file ? `Evaluating ${file.name}…` : 'Evaluating…', true), 250);
  engine.evaluate(request);
}

// ---- rendering a report ------------------------------------------------------

const FORMATS = { 'json-list': 'JSON list', 'aws-json': 'AWS JSON', python: 'Python SDK', empty: '', unknown: 'Not recognised' };

function render(reply, request) {
  report = reply.report;
  if (!report || typeof report !== 'object' || !Array.isArray(report.definitions)) {
    showBanner(`The engine answered something unexpected: ${String(report).slice(0, 200)}`, 'error');
    return;
  }
  if (!file) hideBanner();
  const { logText } = request.meta;
  const { definitions } = report;
  const counted = definitions.reduce((n, d) => n + d.summary.count, 0);
  const failing = definitions.filter((d) => d.error || d.summary.count === 0).length;
  setStatus([
    plural(definitions.length, 'definition'),
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
  renderCards(ui.cards, report, { expanded, onReveal: (capture) => logView.reveal(capture) });
  renderLegend(definitions);
  logView.setReport(report, logText);
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
      h('span', { text: `: ${e.message}` }),
      h('pre', { class: 'caret-box' },
        h('div', { class: 'caret-line', text: snippet }),
        h('div', { class: 'caret-line caret', attrs: { 'aria-hidden': 'true' }, text: ' '.repeat(col - from) + '^' })));
  }));
}

function renderDocWarnings(warnings) {
  replace(ui.docWarnings, warnings.map((w) => h('li', { class: `finding sev-${w.severity}` },
    h('span', { class: 'sev', text: w.severity === 'error' ? '✖' : w.severity === 'warning' ? '▲' : 'ℹ', attrs: { 'aria-label': w.severity } }),
    h('div', {}, h('code', { class: 'code-name', text: w.code }), ' ', h('span', { text: w.message })))));
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

function updateLogStats(saveResult) {
  const text = ui.log.value;
  const lines = text ? logView.lineStarts.length - (text.endsWith('\n') ? 1 : 0) : 0;
  const size = file ? file.size : new Blob([text]).size;
  const parts = [plural(lines, 'line'), bytes(size)];
  if (file) parts[0] = `${file.name}`;
  if (saveResult === 'without-log') parts.push('not autosaved: too large');
  ui.logStats.textContent = parts.join(' · ');
}

function bytes(n) {
  if (n < 1024) return `${n} B`;
  if (n < 1 << 20) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / (1 << 20)).toFixed(1)} MB`;
}

// ---- banners, toasts, dialogs ----------------------------------------------

function showBanner(text, kind = 'info', action) {
  replace(ui.banner, h('span', { text }), action || null);
  ui.banner.className = `banner ${kind}`;
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
  if (file) note += ' The log file opened from disk is not in the link.';
  if (url.length > MAX_LINK) note += ' This is too long for browsers (about 2 MB at most): share a shorter log.';
  else if (url.length > LONG_LINK) note += ' Long links get cut by some apps; most of it is the log — trim it to what shows the problem.';
  const copied = url.length <= MAX_LINK && (await copy(url));
  openDialog({ title: 'Link to this work', tabs: [{ id: 'link', label: 'Link', text: url, note }], status: copied ? 'Copied to the clipboard.' : '' });
}

function exportDefinitions() {
  const defs = (report?.definitions || []).map((d) => ({ name: d.name, regex: d.regex }));
  const objective = state.objective || (report?.objective ? { name: report.objective.name, direction: report.objective.direction } : null);
  const note = defs.length ? 'The names and regexes exactly as SageMaker receives them.' : 'No definitions to export yet.';
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
  closeFile();
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
  if (f.size <= FILE_IN_EDITOR) {
    closeFile();
    ui.log.value = await f.text();
    logView.setText(ui.log.value);
    updateLogStats();
    changed({ now: true });
    return;
  }
  // Too large for an editor: the worker reads it from disk in slices; the editor shows its start.
  file = f;
  const head = await f.slice(0, FILE_PREVIEW).text();
  ui.log.value = head.slice(0, Math.max(0, head.lastIndexOf('\n') + 1));
  ui.log.readOnly = true;
  logView.setText(ui.log.value);
  updateLogStats();
  showBanner(`${f.name} (${bytes(f.size)}) is evaluated from disk; the editor shows its first lines, read-only. It is not autosaved or put in links.`, 'info',
    h('button', { type: 'button', class: 'btn small', text: 'Close the file', on: { click: () => { closeFile(); hideBanner(); changed({ now: true }); } } }));
  changed({ now: true });
}

function closeFile() {
  if (!file) return;
  file = null;
  ui.log.readOnly = false;
  ui.log.value = state.log;
  logView.setText(ui.log.value);
  updateLogStats();
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
  if (report) chart.render(report);
}

function currentTheme() {
  try { return THEMES.includes(localStorage.getItem('metrex:theme')) ? localStorage.getItem('metrex:theme') : 'auto'; } catch { return 'auto'; }
}

ui.theme.addEventListener('click', () => {
  const next = THEMES[(THEMES.indexOf(currentTheme()) + 1) % THEMES.length];
  try { localStorage.setItem('metrex:theme', next); } catch { /* private mode */ }
  applyTheme(next);
});
matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => report && chart.render(report));

// ---- events -----------------------------------------------------------------

ui.definitions.addEventListener('input', () => changed());
ui.log.addEventListener('input', () => {
  logView.setText(ui.log.value);
  updateLogStats();
  changed();
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
window.addEventListener('pagehide', () => { readPage(); save(state); });

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
