// The streaming labeller over a real SandboxPool (QuickJS in worker_threads). The generator
// is a plain async iterator of canned responses: built-in reference solutions (correct) and
// their buggy variants, in fences, as a model would answer. ~3 s.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadBuiltinProblems } from '../../src/problems/builtin';
import type { Problem } from '../../src/problems/schema';
import { SandboxPool } from '../../src/sandbox/pool';
import { candidateLabel, labelAll, labelStream, type GeneratedResponse } from '../../src/dust/labelling';
import { buildGroups } from '../../src/dust/groups';
import { judgmentQuestion } from '../../src/dust/judgment-prompt';
import { buildJudgmentDataset, capTests } from '../../src/dust/build-dataset';
import { parseGroups, toJsonl } from '../../src/dust/dataset';
import { resolveConfig } from '../../src/dust/config';

const problems = loadBuiltinProblems().problems.filter((p) => p.reference && (p.buggy?.length ?? 0) >= 2).slice(0, 6);
const fenced = (code: string) => `Here is my solution.\n\n\`\`\`javascript\n${code}\n\`\`\`\n`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Per problem: reference, buggy 1, reference, buggy 2, prose without code (P F P F N). */
function canned(p: Problem): string[] {
  return [fenced(p.reference!), fenced(p.buggy![0]!), `<think>easy</think>\n${fenced(p.reference!)}`, fenced(p.buggy![1]!), 'I am not sure how to solve this.'];
}

async function* generator(delayMs: number, log?: string[]): AsyncGenerator<GeneratedResponse> {
  for (const p of problems) {
    for (const response of canned(p)) {
      if (delayMs) await sleep(delayMs);
      log?.push('gen');
      yield { problem: p, response };
    }
  }
  log?.push('gen-done');
}

let pool: SandboxPool;
beforeAll(async () => {
  pool = await SandboxPool.create({ workers: 2, limits: { timeoutMs: 2000, memoryBytes: 64 << 20 } });
});
afterAll(async () => {
  await pool?.close();
});

describe('labelStream', () => {
  test('labels every response in the sandbox: references pass, buggy fail, prose has no code', async () => {
    const { records, stats } = await labelAll(pool, generator(0));
    expect(stats).toMatchObject({ received: problems.length * 5, labelled: problems.length * 5, generatorWaits: 0 });
    expect(records.map((r) => r.problem_id)).toEqual(problems.flatMap((p) => Array(5).fill(p.id)));
    for (const p of problems) {
      const rs = records.filter((r) => r.problem_id === p.id);
      expect(rs.map((r) => r.index)).toEqual([0, 1, 2, 3, 4]);
      expect(rs.map((r) => r.status)).toEqual(['pass', expect.stringMatching(/fail|error/), 'pass', expect.stringMatching(/fail|error/), 'no_code']);
      expect(rs.map((r) => r.label)).toEqual([1, 0, 1, 0, 0]);
      expect(rs[0]!.code!.trim()).toBe(p.reference!.trim());
      expect(rs[4]!.code).toBeNull();
      expect(rs[0]!.tests_passed).toBe(rs[0]!.tests_total);
      expect(rs[0]!.tests_total).toBeGreaterThan(0);
      expect(rs[1]!.response).toBe(fenced(p.buggy![0]!));
    }
  });

  test('labelling overlaps generation: results arrive while the generator is still producing', async () => {
    const log: string[] = [];
    for await (const r of labelStream(pool, generator(15, log))) log.push(`label:${r.status}`);
    const genDone = log.indexOf('gen-done');
    const firstLabel = log.findIndex((e) => e.startsWith('label:'));
    expect(firstLabel).toBeGreaterThan(-1);
    expect(firstLabel).toBeLessThan(genDone);
    expect(log.filter((e) => e.startsWith('label:'))).toHaveLength(problems.length * 5);
  });

  test('bounded queue: with a slow consumer the generator pauses at maxPending', async () => {
    const stream = labelStream(pool, generator(0), { maxPending: 3, keepResponse: false });
    let n = 0;
    for await (const r of stream) {
      expect(r.response).toBeUndefined();
      n++;
      await sleep(5);
    }
    expect(n).toBe(problems.length * 5);
    expect(stream.stats.peakPending).toBeLessThanOrEqual(3);
    expect(stream.stats.generatorWaits).toBeGreaterThan(0);
  });

  test('pass-rate labels give the fraction of tests a failing program passes', async () => {
    const { records } = await labelAll(pool, generator(0), { labels: 'pass-rate' });
    const failing = records.filter((r) => r.status === 'fail');
    expect(failing.length).toBeGreaterThan(0);
    for (const r of failing) expect(r.label).toBeCloseTo(r.tests_passed / r.tests_total, 15);
    expect(records.filter((r) => r.status === 'pass').every((r) => r.label === 1)).toBe(true);
    expect(candidateLabel({ status: 'timeout', testsPassed: 3, testsTotal: 3 }, 'pass-rate')).toBe(0);
  });

  test('a generator error reaches the consumer; bad options are refused', async () => {
    async function* broken(): AsyncGenerator<GeneratedResponse> {
      yield { problem: problems[0]!, response: fenced(problems[0]!.reference!) };
      throw new Error('GPU device lost');
    }
    await expect(labelAll(pool, broken())).rejects.toThrow('GPU device lost');
    expect(() => labelStream(pool, generator(0), { maxPending: 0 })).toThrow(/maxPending must be a positive integer/);
  });

  test('end to end: labelled stream → mixed groups of 4 with the right labels', async () => {
    const { records } = await labelAll(pool, generator(0));
    const byId = new Map(problems.map((p) => [p.id, p]));
    const { groups, stats } = buildGroups(records, (id) => judgmentQuestion(byId.get(id)!), { groupSize: 4, seed: 9, shuffleWithinGroups: true, validationFraction: 0, dropNoCode: true });
    expect(stats.droppedNoCode).toBe(problems.length);
    expect(groups).toHaveLength(problems.length);
    for (const g of groups) {
      expect([...g.labels].sort()).toEqual([0, 0, 1, 1]);
      g.candidates.forEach((idx, j) => expect(g.labels[j]).toBe(idx % 2 === 0 ? 1 : 0));
      expect(g.question).toContain(byId.get(g.problem_id)!.statement.trim().slice(0, 20));
    }
  });

  test('buildJudgmentDataset with a run config: test cap, labels, groups, stats', async () => {
    const cfg = resolveConfig({ preset: 'micro', sandbox: { maxTests: 2 }, dataset: { validationFraction: 0.5 } });
    const ds = await buildJudgmentDataset(pool, problems, generator(0), cfg);
    expect(ds.candidates).toHaveLength(problems.length * 5);
    expect(ds.candidates.every((c) => c.tests_total === 2)).toBe(true);
    expect(ds.groups).toHaveLength(problems.length);
    expect(ds.stats).toMatchObject({ problems: problems.length, droppedNoCode: problems.length, groups: problems.length, valGroups: problems.length - Math.floor(problems.length * 0.5) });
    expect(parseGroups(toJsonl(ds.groups))).toEqual(ds.groups);
    // reproducible from the config
    expect((await buildJudgmentDataset(pool, problems, generator(0), cfg)).groups).toEqual(ds.groups);
    const p = problems[0]!;
    expect(capTests(p, 100)).toBe(p);
    expect(capTests({ ...p, tests: { kind: 'assert', code: 'x' } }, 1).tests).toEqual({ kind: 'assert', code: 'x' });
  });
});
