// Teaching: the explain pane in each card (groups numbered, railroad diagram), the line
// inspector following the log's caret, lessons checked live, and a challenge link
// opened in a fresh browser context.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, newPage, ready, setText, waitFor, json } from './harness.mjs';

const env = useServerAndBrowser();

async function open(url = env.server.url) {
  const session = await newPage(env.browser);
  await session.page.goto(url);
  await ready(session.page);
  return session;
}

const LOG = 'GAN_loss=0.138318; Loss = 16.020744; Iteration 0\nLoss = 16; Iteration 1\n{\'loss\': 0.6931, \'learning_rate\': 4.5e-05}\n';
const DEFS = json([['loss', 'Loss = ([0-9]+\\.[0-9]+);'], ['hf', "'loss': ([0-9]+(.|e\\-)[0-9]+),?"]]);

test('the explain pane numbers every group and draws a labelled railroad diagram', async () => {
  const { page, context, errors, requests } = await open();
  assert.equal(requests.filter((u) => u.includes('/teach/')).length, 0, 'the teaching code is not part of the first visit');
  await setText(page, '#definitions', DEFS);
  await setText(page, '#log', LOG);
  await waitFor(page, () => __root().querySelector('[data-metric="hf"]')?.dataset.count === '1');
  await page.click('[data-metric="hf"] [data-explain] summary');
  await waitFor(page, () => __root().querySelectorAll('[data-metric="hf"] [data-explain] [data-group]').length === 2);
  assert.ok(requests.some((u) => u.includes('/teach/index.js')), 'loaded when first used');
  const groups = await page.evaluate(() => {
    const card = __root().querySelector('[data-metric="hf"]');
    return [...card.querySelectorAll('[data-explain] [data-group]')].map((el) => [el.dataset.group, el.textContent]);
  });
  assert.deepEqual(groups.map(([n]) => n), ['1', '2']);
  assert.match(groups[0][1], /group 1 — the value SageMaker records/);
  assert.match(groups[1][1], /group 2/);
  // Another card's pane is drawn when it is opened (closed panes cost nothing on an edit).
  assert.equal(await page.evaluate(() => __root().querySelectorAll('[data-metric="loss"] [data-explain] [data-group]').length), 0);
  await page.click('[data-metric="loss"] [data-explain] summary');
  await waitFor(page, () => __root().querySelectorAll('[data-metric="loss"] [data-explain] [data-group]').length === 1);
  const words = await page.evaluate(() => [...__root().querySelectorAll('[data-metric="loss"] [data-explain] .xtext')].map((e) => e.textContent));
  assert.deepEqual(words.slice(1, 4), ['literal "Loss = "', 'group 1 — the value SageMaker records', 'a digit 0–9, one or more times, as many as possible']);
  // The railroad diagram: an SVG with a title and boxed, numbered groups.
  const svg = await page.evaluate(() => {
    const el = __root().querySelector('[data-metric="hf"] [data-explain] svg.railroad');
    return el && { label: el.getAttribute('aria-label'), title: el.querySelector('title')?.textContent, labels: [...el.querySelectorAll('.rr-label')].map((t) => t.textContent) };
  });
  assert.equal(svg.label, 'Railroad diagram of the hf pattern');
  assert.equal(svg.title, 'Railroad diagram of the hf pattern');
  assert.deepEqual(svg.labels, ['group 1 — the value', 'group 2']);
  // Hovering a group lights its part of the pattern.
  await page.hover('[data-metric="hf"] [data-explain] [data-group="2"]');
  assert.equal(await page.evaluate(() => __root().querySelector('[data-metric="hf"] .explain-pattern mark')?.textContent), '(.|e\\-)');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the line inspector follows the caret and says why a line does not match', async () => {
  const { page, context, errors } = await open();
  await setText(page, '#log', LOG);
  await setText(page, '#definitions', DEFS);
  await waitFor(page, () => __root().querySelector('[data-metric="loss"]')?.dataset.count === '1');
  await page.click('#log');
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('ArrowDown');
  await waitFor(page, () => __root().querySelector('[data-why="loss"]')?.dataset.matched === 'false' && __root().getElementById('inspect-line').value === '2');
  const why = await page.evaluate(() => {
    const el = __root().querySelector('[data-why="loss"]');
    return { matched: el.dataset.matched, start: el.dataset.patternStart, text: el.querySelector('.why-message').textContent };
  });
  assert.deepEqual(why, { matched: 'false', start: '14', text: 'Expected "." after "Loss = 16", found ";".' });
  assert.equal(await page.evaluate(() => __root().querySelector('[data-why="hf"]').dataset.matched), 'false');

  // Moving the caret to line 1 shows the match with every group under the line.
  await page.keyboard.press('ArrowUp');
  await waitFor(page, () => __root().querySelector('[data-why="loss"]')?.dataset.matched === 'true');
  const brackets = await page.evaluate(() => [...__root().querySelectorAll('[data-why="loss"] [data-bracket]')].map((b) => [b.dataset.bracket, b.querySelector('.bracket')?.textContent]));
  assert.deepEqual(brackets, [['0', 'Loss = 16.020744;'], ['1', '16.020744']]);
  assert.equal(await page.evaluate(() => __root().querySelector('[data-why="loss"]').hasAttribute('data-pattern-start')), false);

  // #inspect-line sets the line too; line 3 matches hf with both groups.
  await page.fill('#inspect-line', '3');
  await waitFor(page, () => __root().querySelector('[data-why="hf"]')?.dataset.matched === 'true');
  const hf = await page.evaluate(() => [...__root().querySelectorAll('[data-why="hf"] [data-bracket]')].map((b) => [b.dataset.bracket, b.querySelector('.bracket')?.textContent]));
  assert.deepEqual(hf, [['0', "'loss': 0.6931,"], ['1', '0.6931'], ['2', '.']]);
  // And back: hovering group 2's bracket lights group 2 in the open explain pane and its part of the pattern.
  await page.click('[data-metric="hf"] [data-explain] summary');
  await waitFor(page, () => __root().querySelector('[data-metric="hf"] [data-explain] [data-group="2"]'));
  await page.hover('[data-why="hf"] [data-bracket="2"] .blabel');
  await waitFor(page, () => __root().querySelector('[data-metric="hf"] [data-explain] [data-group="2"]').classList.contains('lit'));
  assert.equal(await page.evaluate(() => __root().querySelector('[data-metric="hf"] .explain-pattern mark')?.textContent), '(.|e\\-)');
  // A capture's line number in a card inspects that line.
  await page.click('[data-metric="loss"] [data-capture] button');
  await waitFor(page, () => __root().getElementById('inspect-line').value === '1');
  assert.deepEqual(errors, []);
  await context.close();
});

