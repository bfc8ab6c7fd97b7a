// Hostile inputs on the page: the CLI's hostile-input cases pasted and opened as
// files, crafted links, storage that is full or turned off, a worker that dies and
// an engine that traps. Each case ends with a clear message, a good definition still
// evaluates afterwards, and nothing the user typed is lost.
//
// Only stable hooks and what a user sees are used (#definitions, #log,
// [data-metric][data-count], [data-error], roles and text): Playwright's locators
// pierce open shadow roots, so these tests hold when the page moves into one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { useServerAndBrowser, newPage, json } from './harness.mjs';

const env = useServerAndBrowser();
const TIMEOUT = { timeout: 20000 };

const GOOD = ['loss', 'loss=([0-9.]+)'];
const GOOD_LOG = 'step 1 loss=0.5\n';

/** Waits for a finished evaluation (the status line says how long it took). */
async function scanned(page) {
  await page.getByRole('status').filter({ hasText: /scanned in/ }).first().waitFor(TIMEOUT);
}

/** Waits until the card of metric `name` shows `count` values. */
async function count(page, name, n) {
  await page.locator(`[data-metric="${name}"][data-count="${n}"]`).first().waitFor(TIMEOUT);
}

/** Waits for `text` (a RegExp) to be shown anywhere on the page. */
async function shows(page, text) {
  await page.getByText(text).first().waitFor(TIMEOUT);
}

/** The rest keeps working: a good definition on a good log evaluates. */
async function stillWorks(page) {
  await page.fill('#definitions', json([GOOD]));
  // A log too large for the editor is shown read-only; the user clears it to type.
  if (!(await page.locator('#log').isEditable())) await page.getByRole('button', { name: 'Clear the log' }).click();
  await page.fill('#log', GOOD_LOG);
  await count(page, 'loss', 1);
}

async function open(options) {
  const session = await newPage(env.browser, options);
  await session.page.goto(env.server.url);
  await scanned(session.page);
  return session;
}

// ---- the CLI's hostile inputs, pasted ------------------------------------------

const BINARY = Array.from({ length: 256 }, (_, i) => String.fromCharCode(i)).join('');

test('pasted: a binary log is read, said to be binary, and its metric line still counts', async () => {
  const { page, context, errors } = await open();
  await page.fill('#definitions', json([GOOD]));
  const log = `${BINARY}\nstep 1 loss=0.5\n\u0000\u0007\ufffd\n`;
  await page.fill('#log', log);
  await count(page, 'loss', 1);
  await shows(page, /binary data: bytes that are not text/);
  // Kept as typed (a textarea turns CR and CRLF into LF, as on any page).
  assert.equal(await page.inputValue('#log'), log.replace(/\r\n?/g, '\n'));
  assert.deepEqual(errors, []);
  await context.close();
});

test('pasted: 5,000 definitions are all evaluated, with SageMaker\'s limit of 40 said plainly', async () => {
  const { page, context, errors } = await open();
  const many = Array.from({ length: 5000 }, (_, i) => [`m${i}`, `m${i}=([0-9.]+)`]);
  const text = json([GOOD, ...many]);
  await page.fill('#log', `${GOOD_LOG}m0=7\nm4999=8\n`);
  await page.fill('#definitions', text);
  await shows(page, /5001 definitions: SageMaker accepts at most 40/);
  // The first 200 get a card; the rest are counted and said to be there.
  await shows(page, /4,?801 more definitions not shown/);
  await count(page, 'm0', 1);
  await count(page, 'loss', 1);
  await shows(page, /5,?001 definitions · 3 values counted/);
  assert.equal(await page.inputValue('#definitions'), text);
  await stillWorks(page);
  assert.deepEqual(errors, []);
  await context.close();
});

test('pasted: nesting 3,000 deep is refused at the limit, with where', async () => {
  const { page, context, errors } = await open();
  const deep = `${'['.repeat(3000)}${']'.repeat(3000)}`;
  await page.fill('#definitions', deep);
  await shows(page, /nested deeper than 128 levels/);
  await shows(page, /line 1, column 129/);
  assert.equal(await page.inputValue('#definitions'), deep);
  await stillWorks(page);
  assert.deepEqual(errors, []);
  await context.close();
});

