// Causal GQA attention: forward (prefill over packed sequences, decode against a KV cache),
// the KV-cache write, and the backward over packed sequences. Layout (shaders/attention.wgsl):
//   q [T, heads·d] (T = all query tokens of the batch, packed), out [T, heads·d], lse [T, heads]
//   k, v: rows [R, kvHeads·d] — the same packed tokens (training / prefill without cache)
//         or a cache [B, maxLen, kvHeads·d] (R = B·maxLen)
//   meta [T, 2] u32: per query token, (first key row, number of keys it sees).
//   seg [T, 4] u32 (training: forward by attentionForwardSegments, and the backward): per
//         token (prefix start, prefix end, own start, queries' end): query t sees keys
//         prefix..  and own start..t; key t is seen by queries t..end−1. Plain packing has an
//         empty prefix; prefix sharing (src/train/prefix-tree.ts) packs one prompt and G
//         branches that each see the prompt as their prefix.
// Host helpers below build meta and seg. lse (log Σ exp of scaled scores) is what the
// backward needs.
import { type BindingKind, type KernelSpec, type Recorder, type Tensor, WGSL_LINEAR_GROUP, params } from '../gpu';
import attentionWgsl from '../../shaders/attention.wgsl?raw';
import backwardWgsl from '../../shaders/attention_backward.wgsl?raw';
import groupSumWgsl from '../../shaders/group_sum.wgsl?raw';
import { workspace } from './workspace';

const WG = 64;
// Decode's key split (flash-decoding). A decode step has few (query, head) pairs — 9 for
// SmolLM2 at batch 1 — and the direct kernel gives each one invocation walking every key, so
// splitting the keys is what fills a real GPU. Measured on an H200 (bench ops, session 13):
// at 512 cached keys direct 0.66 ms (b1); 8 keys per split 7.4×, 16 8.7×, 32 7.7×, 64 4.9×,
// 256 1.7× (b8: 16 and 32 9.3×); at 48 keys 8 per split 2.3×, 16 1.8×, 32 1.2×. So about
// MAX_SPLITS splits of at least MIN_KEY_CHUNK keys, fewer when the partial sums would pass
// MAX_ACC_FLOATS.
const MIN_KEY_CHUNK = 8;
const MAX_SPLITS = 32;
const MAX_ACC_FLOATS = 8 << 20;
/**
 * The grouped kernel's key chunks: one workgroup (64 invocations) per pair up to
 * GROUPED_ONE_CHUNK keys, chunks of about GROUPED_KEYS_PER_WORKGROUP beyond. H200 (bench ops,
 * session 14), direct / grouped with 64 / 128 / 256 keys per workgroup / all in one: 512
 * cached keys b1 21.6 / 24.8 / 24.8 / 24.7×, b8 19 / 24.7 / 27.3 / 33.8×; 2,048 keys b1
 * 37 / 55 / 71.7 / 43.7×, b8 21 / 39 / 57 / 61×; 48 keys b1 4.3× (the invocation split's best:
 * 2.3× at 48 keys, 19× at 2,048). In SmolLM2's decode at ~500 keys two chunks and the combine
 * pass took 1.08 ms per step against one chunk's 1.05 ms, and 30 dispatches more.
 */
export const GROUPED_ONE_CHUNK = 512;
export const GROUPED_KEYS_PER_WORKGROUP = 256;
const DEFAULT_QUERY_CHUNK = 1024;
/** Below this many (query, head) pairs the invocation kernels split long key ranges (`grouped: false`). */
const FEW_QUERIES = 2048;

export interface AttentionShape {
  heads: number;
  kvHeads: number;
  headDim: number;
}

const sources = new Map<string, string>();
/**
 * The shader for head dim d (private arrays need a compile-time size). `unroll`: loops over
 * the head dim get a constant bound (real GPUs: registers); otherwise a runtime one (CPU
 * rasterisers, whose LLVM spends minutes on the fully unrolled kernels).
 */
export function attentionSource(code: string, d: number, unroll: boolean): string {
  const key = `${d}/${unroll}/${code.length}/${code.slice(0, 64)}`;
  let s = sources.get(key);
  if (!s) sources.set(key, (s = `const D: u32 = ${d}u;\n${`${code}\n${groupSumWgsl}`.replaceAll('LOOP_D4', unroll ? 'D4' : 'p.d4')}${WGSL_LINEAR_GROUP}`));
  return s;
}

