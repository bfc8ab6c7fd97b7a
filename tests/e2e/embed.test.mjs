// Embedding: <metrex-playground> on a docs page with a strict CSP and hostile CSS, lazy
// loading, attributes, the iframe mode's message API, the single file from disk, and
// the Embed button's snippets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createServer } from 'node:http';
import { once } from 'node:events';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { useServerAndBrowser, newPage, ready, waitFor, json } from './harness.mjs';

const env = useServerAndBrowser();
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

const STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";
const HOSTILE_CSS = `
body { font: 40px serif; color: red; line-height: 3; letter-spacing: 4px; text-align: right; }
* { box-sizing: content-box; }
textarea, code, pre, button { font-family: fantasy; color: lime; }
.card { border-left: 0; background: yellow; }
metrex-playground { margin: 10px 0; }
#spacer { height: 4000px; }
#a { --accent: rgb(1, 2, 3); }
#a::part(cards) { outline: 3px solid rgb(4, 5, 6); }
`;

/**
 * A docs site on another origin: a second server on loopback serving `pages` ({path: html}).
 * (A page Playwright fulfils counts as public, and Chromium keeps public pages from
 * framing loopback ones, so the host must be a real loopback server.)
 */
async function docsSite(pages) {
  const server = createServer((req, res) => {
    const body = pages[new URL(req.url, 'http://x').pathname];
    res.writeHead(body ? 200 : 404, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(body ?? 'not found');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${server.address().port}/`, close: () => new Promise((resolve) => server.close(resolve)) };
}

/** Serves `html` (and host.css) at `path` of the test server's origin, with a strict CSP. */
async function hostPage(context, name, body, { csp = STRICT_CSP } = {}) {
  const base = env.server.url;
  await context.route(`${base}${name}`, (route) => route.fulfill({
    contentType: 'text/html; charset=utf-8',
    headers: { 'Content-Security-Policy': csp },
    body: `<!doctype html><html><head><meta charset="utf-8"><link rel="stylesheet" href="host.css">
<script type="module" src="metrex-playground.js"></script><script type="module" src="host.js"></script></head><body>${body}</body></html>`,
  }));
  await context.route(`${base}host.css`, (route) => route.fulfill({ contentType: 'text/css', body: HOSTILE_CSS }));
  // The page's own script: records the events, as a docs page's script would.
  await context.route(`${base}host.js`, (route) => route.fulfill({
    contentType: 'text/javascript',
    body: `window.reports = [];
document.addEventListener('metrex-report', (e) => window.reports.push({ id: e.target.id, names: e.detail.report.definitions.map((d) => d.name + '=' + d.summary.count) }));
window.violations = [];
document.addEventListener('securitypolicyviolation', (e) => window.violations.push(e.violatedDirective + ' ' + e.blockedURI));`,
  }));
  return `${base}${name}`;
}

/** The count of metric `name` in the element with id `id` (null while absent). */
function count(page, id, name) {
  return page.evaluate(([i, n]) => document.getElementById(i)?.shadowRoot?.querySelector(`[data-metric="${n}"]`)?.dataset.count ?? null, [id, name]);
}

function waitCount(page, id, name, value) {
  return waitFor(page, ([i, n, v]) => document.getElementById(i)?.shadowRoot?.querySelector(`[data-metric="${n}"]`)?.dataset.count === v, [id, name, value]);
}

test('two elements on a page with a strict CSP and hostile CSS: each its own results, no leaks either way', async () => {
  const { page, context, requests, errors } = await newPage(env.browser);
  const defsA = json([['loss', 'loss=([0-9.]+)']]);
  const url = await hostPage(context, 'host-two.html', `
<p id="text" class="card">Docs text around the demo.</p>
<metrex-playground id="a" definitions='${defsA}' log="loss=0.5&#10;loss=0.25&#10;"></metrex-playground>
<metrex-playground id="b" compact>
  <script type="text/plain" slot="definitions">
    [{"Name": "acc", "Regex": "acc: ([0-9.]+)%"}]
  </script>
  <script type="text/plain" slot="log">
    epoch 1 acc: 61.5%
    epoch 2 acc: 78.0%
    epoch 3 acc: 84.2%
  </script>
</metrex-playground>`);
  await page.goto(url);
  await waitCount(page, 'a', 'loss', '2');
  await waitCount(page, 'b', 'acc', '3');
  // Neither sees the other's definitions.
  assert.equal(await count(page, 'a', 'acc'), null);
  assert.equal(await count(page, 'b', 'loss'), null);
  const values = await page.evaluate(() => [...document.getElementById('b').shadowRoot.querySelectorAll('[data-capture]')].map((c) => c.dataset.value));
  assert.deepEqual(values, ['61.5', '78', '84.2']);

  // The page's styles stop at the element; the element's do not reach the page.
  const inside = await page.evaluate(() => {
    const r = document.getElementById('a').shadowRoot;
    const style = (el) => getComputedStyle(el);
    const name = r.querySelector('.card-name');
    const card = r.querySelector('.card');
    const ta = r.getElementById('definitions');
    return {
      nameSize: style(name).fontSize, nameColor: style(name).color, nameFont: style(name).fontFamily,
      cardBorder: style(card).borderLeftWidth, cardBackground: style(card).backgroundColor,
      textareaFont: style(ta).fontFamily, align: style(name).textAlign, spacing: style(name).letterSpacing,
    };
  });
  assert.equal(inside.nameSize, '15px');
  assert.notEqual(inside.nameColor, 'rgb(255, 0, 0)');
  assert.match(inside.nameFont, /^system-ui/);
  assert.equal(inside.cardBorder, '4px');
  assert.notEqual(inside.cardBackground, 'rgb(255, 255, 0)');
  assert.doesNotMatch(inside.textareaFont, /fantasy/);
  assert.equal(inside.align, 'start');
  assert.equal(inside.spacing, 'normal');
  // What a host may style on purpose: custom properties and parts.
  const themed = await page.evaluate(() => {
    const r = document.getElementById('a').shadowRoot;
    return { accent: getComputedStyle(r.querySelector('.app')).getPropertyValue('--accent').trim(), outline: getComputedStyle(r.getElementById('cards')).outlineColor };
  });
  assert.deepEqual(themed, { accent: 'rgb(1, 2, 3)', outline: 'rgb(4, 5, 6)' });
  const outside = await page.evaluate(() => {
    const p = getComputedStyle(document.getElementById('text'));
    return { size: p.fontSize, color: p.color, border: p.borderLeftWidth, radius: p.borderTopLeftRadius };
  });
  assert.deepEqual(outside, { size: '40px', color: 'rgb(255, 0, 0)', border: '0px', radius: '0px' });

  // Events reach the page; the report property holds the same report.
  const reports = await page.evaluate(() => window.reports);
  assert.ok(reports.some((r) => r.id === 'a' && r.names.join() === 'loss=2'), JSON.stringify(reports));
  assert.ok(reports.some((r) => r.id === 'b' && r.names.join() === 'acc=3'), JSON.stringify(reports));
  assert.equal(await page.evaluate(() => document.getElementById('b').report.definitions[0].summary.final), 84.2);
  // One worker and one wasm for both elements; nothing outside the page's origin; no CSP violation.
  assert.equal(requests.filter((u) => u.endsWith('/worker.js')).length, 1);
  assert.equal(requests.filter((u) => u.endsWith('.wasm')).length, 1);
  assert.deepEqual(requests.filter((u) => !u.startsWith(env.server.url)), []);
  assert.deepEqual(await page.evaluate(() => window.violations), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('nothing but the element script loads until an element scrolls into view', async () => {
  const { page, context, requests, errors } = await newPage(env.browser);
  const url = await hostPage(context, 'host-lazy.html', `
<div id="spacer"></div>
<metrex-playground id="far" definitions='${json([['loss', 'loss=([0-9.]+)']])}' log="loss=1.5"></metrex-playground>`);
  // host.css makes #spacer 4000px tall: the element starts far below the fold.
  await page.goto(url);
  await page.waitForTimeout(800);
  assert.ok(requests.some((u) => u.endsWith('/metrex-playground.js')));
  assert.deepEqual(requests.filter((u) => /\.wasm$|\/worker\.js$|style\.css$/.test(u)), []);
  assert.equal(await page.evaluate(() => document.getElementById('far').report), null);
  await page.evaluate(() => document.getElementById('far').scrollIntoView());
  await waitCount(page, 'far', 'loss', '1');
  assert.equal(requests.filter((u) => u.endsWith('.wasm')).length, 1);
  assert.deepEqual(errors, []);
  await context.close();
});

test('changing an attribute or a property re-evaluates', async () => {
  const { page, context, errors } = await newPage(env.browser);
  const url = await hostPage(context, 'host-attrs.html', `<metrex-playground id="el" definitions='${json([['loss', 'loss=([0-9.]+)']])}' log="loss=0.5"></metrex-playground>`);
  await page.goto(url);
  await waitCount(page, 'el', 'loss', '1');
  await page.evaluate(() => document.getElementById('el').setAttribute('log', 'loss=0.5\nloss=0.4\nloss=0.3\n'));
  await waitCount(page, 'el', 'loss', '3');
  await page.evaluate((d) => { document.getElementById('el').definitions = d; }, json([['tab', '#011x=([0-9]+)']]));
  await page.evaluate(() => { document.getElementById('el').log = 'a\tx=1\n'; });
  await waitCount(page, 'el', 'tab', '1');
  await page.evaluate(() => document.getElementById('el').setAttribute('escape', 'false'));
  await waitCount(page, 'el', 'tab', '0');
  assert.equal(await page.evaluate(() => document.getElementById('el').log), 'a\tx=1\n');
  // readonly: shown, not editable.
  await page.evaluate(() => document.getElementById('el').setAttribute('readonly', ''));
  assert.equal(await page.evaluate(() => document.getElementById('el').shadowRoot.getElementById('definitions').readOnly), true);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the iframe mode answers metrex:evaluate with the report to the sender, and again after edits in the frame', async () => {
  const { page, context, errors } = await newPage(env.browser);
  const frameUrl = `${env.server.url}index.html#embed`;
  const site = await docsSite({
    '/page.html': `<!doctype html><iframe id="f" src="${frameUrl}" width="800" height="600"></iframe>
<script>
window.got = [];
addEventListener('message', (e) => {
  if (e.source !== document.getElementById('f').contentWindow) return;
  window.got.push({ type: e.data.type, origin: e.origin, names: e.data.report ? e.data.report.definitions.map((d) => d.name + '=' + d.summary.count) : null });
  if (e.data.type === 'metrex:ready') e.source.postMessage({ type: 'metrex:evaluate', definitions: '[{"Name": "val", "Regex": "#011validation-error:([0-9.]+)"}]',
    log: '[0]\\ttrain-error:0.16\\tvalidation-error:0.14\\n[1]\\ttrain-error:0.12\\tvalidation-error:0.11\\n', options: { escape: true } }, '*');
});
</script>`,
  });
  await page.goto(`${site.url}page.html`);
  await waitFor(page, () => window.got.some((m) => m.type === 'metrex:report' && m.names.join() === 'val=2'));
  assert.equal((await page.evaluate(() => window.got))[0].type, 'metrex:ready');
  // The frame shows the compact layout, with the same hooks.
  const frame = page.frames().find((f) => f.url().startsWith(env.server.url));
  await frame.waitForFunction(() => document.querySelector('metrex-playground')?.shadowRoot?.querySelector('[data-metric="val"]')?.dataset.count === '2');
  assert.equal(await frame.evaluate(() => document.querySelector('metrex-playground').hasAttribute('compact')), true);
  // An edit made in the frame is reported to the host too.
  await frame.evaluate(() => {
    const log = document.querySelector('metrex-playground').shadowRoot.getElementById('log');
    log.value += '[2]\ttrain-error:0.1\tvalidation-error:0.09\n';
    log.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await waitFor(page, () => window.got.some((m) => m.type === 'metrex:report' && m.names.join() === 'val=3'));
  // A frame never reads the reader's autosaved work.
  assert.equal(await frame.evaluate(() => localStorage.getItem('metrex:v1')), null);
  assert.deepEqual(errors, []);
  await context.close();
  await site.close();
});

test('the single file works from disk, with no request at all', async () => {
  const { page, context, requests, errors } = await newPage(env.browser);
  const violations = [];
  await page.exposeFunction('__violation', (v) => violations.push(v));
  await context.addInitScript(() => document.addEventListener('securitypolicyviolation', (e) => window.__violation(`${e.violatedDirective} ${e.blockedURI}`)));
  // The names of the workers the page starts.
  await context.addInitScript(() => {
    window.__workerNames = [];
    const Native = window.Worker;
    window.Worker = class extends Native {
      constructor(url, options) {
        super(url, options);
        window.__workerNames.push(String(options?.name));
      }
    };
  });
  const file = pathToFileURL(path.join(root, 'dist', 'metrex.html')).href;
  await page.goto(file);
  await ready(page);
  // The first example (the AWS docs' GAN log): 24 losses.
  await waitFor(page, () => __root().querySelector('[data-metric="loss"]')?.dataset.count === '24');
  await page.fill('#definitions', json([['disc', 'disc_train_loss=([0-9.]+);']]));
  await waitFor(page, () => __root().querySelector('[data-metric="disc"]')?.dataset.count === '24');
  // The worker starts from a blob: URL made in the page: not a request to anywhere.
  assert.deepEqual(requests.filter((u) => u !== file && !u.startsWith('blob:')), []);
  // A file over 64 MB is read by the one worker: the single file has no engine a second
  // worker could share the read with, so none is started.
  const dir = await mkdtemp(path.join(tmpdir(), 'metrex-e2e-'));
  try {
    const big = path.join(dir, 'train.log');
    const lines = 750_000;
    await writeFile(big, Array.from({ length: lines }, (_, i) => `step ${i + 1} loss=0.5 ${'x'.repeat(80)}\n`).join(''));
    await page.setInputFiles('#log-file', big);
    await page.waitForFunction((n) => __root().querySelector('[data-metric="disc"]') && /scanned/.test(__root().getElementById('status').textContent)
      && __root().getElementById('status').textContent.includes(`${n.toLocaleString('en')} lines`), lines, { timeout: 60000 });
    assert.doesNotMatch(await page.textContent('#status'), /two workers/);
    assert.deepEqual(await page.evaluate(() => window.__workerNames.filter((n) => /part/.test(n))), []);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  assert.deepEqual(violations, []);
  assert.deepEqual(errors, []);
  await context.close();
});

test("the Embed button's snippets, pasted into a blank page, reproduce the work", async () => {
  const { page, context, errors } = await newPage(env.browser);
  await page.goto(env.server.url);
  await ready(page);
  const defs = json([['loss', 'loss=([0-9.]+)'], ['q"uote', '<b>=([0-9]+)']]);
  const log = 'loss=0.5 <b>=1\nloss=0.25 & "x" <b>=2\n\tloss=0.125\n';
  await page.fill('#definitions', defs);
  await page.fill('#log', log);
  await waitFor(page, () => __root().querySelector('[data-metric="loss"]')?.dataset.count === '3');
  await page.click('#embed');
  await page.waitForSelector('#dialog[open]');
  const element = await page.inputValue('#dialog-text');
  await page.click('#dialog-tabs [data-tab="iframe"]');
  const iframe = await page.inputValue('#dialog-text');
  await page.click('#dialog-tabs [data-tab="single"]');
  assert.match(await page.getAttribute('#dialog-download', 'href'), /metrex\.html$/);

  // The element snippet in a blank page of the same site.
  const blank = await newPage(env.browser);
  await blank.context.route(`${env.server.url}blank.html`, (route) => route.fulfill({ contentType: 'text/html', headers: { 'Content-Security-Policy': STRICT_CSP }, body: `<!doctype html><body>${element}</body>` }));
  await blank.page.goto(`${env.server.url}blank.html`);
  await waitFor(blank.page, () => __root().querySelector('[data-metric="loss"]')?.dataset.count === '3');
  assert.equal(await blank.page.evaluate(() => __root().querySelector('[data-metric=\'q"uote\']')?.dataset.count), '2');
  assert.equal(await blank.page.evaluate(() => document.querySelector('metrex-playground').log), log);
  assert.equal(await blank.page.evaluate(() => document.querySelector('metrex-playground').definitions), defs);
  await blank.context.close();

  // The iframe snippet.
  const framed = await newPage(env.browser);
  const site = await docsSite({ '/frame.html': `<!doctype html><body>${iframe}</body>` });
  await framed.page.goto(`${site.url}frame.html`);
  const frame = await (await framed.page.waitForSelector('iframe')).contentFrame();
  await frame.waitForFunction(() => document.querySelector('metrex-playground')?.shadowRoot?.querySelector('[data-metric="loss"]')?.dataset.count === '3', null, { timeout: 15000 });
  assert.equal(await frame.evaluate(() => document.querySelector('metrex-playground').state.log), log);
  await framed.context.close();
  await site.close();
  assert.deepEqual(errors, []);
  await context.close();
});
