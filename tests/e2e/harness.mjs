// Shared set-up of the browser tests: the static server (scripts/serve.mjs on a free
// port) and Debian's Chromium driven by playwright-core (no browser download).
import { before, after } from 'node:test';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run',
];

/** Starts scripts/serve.mjs on a free port; resolves to { url, stop }. */
export async function startServer() {
  const child = spawn(process.execPath, [path.join(root, 'scripts', 'serve.mjs'), '--port', '0', '--quiet'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // A script that dies without stop() must not leave the server running: it would keep
  // the caller's stderr open, and a shell waiting on that pipe would wait forever.
  const orphaned = () => child.kill('SIGTERM');
  process.once('exit', orphaned);
  let output = '';
  const url = await new Promise((resolve, reject) => {
    child.on('exit', (code) => reject(new Error(`serve.mjs exited with ${code}`)));
    child.stdout.on('data', (data) => {
      output += data;
      const found = output.match(/http:\/\/127\.0\.0\.1:\d+\//);
      if (found) resolve(found[0]);
    });
  });
  return {
    url,
    async stop() {
      process.removeListener('exit', orphaned);
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

export async function launch() {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/**
 * A fresh context and page. Every request any of its pages or workers makes is
 * recorded in `requests`; page errors in `errors`.
 */
export async function newPage(browser, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, ...options });
  await context.addInitScript(defineRoot);
  const requests = [];
  const errors = [];
  context.on('request', (request) => requests.push(request.url()));
  const page = await context.newPage();
  page.on('pageerror', (error) => errors.push(error.message));
  return { context, page, requests, errors };
}

/**
 * An init script: `__root()` in the page is where the playground's hooks live — the
 * open shadow root of the page's first <metrex-playground> (the document before it
 * exists). Playwright's own selectors (page.click('#log')) pierce open shadow roots;
 * code run in the page (waitForFunction, evaluate) goes through __root().
 */
export function defineRoot() {
  window.__root = () => document.querySelector('metrex-playground')?.shadowRoot ?? document;
}

/**
 * An init script counting what the page posts to its workers: `__posted` evaluation
 * requests, `__withLog` those that carry the log, `__drops` sessions freed.
 */
export function countWorkerMessages() {
  window.__posted = 0;
  window.__withLog = 0;
  window.__drops = 0;
  const post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (...args) {
    const message = args[0];
    if (message && message.drop !== undefined) window.__drops++;
    if (message && message.definitions !== undefined && message.teach === undefined) {
      window.__posted++;
      if ('log' in message) window.__withLog++;
    }
    return post.apply(this, args);
  };
}

/** Waits until the page shows a report (the status line says how long it took). */
export async function ready(page) {
  await page.waitForFunction(() => /scanned in/.test(__root().getElementById('status')?.textContent), null, { timeout: 15000 });
}

/** Replaces the text of a textarea the way a paste does (one input event). */
export async function setText(page, selector, text) {
  await page.fill(selector, text);
}

/** Waits for `predicate` (a function run in the page) to hold. */
export function waitFor(page, predicate, arg) {
  return page.waitForFunction(predicate, arg, { timeout: 10000 });
}

/** The card of metric `name`: { count, error, captures: [{line, value}] }. */
export function card(page, name) {
  return page.evaluate((n) => {
    const el = [...__root().querySelectorAll('[data-metric]')].find((e) => e.dataset.metric === n);
    if (!el) return null;
    return {
      count: el.dataset.count,
      error: el.querySelector('[data-error]')?.textContent ?? null,
      captures: [...el.querySelectorAll('[data-capture]')].map((c) => ({ line: c.dataset.line, value: c.dataset.value })),
    };
  }, name);
}

export const json = (list) => JSON.stringify(list.map(([Name, Regex]) => ({ Name, Regex })));

/**
 * Registers the suite's set-up and tear-down (a static server for www/ and one
 * Chromium) and returns `env`, whose `server` and `browser` are filled before
 * the first test runs.
 */
export function useServerAndBrowser() {
  const env = { server: null, browser: null };
  before(async () => {
    env.server = await startServer();
    env.browser = await launch();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.stop();
  });
  return env;
}
