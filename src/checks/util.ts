// Small helpers shared by the rules.
import type { Phase, PlanModel, Position, Range } from '../model/types';

export const pos = (line: number, character = 0): Position => ({ line, character });
export const at = (p: Position): Range => ({ start: p, end: p });

/** `Phase 2a` as a user writes it. */
export const phaseName = (id: string) => `Phase ${id}`;

export { phaseById } from '../model/phaseGraph';

/** Lines of the text (without line ends). */
export function linesOf(text: string): string[] {
  return text.split(/\r?\n/);
}

/** Where to insert a new block after `line` (0-based, the last line of something): the start of the next line. */
export function insertAfterLine(model: PlanModel, line: number): { position: Position; prefix: string } {
  if (line + 1 >= model.lineCount) return { position: pos(line, Number.MAX_SAFE_INTEGER), prefix: '\n\n' };
  return { position: pos(line + 1, 0), prefix: '\n' };
}

export function levenshtein(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0];
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j];
      dp[j] = Math.min(dp[j] + 1, dp[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length];
}

/** The existing phase id closest to `id`: same number first, then the smallest edit distance. */
export function nearestPhase(id: string, ids: string[]): string | undefined {
  if (!ids.length) return undefined;
  const num = parseFloat(id);
  const sameNumber = ids.filter((x) => parseFloat(x) === num);
  const pool = sameNumber.length ? sameNumber : ids;
  let best = pool[0];
  let bestScore = Infinity;
  for (const x of pool) {
    const score = levenshtein(id, x) * 10 + Math.abs(parseFloat(x) - num || 0);
    if (score < bestScore) {
      best = x;
      bestScore = score;
    }
  }
  return best;
}
