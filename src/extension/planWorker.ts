// The checker of the desktop (dist/planWorker.js): parses and checks plans for the plan cache so that the extension
// host's thread is never held by a long plan. It runs as a child process of the extension host (checkEngine.ts: a
// heap that runs out ends this process, never the host) or, where no process can be started, as a worker thread. It
// loads dist/model.js beside it; serveChecks serializes each outcome (v8), and one too large to read back on the host
// quickly is cut down to its first findings.
import { parentPort } from 'worker_threads';
import * as path from 'path';
import type { ModelLib } from '../engine/planJob';
import { serveChecks, serveChecksToParent } from '../engine/processEngine';

// A computed path keeps esbuild from bundling the model into this file.
const lib = require(path.join(__dirname, 'model.js')) as ModelLib;

if (parentPort) {
  const port = parentPort;
  serveChecks(lib, (l) => port.on('message', l), (r) => port.postMessage(r));
} else if (process.send) {
  serveChecksToParent(lib);
}
