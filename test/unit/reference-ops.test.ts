// Every f64 reference op: hand-written backward vs central finite differences on tiny random
// shapes, plus the forward facts that finite differences cannot see (masking, pairing, mapping).
import { describe, expect, it } from 'vitest';
import { attentionBackward, attentionForward, type AttentionShape } from '../../src/reference/ops/attention';
import { embeddingBackward, embeddingForward } from '../../src/reference/ops/embedding';
import { linearBackward, linearForward } from '../../src/reference/ops/linear';
import { IGNORE, logSoftmaxNllBackward, logSoftmaxNllForward } from '../../src/reference/ops/log-softmax-nll';
import { rmsnormBackward, rmsnormForward } from '../../src/reference/ops/rmsnorm';
import { ropeBackward, ropeForward, type RopeShape } from '../../src/reference/ops/rope';
import { swigluBackward, swigluForward } from '../../src/reference/ops/swiglu';
import { dot, fdError, maxAbsDiff, randn, rng } from './reference-helpers';

const TOL = 1e-7;

describe('linear', () => {
  it('backward matches finite differences for x, W and b', () => {
    const r = rng(1);
    const [rows, inDim, outDim] = [3, 5, 4];
    const x = randn(r, rows * inDim);
    const w = randn(r, outDim * inDim);
    const b = randn(r, outDim);
    const dy = randn(r, rows * outDim);
    const f = () => dot(linearForward(x, w, b, rows, inDim, outDim), dy);
    const g = linearBackward(dy, x, w, true, rows, inDim, outDim);
    expect(fdError(f, x, g.dx)).toBeLessThan(TOL);
    expect(fdError(f, w, g.dw)).toBeLessThan(TOL);
    expect(fdError(f, b, g.db!)).toBeLessThan(TOL);
  });

  it('computes x·Wᵀ + b in the PyTorch layout', () => {
    // W rows are output features: [[1,2],[3,4],[5,6]] · [1,1] + [0,0,1] = [3,7,12].
    expect(Array.from(linearForward([1, 1], [1, 2, 3, 4, 5, 6], [0, 0, 1], 1, 2, 3))).toEqual([3, 7, 12]);
  });

  it('rejects a weight of the wrong size with a message naming it', () => {
    expect(() => linearForward([1, 1], [1, 2, 3], undefined, 1, 2, 2)).toThrow(/linear weight has 3 values, expected 4/);
  });
});

describe('embedding', () => {
  it('backward scatter-adds repeated tokens', () => {
    const r = rng(2);
    const [vocab, dim] = [6, 3];
    const table = randn(r, vocab * dim);
    const ids = [4, 1, 4, 0];
    const dy = randn(r, ids.length * dim);
    const f = () => dot(embeddingForward(table, vocab, dim, ids), dy);
    const g = embeddingBackward(dy, vocab, dim, ids);
    expect(fdError(f, table, g)).toBeLessThan(TOL);
    expect(g[4 * dim]).toBeCloseTo(dy[0] + dy[2 * dim], 14);
    expect(Array.from(g.subarray(2 * dim, 3 * dim))).toEqual([0, 0, 0]);
  });

  it('rejects an out-of-vocabulary id', () => {
    expect(() => embeddingForward(new Float64Array(6), 3, 2, [0, 3])).toThrow(/token id 3 at position 1 is outside the vocabulary \[0, 3\)/);
  });
});

describe('rmsnorm', () => {
  it('backward matches finite differences for x and weight (whole rows and per-head rows)', () => {
    const r = rng(3);
    for (const [rows, dim] of [[3, 8], [3 * 4, 4]]) {
      const x = randn(r, rows * dim);
      const w = randn(r, dim);
      const dy = randn(r, rows * dim);
      const f = () => dot(rmsnormForward(x, w, rows, dim, 1e-5).y, dy);
      const { rstd } = rmsnormForward(x, w, rows, dim, 1e-5);
      const g = rmsnormBackward(dy, x, w, rstd, rows, dim);
      expect(fdError(f, x, g.dx)).toBeLessThan(TOL);
      expect(fdError(f, w, g.dw)).toBeLessThan(TOL);
    }
  });

  it('normalises to unit RMS before the weight', () => {
    const { y } = rmsnormForward([3, 4], [1, 1], 1, 2, 0);
    expect(y[0]).toBeCloseTo(3 / Math.sqrt(12.5), 15);
    expect(y[1]).toBeCloseTo(4 / Math.sqrt(12.5), 15);
  });
});

