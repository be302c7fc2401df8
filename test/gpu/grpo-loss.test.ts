// GRPO loss on the GPU vs the float64 reference (src/reference/grpo.ts): crafted tokens in
// every clipping region (A > 0 / A < 0, dual-clip on/off), an empty sequence, KL on/off,
// no reference policy, each aggregation; random batches wider than a workgroup and with
// more sequences than the finishing workgroup; bad masks and settings refused. ~2 s.
import { describe, expect, test } from 'vitest';
import type { GpuContext } from '../../src/gpu';
import { type GrpoBatch, type GrpoSettings, grpoLoss } from '../../src/reference/grpo';
import { GrpoLoss, grpoBatchCounts } from '../../src/train/losses';
import { getTestContext, randomArray, worstError } from '../helpers/gpu';

const TOL = 2e-5;

async function compare(ctx: GpuContext, b: GrpoBatch, s: GrpoSettings) {
  const f32 = (a: ArrayLike<number>) => Float32Array.from(a);
  // The reference sees exactly the f32 values the GPU sees.
  const batch: GrpoBatch = {
    ...b,
    logpNew: f32(b.logpNew),
    logpOld: f32(b.logpOld),
    logpRef: b.logpRef && f32(b.logpRef),
    advantages: f32(b.advantages),
    mask: f32(b.mask),
  };
  const want = grpoLoss(batch, s);
  const shape = [b.batch, b.length];
  const t = {
    logpNew: ctx.tensor(shape, 'f32', batch.logpNew as Float32Array, 'logp_new'),
    logpOld: ctx.tensor(shape, 'f32', batch.logpOld as Float32Array, 'logp_old'),
    logpRef: batch.logpRef ? ctx.tensor(shape, 'f32', batch.logpRef as Float32Array, 'logp_ref') : undefined,
    advantages: ctx.tensor([b.batch], 'f32', batch.advantages as Float32Array, 'adv'),
    mask: ctx.tensor(shape, 'f32', batch.mask as Float32Array, 'mask'),
  };
  const loss = new GrpoLoss(ctx, b.batch, b.length);
  const got = await loss.run(t, s);
  const grad = await loss.dLogpNew.read();
  loss.destroy();
  for (const x of Object.values(t)) x?.destroy();
  return { want, got, grad };
}

function expectMatch(r: Awaited<ReturnType<typeof compare>>, what: string) {
  const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(1, Math.abs(b));
  expect(rel(r.got.loss, r.want.loss), `${what}: loss ${r.got.loss} vs ${r.want.loss}`).toBeLessThan(TOL);
  for (const [k, w] of Object.entries(r.want.stats)) {
    const g = r.got.stats[k as keyof typeof r.got.stats];
    if (Number.isNaN(w)) expect(g, `${what}: ${k}`).toBeNaN();
    else expect(rel(g, w), `${what}: ${k} ${g} vs ${w}`).toBeLessThan(TOL);
  }
  const e = worstError(r.grad, r.want.dLogpNew);
  expect(e.err, `${what}: dLogpNew at ${e.at}`).toBeLessThan(TOL);
}

/** 4 sequences × 6 tokens: each token's ratio and mask picked to hit one clipping region. */
function crafted(withRef: boolean): GrpoBatch {
  const ratios = [
    [1.1, 1.5, 0.5, 1.0, 2.0, 0.9], // A > 0: inside, above 1+ε_high (clipped), below 1−ε_low (kept)
    [0.5, 5.0, 2.0, 1.05, 12.0, 0.7], // A < 0: below 1−ε_low (clipped), far above (dual-clip), ...
    [1.2, 0.3, 1.0, 1.0, 1.0, 1.0], // A = 0
    [1.0, 1.0, 1.0, 1.0, 1.0, 1.0], // masked out entirely (an empty sequence)
  ];
  const mask = [
    [1, 1, 1, 1, 1, 0],
    [1, 1, 1, 1, 1, 1],
    [1, 1, 0, 0, 0, 0],
    [0, 0, 0, 0, 0, 0],
  ];
  const logpOld = ratios.flat().map((_, i) => -0.5 - (i % 5) * 0.3);
  const logpNew = ratios.flat().map((r, i) => logpOld[i] + Math.log(r));
  const logpRef = withRef ? logpNew.map((x, i) => x + 0.4 * Math.sin(i)) : undefined;
  return { batch: 4, length: 6, logpNew, logpOld, logpRef, advantages: [1.3, -0.8, 0, 0.5], mask: mask.flat() };
}

