// Vocabulary-chunked LM head vs the float64 reference (linear + log-softmax NLL): log p
// and lse, the fused backward (d hidden, d W) incl. finite differences, a sharded head,
// and last-row logits for sampling. Vocab 300 in chunks of 64 (ragged last chunk). ~3 s.
import { describe, expect, test } from 'vitest';
import { linearBackward, linearForward } from '../../src/reference/ops/linear';
import { IGNORE, logSoftmaxNllBackward, logSoftmaxNllForward } from '../../src/reference/ops/log-softmax-nll';
import { lmheadBackward, lmheadLogits, lmheadLogProbs } from '../../src/kernels/lmhead';
import type { GpuContext } from '../../src/gpu';
import { createTestContext, getTestContext, maxAbsDiff, randomArray } from '../helpers/gpu';

const V = 300;
const H = 24;

function targetsFor(T: number): number[] {
  return Array.from({ length: T }, (_, t) => (t % 5 === 3 ? IGNORE : (t * 97 + 13) % V));
}

function reference(hidden: Float32Array, w: Float32Array, T: number, targets: number[], scale: Float32Array) {
  const logits = linearForward(hidden, w, undefined, T, H, V);
  const { nll, lse } = logSoftmaxNllForward(logits, T, V, targets);
  const dl = logSoftmaxNllBackward(logits, lse, T, V, targets, scale);
  const { dx, dw } = linearBackward(dl, hidden, w, false, T, H, V);
  return { logits, logp: nll.map((x) => -x), lse, dx, dw };
}

async function run(ctx: GpuContext, T: number, seed: number, logitsKernel?: 'tiled' | 'reg', wDtype: 'f32' | 'f16' = 'f32') {
  const hd = randomArray(T * H, seed, -1, 1);
  let wd = randomArray(V * H, seed + 1, -0.5, 0.5);
  const sd = randomArray(T, seed + 2, 0.1, 1);
  const targets = targetsFor(T);
  const hidden = ctx.tensor([T, H], 'f32', hd, 'hidden');
  const w = ctx.tensor([V, H], wDtype, wd, 'W');
  // An f16 head is compared with the reference on its rounded values.
  if (wDtype === 'f16') wd = (await w.read()) as Float32Array;
  const tg = ctx.tensor([T], 'i32', targets, 'targets');
  const logp = ctx.tensor([T], 'f32', undefined, 'logp');
  const lse = ctx.tensor([T], 'f32', undefined, 'lse');
  const scale = ctx.tensor([T], 'f32', sd, 'scale');
  const dHidden = ctx.tensor([T, H], 'f32', undefined, 'dHidden');
  const dW = ctx.tensor([V, H], 'f32', undefined, 'dW');
  ctx.run((rec) => {
    lmheadLogProbs(rec, hidden, w, tg, { logp, lse }, { chunk: 64, logitsKernel });
    lmheadBackward(rec, { hidden, w, targets: tg, lse, scale, dHidden, dW }, { chunk: 64, logitsKernel });
  });
  return {
    hd, wd, sd, targets, hidden, w, dHidden, dW, tg, lse, scale,
    got: { logp: await logp.read(), lse: await lse.read(), dx: await dHidden.read(), dw: await dW.read() },
    ref: reference(hd, wd, T, targets, sd),
  };
}

