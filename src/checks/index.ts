// checkPlan: every rule over the model, with the user's settings and the file's disable comments applied.
import type { PlanModel } from '../model/types';
import type { CheckOptions, Finding, Rule } from './types';
import { structureRules } from './structure';
import { dependencyRules } from './dependencies';
import { contentRules } from './content';
import { agreementRules } from './agreement';

export const RULES: Rule[] = [...structureRules, ...contentRules, ...dependencyRules, ...agreementRules];

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

export function checkPlan(model: PlanModel, options: CheckOptions = {}): Finding[] {
  const disabled = disabledCodes(model);
  if (disabled.has('*')) return [];
  const findings: Finding[] = [];
  for (const rule of RULES) {
    const setting = options.rules?.[rule.code];
    if (setting === 'off' || disabled.has(rule.code)) continue;
    for (const raw of rule.check(model, options)) {
      // One line per finding: Problems shows a message's raw newlines as broken rows.
      findings.push({ ...raw, message: raw.message.replace(/\s*\n\s*/g, ' '), code: rule.code, severity: setting ?? raw.severity ?? rule.severity });
    }
  }
  findings.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.code.localeCompare(b.code));
  return findings;
}

export type { Finding, CheckOptions, Rule, Severity, Fix, TextEdit, StatusInfo, RuleSetting } from './types';
export { renderDependencyMap, renderPhasesJson } from './agreement';
export { dependencyCycles, dependencyEdges } from './dependencies';
