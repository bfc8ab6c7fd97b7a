// Building DOM without HTML strings: user text only ever goes through textContent.

/**
 * Creates an element. `props`: `class`, `text`, `dataset` (object), `attrs` (object,
 * set with setAttribute), `on` (event → handler); any other key is assigned as a
 * property. Children are nodes, strings (text nodes) or null/false (skipped).
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value == null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'text') el.textContent = value;
    else if (key === 'dataset') for (const [k, v] of Object.entries(value)) el.dataset[k] = v;
    else if (key === 'attrs') for (const [k, v] of Object.entries(value)) el.setAttribute(k, v);
    else if (key === 'on') for (const [k, v] of Object.entries(value)) el.addEventListener(k, v);
    else el[key] = value;
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child == null || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

/** Replaces every child of `el`. */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
}

/**
 * Makes `nodes` the children of `el`, in order, moving or inserting only what differs:
 * nodes already in place are left alone, so the browser restyles only what changed.
 */
export function syncChildren(el, nodes) {
  // Those that go, first: a node replaced in place is then one insertion, not a move of
  // every node after it (each move restyles a whole card).
  const kept = new Set(nodes);
  for (const child of [...el.children]) if (!kept.has(child)) child.remove();
  nodes.forEach((node, i) => {
    const at = el.children[i];
    if (at !== node) el.insertBefore(node, at ?? null);
  });
  while (el.children.length > nodes.length) el.lastElementChild.remove();
}

/** A number as people read it: exact JS shortest form, grouped when it is a plain integer. */
export function fmt(value) {
  if (value == null) return '—';
  if (Number.isInteger(value) && Math.abs(value) < 1e15) return value.toLocaleString('en-US');
  return String(value);
}

/** Plural helper: `plural(3, 'value')` → "3 values". */
export function plural(n, word, many = word + 's') {
  return `${n.toLocaleString('en-US')} ${n === 1 ? word : many}`;
}

/** Number of metric colours in style.css (`--m0` … `--m7`). */
export const COLOURS = 8;

/**
 * Text with `backticked` parts (as the engine's messages quote patterns and log
 * text) as a list of text nodes and <code> elements, for `h`'s children.
 */
export function withCode(text) {
  return String(text).split('`').map((part, i) => (i % 2 ? h('code', { text: part }) : part));
}
