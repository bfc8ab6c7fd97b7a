// The playground's view: everything a <metrex-playground> shows, for the full page and
// for every embed alike. It wires the editors to the shared evaluation engine and
// renders its report. Data flows one way: inputs → engine (worker) → report → render
// (cards, log, chart) → the `metrex-report` event.
//
// It is loaded by metrex-playground.js when the element first comes into view.

import { Engine } from '../engine.js';
import { assets } from '../assets.js';
import { EXAMPLES, exampleData } from '../examples.js';
import { emptyState, loadSaved, save, encodeFragment, sanitize } from '../state.js';
import { h, replace, fmt, plural, withCode, COLOURS } from '../render/dom.js';
import { renderCards, reasonText } from '../render/cards.js';
import { LogView, drawLine, describe, describeInline } from '../render/log.js';
import { Chart } from '../render/chart.js';
import { TEMPLATE, ALL_PANES, PAGE_PANES, DEFAULT_PANES, COMPACT_PANES } from './template.js';

const DEBOUNCE_MS = 120;
/** The longest the chart, highlights and viewer wait for the frame that shows the cards. */
const AFTER_PAINT_MS = 100;
const SAVE_MS = 400;
/** Captures listed per definition as objects (the cards' first rows; counts are always exact). */
const MAX_CAPTURES = 50;
/**
 * Captures kept per definition column-wise (typed arrays: the chart, the highlights, the
 * full capture lists); past this, they are counted but not shown.
 */
const MAX_COLUMNS = 100000;
/**
 * Logs longer than this (UTF-16 units) are kept out of the editor: browsers lay out a
 * textarea's whole text on every change, which freezes typing for seconds on a big
 * log. The whole log is then shown in a read-only, virtualized viewer (render/viewer.js,
 * loaded then); all of it is evaluated.
 */
const BIG_LOG = 512 << 10;
/** "Edit the first lines only" keeps this many. */
const EDIT_LINES = 2000;
/** Logs longer than this are not autosaved (browsers keep about 5 MB per site). */
const SAVE_LOG_LIMIT = 1536 << 10;
const LONG_LINK = 8000;
/** The footer's link to the full page carries the work when the log is at most this long… */
const LINK_LOG = 1 << 20;
/** …and is made this long after the last change. */
const LINK_MS = 500;
const MAX_LINK = 2 << 20;
const FORMATS = { 'json-list': 'JSON list', 'aws-json': 'AWS JSON', python: 'Python SDK', 'python-sdk-v3': 'Python SDK v3', empty: '', unknown: 'Not recognised' };
const THEMES = ['auto', 'light', 'dark'];
const THEME_ICONS = { auto: '◐', light: '☀', dark: '☾' };
const THEME_KEY = 'metrex:theme';

/** The view of one <metrex-playground> element, drawn into its shadow root. */
export class PlaygroundView {
  /**
   * @param {HTMLElement} host the element
   * @param {ShadowRoot} root its shadow root
   * @param {object} initial the state to start from (see state.js), or null to
   *   restore the autosaved work (with `persist`) or start empty
   */
  constructor(host, root, initial) {
    this.host = host;
    this.root = root;
    root.innerHTML = TEMPLATE;
    const styled = assets.adoptStyles(root);
    const $ = (id) => root.getElementById(id);
    this.$ = $;
    this.ui = {
      app: root.querySelector('.app'), layout: $('layout'),
      definitions: $('definitions'), log: $('log'), format: $('format'), inputErrors: $('input-errors'),
      escape: $('opt-escape'), all: $('opt-all'), objective: $('objective'), direction: $('direction'),
      logStats: $('log-stats'), logFile: $('log-file'), logEditor: $('log-editor'), logNote: $('log-note'), legend: $('legend'),
      status: $('status'), banner: $('banner'), docWarnings: $('doc-warnings'), objectiveBox: $('objective-box'),
      chartPanel: $('chart-panel'), cards: $('cards'), results: $('results'), example: $('example'), share: $('share'),
      exportBtn: $('export'), embed: $('embed'), theme: $('theme'), themeIcon: $('theme-icon'), dialog: $('dialog'),
      dialogText: $('dialog-text'), toast: $('toast'), openFull: $('open-full'),
      inspectLine: $('inspect-line'), inspectBody: $('inspect-body'), lessons: $('lessons'), lessonsBody: $('lessons-body'),
      progress: $('progress'), progressBar: $('progress-bar'), progressText: $('progress-text'), progressCancel: $('progress-cancel'),
    };
    this.state = emptyState();
    /**
     * A log too large for the editor: { text } (pasted or read) or { file } (read by the
     * worker), with a label; `ready` resolves to its line source once the viewer has it.
     */
    this.big = null;
    /** The big-log code (render/biglog.js: viewer, line sources, capture columns), loaded when first needed. */
    this.bigModule = null;
    this.bigLoad = null;
    this.viewer = null;
    /** Capture columns of the current report: the engine's, or built from the report. */
    this.columnsMemo = null;
    this.textSourceMemo = null;
    this.report = null;
    /** Each definition's captures and columns, by regex, as the worker last sent them (it sends only new ones). */
    this.results = new Map();
    /** The capture columns of the report's definitions, in order (null: none). */
    this.columns = [];
    /** The log the worker was last asked about, and its key (a new key makes it send the log). */
    this.logSource = undefined;
    this.logKey = 0;
    /** The log to go back to when reading a file is cancelled. */
    this.beforeFile = null;
    this.version = '';
    this.timers = { evaluate: 0, save: 0, slow: 0, toast: 0 };
    this.expanded = new Set();
    this.collapsed = new Set();
    /** Cards whose Explain pane is open. */
    this.explainOpen = new Set();
    /** The teaching features (teach/index.js), loaded when first used; null until then. */
    this.teaching = null;
    this.teachingLoad = null;
    this.saveNote = '';
    this.logView = new LogView({ root, textarea: this.ui.log, backdrop: $('backdrop'), inner: $('backdrop-inner'), info: $('log-info'), tip: $('tip') });
    this.chart = new Chart($('chart'), $('chart-note'));
    this.engine = new Engine({
      onReady: (v) => { this.version = v; },
      onFatal: (message) => this.showBanner(`The engine could not start: ${message}. Reload the page to try again; your text is kept.`, 'error', 'engine'),
      onCrash: (message) => {
        clearTimeout(this.timers.slow);
        this.showBanner(`The engine stopped on this input (${message}) and was restarted. Nothing you typed is lost; change the input to try again.`, 'error', 'engine');
        this.setStatus('The engine stopped — see the message below.');
      },
      onReport: (reply, request, superseded) => {
        if (!superseded) clearTimeout(this.timers.slow);
        this.render(reply, request);
      },
      onProgress: (reply, request) => this.renderProgress(reply, request),
    });
    this.wire();
    for (const e of EXAMPLES) this.ui.example.append(h('option', { value: e.id, text: e.title }));
    this.applyPanes();
    this.applyTheme();
    this.applyReadonly();
    this.setStatus('Loading the engine…', true);

    if (initial) this.state = sanitize(initial);
    else if (this.persist) {
      const saved = loadSaved();
      const first = EXAMPLES[0];
      this.state = saved ?? sanitize({ definitions: first.definitions, log: first.log, objective: first.objective });
    }
    if (initial && this.persist) save(this.state);
    this.writePage();
    // Draw once the styles are in, so nothing flashes unstyled; evaluate at once.
    this.ui.app.hidden = true;
    styled.then(() => { this.ui.app.hidden = false; this.logView.render(); });
    this.changed({ now: true });
  }

