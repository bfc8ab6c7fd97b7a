// What the Embed button gives a docs author: the current work as a <metrex-playground>
// element (inputs as attributes, escaped for HTML) and as an iframe of the full page in
// embed mode (the work in the URL fragment, as a shared link carries it).

import { encodeFragment } from '../state.js';

/** `text` made safe inside a double-quoted HTML attribute (line breaks are kept). */
export function escapeAttribute(text) {
  return String(text).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The script tag and element that show `state`, for a site serving metrex's www/ at `base`. */
export function elementSnippet(state, base) {
  const attrs = [
    ['definitions', state.definitions],
    ['log', state.log],
  ];
  if (state.escape === false) attrs.push(['escape', 'false']);
  if (state.objective) attrs.push(['objective', state.objective.name], ['direction', state.objective.direction]);
  const lines = attrs.map(([name, value]) => `  ${name}="${escapeAttribute(value)}"`);
  return `<script type="module" src="${escapeAttribute(new URL('metrex-playground.js', base).href)}"></script>\n`
    + `<metrex-playground\n${lines.join('\n')}>\n</metrex-playground>\n`;
}

/** The fragment of the iframe mode: `#embed`, options, then the state. */
export async function embedFragment(state, options = {}) {
  const params = Object.entries(options).map(([k, v]) => (v === true ? k : `${k}=${encodeURIComponent(v)}`));
  const fragment = await encodeFragment(state);
  return `#${['embed', ...params, fragment.slice(1)].join('&')}`;
}

/** An iframe of the full page at `pageUrl` in embed mode, showing `state`. */
export async function iframeSnippet(state, pageUrl) {
  const src = pageUrl.split('#')[0] + (await embedFragment(state));
  return `<iframe src="${escapeAttribute(src)}" title="metrex: SageMaker metric regex playground" width="100%" height="560" loading="lazy"></iframe>\n`;
}
