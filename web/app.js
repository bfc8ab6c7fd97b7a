// The full page (index.html): a thin shell around <metrex-playground>, which draws
// everything. The shell only decides what the element starts with:
//
// - the full playground: the work from a shared link's fragment (`#s=…`), or else the
//   work autosaved in this browser (the element's `persist`), and the saved theme;
// - the iframe mode, `index.html#embed[&compact|&full][&panes=…][&theme=…][&readonly]&s=…`:
//   the compact layout, nothing read from or written to this browser's storage, and a
//   message API for the host page (see README "Embedding"): the host posts
//   {type: 'metrex:evaluate', definitions, log, options}; the frame answers
//   {type: 'metrex:report', report} to that sender, and again after each edit made in
//   the frame. It only ever sends back reports of what it was given (and of what the
//   reader typed into it), only to the window that asked, and nothing leaves the browser.

import './metrex-playground.js';
import { decodeFragment, hasFragment } from './state.js';

const THEMES = ['auto', 'light', 'dark'];
const EMBED_OPTIONS = ['compact', 'full', 'panes', 'theme', 'readonly'];

const el = document.createElement('metrex-playground');
el.id = 'playground';
el.setAttribute('fill', '');
el.pageUrl = location.href.split('#')[0];

function savedTheme() {
  try {
    const theme = localStorage.getItem('metrex:theme');
    return THEMES.includes(theme) ? theme : 'auto';
  } catch {
    return 'auto';
  }
}

/** The options and state fragment of an `#embed` hash. */
function parseEmbed(hash) {
  const options = {};
  let state = null;
  for (const part of hash.slice(1).split('&').slice(1)) {
    const at = part.indexOf('=');
    const key = at === -1 ? part : part.slice(0, at);
    const value = at === -1 ? true : decodeURIComponent(part.slice(at + 1));
    if (key === 's') state = `#s=${part.slice(at + 1)}`;
    else if (EMBED_OPTIONS.includes(key)) options[key] = value;
  }
  return { options, state };
}

/** Keeps what a host's message may set, each field checked on its own. */
function fromMessage(data) {
  const partial = {};
  if (typeof data.definitions === 'string') partial.definitions = data.definitions;
  if (typeof data.log === 'string') partial.log = data.log;
  const options = data.options && typeof data.options === 'object' ? data.options : {};
  if (typeof options.escape === 'boolean') partial.escape = options.escape;
  if (typeof options.allMatches === 'boolean') partial.allMatches = options.allMatches;
  const o = options.objective;
  if (o === null) partial.objective = null;
  else if (o && typeof o === 'object' && typeof o.name === 'string') {
    partial.objective = { name: o.name, direction: o.direction === 'Maximize' ? 'Maximize' : 'Minimize' };
  }
  return partial;
}

async function startEmbed() {
  document.documentElement.classList.add('embed');
  const { options, state } = parseEmbed(location.hash);
  if (options.panes) el.setAttribute('panes', String(options.panes));
  else if (!options.full) el.setAttribute('compact', '');
  if (THEMES.includes(options.theme)) el.setAttribute('theme', options.theme);
  if (options.readonly) el.setAttribute('readonly', '');
  let problem = null;
  if (state) {
    try {
      el.state = await decodeFragment(state);
    } catch (e) {
      problem = `This embed's link could not be opened: ${e.message}.`;
    }
  }
  if (!el.state) el.state = { definitions: '', log: '' };
  document.body.append(el);
  if (problem) el.notify(problem, 'error');

  let peer = null;
  window.addEventListener('message', (event) => {
    const { data } = event;
    if (!data || typeof data !== 'object' || data.type !== 'metrex:evaluate' || !event.source) return;
    peer = { source: event.source, origin: event.origin };
    el.state = { ...(el.state ?? {}), ...fromMessage(data) };
  });
  el.addEventListener('metrex-report', (event) => {
    if (!peer) return;
    // An opaque origin (a file:// or sandboxed host) can only be addressed as '*'; the
    // message still goes to that one window.
    peer.source.postMessage({ type: 'metrex:report', report: event.detail.report }, peer.origin === 'null' ? '*' : peer.origin);
  });
  // Tells the host it may post now; it carries nothing of the reader's.
  if (window.parent !== window) window.parent.postMessage({ type: 'metrex:ready' }, '*');
}

async function startPage() {
  el.setAttribute('persist', '');
  el.setAttribute('panes', 'all');
  const theme = savedTheme();
  if (theme !== 'auto') el.setAttribute('theme', theme);
  let restored = null;
  let problem = null;
  if (hasFragment(location.hash)) {
    try {
      restored = await decodeFragment(location.hash);
    } catch (e) {
      problem = `This link could not be opened: ${e.message}. Showing your last work instead.`;
    }
    // The fragment has done its job: from now on, reloads keep the autosaved work.
    history.replaceState(null, '', location.pathname + location.search);
  }
  // A challenge link (`#challenge=…`): the teaching features start it once the view is up.
  const challenge = /^#challenge=/.test(location.hash) ? location.hash : null;
  if (challenge) history.replaceState(null, '', location.pathname + location.search);
  if (restored) el.state = restored;
  document.body.append(el);
  if (restored) el.toast('Restored the work from the link.');
  if (challenge) el.ready.then((view) => view.openChallenge(challenge));
  if (problem) el.notify(problem, 'error');
}

if (/^#embed(&|$)/.test(location.hash)) startEmbed();
else startPage();
