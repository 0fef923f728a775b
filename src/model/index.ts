// The public model API: what dist/model.js exports to the CLI, the tests and the benchmark.
export * from './types';
export { parsePlan } from './parse';
export { normalizePhaseId, readDependencyValue } from './dependencies';
export { detectPreset } from './build';
