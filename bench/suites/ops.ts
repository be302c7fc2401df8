// `npm run bench -- ops [--hidden 576 --heads 9 --kv 3 --head-dim 64 --vocab 8192 --tokens 256]`:
// the transformer op kernels (src/kernels: embedding, rmsnorm, rope, attention, swiglu,
// lmhead) on SmolLM2-135M-like shapes (vocabulary cut to --vocab so lavapipe finishes).
// Baselines from the same run: an elementwise scale (src/kernels/elementwise) over the same
// bytes for the memory-bound ops (x_copy = op time / that time; timestamps cover compute
// passes only, so a buffer copy cannot be the baseline), direct vs key-split attention for decode, and the bare
// chunked logits matmul for the fused log-softmax head (overhead of the bookkeeping).
import { createGpuContext, type GpuContext, type Recorder, type Tensor, timeGpu } from '../../src/gpu';
import { nodeGPU } from '../../src/host/node';
import { attentionBackward, attentionForward, attentionForwardSegments, cacheAttentionMeta, kvCacheWrite, packedAttentionMeta, packedSegments } from '../../src/kernels/attention';
import { matvec, matvecs } from '../../src/kernels/matvec';
import { scale as scaleOp } from '../../src/kernels/elementwise';
import { embeddingBackward, embeddingForward } from '../../src/kernels/embedding';
import { lmheadBackward, lmheadLogits, lmheadLogProbs } from '../../src/kernels/lmhead';
import { rmsnormBackward, rmsnormForward } from '../../src/kernels/rmsnorm';
import { createRopeTable, ropeInPlace, ropeIntoCache } from '../../src/kernels/rope';
import { swigluBackward, swigluForward } from '../../src/kernels/swiglu';
import { recordSample, resolveSampling } from '../../src/generate/sampler';
import type { BenchResult, BenchSuite } from '../types';

function option(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? Number(args[i + 1]) : fallback;
}

function filled(ctx: GpuContext, shape: number[], seed: number, label: string): Tensor<'f32'> {
  const n = shape.reduce((a, b) => a * b, 1);
  const d = new Float32Array(n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    d[i] = ((s >>> 0) / 4294967296 - 0.5) * 0.5;
  }
  return ctx.tensor(shape, 'f32', d, label);
}

