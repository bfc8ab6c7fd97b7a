// A worker that traps is replaced, the page says so, and nothing typed is lost.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { useServerAndBrowser, newPage, ready, setText, waitFor, card, json } from './harness.mjs';

const env = useServerAndBrowser();

test('a trap in the engine restarts the worker and keeps the text', async () => {
  const { page, context, requests } = await newPage(env.browser);
  // The real worker, made to trap as a panic would (`unreachable`) on a marked input.
  const worker = await readFile(new URL('../../www/worker.js', import.meta.url), 'utf8');
  await context.route('**/worker.js', (route) => route.fulfill({
    contentType: 'text/javascript',
    body: `${worker}
const evaluate = self.onmessage;
self.onmessage = (event) => {
  if (String(event.data.definitions).includes('TRAP')) throw new WebAssembly.RuntimeError('unreachable');
  return evaluate(event);
};`,
  }));
  await page.goto(env.server.url);
  await ready(page);
  const trap = json([['TRAP', 'loss=([0-9.]+)']]);
  await setText(page, '#log', 'loss=0.5\n');
  await setText(page, '#definitions', trap);
  await waitFor(page, () => !__root().getElementById('banner').hidden);
  assert.match(await page.textContent('#banner'), /engine stopped.*restarted/);
  assert.equal(await page.inputValue('#definitions'), trap);
  assert.equal(await page.inputValue('#log'), 'loss=0.5\n');
  // The next change is evaluated by a fresh worker.
  await setText(page, '#definitions', json([['loss', 'loss=([0-9.]+)']]));
  await waitFor(page, () => __root().querySelector('[data-metric="loss"]')?.dataset.count === '1');
  assert.deepEqual((await card(page, 'loss')).captures, [{ line: '1', value: '0.5' }]);
  assert.equal(await page.$eval('#banner', (el) => el.hidden), true);
  assert.ok(requests.filter((url) => url.endsWith('/worker.js')).length >= 2, 'a second worker was started');
  await context.close();
});
