// The check engine over a thread of its own (a Node worker thread on the desktop, a web worker in the browser), so
// that no plan, however long or hostile, holds the extension host's thread. Jobs go one at a time; a job still
// waiting is replaced by a newer version of the same plan; a job over its time budget, or a thread that dies (out of
// memory), ends that job and the next job starts a fresh thread. Where no thread can be started, jobs run on the
// host in slices (the `fallback` engine). No Node built-in here: extension/checkEngine.ts, extension/checkEngine.web.ts
// and processEngine.ts start the threads.
import { JOB_BUDGET_MS, type CheckEngine, type JobOutcome, type PlanJob, type WorkerReply, type WorkerRequest } from './planJob';

/** A started thread, as the engine drives it. */
export interface CheckThread {
  post(req: WorkerRequest): void;
  terminate(): void;
  /**
   * The thread replies `{ready: true}` once it has loaded the model: a job sent to it before then has its time
   * limit counted from that reply, so that the start of a fresh thread or process (slow on a loaded machine) is not
   * charged to a plan. It has ThreadEngine.startupMs to get ready.
   */
  announcesReady?: boolean;
}

/** How long a fresh thread may take to get ready, when it says so (CheckThread.announcesReady). */
export const STARTUP_MS = 60_000;

/**
 * Starts a thread that answers each job with a reply; `gone` when it died (`started: false` when it never ran: a
 * process that could not be spawned). Throws when no thread can be made.
 */
export type StartThread = (on: { reply(r: WorkerReply): void; gone(why: string, started?: boolean): void }) => CheckThread;

/** Reads a reply's outcome (a Node thread sends it serialized, a web worker as a structured clone). */
export type DecodeReply = (r: Exclude<WorkerReply, { error: string } | { ready: true }>) => JobOutcome;

interface Waiting {
  job: PlanJob;
  resolve: (o: JobOutcome) => void;
}

export class ThreadEngine implements CheckEngine {
  budgetMs = JOB_BUDGET_MS;
  /** How long a fresh thread that announces readiness may take to get ready. */
  startupMs = STARTUP_MS;
  /** Set when no thread could be started: every job runs on the host from then on. */
  private fallback?: CheckEngine;
  private thread?: CheckThread;
  /** Whether `thread` is ready for a job's time limit to run. */
  private ready = false;
  private queue: Waiting[] = [];
  private current?: Waiting & { id: number; timer?: ReturnType<typeof setTimeout>; started: number };
  private nextId = 1;
  private disposed = false;

  /** Whether any thread has answered a job yet. */
  private answered = false;

  constructor(
    private readonly startThread: StartThread,
    private readonly decode: DecodeReply,
    private readonly options: { fallBackIfFirstThreadFails?: boolean; fallback?: () => CheckEngine } = {},
  ) {}

  get kind() {
    return this.fallback ? this.fallback.kind : ('worker' as const);
  }

  run(job: PlanJob): Promise<JobOutcome> {
    if (this.fallback) return this.fallback.run(job);
    return new Promise((resolve) => {
      const i = this.queue.findIndex((w) => w.job.key === job.key);
      if (i >= 0) this.queue.splice(i, 1)[0].resolve({ kind: 'superseded' });
      this.queue.push({ job, resolve });
      this.pump();
    });
  }

  forget(key: string) {
    this.fallback?.forget(key);
    this.thread?.post({ type: 'forget', key });
  }

  dispose() {
    this.disposed = true;
    for (const w of this.queue) w.resolve({ kind: 'superseded' });
    this.queue = [];
    this.end({ kind: 'superseded' });
    this.thread?.terminate();
    this.thread = undefined;
    this.fallback?.dispose();
  }

  private start(): CheckThread {
    const thread: CheckThread = this.startThread({
      reply: (r) => {
        if (thread !== this.thread) return;
        if ('ready' in r) {
          this.ready = true;
          // The job sent while the thread started gets its whole time limit from now.
          if (this.current) this.arm(this.current, this.budgetMs);
          return;
        }
        if (r.id !== this.current?.id) return;
        this.answered = true;
        if ('error' in r) return this.end({ kind: 'failed', message: r.error });
        let outcome: JobOutcome;
        try {
          outcome = this.decode(r);
        } catch (e) {
          outcome = { kind: 'failed', message: e instanceof Error ? e.message : String(e) };
        }
        this.end(outcome);
      },
      // Out of memory, or an error outside a job: this thread is gone; the job it held fails, the next starts another.
      gone: (why, started) => {
        if (thread !== this.thread) return;
        this.thread = undefined;
        if (!this.answered && this.options.fallBackIfFirstThreadFails && started !== true && this.current) {
          // No thread can run here: this job and every later one run on the host.
          const c = this.current;
          clearTimeout(c.timer);
          this.current = undefined;
          this.queue.unshift(c);
          this.fallBack();
          return;
        }
        this.end({ kind: 'failed', message: why });
      },
    });
    return thread;
  }

  private pump() {
    if (this.current || this.disposed) return;
    const next = this.queue.shift();
    if (!next) return;
    try {
      if (!this.thread) {
        this.thread = this.start();
        this.ready = !this.thread.announcesReady;
      }
    } catch {
      this.queue.unshift(next);
      this.fallBack();
      return;
    }
    const id = this.nextId++;
    this.current = { ...next, id, started: Date.now() };
    if (this.ready) this.arm(this.current, this.budgetMs);
    else this.arm(this.current, this.startupMs, () => ({ kind: 'failed', message: `the checker did not start within ${this.startupMs / 1000} s` }));
    try {
      this.thread.post({ type: 'job', id, job: plainJob(next.job) });
    } catch (e) {
      this.end({ kind: 'failed', message: e instanceof Error ? e.message : String(e) });
    }
  }

  /**
   * Starts (again) the time limit of the job `c`, `ms` from now. When it runs out, the thread is ended (a thread
   * cannot be interrupted) and the next job starts a fresh one.
   */
  private arm(c: NonNullable<ThreadEngine['current']>, ms: number, outcome?: () => JobOutcome) {
    clearTimeout(c.timer);
    c.started = Date.now();
    c.timer = setTimeout(() => {
      if (this.current !== c) return;
      const t = this.thread;
      this.thread = undefined;
      t?.terminate();
      this.end(outcome?.() ?? { kind: 'over-budget', ms: Date.now() - c.started });
    }, ms);
  }

  /** From now on every job runs on the host (the `fallback` engine), the waiting ones first; without one, they fail. */
  private fallBack() {
    const make = this.options.fallback;
    if (!make) {
      for (const w of this.queue.splice(0)) w.resolve({ kind: 'failed', message: 'no checker could be started' });
      return;
    }
    this.fallback = make();
    this.fallback.budgetMs = this.budgetMs;
    for (const w of this.queue.splice(0)) void this.fallback.run(w.job).then(w.resolve);
  }

  private end(outcome: JobOutcome) {
    const c = this.current;
    if (!c) return;
    clearTimeout(c.timer);
    this.current = undefined;
    c.resolve(outcome);
    this.pump();
  }
}

/** The job as plain data: settings objects (the editor's configuration proxies) cannot be posted to a thread. */
function plainJob(job: PlanJob): PlanJob {
  const plain = <T>(v: T): T => (v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T));
  return { ...job, rules: plain(job.rules), status: plain(job.status) };
}
