// The SFT baseline's target for a group: a correct ranking, i.e. candidates by label from
// best to worst. Ties keep their original order (candidate 1 before candidate 3), so the
// target is deterministic; with binary labels this is "correct candidates first".
import { formatRanking } from './parse-ranking';

/** 1-based candidate numbers, best first (stable: ties in original order). */
export function correctRanking(labels: readonly number[]): number[] {
  if (labels.length === 0) throw new RangeError('correctRanking: labels are empty');
  return labels
    .map((y, i) => ({ y, c: i + 1 }))
    .sort((a, b) => b.y - a.y || a.c - b.c)
    .map((e) => e.c);
}

/** The judgment response text to train on, e.g. "2, 4, 1, 3". */
export function sftTargetText(labels: readonly number[]): string {
  return formatRanking(correctRanking(labels));
}
