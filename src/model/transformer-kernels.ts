// The decoder's projections (`linear`: the shared matvec / matmul of src/kernels) and its
// own kernels (shaders/transformer-*.wgsl) for what those do not cover: a matmul with
// output-column and weight-row offsets (vocabulary chunks of the LM head, f32 or f16
// weights), row gathers, and the chunked log-prob fold. Each takes a Recorder, so a whole forward is one
// command encoder. Activations are f32.
import { type GpuContext, type Kernel, type Recorder, type Tensor, type TensorShard, params } from '../gpu';
import logprobSrc from '../../shaders/transformer-logprob.wgsl?raw';
import matmulSrc from '../../shaders/transformer-matmul.wgsl?raw';
import gatherSrc from '../../shaders/transformer-gather.wgsl?raw';
import { matmul as tiledMatmul } from '../kernels/matmul';
import { MATVEC_MAX_VECTORS, matvec } from '../kernels/matvec';
import type { ScratchTensors } from './transformer-scratch';

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

  constructor(
    readonly ctx: GpuContext,
    /** Where temporaries come from (released by the owner after each submit). */
    private readonly scratch: ScratchTensors,
  ) {
    this.dummy = ctx.tensor([4], 'f32', new Float32Array(4), 'no bias');
  }

  /**
   * out (+)= x · wᵀ + bias for whole operands (x [n, k], w [o, k], out [n, o]): the shared
   * kernels of src/kernels, matvec (weights read once) for decode-sized n ≤ 8 and the
   * tuned register-blocked matmul above. Both add into `out` themselves (residual adds).
   */
  linear(rec: Recorder, x: Tensor, w: Tensor, out: Tensor, opts: { bias?: Tensor; accumulate?: boolean } = {}): void {
    if (x.rows > MATVEC_MAX_VECTORS) tiledMatmul(rec, x, w, out, { transB: true, bias: opts.bias, accumulate: opts.accumulate });
    else matvec(rec, w, x, out, { bias: opts.bias, accumulate: opts.accumulate });
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

  /** dst[n, :] = src[rows[n], :] */
  gather(rec: Recorder, src: Tensor, rows: Tensor, dst: Tensor, count: number): void {
    const kern = this.k('gather rows', gatherSrc, ['read', 'read', 'write', 'uniform'], 'gather');
    const { g, x } = grid(this.ctx, Math.ceil((count * src.rowLength) / 64));
    rec.dispatch(kern, [src, rows, dst, params().u32(count).u32(src.rowLength).u32(x)], g);
  }

  /** Folds one vocabulary chunk of logits [rows, cols] (columns col0..) into running log-prob stats. */
  logprobChunk(rec: Recorder, a: { chunk: Tensor; targets: Tensor; stats: Tensor; logp: Tensor; rows: number; cols: number; col0: number; first: boolean; last: boolean }): void {
    const kern = this.k('logprob chunk', logprobSrc, ['read', 'read', 'write', 'write', 'uniform']);
    const { g, x } = grid(this.ctx, a.rows);
    const p = params().u32(a.rows).u32(a.cols).u32(a.chunk.rowLength).u32(a.col0).u32(a.first ? 1 : 0).u32(a.last ? 1 : 0).u32(x);
    rec.dispatch(kern, [a.chunk, a.targets, a.stats, a.logp, p], g);
  }
}
