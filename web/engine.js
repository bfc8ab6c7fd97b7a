// The page's side of the evaluation worker, shared by every <metrex-playground> on a
// page: one worker, one wasm instance, one evaluation at a time. The worker keeps each
// view's log between requests (worker-core.js): a request carries the log only when
// it changed since the worker last received it (or the worker was replaced). Each view is a
// client with at most one request in flight and at most one waiting (the latest
// replaces an older waiting one), so a burst of keystrokes never queues a burst of
// evaluations, and one busy view cannot starve the others: the hub takes clients in
// turn. A worker that traps is replaced by a fresh one; one that is busy for long on
// input its client has since changed is stopped and replaced, so a huge log never
// holds back the next result.

import { assets } from './assets.js';

const STALE_MS = 1500;
/**
 * A file over this size (the worker's KEEP_FILE: too big to keep) is read by two workers
 * at once when the machine has two cores: the hub starts a second one for the request
 * and stops it when the request ends (worker-core.js, `partPort`).
 */
const SHARED_READ = 64 << 20;
let clientSeq = 0;

/** The one worker of the page and the queue in front of it. */
class Hub {
  constructor() {
    this.seq = 0;
    this.running = null; // { id, client, request, started }
    this.queue = []; // clients with a waiting request, in turn order
    this.version = null;
    this.fatal = null;
    this.clients = new Set();
    this.staleTimer = 0;
    /** Teaching requests waiting for their answer: tid → { resolve, reject }. */
    this.teaching = new Map();
    this.teachWorker = null;
    this.teachSeq = 0;
    this.start();
  }

  /**
   * Posts a teaching request. Explaining and inspecting a line go to a second worker,
   * started the first time teaching is used, so that they never hold back an
   * evaluation (inspecting a line that no definition matches can take tens of ms);
   * `highlight` (captures of some lines of a view's log) and `find` (the next capture of
   * a definition) need that view's session, so they go to the evaluation worker.
   */
  teach(request) {
    const tid = ++this.teachSeq;
    return new Promise((resolve, reject) => {
      this.teaching.set(tid, { resolve, reject });
      (request.highlight || request.find ? this.worker : this.teacher()).postMessage({ teach: tid, ...request });
    });
  }

  /** The teaching worker (started on first use; replaced if it fails). */
  teacher() {
    if (!this.teachWorker) {
      const worker = assets.createWorker(`metrex teaching ${crypto.randomUUID?.() ?? Math.random()}`);
      worker.addEventListener('message', (event) => {
        if (event.data?.teach !== undefined) this.receive(event.data);
      });
      const failed = (event) => {
        event.preventDefault?.();
        worker.terminate();
        if (this.teachWorker === worker) this.teachWorker = null;
        this.dropTeaching('the teaching engine stopped');
      };
      worker.addEventListener('error', failed);
      worker.addEventListener('messageerror', failed);
      this.teachWorker = worker;
    }
    return this.teachWorker;
  }

  /** A restarted worker lost the teaching requests sent to it: their callers may ask again. */
  dropTeaching(message) {
    for (const { reject } of this.teaching.values()) reject(new Error(message));
    this.teaching.clear();
  }

  start() {
    // A name of its own: the worker holds a Web Lock by that name for its whole life.
    const name = `metrex ${crypto.randomUUID?.() ?? Math.random()}`;
    this.worker = assets.createWorker(name);
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
    // The new worker has no log of anyone: the next request of each view carries it.
    for (const c of this.clients) c.sentLog = undefined;
    this.dropTeaching('the engine was restarted');
    clearTimeout(this.staleTimer);
    this.finishRunning();
    this.start();
  }

  /** `client` has a new waiting request: run it now, or when its turn comes. */
  submit(client) {
    if (!this.queue.includes(client)) this.queue.push(client);
    if (!this.running) return this.next();
    if (this.running.client === client) {
      // The running evaluation is now for old input. A pass over a big file stops at its
      // next slice when told (the first read of a file goes on unless the log or the
      // options changed: reading it again would cost more than finishing); a worker that
      // does not answer (a long synchronous evaluation) is cut short after a little time.
      const { request } = this.running;
      const abort = client.waiting.logKey !== client.sentLog || JSON.stringify(client.waiting.options) !== JSON.stringify(request.options);
      this.worker.postMessage({ newer: client.id, id: this.running.id, abort });
      this.armStale(client);
    }
  }

  /** Cuts `client`'s running evaluation short unless the worker shows progress within STALE_MS. */
  armStale(client) {
    clearTimeout(this.staleTimer);
    const left = STALE_MS - (performance.now() - (this.running.heard ?? this.running.started));
    this.staleTimer = setTimeout(() => this.cutStale(client), Math.max(0, left));
  }

  next() {
    const client = this.queue.shift();
    if (!client) return;
    const request = client.waiting;
    client.waiting = null;
    if (!request) return this.next();
    const id = ++this.seq;
    this.running = { id, client, request, started: performance.now() };
    const { meta, logKey, log, ...payload } = request;
    if (client.sentLog !== logKey) {
      payload.log = log;
      client.sentLog = logKey;
    }
    const transfer = [];
    if (assets.sharedReads && payload.log instanceof Blob && payload.log.size > SHARED_READ && (navigator.hardwareConcurrency ?? 1) >= 2) {
      const channel = new MessageChannel();
      this.running.partWorker = this.partWorker(channel.port1);
      payload.partPort = channel.port2;
      transfer.push(channel.port2);
    }
    this.worker.postMessage({ id, client: client.id, ...payload }, transfer);
  }

