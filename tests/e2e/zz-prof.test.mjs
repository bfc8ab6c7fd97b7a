import { test } from 'node:test';
import { readFileSync } from 'node:fs';
import { useServerAndBrowser, newPage, ready, setText } from './harness.mjs';
const env = useServerAndBrowser();
test('prof', async () => {
  const { page, context } = await newPage(env.browser);
  await page.goto(env.server.url); await ready(page);
  const log = readFileSync('bench/out/mixed-200k.log', 'utf8').slice(0, 10 << 20);
  const defs = JSON.parse(readFileSync('bench/out/mixed-200k.defs.json', 'utf8'));
  defs.unshift({ Name: 'loss', Regex: 'loss: ([0-9.]+)' });
  await setText(page, '#definitions', JSON.stringify(defs, null, 1));
  await setText(page, '#log', '');
  await page.evaluate((text) => { const l = __root().getElementById('log'); l.focus(); const d = new DataTransfer(); d.setData('text/plain', text); l.dispatchEvent(new ClipboardEvent('paste', { clipboardData: d, bubbles: true, cancelable: true })); }, log.slice(0, log.lastIndexOf('\n') + 1));
  await page.waitForTimeout(8000);
  const cdp = await context.newCDPSession(page);
  await page.evaluate(() => { window.__lt = []; new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__lt.push(Math.round(e.duration)); }).observe({ type: 'longtask' }); });
  const events = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
  const traced = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
  await cdp.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline,v8', transferMode: 'ReportEvents' });
  await cdp.send('Profiler.enable'); await cdp.send('Profiler.start');
  await page.evaluate(() => { const d = __root().getElementById('definitions'); const at = d.value.indexOf('loss: (') + 4; d.focus(); d.setSelectionRange(at, at); });
  const lat = [];
  for (let i = 0; i < 6; i++) {
    for (const key of ['e', 'Backspace']) {
      await page.evaluate(() => { window.__t0 = 0; const d = __root().getElementById('definitions'); d.addEventListener('keydown', () => { window.__t0 = performance.now(); }, { once: true }); });
      await page.keyboard.press(key);
      await page.waitForFunction(() => { const re = __root().getElementById('definitions').value.match(/"(loss:[^"]*|losse:[^"]*)"/)[1]; return [...__root().querySelectorAll('.card-regex')].some((el) => el.textContent === re); });
      lat.push(await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(Math.round(performance.now() - window.__t0))))));
      await page.waitForTimeout(300);
    }
  }
  const { profile } = await cdp.send('Profiler.stop');
  await cdp.send('Tracing.end'); await traced;
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const sums = new Map();
  for (const e of events) if (e.ph === 'X' && main && e.tid === main.tid && e.pid === main.pid) sums.set(e.name, (sums.get(e.name) || 0) + (e.dur || 0) / 1000);
  console.log([...sums].sort((a, b) => b[1] - a[1]).slice(0, 16).map(([k, v]) => `${v.toFixed(0)}ms ${k}`).join('\n'));
  console.log('latency', lat.join(' '), 'longtasks', JSON.stringify(await page.evaluate(() => window.__lt)));
  const self = new Map(); const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  profile.samples.forEach((id, i) => { const n = byId.get(id); const k = `${n.callFrame.functionName}@${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}:${n.callFrame.columnNumber}`; self.set(k, (self.get(k) || 0) + (profile.timeDeltas[i] || 0) / 1000); });
  console.log([...self].sort((a, b) => b[1] - a[1]).slice(0, 14).map(([k, v]) => `${v.toFixed(0)}ms ${k}`).join('\n'));
  // inclusive
  const selfById = new Map(); profile.samples.forEach((id, i) => selfById.set(id, (selfById.get(id) || 0) + (profile.timeDeltas[i] || 0) / 1000));
  const incl = new Map();
  const walk = (id, stack) => { const n = byId.get(id); const k = `${n.callFrame.functionName}@${n.callFrame.url.split('/').pop()}:${n.callFrame.columnNumber}`; const t = selfById.get(id) || 0; const seen = new Set(stack); seen.add(k); for (const s of seen) incl.set(s, (incl.get(s) || 0) + t); for (const c of n.children || []) walk(c, seen); };
  walk(profile.nodes[0].id, new Set());
  console.log('INCLUSIVE\n' + [...incl].filter(([k]) => !k.startsWith('(')).sort((a, b) => b[1] - a[1]).slice(0, 30).map(([k, v]) => `${v.toFixed(0)}ms ${k}`).join('\n'));
  await context.close();
});
