// Causal GQA attention forward vs the float64 reference: packed batches of different
// lengths (= each sequence alone), decode against a KV cache (= prefill's last row), the
// key-split (flash-decoding) and grouped (a workgroup per pair) paths, and lse. ~10 s on
// lavapipe.
import { describe, expect, test } from 'vitest';
import { attentionForward as refForward } from '../../src/reference/ops/attention';
import { type AttentionOptions, attentionForward, cacheAttentionMeta, defaultKeyChunk, groupedKeyChunk, kvCacheWrite, packedAttentionMeta } from '../../src/kernels/attention';
import { createTestContext, getTestContext, maxAbsDiff, randomArray } from '../helpers/gpu';

interface Case { heads: number; kvHeads: number; d: number; lengths: number[] }
const CASES: Case[] = [
  { heads: 4, kvHeads: 2, d: 16, lengths: [7, 1, 37] },
  { heads: 4, kvHeads: 1, d: 32, lengths: [1, 7] },
  { heads: 2, kvHeads: 2, d: 16, lengths: [37] },
  // more keys than a grouped workgroup's 64 invocations; head dim 72: two 8-vec4 slices and a tail
  { heads: 3, kvHeads: 1, d: 72, lengths: [100, 3] },
];

/** Per sequence reference output and lse (log Σ exp of scaled scores), packed like the GPU's. */
function reference(c: Case, q: Float32Array, k: Float32Array, v: Float32Array) {
  const T = c.lengths.reduce((a, b) => a + b, 0);
  const out = new Float64Array(T * c.heads * c.d);
  const lse = new Float64Array(T * c.heads);
  let t0 = 0;
  for (const len of c.lengths) {
    const qs = q.subarray(t0 * c.heads * c.d, (t0 + len) * c.heads * c.d);
    const ks = k.subarray(t0 * c.kvHeads * c.d, (t0 + len) * c.kvHeads * c.d);
    const vs = v.subarray(t0 * c.kvHeads * c.d, (t0 + len) * c.kvHeads * c.d);
    const shape = { tq: len, tk: len, heads: c.heads, kvHeads: c.kvHeads, headDim: c.d };
    out.set(refForward(qs, ks, vs, shape).out, t0 * c.heads * c.d);
    for (let i = 0; i < len; i++) {
      for (let h = 0; h < c.heads; h++) {
        const kh = Math.floor(h / (c.heads / c.kvHeads));
        let m = -Infinity;
        const s: number[] = [];
        for (let j = 0; j <= i; j++) {
          let dot = 0;
          for (let x = 0; x < c.d; x++) dot += qs[(i * c.heads + h) * c.d + x] * ks[(j * c.kvHeads + kh) * c.d + x];
          s.push(dot / Math.sqrt(c.d));
          m = Math.max(m, s[j]);
        }
        lse[(t0 + i) * c.heads + h] = m + Math.log(s.reduce((a, x) => a + Math.exp(x - m), 0));
      }
    }
    t0 += len;
  }
  return { out, lse };
}

