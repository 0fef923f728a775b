// The checker of the desktop (dist/planWorker.js): parses and checks plans for the plan cache so that the extension
// host's thread is never held by a long plan. It runs as a child process of the extension host (checkEngine.ts: a
// heap that runs out ends this process, never the host) or, where no process can be started, as a worker thread. It
// loads dist/model.js beside it; each outcome is serialized here (v8), and one too large to read back on the host
// quickly is cut down to its first findings.
import { parentPort } from 'worker_threads';
import * as path from 'path';
import * as v8 from 'v8';
import { answer, PreviousModels, type ModelLib, type WorkerRequest, type WorkerReply } from '../engine/planJob';

// A computed path keeps esbuild from bundling the model into this file.
const lib = require(path.join(__dirname, 'model.js')) as ModelLib;
const previous = new PreviousModels();

function serve(on: (listener: (req: WorkerRequest) => void) => void, send: (reply: WorkerReply) => void) {
  on((req) => {
    const reply = answer(lib, previous, req, (outcome) => {
      const data = v8.serialize(outcome);
      return { reply: { id: req.type === 'job' ? req.id : 0, data }, bytes: data.length };
    });
    if (reply) send(reply);
  });
}

if (parentPort) {
  const port = parentPort;
  serve((l) => port.on('message', l), (r) => port.postMessage(r));
} else if (process.send) {
  serve((l) => process.on('message', l), (r) => process.send!(r));
  // The extension host that started this process is gone: so is this.
  process.on('disconnect', () => process.exit(0));
}
