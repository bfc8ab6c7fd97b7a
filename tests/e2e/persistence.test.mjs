// The user's work survives a reload, and a copied link restores it elsewhere.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, newPage, ready, setText, waitFor, card, json } from './harness.mjs';

const env = useServerAndBrowser();

const DEFINITIONS = json([['loss', 'loss=([0-9.]+)'], ['손실', '손실=([0-9.]+)']]);
const LOG = 'step 1 loss=0.9 손실=3\n🚀 step 2 loss=0.5\tacc=0.7\n';

async function fillWork(page) {
  await setText(page, '#definitions', DEFINITIONS);
  await setText(page, '#log', LOG);
  await page.click('label:has(#opt-all)');
  await waitFor(page, () => __root().querySelector('[data-metric="loss"]')?.dataset.count === '2');
  await page.selectOption('#objective', 'loss');
  await page.selectOption('#direction', 'Minimize');
  await waitFor(page, () => /best/i.test(__root().getElementById('objective-box').textContent));
}

async function assertWork(page) {
  await waitFor(page, () => __root().querySelector('[data-metric="loss"]')?.dataset.count === '2');
  assert.equal(await page.inputValue('#definitions'), DEFINITIONS);
  assert.equal(await page.inputValue('#log'), LOG);
  assert.equal(await page.isChecked('#opt-all'), true);
  assert.equal(await page.isChecked('#opt-escape'), true);
  assert.equal(await page.inputValue('#objective'), 'loss');
  assert.equal(await page.inputValue('#direction'), 'Minimize');
  assert.deepEqual((await card(page, '손실')).captures, [{ line: '1', value: '3' }]);
  const box = await page.textContent('#objective-box');
  assert.match(box, /loss/);
  assert.match(box, /0\.5/);
}

test('the first visit shows a working example', async () => {
  const { page, context, errors } = await newPage(env.browser);
  await page.goto(env.server.url);
  await ready(page);
  const counts = await page.$$eval('[data-metric]', (els) => els.map((e) => Number(e.dataset.count)));
  assert.ok(counts.length >= 2 && counts.every((n) => n > 0), `counts ${counts}`);
  // Highlighted and plotted (a frame after the cards).
  await waitFor(page, () => __root().querySelector('#backdrop mark.g') && __root().querySelector('#chart svg.plot polyline'));
  assert.deepEqual(errors, []);
  await context.close();
});

test('a reload keeps the work', async () => {
  const { page, context, errors } = await newPage(env.browser);
  await page.goto(env.server.url);
  await ready(page);
  await fillWork(page);
  await page.waitForTimeout(600); // autosave runs 400 ms after the last change
  await page.reload();
  await ready(page);
  await assertWork(page);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a copied link restores the work in a fresh browser', async () => {
  const first = await newPage(env.browser);
  await first.page.goto(env.server.url);
  await ready(first.page);
  await fillWork(first.page);
  await first.page.click('#share');
  await waitFor(first.page, () => __root().getElementById('dialog').open);
  const link = await first.page.inputValue('#dialog-text');
  assert.ok(link.startsWith(`${env.server.url}#s=`), link);
  assert.match(await first.page.textContent('#dialog-note'), /characters/);
  await first.context.close();

  const second = await newPage(env.browser);
  await second.page.goto(link);
  await ready(second.page);
  await assertWork(second.page);
  // The fragment is dropped once read, so a later reload keeps later edits.
  assert.equal(new URL(second.page.url()).hash, '');
  assert.deepEqual(second.errors, []);
  await second.context.close();
});

test('a damaged link says so and loses nothing', async () => {
  const { page, context } = await newPage(env.browser);
  await page.goto(`${env.server.url}#s=not-a-real-link`);
  await ready(page);
  assert.match(await page.textContent('#banner'), /link could not be opened/);
  assert.equal(await page.isVisible('#banner'), true, 'the message stays after the first result');
  await page.click('#banner button');
  assert.equal(await page.isVisible('#banner'), false);
  assert.ok((await page.$$('[data-metric]')).length > 0);
  await context.close();
});

test('export gives JSON for the API and a Python SDK literal', async () => {
  const { page, context } = await newPage(env.browser);
  await page.goto(env.server.url);
  await ready(page);
  const defs = [['loss', 'Loss = (.*?);'], ["it's", "it's=(\\d+)"], ['both', `q='(\\d+)" end\\`]];
  await setText(page, '#definitions', json(defs));
  await waitFor(page, () => __root().querySelectorAll('[data-metric]').length === 3 && __root().querySelector('[data-metric="both"]'));
  await page.click('#export');
  // The dialog's code loads on first use: it opens a moment after the click.
  await page.waitForSelector('#dialog[open]');
  const exported = JSON.parse(await page.inputValue('#dialog-text'));
  assert.deepEqual(exported, defs.map(([Name, Regex]) => ({ Name, Regex })));
  await page.click('#dialog-tabs [data-tab="python"]');
  const python = await page.inputValue('#dialog-text');
  assert.match(python, /^metric_definitions=\[/);
  assert.ok(python.includes(`{'Name': 'loss', 'Regex': r'Loss = (.*?);'}`), python);
  assert.ok(python.includes(`{'Name': 'it\\'s', 'Regex': r"it's=(\\d+)"}`), python);
  // Both quotes and a trailing backslash: no raw string can hold it.
  assert.ok(python.includes(`{'Name': 'both', 'Regex': 'q=\\'(\\\\d+)" end\\\\'}`), python);
  await page.keyboard.press('Escape');
  assert.equal(await page.$eval('#dialog', (d) => d.open), false);
  await context.close();
});
