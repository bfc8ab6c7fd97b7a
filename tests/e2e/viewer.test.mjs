// The big-log viewer: a pasted log of 300,000 lines and a ~100 MB file, shown whole,
// virtualized, with highlights, go-to-line and jumps between captures; and a card's
// full capture list, virtualized.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { useServerAndBrowser, newPage, ready, setText, waitFor, json } from './harness.mjs';

const env = useServerAndBrowser();
const TIMEOUT = { timeout: 90000 };

/** Line `i` of the generated pasted log (also run in the page). */
function pastedLine(i) {
  let line = `step ${i} tokens=${i * 3}`;
  if (i === 1 || i % 100 === 0) line += ` loss=${i % 1000 === 500 ? 'nan' : String(i / 100)}`;
  if (i % 250 === 0) line += ` acc=0.${i % 97}`;
  return line;
}
const PASTED = 300000;
const DEFS = json([['loss', 'loss=(\\S+)'], ['acc', 'acc=([0-9.]+)']]);

async function open() {
  const session = await newPage(env.browser);
  await session.page.goto(env.server.url);
  await ready(session.page);
  return session;
}

/** The row of line `n` once loaded: { text, current, marks: [{ text, classes }] }, or null. */
function row(page, n) {
  return page.evaluate((line) => {
    const el = __root().querySelector(`#log-viewer [data-log-line="${line}"]`);
    if (!el || el.classList.contains('pending')) return null;
    return {
      text: el.textContent,
      current: el.classList.contains('current'),
      marks: [...el.querySelectorAll('mark.hl')].map((m) => ({ text: m.textContent, classes: [...m.classList].sort().join(' ') })),
    };
  }, n);
}

async function rowWhenShown(page, n) {
  await page.waitForFunction((line) => {
    const el = __root().querySelector(`#log-viewer [data-log-line="${line}"]`);
    return el && !el.classList.contains('pending');
  }, n, TIMEOUT);
  return row(page, n);
}

/** Waits until the viewer's current (marked) line is `n`. */
async function current(page, n) {
  await page.waitForFunction((line) => __root().querySelector('#log-viewer .vrow.current')?.dataset.logLine === String(line), n, TIMEOUT);
}

async function goTo(page, n) {
  await page.fill('#goto-line', String(n));
  await page.press('#goto-line', 'Enter');
}

