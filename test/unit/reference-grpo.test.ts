// GRPO and SFT loss references: hand-computed values for crafted tokens (clipping on/off,
// dual-clip, KL, each aggregation), gradients vs finite differences, errors for bad input.
import { describe, expect, it } from 'vitest';
import { grpoLoss, type GrpoBatch, type GrpoSettings } from '../../src/reference/grpo';
import { sftLoss } from '../../src/reference/sft';
import { fdError, randn, rng } from './reference-helpers';

const base: GrpoSettings = { epsLow: 0.2, epsHigh: 0.28, aggregation: 'token-mean' };

/** One sequence of one token with ratio ρ and advantage A. */
function one(ratio: number, A: number, extra: Partial<GrpoBatch> = {}): GrpoBatch {
  return { batch: 1, length: 1, logpNew: [Math.log(ratio) - 1], logpOld: [-1], advantages: [A], mask: [1], ...extra };
}

describe('GRPO clipped surrogate, single tokens', () => {
  it('inside the clip range: l = −ρA, dl/dlogp = −ρA', () => {
    const r = grpoLoss(one(1.1, 2), base);
    expect(r.loss).toBeCloseTo(-2.2, 14);
    expect(r.dLogpNew[0]).toBeCloseTo(-2.2, 14);
    expect(r.stats.clipFraction).toBe(0);
    expect(r.stats.meanRatio).toBeCloseTo(1.1, 14);
  });

  it('A > 0 above 1 + ε_high: l = −(1 + ε_high)A, no gradient', () => {
    const r = grpoLoss(one(1.5, 1), base);
    expect(r.loss).toBeCloseTo(-1.28, 14);
    expect(r.dLogpNew[0]).toBe(0);
    expect(r.stats.clipFraction).toBe(1);
  });

  it('A > 0 below 1 − ε_low is not clipped (the min keeps ρA)', () => {
    const r = grpoLoss(one(0.5, 1), base);
    expect(r.loss).toBeCloseTo(-0.5, 14);
    expect(r.dLogpNew[0]).toBeCloseTo(-0.5, 14);
    expect(r.stats.clipFraction).toBe(0);
  });

  it('A < 0 below 1 − ε_low: l = −(1 − ε_low)A, no gradient', () => {
    const r = grpoLoss(one(0.5, -1), base);
    expect(r.loss).toBeCloseTo(0.8, 14);
    expect(r.dLogpNew[0]).toBe(0);
    expect(r.stats.clipFraction).toBe(1);
  });

  it('A < 0 far above 1: unbounded without dual-clip, capped at −c·A with it', () => {
    const plain = grpoLoss(one(5, -1), base);
    expect(plain.loss).toBeCloseTo(5, 13);
    expect(plain.dLogpNew[0]).toBeCloseTo(5, 13);
    const capped = grpoLoss(one(5, -1), { ...base, dualClip: 3 });
    expect(capped.loss).toBeCloseTo(3, 14);
    expect(capped.dLogpNew[0]).toBe(0);
    expect(capped.stats.dualClipFraction).toBe(1);
    // Below the cap, dual-clip changes nothing.
    const below = grpoLoss(one(2, -1), { ...base, dualClip: 3 });
    expect(below.loss).toBeCloseTo(2, 13);
    expect(below.dLogpNew[0]).toBeCloseTo(2, 13);
    expect(below.stats.dualClipFraction).toBe(0);
  });

  it('k3 KL: β·(e^(ref−new) − (ref−new) − 1) with gradient β·(1 − e^(ref−new)); off when β is 0', () => {
    // ρ = 1 and A = 0 isolate the KL term: logp_new = −1, logp_ref = −1.5.
    const b = one(1, 0, { logpRef: [-1.5] });
    const kl = Math.exp(-0.5) + 0.5 - 1;
    const on = grpoLoss(b, { ...base, klBeta: 0.1 });
    expect(on.loss).toBeCloseTo(0.1 * kl, 15);
    expect(on.dLogpNew[0]).toBeCloseTo(0.1 * (1 - Math.exp(-0.5)), 15);
    expect(on.stats.meanKl).toBeCloseTo(kl, 15);
    const off = grpoLoss(b, base);
    expect(off.loss).toBe(0);
    expect(Math.abs(off.dLogpNew[0])).toBe(0);
    expect(off.stats.meanKl).toBeCloseTo(kl, 15); // still reported
    expect(grpoLoss(one(1, 0), base).stats.meanKl).toBeNaN();
  });
});

