// Causal GQA attention backward (dq, dk, dv from the forward's lse, probabilities
// recomputed) vs the float64 reference backward per sequence, on packed batches of
// different lengths, plus finite differences through the reference forward. ~2 s.
import { describe, expect, test } from 'vitest';
import { attentionBackward as refBackward, attentionForward as refForward } from '../../src/reference/ops/attention';
import { attentionBackward, attentionForward, packedAttentionMeta, packedSegments } from '../../src/kernels/attention';
import { getTestContext, maxAbsDiff, randomArray } from '../helpers/gpu';

interface Case { heads: number; kvHeads: number; d: number; lengths: number[] }
const CASES: Case[] = [
  { heads: 4, kvHeads: 2, d: 16, lengths: [7, 1, 37] },
  { heads: 4, kvHeads: 1, d: 32, lengths: [1, 7] },
  { heads: 2, kvHeads: 2, d: 16, lengths: [37] },
];

async function gpuGrads(c: Case, qd: Float32Array, kd: Float32Array, vd: Float32Array, god: Float32Array, queryChunk: number, unroll?: boolean) {
  const ctx = await getTestContext();
  const T = c.lengths.reduce((a, b) => a + b, 0);
  const shape = { heads: c.heads, kvHeads: c.kvHeads, headDim: c.d };
  const qw = c.heads * c.d, kw = c.kvHeads * c.d;
  const q = ctx.tensor([T, qw], 'f32', qd, 'q');
  const k = ctx.tensor([T, kw], 'f32', kd, 'k');
  const v = ctx.tensor([T, kw], 'f32', vd, 'v');
  const dOut = ctx.tensor([T, qw], 'f32', god, 'dOut');
  const out = ctx.tensor([T, qw], 'f32', undefined, 'out');
  const lse = ctx.tensor([T, c.heads], 'f32', undefined, 'lse');
  const meta = ctx.tensor([T, 2], 'u32', packedAttentionMeta(c.lengths), 'meta');
  const seg = ctx.tensor([T, 2], 'u32', packedSegments(c.lengths), 'seg');
  const dq = ctx.tensor([T, qw], 'f32', undefined, 'dq');
  const dk = ctx.tensor([T, kw], 'f32', undefined, 'dk');
  const dv = ctx.tensor([T, kw], 'f32', undefined, 'dv');
  ctx.run((rec) => {
    attentionForward(rec, { q, k, v, meta, out, lse }, shape, { unroll });
    attentionBackward(rec, { q, k, v, out, lse, dOut, seg, dq, dk, dv }, shape, { queryChunk, unroll });
  });
  return { ctx, tensors: { q, k, v, out, lse, dOut, seg, dq, dk, dv }, shape, dq: await dq.read(), dk: await dk.read(), dv: await dv.read() };
}

describe('attention backward', () => {
  for (const c of CASES) {
    test(`dq, dk, dv = reference per sequence: heads ${c.heads}/kv ${c.kvHeads}, d ${c.d}, lengths ${c.lengths}`, async () => {
      const T = c.lengths.reduce((a, b) => a + b, 0);
      const qw = c.heads * c.d, kw = c.kvHeads * c.d;
      const qd = randomArray(T * qw, 1, -1.5, 1.5);
      const kd = randomArray(T * kw, 2, -1.5, 1.5);
      const vd = randomArray(T * kw, 3);
      const god = randomArray(T * qw, 4);
      // The first case runs the unrolled (real-GPU) shader variant.
      const got = await gpuGrads(c, qd, kd, vd, god, 5, c === CASES[0]);
      const want = { dq: new Float64Array(T * qw), dk: new Float64Array(T * kw), dv: new Float64Array(T * kw) };
      let t0 = 0;
      for (const len of c.lengths) {
        const sl = (a: Float32Array, w: number) => a.subarray(t0 * w, (t0 + len) * w);
        const s = { tq: len, tk: len, heads: c.heads, kvHeads: c.kvHeads, headDim: c.d };
        const f = refForward(sl(qd, qw), sl(kd, kw), sl(vd, kw), s);
        const g = refBackward(sl(god, qw), sl(qd, qw), sl(kd, kw), sl(vd, kw), f.probs, s);
        want.dq.set(g.dq, t0 * qw);
        want.dk.set(g.dk, t0 * kw);
        want.dv.set(g.dv, t0 * kw);
        t0 += len;
      }
      expect(maxAbsDiff(got.dq, want.dq)).toBeLessThan(1e-5);
      expect(maxAbsDiff(got.dk, want.dk)).toBeLessThan(1e-5);
      expect(maxAbsDiff(got.dv, want.dv)).toBeLessThan(1e-5);
      // accumulate adds onto what is there
      got.ctx.run((rec) => attentionBackward(rec, got.tensors, got.shape, { accumulate: true }));
      expect(maxAbsDiff(await got.tensors.dk.read(), want.dk.map((x) => 2 * x))).toBeLessThan(2e-5);
    });
  }

  test('gradients match finite differences of Σ dOut·out through the reference forward', async () => {
    const c: Case = { heads: 4, kvHeads: 2, d: 16, lengths: [6] };
    const T = 6, qw = 64, kw = 32;
    const qd = randomArray(T * qw, 7, -1.5, 1.5);
    const kd = randomArray(T * kw, 8, -1.5, 1.5);
    const vd = randomArray(T * kw, 9);
    const god = randomArray(T * qw, 10);
    const got = await gpuGrads(c, qd, kd, vd, god, 1024);
    const s = { tq: T, tk: T, heads: 4, kvHeads: 2, headDim: 16 };
    const loss = (q: ArrayLike<number>, k: ArrayLike<number>, v: ArrayLike<number>) => refForward(q, k, v, s).out.reduce((a, x, i) => a + x * god[i], 0);
    const eps = 1e-6;
    const fd = (which: 0 | 1 | 2, i: number) => {
      const args = [qd, kd, vd].map((a) => Float64Array.from(a));
      args[which][i] += eps;
      const up = loss(args[0], args[1], args[2]);
      args[which][i] -= 2 * eps;
      return (up - loss(args[0], args[1], args[2])) / (2 * eps);
    };
    for (const i of [3, 100, 5 * qw + 63]) expect(got.dq[i]).toBeCloseTo(fd(0, i), 5);
    for (const i of [0, 2 * kw + 17, 5 * kw + 31]) {
      expect(got.dk[i]).toBeCloseTo(fd(1, i), 5);
      expect(got.dv[i]).toBeCloseTo(fd(2, i), 5);
    }
  });

  test('k/v that are not one row per token are refused', async () => {
    const ctx = await getTestContext();
    const rec = ctx.recorder();
    const t = (n: number, label = 't') => ctx.tensor([n], 'f32', undefined, label);
    const u = ctx.tensor([4], 'u32');
    expect(() =>
      attentionBackward(rec, { q: t(64), k: t(64, 'cache'), v: t(64), out: t(64), lse: t(4), dOut: t(64), seg: u, dq: t(64), dk: t(64), dv: t(64) }, { heads: 2, kvHeads: 1, headDim: 16 }),
    ).toThrow(/k "cache" is \[64\], expected \[2, 16\] \(packed: one k\/v row per token\)/);
    rec.submit();
  });
});
