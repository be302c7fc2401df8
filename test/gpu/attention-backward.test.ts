// Causal GQA attention backward (dq, dk, dv from the forward's lse, probabilities
// recomputed) vs the float64 reference backward per sequence, on packed batches of
// different lengths, plus finite differences through the reference forward; and the
// Qwen3 chain (per-head q/k norm → RoPE → attention) forward and backward; and a prefix
// tree (GRPO's shared prompts) against the unshared sequences it stands for; the grouped
// kernels (a workgroup per pair, real GPUs' default for small steps) on both. ~2 s warm.
import { describe, expect, test } from 'vitest';
import { attentionBackward as refBackward, attentionForward as refForward } from '../../src/reference/ops/attention';
import { rmsnormBackward as refRmsBack, rmsnormForward as refRms } from '../../src/reference/ops/rmsnorm';
import { ropeBackward as refRopeBack, ropeForward as refRope } from '../../src/reference/ops/rope';
import { ropeInverseFrequencies } from '../../src/model/config-rope';
import { attentionBackward, attentionForward, attentionForwardSegments, packedAttentionMeta, packedSegments } from '../../src/kernels/attention';
import { packPrefixTree } from '../../src/train/prefix-tree';
import { rmsnormBackward, rmsnormForward } from '../../src/kernels/rmsnorm';
import { createRopeTable, ropeInPlace } from '../../src/kernels/rope';
import { getTestContext, maxAbsDiff, randomArray } from '../helpers/gpu';

interface Case { heads: number; kvHeads: number; d: number; lengths: number[] }
const CASES: Case[] = [
  { heads: 4, kvHeads: 2, d: 16, lengths: [7, 1, 37] },
  { heads: 4, kvHeads: 1, d: 32, lengths: [1, 7] },
  { heads: 2, kvHeads: 2, d: 16, lengths: [37] },
];

async function gpuGrads(c: Case, qd: Float32Array, kd: Float32Array, vd: Float32Array, god: Float32Array, queryChunk: number, unroll?: boolean, grouped?: boolean) {
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
  const seg = ctx.tensor([T, 4], 'u32', packedSegments(c.lengths), 'seg');
  const dq = ctx.tensor([T, qw], 'f32', undefined, 'dq');
  const dk = ctx.tensor([T, kw], 'f32', undefined, 'dk');
  const dv = ctx.tensor([T, kw], 'f32', undefined, 'dv');
  ctx.run((rec) => {
    attentionForward(rec, { q, k, v, meta, out, lse }, shape, { unroll });
    attentionBackward(rec, { q, k, v, out, lse, dOut, seg, dq, dk, dv }, shape, { queryChunk, unroll, grouped });
  });
  return { ctx, tensors: { q, k, v, out, lse, dOut, seg, dq, dk, dv }, shape, dq: await dq.read(), dk: await dk.read(), dv: await dv.read() };
}