describe('lm head', () => {
  for (const T of [1, 7, 37]) {
    test(`log p, lse and the fused backward = reference, T ${T}`, async () => {
      const ctx = await getTestContext();
      const r = await run(ctx, T, T);
      expect(maxAbsDiff(r.got.lse, r.ref.lse)).toBeLessThan(1e-5);
      expect(maxAbsDiff(r.got.logp, r.ref.logp)).toBeLessThan(1e-5);
      expect(maxAbsDiff(r.got.dx, r.ref.dx)).toBeLessThan(1e-5);
      expect(maxAbsDiff(r.got.dw, r.ref.dw)).toBeLessThan(1e-5);
    });
  }

  test('backward matches finite differences of Σ scale·nll through the reference; accumulate adds', async () => {
    const ctx = await getTestContext();
    const T = 7;
    const r = await run(ctx, T, 11);
    const loss = (h: ArrayLike<number>, w: ArrayLike<number>) =>
      logSoftmaxNllForward(linearForward(h, w, undefined, T, H, V), T, V, r.targets).nll.reduce((a, x, t) => a + x * r.sd[t], 0);
    const eps = 1e-6;
    for (const i of [0, 50, 167]) {
      const p = Float64Array.from(r.hd); p[i] += eps;
      const m = Float64Array.from(r.hd); m[i] -= eps;
      expect(r.got.dx[i]).toBeCloseTo((loss(p, r.wd) - loss(m, r.wd)) / (2 * eps), 5);
    }
    // a row of W that is some token's target, one that is not, one in the ragged last chunk
    for (const i of [13 * H + 2, 1 * H + 5, 290 * H + 7]) {
      const p = Float64Array.from(r.wd); p[i] += eps;
      const m = Float64Array.from(r.wd); m[i] -= eps;
      expect(r.got.dw[i]).toBeCloseTo((loss(r.hd, p) - loss(r.hd, m)) / (2 * eps), 5);
    }
    ctx.run((rec) => lmheadBackward(rec, { hidden: r.hidden, w: r.w, targets: r.tg, lse: r.lse, scale: r.scale, dHidden: r.dHidden, dW: r.dW }, { chunk: 64, accumulateHidden: true, accumulateWeight: true }));
    expect(maxAbsDiff(await r.dHidden.read(), r.ref.dx.map((x) => 2 * x))).toBeLessThan(2e-5);
    expect(maxAbsDiff(await r.dW.read(), r.ref.dw.map((x) => 2 * x))).toBeLessThan(2e-5);
    // The same gradient given as dL/dlog p (= −scale), as the GRPO loss kernel writes it.
    const dLogp = ctx.tensor([T], 'f32', r.sd.map((x) => -x), 'dLogp');
    ctx.run((rec) => lmheadBackward(rec, { hidden: r.hidden, w: r.w, targets: r.tg, lse: r.lse, dLogp, dHidden: r.dHidden, dW: r.dW }, { chunk: 64 }));
    expect(maxAbsDiff(await r.dHidden.read(), r.ref.dx)).toBeLessThan(1e-5);
    expect(maxAbsDiff(await r.dW.read(), r.ref.dw)).toBeLessThan(1e-5);
  });

  test('a head split across shards (tied embedding) gives the same results, with either logits kernel', async () => {
    // 100 rows × 24 f32 per binding: W and dW in 3 shards, chunks of 64 inside each.
    const ctx = await createTestContext({ maxBindingBytes: 9600 });
    for (const kernel of ['tiled', 'reg'] as const) {
      const r = await run(ctx, 7, 5, kernel);
      expect(r.w.shards.length).toBe(3);
      expect(maxAbsDiff(r.got.logp, r.ref.logp)).toBeLessThan(1e-5);
      expect(maxAbsDiff(r.got.dx, r.ref.dx)).toBeLessThan(1e-5);
      expect(maxAbsDiff(r.got.dw, r.ref.dw)).toBeLessThan(1e-5);
    }
    ctx.destroy();
  });

  test('an f16 head (tied f16 embedding): one binding (shared matmul) and sharded apart from its f32 dW', async (t) => {
    const plain = await getTestContext();
    if (!plain.features.f16) {
      t.skip();
      return;
    }
    const r = await run(plain, 7, 8, undefined, 'f16');
    expect(maxAbsDiff(r.got.logp, r.ref.logp)).toBeLessThan(1e-5);
    expect(maxAbsDiff(r.got.dx, r.ref.dx)).toBeLessThan(1e-5);
    expect(maxAbsDiff(r.got.dw, r.ref.dw)).toBeLessThan(1e-5);
    // 4800-byte bindings: W (f16) in 3 shards of 100 rows, dW (f32) in 6 of 50.
    const ctx = await createTestContext({ maxBindingBytes: 4800 });
    for (const kernel of ['tiled', 'reg'] as const) {
      const s = await run(ctx, 7, 9, kernel, 'f16');
      expect([s.w.shards.length, s.dW.shards.length]).toEqual([3, 6]);
      expect(maxAbsDiff(s.got.logp, s.ref.logp)).toBeLessThan(1e-5);
      expect(maxAbsDiff(s.got.dx, s.ref.dx)).toBeLessThan(1e-5);
      expect(maxAbsDiff(s.got.dw, s.ref.dw)).toBeLessThan(1e-5);
    }
    ctx.destroy();
  });

  test('last-row logits for sampling (picked by row index) = reference rows', async () => {
    const ctx = await getTestContext();
    const T = 9;
    const hd = randomArray(T * H, 21);
    const wd = randomArray(V * H, 22);
    const rows = [8, 0, 4];
    const ref = linearForward(hd, wd, undefined, T, H, V);
    const want = rows.flatMap((r) => [...ref.subarray(r * V, (r + 1) * V)]);
    for (const logitsKernel of ['tiled', 'reg'] as const) {
      const out = ctx.tensor([rows.length, V], 'f32', undefined, 'logits');
      ctx.run((rec) => lmheadLogits(rec, ctx.tensor([T, H], 'f32', hd), ctx.tensor([V, H], 'f32', wd), out, { rows: ctx.tensor([3], 'u32', rows), chunk: 64, logitsKernel }));
      expect(maxAbsDiff(await out.read(), want)).toBeLessThan(1e-5);
    }
  });

  test('mismatched hidden size is refused', async () => {
    const ctx = await getTestContext();
    const rec = ctx.recorder();
    const t = (s: number[], d: 'f32' | 'i32' = 'f32', label = 'x') => ctx.tensor(s, d, undefined, label);
    expect(() => lmheadLogProbs(rec, t([3, 16], 'f32', 'hidden'), t([V, H], 'f32', 'lm_head'), t([3], 'i32') as never, { logp: t([3]), lse: t([3]) })).toThrow(
      /hidden "hidden" \[3,16\] has rows of 16, the LM head "lm_head" \[300,24\] expects 24/,
    );
    const io = { hidden: t([3, H]), w: t([V, H]), targets: t([3], 'i32') as never, lse: t([3]), scale: t([3]), dHidden: t([3, H]), dW: t([V / 2, 2 * H], 'f32', 'dW') };
    expect(() => lmheadBackward(rec, io)).toThrow(/dW "dW" is \[150,48\] f32; it must be f32 with W's shape \[300,24\]/);
    expect(() => lmheadBackward(rec, { ...io, dW: null, scale: t([4], 'f32', 'scale') })).toThrow(/scale "scale" has 4 elements, expected 3/);
    expect(() => lmheadBackward(rec, { ...io, dW: null, dLogp: t([3]) } as never)).toThrow(/exactly one of scale \(weights of −log p\) and dLogp/);
    rec.submit();
  });
});
