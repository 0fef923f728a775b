// One unit of work of the plan cache: parse a version of a plan's text (reusing the previous version's model) and
// check it. The same code runs in the editor's checker thread (extension/planWorker.ts), in the command line's checker
// process (cli.ts) and, where there is no worker (VS Code for the Web), on the extension host in slices
// (extension/inThreadEngine.ts). No `vscode`, no Node built-in here.
import type { PlanModel, PresetId, StatusInfo, RuleSetting, Finding } from '../model/index';

/** The model library (dist/model.js in the editor; bundled into the command line). */
export type ModelLib = typeof import('../model/index');

export interface PlanJob {
  /** Which plan this is (a document's URI): the key of its previous model. */
  key: string;
  text: string;
  preset?: PresetId | 'auto';
  fileName: string;
  rules?: Record<string, RuleSetting>;
  status?: StatusInfo;
  /** Keep this model as the key's previous one (an open document); a background check of a closed file does not. */
  keep: boolean;
  /** A file found by the plan globs, not opened: checked only when it reads as a plan. */
  onlyIfPlan?: boolean;
  /** Send the whole result back however large (the command line prints every finding; the editor's host reads at most MAX_RESULT_BYTES). */
  whole?: boolean;
}

export interface PlanJobResult {
  model: PlanModel;
  findings: Finding[];
  /** False when `onlyIfPlan` was asked and the text does not read as a plan (nothing was checked). */
  isPlan: boolean;
}

/** The whole job at once (the worker thread: nothing else waits on it). */
export function runPlanJob(lib: ModelLib, job: PlanJob, previous: PlanModel | undefined): PlanJobResult {
  const model = lib.parsePlan(job.text, { preset: job.preset, previous });
  return finish(lib, job, model, (m) => lib.checkPlan(m, checkOptions(job)));
}

/** The same job in slices of `sliceMs`, giving the thread back between them; undefined when `isCancelled()` turned true. */
export async function runPlanJobSliced(
  lib: ModelLib,
  job: PlanJob,
  previous: PlanModel | undefined,
  slicing: { sliceMs?: number; isCancelled: () => boolean },
): Promise<PlanJobResult | undefined> {
  const model = await lib.parsePlanAsync(job.text, { preset: job.preset, previous, ...slicing });
  if (!model) return undefined;
  let findings: Finding[] | undefined = [];
  const result = finish(lib, job, model, () => []);
  if (result.isPlan) findings = await lib.checkPlanAsync(model, checkOptions(job), slicing);
  return findings && { ...result, findings };
}

function finish(lib: ModelLib, job: PlanJob, model: PlanModel, check: (m: PlanModel) => Finding[]): PlanJobResult {
  const isPlan = !job.onlyIfPlan || lib.readsAsPlan(model, job.text);
  return { model, findings: isPlan ? check(model) : [], isPlan };
}

function checkOptions(job: PlanJob) {
  return { fileName: job.fileName, status: job.status, rules: job.rules, text: job.text };
}

/** What the engine posts to its thread. */
export type WorkerRequest = { type: 'job'; id: number; job: PlanJob } | { type: 'forget'; key: string };
/**
 * What the thread answers a job with: its outcome, serialized (Node) or as a structured clone (a web worker). A Node
 * checker also says once that it is ready (`ready`), when it has loaded the model: a job's time limit counts from
 * then, not from the start of a process.
 */
export type WorkerReply = { id: number; data: Uint8Array } | { id: number; outcome: JobOutcome } | { id: number; error: string } | { ready: true };

/** How a job ended, as the plan cache hears it. */
export type JobOutcome =
  | { kind: 'done'; result: PlanJobResult }
  /** The model was too large to hand to the extension host at once: only the first findings came back. */
  | { kind: 'too-large'; bytes: number; phases: number; findings: Finding[]; omitted: number; isPlan: boolean }
  /** Checking took longer than the budget and was stopped. */
  | { kind: 'over-budget'; ms: number }
  /** The checker failed on this text (out of memory, an internal error). */
  | { kind: 'failed'; message: string }
  /** A newer version of the same plan was asked for before this one was done. */
  | { kind: 'superseded' };

/** Parses and checks plans away from the editor's thread, one at a time, within a time budget. */
export interface CheckEngine {
  run(job: PlanJob): Promise<JobOutcome>;
  /** The plan was closed: its previous model is no longer needed. */
  forget(key: string): void;
  /** How long one job may take before it is stopped (ms). */
  budgetMs: number;
  /** Which engine this is, for tests and the bench. */
  readonly kind: 'worker' | 'in-thread';
  dispose(): void;
}

/** The largest serialized result handed to the extension host: reading it back costs the host about 10 ms per MB. */
export const MAX_RESULT_BYTES = 2_000_000;
/** How many findings come back with a result that was too large. */
export const FINDINGS_OF_TOO_LARGE = 500;
/** The default time budget of one job. */
export const JOB_BUDGET_MS = 20_000;

/**
 * A thread's answer to one request (planWorker.ts, planWorker.web.ts): the job's outcome, encoded by `encode`, which
 * cuts a result over MAX_RESULT_BYTES (as `size` measures it) down to its first findings.
 */
export function answer(
  lib: ModelLib,
  previous: PreviousModels,
  req: WorkerRequest,
  encode: (outcome: JobOutcome) => { reply: WorkerReply; bytes: number },
): WorkerReply | undefined {
  if (req.type === 'forget') {
    previous.delete(req.key);
    return undefined;
  }
  try {
    const result = runPlanJob(lib, req.job, previous.get(req.job.key));
    if (req.job.keep) previous.set(req.job.key, result.model);
    const done = encode({ kind: 'done', result });
    if (done.bytes <= MAX_RESULT_BYTES || req.job.whole) return done.reply;
    const { model, findings, isPlan } = result;
    return encode({
      kind: 'too-large',
      bytes: done.bytes,
      phases: model.phases.length,
      findings: findings.slice(0, FINDINGS_OF_TOO_LARGE),
      omitted: Math.max(0, findings.length - FINDINGS_OF_TOO_LARGE),
      isPlan,
    }).reply;
  } catch (e) {
    previous.delete(req.job.key);
    return { id: req.id, error: e instanceof Error ? e.message : String(e) };
  }
}

/** Remembers the last model of each open plan, for the next version's incremental parse (at most `max` plans). */
export class PreviousModels {
  private readonly models = new Map<string, PlanModel>();
  constructor(private readonly max = 24) {}
  get(key: string): PlanModel | undefined {
    return this.models.get(key);
  }
  set(key: string, model: PlanModel) {
    this.models.delete(key);
    this.models.set(key, model);
    if (this.models.size > this.max) this.models.delete(this.models.keys().next().value as string);
  }
  delete(key: string) {
    this.models.delete(key);
  }
}
