// Global gradient norm on the GPU vs float64: many tensors (odd, vec4, larger than the
// per-shard workgroup cap so the grid-stride loop runs), sharded tensors, grad scale,
// clip factor and per-tensor norms. <1 s.
import { describe, expect, test } from 'vitest';
import type { GpuContext } from '../../src/gpu';
import { refGlobalNorm } from '../../src/reference/adamw';
import { GradNorm } from '../../src/train/grad-norm';
import { createTestContext, getTestContext, randomArray } from '../helpers/gpu';

async function check(ctx: GpuContext, shapes: number[][], scale: number, maxNorm: number) {
  const data = shapes.map((s, i) => randomArray(s.reduce((a, b) => a * b, 1), 20 + i, -3, 3));
  const ts = shapes.map((s, i) => ctx.tensor(s, 'f32', data[i], `g${i}`));
  const gn = new GradNorm(ctx, ts);
  const rec = ctx.recorder();
  gn.record(rec, { gradScale: scale, maxNorm });
  const out = rec.read(gn.out);
  rec.submit();
  const [norm, clip] = await out;
  const want = refGlobalNorm(data, scale, maxNorm);
  expect(Math.abs(norm - want.norm) / want.norm).toBeLessThan(1e-5);
  expect(Math.abs(clip - want.clip)).toBeLessThan(1e-6);
  const per = await gn.perTensor();
  per.forEach((n, i) => expect(Math.abs(n - refGlobalNorm([data[i]], 1, 0).norm) / n, `tensor ${i}`).toBeLessThan(1e-5));
  gn.destroy();
  for (const t of ts) t.destroy();
  return { norm, clip };
}

describe('global gradient norm', () => {
  test('many tensors, grid-stride, scale and clip', async () => {
    const ctx = await getTestContext();
    const shapes = [[3], [17, 5], [64, 64], [300, 301], [1]];
    const a = await check(ctx, shapes, 1, 0);
    expect(a.clip).toBe(1);
    const b = await check(ctx, shapes, 0.25, 10);
    expect(b.clip).toBeLessThan(1);
    // A norm below maxNorm is left alone.
    const c = await check(ctx, [[4]], 1, 1000);
    expect(c.clip).toBe(1);
  });

  test('the same pass counts NaN/±Inf per gradient into flags (scalar, vec4 and sharded tensors)', async () => {
    for (const ctx of [await getTestContext(), await createTestContext({ maxBindingBytes: 1024 })]) {
      const shapes = [[17, 5], [64, 64], [3], [40, 8]];
      const data = shapes.map((sh, i) => randomArray(sh.reduce((a, b) => a * b, 1), 60 + i));
      data[0][33] = NaN;
      data[1][4095] = Infinity;
      data[1][0] = -Infinity;
      data[3][319] = NaN;
      const ts = shapes.map((sh, i) => ctx.tensor(sh, 'f32', data[i], `g${i}`));
      const flags = ctx.tensor([6], 'u32', new Uint32Array(6), 'flags');
      const gn = new GradNorm(ctx, ts);
      const rec = ctx.recorder();
      gn.record(rec, { flags, flagSlots: [2, 3, 4, 5] });
      const f = rec.read(flags);
      const out = rec.read(gn.out);
      rec.submit();
      expect(Array.from(await f)).toEqual([4, 0, 1, 2, 0, 1]);
      expect(Number.isNaN((await out)[0])).toBe(true);
      expect(() => gn.record(ctx.recorder(), { flags, flagSlots: [1] })).toThrow(/one slot per tensor \(4\)/);
      gn.destroy();
      for (const t of ts) t.destroy();
    }
  });

  test('sharded tensors', async () => {
    const ctx = await createTestContext({ maxBindingBytes: 1024 });
    await check(ctx, [[100, 9], [33, 16], [5]], 0.5, 3);
    ctx.destroy();
  });
});
