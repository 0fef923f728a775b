// The desktop's check engine: dist/planWorker.js in a child process, or a Node worker thread where no process can be
// started (see engine/threadEngine.ts). Results come back serialized with v8 (the checker cuts a result too large to
// read back quickly, see planWorker.ts).
import { Worker } from 'worker_threads';
import * as path from 'path';
import { existsSync } from 'fs';
import { InThreadEngine } from './inThreadEngine';
import { ThreadEngine } from '../engine/threadEngine';
import { decodeReply, processEngine } from '../engine/processEngine';
import type { CheckEngine } from '../engine/planJob';

/** Memory the checker may use before it is stopped (the extension host's own heap is not touched). */
const WORKER_HEAP_MB = 1024;

/** An engine on the worker script `script` (dist/planWorker.js); `heapMb`: the worker's memory limit. */
export function workerEngine(script: string, heapMb = WORKER_HEAP_MB): ThreadEngine {
  return new ThreadEngine(
    (on) => {
      // A young generation the size of the extension host's: the parser allocates many short-lived objects.
      const w = new Worker(script, { resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: 48 } });
      w.on('message', on.reply);
      w.on('error', (e) => on.gone(e.message));
      w.on('exit', (code) => on.gone(`the checker stopped (exit ${code})`));
      w.unref();
      return { announcesReady: true, post: (req) => w.postMessage(req), terminate: () => void w.terminate() };
    },
    decodeReply,
    { fallback: () => new InThreadEngine() },
  );
}

/**
 * The desktop's engine: dist/planWorker.js in a child process of its own (a plan that exhausts the checker's heap
 * ends that process, never the extension host); where no process can be spawned, in a worker thread; where the
 * script is missing, on the host in slices. (The browser build's checkEngine.web.ts finds its worker under the
 * extension's URI; here it is beside this file.)
 */
export function createCheckEngine(_extensionUri?: unknown): CheckEngine {
  const script = path.join(__dirname, 'planWorker.js');
  if (!existsSync(script)) return new InThreadEngine();
  return processEngine(script, WORKER_HEAP_MB, { fallback: () => workerEngine(script) });
}