test('on a long line the inspector scrolls each row to its match', async () => {
  const { page, context, errors } = await open();
  const long = `${'x'.repeat(400)} loss=0.5 end`;
  await setText(page, '#log', `${long}\nloss=0.25\n`);
  await setText(page, '#definitions', json([['loss', 'loss=([0-9.]+)']]));
  await page.fill('#inspect-line', '1');
  await page.dispatchEvent('#inspect-line', 'change');
  await waitFor(page, () => __root().querySelector('[data-why="loss"] .bracket.b0'));
  // The whole match's bracket lies inside the row's visible part.
  await waitFor(page, () => {
    const box = __root().querySelector('[data-why="loss"] .brackets');
    const b0 = box.querySelector('.bracket.b0').getBoundingClientRect();
    const view = box.getBoundingClientRect();
    return box.scrollLeft > 0 && b0.left >= view.left && b0.right <= view.right;
  });
  assert.deepEqual(errors, []);
  await context.close();
});

test('a lesson is checked live, and a challenge link opens in a fresh context without the solution', async () => {
  const { page, context, errors } = await open();
  await page.click('#lessons summary');
  await page.waitForSelector('#lesson-pick');
  await page.selectOption('#lesson-pick', 'group-0-vs-1');
  await waitFor(page, () => __root().getElementById('lesson-result')?.dataset.solved === 'false');
  const unsolved = await page.evaluate(() => __root().getElementById('lesson-result').textContent);
  assert.match(unsolved, /no capture group/);
  // The learner adds the parentheses.
  await setText(page, '#definitions', json([['loss', 'loss=([0-9.]+)']]));
  await waitFor(page, () => __root().getElementById('lesson-result')?.dataset.solved === 'true');

  // A wrong value is named with the line and what was recorded.
  await setText(page, '#definitions', json([['loss', 'loss=([0-9])']]));
  await waitFor(page, () => __root().getElementById('lesson-result')?.dataset.solved === 'false');
  assert.match(await page.evaluate(() => __root().getElementById('lesson-result').textContent), /line 1: records 0, expected 0\.912/);

  // A teacher turns a solved state into a challenge link.
  await setText(page, '#definitions', json([['loss', 'loss=([0-9.]+)']]));
  await waitFor(page, () => __root().getElementById('lesson-result')?.dataset.solved === 'true');
  await page.click('#make-challenge');
  await page.waitForSelector('#dialog[open]');
  const link = await page.evaluate(() => __root().getElementById('dialog-text').value);
  assert.match(link, /#challenge=[A-Za-z0-9_-]+$/);
  const carried = Buffer.from(link.split('#challenge=')[1], 'base64url').toString('utf8');
  assert.ok(!carried.includes('([0-9.]+)'), 'the link does not carry the regex');
  assert.ok(carried.includes('0.912'), 'it carries the expected values');

  const student = await newPage(env.browser);
  await student.page.goto(link);
  await ready(student.page);
  await waitFor(student.page, () => __root().getElementById('lesson-result')?.dataset.solved === 'false');
  const seen = await student.page.evaluate(() => ({ title: __root().querySelector('#lesson h3')?.textContent, defs: __root().getElementById('definitions').value }));
  assert.equal(seen.title, 'Challenge: loss');
  assert.ok(!seen.defs.includes('[0-9.]'), 'the student starts without the solution');
  await setText(student.page, '#definitions', json([['loss', 'loss=(\\d+\\.\\d+)']]));
  await waitFor(student.page, () => __root().getElementById('lesson-result')?.dataset.solved === 'true');
  assert.deepEqual(student.errors, []);
  await student.context.close();
  assert.deepEqual(errors, []);
  await context.close();
});

test('the chart gives each metric its own panel when their scales differ, and can share one', async () => {
  const { page, context, errors } = await open();
  await setText(page, '#definitions', json([['loss', "'loss': ([0-9.]+)"], ['lr', "'learning_rate': ([-+]?[0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?)"]]));
  await setText(page, '#log', "{'loss': 0.7, 'learning_rate': 4e-05}\n{'loss': 0.6, 'learning_rate': 3e-05}\n");
  await waitFor(page, () => __root().querySelectorAll('#chart .plot-wrap').length === 2);
  const labels = await page.evaluate(() => [...__root().querySelectorAll('#chart svg.plot')].map((s) => s.getAttribute('aria-label')));
  assert.deepEqual(labels, ['Values of loss over log lines 1 to 2', 'Values of lr over log lines 1 to 2']);
  await page.click('#chart .scale-switch');
  await waitFor(page, () => __root().querySelectorAll('#chart .plot-wrap').length === 1);
  assert.equal(await page.evaluate(() => __root().querySelector('#chart .scale-switch').dataset.scale), 'shared');
  assert.deepEqual(errors, []);
  await context.close();
});