test('pasted: exploding patterns say the compile limit; their neighbours still evaluate', async () => {
  const { page, context, errors } = await open();
  await page.fill('#log', GOOD_LOG);
  await page.fill('#definitions', json([['boom', '(a{1000}){1000}'], ['deep', `${'('.repeat(300)}a${')'.repeat(300)}`], GOOD]));
  await page.locator('[data-metric="boom"] [data-error]').filter({ hasText: /exceeds 8 MiB/ }).waitFor(TIMEOUT);
  await page.locator('[data-metric="deep"] [data-error]').first().waitFor(TIMEOUT);
  await count(page, 'loss', 1);
  assert.deepEqual(errors, []);
  await context.close();
});

test('pasted: (a+)+$ on a 5 MB line ends, and the line after it still counts', async () => {
  const { page, context, errors } = await open();
  await page.fill('#definitions', json([['boom', '((a+)+$)'], GOOD]));
  await page.fill('#log', `${'a'.repeat(5 << 20)}b\n${GOOD_LOG}`);
  await count(page, 'loss', 1);
  await count(page, 'boom', 0);
  // Too large for the editor and for autosave: both are said.
  await shows(page, /A large log \(2 lines, 5\.0 MB\)/);
  await shows(page, /log not autosaved: too large/);
  await stillWorks(page);
  assert.deepEqual(errors, []);
  await context.close();
});

test('pasted: empty and wrong shapes say what is expected', async () => {
  const { page, context, errors } = await open();
  await page.fill('#log', GOOD_LOG);
  for (const text of ['{"foo": 1}', '42', '"loss=([0-9.]+)"', 'null', '[]', '[1, 2]', '{"MetricDefinitions": {}}']) {
    await page.fill('#definitions', text);
    await shows(page, /no metric definitions found|expected a \{"Name", "Regex"\} object|must be a list|is empty/);
    assert.equal(await page.inputValue('#definitions'), text);
  }
  await page.fill('#definitions', '   \n');
  await shows(page, /No definitions yet/);
  await stillWorks(page);
  assert.deepEqual(errors, []);
  await context.close();
});

// ---- the same, opened as files -------------------------------------------------

test('files: a binary file, a log with a 5 MB line, and an empty file are read with a message', async () => {
  const { page, context, errors } = await open();
  await page.fill('#definitions', json([['boom', '((a+)+$)'], GOOD]));
  // A PNG-like binary file: invalid UTF-8, NUL bytes, and one metric line in it.
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0xff, 0xfe]), Buffer.from(`\n${GOOD_LOG}`), Buffer.alloc(64, 0)]);
  await page.setInputFiles('#log-file', { name: 'image.png', mimeType: 'image/png', buffer: png });
  await count(page, 'loss', 1);
  await shows(page, /binary data: bytes that are not text/);
  await page.setInputFiles('#log-file', { name: 'long.log', mimeType: 'text/plain', buffer: Buffer.from(`${'a'.repeat(5 << 20)}b\n${GOOD_LOG}`) });
  await shows(page, /long\.log|A large log/);
  await count(page, 'loss', 1);
  await page.setInputFiles('#log-file', { name: 'empty.log', mimeType: 'text/plain', buffer: Buffer.alloc(0) });
  await count(page, 'loss', 0);
  await shows(page, /0 lines scanned/);
  await stillWorks(page);
  assert.deepEqual(errors, []);
  await context.close();
});

// ---- crafted links -------------------------------------------------------------

/** A `#s=` fragment holding `text` deflated. */
const fragment = (text) => `#s=${zlib.deflateRawSync(Buffer.from(text)).toString('base64url')}`;

/** A deflate bomb: a valid state whose log is `mb` MB of one character, about 1/1000 of that as a link. */
async function bomb(mb) {
  const deflate = zlib.createDeflateRaw({ level: 9 });
  const parts = [];
  deflate.on('data', (chunk) => parts.push(chunk));
  const ended = new Promise((resolve) => deflate.on('end', resolve));
  deflate.write(`{"definitions":${JSON.stringify(json([GOOD]))},"log":"`);
  const block = Buffer.alloc(1 << 20, 'a');
  for (let i = 0; i < mb; i++) {
    if (!deflate.write(block)) await new Promise((resolve) => deflate.once('drain', resolve));
  }
  deflate.end('"}');
  await ended;
  return `#s=${Buffer.concat(parts).toString('base64url')}`;
}

