// The page evaluates as the user types: cards, errors, highlights.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { useServerAndBrowser, newPage, ready, setText, waitFor, card, json, countWorkerMessages } from './harness.mjs';

const env = useServerAndBrowser();

async function open() {
  const session = await newPage(env.browser);
  // Count the evaluations the page asks the worker for, and those that carry the log.
  await session.context.addInitScript(countWorkerMessages);
  await session.page.goto(env.server.url);
  await ready(session.page);
  return session;
}

test('typing updates the cards at once; the worker keeps the log, and stale requests are dropped', async () => {
  const { page, context, errors } = await open();
  await setText(page, '#log', 'step 1 loss=0.9\nstep 2 loss=0.5 acc=0.7\n');
  await setText(page, '#definitions', json([['loss', 'loss=(\\d+)']]));
  await waitFor(page, () => __root().querySelector('[data-metric="loss"]')?.dataset.count === '2');
  assert.deepEqual((await card(page, 'loss')).captures, [{ line: '1', value: '0' }, { line: '2', value: '0' }]);

  // Retype the definitions key by key, as a user would.
  const before = await page.evaluate(() => window.__posted);
  const logsBefore = await page.evaluate(() => window.__withLog);
  await page.click('#definitions');
  await page.keyboard.press('Control+A');
  await page.keyboard.type(json([['loss', 'loss=([0-9.]+)'], ['acc', 'acc=([0-9.]+)']]), { delay: 5 });
  await waitFor(page, () => __root().querySelector('[data-metric="acc"]')?.dataset.count === '1');
  const loss = await card(page, 'loss');
  assert.equal(loss.count, '2');
  assert.deepEqual(loss.captures, [{ line: '1', value: '0.9' }, { line: '2', value: '0.5' }]);
  assert.deepEqual((await card(page, 'acc')).captures, [{ line: '2', value: '0.7' }]);
  const typed = json([['loss', 'loss=([0-9.]+)'], ['acc', 'acc=([0-9.]+)']]).length;
  const evaluations = (await page.evaluate(() => window.__posted)) - before;
  // Each key asks at once (no pause in typing), at most once; the log is not sent again.
  assert.ok(evaluations > 0 && evaluations <= typed + 1, `${typed} keystrokes asked for ${evaluations} evaluations`);
  assert.equal(await page.evaluate(() => window.__withLog), logsBefore, 'the log was sent again for an edit to the definitions');

  // Typing in the log updates too.
  await page.click('#log');
  await page.keyboard.press('Control+End');
  await page.keyboard.type('step 3 loss=0.25\n');
  await waitFor(page, () => __root().querySelector('[data-metric="loss"]')?.dataset.count === '3');
  assert.equal((await card(page, 'loss')).captures[2].value, '0.25');
  assert.deepEqual(errors, []);
  await context.close();
});

