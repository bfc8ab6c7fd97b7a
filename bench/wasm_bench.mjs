// The browser engine's speed, measured in Node side by side with two baselines, on
// the benchmark's 200,000-line log and its 40 definitions (bench/out, written by
// bench/bench.py or bench/gen_log.py):
//
//   wasm     `evaluate` of the built engine (www/pkg/metrex_bg.wasm), in this process
//   fast     the same with the fast engine loaded for big logs (www/pkg-fast), when built
//   regexp   JavaScript's RegExp doing the same per-line work, what a JS-only playground
//            does: split lines, CloudWatch-escape control characters, the leftmost match
//            of each definition per line, group 1 as a number (the same grammar)
//   native   `metrex check --threads 1` (target/release/metrex), a process of its own
//
// Runs are interleaved; medians are printed with the ratios regexp/wasm (goal ≥ 10×)
// and wasm/native (goal ≤ 2×) for each wasm engine. Counts and final values are compared
// first: a definition JavaScript cannot compile, or reads differently, is listed and left
// out of the RegExp side (its time is then a lower bound). Exit 1 when a wasm engine and
// native disagree.
//
// Usage: node bench/wasm_bench.mjs [--runs N] [--log FILE --defs FILE] [--no-regexp]
//          [--pkg DIR]... (default: www/pkg, and www/pkg-fast when it exists)
import { existsSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const RUNS = Number(option('runs', 5));
const LOG = option('log', path.join(root, 'bench', 'out', 'mixed-200k.log'));
const DEFS = option('defs', path.join(root, 'bench', 'out', 'mixed-200k.defs.json'));
const METREX = process.env.METREX || path.join(root, 'target', 'release', 'metrex');
const GOAL_REGEXP = 10;
const GOAL_NATIVE = 2;

const NO_REGEXP = args.includes('--no-regexp');

// The wasm engines: each --pkg DIR, or the first-visit engine and the fast one.
const pkgs = args.flatMap((a, i) => (a === '--pkg' ? [args[i + 1]] : []));
if (!pkgs.length) {
  pkgs.push(path.join(root, 'www', 'pkg'));
  if (existsSync(path.join(root, 'www', 'pkg-fast', 'metrex.js'))) pkgs.push(path.join(root, 'www', 'pkg-fast'));
}
const engines = [];
for (const dir of pkgs) {
  const { default: init, evaluate } = await import(path.join(path.resolve(dir), 'metrex.js'));
  await init({ module_or_path: readFileSync(path.join(dir, 'metrex_bg.wasm')) });
  const base = path.basename(path.resolve(dir));
  const name = base === 'pkg' ? 'wasm' : base === 'pkg-fast' ? 'fast' : base;
  engines.push({ name, evaluate, size: readFileSync(path.join(dir, 'metrex_bg.wasm')).length });
}
const defsText = readFileSync(DEFS, 'utf8');
const logText = readFileSync(LOG, 'utf8');
const definitions = JSON.parse(defsText);

// ---- the three runs ---------------------------------------------------------------

function runWasm(evaluate) {
  const report = evaluate(defsText, logText, { maxCaptures: 0 });
  return new Map(report.definitions.map((d) => [d.name, { count: d.summary.count, final: d.summary.final ?? null }]));
}

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x09\x0b-\x1f\x7f]/g;
const octal = (c) => `#${c.charCodeAt(0).toString(8).padStart(3, '0')}`;

/** JS versions of the definitions (Python/Rust syntax mostly carries over); null when JS refuses one. */
const compiled = definitions.map((d) => {
  try {
    return new RegExp(d.Regex);
  } catch {
    return null;
  }
});

