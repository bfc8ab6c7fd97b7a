// The page's speed as a user feels it: the built www/ in headless Chromium (the e2e
// tests' set-up: scripts/serve.mjs on loopback, Debian's Chromium driven by
// playwright-core). A benchmark, not a test: it prints figures beside the goals and
// exits 0 whatever they are; 1 only when the page does not work (a report or a card
// never comes).
//
//   1. edit → card   a ~10 MB log (bench/gen_log.py's mixed log) pasted into #log and
//                    41 definitions (its 40 plus `loss`) filled into #definitions; then
//                    single keystrokes in `loss`'s regex (type a character, delete it,
//                    …), each timed from its keydown (a capture-phase listener in the
//                    page) to the moment `loss`'s card shows the new regex and its count
//                    (a MutationObserver on the shadow root), plus one
//                    requestAnimationFrame (the next frame). Then typing bursts: 10
//                    characters ~80 ms apart, timed from the LAST keydown.
//   2. long tasks    a buffered PerformanceObserver('longtask') over the editing phase:
//                    the longest main-thread task and how many took over 50 ms.
//   3. Open file…    a generated file (copies of the log, default 1 GB, in a temporary
//                    directory, deleted at the end) set on #log-file with setInputFiles
//                    (a local browser reads it from disk by path); timed until the final
//                    report (`metrex-report` with all its lines, not `detail.partial`),
//                    while the summed RSS of the Chromium process tree is sampled every
//                    200 ms.
//
// Only the stable hooks are used (#definitions, #log, #log-file, [data-metric]
// [data-count], .card-regex, the metrex-report event), so the benchmark runs on the
// page as it is and as it is being reworked (incremental evaluation, streamed files
// with partial reports).
//
//   4. edits, file open   with that file open (too big to hold in memory), keystrokes in
//                    `loss`'s regex, timed to the card's first change (the new regex with
//                    the count so far) and to its final count; bursts of 3 keys.
//
// Usage: node bench/page_bench.mjs [--edits N (30)] [--bursts N (3)] [--log-mb N (10)]
//                                  [--file-mb N (1024; 0 skips the file run)] [--file-edits N (6)]
// (`make bench-page` builds the page and sets up Chromium first.)
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, mkdtempSync, openSync, writeSync, closeSync, rmSync, statSync } from 'node:fs';
import { tmpdir, loadavg, cpus } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { startServer, launch, newPage, CHROMIUM } from '../tests/e2e/harness.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const value = Number(args[i + 1]);
  if (!Number.isFinite(value) || value < 0) usage(`--${name} needs a number`);
  return value;
};
function usage(message) {
  console.error(`page_bench: ${message}\nusage: node bench/page_bench.mjs [--edits N] [--bursts N] [--log-mb N] [--file-mb N] [--file-edits N]`);
  process.exit(2);
}
if (args.includes('--help') || args.includes('-h')) usage('a browser benchmark of the built page (www/)');
const EDITS = option('edits', 30);
const BURSTS = option('bursts', 3);
const BURST_CHARS = 10;
const BURST_GAP_MS = 80;
const LOG_MB = option('log-mb', 10);
const FILE_MB = option('file-mb', 1024);
const FILE_EDITS = option('file-edits', 6);
const EDITED = { Name: 'loss', Regex: 'loss: ([0-9.]+)' };
/** Where the caret goes: right after `loss` in the edited regex (the first definition). */
const CARET_AT = '"Regex": "loss';
const GOALS = { editMedianMs: 50, longestTaskMs: 50, fileMBps: 100, peakMB: 512 };
const MiB = 1 << 20;

// ---- helpers ------------------------------------------------------------------------

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const ms = (x) => (x >= 10000 ? `${(x / 1000).toFixed(1)} s` : `${Math.round(x).toLocaleString('en')} ms`);
const mb = (bytes) => `${(bytes / MiB).toFixed(bytes < 100 * MiB ? 1 : 0)} MB`;
const countLines = (text) => {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return text.endsWith('\n') || !text ? n : n + 1;
};
const say = (line) => process.stderr.write(`· ${line}\n`);
class PageFailed extends Error {}