const suite: BenchSuite = async (args): Promise<BenchResult> => {
  const H = option(args, 'hidden', 576);
  const heads = option(args, 'heads', 9);
  const kvHeads = option(args, 'kv', 3);
  const d = option(args, 'head-dim', 64);
  const V = option(args, 'vocab', 8192);
  const T = option(args, 'tokens', 256);
  const I = option(args, 'intermediate', 1536);
  const B = 8;
  const cached = option(args, 'cached', 512);
  const SV = option(args, 'sample-vocab', 151936);
  const ctx = await createGpuContext(nodeGPU());
  const metrics: Record<string, number> = {};
  const time = async (name: string, record: (rec: Recorder) => void, reps = 3): Promise<number> => {
    const t = await timeGpu(ctx, record, { warmup: 1, reps });
    metrics[`${name}.ms`] = +t.ms.toFixed(3);
    return t.ms;
  };
  const copyMs = async (name: string, bytes: number): Promise<number> => {
    const n = Math.ceil(bytes / 4);
    const a = ctx.tensor([n], 'f32', undefined, 'copy a');
    const b = ctx.tensor([n], 'f32', undefined, 'copy b');
    return time(`${name}.copy_baseline`, (rec) => scaleOp(rec, a, 1, b));
  };
  const vsCopy = async (name: string, bytes: number, record: (rec: Recorder) => void) => {
    const ms = await time(name, record);
    const base = await copyMs(name, bytes);
    metrics[`${name}.x_copy`] = +(ms / base).toFixed(2);
  };

  // Memory-bound ops, against a copy of the bytes they read and write.
  const x = filled(ctx, [T, H], 1, 'x');
  const y = ctx.tensor([T, H], 'f32');
  const w = filled(ctx, [H], 2, 'w');
  const rstd = ctx.tensor([T], 'f32');
  const dx = ctx.tensor([T, H], 'f32');
  const dw = ctx.tensor([H], 'f32');
  await vsCopy('rmsnorm.forward', T * H * 4, (rec) => rmsnormForward(rec, x, w, 1e-6, y, rstd));
  await vsCopy('rmsnorm.backward', 2 * T * H * 4, (rec) => rmsnormBackward(rec, y, x, w, rstd, dx, dw));
  const table = filled(ctx, [V, H], 3, 'table');
  const ids = ctx.tensor([T], 'u32', Array.from({ length: T }, (_, i) => (i * 7919) % V), 'ids');
  await vsCopy('embedding.forward', T * H * 4, (rec) => embeddingForward(rec, table, ids, y));
  const dTable = ctx.tensor([V, H], 'f32');
  await vsCopy('embedding.backward', V * H * 4 + T * H * 4, (rec) => embeddingBackward(rec, x, ids, dTable));
  const gate = filled(ctx, [T, I], 4, 'gate');
  const up = filled(ctx, [T, I], 5, 'up');
  const h = ctx.tensor([T, I], 'f32');
  const dGate = ctx.tensor([T, I], 'f32');
  const dUp = ctx.tensor([T, I], 'f32');
  await vsCopy('swiglu.forward', T * I * 4, (rec) => swigluForward(rec, gate, up, h));
  await vsCopy('swiglu.backward', 2 * T * I * 4, (rec) => swigluBackward(rec, h, gate, up, dGate, dUp));
  const rope = createRopeTable(ctx, Array.from({ length: d / 2 }, (_, i) => 1 / 10000 ** ((2 * i) / d)), 4096);
  const q = filled(ctx, [T, heads * d], 6, 'q');
  const pos = ctx.tensor([T], 'u32', Array.from({ length: T }, (_, i) => i), 'pos');
  await vsCopy('rope', T * heads * d * 4, (rec) => ropeInPlace(rec, q, heads, pos, rope));

  // Attention: prefill of 2 sequences of T/2, its backward, decode of B sequences against `cached` keys.
  const shape = { heads, kvHeads, headDim: d };
  const lengths = [T / 2, T - T / 2];
  const k = filled(ctx, [T, kvHeads * d], 7, 'k');
  const v = filled(ctx, [T, kvHeads * d], 8, 'v');
  const out = ctx.tensor([T, heads * d], 'f32');
  const lse = ctx.tensor([T, heads], 'f32');
  const meta = ctx.tensor([T, 2], 'u32', packedAttentionMeta(lengths));
  const pairs = lengths.reduce((a, l) => a + (l * (l + 1)) / 2, 0) * heads;
  const fwdMs = await time('attention.prefill', (rec) => attentionForward(rec, { q, k, v, meta, out, lse }, shape));
  metrics['attention.prefill.gflops'] = +((4 * pairs * d) / fwdMs / 1e6).toFixed(3);
  // The same prefill with a workgroup per (query, head) (real GPUs' default when maxKeys is given).
  const fwdGrouped = await time('attention.prefill_grouped', (rec) => attentionForward(rec, { q, k, v, meta, out, lse }, shape, { grouped: true, maxKeys: Math.max(...lengths) }));
  metrics['attention.prefill.grouped_speedup'] = +(fwdMs / fwdGrouped).toFixed(2);
  const seg = ctx.tensor([T, 4], 'u32', packedSegments(lengths));
  const grads = { dq: ctx.tensor([T, heads * d], 'f32'), dk: ctx.tensor([T, kvHeads * d], 'f32'), dv: ctx.tensor([T, kvHeads * d], 'f32') };
  // invocation kernels on both sides, comparable with earlier sessions' figures
  const bwdMs = await time('attention.backward', (rec) => attentionBackward(rec, { q, k, v, out, lse, dOut: out, seg, ...grads }, shape, { grouped: false }));
  metrics['attention.backward_vs_forward'] = +(bwdMs / fwdMs).toFixed(2);
  // Training's kernels (forward over segments, backward) with an invocation per (query, head) /
  // (key, KV head) pair vs a workgroup per pair (grouped: real GPUs' default below 131,072 pairs),
  // alternated, the best of three each.
  {
    const io = { q, k, v, seg, out, lse };
    let best = { fwd: Infinity, fwdGrouped: Infinity, bwd: Infinity, bwdGrouped: Infinity };
    for (let r = 0; r < 3; r++) {
      best = {
        fwd: Math.min(best.fwd, await time('attention.train.forward', (rec) => attentionForwardSegments(rec, io, shape, { grouped: false }))),
        fwdGrouped: Math.min(best.fwdGrouped, await time('attention.train.forward_grouped', (rec) => attentionForwardSegments(rec, io, shape, { grouped: true }))),
        bwd: Math.min(best.bwd, await time('attention.train.backward', (rec) => attentionBackward(rec, { ...io, dOut: out, ...grads }, shape, { grouped: false }))),
        bwdGrouped: Math.min(best.bwdGrouped, await time('attention.train.backward_grouped', (rec) => attentionBackward(rec, { ...io, dOut: out, ...grads }, shape, { grouped: true }))),
      };
    }
    metrics['attention.train.forward.ms'] = +best.fwd.toFixed(3);
    metrics['attention.train.forward_grouped_speedup'] = +(best.fwd / best.fwdGrouped).toFixed(2);
    metrics['attention.train.backward.ms'] = +best.bwd.toFixed(3);
    metrics['attention.train.backward_grouped_speedup'] = +(best.bwd / best.bwdGrouped).toFixed(2);
  }
  const maxLen = cached + 1;
  const cacheK = filled(ctx, [B * maxLen, kvHeads * d], 9, 'cacheK');
  const cacheV = filled(ctx, [B * maxLen, kvHeads * d], 10, 'cacheV');
  const dec = cacheAttentionMeta(maxLen, Array.from({ length: B }, (_, s) => ({ slot: s, position: cached })));
  const io = { q: filled(ctx, [B, heads * d], 11, 'q1'), k: cacheK, v: cacheV, meta: ctx.tensor([B, 2], 'u32', dec.meta), out: ctx.tensor([B, heads * d], 'f32'), lse: ctx.tensor([B, heads], 'f32') };
  const direct = await time('attention.decode.direct', (rec) => attentionForward(rec, io, shape, { split: false }));
  const split = await time('attention.decode.split', (rec) => attentionForward(rec, io, shape, { split: true, maxKeys: cached + 1 }));
  metrics['attention.decode.split_speedup'] = +(direct / split).toFixed(2);
  // Smaller key chunks spread a decode step's few (query, head) pairs over more invocations:
  // direct vs each chunk size, at batch 8 and 1 (the decoder's default on real GPUs: defaultKeyChunk in src/kernels/attention.ts).
  {
    const one = cacheAttentionMeta(maxLen, [{ slot: 0, position: cached }]);
    const io1 = { q: filled(ctx, [1, heads * d], 13, 'q1 b1'), k: cacheK, v: cacheV, meta: ctx.tensor([1, 2], 'u32', one.meta), out: ctx.tensor([1, heads * d], 'f32'), lse: ctx.tensor([1, heads], 'f32') };
    for (const [b, x] of [[B, io], [1, io1]] as const) {
      const base = b === B ? direct : await time(`attention.decode.b${b}.direct`, (rec) => attentionForward(rec, x, shape, { split: false }));
      for (const keyChunk of [8, 16, 32, 64, 128, 256]) {
        const ms = await time(`attention.decode.b${b}.split_k${keyChunk}`, (rec) => attentionForward(rec, x, shape, { split: true, maxKeys: cached + 1, keyChunk }));
        metrics[`attention.decode.b${b}.split_k${keyChunk}_speedup`] = +(base / ms).toFixed(2);
      }
      // The grouped kernel (a workgroup per pair and key chunk): chunks of 64..256 keys
      // (through combine) and all keys in one chunk (no combine; its default up to 512 keys).
      for (const keyChunk of [64, 128, 256, cached + 1]) {
        const name = keyChunk > cached ? 'all' : `k${keyChunk}`;
        const ms = await time(`attention.decode.b${b}.grouped_${name}`, (rec) => attentionForward(rec, x, shape, { grouped: true, maxKeys: cached + 1, keyChunk }));
        metrics[`attention.decode.b${b}.grouped_${name}_speedup`] = +(base / ms).toFixed(2);
      }
    }
    // A short context (the start of every answer): 48 cached keys at batch 1.
    const short = 48;
    const metaShort = cacheAttentionMeta(maxLen, [{ slot: 0, position: short }]);
    const ioShort = { ...io1, meta: ctx.tensor([1, 2], 'u32', metaShort.meta) };
    const base = await time('attention.decode.short.b1.direct', (rec) => attentionForward(rec, ioShort, shape, { split: false }));
    for (const keyChunk of [8, 16, 32]) {
      const ms = await time(`attention.decode.short.b1.split_k${keyChunk}`, (rec) => attentionForward(rec, ioShort, shape, { split: true, maxKeys: short + 1, keyChunk }));
      metrics[`attention.decode.short.b1.split_k${keyChunk}_speedup`] = +(base / ms).toFixed(2);
    }
    const grouped = await time('attention.decode.short.b1.grouped', (rec) => attentionForward(rec, ioShort, shape, { grouped: true, maxKeys: short + 1 }));
    metrics['attention.decode.short.b1.grouped_speedup'] = +(base / grouped).toFixed(2);
  }

  // LM head over V: fused log-softmax vs the bare logits matmul of the same chunks.
  const hidden = filled(ctx, [T, H], 12, 'hidden');
  const targets = ctx.tensor([T], 'i32', Array.from({ length: T }, (_, i) => (i * 31) % V), 'targets');
  const logp = ctx.tensor([T], 'f32');
  const lseV = ctx.tensor([T], 'f32');
  const logitsOut = ctx.tensor([T, V], 'f32');
  const flops = 2 * T * V * H;
  const logitsMs = await time('lmhead.logits_baseline', (rec) => lmheadLogits(rec, hidden, table, logitsOut), 2);
  const lpMs = await time('lmhead.logprob', (rec) => lmheadLogProbs(rec, hidden, table, targets, { logp, lse: lseV }), 2);
  metrics['lmhead.logprob.gflops'] = +(flops / lpMs / 1e6).toFixed(3);
  metrics['lmhead.logprob_vs_logits'] = +(lpMs / logitsMs).toFixed(2);
  // The head's own logits kernels (sharded W, row picking) vs the shared matmul, on 32 rows.
  const few = 32;
  const hFew = filled(ctx, [few, H], 13, 'hidden few');
  const oFew = ctx.tensor([few, V], 'f32');
  const viaMatmul = await time('lmhead.logits32.matmul', (rec) => lmheadLogits(rec, hFew, table, oFew), 2);
  for (const kernel of ['reg', 'tiled'] as const) {
    const ms = await time(`lmhead.logits32.${kernel}`, (rec) => lmheadLogits(rec, hFew, table, oFew, { logitsKernel: kernel }), 2);
    metrics[`lmhead.logits32.${kernel}.gflops`] = +((2 * few * V * H) / ms / 1e6).toFixed(3);
    metrics[`lmhead.logits32.${kernel}_vs_matmul`] = +(ms / viaMatmul).toFixed(2);
  }
  const scale = ctx.tensor([T], 'f32', new Float32Array(T).fill(1 / T));
  const lbMs = await time('lmhead.backward', (rec) => lmheadBackward(rec, { hidden, w: table, targets, lse: lseV, scale, dHidden: dx, dW: dTable }), 2);
  metrics['lmhead.backward.gflops'] = +((3 * flops) / lbMs / 1e6).toFixed(3);

  // A decoder layer's norm / projection / RoPE / cache-write part at batch 1, as the decoder
  // records it (RMSNorm folded into the matvecs after it, RoPE and the cache write in one
  // kernel: 6 dispatches) against the separate ops (11), alternated, the best of four each.
  {
    const x1 = filled(ctx, [1, H], 14, 'x1');
    const g1 = filled(ctx, [H], 15, 'g1');
    const n1 = ctx.tensor([1, H], 'f32');
    const r1 = ctx.tensor([1], 'f32');
    const W = (rows: number, seed: number, label: string) => filled(ctx, [rows, H], seed, label);
    const proj = [W(heads * d, 16, 'Wq'), W(kvHeads * d, 17, 'Wk'), W(kvHeads * d, 18, 'Wv'), W(I, 19, 'Wgate'), W(I, 20, 'Wup')];
    const outs = proj.map((w) => ctx.tensor([1, w.rows], 'f32'));
    const [q1, k1, v1] = outs;
    const pos1 = ctx.tensor([1], 'u32', [cached], 'pos1');
    const row1 = ctx.tensor([1], 'u32', [cached], 'row1');
    const kc = ctx.tensor([maxLen, kvHeads * d], 'f32');
    const vc = ctx.tensor([maxLen, kvHeads * d], 'f32');
    const unfused = (rec: Recorder) => {
      rmsnormForward(rec, x1, g1, 1e-5, n1, r1);
      for (let i = 0; i < 3; i++) matvec(rec, proj[i]!, n1, outs[i]!);
      ropeInPlace(rec, q1!, heads, pos1, rope);
      ropeInPlace(rec, k1!, kvHeads, pos1, rope);
      kvCacheWrite(rec, k1!, kc, row1, shape);
      kvCacheWrite(rec, v1!, vc, row1, shape);
      rmsnormForward(rec, x1, g1, 1e-5, n1, r1);
      for (let i = 3; i < 5; i++) matvec(rec, proj[i]!, n1, outs[i]!);
    };
    const fused = (rec: Recorder) => {
      for (let i = 0; i < 3; i++) matvec(rec, proj[i]!, x1, outs[i]!, { norm: { weight: g1, eps: 1e-5 } });
      ropeIntoCache(rec, { q: q1!, k: k1!, v: v1!, positions: pos1, rows: row1, kCache: kc, vCache: vc }, shape, rope);
      for (let i = 3; i < 5; i++) matvec(rec, proj[i]!, x1, outs[i]!, { norm: { weight: g1, eps: 1e-5 } });
    };
    // separate vs as the decoder records them: alternated, the best of four each
    const fusedVsUnfused = async (name: string, unfusedRec: (rec: Recorder) => void, fusedRec: (rec: Recorder) => void) => {
      let best = { unfused: Infinity, fused: Infinity };
      for (let r = 0; r < 4; r++) {
        best = { unfused: Math.min(best.unfused, await time(`${name}.unfused`, unfusedRec, 5)), fused: Math.min(best.fused, await time(`${name}.fused`, fusedRec, 5)) };
      }
      metrics[`${name}.unfused.ms`] = +best.unfused.toFixed(3);
      metrics[`${name}.fused.ms`] = +best.fused.toFixed(3);
      metrics[`${name}.fused_speedup`] = +(best.unfused / best.fused).toFixed(2);
    };
    await fusedVsUnfused('decode_layer', unfused, fused);
    // The layer's MLP end: SwiGLU then the down projection (+ residual), separate (2
    // dispatches) vs the SwiGLU folded into the down matvec (1), as the decoder records it.
    const down = filled(ctx, [H, I], 21, 'Wdown');
    const h1 = ctx.tensor([1, I], 'f32');
    const [gate1, up1] = [outs[3]!, outs[4]!];
    const mlpUnfused = (rec: Recorder) => {
      swigluForward(rec, gate1, up1, h1);
      matvec(rec, down, h1, x1, { accumulate: true });
    };
    const mlpFused = (rec: Recorder) => matvec(rec, down, gate1, x1, { accumulate: true, glu: { up: up1 } });
    await fusedVsUnfused('decode_mlp', mlpUnfused, mlpFused);
    // The projections after each norm (q/k/v, gate/up; norms folded): one matvec each (5
    // dispatches) vs one matvecs dispatch per norm (2), as the decoder records them.
    const norm = { weight: g1, eps: 1e-5 };
    const products = proj.map((w, i) => ({ w, y: outs[i]! }));
    const projUnfused = (rec: Recorder) => {
      for (const { w, y } of products) matvec(rec, w, x1, y, { norm });
    };
    const projFused = (rec: Recorder) => {
      matvecs(rec, x1, products.slice(0, 3), { norm });
      matvecs(rec, x1, products.slice(3), { norm });
    };
    await fusedVsUnfused('decode_proj', projUnfused, projFused);
  }

  // Sampling a decode step's logits at Qwen2.5's vocabulary (151,936), the paper's T 0.6 / top-k
  // 20 / top-p 0.95 and greedy, batch 1 and 8: one workgroup per row over the whole vocabulary
  // vs chunks (src/generate/sampler.ts), alternated, the best of three each.
  {
    for (const rows of [1, B]) {
      const lg = filled(ctx, [rows, SV], 21 + rows, 'sample logits');
      const keys = Array.from({ length: rows }, (_, r) => ({ sequence: r, step: 0 }));
      for (const [name, o] of [['paper', { temperature: 0.6, topK: 20, topP: 0.95, seed: 1 }], ['greedy', { temperature: 0 }]] as const) {
        const opts = resolveSampling(o);
        const made: Tensor[] = [];
        const timed = async (path: 'whole-row' | 'chunked', label: string) => {
          const ms = await time(label, (rec) => {
            const { result, scratch } = recordSample(ctx, rec, lg, keys, opts, path);
            made.push(result, ...scratch);
          });
          made.splice(0).forEach((t) => t.destroy());
          return ms;
        };
        let best = { whole: Infinity, chunked: Infinity };
        for (let r = 0; r < 3; r++) {
          best = { whole: Math.min(best.whole, await timed('whole-row', `sample.${name}.b${rows}.whole_row`)), chunked: Math.min(best.chunked, await timed('chunked', `sample.${name}.b${rows}.chunked`)) };
        }
        metrics[`sample.${name}.b${rows}.whole_row.ms`] = +best.whole.toFixed(3);
        metrics[`sample.${name}.b${rows}.chunked.ms`] = +best.chunked.toFixed(3);
        metrics[`sample.${name}.b${rows}.chunked_speedup`] = +(best.whole / best.chunked).toFixed(2);
      }
      lg.destroy();
    }
  }

  return {
    suite: 'ops',
    adapter: { vendor: ctx.adapter.vendor, architecture: ctx.adapter.architecture, description: ctx.adapter.description, features: Object.entries(ctx.features).filter(([, on]) => on).map(([f]) => f) },
    shapes: { hidden: H, heads, kvHeads, headDim: d, vocab: V, tokens: T, intermediate: I, decodeBatch: B, cachedKeys: cached, sampleVocab: SV },
    metrics,
    notes: [
      'x_copy: op time / time of an elementwise scale reading and writing the same bytes (memory-bound ops: near 1 is ideal).',
      'attention.decode.split_speedup: direct / key-split (flash-decoding) time for decode (batch 8, the default keys per split); attention.decode.b{8,1}.split_k{8..256}_speedup: the same for each keys-per-split at batch 8 and 1; attention.decode.short.b1.split_k{8,16,32}_speedup: at 48 cached keys; grouped_{k64,k128,k256,all}_speedup and short.b1.grouped_speedup: direct / the grouped kernel (a workgroup of 64 per pair and key chunk; all = one chunk, no combine pass).',
      'attention.prefill.grouped_speedup: the prefill (2 sequences of tokens/2) with an invocation per (query, head) / a workgroup per pair.',
      'attention.train.{forward,backward}.ms and _grouped_speedup: training\'s attention over 2 sequences of tokens/2 (forward over segments; backward dq + dk/dv), an invocation per pair vs a workgroup per pair (grouped); GPU time, best of three alternated.',
      'decode_layer.{unfused,fused}: one layer\'s RMSNorms, q/k/v/gate/up matvecs, RoPE and cache write at batch 1 as separate ops (11 dispatches) and as the decoder records them (norms folded into the matvecs, RoPE + cache write in one kernel: 6); GPU time of the whole recording, the best of four alternated runs; fused_speedup = unfused / fused.',
      'decode_mlp.{unfused,fused}: the layer\'s SwiGLU and down projection (+ residual) at batch 1, separate (2 dispatches) and with the SwiGLU folded into the down matvec (1); the same timing.',
      'decode_proj.{unfused,fused}: the layer\'s q/k/v and gate/up projections (RMSNorm folded in) at batch 1, one matvec each (5 dispatches) and one matvecs dispatch per norm (2); the same timing.',
      'sample.{paper,greedy}.b{1,8}: sampling [rows, 151,936] logits (--sample-vocab) at T 0.6 / top-k 20 / top-p 0.95 and greedy, one workgroup per row over the whole vocabulary vs the chunked path; GPU time, the best of three alternated runs; chunked_speedup = whole_row / chunked.',
      'lmhead.logprob_vs_logits: fused chunked log p + lse vs the bare chunked logits matmul.',
      'lmhead.logits32.{reg,tiled}: the head\'s own logits kernels (used for sharded heads and picked rows) vs the shared matmul.',
      'GFLOP/s count multiply-adds as 2 flops; attention counts q·k and p·v over the causal pairs only.',
    ],
  };
};

export default suite;
