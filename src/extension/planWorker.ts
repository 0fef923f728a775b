// The checker's worker thread on the desktop (dist/planWorker.js): parses and checks plans for the plan cache so
// that the extension host's thread is never held by a long plan. It loads dist/model.js beside it; each outcome is
// serialized here (v8), and one too large to read back on the host quickly is cut down to its first findings.
import { parentPort } from 'worker_threads';
import * as path from 'path';
import * as v8 from 'v8';
import { answer, PreviousModels, type ModelLib, type WorkerRequest } from '../engine/planJob';

// A computed path keeps esbuild from bundling the model into this file.
const lib = require(path.join(__dirname, 'model.js')) as ModelLib;
const previous = new PreviousModels();

parentPort?.on('message', (req: WorkerRequest) => {
  const reply = answer(lib, previous, req, (outcome) => {
    const data = v8.serialize(outcome);
    return { reply: { id: req.type === 'job' ? req.id : 0, data }, bytes: data.length };
  });
  if (reply) parentPort!.postMessage(reply);
});
