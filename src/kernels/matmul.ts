// Matmul dispatcher: C = alpha * op(A) * op(B) (+ bias[N]) (+ C), batched, f32 with an
// optional f16 B (weights), any M/N/K, operands split into row shards by the runtime.
// Variants (see shaders/matmul_reg.wgsl, shaders/matmul_tiled.wgsl):
//   reg_sg  barrier-free, subgroup-shared A rows: fastest on CPU rasterisers (lavapipe)
//   reg16, reg8  barrier-free, each invocation loads its own rows (no subgroups needed)
//   tiled   workgroup-shared tiles: real GPUs; also the path for every shape/offset that
//           the vec4 variants cannot take
// The variant comes from the autotuner (tuneMatmul) or a deterministic rule.
import { type GpuContext, type Kernel, type Recorder, type Tensor, type TensorShard, params } from '../gpu';
import regSrc from '../../shaders/matmul_reg.wgsl?raw';
import tiledSrc from '../../shaders/matmul_tiled.wgsl?raw';
import { type Autotuner, sizeBucket, tunerFor } from './autotune';
import { expandTemplate } from './matmul_template';

export type MatmulVariant = 'reg_sg' | 'reg16' | 'reg8' | 'tiled';
export const MATMUL_VARIANTS: readonly MatmulVariant[] = ['reg_sg', 'reg16', 'reg8', 'tiled'];

export interface MatmulOptions {
  /** A is stored [K, M] (weight gradients: dW = dYᵀ X). */
  transA?: boolean;
  /** B is stored [N, K] (HF weights [out, in]: y = x Wᵀ). */
  transB?: boolean;
  /** Problem size; inferred from unbatched tensors when omitted. */
  m?: number;
  n?: number;
  k?: number;
  /** Batched matmul (e.g. attention heads): `batch` problems, operand i at offset + z * stride. */
  batch?: number;
  strideA?: number;
  strideB?: number;
  strideC?: number;
  /** Leading dimensions (elements between rows as stored); default: the tensor's row length. */
  lda?: number;
  ldb?: number;
  ldc?: number;
  /** Element offsets of the first operand element. */
  offsetA?: number;
  offsetB?: number;
  offsetC?: number;
  /** f32 [N] added to every row of C. */
  bias?: Tensor;
  /** C += result instead of C = result. */
  accumulate?: boolean;
  alpha?: number;
  /** Force a variant (tests, benchmarks); otherwise tuned or rule-chosen. */
  variant?: MatmulVariant;
  tuner?: Autotuner;
}

/** A fully resolved problem; also the autotuner's shape class input. */
export interface MatmulShape {
  m: number;
  n: number;
  k: number;
  batch: number;
  transA: boolean;
  transB: boolean;
  bDtype: 'f32' | 'f16';
}

interface Box {
  m: number;
  n: number;
  k: number;
  a: TensorShard;
  b: TensorShard;
  c: TensorShard;
  offA: number;
  offB: number;
  offC: number;
  offBias: number;
  /** First K piece: gets the caller's bias/accumulate; later pieces accumulate. */
  first: boolean;
}

/** Records C = alpha * op(A) op(B) (+ bias) (+ C) into `rec`. Throws on bad input. */
export function matmul(rec: Recorder, a: Tensor, b: Tensor, c: Tensor, opts: MatmulOptions = {}): void {
  const ctx = a.ctx;
  const s = resolveShape(a, b, c, opts);
  const lda = opts.lda ?? a.rowLength;
  const ldb = opts.ldb ?? b.rowLength;
  const ldc = opts.ldc ?? c.rowLength;
  const boxes = splitBoxes(a, b, c, s, opts, lda, ldb, ldc);
  const strides = [opts.strideA ?? 0, opts.strideB ?? 0, opts.strideC ?? 0] as const;
  const bias = opts.bias?.binding() ?? dummyBias(ctx);
  const alpha = opts.alpha ?? 1;
  const chosen = opts.variant ?? chooseVariant(ctx, s, opts.tuner);
  for (const box of boxes) {
    const accumulate = box.first ? !!opts.accumulate : true;
    const { kernel, grid } = kernelFor(ctx, boxVariant(ctx, chosen, box, s, [lda, ldb, ldc], strides), s, box, accumulate);
    const flags = (accumulate ? 1 : 0) | (box.first && opts.bias ? 2 : 0);
    const u = params()
      .u32(box.m).u32(box.n).u32(box.k).u32(flags)
      .u32(lda).u32(ldb).u32(ldc).f32(alpha)
      .u32(box.offA).u32(box.offB).u32(box.offC).u32(box.offBias)
      .u32(strides[0]).u32(strides[1]).u32(strides[2]).u32(0);
    rec.dispatch(kernel, [u, box.a, box.b, box.c, bias], [grid[0], grid[1], s.batch]);
  }
}