/** The mixed log (bench/gen_log.py, seed 1 as bench/bench.py uses), cut at a line end to about `mbytes` MB. */
function makeLog(mbytes) {
  const want = Math.round(mbytes * MiB);
  // About 90 bytes a line; generate with room to spare.
  const lines = Math.max(200000, Math.ceil(want / 80));
  const file = path.join(root, 'bench', 'out', lines === 200000 ? 'mixed-200k.log' : `mixed-${lines}.log`);
  if (!existsSync(file)) {
    say(`generating ${path.relative(root, file)} with bench/gen_log.py`);
    const run = spawnSync('python3', [path.join(root, 'bench', 'gen_log.py'), '--lines', String(lines), '--seed', '1', file], { stdio: ['ignore', 'ignore', 'inherit'] });
    if (run.status !== 0) throw new Error('bench/gen_log.py failed');
  }
  const all = readFileSync(file, 'utf8');
  const defs = JSON.parse(readFileSync(file.replace(/\.log$/, '.defs.json'), 'utf8'));
  // Cut at the last line end within `want` bytes (the text is mostly ASCII; count bytes exactly).
  const buf = Buffer.from(all, 'utf8');
  const end = buf.lastIndexOf(0x0a, want - 1) + 1;
  const text = buf.subarray(0, end).toString('utf8');
  return { text, bytes: end, lines: countLines(text), defs };
}

/** Summed memory of the browser: every process below this one except the static server. */
function browserMemory(skipPid) {
  const children = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(name));
    } catch { /* gone */ }
  }
  let rss = 0;
  let pss = 0;
  let tab = 0;
  let processes = 0;
  const each = [];
  const stack = [...(children.get(process.pid) ?? [])].filter((p) => p !== skipPid);
  while (stack.length) {
    const pid = stack.pop();
    stack.push(...(children.get(pid) ?? []));
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const kb = status.match(/^VmRSS:\s+(\d+) kB/m);
      if (!kb) continue;
      rss += Number(kb[1]) * 1024;
      processes++;
      const type = readFileSync(`/proc/${pid}/cmdline`, 'utf8').match(/--type=([\w-]+)/)?.[1] ?? 'browser';
      try {
        const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
        const kB = (key) => Number(rollup.match(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm'))?.[1] ?? 0) * 1024;
        pss += kB('Pss');
        // The page's renderer (with its workers) is the one with the most memory of its own.
        if (type === 'renderer') tab = Math.max(tab, kB('Private_Clean') + kB('Private_Dirty'));
      } catch { /* gone, or no smaps_rollup */ }
      each.push({ type, rss: Number(kb[1]) * 1024 });
    } catch { /* gone */ }
  }
  each.sort((a, b) => b.rss - a.rss);
  return { rss, pss, tab, processes, each };
}

/** Bytes this process has read (any file or socket): shows whether the big file went through it. */
const readBytes = () => Number(readFileSync('/proc/self/io', 'utf8').match(/^rchar:\s+(\d+)/m)[1]);

/** Runs in the page before its own scripts: reports, keydowns and long tasks are recorded. */
function instrument() {
  window.__bench = { reports: [], keydowns: [], tasks: [] };
  document.addEventListener('metrex-report', (e) => {
    const r = e.detail?.report;
    window.__bench.reports.push({ t: performance.now(), lines: r?.lines, definitions: r?.definitions?.length, partial: e.detail?.partial === true });
  }, true);
  window.addEventListener('keydown', () => window.__bench.keydowns.push(performance.now()), true);
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__bench.tasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch { window.__bench.noLongtask = true; }
}

/** Waits in the page for a report: `lines` lines, `definitions` definitions, not partial, after `since`. */
async function waitReport(page, { lines, definitions, since, timeout }) {
  try {
    const handle = await page.waitForFunction(({ lines, definitions, since }) => __bench.reports.find((r) => r.t > since && !r.partial
      && (lines === undefined || r.lines === lines) && (definitions === undefined || r.definitions === definitions)),
    { lines, definitions, since }, { timeout, polling: 100 });
    return handle.jsonValue();
  } catch (error) {
    const last = await page.evaluate(() => __bench.reports.at(-1)).catch(() => null);
    throw new PageFailed(`no report with ${lines ?? 'any'} lines and ${definitions ?? 'any'} definitions came within ${ms(timeout)} (last report: ${JSON.stringify(last)}): ${error.message.split('\n')[0]}`);
  }
}

