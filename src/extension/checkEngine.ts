// Where the plan cache's parsing and checking run: a worker thread (dist/planWorker.js), so that no plan, however
// long or hostile, holds the extension host's thread. Jobs go one at a time; a job still waiting is replaced by a
// newer version of the same plan; a job over its time budget, or a worker that dies (out of memory), ends that job
// and the next job starts a fresh worker. Where a worker cannot be started, jobs run on the host in slices.
import { Worker } from 'worker_threads';
import * as path from 'path';
import * as v8 from 'v8';
import { existsSync } from 'fs';
import { InThreadEngine } from './inThreadEngine';
import { JOB_BUDGET_MS, type CheckEngine, type JobOutcome, type PlanJob } from './planJob';
import type { WorkerReply, WorkerRequest } from './planWorker';

/** Memory a worker may use before it is stopped (the extension host's own heap is not touched). */
const WORKER_HEAP_MB = 1024;

interface Waiting {
  job: PlanJob;
  resolve: (o: JobOutcome) => void;
}

export class WorkerEngine implements CheckEngine {
  budgetMs = JOB_BUDGET_MS;
  /** Set when no worker could be started: every job runs on the host from then on. */
  private fallback?: InThreadEngine;
  private worker?: Worker;
  private queue: Waiting[] = [];
  private current?: Waiting & { id: number; timer: ReturnType<typeof setTimeout> };
  private nextId = 1;
  private disposed = false;

  /** `script`: dist/planWorker.js; `heapMb`: the worker's memory limit. */
  constructor(
    private readonly script: string,
    private readonly heapMb = WORKER_HEAP_MB,
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
    this.worker?.postMessage({ type: 'forget', key } satisfies WorkerRequest);
  }

  dispose() {
    this.disposed = true;
    for (const w of this.queue) w.resolve({ kind: 'superseded' });
    this.queue = [];
    this.end({ kind: 'superseded' });
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private start(): Worker {
    const w = new Worker(this.script, { resourceLimits: { maxOldGenerationSizeMb: this.heapMb, maxYoungGenerationSizeMb: 48 } });
    w.on('message', (reply: WorkerReply) => {
      if (w !== this.worker || reply.id !== this.current?.id) return;
      if ('error' in reply) return this.end({ kind: 'failed', message: reply.error });
      const data = Buffer.from(reply.data.buffer, reply.data.byteOffset, reply.data.byteLength);
      this.end(v8.deserialize(data) as JobOutcome);
    });
    // Out of memory, or an error outside a job: this worker is gone; the job it held fails, the next starts another.
    const gone = (why: string) => {
      if (w !== this.worker) return;
      this.worker = undefined;
      this.end({ kind: 'failed', message: why });
    };
    w.on('error', (e) => gone(e.message));
    w.on('exit', (code) => gone(`the checker stopped (exit ${code})`));
    w.unref();
    return w;
  }

  private pump() {
    if (this.current || this.disposed) return;
    const next = this.queue.shift();
    if (!next) return;
    try {
      this.worker ??= this.start();
    } catch {
      this.fallback = new InThreadEngine();
      this.fallback.budgetMs = this.budgetMs;
      for (const w of [next, ...this.queue.splice(0)]) void this.fallback.run(w.job).then(w.resolve);
      return;
    }
    const id = this.nextId++;
    const started = Date.now();
    const timer = setTimeout(() => {
      // Over budget: a thread cannot be interrupted, so the worker is stopped; the next job starts a fresh one.
      const w = this.worker;
      this.worker = undefined;
      void w?.terminate();
      this.end({ kind: 'over-budget', ms: Date.now() - started });
    }, this.budgetMs);
    this.current = { ...next, id, timer };
    try {
      this.worker.postMessage({ type: 'job', id, job: plainJob(next.job) } satisfies WorkerRequest);
    } catch (e) {
      this.end({ kind: 'failed', message: e instanceof Error ? e.message : String(e) });
    }
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

/** A worker engine on dist/planWorker.js, or the in-thread engine where worker threads are not available. */
export function createCheckEngine(): CheckEngine {
  const script = path.join(__dirname, 'planWorker.js');
  return existsSync(script) ? new WorkerEngine(script) : new InThreadEngine();
}
