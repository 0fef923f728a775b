// checkPlan: every rule over the model, with the user's settings and the file's disable comments applied.
import type { PlanModel, Position, Range } from '../model/types';
import type { CheckOptions, Finding, Rule } from './types';
import { structureRules } from './structure';
import { dependencyRules } from './dependencies';
import { contentRules } from './content';
import { agreementRules } from './agreement';
import { tooComplex } from './complexity';
import { lineStartsOf, normalizeLineEnds } from '../model/scan';
import { runSteps, runStepsSliced, type Slicing } from '../model/steps';

// too-complex comes last: it reports what the other rules cut short.
export const RULES: Rule[] = [...structureRules, ...contentRules, ...dependencyRules, ...agreementRules, tooComplex];

const DISABLE = /<!--\s*plan-author-disable\b([^>]*?)-->/g;

/** Codes turned off by `<!-- plan-author-disable CODE … -->` comments; `*` when a comment names none. */
export function disabledCodes(model: PlanModel): Set<string> {
  const out = new Set<string>();
  for (const c of model.comments) {
    DISABLE.lastIndex = 0;
    for (let m = DISABLE.exec(c.text); m; m = DISABLE.exec(c.text)) {
      const codes = m[1].split(/[\s,]+/).filter(Boolean);
      if (!codes.length) out.add('*');
      for (const code of codes) out.add(code);
    }
  }
  return out;
}

/** Every range of a finding inside the text: a rule may mark "to the end of the line" with a large character. */
function clampRanges(findings: Finding[], text: string) {
  const starts = lineStartsOf(text);
  const clamp = (p: Position): Position => {
    const line = Math.max(0, Math.min(p.line, starts.length - 1));
    let end = line + 1 < starts.length ? starts[line + 1] - 1 : text.length;
    if (line + 1 < starts.length && end > starts[line] && text.charCodeAt(end - 1) === 13 && text.charCodeAt(end) === 10) end--;
    const character = Math.max(0, Math.min(p.line > line ? Infinity : p.character, end - starts[line]));
    return line === p.line && character === p.character ? p : { line, character };
  };
  const fix = (r: Range): Range => {
    const start = clamp(r.start);
    const end = clamp(r.end);
    return start === r.start && end === r.end ? r : { start, end };
  };
  for (const f of findings) {
    f.range = fix(f.range);
    if (f.related) f.related = f.related.map((x) => ({ ...x, range: fix(x.range) }));
  }
}

export function checkPlan(model: PlanModel, options: CheckOptions = {}): Finding[] {
  return runSteps(checkSteps(model, options));
}

/**
 * The same check, giving the thread back between rules once `sliceMs` have passed since it last did, so that a
 * large plan never holds the extension host for all its rules at once. Resolves to undefined when `isCancelled()`
 * turns true (a newer version of the text arrived).
 */
export function checkPlanAsync(model: PlanModel, options: CheckOptions = {}, slicing: Slicing = {}): Promise<Finding[] | undefined> {
  return runStepsSliced(checkSteps(model, options), slicing);
}

/** The check as a generator that yields after each rule. */
function* checkSteps(model: PlanModel, options: CheckOptions): Generator<void, Finding[]> {
  const disabled = disabledCodes(model);
  if (disabled.has('*')) return [];
  const findings: Finding[] = [];
  // Lone CRs read as line ends, as the parser reads them (same length: ranges are unchanged).
  const opts: CheckOptions = { ...options, text: options.text === undefined ? undefined : normalizeLineEnds(options.text), limits: [] };
  for (const rule of RULES) {
    const setting = options.rules?.[rule.code];
    if (setting === 'off' || disabled.has(rule.code)) continue;
    for (const raw of rule.check(model, opts)) {
      // One line per finding: Problems shows a message's raw newlines as broken rows.
      findings.push({ ...raw, message: raw.message.replace(/\s*\n\s*/g, ' '), code: rule.code, severity: setting ?? raw.severity ?? rule.severity });
    }
    yield;
  }
  if (opts.text !== undefined) clampRanges(findings, opts.text);
  findings.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.code.localeCompare(b.code));
  return findings;
}

export type { Finding, CheckOptions, Rule, Severity, Fix, TextEdit, StatusInfo, RuleSetting } from './types';
export { renderDependencyMap, renderPhasesJson } from './agreement';
export { dependencyCycles, dependencyEdges } from './dependencies';
