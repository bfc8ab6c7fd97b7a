// The evaluation worker, with the engine fetched from beside this file (see worker-core.js).
import { serve } from './worker-core.js';

await serve(new URL('./pkg/metrex_bg.wasm', import.meta.url));
