// The evaluation worker: the engine's own message handler (`worker_main`, written
// with web-sys in src/wasm.rs) does the work; this module only loads the engine and
// holds the messages that arrive while it loads.
//
// In:  { id, definitions, log: string | Blob | File, options }
// Out: { id, report, ms }, or { ready: version } once, or { fatal: message } when the
//      engine cannot load.

import init, { worker_main, version } from './pkg/metrex.js';

const early = [];
const hold = (event) => early.push(event);
self.addEventListener('message', hold);

let loaded = false;
try {
  // Held until the worker ends, however it ends: the page watches it (engine.js).
  await new Promise((held) => {
    if (!self.navigator.locks) return held();
    self.navigator.locks.request(self.name, () => { held(); return new Promise(() => {}); }).catch(held);
  });
  await init({ module_or_path: new URL('./pkg/metrex_bg.wasm', import.meta.url) });
  worker_main();
  loaded = true;
  self.postMessage({ ready: version() });
} catch (error) {
  self.postMessage({ fatal: String(error && error.message ? error.message : error) });
}
self.removeEventListener('message', hold);
// A trap while evaluating escapes as an uncaught error: the page sees the worker's
// `error` event and starts a fresh worker.
if (loaded) for (const event of early) self.onmessage(event);