  /** The element left the page: its log in the worker is freed (it is sent again if it comes back). */
  suspend() {
    if (this.suspended) return;
    this.suspended = true;
    clearTimeout(this.timers.evaluate);
    this.engine.close();
  }

  /** The element is back on the page: evaluate again. */
  resume() {
    if (!this.suspended) return;
    this.suspended = false;
    this.engine.reopen();
    this.changed({ now: true, fromUser: false });
  }

  /** Whether this element keeps the work in the browser (the full page). */
  get persist() {
    return this.host.hasAttribute('persist');
  }

  // ---- state ⇄ page ---------------------------------------------------------

  readPage() {
    const { ui, state } = this;
    state.definitions = ui.definitions.value;
    state.log = this.big ? (this.big.text ?? '') : ui.log.value;
    state.escape = ui.escape.checked;
    state.allMatches = ui.all.checked;
  }

  writePage() {
    const { ui, state } = this;
    ui.definitions.value = state.definitions;
    if (state.log.length > BIG_LOG) {
      this.enterBig({ text: state.log, label: 'the log' });
    } else {
      this.leaveBig();
      ui.log.value = state.log;
    }
    ui.escape.checked = state.escape;
    ui.all.checked = state.allMatches;
    if (state.objective) ui.direction.value = state.objective.direction;
    this.syncObjectiveSelect();
    // Start at the top: a caret left at the end would scroll there on first focus.
    ui.definitions.setSelectionRange(0, 0);
    ui.log.setSelectionRange(0, 0);
    ui.log.scrollTop = 0;
    this.logView.setText(ui.log.value);
    this.updateLogStats();
    this.fitLog();
  }

  /**
   * Outside the full page the log editor is as tall as its log (3 to 16 lines), so a
   * short demo log in a docs page leaves no empty box; then it scrolls.
   */
  fitLog() {
    const { ui, logView } = this;
    if (this.host.hasAttribute('fill')) return;
    // The big-log viewer: 16 lines under its toolbar.
    if (this.big) return void (ui.logEditor.style.height = 'calc(16 * var(--code-line) + 60px)');
    const lines = Math.min(16, Math.max(3, logView.lineStarts.length + 1));
    ui.logEditor.style.height = `calc(${lines} * var(--code-line) + 18px)`;
  }

  /** Replaces some fields of the state (from a property, an attribute, a message) and evaluates. */
  setState(partial) {
    this.readPage();
    this.state = sanitize({ ...this.state, ...partial });
    this.writePage();
    this.changed({ now: true, fromUser: false });
  }

  /** `now`: evaluate at once (an edit to the definitions: only it runs); else after a pause in typing. */
  changed({ now = false, fromUser = true } = {}) {
    this.readPage();
    if (this.persist) {
      clearTimeout(this.timers.save);
      this.timers.save = setTimeout(() => this.autosave(), SAVE_MS);
    }
    clearTimeout(this.timers.evaluate);
    if (now) this.evaluate();
    else this.timers.evaluate = setTimeout(() => this.evaluate(), DEBOUNCE_MS);
    if (fromUser) this.host.dispatchEvent(new CustomEvent('metrex-input', { bubbles: true, composed: true, detail: { state: { ...this.state } } }));
  }

  autosave() {
    if (!this.persist) return;
    const { state } = this;
    const result = state.log.length > SAVE_LOG_LIMIT ? (save({ ...state, log: '' }) === 'ok' ? 'without-log' : 'failed') : save(state);
    this.ui.logStats.title = result === 'ok' ? '' : result === 'without-log' ? 'The log is too large for this browser\'s storage: it is not autosaved.' : 'Autosave failed (storage unavailable).';
    this.ui.logStats.classList.toggle('warn-text', result !== 'ok');
    this.updateLogStats(result);
  }

  evaluate() {
    const { state, big } = this;
    const log = big ? (big.file ?? big.text) : state.log;
    // The worker keeps the log: it is sent again only when it changed.
    if (log !== this.logSource) {
      this.logSource = log;
      this.logKey++;
    }
    const request = {
      definitions: state.definitions,
      log,
      logKey: this.logKey,
      options: { escape: state.escape, allMatches: state.allMatches, maxCaptures: MAX_CAPTURES, maxColumns: MAX_COLUMNS, objective: state.objective },
      // The text the highlights are drawn on: the log, or the first lines of a large one.
      meta: { logText: this.ui.log.value },
    };
    clearTimeout(this.timers.slow);
    this.timers.slow = setTimeout(() => this.setStatus(big ? `Evaluating ${big.label}…` : 'Evaluating…', true), 250);
    this.engine.evaluate(request);
  }