function runRegExp() {
  const results = definitions.map(() => ({ count: 0, final: null }));
  let start = 0;
  const text = logText;
  const n = text.length;
  while (start < n) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = n;
    let line = text.slice(start, text.charCodeAt(end - 1) === 13 && end > start ? end - 1 : end);
    start = end + 1;
    CONTROL.lastIndex = 0;
    if (CONTROL.test(line)) line = line.replace(CONTROL, octal);
    for (let i = 0; i < compiled.length; i++) {
      const re = compiled[i];
      if (!re) continue;
      const m = re.exec(line);
      if (!m || m[1] === undefined) continue;
      const t = m[1].trim();
      if (!NUMBER.test(t)) continue;
      const v = Number(t);
      if (!Number.isFinite(v)) continue;
      results[i].count++;
      results[i].final = v;
    }
  }
  return new Map(definitions.map((d, i) => [d.Name, results[i]]));
}

function runNative() {
  const out = spawnSync(METREX, ['check', '--threads', '1', '--json', '--max-captures', '0', DEFS, LOG], { maxBuffer: 1 << 28 });
  if (out.error) throw out.error;
  const report = JSON.parse(out.stdout.toString());
  return new Map(report.definitions.map((d) => [d.name, { count: d.summary.count, final: d.summary.final ?? null }]));
}

function time(fn) {
  const t0 = performance.now();
  const result = fn();
  return [(performance.now() - t0) / 1000, result];
}

// ---- agreement ------------------------------------------------------------------

const native = runNative();
let disagree = 0;
let wasm;
for (const engine of engines) {
  const results = runWasm(engine.evaluate);
  wasm ??= results;
  let agree = 0;
  for (const [name, w] of results) {
    const n = native.get(name);
    if (!n || n.count !== w.count || n.final !== w.final) {
      console.log(`MISMATCH ${engine.name}/native ${name}: ${JSON.stringify(w)} vs ${JSON.stringify(n)}`);
      disagree++;
    } else {
      agree++;
    }
  }
  console.log(`${engine.name} (${path.relative(root, path.resolve(pkgs[engines.indexOf(engine)])) || '.'}, ${(engine.size / 1024).toFixed(1)} KB raw): agrees with native on ${agree} of ${results.size} definitions`);
}
const js = NO_REGEXP ? wasm : runRegExp();
const jsDiffers = definitions.filter((d, i) => !compiled[i] || js.get(d.Name).count !== wasm.get(d.Name).count || js.get(d.Name).final !== wasm.get(d.Name).final);
console.log(`${definitions.length} definitions, ${logText.length.toLocaleString('en-US')} characters`);
if (jsDiffers.length && !NO_REGEXP) {
  console.log(`RegExp cannot compile or reads differently ${jsDiffers.length} definition(s) (left out of its side when it cannot compile them): ${jsDiffers.map((d) => d.Name).join(', ')}`);
}

// ---- timing ---------------------------------------------------------------------

const times = Object.fromEntries([...engines.map((e) => [e.name, []]), ...(NO_REGEXP ? [] : [['regexp', []]]), ['native', []]]);
for (let r = 0; r < RUNS; r++) {
  for (const engine of engines) times[engine.name].push(time(() => runWasm(engine.evaluate))[0]);
  if (!NO_REGEXP) times.regexp.push(time(runRegExp)[0]);
  times.native.push(time(runNative)[0]);
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const m = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));
const width = Math.max(7, ...Object.keys(m).map((k) => k.length));
console.log(`medians of ${RUNS} interleaved runs (${logText.split('\n').length - 1} lines):`);
for (const [k, v] of Object.entries(m)) console.log(`  ${k.padEnd(width)} ${v.toFixed(3)} s   (runs: ${times[k].map((t) => t.toFixed(3)).join(' ')})`);
for (const { name } of engines) {
  const vsNative = m[name] / m.native;
  let line = `  ${name.padEnd(width)} ${vsNative.toFixed(2)}x native (goal <= ${GOAL_NATIVE}x: ${vsNative <= GOAL_NATIVE ? 'met' : 'NOT met'})`;
  if (!NO_REGEXP) {
    const vsRegExp = m.regexp / m[name];
    line += `, regexp/${name} = ${vsRegExp.toFixed(1)}x (goal >= ${GOAL_REGEXP}x: ${vsRegExp >= GOAL_REGEXP ? 'met' : 'NOT met'})`;
  }
  console.log(line);
}
process.exit(disagree ? 1 : 0);