export function checkAttentionShape(s: AttentionShape, what: string): void {
  const { heads, kvHeads, headDim } = s;
  for (const [k, v] of Object.entries(s)) {
    if (!Number.isInteger(v) || v < 1) throw new Error(`${what}: ${k} must be a positive integer, got ${v}`);
  }
  if (heads % kvHeads !== 0) {
    throw new Error(`${what}: ${heads} attention heads are not a multiple of ${kvHeads} KV heads; check num_key_value_heads in config.json`);
  }
  if (headDim % 4 !== 0 || headDim > 256) throw new Error(`${what}: head dim ${headDim} is not supported (the kernels need a multiple of 4, at most 256)`);
}

function expectNumel(t: Tensor, n: number, what: string, name: string, shape: string): void {
  if (t.numel !== n) throw new Error(`${what}: ${name} "${t.label}" is [${t.shape}], expected ${shape} (${n} elements)`);
}

export interface AttentionOptions {
  /**
   * The most keys any query sees (e.g. the longest cached length); needed for the key split and
   * the grouped kernel (an underestimate costs speed, not keys: the last chunk takes the rest).
   */
  maxKeys?: number;
  /**
   * Keys per chunk: per split of the invocation kernels (default defaultKeyChunk: about 32
   * splits of at least 8 keys) or per workgroup of the grouped one (default groupedKeyChunk).
   */
  keyChunk?: number;
  /**
   * The invocation-per-pair kernels with (true) or without (false) the key split. Default:
   * grouped where that applies, else on real GPUs the split when few queries see many keys.
   */
  split?: boolean;
  /**
   * A workgroup per (query, head, key chunk) instead of an invocation (`grouped`: its
   * invocations share the chunk's keys and merge through workgroup memory; one chunk needs
   * no combine pass). Default: on real GPUs below GROUPED_MAX_PAIRS (query, head) pairs with
   * maxKeys given and `split` not set (decode and prefill). keyChunk is then keys per
   * workgroup (default groupedKeyChunk).
   */
  grouped?: boolean;
  /** Query tokens per dispatch, so no single dispatch runs long (default 1024). */
  queryChunk?: number;
  /** Constant-bound (unrolled) head-dim loops; default: on real GPUs only (see attentionSource). */
  unroll?: boolean;
}

