// Rules on what the plan says: placeholders left from the template, risk levels, metadata values.
import type { Rule, RawFinding } from './types';
import type { PlanModel } from '../model/types';
import { getPreset, PLACEHOLDER, PRESET_IDS } from '../model/presets';
import { linesOf } from './util';

let allPlaceholders: Set<string> | undefined;
/** Placeholders of every preset's template: a plan started from one template may be checked under another. */
function placeholders(): Set<string> {
  allPlaceholders ??= new Set(PRESET_IDS.flatMap((id) => getPreset(id).placeholders));
  return allPlaceholders;
}

function codeLines(model: PlanModel, exceptJson: boolean): Set<number> {
  const out = new Set<number>();
  const json = model.phasesJson?.range;
  for (const b of model.codeBlocks) {
    if (exceptJson && json && b.range.start.line === json.start.line) continue;
    for (let l = b.range.start.line; l <= b.range.end.line; l++) out.add(l);
  }
  return out;
}

const placeholder: Rule = {
  code: 'placeholder',
  severity: 'warning',
  description: "Text still equal to a placeholder of the template (`[Title]`, `[YYYY-MM-DD]`, …).",
  doc: {
    why: 'A placeholder left in the plan is a question nobody answered yet.',
    bad: '# Plan: [Title]\n\n### Phase 1: [Descriptive Name]\n**Dependencies**: None\n',
    good: '# Plan: Faster start-up\n\n### Phase 1: Measure start-up\n**Dependencies**: None\n',
  },
  check(model, options) {
    if (!options.text) return [];
    const known = placeholders();
    const skip = codeLines(model, true);
    const out: RawFinding[] = [];
    linesOf(options.text).forEach((line, l) => {
      if (skip.has(l) || !line.includes('[')) return;
      PLACEHOLDER.lastIndex = 0;
      for (let m = PLACEHOLDER.exec(line); m; m = PLACEHOLDER.exec(line)) {
        if (!known.has(m[0])) continue;
        out.push({
          message: `Placeholder "${m[0]}" is still in the plan; replace it with the real ${describe(m[1])}`,
          range: { start: { line: l, character: m.index }, end: { line: l, character: m.index + m[0].length } },
        });
      }
    });
    return out;
  },
};

function describe(inner: string): string {
  if (/yyyy|date/i.test(inner)) return 'date';
  if (/title|name/i.test(inner)) return 'name';
  if (/link/i.test(inner)) return 'link';
  return 'text';
}

const LEVEL = /^(very\s+)?(low|medium|med|high|l|m|h)\b/i;

const riskLevel: Rule = {
  code: 'risk-level',
  severity: 'warning',
  description: 'A risk table\'s Probability or Impact is not Low / Medium / High (or L / M / H).',
  doc: {
    why: 'Risks are compared and sorted by these levels; free text cannot be compared.',
    bad: '# Plan: X\n\n## Risk Analysis\n| Risk | Probability | Impact | Mitigation |\n|---|---|---|---|\n| Slow parse | Sometimes | Big | Cache |\n',
    good: '# Plan: X\n\n## Risk Analysis\n| Risk | Probability | Impact | Mitigation |\n|---|---|---|---|\n| Slow parse | Medium | High | Cache |\n',
  },
  check(model, options) {
    const out: RawFinding[] = [];
    const lines = options.text !== undefined && model.risks.length ? linesOf(options.text) : undefined;
    for (const r of model.risks) {
      for (const [name, cell] of [['Probability', r.probability], ['Impact', r.impact]] as const) {
        if (!cell) continue;
        const t = cell.text.trim();
        if (t === '' || /^(n\/a|-|—|–|…|\.\.\.|tbd)$/i.test(t) || /^\[.*\]$/.test(t) || /^l\/m\/h$/i.test(t)) continue;
        // `Low-Medium`, `Very Low`, `Med` and `H — why` start with a level.
        if (LEVEL.test(t)) continue;
        // On the word itself, not on the cell's `|` and padding.
        let range = cell.range;
        const line = lines && cell.range.start.line === cell.range.end.line ? lines[cell.range.start.line] : undefined;
        const at = line ? line.indexOf(t, cell.range.start.character) : -1;
        if (at >= 0 && at + t.length <= cell.range.end.character) range = { start: { line: cell.range.start.line, character: at }, end: { line: cell.range.start.line, character: at + t.length } };
        out.push({ message: `${name} "${t}" is not a level; use Low, Medium or High (or L, M, H)`, range });
      }
    }
    return out;
  },
};

const DATE = /^\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

const metadata: Rule = {
  code: 'metadata',
  severity: 'warning',
  description: 'A metadata date that is not a date (YYYY-MM-DD), or an ID that does not match the file name.',
  doc: {
    why: 'Tools sort and link plans by these fields; a wrong ID or date breaks the link between the plan, its spec and its file.',
    bad: '# Plan: X\n\n## Metadata\n- **ID**: 0042\n- **Created**: next Tuesday\n',
    good: '# Plan: X\n\n## Metadata\n- **ID**: 0007\n- **Created**: 2026-11-25\n',
    options: { fileName: '0007-faster-start.md' },
  },
  check(model, options) {
    const out: RawFinding[] = [];
    const fileNumber = options.fileName ? /^(\d+)[-_.]/.exec(options.fileName)?.[1] : undefined;
    for (const f of model.metadata) {
      const value = f.value.replace(/[*_`]/g, '').trim();
      if (!value || /^\[.*\]$/.test(value) || value.includes('[YYYY')) continue;
      if (/^(created|date|updated|last updated|approved|completed|started)$/i.test(f.key)) {
        const date = value.split(/\s+\(|,\s/)[0].trim();
        if (!DATE.test(date) || Number.isNaN(Date.parse(date.slice(0, 10)))) {
          out.push({ message: `${f.key} "${value}" is not a date; write it as YYYY-MM-DD`, range: f.valueRange });
        } else {
          const [y, m, d] = date.slice(0, 10).split('-').map(Number);
          const real = new Date(Date.UTC(y, m - 1, d));
          if (real.getUTCMonth() !== m - 1 || real.getUTCDate() !== d) out.push({ message: `${f.key} "${value}" is not a real date`, range: f.valueRange });
        }
      }
      if (/^(plan\s+)?id$/i.test(f.key) && fileNumber) {
        // The ID's own number: `0042`, `plan-0042-name`, or `plan-YYYY-MM-DD-42-name`; a slug's digits do not count.
        const own = /^(?:plan[-_ ]?)?(?:\d{4}-\d{2}-\d{2}[-_])?(?!\d{4}-\d{2}-\d{2}(?:[-_]|$))(\d+)(?:[-_ ]|$)/i.exec(value)?.[1];
        if (own !== undefined && Number(own) !== Number(fileNumber)) {
          out.push({ message: `ID "${value}" does not match the file name ${options.fileName} (number ${fileNumber})`, range: f.valueRange });
        }
      }
    }
    return out;
  },
};

export const contentRules: Rule[] = [placeholder, riskLevel, metadata];
