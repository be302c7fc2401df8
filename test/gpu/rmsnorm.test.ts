// RMSNorm forward/backward vs the float64 reference (and finite differences through it),
// including the per-head (Qwen3 q/k norm) view. ~1 s on lavapipe.
import { describe, expect, test } from 'vitest';
import { rmsnormBackward as refBackward, rmsnormForward as refForward } from '../../src/reference/ops/rmsnorm';
import { rmsnormBackward, rmsnormForward } from '../../src/kernels/rmsnorm';
import { getTestContext, maxAbsDiff, randomArray } from '../helpers/gpu';

const EPS = 1e-6;

async function run(rows: number, dim: number, seed: number, layout: 'workgroup' | 'invocation' = 'workgroup') {
  const ctx = await getTestContext();
  const xData = randomArray(rows * dim, seed, -2, 2);
  const wData = randomArray(dim, seed + 1, 0.5, 1.5);
  const dyData = randomArray(rows * dim, seed + 2);
  const x = ctx.tensor([rows, dim], 'f32', xData, 'x');
  const w = ctx.tensor([dim], 'f32', wData, 'w');
  const y = ctx.tensor([rows, dim], 'f32', undefined, 'y');
  const rstd = ctx.tensor([rows], 'f32', undefined, 'rstd');
  const dy = ctx.tensor([rows, dim], 'f32', dyData, 'dy');
  const dx = ctx.tensor([rows, dim], 'f32', undefined, 'dx');
  const dw = ctx.tensor([dim], 'f32', undefined, 'dw');
  ctx.run((rec) => {
    rmsnormForward(rec, x, w, EPS, y, rstd, { layout });
    rmsnormBackward(rec, dy, x, w, rstd, dx, dw, { layout });
  });
  return { ctx, xData, wData, dyData, x, w, y, rstd, dy, dx, dw, got: { y: await y.read(), rstd: await rstd.read(), dx: await dx.read(), dw: await dw.read() } };
}

describe('rmsnorm', () => {
  for (const [rows, dim, layout] of [
    [1, 32, 'workgroup'],
    [7, 48, 'invocation'],
    [37, 100, 'workgroup'],
    [37, 100, 'invocation'],
    [130, 16, 'workgroup'], // > one dw block of rows
  ] as const) {
    test(`forward and backward = reference, rows ${rows} dim ${dim}, one ${layout} per row`, async () => {
      const r = await run(rows, dim, rows + dim, layout);
      const ref = refForward(r.xData, r.wData, rows, dim, EPS);
      expect(maxAbsDiff(r.got.y, ref.y)).toBeLessThan(2e-6 * 4);
      expect(maxAbsDiff(r.got.rstd, ref.rstd)).toBeLessThan(1e-5);
      const g = refBackward(r.dyData, r.xData, r.wData, ref.rstd, rows, dim);
      expect(maxAbsDiff(r.got.dx, g.dx)).toBeLessThan(1e-5);
      expect(maxAbsDiff(r.got.dw, g.dw)).toBeLessThan(1e-5 * Math.sqrt(rows) * 4);
    });
  }

  test('gradients match finite differences of Σ dy·y through the reference', async () => {
    const rows = 5, dim = 12;
    const r = await run(rows, dim, 77);
    const loss = (x: ArrayLike<number>, w: ArrayLike<number>) => refForward(x, w, rows, dim, EPS).y.reduce((a, v, i) => a + v * r.dyData[i], 0);
    const h = 1e-6;
    for (const i of [0, 13, 59]) {
      const xp = Float64Array.from(r.xData); xp[i] += h;
      const xm = Float64Array.from(r.xData); xm[i] -= h;
      expect(r.got.dx[i]).toBeCloseTo((loss(xp, r.wData) - loss(xm, r.wData)) / (2 * h), 4);
    }
    for (const j of [0, 7, 11]) {
      const wp = Float64Array.from(r.wData); wp[j] += h;
      const wm = Float64Array.from(r.wData); wm[j] -= h;
      expect(r.got.dw[j]).toBeCloseTo((loss(r.xData, wp) - loss(r.xData, wm)) / (2 * h), 4);
    }
  });

  test('per-head view (Qwen3 q_norm): [T, heads·headDim] with a [headDim] weight; accumulate adds', async () => {
    const ctx = await getTestContext();
    const T = 7, heads = 4, hd = 16;
    const xData = randomArray(T * heads * hd, 5);
    const wData = randomArray(hd, 6, 0.5, 1.5);
    const x = ctx.tensor([T, heads * hd], 'f32', xData, 'q');
    const w = ctx.tensor([hd], 'f32', wData, 'q_norm');
    const y = ctx.tensor([T, heads * hd], 'f32', undefined, 'y');
    const rstd = ctx.tensor([T * heads], 'f32', undefined, 'rstd');
    const dx = ctx.tensor([T, heads * hd], 'f32', new Float32Array(T * heads * hd).fill(1), 'dx');
    const dw = ctx.tensor([hd], 'f32', new Float32Array(hd).fill(1), 'dw');
    ctx.run((rec) => {
      rmsnormForward(rec, x, w, EPS, y, rstd);
      rmsnormBackward(rec, x, x, w, rstd, dx, dw, { accumulateDx: true, accumulateDw: true });
    });
    const ref = refForward(xData, wData, T * heads, hd, EPS);
    expect(maxAbsDiff(await y.read(), ref.y)).toBeLessThan(1e-5);
    const g = refBackward(xData, xData, wData, ref.rstd, T * heads, hd);
    expect(maxAbsDiff(await dx.read(), g.dx.map((v) => v + 1))).toBeLessThan(1e-5);
    expect(maxAbsDiff(await dw.read(), g.dw.map((v) => v + 1))).toBeLessThan(1e-4);
  });

  test('a weight that does not divide x is refused', async () => {
    const ctx = await getTestContext();
    const rec = ctx.recorder();
    const x = ctx.tensor([3, 10], 'f32', undefined, 'x');
    const w = ctx.tensor([4], 'f32', undefined, 'w');
    expect(() => rmsnormForward(rec, x, w, EPS, x, ctx.tensor([3], 'f32'))).toThrow(/not a whole number of rows of 4/);
    rec.submit();
  });
});
