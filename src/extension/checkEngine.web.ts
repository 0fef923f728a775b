// The browser build's check engine (scripts/build.mjs swaps it in): a web extension host has no worker threads.
import type { CheckEngine } from './planJob';
import { InThreadEngine } from './inThreadEngine';

export function createCheckEngine(): CheckEngine {
  return new InThreadEngine();
}
