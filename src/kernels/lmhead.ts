// The LM head without a [T, V] tensor: log p(target) and logsumexp per token computed
// over vocabulary chunks (forward), the fused backward that turns each chunk's logits
// into dlogits and multiplies them straight into d hidden and d W, and full logits for
// a few rows (the last position of each sequence, for sampling).
// W is [V, H] in the HF layout (tied embeddings: the embedding table), f32 or f16, possibly
// split into row shards by the runtime; chunks never straddle a shard of W or of dW.
// The chunk products go through the shared, per-adapter tuned matmul (src/kernels/matmul)
// when W (and dW) are one binding; otherwise (matmul takes no offsets into shards) they
// use the kernels in shaders/lmhead.wgsl.
import { type Recorder, type Tensor, type TensorShard, WGSL_LINEAR_GROUP, params, shardSegments } from '../gpu';
import mmSrc from '../../shaders/lmhead.wgsl?raw';
import smSrc from '../../shaders/lmhead_softmax.wgsl?raw';
import { matmul } from './matmul';
import { workspace } from './workspace';

const WG = 64;
const TILE = 64;
const SM = smSrc + WGSL_LINEAR_GROUP;
const MM = { f32: `alias T = f32;\n${mmSrc}${WGSL_LINEAR_GROUP}`, f16: `enable f16;\nalias T = f16;\n${mmSrc}${WGSL_LINEAR_GROUP}` };
/** Target logits workspace ~8M floats (32 MB) at most. */
const MAX_CHUNK_FLOATS = 1 << 23;

export interface LmHeadChunking {
  /** Vocabulary rows per chunk (default: as many as fit a 32 MB workspace for these tokens, ≤ 8192). */
  chunk?: number;
  /**
   * Logits kernel where the shared matmul cannot be used (sharded W, row picking): 'tiled'
   * (workgroup tiles, real GPUs) or 'reg' (barrier-free, CPU rasterisers; needs H % 4 = 0).
   * Default: per adapter. Setting it also bypasses the shared matmul (tests, benchmarks).
   */
  logitsKernel?: 'tiled' | 'reg';
}

interface Chunk {
  /** W's shard holding the chunk, and the chunk's first row inside it. */
  shard: TensorShard;
  row0: number;
  /** The same for dW (backward with a weight gradient only). */
  dShard?: TensorShard;
  dRow0: number;
  /** Vocabulary id of the chunk's first row. */
  v0: number;
  n: number;
}

function chunksOf(w: Tensor, dW: Tensor | null, tokens: number, options: LmHeadChunking): Chunk[] {
  const c = options.chunk ?? Math.max(TILE, Math.min(8192, Math.floor(MAX_CHUNK_FLOATS / Math.max(1, tokens) / TILE) * TILE));
  if (!Number.isInteger(c) || c < 1) throw new Error(`lmhead: chunk must be a positive integer, got ${c}`);
  const out: Chunk[] = [];
  // f16 W and f32 dW shard at different rows: chunk inside the segments common to both.
  for (const seg of shardSegments(dW ? [w, dW] : [w])) {
    const [pw, pd] = seg.parts;
    for (let r = 0; r < seg.rows; r += c) {
      out.push({ shard: pw.shard, row0: pw.rowOffset + r, dShard: pd?.shard, dRow0: (pd?.rowOffset ?? 0) + r, v0: seg.rowStart + r, n: Math.min(c, seg.rows - r) });
    }
  }
  return out;
}

function checkShapes(what: string, hidden: Tensor, w: Tensor): { tokens: number; dim: number; vocab: number } {
  if (hidden.dtype !== 'f32') throw new Error(`${what}: hidden "${hidden.label}" must be f32, got ${hidden.dtype}`);
  if (w.dtype !== 'f32' && w.dtype !== 'f16') throw new Error(`${what}: the LM head "${w.label}" must be f32 or f16, got ${w.dtype}`);
  const dim = w.rowLength;
  if (hidden.rowLength !== dim) throw new Error(`${what}: hidden "${hidden.label}" [${hidden.shape}] has rows of ${hidden.rowLength}, the LM head "${w.label}" [${w.shape}] expects ${dim}`);
  return { tokens: hidden.rows, dim, vocab: w.rows };
}

function expectNumel(what: string, t: Tensor, n: number, name: string): void {
  if (t.numel !== n) throw new Error(`${what}: ${name} "${t.label}" has ${t.numel} elements, expected ${n}`);
}

function mmKernel(rec: Recorder, entryPoint: 'logits' | 'logits_reg' | 'dhidden' | 'dweight', wDtype: string) {
  const dtype = wDtype === 'f16' ? 'f16' : 'f32';
  return rec.ctx.kernel({ label: `lmhead.${entryPoint}.${dtype}`, code: MM[dtype], entryPoint, bindings: ['read', 'read', 'read', 'write', 'uniform'] });
}