/** out = softmax(q·kᵀ/√d, causal per meta)·v for every query token and head; lse [T, heads]. */
export function attentionForward(
  rec: Recorder,
  io: { q: Tensor; k: Tensor; v: Tensor; meta: Tensor<'u32'>; out: Tensor; lse: Tensor },
  shape: AttentionShape,
  options: AttentionOptions = {},
): void {
  const what = 'attentionForward';
  checkAttentionShape(shape, what);
  const { heads, kvHeads, headDim: d } = shape;
  const { q, k, v, meta, out, lse } = io;
  if (q.numel % (heads * d) !== 0) throw new Error(`${what}: q "${q.label}" [${q.shape}] is not [tokens, ${heads}·${d}]`);
  const tokens = q.numel / (heads * d);
  expectNumel(out, tokens * heads * d, what, 'out', `[${tokens}, ${heads * d}]`);
  expectNumel(lse, tokens * heads, what, 'lse', `[${tokens}, ${heads}]`);
  expectNumel(meta, tokens * 2, what, 'meta', `[${tokens}, 2] (key start, key count)`);
  if (k.numel % (kvHeads * d) !== 0 || k.numel !== v.numel) {
    throw new Error(`${what}: k "${k.label}" [${k.shape}] and v "${v.label}" [${v.shape}] must be equal-size rows of ${kvHeads}·${d}`);
  }
  for (const t of [k, v]) {
    if (t.isSharded) {
      throw new Error(
        `${what}: "${t.label}" [${t.shape}] needs ${t.shards.length} storage bindings; attention reads k/v from one. ` +
          'Use fewer sequences per batch or a shorter maximum length (or a KV cache per group of sequences).',
      );
    }
  }
  const code = attentionSource(attentionWgsl, d, options.unroll ?? !rec.ctx.adapter.isSoftware);
  const kernel = (entryPoint: string) => rec.ctx.kernel(forwardSpec(code, entryPoint));
  const maxKeys = options.maxKeys ?? 0;
  // CPU rasterisers have a few cores that the direct kernel already fills (measured on
  // lavapipe: splitting made decode 1.2–2× slower), so split or group only on real GPUs.
  const decodeOnGpu = tokens * heads < FEW_QUERIES && !rec.ctx.adapter.isSoftware && maxKeys > 0;
  // an explicit `split` asks for the invocation-per-pair kernels
  const grouped = options.grouped ?? (options.split === undefined && maxKeys > 0 && groupedPays(rec, tokens * heads));
  const keyChunk = options.keyChunk ?? (grouped ? groupedKeyChunk(maxKeys, tokens * heads * d) : defaultKeyChunk(maxKeys, tokens * heads * d));
  const splits = Math.max(1, Math.ceil(maxKeys / keyChunk));
  const split = !grouped && (options.split ?? (splits > 1 && decodeOnGpu));
  if (options.grouped && options.split) throw new Error(`${what}: grouped and split are two different kernels; ask for one`);
  if ((split || grouped) && !options.maxKeys) throw new Error(`${what}: ${grouped ? 'the grouped kernel' : 'key splitting'} needs options.maxKeys (the most keys any query sees)`);
  const queryChunk = options.queryChunk ?? DEFAULT_QUERY_CHUNK;
  const scale = 1 / Math.sqrt(d);
  for (let t0 = 0; t0 < tokens; t0 += queryChunk) {
    const n = Math.min(queryChunk, tokens - t0);
    const u = params().u32(n).u32(t0).u32(heads).u32(kvHeads).f32(scale).u32(keyChunk).u32(splits).u32(d / 4);
    if (!split && !grouped) {
      rec.dispatch(kernel('direct'), [q, k, v, meta, out, lse, u], rec.ctx.grid(Math.ceil((n * heads) / WG)));
      continue;
    }
    if (grouped && splits === 1) {
      rec.dispatch(kernel('grouped'), [q, k, v, meta, out, lse, u], rec.ctx.grid(n * heads));
      continue;
    }
    const acc = workspace(rec.ctx, 'attention.acc', tokens * heads * splits * d, 'f32');
    const ml = workspace(rec.ctx, 'attention.ml', tokens * heads * splits * 2, 'f32');
    if (grouped) rec.dispatch(kernel('grouped'), [q, k, v, meta, acc, ml, u], rec.ctx.grid(n * heads * splits));
    else rec.dispatch(kernel('partial'), [q, k, v, meta, acc, ml, u], rec.ctx.grid(Math.ceil((n * heads * splits) / WG)));
    rec.dispatch(kernel('combine'), [acc, ml, v, meta, out, lse, u], rec.ctx.grid(Math.ceil((n * heads) / WG)));
  }
}

// One frozen KernelSpec per (source, entry point): the pipeline cache finds it by identity.
// (Keyed by the source object first: its hash is cached, a concatenation's would not be.)
const FORWARD_BINDINGS: readonly BindingKind[] = ['read', 'read', 'read', 'read', 'write', 'write', 'uniform'];
const BACKWARD_BINDINGS: readonly BindingKind[] = ['read', 'read', 'read', 'read', 'read', 'read', 'write', 'write', 'uniform'];
const specs = new Map<string, Map<string, KernelSpec>>();
function specOf(code: string, entryPoint: string, bindings: readonly BindingKind[]): KernelSpec {
  let byEntry = specs.get(code);
  if (!byEntry) specs.set(code, (byEntry = new Map()));
  let spec = byEntry.get(entryPoint);
  if (!spec) byEntry.set(entryPoint, (spec = Object.freeze({ label: `attention.${entryPoint}`, code, entryPoint, constants: Object.freeze({ WG }), bindings })));
  return spec;
}
const forwardSpec = (code: string, entryPoint: string) => specOf(code, entryPoint, FORWARD_BINDINGS);
const backwardSpec = (code: string, entryPoint: string) => specOf(code, entryPoint, BACKWARD_BINDINGS);

/**
 * Keys per workgroup of the grouped kernel for `maxKeys` keys: one chunk up to
 * GROUPED_ONE_CHUNK keys (no combine pass), else chunks of about GROUPED_KEYS_PER_WORKGROUP,
 * at most MAX_SPLITS and within MAX_ACC_FLOATS of partial sums.
 */
