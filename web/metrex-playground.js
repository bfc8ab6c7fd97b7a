// <metrex-playground>: the whole metrex playground as one custom element, for the full
// page (index.html) and for any docs page alike. A docs page adds
//
//   <script type="module" src="/metrex/metrex-playground.js"></script>
//   <metrex-playground definitions='[{"Name": "loss", "Regex": "loss=([0-9.]+)"}]'
//                      log="epoch 1 loss=0.5"></metrex-playground>
//
// This module is all that loads until the element scrolls into view; then the view
// (playground/view.js), its stylesheet and the engine (one worker and one wasm
// instance for every element of the page) follow, found relative to this file.
//
// Inputs: the attributes `definitions` and `log`, or child
// <script type="text/plain" slot="definitions"> / slot="log" elements; `escape="false"`,
// `objective`, `direction`, `readonly`, `compact`, `theme="light|dark|auto"`,
// `panes="…"` (see the README). Changing one re-evaluates.
// Out: a `metrex-report` event (the report in `detail.report`) after each evaluation,
// and the `report` property. `definitions` and `log` are settable properties.

const INPUTS = ['definitions', 'log', 'escape', 'objective', 'direction'];
const VIEW_ATTRIBUTES = ['panes', 'compact', 'theme', 'readonly'];
/** Start loading a little before the element scrolls into view. */
const MARGIN = '300px';

const placeholderSheet = typeof CSSStyleSheet === 'function' && 'replaceSync' in CSSStyleSheet.prototype ? new CSSStyleSheet() : null;
placeholderSheet?.replaceSync(`
  :host { display: block; }
  .placeholder { box-sizing: border-box; min-height: 120px; padding: 16px; border: 1px dashed #8a94a3;
    border-radius: 10px; font: 13px/1.5 system-ui, sans-serif; color: #5f6b7a; }
`);

/** Text of a slotted <script type="text/plain">, without the indentation of the HTML around it. */
function dedent(text) {
  const lines = text.replace(/^[ \t]*\r?\n/, '').replace(/\r?\n[ \t]*$/, '').split(/\r?\n/);
  const indents = lines.filter((l) => l.trim()).map((l) => l.match(/^[ \t]*/)[0].length);
  const cut = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(cut)).join('\n') + '\n';
}

/** The custom element. */
export class MetrexPlayground extends HTMLElement {
  static observedAttributes = [...INPUTS, ...VIEW_ATTRIBUTES];

  #view = null;
  #loading = null;
  #observer = null;
  /** Inputs set as properties before the view loaded. */
  #pending = {};
  #readyResolve;
  /** Resolves to the view once it has loaded (the full page's shell waits on it). */
  ready = new Promise((resolve) => { this.#readyResolve = resolve; });

  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    if (placeholderSheet) root.adoptedStyleSheets = [placeholderSheet];
    const box = document.createElement('div');
    box.className = 'placeholder';
    box.setAttribute('part', 'placeholder');
    box.textContent = 'metrex playground — loads when scrolled into view.';
    root.append(box);
  }

  connectedCallback() {
    if (this.#view) return void this.#view.resume();
    if (this.#loading || this.#observer) return;
    if (typeof IntersectionObserver !== 'function') return void this.#load();
    this.#observer = new IntersectionObserver((entries) => {
      if (!entries.some((e) => e.isIntersecting)) return;
      this.#observer.disconnect();
      this.#observer = null;
      this.#load();
    }, { rootMargin: MARGIN });
    this.#observer.observe(this);
  }

  disconnectedCallback() {
    this.#observer?.disconnect();
    this.#observer = null;
    // Taken off the page (not just moved, which reconnects at once): free its log in the worker.
    setTimeout(() => { if (!this.isConnected) this.#view?.suspend(); });
  }

  /** Loads the view (once), drawing it over the placeholder. */
  #load() {
    this.#loading ??= import('./playground/view.js').then(({ PlaygroundView }) => {
      this.shadowRoot.adoptedStyleSheets = [];
      this.#view = new PlaygroundView(this, this.shadowRoot, this.#initialState());
      this.#readyResolve(this.#view);
      return this.#view;
    }).catch((error) => {
      this.shadowRoot.querySelector('.placeholder')?.replaceChildren(`metrex could not load: ${error?.message || error}`);
    });
    return this.#loading;
  }

  /** The state to start from: properties, then attributes and slotted scripts; null when none was given. */
  #initialState() {
    if (this.#pending.state) return this.#pending.state;
    const state = {};
    for (const name of ['definitions', 'log']) {
      const slotted = this.querySelector(`:scope > script[type="text/plain"][slot="${name}"]`);
      if (name in this.#pending) state[name] = this.#pending[name];
      else if (this.hasAttribute(name)) state[name] = this.getAttribute(name);
      else if (slotted) state[name] = dedent(slotted.textContent);
    }
    Object.assign(state, this.#options());
    const given = 'definitions' in state || 'log' in state;
    return given || !this.hasAttribute('persist') ? state : null;
  }

  /** escape, objective and direction from the attributes. */
  #options() {
    const options = {};
    if (this.hasAttribute('escape')) options.escape = this.getAttribute('escape') !== 'false';
    const name = this.getAttribute('objective');
    if (name) options.objective = { name, direction: this.getAttribute('direction') === 'Maximize' ? 'Maximize' : 'Minimize' };
    else if (this.hasAttribute('objective')) options.objective = null;
    return options;
  }

  attributeChangedCallback(name, old, value) {
    if (!this.#view || old === value) return;
    if (VIEW_ATTRIBUTES.includes(name)) return this.#view.attributeChanged(name, value);
    if (name === 'definitions' || name === 'log') this.#view.setState({ [name]: value ?? '' });
    else this.#view.setState(this.#options());
  }

  /** The latest report (see the README's "The report"), or null before the first one. */
  get report() {
    return this.#view?.report ?? null;
  }

  /** The definitions text. */
  get definitions() {
    return this.#view ? this.#view.state.definitions : (this.#pending.definitions ?? this.getAttribute('definitions') ?? '');
  }

  set definitions(text) {
    this.#set({ definitions: String(text ?? '') });
  }

  /** The log text. */
  get log() {
    return this.#view ? this.#view.state.log : (this.#pending.log ?? this.getAttribute('log') ?? '');
  }

  set log(text) {
    this.#set({ log: String(text ?? '') });
  }

  /** The whole state ({definitions, log, escape, allMatches, objective}); setting it replaces the work. */
  get state() {
    return this.#view ? { ...this.#view.state } : (this.#pending.state ?? null);
  }

  set state(value) {
    if (this.#view) this.#view.setState(value);
    else this.#pending.state = value;
  }

  #set(partial) {
    if (this.#view) this.#view.setState(partial);
    else Object.assign(this.#pending, partial);
  }

  /** Shows a message above the results (the shell's: a link that could not be opened). */
  async notify(text, kind = 'info') {
    (await this.ready).showBanner(text, kind);
  }

  /** A short message at the bottom of the view. */
  async toast(text) {
    (await this.ready).toast(text);
  }
}

if (!customElements.get('metrex-playground')) customElements.define('metrex-playground', MetrexPlayground);
