// Matrix-vector dispatcher for decode: y[v, :] = W x[v, :] (+ bias) for 1..8 vectors,
// W [out, in] in f32 or f16 (weights), split into row shards by the runtime (the LM head
// 151936 x 896 in f32 exceeds one binding: one dispatch per shard). Variants
// (shaders/matvec.wgsl): `split` (reduction split across a workgroup: GPUs), `rowlane`
// and `rowlane_sg` (one row per invocation, barrier-free: CPU rasterisers). The decoder
// folds an RMSNorm (`norm`) or a SwiGLU (`glu`) into the product's input.
import { type GpuContext, type Kernel, type Recorder, type Tensor, type TensorShard, params } from '../gpu';
import src from '../../shaders/matvec.wgsl?raw';
import { type Autotuner, sizeBucket, tunerFor } from './autotune';
import { fixedSubgroupSize, isSoftwareAdapter } from './matmul';
import { expandTemplate } from './matmul_template';

export type MatvecVariant = 'split' | 'rowlane' | 'rowlane_sg';
export const MATVEC_VARIANTS: readonly MatvecVariant[] = ['split', 'rowlane', 'rowlane_sg'];
export const MATVEC_MAX_VECTORS = 8;

export interface MatvecOptions {
  /** f32 [out] added to every output row. */
  bias?: Tensor;
  /** y += result instead of y = result (e.g. a residual add). */
  accumulate?: boolean;
  /**
   * RMS-normalise each x on the way in: y = W (x · rstd · weight), rstd = 1/sqrt(mean(x²) +
   * eps), as rmsnormForward then matvec would (the decoder's norm folded into the
   * projections after it).
   */
  norm?: { weight: Tensor; eps: number };
  /**
   * x is the gate of a SwiGLU and `up` its up projection ([vectors, in] each): y = W
   * (silu(x) · up), as swigluForward then matvec would (the decoder's SwiGLU folded into the
   * down projection). Not with `norm`.
   */
  glu?: { up: Tensor };
  variant?: MatvecVariant;
  tuner?: Autotuner;
}

export interface MatvecShape {
  out: number;
  in: number;
  vectors: number;
  wDtype: 'f32' | 'f16';
}

const SPLIT_ROWS = 4;
const SPLIT_WG = 64;
const ROWLANE_WG = 64;

/** Records y (+)= x Wᵀ (+ bias). Throws on bad input. */
export function matvec(rec: Recorder, w: Tensor, x: Tensor, y: Tensor, opts: MatvecOptions = {}): void {
  const ctx = w.ctx;
  const s = matvecShape(w, x, y, opts.bias);
  const norm = opts.norm;
  if (norm) {
    if (norm.weight.dtype !== 'f32' || norm.weight.numel !== s.in) throw new Error(`matvec: norm weight "${norm.weight.label}" must be f32 with ${s.in} elements`);
    if (!(Number.isFinite(norm.eps) && norm.eps >= 0)) throw new RangeError(`matvec: norm eps must be a number ≥ 0, got ${norm.eps}`);
  }
  const glu = opts.glu;
  if (glu) {
    if (norm) throw new Error('matvec: norm and glu cannot be folded into the same product');
    if (glu.up.dtype !== 'f32' || glu.up.numel !== x.numel) throw new Error(`matvec: glu up "${glu.up.label}" must be f32 [${s.vectors}, ${s.in}] like the gate "${x.label}"`);
  }
  const variant = usable(ctx, opts.variant ?? chooseMatvec(ctx, s, opts.tuner), s);
  const kernel = kernelFor(ctx, variant, s, norm ? 'norm' : glu ? 'glu' : 'plain');
  const bias = opts.bias?.binding() ?? dummy(ctx);
  const xb = x.binding();
  const yb = y.binding();
  const gb = norm?.weight.binding() ?? glu?.up.binding();
  for (const shard of w.shards) {
    const u = params().u32(shard.rows).u32(s.in).u32((opts.bias ? 2 : 0) | (opts.accumulate ? 1 : 0)).u32(shard.rowStart).u32(s.out).u32(shard.rowStart).f32(norm?.eps ?? 0).u32(0);
    const groups = Math.ceil(shard.rows / (variant === 'split' ? SPLIT_ROWS : ROWLANE_WG));
    const gx = Math.min(groups, 65535);
    rec.dispatch(kernel, gb ? [u, shard, xb, yb, bias, gb] : [u, shard, xb, yb, bias], [gx, Math.ceil(groups / 65535), 1]);
  }
}