/**
 * The count each regex the edits produce must show on the log, from the built engine
 * in this process (www/pkg): a card counts as updated only with its final count, so a
 * page that shows partial counts first is timed to the full result.
 */
async function expectedCounts(regexes, text) {
  const pkg = path.join(root, 'www', 'pkg');
  const { default: init, evaluate } = await import(path.join(pkg, 'metrex.js'));
  await init({ module_or_path: readFileSync(path.join(pkg, 'metrex_bg.wasm')) });
  const counts = new Map();
  for (const regex of regexes) {
    const report = evaluate(JSON.stringify([{ Name: EDITED.Name, Regex: regex }]), text, { maxCaptures: 0 });
    counts.set(regex, String(report.definitions[0].summary.count));
  }
  return counts;
}

/**
 * Arms a watcher in the page: resolves when card `name` shows `regex` and `count`
 * (noticed by a MutationObserver), one requestAnimationFrame later.
 */
function armCard(page, name, regex, count) {
  return page.evaluate(({ name, regex, count }) => {
    const root = __root();
    const find = () => {
      const card = root.querySelector(`[data-metric="${CSS.escape(name)}"][data-count="${count}"]`);
      return card && card.querySelector('.card-regex')?.textContent === regex ? card : null;
    };
    window.__bench.card = new Promise((resolve) => {
      const observer = new MutationObserver(() => {
        const card = find();
        if (!card) return;
        observer.disconnect();
        const dom = performance.now();
        const count = card.dataset.count;
        requestAnimationFrame(() => resolve({ dom, frame: performance.now(), count }));
      });
      observer.observe(root, { subtree: true, childList: true, attributes: true, characterData: true });
    });
  }, { name, regex, count });
}

async function cardShown(page, timeout = 120000) {
  const result = await Promise.race([
    page.evaluate(() => window.__bench.card.then((c) => ({ ...c, keydown: __bench.keydowns.at(-1), keys: __bench.keydowns.length }))),
    new Promise((resolve) => setTimeout(resolve, timeout, null)),
  ]);
  if (!result) throw new PageFailed(`the card of \`${EDITED.Name}\` did not show the edited regex and its count within ${ms(timeout)}`);
  return result;
}

const regexIn = (text) => JSON.parse(text)[0].Regex;
const sleep = (t) => new Promise((resolve) => setTimeout(resolve, t));

// ---- 1 and 2: edits on a 10 MB log ---------------------------------------------------

