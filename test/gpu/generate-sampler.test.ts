// The GPU sampler on fixed logits: greedy is the argmax, top-k and top-p keep exactly the
// right sets, draws follow the (tempered, truncated, renormalised) distribution, and the
// log-prob returned is the raw log-softmax.
import { describe, expect, it } from 'vitest';
import { recordSample, recordSampledIds, resolveSampling, sampleRows, unpackSamples } from '../../src/generate/sampler';
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
  const keep = new Set(order.slice(0, k > 0 ? k : V));
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