/**
 * Types some work on one page (autosaved), then opens `hash` in a second page of
 * the same browser profile: the link's problem is said in an alert, and the work
 * typed before is there and evaluates.
 */
async function refusedLink(hash, message) {
  const { page, context, errors } = await open();
  const work = json([['mine', 'mine=([0-9.]+)'], GOOD]);
  await page.fill('#definitions', work);
  await page.fill('#log', `mine=3\n${GOOD_LOG}`);
  await count(page, 'mine', 1);
  await page.waitForFunction((text) => (localStorage.getItem('metrex:v1') || '').includes('mine=3'), null, TIMEOUT);
  await page.close();
  const second = await context.newPage();
  second.on('pageerror', (error) => errors.push(error.message));
  await second.goto(env.server.url + hash);
  const alert = second.getByRole('alert').filter({ hasText: /This link could not be opened/ });
  await alert.waitFor(TIMEOUT);
  assert.match(await alert.innerText(), message);
  assert.equal(await second.inputValue('#definitions'), work);
  await count(second, 'mine', 1);
  await stillWorks(second);
  assert.deepEqual(errors, []);
  await context.close();
}

test('link: not base64', () => refusedLink('#s=%%%not*base64!!', /not valid base64url/));

test('link: base64 but not deflate', () => refusedLink(`#s=${Buffer.from('this is not deflate data at all').toString('base64url')}`, /could not be decompressed/));

test('link: a deflate bomb (400 MB of one character) is refused at the limit, not inflated', async () => {
  const hash = await bomb(400);
  assert.ok(hash.length < 600_000, `the bomb is ${hash.length} characters`);
  await refusedLink(hash, /unpacks to more than 20 MB, the most a metrex link holds/);
});

test('link: valid JSON of the wrong shape', async () => {
  await refusedLink(fragment('[1, 2, 3]'), /does not hold metrex work \(it holds a list/);
  await refusedLink(fragment('{"log": 42}'), /“log” is a number, not text/);
  await refusedLink(fragment('{"escape": "yes"}'), /“escape” is text, not true or false/);
  await refusedLink(fragment('{"objective": {"name": "loss", "direction": "Up"}}'), /Maximize.*Minimize/);
  await refusedLink(fragment('{"hello": "world"}'), /none of its fields/);
  await refusedLink(fragment('"just text"'), /does not hold metrex work/);
  await refusedLink(fragment('\u00ff\u00fe not json'), /not JSON text/);
});

test('link: __proto__ and constructor keys are ignored, and the rest of the link is read', async () => {
  const { page, context, errors } = await open();
  const text = `{"__proto__": {"polluted": 1, "log": "x"}, "constructor": {"prototype": {"polluted": 2}}, "definitions": ${JSON.stringify(json([GOOD]))}, "log": ${JSON.stringify(GOOD_LOG)}}`;
  await page.goto(env.server.url + fragment(text));
  await page.reload();
  await count(page, 'loss', 1);
  assert.equal(await page.evaluate(() => ({}).polluted), undefined);
  assert.equal(await page.inputValue('#log'), GOOD_LOG);
  assert.deepEqual(errors, []);
  await context.close();
});

test('link: a 10 MB fragment is refused with its size, and the page keeps working', async () => {
  const { page, context, errors } = await open();
  const work = json([['mine', 'mine=([0-9.]+)'], GOOD]);
  await page.fill('#definitions', work);
  // Browsers refuse to navigate to URLs past about 2 MB, so the fragment is put in
  // place before the page's script reads it, as a page script embedding metrex could.
  const huge = `#s=${'A'.repeat(10 << 20)}`;
  await context.addInitScript((hash) => { if (!location.hash) history.replaceState(null, '', location.pathname + hash); }, huge);
  await page.reload();
  const alert = page.getByRole('alert').filter({ hasText: /This link could not be opened/ });
  await alert.waitFor(TIMEOUT);
  assert.match(await alert.innerText(), /10 MB long, and metrex opens links of at most 4 MB/);
  assert.equal(await page.inputValue('#definitions'), work);
  await stillWorks(page);
  assert.deepEqual(errors, []);
  await context.close();
});

// ---- storage -------------------------------------------------------------------

test('localStorage full: typing and evaluating go on, and the page says work is not autosaved', async () => {
  const { page, context, errors } = await newPage(env.browser);
  await context.addInitScript(() => {
    Storage.prototype.setItem = () => { throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); };
  });
  await page.goto(env.server.url);
  await scanned(page);
  await stillWorks(page);
  await shows(page, /not autosaved: this browser's storage is full or turned off/);
  assert.equal(await page.inputValue('#log'), GOOD_LOG);
  assert.deepEqual(errors, []);
  await context.close();
});

test('localStorage turned off: the page starts, evaluates, and says work is not autosaved', async () => {
  const { page, context, errors } = await newPage(env.browser);
  await context.addInitScript(() => {
    Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('Access is denied for this document.', 'SecurityError'); } });
  });
  await page.goto(env.server.url);
  await scanned(page);
  await stillWorks(page);
  await shows(page, /not autosaved: this browser's storage is full or turned off/);
  assert.deepEqual(errors, []);
  await context.close();
});

