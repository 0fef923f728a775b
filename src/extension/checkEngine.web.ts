// The browser build's check engine (scripts/build.mjs swaps it in): a web worker on dist/web/planWorker.js (the
// model bundled in), started from the web extension host; where none can be started, the job runs on the host in
// 20 ms slices.
import * as vscode from 'vscode';
import type { CheckEngine, JobOutcome } from '../engine/planJob';
import { InThreadEngine } from './inThreadEngine';
import { ThreadEngine } from '../engine/threadEngine';

interface WebWorker {
  onmessage: ((e: { data: unknown }) => void) | null;
  onerror: ((e: { message?: string; preventDefault?(): void }) => void) | null;
  postMessage(m: unknown): void;
  terminate(): void;
}

export function createCheckEngine(extensionUri?: vscode.Uri): CheckEngine {
  const Worker = (globalThis as { Worker?: new (url: string, options?: { name?: string }) => WebWorker }).Worker;
  if (!Worker || !extensionUri) return new InThreadEngine();
  const url = vscode.Uri.joinPath(extensionUri, 'dist', 'web', 'planWorker.js').toString(true);
  return new ThreadEngine(
    (on) => {
      const w = new Worker(url, { name: 'Plan Author checker' });
      w.onmessage = (e) => on.reply(e.data as Parameters<typeof on.reply>[0]);
      w.onerror = (e) => {
        e.preventDefault?.();
        on.gone(e.message || 'the checker stopped');
      };
      return { post: (req) => w.postMessage(req), terminate: () => w.terminate() };
    },
    (r) => {
      if (!('outcome' in r)) throw new Error('a reply without its outcome');
      return r.outcome as JobOutcome;
    },
    // A web worker that cannot start (a browser or host without nested workers) fails before its first answer:
    // then the jobs run on the host.
    { fallBackIfFirstThreadFails: true, fallback: () => new InThreadEngine() },
  );
}
