// What a rule is and what it finds. Pure data: no `vscode` import.
import type { PlanModel, Range, StatusInfo } from '../model/types';

export type Severity = 'error' | 'warning' | 'information';
export type RuleSetting = Severity | 'off';

export interface TextEdit {
  range: Range;
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
  /** Preferred fixes are applied by "Fix all" and auto-fix. */
  preferred?: boolean;
}

export interface Finding {
  code: string;
  severity: Severity;
  message: string;
  range: Range;
  fixes?: Fix[];
  related?: { message: string; range: Range }[];
}

// The status file's types belong to the model; re-exported for the checks' users.
export type { StatusInfo, StatusPhase } from '../model/types';

export interface CheckOptions {
  /** The plan's file name (`0042-name.md`), for the `metadata` rule. */
  fileName?: string;
  /** The parsed `status.yaml` beside the plan, when there is one. */
  status?: StatusInfo;
  /** Per-rule setting: off, or a severity that replaces the default. */
  rules?: Record<string, RuleSetting>;
  /** The full text, when a rule needs to read raw lines (placeholders). */
  text?: string;
  /** Filled by checkPlan: where a rule stopped short of its full work to keep the cost bounded (see too-complex). */
  limits?: string[];
}

export interface RuleDoc {
  why: string;
  /** A plan (or fragment of one) that triggers the rule. */
  bad: string;
  /** The same plan, repaired: the rule stays quiet. */
  good: string;
  /** Options both examples are checked with (a status file, a file name). */
  options?: CheckOptions;
}

export type RawFinding = Omit<Finding, 'code' | 'severity'> & { severity?: Severity };

export interface Rule {
  code: string;
  severity: Severity;
  /** One line for the README's rule table. */
  description: string;
  doc: RuleDoc;
  check(model: PlanModel, options: CheckOptions): RawFinding[];
}