  /** The results so far of a long read (a large file), with its progress and a Cancel button. */
  renderProgress(reply, request) {
    const { ui } = this;
    this.flushPaint();
    const { bytes: done, total, lines, first = true } = reply.progress;
    ui.progress.hidden = false;
    ui.progressBar.value = total ? done / total : 0;
    const part = `${bytes(done)} of ${bytes(total)} (${Math.floor((100 * done) / Math.max(1, total))}%)`;
    const label = this.big?.label ?? 'the log';
    // A file too big to hold is read again for changed definitions: typing on supersedes
    // that read (no Cancel needed, and cancelling would lose the file's other results).
    ui.progressText.textContent = first ? `Reading ${label}: ${part}, ${plural(lines, 'line')}` : `Running the changed definitions over ${label}: ${part}`;
    ui.progressCancel.hidden = !first;
    clearTimeout(this.timers.slow);
    if (reply.lineIndex && this.big && request.log === this.big.file) this.takeIndex(reply.lineIndex);
    const report = reply.report;
    if (!report || !Array.isArray(report.definitions)) return;
    if (!first) {
      // A re-read runs the changed definitions only: the others keep the captures the page
      // holds (the same lists, so their cards stay as drawn instead of being rebuilt bare).
      for (const def of report.definitions) {
        const kept = this.results.get(def.regex);
        if (kept) Object.assign(def, { captures: kept.captures, ignored: kept.ignored });
      }
    }
    if (first) this.setStatus(`Reading: ${plural(lines, 'line')} so far · ${plural(report.definitions.reduce((n, d) => n + d.summary.count, 0), 'value')} counted`, true);
    else this.setStatus(`Running the changed definitions: ${Math.floor((100 * done) / Math.max(1, total))}% of ${label}…`, true);
    this.renderDocWarnings(report.warnings);
    renderCards(ui.cards, report, { expanded: this.expanded, collapsed: this.collapsed, explainOpen: this.explainOpen, onReveal: (c) => this.reveal(c) });
    if (!first) this.renderRerun(report, request);
    this.host.dispatchEvent(new CustomEvent('metrex-report', { bubbles: true, composed: true, detail: { report, partial: true, progress: reply.progress } }));
  }

  /**
   * While a big file is read again for changed definitions, their old results are no
   * longer theirs: the chart and the viewer leave them out until the read ends (a
   * partial report lists no captures); the other definitions keep theirs. The viewer
   * is told once per set of changed definitions, not on every progress report (it
   * would drop and ask again for the highlights in view).
   */
  renderRerun(report, request) {
    const { definitions } = report;
    const changed = definitions.map((d) => !d.error && !this.results.has(d.regex));
    if (!changed.some(Boolean)) return;
    const columns = definitions.map((d, i) => (changed[i] ? null : this.results.get(d.regex)?.columns ?? null));
    this.ui.chartPanel.hidden = !this.chart.render(report, columns) || !this.panes.has('chart');
    const { big, viewer } = this;
    if (!big?.source || !viewer || request.log !== (big.file ?? big.text)) return;
    const key = definitions.map((d, i) => `${changed[i] ? '?' : ''}${d.regex}`).join('\u0000');
    if (big.rerun?.key === key) return;
    big.rerun = { key, report, columns };
    viewer.setReport(report, columns);
  }

  /** Stops reading a large file: the log goes back to what it was before. */
  cancelRead() {
    if (!this.engine.cancel()) return;
    this.ui.progress.hidden = true;
    const before = this.beforeFile;
    this.beforeFile = null;
    this.toast('Reading the file was cancelled; the log is as it was before.');
    if (before) {
      this.leaveBig();
      this.state.log = before.log;
      if (before.big) this.enterBig(before.big);
      else {
        this.ui.log.value = before.log;
        this.logView.setText(before.log);
        this.updateLogStats();
        this.fitLog();
      }
    }
    this.changed({ now: true });
  }

  /**
   * The worker sends each definition's captures and columns only when they are new:
   * the others are taken from the previous replies (by regex).
   */
  mergeResults(reply) {
    const { report } = reply;
    const fresh = Array.isArray(reply.fresh) ? reply.fresh : report.definitions.map(() => true);
    const columns = Array.isArray(reply.columns) ? reply.columns : [];
    let complete = true;
    report.definitions.forEach((def, i) => {
      if (fresh[i]) {
        this.results.set(def.regex, { captures: def.captures, ignored: def.ignored, columns: columns[i] ?? null });
        return;
      }
      const kept = this.results.get(def.regex);
      if (kept) {
        def.captures = kept.captures;
        def.ignored = kept.ignored;
      } else if (!def.error) complete = false;
    });
    const used = new Set(report.definitions.map((d) => d.regex));
    for (const regex of this.results.keys()) if (!used.has(regex)) this.results.delete(regex);
    this.columns = report.definitions.map((d) => this.results.get(d.regex)?.columns ?? null);
    return complete;
  }

  // ---- rendering a report -----------------------------------------------------

  render(reply, request) {
    const { ui } = this;
    // What waits from the previous report is drawn first, with that report's columns.
    this.flushPaint();
    const report = reply.report;
    if (!report || typeof report !== 'object' || !Array.isArray(report.definitions)) {
      this.showBanner(`The engine answered something unexpected: ${String(report).slice(0, 200)}`, 'error', 'engine');
      return;
    }
    if (!this.mergeResults(reply)) {
      // Results the page does not have (it should not happen): ask for everything again.
      this.logSource = undefined;
      this.evaluate();
    }
    this.ui.progress.hidden = true;
    this.beforeFile = null;
    this.report = report;
    // A result clears what the engine said before; other messages stay until dismissed.
    if (ui.banner.dataset.source === 'engine') this.hideBanner();
    if (reply.readError) this.showBanner(`${reply.readError[0].toUpperCase()}${reply.readError.slice(1)}. Open it again to read all of it.`, 'error', 'engine');
    const { definitions } = report;
    const counted = definitions.reduce((n, d) => n + d.summary.count, 0);
    const failing = definitions.filter((d) => d.error || d.summary.count === 0).length;
    this.setStatus([
      report.format === 'empty' ? 'No definitions yet: paste a JSON list, AWS JSON or Python SDK code' : plural(definitions.length, 'definition'),
      `${plural(counted, 'value')} counted`,
      failing ? `${failing} recording nothing` : null,
      `${plural(report.lines, 'line')} scanned in ${Number.isFinite(reply.ms) ? reply.ms.toFixed(reply.ms < 10 ? 1 : 0) : '?'} ms${reply.workers === 2 ? ' by two workers' : ''}`,
    ].filter(Boolean).join(' · '), false, failing > 0);

    ui.format.textContent = FORMATS[report.format] ?? report.format;
    ui.format.className = `badge ${report.format === 'unknown' ? 'bad' : ''}`;
    ui.format.hidden = !ui.format.textContent;
    this.renderInputErrors(report.input_errors, request.definitions);
    this.renderDocWarnings(report.warnings);
    this.renderObjective(report.objective);
    this.syncObjectiveSelect();
    this.columnsMemo = { report, columns: this.columns };
    const onReveal = (c) => this.reveal(c);
    const fullList = (wrap, def, index) => this.loadBig().then((m) => m.mountCaptureList(wrap, {
      col: this.columnsOf(report)[index], source: () => this.lineSource(request), escape: request.options.escape, onReveal, reasonText,
    }), () => {});
    const held = (i) => (this.columns[i] ? { count: this.columns[i].line.length, total: this.columns[i].total } : undefined);
    renderCards(ui.cards, report, { expanded: this.expanded, collapsed: this.collapsed, explainOpen: this.explainOpen, onReveal, fullList, held });
    // The cards are what an edit is for: the rest is drawn after they are on screen.
    const columns = this.columns;
    this.afterPaint(() => this.renderAround(reply, request, columns));
  }

