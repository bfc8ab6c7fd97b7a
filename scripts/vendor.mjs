// Copies the parts of npm packages the page uses into www/vendor/ (git-ignored), so
// the site is self-contained: nothing is fetched from anywhere at run time.
//   uPlot: its minified build, made an ES module by exporting the global it defines.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'www', 'vendor');
const require = createRequire(path.join(root, 'package.json'));
const dist = path.dirname(require.resolve('uplot/dist/uPlot.iife.min.js'));
const { version } = JSON.parse(await readFile(path.join(dist, '..', 'package.json'), 'utf8'));

await mkdir(out, { recursive: true });
const iife = await readFile(path.join(dist, 'uPlot.iife.min.js'), 'utf8');
if (!/^var uPlot\s*=/m.test(iife)) throw new Error('uPlot.iife.min.js no longer starts with `var uPlot =`; update scripts/vendor.mjs');
await writeFile(path.join(out, 'uplot.js'), `// uPlot ${version} (MIT, https://github.com/leeoniya/uPlot), vendored by scripts/vendor.mjs\n${iife}\nexport default uPlot;\n`);
await writeFile(path.join(out, 'uPlot.min.css'), await readFile(path.join(dist, 'uPlot.min.css')));
console.log(`vendored uPlot ${version} into www/vendor/`);
