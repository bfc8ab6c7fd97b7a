// Takes the README's screenshot (docs/screenshot.png) of the built page in Debian's
// Chromium: `node scripts/screenshot.mjs [example] [--width N --height N --dark --out FILE]`.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, launch, defineRoot } from '../tests/e2e/harness.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const example = args[0] && !args[0].startsWith('--') ? args[0] : 'xgboost';
const out = path.resolve(option('out', path.join(root, 'docs', 'screenshot.png')));

const server = await startServer();
const browser = await launch();
try {
  const context = await browser.newContext({
    viewport: { width: Number(option('width', 1440)), height: Number(option('height', 900)) },
    colorScheme: args.includes('--dark') ? 'dark' : 'light',
  });
  await context.addInitScript(defineRoot);
  const page = await context.newPage();
  await page.goto(server.url);
  await page.waitForFunction(() => /scanned in/.test(__root().getElementById('status')?.textContent));
  await page.selectOption('#example', example);
  await page.waitForTimeout(500);
  await page.evaluate(() => { __root().getElementById('toast').hidden = true; });
  await mkdir(path.dirname(out), { recursive: true });
  await page.screenshot({ path: out });
  console.log(`wrote ${path.relative(process.cwd(), out)}`);
} finally {
  await browser.close();
  await server.stop();
}
