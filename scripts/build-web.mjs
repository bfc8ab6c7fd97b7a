// Builds the static site from web/ (the sources) into www/ (deployable as is: copy it
// into any site's static folder), and the single-file playground into dist/metrex.html.
//
//   www/metrex-playground.js   the custom element: the one module a docs page adds
//   www/app.js                 the full page's shell (index.html)
//   www/chunk-*.js             the view and what both share, loaded when an element is in view
//   www/teach/index.js         the teaching features (explain panes, line inspector, lessons),
//                              loaded the first time one is used
//   www/examples-more.js       the built-in examples after the first, loaded when one is picked
//   www/render/biglog.js       the big-log viewer and the full capture lists, loaded when first needed
//   www/worker.js              the evaluation worker (with the engine's JS glue)
//   www/style.css, page.css    the view's styles (its shadow root), the full page's
//   www/pkg/                   the engine (metrex_bg.wasm; the JS API of the README)
//   www/pkg-fast/              the fast engine for big logs (same API, its own metrex.js glue),
//                              loaded by the worker only when a log is big
//   www/embed.html             a demo docs page showing both ways to embed
//   dist/metrex.html           everything above inlined in one file (also at www/metrex.html)
//
// Minified with esbuild (a build tool only: nothing of it ships).
import * as esbuild from 'esbuild';
import { createHash } from 'node:crypto';
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const web = path.join(root, 'web');
const out = path.join(root, 'www');
const dist = path.join(root, 'dist');
const wasmFile = process.argv[2] || path.join(web, 'pkg', 'metrex_bg.wasm');

/** Loaded on first use (teaching, more examples, the Export and Embed dialogs): see scripts/size.mjs. */
const LAZY_ENTRIES = ['teach/index.js', 'examples-more.js', 'export.js', 'playground/snippet.js', 'render/biglog.js'];

const common = { bundle: true, minify: true, format: 'esm', target: ['es2022'], legalComments: 'none', logLevel: 'warning' };

await rm(out, { recursive: true, force: true });
await mkdir(path.join(out, 'pkg'), { recursive: true });
await mkdir(path.join(out, 'pkg-fast'), { recursive: true });

// The page, the element and the worker; the view is split into a chunk that loads
// when an element first comes into view.
await esbuild.build({
  ...common,
  // What loads on first use is an entry of its own, so the view's import() of it points
  // at a file of a known name, which scripts/size.mjs counts apart from the first visit.
  entryPoints: ['app.js', 'metrex-playground.js', 'worker.js', ...LAZY_ENTRIES].map((f) => path.join(web, f)),
  outbase: web,
  splitting: true,
  outdir: out,
  chunkNames: 'chunk-[hash]',
});
const css = await esbuild.build({ ...common, entryPoints: [path.join(web, 'style.css')], write: false, bundle: false, format: undefined, loader: { '.css': 'css' } });
const styleText = css.outputFiles[0].text;
await writeFile(path.join(out, 'style.css'), styleText);
for (const file of ['index.html', 'page.css', 'embed.html', 'embed-demo.js', 'embed-demo.css']) {
  await cp(path.join(web, file), path.join(out, file));
}
for (const file of ['metrex.js', 'metrex.d.ts', 'metrex_bg.wasm.d.ts']) {
  await cp(path.join(web, 'pkg', file), path.join(out, 'pkg', file));
}
await cp(wasmFile, path.join(out, 'pkg', 'metrex_bg.wasm'));
// The fast engine: the glue goes with its wasm (their import names differ from the small one's).
for (const file of ['metrex.js', 'metrex.d.ts', 'metrex_bg.wasm', 'metrex_bg.wasm.d.ts']) {
  await cp(path.join(web, 'pkg-fast', file), path.join(out, 'pkg-fast', file));
}

// ---- the single file ----------------------------------------------------------------
// The worker as a classic script with the wasm bytes inside (a file:// page can start a
// worker only from a blob: URL), the page's script with the worker's source and the
// view's styles inside; each inline script and style allowed by its hash, nothing else.
const wasm = await readFile(wasmFile);
const worker = await esbuild.build({
  ...common,
  stdin: {
    contents: `import { serve } from './worker-core.js';\nimport { WASM } from 'metrex:wasm';\nserve(Uint8Array.from(atob(WASM), (c) => c.charCodeAt(0)));\n`,
    resolveDir: web,
    sourcefile: 'single-worker.js',
  },
  format: 'iife',
  write: false,
  plugins: [inline('metrex:wasm', { WASM: wasm.toString('base64') })],
  logLevel: 'error',
});
const page = await esbuild.build({
  ...common,
  stdin: {
    contents: `import { configure } from './assets.js';
import { WORKER, CSS } from 'metrex:single';
const workerUrl = URL.createObjectURL(new Blob([WORKER], { type: 'text/javascript' }));
const sheet = new CSSStyleSheet();
sheet.replaceSync(CSS);
configure({
  createWorker: (name) => new Worker(workerUrl, { name }),
  adoptStyles(root) { root.adoptedStyleSheets = [sheet]; return Promise.resolve(); },
  sharedReads: false,
  base: location.href.split('#')[0].replace(/[^/]*$/, ''),
});
await import('./app.js');
`,
    resolveDir: web,
    sourcefile: 'single.js',
  },
  write: false,
  plugins: [inline('metrex:single', { WORKER: worker.outputFiles[0].text, CSS: styleText })],
});
// `</script` cannot appear inside an inline script; `<\/script` means the same in JS.
const script = page.outputFiles[0].text.replace(/<\/(script)/gi, '<\\/$1');
const pageCss = await readFile(path.join(web, 'page.css'), 'utf8');
const hash = (text) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
const csp = [
  "default-src 'none'",
  `script-src ${hash(script)} 'wasm-unsafe-eval'`,
  `style-src ${hash(pageCss)}`,
  'worker-src blob:',
  'img-src data:',
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
const index = await readFile(path.join(web, 'index.html'), 'utf8');
const single = index
  .replace(/<meta http-equiv="Content-Security-Policy" content="[^"]*">/, `<meta http-equiv="Content-Security-Policy" content="${csp}">`)
  .replace('<link rel="stylesheet" href="page.css">', () => `<style>${pageCss}</style>`)
  .replace(/<link rel="modulepreload"[^>]*>\n?/, '')
  .replace('<script type="module" src="app.js"></script>', () => `<script type="module">${script}</script>`);
await mkdir(dist, { recursive: true });
await writeFile(path.join(dist, 'metrex.html'), single);
await writeFile(path.join(out, 'metrex.html'), single);

/** An esbuild plugin: `import { NAME } from 'specifier'` gives the string values of `values`. */
function inline(specifier, values) {
  return {
    name: specifier,
    setup(build) {
      build.onResolve({ filter: new RegExp(`^${specifier}$`) }, () => ({ path: specifier, namespace: 'inline' }));
      build.onLoad({ filter: /.*/, namespace: 'inline' }, () => ({
        contents: Object.entries(values).map(([k, v]) => `export const ${k} = ${JSON.stringify(v)};`).join('\n'),
        loader: 'js',
      }));
    },
  };
}
