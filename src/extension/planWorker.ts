// The checker's worker thread (dist/planWorker.js): parses and checks plans for the plan cache so that the extension
// host's thread is never held by a long plan. It loads dist/model.js beside it; each job's result is serialized
// here, and a result too large to read back on the host quickly is cut down to its first findings.
import { parentPort } from 'worker_threads';
import * as path from 'path';
import * as v8 from 'v8';
import type { ModelLib } from './modelLoader';
import { runPlanJob, PreviousModels, MAX_RESULT_BYTES, FINDINGS_OF_TOO_LARGE, type JobOutcome, type PlanJob } from './planJob';

export type WorkerRequest = { type: 'job'; id: number; job: PlanJob } | { type: 'forget'; key: string };
export type WorkerReply = { id: number; data: Uint8Array } | { id: number; error: string };

// A computed path keeps esbuild from bundling the model into this file.
const lib = require(path.join(__dirname, 'model.js')) as ModelLib;
const previous = new PreviousModels();

function serialize(outcome: JobOutcome): Uint8Array {
  let data = v8.serialize(outcome);
  if (data.length > MAX_RESULT_BYTES && outcome.kind === 'done') {
    const { model, findings, isPlan } = outcome.result;
    const cut: JobOutcome = {
      kind: 'too-large',
      bytes: data.length,
      phases: model.phases.length,
      findings: findings.slice(0, FINDINGS_OF_TOO_LARGE),
      omitted: Math.max(0, findings.length - FINDINGS_OF_TOO_LARGE),
      isPlan,
    };
    data = v8.serialize(cut);
  }
  return data;
}

parentPort?.on('message', (req: WorkerRequest) => {
  if (req.type === 'forget') {
    previous.delete(req.key);
    return;
  }
  let reply: WorkerReply;
  try {
    const result = runPlanJob(lib, req.job, previous.get(req.job.key));
    if (req.job.keep) previous.set(req.job.key, result.model);
    reply = { id: req.id, data: serialize({ kind: 'done', result }) };
  } catch (e) {
    previous.delete(req.job.key);
    reply = { id: req.id, error: e instanceof Error ? e.message : String(e) };
  }
  parentPort!.postMessage(reply);
});