async function editRun(browser, log, definitionsText) {
  const { page, context, errors } = await newPage(browser);
  await context.addInitScript(instrument);
  await page.goto(server.url);
  await waitReport(page, { since: 0, timeout: 30000 });

  await page.fill('#definitions', definitionsText);
  await waitReport(page, { definitions: 41, since: 0, timeout: 30000 });
  // The log as a paste (page.fill with 10 MB would take long): one ClipboardEvent on
  // #log, over the whole of the example's log (a paste goes in at the caret).
  if (await page.locator('#log').isEditable()) await page.fill('#log', '');
  const pasted = await page.locator('#log').evaluate((el, text) => {
    el.focus();
    el.select?.();
    const data = new DataTransfer();
    data.setData('text/plain', text);
    const t = performance.now();
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true, composed: true }));
    return t;
  }, log.text);
  const full = await waitReport(page, { lines: log.lines, definitions: 41, since: pasted, timeout: 120000 });
  const first = { pasteToReport: full.t - pasted };
  const letters = 'abcdefghij'.slice(0, BURST_CHARS);
  const at = EDITED.Regex.indexOf('loss') + 4;
  const counts = await expectedCounts([EDITED.Regex, ...['e', letters].map((c) => EDITED.Regex.slice(0, at) + c + EDITED.Regex.slice(at))], log.text);
  const shows = async (text) => {
    const regex = regexIn(text);
    await armCard(page, EDITED.Name, regex, counts.get(regex));
  };

  // The caret right after `loss` in the edited regex.
  const caret = definitionsText.indexOf(CARET_AT) + CARET_AT.length;
  await page.locator('#definitions').evaluate((el, at) => { el.focus(); el.setSelectionRange(at, at); }, caret);
  let text = definitionsText;
  const phaseStart = await page.evaluate(() => performance.now());

  // Single keystrokes: type `e`, delete it, …; each waits for its card.
  const single = [];
  const singleDom = [];
  for (let i = 0; i < EDITS; i++) {
    const typing = i % 2 === 0;
    text = typing ? text.slice(0, caret) + 'e' + text.slice(caret) : text.slice(0, caret) + text.slice(caret + 1);
    await shows(text);
    if (typing) await page.keyboard.press('e');
    else await page.keyboard.press('Backspace');
    const shown = await cardShown(page);
    single.push(shown.frame - shown.keydown);
    singleDom.push(shown.dom - shown.keydown);
  }
  const singleEnd = await page.evaluate(() => performance.now());

  // Bursts: 10 characters ~80 ms apart, then 10 Backspaces; timed from the last keydown.
  const burst = [];
  const burstDom = [];
  for (let b = 0; b < BURSTS; b++) {
    for (const typing of [true, false]) {
      text = typing ? text.slice(0, caret) + letters + text.slice(caret) : text.slice(0, caret) + text.slice(caret + letters.length);
      await shows(text);
      const before = await page.evaluate(() => __bench.keydowns.length);
      for (let k = 0; k < BURST_CHARS; k++) {
        await page.keyboard.press(typing ? letters[k] : 'Backspace');
        if (k < BURST_CHARS - 1) await sleep(BURST_GAP_MS);
      }
      const shown = await cardShown(page);
      if (shown.keys - before !== BURST_CHARS) throw new PageFailed(`a burst of ${BURST_CHARS} keys gave ${shown.keys - before} keydowns`);
      burst.push(shown.frame - shown.keydown);
      burstDom.push(shown.dom - shown.keydown);
    }
  }
  const typed = await page.locator('#definitions').inputValue();
  if (typed !== text) throw new PageFailed('the definitions do not hold what was typed');
  const phaseEnd = await page.evaluate(() => performance.now());

  const { tasks, noLongtask } = await page.evaluate(() => __bench);
  const during = (from, to) => tasks.filter((t) => t.start >= from && t.start < to);
  const summary = (list) => ({ longest: Math.max(0, ...list.map((t) => t.duration)), over50: list.filter((t) => t.duration > 50).length });
  await context.close();
  return {
    first, single, burst, singleDom, burstDom, noLongtask, errors, counts,
    tasks: { all: summary(during(phaseStart, phaseEnd)), single: summary(during(phaseStart, singleEnd)), burst: summary(during(singleEnd, phaseEnd)) },
  };
}

// ---- 3: a big file opened with Open file… ---------------------------------------------

async function fileRun(browser, log, definitionsText, fileMB) {
  const dir = mkdtempSync(path.join(tmpdir(), 'metrex-page-bench-'));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  remove.sync = true;
  cleanups.push(remove);
  const file = path.join(dir, `mixed-${fileMB}mb.log`);
  const chunk = Buffer.from(log.text, 'utf8');
  const copies = Math.max(1, Math.round((fileMB * MiB) / chunk.length));
  say(`writing ${copies} copies of the log to ${file}`);
  const fd = openSync(file, 'w');
  for (let i = 0; i < copies; i++) writeSync(fd, chunk);
  closeSync(fd);
  const size = statSync(file).size;
  const lines = copies * log.lines;

  const { page, context, errors } = await newPage(browser);
  await context.addInitScript(instrument);
  await page.goto(server.url);
  await waitReport(page, { since: 0, timeout: 30000 });
  await page.fill('#definitions', definitionsText);
  await waitReport(page, { definitions: 41, since: 0, timeout: 30000 });

  const before = browserMemory(server.pid);
  let peak = before;
  let peakPss = before.pss;
  let peakTab = before.tab;
  const sampler = setInterval(() => {
    const now = browserMemory(server.pid);
    if (now.rss > peak.rss) peak = now;
    peakPss = Math.max(peakPss, now.pss);
    peakTab = Math.max(peakTab, now.tab);
  }, 200);
  try {
    const since = await page.evaluate(() => performance.now());
    const read0 = readBytes();
    const t0 = performance.now();
    await page.setInputFiles('#log-file', file);
    const setMs = performance.now() - t0;
    const throughNode = readBytes() - read0;
    const done = await waitReport(page, { lines, since, timeout: 120000 + fileMB * 2000 });
    const partials = await page.evaluate((since) => __bench.reports.filter((r) => r.t > since && r.partial).length, since);
    // The status line says when two workers shared the read (a file over 64 MB, two cores).
    const readers = /by two workers/.test(await page.textContent('#status')) ? 2 : 1;
    const seconds = (done.t - since) / 1000;
    const fileEdits = FILE_EDITS > 0 ? await editOpenFile(page, log, definitionsText, copies, lines) : null;
    return { size, lines, seconds, mbps: size / MiB / seconds, setMs, throughNode, partials, readers, before, peak, peakPss, peakTab, errors, fileEdits };
  } catch (error) {
    // What the page said before it failed.
    for (const e of errors) say(`page error: ${e}`);
    const state = await page.evaluate(() => ['banner', 'status', 'progress-text'].map((id) => `${id}: ${__root().getElementById(id)?.textContent?.trim()}`).join(' | ')).catch(() => '?');
    say(`page state: ${state}`);
    throw error;
  } finally {
    clearInterval(sampler);
    await context.close();
    rmSync(file, { force: true });
  }
}

