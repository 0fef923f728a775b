// The public model API: what dist/model.js exports to the CLI, the tests and the benchmark.
export * from './types';
export { parsePlan, parsePlanAsync, SLICED_PARSE_CHARS } from './parse';
export { normalizePhaseId, readDependencyValue } from './dependencies';
export { detectPreset } from './build';
export { getPreset, PRESET_IDS, normalizeTitle, titleMatches, templatePlaceholders } from './presets';
export type { Preset, SectionSpec } from './presets';
export { statusCandidates, readStatus } from './status';
export type { StatusCandidate } from './status';
export { readTextFile, findStatusFile, utf8Length, bytesOver, isUnder, MAX_FILE_BYTES } from './files';
export type { PlanFileSystem, FileInfo, FileKind, ReadResult } from './files';
export { hasPlanTitle, readsAsPlan, isPlanDocument, textGuard, PLAN_HEAD_CHARS } from './planText';
export type { TextGuard } from './planText';
export { checkPlan, checkPlanAsync, RULES, disabledCodes, renderDependencyMap, renderPhasesJson, dependencyCycles, dependencyEdges } from '../checks/index';
export type { Finding, CheckOptions, Rule, Severity, Fix, TextEdit, StatusInfo, RuleSetting } from '../checks/index';