/** Records logits[r, v0 .. v0+n) = hidden[row(r)]·W[v0 ..]ᵀ into `out` (row stride ldo, at column col0). */
function recordLogits(
  rec: Recorder,
  hidden: Tensor,
  w: Tensor,
  rows: number,
  ch: Chunk,
  out: Tensor,
  ldo: number,
  col0: number,
  rowIndex: Tensor | null,
  kernel: LmHeadChunking['logitsKernel'],
): void {
  const dim = hidden.rowLength;
  if (!w.isSharded && !rowIndex && !out.isSharded && !kernel) {
    matmul(rec, hidden, w, out, { transB: true, m: rows, n: ch.n, k: dim, lda: dim, ldb: dim, ldc: ldo, offsetB: ch.v0 * dim, offsetC: col0 });
    return;
  }
  const u = params().u32(rows).u32(ch.n).u32(dim).u32(ch.row0).u32(ldo).u32(col0).u32(rowIndex ? 1 : 0).u32(0).u32(0);
  const reg = dim % 4 === 0 && (kernel ? kernel === 'reg' : rec.ctx.adapter.isSoftware);
  if (reg) {
    rec.dispatch(mmKernel(rec, 'logits_reg', w.dtype), [hidden, ch.shard, rowIndex ?? hidden, out, u], rec.ctx.grid(Math.ceil((Math.ceil(rows / 4) * Math.ceil(ch.n / 4)) / 64)));
    return;
  }
  rec.dispatch(mmKernel(rec, 'logits', w.dtype), [hidden, ch.shard, rowIndex ?? hidden, out, u], [Math.ceil(ch.n / TILE), Math.ceil(rows / TILE), 1]);
}

/**
 * Per token t: lse[t] = log Σ_v exp(hidden[t]·W[v]) and logp[t] = logit[target[t]] − lse[t]
 * (0 where target[t] < 0). hidden [T, H], W [V, H], targets [T] i32, logp and lse [T].
 */
export function lmheadLogProbs(
  rec: Recorder,
  hidden: Tensor,
  w: Tensor,
  targets: Tensor<'i32'>,
  out: { logp: Tensor; lse: Tensor },
  options: LmHeadChunking = {},
): void {
  const what = 'lmheadLogProbs';
  const { tokens } = checkShapes(what, hidden, w);
  expectNumel(what, targets, tokens, 'targets');
  expectNumel(what, out.logp, tokens, 'logp');
  expectNumel(what, out.lse, tokens, 'lse');
  const chunks = chunksOf(w, null, tokens, options);
  const maxN = Math.max(...chunks.map((c) => c.n));
  const scratch = workspace(rec.ctx, 'lmhead.logits', tokens * maxN, 'f32');
  const state = workspace(rec.ctx, 'lmhead.state', tokens * 3, 'f32');
  const merge = rec.ctx.kernel({ label: 'lmhead.merge', code: SM, entryPoint: 'merge', constants: { WG }, bindings: ['read', 'read', 'write', 'uniform'] });
  chunks.forEach((ch, i) => {
    recordLogits(rec, hidden, w, tokens, ch, scratch, ch.n, 0, null, options.logitsKernel);
    rec.dispatch(merge, [scratch, targets, state, params().u32(tokens).u32(ch.n).u32(ch.v0).u32(i === 0 ? 1 : 0).u32(ch.n)], rec.ctx.grid(tokens));
  });
  const finish = rec.ctx.kernel({ label: 'lmhead.finish', code: SM, entryPoint: 'finish', constants: { WG }, bindings: ['read', 'read', 'write', 'uniform', 'write'] });
  rec.dispatch(finish, [state, targets, out.lse, params().u32(tokens).u32(0).u32(0).u32(0).u32(0), out.logp], rec.ctx.grid(Math.ceil(tokens / WG)));
}

export interface LmHeadBackwardOptions extends LmHeadChunking {
  accumulateHidden?: boolean;
  accumulateWeight?: boolean;
}

/** Per-token upstream gradient: either form, [T] f32. */
export type LmHeadUpstream =
  /** L = Σ_t scale[t]·(−log p(target[t])) (SFT: 1/N on counted tokens). */
  | { scale: Tensor; dLogp?: undefined }
  /** dL/d log p(target[t]) as a loss kernel writes it (GRPO). */
  | { dLogp: Tensor; scale?: undefined };

/**
 * Backward of the fused head (the forward's lse reused): dHidden [T, H] and, unless dW is
 * null (frozen head), dW [V, H] f32 (W may be f16). Per chunk: logits → (softmax −
 * onehot)·scale in place → dHidden += g·W_chunk, dW_chunk = gᵀ·hidden.
 */
