// AdamW + global grad-norm clipping + non-finite guard on the GPU vs the float64 reference
// (src/reference/adamw.ts): several tensors (odd and vec4 shapes, weight decay on some),
// sharded tensors, three steps, clipping on and off; a NaN gradient skips the update with
// weights and moments bit-identical and names the tensor. ~3 s on lavapipe.
import { describe, expect, test } from 'vitest';
import type { GpuContext, Tensor } from '../../src/gpu';
import { type RefAdamWState, refAdamWStep, refGlobalNorm } from '../../src/reference/adamw';
import { AdamW, type TrainableParam } from '../../src/train/adamw';
import { createTestContext, getTestContext, randomArray, worstError } from '../helpers/gpu';

const SHAPES: [string, number[], boolean][] = [
  ['embed', [37, 12], true],
  ['norm', [13], false],
  ['proj', [8, 16], true],
  ['bias', [5], false],
];

interface Setup {
  params: TrainableParam[];
  ref: RefAdamWState[];
}

function setup(ctx: GpuContext, seed: number, shadows = false): Setup {
  const params: TrainableParam[] = [];
  const ref: RefAdamWState[] = [];
  SHAPES.forEach(([name, shape, decay], i) => {
    const n = shape.reduce((a, b) => a * b, 1);
    const w0 = randomArray(n, seed + i, -1, 1);
    const shadow = shadows ? ctx.tensor(shape, 'f16', w0, `${name}.f16`) : undefined;
    params.push({ name, param: ctx.tensor(shape, 'f32', w0, name), grad: ctx.tensor(shape, 'f32', undefined, `${name}.grad`), decay, shadow });
    ref.push({ w: Float64Array.from(w0), m: new Float64Array(n), v: new Float64Array(n) });
  });
  return { params, ref };
}

async function runSteps(ctx: GpuContext, maxGradNorm: number, gradScale: number, shadows = false) {
  const { params, ref } = setup(ctx, 7, shadows);
  const cfg = { beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0.1, maxGradNorm };
  const opt = new AdamW(ctx, params, cfg);
  const errors: { what: string; err: number; tol: number }[] = [];
  const norms: { got: number; want: number; clip: number; wantClip: number }[] = [];
  for (let step = 1; step <= 3; step++) {
    const grads = params.map((p, i) => randomArray(p.grad.numel, 100 * step + i, -2, 2));
    // Two micro-batches accumulate into the gradient: the step sees their sum, scaled.
    ctx.run((rec) => {
      opt.zeroGrads(rec);
      params.forEach((p, i) => rec.write(p.grad, grads[i]));
    });
    const lr = 0.01 * step;
    const report = await opt.update({ lr, gradScale });
    const want = refGlobalNorm(grads, gradScale, maxGradNorm);
    norms.push({ got: report.gradNorm, want: want.norm, clip: report.clip, wantClip: want.clip });
    expect(report.applied).toBe(true);
    expect(report.step).toBe(step);
    ref.forEach((r, i) =>
      refAdamWStep(r, grads[i], { lr, beta1: cfg.beta1, beta2: cfg.beta2, eps: cfg.eps, weightDecay: params[i].decay ? cfg.weightDecay : 0, step, gradMultiplier: gradScale * want.clip }),
    );
    for (let i = 0; i < params.length; i++) {
      const [w, m, v] = await Promise.all([params[i].param.read(), opt.m[i].read(), opt.v[i].read()]);
      errors.push({ what: `step ${step} ${params[i].name} w`, err: worstError(w, ref[i].w).err, tol: 2e-5 });
      errors.push({ what: `step ${step} ${params[i].name} m`, err: worstError(m, ref[i].m).err, tol: 2e-5 });
      errors.push({ what: `step ${step} ${params[i].name} v`, err: worstError(v, ref[i].v).err, tol: 2e-5 });
      // The f16 copy holds the new weights rounded to f16 (relative error ≤ 2^-11).
      const sh = params[i].shadow;
      if (sh) errors.push({ what: `step ${step} ${params[i].name} f16 copy`, err: worstError(await sh.read(), ref[i].w).err, tol: 5e-4 });
    }
  }
  opt.destroy();
  for (const p of params) [p.param, p.grad, p.shadow].forEach((t) => t?.destroy());
  return { errors, norms };
}

