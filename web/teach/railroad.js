// A railroad diagram of a pattern, drawn from the engine's explanation tree (the same
// tree as the words, so they cannot disagree): the shapes of Tab Atkins'
// railroad-diagrams (Sequence, Choice, Optional, OneOrMore, Group), as regexper and the
// CSS and WHATWG specifications draw them. The npm release of railroad-diagrams (1.0.0,
// 2015) has no Group box and writes text through innerHTML, so this small layout is
// ours: every label goes in with textContent, and the SVG is built with createElementNS.
//
// Capture groups are boxed and numbered; group 1 is marked as the recorded value.

const NS = 'http://www.w3.org/2000/svg';
const CHAR = 7.2; // width of a monospace character at 12px
const BOX_H = 22;
const GAP = 12;
const ARC = 8;
const LABEL_H = 16;

function svg(tag, attrs = {}, text) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) if (v != null) el.setAttribute(k, String(v));
  if (text != null) el.textContent = text;
  return el;
}

function line(out, d, cls = 'rr-line') {
  out.push(svg('path', { d, class: cls }));
}

/** A box with text: a literal (rounded), a class or other piece (square). */
function terminal(text, cls) {
  const label = text.length > 40 ? `${text.slice(0, 39)}…` : text;
  const width = Math.max(24, label.length * CHAR + 16);
  return {
    width, up: BOX_H / 2, down: BOX_H / 2,
    draw(out, x, y) {
      out.push(svg('rect', { x, y: y - BOX_H / 2, width, height: BOX_H, rx: cls === 'rr-literal' ? 10 : 2, class: `rr-box ${cls}` }));
      out.push(svg('text', { x: x + width / 2, y: y + 4, class: 'rr-text' }, label));
    },
  };
}

function sequence(items) {
  if (!items.length) return skip();
  const width = items.reduce((w, i) => w + i.width, 0) + GAP * (items.length - 1);
  return {
    width,
    up: Math.max(...items.map((i) => i.up)),
    down: Math.max(...items.map((i) => i.down)),
    draw(out, x, y) {
      let at = x;
      items.forEach((item, n) => {
        if (n) { line(out, `M${at} ${y}h${GAP}`); at += GAP; }
        item.draw(out, at, y);
        at += item.width;
      });
    },
  };
}

function skip() {
  return { width: 0, up: 0, down: 0, draw() {} };
}

/** Alternatives stacked, the first on the line. */
function choice(items) {
  const inner = Math.max(...items.map((i) => i.width));
  const width = inner + ARC * 4;
  let down = items[0].down;
  const offsets = [0];
  for (let n = 1; n < items.length; n++) {
    const off = down + 8 + items[n].up;
    offsets.push(offsets[n - 1] + off);
    down = items[n].down;
  }
  return {
    width,
    up: items[0].up,
    down: offsets[offsets.length - 1] + down,
    draw(out, x, y) {
      items.forEach((item, n) => {
        const yy = y + (n ? offsets[n] : 0);
        const pad = (inner - item.width) / 2;
        if (n === 0) {
          line(out, `M${x} ${y}h${ARC * 2 + pad}`);
          line(out, `M${x + ARC * 2 + pad + item.width} ${y}h${ARC * 2 + pad}`);
        } else {
          line(out, `M${x} ${y}q${ARC} 0 ${ARC} ${ARC}v${yy - y - ARC * 2}q0 ${ARC} ${ARC} ${ARC}h${pad}`);
          line(out, `M${x + ARC * 2 + pad + item.width} ${yy}h${pad}q${ARC} 0 ${ARC} ${-ARC}v${-(yy - y - ARC * 2)}q0 ${-ARC} ${ARC} ${-ARC}`);
        }
        item.draw(out, x + ARC * 2 + pad, yy);
      });
    },
  };
}

/** `item` repeated: a loop under it, with how often. */
function repeat(item, min, max, greedy, label) {
  const body = min === 0 ? choice([skip(), loop()]) : loop();
  return body;
  function loop() {
    const width = item.width + ARC * 4;
    const text = label;
    return {
      width: Math.max(width, text.length * 6 + 8),
      up: item.up,
      down: item.down + 10 + 12,
      draw(out, x, y) {
        const w = Math.max(width, text.length * 6 + 8);
        const pad = (w - width) / 2;
        line(out, `M${x} ${y}h${ARC * 2 + pad}`);
        item.draw(out, x + ARC * 2 + pad, y);
        line(out, `M${x + ARC * 2 + pad + item.width} ${y}h${ARC * 2 + pad}`);
        const yy = y + item.down + 10;
        if (max !== 1) {
          line(out, `M${x + ARC * 2 + pad + item.width} ${y}q${ARC} 0 ${ARC} ${ARC}v${yy - y - ARC * 2}q0 ${ARC} ${-ARC} ${ARC}h${-item.width}q${-ARC} 0 ${-ARC} ${-ARC}v${-(yy - y - ARC * 2)}q0 ${-ARC} ${ARC} ${-ARC}`, `rr-line rr-loop ${greedy ? '' : 'rr-lazy'}`);
        }
        out.push(svg('text', { x: x + w / 2, y: yy + 12, class: 'rr-note' }, text));
      },
    };
  }
}

