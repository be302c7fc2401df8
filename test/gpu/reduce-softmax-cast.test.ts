// Row sum / max, row softmax and f32 <-> f16 casts vs float64 references: odd shapes,
// rows longer than a workgroup (up to a 151936-wide vocabulary row), f16, sharded
// tensors. ~3 s on lavapipe.
import { describe, expect, test } from 'vitest';
import { f32ToF16Bits, f16BitsToF32, type GpuContext } from '../../src/gpu';
import { cast } from '../../src/kernels/cast';
import { rowMax, rowSum } from '../../src/kernels/reduce';
import { softmax } from '../../src/kernels/softmax';
import { refCastToF16, refRoundToF16 } from '../../src/reference/cast';
import { refRowMax, refRowSum } from '../../src/reference/reduce';
import { refSoftmax } from '../../src/reference/softmax';
import type { RowLayout } from '../../src/kernels/launch';
import { createTestContext, getTestContext, randomArray, worstError } from '../helpers/gpu';

const SHAPES: [number, number][] = [[1, 1], [1, 7], [37, 61], [3, 129], [5, 64], [2, 1025], [1100, 3], [1030, 16], [2, 5000], [70, 203], [100, 1030]];

async function checkRows(ctx: GpuContext, rows: number, cols: number, dtype: 'f32' | 'f16', seed: number, layout: RowLayout = 'auto') {
  const x = ctx.tensor([rows, cols], dtype, randomArray(rows * cols, seed, -8, 8), 'x');
  const xv = await x.read();
  const sum = ctx.tensor([rows], 'f32', undefined, 'sum');
  const max = ctx.tensor([rows], 'f32', undefined, 'max');
  const sm = ctx.tensor([rows, cols], dtype, undefined, 'softmax');
  const rec = ctx.recorder();
  rowSum(rec, x, sum, { layout });
  rowMax(rec, x, max, { layout });
  softmax(rec, x, sm, { scale: 0.7, layout });
  const reads = [rec.read(sum), rec.read(max), rec.read(sm)];
  rec.submit();
  const [gs, gm, gsm] = await Promise.all(reads);
  const out = {
    // Sums of n values in [-8, 8): scale the error by √n·8 so it is relative to the spread.
    sum: worstError(gs, refRowSum(xv, rows, cols)).err / Math.max(1, Math.sqrt(cols)),
    max: worstError(gm, refRowMax(xv, rows, cols)).err,
    softmax: worstError(gsm, refSoftmax(xv, rows, cols, 0.7)),
  };
  for (const t of [x, sum, max, sm]) t.destroy();
  return out;
}