  /**
   * Runs `draw` once the next frame has been painted (a task after the frame), or after
   * AFTER_PAINT_MS when no frame comes (a hidden tab). One draw waits at a time: a newer
   * render or a partial report first runs the waiting one (`flushPaint`), so every
   * report is drawn whole and `metrex-report` fires for each, in order.
   */
  afterPaint(draw) {
    this.flushPaint();
    this.painting = draw;
    const run = () => this.flushPaint();
    const frame = requestAnimationFrame(() => setTimeout(run, 0));
    const fallback = setTimeout(run, AFTER_PAINT_MS);
    this.paintWait = () => { cancelAnimationFrame(frame); clearTimeout(fallback); };
  }

  /** Runs the draw waiting for the next frame now, if there is one. */
  flushPaint() {
    const draw = this.painting;
    if (!draw) return;
    this.painting = null;
    this.paintWait();
    draw();
  }

  /**
   * Everything of a report but its cards: the chart, the legend, the highlights, the
   * viewer of a big log, the teaching panes; then `metrex-report`.
   */
  renderAround(reply, request, columns) {
    const { ui } = this;
    const { report } = reply;
    const { logText } = request.meta;
    const { definitions } = report;
    ui.chartPanel.hidden = !this.chart.render(report, columns) || !this.panes.has('chart');
    this.renderLegend(definitions);
    this.logView.setReport(report, logText, columns.some(Boolean) ? columns : null);
    // The viewer draws the report only on the log it was computed on.
    if (this.big) {
      const same = request.log === (this.big.file ?? this.big.text);
      this.big.report = same ? report : null;
      this.big.rerun = null;
      if (same && reply.lineIndex) this.takeIndex(reply.lineIndex);
      this.feedViewer();
    }
    this.teaching?.update(report, request);
    if (!this.teaching && this.explainOpen.size) this.loadTeaching();
    this.updateOpenLink();
    this.host.dispatchEvent(new CustomEvent('metrex-report', { bubbles: true, composed: true, detail: { report } }));
  }

  /**
   * Loads the teaching features (explain panes, the line inspector, lessons) the first
   * time one is used: they stay out of the first visit's download.
   */
  loadTeaching() {
    this.teachingLoad ??= import('../teach/index.js')
      .then(({ Teaching }) => {
        this.teaching = new Teaching(this, { h, replace, fmt, plural, COLOURS });
        if (this.report) this.teaching.update(this.report);
        return this.teaching;
      })
      .catch((error) => {
        this.teachingLoad = null;
        this.toast(`The teaching features could not load: ${error.message}`);
        throw error;
      });
    return this.teachingLoad;
  }

  /** Opens a challenge link's fragment (`#challenge=…`) in the lessons. */
  openChallenge(hash) {
    this.loadTeaching().then((t) => {
      if (!t.startChallenge(hash)) this.showBanner('This challenge link could not be read: it may have been cut short.', 'error');
    }, () => {});
  }

  /** Inspects line `n` of the log (1-based) in the line inspector. */
  inspectAt(n) {
    if (!(n >= 1)) return;
    this.ui.inspectLine.value = String(n);
    this.loadTeaching().then((t) => t.setLine(n), () => {});
  }

  reveal(capture) {
    this.inspectAt(capture.line);
    if (this.big) {
      const big = this.big;
      big.ready.then(() => {
        if (this.big !== big) return;
        this.viewer.goTo(capture.line);
        this.ui.logEditor.closest('.log-panel')?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
      }, () => {});
      return;
    }
    if (!this.logView.reveal(capture)) this.toast(`Line ${capture.line.toLocaleString('en-US')} is past the end of the log.`);
  }

  /**
   * Line `n` (1-based) of the log as the engine splits it (no LF, no CR of a CRLF), or
   * null past its end: what the line inspector reads, for any line of a log of any size.
   */
  async lineText(n) {
    if (!(n >= 1)) return null;
    const big = this.big;
    if (big) {
      try {
        const source = await big.ready;
        await source.load(n, n);
        return source.get(n) ?? null;
      } catch {
        return null; // another log came, or the file could not be read (said already)
      }
    }
    const { logView } = this;
    if (!logView.text || n > logView.validLinesCount()) return null;
    const line = logView.lineText(n);
    return n < logView.lineStarts.length && line.endsWith('\r') ? line.slice(0, -1) : line;
  }

  /** Loads the big-log code (viewer, line sources, capture columns) once. */
  loadBig() {
    this.bigLoad ??= import('../render/biglog.js')
      .then((m) => {
        m.setup(this.root, { h, drawLine, describe, describeInline });
        return (this.bigModule = m);
      })
      .catch((error) => {
        this.bigLoad = null;
        this.toast(`The log viewer could not load: ${error.message}`);
        throw error;
      });
    return this.bigLoad;
  }

  /** The capture columns of `report` (aligned with its definitions): the engine's, or built from the report. */
  columnsOf(report) {
    const memo = this.columnsMemo;
    if (memo?.report !== report) return this.bigModule.columnsFromReport(report);
    memo.columns ??= this.bigModule.columnsFromReport(report);
    return memo.columns;
  }

  /** The line source of the log `request` evaluated (null while a big one is not ready). */
  lineSource(request) {
    const { big } = this;
    if (big && request.log === (big.file ?? big.text)) return big.source ?? null;
    const text = request.meta.logText;
    if (this.textSourceMemo?.text !== text) this.textSourceMemo = new this.bigModule.TextSource(text);
    return this.textSourceMemo;
  }

  /** Gives the viewer the current report, when it was computed on the log shown. */
  feedViewer() {
    const { big, viewer } = this;
    if (!big?.source || !viewer) return;
    if (big.rerun) viewer.setReport(big.rerun.report, big.rerun.columns);
    else if (big.report) viewer.setReport(big.report, this.columnsOf(big.report));
    else viewer.setReport(null, []);
  }

