// Dispatchers for the decoder's own kernels (shaders/transformer-*.wgsl): the forward pass
// needs them now, before the shared transformer-op kernels land; each takes a Recorder so
// a whole forward is one command encoder. All activations are f32.
import { type GpuContext, type Kernel, type Recorder, type Tensor, type TensorShard, params } from '../gpu';
import attentionSrc from '../../shaders/transformer-attention.wgsl?raw';
import logprobSrc from '../../shaders/transformer-logprob.wgsl?raw';
import matmulSrc from '../../shaders/transformer-matmul.wgsl?raw';
import rmsnormSrc from '../../shaders/transformer-rmsnorm.wgsl?raw';
import ropeSrc from '../../shaders/transformer-rope.wgsl?raw';
import rowsSrc from '../../shaders/transformer-rows.wgsl?raw';
import swigluSrc from '../../shaders/transformer-swiglu.wgsl?raw';

const sources = new Map<string, string>();
/** The same (source, prefix) gives the same string object, so pipeline lookups stay cheap. */
function withPrefix(src: string, prefix: string): string {
  const key = `${prefix}\n${src}`;
  let s = sources.get(key);
  if (s === undefined) sources.set(key, (s = key));
  return s;
}

/** A grid of `groups` workgroups (2-D past the per-dimension limit) and its row width. */
function grid(ctx: GpuContext, groups: number): { g: [number, number, number]; x: number } {
  const g = ctx.grid(Math.max(1, groups));
  return { g, x: g[0] };
}

export class TransformerKernels {
  private readonly dummy: Tensor<'f32'>;

  constructor(readonly ctx: GpuContext) {
    this.dummy = ctx.tensor([4], 'f32', new Float32Array(4), 'no bias');
  }

  private k(label: string, code: string, bindings: Kernel['bindings'], entryPoint = 'main'): Kernel {
    return this.ctx.kernel({ label, code, entryPoint, bindings });
  }

  /**
   * out[n, outCol0 + o] (+)= x[n, :] · w[wRow0 + o, :] + bias[wRow0 + o] for o < oCount.
   * `w` is one shard (or an unsharded tensor); `k` is the reduction length.
   */
  matmul(
    rec: Recorder,
    a: {
      x: Tensor;
      w: Tensor | TensorShard;
      /** Element type of w (needed when w is a shard); default: w's own, else f32. */
      wDtype?: 'f32' | 'f16';
      out: Tensor;
      n: number;
      k: number;
      oCount: number;
      outStride: number;
      outCol0?: number;
      wRow0?: number;
      bias?: Tensor;
      accumulate?: boolean;
    },
  ): void {
    const vec = a.k % 4 === 0 ? 4 : 1;
    const tn = a.n === 1 ? 1 : a.n <= 4 ? 4 : 8;
    const wd = a.wDtype ?? ('dtype' in a.w ? a.w.dtype : 'f32');
    if (wd !== 'f32' && wd !== 'f16') throw new Error(`matmul: weights must be f32 or f16, got ${wd}`);
    const xv = vec === 4 ? 'vec4<f32>' : 'f32';
    const wv = vec === 4 ? `vec4<${wd}>` : wd;
    const prefix = [
      wd === 'f16' ? 'enable f16;' : '',
      `const TN: u32 = ${tn}u;`,
      `alias XV = ${xv};`,
      `alias WV = ${wv};`,
      vec === 4 ? 'fn dotw(a: XV, w: WV) -> f32 { return dot(a, vec4<f32>(w)); }' : 'fn dotw(a: XV, w: WV) -> f32 { return a * f32(w); }',
    ].join('\n');
    const code = withPrefix(matmulSrc, prefix);
    const kern = this.k(`matmul tn${tn} v${vec} ${wd}`, code, ['read', 'read', 'read', 'write', 'uniform']);
    const invocations = Math.ceil(a.oCount / 4) * Math.ceil(a.n / tn);
    const { g, x } = grid(this.ctx, Math.ceil(invocations / 64));
    const p = params()
      .u32(a.n)
      .u32(a.k / vec)
      .u32(a.outStride)
      .u32(a.outCol0 ?? 0)
      .u32(a.wRow0 ?? 0)
      .u32(a.oCount)
      .u32(a.accumulate ? 1 : 0)
      .u32(a.bias ? 1 : 0)
      .u32(x);
    rec.dispatch(kern, [a.x, a.w, a.bias ?? this.dummy, a.out, p], g);
  }

  /** out[r, :] = rmsnorm(x[r, :]) · weight, rows of `width`. */
  rmsnorm(rec: Recorder, x: Tensor, weight: Tensor, out: Tensor, rows: number, width: number, eps: number): void {
    const kern = this.k('rmsnorm', rmsnormSrc, ['read', 'read', 'write', 'uniform']);
    const { g, x: gx } = grid(this.ctx, rows);
    rec.dispatch(kern, [x, weight, out, params().u32(rows).u32(width).f32(eps).u32(gx)], g);
  }

