// A tiny static server for the built www/ (no dependencies): `node scripts/serve.mjs [--port N] [--root DIR]`.
// Binds 127.0.0.1 only. Port 0 picks a free port; the URL is printed either way
// (the browser tests read it from the first line of output). Every response also
// carries a Content-Security-Policy header: an HTML page its own <meta> policy,
// everything else index.html's, so the evaluation worker — which a <meta> policy does not reach — is
// held to it too.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const port = Number(option('port', process.env.PORT || 8080));
const root = path.resolve(option('root', path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'www')));
const quiet = args.includes('--quiet');
const cspOf = (html) => html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]*)"/)?.[1];
const csp = cspOf(await readFile(path.join(root, 'index.html'), 'utf8').catch(() => ''));

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.log': 'text/plain; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
};

const server = createServer(async (req, res) => {
  const send = (status, body, type = 'text/plain; charset=utf-8') => {
    const headers = { 'Content-Type': type, 'Cache-Control': 'no-cache', 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer' };
    // An HTML page gets its own <meta> policy (the demo docs page frames the playground);
    // everything else, the worker included, the full page's.
    const policy = type.startsWith('text/html') ? cspOf(String(body)) ?? csp : csp;
    if (policy) headers['Content-Security-Policy'] = policy;
    res.writeHead(status, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
  };
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'method not allowed\n');
  let pathname;
  try {
    pathname = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
  } catch {
    return send(400, 'bad request\n');
  }
  let file = path.join(root, pathname);
  if (file !== root && !file.startsWith(root + path.sep)) return send(403, 'forbidden\n');
  try {
    if ((await stat(file)).isDirectory()) file = path.join(file, 'index.html');
    const body = await readFile(file);
    send(200, body, TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream');
    if (!quiet) console.log(`${req.method} ${pathname} 200`);
  } catch {
    send(404, 'not found\n');
    if (!quiet) console.log(`${req.method} ${pathname} 404`);
  }
});

server.listen(port, '127.0.0.1', () => {
  console.log(`metrex: serving ${path.relative(process.cwd(), root) || '.'} on http://127.0.0.1:${server.address().port}/`);
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)));
