// The page's side of the evaluation worker. At most one evaluation is in flight and
// at most one waits (the latest request replaces an older waiting one), so a burst of
// keystrokes never queues a burst of evaluations. A worker that traps is replaced by
// a fresh one; one that is busy for long on input the user has since changed is
// stopped and replaced, so a huge log never holds back the next result.

const STALE_MS = 1500;

export class Engine {
  /**
   * @param {object} handlers
   * @param {(reply: {id:number, report:object, ms:number}, request:object) => void} handlers.onReport
   * @param {(message: string, request: object|null) => void} handlers.onCrash
   * @param {(version: string) => void} handlers.onReady
   * @param {(message: string) => void} handlers.onFatal
   */
  constructor(handlers) {
    this.handlers = handlers;
    this.seq = 0;
    this.inFlight = null; // { id, request, started }
    this.waiting = null; // request
    this.staleTimer = 0;
    this.start();
  }

  start() {
    // A name of its own: the worker holds a Web Lock by that name for its whole life.
    const name = `metrex ${crypto.randomUUID?.() ?? Math.random()}`;
    this.worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module', name });
    this.worker.lockName = name;
    this.worker.addEventListener('message', (event) => this.receive(event.data));
    this.worker.addEventListener('error', (event) => {
      event.preventDefault();
      this.crashed(event.message || 'the engine stopped');
    });
    this.worker.addEventListener('messageerror', () => this.crashed('a message could not be read'));
  }

  restart() {
    this.worker.terminate();
    clearTimeout(this.staleTimer);
    this.inFlight = null;
    this.start();
  }

  /**
   * Asks for an evaluation of `request` ({definitions, log, options}); `request.meta`
   * stays on the page and comes back with the report.
   */
  evaluate(request) {
    if (this.inFlight) {
      this.waiting = request;
      // The running evaluation is now for old input: give it a little time, then cut it short.
      clearTimeout(this.staleTimer);
      const left = STALE_MS - (performance.now() - this.inFlight.started);
      this.staleTimer = setTimeout(() => this.cutStale(), Math.max(0, left));
      return;
    }
    this.send(request);
  }

  send(request) {
    const id = ++this.seq;
    this.inFlight = { id, request, started: performance.now() };
    const { meta, ...payload } = request;
    this.worker.postMessage({ id, ...payload });
  }

  cutStale() {
    if (!this.inFlight || !this.waiting) return;
    const next = this.waiting;
    this.waiting = null;
    this.restart();
    this.send(next);
  }

  receive(data) {
    if (data.ready !== undefined) {
      this.watch(this.worker);
      return this.handlers.onReady(data.ready);
    }
    if (data.fatal !== undefined) return this.handlers.onFatal(data.fatal);
    if (!this.inFlight || data.id !== this.inFlight.id) return;
    const { request } = this.inFlight;
    this.inFlight = null;
    clearTimeout(this.staleTimer);
    if (this.waiting) {
      // A newer request is waiting: its result is what the user wants to see.
      const next = this.waiting;
      this.waiting = null;
      this.send(next);
    }
    this.handlers.onReport(data, request);
  }

  /**
   * A worker the browser stops (out of memory, say) fires no error event; its lock is
   * released then, and that tells the page. Workers the page replaced itself are ignored.
   */
  watch(worker) {
    navigator.locks?.request(worker.lockName, () => {
      if (this.worker === worker) this.crashed('the browser stopped it, perhaps for lack of memory');
    }).catch(() => {});
  }

  crashed(message) {
    const request = this.inFlight ? this.inFlight.request : null;
    this.restart();
    this.handlers.onCrash(message, request);
    if (this.waiting) {
      const next = this.waiting;
      this.waiting = null;
      this.send(next);
    }
  }
}
