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

async function pipe(bytes, stream) {
  const body = new Blob([bytes]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(body).arrayBuffer());
}

function toBase64url(bytes) {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64url(text) {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** The fragment (with its `#`) that carries `state`. */
export async function encodeFragment(state) {
  const json = new TextEncoder().encode(JSON.stringify(state));
  return FRAGMENT_PREFIX + toBase64url(await pipe(json, new CompressionStream('deflate-raw')));
}

/** Whether `hash` (location.hash) carries a state. */
export function hasFragment(hash) {
  return hash.startsWith(FRAGMENT_PREFIX);
}

/** The state in `hash`; throws with a readable message when it cannot be read. */
export async function decodeFragment(hash) {
  let bytes;
  try {
    bytes = await pipe(fromBase64url(hash.slice(FRAGMENT_PREFIX.length)), new DecompressionStream('deflate-raw'));
  } catch {
    throw new Error('the link is damaged or cut short (it could not be decompressed)');
  }
  try {
    return sanitize(JSON.parse(new TextDecoder().decode(bytes)));
  } catch {
    throw new Error('the link does not hold metrex work');
  }
}
