// The built-in problem set: every problem has the schema's shape and enough tests, every
// reference solution passes its tests, and every buggy solution is caught by them.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { builtinSplit, loadBuiltinProblems } from '../../src/problems/builtin';
import type { CallTests, Problem } from '../../src/problems/schema';
import { SandboxPool } from '../../src/sandbox/pool';

const set = loadBuiltinProblems();
const problems = set.problems;

describe('built-in problem set: shape', () => {
  test('has at least 150 problems with unique ids', () => {
    expect(problems.length).toBeGreaterThanOrEqual(150);
    const ids = problems.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  test.each(problems.map((p) => [p.id, p] as const))('%s is well formed', (_id, p) => {
    expect(p.id).toMatch(/^dust\/[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(p.title.trim().length).toBeGreaterThan(0);
    expect(p.statement.trim().length).toBeGreaterThan(20);
    expect(['easy', 'medium', 'hard']).toContain(p.difficulty);
    expect(['train', 'eval']).toContain(p.split);
    expect(p.source).toBe('dust-builtin');
    expect(p.tags?.length).toBeGreaterThan(0);
    expect(p.tests.kind).toBe('call');
    const t = p.tests as CallTests;
    // The statement names the function the harness calls, and the starter declares it.
    expect(p.statement).toContain(t.entry);
    expect(p.starter).toMatch(new RegExp(`^function ${t.entry}\\(.*\\) \\{$`));
    expect(t.cases.length).toBeGreaterThanOrEqual(6);
    for (const c of t.cases) expect(Array.isArray(c.args)).toBe(true);
    expect(p.reference?.startsWith(p.starter!)).toBe(true);
    expect(p.buggy?.length).toBeGreaterThanOrEqual(1);
    expect(new Set([p.reference, ...p.buggy!]).size).toBe(p.buggy!.length + 1);
  });

  test('each load returns independent copies', () => {
    const a = loadBuiltinProblems().problems[0]!;
    (a.tests as CallTests).cases.length = 0;
    a.title = 'changed';
    const b = loadBuiltinProblems().problems[0]!;
    expect(b.title).not.toBe('changed');
    expect((b.tests as CallTests).cases.length).toBeGreaterThanOrEqual(6);
  });

  test('split: about 120 train and 30+ eval, eval spread over difficulties and topics', () => {
    const { train, eval: held } = builtinSplit();
    expect(train.length + held.length).toBe(problems.length);
    expect(held.length).toBeGreaterThanOrEqual(30);
    expect(train.length).toBeGreaterThanOrEqual(115);
    for (const d of ['easy', 'medium', 'hard']) expect(held.filter((p) => p.difficulty === d).length).toBeGreaterThanOrEqual(5);
    const topicsOf = (ps: Problem[]) => new Set(ps.map((p) => p.tags![0]));
    expect(topicsOf(held)).toEqual(topicsOf(problems));
  });
});

// Solutions run in the real QuickJS sandbox, the same harness that labels model samples.
describe('built-in problem set: solutions in the QuickJS sandbox', () => {
  let pool: SandboxPool;
  beforeAll(async () => {
    pool = await SandboxPool.create({ workers: 2, limits: { timeoutMs: 2000, memoryBytes: 64 << 20 } });
  });
  afterAll(async () => {
    await pool?.close();
  });

  test('every reference passes and every buggy solution fails', async () => {
    const jobs = problems.flatMap((p) => [p.reference!, ...p.buggy!].map((code, k) => ({ problem: p, code, k })));
    const results = await pool.runMany(jobs.map(({ problem, code }) => ({ problem, code })));
    const wrong: string[] = [];
    results.forEach((r, i) => {
      const { problem, k } = jobs[i]!;
      if (k === 0 && r.status !== 'pass') wrong.push(`${problem.id} reference: ${r.status} ${JSON.stringify(r.failure)}`);
      if (k > 0 && r.status === 'pass') wrong.push(`${problem.id} buggy #${k - 1} passed`);
      // A buggy solution must be caught by a wrong answer or a runtime error, not by the
      // limits, and must be a program that parses (a syntax error teaches nothing).
      if (k > 0 && (r.status === 'timeout' || r.status === 'memory')) wrong.push(`${problem.id} buggy #${k - 1}: ${r.status}`);
      if (k > 0 && /SyntaxError/.test(r.failure?.message ?? '')) wrong.push(`${problem.id} buggy #${k - 1}: ${r.failure!.message}`);
    });
    expect(wrong).toEqual([]);
    expect(results.filter((r) => r.status === 'pass').length).toBe(problems.length);
  });
});
