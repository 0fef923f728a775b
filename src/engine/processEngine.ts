// Checks in a child process (the desktop's checker, extension/checkEngine.ts; the command line's and the MCP server's,
// cli.ts): a process of its own, not a thread, so that a plan that exhausts the heap ends only that process. Node only.
import { fork, type ChildProcess } from 'node:child_process';
import * as v8 from 'node:v8';
import { ThreadEngine } from './threadEngine';
import { answer, PreviousModels, type CheckEngine, type JobOutcome, type ModelLib, type WorkerReply, type WorkerRequest } from './planJob';

/**
 * The checker's side, in a child process (processEngine) or a worker thread: answers each request with `lib`,
 * serializing each outcome with v8 (decodeReply reads it back). The desktop's dist/planWorker.js and dist/cli.js
 * run as a checker serve through this.
 */
export function serveChecks(lib: ModelLib, on: (listener: (req: WorkerRequest) => void) => void, send: (reply: WorkerReply) => void): void {
  const previous = new PreviousModels();
  on((req) => {
    const reply = answer(lib, previous, req, (outcome) => {
      const data = v8.serialize(outcome);
      return { reply: { id: req.type === 'job' ? req.id : 0, data }, bytes: data.length };
    });
    if (reply) send(reply);
  });
  send({ ready: true });
}

/** serveChecks over this process's IPC channel, in a process that processEngine started; it ends with its parent. */
export function serveChecksToParent(lib: ModelLib): void {
  const send = process.send?.bind(process);
  if (!send) throw new Error('not started with an IPC channel');
  serveChecks(lib, (l) => process.on('message', l), (r) => void send(r));
  // The process that started this one is gone: so is this.
  process.on('disconnect', () => process.exit(0));
}

/** A reply's outcome, serialized with v8 by the thread or process that answered (extension/planWorker.ts, cli.ts). */
export function decodeReply(r: Exclude<WorkerReply, { error: string } | { ready: true }>): JobOutcome {
  if (!('data' in r)) throw new Error('a reply without its data');
  return v8.deserialize(Buffer.from(r.data.buffer, r.data.byteOffset, r.data.byteLength)) as JobOutcome;
}

// Checker processes that are running: this process kills them when it exits, however it exits (a signal that the
// command line turns into an exit, an internal error, the end of a run), so that none parses on alone. They also end
// when their channel closes, but only once the plan they are reading is done.
const running = new Set<ChildProcess>();
let killOnExit = false;
function track(child: ChildProcess): void {
  running.add(child);
  child.on('exit', () => running.delete(child));
  if (killOnExit) return;
  killOnExit = true;
  process.on('exit', () => {
    for (const c of running) c.kill('SIGKILL');
  });
}

/**
 * An engine on a child process running `script`, which serves checks over its IPC channel (told so by the
 * environment variable PLAN_AUTHOR_CHECKER=`role` when it is the command line). A process of its own, not a thread:
 * V8 may end the whole process when a heap runs out (a thread's `resourceLimits` do not always stop it first), and a
 * process that runs out ends alone. `fallback`: the engine for every job when no process can be spawned. In the
 * extension host, `process.execPath` is the editor's own binary, run as Node by ELECTRON_RUN_AS_NODE.
 */
export function processEngine(
  script: string,
  heapMb: number,
  options: { role?: string; fallback?: () => CheckEngine; /** The binary that runs it (process.execPath). */ execPath?: string } = {},
): ThreadEngine {
  return new ThreadEngine((on) => {
    let spawned = false;
    const child = fork(script, [], {
      execPath: options.execPath,
      execArgv: [`--max-old-space-size=${heapMb}`],
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1', ...(options.role ? { PLAN_AUTHOR_CHECKER: options.role } : {}) },
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    track(child);
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => {
      if (stderr.length < 8192) stderr += d.toString();
    });
    child.on('spawn', () => (spawned = true));
    child.on('message', (m) => on.reply(m as WorkerReply));
    child.on('error', (e) => on.gone(e.message, spawned));
    // After the process ended and its stderr was read: V8 says there when the heap ran out.
    child.on('close', (code, signal) =>
      on.gone(/heap out of memory|heap limit/i.test(stderr) ? `out of memory (more than ${heapMb} MB)` : `the checker stopped (${signal ?? `exit ${code}`})`, spawned),
    );
    // Neither the process nor its channel keeps this one alive: it waits on a job's timer, and ends it when done.
    child.unref();
    (child.channel as { unref?: () => void } | undefined)?.unref?.();
    return {
      announcesReady: true,
      post: (req) => {
        child.send(req);
      },
      terminate: () => void child.kill('SIGKILL'),
    };
  }, decodeReply, { fallBackIfFirstThreadFails: !!options.fallback, fallback: options.fallback });
}
