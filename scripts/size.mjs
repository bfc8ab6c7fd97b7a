// Prints the gzipped size of everything a first visit downloads (the page, its
// scripts, styles, the engine and vendored modules) and fails above the budget.
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const BUDGET = 350 * 1024;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'www');
const SHIPPED = /\.(html|js|mjs|css|wasm|json|svg|png|ico|webmanifest)$/;
const SKIP = /\.d\.ts$|(^|\/)\.|package\.json$/;

async function walk(dir) {
  const files = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await walk(full)));
    else if (SHIPPED.test(entry.name) && !SKIP.test(path.relative(root, full))) files.push(full);
  }
  return files;
}

const rows = [];
for (const file of (await walk(root)).sort()) {
  const data = await readFile(file);
  rows.push({ file: path.relative(root, file), raw: (await stat(file)).size, gzip: gzipSync(data, { level: 9 }).length });
}
const kb = (n) => `${(n / 1024).toFixed(1)} KB`.padStart(10);
const width = Math.max(...rows.map((r) => r.file.length), 5);
for (const r of rows) console.log(`  ${r.file.padEnd(width)} ${kb(r.raw)} ${kb(r.gzip)} gzip`);
const total = rows.reduce((n, r) => n + r.gzip, 0);
const raw = rows.reduce((n, r) => n + r.raw, 0);
console.log(`  ${'total'.padEnd(width)} ${kb(raw)} ${kb(total)} gzip — first visit, budget ${BUDGET / 1024} KB`);
if (!rows.some((r) => r.file.endsWith('.wasm'))) {
  console.error('size: no .wasm under www/ — run the wasm build first');
  process.exit(1);
}
if (total > BUDGET) {
  console.error(`size: the first visit downloads ${kb(total).trim()} gzipped, over the ${BUDGET / 1024} KB budget`);
  process.exit(1);
}
