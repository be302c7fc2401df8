// The GPU sampler on fixed logits: greedy is the argmax, top-k and top-p keep exactly the
// right sets, draws follow the (tempered, truncated, renormalised) distribution, and the
// log-prob returned is the raw log-softmax.
import { describe, expect, it } from 'vitest';
import { CHUNKED_MAX_TOP_K, recordSample, recordSampledIds, resolveSampling, sampleRows, unpackSamples } from '../../src/generate/sampler';
import { getTestContext, randomArray } from '../helpers/gpu';

const V = 50;
const ROWS = 1200;

function logSoftmax(x: ArrayLike<number>): number[] {
  const m = Math.max(...Array.from(x));
  const lse = m + Math.log(Array.from(x).reduce((a, v) => a + Math.exp(v - m), 0));
  return Array.from(x, (v) => v - lse);
}

/** The distribution HF's sampling chain gives: temperature, top-k, then top-p on what is left. */
function expected(logits: Float32Array, t: number, k: number, p: number): number[] {
  const z = Array.from(logits, (l) => l / t);
  const order = z.map((_, i) => i).sort((a, b) => z[b] - z[a]);
  const keep = new Set(order.slice(0, k > 0 ? k : logits.length));
  const m = Math.max(...z);
  let probs = z.map((v, i) => (keep.has(i) ? Math.exp(v - m) : 0));
  let s = probs.reduce((a, b) => a + b, 0);
  probs = probs.map((q) => q / s);
  if (p < 1) {
    let acc = 0;
    const nucleus = new Set<number>();
    for (const i of order) {
      if (!keep.has(i)) break;
      nucleus.add(i);
      acc += probs[i];
      if (acc >= p) break;
    }
    probs = probs.map((q, i) => (nucleus.has(i) ? q : 0));
    s = probs.reduce((a, b) => a + b, 0);
    probs = probs.map((q) => q / s);
  }
  return probs;
}

async function draw(logits: Float32Array, opts: { temperature: number; topK?: number; topP?: number; seed?: number }) {
  const ctx = await getTestContext();
  const rows = new Float32Array(ROWS * V);
  for (let r = 0; r < ROWS; r++) rows.set(logits, r * V);
  const t = ctx.tensor([ROWS, V], 'f32', rows, 'logits');
  const keys = Array.from({ length: ROWS }, (_, r) => ({ sequence: r % 7, step: Math.floor(r / 7) }));
  const s = await sampleRows(ctx, t, keys, opts);
  t.destroy();
  return s;
}