  /** Rotate-half RoPE in place on x [tokens, heads, 2·half] at each token's position. */
  rope(rec: Recorder, x: Tensor, cos: Tensor, sin: Tensor, tokInfo: Tensor, tokens: number, heads: number, half: number): void {
    const kern = this.k('rope', ropeSrc, ['write', 'read', 'read', 'read', 'uniform']);
    const { g, x: gx } = grid(this.ctx, Math.ceil((tokens * heads * half) / 64));
    rec.dispatch(kern, [x, cos, sin, tokInfo, params().u32(tokens).u32(heads).u32(half).u32(gx)], g);
  }

  /** Causal GQA attention of q [tokens, heads·D] against the cache; writes out [tokens, heads·D]. */
  attention(
    rec: Recorder,
    a: { q: Tensor; kc: Tensor; vc: Tensor; tokInfo: Tensor; out: Tensor; tokens: number; heads: number; kvHeads: number; headDim: number; capacity: number },
  ): void {
    if (a.headDim % 4 !== 0) throw new Error(`attention: head_dim ${a.headDim} must be a multiple of 4`);
    const code = withPrefix(attentionSrc, `const D4: u32 = ${a.headDim / 4}u;`);
    const kern = this.k(`attention d${a.headDim}`, code, ['read', 'read', 'read', 'read', 'write', 'uniform']);
    const { g, x } = grid(this.ctx, Math.ceil((a.tokens * a.heads) / 64));
    const p = params()
      .u32(a.tokens)
      .u32(a.heads)
      .u32(a.heads / a.kvHeads)
      .u32(a.kvHeads * a.headDim)
      .u32(a.capacity)
      .f32(1 / Math.sqrt(a.headDim))
      .u32(x);
    rec.dispatch(kern, [a.q, a.kc, a.vc, a.tokInfo, a.out, p], g);
  }

  private rows(
    rec: Recorder,
    entry: 'embed' | 'kv_store' | 'gather',
    src: Tensor | TensorShard,
    ids: Tensor,
    dst: Tensor,
    count: number,
    width: number,
    extra: { rowStart?: number; rows?: number; capacity?: number; srcDtype?: 'f32' | 'f16' } = {},
  ): void {
    const f16 = extra.srcDtype === 'f16';
    const code = withPrefix(rowsSrc, f16 ? 'enable f16;\nalias S = f16;' : 'alias S = f32;');
    const kern = this.k(`${entry}${f16 ? ' f16' : ''}`, code, ['read', 'read', 'write', 'uniform'], entry);
    const { g, x } = grid(this.ctx, Math.ceil((count * width) / 64));
    const p = params().u32(count).u32(width).u32(extra.rowStart ?? 0).u32(extra.rows ?? 0).u32(extra.capacity ?? 0).u32(x);
    rec.dispatch(kern, [src, ids, dst, p], g);
  }

  /** out[n, :] = table[ids[n], :], over every shard of the table. */
  embed(rec: Recorder, table: Tensor, ids: Tensor, out: Tensor, count: number): void {
    const srcDtype = table.dtype === 'f16' ? 'f16' : 'f32';
    for (const s of table.shards) this.rows(rec, 'embed', s, ids, out, count, table.rowLength, { rowStart: s.rowStart, rows: s.rows, srcDtype });
  }

  /** cache[seq · capacity + pos, :] = src[n, :] for each token's (seq, pos) in tokInfo. */
  kvStore(rec: Recorder, src: Tensor, tokInfo: Tensor, cache: Tensor, count: number, capacity: number): void {
    this.rows(rec, 'kv_store', src, tokInfo, cache, count, src.rowLength, { capacity });
  }

  /** dst[n, :] = src[rows[n], :] */
  gather(rec: Recorder, src: Tensor, rows: Tensor, dst: Tensor, count: number): void {
    this.rows(rec, 'gather', src, rows, dst, count, src.rowLength);
  }

  /** gate ← silu(gate) · up over `count` elements. */
  swiglu(rec: Recorder, gate: Tensor, up: Tensor, count: number): void {
    const kern = this.k('swiglu', swigluSrc, ['write', 'read', 'uniform']);
    const { g, x } = grid(this.ctx, Math.ceil(count / 64));
    rec.dispatch(kern, [gate, up, params().u32(count).u32(x)], g);
  }

  /** Folds one vocabulary chunk of logits [rows, cols] (columns col0..) into running log-prob stats. */
  logprobChunk(rec: Recorder, a: { chunk: Tensor; targets: Tensor; stats: Tensor; logp: Tensor; rows: number; cols: number; col0: number; first: boolean; last: boolean }): void {
    const kern = this.k('logprob chunk', logprobSrc, ['read', 'read', 'write', 'write', 'uniform']);
    const { g, x } = grid(this.ctx, a.rows);
    const p = params().u32(a.rows).u32(a.cols).u32(a.chunk.rowLength).u32(a.col0).u32(a.first ? 1 : 0).u32(a.last ? 1 : 0).u32(x);
    rec.dispatch(kern, [a.chunk, a.targets, a.stats, a.logp, p], g);
  }
}
