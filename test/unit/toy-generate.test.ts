// The toy task family without running anything: shape of the problems, the split, determinism,
// sizes a character-level tiny model can write. (Labels are checked in toy-sandbox.test.ts.)
import { describe, expect, test } from 'vitest';
import type { CallTests } from '../../src/problems/schema';
import { validateProblem } from '../../src/problems/validate';
import { buggyVariants, TOY_TEMPLATES, toyProblems, toyProblemSet, type BugKind } from '../../src/toy/generate';

const all = toyProblems();
const cases = (p: (typeof all)[number]) => (p.problem.tests as CallTests).cases;

test('at least 12 templates, each with parameter settings, unique problem ids', () => {
  expect(TOY_TEMPLATES.length).toBeGreaterThanOrEqual(12);
  for (const t of TOY_TEMPLATES) expect(t.instances.length, t.family).toBeGreaterThan(0);
  expect(new Set(all.map((p) => p.problem.id)).size).toBe(all.length);
});

test('every problem is valid under the project schema, with ≥ 6 call cases and JSON-exact expected values', () => {
  for (const p of all) {
    expect(() => validateProblem(p.problem), p.problem.id).not.toThrow();
    expect(p.problem.tests.kind).toBe('call');
    expect(cases(p).length, p.problem.id).toBeGreaterThanOrEqual(6);
    for (const c of cases(p)) expect(JSON.parse(JSON.stringify(c)), p.problem.id).toEqual(c);
  }
});

test('short statements and programs, several correct styles and several bugs per problem', () => {
  for (const p of all) {
    const id = p.problem.id;
    expect(p.problem.statement.length, id).toBeLessThanOrEqual(150);
    expect(p.problem.statement.startsWith(`Write a function ${(p.problem.tests as CallTests).entry}(`), id).toBe(true);
    expect(p.correct.length, id).toBeGreaterThanOrEqual(2);
    expect(new Set(p.correct.map((s) => s.style)).size, id).toBe(p.correct.length);
    expect(p.buggy.length, id).toBeGreaterThanOrEqual(2);
    for (const s of [...p.correct, ...p.buggy]) {
      expect(s.code.length, `${id}\n${s.code}`).toBeLessThanOrEqual(250);
      expect(s.code.startsWith(p.problem.starter!), id).toBe(true);
    }
    expect(p.problem.reference).toBe(p.correct[0]!.code);
    expect(p.problem.buggy).toEqual(p.buggy.map((b) => b.code));
  }
  const kinds = new Set(all.flatMap((p) => p.buggy.map((b) => b.bug)));
  expect([...kinds].sort()).toEqual((['comparison', 'edge-case', 'initial-value', 'off-by-one', 'operator'] satisfies BugKind[]).sort());
});

test('split: held-out families only in eval, held-out parameter settings in the other families', () => {
  const train = toyProblems({ split: 'train' });
  const evalSet = toyProblems({ split: 'eval' });
  expect(train.length + evalSet.length).toBe(all.length);
  expect(train.some((p) => evalSet.some((q) => q.problem.id === p.problem.id))).toBe(false);
  const heldOut = TOY_TEMPLATES.filter((t) => t.heldOut).map((t) => t.family);
  expect(heldOut.length).toBeGreaterThanOrEqual(3);
  expect(train.some((p) => heldOut.includes(p.family))).toBe(false);
  for (const t of TOY_TEMPLATES.filter((t) => !t.heldOut)) expect(train.some((p) => p.family === t.family), t.family).toBe(true);
  const unseenSettings = evalSet.filter((p) => !heldOut.includes(p.family));
  expect(unseenSettings.length).toBeGreaterThanOrEqual(10);
  for (const p of [...train, ...evalSet]) expect(p.problem.split).toBe(p.split);
  // The split is a property of the problem, not of the seed.
  expect(toyProblems({ split: 'eval', seed: 7 }).map((p) => p.problem.id)).toEqual(evalSet.map((p) => p.problem.id));
});

test('deterministic from a seed; the seed changes random cases only', () => {
  expect(toyProblems({ seed: 3 })).toEqual(toyProblems({ seed: 3 }));
  const other = toyProblems({ seed: 4 });
  expect(other.map((p) => p.problem.statement)).toEqual(all.map((p) => p.problem.statement));
  const changed = other.filter((p, i) => JSON.stringify(cases(p)) !== JSON.stringify(cases(all[i]!)));
  expect(changed.length).toBeGreaterThan(all.length / 2);
});

test('buggy variants come from rules applied to correct solutions, never equal to a correct one', () => {
  const v = buggyVariants({
    correct: [{ code: 'let s = 0; return s;', style: 'a' }, { code: 'return 0;', style: 'b' }],
    rules: [{ bug: 'initial-value', from: 's = 0', to: 's = 1' }, { bug: 'operator', from: 'return 0', to: 'return 0' }],
  });
  expect(v).toEqual([{ code: 'let s = 1; return s;', bug: 'initial-value' }]);
});

describe('problem set export', () => {
  test('is a ProblemSet of the chosen split', () => {
    const set = toyProblemSet({ split: 'eval' });
    expect(set.name).toBe('dust-toy/eval');
    expect(set.problems.every((p) => p.split === 'eval')).toBe(true);
    expect(set.problems.map((p) => p.id).sort()).toEqual(toyProblems({ split: 'eval' }).map((p) => p.problem.id).sort());
  });

  test('families are interleaved, so the first problems of a split cover every family', () => {
    const train = toyProblemSet({ split: 'train' }).problems;
    const families = new Set(toyProblems({ split: 'train' }).map((p) => p.family));
    expect(new Set(train.slice(0, families.size).map((p) => p.id.split('/')[1]))).toEqual(families);
    // Eval: unseen settings of the trained families first, then the held-out families.
    const heldOut = new Set(TOY_TEMPLATES.filter((t) => t.heldOut).map((t) => t.family));
    const evalFamilies = toyProblemSet({ split: 'eval' }).problems.map((p) => p.id.split('/')[1]!);
    const firstFar = evalFamilies.findIndex((f) => heldOut.has(f));
    expect(firstFar).toBe(45);
    expect(evalFamilies.slice(firstFar).every((f) => heldOut.has(f))).toBe(true);
  });
});
