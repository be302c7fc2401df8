// The toy task family: every template's parameter settings turned into Problems (the project's
// schema, call tests), with their correct and buggy solutions. Expected outputs come from each
// template's TypeScript reference, never from running a solution.
import type { CallCase, Problem, ProblemSet } from '../problems/schema';
import { createRng, deriveSeed } from '../dust/rng';
import type { Solution, ToyInstance, ToyTemplate } from './template';
import { ARRAY_TEMPLATES } from './templates/arrays';
import { NUMBER_TEMPLATES } from './templates/numbers';
import { STRING_TEMPLATES } from './templates/strings';

export type { BugKind, Solution, ToyTemplate } from './template';

export const TOY_TEMPLATES: readonly ToyTemplate[] = [...ARRAY_TEMPLATES, ...STRING_TEMPLATES, ...NUMBER_TEMPLATES];

export type ToySplit = 'train' | 'eval';

export interface ToyProblem {
  /** The problem as the sandbox and the pipeline see it (reference = first correct solution, buggy = all buggy ones). */
  problem: Problem;
  family: string;
  key: string;
  split: ToySplit;
  correct: Solution[];
  buggy: Solution[];
}

export interface ToyProblemOptions {
  /** Seeds the random test cases (default 0). The split never depends on it. */
  seed?: number;
  /** Which problems (default 'all'). */
  split?: ToySplit | 'all';
}

/** Share of each training family's parameter settings held out for eval (by a fixed hash). */
export const HELD_OUT_INSTANCE_FRACTION = 0.2;

/**
 * Held-out families are all eval; in the others a fixed hash of (family, key) holds out ~20%
 * of parameter settings, so eval has unseen templates and unseen parameters of seen ones.
 */
export function toySplit(template: Pick<ToyTemplate, 'family' | 'heldOut'>, key: string): ToySplit {
  if (template.heldOut) return 'eval';
  return deriveSeed(0, 'toy-split', template.family, key) / 2 ** 32 < HELD_OUT_INSTANCE_FRACTION ? 'eval' : 'train';
}

/** Buggy variants: every rule applied to every correct solution it fits, plus the extra ones; duplicates dropped. */
export function buggyVariants(inst: Pick<ToyInstance, 'correct' | 'rules' | 'extraBuggy'>): Solution[] {
  const seen = new Set(inst.correct.map((s) => s.code));
  const out: Solution[] = [];
  const add = (s: Solution) => {
    if (seen.has(s.code)) return;
    seen.add(s.code);
    out.push(s);
  };
  for (const rule of inst.rules) {
    for (const sol of inst.correct) {
      if (!sol.code.includes(rule.from)) continue;
      const code = rule.all ? sol.code.replaceAll(rule.from, rule.to) : sol.code.replace(rule.from, rule.to);
      add({ code, bug: rule.bug });
    }
  }
  for (const s of inst.extraBuggy ?? []) add(s);
  return out;
}

function makeCases(inst: ToyInstance, seed: number, id: string): CallCase[] {
  const rng = createRng(deriveSeed(seed, 'toy-cases', id));
  const seen = new Set<string>();
  const cases: CallCase[] = [];
  for (const args of inst.cases(rng)) {
    const k = JSON.stringify(args);
    if (seen.has(k)) continue;
    seen.add(k);
    cases.push({ args, expected: inst.reference(args) });
  }
  return cases;
}

export function toyProblem(template: ToyTemplate, inst: ToyInstance, seed = 0): ToyProblem {
  const id = `toy/${template.family}/${inst.key}`;
  const split = toySplit(template, inst.key);
  const buggy = buggyVariants(inst);
  const problem: Problem = {
    id,
    title: `${template.title} (${inst.key})`,
    statement: inst.statement,
    difficulty: 'easy',
    starter: `function ${inst.entry}(${inst.args}) {`,
    tests: { kind: 'call', entry: inst.entry, cases: makeCases(inst, seed, id) },
    reference: inst.correct[0]!.code,
    buggy: buggy.map((b) => b.code),
    tags: ['toy', template.family],
    source: 'dust-toy (generated, Apache-2.0)',
    split,
  };
  return { problem, family: template.family, key: inst.key, split, correct: inst.correct, buggy };
}

/** All toy problems, in template order, deterministic for a seed. */
export function toyProblems(opts: ToyProblemOptions = {}): ToyProblem[] {
  const want = opts.split ?? 'all';
  const out: ToyProblem[] = [];
  for (const t of TOY_TEMPLATES) {
    for (const inst of t.instances) {
      if (want !== 'all' && toySplit(t, inst.key) !== want) continue;
      out.push(toyProblem(t, inst, opts.seed ?? 0));
    }
  }
  return out;
}

/**
 * The problems as a set, families interleaved (the first setting of every family, then the
 * second, …), so a config that takes the first N train or eval problems (maxTrainProblems,
 * maxEvalProblems) covers every family instead of N settings of the first one. The held-out
 * families come last: the first 45 eval problems are unseen settings of trained families
 * (what the toy model can be measured on), the remaining 76 the 4 families it never saw.
 */
export function toyProblemSet(opts: ToyProblemOptions = {}): ProblemSet {
  const heldOut = new Set(TOY_TEMPLATES.filter((t) => t.heldOut).map((t) => t.family));
  const interleave = (ps: ToyProblem[]): ToyProblem[] => {
    const byFamily = new Map<string, ToyProblem[]>();
    for (const p of ps) {
      if (!byFamily.has(p.family)) byFamily.set(p.family, []);
      byFamily.get(p.family)!.push(p);
    }
    const lists = [...byFamily.values()];
    const out: ToyProblem[] = [];
    for (let i = 0; out.length < ps.length; i++) for (const l of lists) if (i < l.length) out.push(l[i]!);
    return out;
  };
  const all = toyProblems(opts);
  const problems = [...interleave(all.filter((p) => !heldOut.has(p.family))), ...interleave(all.filter((p) => heldOut.has(p.family)))].map((p) => p.problem);
  return { name: `dust-toy/${opts.split ?? 'all'}`, version: '1', license: 'Apache-2.0', problems };
}
