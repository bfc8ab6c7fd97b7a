// The teaching features' styles, adopted into the view's shadow root when they first
// load (a constructable stylesheet: allowed under a strict style-src, and not part of
// the first visit's download).

export const TEACH_CSS = `
.explain { margin: 8px 0; }
.explain > summary { cursor: pointer; color: var(--accent); font-size: 13px; }
.explain-body { margin-top: 6px; }
.explain-pattern { display: block; white-space: pre-wrap; word-break: break-all; padding: 6px 8px; background: var(--panel-2); border: 1px solid var(--border); border-radius: 6px; font-size: 12.5px; }
.explain-pattern mark { background: color-mix(in srgb, var(--accent) 25%, transparent); color: inherit; border-radius: 2px; }
.explain-tree, .explain-tree ul { list-style: none; margin: 0; padding-left: 14px; font-size: 12.5px; }
.explain-tree { padding-left: 0; margin-top: 6px; }
.explain-tree ul { border-left: 1px dashed var(--border-strong); margin-left: 6px; }
.xnode { display: flex; gap: 8px; align-items: baseline; padding: 2px 4px; border-radius: 4px; outline-offset: 1px; }
.xnode:hover, .xnode:focus-visible, .xnode.lit { background: var(--panel-2); }
.xsrc { flex: none; max-width: 45%; overflow: hidden; text-overflow: ellipsis; white-space: pre; color: var(--muted); }
.xtext { min-width: 0; }
.gnum { flex: none; display: inline-grid; place-items: center; min-width: 18px; height: 18px; border-radius: 9px; font: 600 11px/1 var(--mono); color: #fff; background: var(--gc, var(--c)); }
.g1 { --gc: var(--c); }
.g1 .xtext { font-weight: 600; }
.gt0 { --gc: color-mix(in srgb, var(--c) 60%, var(--fg)); }
.gt1 { --gc: color-mix(in srgb, var(--c) 55%, var(--bg)); }
.gt2 { --gc: color-mix(in srgb, var(--c) 35%, var(--muted)); }
.g1.xnode, .gn.xnode { box-shadow: inset 3px 0 var(--gc); }
.railroad-box { margin: 8px 0 0; }
.railroad-scroll { overflow-x: auto; padding: 4px 0; }
.railroad-box figcaption { display: flex; gap: 8px; align-items: center; justify-content: space-between; font-size: 12px; }
.railroad { display: block; max-width: none; }
.rr-line { fill: none; stroke: var(--fg); stroke-width: 1.5; }
.rr-lazy { stroke-dasharray: 4 3; }
.rr-box { fill: var(--panel-2); stroke: var(--fg); stroke-width: 1.2; }
.rr-literal { fill: color-mix(in srgb, #f5b700 16%, var(--panel)); }
.rr-anchor { fill: var(--panel); stroke-dasharray: 2 2; }
.rr-text { font: 12px var(--mono); text-anchor: middle; fill: var(--fg); }
.rr-note { font: 10px var(--sans); text-anchor: middle; fill: var(--muted); }
.rr-group { fill: none; stroke: var(--border-strong); stroke-dasharray: 3 2; }
.rr-g1 { stroke: var(--c, var(--accent)); stroke-width: 2; stroke-dasharray: none; }
.rr-gn { stroke: color-mix(in srgb, var(--c, var(--accent)) 60%, var(--fg)); stroke-dasharray: none; }
.rr-label { font: 600 10px var(--sans); fill: var(--muted); stroke: none; }
.rr-label.rr-g1 { fill: var(--c, var(--accent)); }
.rr-end { fill: var(--fg); }

.inspector .panel-head { gap: 8px; }
.inspect-pick { margin-left: auto; font-size: 12.5px; color: var(--muted); }
.inspect-line { width: 7em; font: inherit; padding: 3px 6px; color: var(--fg); background: var(--panel); border: 1px solid var(--border-strong); border-radius: 6px; }
.inspect-line-text code { white-space: pre-wrap; word-break: break-all; }
.why { border-top: 1px solid var(--border); padding: 8px 0; }
.why-head { display: flex; gap: 6px; align-items: center; margin-bottom: 4px; }
.why-message { margin: 4px 0; }
.why-note { margin: 4px 0; color: var(--muted); font-size: 12.5px; }
.why-pattern mark.ok-part, .why-line mark.ok-part { background: var(--ok-bg); color: inherit; box-shadow: none; }
.why-pattern mark.fail-part { background: var(--danger-bg); color: var(--danger); box-shadow: inset 0 -2px var(--danger); }
.ghost { visibility: hidden; }
.brackets { overflow-x: auto; font: 12.5px/1.35 var(--mono); white-space: pre; padding: 4px 0; }
.bracket-line { white-space: pre; }
.bracket-row { white-space: pre; }
.bracket { display: inline-block; min-height: 1.2em; color: transparent; border: 2px solid var(--bc, var(--c)); border-top: 0; border-radius: 0 0 4px 4px; }
.bracket.empty { width: 0; border-width: 0 0 0 2px; }
.b0 { --bc: var(--muted); }
.b1 { --bc: var(--c); }
.bn.gt0 { --bc: color-mix(in srgb, var(--c) 60%, var(--fg)); }
.bn.gt1 { --bc: color-mix(in srgb, var(--c) 55%, var(--bg)); }
.bn.gt2 { --bc: color-mix(in srgb, var(--c) 35%, var(--muted)); }
.bracket-row.lit .bracket { background: color-mix(in srgb, var(--bc) 20%, transparent); }
.blabel { color: var(--muted); font-family: var(--sans); font-size: 11.5px; }
.bracket-row.none .blabel { font-style: italic; }

.lessons > summary, .quickref > summary { cursor: pointer; font-weight: 600; }
.lesson-bar { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; margin: 8px 0; }
.lesson h3 { margin: 8px 0 4px; font-size: 14px; }
.lesson-result { padding: 8px 10px; border-radius: 6px; margin-top: 6px; }
.lesson-result.solved { background: var(--ok-bg); color: var(--ok); }
.lesson-result.unsolved { background: var(--danger-bg); }
.lesson-result ul { margin: 4px 0 0; padding-left: 18px; color: var(--fg); }
.ref { border-collapse: collapse; font-size: 12.5px; margin: 8px 0; }
.ref th, .ref td { text-align: left; padding: 3px 8px; border-bottom: 1px solid var(--border); vertical-align: top; }
`;

let sheet = null;

/** Adds the teaching styles to `root` (a shadow root), once. */
export function adoptTeachStyles(root) {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(TEACH_CSS);
  }
  if (!root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
}