export function matvecShape(w: Tensor, x: Tensor, y: Tensor, bias?: Tensor): MatvecShape {
  if (w.dtype !== 'f32' && w.dtype !== 'f16') throw new Error(`matvec: W "${w.label}" is ${w.dtype}; it must be f32 or f16`);
  if (x.dtype !== 'f32' || y.dtype !== 'f32') throw new Error('matvec: x and y must be f32');
  const out = w.rows;
  const inDim = w.rowLength;
  const vectors = x.numel / inDim;
  if (!Number.isInteger(vectors) || x.rowLength !== inDim) {
    throw new Error(`matvec: x "${x.label}" [${x.shape.join(', ')}] must be [vectors, ${inDim}] to match W "${w.label}" [${out}, ${inDim}]`);
  }
  if (vectors < 1 || vectors > MATVEC_MAX_VECTORS) {
    throw new Error(`matvec: ${vectors} vectors; the matrix-vector kernel takes 1..${MATVEC_MAX_VECTORS} (use matmul for more)`);
  }
  if (y.rows !== vectors || y.rowLength !== out) {
    throw new Error(`matvec: y "${y.label}" is [${y.rows}, ${y.rowLength}] but the product is [${vectors}, ${out}]`);
  }
  if (bias && (bias.dtype !== 'f32' || bias.numel !== out)) {
    throw new Error(`matvec: bias "${bias.label}" must be f32 with ${out} elements`);
  }
  return { out, in: inDim, vectors, wDtype: w.dtype };
}

function usable(ctx: GpuContext, v: MatvecVariant, s: MatvecShape): MatvecVariant {
  if (v === 'rowlane_sg' && fixedSubgroupSize(ctx) === null) return 'rowlane';
  return v;
}

export function matvecCandidates(ctx: GpuContext): MatvecVariant[] {
  return MATVEC_VARIANTS.filter((v) => v !== 'rowlane_sg' || fixedSubgroupSize(ctx) !== null);
}

export function matvecFallback(ctx: GpuContext): MatvecVariant {
  if (!isSoftwareAdapter(ctx)) return 'split';
  return fixedSubgroupSize(ctx) !== null ? 'rowlane_sg' : 'rowlane';
}

export function matvecTuneKey(ctx: GpuContext, s: MatvecShape): string {
  return `${ctx.adapter.summary}|matvec|${s.wDtype}|v${s.vectors}|o${sizeBucket(s.out)}|i${sizeBucket(s.in)}`;
}

function chooseMatvec(ctx: GpuContext, s: MatvecShape, tuner?: Autotuner): MatvecVariant {
  const t = (tuner ?? tunerFor(ctx)).get(matvecTuneKey(ctx, s)) as MatvecVariant | undefined;
  return t && MATVEC_VARIANTS.includes(t) ? t : matvecFallback(ctx);
}

const codeCache = new Map<string, string>();

function kernelFor(ctx: GpuContext, v: MatvecVariant, s: MatvecShape, fold: 'plain' | 'norm' | 'glu'): Kernel {
  const v4 = s.in % 4 === 0;
  const sg = v === 'rowlane_sg' ? fixedSubgroupSize(ctx)! : 1;
  const f16 = s.wDtype === 'f16';
  const norm = fold === 'norm';
  const key = `${v}|${v4}|${f16}|${s.vectors}|${sg}|${fold}`;
  let code = codeCache.get(key);
  if (!code) {
    const split = v === 'split';
    code = expandTemplate(src, {
      SPLIT: split,
      SUBGROUP: v === 'rowlane_sg',
      F16: f16,
      V4: v4,
      NV: s.vectors,
      ROWS: SPLIT_ROWS,
      WG: split ? SPLIT_WG : ROWLANE_WG,
      SG: sg,
      NORM: norm,
      NRM: norm ? 1 : 0,
      GLU: fold === 'glu',
    });
    codeCache.set(key, code);
  }
  const label = `matvec_${v}_v${s.vectors}${f16 ? '_f16' : ''}${v4 ? '' : '_scalar'}${fold === 'plain' ? '' : `_${fold}`}`;
  return ctx.kernel({ label, code, bindings: fold === 'plain' ? ['uniform', 'read', 'read', 'write', 'read'] : ['uniform', 'read', 'read', 'write', 'read', 'read'] });
}

const dummies = new WeakMap<GpuContext, TensorShard>();

function dummy(ctx: GpuContext): TensorShard {
  let d = dummies.get(ctx);
  if (!d) dummies.set(ctx, (d = ctx.tensor([4], 'f32', undefined, 'matvec no-bias').binding()));
  return d;
}
