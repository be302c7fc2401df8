// Matrix-vector dispatcher for decode: y[v, :] = W x[v, :] (+ bias) for 1..8 vectors,
// W [out, in] in f32 or f16 (weights), split into row shards by the runtime (the LM head
// 151936 x 896 in f32 exceeds one binding: one dispatch per shard). Variants
// (shaders/matvec.wgsl): `split` (reduction split across a workgroup: GPUs), `rowlane`
// and `rowlane_sg` (one row per invocation, barrier-free: CPU rasterisers). The decoder
// folds an RMSNorm (`norm`) or a SwiGLU (`glu`) into the product's input.
import { type BindArg, type BindingKind, type GpuContext, GpuLimitError, type Kernel, type KernelSpec, type Recorder, type Tensor, type TensorShard, params } from '../gpu';
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
  const kernel = kernelFor(ctx, variant, s, norm ? 'norm' : glu ? 'glu' : 'plain', 1, true);
  const bias = opts.bias?.binding() ?? dummy(ctx);
  const xb = x.binding();
  const yb = y.binding();
  const gb = norm?.weight.binding() ?? glu?.up.binding();
  for (const shard of w.shards) {
    const u = params().u32(shard.rows).u32(s.in).u32((opts.bias ? 2 : 0) | (opts.accumulate ? 1 : 0)).u32(shard.rowStart).u32(s.out).u32(shard.rowStart).f32(norm?.eps ?? 0).u32(0);
    const groups = Math.ceil(shard.rows / groupRows(variant));
    const gx = Math.min(groups, 65535);
    rec.dispatch(kernel, gb ? [u, shard, xb, yb, bias, gb] : [u, shard, xb, yb, bias], [gx, Math.ceil(groups / 65535), 1]);
  }
}

/** One product of `matvecs`: y = x Wᵀ (+ bias). */
export interface MatvecProduct {
  w: Tensor;
  y: Tensor;
  bias?: Tensor;
}

export const MATVECS_MAX_MATRICES = 3;

/** Storage bindings one `matvecs` dispatch needs: each W and y, x, the biases, the norm weight. */
export function matvecsBindings(products: number, biases: boolean, norm: boolean): number {
  return products * (biases ? 3 : 2) + 1 + (norm ? 1 : 0);
}

/** Whether `matvecs` can take these products in one dispatch on this device (else call matvec per product). */
export function matvecsFit(ctx: GpuContext, products: readonly MatvecProduct[], norm: boolean): boolean {
  const biases = products.some((p) => p.bias);
  return (
    products.length >= 1 &&
    products.length <= MATVECS_MAX_MATRICES &&
    products.every((p) => !p.w.isSharded && (!biases || p.bias) && p.w.dtype === products[0]!.w.dtype) &&
    matvecsBindings(products.length, biases, norm) <= ctx.limits.maxStorageBuffersPerShaderStage
  );
}

/**
 * Records y_m = x W_mᵀ (+ bias_m) for up to three matrices of the same input width and dtype
 * in one dispatch (the decoder's q/k/v, or gate/up), reading x once per workgroup and
 * optionally RMS-normalising it on the way in (`norm`, as in matvec). Every product or none
 * has a bias; the matrices are single bindings. Throws on bad input, or where the device's
 * storage-binding limit is too small (check matvecsFit first).
 */
