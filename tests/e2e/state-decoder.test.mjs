// The fragment-state decoder (web/state.js) under random input, in Node (no browser):
// every fragment either reads as a well-formed state or is refused with a message for
// the user, and every state the page writes reads back exactly. A seeded generator
// keeps each run the same, so a failure names a case that can be replayed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { encodeFragment, decodeFragment, emptyState } from '../../web/state.js';

/** mulberry32: a small seeded PRNG. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = ['loss', '=', '([0-9.]+)', '\\', '"', '\n', '\t', '\u0000', 'é', '🚀', '\ud800', '__proto__', '{', '}', '[', ']'];

function generator(seed) {
  const rand = random(seed);
  const int = (n) => Math.floor(rand() * n);
  const pick = (list) => list[int(list.length)];
  const text = () => Array.from({ length: int(8) }, () => pick(PIECES)).join('');
  const value = (depth = 0) => {
    switch (int(depth > 2 ? 5 : 8)) {
      case 0: return null;
      case 1: return rand() < 0.5;
      case 2: return int(1000) - 500;
      case 3: return text();
      case 4: return rand() * 1e300;
      case 5: return Array.from({ length: int(4) }, () => value(depth + 1));
      default: {
        const o = {};
        const keys = ['definitions', 'log', 'escape', 'allMatches', 'objective', 'name', 'direction', '__proto__', 'constructor', 'prototype', 'x'];
        for (let i = int(6); i > 0; i--) {
          // defineProperty, so that `__proto__` becomes a key of its own, as JSON.parse makes it.
          Object.defineProperty(o, pick(keys), { value: pick([value(depth + 1), 'Maximize', 'Minimize', text()]), enumerable: true, configurable: true, writable: true });
        }
        return o;
      }
    }
  };
  const state = () => ({
    definitions: text(),
    log: text(),
    escape: rand() < 0.5,
    allMatches: rand() < 0.5,
    objective: rand() < 0.5 ? null : { name: text(), direction: pick(['Maximize', 'Minimize']) },
  });
  const mutate = (s) => {
    const chars = [...s];
    for (let i = int(4) + 1; i > 0; i--) {
      const at = 3 + int(Math.max(1, chars.length - 3));
      switch (int(4)) {
        case 0: chars[at] = pick(['A', '_', '-', '=', '+', '/', '%', ' ', 'é']); break;
        case 1: chars.splice(at, 1); break;
        case 2: chars.splice(at, 0, pick(['A', 'z', '0'])); break;
        default: chars.length = Math.max(3, at);
      }
    }
    return chars.join('');
  };
  return { int, pick, value, state, mutate, rand };
}

/** A decoded state has exactly the page's fields, of the right types. */
function assertWellFormed(state, context) {
  assert.deepEqual(Object.keys(state).sort(), Object.keys(emptyState()).sort(), context);
  assert.equal(Object.getPrototypeOf(state), Object.prototype, context);
  assert.equal(typeof state.definitions, 'string', context);
  assert.equal(typeof state.log, 'string', context);
  assert.equal(typeof state.escape, 'boolean', context);
  assert.equal(typeof state.allMatches, 'boolean', context);
  if (state.objective !== null) {
    assert.deepEqual(Object.keys(state.objective).sort(), ['direction', 'name'], context);
    assert.equal(typeof state.objective.name, 'string', context);
    assert.ok(['Maximize', 'Minimize'].includes(state.objective.direction), context);
  }
}

/** Decodes `hash`: a well-formed state, or a refusal that says why in words. */
async function decodeOrRefuse(hash, context) {
  try {
    const state = await decodeFragment(hash);
    assertWellFormed(state, context);
    return state;
  } catch (error) {
    if (error instanceof assert.AssertionError) throw error;
    assert.ok(error instanceof Error, `${context}: threw ${error}`);
    assert.match(error.message, /^the (link|work)\b/, `${context}: ${error.message}`);
    return null;
  }
}

test('states the page writes read back exactly', async () => {
  const g = generator(1);
  for (let i = 0; i < 300; i++) {
    const state = g.state();
    const hash = await encodeFragment(state);
    // Lone surrogates do not survive UTF-8; everything else does.
    const expected = JSON.parse(new TextDecoder().decode(new TextEncoder().encode(JSON.stringify(state))));
    assert.deepEqual(await decodeFragment(hash), expected, `case ${i}`);
  }
});

test('damaged links are read or refused, never anything else', async () => {
  const g = generator(2);
  let refused = 0;
  for (let i = 0; i < 1500; i++) {
    const hash = g.mutate(await encodeFragment(g.state()));
    if ((await decodeOrRefuse(hash, `case ${i}: ${hash}`)) === null) refused++;
  }
  assert.ok(refused > 0, 'some damaged links were refused');
});

test('any JSON value in a valid link is read or refused with the field that is wrong', async () => {
  const g = generator(3);
  for (let i = 0; i < 1500; i++) {
    const value = g.value();
    const text = g.rand() < 0.9 ? JSON.stringify(value) : `${JSON.stringify(value)}${g.pick(['', ',', '}', '\u00ff'])}`;
    const hash = `#s=${zlib.deflateRawSync(Buffer.from(text ?? 'undefined')).toString('base64url')}`;
    await decodeOrRefuse(hash, `case ${i}: ${text}`);
  }
  assert.equal(({}).definitions, undefined, 'no prototype was polluted');
});

test('random bytes, deflated or not, are read or refused', async () => {
  const g = generator(4);
  for (let i = 0; i < 1500; i++) {
    const bytes = Buffer.from(Array.from({ length: g.int(200) }, () => g.int(256)));
    const data = g.rand() < 0.5 ? zlib.deflateRawSync(bytes) : bytes;
    await decodeOrRefuse(`#s=${data.toString('base64url')}`, `case ${i}: ${bytes.toString('hex')}`);
  }
});
