// Big logs, loaded the first time one is needed (a log over the editor's limit, or a
// card's full capture list): the line sources, the capture columns, the virtualized
// viewer and capture lists, and their styles. A lazy entry of the build (see
// scripts/build-web.mjs), so none of it is on the first visit's path.

import { setDom, LogViewer, VIEWER_CSS } from './viewer.js';
import { setListDom, mountCaptureList, LIST_CSS } from './capturelist.js';

export { LogViewer, mountCaptureList };
export { TextSource, FileSource } from './lines.js';
export { columnsFromReport } from './columns.js';

let sheet = null;

/**
 * Hands over the view's DOM helpers and highlight drawing (render/dom.js, render/log.js:
 * importing them here would split them into a chunk of their own on the first visit's
 * path) and adds the styles to `root`, once per root.
 */
export function setup(root, dom) {
  setDom(dom);
  setListDom(dom);
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(VIEWER_CSS + LIST_CSS);
  }
  if (!root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
}
