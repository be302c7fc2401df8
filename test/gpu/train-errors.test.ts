// Bad input to the training engine is refused with an error that says what to do. ~1 s.
import { afterAll, describe, expect, it } from 'vitest';
import { destroyWeights, uploadWeights } from '../../src/model/transformer-weights';
import { TrainableModel, packForTraining } from '../../src/train/model-forward-train';
import { Trainer } from '../../src/train/trainer';
import { getTestContext } from '../helpers/gpu';
import { loadGolden } from '../unit/reference-golden';
import { trainableFrom } from './train-helpers';

const g = loadGolden('llama');
const owned: { destroy(): void }[] = [];
afterAll(() => owned.forEach((o) => o.destroy()));

async function trainer() {
  const ctx = await getTestContext();
  const model = trainableFrom(ctx, g.config, g.weights);
  const t = new Trainer(model, { optimizer: {}, schedule: { lr: 1e-3, warmupSteps: 0, decay: 'constant' } });
  owned.push(model, t);
  return { ctx, model, t };
}

describe('training input errors', () => {
  it('refuses ids outside the vocabulary, mismatched targets and oversized micro-batches', async () => {
    const { ctx, model } = await trainer();
    const rec = ctx.recorder('errors');
    expect(() => model.forward(rec, packForTraining([[1, 2, 320]]))).toThrow(/token id 320 at index 2 is outside the vocabulary \[0, 320\)/);
    expect(() => model.forward(rec, { tokens: [1, 2], lengths: [2], targets: [2] })).toThrow(/1 targets for 2 tokens; give one target per token/);
    expect(() => model.forward(rec, { tokens: [1, 2], lengths: [2], targets: [2, 999] })).toThrow(/target 999 .* \(use −1 for no target\)/);
    expect(() => model.forward(rec, { tokens: [1, 2], lengths: [3], targets: [2, -1] })).toThrow(/lengths sum to 3 but there are 2 tokens/);
    const many = Array.from({ length: model.maxTokens() + 1 }, () => 1);
    expect(() => model.forward(rec, packForTraining([many]))).toThrow(/use smaller micro-batches/);
    expect(() => packForTraining([[1], []])).toThrow(/sequence 1 is empty/);
    rec.submit();
    model.release();
  });

  it('refuses f16 master weights for full fine-tuning', async () => {
    const ctx = await getTestContext();
    if (!ctx.features.f16) return;
    const w = uploadWeights(ctx, g.config, g.weights, 'f16');
    try {
      expect(() => new TrainableModel(ctx, g.config, w)).toThrow(/is f16; full fine-tuning needs f32 master weights/);
    } finally {
      destroyWeights(w);
    }
  });

  it('refuses empty prompts or completions, mismatched log-probs and a missing reference under a KL penalty', async () => {
    const { t } = await trainer();
    const settings = { epsLow: 0.2, epsHigh: 0.2, aggregation: 'token-mean' as const };
    await expect(t.sftStep([{ prompt: [], completion: [1] }])).rejects.toThrow(/example 0 has an empty prompt/);
    await expect(t.sftStep([{ prompt: [1], completion: [2, 3], weights: [1] }])).rejects.toThrow(/1 weights for 2 completion tokens/);
    await expect(t.grpoStep([{ prompt: [1], completion: [], advantage: 1 }], settings)).rejects.toThrow(/empty completion; drop it from the batch/);
    await expect(t.grpoStep([{ prompt: [1], completion: [2], advantage: 1, logpOld: [0, 0] }], settings)).rejects.toThrow(/2 old log-probs for 1 completion tokens/);
    await expect(t.grpoStep([{ prompt: [1], completion: [2], advantage: 1 }], { ...settings, klBeta: 0.1 })).rejects.toThrow(/klBeta > 0 needs reference log-probs/);
    await expect(t.grpoStep([{ prompt: [1], completion: [2], advantage: 1 }], settings, { epochs: 0 })).rejects.toThrow(/epochs 0 must be a positive integer/);
    expect(t.opt.step).toBe(0);
  });
});
