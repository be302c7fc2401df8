// Phase 3 metrics (DUST-SPEC.md "Phase 3"). For each held-out problem a repeat holds the
// pass/fail of its n generated candidates and the judge's ranking of them (null when the
// judgment was malformed). Conventions, stated once:
//   - NDCG of a valid ranking uses 2^rel − 1 gains; a group whose labels are all equal scores
//     1.0 (the authors' code), whatever the order.
//   - A malformed ranking, with malformed = "zero" (default): NDCG 0 and its Best-of-k pick
//     fails; with "first": it is read as the identity order 1, 2, …, n.
//   - random pick is the exact expected value of choosing uniformly: the mean of the labels.
//   - Over R repeats: mean, population std (numpy's default, as the authors' sweep) and
//     standard error = sample std (R − 1) / √R (0 with a single repeat).
import { parseRanking } from './parse-ranking';
import { ndcg } from './rewards';

/**
 * Unbiased pass@k (Chen et al.): 1 − C(n−c, k)/C(n, k), as a stable product
 * 1 − Π_{i=n−c+1..n} (1 − k/i).
 */
export function passAtK(n: number, c: number, k: number): number {
  if (!Number.isInteger(n) || !Number.isInteger(c) || !Number.isInteger(k) || n < 1 || c < 0 || c > n || k < 1) {
    throw new RangeError(`pass@k needs integers n ≥ 1, 0 ≤ c ≤ n, k ≥ 1; got n=${n}, c=${c}, k=${k}`);
  }
  if (k > n) throw new RangeError(`pass@${k} needs at least ${k} samples per problem, got n=${n}`);
  if (n - c < k) return 1;
  let miss = 1;
  for (let i = n - c + 1; i <= n; i++) miss *= 1 - k / i;
  return 1 - miss;
}

export type MalformedRule = 'zero' | 'first';

/** How a run counted the cases NDCG and Best-of-k leave open; recorded in eval.json. */
export interface EvalRules {
  /** The run's eval.malformed: "zero" (NDCG 0, its pick fails) or "first" (read as the order 1, 2, …, n). */
  malformed: MalformedRule;
  /** NDCG of a valid ranking of a group whose candidates all pass or all fail (1: the authors' convention). */
  allEqualNdcg: number;
  /** NDCG of a malformed ranking of such a group, under `malformed`. */
  allEqualMalformedNdcg: number;
}

export interface EvalItem {
  problemId: string;
  /** 1 = the candidate passes every test, 0 = it does not; one per candidate, candidate 1 first. */
  labels: number[];
  /** The judge's ranking (1-based, best first), or null when malformed. */
  ranking: number[] | null;
  /** Not judged: the judgment prompt did not fit the judge's context (ranking null). */
  unjudged?: true;
}

/** An evaluation item from the candidates' pass/fail and the judge's raw response (null: not judged → malformed). */
export function judgedItem(problemId: string, passes: readonly boolean[], judgment: string | null): EvalItem {
  const parsed = judgment === null ? null : parseRanking(judgment, passes.length);
  return { problemId, labels: passes.map((p) => (p ? 1 : 0)), ranking: parsed?.valid ? parsed.ranking : null, ...(judgment === null ? { unjudged: true as const } : {}) };
}

function checkItem(it: EvalItem): void {
  if (it.labels.length === 0) throw new RangeError(`eval: problem "${it.problemId}" has no candidates`);
  if (it.labels.some((y) => y !== 0 && y !== 1)) throw new RangeError(`eval: problem "${it.problemId}": labels must be 1 (passes) or 0, got [${it.labels.join(', ')}]`);
}

const identity = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

/** NDCG of a judgment for evaluation, with the conventions above. */
export function evalNdcg(ranking: readonly number[] | null, labels: readonly number[], malformed: MalformedRule = 'zero'): number {
  if (ranking === null) {
    if (malformed === 'zero') return 0;
    ranking = identity(labels.length);
  }
  if (labels.every((y) => y === labels[0])) return 1;
  return ndcg(ranking, labels);
}

/** The rules for `malformed`, read off evalNdcg itself (so they cannot drift from what is applied). */
export function evalRules(malformed: MalformedRule): EvalRules {
  const equal = [1, 1, 1, 1];
  return { malformed, allEqualNdcg: evalNdcg([4, 3, 2, 1], equal, malformed), allEqualMalformedNdcg: evalNdcg(null, equal, malformed) };
}

