// Learning happens: SFT overfits a fixed sequence; GRPO with a fixed reward moves
// probability toward the rewarded completion and away from the penalised one over several
// epochs on one batch; a poisoned weight is caught by the guard (step skipped, weights
// bit-identical, tensors named). Golden llama weights. ~3 s on lavapipe.
import { afterAll, describe, expect, it } from 'vitest';
import { Trainer } from '../../src/train/trainer';
import { getTestContext } from '../helpers/gpu';
import { loadGolden } from '../unit/reference-golden';
import { readWeights, trainableFrom } from './train-helpers';

const g = loadGolden('llama');
const seq = g.cases.sequences[0];
const owned: { destroy(): void }[] = [];
afterAll(() => owned.forEach((o) => o.destroy()));

async function setup(lr: number) {
  const ctx = await getTestContext();
  const model = trainableFrom(ctx, g.config, g.weights);
  const trainer = new Trainer(model, { optimizer: { weightDecay: 0, maxGradNorm: 1 }, schedule: { lr, warmupSteps: 0, decay: 'constant' } });
  owned.push(model, trainer);
  return { ctx, model, trainer };
}

describe('learning', () => {
  it('SFT overfits a fixed sequence: loss from ~5.7 below 0.1 in 20 steps (measured ≈0.02)', async () => {
    const { trainer } = await setup(1e-2);
    const example = { prompt: seq.slice(0, 1), completion: seq.slice(1) };
    const losses: number[] = [];
    for (let i = 0; i < 20; i++) {
      const r = await trainer.sftStep([example]);
      expect(r.applied).toBe(true);
      losses.push(r.loss);
    }
    console.log(`SFT losses: ${losses.filter((_, i) => i % 5 === 0 || i === 19).map((l) => l.toFixed(3)).join(' → ')}`);
    expect(losses[0]).toBeGreaterThan(5);
    expect(losses[19]).toBeLessThan(0.1);
  });

  it('GRPO with a fixed reward raises log p of the rewarded completion and lowers the penalised one', async () => {
    const { trainer } = await setup(3e-3);
    const prompt = seq.slice(0, 6);
    const good = seq.slice(6, 12);
    const bad = seq.slice(12, 18);
    const items = [{ prompt, completion: good }, { prompt, completion: bad }];
    const sum = (a: Float32Array) => a.reduce((x, y) => x + y, 0);
    const [g0, b0] = (await trainer.completionLogProbs(items)).map(sum);
    const settings = { epsLow: 0.2, epsHigh: 0.2, aggregation: 'token-mean' as const };
    // The starting policy as reference: KL reported (β = 0 keeps it out of the loss).
    const [refGood, refBad] = await trainer.completionLogProbs(items);
    const reports = [];
    for (let step = 0; step < 3; step++) {
      const batch = [{ ...items[0], advantage: 1, logpRef: refGood }, { ...items[1], advantage: -1, logpRef: refBad }];
      reports.push(...(await trainer.grpoStep(batch, settings, { epochs: 2 })));
    }
    const [g1, b1] = (await trainer.completionLogProbs(items)).map(sum);
    for (const r of reports) console.log(`GRPO step ${r.step}: loss ${r.loss.toFixed(4)} ratio ${r.meanRatio!.toFixed(4)} clip ${r.clipFraction!.toFixed(3)} klOld ${r.approxKlOld!.toExponential(2)} klRef ${r.meanKl!.toExponential(2)} |g| ${r.gradNorm.toFixed(3)} ${r.tokensPerSecond.toFixed(0)} tok/s`);
    console.log(`log p(rewarded) ${g0.toFixed(3)} → ${g1.toFixed(3)}, log p(penalised) ${b0.toFixed(3)} → ${b1.toFixed(3)}`);
    expect(reports.every((r) => r.applied)).toBe(true);
    // The first epoch of each batch has ratio 1 (old log-probs are this forward's); the second has moved.
    expect(Math.abs(reports[0].meanRatio! - 1)).toBeLessThan(1e-6);
    expect(Math.abs(reports[1].meanRatio! - 1)).toBeGreaterThan(1e-4);
    // KL to the starting policy: 0 before any update, positive once the policy moved.
    expect(Math.abs(reports[0].meanKl!)).toBeLessThan(1e-6);
    expect(reports[5].meanKl!).toBeGreaterThan(1e-3);
    expect(g1 - g0).toBeGreaterThan(1);
    expect(b1 - b0).toBeLessThan(-1);
  });

  it('a poisoned weight is caught: the step is skipped, weights unchanged, the gradients named', async () => {
    const { ctx, model, trainer } = await setup(1e-2);
    const q = model.weights.layers[1].q;
    const host = (await ctx.read(q)) as Float32Array;
    host[5] = NaN;
    q.write(host);
    const before = await readWeights(model);
    const r = await trainer.sftStep([{ prompt: seq.slice(0, 4), completion: seq.slice(4) }]);
    const after = await readWeights(model);
    console.log(`poisoned: applied ${r.applied}, loss ${r.loss}, flagged ${r.nonFinite.map((n) => `${n.name}×${n.count}`).join(', ')}`);
    expect(r.applied).toBe(false);
    expect(trainer.opt.step).toBe(0);
    const names = r.nonFinite.map((n) => n.name);
    expect(names).toContain('logp');
    expect(names).toContain('model.layers.1.self_attn.q_proj.weight.grad');
    for (const [name, w] of before) expect(Buffer.from(after.get(name)!.buffer).equals(Buffer.from(w.buffer)), name).toBe(true);
  });
});
