// Phase 1 after labelling: from every problem's labelled candidates to the judgment groups
// (DUST-SPEC.md steps 2 and 4–6, as the authors' 2_process_data.py and prepare_data.py do it):
//   - candidates with nothing extracted are dropped (paper: "drop failed extractions");
//   - problems whose remaining candidates all pass or all fail are dropped;
//   - the rest are cut, in sample order, into consecutive groups of K (a remainder of fewer
//     than K candidates is left out), and only mixed groups (some pass, some fail) are kept;
//   - optionally each kept group is shuffled with its own seeded stream;
//   - a seeded random share of the groups becomes the validation split.
// "Pass" is status "pass" (label 1) for binary and pass-rate labels alike.
import type { RunStatus } from '../sandbox/types';
import type { CandidateRecord, GroupRecord } from './dataset';
import { RUN_STATUSES } from './dataset';
import { createRng, deriveSeed } from './rng';

export interface GroupOptions {
  /** K. */
  groupSize: number;
  seed: number;
  shuffleWithinGroups: boolean;
  /** Share of groups held out (authors: 0.1): the first floor(n·(1 − f)) of a seeded shuffle train, the rest validate. */
  validationFraction: number;
  dropNoCode: boolean;
}

export interface DatasetStats {
  problems: number;
  candidates: number;
  droppedNoCode: number;
  droppedAllPass: number;
  droppedAllFail: number;
  /** Problems left after the all-pass / all-fail filter. */
  problemsKept: number;
  /** Problems with at least one mixed group. */
  problemsWithGroups: number;
  /** Chunks of K cut from the kept problems, mixed or not. */
  chunks: number;
  groups: number;
  trainGroups: number;
  valGroups: number;
  /** correctPerGroup[c] = groups with c passing candidates (index 0..K; only 1..K−1 can be non-zero). */
  correctPerGroup: number[];
  /** Share of groups with c correct, c = 0..K. */
  correctShare: number[];
  /** Problems by pass rate (passing / candidates after dropping no-code), 10 bins: [0, 0.1), …, [0.9, 1]. */
  passRateHistogram: number[];
  statusCounts: Record<RunStatus, number>;
}

function checkOptions(o: GroupOptions): void {
  if (!Number.isInteger(o.groupSize) || o.groupSize < 2) throw new RangeError(`groups: K (groupSize) must be an integer ≥ 2, got ${o.groupSize}`);
  if (!(o.validationFraction >= 0 && o.validationFraction < 1)) throw new RangeError(`groups: validationFraction must be in [0, 1), got ${o.validationFraction}`);
}

/** Candidates by problem in first-seen problem order, each problem's sorted by sample index. */
function byProblem(candidates: readonly CandidateRecord[]): Map<string, CandidateRecord[]> {
  const m = new Map<string, CandidateRecord[]>();
  for (const c of candidates) {
    const list = m.get(c.problem_id) ?? [];
    list.push(c);
    m.set(c.problem_id, list);
  }
  for (const [id, list] of m) {
    list.sort((a, b) => a.index - b.index);
    for (let i = 1; i < list.length; i++) if (list[i]!.index === list[i - 1]!.index) throw new RangeError(`groups: problem "${id}" has two candidates with index ${list[i]!.index}`);
  }
  return m;
}

const passes = (c: CandidateRecord) => c.status === 'pass';

/**
 * Whether K freshly sampled candidates (on-policy ranking) make a training group, by phase 1's
 * rules: mixed (some pass, some not), and with dropNoCode none whose program could not be
 * extracted (phase 1 drops those before grouping; here the K are fixed, so the group goes).
 */
export function isFreshGroup(candidates: readonly Pick<CandidateRecord, 'status' | 'code'>[], dropNoCode: boolean): boolean {
  if (dropNoCode && candidates.some((c) => c.status === 'no_code' || c.code === null)) return false;
  const pass = candidates.filter((c) => c.status === 'pass').length;
  return pass > 0 && pass < candidates.length;
}

export function buildGroups(
  candidates: readonly CandidateRecord[],
  questionOf: (problemId: string) => string,
  opts: GroupOptions,
): { groups: GroupRecord[]; stats: DatasetStats } {
  checkOptions(opts);
  const K = opts.groupSize;
  const statusCounts = Object.fromEntries(RUN_STATUSES.map((s) => [s, 0])) as Record<RunStatus, number>;
  for (const c of candidates) statusCounts[c.status]++;
  const stats: DatasetStats = {
    problems: 0,
    candidates: candidates.length,
    droppedNoCode: 0,
    droppedAllPass: 0,
    droppedAllFail: 0,
    problemsKept: 0,
    problemsWithGroups: 0,
    chunks: 0,
    groups: 0,
    trainGroups: 0,
    valGroups: 0,
    correctPerGroup: new Array<number>(K + 1).fill(0),
    correctShare: new Array<number>(K + 1).fill(0),
    passRateHistogram: new Array<number>(10).fill(0),
    statusCounts,
  };
  const groups: GroupRecord[] = [];
  for (const [problemId, all] of byProblem(candidates)) {
    stats.problems++;
    const usable = opts.dropNoCode ? all.filter((c) => c.status !== 'no_code' && c.code !== null) : all;
    stats.droppedNoCode += all.length - usable.length;
    if (usable.length === 0) continue;
    const nPass = usable.filter(passes).length;
    stats.passRateHistogram[Math.min(9, Math.floor((10 * nPass) / usable.length))]!++;
    if (nPass === usable.length) {
      stats.droppedAllPass++;
      continue;
    }
    if (nPass === 0) {
      stats.droppedAllFail++;
      continue;
    }
    stats.problemsKept++;
    let kept = 0;
    for (let g = 0; g + K <= usable.length; g += K) {
      stats.chunks++;
      let chunk = usable.slice(g, g + K);
      const correct = chunk.filter(passes).length;
      if (correct === 0 || correct === K) continue;
      kept++;
      stats.correctPerGroup[correct]!++;
      const n = g / K;
      if (opts.shuffleWithinGroups) chunk = createRng(deriveSeed(opts.seed, 'group-order', problemId, n)).shuffle(chunk);
      groups.push({
        id: `${problemId}#${n}`,
        problem_id: problemId,
        question: questionOf(problemId),
        split: 'train',
        candidates: chunk.map((c) => c.index),
        codes: chunk.map((c) => c.code ?? ''),
        labels: chunk.map((c) => c.label),
        statuses: chunk.map((c) => c.status),
      });
    }
    if (kept > 0) stats.problemsWithGroups++;
  }
  const nTrain = Math.floor(groups.length * (1 - opts.validationFraction));
  const order = createRng(deriveSeed(opts.seed, 'validation-split')).shuffle(groups.map((_, i) => i));
  for (const i of order.slice(nTrain)) groups[i]!.split = 'val';
  stats.groups = groups.length;
  stats.trainGroups = nTrain;
  stats.valGroups = groups.length - nTrain;
  stats.correctShare = stats.correctPerGroup.map((n) => (groups.length ? n / groups.length : 0));
  return { groups, stats };
}
