// The checker's web worker in VS Code for the Web (dist/web/planWorker.js, the model bundled in): the same job as
// the desktop's worker thread, answered as a structured clone; its size is measured as JSON text.
import * as lib from '../model/index';
import { answer, PreviousModels, type WorkerRequest } from '../engine/planJob';

const previous = new PreviousModels();
const scope = self as unknown as { onmessage: ((e: { data: WorkerRequest }) => void) | null; postMessage(m: unknown): void };

// One line in the browser's console when the checker starts, so that a test (and a curious user) can see where the
// checks run.
console.info('[plan-author] checker web worker started');

scope.onmessage = (e) => {
  const req = e.data;
  const reply = answer(lib, previous, req, (outcome) => ({
    reply: { id: req.type === 'job' ? req.id : 0, outcome },
    bytes: JSON.stringify(outcome).length,
  }));
  if (reply) scope.postMessage(reply);
};
