// The user's work: autosaved to localStorage, and carried in a link's URL fragment
// (`#s=` + base64url(deflate-raw(JSON))), which browsers never send to a server.

const STORAGE_KEY = 'metrex:v1';
const FRAGMENT_PREFIX = '#s=';

/** The default state: empty inputs, SageMaker's defaults. */
export function emptyState() {
  return { definitions: '', log: '', escape: true, allMatches: false, objective: null };
}

/** Keeps only known fields of the right types, so a bad link or old save cannot break the page. */
export function sanitize(value) {
  const state = emptyState();
  if (!value || typeof value !== 'object') return state;
  if (typeof value.definitions === 'string') state.definitions = value.definitions;
  if (typeof value.log === 'string') state.log = value.log;
  if (typeof value.escape === 'boolean') state.escape = value.escape;
  if (typeof value.allMatches === 'boolean') state.allMatches = value.allMatches;
  const o = value.objective;
  if (o && typeof o.name === 'string' && (o.direction === 'Maximize' || o.direction === 'Minimize')) {
    state.objective = { name: o.name, direction: o.direction };
  }
  return state;
}

/** The autosaved state, or null when there is none. */
export function loadSaved() {
  try {
    const text = localStorage.getItem(STORAGE_KEY);
    return text ? sanitize(JSON.parse(text)) : null;
  } catch {
    return null;
  }
}

/**
 * Autosaves `state`. When the log is too large for the browser's quota, the rest is
 * still saved; returns 'ok', 'without-log' or 'failed'.
 */
export function save(state) {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(state));
    return 'ok';
  } catch {
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify({ ...state, log: '' }));
      return 'without-log';
    } catch {
      return 'failed';
    }
  }
}

/**
 * Limits on links, told to the user when a link is refused. A link made here is at most
 * MAX_LINK_WORK bytes of work before compression (share() refuses more), so any link that
 * unpacks to more was not made by metrex: decompression stops there instead of filling
 * memory (a half-megabyte deflate bomb unpacks to hundreds of megabytes).
 */
export const MAX_LINK_WORK = 20 << 20;
/** Longest fragment read at all: browsers cut URLs at about 2 MB, so longer ones are crafted. */
export const MAX_FRAGMENT = 4 << 20;

const mb = (n) => `${(n / (1 << 20)).toFixed(n % (1 << 20) ? 1 : 0)} MB`;

async function pipe(bytes, stream) {
  const body = new Blob([bytes]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(body).arrayBuffer());
}

/**
 * Inflates deflate-raw `bytes` with a streaming reader, refusing past `cap` bytes of output.
 * Throws a message for the user when the data is not deflate or unpacks to too much.
 */
async function inflateCapped(bytes, cap) {
  const reader = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw')).getReader();
  const chunks = [];
  let total = 0;
  for (;;) {
    let step;
    try {
      step = await reader.read();
    } catch {
      throw new Error('the link is damaged or cut short (its data could not be decompressed)');
    }
    if (step.done) break;
    total += step.value.length;
    if (total > cap) {
      reader.cancel().catch(() => {});
      throw new Error(`the link unpacks to more than ${mb(cap)}, the most a metrex link holds; it was not opened, to protect this tab`);
    }
    chunks.push(step.value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

function toBase64url(bytes) {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64url(text) {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) {
    throw new Error('the link is damaged: its data is not valid base64url (it was perhaps cut or edited)');
  }
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** The fragment (with its `#`) that carries `state`; throws a readable message when the work is too large for a link. */
export async function encodeFragment(state) {
  const json = new TextEncoder().encode(JSON.stringify(state));
  if (json.length > MAX_LINK_WORK) {
    throw new Error(`the work is ${mb(json.length)}, and a link holds at most ${mb(MAX_LINK_WORK)}: share a shorter log`);
  }
  return FRAGMENT_PREFIX + toBase64url(await pipe(json, new CompressionStream('deflate-raw')));
}

/** Whether `hash` (location.hash) carries a state. */
export function hasFragment(hash) {
  return hash.startsWith(FRAGMENT_PREFIX);
}

const own = (o, key) => Object.prototype.hasOwnProperty.call(o, key);

function kind(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return 'text';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

/**
 * Checks a link's state field by field and returns a fresh state built from its known
 * fields only (other keys, `__proto__` and `constructor` included, are never read).
 * Throws a message naming the first field that is wrong.
 */
function validate(value) {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new Error(`the link does not hold metrex work (it holds ${kind(value)}, not the page's fields)`);
  }
  const state = emptyState();
  const wrong = (field, want) => new Error(`the link's \u201c${field}\u201d is ${kind(value[field])}, not ${want}`);
  for (const field of ['definitions', 'log']) {
    if (!own(value, field)) continue;
    if (typeof value[field] !== 'string') throw wrong(field, 'text');
    state[field] = value[field];
  }
  for (const field of ['escape', 'allMatches']) {
    if (!own(value, field)) continue;
    if (typeof value[field] !== 'boolean') throw wrong(field, 'true or false');
    state[field] = value[field];
  }
  if (own(value, 'objective') && value.objective !== null) {
    const o = value.objective;
    if (typeof o !== 'object' || Array.isArray(o) || typeof o.name !== 'string' || !own(o, 'name')) {
      throw wrong('objective', 'a metric name and a direction');
    }
    if (o.direction !== 'Maximize' && o.direction !== 'Minimize') {
      throw new Error('the link\u2019s objective direction must be \u201cMaximize\u201d or \u201cMinimize\u201d');
    }
    state.objective = { name: o.name, direction: o.direction };
  }
  if (!['definitions', 'log', 'escape', 'allMatches', 'objective'].some((field) => own(value, field))) {
    throw new Error('the link does not hold metrex work (none of its fields is one the page knows)');
  }
  return state;
}

/** The state in `hash`; throws with a readable message when it cannot be read or is refused. */
export async function decodeFragment(hash) {
  const data = hash.slice(FRAGMENT_PREFIX.length);
  if (!data) throw new Error('the link is empty after \u201c#s=\u201d');
  if (data.length > MAX_FRAGMENT) {
    throw new Error(`the link is ${mb(data.length)} long, and metrex opens links of at most ${mb(MAX_FRAGMENT)} (browsers cut longer ones)`);
  }
  const bytes = await inflateCapped(fromBase64url(data), MAX_LINK_WORK);
  let value;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new Error('the link does not hold metrex work (its data is not JSON text)');
  }
  return validate(value);
}
