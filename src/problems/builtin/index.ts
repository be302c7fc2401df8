// The built-in problem set: original JavaScript problems (MBPP-like difficulty) written
// for this project, one JSON ProblemSet per topic. Imported statically so the same code
// loads them in Vite, Vitest and the tsx CLI. Composition and split: ./README.md.
import type { Problem, ProblemSet } from '../schema';
import arrays from './arrays.json';
import strings from './strings.json';
import math from './math.json';
import objects from './objects.json';
import sorting from './sorting.json';
import dp from './dp.json';
import recursion from './recursion.json';
import parsing from './parsing.json';
import matrices from './matrices.json';
import sets from './sets.json';
import bits from './bits.json';

// JSON imports are typed by their literal shape (difficulty: string, ...); the files are
// checked against the schema by test/unit/builtin-problems.test.ts.
const topics = [arrays, strings, math, objects, sorting, dp, recursion, parsing, matrices, sets, bits] as unknown as ProblemSet[];

/**
 * Every built-in problem, topic by topic, in a stable order. Each call returns fresh copies
 * (about 200 small objects), so a caller that edits problems cannot change them for others.
 */
export function loadBuiltinProblems(): ProblemSet {
  return {
    name: 'dust-builtin',
    version: '1',
    license: 'Apache-2.0',
    problems: topics.flatMap((t) => t.problems.map((p) => structuredClone(p))),
  };
}

/** The fixed train / held-out eval split recorded in each problem's `split` field. */
export function builtinSplit(): { train: Problem[]; eval: Problem[] } {
  const all = loadBuiltinProblems().problems;
  return { train: all.filter((p) => p.split !== 'eval'), eval: all.filter((p) => p.split === 'eval') };
}
