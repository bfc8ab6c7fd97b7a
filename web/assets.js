// Where the playground finds what it loads after its own script: the worker (with
// the engine) and the stylesheet of its shadow root. By default they sit beside this
// module, so the built www/ can be copied into any site's static folder; the
// single-file build (scripts/single.mjs) replaces both with inlined copies.

export const assets = {
  /** The evaluation worker, named `name` (it holds a Web Lock by that name while it lives). */
  createWorker: (name) => new Worker(new URL('./worker.js', import.meta.url), { type: 'module', name }),
  /**
   * The view's styles for `root` (a shadow root): a <link> to style.css, which a
   * host's `style-src 'self'` allows; resolves once the sheet has loaded.
   */
  adoptStyles(root) {
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = new URL('./style.css', import.meta.url).href;
    const loaded = new Promise((resolve) => {
      link.addEventListener('load', resolve, { once: true });
      link.addEventListener('error', resolve, { once: true });
    });
    root.prepend(link);
    return loaded;
  },
  /**
   * Whether a second worker can share the reading of a big file: it needs the fast
   * engine, which sits beside the worker (the single file has the small one alone).
   */
  sharedReads: true,
  /** The directory the playground is served from (for links to the full page and the single file). */
  base: new URL('./', import.meta.url).href,
};

/** Replaces some of `assets` (the single-file build does, before any element starts). */
export function configure(overrides) {
  Object.assign(assets, overrides);
}
