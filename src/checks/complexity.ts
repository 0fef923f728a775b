// too-complex: a plan shaped so that a full reading or check would cost far more than its size (lines nested
// thousands deep, "All previous phases" on thousands of phases, maps of millions of paths) is read and checked
// within fixed budgets; what was cut short is said once, as information, instead of freezing the editor.
import type { Rule } from './types';

export const tooComplex: Rule = {
  code: 'too-complex',
  severity: 'information',
  description: 'Part of the plan was too complex to read or check in full; what was cut short is listed.',
  doc: {
    why: 'Checking stays fast on any file: nesting, expansions and path searches have fixed budgets. Past one, the checks still run on what was read, and this note says where they stopped, so that a missing warning is not taken for a clean bill. A file whose whole check passes the time or memory limit of `plan-author check` (`--time-limit`, `--max-memory`) is not checked at all, and this note says so.',
    bad: `# Plan: X\n\n### Phase 1: A\n**Dependencies**: None\n\n${'> '.repeat(33)}a quote nested 33 deep\n`,
    good: '# Plan: X\n\n### Phase 1: A\n**Dependencies**: None\n\n> > a quote nested twice\n',
  },
  check(model, options) {
    const notes = [...new Set([...(model.limits ?? []), ...(options.limits ?? [])])];
    if (!notes.length) return [];
    const at = model.title?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    return [{ message: `This plan was checked only in part: ${notes.join('; ')}`, range: at }];
  },
};
