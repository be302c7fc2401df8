// The training step around the proven backward: a packed batch equals its sequences alone,
// 2 micro-batches equal one batch (SFT: loss, gradients, update; GRPO: loss, ratio,
// gradients over 2 epochs), and GRPO with shared prompts (prefix trees) equals it without. Golden llama weights
// (2 layers, hidden 64, vocab 320). ~2 s on lavapipe.
import { afterAll, describe, expect, it } from 'vitest';
import type { GpuContext } from '../../src/gpu';
import { packForTraining, type TrainableModel } from '../../src/train/model-forward-train';
import { Trainer } from '../../src/train/trainer';
import { referenceForward } from '../../src/reference/model';
import { getTestContext, maxAbsDiff } from '../helpers/gpu';
import { loadGolden } from '../unit/reference-golden';
import { forwardBackward, readGrads, readWeights, relErr, trainableFrom } from './train-helpers';

const g = loadGolden('llama');
const [seqA, seqB] = g.cases.sequences; // 24 and 7 tokens
const owned: { destroy(): void }[] = [];
afterAll(() => owned.forEach((o) => o.destroy()));

async function fresh(): Promise<{ ctx: GpuContext; model: TrainableModel }> {
  const ctx = await getTestContext();
  const model = trainableFrom(ctx, g.config, g.weights);
  owned.push(model);
  return { ctx, model };
}

/** scale 1/n on every target of a packing (−1 targets get 0). */
function meanScale(targets: readonly number[], n: number): Float32Array {
  return Float32Array.from(targets, (tg) => (tg >= 0 ? 1 / n : 0));
}

function nonZero(m: Map<string, Float32Array>): number {
  let c = 0;
  for (const v of m.values()) for (const x of v) if (x !== 0) c++;
  return c;
}