/** The dispatches matmul() would record: one per shard box, with the variant each runs. */
export function matmulPlan(a: Tensor, b: Tensor, c: Tensor, opts: MatmulOptions = {}): { variant: MatmulVariant; m: number; n: number; k: number }[] {
  const s = resolveShape(a, b, c, opts);
  const ld = [opts.lda ?? a.rowLength, opts.ldb ?? b.rowLength, opts.ldc ?? c.rowLength] as const;
  const strides = [opts.strideA ?? 0, opts.strideB ?? 0, opts.strideC ?? 0] as const;
  const chosen = opts.variant ?? chooseVariant(a.ctx, s, opts.tuner);
  return splitBoxes(a, b, c, s, opts, ...ld).map((box) => ({
    variant: boxVariant(a.ctx, chosen, box, s, ld, strides),
    m: box.m,
    n: box.n,
    k: box.k,
  }));
}

/** The requested variant, or `tiled` where the box breaks the vec4 kernels' preconditions. */
function boxVariant(ctx: GpuContext, v: MatmulVariant, box: Box, s: MatmulShape, ld: readonly [number, number, number], strides: readonly [number, number, number]): MatmulVariant {
  return vec4Eligible(box, s, ld, strides) && variantAvailable(ctx, v) ? v : 'tiled';
}