describe('rope', () => {
  const shape = (pairing: RopeShape['pairing']): RopeShape => ({ rows: 3, heads: 2, headDim: 8, positions: [0, 5, 2], theta: 100, pairing });

  it('backward matches finite differences (both pairings)', () => {
    const r = rng(4);
    for (const pairing of ['rotate-half', 'interleaved'] as const) {
      const s = shape(pairing);
      const x = randn(r, 3 * 2 * 8);
      const dy = randn(r, x.length);
      const f = () => dot(ropeForward(x, s), dy);
      expect(fdError(f, x, ropeBackward(dy, s))).toBeLessThan(TOL);
    }
  });

  it('rotate-half pairs dimension i with i + d/2 at angle pos/θ^(2i/d)', () => {
    const d = 8;
    const x = new Float64Array(d);
    x[1] = 1; // pair (1, 5), inv_freq = 100^(-2/8)
    const y = ropeForward(x, { rows: 1, heads: 1, headDim: d, positions: [3], theta: 100 });
    const a = 3 * Math.pow(100, -2 / 8);
    expect(y[1]).toBeCloseTo(Math.cos(a), 15);
    expect(y[5]).toBeCloseTo(Math.sin(a), 15);
    expect(maxAbsDiff([y[0], y[2], y[3], y[4], y[6], y[7]], [0, 0, 0, 0, 0, 0])).toBe(0);
  });

  it('position 0 is the identity and positions are per row', () => {
    const r = rng(5);
    const x = randn(r, 2 * 8);
    const y = ropeForward(x, { rows: 2, heads: 1, headDim: 8, positions: [0, 7], theta: 1e4 });
    expect(maxAbsDiff(y.subarray(0, 8), x.subarray(0, 8))).toBe(0);
    expect(maxAbsDiff(y.subarray(8), x.subarray(8))).toBeGreaterThan(0.01);
  });
});

