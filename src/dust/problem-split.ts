// The run's train / eval problems from a problem set, as the config's `problems` section
// says: "field" uses each problem's `split` (the built-in set carries one), "hash" puts a
// problem in eval when a seeded hash of its id falls below evalFraction, so the split of a
// problem never changes when others are added or removed.
import type { Problem } from '../problems/schema';
import type { RunConfig } from './config';
import { deriveSeed } from './rng';

export function splitProblems(problems: readonly Problem[], cfg: Pick<RunConfig, 'problems' | 'seed'>): { train: Problem[]; eval: Problem[] } {
  const { split, evalFraction, maxTrainProblems, maxEvalProblems } = cfg.problems;
  const isEval =
    split === 'field'
      ? (p: Problem) => p.split === 'eval'
      : (p: Problem) => deriveSeed(cfg.seed, 'problem-split', p.id) / 2 ** 32 < evalFraction;
  const train = problems.filter((p) => !isEval(p));
  const evalSet = problems.filter(isEval);
  if (split === 'field' && evalSet.length === 0) throw new RangeError('problems.split is "field" but no problem is marked "split": "eval": set problems.split to "hash" to hold out a seeded share');
  if (train.length === 0) throw new RangeError('the split leaves no training problems: lower problems.evalFraction or mark problems "split": "train"');
  return { train: maxTrainProblems ? train.slice(0, maxTrainProblems) : train, eval: maxEvalProblems ? evalSet.slice(0, maxEvalProblems) : evalSet };
}