export function groupedKeyChunk(maxKeys: number, pairFloats: number): number {
  if (maxKeys <= GROUPED_ONE_CHUNK) return Math.max(1, maxKeys);
  const cap = Math.max(1, Math.min(MAX_SPLITS, Math.floor(MAX_ACC_FLOATS / Math.max(1, pairFloats))));
  const splits = Math.min(cap, Math.ceil(maxKeys / GROUPED_KEYS_PER_WORKGROUP));
  return Math.ceil(maxKeys / splits);
}

/** Keys per split for `maxKeys` keys when the partial sums hold `pairFloats` floats per split. */
export function defaultKeyChunk(maxKeys: number, pairFloats: number): number {
  const splits = Math.max(1, Math.min(MAX_SPLITS, Math.floor(MAX_ACC_FLOATS / Math.max(1, pairFloats))));
  return Math.max(MIN_KEY_CHUNK, Math.ceil(maxKeys / splits));
}

/**
 * The forward over training's layout: k/v rows are the query tokens themselves and seg
 * [T, 4] (packedSegments, or a prefix tree's) says which each query sees. No key splitting:
 * training batches have many queries.
 */
export function attentionForwardSegments(
  rec: Recorder,
  io: { q: Tensor; k: Tensor; v: Tensor; seg: Tensor<'u32'>; out: Tensor; lse: Tensor },
  shape: AttentionShape,
  options: Pick<AttentionOptions, 'queryChunk' | 'unroll' | 'grouped'> = {},
): void {
  const what = 'attentionForwardSegments';
  checkAttentionShape(shape, what);
  const { heads, kvHeads, headDim: d } = shape;
  const { q, k, v, seg, out, lse } = io;
  if (q.numel % (heads * d) !== 0) throw new Error(`${what}: q "${q.label}" [${q.shape}] is not [tokens, ${heads}·${d}]`);
  const tokens = q.numel / (heads * d);
  expectNumel(out, tokens * heads * d, what, 'out', `[${tokens}, ${heads * d}]`);
  expectNumel(lse, tokens * heads, what, 'lse', `[${tokens}, ${heads}]`);
  for (const [t, name] of [[k, 'k'], [v, 'v']] as const) expectNumel(t, tokens * kvHeads * d, what, name, `[${tokens}, ${kvHeads * d}] (one k/v row per token)`);
  expectNumel(seg, tokens * 4, what, 'seg', `[${tokens}, 4] (prefix start, prefix end, own start, end)`);
  const code = attentionSource(attentionWgsl, d, options.unroll ?? !rec.ctx.adapter.isSoftware);
  const grouped = options.grouped ?? groupedPays(rec, tokens * heads);
  const kernel = rec.ctx.kernel(forwardSpec(code, grouped ? 'segments_grouped' : 'segments'));
  const queryChunk = options.queryChunk ?? DEFAULT_QUERY_CHUNK;
  for (let t0 = 0; t0 < tokens; t0 += queryChunk) {
    const n = Math.min(queryChunk, tokens - t0);
    const u = params().u32(n).u32(t0).u32(heads).u32(kvHeads).f32(1 / Math.sqrt(d)).u32(0).u32(1).u32(d / 4);
    rec.dispatch(kernel, [q, k, v, seg, out, lse, u], rec.ctx.grid(grouped ? n * heads : Math.ceil((n * heads) / WG)));
  }
}

/**
 * The attention kernels give each (query, head) — the backward's dk/dv: each (key, KV head) —
 * a workgroup instead of an invocation below this many pairs: one invocation each leaves most
 * of a real GPU idle (a 512-token step of 8 heads is 4,096 pairs). H200 (bench ops, session
 * 14), invocation / workgroup per pair over 2 sequences: 256 tokens × 9 heads forward over
 * segments 2.86×, backward 6.56×; 2,048 tokens 2.0× / 4.0×; 8,192 tokens (73,728 pairs)
 * 1.77× / 2.9×. Larger steps are unmeasured and keep the invocation kernels. Never on
 * software adapters (their barriers cost microseconds: 0.4–0.55× on lavapipe).
 */
export const GROUPED_MAX_PAIRS = 131072;
function groupedPays(rec: Recorder, pairs: number): boolean {
  return !rec.ctx.adapter.isSoftware && pairs < GROUPED_MAX_PAIRS;
}

/**
 * cache row rows[t] ← src row t, for k or v of new tokens: src [T, kvHeads·d], cache
 * [B·maxLen, kvHeads·d] (any shape with that row length), rows [T] u32 (slot·maxLen + position).
 */