test('a pasted log of 300,000 lines: shown whole, highlighted, with go-to-line and jumps', async () => {
  const { page, context, errors } = await open();
  await setText(page, '#log', '');
  await setText(page, '#definitions', DEFS);
  await waitFor(page, () => __root().querySelector('[data-metric="acc"]'));
  await page.evaluate(([source, count]) => {
    // eslint-disable-next-line no-new-func
    const line = new Function(`return ${source}`)();
    const lines = [];
    for (let i = 1; i <= count; i++) lines.push(line(i));
    const log = __root().getElementById('log');
    log.focus();
    const data = new DataTransfer();
    data.setData('text/plain', `${lines.join('\n')}\n`);
    log.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, [pastedLine.toString(), PASTED]);
  // 3,001 loss lines, 300 of them `nan`; acc on every 250th line.
  await page.waitForFunction(() => __root().querySelector('[data-metric="loss"]')?.dataset.count === '2701', null, TIMEOUT);
  assert.equal(await page.$eval('[data-metric="acc"]', (el) => el.dataset.count), String(PASTED / 250));
  assert.equal(await page.$eval('#log-viewer', (el) => el.hidden), false);
  assert.equal(await page.evaluate(() => __root().getElementById('log').readOnly), true);
  assert.match(await page.textContent('#log-note'), /300,000 lines.*shown below, read-only/);

  // Line 1, highlighted: loss's match, its group 1 in the metric's colour.
  await page.waitForFunction(() => __root().querySelector('#log-viewer [data-log-line="1"] mark.hl.g'), null, TIMEOUT);
  const first = await row(page, 1);
  assert.equal(first.text, pastedLine(1));
  assert.deepEqual(first.marks, [{ text: 'loss=', classes: 'hl m0' }, { text: '0.01', classes: 'g hl m0' }]);
  // Only the rows in view are in the DOM.
  assert.ok(await page.$$eval('#log-viewer [data-log-line]', (els) => els.length) < 80);

  // The middle: go to line 150,000.
  await goTo(page, 150000);
  const middle = await rowWhenShown(page, 150000);
  assert.equal(middle.text, pastedLine(150000));
  assert.equal(middle.current, true);
  assert.deepEqual(middle.marks.filter((m) => m.classes.includes('g')).map((m) => [m.text, m.classes]),
    [['1500', 'g hl m0'], [`0.${150000 % 97}`, 'g hl m1']]);
  assert.match(await page.textContent('#log-viewer .viewer-status'), /line 150,000 of 300,000/);

  // Next/previous capture of the chosen metric, next dropped.
  await page.selectOption('#jump-metric', { label: 'loss' });
  await page.click('#jump-next');
  await current(page, 150100);
  await page.click('#jump-prev');
  await current(page, 150000);
  await page.click('#jump-dropped');
  await current(page, 150500);
  const dropped = await rowWhenShown(page, 150500);
  assert.deepEqual(dropped.marks.filter((m) => m.classes.includes('g') && m.classes.includes('m0')).map((m) => [m.text, m.classes]), [['nan', 'drop g hl m0']]);
  await page.selectOption('#jump-metric', { label: 'acc' });
  await page.click('#jump-next');
  await current(page, 150750);
  await page.selectOption('#jump-metric', { label: 'Any metric' });
  await page.click('#jump-dropped');
  await current(page, 151500);

  // The keyboard: End goes to the last line; out-of-range numbers are clamped.
  await page.focus('#log-viewer .viewer-scroll');
  await page.keyboard.press('End');
  await current(page, PASTED);
  const last = await rowWhenShown(page, PASTED);
  assert.equal(last.text, pastedLine(PASTED));
  assert.deepEqual(last.marks.filter((m) => m.classes.includes('g')).map((m) => m.text), ['3000', `0.${PASTED % 97}`]);
  await page.keyboard.press('ArrowUp');
  await current(page, PASTED - 1);
  await goTo(page, 1);
  await current(page, 1);
  await goTo(page, 10 ** 9);
  await current(page, PASTED);

  // A card's full list, virtualized: its last row, then "Show in the log".
  await page.click('[data-metric="loss"] .captures-box button:has-text("Show all")');
  const wrap = '[data-metric="loss"] .table-wrap.vlist';
  await page.waitForSelector(wrap);
  assert.ok(await page.$$eval(`${wrap} tr[data-capture]`, (els) => els.length) < 80);
  await page.$eval(wrap, (el) => { el.scrollTop = el.scrollHeight; });
  await page.waitForSelector(`${wrap} tr[data-capture][data-line="${PASTED}"]`);
  const lastRow = await page.$eval(`${wrap} tr[data-capture][data-line="${PASTED}"]`, (el) => ({ value: el.dataset.value, text: el.cells[1].textContent }));
  assert.deepEqual(lastRow, { value: '3000', text: '3000' });
  assert.ok(await page.$$eval(`${wrap} tr[data-capture]`, (els) => els.length) < 80);
  // A dropped capture in the list says why.
  await page.$eval(wrap, (el) => { el.scrollTop = 0; });
  await page.waitForSelector(`${wrap} tr[data-capture][data-line="500"]`);
  assert.deepEqual(await page.$eval(`${wrap} tr[data-line="500"]`, (el) => [el.dataset.value, el.cells[2].textContent]), ['', 'not a number']);
  await page.click(`${wrap} tr[data-line="400"] button`);
  await current(page, 400);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a ~100 MB file: its last line is shown with its highlights', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'metrex-e2e-'));
  const file = path.join(dir, 'big.log');
  const lines = 1000000;
  const line = (i) => `epoch ${Math.floor(i / 1000)} step ${i} ${i % 500 === 0 ? `loss=${i / 500}.25` : 'tokens=12345'} ${'padding '.repeat(10)}`;
  try {
    const out = createWriteStream(file);
    let chunk = '';
    for (let i = 1; i <= lines; i++) {
      chunk += `${line(i)}\r\n`;
      if (chunk.length > 1 << 20) {
        if (!out.write(chunk)) await new Promise((resolve) => out.once('drain', resolve));
        chunk = '';
      }
    }
    await new Promise((resolve) => out.end(chunk, resolve));
    const { page, context, errors } = await open();
    await setText(page, '#definitions', json([['loss', 'loss=([0-9.]+)']]));
    await page.setInputFiles('#log-file', file);
    await page.waitForFunction((n) => __root().querySelector('[data-metric="loss"]')?.dataset.count === String(n), lines / 500, TIMEOUT);
    assert.match(await page.textContent('#log-note'), /big\.log .* is evaluated from disk/);
    await page.waitForFunction(() => /of 1,000,000/.test(__root().querySelector('#log-viewer .viewer-status')?.textContent), null, TIMEOUT);
    await goTo(page, lines);
    const last = await rowWhenShown(page, lines);
    assert.equal(last.text, line(lines));
    assert.equal(last.current, true);
    await page.waitForFunction((n) => __root().querySelector(`#log-viewer [data-log-line="${n}"] mark.hl.g`), lines, TIMEOUT);
    assert.deepEqual((await row(page, lines)).marks, [{ text: 'loss=', classes: 'hl m0' }, { text: `${lines / 500}.25`, classes: 'g hl m0' }]);
    // The middle of the file, read on demand.
    await goTo(page, 500001);
    assert.equal((await rowWhenShown(page, 500001)).text, line(500001));
    assert.ok(await page.$$eval('#log-viewer [data-log-line]', (els) => els.length) < 80);
    // The line inspector reads the line from the file too.
    await page.waitForFunction(() => __root().getElementById('inspect-line').value === '500001', null, TIMEOUT);
    await page.waitForFunction(() => __root().querySelector('[data-why="loss"]')?.dataset.matched === 'false', null, TIMEOUT);
    await goTo(page, 500000);
    await page.waitForFunction(() => __root().querySelector('[data-why="loss"]')?.dataset.matched === 'true', null, TIMEOUT);
    // The card's full list reads group 1's text from the file, for the rows in view.
    await page.click('[data-metric="loss"] .captures-box button:has-text("Show all")');
    const wrap = '[data-metric="loss"] .table-wrap.vlist';
    await page.waitForSelector(`${wrap} tr[data-capture]`);
    await page.$eval(wrap, (el) => { el.scrollTop = el.scrollHeight; });
    await page.waitForFunction((sel) => __root().querySelector(sel)?.cells[1].textContent === '2000.25', `${wrap} tr[data-capture][data-line="${lines}"]`, TIMEOUT);
    assert.equal(await page.$eval(`${wrap} tr[data-line="${lines}"]`, (el) => el.dataset.value), '2000.25');
    assert.deepEqual(errors, []);
    await context.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a card\'s full capture list keeps few rows in the DOM and reaches its last capture', async () => {
  const { page, context, errors } = await open();
  const log = Array.from({ length: 5000 }, (_, i) => `it ${i + 1} loss=${i + 1}.5`).join('\n');
  await setText(page, '#definitions', json([['loss', 'loss=([0-9.]+)']]));
  // (One input event, as a paste gives.)
  await page.evaluate((text) => {
    const el = __root().getElementById('log');
    el.value = text;
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, log);
  await page.waitForFunction(() => __root().querySelector('[data-metric="loss"]')?.dataset.count === '5000', null, TIMEOUT);
  // The first 50 rows, then every capture from the capture columns.
  assert.equal(await page.$$eval('[data-metric="loss"] tr[data-capture]', (els) => els.length), 50);
  await page.click('[data-metric="loss"] .captures-box button:has-text("Show all")');
  const wrap = '[data-metric="loss"] .table-wrap.vlist';
  await page.waitForSelector(`${wrap} tr[data-capture]`);
  await page.$eval(wrap, (el) => { el.scrollTop = el.scrollHeight; });
  await page.waitForSelector(`${wrap} tr[data-capture][data-line="5000"]`);
  assert.deepEqual(await page.$eval(`${wrap} tr[data-line="5000"]`, (el) => [el.dataset.value, el.cells[1].textContent]), ['5000.5', '5000.5']);
  assert.ok(await page.$$eval(`${wrap} tr[data-capture]`, (els) => els.length) < 80);
  // The list stays full after the next evaluation.
  await page.click('#log');
  await page.keyboard.press('Control+End');
  await page.keyboard.type('\nit 5001 loss=7');
  await page.waitForFunction(() => __root().querySelector('[data-metric="loss"]')?.dataset.count === '5001', null, TIMEOUT);
  await page.waitForSelector(`${wrap} tr[data-capture]`);
  assert.deepEqual(errors, []);
  await context.close();
});