  /** A second worker for a file read shared with the evaluation worker through `port`. */
  partWorker(port) {
    const worker = assets.createWorker(`metrex part ${crypto.randomUUID?.() ?? Math.random()}`);
    // A failure shows in the evaluation worker, which then reads the whole file itself.
    worker.addEventListener('error', (event) => event.preventDefault());
    worker.postMessage({ part: true }, [port]);
    return worker;
  }

  /** The running request is over: its second worker, if any, goes. */
  finishRunning() {
    this.running?.partWorker?.terminate();
    this.running = null;
  }

  cutStale(client) {
    if (this.running?.client !== client || !client.waiting) return;
    this.restart();
    this.next();
  }

  receive(data) {
    if (data.teach !== undefined) {
      const waiting = this.teaching.get(data.teach);
      this.teaching.delete(data.teach);
      waiting?.resolve(data);
      return;
    }
    if (data.ready !== undefined) {
      this.watch(this.worker);
      this.version = data.ready;
      for (const c of this.clients) c.handlers.onReady?.(data.ready);
      return;
    }
    if (data.fatal !== undefined) {
      this.fatal = data.fatal;
      for (const c of this.clients) c.handlers.onFatal?.(data.fatal);
      return;
    }
    if (!this.running || data.id !== this.running.id) return;
    if (data.progress) {
      // The worker is busy but answering: a newer request waits for it rather than cutting it.
      this.running.heard = performance.now();
      if (this.running.client.waiting) this.armStale(this.running.client);
      this.running.client.handlers.onProgress?.(data, this.running.request);
      return;
    }
    const { client, request } = this.running;
    this.finishRunning();
    clearTimeout(this.staleTimer);
    this.next();
    // Dropped for the newer request now running: nothing to show.
    if (data.aborted) return;
    // A newer request of the same client is waiting: its result is what the user wants to see.
    client.handlers.onReport(data, request, Boolean(client.waiting));
  }

  /**
   * A worker the browser stops (out of memory, say) fires no error event; its lock is
   * released then, and that tells the page. Workers the hub replaced itself are ignored.
   */
  watch(worker) {
    navigator.locks?.request(worker.lockName, () => {
      if (this.worker === worker) this.crashed('the browser stopped it, perhaps for lack of memory');
    }).catch(() => {});
  }

  /** Stops `client`'s running evaluation (a long file read): the worker is replaced. */
  cancel(client) {
    if (this.running?.client !== client) return false;
    this.restart();
    this.next();
    return true;
  }

  crashed(message) {
    const running = this.running;
    this.restart();
    if (running) running.client.handlers.onCrash(message, running.request);
    this.next();
  }
}

let hub = null;

/** One view's connection to the page's shared engine. */
export class Engine {
  /**
   * @param {object} handlers
   * @param {(reply: {id:number, report:object, fresh:boolean[], columns:object[], ms:number}, request:object, superseded:boolean) => void} handlers.onReport
   * @param {(reply: {id:number, report:object, progress:{bytes:number,total:number,lines:number}}, request:object) => void} [handlers.onProgress]
   * @param {(message: string, request: object|null) => void} handlers.onCrash
   * @param {(version: string) => void} [handlers.onReady]
   * @param {(message: string) => void} [handlers.onFatal]
   */
  constructor(handlers) {
    this.handlers = handlers;
    this.waiting = null;
    this.id = ++clientSeq;
    /** The logKey of the log the worker holds for this view. */
    this.sentLog = undefined;
    hub ??= new Hub();
    hub.clients.add(this);
    // A view that joins after the engine loaded is told at once.
    queueMicrotask(() => {
      if (hub.version !== null) handlers.onReady?.(hub.version);
      if (hub.fatal !== null) handlers.onFatal?.(hub.fatal);
    });
  }

  /**
   * Asks for an evaluation of `request` ({definitions, log, logKey, options}); `log`
   * (a string or a File) is sent only when `logKey` differs from the last one sent;
   * `request.meta` stays on the page and comes back with the report.
   */
  evaluate(request) {
    this.waiting = request;
    hub.submit(this);
  }

  /**
   * Explains patterns and inspects one line, in the shared worker:
   * `{explain: [regex…], inspect: {definitions, line, options} | null}` →
   * `{explanations: [Explanation…], inspection: LineReport | null}` (see the README).
   */
  teach(request) {
    return hub.teach(request);
  }

  /** Stops this view's running evaluation; false when none was running. */
  cancel() {
    this.waiting = null;
    return hub.cancel(this);
  }

  /** Stops listening (the view left the page) and frees its log in the worker. */
  close() {
    this.waiting = null;
    hub.queue = hub.queue.filter((c) => c !== this);
    hub.clients.delete(this);
    hub.worker.postMessage({ drop: this.id });
    this.sentLog = undefined;
  }

  /** Listens again after `close` (the view came back): its next request sends the log. */
  reopen() {
    hub.clients.add(this);
    this.sentLog = undefined;
  }
}