export function kvCacheWrite(rec: Recorder, src: Tensor, cache: Tensor, rows: Tensor<'u32'>, shape: AttentionShape): void {
  checkAttentionShape(shape, 'kvCacheWrite');
  const row = shape.kvHeads * shape.headDim;
  if (src.numel % row !== 0 || cache.numel % row !== 0) {
    throw new Error(`kvCacheWrite: "${src.label}" [${src.shape}] and cache "${cache.label}" [${cache.shape}] must be rows of ${shape.kvHeads}·${shape.headDim}`);
  }
  const tokens = src.numel / row;
  expectNumel(rows, tokens, 'kvCacheWrite', 'rows', `[${tokens}]`);
  const code = attentionSource(attentionWgsl, shape.headDim, !rec.ctx.adapter.isSoftware);
  const k = rec.ctx.kernel({ label: 'attention.cache_write', code, entryPoint: 'cache_write', constants: { WG }, bindings: ['read', 'read', 'read', 'read', 'write', 'write', 'uniform'] });
  // Bindings the entry point does not use still need a buffer; a write binding its own.
  const unused = workspace(rec.ctx, 'attention.unused', 64, 'f32');
  const u = params().u32(tokens).u32(0).u32(shape.heads).u32(shape.kvHeads).f32(0).u32(0).u32(1).u32(shape.headDim / 4);
  rec.dispatch(k, [src, src, src, rows, cache, unused, u], rec.ctx.grid(Math.ceil((tokens * row) / 4 / WG)));
}

/**
 * dq, dk, dv of causal GQA attention over packed sequences (k/v rows = the tokens), from
 * the forward's q, k, v, out and lse and the output gradient dOut. seg [T, 4] u32 =
 * packedSegments(lengths), or a prefix tree's. dk/dv sum over the query heads that share each KV head.
 * With `accumulate`, the gradients are added to dq/dk/dv instead of overwriting them.
 */
export function attentionBackward(
  rec: Recorder,
  io: { q: Tensor; k: Tensor; v: Tensor; out: Tensor; lse: Tensor; dOut: Tensor; seg: Tensor<'u32'>; dq: Tensor; dk: Tensor; dv: Tensor },
  shape: AttentionShape,
  options: { accumulate?: boolean; queryChunk?: number; unroll?: boolean; grouped?: boolean } = {},
): void {
  const what = 'attentionBackward';
  checkAttentionShape(shape, what);
  const { heads, kvHeads, headDim: d } = shape;
  const { q, k, v, out, lse, dOut, seg, dq, dk, dv } = io;
  if (q.numel % (heads * d) !== 0) throw new Error(`${what}: q "${q.label}" [${q.shape}] is not [tokens, ${heads}·${d}]`);
  const tokens = q.numel / (heads * d);
  for (const [t, name] of [[out, 'out'], [dOut, 'dOut'], [dq, 'dq']] as const) expectNumel(t, tokens * heads * d, what, name, `[${tokens}, ${heads * d}]`);
  for (const [t, name] of [[k, 'k'], [v, 'v'], [dk, 'dk'], [dv, 'dv']] as const) expectNumel(t, tokens * kvHeads * d, what, name, `[${tokens}, ${kvHeads * d}] (packed: one k/v row per token)`);
  expectNumel(lse, tokens * heads, what, 'lse', `[${tokens}, ${heads}]`);
  expectNumel(seg, tokens * 4, what, 'seg', `[${tokens}, 4] (prefix start, prefix end, own start, end)`);
  const code = attentionSource(backwardWgsl, d, options.unroll ?? !rec.ctx.adapter.isSoftware);
  const kernel = (entryPoint: string) => rec.ctx.kernel(backwardSpec(code, entryPoint));
  const grouped = options.grouped ?? groupedPays(rec, tokens * heads);
  const stats = workspace(rec.ctx, 'attention.stats', tokens * heads * 2, 'f32');
  const unused = workspace(rec.ctx, 'attention.unused', 64, 'f32');
  const chunk = options.queryChunk ?? DEFAULT_QUERY_CHUNK;
  const acc = options.accumulate ? 1 : 0;
  const scale = 1 / Math.sqrt(d);
  for (let t0 = 0; t0 < tokens; t0 += chunk) {
    const n = Math.min(chunk, tokens - t0);
    const u = params().u32(n).u32(t0).u32(heads).u32(kvHeads).f32(scale).u32(0).u32(d / 4);
    rec.dispatch(kernel('delta'), [out, lse, v, dOut, v, seg, stats, unused, u], rec.ctx.grid(Math.ceil((n * heads) / WG)));
  }
  for (let t0 = 0; t0 < tokens; t0 += chunk) {
    const n = Math.min(chunk, tokens - t0);
    const u = params().u32(n).u32(t0).u32(heads).u32(kvHeads).f32(scale).u32(acc).u32(d / 4);
    if (grouped) {
      rec.dispatch(kernel('dq_grouped'), [q, k, v, dOut, stats, seg, dq, unused, u], rec.ctx.grid(n * heads));
      rec.dispatch(kernel('dkv_grouped'), [q, k, v, dOut, stats, seg, dk, dv, u], rec.ctx.grid(n * kvHeads));
    } else {
      rec.dispatch(kernel('dq'), [q, k, v, dOut, stats, seg, dq, unused, u], rec.ctx.grid(Math.ceil((n * heads) / WG)));
      rec.dispatch(kernel('dkv'), [q, k, v, dOut, stats, seg, dk, dv, u], rec.ctx.grid(Math.ceil((n * kvHeads) / WG)));
    }
  }
}

