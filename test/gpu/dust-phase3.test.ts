// Phase 3: the random tiny model generates k candidates per held-out problem and judges them
// on the GPU (garbage in, well-formed report out: metrics in range and equal to what the
// records give); canned generators and judges check the wiring exactly: labels from the real
// sandbox, judgment prompts from the extracted codes, separate generator and judge, seeds
// per repeat, malformed rankings counted, judgment prompts too long for the judge's context
// left unjudged (counted as malformed) instead of failing the evaluation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { phaseSeed, resolveConfig } from '../../src/dust/config';
import { judgmentPrompt, judgmentQuestion } from '../../src/dust/judgment-prompt';
import { METRICS, repeatMetrics } from '../../src/dust/metrics';
import { modelGenerator } from '../../src/dust/model-generator';
import { evaluateRow, runEvaluation } from '../../src/dust/phase3-eval';
import { reportMarkdown } from '../../src/dust/report';
import { deriveSeed } from '../../src/dust/rng';
import type { TextGenerator } from '../../src/dust/text-generator';
import { nodeDirSource } from '../../src/host/node-files';
import { loadModel } from '../../src/model/load';
import type { Transformer } from '../../src/model/transformer';
import { builtinSplit } from '../../src/problems/builtin';
import { SandboxPool } from '../../src/sandbox/pool';
import { loadTokenizer } from '../../src/tokenizer/tokenizer';
import { getTestContext } from '../helpers/gpu';
import { cannedGenerator, dustTinyModelDir, fixedJudge } from './dust-tiny';
import { removeModelDirs } from './model-tiny-hf';

let model: Transformer;
let gen: TextGenerator;
let pool: SandboxPool;
const evalSet = builtinSplit().eval.slice(0, 2);
const cfg = resolveConfig({
  preset: 'micro',
  seed: 5,
  model: { id: 'tiny' },
  sandbox: { timeoutMs: 2000 },
  dataset: { generationBatch: 4 },
  eval: { repeats: 2, candidates: 4, maxNewTokens: 24, judgeMaxNewTokens: 8 },
});

beforeAll(async () => {
  const src = nodeDirSource(dustTinyModelDir(13));
  ({ model } = await loadModel(await getTestContext(), src));
  gen = modelGenerator(model, await loadTokenizer(src), { name: 'tiny-random' });
  pool = await SandboxPool.create({ workers: 1 });
});
afterAll(async () => {
  model.destroy();
  await pool.close();
  removeModelDirs();
});

