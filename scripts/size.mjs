// Prints, gzipped, what each way of using metrex downloads, and fails over a budget:
// - the first visit of the full page (index.html and everything it loads at first
//   paint: the element, the view, styles, worker, engine) — budget 350 KB;
// - an embed: the element script before it scrolls into view, then the rest;
// - the teaching features (www/teach/) and the examples after the first
//   (www/examples-more.js), loaded the first time they are used: apart;
// - the fast engine (www/pkg-fast/), loaded only for big logs: apart;
// - the single file, dist/metrex.html — budget 500 KB.
// Modules are followed through their static and dynamic imports in the built www/.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const FIRST_VISIT_BUDGET = 350 * 1024;
/**
 * The log size from which the worker loads the fast engine (www/pkg-fast; FAST_LOG in
 * web/worker-core.js): a full evaluation saves about 6 ms per MB of log (0.301 s against
 * 0.187 s on bench/wasm_bench.mjs's 17.9 MB, in Node), and every edit to a definition
 * about 1 ms per MB (18 → 8 ms on 10 MB), which is what keeps an edit under 50 ms; its
 * ~440 KB gzipped cost 0.2–0.5 s once, to fetch and compile on a 10–50 Mbit/s link.
 */
const FAST_ENGINE_FROM_MB = 4;
const SINGLE_BUDGET = 500 * 1024;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const www = path.join(root, 'www');

/** Modules loaded only when a feature is first used: not part of a first visit. */
const LAZY = /^teach\/|^examples-more\.js$|^export\.js$|^playground\/snippet\.js$|^render\/biglog\.js$/;
let skipLazy = true;

const sizes = new Map();
async function size(file) {
  if (!sizes.has(file)) {
    const data = await readFile(path.join(www, file));
    sizes.set(file, { file, raw: data.length, gzip: gzipSync(data, { level: 9 }).length, text: file.endsWith('.js') ? data.toString('utf8') : '' });
  }
  return sizes.get(file);
}

/** `entry` and every module it imports (`dynamic`: through import() too), as www/-relative paths. */
async function closure(entry, { dynamic }) {
  const seen = new Set();
  const walk = async (file) => {
    if (seen.has(file) || (skipLazy && LAZY.test(file))) return;
    seen.add(file);
    const { text } = await size(file);
    const pattern = dynamic ? /(?:from|import)\s*\(?\s*"(\.\.?\/[^"]+\.js)"/g : /(?:from|import)\s*"(\.\.?\/[^"]+\.js)"/g;
    for (const [, spec] of text.matchAll(pattern)) await walk(path.posix.join(path.posix.dirname(file), spec));
  };
  await walk(entry);
  return [...seen];
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`.padStart(10);
async function table(title, files) {
  const rows = await Promise.all(files.map(size));
  const width = Math.max(...rows.map((r) => r.file.length), 24);
  console.log(title);
  for (const r of rows) console.log(`  ${r.file.padEnd(width)} ${kb(r.raw)} ${kb(r.gzip)} gzip`);
  const total = rows.reduce((n, r) => n + r.gzip, 0);
  console.log(`  ${'total'.padEnd(width)} ${kb(rows.reduce((n, r) => n + r.raw, 0))} ${kb(total)} gzip`);
  return total;
}

// The view's assets, requested at run time rather than imported.
const ENGINE = ['worker.js', 'pkg/metrex_bg.wasm', 'style.css'];
const page = [...new Set(['index.html', 'page.css', ...(await closure('app.js', { dynamic: true })), ...ENGINE, ...(await closure('worker.js', { dynamic: false }))])];
const firstVisit = await table('First visit of the full page (index.html):', page);
console.log(`  → ${(firstVisit / 1024).toFixed(1)} KB gzipped, budget ${FIRST_VISIT_BUDGET / 1024} KB\n`);

const element = await closure('metrex-playground.js', { dynamic: false });
const beforeView = await table('An embed, before it scrolls into view (a docs page adds this one script):', element);
const later = [...new Set([...(await closure('metrex-playground.js', { dynamic: true })), ...ENGINE, ...(await closure('worker.js', { dynamic: false }))])].filter((f) => !element.includes(f));
const onView = await table('… then when the first element scrolls into view (shared by every element of the page):', later);
console.log(`  → ${(beforeView / 1024).toFixed(1)} KB up front, ${(onView / 1024).toFixed(1)} KB on view\n`);

skipLazy = false;
const teachAll = await closure('teach/index.js', { dynamic: true });
skipLazy = true;
const teachOnly = teachAll.filter((f) => !page.includes(f));
const teachSize = await table('The teaching features, loaded when first used (explain, inspector, lessons):', teachOnly);
console.log(`  → ${(teachSize / 1024).toFixed(1)} KB gzipped on first use\n`);

skipLazy = false;
const bigAll = await closure('render/biglog.js', { dynamic: true });
skipLazy = true;
const bigSize = await table('The big-log viewer and full capture lists, loaded when a big log or "Show all" first needs them:', bigAll.filter((f) => !page.includes(f)));
console.log(`  → ${(bigSize / 1024).toFixed(1)} KB gzipped on first use\n`);

const dialogs = await table('The examples after the first, the Export and Embed dialogs, each loaded when first used:', ['examples-more.js', 'export.js', 'playground/snippet.js']);
console.log(`  → ${(dialogs / 1024).toFixed(1)} KB gzipped in all\n`);

const fast = await table(`The fast engine, loaded for logs over ${FAST_ENGINE_FROM_MB} MB (www/pkg-fast, instead of pkg/):`, ['pkg-fast/metrex.js', 'pkg-fast/metrex_bg.wasm']);
console.log(`  → ${(fast / 1024).toFixed(1)} KB gzipped, on the first big log\n`);

const single = await table('The single file (dist/metrex.html, also www/metrex.html):', ['metrex.html']);
console.log(`  → budget ${SINGLE_BUDGET / 1024} KB`);

let failed = false;
if (firstVisit > FIRST_VISIT_BUDGET) {
  console.error(`size: the first visit downloads ${kb(firstVisit).trim()} gzipped, over the ${FIRST_VISIT_BUDGET / 1024} KB budget`);
  failed = true;
}
if (single > SINGLE_BUDGET) {
  console.error(`size: the single file is ${kb(single).trim()} gzipped, over the ${SINGLE_BUDGET / 1024} KB budget`);
  failed = true;
}
process.exit(failed ? 1 : 0);