describe('attention forward', () => {
  for (const c of CASES) {
    test(`packed prefill = per-sequence reference (direct, key-split, grouped): heads ${c.heads}/kv ${c.kvHeads}, d ${c.d}, lengths ${c.lengths}`, async () => {
      const ctx = await getTestContext();
      const T = c.lengths.reduce((a, b) => a + b, 0);
      const qd = randomArray(T * c.heads * c.d, 1, -2, 2);
      const kd = randomArray(T * c.kvHeads * c.d, 2, -2, 2);
      const vd = randomArray(T * c.kvHeads * c.d, 3);
      const q = ctx.tensor([T, c.heads * c.d], 'f32', qd, 'q');
      const k = ctx.tensor([T, c.kvHeads * c.d], 'f32', kd, 'k');
      const v = ctx.tensor([T, c.kvHeads * c.d], 'f32', vd, 'v');
      const meta = ctx.tensor([T, 2], 'u32', packedAttentionMeta(c.lengths), 'meta');
      const out = ctx.tensor([T, c.heads * c.d], 'f32', undefined, 'out');
      const lse = ctx.tensor([T, c.heads], 'f32', undefined, 'lse');
      // queryChunk 5: several dispatches, one of them ragged. The first case also runs the
      // unrolled (real-GPU) shader variant.
      const unroll = c === CASES[0];
      ctx.run((rec) => attentionForward(rec, { q, k, v, meta, out, lse }, { heads: c.heads, kvHeads: c.kvHeads, headDim: c.d }, { queryChunk: 5, unroll }));
      const ref = reference(c, qd, kd, vd);
      const packed = await out.read();
      expect(maxAbsDiff(packed, ref.out)).toBeLessThan(2e-6);
      expect(maxAbsDiff(await lse.read(), ref.lse)).toBeLessThan(1e-5);
      // Through the key split with its default keys per split, as a real GPU runs a prefill of
      // few (query, head) pairs.
      const outSplit = ctx.tensor([T, c.heads * c.d], 'f32', undefined, 'out split');
      const lseSplit = ctx.tensor([T, c.heads], 'f32', undefined, 'lse split');
      ctx.run((rec) => attentionForward(rec, { q, k, v, meta, out: outSplit, lse: lseSplit }, { heads: c.heads, kvHeads: c.kvHeads, headDim: c.d }, { queryChunk: 5, unroll, split: true, maxKeys: Math.max(...c.lengths) }));
      expect(maxAbsDiff(await outSplit.read(), ref.out)).toBeLessThan(2e-6);
      expect(maxAbsDiff(await lseSplit.read(), ref.lse)).toBeLessThan(1e-5);
      // Through the grouped kernel (a real GPU's prefill below GROUPED_MAX_PAIRS pairs): one
      // chunk of keys, and chunks of 8 through combine (queries past a chunk's keys get empty ones).
      for (const keyChunk of [undefined, 8]) {
        const outG = ctx.tensor([T, c.heads * c.d], 'f32', new Float32Array(T * c.heads * c.d).fill(NaN), 'out grouped');
        const lseG = ctx.tensor([T, c.heads], 'f32', new Float32Array(T * c.heads).fill(NaN), 'lse grouped');
        ctx.run((rec) => attentionForward(rec, { q, k, v, meta, out: outG, lse: lseG }, { heads: c.heads, kvHeads: c.kvHeads, headDim: c.d }, { queryChunk: 5, unroll, grouped: true, keyChunk, maxKeys: Math.max(...c.lengths) }));
        expect(maxAbsDiff(await outG.read(), ref.out), `grouped, key chunk ${keyChunk}`).toBeLessThan(2e-6);
        expect(maxAbsDiff(await lseG.read(), ref.lse)).toBeLessThan(1e-5);
      }
      // Each sequence run alone on the GPU gives exactly its rows of the packed batch.
      let t0 = 0;
      for (const len of c.lengths) {
        const sl = (a: Float32Array, w: number) => a.subarray(t0 * w, (t0 + len) * w);
        const o1 = ctx.tensor([len, c.heads * c.d], 'f32', undefined, 'out1');
        const args = {
          q: ctx.tensor([len, c.heads * c.d], 'f32', sl(qd, c.heads * c.d)),
          k: ctx.tensor([len, c.kvHeads * c.d], 'f32', sl(kd, c.kvHeads * c.d)),
          v: ctx.tensor([len, c.kvHeads * c.d], 'f32', sl(vd, c.kvHeads * c.d)),
          meta: ctx.tensor([len, 2], 'u32', packedAttentionMeta([len])),
          out: o1,
          lse: ctx.tensor([len, c.heads], 'f32'),
        };
        ctx.run((rec) => attentionForward(rec, args, { heads: c.heads, kvHeads: c.kvHeads, headDim: c.d }, { unroll }));
        expect(maxAbsDiff(await o1.read(), sl(packed, c.heads * c.d))).toBe(0);
        t0 += len;
      }
    });

    test(`decode against a KV cache = prefill's last rows (direct, key-split, grouped): heads ${c.heads}/kv ${c.kvHeads}, d ${c.d}`, async () => {
      const ctx = await getTestContext();
      const T = c.lengths.reduce((a, b) => a + b, 0);
      const B = c.lengths.length;
      const maxLen = Math.max(40, ...c.lengths);
      const shape = { heads: c.heads, kvHeads: c.kvHeads, headDim: c.d };
      const qd = randomArray(T * c.heads * c.d, 4, -2, 2);
      const kd = randomArray(T * c.kvHeads * c.d, 5, -2, 2);
      const vd = randomArray(T * c.kvHeads * c.d, 6);
      // Fill the cache from the packed k/v (as prefill would), slots in reverse order.
      const queries = c.lengths.flatMap((len, s) => Array.from({ length: len }, (_, i) => ({ slot: B - 1 - s, position: i })));
      const { rows } = cacheAttentionMeta(maxLen, queries);
      const cacheK = ctx.tensor([B, maxLen, c.kvHeads * c.d], 'f32', new Float32Array(B * maxLen * c.kvHeads * c.d).fill(NaN), 'cacheK');
      const cacheV = ctx.tensor([B, maxLen, c.kvHeads * c.d], 'f32', new Float32Array(B * maxLen * c.kvHeads * c.d).fill(NaN), 'cacheV');
      const rowsT = ctx.tensor([T], 'u32', rows, 'rows');
      ctx.run((rec) => {
        kvCacheWrite(rec, ctx.tensor([T, c.kvHeads * c.d], 'f32', kd), cacheK, rowsT, shape);
        kvCacheWrite(rec, ctx.tensor([T, c.kvHeads * c.d], 'f32', vd), cacheV, rowsT, shape);
      });
      // One query per sequence: its last token.
      const last: number[] = [];
      let t0 = 0;
      for (const len of c.lengths) last.push((t0 += len) - 1);
      const qLast = new Float32Array(B * c.heads * c.d);
      last.forEach((t, s) => qLast.set(qd.subarray(t * c.heads * c.d, (t + 1) * c.heads * c.d), s * c.heads * c.d));
      const dec = cacheAttentionMeta(maxLen, c.lengths.map((len, s) => ({ slot: B - 1 - s, position: len - 1 })));
      const q = ctx.tensor([B, c.heads * c.d], 'f32', qLast, 'q');
      const meta = ctx.tensor([B, 2], 'u32', dec.meta, 'meta');
      const ref = reference(c, qd, kd, vd);
      const want = last.flatMap((t) => [...ref.out.subarray(t * c.heads * c.d, (t + 1) * c.heads * c.d)]);
      const wantLse = last.flatMap((t) => [...ref.lse.subarray(t * c.heads, (t + 1) * c.heads)]);
      // GPU prefill of the whole packed batch, for an exact comparison.
      const prefillOut = ctx.tensor([T, c.heads * c.d], 'f32', undefined, 'prefill');
      ctx.run((rec) =>
        attentionForward(
          rec,
          {
            q: ctx.tensor([T, c.heads * c.d], 'f32', qd),
            k: ctx.tensor([T, c.kvHeads * c.d], 'f32', kd),
            v: ctx.tensor([T, c.kvHeads * c.d], 'f32', vd),
            meta: ctx.tensor([T, 2], 'u32', packedAttentionMeta(c.lengths)),
            out: prefillOut,
            lse: ctx.tensor([T, c.heads], 'f32'),
          },
          shape,
          { unroll: c === CASES[0] },
        ),
      );
      const pre = await prefillOut.read();
      const preLast = last.flatMap((t) => [...pre.subarray(t * c.heads * c.d, (t + 1) * c.heads * c.d)]);
      // Splits of 8 keys, and the default keys per split (8: 5 splits at 37 keys); the grouped
      // kernel with chunks of 8 and 13 keys (through combine) and its default (one chunk).
      // maxKeys 16 under the real count: the last chunk takes the keys left.
      const paths: AttentionOptions[] = [
        { split: false, keyChunk: 8 },
        { split: true, keyChunk: 8 },
        { split: true },
        { split: true, keyChunk: 8, maxKeys: 16 },
        { grouped: true, keyChunk: 8 },
        { grouped: true, keyChunk: 13 },
        { grouped: true },
        { grouped: true, keyChunk: 8, maxKeys: 16 },
      ];
      for (const path of paths) {
        const out = ctx.tensor([B, c.heads * c.d], 'f32', undefined, 'out');
        const lse = ctx.tensor([B, c.heads], 'f32', undefined, 'lse');
        const unroll = c === CASES[0];
        ctx.run((rec) => attentionForward(rec, { q, k: cacheK, v: cacheV, meta, out, lse }, shape, { maxKeys: Math.max(...c.lengths), ...path, unroll }));
        const got = await out.read();
        expect(maxAbsDiff(got, want), JSON.stringify(path)).toBeLessThan(2e-6);
        expect(maxAbsDiff(await lse.read(), wantLse), JSON.stringify(path)).toBeLessThan(1e-5);
        // Same keys in the same order: the unsplit decode reproduces prefill bit for bit.
        if (path.split === false) expect(maxAbsDiff(got, preLast)).toBe(0);
      }
    });
  }

  test('the default keys per split: about 32 splits of at least 8 keys, fewer splits for a bounded partial-sum buffer', () => {
    expect(defaultKeyChunk(512, 9 * 64)).toBe(16);
    expect(defaultKeyChunk(48, 9 * 64)).toBe(8);
    expect(defaultKeyChunk(8192, 9 * 64)).toBe(256);
    // 4,000 pairs of head dim 128: at most 16 splits keep the partial sums under 8 Mi floats
    expect(defaultKeyChunk(8192, 4000 * 128)).toBe(512);
  });

  test('the grouped kernel\'s keys per workgroup: one chunk up to 512 keys, then chunks of about 256, bounded like the split', () => {
    expect(groupedKeyChunk(48, 9 * 64)).toBe(48);
    expect(groupedKeyChunk(512, 9 * 64)).toBe(512);
    expect(groupedKeyChunk(513, 9 * 64)).toBe(171);
    expect(groupedKeyChunk(2048, 9 * 64)).toBe(256);
    expect(groupedKeyChunk(1 << 20, 9 * 64)).toBe(32768); // at most 32 chunks
    expect(groupedKeyChunk(8192, 4000 * 128)).toBe(512); // 16 chunks: partial sums within 8 Mi floats
  });

  test('a KV cache larger than one storage binding is refused with advice', async () => {
    const ctx = await createTestContext({ maxBindingBytes: 4096 });
    const rec = ctx.recorder();
    const cache = ctx.tensor([2, 40, 16], 'f32', undefined, 'cacheK');
    expect(cache.isSharded).toBe(true);
    const t = (n: number) => ctx.tensor([n], 'f32');
    expect(() => attentionForward(rec, { q: t(32), k: cache, v: cache, meta: ctx.tensor([2], 'u32'), out: t(32), lse: t(2) }, { heads: 2, kvHeads: 1, headDim: 16 })).toThrow(
      /"cacheK" \[2,40,16\] needs 2 storage bindings.*fewer sequences per batch or a shorter maximum length/,
    );
    rec.submit();
    ctx.destroy();
  });

  test('bad shapes are refused with advice', async () => {
    const ctx = await getTestContext();
    const rec = ctx.recorder();
    const t = (n: number) => ctx.tensor([n], 'f32');
    expect(() => attentionForward(rec, { q: t(48), k: t(16), v: t(16), meta: ctx.tensor([2], 'u32'), out: t(48), lse: t(3) }, { heads: 3, kvHeads: 2, headDim: 16 })).toThrow(
      /3 attention heads are not a multiple of 2 KV heads; check num_key_value_heads/,
    );
    expect(() => cacheAttentionMeta(8, [{ slot: 0, position: 8 }])).toThrow(/does not fit the KV cache of 8 positions/);
    expect(() => attentionForward(rec, { q: t(12), k: t(6), v: t(6), meta: ctx.tensor([2], 'u32'), out: t(12), lse: t(2) }, { heads: 2, kvHeads: 1, headDim: 6 })).toThrow(
      /head dim 6 is not supported \(the kernels need a multiple of 4/,
    );
    expect(() => attentionForward(rec, { q: t(32), k: t(16), v: t(16), meta: ctx.tensor([2], 'u32'), out: t(32), lse: t(2) }, { heads: 2, kvHeads: 1, headDim: 16 }, { split: true })).toThrow(
      /key splitting needs options.maxKeys/,
    );
    expect(() => attentionForward(rec, { q: t(32), k: t(16), v: t(16), meta: ctx.tensor([2], 'u32'), out: t(32), lse: t(2) }, { heads: 2, kvHeads: 1, headDim: 16 }, { grouped: true })).toThrow(
      /the grouped kernel needs options.maxKeys/,
    );
    expect(() => attentionForward(rec, { q: t(32), k: t(16), v: t(16), meta: ctx.tensor([2], 'u32'), out: t(32), lse: t(2) }, { heads: 2, kvHeads: 1, headDim: 16 }, { grouped: true, split: true, maxKeys: 4 })).toThrow(
      /grouped and split are two different kernels/,
    );
    rec.submit();
  });
});