export function lmheadBackward(
  rec: Recorder,
  io: { hidden: Tensor; w: Tensor; targets: Tensor<'i32'>; lse: Tensor; dHidden: Tensor; dW: Tensor | null } & LmHeadUpstream,
  options: LmHeadBackwardOptions = {},
): void {
  const what = 'lmheadBackward';
  const { hidden, w, targets, lse, dHidden, dW } = io;
  const scale = io.scale ?? io.dLogp;
  if (!scale || (io.scale && io.dLogp)) throw new Error(`${what}: pass exactly one of scale (weights of −log p) and dLogp (dL/dlog p)`);
  const sign = io.scale ? 1 : -1;
  const { tokens, dim } = checkShapes(what, hidden, w);
  for (const [t, name] of [[targets, 'targets'], [lse, 'lse'], [scale, 'scale']] as const) expectNumel(what, t, tokens, name);
  expectNumel(what, dHidden, tokens * dim, 'dHidden');
  if (dW) {
    if (dW.dtype !== 'f32' || dW.rows !== w.rows || dW.rowLength !== dim) {
      throw new Error(`${what}: dW "${dW.label}" is [${dW.shape}] ${dW.dtype}; it must be f32 with W's shape [${w.shape}]`);
    }
  }
  const chunks = chunksOf(w, dW, tokens, options);
  const maxN = Math.max(...chunks.map((c) => c.n));
  const g = workspace(rec.ctx, 'lmhead.logits', tokens * maxN, 'f32');
  const unused = workspace(rec.ctx, 'lmhead.unused', 64, 'f32');
  const grad = rec.ctx.kernel({ label: 'lmhead.grad', code: SM, entryPoint: 'grad', constants: { WG }, bindings: ['read', 'read', 'read', 'uniform', 'read', 'write'] });
  // Zero first and always accumulate: one matmul variant per product instead of two (each
  // variant is seconds of shader compile on lavapipe).
  if (!options.accumulateHidden) rec.clear(dHidden);
  if (dW && !options.accumulateWeight) rec.clear(dW);
  for (const ch of chunks) {
    recordLogits(rec, hidden, w, tokens, ch, g, ch.n, 0, null, options.logitsKernel);
    rec.dispatch(grad, [lse, targets, unused, params().u32(tokens).u32(ch.n).u32(ch.v0).u32(0).u32(ch.n).f32(sign), scale, g], rec.ctx.grid(Math.ceil((tokens * ch.n) / WG)));
    if (!w.isSharded && !dW?.isSharded) {
      matmul(rec, g, w, dHidden, { m: tokens, n: dim, k: ch.n, lda: ch.n, ldb: dim, ldc: dim, offsetB: ch.v0 * dim, accumulate: true });
      if (dW) matmul(rec, g, hidden, dW, { transA: true, m: ch.n, n: dim, k: tokens, lda: ch.n, ldb: dim, ldc: dim, offsetC: ch.v0 * dim, accumulate: true });
      continue;
    }
    const uh = params().u32(tokens).u32(dim).u32(ch.n).u32(ch.row0).u32(0).u32(0).u32(0).u32(1).u32(ch.n);
    rec.dispatch(mmKernel(rec, 'dhidden', w.dtype), [g, ch.shard, unused, dHidden, uh], [Math.ceil(dim / TILE), Math.ceil(tokens / TILE), 1]);
    if (dW && ch.dShard) {
      const uw = params().u32(ch.n).u32(dim).u32(tokens).u32(ch.dRow0).u32(0).u32(0).u32(0).u32(1).u32(ch.n);
      rec.dispatch(mmKernel(rec, 'dweight', 'f32'), [g, hidden, unused, ch.dShard, uw], [Math.ceil(dim / TILE), Math.ceil(ch.n / TILE), 1]);
    }
  }
}

/**
 * Full logits [B, V] for B rows of hidden: rows[b] picks the hidden row (e.g. each
 * sequence's last token in a packed prefill); without rows, hidden is [B, H].
 */
export function lmheadLogits(rec: Recorder, hidden: Tensor, w: Tensor, out: Tensor, options: LmHeadChunking & { rows?: Tensor<'u32'> } = {}): void {
  const what = 'lmheadLogits';
  const { tokens, vocab } = checkShapes(what, hidden, w);
  const b = options.rows ? options.rows.numel : tokens;
  if (out.dtype !== 'f32') throw new Error(`${what}: out "${out.label}" must be f32`);
  expectNumel(what, out, b * vocab, 'out');
  for (const ch of chunksOf(w, null, b, options)) recordLogits(rec, hidden, w, b, ch, out, vocab, ch.v0, options.rows ?? null, options.logitsKernel);
}
