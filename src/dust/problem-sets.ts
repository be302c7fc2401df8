// Problem sets a config can name without a file: the built-in set and the toy family. Both
// carry their own train / eval split in each problem's `split` field and need no network.
import { loadBuiltinProblems } from '../problems/builtin';
import type { ProblemSet } from '../problems/schema';
import { toyProblemSet } from '../toy/generate';

export const NAMED_PROBLEM_SETS = ['builtin', 'toy'] as const;
export type NamedProblemSet = (typeof NAMED_PROBLEM_SETS)[number];

export function isNamedProblemSet(name: string): name is NamedProblemSet {
  return (NAMED_PROBLEM_SETS as readonly string[]).includes(name);
}

/** The named set's problems (fresh copies). The toy set's test cases are seeded with 0 whatever the run's seed, so every run sees the same problems. */
export function namedProblemSet(name: NamedProblemSet): ProblemSet {
  return name === 'builtin' ? loadBuiltinProblems() : toyProblemSet({ seed: 0, split: 'all' });
}