/**
 * Edits `loss`'s regex with the big file open (too big to hold: a changed definition
 * re-reads it): single keystrokes, each timed from its keydown to the first change of
 * the card (the new regex shown, with the count so far) and to the final report, whose
 * count is checked; then bursts of 3 keys 150 ms apart, timed from the last keydown to
 * the final report (a re-read made stale by the next key must stop, not run on).
 */
async function editOpenFile(page, log, definitionsText, copies, lines) {
  const at = EDITED.Regex.indexOf('loss') + 4;
  const variants = ['e', 'xyz'].map((c) => EDITED.Regex.slice(0, at) + c + EDITED.Regex.slice(at));
  const counts = await expectedCounts([EDITED.Regex, ...variants], log.text);
  const caret = definitionsText.indexOf(CARET_AT) + CARET_AT.length;
  await page.locator('#definitions').evaluate((el, at) => { el.focus(); el.setSelectionRange(at, at); }, caret);
  let text = definitionsText;
  /** Resolves with the time the card first shows `regex` (whatever its count). */
  const armRegex = (regex) => page.evaluate(({ name, regex }) => {
    const root = __root();
    const shows = () => root.querySelector(`[data-metric="${CSS.escape(name)}"] .card-regex`)?.textContent === regex;
    window.__bench.regexShown = new Promise((resolve) => {
      const observer = new MutationObserver(() => {
        if (!shows()) return;
        observer.disconnect();
        resolve(performance.now());
      });
      observer.observe(root, { subtree: true, childList: true, attributes: true, characterData: true });
    });
  }, { name: EDITED.Name, regex });
  const finalCount = async (regex, since) => {
    const report = await waitReport(page, { lines, definitions: 41, since, timeout: 300000 });
    const count = await page.evaluate((name) => __root().querySelector(`[data-metric="${CSS.escape(name)}"]`)?.dataset.count, EDITED.Name);
    const want = String(Number(counts.get(regex)) * copies);
    if (count !== want) throw new PageFailed(`after an edit on the open file, \`${EDITED.Name}\` counts ${count}, not ${want}`);
    return report;
  };
  const firstChange = [];
  const full = [];
  for (let i = 0; i < FILE_EDITS; i++) {
    const typing = i % 2 === 0;
    text = typing ? text.slice(0, caret) + 'e' + text.slice(caret) : text.slice(0, caret) + text.slice(caret + 1);
    const regex = regexIn(text);
    await armRegex(regex);
    await page.keyboard.press(typing ? 'e' : 'Backspace');
    const keydown = await page.evaluate(() => __bench.keydowns.at(-1));
    const done = await finalCount(regex, keydown);
    const shown = await page.evaluate(() => __bench.regexShown);
    firstChange.push(shown - keydown);
    full.push(done.t - keydown);
  }
  const bursts = [];
  for (const typing of [true, false]) {
    text = typing ? text.slice(0, caret) + 'xyz' + text.slice(caret) : text.slice(0, caret) + text.slice(caret + 3);
    for (let k = 0; k < 3; k++) {
      await page.keyboard.press(typing ? 'xyz'[k] : 'Backspace');
      if (k < 2) await sleep(150);
    }
    const keydown = await page.evaluate(() => __bench.keydowns.at(-1));
    const done = await finalCount(regexIn(text), keydown);
    bursts.push(done.t - keydown);
  }
  return { firstChange, full, bursts };
}

