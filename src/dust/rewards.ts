// Rewards for one judgment response (DUST-SPEC.md "Rewards"), and the primal reward of a
// generated program for the generation-only GRPO baseline. Rankings are 1-based candidate
// numbers, best first, as the parser returns them; labels[i] belongs to candidate i + 1 and is
// 1/0 (binary, the paper) or a pass rate in [0, 1] (the authors' code).
import { parseRanking } from './parse-ranking';
import type { RunResult } from '../sandbox/types';

export const REWARD_MODES = ['pairacc', 'ndcg', 'selection'] as const;
export type RewardMode = (typeof REWARD_MODES)[number];

/** Reward of a malformed response (R_fmt). */
export const FORMAT_PENALTY = -1;

function checkRanking(ranking: readonly number[], labels: readonly number[]): void {
  const k = labels.length;
  if (k === 0) throw new RangeError('reward: labels are empty');
  for (const y of labels) if (!Number.isFinite(y) || y < 0 || y > 1) throw new RangeError(`reward: labels must be in [0, 1] (1/0 or pass rates), got ${y}`);
  const seen = new Set(ranking);
  if (ranking.length !== k || seen.size !== k || ranking.some((c) => !Number.isInteger(c) || c < 1 || c > k)) {
    throw new RangeError(`reward: ranking must be a permutation of 1..${k}, got [${ranking.join(', ')}]`);
  }
}

/** Fraction of pairs with y_i > y_j that the ranking orders i above j; 1 when no such pair. */
export function pairAcc(ranking: readonly number[], labels: readonly number[]): number {
  checkRanking(ranking, labels);
  const pos = new Array<number>(labels.length);
  ranking.forEach((c, p) => (pos[c - 1] = p));
  let pairs = 0;
  let right = 0;
  for (let i = 0; i < labels.length; i++) {
    for (let j = 0; j < labels.length; j++) {
      if (labels[i]! > labels[j]!) {
        pairs++;
        if (pos[i]! < pos[j]!) right++;
      }
    }
  }
  return pairs === 0 ? 1 : right / pairs;
}

function dcg(rels: readonly number[]): number {
  let s = 0;
  rels.forEach((rel, p) => (s += (2 ** rel - 1) / Math.log2(p + 2)));
  return s;
}

/** NDCG of the predicted order with gain 2^rel − 1; 1 when the ideal DCG is 0 (all labels 0). */
export function ndcg(ranking: readonly number[], labels: readonly number[]): number {
  checkRanking(ranking, labels);
  const ideal = dcg([...labels].sort((a, b) => b - a));
  if (ideal === 0) return 1;
  return dcg(ranking.map((c) => labels[c - 1]!)) / ideal;
}

/**
 * 1 if the top-ranked candidate is correct, else 0. Correct means it passes every test
 * (label 1, also for pass-rate labels), as the authors' grouping counts "correct".
 */
export function selection(ranking: readonly number[], labels: readonly number[]): number {
  checkRanking(ranking, labels);
  return labels[ranking[0]! - 1] === 1 ? 1 : 0;
}

export function rankingReward(mode: RewardMode, ranking: readonly number[], labels: readonly number[]): number {
  switch (mode) {
    case 'pairacc':
      return pairAcc(ranking, labels);
    case 'ndcg':
      return ndcg(ranking, labels);
    case 'selection':
      return selection(ranking, labels);
    default:
      throw new RangeError(`unknown reward mode "${String(mode)}": use one of ${REWARD_MODES.join(', ')}`);
  }
}

export interface JudgmentScore {
  valid: boolean;
  /** 1-based candidate numbers, best first; null when malformed. */
  ranking: number[] | null;
  reward: number;
}

/** Parse a judgment response for a group with these labels (K = labels.length) and score it. */
export function scoreJudgment(response: string, labels: readonly number[], mode: RewardMode = 'pairacc', formatPenalty = FORMAT_PENALTY): JudgmentScore {
  if (!(REWARD_MODES as readonly string[]).includes(mode)) throw new RangeError(`unknown reward mode "${String(mode)}": use one of ${REWARD_MODES.join(', ')}`);
  const parsed = parseRanking(response, labels.length);
  if (!parsed.valid) return { valid: false, ranking: null, reward: formatPenalty };
  return { valid: true, ranking: parsed.ranking, reward: rankingReward(mode, parsed.ranking, labels) };
}

/** Primal GRPO baseline: 1 if the generated program passes every test, else 0 (no_code scores 0). */
export function primalReward(result: Pick<RunResult, 'status'>): number {
  return result.status === 'pass' ? 1 : 0;
}
