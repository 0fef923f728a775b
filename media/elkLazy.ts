// What the graph page's bundle gets for `elkjs/lib/elk.bundled.js` (scripts/build.mjs aliases it here): the same
// `new ELK().layout(graph)`, with the layout engine (1.5 MB of script) loaded on first use from dist/media/elk.js
// (media/elk.ts) instead of being part of the page's own script. The page draws its quick placement first and
// never waits on the engine to show something.
import type { ElkNode } from 'elkjs/lib/elk-api';

interface Engine {
  layout(graph: ElkNode): Promise<ElkNode>;
}
type EngineClass = new () => Engine;
declare global {
  // Set by dist/media/elk.js.
  var planAuthorElk: EngineClass | undefined;
}

// The page's own <script> names the engine's script (data-elk) and carries the nonce the CSP allows.
const self = document.currentScript instanceof HTMLScriptElement ? document.currentScript : null;
const src = self?.dataset.elk;
const nonce = self?.nonce;

let loading: Promise<Engine> | undefined;

/** Starts loading the engine (once); resolves to one instance shared by every layout. */
export function loadEngine(): Promise<Engine> {
  loading ??= new Promise<Engine>((resolve, reject) => {
    const ready = () => (globalThis.planAuthorElk ? resolve(new globalThis.planAuthorElk()) : reject(new Error('the layout engine did not start')));
    if (globalThis.planAuthorElk) return ready();
    if (!src) return reject(new Error('the layout engine is not available (no data-elk on the page script)'));
    const script = document.createElement('script');
    if (nonce) script.nonce = nonce;
    script.src = src;
    script.onload = ready;
    script.onerror = () => reject(new Error('the layout engine could not be loaded'));
    document.head.appendChild(script);
  });
  return loading;
}

export default class LazyElk implements Engine {
  async layout(graph: ElkNode): Promise<ElkNode> {
    return (await loadEngine()).layout(graph);
  }
}