  /**
   * The line index of a file too large for memory, `{ every, offsets, lines }`, from the
   * worker, which builds it as it reads the file: it comes with each progress report
   * (`reply.lineIndex`), so the viewer shows the lines read so far and grows with them.
   * Resolves once there is one (`big.index`, always the latest).
   */
  fileIndex(big) {
    return new Promise((resolve) => {
      big.lineIndex = () => {
        if (!big.source) return resolve();
        big.source.update(big.index);
        this.viewer?.grown();
      };
      if (big.index) resolve();
    });
  }

  /** The worker's line index of the file shown (see fileIndex). */
  takeIndex(index) {
    this.big.index = index;
    this.big.lineIndex?.();
  }

  setStatus(text, busy = false, problem = false) {
    this.ui.status.replaceChildren(
      h('span', { class: `dot ${busy ? 'busy' : problem ? 'warn' : 'ok'}`, attrs: { 'aria-hidden': 'true' } }),
      h('span', { text }),
      this.version ? h('span', { class: 'muted version', text: `engine ${this.version}` }) : null);
  }

  renderInputErrors(errors, definitionsText) {
    const { ui } = this;
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

  renderDocWarnings(warnings) {
    const { ui } = this;
    replace(ui.docWarnings, warnings.map((w) => h('li', { class: `finding sev-${w.severity}` },
      h('span', { class: 'sev', text: w.severity === 'error' ? '✖' : w.severity === 'warning' ? '▲' : 'ℹ', attrs: { 'aria-label': w.severity } }),
      h('div', {}, h('code', { class: 'code-name', text: w.code }), ' ',
        // A finding about the definitions text (a misspelled keyword) selects what it is about.
        w.location ? h('button', {
          type: 'button', class: 'link', text: `line ${w.location.line}, column ${w.location.column}`,
          on: { click: () => { ui.definitions.focus(); ui.definitions.setSelectionRange(w.location.start_utf16, Math.max(w.location.start_utf16 + 1, w.location.end_utf16)); } },
        }) : null,
        w.location ? ': ' : null,
        h('span', {}, withCode(w.message))))));
  }

  renderObjective(objective) {
    const { ui } = this;
    ui.objectiveBox.hidden = !objective || !this.panes.has('objective');
    if (!objective) return;
    const source = this.state.objective ? 'chosen on this page' : 'from the input';
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

  syncObjectiveSelect() {
    const { ui, report, state } = this;
    const names = [...new Set((report?.definitions || []).map((d) => d.name))];
    const chosen = state.objective?.name ?? '';
    if (chosen && !names.includes(chosen)) names.push(chosen);
    const fromInput = report?.objective && !state.objective ? report.objective : null;
    const first = h('option', { value: '', text: fromInput ? `From the input (${fromInput.name})` : 'None' });
    replace(ui.objective, first, names.map((name) => h('option', { value: name, text: name })));
    ui.objective.value = chosen;
    ui.direction.value = state.objective?.direction ?? report?.objective?.direction ?? ui.direction.value;
    ui.direction.disabled = this.readonly || (!state.objective && !report?.objective);
  }

  renderLegend(definitions) {
    const { ui } = this;
    // Unchanged names: the legend stays as it is.
    const key = JSON.stringify(definitions.map((d) => d.name));
    if (key === this.legendKey) return;
    this.legendKey = key;
    replace(ui.legend, definitions.map((d, index) => h('button', {
      type: 'button', class: `chip m${index % COLOURS}`, title: `Go to the ${d.name} card`,
      on: { click: () => { const card = ui.cards.children[index]; if (!card) return; card.tabIndex = -1; card.scrollIntoView({ behavior: 'smooth', block: 'start' }); card.focus({ preventScroll: true }); } },
    }, h('span', { class: 'swatch', attrs: { 'aria-hidden': 'true' } }), d.name || '(no name)')));
  }

  updateLogStats(saveResult) {
    const { ui, big, logView } = this;
    if (saveResult !== undefined) this.saveNote = saveResult === 'ok' ? '' : saveResult === 'without-log' ? 'log not autosaved: too large' : 'not autosaved: this browser\'s storage is full or turned off (a link keeps your work)';
    const text = ui.log.value;
    const parts = [];
    if (big?.file) parts.push(...(big.source ? [plural(big.source.lineCount, 'line')] : []), bytes(big.file.size));
    else if (big) parts.push(plural(big.lines, 'line'), bytes(big.bytes));
    else parts.push(plural(text ? logView.lineStarts.length - (text.endsWith('\n') ? 1 : 0) : 0, 'line'), bytes(utf8Length(text)));
    // NUL bytes or undecodable bytes (read as U+FFFD): say so, the log is not plain text.
    if (binary(big?.text ?? text)) parts.push('binary data: bytes that are not text read as \ufffd, control characters as #000');
    if (this.saveNote) parts.push(this.saveNote);
    ui.logStats.textContent = parts.join(' · ');
  }

  // ---- panes, theme, read-only ------------------------------------------------

  /** Shows the panes the `panes` and `compact` attributes ask for. */
  applyPanes() {
    const { host, root, ui } = this;
    const asked = (host.getAttribute('panes') || '').trim();
    let panes = host.hasAttribute('compact') ? COMPACT_PANES : DEFAULT_PANES;
    if (asked === 'all') panes = PAGE_PANES;
    else if (asked) panes = asked.split(/[\s,]+/).filter((p) => ALL_PANES.includes(p));
    this.panes = new Set(panes);
    for (const el of root.querySelectorAll('[data-pane]')) {
      const shown = this.panes.has(el.dataset.pane);
      // The chart and the objective also hide themselves when they have nothing to show.
      if (el.dataset.pane === 'chart' || el.dataset.pane === 'objective') el.hidden = !shown || el.hidden || !this.report;
      else el.hidden = !shown;
    }
    const inputs = ['definitions', 'options', 'log'].some((p) => this.panes.has(p));
    const results = ['status', 'objective', 'chart', 'inspect', 'lessons', 'cards', 'about'].some((p) => this.panes.has(p));
    ui.layout.classList.toggle('single', host.hasAttribute('compact') || !inputs || !results);
    root.querySelector('[data-skip]').hidden = !this.panes.has('toolbar');
    if (this.report) {
      ui.chartPanel.hidden = !this.panes.has('chart') || !this.chart.series.length;
      this.renderObjective(this.report.objective);
    }
  }

  /** The colour theme: the `theme` attribute (light, dark, auto), or the saved choice on the full page. */
  applyTheme() {
    const { host, ui } = this;
    let theme = host.getAttribute('theme');
    if (!THEMES.includes(theme)) theme = 'auto';
    ui.themeIcon.textContent = THEME_ICONS[theme];
    ui.theme.setAttribute('aria-label', `Colour theme: ${theme === 'auto' ? 'automatic' : theme}`);
    ui.theme.title = `Colour theme: ${theme === 'auto' ? 'automatic (follows the system)' : theme}`;
  }

  /** `readonly`: the inputs are shown but cannot be changed. */
  applyReadonly() {
    const { ui, root } = this;
    const ro = this.readonly;
    ui.definitions.readOnly = ro;
    ui.log.readOnly = ro || Boolean(this.big);
    for (const el of [ui.escape, ui.all, ui.objective, ui.logFile]) el.disabled = ro;
    for (const el of root.querySelectorAll('[data-editable]')) el.hidden = ro;
    this.syncObjectiveSelect();
  }

  get readonly() {
    return this.host.hasAttribute('readonly');
  }

  /** An attribute of the host changed after start. */
  attributeChanged(name, value) {
    if (name === 'panes' || name === 'compact') this.applyPanes();
    else if (name === 'theme') this.applyTheme();
    else if (name === 'readonly') this.applyReadonly();
  }

  // ---- banners, toasts, dialogs -------------------------------------------------

  /** Shows a message above the results; `source` 'engine' ones go away with the next result. */
  showBanner(text, kind = 'info', source = 'page') {
    const { ui } = this;
    replace(ui.banner, h('span', { text }),
      source === 'engine' ? null : h('button', { type: 'button', class: 'btn small', text: 'Dismiss', on: { click: () => this.hideBanner() } }));
    ui.banner.className = `banner ${kind}`;
    ui.banner.dataset.source = source;
    ui.banner.setAttribute('role', kind === 'error' ? 'alert' : 'status');
    ui.banner.hidden = false;
  }

  hideBanner() {
    this.ui.banner.hidden = true;
  }

  toast(text, action) {
    const { ui } = this;
    replace(ui.toast, h('span', { text }), action ? h('button', { type: 'button', class: 'btn small', text: action.label, on: { click: () => { ui.toast.hidden = true; action.run(); } } }) : null);
    ui.toast.hidden = false;
    clearTimeout(this.timers.toast);
    this.timers.toast = setTimeout(() => (ui.toast.hidden = true), action ? 8000 : 3500);
  }

  /** A dialog with one text to copy per tab; a tab may carry a `download` {href, name, label}. */
  openDialog({ title, note, tabs, status = '' }) {
    const { $, ui } = this;
    $('dialog-title').textContent = title;
    const tabBar = $('dialog-tabs');
    const download = $('dialog-download');
    const select = (tab) => {
      ui.dialogText.value = tab.text;
      $('dialog-note').textContent = tab.note || note || '';
      $('dialog-status').textContent = status;
      status = '';
      download.hidden = !tab.download;
      if (tab.download) {
        download.href = tab.download.href;
        download.setAttribute('download', tab.download.name);
        download.textContent = tab.download.label;
      }
      for (const b of tabBar.children) b.setAttribute('aria-selected', String(b.dataset.tab === tab.id));
    };
    tabBar.hidden = tabs.length < 2;
    replace(tabBar, tabs.map((tab) => h('button', { type: 'button', class: 'tab-btn', text: tab.label, dataset: { tab: tab.id }, attrs: { role: 'tab' }, on: { click: () => select(tab) } })));
    select(tabs[0]);
    ui.dialog.showModal();
    ui.dialogText.focus();
    ui.dialogText.select();
  }

  async copy(text) {
    const { dialogText } = this.ui;
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      dialogText.focus();
      dialogText.select();
      return document.execCommand?.('copy') ?? false;
    }
  }

  // ---- actions ------------------------------------------------------------------

  /** The page a link opens: the full playground this element was served with (or the shell's own URL). */
  get pageUrl() {
    return this.host.pageUrl || new URL('index.html', assets.base).href;
  }

  async share() {
    this.readPage();
    const fragment = await encodeFragment(this.state);
    const url = this.pageUrl.split('#')[0] + fragment;
    let note = `The whole work is in the link, after the #: browsers never send that part to a server. ${url.length.toLocaleString('en-US')} characters.`;
    if (this.big?.file) note += ' The log file read from disk is not in the link.';
    if (url.length > MAX_LINK) note += ' This is too long for browsers (about 2 MB at most): share a shorter log.';
    else if (url.length > LONG_LINK) note += ' Long links get cut by some apps; most of it is the log — trim it to what shows the problem.';
    const copied = url.length <= MAX_LINK && (await this.copy(url));
    this.openDialog({ title: 'Link to this work', tabs: [{ id: 'link', label: 'Link', text: url, note }], status: copied ? 'Copied to the clipboard.' : '' });
  }

  /** The Export dialog (its code loads on first use). */
  async exportDefinitions() {
    const { toJson, toPython } = await import('../export.js');
    const { report, state } = this;
    const defs = (report?.definitions || []).map((d) => ({ name: d.name, regex: d.regex }));
    const objective = state.objective || (report?.objective ? { name: report.objective.name, direction: report.objective.direction } : null);
    const unread = report?.input_errors?.length ?? 0;
    const note = (defs.length ? 'The names and regexes exactly as SageMaker receives them.' : 'No definitions to export yet.')
      + (unread ? ` ${plural(unread, 'part')} of the input could not be read and ${unread === 1 ? 'is' : 'are'} not included.` : '');
    this.openDialog({
      title: 'Export the definitions',
      tabs: [
        { id: 'json', label: 'JSON (API, boto3)', text: toJson(defs), note: `${note} For MetricDefinitions in CreateTrainingJob / boto3.` },
        { id: 'python', label: 'Python SDK', text: toPython(defs, objective), note: `${note} For an Estimator's metric_definitions.` },
      ],
    });
  }

  /** The Embed dialog: the current work as a custom element, as an iframe, and the single file. */
  async embedSnippets() {
    this.readPage();
    const base = assets.base;
    const state = { ...this.state };
    const fromFile = this.big?.file ? ' The log file read from disk is not included: paste the lines that matter.' : '';
    const { elementSnippet, iframeSnippet } = await import('./snippet.js');
    const iframe = await iframeSnippet(state, this.pageUrl);
    const single = new URL('metrex.html', base).href;
    this.openDialog({
      title: 'Embed this playground',
      tabs: [
        {
          id: 'element', label: 'Custom element', text: elementSnippet(state, base),
          note: `One script and one element, for a page that serves a copy of metrex's www/ folder (here: ${base}). It loads when scrolled into view and sends nothing anywhere.${fromFile}`,
        },
        {
          id: 'iframe', label: 'iframe', text: iframe,
          note: `The playground in a frame, with this work in the URL fragment. Post {type: 'metrex:evaluate', …} to it to change the inputs; it answers {type: 'metrex:report', report}.${fromFile}`,
        },
        {
          id: 'single', label: 'Single file', text: single,
          note: 'The whole playground in one HTML file (engine included) that works from disk with no network: for a handout, an air-gapped machine, an attachment.',
          download: { href: single, name: 'metrex.html', label: 'Download metrex.html' },
        },
      ],
    });
  }

  /** The embed footer's link: this work, opened in the full playground. */
  /**
   * The footer's link to the full page, carrying the work: made after a pause, and only
   * for a log small enough for a link (packing a big log on every edit would cost the
   * main thread more than the edit).
   */
  updateOpenLink() {
    if (!this.panes.has('footer')) return;
    const base = this.pageUrl.split('#')[0];
    clearTimeout(this.timers.link);
    if (this.big || this.state.log.length > LINK_LOG) {
      this.ui.openFull.href = base;
      return;
    }
    this.timers.link = setTimeout(async () => {
      try {
        this.ui.openFull.href = base + (await encodeFragment(this.state));
      } catch {
        // Too large for a link: the footer then opens the playground without the work.
        this.ui.openFull.href = base;
      }
    }, LINK_MS);
  }

  async loadExample(id) {
    const example = await exampleData(id);
    if (!example) return;
    this.readPage();
    const previous = { ...this.state };
    this.leaveBig();
    this.state = sanitize({ ...emptyState(), definitions: example.definitions, log: example.log, objective: example.objective });
    this.expanded.clear();
    this.writePage();
    this.changed({ now: true });
    if (previous.definitions.trim() || previous.log.trim()) {
      this.toast(`Loaded “${example.title}”.`, { label: 'Undo', run: () => { this.state = sanitize(previous); this.writePage(); this.changed({ now: true }); } });
    }
  }

  async openFile(f) {
    if (!f || this.readonly) return;
    if (f.size > BIG_LOG) {
      this.readPage();
      this.beforeFile = { log: this.state.log, big: this.big && !this.big.file ? { ...this.big } : null };
      // The worker reads the file in slices; the viewer reads the lines in view.
      this.enterBig({ file: f, label: f.name });
      this.changed({ now: true });
      return;
    }
    this.setLog(await f.text(), f.name);
  }

  /** Puts `text` in the editor, or — when it is large — beside it. */
  setLog(text, label = 'the pasted log') {
    const { ui } = this;
    if (text.length > BIG_LOG) {
      this.enterBig({ text, label });
      this.changed({ now: true });
      return;
    }
    this.leaveBig();
    ui.log.value = text;
    this.logView.setText(ui.log.value);
    this.updateLogStats();
    this.fitLog();
    this.changed({ now: true });
  }

  enterBig({ text, file: f, label }) {
    const { ui, logView } = this;
    this.leaveBig();
    let lines = 0;
    if (text) {
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
      if (!text.endsWith('\n')) lines++;
    }
    const big = { text, file: f, label, lines, bytes: text ? utf8Length(text) : f.size, source: null, report: null, abort: new AbortController() };
    this.big = big;
    ui.log.value = '';
    ui.log.readOnly = true;
    logView.setText('');
    ui.logEditor.classList.add('big');
    const viewerBox = this.$('log-viewer');
    viewerBox.hidden = false;
    const note = h('span', { text: f
      ? `${label} (${bytes(f.size)}) is evaluated from disk and shown below, read-only.`
      : `A large log (${plural(lines, 'line')}, ${bytes(big.bytes)}): all of it is evaluated and shown below, read-only, so typing stays fast.` });
    replace(ui.logNote, note,
      text && !this.readonly ? h('button', { type: 'button', class: 'btn small', text: `Edit the first ${plural(Math.min(lines, EDIT_LINES), 'line')} only`, on: { click: () => this.setLog(firstLines(text, EDIT_LINES)) } }) : null,
      this.readonly ? null : h('button', { type: 'button', class: 'btn small', text: 'Clear the log', on: { click: () => { this.setLog(''); ui.log.focus(); } } }));
    ui.logNote.hidden = false;
    big.ready = this.loadBig().then(async (m) => {
      this.viewer ??= new m.LogViewer({
        container: viewerBox, tip: this.$('tip'), info: this.$('log-info'),
        onLine: (n) => { if (this.panes.has('inspect') && ui.inspectLine.value !== String(n)) this.inspectAt(n); },
      });
      // Lines past the captures the columns hold get theirs from the engine, for the lines in view.
      this.viewer.highlighter = (text, first) => this.engine
        .teach({ highlight: { client: this.engine.id, definitions: this.state.definitions, text, first } })
        .then((reply) => reply.columns);
      // …and jumps past those captures search the log the worker keeps, or the file read again (0: none).
      this.viewer.finder = (index, from, forward, dropped) => this.engine
        .teach({ find: { client: this.engine.id, definitions: this.state.definitions, index, from, forward, dropped } })
        .then((reply) => reply.found || 0);
      let source;
      if (text != null) source = new m.TextSource(text);
      else {
        this.viewer.setSource(null);
        await this.fileIndex(big);
        source = new m.FileSource(f, big.index);
      }
      if (this.big !== big) throw new DOMException('another log', 'AbortError');
      big.source = source;
      this.viewer.setSource(source);
      this.feedViewer();
      this.updateLogStats();
      return source;
    });
    big.ready.catch((error) => { if (error.name !== 'AbortError' && this.big === big) this.toast(`The log could not be shown: ${error.message}`); });
    this.updateLogStats();
    this.fitLog();
  }

  leaveBig() {
    if (!this.big) return;
    this.big.abort.abort();
    this.big = null;
    this.viewer?.setSource(null);
    this.ui.logEditor.classList.remove('big');
    this.$('log-viewer').hidden = true;
    this.ui.log.readOnly = this.readonly;
    this.ui.logNote.hidden = true;
  }

  cycleTheme() {
    const current = THEMES.includes(this.host.getAttribute('theme')) ? this.host.getAttribute('theme') : 'auto';
    const next = THEMES[(THEMES.indexOf(current) + 1) % THEMES.length];
    if (this.persist) {
      try { localStorage.setItem(THEME_KEY, next); } catch { /* private mode */ }
    }
    this.host.setAttribute('theme', next);
  }

  // ---- events -----------------------------------------------------------------

  wire() {
    const { ui } = this;
    // An edit to the definitions runs at once: the worker runs only what changed.
    ui.definitions.addEventListener('input', () => this.changed({ now: true }));
    ui.progressCancel.addEventListener('click', () => this.cancelRead());
    ui.log.addEventListener('input', () => {
      if (ui.log.value.length > BIG_LOG) return this.setLog(ui.log.value);
      this.logView.setText(ui.log.value);
      this.updateLogStats();
      this.fitLog();
      this.changed();
    });
    // A large paste never reaches the textarea (see BIG_LOG).
    ui.log.addEventListener('paste', (e) => {
      if (this.readonly) return;
      const text = e.clipboardData?.getData('text/plain');
      if (!text) return;
      const { selectionStart: from, selectionEnd: to, value } = ui.log;
      if (this.big) {
        e.preventDefault();
        this.setLog(text);
      } else if (value.length - (to - from) + text.length > BIG_LOG) {
        e.preventDefault();
        this.setLog(value.slice(0, from) + text + value.slice(to));
      }
    });
    // A paste while the viewer has focus replaces the big log.
    this.$('log-viewer').addEventListener('paste', (e) => {
      const text = e.clipboardData?.getData('text/plain');
      if (this.readonly || !text) return;
      e.preventDefault();
      this.setLog(text);
    });
    // The line inspector follows the log's caret.
    let lastCaretLine = 0;
    const followCaret = () => {
      if (!this.panes.has('inspect')) return;
      const n = ui.log.value.slice(0, ui.log.selectionStart).split('\n').length;
      if (n === lastCaretLine && this.teaching) return;
      lastCaretLine = n;
      this.inspectAt(n);
    };
    // (Not 'select': the page's own setSelectionRange fires it, and the teaching code
    // would load on every first visit.)
    for (const type of ['click', 'keyup']) ui.log.addEventListener(type, followCaret);
    ui.inspectLine.addEventListener('input', () => {
      const n = Number(ui.inspectLine.value);
      if (Number.isInteger(n) && n >= 1) this.inspectAt(n);
    });
    const quickref = this.$('quickref');
    quickref.addEventListener('toggle', () => { if (quickref.open) this.loadTeaching().then((t) => t.openQuickReference(), () => {}); });
    ui.lessons.addEventListener('toggle', () => { if (ui.lessons.open) this.loadTeaching().then((t) => t.openLessons(), () => {}); });
    // An Explain pane opened in a card (toggle does not bubble: listen while capturing).
    ui.cards.addEventListener('toggle', (e) => { if (e.target.matches?.('[data-explain]') && e.target.open) this.loadTeaching().catch(() => {}); }, true);
    ui.escape.addEventListener('change', () => this.changed({ now: true }));
    ui.all.addEventListener('change', () => this.changed({ now: true }));
    ui.objective.addEventListener('change', () => {
      const name = ui.objective.value;
      this.state.objective = name ? { name, direction: ui.direction.value } : null;
      this.syncObjectiveSelect();
      this.changed({ now: true });
    });
    ui.direction.addEventListener('change', () => {
      const name = this.state.objective?.name ?? this.report?.objective?.name;
      if (name) this.state.objective = { name, direction: ui.direction.value };
      this.syncObjectiveSelect();
      this.changed({ now: true });
    });
    ui.example.addEventListener('change', () => {
      this.loadExample(ui.example.value);
      ui.example.value = '';
    });
    ui.share.addEventListener('click', () => this.share().catch((e) => this.toast(`Could not make a link: ${e.message}`)));
    ui.exportBtn.addEventListener('click', () => this.exportDefinitions().catch((e) => this.toast(`Could not export: ${e.message}`)));
    ui.embed.addEventListener('click', () => this.embedSnippets().catch((e) => this.toast(`Could not make the snippet: ${e.message}`)));
    ui.theme.addEventListener('click', () => this.cycleTheme());
    ui.logFile.addEventListener('change', () => {
      this.openFile(ui.logFile.files[0]);
      ui.logFile.value = '';
    });
    ui.logEditor.addEventListener('dragover', (e) => { if (this.readonly) return; e.preventDefault(); ui.logEditor.classList.add('drop-target'); });
    ui.logEditor.addEventListener('dragleave', () => ui.logEditor.classList.remove('drop-target'));
    ui.logEditor.addEventListener('drop', (e) => {
      ui.logEditor.classList.remove('drop-target');
      const f = e.dataTransfer?.files?.[0];
      if (f && !this.readonly) {
        e.preventDefault();
        this.openFile(f);
      }
    });
    this.root.querySelector('[data-skip]').addEventListener('click', () => ui.results.focus());
    const { $ } = this;
    $('dialog-copy').addEventListener('click', async () => {
      $('dialog-status').textContent = (await this.copy(ui.dialogText.value)) ? 'Copied.' : 'Select the text and copy it (Ctrl+C).';
    });
    $('dialog-close').addEventListener('click', () => ui.dialog.close());
    ui.dialog.addEventListener('click', (e) => { if (e.target === ui.dialog) ui.dialog.close(); });
    if (this.persist) {
      window.addEventListener('pagehide', () => { this.readPage(); this.autosave(); });
    }
  }
}

function firstLines(text, count) {
  let at = -1;
  for (let n = 0; n < count; n++) {
    at = text.indexOf('\n', at + 1);
    if (at === -1) return text;
  }
  return text.slice(0, at + 1);
}

let binaryMemo = { text: '', binary: false };

/** Whether `text` holds NUL bytes or undecodable bytes (read as U+FFFD); remembered for the last text. */
function binary(text) {
  if (binaryMemo.text !== text) binaryMemo = { text, binary: /[\0\ufffd]/.test(text) };
  return binaryMemo.binary;
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

/** The saved theme choice of the full page ('auto' when none). */
export function savedTheme() {
  try {
    const t = localStorage.getItem(THEME_KEY);
    return THEMES.includes(t) ? t : 'auto';
  } catch {
    return 'auto';
  }
}