// ---- the worker ----------------------------------------------------------------

/** Serves the real worker, with `extra` code after it (which may wrap its message handler). */
async function routeWorker(context, extra) {
  const worker = await readFile(new URL('../../www/worker.js', import.meta.url), 'utf8');
  await context.route('**/worker.js', (route) => route.fulfill({ contentType: 'text/javascript', body: `${worker}\n${extra}` }));
}

test('worker killed while a big file is read: the page says so, restarts it, and keeps the work', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'metrex-e2e-'));
  const file = path.join(dir, 'huge.log');
  try {
    // Past the 64 MB the page reads into memory: the worker reads this one from disk.
    const out = createWriteStream(file);
    const block = Buffer.from(`${'x'.repeat(1023)}\n`.repeat(1024));
    for (let i = 0; i < 66; i++) if (!out.write(block)) await new Promise((resolve) => out.once('drain', resolve));
    await new Promise((resolve) => out.end(resolve));
    const { page, context, errors } = await newPage(env.browser);
    // The worker ends in the middle of reading the file, as when the browser stops it
    // (out of memory, say): no error event, no answer.
    await routeWorker(context, `
const evaluate = self.onmessage;
self.onmessage = (event) => {
  if (event.data.log instanceof Blob) {
    new FileReaderSync().readAsArrayBuffer(event.data.log.slice(0, 1 << 20));
    self.close();
    return;
  }
  return evaluate(event);
};`);
    await page.goto(env.server.url);
    await scanned(page);
    const definitions = json([['mine', 'mine=([0-9.]+)'], GOOD]);
    await page.fill('#definitions', definitions);
    await page.setInputFiles('#log-file', file);
    const alert = page.getByRole('alert').filter({ hasText: /engine stopped/ });
    await alert.waitFor(TIMEOUT);
    assert.match(await alert.innerText(), /browser stopped it.*Nothing you typed is lost/);
    assert.equal(await page.inputValue('#definitions'), definitions);
    await page.getByRole('button', { name: 'Clear the log' }).click();
    await stillWorks(page);
    assert.deepEqual(errors, []);
    await context.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a definition that makes the engine trap: a real wasm trap, a message, a fresh worker', async () => {
  const { page, context, errors } = await newPage(env.browser);
  // A one-function module whose body is `unreachable`: the trap a panic becomes.
  await routeWorker(context, `
const trap = new WebAssembly.Instance(new WebAssembly.Module(new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0, 7, 5, 1, 1, 102, 0, 0, 10, 5, 1, 3, 0, 0, 11,
]))).exports.f;
const evaluate = self.onmessage;
self.onmessage = (event) => {
  if (String(event.data.definitions).includes('TRAP')) trap();
  return evaluate(event);
};`);
  await page.goto(env.server.url);
  await scanned(page);
  const definitions = json([['TRAP', 'loss=([0-9.]+)']]);
  await page.fill('#log', GOOD_LOG);
  await page.fill('#definitions', definitions);
  const alert = page.getByRole('alert').filter({ hasText: /engine stopped/ });
  await alert.waitFor(TIMEOUT);
  assert.match(await alert.innerText(), /unreachable.*restarted.*Nothing you typed is lost/);
  assert.equal(await page.inputValue('#definitions'), definitions);
  assert.equal(await page.inputValue('#log'), GOOD_LOG);
  await stillWorks(page);
  assert.equal(await alert.count(), 0, 'the message goes once a result comes');
  assert.deepEqual(errors, []);
  await context.close();
});