describe('GRPO aggregation', () => {
  // Two sequences padded to 3: lengths 2 and 1. Every ratio is 1, so l = −A per token.
  const batch: GrpoBatch = {
    batch: 2,
    length: 3,
    logpNew: [-1, -2, 99, -3, 99, 99], // padding values must be ignored
    logpOld: [-1, -2, 0, -3, 0, 0],
    advantages: [1, -2],
    mask: [1, 1, 0, 1, 0, 0],
  };
  const run = (aggregation: GrpoSettings['aggregation'], maxLen?: number) => grpoLoss(batch, { ...base, aggregation, maxLen });

  it('token-mean: Σ l / 3 tokens', () => {
    const r = run('token-mean');
    expect(r.loss).toBeCloseTo((-1 - 1 + 2) / 3, 15);
    expect(Array.from(r.dLogpNew)).toEqual([-1 / 3, -1 / 3, 0, 2 / 3, 0, 0].map((x) => expect.closeTo(x, 15)));
  });

  it('seq-mean: mean over sequences of each sequence mean', () => {
    const r = run('seq-mean');
    expect(r.loss).toBeCloseTo(((-1 - 1) / 2 + 2 / 1) / 2, 15);
    expect(Array.from(r.dLogpNew)).toEqual([-1 / 4, -1 / 4, 0, 1, 0, 0].map((x) => expect.closeTo(x, 15)));
  });

  it('dr-grpo: Σ l / (B · L), or B · maxLen when given', () => {
    expect(run('dr-grpo').loss).toBeCloseTo(0 / 6, 15);
    expect(run('dr-grpo').dLogpNew[0]).toBeCloseTo(-1 / 6, 15);
    expect(run('dr-grpo', 10).dLogpNew[3]).toBeCloseTo(2 / 20, 15);
  });

  it('seq-mean leaves empty sequences out of the mean', () => {
    const r = grpoLoss({ ...batch, mask: [1, 1, 0, 0, 0, 0] }, { ...base, aggregation: 'seq-mean' });
    expect(r.loss).toBeCloseTo(-1, 15);
  });

  it('reports mean ratio, clip fraction and old-vs-new KL over masked tokens only', () => {
    const r = grpoLoss({ ...batch, logpNew: [-1 + Math.log(2), -2, 99, -3, 99, 99] }, base);
    expect(r.stats.tokens).toBe(3);
    expect(r.stats.meanRatio).toBeCloseTo((2 + 1 + 1) / 3, 14);
    expect(r.stats.clipFraction).toBeCloseTo(1 / 3, 15); // ρ = 2 with A = 1 is clipped
    expect(r.stats.approxKlOld).toBeCloseTo(-Math.log(2) / 3, 15);
  });
});

describe('GRPO gradient vs finite differences', () => {
  it.each(['token-mean', 'seq-mean', 'dr-grpo'] as const)('%s with dual-clip and KL', (aggregation) => {
    const r = rng(21);
    const [B, L] = [4, 5];
    const logpOld = randn(r, B * L, 2);
    const logpNew = Float64Array.from(logpOld, (x) => x + (r() * 2 - 1) * 0.8); // ratios e^±0.8: some clipped
    const logpRef = Float64Array.from(logpOld, (x) => x + (r() * 2 - 1) * 0.5);
    const advantages = [1.2, -0.7, -1.5, 0.3];
    const mask = Array.from({ length: B * L }, (_, k) => (k % L < 2 + (Math.floor(k / L) % 3) ? 1 : 0));
    const settings: GrpoSettings = { epsLow: 0.2, epsHigh: 0.28, dualClip: 1.5, klBeta: 0.05, aggregation };
    const b: GrpoBatch = { batch: B, length: L, logpNew, logpOld, logpRef, advantages, mask };
    const res = grpoLoss(b, settings);
    // The random data must exercise every branch, or the check proves less than it claims.
    expect(res.stats.clipFraction).toBeGreaterThan(0);
    expect(res.stats.dualClipFraction).toBeGreaterThan(0);
    expect(res.stats.clipFraction + res.stats.dualClipFraction).toBeLessThan(1);
    expect(fdError(() => grpoLoss(b, settings).loss, logpNew, res.dLogpNew)).toBeLessThan(1e-8);
  });
});

describe('GRPO and SFT input errors', () => {
  it('rejects mismatched shapes, bad masks and inconsistent settings with what to fix', () => {
    expect(() => grpoLoss({ ...one(1, 1), logpOld: [0, 0] }, base)).toThrow(/logpOld has 2 values, expected 1/);
    expect(() => grpoLoss(one(1, 1, { mask: [0.5] }), base)).toThrow(/mask\[0\] is 0.5; the mask must be 0 or 1/);
    expect(() => grpoLoss(one(1, 1, { mask: [0] }), base)).toThrow(/selects no tokens/);
    expect(() => grpoLoss(one(1, 1), { ...base, klBeta: 0.1 })).toThrow(/needs logpRef/);
    expect(() => grpoLoss(one(1, 1), { ...base, dualClip: 1 })).toThrow(/dualClip 1 must be > 1/);
    expect(() => grpoLoss(one(1, 1), { ...base, epsLow: 1 })).toThrow(/epsLow 1 must be in \[0, 1\)/);
    expect(() => grpoLoss(one(1, 1), { ...base, aggregation: 'sum' as never })).toThrow(/aggregation "sum"/);
    expect(() => sftLoss([-1, -2], [1])).toThrow(/2 log-probs but 1 mask entries/);
    expect(() => sftLoss([-1], [0])).toThrow(/selects no tokens/);
  });
});

describe('SFT cross-entropy', () => {
  it('is the token mean of −logp over masked tokens, gradient −m/Σm', () => {
    const r = sftLoss([-1, -2, -30, -4], [1, 1, 0, 1]);
    expect(r.loss).toBeCloseTo(7 / 3, 15);
    expect(Array.from(r.dLogp)).toEqual([-1 / 3, -1 / 3, 0, -1 / 3].map((x) => expect.closeTo(x, 15)));
    expect(r.tokens).toBe(3);
  });
});