function random(B: number, L: number, seed: number, withRef: boolean): GrpoBatch {
  const logpOld = randomArray(B * L, seed, -4, -0.01);
  const drift = randomArray(B * L, seed + 1, -0.4, 0.4);
  const logpNew = logpOld.map((x, i) => x + drift[i]);
  const lens = Array.from(randomArray(B, seed + 2, 0, L), (x) => 1 + Math.floor(x));
  const mask = new Float32Array(B * L);
  for (let i = 0; i < B; i++) for (let t = 0; t < lens[i]; t++) mask[i * L + t] = 1;
  const logpRef = withRef ? logpNew.map((x, i) => x + drift[(i * 7) % (B * L)]) : undefined;
  return { batch: B, length: L, logpNew, logpOld, logpRef, advantages: randomArray(B, seed + 3, -1.5, 1.5), mask };
}

const AGGS = ['token-mean', 'seq-mean', 'dr-grpo'] as const;

describe('GRPO loss on the GPU', () => {
  test('crafted tokens: every clipping region, dual-clip, KL on/off, each aggregation', async () => {
    const ctx = await getTestContext();
    for (const aggregation of AGGS) {
      const plain: GrpoSettings = { epsLow: 0.2, epsHigh: 0.28, aggregation };
      const r0 = await compare(ctx, crafted(false), plain);
      expectMatch(r0, `${aggregation} plain`);
      expect(r0.want.stats.clipFraction).toBeGreaterThan(0);
      const r1 = await compare(ctx, crafted(true), { ...plain, dualClip: 3, klBeta: 0.05 });
      expectMatch(r1, `${aggregation} dual-clip + KL`);
      expect(r1.want.stats.dualClipFraction).toBeGreaterThan(0);
      expect(r1.want.stats.klLoss).not.toBe(0);
      // A reference policy without β: the KL is reported but does not enter the loss.
      const r2 = await compare(ctx, crafted(true), { ...plain, klBeta: 0 });
      expectMatch(r2, `${aggregation} KL stat only`);
      expect(r2.got.stats.klLoss).toBe(0);
      expect(r2.got.stats.meanKl).toBeGreaterThan(0);
    }
    const dr = await compare(ctx, crafted(false), { epsLow: 0.2, epsHigh: 0.2, aggregation: 'dr-grpo', maxLen: 512 });
    expectMatch(dr, 'dr-grpo maxLen 512');
  });

  test('random batches: rows longer than a workgroup, more sequences than the finishing workgroup', async () => {
    const ctx = await getTestContext();
    let seed = 40;
    for (const [B, L] of [[5, 37], [3, 150], [70, 3]]) {
      for (const aggregation of AGGS) {
        const withRef = seed % 2 === 0;
        const s: GrpoSettings = { epsLow: 0.2, epsHigh: 0.28, dualClip: 10, klBeta: withRef ? 0.01 : 0, aggregation };
        expectMatch(await compare(ctx, random(B, L, seed, withRef), s), `[${B}, ${L}] ${aggregation} seed ${seed}`);
        seed += 5;
      }
    }
  });

  test('micro-batches normalised by the whole batch add up to the whole batch', async () => {
    const ctx = await getTestContext();
    const B = 6;
    const L = 9;
    const full = random(B, L, 77, true);
    const mask = Array.from(full.mask);
    for (let t = 0; t < L; t++) mask[4 * L + t] = 0; // one empty sequence
    const f32 = (a: ArrayLike<number>) => Float32Array.from(a);
    const batch = { ...full, logpNew: f32(full.logpNew), logpOld: f32(full.logpOld), logpRef: f32(full.logpRef!), advantages: f32(full.advantages), mask: f32(mask) };
    const lengths = Array.from({ length: B }, (_, i) => mask.slice(i * L, (i + 1) * L).reduce((a, b) => a + b, 0));
    for (const aggregation of AGGS) {
      const s: GrpoSettings = { epsLow: 0.2, epsHigh: 0.28, dualClip: 3, klBeta: 0.02, aggregation };
      const want = grpoLoss(batch, s);
      const counts = grpoBatchCounts(lengths, aggregation);
      let loss = 0;
      const grad: number[] = [];
      for (const [r0, r1] of [[0, 2], [2, 6]]) {
        const rows = (a: Float32Array) => a.slice(r0 * L, r1 * L);
        const shape = [r1 - r0, L];
        const gl = new GrpoLoss(ctx, r1 - r0, L);
        const part = await gl.run(
          {
            logpNew: ctx.tensor(shape, 'f32', rows(batch.logpNew)),
            logpOld: ctx.tensor(shape, 'f32', rows(batch.logpOld)),
            logpRef: ctx.tensor(shape, 'f32', rows(batch.logpRef)),
            advantages: ctx.tensor([r1 - r0], 'f32', batch.advantages.slice(r0, r1)),
            mask: ctx.tensor(shape, 'f32', rows(batch.mask)),
          },
          { ...s, maxLen: L },
          counts,
        );
        loss += part.loss;
        grad.push(...(await gl.dLogpNew.read()));
        gl.destroy();
      }
      expect(Math.abs(loss - want.loss), `${aggregation} loss`).toBeLessThan(TOL);
      expect(worstError(grad, want.dLogpNew).err, `${aggregation} gradient`).toBeLessThan(TOL);
    }
  });

  test('bad masks, empty masks and bad settings are refused with what to do', async () => {
    const ctx = await getTestContext();
    const s: GrpoSettings = { epsLow: 0.2, epsHigh: 0.2, aggregation: 'token-mean' };
    const b = crafted(false);
    await expect(compare(ctx, { ...b, mask: Array.from(b.mask, (m, i) => (i === 3 ? 0.5 : m)) }, s)).rejects.toThrow(/must be 0 or 1/);
    // The reference throws first for these; check the GPU path on its own.
    const loss = new GrpoLoss(ctx, 2, 3);
    const z = (v: number) => ctx.tensor([2, 3], 'f32', new Float32Array(6).fill(v));
    const inputs = { logpNew: z(-1), logpOld: z(-1), advantages: ctx.tensor([2], 'f32', [1, -1]), mask: z(0) };
    await expect(loss.run(inputs, s)).rejects.toThrow(/mask selects no tokens/);
    inputs.mask = z(2);
    await expect(loss.run(inputs, s)).rejects.toThrow(/6 mask values are neither 0 nor 1/);
    // ... and the loss on the GPU is NaN, so a guard checking the stats skips the update.
    expect(Number.isNaN((await loss.stats.read())[0])).toBe(true);
    inputs.mask = z(1);
    expect((await loss.run(inputs, s)).loss).toBeCloseTo(0, 6);
    await expect(loss.run(inputs, { ...s, klBeta: 0.1 })).rejects.toThrow(/needs logpRef/);
    await expect(loss.run(inputs, { ...s, dualClip: 1 })).rejects.toThrow(/dualClip 1 must be > 1/);
    await expect(loss.run(inputs, { ...s, aggregation: 'mean' as 'token-mean' })).rejects.toThrow(/not one of token-mean/);
    await expect(loss.run(inputs, s, { tokens: 0 })).rejects.toThrow(/normalisation tokens = 0 must be a positive integer/);
    await expect(loss.run({ ...inputs, logpOld: ctx.tensor([6], 'f32') }, s)).resolves.toBeDefined();
    await expect(loss.run({ ...inputs, logpOld: ctx.tensor([5], 'f32', undefined, 'short') }, s)).rejects.toThrow(/logpOld "short" has 5 values, expected 6/);
    await expect(loss.run({ ...inputs, logpNew: ctx.tensor([3, 2], 'f32') }, s)).rejects.toThrow(/built for \[2, 3\]/);
    loss.destroy();
  });
});