const MALFORMED_WORDS: Record<MalformedRule, (k: number) => string> = {
  zero: (k) => `scores NDCG 0 and its Best-of-${k} pick fails`,
  first: (k) => `is read as the order 1, 2, …, ${k}: NDCG of that order, and candidate 1 is its Best-of-${k} pick`,
};

/** The rules in plain words, for the reports' notes (k = candidates per problem). */
export function describeEvalRules(rules: EvalRules, k: number): string {
  return (
    `A group whose candidates all pass or all fail scores NDCG ${rules.allEqualNdcg} for any valid ranking (the authors' convention). ` +
    `A malformed ranking (unparseable, or not judged because the prompt did not fit) ${MALFORMED_WORDS[rules.malformed](k)} (eval.malformed = "${rules.malformed}"); ` +
    `in an all-equal group it scores NDCG ${rules.allEqualMalformedNdcg}.`
  );
}

/** Whether the candidate the judge puts first passes (Best-of-k for one problem). */
export function bestOfKHit(ranking: readonly number[] | null, labels: readonly number[], malformed: MalformedRule = 'zero'): number {
  if (ranking === null && malformed === 'zero') return 0;
  const top = ranking === null ? 1 : ranking[0]!;
  if (!(top >= 1 && top <= labels.length)) throw new RangeError(`eval: ranking names candidate ${top} of ${labels.length}`);
  return labels[top - 1] === 1 ? 1 : 0;
}

/** Some candidate passes. */
export const oracleHit = (labels: readonly number[]): number => (labels.some((y) => y === 1) ? 1 : 0);

/** Expected success of a uniform random pick: the mean of the labels (exact). */
export const randomPick = (labels: readonly number[]): number => labels.reduce((a, b) => a + b, 0) / labels.length;

export const METRICS = ['pass1', 'ndcg', 'bestOfK', 'oracle', 'random', 'malformed'] as const;
export type MetricName = (typeof METRICS)[number];

/**
 * One repeat's metrics, each a fraction in [0, 1], averaged over problems; `unjudged` (only
 * when > 0) counts the problems whose judgment prompt did not fit the judge's context;
 * `malformedRule` is the rule the repeat was scored with (absent in older eval.json).
 */
export type RepeatMetrics = Record<MetricName, number> & { problems: number; unjudged?: number; malformedRule?: MalformedRule };

export function repeatMetrics(items: readonly EvalItem[], malformed: MalformedRule = 'zero'): RepeatMetrics {
  if (items.length === 0) throw new RangeError('eval: no problems in this repeat');
  const sum: Record<MetricName, number> = { pass1: 0, ndcg: 0, bestOfK: 0, oracle: 0, random: 0, malformed: 0 };
  for (const it of items) {
    checkItem(it);
    const n = it.labels.length;
    const c = it.labels.filter((y) => y === 1).length;
    sum.pass1 += passAtK(n, c, 1);
    sum.ndcg += evalNdcg(it.ranking, it.labels, malformed);
    sum.bestOfK += bestOfKHit(it.ranking, it.labels, malformed);
    sum.oracle += oracleHit(it.labels);
    sum.random += randomPick(it.labels);
    sum.malformed += it.ranking === null ? 1 : 0;
  }
  const m = Object.fromEntries(METRICS.map((k) => [k, sum[k] / items.length])) as Record<MetricName, number>;
  const unjudged = items.filter((it) => it.unjudged).length;
  return { ...m, problems: items.length, ...(unjudged ? { unjudged } : {}), malformedRule: malformed };
}

export interface Summary {
  mean: number;
  /** Population standard deviation over repeats. */
  std: number;
  /** Standard error of the mean: sample std (R − 1 in the denominator) / √R; 0 when R = 1. */
  stderr: number;
  n: number;
}

export function summarize(values: readonly number[]): Summary {
  const n = values.length;
  if (n === 0) throw new RangeError('summarize: no values');
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const squares = values.reduce((a, v) => a + (v - mean) ** 2, 0);
  const std = Math.sqrt(squares / n);
  // the population std underestimates the spread of a small sample: the standard error uses n − 1
  const stderr = n > 1 ? Math.sqrt(squares / (n - 1)) / Math.sqrt(n) : 0;
  return { mean, std, stderr, n };
}

export function summarizeRepeats(repeats: readonly RepeatMetrics[]): Record<MetricName, Summary> {
  return Object.fromEntries(METRICS.map((k) => [k, summarize(repeats.map((r) => r[k]))])) as Record<MetricName, Summary>;
}