test('an edit to one definition replaces its card alone: the other cards stay, unmoved', async () => {
  const { page, context, errors } = await open();
  await setText(page, '#log', 'step 1 loss=0.9 acc=0.1\nstep 2 loss=0.5 acc=0.7\n');
  const others = ['step (\\d+)', 'loss=([0-9.]+)', 'acc=([0-9.]+)', '(\\d+) loss', 'step (\\d)', 'acc=(0\\.\\d)', 'loss=(\\d\\.\\d)'];
  const definitions = (first) => json([['a', first], ...others.map((regex, i) => ['bcdefgh'[i], regex])]);
  await setText(page, '#definitions', definitions('loss=(\\d+)'));
  await waitFor(page, () => __root().querySelector('[data-metric="h"]')?.dataset.count === '2');
  // Every node added to or taken from the cards' list, from here on.
  await page.evaluate(() => {
    const cards = __root().querySelector('[data-metric="a"]').parentElement;
    window.__others = [...cards.children].slice(1);
    window.__moves = { added: 0, removed: 0 };
    new MutationObserver((records) => {
      for (const r of records) {
        window.__moves.added += r.addedNodes.length;
        window.__moves.removed += r.removedNodes.length;
      }
    }).observe(cards, { childList: true });
  });
  await setText(page, '#definitions', definitions('loss=([0-9.]+)'));
  await waitFor(page, () => __root().querySelector('[data-metric="a"] .card-regex')?.textContent === 'loss=([0-9.]+)');
  // A move shows as a removal and an addition of the same card: one card replaced is one of each.
  assert.deepEqual(await page.evaluate(() => window.__moves), { added: 1, removed: 1 });
  assert.equal(await page.evaluate(() => window.__others.every((el, i) => el.isConnected && el.parentElement.children[i + 1] === el)), true);
  assert.equal((await card(page, 'a')).count, '2');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the edited card comes first; highlights follow a frame later, then metrex-report, also with no frames at all', async () => {
  // The group highlights of the log, as text.
  const defineGroups = () => { window.__groups = () => [...__root().querySelectorAll('#backdrop mark.g')].map((m) => m.textContent); };
  const { page, context, errors } = await open();
  await page.evaluate(defineGroups);
  await setText(page, '#log', 'step 1 loss=0.9\nstep 2 loss=0.5\n');
  await setText(page, '#definitions', json([['loss', 'loss=(\\d+)']]));
  await waitFor(page, () => __root().querySelector('[data-metric="loss"]')?.dataset.count === '2');
  await waitFor(page, () => __groups().length === 2);
  // What the highlights show when the edited card is drawn, and when metrex-report fires.
  await page.evaluate(() => {
    window.__seen = {};
    const cards = __root().querySelector('[data-metric="loss"]').parentElement;
    new MutationObserver(() => {
      if (!window.__seen.atCard && cards.querySelector('[data-metric="loss"] .card-regex')?.textContent === 'loss=([0-9.]+)') window.__seen.atCard = __groups();
    }).observe(cards, { childList: true, subtree: true, characterData: true });
    document.addEventListener('metrex-report', () => { window.__seen.atReport = __groups(); }, { once: true });
  });
  await setText(page, '#definitions', json([['loss', 'loss=([0-9.]+)']]));
  await waitFor(page, () => window.__seen.atReport);
  // Drawn in the card's task, the highlights would already show 0.9 and 0.5.
  assert.deepEqual(await page.evaluate(() => window.__seen), { atCard: ['0', '0'], atReport: ['0.9', '0.5'] });
  assert.deepEqual(errors, []);
  await context.close();

  // A tab with no frames (hidden): what waits for the frame is drawn all the same.
  const hidden = await newPage(env.browser);
  await hidden.context.addInitScript(() => { window.requestAnimationFrame = () => 0; });
  await hidden.context.addInitScript(defineGroups);
  await hidden.page.goto(env.server.url);
  // (Playwright's default polling waits for frames too.)
  const poll = { polling: 50, timeout: 10000 };
  await hidden.page.waitForFunction(() => /scanned in/.test(__root().getElementById('status')?.textContent), null, poll);
  await hidden.page.evaluate(() => {
    window.__reports = 0;
    document.addEventListener('metrex-report', () => window.__reports++);
  });
  await setText(hidden.page, '#log', 'step 1 loss=0.9\nstep 2 loss=0.5\n');
  await setText(hidden.page, '#definitions', json([['loss', 'loss=([0-9.]+)']]));
  await hidden.page.waitForFunction(() => JSON.stringify(__groups()) === '["0.9","0.5"]' && window.__reports > 0, null, poll);
  assert.deepEqual(hidden.errors, []);
  await hidden.context.close();
});