describe('GPU sampler', () => {
  const logits = randomArray(V, 21, -3, 3);
  const ls = logSoftmax(logits);
  const argmax = ls.indexOf(Math.max(...ls));

  it('is greedy at temperature 0 and returns the raw log-softmax', async () => {
    const s = await draw(logits, { temperature: 0 });
    expect(new Set(s.map((x) => x.id))).toEqual(new Set([argmax]));
    expect(Math.abs(s[0].logprob - ls[argmax])).toBeLessThan(1e-5);
  });

  it.each([
    { temperature: 1, topK: 0, topP: 1 },
    { temperature: 0.7, topK: 5, topP: 1 },
    { temperature: 1.3, topK: 0, topP: 0.6 },
    { temperature: 1, topK: 12, topP: 0.8 },
  ])('draws from the right distribution: %o', async (o) => {
    const s = await draw(logits, { ...o, seed: 42 });
    const want = expected(logits, o.temperature, o.topK, o.topP);
    const counts = new Array<number>(V).fill(0);
    for (const x of s) counts[x.id]++;
    for (let i = 0; i < V; i++) {
      // Never outside the kept set; frequencies within 5 standard deviations.
      if (want[i] === 0) expect(counts[i]).toBe(0);
      const sd = Math.sqrt(ROWS * want[i] * (1 - want[i]));
      expect(Math.abs(counts[i] - ROWS * want[i])).toBeLessThanOrEqual(5 * sd + 1);
    }
    for (const x of s) expect(Math.abs(x.logprob - ls[x.id])).toBeLessThan(1e-5);
  });

  it('keeps exactly the k best under top-k (ties aside) and one token under top-k 1', async () => {
    const s = await draw(logits, { temperature: 5, topK: 1, seed: 3 });
    expect(new Set(s.map((x) => x.id))).toEqual(new Set([argmax]));
  });

  it('depends on the seed and on the (sequence, step) key', async () => {
    const a = await draw(logits, { temperature: 1, seed: 1 });
    const b = await draw(logits, { temperature: 1, seed: 1 });
    const c = await draw(logits, { temperature: 1, seed: 2 });
    expect(b.map((x) => x.id)).toEqual(a.map((x) => x.id));
    const same = a.filter((x, i) => x.id === c[i].id).length;
    expect(same).toBeLessThan(ROWS * 0.5);
  });

  it('hands the ids it sampled to the next step on the GPU, rows picked and reordered', async () => {
    const ctx = await getTestContext();
    const rows = 5;
    const data = new Float32Array(rows * V);
    for (let r = 0; r < rows; r++) data.set(randomArray(V, 100 + r, -3, 3), r * V);
    const t = ctx.tensor([rows, V], 'f32', data, 'logits');
    const rec = ctx.recorder('sample + ids');
    const keys = Array.from({ length: rows }, (_, r) => ({ sequence: r, step: 0 }));
    const { result, scratch } = recordSample(ctx, rec, t, keys, resolveSampling({ temperature: 1, seed: 9 }));
    const picked = recordSampledIds(ctx, rec, result, [4, 0, 2, 2]);
    const readSamples = rec.read(result);
    const readIds = rec.read(picked.ids);
    rec.submit();
    const samples = unpackSamples((await readSamples) as Uint32Array);
    expect(Array.from((await readIds) as Uint32Array)).toEqual([4, 0, 2, 2].map((r) => samples[r].id));
    const bad = ctx.recorder('bad rows');
    expect(() => recordSampledIds(ctx, bad, result, [5])).toThrow(/row 5 is outside the 5 sampled rows/);
    bad.abandon(new Error('test'));
    for (const x of [t, result, picked.ids, ...scratch, ...picked.scratch]) x.destroy();
  });
});

