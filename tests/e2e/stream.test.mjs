// Big logs: a file read from disk streams through the engine with a progress bar and
// results filling in, the main thread stays free, Cancel gives the old log back; edits
// to the definitions run on the log the worker keeps, and stale requests are dropped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, open as openFile, readFile } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { useServerAndBrowser, newPage, ready, setText, waitFor, json, countWorkerMessages } from './harness.mjs';

const env = useServerAndBrowser();
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The built small engine (www/pkg) in Node: what one pass counts, to compare the page with. */
async function nodeEngine() {
  const pkg = path.join(root, 'www', 'pkg');
  const engine = await import(path.join(pkg, 'metrex.js'));
  await engine.default({ module_or_path: await readFile(path.join(pkg, 'metrex_bg.wasm')) });
  return engine;
}

async function open() {
  const session = await newPage(env.browser);
  await session.context.addInitScript(countWorkerMessages);
  await session.context.addInitScript(() => {
    // Evaluation workers started (a restart starts another; the teaching worker is not counted).
    window.__evalWorkers = 0;
    const Original = window.Worker;
    window.Worker = class extends Original {
      constructor(url, options) {
        super(url, options);
        if (!/teaching/.test(options?.name ?? '')) window.__evalWorkers++;
      }
    };
  });
  await session.context.addInitScript(() => {
    // Every report event, partial or final, with what it said.
    window.__reports = [];
    document.addEventListener('metrex-report', (e) => window.__reports.push({
      partial: Boolean(e.detail.partial), lines: e.detail.report.lines,
      progress: e.detail.progress ? e.detail.progress.bytes / e.detail.progress.total : 1,
    }));
  });
  await session.page.goto(env.server.url);
  await ready(session.page);
  return session;
}

/** Writes `lines` numbered lines (`step N loss=…`, every 10th a dropped `loss=nan`) to a file. */
async function writeLog(file, lines) {
  const handle = await openFile(file, 'w');
  const block = 100000;
  for (let start = 1; start <= lines; start += block) {
    let text = '';
    for (let n = start; n < Math.min(lines + 1, start + block); n++) {
      text += n % 10 === 0 ? `step ${n} loss=nan time=0.001 padding-padding-padding-padding\n` : `step ${n} loss=${(1 / n).toFixed(6)} time=0.001 padding-padding-padding\n`;
    }
    await handle.write(text);
  }
  await handle.close();
}

/** Ticks every 20 ms until `done()` in the page; resolves to the longest gap between ticks. */
function watchMainThread(page) {
  return page.evaluate(() => new Promise((resolve) => {
    let last = performance.now();
    let worst = 0;
    const tick = () => {
      const now = performance.now();
      worst = Math.max(worst, now - last);
      last = now;
      if (window.__stopWatch) resolve(worst);
      else setTimeout(tick, 20);
    };
    setTimeout(tick, 20);
  }));
}