// ---- main ----------------------------------------------------------------------------

/** Undone at the end, last first (the browser is closed, the server stopped, the big file deleted). */
const cleanups = [];
const cleanup = async () => {
  while (cleanups.length) {
    try { await cleanups.pop()(); } catch { /* best effort */ }
  }
};
// Interrupted: the big file and the server go (Playwright ends the browser when this process exits).
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    for (const f of cleanups.filter((c) => c.sync)) f();
    if (server?.pid > 0) try { process.kill(server.pid, 'SIGTERM'); } catch { /* gone */ }
    process.exit(130);
  });
}

const loadStart = loadavg()[0];
let server;
let browser;
let failed = null;
let edits;
let opened;
const log = makeLog(LOG_MB);
const definitions = [EDITED, ...log.defs];
const definitionsText = JSON.stringify(definitions, null, 1);
try {
  server = await startServer();
  // The static server is a child of this process too: it is left out of the browser's memory.
  server.pid = Number(spawnSync('pgrep', ['-P', String(process.pid), '-f', 'serve.mjs'], { encoding: 'utf8' }).stdout.trim().split('\n')[0]) || -1;
  cleanups.push(() => server.stop());
  browser = await launch();
  cleanups.push(() => browser?.close());
  say(`${mb(log.bytes)} log (${log.lines.toLocaleString('en')} lines), ${definitions.length} definitions: ${EDITS} edits, ${BURSTS * 2} bursts`);
  edits = await editRun(browser, log, definitionsText);
  if (FILE_MB > 0) {
    // A browser of its own, so that its memory is the file run's alone.
    await browser.close();
    browser = await launch();
    say(`Open file… with ${FILE_MB} MB`);
    opened = await fileRun(browser, log, definitionsText, FILE_MB);
  }
} catch (error) {
  failed = error;
}

// ---- the table -------------------------------------------------------------------------

const version = browser ? browser.version() : '?';
const rows = [];
const row = (what, figure, worst, goal, met) => rows.push([what, figure, worst, goal, met === undefined ? '' : met ? 'met' : 'not met']);
if (edits) {
  const { single, burst, singleDom, burstDom, tasks } = edits;
  if (single.length) row(`edit → card, single keystrokes (${single.length})`, `median ${ms(median(single))}`, `worst ${ms(Math.max(...single))}`, `median ≤ ${GOALS.editMedianMs} ms`, median(single) <= GOALS.editMedianMs);
  if (singleDom.length) row('  … to the card in the DOM', `median ${ms(median(singleDom))}`, `worst ${ms(Math.max(...singleDom))}`, '', undefined);
  if (burst.length) row(`edit → card, bursts of ${BURST_CHARS} keys ${BURST_GAP_MS} ms apart (${burst.length})`, `median ${ms(median(burst))}`, `worst ${ms(Math.max(...burst))}`, `median ≤ ${GOALS.editMedianMs} ms`, median(burst) <= GOALS.editMedianMs);
  if (!single.length && !burst.length) {
    // No edits: no typing phase to watch.
  } else if (edits.noLongtask) {
    row('longest main-thread task while typing', 'n/a (no longtask API)', '', `none over ${GOALS.longestTaskMs} ms`);
  } else {
    row('longest main-thread task while typing', ms(tasks.all.longest), `(single ${ms(tasks.single.longest)}, bursts ${ms(tasks.burst.longest)})`, `≤ ${GOALS.longestTaskMs} ms`, tasks.all.longest <= GOALS.longestTaskMs);
    row('tasks over 50 ms while typing', String(tasks.all.over50), `(single ${tasks.single.over50}, bursts ${tasks.burst.over50})`, '0', tasks.all.over50 === 0);
  }
}
if (opened) {
  row(`Open file… ${mb(opened.size)} → final report`, `${opened.mbps.toFixed(1)} MB/s`, `(${opened.seconds.toFixed(1)} s)`, `≥ ${GOALS.fileMBps} MB/s`, opened.mbps >= GOALS.fileMBps);
  const fe = opened.fileEdits;
  if (fe) {
    row(`  edit → card changes, file open (${fe.firstChange.length})`, `median ${ms(median(fe.firstChange))}`, `worst ${ms(Math.max(...fe.firstChange))}`, `≤ ${GOALS.editMedianMs} ms`, median(fe.firstChange) <= GOALS.editMedianMs);
    row('  … to its final count (file re-read)', `median ${ms(median(fe.full))}`, `worst ${ms(Math.max(...fe.full))}`, '', undefined);
    row(`  bursts of 3 keys → final count (${fe.bursts.length})`, `median ${ms(median(fe.bursts))}`, `worst ${ms(Math.max(...fe.bursts))}`, '', undefined);
  }
  row('browser peak memory during it (summed RSS)', mb(opened.peak.rss), `(${opened.peak.processes} processes; ${mb(opened.before.rss)} before)`, `< ${GOALS.peakMB} MB`, opened.peak.rss < GOALS.peakMB * MiB);
  row('  the tab alone: its renderer\'s own memory', mb(opened.peakTab), `(${mb(opened.before.tab)} before; page and workers)`, '', undefined);
}
const HEAD = ['measure', 'figure', 'worst / detail', 'goal', ''];
const widths = [0, 1, 2, 3, 4].map((i) => Math.max(...[HEAD, ...rows].map((r) => r[i].length)));
const line = (r) => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();

