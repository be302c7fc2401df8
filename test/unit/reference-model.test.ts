// The f64 reference model against the golden files (float64 HF port, cross-checked with
// llama.cpp): logits, both losses, every parameter gradient; plus negative controls showing
// that the comparison catches the classic convention bugs.
import { describe, expect, it } from 'vitest';
import { parameterSizes, referenceForward, referenceLossAndGrads, type ReferenceVariant } from '../../src/reference/model';
import { loadGolden, worstGrad, type Golden } from './reference-golden';
import { maxAbsDiff } from './reference-helpers';

const ARCHS = ['llama', 'qwen2', 'qwen3'] as const;
const golden = Object.fromEntries(ARCHS.map((a) => [a, loadGolden(a)])) as Record<(typeof ARCHS)[number], Golden>;

describe.each(ARCHS)('%s golden', (arch) => {
  const g = golden[arch];

  // Measured: logits 6e-8 abs (the golden f32 cast), losses 1e-15, gradients 5e-8 of each
  // tensor's max; the tolerances below keep ~20x headroom.
  it('forward logits match for every case within 1e-6 abs', () => {
    g.cases.sequences.forEach((ids, k) => {
      const { logits } = referenceForward(g.config, g.weights, ids);
      expect(maxAbsDiff(logits, g.logits[k])).toBeLessThan(1e-6);
    });
  });

  it('loss and every parameter gradient match (plain causal LM)', () => {
    const { sequence_index, loss } = g.cases.grad_case;
    const r = referenceLossAndGrads(g.config, g.weights, g.cases.sequences[sequence_index]);
    expect(Math.abs(r.loss - loss)).toBeLessThan(1e-9);
    // The gradient set is exactly the parameter set (tied models: no lm_head entry).
    expect([...r.grads.keys()].sort()).toEqual([...parameterSizes(g.config).keys()].sort());
    const worst = worstGrad(r.grads, g.grads, '');
    expect(worst.err, `worst tensor ${worst.name}`).toBeLessThan(1e-6);
  });

  it('weighted loss (and its gradients where the file has them) match', () => {
    const { sequence_index, loss_weighted, weights, weighted_grads_in_file } = g.cases.grad_case;
    const r = referenceLossAndGrads(g.config, g.weights, g.cases.sequences[sequence_index], weights);
    expect(Math.abs(r.loss - loss_weighted)).toBeLessThan(1e-9);
    if (weighted_grads_in_file === false) return;
    const worst = worstGrad(r.grads, g.grads, 'w.');
    expect(worst.err, `worst tensor ${worst.name}`).toBeLessThan(1e-6);
  });
});

describe('negative controls: each convention bug breaks the golden comparison', () => {
  const err = (arch: (typeof ARCHS)[number], variant: ReferenceVariant) => {
    const g = golden[arch];
    const { logits } = referenceForward(g.config, g.weights, g.cases.sequences[0], { variant });
    return maxAbsDiff(logits, g.logits[0]);
  };

  it('interleaved RoPE pairing', () => {
    // README: 0.14 (llama), 1.10 (qwen3); the tolerance is 1e-5.
    expect(err('llama', { ropePairing: 'interleaved' })).toBeGreaterThan(0.01);
    expect(err('qwen3', { ropePairing: 'interleaved' })).toBeGreaterThan(0.01);
  });

  it('GQA mapping h % kvHeads', () => {
    expect(err('qwen2', { kvMapping: 'modulo' })).toBeGreaterThan(0.1);
  });

  it('Qwen3 q/k norm after RoPE', () => {
    expect(err('qwen3', { qkNormAfterRope: true })).toBeGreaterThan(0.01);
  });

  it('dropping the LM-head part of a tied embedding gradient', () => {
    const g = golden.llama;
    const ids = g.cases.sequences[0];
    const tied = referenceLossAndGrads(g.config, g.weights, ids).grads.get('model.embed_tokens.weight')!;
    // Untie by hand: the same matrix as a separate lm_head, so embed gets only the input part.
    const untied = referenceLossAndGrads({ ...g.config, tieEmbeddings: false }, new Map([...g.weights, ['lm_head.weight', g.weights.get('model.embed_tokens.weight')!]]), ids);
    const ref = g.grads.get('model.embed_tokens.weight')!;
    expect(maxAbsDiff(tied, ref)).toBeLessThan(1e-6);
    expect(maxAbsDiff(untied.grads.get('model.embed_tokens.weight')!, ref)).toBeGreaterThan(0.01);
  });
});