export function matvecs(rec: Recorder, x: Tensor, products: readonly MatvecProduct[], opts: Pick<MatvecOptions, 'norm' | 'variant' | 'tuner'> = {}): void {
  const ctx = x.ctx;
  if (products.length < 1 || products.length > MATVECS_MAX_MATRICES) throw new RangeError(`matvecs: ${products.length} products; it takes 1..${MATVECS_MAX_MATRICES}`);
  const shapes = products.map((p) => matvecShape(p.w, x, p.y, p.bias));
  const s0 = shapes[0]!;
  for (const [i, p] of products.entries()) {
    if (p.w.dtype !== products[0]!.w.dtype) throw new Error(`matvecs: W "${p.w.label}" is ${p.w.dtype} but "${products[0]!.w.label}" is ${products[0]!.w.dtype}; the matrices of one dispatch share a dtype`);
    if (p.w.isSharded) throw new Error(`matvecs: W "${p.w.label}" is sharded; call matvec for it`);
    if (!p.bias !== !products[0]!.bias) throw new Error(`matvecs: product ${i} ${p.bias ? 'has' : 'lacks'} a bias; every product has one or none does`);
  }
  const norm = opts.norm;
  if (norm) {
    if (norm.weight.dtype !== 'f32' || norm.weight.numel !== s0.in) throw new Error(`matvecs: norm weight "${norm.weight.label}" must be f32 with ${s0.in} elements`);
    if (!(Number.isFinite(norm.eps) && norm.eps >= 0)) throw new RangeError(`matvecs: norm eps must be a number ≥ 0, got ${norm.eps}`);
  }
  const biases = products[0]!.bias !== undefined;
  const need = matvecsBindings(products.length, biases, !!norm);
  const have = ctx.limits.maxStorageBuffersPerShaderStage;
  if (need > have) throw new GpuLimitError('maxStorageBuffersPerShaderStage', need, have, `matvecs of ${products.length} products`);
  // The variant of the whole dispatch: that of the products' total rows.
  const total = { ...s0, out: shapes.reduce((a, s) => a + s.out, 0) };
  const variant = usable(ctx, opts.variant ?? chooseMatvec(ctx, total, opts.tuner), total);
  const kernel = kernelFor(ctx, variant, total, norm ? 'norm' : 'plain', products.length, biases);
  const per = groupRows(variant);
  const groups = shapes.map((s) => Math.ceil(s.out / per));
  const g1 = groups[0]!;
  const g2 = products.length > 2 ? g1 + groups[1]! : 0xffffffff;
  const all = groups.reduce((a, g) => a + g, 0);
  const u = params()
    .u32(s0.out).u32(s0.in).u32(biases ? 2 : 0).u32(0).u32(s0.out).u32(0).f32(norm?.eps ?? 0).u32(0)
    .u32(shapes[1]?.out ?? 0).u32(shapes[2]?.out ?? 0).u32(products.length > 1 ? g1 : 0xffffffff).u32(g2);
  const args: BindArg[] = [u, ...products.map((p) => p.w.binding()), x.binding(), ...products.map((p) => p.y.binding())];
  if (biases) args.push(...products.map((p) => p.bias!.binding()));
  if (norm) args.push(norm.weight.binding());
  rec.dispatch(kernel, args, [Math.min(all, 65535), Math.ceil(all / 65535), 1]);
}

function groupRows(v: MatvecVariant): number {
  return v === 'split' ? SPLIT_ROWS : ROWLANE_WG;
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

// One KernelSpec object per variant, so the pipeline cache finds its kernel by identity.
const specCache = new Map<string, KernelSpec>();

// Matrices (nm) and bias bindings: matvec binds one matrix and always a bias (a dummy without
// one); matvecs binds biases only when it has them, to fit three products in 8 storage buffers.
function kernelFor(ctx: GpuContext, v: MatvecVariant, s: MatvecShape, fold: 'plain' | 'norm' | 'glu', nm: number, biases: boolean): Kernel {
  const v4 = s.in % 4 === 0;
  const sg = v === 'rowlane_sg' ? fixedSubgroupSize(ctx)! : 1;
  const f16 = s.wDtype === 'f16';
  const norm = fold === 'norm';
  const key = `${v}|${v4}|${f16}|${s.vectors}|${sg}|${fold}|${nm}|${biases}`;
  let spec = specCache.get(key);
  if (!spec) {
    const split = v === 'split';
    const code = expandTemplate(src, {
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
      NM: nm,
      MULTI: nm > 1,
      BIASES: biases,
    });
    const label = `matvec${nm > 1 ? `${nm}` : ''}_${v}_v${s.vectors}${f16 ? '_f16' : ''}${v4 ? '' : '_scalar'}${fold === 'plain' ? '' : `_${fold}`}`;
    const bindings: BindingKind[] = ['uniform', ...repeat('read', nm), 'read', ...repeat('write', nm), ...repeat('read', biases ? nm : 0), ...repeat('read', fold === 'plain' ? 0 : 1)];
    specCache.set(key, (spec = Object.freeze({ label, code, bindings })));
  }
  return ctx.kernel(spec);
}

function repeat(v: BindingKind, n: number): BindingKind[] {
  return Array.from({ length: n }, () => v);
}

const dummies = new WeakMap<GpuContext, TensorShard>();

function dummy(ctx: GpuContext): TensorShard {
  let d = dummies.get(ctx);
  if (!d) dummies.set(ctx, (d = ctx.tensor([4], 'f32', undefined, 'matvec no-bias').binding()));
  return d;
}