describe('training step', () => {
  it('a packed batch of two sequences of different lengths gives the sum of the two alone', async () => {
    const { ctx, model } = await fresh();
    const n = seqA.length - 1 + seqB.length - 1;
    const packed = packForTraining([seqA, seqB]);
    const lp = await forwardBackward(model, packed, meanScale(packed.targets, n));
    const together = await readGrads(model);
    ctx.run((rec) => model.zeroGrads(rec));
    const a = packForTraining([seqA]);
    const b = packForTraining([seqB]);
    const lpA = await forwardBackward(model, a, meanScale(a.targets, n));
    const lpB = await forwardBackward(model, b, meanScale(b.targets, n));
    const apart = await readGrads(model);
    expect(relErr(lp, [...lpA, ...lpB])).toBeLessThan(1e-6);
    expect(nonZero(together)).toBeGreaterThan(1000);
    let worst = 0;
    for (const [name, v] of together) worst = Math.max(worst, relErr(v, apart.get(name)!));
    console.log(`packed vs apart: worst gradient difference ${worst.toExponential(2)} of max|g|`);
    expect(worst).toBeLessThan(1e-5);
  });

  it('gradient accumulation over 2 micro-batches equals one batch (loss, gradients, update)', async () => {
    const examples = [
      { prompt: seqA.slice(0, 10), completion: seqA.slice(10) },
      { prompt: seqB.slice(0, 3), completion: seqB.slice(3), weights: [1, -0.5, 2, 0.25] },
    ];
    const run = async (microBatch: number) => {
      const { model } = await fresh();
      const trainer = new Trainer(model, { optimizer: { weightDecay: 0.1, maxGradNorm: 1 }, schedule: { lr: 1e-3, warmupSteps: 0, decay: 'constant' }, microBatch });
      owned.push(trainer);
      const report = await trainer.sftStep(examples);
      return { report, grads: await readGrads(model), weights: await readWeights(model) };
    };
    const one = await run(2);
    const two = await run(1);
    console.log(`one batch loss ${one.report.loss.toFixed(6)}, 2 micro-batches ${two.report.loss.toFixed(6)}, grad norm ${one.report.gradNorm.toFixed(5)} / ${two.report.gradNorm.toFixed(5)}`);
    expect(one.report.applied && two.report.applied).toBe(true);
    expect(Math.abs(one.report.loss - two.report.loss)).toBeLessThan(1e-5);
    expect(Math.abs(one.report.gradNorm - two.report.gradNorm)).toBeLessThan(1e-5 * one.report.gradNorm);
    for (const [name, v] of one.grads) expect(relErr(two.grads.get(name)!, v), name).toBeLessThan(1e-5);
    // Adam's first step is ~lr·sign(g): entries with g ≈ 0 may differ by rounding, so
    // compare updates against lr (1e-3), not relative to the weights.
    for (const [name, v] of one.weights) expect(maxAbsDiff(two.weights.get(name)!, v), name).toBeLessThan(1e-5);
    // The update moved the weights.
    expect(relErr(one.weights.get('model.layers.0.mlp.up_proj.weight')!, g.weights.get('model.layers.0.mlp.up_proj.weight')!)).toBeGreaterThan(1e-4);
  });

  it('GRPO: 2 micro-batches equal one batch (loss, ratio stats, gradients), rows of different lengths', async () => {
    const examples = [
      { prompt: seqA.slice(0, 5), completion: seqA.slice(5, 9), advantage: 1.5 },
      { prompt: seqA.slice(0, 5), completion: seqA.slice(9, 20), advantage: -0.5 },
      { prompt: seqB.slice(0, 2), completion: seqB.slice(2), advantage: -1 },
    ];
    const settings = { epsLow: 0.2, epsHigh: 0.28, aggregation: 'token-mean' as const };
    const run = async (microBatch: number) => {
      const { model } = await fresh();
      const trainer = new Trainer(model, { optimizer: { maxGradNorm: 0 }, schedule: { lr: 1e-2, warmupSteps: 0, decay: 'constant' }, microBatch });
      owned.push(trainer);
      const reports = await trainer.grpoStep(examples, settings, { epochs: 2 });
      return { reports, grads: await readGrads(model) };
    };
    const one = await run(3);
    const two = await run(2);
    for (const [a, b] of one.reports.map((r, i) => [r, two.reports[i]] as const)) {
      console.log(`GRPO epoch: loss ${a.loss.toFixed(6)} / ${b.loss.toFixed(6)}, ratio ${a.meanRatio!.toFixed(6)} / ${b.meanRatio!.toFixed(6)}, |g| ${a.gradNorm.toFixed(5)} / ${b.gradNorm.toFixed(5)}`);
      expect(a.applied && b.applied).toBe(true);
      expect(a.tokens).toBe(4 + 11 + 5);
      expect(Math.abs(a.loss - b.loss)).toBeLessThan(1e-5);
      expect(Math.abs(a.meanRatio! - b.meanRatio!)).toBeLessThan(1e-5);
      expect(Math.abs(a.gradNorm - b.gradNorm)).toBeLessThan(1e-4 * a.gradNorm);
    }
    // The second epoch ran at moved weights against the frozen old log-probs.
    expect(Math.abs(one.reports[1].meanRatio! - 1)).toBeGreaterThan(1e-4);
    for (const [name, v] of one.grads) expect(relErr(two.grads.get(name)!, v), name).toBeLessThan(1e-4);
  });

  // dr-grpo: its max_len is the longest completion whatever the layout (a grid with prompts is wider)
  it.each(['seq-mean', 'dr-grpo'] as const)('GRPO (%s) with prefix sharing = without (loss, ratio, KL, gradients, weights, reference log-probs), a group split across micro-batches', async (aggregation) => {
    // Two groups: 3 rollouts of one prompt (completions of 1, 4 and 2 tokens, like rankings),
    // then 2 of another; micro-batches of 2 split the first group.
    const pa = seqA.slice(0, 14);
    const pb = seqB.slice(0, 3);
    const examples = [
      { prompt: pa, completion: seqA.slice(14, 15), advantage: 1.2 },
      { prompt: pa, completion: seqA.slice(15, 19), advantage: -0.7 },
      { prompt: pa, completion: seqA.slice(19, 21), advantage: -0.5 },
      { prompt: pb, completion: seqB.slice(3), advantage: 0.9 },
      { prompt: pb, completion: seqB.slice(3, 5), advantage: -0.9 },
    ];
    const settings = { epsLow: 0.2, epsHigh: 0.28, aggregation, klBeta: 0.05 };
    const run = async (sharePrefixes: boolean) => {
      const { model } = await fresh();
      const trainer = new Trainer(model, { optimizer: { maxGradNorm: 0 }, schedule: { lr: 1e-2, warmupSteps: 0, decay: 'constant' }, microBatch: 2, sharePrefixes });
      owned.push(trainer);
      // the reference policy = the starting weights, scored by the same path
      const ref = await trainer.completionLogProbs(examples);
      const reports = await trainer.grpoStep(examples.map((e, i) => ({ ...e, logpRef: ref[i]! })), settings, { epochs: 2 });
      return { ref, reports, grads: await readGrads(model), weights: await readWeights(model) };
    };
    const shared = await run(true);
    const plain = await run(false);
    shared.ref.forEach((r, i) => expect(maxAbsDiff(r, plain.ref[i]!), `reference log-probs of example ${i}`).toBeLessThan(2e-5));
    for (const [a, b] of shared.reports.map((r, i) => [r, plain.reports[i]] as const)) {
      console.log(`GRPO shared / plain: loss ${a.loss.toFixed(6)} / ${b.loss.toFixed(6)}, kl ${a.meanKl!.toExponential(3)} / ${b.meanKl!.toExponential(3)}, |g| ${a.gradNorm.toFixed(5)} / ${b.gradNorm.toFixed(5)}`);
      expect(a.applied && b.applied).toBe(true);
      expect(a.tokens).toBe(b.tokens);
      // the shared step really packed trees: micro-batches (13 + 1 + 4) + (13 + 2 + 2 + 4) + (2 + 2)
      // rows, against 5 rows padded to the longest (14 + 4)
      expect([a.rows, b.rows]).toEqual([43, 90]);
      expect(Math.abs(a.loss - b.loss)).toBeLessThan(1e-5);
      expect(Math.abs(a.meanRatio! - b.meanRatio!)).toBeLessThan(1e-5);
      expect(Math.abs(a.meanKl! - b.meanKl!)).toBeLessThan(1e-6);
      expect(Math.abs(a.gradNorm - b.gradNorm)).toBeLessThan(1e-4 * a.gradNorm);
    }
    // The second epoch moved away from the reference: the KL term was live.
    expect(shared.reports[1].meanKl!).toBeGreaterThan(1e-7);
    for (const [name, v] of plain.grads) expect(relErr(shared.grads.get(name)!, v), name).toBeLessThan(1e-4);
    for (const [name, v] of plain.weights) expect(maxAbsDiff(shared.weights.get(name)!, v), name).toBeLessThan(3e-5);
  });

  it('a trainer for rollouts sampled at temperature 0.7 scores them under softmax(logits / 0.7): its log-probs are the float64 reference\'s', async () => {
    const { model } = await fresh();
    const prompt = seqA.slice(0, 9);
    const completion = seqA.slice(9, 16);
    const opts = { optimizer: { maxGradNorm: 0 }, schedule: { lr: 1e-3, warmupSteps: 0, decay: 'constant' as const } };
    const tempered = new Trainer(model, { ...opts, temperature: 0.7 });
    const plain = new Trainer(model, opts);
    owned.push(tempered, plain);
    const [lp] = await tempered.completionLogProbs([{ prompt, completion }]);
    const [lp1] = await plain.completionLogProbs([{ prompt, completion }]);
    const ids = [...prompt, ...completion];
    const { logits } = referenceForward(g.config, g.weights, ids, { logitScale: 1 / 0.7 });
    const V = g.config.vocabSize;
    const want = completion.map((tok, j) => {
      const row = logits.subarray((prompt.length - 1 + j) * V, (prompt.length + j) * V);
      const m = Math.max(...row);
      return row[tok]! - m - Math.log(row.reduce((a, x) => a + Math.exp(x - m), 0));
    });
    expect(maxAbsDiff(lp!, want)).toBeLessThan(1e-4);
    expect(maxAbsDiff(lp!, lp1!)).toBeGreaterThan(1e-3);
    expect(() => new Trainer(model, { ...opts, temperature: 0 })).toThrow(/temperature 0 must be a positive number/);
  });

  it.each([
    ['prefix sharing', { sharePrefixes: true }],
    ['rows padded, recomputation', { sharePrefixes: false, recompute: true }],
  ] as const)('GRPO at temperature 0.7 (%s): the step scores rollouts as its tempered log-probs do (ratio 1), not as untempered ones', async (_, layout) => {
    const pa = seqA.slice(0, 12);
    const examples = [
      { prompt: pa, completion: seqA.slice(12, 15), advantage: 1 },
      { prompt: pa, completion: seqA.slice(15, 17), advantage: -1 },
      { prompt: seqB.slice(0, 3), completion: seqB.slice(3), advantage: 0.5 },
    ];
    const settings = { epsLow: 0.2, epsHigh: 0.2, aggregation: 'token-mean' as const };
    const opts = { optimizer: { maxGradNorm: 0 }, schedule: { lr: 1e-3, warmupSteps: 0, decay: 'constant' as const }, ...layout };
    const step = async (oldTemperature: number) => {
      const { model } = await fresh();
      const tempered = new Trainer(model, { ...opts, temperature: 0.7 });
      const scorer = new Trainer(model, { ...opts, temperature: oldTemperature });
      owned.push(tempered, scorer);
      const old = await scorer.completionLogProbs(examples);
      const [r] = await tempered.grpoStep(examples.map((e, i) => ({ ...e, logpOld: old[i]! })), settings);
      return r!;
    };
    const same = await step(0.7);
    expect(Math.abs(same.meanRatio! - 1)).toBeLessThan(1e-5);
    expect(Math.abs(same.approxKlOld!)).toBeLessThan(1e-6);
    const other = await step(1);
    expect(Math.abs(other.meanRatio! - 1)).toBeGreaterThan(1e-3);
  });
});