/** The float64 reference gradients of each sequence alone, packed like the GPU's. */
function referenceGrads(c: Case, qd: Float32Array, kd: Float32Array, vd: Float32Array, god: Float32Array) {
  const T = c.lengths.reduce((a, b) => a + b, 0);
  const qw = c.heads * c.d, kw = c.kvHeads * c.d;
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
  return want;
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
      const want = referenceGrads(c, qd, kd, vd, god);
      expect(maxAbsDiff(got.dq, want.dq)).toBeLessThan(1e-5);
      expect(maxAbsDiff(got.dk, want.dk)).toBeLessThan(1e-5);
      expect(maxAbsDiff(got.dv, want.dv)).toBeLessThan(1e-5);
      // accumulate adds onto what is there
      got.ctx.run((rec) => attentionBackward(rec, got.tensors, got.shape, { accumulate: true }));
      expect(maxAbsDiff(await got.tensors.dk.read(), want.dk.map((x) => 2 * x))).toBeLessThan(2e-5);
    });
  }

  test('grouped kernels (a workgroup per pair): dq, dk, dv = reference per sequence, more terms than invocations, head dim 72, query chunks, accumulate', async () => {
    const c: Case = { heads: 3, kvHeads: 1, d: 72, lengths: [100, 3] };
    const T = c.lengths.reduce((a, b) => a + b, 0);
    const qw = c.heads * c.d, kw = c.kvHeads * c.d;
    const qd = randomArray(T * qw, 11, -1.5, 1.5), kd = randomArray(T * kw, 12, -1.5, 1.5), vd = randomArray(T * kw, 13), god = randomArray(T * qw, 14);
    const got = await gpuGrads(c, qd, kd, vd, god, 37, false, true);
    const want = referenceGrads(c, qd, kd, vd, god);
    expect(maxAbsDiff(got.dq, want.dq)).toBeLessThan(1e-5);
    expect(maxAbsDiff(got.dk, want.dk)).toBeLessThan(2e-5);
    expect(maxAbsDiff(got.dv, want.dv)).toBeLessThan(2e-5);
    got.ctx.run((rec) => attentionBackward(rec, got.tensors, got.shape, { accumulate: true, grouped: true }));
    expect(maxAbsDiff(await got.tensors.dv.read(), want.dv.map((x) => 2 * x))).toBeLessThan(4e-5);
    expect(maxAbsDiff(await got.tensors.dk.read(), want.dk.map((x) => 2 * x))).toBeLessThan(4e-5);
    expect(maxAbsDiff(await got.tensors.dq.read(), want.dq.map((x) => 2 * x))).toBeLessThan(2e-5);
  });

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

  for (const grouped of [false, true])
  test(`prefix tree (a plain sequence, then a prompt shared by 3 branches): forward and backward = the unshared sequences in float64${grouped ? ' (grouped kernels)' : ''}`, async () => {
    // seg from the trainer's packer; q/k/v rows are arbitrary here (RoPE is not involved).
    const ctx = await getTestContext();
    const heads = 4, kvHeads = 2, d = 16, qw = heads * d, kw = kvHeads * d;
    const shape = { heads, kvHeads, headDim: d };
    const plain = 4;
    const tree = packPrefixTree([
      { prompt: [1, 2, 3, 4, 5, 6, 7], completion: [8, 9, 10] },
      { prompt: [1, 2, 3, 4, 5, 6, 7], completion: [11] },
      { prompt: [1, 2, 3, 4, 5, 6, 7], completion: [12, 13] },
    ]);
    const segTree = tree.batch.layout!.seg;
    const Tt = tree.batch.tokens.length;
    const T = plain + Tt;
    const seg = new Uint32Array(4 * T);
    seg.set(packedSegments([plain]));
    segTree.forEach((x, i) => (seg[4 * plain + i] = x + plain));
    const qd = randomArray(T * qw, 31, -1.5, 1.5), kd = randomArray(T * kw, 32, -1.5, 1.5), vd = randomArray(T * kw, 33), god = randomArray(T * qw, 34);
    const ten = (n: number, data?: Float32Array) => ctx.tensor([n], 'f32', data);
    const q = ten(T * qw, qd), k = ten(T * kw, kd), v = ten(T * kw, vd), dOut = ten(T * qw, god);
    const out = ten(T * qw), lse = ten(T * heads), dq = ten(T * qw), dk = ten(T * kw), dv = ten(T * kw);
    const segT = ctx.tensor([T, 4], 'u32', seg);
    ctx.run((rec) => {
      // the grouped run compiles the unrolled (real-GPU) variant as well
      attentionForwardSegments(rec, { q, k, v, seg: segT, out, lse }, shape, { grouped, unroll: grouped });
      attentionBackward(rec, { q, k, v, out, lse, dOut, seg: segT, dq, dk, dv }, shape, { grouped, unroll: grouped });
    });
    // Reference: each piece as the sequence it stands for — the plain one, and prompt rows +
    // branch rows per branch. The prompt's own queries count once (their dOut in branch 0
    // only); its keys collect every branch's gradient.
    const want = { out: new Float64Array(T * qw), dq: new Float64Array(T * qw), dk: new Float64Array(T * kw), dv: new Float64Array(T * kw) };
    const run = (rows: number[], dOutRows: boolean[]) => {
      const pick = (a: Float32Array, w: number, mask?: boolean[]) => Float64Array.from(rows.flatMap((r, i) => Array.from(a.subarray(r * w, (r + 1) * w), (x) => (mask && !mask[i] ? 0 : x))));
      const s = { tq: rows.length, tk: rows.length, heads, kvHeads, headDim: d };
      const f = refForward(pick(qd, qw), pick(kd, kw), pick(vd, kw), s);
      const g = refBackward(pick(god, qw, dOutRows), pick(qd, qw), pick(kd, kw), pick(vd, kw), f.probs, s);
      rows.forEach((r, i) => {
        for (let c = 0; c < qw; c++) {
          if (dOutRows[i]) want.out[r * qw + c] = f.out[i * qw + c]!;
          want.dq[r * qw + c] += g.dq[i * qw + c]!;
        }
        for (let c = 0; c < kw; c++) {
          want.dk[r * kw + c] += g.dk[i * kw + c]!;
          want.dv[r * kw + c] += g.dv[i * kw + c]!;
        }
      });
    };
    run([0, 1, 2, 3], [true, true, true, true]);
    const prefix = Array.from({ length: 6 }, (_, i) => plain + i);
    let at = plain + 6;
    [3, 1, 2].forEach((n, b) => {
      const branch = Array.from({ length: n }, (_, i) => at + i);
      run([...prefix, ...branch], [...prefix.map(() => b === 0), ...branch.map(() => true)]);
      at += n;
    });
    expect(maxAbsDiff(await out.read(), want.out)).toBeLessThan(1e-5);
    expect(maxAbsDiff(await dq.read(), want.dq)).toBeLessThan(1e-5);
    expect(maxAbsDiff(await dk.read(), want.dk)).toBeLessThan(2e-5);
    expect(maxAbsDiff(await dv.read(), want.dv)).toBeLessThan(2e-5);
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

describe('Qwen3-style attention chain (per-head q/k norm → RoPE → attention)', () => {
  test('forward and backward through all three kernels = the float64 reference chain and finite differences', async () => {
    const ctx = await getTestContext();
    const lengths = [5, 3];
    const T = 8, heads = 4, kvHeads = 2, d = 16, eps = 1e-6, theta = 10000;
    const qw = heads * d, kw = kvHeads * d;
    const positions = [0, 1, 2, 3, 4, 0, 1, 2];
    const qRaw = randomArray(T * qw, 21, -2, 2);
    const kRaw = randomArray(T * kw, 22, -2, 2);
    const vd = randomArray(T * kw, 23);
    const qn = randomArray(d, 24, 0.5, 1.5);
    const kn = randomArray(d, 25, 0.5, 1.5);
    const god = randomArray(T * qw, 26);
    const shape = { heads, kvHeads, headDim: d };
    // GPU forward
    const t = (n: number, data?: Float32Array) => ctx.tensor([n], 'f32', data);
    const qIn = t(T * qw, qRaw), kIn = t(T * kw, kRaw), v = t(T * kw, vd), qnT = t(d, qn), knT = t(d, kn);
    const q = t(T * qw), k = t(T * kw), qr = t(T * heads), kr = t(T * kvHeads);
    const out = t(T * qw), lse = t(T * heads), dOut = t(T * qw, god);
    const rope = createRopeTable(ctx, ropeInverseFrequencies({ headDim: d, ropeTheta: theta, ropeScaling: null }), 16);
    const pos = ctx.tensor([T], 'u32', positions);
    const dq = t(T * qw), dk = t(T * kw), dv = t(T * kw), dqRaw = t(T * qw), dkRaw = t(T * kw), dqn = t(d), dkn = t(d);
    ctx.run((rec) => {
      rmsnormForward(rec, qIn, qnT, eps, q, qr);
      rmsnormForward(rec, kIn, knT, eps, k, kr);
      ropeInPlace(rec, q, heads, pos, rope);
      ropeInPlace(rec, k, kvHeads, pos, rope);
      attentionForward(rec, { q, k, v, meta: ctx.tensor([T, 2], 'u32', packedAttentionMeta(lengths)), out, lse }, shape);
      attentionBackward(rec, { q, k, v, out, lse, dOut, seg: ctx.tensor([T, 4], 'u32', packedSegments(lengths)), dq, dk, dv }, shape);
      ropeInPlace(rec, dq, heads, pos, rope, true);
      ropeInPlace(rec, dk, kvHeads, pos, rope, true);
      rmsnormBackward(rec, dq, qIn, qnT, qr, dqRaw, dqn);
      rmsnormBackward(rec, dk, kIn, knT, kr, dkRaw, dkn);
    });
    // The same chain in float64, sequence by sequence.
    const refLoss = (qa: ArrayLike<number>, ka: ArrayLike<number>, qnw: ArrayLike<number>) => {
      const qN = refRms(qa, qnw, T * heads, d, eps).y;
      const kN = refRms(ka, kn, T * kvHeads, d, eps).y;
      const qR = refRope(qN, { rows: T, heads, headDim: d, positions, theta });
      const kR = refRope(kN, { rows: T, heads: kvHeads, headDim: d, positions, theta });
      let loss = 0;
      let t0 = 0;
      for (const len of lengths) {
        const s = { tq: len, tk: len, heads, kvHeads, headDim: d };
        const o = refForward(qR.subarray(t0 * qw, (t0 + len) * qw), kR.subarray(t0 * kw, (t0 + len) * kw), vd.subarray(t0 * kw, (t0 + len) * kw), s).out;
        for (let i = 0; i < o.length; i++) loss += o[i] * god[t0 * qw + i];
        t0 += len;
      }
      return { loss, qN, kN, qR, kR };
    };
    const base = refLoss(qRaw, kRaw, qn);
    expect(maxAbsDiff(await q.read(), base.qR)).toBeLessThan(1e-5);
    // reference backward chain
    const want = { dqR: new Float64Array(T * qw), dkR: new Float64Array(T * kw) };
    let t0 = 0;
    for (const len of lengths) {
      const s = { tq: len, tk: len, heads, kvHeads, headDim: d };
      const sl = (a: ArrayLike<number> & { subarray(a: number, b: number): ArrayLike<number> }, w: number) => a.subarray(t0 * w, (t0 + len) * w);
      const f = refForward(sl(base.qR, qw), sl(base.kR, kw), sl(vd, kw), s);
      const g = refBackward(sl(god, qw), sl(base.qR, qw), sl(base.kR, kw), sl(vd, kw), f.probs, s);
      want.dqR.set(g.dq, t0 * qw);
      want.dkR.set(g.dk, t0 * kw);
      t0 += len;
    }
    const dqN = refRopeBack(want.dqR, { rows: T, heads, headDim: d, positions, theta });
    const qBack = refRmsBack(dqN, qRaw, qn, refRms(qRaw, qn, T * heads, d, eps).rstd, T * heads, d);
    expect(maxAbsDiff(await dqRaw.read(), qBack.dx)).toBeLessThan(2e-5);
    expect(maxAbsDiff(await dqn.read(), qBack.dw)).toBeLessThan(5e-5);
    const dkN = refRopeBack(want.dkR, { rows: T, heads: kvHeads, headDim: d, positions, theta });
    const kBack = refRmsBack(dkN, kRaw, kn, refRms(kRaw, kn, T * kvHeads, d, eps).rstd, T * kvHeads, d);
    expect(maxAbsDiff(await dkRaw.read(), kBack.dx)).toBeLessThan(2e-5);
    expect(maxAbsDiff(await dkn.read(), kBack.dw)).toBeLessThan(5e-5);
    // finite differences of the whole chain
    const h = 1e-6;
    const gq = await dqRaw.read();
    for (const i of [3, 5 * qw + 40]) {
      const p = Float64Array.from(qRaw); p[i] += h;
      const m = Float64Array.from(qRaw); m[i] -= h;
      expect(gq[i]).toBeCloseTo((refLoss(p, kRaw, qn).loss - refLoss(m, kRaw, qn).loss) / (2 * h), 4);
    }
    const gqn = await dqn.read();
    for (const j of [0, 9]) {
      const p = Float64Array.from(qn); p[j] += h;
      const m = Float64Array.from(qn); m[j] -= h;
      expect(gqn[j]).toBeCloseTo((refLoss(qRaw, kRaw, p).loss - refLoss(qRaw, kRaw, m).loss) / (2 * h), 4);
    }
  });
});
