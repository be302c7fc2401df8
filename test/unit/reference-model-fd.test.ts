// The whole reference model on tiny random configurations: every parameter's gradient vs
// central finite differences (with every feature on at once, explicit positions, and per-token
// weights), RoPE scaling plumbing, and clear errors for bad input.
import { describe, expect, it } from 'vitest';
import { parameterSizes, referenceForward, referenceLoss, referenceLossAndGrads, type ReferenceConfig } from '../../src/reference/model';
import { grpoLoss, type GrpoSettings } from '../../src/reference/grpo';
import { fdError, maxAbsDiff, randn, rng } from './reference-helpers';

const base: ReferenceConfig = {
  vocabSize: 11,
  hidden: 8,
  intermediate: 12,
  layers: 2,
  heads: 4,
  kvHeads: 2,
  headDim: 6, // ≠ hidden / heads, as in Qwen3
  ropeTheta: 50,
  rmsEps: 1e-5,
  tieEmbeddings: true,
  qkvBias: true,
  qkNorm: true,
};

function randomWeights(c: ReferenceConfig, seed: number): Map<string, Float64Array> {
  const r = rng(seed);
  const w = new Map<string, Float64Array>();
  for (const [name, n] of parameterSizes(c)) {
    const isNorm = name.endsWith('norm.weight') || name.endsWith('layernorm.weight');
    const v = randn(r, n, isNorm ? 0.2 : 0.6);
    if (isNorm) for (let i = 0; i < n; i++) v[i] += 1;
    w.set(name, v);
  }
  return w;
}

describe('reference model gradients vs finite differences', () => {
  const cases: [string, ReferenceConfig, number[] | undefined, number][] = [
    ['tied, q/k/v bias and q/k norm, weighted tokens', base, [1, -0.5, 0, 2], 1],
    ['untied, no bias, no q/k norm, plain loss', { ...base, tieEmbeddings: false, qkvBias: false, qkNorm: false, headDim: 2 }, undefined, 1],
    // GRPO's log-probs at the rollouts' temperature 0.7: softmax(logits / 0.7)
    ['tied, logits at temperature 0.7', base, [1, -0.5, 0, 2], 1 / 0.7],
    ['untied, logits at temperature 1.6', { ...base, tieEmbeddings: false }, undefined, 1 / 1.6],
  ];
  it.each(cases)('%s', (_, c, tokenWeights, logitScale) => {
    const weights = randomWeights(c, 11);
    const ids = [3, 7, 3, 10, 0];
    const positions = [4, 5, 6, 7, 8];
    const { grads } = referenceLossAndGrads(c, weights, ids, tokenWeights, { positions, logitScale });
    const { loss: l0 } = referenceLossAndGrads(c, weights, ids, tokenWeights, { positions, logitScale });
    expect(referenceLoss(c, weights, ids, tokenWeights, { positions, logitScale })).toBe(l0);
    if (logitScale !== 1) expect(Math.abs(l0 - referenceLoss(c, weights, ids, tokenWeights, { positions }))).toBeGreaterThan(1e-3);
    const loss = () => referenceLoss(c, weights, ids, tokenWeights, { positions, logitScale });
    for (const [name, w] of weights) {
      expect(fdError(loss, w, grads.get(name)!), name).toBeLessThan(1e-7);
    }
  });
});

describe('GRPO through the model', () => {
  it('per-token weights w_t = −(T−1)·dL/dlogp_t turn the weighted-NLL gradient into the GRPO gradient', () => {
    // How a trainer composes the two references: logp_t = −nll_t, so the chain rule is a reweighting.
    const c = base;
    const weights = randomWeights(c, 15);
    const ids = [2, 9, 4, 4, 1, 6];
    const T = ids.length;
    const mask = [0, 0, 1, 1, 1]; // the first two predictions belong to the prompt
    const r = rng(16);
    const logpNew0 = Array.from(referenceLossAndGrads(c, weights, ids).nll, (x) => -x);
    const logpOld = logpNew0.map((x) => x + (r() * 2 - 1) * 0.3);
    const settings: GrpoSettings = { epsLow: 0.2, epsHigh: 0.28, dualClip: 3, aggregation: 'token-mean' };
    const grpoAt = (logpNew: ArrayLike<number>) => grpoLoss({ batch: 1, length: T - 1, logpNew, logpOld, advantages: [-0.8], mask }, settings);
    const { dLogpNew } = grpoAt(logpNew0);
    const tokenWeights = Array.from(dLogpNew, (g) => -(T - 1) * g);
    expect(tokenWeights.filter((w) => w !== 0).length).toBeGreaterThan(0);
    const { grads } = referenceLossAndGrads(c, weights, ids, tokenWeights);
    const loss = () => grpoAt(Array.from(referenceLossAndGrads(c, weights, ids).nll, (x) => -x)).loss;
    for (const name of ['model.embed_tokens.weight', 'model.layers.1.self_attn.q_proj.weight', 'model.layers.0.self_attn.k_norm.weight']) {
      expect(fdError(loss, weights.get(name)!, grads.get(name)!), name).toBeLessThan(1e-7);
    }
  });
});

describe('reference model behaviour', () => {
  it('a causal prefix gives the same logits as the full sequence', () => {
    const w = randomWeights(base, 12);
    const full = referenceForward(base, w, [1, 2, 3, 4]).logits;
    const prefix = referenceForward(base, w, [1, 2, 3]).logits;
    expect(maxAbsDiff(prefix, full.subarray(0, 3 * base.vocabSize))).toBeLessThan(1e-14);
  });

  it('linear RoPE scaling by 2 equals halving the positions', () => {
    const w = randomWeights(base, 13);
    const scaled = referenceForward({ ...base, ropeScaling: { type: 'linear', factor: 2 } }, w, [5, 6, 7], { positions: [0, 2, 4] }).logits;
    const halved = referenceForward(base, w, [5, 6, 7], { positions: [0, 1, 2] }).logits;
    expect(maxAbsDiff(scaled, halved)).toBeLessThan(1e-13);
  });
});

describe('reference model input errors', () => {
  const w = randomWeights(base, 14);
  it('names a missing tensor', () => {
    const partial = new Map(w);
    partial.delete('model.layers.1.self_attn.k_norm.weight');
    expect(() => referenceForward(base, partial, [1, 2])).toThrow(/weight "model.layers.1.self_attn.k_norm.weight" is missing/);
  });
  it('explains a missing lm_head when the config says untied', () => {
    expect(() => referenceForward({ ...base, tieEmbeddings: false }, w, [1, 2])).toThrow(/"lm_head.weight" is missing.*tie_word_embeddings/);
  });
  it('names a tensor whose size disagrees with the config', () => {
    expect(() => referenceForward({ ...base, intermediate: 10 }, w, [1, 2])).toThrow(/"model.layers.0.mlp.gate_proj.weight" has 96 values but the config implies 80/);
  });
  it('rejects empty input, short loss input, and mismatched weights/positions', () => {
    expect(() => referenceForward(base, w, [])).toThrow(/sequence is empty/);
    expect(() => referenceLossAndGrads(base, w, [1])).toThrow(/at least 2 tokens/);
    expect(() => referenceLossAndGrads(base, w, [1, 2, 3], [1, 1, 1])).toThrow(/tokenWeights has 3 entries for 3 tokens/);
    expect(() => referenceForward(base, w, [1, 2], { positions: [0] })).toThrow(/1 positions given for 2 tokens/);
    expect(() => referenceForward(base, w, [1, 11])).toThrow(/token id 11 at position 1 is outside the vocabulary/);
  });
});