describe('row reductions and softmax', () => {
  for (const dtype of ['f32', 'f16'] as const) {
    test(`${dtype}: odd shapes, rows longer than a workgroup, many rows`, async () => {
      const ctx = await getTestContext();
      if (dtype === 'f16' && !ctx.features.f16) return;
      let seed = 1;
      for (const [rows, cols] of SHAPES) {
        const r = await checkRows(ctx, rows, cols, dtype, seed++);
        const at = `[${rows}, ${cols}]`;
        expect(r.sum, `sum ${at}`).toBeLessThan(1e-5);
        expect(r.max, `max ${at}`).toBe(0);
        // Softmax outputs are ≤ 1: absolute error; f16 output rounding is 2^-11 relative.
        expect(r.softmax.err, `softmax ${at} at ${r.softmax.at}`).toBeLessThan(dtype === 'f32' ? 1e-6 : 5e-4);
      }
    });
  }

  test('both row layouts (workgroup tree, invocation per row) agree with the reference', async () => {
    const ctx = await getTestContext();
    for (const layout of ['workgroup', 'invocation'] as const) {
      for (const [rows, cols] of [[1, 5], [100, 1030], [65, 61], [3, 4100]] as const) {
        const r = await checkRows(ctx, rows, cols, 'f32', 21, layout);
        expect(r.sum, `${layout} sum [${rows}, ${cols}]`).toBeLessThan(1e-5);
        expect(r.max, `${layout} max [${rows}, ${cols}]`).toBe(0);
        expect(r.softmax.err, `${layout} softmax [${rows}, ${cols}]`).toBeLessThan(1e-6);
      }
    }
  });

  test('softmax of a 151936-wide vocabulary row sums to 1 and matches the reference', async () => {
    const ctx = await getTestContext();
    const V = 151936;
    const data = randomArray(2 * V, 77, -20, 20);
    data[12345] = 60; // one dominant logit
    const x = ctx.tensor([2, V], 'f32', data);
    const y = ctx.tensor([2, V], 'f32');
    const sum = ctx.tensor([2], 'f32');
    ctx.run((rec) => {
      softmax(rec, x, y);
      rowSum(rec, y, sum);
    });
    const got = await y.read();
    expect(worstError(got, refSoftmax(data, 2, V)).err).toBeLessThan(1e-6);
    const s = await sum.read();
    expect(Math.abs(s[0] - 1)).toBeLessThan(1e-4);
    expect(Math.abs(s[1] - 1)).toBeLessThan(1e-4);
    for (const t of [x, y, sum]) t.destroy();
  });

  test('softmax is stable for huge logits and uniform for equal masked rows', async () => {
    const ctx = await getTestContext();
    const x = ctx.tensor([2, 5], 'f32', [1e30, 1e30 - 1e24, 0, -1e30, 3e38, -1e30, -1e30, -1e30, -1e30, -1e30]);
    const y = ctx.tensor([2, 5], 'f32');
    ctx.run((rec) => softmax(rec, x, y));
    const got = Array.from(await y.read());
    expect(got.every(Number.isFinite)).toBe(true);
    expect(got.slice(0, 5)).toEqual([0, 0, 0, 0, 1]);
    for (const v of got.slice(5)) expect(v).toBeCloseTo(0.2, 6);
  });

  test('sharded inputs: reductions per shard, softmax per segment', async () => {
    const ctx = await createTestContext({ maxBindingBytes: 1024 });
    for (const dtype of ['f32', ...(ctx.features.f16 ? ['f16' as const] : [])] as ('f32' | 'f16')[]) {
      const r = await checkRows(ctx, 37, 61, dtype, 5);
      expect(r.sum).toBeLessThan(1e-5);
      expect(r.max).toBe(0);
      expect(r.softmax.err).toBeLessThan(dtype === 'f32' ? 1e-6 : 5e-4);
    }
    ctx.destroy();
  });

  test('bad shapes are refused', async () => {
    const ctx = await getTestContext();
    const x = ctx.tensor([3, 4], 'f32');
    const rec = ctx.recorder();
    expect(() => rowSum(rec, x, ctx.tensor([4], 'f32'))).toThrow(/one element per row.*\(3\)/);
    expect(() => rowMax(rec, x, ctx.tensor([3], 'i32'))).toThrow(/expected f32/);
    expect(() => softmax(rec, x, x)).toThrow(/passed twice/);
  });
});

describe('cast f32 <-> f16', () => {
  test('reference rounding agrees with the host bit conversion on tricky values', () => {
    const vals = [0, -0, 1, 1 + 2 ** -11, 1 + 3 * 2 ** -11, 65504, 65519, 65520, 1e6, -1e6, 2 ** -14, 2 ** -24, 2 ** -25, 3 * 2 ** -25, 5.96e-8, 0.1, -3.14159];
    for (const v of vals) {
      const host = f16BitsToF32(f32ToF16Bits(Math.fround(v)));
      const ref = refRoundToF16(Math.fround(v));
      // The host conversion overflows to ±Inf; the kernel (and reference) saturate.
      expect(Math.abs(v) >= 65520 ? Math.sign(v) * 65504 : host, `${v}`).toBe(ref);
    }
  });

  test('round trips on odd, aligned and sharded shapes', async () => {
    const base = await getTestContext();
    if (!base.features.f16) return;
    const sharded = await createTestContext({ maxBindingBytes: 512 });
    const shapes = (big: boolean) => (big ? [[1], [7], [37, 61], [64, 64], [3, 1500]] : [[7], [37, 61], [40, 24], [300, 3]]);
    for (const ctx of [base, sharded]) {
      for (const shape of shapes(ctx === base)) {
        const n = shape.reduce((a, b) => a * b, 1);
        const data = randomArray(n, n, -70000, 70000);
        data[0] = 1e-6;
        const x = ctx.tensor(shape, 'f32', data);
        const h = ctx.tensor(shape, 'f16');
        const back = ctx.tensor(shape, 'f32');
        ctx.run((rec) => {
          cast(rec, x, h);
          cast(rec, h, back);
        });
        const want = refCastToF16(data);
        expect(worstError(await h.read(), want).err, `to f16 [${shape}]`).toBe(0);
        expect(worstError(await back.read(), want).err, `to f32 [${shape}]`).toBe(0);
        for (const t of [x, h, back]) t.destroy();
      }
    }
    sharded.destroy();
  });
});
