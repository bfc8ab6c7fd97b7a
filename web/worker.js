// The evaluation worker, with the engine fetched from beside this file (see worker-core.js).
import { serve } from './worker-core.js';

await serve(new URL('./pkg/metrex_bg.wasm', import.meta.url), {
  // The fast engine, beside the small one, for big logs (its own glue: not bundled).
  fast: async () => {
    const engine = await import(new URL('./pkg-fast/metrex.js', import.meta.url).href);
    await engine.default({ module_or_path: new URL('./pkg-fast/metrex_bg.wasm', import.meta.url) });
    return engine;
  },
});