test('a 200 MB file streams with progress, results filling in, and the main thread free', async () => {
  const { page, context, errors } = await open();
  const dir = await mkdtemp(path.join(tmpdir(), 'metrex-e2e-'));
  const file = path.join(dir, 'train.log');
  const lines = 2_600_000;
  await writeLog(file, lines);
  try {
    await setText(page, '#definitions', json([['loss', 'loss=(\\S+)'], ['step', 'step (\\d+)']]));
    await waitFor(page, () => __root().querySelector('[data-metric="step"]'));
    const watching = watchMainThread(page);
    // Bytes the page itself reads from files (the viewer's blocks): the worker reads the
    // file and indexes it, so the page never reads it whole.
    await page.evaluate(() => {
      window.__pageRead = 0;
      const slice = Blob.prototype.slice;
      Blob.prototype.slice = function (start = 0, end = this.size) {
        const piece = slice.call(this, start, end);
        window.__pageRead += piece.size;
        return piece;
      };
    });
    await page.setInputFiles('#log-file', file);
    // The progress bar shows, with the results so far.
    await page.waitForFunction(() => !__root().getElementById('progress').hidden && __root().getElementById('progress-bar').value > 0, null, { timeout: 60000 });
    // The viewer shows the lines read so far while the rest is read (the worker's line
    // index comes with each progress report), and grows with them.
    const shown = () => page.evaluate(() => ({
      reading: !__root().getElementById('progress').hidden,
      count: Number(__root().querySelector('#log-viewer .viewer-status')?.textContent.match(/of ([\d,]+)/)?.[1].replace(/,/g, '') ?? 0),
      first: __root().querySelector('#log-viewer [data-log-line="1"]')?.textContent,
    }));
    await page.waitForFunction(() => __root().querySelector('#log-viewer [data-log-line="1"]')?.textContent.startsWith('step 1 '), null, { timeout: 30000 });
    const early = await shown();
    assert.ok(early.reading, 'line 1 shows while the file is read');
    assert.equal(early.first, 'step 1 loss=1.000000 time=0.001 padding-padding-padding');
    assert.ok(early.count > 0 && early.count < lines, `the viewer counts ${early.count} lines read`);
    await page.waitForFunction((n) => Number(__root().querySelector('#log-viewer .viewer-status').textContent.match(/of ([\d,]+)/)?.[1].replace(/,/g, '')) > n, early.count, { timeout: 30000 });
    assert.ok((await shown()).reading || (await shown()).count === lines, 'the count grows with the read');
    await page.waitForFunction((n) => __root().querySelector('[data-metric="step"]')?.dataset.count === String(n), lines, { timeout: 180000 });
    await page.evaluate(() => { window.__stopWatch = true; });
    assert.equal((await shown()).count, lines);
    // Two workers read it, one half each (the machine has two cores or more).
    if (await page.evaluate(() => navigator.hardwareConcurrency >= 2)) {
      assert.match(await page.textContent('#status'), /2,600,000 lines scanned in [\d,.]+ ms by two workers/);
    }
    const pageRead = await page.evaluate(() => window.__pageRead);
    assert.ok(pageRead < 4 << 20, `the page read ${(pageRead / 2 ** 20).toFixed(1)} MB of the file itself`);
    const worst = await watching;
    assert.ok(worst < 200, `the main thread was blocked for ${worst.toFixed(0)} ms`);
    const dropped = Math.floor(lines / 10);
    assert.equal(await page.getAttribute('[data-metric="loss"]', 'data-count'), String(lines - dropped));
    assert.equal(await page.$eval('#progress', (el) => el.hidden), true);
    const reports = await page.evaluate(() => window.__reports);
    const partial = reports.filter((r) => r.partial);
    assert.ok(partial.length >= 2, `${partial.length} partial reports`);
    // Partial results grow, and come before the final one.
    for (let k = 1; k < partial.length; k++) assert.ok(partial[k].lines >= partial[k - 1].lines);
    assert.ok(partial.some((r) => r.lines > 0 && r.lines < lines));
    assert.equal(reports.at(-1).partial, false);
    assert.equal(reports.at(-1).lines, lines);
    // The chart spans the whole log though the page holds the first 100,000 captures
    // of each metric: its x axis reaches past line 2,000,000.
    const xs = await page.evaluate(() => [...__root().querySelectorAll('#chart text')].map((t) => Number(t.textContent.replace(/,/g, ''))).filter(Number.isFinite));
    assert.ok(Math.max(...xs) >= 2_000_000, `the chart's axes stop at ${Math.max(...xs)}`);
    // The last line, far past the captures the page holds (100,000 per metric), is
    // shown with its highlights: the engine finds them for the lines in view.
    await page.fill('#goto-line', String(lines));
    await page.press('#goto-line', 'Enter');
    const last = `#log-viewer [data-log-line="${lines}"]`;
    await page.waitForFunction((sel) => __root().querySelectorAll(`${sel} mark.hl`).length >= 2, last, { timeout: 30000 });
    const marks = await page.$$eval(`${last} mark.hl.g`, (els) => els.map((el) => el.textContent));
    assert.deepEqual(marks, [String(lines), 'nan']);
    assert.equal(await page.textContent(last), `step ${lines} loss=nan time=0.001 padding-padding-padding-padding`);
    // The line's description under the log names what is on it.
    await page.waitForFunction(() => /step: value 2,?600,?000/.test(__root().getElementById('log-info').textContent), null, { timeout: 10000 });
    assert.match(await page.textContent('#log-info'), /loss: dropped/);

    // Jumps past the captures the page holds search the file, read again piece by
    // piece through the line index (it is too big to keep).
    const at = (n) => page.waitForFunction((n) => __root().querySelector('#log-viewer .current')?.dataset.logLine === String(n), n, { timeout: 30000 });
    await page.fill('#goto-line', '2000003');
    await page.press('#goto-line', 'Enter');
    await at(2000003);
    await page.selectOption('#jump-metric', { label: 'loss' });
    await page.click('#jump-next');
    await at(2000004);
    await page.click('#jump-prev');
    await page.click('#jump-prev');
    await at(2000002);
    await page.click('#jump-dropped');
    await at(2000010);

    // The file is too big to hold: an edit re-reads it for the changed definition alone,
    // showing its first results at once; each key typed on makes the re-read before it
    // stale, and it stops at its next slice (the worker is not restarted, and the other
    // definitions keep their results).
    const workers = await page.evaluate(() => window.__evalWorkers);
    // The view at line 3 (among the captures the page holds): `step` highlights its 3.
    const groupsOn = (n) => page.$$eval(`#log-viewer [data-log-line="${n}"] mark.hl.g`, (els) => els.map((el) => el.textContent));
    await page.fill('#goto-line', '3');
    await page.press('#goto-line', 'Enter');
    await at(3);
    await page.waitForFunction(() => __root().querySelectorAll('#log-viewer [data-log-line="3"] mark.hl.g').length === 2, null, { timeout: 30000 });
    assert.deepEqual(await groupsOn(3), ['3', '0.333333']);
    await page.evaluate(() => {
      const defs = __root().getElementById('definitions');
      const at = defs.value.indexOf('d+)"') + 3;
      defs.focus();
      defs.setSelectionRange(at, at);
    });
    await page.keyboard.press(' ');
    await page.waitForFunction(() => /Running the changed definitions/.test(__root().getElementById('progress-text').textContent) && !__root().getElementById('progress').hidden, null, { timeout: 30000 });
    assert.equal(await page.$eval('#progress-cancel', (el) => el.hidden), true);
    for (const key of 'loss=n') {
      await page.keyboard.press(key);
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    // While the file is read again for it, `step`'s old highlights are gone (its new
    // regex does not match line 3); `loss` keeps its own.
    await page.waitForFunction(() => __root().querySelector('[data-metric="step"] .card-regex')?.textContent === 'step (\\d+) loss=n', null, { timeout: 30000 });
    const rereading = await page.evaluate(() => /Running the changed definitions/.test(__root().getElementById('progress-text').textContent) && !__root().getElementById('progress').hidden);
    const charted = () => page.evaluate(() => [...__root().querySelectorAll('#chart svg.plot')].map((s) => s.getAttribute('aria-label')).join(' | '));
    if (rereading) {
      assert.deepEqual(await groupsOn(3), ['0.333333']);
      // Nor does the chart draw its old values.
      assert.doesNotMatch(await charted(), /\bstep\b/);
      assert.match(await charted(), /\bloss\b/);
    }
    await page.waitForFunction((n) => {
      const card = __root().querySelector('[data-metric="step"]');
      return card?.querySelector('.card-regex')?.textContent === 'step (\\d+) loss=n' && card.dataset.count === String(n) && __root().getElementById('progress').hidden;
    }, dropped, { timeout: 180000 });
    assert.equal(await page.getAttribute('[data-metric="loss"]', 'data-count'), String(lines - dropped));
    assert.ok(rereading, 'the check above ran while the file was read again');
    // Read again: line 10 (loss=nan) shows `step`'s new match (its second colour), line 3 none.
    const step = (n) => page.$$eval(`#log-viewer [data-log-line="${n}"] mark.hl.m1`, (els) => els.map((el) => el.textContent).join(''));
    await page.waitForFunction(() => __root().querySelector('#log-viewer [data-log-line="10"] mark.hl.m1.g')?.textContent === '10', null, { timeout: 30000 });
    // (Where the two overlap, `loss=n`, the mark has one colour: `loss`'s on its group.)
    assert.equal(await page.$$eval('#log-viewer [data-log-line="10"] mark.hl', (els) => els.map((el) => el.textContent).join('')), 'step 10 loss=nan');
    assert.match(await step(10), /^step 10 loss=/);
    assert.equal(await step(3), '');
    assert.deepEqual(await groupsOn(3), ['0.333333']);
    await page.waitForFunction(() => /\bstep\b/.test([...__root().querySelectorAll('#chart svg.plot')].map((s) => s.getAttribute('aria-label')).join(' ')), null, { timeout: 10000 });
    assert.equal(await page.evaluate(() => window.__evalWorkers), workers, 'the worker was restarted to drop a stale re-read');
    assert.deepEqual(errors, []);
  } finally {
    await rm(dir, { recursive: true, force: true });
    await context.close();
  }
});

test('two workers: when the second is done first, with many results, the read still ends', async (t) => {
  // bench/gen_log.py's mixed log with its 40 definitions (a real mix of job logs): seven
  // copies, then filler that matches nothing, so the second half costs less than the
  // first and its worker is done first, holding many results. Sent at once, they stalled
  // the first worker's file stream for good in Chromium (three reads in five); they now
  // wait until asked for. Three reads, each on a fresh page.
  const dir = await mkdtemp(path.join(tmpdir(), 'metrex-e2e-'));
  try {
    const mixed = path.join(dir, 'mixed.log');
    const made = spawnSync('python3', [path.join(root, 'bench', 'gen_log.py'), '--lines', '120000', '--seed', '1', mixed], { stdio: ['ignore', 'ignore', 'inherit'] });
    assert.equal(made.status, 0, 'bench/gen_log.py');
    const log = await readFile(mixed);
    const definitions = JSON.parse(await readFile(mixed.replace(/\.log$/, '.defs.json'), 'utf8'));
    const file = path.join(dir, 'uneven.log');
    const handle = await openFile(file, 'w');
    for (let k = 0; k < 7; k++) await handle.write(log);
    const filler = Buffer.from(`${'z'.repeat(199)}\n`.repeat(5000));
    let fillerLines = 0;
    for (let size = 7 * log.length; size < 8 * log.length; size += filler.length) {
      await handle.write(filler);
      fillerLines += 5000;
    }
    await handle.close();
    const lines = 7 * 120000 + fillerLines;
    // What one worker counts on the whole file: the engine in Node, on the same text.
    const { evaluate } = await nodeEngine();
    const expected = evaluate(JSON.stringify(definitions), (await readFile(file)).toString('utf8'), { maxCaptures: 0 });
    const counts = Object.fromEntries(expected.definitions.map((d) => [d.name, d.summary.count]));
    for (let read = 1; read <= 3; read++) {
      const { page, context, errors } = await open();
      try {
        await setText(page, '#definitions', JSON.stringify(definitions));
        await waitFor(page, (n) => __root().querySelectorAll('[data-metric]').length === n, definitions.length);
        if (!(await page.evaluate(() => navigator.hardwareConcurrency >= 2))) return t.skip('one core: one worker reads');
        await page.setInputFiles('#log-file', file);
        await page.waitForFunction((n) => new RegExp(`${n} lines scanned`).test(__root().getElementById('status').textContent), lines.toLocaleString('en'), { timeout: 30000 })
          .catch(async (error) => {
            throw new Error(`read ${read} did not end (${await page.textContent('#status')}): ${error.message.split('\n')[0]}`);
          });
        assert.match(await page.textContent('#status'), /by two workers/);
        const shown = await page.$$eval('[data-metric]', (cards) => Object.fromEntries(cards.map((c) => [c.dataset.metric, Number(c.dataset.count)])));
        assert.deepEqual(shown, counts);
        assert.deepEqual(errors, []);
      } finally {
        await context.close();
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a file stream that stops answering is read on by slices, to the exact counts', async () => {
  // Chromium's file streams sometimes stop answering for good (a read never resolves):
  // here the evaluation worker's third stream read is made to hang like that.
  const { page, context, errors } = await open();
  const dir = await mkdtemp(path.join(tmpdir(), 'metrex-e2e-'));
  const file = path.join(dir, 'train.log');
  const lines = 400_000;
  await writeLog(file, lines);
  try {
    await setText(page, '#definitions', json([['loss', 'loss=(\\S+)'], ['step', 'step (\\d+)']]));
    await waitFor(page, () => __root().querySelector('[data-metric="step"]'));
    const workers = [];
    for (const worker of page.workers()) {
      if (/^metrex [^pt]/.test(await worker.evaluate(() => self.name))) workers.push(worker);
    }
    assert.equal(workers.length, 1, 'one evaluation worker');
    await workers[0].evaluate(() => {
      self.__stalls = 0;
      const read = ReadableStreamBYOBReader.prototype.read;
      let calls = 0;
      ReadableStreamBYOBReader.prototype.read = function (view) {
        const answer = read.call(this, view);
        if (++calls !== 3) return answer;
        self.__stalls++;
        return new Promise(() => {});
      };
    });
    const t0 = Date.now();
    await page.setInputFiles('#log-file', file);
    await page.waitForFunction((n) => __root().querySelector('[data-metric="step"]')?.dataset.count === String(n), lines, { timeout: 30000 });
    assert.equal(await workers[0].evaluate(() => self.__stalls), 1, 'the stream stalled once');
    assert.ok(Date.now() - t0 >= 3000, 'the stall was waited out');
    assert.equal(await page.getAttribute('[data-metric="loss"]', 'data-count'), String(lines - lines / 10));
    assert.match(await page.textContent('#status'), /400,000 lines scanned/);
    assert.deepEqual(errors, []);
  } finally {
    await rm(dir, { recursive: true, force: true });
    await context.close();
  }
});

test('Cancel stops reading a file: the log and the definitions are as they were, and the page works', async () => {
  const { page, context, errors } = await open();
  const dir = await mkdtemp(path.join(tmpdir(), 'metrex-e2e-'));
  const file = path.join(dir, 'big.log');
  await writeLog(file, 4_000_000);
  try {
    const defs = json([['loss', 'loss=([0-9.]+)']]);
    await setText(page, '#log', 'step 1 loss=0.5\nstep 2 loss=0.25\n');
    await setText(page, '#definitions', defs);
    await waitFor(page, () => __root().querySelector('[data-metric="loss"]')?.dataset.count === '2');
    await page.setInputFiles('#log-file', file);
    await page.waitForFunction(() => !__root().getElementById('progress').hidden, null, { timeout: 60000 });
    await page.click('#progress-cancel');
    await waitFor(page, () => __root().getElementById('progress').hidden && __root().querySelector('[data-metric="loss"]')?.dataset.count === '2');
    assert.equal(await page.inputValue('#log'), 'step 1 loss=0.5\nstep 2 loss=0.25\n');
    assert.equal(await page.inputValue('#definitions'), defs);
    // Still works: an edit evaluates.
    await setText(page, '#definitions', json([['loss', 'loss=([0-9.]+)'], ['step', 'step (\\d)']]));
    await waitFor(page, () => __root().querySelector('[data-metric="step"]')?.dataset.count === '2');
    assert.deepEqual(errors, []);
  } finally {
    await rm(dir, { recursive: true, force: true });
    await context.close();
  }
});

test('on a 10 MB log an edit runs on the log the worker keeps, and a burst of keys drops stale requests', async () => {
  const { page, context, errors } = await open();
  await setText(page, '#log', '');
  await setText(page, '#definitions', json([['loss', 'loss=([0-9.]+)'], ['acc', 'acc=([0-9.]+)']]));
  await page.evaluate(() => {
    const log = __root().getElementById('log');
    log.focus();
    const data = new DataTransfer();
    data.setData('text/plain', 'epoch 1 step 12345 loss=0.123456 acc=0.5 time=0.0031 and some more text\n'.repeat(140000));
    log.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  });
  await page.waitForFunction(() => __root().querySelector('[data-metric="acc"]')?.dataset.count === '140000', null, { timeout: 60000 });
  const posted = await page.evaluate(() => [window.__posted, window.__withLog]);
  // Type into the acc regex key by key, fast; it stays valid after every key.
  await page.click('#definitions');
  await page.evaluate(() => {
    const defs = __root().getElementById('definitions');
    const at = defs.value.indexOf('acc=(');
    defs.setSelectionRange(at, at);
  });
  const keys = 'a?'.repeat(12);
  await page.keyboard.type(keys);
  await page.waitForFunction((re) => [...__root().querySelectorAll('[data-metric="acc"] .card-regex')].some((el) => el.textContent === re), `${keys}acc=([0-9.]+)`, { timeout: 60000 });
  assert.equal(await page.getAttribute('[data-metric="acc"]', 'data-count'), '140000');
  const [evaluations, withLog] = await page.evaluate(() => [window.__posted, window.__withLog]);
  assert.equal(withLog, posted[1], 'the log was sent again for an edit to the definitions');
  assert.ok(evaluations - posted[0] < keys.length, `${keys.length} keys asked for ${evaluations - posted[0]} evaluations: stale ones were queued`);
  assert.equal(await page.getAttribute('[data-metric="loss"]', 'data-count'), '140000');
  assert.deepEqual(errors, []);
  await context.close();
});

test('an element taken off the page frees its log in the worker, and works again when put back', async () => {
  const { page, context, errors } = await open();
  await page.evaluate(() => {
    const el = document.createElement('metrex-playground');
    el.id = 'second';
    el.setAttribute('definitions', '[{"Name": "loss", "Regex": "loss=([0-9.]+)"}]');
    el.setAttribute('log', 'loss=0.5\nloss=0.25\n');
    window.__secondReports = 0;
    el.addEventListener('metrex-report', () => window.__secondReports++);
    document.body.append(el);
    el.scrollIntoView();
  });
  await page.waitForFunction(() => window.__secondReports > 0, null, { timeout: 30000 });
  // Moved: nothing is freed.
  await page.evaluate(() => document.body.prepend(document.getElementById('second')));
  await page.waitForTimeout(200);
  assert.equal(await page.evaluate(() => window.__drops), 0);
  // Removed: its session is dropped.
  const el = await page.evaluateHandle(() => { const e = document.getElementById('second'); e.remove(); return e; });
  await page.waitForFunction(() => window.__drops === 1, null, { timeout: 10000 });
  // Put back: it evaluates again, sending its log again.
  const [reports, withLog] = await page.evaluate(() => [window.__secondReports, window.__withLog]);
  await page.evaluate((e) => document.body.append(e), el);
  await page.waitForFunction((n) => window.__secondReports > n, reports, { timeout: 30000 });
  assert.ok(await page.evaluate(() => window.__withLog) > withLog);
  assert.equal(await page.evaluate(() => document.getElementById('second').report.definitions[0].summary.count), 2);
  assert.deepEqual(errors, []);
  await context.close();
});

test('past the captures the page holds, jumps between captures search the log the worker keeps', async () => {
  const { page, context, errors } = await open();
  await setText(page, '#log', '');
  await setText(page, '#definitions', json([['loss', 'loss=(\\S+)']]));
  const lines = 150_000;
  await page.evaluate((n) => {
    let text = '';
    for (let i = 1; i <= n; i++) text += i % 10 === 0 ? `step ${i} loss=nan\n` : `step ${i} loss=${i}\n`;
    const log = __root().getElementById('log');
    log.focus();
    const data = new DataTransfer();
    data.setData('text/plain', text);
    log.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, lines);
  await page.waitForFunction((n) => __root().querySelector('[data-metric="loss"]')?.dataset.count === String(n - n / 10), lines, { timeout: 60000 });
  await page.waitForSelector('#log-viewer [data-log-line="1"]');
  const current = () => page.evaluate(() => Number(__root().querySelector('#log-viewer .current')?.dataset.logLine ?? 0));
  await page.fill('#goto-line', '140003');
  await page.press('#goto-line', 'Enter');
  await page.waitForFunction(() => __root().querySelector('#log-viewer .current')?.dataset.logLine === '140003');
  await page.selectOption('#jump-metric', { label: 'loss' });
  await page.click('#jump-next');
  await page.waitForFunction(() => __root().querySelector('#log-viewer .current')?.dataset.logLine === '140004', null, { timeout: 10000 });
  await page.click('#jump-prev');
  await page.click('#jump-prev');
  await page.waitForFunction(() => __root().querySelector('#log-viewer .current')?.dataset.logLine === '140002', null, { timeout: 10000 });
  await page.click('#jump-dropped');
  await page.waitForFunction(() => __root().querySelector('#log-viewer .current')?.dataset.logLine === '140010', null, { timeout: 10000 });
  // At the last capture, there is no next one.
  await page.fill('#goto-line', String(lines));
  await page.press('#goto-line', 'Enter');
  await page.click('#jump-next');
  await page.waitForTimeout(500);
  assert.equal(await current(), lines);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a file that changes while it is read: the part read is reported, and a banner says so', async () => {
  const { page, context, errors } = await open();
  const dir = await mkdtemp(path.join(tmpdir(), 'metrex-e2e-'));
  const file = path.join(dir, 'growing.log');
  await writeLog(file, 3_000_000);
  try {
    await setText(page, '#definitions', json([['step', 'step (\\d+)']]));
    await page.setInputFiles('#log-file', file);
    await page.waitForFunction(() => !__root().getElementById('progress').hidden && __root().getElementById('progress-bar').value > 0, null, { timeout: 60000 });
    // The training job appends to its log meanwhile.
    const handle = await openFile(file, 'a');
    await handle.write('step 0 loss=1\n');
    await handle.close();
    await page.waitForFunction(() => /could not be read completely/.test(__root().getElementById('banner').textContent), null, { timeout: 60000 });
    const count = Number(await page.getAttribute('[data-metric="step"]', 'data-count'));
    assert.ok(count > 0 && count < 3_000_000, `${count} values from the part read`);
    assert.equal(await page.$eval('#progress', (el) => el.hidden), true);
    assert.deepEqual(errors, []);
  } finally {
    await rm(dir, { recursive: true, force: true });
    await context.close();
  }
});