function resolveShape(a: Tensor, b: Tensor, c: Tensor, o: MatmulOptions): MatmulShape {
  const transA = !!o.transA;
  const transB = !!o.transB;
  const batch = o.batch ?? 1;
  if (!Number.isInteger(batch) || batch < 1) throw new Error(`matmul: batch must be a positive integer, got ${batch}`);
  if (a.dtype !== 'f32') throw new Error(`matmul: A "${a.label}" is ${a.dtype}; A must be f32 (only B, the weights, may be f16)`);
  if (c.dtype !== 'f32') throw new Error(`matmul: C "${c.label}" is ${c.dtype}; C must be f32`);
  if (b.dtype !== 'f32' && b.dtype !== 'f16') throw new Error(`matmul: B "${b.label}" is ${b.dtype}; B must be f32 or f16`);
  const custom = batch > 1 || o.lda !== undefined || o.ldb !== undefined || o.ldc !== undefined;
  if (custom && (o.m === undefined || o.n === undefined || o.k === undefined)) {
    throw new Error('matmul: batched or strided matmul needs explicit m, n and k');
  }
  const m = o.m ?? (transA ? a.rowLength : a.rows);
  const k = o.k ?? (transA ? a.rows : a.rowLength);
  const n = o.n ?? (transB ? b.rows : b.rowLength);
  for (const [name, v] of [['m', m], ['n', n], ['k', k]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new Error(`matmul: ${name} must be a positive integer, got ${v}`);
  }
  if (!custom) {
    const kb = transB ? b.rowLength : b.rows;
    if (kb !== k) {
      throw new Error(
        `matmul: inner dimensions differ: op(A) "${a.label}" is [${m}, ${k}] but op(B) "${b.label}" is [${kb}, ${n}]` +
          `${transB ? ' (B transposed)' : ''}; pass transA/transB to match how the tensors are stored`,
      );
    }
    if (c.rows !== m || c.rowLength !== n) {
      throw new Error(`matmul: C "${c.label}" is [${c.rows}, ${c.rowLength}] but the product is [${m}, ${n}]`);
    }
  }
  if (o.bias) {
    if (o.bias.dtype !== 'f32' || o.bias.numel !== n) {
      throw new Error(`matmul: bias "${o.bias.label}" must be f32 with N = ${n} elements, got ${o.bias.dtype} with ${o.bias.numel}`);
    }
  }
  return { m, n, k, batch, transA, transB, bDtype: b.dtype };
}

/** Cuts the problem so that every operand piece lies inside one shard (one binding). */
function splitBoxes(a: Tensor, b: Tensor, c: Tensor, s: MatmulShape, o: MatmulOptions, lda: number, ldb: number, ldc: number): Box[] {
  const offA = o.offsetA ?? 0;
  const offB = o.offsetB ?? 0;
  const offC = o.offsetC ?? 0;
  const sharded = a.isSharded || b.isSharded || c.isSharded;
  const rowsA = s.transA ? s.k : s.m;
  const rowsB = s.transB ? s.n : s.k;
  // Largest element index each operand is asked for: catches strides/offsets past the end.
  const lastA = offA + (s.batch - 1) * (o.strideA ?? 0) + (rowsA - 1) * lda + (s.transA ? s.m : s.k) - 1;
  const lastB = offB + (s.batch - 1) * (o.strideB ?? 0) + (rowsB - 1) * ldb + (s.transB ? s.k : s.n) - 1;
  const lastC = offC + (s.batch - 1) * (o.strideC ?? 0) + (s.m - 1) * ldc + s.n - 1;
  for (const [t, last] of [[a, lastA], [b, lastB], [c, lastC]] as const) {
    if (last >= t.numel) {
      throw new Error(`matmul: "${t.label}" has ${t.numel} elements but the problem reads element ${last}; check m/n/k, leading dims, strides and offsets`);
    }
  }
  if (sharded) {
    const plain =
      s.batch === 1 && offA === 0 && offB === 0 && offC === 0 && lda === a.rowLength && ldb === b.rowLength && ldc === c.rowLength;
    if (!plain) throw new Error('matmul: operands split across bindings (sharded tensors) support only unbatched matmul with default leading dims and offsets');
  }
  const cutsM = new Set([0, s.m]);
  const cutsN = new Set([0, s.n]);
  const cutsK = new Set([0, s.k]);
  const add = (cuts: Set<number>, t: Tensor) => {
    for (const sh of t.shards) cuts.add(sh.rowStart);
  };
  add(s.transA ? cutsK : cutsM, a);
  add(s.transB ? cutsN : cutsK, b);
  add(cutsM, c);
  const ranges = (cuts: Set<number>, limit: number) => {
    const v = [...cuts].filter((x) => x <= limit).sort((x, y) => x - y);
    return v.slice(0, -1).map((x, i) => [x, v[i + 1]! - x] as const);
  };
  const find = (t: Tensor, row: number) => t.shards.find((sh) => row >= sh.rowStart && row < sh.rowStart + sh.rows)!;
  const at = (t: Tensor, ld: number, off: number, row: number, col: number) => {
    const sh = find(t, row);
    return { shard: sh, off: off + (row - sh.rowStart) * ld + col };
  };
  const boxes: Box[] = [];
  for (const [m0, mb] of ranges(cutsM, s.m)) {
    for (const [n0, nb] of ranges(cutsN, s.n)) {
      ranges(cutsK, s.k).forEach(([k0, kb], ki) => {
        const pa = s.transA ? at(a, lda, offA, k0, m0) : at(a, lda, offA, m0, k0);
        const pb = s.transB ? at(b, ldb, offB, n0, k0) : at(b, ldb, offB, k0, n0);
        const pc = at(c, ldc, offC, m0, n0);
        boxes.push({ m: mb, n: nb, k: kb, a: pa.shard, b: pb.shard, c: pc.shard, offA: pa.off, offB: pb.off, offC: pc.off, offBias: n0, first: ki === 0 });
      });
    }
  }
  return boxes;
}

/** The register-blocked kernels read and write whole vec4s (see shaders/matmul_reg.wgsl). */
function vec4Eligible(box: Box, s: MatmulShape, ld: readonly [number, number, number], strides: readonly [number, number, number]): boolean {
  if (s.transA && s.transB) return false;
  const all4 = [...ld, ...strides, box.offA, box.offB, box.offC, box.n].every((v) => v % 4 === 0);
  if (!all4) return false;
  return s.transA ? box.m % 4 === 0 : box.k % 4 === 0;
}

/** Subgroup size when the adapter has exactly one (the reg_sg kernel unrolls over it). */
export function fixedSubgroupSize(ctx: GpuContext): number | null {
  // Asked per decode dispatch; device.adapterInfo builds a new object on each read.
  let size = subgroupSizes.get(ctx);
  if (size === undefined) subgroupSizes.set(ctx, (size = readFixedSubgroupSize(ctx)));
  return size;
}
const subgroupSizes = new WeakMap<GpuContext, number | null>();

function readFixedSubgroupSize(ctx: GpuContext): number | null {
  if (!ctx.features.subgroups) return null;
  const info = (ctx.device as GPUDevice & { adapterInfo?: { subgroupMinSize?: number; subgroupMaxSize?: number } }).adapterInfo;
  const lo = info?.subgroupMinSize;
  const hi = info?.subgroupMaxSize;
  return lo && lo === hi && lo >= 4 && lo <= 16 ? lo : null;
}

function variantAvailable(ctx: GpuContext, v: MatmulVariant): boolean {
  return v !== 'reg_sg' || fixedSubgroupSize(ctx) !== null;
}

/** The variants that can run `s` on this context, best guess first. */
export function matmulCandidates(ctx: GpuContext, s: MatmulShape): MatmulVariant[] {
  const all = MATMUL_VARIANTS.filter((v) => variantAvailable(ctx, v));
  if (s.transA && s.transB) return ['tiled'];
  return all;
}

/** CPU rasterisers reward barrier-free kernels; real GPUs, shared-memory tiles. */
export function isSoftwareAdapter(ctx: GpuContext): boolean {
  const a = ctx.adapter;
  return a.isFallbackAdapter || /llvmpipe|lavapipe|swiftshader|software|cpu/i.test(`${a.architecture} ${a.device} ${a.description}`);
}

/** Deterministic choice when nothing was tuned for this shape class. */
export function fallbackVariant(ctx: GpuContext, s: MatmulShape): MatmulVariant {
  if (s.transA && s.transB) return 'tiled';
  if (!isSoftwareAdapter(ctx)) return 'tiled';
  return fixedSubgroupSize(ctx) !== null ? 'reg_sg' : 'reg16';
}

export function matmulTuneKey(ctx: GpuContext, s: MatmulShape): string {
  const mode = `${s.transA ? 'T' : 'N'}${s.transB ? 'T' : 'N'}`;
  return `${ctx.adapter.summary}|matmul|${mode}|${s.bDtype}|m${sizeBucket(s.m * s.batch)}|n${sizeBucket(s.n)}|k${sizeBucket(s.k)}`;
}

function chooseVariant(ctx: GpuContext, s: MatmulShape, tuner?: Autotuner): MatmulVariant {
  const tuned = (tuner ?? tunerFor(ctx)).get(matmulTuneKey(ctx, s)) as MatmulVariant | undefined;
  return tuned && MATMUL_VARIANTS.includes(tuned) ? tuned : fallbackVariant(ctx, s);
}

const codeCache = new Map<string, string>();

function kernelFor(ctx: GpuContext, v: MatmulVariant, s: MatmulShape, box: Box, accumulate: boolean): { kernel: Kernel; grid: [number, number] } {
  const f16 = s.bDtype === 'f16';
  const mode = s.transA ? 'TN' : s.transB ? 'NT' : 'NN';
  const bindings = ['uniform', 'read', 'read', 'write', 'read'] as const;
  if (v === 'tiled') {
    const key = `tiled|${s.transA}|${s.transB}|${f16}`;
    let code = codeCache.get(key);
    if (!code) codeCache.set(key, (code = expandTemplate(tiledSrc, { TA: s.transA, TB: s.transB, F16: f16 })));
    const kernel = ctx.kernel({ label: `matmul_tiled_${s.transA ? 'T' : 'N'}${s.transB ? 'T' : 'N'}${f16 ? '_f16' : ''}`, code, bindings });
    return { kernel, grid: [Math.ceil(box.n / 64), Math.ceil(box.m / 64)] };
  }
  const sg = v === 'reg_sg' ? fixedSubgroupSize(ctx)! : 1;
  const tm = v === 'reg_sg' ? 4 * sg : v === 'reg16' ? 16 : 8;
  // Narrow outputs (attention heads) would leave most of a 64-wide workgroup idle.
  // (two sizes only: every size is another multi-second compile on lavapipe).
  const wg = box.n <= 64 ? Math.max(16, sg) : 64;
  const key = `${v}|${mode}|${f16}|${wg}|${sg}|${accumulate}`;
  let code = codeCache.get(key);
  if (!code) {
    const defines = { NN: mode === 'NN', NT: mode === 'NT', TN: mode === 'TN', SUBGROUP: v === 'reg_sg', F16: f16, ACC: accumulate, TM: tm, SG: sg, WG: wg };
    codeCache.set(key, (code = expandTemplate(regSrc, defines)));
  }
  const kernel = ctx.kernel({ label: `matmul_${v}_${mode}${f16 ? '_f16' : ''}${accumulate ? '_acc' : ''}_wg${wg}`, code, bindings });
  return { kernel, grid: [Math.ceil(box.n / (4 * wg)), Math.ceil(box.m / tm)] };
}

const dummies = new WeakMap<GpuContext, TensorShard>();

/** Bound in place of an absent bias (a binding cannot be left empty). */
function dummyBias(ctx: GpuContext): TensorShard {
  let d = dummies.get(ctx);
  if (!d) dummies.set(ctx, (d = ctx.tensor([4], 'f32', undefined, 'matmul no-bias').binding()));
  return d;
}