describe('AdamW on the GPU', () => {
  for (const [label, maxNorm, scale] of [
    ['no clipping', 0, 1],
    ['clipping active, grad scale 1/2', 1.5, 0.5],
  ] as const) {
    test(`matches the float64 reference over 3 steps (${label})`, async () => {
      const ctx = await getTestContext();
      const { errors, norms } = await runSteps(ctx, maxNorm, scale);
      for (const e of errors) expect(e.err, e.what).toBeLessThan(e.tol);
      for (const n of norms) {
        expect(Math.abs(n.got - n.want) / n.want).toBeLessThan(1e-5);
        expect(Math.abs(n.clip - n.wantClip)).toBeLessThan(1e-5);
        if (maxNorm) expect(n.clip).toBeLessThan(1); // the test really clips
      }
    });
  }

  test('the f16 copy of the weights for the forward is written by the same update', async () => {
    const ctx = await getTestContext();
    if (!ctx.features.f16) return;
    const { errors } = await runSteps(ctx, 1.5, 1, true);
    expect(errors.filter((e) => e.what.includes('f16 copy'))).toHaveLength(12);
    for (const e of errors) expect(e.err, e.what).toBeLessThan(e.tol);
  });

  test('tensors split across bindings give the same result', async () => {
    const ctx = await createTestContext({ maxBindingBytes: 256 });
    const { errors, norms } = await runSteps(ctx, 1.5, 1, ctx.features.f16);
    expect(ctx.stats().dispatches).toBeGreaterThan(0);
    for (const e of errors) expect(e.err, e.what).toBeLessThan(e.tol);
    for (const n of norms) expect(Math.abs(n.got - n.want) / n.want).toBeLessThan(1e-5);
    ctx.destroy();
  });

  test('a NaN in one gradient skips the update, leaves weights, f16 copies and moments bit-identical, and names the tensor', async () => {
    const ctx = await getTestContext();
    const { params } = setup(ctx, 3, ctx.features.f16);
    const opt = new AdamW(ctx, params, { weightDecay: 0.1, maxGradNorm: 1 });
    const loss = ctx.tensor([1], 'f32', [0.5], 'loss');
    const writeGrads = (poison: number | null) =>
      ctx.run((rec) => {
        opt.zeroGrads(rec);
        params.forEach((p, i) => {
          const g = randomArray(p.grad.numel, 50 + i);
          if (i === poison) g[3] = NaN;
          rec.write(p.grad, g);
        });
      });
    writeGrads(null);
    expect((await opt.update({ lr: 0.01, check: [{ name: 'loss', tensor: loss }] })).applied).toBe(true);
    const tensors = [...params.map((p) => p.param), ...opt.m, ...opt.v, ...params.flatMap((p) => (p.shadow ? [p.shadow] : []))];
    const snapshot = async () => Promise.all(tensors.map(async (t: Tensor) => new Uint32Array((await t.read()).buffer.slice(0))));
    const before = await snapshot();
    writeGrads(2);
    const bad = await opt.update({ lr: 0.01, check: [{ name: 'loss', tensor: loss }] });
    expect(bad.applied).toBe(false);
    expect(bad.step).toBe(1);
    expect(bad.nonFinite).toEqual([{ name: 'proj.grad', count: 1 }]);
    expect(Number.isNaN(bad.gradNorm)).toBe(true);
    const after = await snapshot();
    after.forEach((a, i) => expect(Array.from(a), `tensor ${i}`).toEqual(Array.from(before[i])));
    // A bad loss is reported by its name too; then a clean step goes on from step 2.
    loss.write([Infinity]);
    writeGrads(null);
    const badLoss = await opt.update({ lr: 0.01, check: [{ name: 'loss', tensor: loss }] });
    expect(badLoss.nonFinite).toEqual([{ name: 'loss', count: 1 }]);
    loss.write([0.25]);
    const ok = await opt.update({ lr: 0.01, check: [{ name: 'loss', tensor: loss }] });
    expect(ok.applied).toBe(true);
    expect(ok.step).toBe(2);
    opt.destroy();
  });

  test('bad configuration and mismatched tensors are refused with a clear message', async () => {
    const ctx = await getTestContext();
    const w = ctx.tensor([4, 4], 'f32', undefined, 'w');
    const g = ctx.tensor([4, 4], 'f32', undefined, 'g');
    const g2 = ctx.tensor([16], 'f32', undefined, 'g2');
    expect(() => new AdamW(ctx, [{ name: 'w', param: w, grad: g2, decay: true }])).toThrow(/weights \[4,4\] and gradient \[16\] differ/);
    expect(() => new AdamW(ctx, [{ name: 'w', param: w, grad: g, decay: true }], { beta2: 1 })).toThrow(/beta2 1 must be in \[0, 1\)/);
    expect(() => new AdamW(ctx, [{ name: 'w', param: w, grad: g, decay: true }, { name: 'w', param: g2, grad: g2, decay: true }])).toThrow(/two parameters are named "w"/);
    if (ctx.features.f16) {
      const h = ctx.tensor([4, 4], 'f16', undefined, 'h');
      expect(() => new AdamW(ctx, [{ name: 'h', param: h, grad: g, decay: true }])).toThrow(/f32 master weights/);
    }
    const opt = new AdamW(ctx, [{ name: 'w', param: w, grad: g, decay: true }]);
    await expect(opt.update({ lr: NaN })).rejects.toThrow(/lr NaN must be a finite number/);
    const rec = ctx.recorder();
    opt.record(rec, { lr: 0.1 });
    expect(() => opt.record(rec, { lr: 0.1 })).toThrow(/previous update was not finished/);
    opt.destroy();
  });
});