describe('attention', () => {
  const s: AttentionShape = { tq: 4, tk: 4, heads: 4, kvHeads: 2, headDim: 3 };

  it('backward matches finite differences for q, k, v (GQA, causal)', () => {
    const r = rng(6);
    const q = randn(r, s.tq * s.heads * s.headDim);
    const k = randn(r, s.tk * s.kvHeads * s.headDim);
    const v = randn(r, s.tk * s.kvHeads * s.headDim);
    const dy = randn(r, q.length);
    const f = () => dot(attentionForward(q, k, v, s).out, dy);
    const { probs } = attentionForward(q, k, v, s);
    const g = attentionBackward(dy, q, k, v, probs, s);
    expect(fdError(f, q, g.dq)).toBeLessThan(TOL);
    expect(fdError(f, k, g.dk)).toBeLessThan(TOL);
    expect(fdError(f, v, g.dv)).toBeLessThan(TOL);
  });

  it('backward matches finite differences with a KV-cache offset (tq < tk)', () => {
    const r = rng(7);
    const sc: AttentionShape = { tq: 2, tk: 5, heads: 2, kvHeads: 1, headDim: 4 };
    const q = randn(r, sc.tq * sc.heads * sc.headDim);
    const k = randn(r, sc.tk * sc.kvHeads * sc.headDim);
    const v = randn(r, sc.tk * sc.kvHeads * sc.headDim);
    const dy = randn(r, q.length);
    const f = () => dot(attentionForward(q, k, v, sc).out, dy);
    const g = attentionBackward(dy, q, k, v, attentionForward(q, k, v, sc).probs, sc);
    expect(fdError(f, q, g.dq)).toBeLessThan(TOL);
    expect(fdError(f, k, g.dk)).toBeLessThan(TOL);
    expect(fdError(f, v, g.dv)).toBeLessThan(TOL);
  });

  it('is causal, and a cached query equals the same row of the full computation', () => {
    const r = rng(8);
    const q = randn(r, s.tq * s.heads * s.headDim);
    const k = randn(r, s.tk * s.kvHeads * s.headDim);
    const v = randn(r, s.tk * s.kvHeads * s.headDim);
    const full = attentionForward(q, k, v, s);
    // Row 0 of every head attends only to key 0.
    for (let h = 0; h < s.heads; h++) {
      expect(full.probs[h * 16]).toBe(1);
      expect(full.probs[h * 16 + 1]).toBe(0);
    }
    // Changing the last key must not move earlier rows.
    const k2 = Float64Array.from(k);
    k2[k2.length - 1] += 1;
    const moved = attentionForward(q, k2, v, s).out;
    const rowLen = s.heads * s.headDim;
    expect(maxAbsDiff(moved.subarray(0, 3 * rowLen), full.out.subarray(0, 3 * rowLen))).toBe(0);
    // Decoding the last row against the whole cache gives the same answer.
    const last = attentionForward(q.subarray(3 * rowLen), k, v, { ...s, tq: 1 }).out;
    expect(maxAbsDiff(last, full.out.subarray(3 * rowLen))).toBeLessThan(1e-15);
  });

  it('query head h reads KV head floor(h / group)', () => {
    // Make KV head 0 and 1 carry distinct constant values: output of head h reveals which it read.
    const one: AttentionShape = { tq: 1, tk: 1, heads: 4, kvHeads: 2, headDim: 1 };
    const out = attentionForward([0, 0, 0, 0], [0, 0], [10, 20], one).out;
    expect(Array.from(out)).toEqual([10, 10, 20, 20]);
    const bug = attentionForward([0, 0, 0, 0], [0, 0], [10, 20], { ...one, kvMapping: 'modulo' }).out;
    expect(Array.from(bug)).toEqual([10, 20, 10, 20]);
  });

  it('rejects heads that are not a multiple of KV heads', () => {
    expect(() => attentionForward([0, 0, 0], [0, 0], [0, 0], { tq: 1, tk: 1, heads: 3, kvHeads: 2, headDim: 1 })).toThrow(
      /3 attention heads are not a multiple of 2 KV heads/,
    );
  });
});

describe('swiglu', () => {
  it('backward matches finite differences for gate and up', () => {
    const r = rng(9);
    const gate = randn(r, 12, 3);
    const up = randn(r, 12);
    const dy = randn(r, 12);
    const f = () => dot(swigluForward(gate, up), dy);
    const g = swigluBackward(dy, gate, up);
    expect(fdError(f, gate, g.dGate)).toBeLessThan(TOL);
    expect(fdError(f, up, g.dUp)).toBeLessThan(TOL);
  });

  it('is silu(gate)·up', () => {
    expect(swigluForward([1], [2])[0]).toBeCloseTo((2 * 1) / (1 + Math.exp(-1)), 15);
  });
});

describe('log-softmax NLL', () => {
  it('backward (softmax − onehot)·scale matches finite differences, ignored rows get zero', () => {
    const r = rng(10);
    const [rows, vocab] = [4, 7];
    const logits = randn(r, rows * vocab, 3);
    const targets = [2, IGNORE, 6, 0];
    const scale = [0.5, 0.9, -0.25, 1];
    const f = () => dot(logSoftmaxNllForward(logits, rows, vocab, targets).nll, scale);
    const { lse } = logSoftmaxNllForward(logits, rows, vocab, targets);
    const d = logSoftmaxNllBackward(logits, lse, rows, vocab, targets, scale);
    expect(fdError(f, logits, d)).toBeLessThan(TOL);
    expect(maxAbsDiff(d.subarray(vocab, 2 * vocab), new Float64Array(vocab))).toBe(0);
  });

  it('equals −log softmax at the target and stays finite for large logits', () => {
    const { nll } = logSoftmaxNllForward([1000, 1000 + Math.log(3)], 1, 2, [0]);
    expect(nll[0]).toBeCloseTo(Math.log(4), 12);
  });

  it('rejects a target outside the vocabulary', () => {
    expect(() => logSoftmaxNllForward([0, 0], 1, 2, [2])).toThrow(/target 2 at row 0 is outside the vocabulary \[0, 2\); use -1/);
  });
});