test('a bad regex shows its error with a caret while the others still work', async () => {
  const { page, context, errors } = await open();
  await setText(page, '#log', 'loss=0.5 acc=0.7\nloss=0.25\n');
  await setText(page, '#definitions', json([
    ['good', 'loss=([0-9.]+)'],
    ['bad', 'acc=([0-9.]+'],
    ['look', '(?<=acc=)([0-9.]+)'],
    ['nogroup', 'loss=[0-9.]+'],
  ]));
  await waitFor(page, () => __root().querySelector('[data-metric="good"]')?.dataset.count === '2' && __root().querySelectorAll('[data-metric]').length === 4);
  const bad = await card(page, 'bad');
  assert.ok(bad.error, 'the bad regex has a [data-error]');
  assert.equal(bad.count, '0');
  // The caret sits under the unclosed group (character 5 of `acc=([0-9.]+`).
  const caret = await page.$eval('[data-metric="bad"] [data-error] .caret', (el) => el.textContent);
  assert.equal(caret.indexOf('^'), 4);
  assert.match(await page.$eval('[data-metric="bad"] [data-error] mark', (el) => el.textContent), /^\($/);
  assert.ok((await card(page, 'look')).error, 'look-around is reported');
  assert.match((await card(page, 'look')).error, /look/i);
  // Quoted constructs in messages are set as code, not as raw backticks.
  const quoted = await page.$$eval('[data-metric="look"] [data-error] code', (els) => els.map((el) => el.textContent));
  assert.ok(quoted.includes('(?<=…)'), `code spans: ${JSON.stringify(quoted)}`);
  assert.ok(!(await page.$eval('[data-metric="look"] [data-error]', (el) => el.textContent)).includes('`'));
  assert.ok((await card(page, 'nogroup')).error, 'a pattern without a group is an error');
  const good = await card(page, 'good');
  assert.equal(good.error, null);
  assert.deepEqual(good.captures, [{ line: '1', value: '0.5' }, { line: '2', value: '0.25' }]);
  assert.deepEqual(errors, []);
  await context.close();
});

test('highlights land on the right characters in non-ASCII text', async () => {
  const { page, context, errors } = await open();
  await setText(page, '#definitions', json([['loss', 'loss=([0-9.]+)'], ['step', '(\\d+)단계']]));
  await setText(page, '#log', '손실 🚀 loss=0.5\n🎉🎉 3단계 loss=1.25 완료 👍\nloss=x\n');
  await waitFor(page, () => __root().querySelector('[data-metric="loss"]')?.dataset.count === '2');
  // The highlights are drawn a frame after the cards.
  await waitFor(page, () => [...__root().querySelectorAll('#backdrop mark.g')].some((m) => m.textContent === '1.25'));
  const marks = await page.evaluate(() => [...__root().querySelectorAll('#backdrop mark')].map((m) => ({
    line: m.dataset.line, text: m.textContent, group: m.classList.contains('g'), drop: m.classList.contains('drop'),
  })));
  const group = (line) => marks.filter((m) => m.line === line && m.group).map((m) => m.text);
  const whole = (line) => marks.filter((m) => m.line === line).map((m) => m.text).join('');
  assert.deepEqual(group('1'), ['0.5']);
  assert.equal(whole('1'), 'loss=0.5');
  assert.deepEqual(group('2'), ['3', '1.25']);
  assert.equal(whole('2'), '3단계loss=1.25');
  // The dropped capture on line 3 (text "x" does not match [0-9.]) — no match at all, so no mark.
  assert.equal(whole('3'), '');
  // The highlighted view shows the same text as the editor, line by line.
  const shown = await page.evaluate(() => [...__root().querySelectorAll('#backdrop .ln')].map((l) => l.textContent));
  assert.deepEqual(shown.slice(0, 3), ['손실 🚀 loss=0.5', '🎉🎉 3단계 loss=1.25 완료 👍', 'loss=x']);
  // Hovering a highlight says which metric and value.
  const box = await page.$eval('#backdrop mark.g', (m) => { const r = m.getBoundingClientRect(); return { x: r.x + r.width / 2, y: r.y + r.height / 2 }; });
  await page.mouse.move(box.x, box.y);
  await waitFor(page, () => !__root().getElementById('tip').hidden);
  const tip = await page.textContent('#tip');
  assert.match(tip, /loss/);
  assert.match(tip, /0\.5/);
  // Clicking a capture's line selects it in the editor, and the caret line says what it is.
  await page.click('[data-metric="loss"] [data-capture][data-line="2"] button');
  const selected = await page.evaluate(() => { const t = __root().getElementById('log'); return t.value.slice(t.selectionStart, t.selectionEnd); });
  assert.equal(selected, '1.25');
  assert.match(await page.textContent('#log-info'), /Line 2.*loss: value 1\.25/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('with escaping on, #011 matches a TAB, shown where it matched', async () => {
  const { page, context, errors } = await open();
  await setText(page, '#definitions', json([['val', '#011val=([0-9.]+)'], ['all', 'loss=(\\S+)']]));
  await setText(page, '#log', '[1]\tval=3\tloss=0.5\n[2]\tval=4\tloss=0.4\ttime=2\n');
  await waitFor(page, () => __root().querySelector('[data-metric="val"]')?.dataset.count === '2');
  await waitFor(page, () => __root().querySelector('#backdrop mark.drop'));
  const marks = await page.evaluate(() => [...__root().querySelectorAll('#backdrop mark')]
    .filter((m) => m.dataset.line === '1' && m.classList.contains('m0')).map((m) => m.textContent).join(''));
  assert.equal(marks, '\tval=3');
  assert.ok(await page.$('#backdrop mark.m0 .tab'), 'the TAB inside the match is drawn');
  // `\S+` runs on through `#011time=2`: dropped, and the card says why.
  const all = await card(page, 'all');
  assert.deepEqual(all.captures, [{ line: '1', value: '0.5' }, { line: '2', value: '' }]);
  assert.ok(await page.$('#backdrop mark.drop'), 'the dropped capture is marked');
  assert.match(await page.textContent('[data-metric="all"]'), /not-a-number|not a number/);
  // Escaping off: the pattern expects #011 but the log has TABs.
  await page.click('label:has(#opt-escape)');
  await waitFor(page, () => __root().querySelector('[data-metric="val"]')?.dataset.count === '0');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a 20 MB paste is evaluated off the main thread and typing stays responsive', async () => {
  const { page, context, errors } = await open();
  await setText(page, '#log', '');
  await setText(page, '#definitions', json([['loss', 'loss=([0-9.]+)'], ['acc', 'acc=([0-9.]+)']]));
  await waitFor(page, () => __root().querySelector('[data-metric="acc"]'));
  // Paste about 20 MB (500,000 lines) into the log.
  const pasteMs = await page.evaluate(() => {
    const log = __root().getElementById('log');
    log.focus();
    const data = new DataTransfer();
    data.setData('text/plain', 'epoch 1 step 12345 loss=0.123456 acc=0.5 time=0.0031\n'.repeat(400000));
    const started = performance.now();
    log.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    return performance.now() - started;
  });
  // While it is evaluated, the main thread keeps answering.
  const gaps = await page.evaluate(() => new Promise((resolve) => {
    const seen = [];
    let last = performance.now();
    const tick = () => {
      const now = performance.now();
      seen.push(now - last);
      last = now;
      if (seen.length < 40) setTimeout(tick, 10);
      else resolve(seen);
    };
    setTimeout(tick, 10);
  }));
  const worst = Math.max(pasteMs, ...gaps);
  assert.ok(worst < 1000, `the main thread was blocked for ${worst.toFixed(0)} ms`);
  await page.waitForFunction(() => __root().querySelector('[data-metric="loss"]')?.dataset.count === '400000', null, { timeout: 60000 });
  assert.equal((await card(page, 'acc')).count, '400000');
  // The whole log is shown in the read-only viewer (only the rows in view), and the page says so.
  await page.waitForFunction(() => /of 400,000/.test(__root().querySelector('#log-viewer .viewer-status')?.textContent), null, { timeout: 30000 });
  assert.equal(await page.evaluate(() => __root().getElementById('log').readOnly), true);
  assert.ok(await page.$$eval('#log-viewer [data-log-line]', (els) => els.length) < 80);
  assert.equal(await page.$eval('#log-note', (el) => el.hidden), false);
  // Typing in the definitions still updates the cards quickly.
  await page.click('#definitions');
  await page.keyboard.press('Control+A');
  const started = Date.now();
  await page.keyboard.type(json([['time', 'time=([0-9.]+)']]));
  const typingMs = Date.now() - started;
  await page.waitForFunction(() => __root().querySelector('[data-metric="time"]')?.dataset.count === '400000', null, { timeout: 60000 });
  assert.ok(typingMs < 8000, `typing took ${typingMs} ms`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a log file too large for memory is read by the worker from disk', async () => {
  const { page, context, errors } = await open();
  const dir = await mkdtemp(path.join(tmpdir(), 'metrex-e2e-'));
  const file = path.join(dir, 'train.log');
  // Just over 64 MB: the page hands the File itself to the worker, which reads it in slices.
  const line = 'epoch 1 step 12345 loss=0.123456 acc=0.5 padding padding padding padding\n';
  const lines = Math.ceil((65 << 20) / line.length);
  await writeFile(file, line.repeat(lines));
  try {
    await setText(page, '#definitions', json([['loss', 'loss=([0-9.]+)']]));
    await page.setInputFiles('#log-file', file);
    await page.waitForFunction((n) => __root().querySelector('[data-metric="loss"]')?.dataset.count === String(n), lines, { timeout: 60000 });
    assert.match(await page.textContent('#log-note'), /train\.log .* is evaluated from disk/);
    assert.equal(await page.evaluate(() => __root().getElementById('log').readOnly), true);
    assert.deepEqual(errors, []);
  } finally {
    await rm(dir, { recursive: true, force: true });
    await context.close();
  }
});
