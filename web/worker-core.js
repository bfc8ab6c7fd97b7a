// The evaluation worker's start-up, shared by worker.js (the engine fetched beside it)
// and the single-file build (the engine inlined): the engine's own message handler
// (`worker_main`, written with web-sys in src/wasm.rs) does the work; this only loads
// the engine and holds the messages that arrive while it loads.
//
// In:  { id, definitions, log: string | Blob | File, options }
// Out: { id, report, ms }, or { ready: version } once, or { fatal: message } when the
//      engine cannot load.
// Teaching requests are answered here, with the engine's `explain` and `inspectLine`:
// In:  { teach: tid, explain: [regex, ...], inspect: { definitions, line, options } | null }
// Out: { teach: tid, explanations: [Explanation, ...], inspection: LineReport | null }

import init, { worker_main, version, explain, inspectLine } from './pkg/metrex.js';

/** Answers a teaching request: small, synchronous, one line at a time. */
function teach(data) {
  const explanations = (Array.isArray(data.explain) ? data.explain : []).map((regex) => explain(String(regex)));
  const i = data.inspect;
  const inspection = i ? inspectLine(String(i.definitions), String(i.line), i.options ?? undefined) : null;
  self.postMessage({ teach: data.teach, explanations, inspection });
}

/** Loads the engine from `moduleOrPath` (a URL, or the wasm bytes) and starts serving. */
export async function serve(moduleOrPath) {
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
    await init({ module_or_path: moduleOrPath });
    worker_main();
    const evaluate = self.onmessage;
    self.onmessage = (event) => (event.data && event.data.teach !== undefined ? teach(event.data) : evaluate(event));
    loaded = true;
    self.postMessage({ ready: version() });
  } catch (error) {
    self.postMessage({ fatal: String(error && error.message ? error.message : error) });
  }
  self.removeEventListener('message', hold);
  // A trap while evaluating escapes as an uncaught error: the page sees the worker's
  // `error` event and starts a fresh worker.
  if (loaded) for (const event of early) self.onmessage(event);
}