console.log(`metrex page benchmark — www/ in ${path.basename(CHROMIUM)} ${version} (headless), ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`);
console.log(`log: ${mb(log.bytes)}, ${log.lines.toLocaleString('en')} lines (bench/gen_log.py, mixed, seed 1), pasted into #log; ${definitions.length} definitions (its 40 + \`${EDITED.Name}\`: ${EDITED.Regex}, the one edited)`);
if (edits) {
  const [original, ...edited] = [...edits.counts.values()];
  console.log(`\`${EDITED.Name}\` counts ${Number(original).toLocaleString('en')} lines, ${edited.join(' and ')} while edited; paste → first full report: ${ms(edits.first.pasteToReport)}`);
}
console.log(`machine: ${cpus().length} cores, load average ${loadStart.toFixed(2)} at the start, ${loadavg()[0].toFixed(2)} at the end (other work on the machine slows every figure)`);
console.log('');
console.log(line(HEAD));
console.log(line(widths.map((w) => '-'.repeat(w))));
for (const r of rows) console.log(line(r));
if (edits && edits.single.length + edits.burst.length) {
  console.log('');
  console.log(`single keystrokes (ms, in order): ${edits.single.map((x) => Math.round(x)).join(' ')}`);
  console.log(`bursts (ms, in order):            ${edits.burst.map((x) => Math.round(x)).join(' ')}`);
}
if (opened) {
  const breakdown = (m) => m.each.map((p) => `${p.type} ${mb(p.rss)}`).join(', ');
  console.log(`memory: summed PSS (shared pages split between processes) ${mb(opened.before.pss)} before, ${mb(opened.peakPss)} at its peak; RSS grew by ${mb(opened.peak.rss - opened.before.rss)}`);
  console.log(`  RSS before the file (the page with the 41 definitions on its example): ${breakdown(opened.before)}`);
  console.log(`  RSS at the peak: ${breakdown(opened.peak)}`);
  console.log(`file: ${opened.lines.toLocaleString('en')} lines, read by ${opened.readers === 2 ? 'two workers' : 'one worker'}; ${opened.partials} partial reports before the final one; setInputFiles took ${ms(opened.setMs)} and this process read ${mb(opened.throughNode)} meanwhile (the browser read the file from disk by path)`);
}
for (const e of [...(edits?.errors ?? []), ...(opened?.errors ?? [])]) console.log(`page error: ${e}`);
console.log('');
console.log('edit → card: from the keydown (performance.now() in a capture listener) to the card showing the new regex and count, plus one');
console.log('requestAnimationFrame; includes the page\'s debounce. Memory: VmRSS summed over the browser\'s processes (shared pages count once per process);');
console.log('the tab alone: Private_Clean + Private_Dirty of the renderer holding the page and its workers (what Chrome\'s task manager calls its memory footprint).');
if (failed) console.log(`\nTHE PAGE FAILED: ${failed.message}`);
await cleanup();
if (failed && !(failed instanceof PageFailed)) console.error(failed);
process.exit(failed ? 1 : 0);