describe('phase 3 evaluation', () => {
  it('generates, labels and judges with the GPU model; the report agrees with the records', async () => {
    const res = await runEvaluation(pool, [{ name: 'base', generator: gen, judge: gen }], evalSet, cfg);
    expect(res.complete).toBe(true);
    const row = res.rows[0]!;
    expect(row.records).toHaveLength(4);
    expect(row.records.map((r) => `${r.repeat}:${r.problem_id}`)).toEqual([0, 1].flatMap((r) => evalSet.map((p) => `${r}:${p.id}`)));
    for (const rec of row.records) {
      expect(rec.labels).toHaveLength(4);
      expect(rec.ranking === null || [...rec.ranking].sort().join() === '1,2,3,4').toBe(true);
      expect(typeof rec.judgment).toBe('string');
    }
    expect(row.timing.judgments).toBe(4);
    expect(row.timing.judgmentsPerS).toBeGreaterThan(0);
    const report = res.report!;
    expect(report.k).toBe(4);
    expect(report.rows.map((r) => [r.name, r.repeats, r.problems])).toEqual([['base', 2, 2]]);
    for (const [r, rep] of row.repeats.entries()) {
      const recs = row.records.filter((x) => x.repeat === r);
      expect(rep).toEqual(repeatMetrics(recs.map((x) => ({ problemId: x.problem_id, labels: x.labels, ranking: x.ranking })), 'zero'));
      for (const m of METRICS) expect(rep[m]).toBeGreaterThanOrEqual(0);
    }
    // The two repeats sample with different seeds.
    expect(row.records[0]!.codes.join('|') + row.records[0]!.judgment).not.toEqual(row.records[2]!.codes.join('|') + row.records[2]!.judgment);
  }, 120_000);

  it('scores a known judge exactly: pass@1, NDCG, Best-of-4, oracle, random, malformed; generator and judge are separate', async () => {
    const generator = cannedGenerator(evalSet, (key) => key % 4 === 1); // candidate 2 of each problem passes
    const good = fixedJudge('2, 1, 3, 4');
    const bad = fixedJudge('1, 1, 1');
    const one = { ...cfg, eval: { ...cfg.eval, repeats: 1 } };
    const res = await runEvaluation(pool, [{ name: 'judge-only', generator, judge: good }, { name: 'base', generator, judge: bad }], evalSet, one);
    const byName = Object.fromEntries(res.rows.map((r) => [r.setup.name, r]));
    expect(byName['judge-only']!.repeats[0]).toMatchObject({ pass1: 0.25, ndcg: 1, bestOfK: 1, oracle: 1, random: 0.25, malformed: 0, problems: 2 });
    expect(byName.base!.repeats[0]).toMatchObject({ pass1: 0.25, ndcg: 0, bestOfK: 0, oracle: 1, malformed: 1 });
    expect(res.report!.rows.map((r) => r.name)).toEqual(['base', 'judge-only']);
    // The judge saw the judgment prompt built from the extracted programs, in candidate order.
    const rec = byName['judge-only']!.records[0]!;
    expect(rec.statuses).toEqual(['fail', 'pass', 'fail', 'fail']);
    expect(good.prompts[0]).toBe(judgmentPrompt(judgmentQuestion(evalSet[0]!), rec.codes.map((c) => c!)));
    // Both rows share the generator: its candidates were generated once (2 batches of 4), not per row.
    expect(generator.requests).toHaveLength(2);
    expect(byName.base!.records.map((r) => r.codes)).toEqual(byName['judge-only']!.records.map((r) => r.codes));
    // Generation uses the eval sampling settings and a per-repeat seed.
    const req = generator.requests[0]!;
    expect(req).toMatchObject({ temperature: 0.6, topP: 0.95, topK: 20, maxNewTokens: 24 });
    expect(req.seed).toBe(deriveSeed(phaseSeed(one, 'eval', 0), 'generate'));
  }, 60_000);

  it('reads a malformed ranking as the order 1..k when the run says "first", and stops between repeats', async () => {
    const generator = cannedGenerator(evalSet, (key) => key % 4 === 0);
    const first = { ...cfg, eval: { ...cfg.eval, repeats: 1, malformed: 'first' as const } };
    const r = await evaluateRow(pool, { name: 'base', generator, judge: fixedJudge('no idea') }, evalSet, first);
    expect(r.repeats[0]).toMatchObject({ bestOfK: 1, ndcg: 1, malformed: 1 });
    let calls = 0;
    const stopped = await runEvaluation(pool, [{ name: 'base', generator, judge: fixedJudge('1, 2, 3, 4') }], evalSet, cfg, { shouldStop: () => calls > 0, onProgress: () => calls++ });
    expect(stopped.complete).toBe(false);
    expect(stopped.report).toBeNull();
  }, 60_000);

  it("a prompt that does not fit the model's context is not generated (null); the others sample as they would alone", async () => {
    const src = nodeDirSource(dustTinyModelDir(13, 96));
    const { model: small } = await loadModel(await getTestContext(), src);
    try {
      const tiny = modelGenerator(small, await loadTokenizer(src), { name: 'tiny-96' });
      const req = { temperature: 1, topP: 1, topK: 0, maxNewTokens: 8, seed: 3 };
      const short = 'Rank 1, 2.';
      const long = 'x '.repeat(200);
      const both = await tiny.generate([long, short, long], { ...req, keys: [0, 1, 2] });
      expect(both[0]).toBeNull();
      expect(both[2]).toBeNull();
      expect(typeof both[1]).toBe('string');
      expect(await tiny.generate([short], { ...req, keys: [1] })).toEqual([both[1]]);
      // a batch of only such prompts generates nothing and does not throw
      expect(await tiny.generate([long], { ...req, keys: [0] })).toEqual([null]);
    } finally {
      small.destroy();
    }
  }, 60_000);

  it('a judgment that did not fit the judge (null) counts as malformed and is reported as not judged', async () => {
    const generator = cannedGenerator(evalSet, (key) => key % 4 === 1);
    const second = judgmentQuestion(evalSet[1]!);
    const judge: TextGenerator = { name: 'short-context', generate: async (messages) => messages.map((m) => (m.includes(second) ? null : '2, 1, 3, 4')) };
    const one = { ...cfg, eval: { ...cfg.eval, repeats: 1 } };
    const res = await runEvaluation(pool, [{ name: 'base', generator, judge }], evalSet, one);
    const row = res.rows[0]!;
    expect(row.records.map((r) => r.judgment)).toEqual(['2, 1, 3, 4', null]);
    expect(row.records.map((r) => r.ranking)).toEqual([[2, 1, 3, 4], null]);
    const rep = row.repeats[0]!;
    expect(rep.unjudged).toBe(1);
    expect(rep.malformed).toBe(0.5);
    expect(rep.bestOfK).toBe(0.5); // the judged problem picks its passing candidate 2; the other counts as a miss
    const md = reportMarkdown(res.report!);
    expect(md).toMatch(/base: 1 of 2 judgments were not run because the judgment prompt \(4 candidates\) did not fit the judge's context; they count as malformed/);
    // a repeat with every judgment run carries no unjudged count
    const all = await runEvaluation(pool, [{ name: 'base', generator, judge: fixedJudge('2, 1, 3, 4') }], evalSet, one);
    expect(all.rows[0]!.repeats[0]!.unjudged).toBeUndefined();
    expect(reportMarkdown(all.report!)).not.toMatch(/were not run/);
  }, 60_000);
});