/** seg [T, 4] of sequences packed one after another, each attending within itself only. */
export function packedSegments(lengths: readonly number[]): Uint32Array {
  const seg = new Uint32Array(lengths.reduce((a, b) => a + b, 0) * 4);
  let t = 0;
  for (const len of lengths) {
    if (!Number.isInteger(len) || len < 1) throw new Error(`packedSegments: sequence length ${len} must be a positive integer`);
    const start = t;
    for (let i = 0; i < len; i++, t++) seg.set([start, start, start, start + len], 4 * t);
  }
  return seg;
}

/** meta for packed sequences of these lengths, attending within each sequence only (training, prefill). */
export function packedAttentionMeta(lengths: readonly number[]): Uint32Array {
  const total = lengths.reduce((a, b) => a + b, 0);
  const meta = new Uint32Array(total * 2);
  let t = 0;
  for (const len of lengths) {
    if (!Number.isInteger(len) || len < 1) throw new Error(`packedAttentionMeta: sequence length ${len} must be a positive integer`);
    const start = t;
    for (let i = 0; i < len; i++, t++) {
      meta[2 * t] = start;
      meta[2 * t + 1] = i + 1;
    }
  }
  return meta;
}

/** Positions 0..len-1 of each packed sequence (plus `offsets[s]` when continuing a cached prefix). */
export function packedPositions(lengths: readonly number[], offsets?: readonly number[]): Uint32Array {
  const out = new Uint32Array(lengths.reduce((a, b) => a + b, 0));
  let t = 0;
  lengths.forEach((len, s) => {
    for (let i = 0; i < len; i++) out[t++] = (offsets?.[s] ?? 0) + i;
  });
  return out;
}

/** One query token that reads a KV cache: its sequence's cache slot and its absolute position. */
export interface CachedQuery {
  slot: number;
  position: number;
}

/**
 * For queries against a cache [slots, maxLen, kvHeads·d] (after their own k/v were written):
 * meta (each sees rows slot·maxLen … slot·maxLen + position), and the cache rows to write
 * each token's k/v to (slot·maxLen + position). Decode: one query per sequence. Prefill
 * into the cache: every prompt token, positions 0..len−1.
 */
export function cacheAttentionMeta(maxLen: number, queries: readonly CachedQuery[]): { meta: Uint32Array; rows: Uint32Array } {
  const meta = new Uint32Array(queries.length * 2);
  const rows = new Uint32Array(queries.length);
  queries.forEach(({ slot, position }, t) => {
    if (!Number.isInteger(position) || position < 0 || position >= maxLen) {
      throw new Error(`cacheAttentionMeta: position ${position} of query ${t} does not fit the KV cache of ${maxLen} positions; start a new sequence or allocate a longer cache`);
    }
    if (!Number.isInteger(slot) || slot < 0) throw new Error(`cacheAttentionMeta: bad cache slot ${slot} for query ${t}`);
    meta[2 * t] = slot * maxLen;
    meta[2 * t + 1] = position + 1;
    rows[t] = slot * maxLen + position;
  });
  return { meta, rows };
}
