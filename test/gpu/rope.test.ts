// RoPE (rotate-half, per-token positions, table from inverse frequencies) vs the float64
// reference; the backward is the inverse rotation. ~1 s on lavapipe.
import { describe, expect, test } from 'vitest';
import { ropeBackward as refBackward, ropeForward as refForward } from '../../src/reference/ops/rope';
import { ropeInverseFrequencies } from '../../src/model/config-rope';
import { createRopeTable, ropeInPlace, ropeIntoCache } from '../../src/kernels/rope';
import { kvCacheWrite } from '../../src/kernels/attention';
import { getTestContext, maxAbsDiff, randomArray } from '../helpers/gpu';

describe('rope', () => {
  for (const [T, heads, hd] of [
    [1, 4, 16],
    [7, 2, 32],
    [37, 1, 16],
  ] as const) {
    test(`forward and backward = reference, T ${T} heads ${heads} headDim ${hd}, scattered positions`, async () => {
      const ctx = await getTestContext();
      const theta = 10000;
      const positions = Array.from({ length: T }, (_, i) => (i * 37 + 5) % 300);
      const inv = ropeInverseFrequencies({ headDim: hd, ropeTheta: theta, ropeScaling: null });
      const rope = createRopeTable(ctx, inv, 300);
      const xData = randomArray(T * heads * hd, T + hd);
      const x = ctx.tensor([T, heads * hd], 'f32', xData, 'x');
      const pos = ctx.tensor([T], 'u32', positions, 'pos');
      ctx.run((rec) => ropeInPlace(rec, x, heads, pos, rope));
      const shape = { rows: T, heads, headDim: hd, positions, theta };
      expect(maxAbsDiff(await x.read(), refForward(xData, shape))).toBeLessThan(2e-6);
      const dy = ctx.tensor([T, heads * hd], 'f32', xData, 'dy');
      ctx.run((rec) => ropeInPlace(rec, dy, heads, pos, rope, true));
      expect(maxAbsDiff(await dy.read(), refBackward(xData, shape))).toBeLessThan(2e-6);
    });
  }

  test('into the cache: q rotated in place, k rotated and v copied into the cache rows, as the four separate ops do (GQA)', async () => {
    const ctx = await getTestContext();
    const T = 5, heads = 4, kvHeads = 2, hd = 16, cacheRows = 12;
    const positions = [0, 3, 17, 4, 299];
    const rows = [7, 0, 11, 3, 8];
    const rope = createRopeTable(ctx, ropeInverseFrequencies({ headDim: hd, ropeTheta: 10000, ropeScaling: null }), 300);
    const qData = randomArray(T * heads * hd, 41);
    const kData = randomArray(T * kvHeads * hd, 42);
    const vData = randomArray(T * kvHeads * hd, 43);
    const cacheData = randomArray(cacheRows * kvHeads * hd, 44);
    const pos = ctx.tensor([T], 'u32', positions, 'pos');
    const rowsT = ctx.tensor([T], 'u32', rows, 'rows');
    const shape = { heads, kvHeads, headDim: hd };
    const make = () => ({
      q: ctx.tensor([T, heads * hd], 'f32', qData, 'q'),
      k: ctx.tensor([T, kvHeads * hd], 'f32', kData, 'k'),
      v: ctx.tensor([T, kvHeads * hd], 'f32', vData, 'v'),
      kCache: ctx.tensor([cacheRows, kvHeads * hd], 'f32', cacheData, 'k cache'),
      vCache: ctx.tensor([cacheRows, kvHeads * hd], 'f32', cacheData, 'v cache'),
    });
    const fused = make();
    ctx.run((rec) => ropeIntoCache(rec, { ...fused, positions: pos, rows: rowsT }, shape, rope));
    const apart = make();
    ctx.run((rec) => {
      ropeInPlace(rec, apart.q, heads, pos, rope);
      ropeInPlace(rec, apart.k, kvHeads, pos, rope);
      kvCacheWrite(rec, apart.k, apart.kCache, rowsT, shape);
      kvCacheWrite(rec, apart.v, apart.vCache, rowsT, shape);
    });
    for (const name of ['q', 'kCache', 'vCache'] as const) expect(maxAbsDiff(await fused[name].read(), await apart[name].read())).toBeLessThan(1e-6);
    expect(Array.from(await fused.k.read())).toEqual(Array.from(Float32Array.from(kData)));
    // Against the float64 reference: q, and each written cache row; the other rows untouched.
    const ref = (x: ArrayLike<number>, h: number) => refForward(x, { rows: T, heads: h, headDim: hd, positions, theta: 10000 });
    expect(maxAbsDiff(await fused.q.read(), ref(qData, heads))).toBeLessThan(2e-6);
    const kRef = ref(kData, kvHeads);
    const kc = await fused.kCache.read();
    const vc = await fused.vCache.read();
    const row = kvHeads * hd;
    for (let r = 0; r < cacheRows; r++) {
      const t = rows.indexOf(r);
      const want = (src: ArrayLike<number>) => Array.from(src).slice((t < 0 ? r : t) * row, ((t < 0 ? r : t) + 1) * row);
      expect(maxAbsDiff(kc.slice(r * row, (r + 1) * row), t < 0 ? want(cacheData) : want(kRef))).toBeLessThan(2e-6);
      expect(maxAbsDiff(vc.slice(r * row, (r + 1) * row), t < 0 ? want(cacheData) : want(vData))).toBe(0);
    }
    const bad = ctx.recorder('bad');
    expect(() => ropeIntoCache(bad, { ...fused, positions: pos, rows: ctx.tensor([2], 'u32', [0, 1]) }, shape, rope)).toThrow(/5 positions and 2 cache rows for 5 tokens/);
    expect(() => ropeIntoCache(bad, { ...fused, positions: pos, rows: rowsT }, { heads: 3, kvHeads: 2 }, rope)).toThrow(/multiple of kvHeads/);
    bad.abandon(new Error('test'));
  });

  test('backward matches finite differences of Σ dy·rope(x) through the reference', async () => {
    const ctx = await getTestContext();
    const T = 3, heads = 2, hd = 16;
    const positions = [0, 9, 250];
    const rope = createRopeTable(ctx, ropeInverseFrequencies({ headDim: hd, ropeTheta: 10000, ropeScaling: null }), 300);
    const xData = randomArray(T * heads * hd, 31);
    const dyData = randomArray(T * heads * hd, 32);
    const dy = ctx.tensor([T, heads * hd], 'f32', dyData, 'dy');
    ctx.run((rec) => ropeInPlace(rec, dy, heads, ctx.tensor([T], 'u32', positions), rope, true));
    const got = await dy.read();
    const shape = { rows: T, heads, headDim: hd, positions, theta: 10000 };
    const loss = (x: ArrayLike<number>) => refForward(x, shape).reduce((a, v, i) => a + v * dyData[i], 0);
    const eps = 1e-6;
    for (const i of [0, 20, 2 * heads * hd + 31]) {
      const p = Float64Array.from(xData); p[i] += eps;
      const m = Float64Array.from(xData); m[i] -= eps;
      expect(got[i]).toBeCloseTo((loss(p) - loss(m)) / (2 * eps), 5);
    }
  });

  test('rope_scaling frequencies pass through the table (llama3 remap)', async () => {
    const ctx = await getTestContext();
    const cfg = { headDim: 16, ropeTheta: 500000, ropeScaling: { type: 'llama3' as const, factor: 8, lowFreqFactor: 1, highFreqFactor: 4, originalMaxPositions: 64 } };
    const inv = ropeInverseFrequencies(cfg);
    const rope = createRopeTable(ctx, inv, 200);
    const positions = [0, 1, 63, 64, 199];
    const xData = randomArray(5 * 16, 8);
    const x = ctx.tensor([5, 16], 'f32', xData, 'x');
    ctx.run((rec) => ropeInPlace(rec, x, 1, ctx.tensor([5], 'u32', positions), rope));
    expect(maxAbsDiff(await x.read(), refForward(xData, { rows: 5, heads: 1, headDim: 16, positions, theta: 500000, invFreq: inv }))).toBeLessThan(2e-6);
  });

  test('mismatched positions are refused', async () => {
    const ctx = await getTestContext();
    const rope = createRopeTable(ctx, [1, 0.1], 8);
    const rec = ctx.recorder();
    expect(() => ropeInPlace(rec, ctx.tensor([3, 8], 'f32'), 2, ctx.tensor([2], 'u32'), rope)).toThrow(/2 positions for 3 tokens/);
    expect(() => ropeInPlace(rec, ctx.tensor([3, 12], 'f32', undefined, 'k'), 2, ctx.tensor([3], 'u32'), rope)).toThrow(/"k" \[3,12\] is not \[tokens, 2·4\]/);
    expect(() => createRopeTable(ctx, [1, 0.1], 0)).toThrow(/maxPositions must be a positive integer/);
    rec.submit();
  });
});