// On real GPUs, large vocabularies with greedy or top-k ≤ 64 go through chunks: every chunk
// keeps its own top-k, one workgroup per row draws from those. The kept set is the whole row's, so the draws
// are the whole-row path's (up to the order of float sums: a draw within rounding of a boundary).
describe('GPU sampler, chunked path', () => {
  const VB = 5000; // 5 chunks of 1,024, the last partial
  const R = 48;
  const TIES = new Set([1, 17, 33]); // rows whose chunk 2 holds 30 copies of the maximum: more than top-k + 4
  const ONE_CHUNK = new Set([2, 18, 34]); // rows whose 40 best logits all sit in chunk 0
  const rowsData = (() => {
    const d = new Float32Array(R * VB);
    for (let r = 0; r < R; r++) {
      const row = randomArray(VB, 300 + r, -4, 4);
      if (TIES.has(r)) for (let i = 0; i < 30; i++) row[2 * 1024 + 7 * i] = 6;
      if (ONE_CHUNK.has(r)) for (let i = 0; i < 40; i++) row[3 + 11 * i] = 5 + i / 40;
      d.set(row, r * VB);
    }
    return d;
  })();
  const row = (r: number) => rowsData.subarray(r * VB, (r + 1) * VB);
  const keys = Array.from({ length: R }, (_, r) => ({ sequence: r, step: 3 }));

  it.each([
    { temperature: 0 },
    { temperature: 0.6, topK: 20, topP: 0.95 },
    { temperature: 1, topK: CHUNKED_MAX_TOP_K },
    { temperature: 1.3, topK: 1 },
    { temperature: 0.8, topK: 5, topP: 0.5 },
  ])('draws what the whole-row path draws: %o', async (o) => {
    const ctx = await getTestContext();
    const t = ctx.tensor([R, VB], 'f32', rowsData, 'logits');
    const whole = await sampleRows(ctx, t, keys, { ...o, seed: 5 }, 'whole-row');
    const chunked = await sampleRows(ctx, t, keys, { ...o, seed: 5 }, 'chunked');
    const auto = await sampleRows(ctx, t, keys, { ...o, seed: 5 });
    t.destroy();
    // auto: whole-row on software adapters (their barriers are slow), chunked on real GPUs
    expect(auto).toEqual(ctx.adapter.isSoftware ? whole : chunked);
    let differ = 0;
    for (let r = 0; r < R; r++) {
      const ls = logSoftmax(row(r));
      // the chunked draw is inside the row's top-k (ties included), and its log-prob is the row's
      const k = o.topK ?? 0;
      if (k > 0) {
        const kth = Array.from(row(r)).sort((a, b) => b - a)[k - 1]!;
        expect(row(r)[chunked[r]!.id]!).toBeGreaterThanOrEqual(kth);
      }
      expect(Math.abs(chunked[r]!.logprob - ls[chunked[r]!.id]!)).toBeLessThan(1e-5);
      if (chunked[r]!.id !== whole[r]!.id) differ++;
      // tie rows overflow their chunk's slots and take the whole-row draw itself
      if (TIES.has(r) && k > 0 && k < 26) expect(chunked[r]!.id).toBe(whole[r]!.id);
    }
    expect(differ).toBeLessThanOrEqual(o.temperature === 0 ? 0 : 1);
  });

  it('draws from the right distribution over 2,400 rows of 3,000 logits (top-k 20, top-p 0.9)', async () => {
    const ctx = await getTestContext();
    const rows = 2400;
    const base = randomArray(3000, 77, -12, -4);
    for (let i = 0; i < 30; i++) base[97 * i + 5] = randomArray(1, 500 + i, 0, 2)[0]!;
    const d = new Float32Array(rows * 3000);
    for (let r = 0; r < rows; r++) d.set(base, r * 3000);
    const t = ctx.tensor([rows, 3000], 'f32', d, 'logits');
    const s = await sampleRows(ctx, t, Array.from({ length: rows }, (_, r) => ({ sequence: r % 13, step: Math.floor(r / 13) })), { temperature: 0.9, topK: 20, topP: 0.9, seed: 8 }, 'chunked');
    t.destroy();
    const want = expected(base, 0.9, 20, 0.9);
    const counts = new Map<number, number>();
    for (const x of s) counts.set(x.id, (counts.get(x.id) ?? 0) + 1);
    for (const [id, n] of counts) expect(want[id]).toBeGreaterThan(0);
    want.forEach((q, i) => {
      const sd = Math.sqrt(rows * q * (1 - q));
      expect(Math.abs((counts.get(i) ?? 0) - rows * q)).toBeLessThanOrEqual(5 * sd + 1);
    });
  });

  it('refuses the chunked path where it does not apply', async () => {
    const ctx = await getTestContext();
    const t = ctx.tensor([2, VB], 'f32', rowsData.subarray(0, 2 * VB), 'logits');
    const rec = ctx.recorder('refused');
    const keys2 = [{ sequence: 0, step: 0 }, { sequence: 1, step: 0 }];
    expect(() => recordSample(ctx, rec, t, keys2, resolveSampling({ temperature: 1 }), 'chunked')).toThrow(/chunked path needs .* top-k in \[1, 64\]/);
    expect(() => recordSample(ctx, rec, t, keys2, resolveSampling({ temperature: 1, topK: 65 }), 'chunked')).toThrow(/top-k 65/);
    rec.abandon(new Error('test'));
    t.destroy();
  });
});