/** A box around `item` with a label on top: a capture group (numbered) or a plain group. */
function group(item, label, cls) {
  const pad = 8;
  const width = Math.max(item.width + pad * 2, label.length * 6 + 12);
  return {
    width,
    up: item.up + pad + LABEL_H,
    down: item.down + pad,
    draw(out, x, y) {
      out.push(svg('rect', { x, y: y - item.up - pad, width, height: item.up + item.down + pad * 2, rx: 6, class: `rr-group ${cls}` }));
      out.push(svg('text', { x: x + 4, y: y - item.up - pad - 4, class: `rr-label ${cls}` }, label));
      const inner = (width - item.width) / 2;
      line(out, `M${x} ${y}h${inner}`);
      item.draw(out, x + inner, y);
      line(out, `M${x + inner + item.width} ${y}h${inner}`);
    },
  };
}

function repeatLabel(r) {
  const { min, max, greedy } = r;
  const times = max === null ? `${min}+ times` : min === max ? `${min} times` : `${min}–${max} times`;
  return `${times}${min === max ? '' : greedy ? ', greedy' : ', lazy'}`;
}

/** The diagram piece of one explanation node. */
function piece(node, pattern) {
  const source = pattern.slice(node.span.start_utf16, node.span.end_utf16);
  switch (node.kind) {
    case 'pattern':
    case 'sequence':
      return sequence(node.children.map((c) => piece(c, pattern)));
    case 'literal': {
      const m = /^(?:literal |then )("[\s\S]*")/.exec(node.text);
      return terminal(m ? m[1] : source, 'rr-literal');
    }
    case 'any':
    case 'class':
      return terminal(source, 'rr-class');
    case 'anchor':
      return terminal(node.text.replace(/^the /, ''), 'rr-anchor');
    case 'flags':
      return terminal(source, 'rr-anchor');
    case 'empty':
      return skip();
    case 'alternation':
      return choice(node.children.map((c) => piece(c, pattern)));
    case 'repetition': {
      const inner = piece(node.children[0], pattern);
      const r = node.repeat;
      if (r.min === 0 && r.max === 1) return choice([skip(), inner]);
      if (r.min === 1 && r.max === 1) return inner;
      return repeat(inner, r.min, r.max, r.greedy, repeatLabel(r));
    }
    case 'group': {
      const inner = sequence(node.children.map((c) => piece(c, pattern)));
      const g = node.group;
      const name = g.name ? ` "${g.name}"` : '';
      const label = g.index === 1 ? `group 1${name} — the value` : `group ${g.index}${name}`;
      return group(inner, label, g.index === 1 ? 'rr-g1' : 'rr-gn');
    }
    case 'non-capturing':
      return group(sequence(node.children.map((c) => piece(c, pattern))), '(?:…) no capture', 'rr-nc');
    default:
      return terminal(source, 'rr-class');
  }
}

/**
 * The railroad diagram of `tree` (an explanation's root) for `pattern`, as an <svg>
 * element with a title: styled by the page's stylesheet, or standalone with
 * `standalone(svg)` for a download.
 */
export function railroad(tree, pattern, title) {
  const body = piece(tree, pattern);
  const margin = 14;
  const width = body.width + margin * 2 + 20;
  const height = body.up + body.down + margin * 2;
  const out = [];
  const y = margin + body.up;
  out.push(svg('circle', { cx: margin - 4, cy: y, r: 4, class: 'rr-end' }));
  line(out, `M${margin} ${y}h10`);
  body.draw(out, margin + 10, y);
  line(out, `M${margin + 10 + body.width} ${y}h10`);
  out.push(svg('circle', { cx: margin + 24 + body.width, cy: y, r: 4, class: 'rr-end' }));
  const root = svg('svg', {
    xmlns: NS, class: 'railroad', viewBox: `0 0 ${Math.ceil(width + 4)} ${Math.ceil(height)}`,
    width: Math.ceil(width + 4), height: Math.ceil(height), role: 'img', 'aria-label': title,
  });
  root.append(svg('title', {}, title), ...out);
  return root;
}

/** Styles written into a downloaded SVG, so it reads the same on a slide. */
const STANDALONE_CSS = `
.rr-line{fill:none;stroke:#334;stroke-width:1.5}.rr-lazy{stroke-dasharray:4 3}
.rr-box{fill:#eef2ff;stroke:#334;stroke-width:1.2}.rr-literal{fill:#fff8e6}.rr-anchor{fill:#f1f3f6}
.rr-text{font:12px ui-monospace,Menlo,Consolas,monospace;text-anchor:middle;fill:#111}
.rr-note{font:10px system-ui,sans-serif;text-anchor:middle;fill:#555}
.rr-group{fill:none;stroke:#889;stroke-dasharray:3 2}.rr-g1{stroke:#2563eb;stroke-width:2;stroke-dasharray:none}
.rr-gn{stroke:#7c3aed;stroke-dasharray:none}
.rr-label{font:600 10px system-ui,sans-serif;fill:#555;stroke:none}.rr-label.rr-g1{fill:#2563eb}.rr-label.rr-gn{fill:#7c3aed}
.rr-end{fill:#334}`;

/** `el` (a diagram) as a standalone SVG file's text. */
export function standalone(el) {
  const copy = el.cloneNode(true);
  const style = document.createElementNS(NS, 'style');
  style.textContent = STANDALONE_CSS;
  copy.insertBefore(style, copy.firstChild);
  copy.insertBefore(svg('rect', { width: '100%', height: '100%', fill: '#fff' }), style.nextSibling);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(copy)}\n`;
}
