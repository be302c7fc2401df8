// RMSNorm over the last dim, with rstd saved for the hand-written backward. Also the
// per-head q/k norm of Qwen3: pass x viewed as [tokens·heads, headDim] (same buffer).
import { type Kernel, type Recorder, type Tensor, WGSL_LINEAR_GROUP, params } from '../gpu';
import fwdSrc from '../../shaders/rmsnorm.wgsl?raw';
import bwdSrc from '../../shaders/rmsnorm_backward.wgsl?raw';
import { type RowLayout, invocationPerRow } from './launch';
import { workspace } from './workspace';

const WG = 64;
const FWD = fwdSrc + WGSL_LINEAR_GROUP;
const BWD = bwdSrc + WGSL_LINEAR_GROUP;
/** Rows per dw partial sum: the two-pass reduction's first pass. */
const BLOCK_ROWS = 64;

/** Rows and row length of x, where x may be viewed with a different last dim (per-head norm). */
function rowsOf(x: Tensor, dim: number, what: string): number {
  if (x.dtype !== 'f32') throw new Error(`${what}: "${x.label}" must be f32, got ${x.dtype}`);
  if (x.numel % dim !== 0) throw new Error(`${what}: "${x.label}" [${x.shape}] is not a whole number of rows of ${dim}`);
  return x.numel / dim;
}

function expectSize(t: Tensor, n: number, what: string, name: string): void {
  if (t.numel !== n) throw new Error(`${what}: ${name} "${t.label}" has ${t.numel} elements, expected ${n}`);
}

/**
 * `layout` forces one workgroup or one invocation per row (default: per adapter and shape,
 * as the row kernels in src/kernels/launch.ts decide).
 *
 * y = x·rstd·w per row of `w.numel` elements; writes rstd [rows]. x and y must be
 * different tensors (x [.., dim], any leading shape).
 */
export function rmsnormForward(rec: Recorder, x: Tensor, w: Tensor, eps: number, y: Tensor, rstd: Tensor, options: { layout?: RowLayout } = {}): void {
  const dim = w.numel;
  const rows = rowsOf(x, dim, 'rmsnormForward');
  expectSize(y, x.numel, 'rmsnormForward', 'y');
  expectSize(rstd, rows, 'rmsnormForward', 'rstd');
  const perRow = invocationPerRow(rec.ctx, rows, dim, options.layout);
  const entryPoint = perRow ? 'forward_row' : 'forward';
  const k = rec.ctx.kernel({ label: `rmsnorm.${entryPoint}`, code: FWD, entryPoint, constants: { WG }, bindings: ['read', 'read', 'write', 'write', 'uniform'] });
  rec.dispatch(k, [x, w, y, rstd, params().u32(rows).u32(dim).f32(eps)], rec.ctx.grid(perRow ? Math.ceil(rows / WG) : rows));
}

/**
 * dx (= or += with accumulateDx) and dw (= or += with accumulateDw) from dy, the forward's
 * x and rstd. dx must not be dy or x.
 */
export function rmsnormBackward(
  rec: Recorder,
  dy: Tensor,
  x: Tensor,
  w: Tensor,
  rstd: Tensor,
  dx: Tensor,
  dw: Tensor,
  options: { accumulateDx?: boolean; accumulateDw?: boolean; layout?: RowLayout } = {},
): void {
  const dim = w.numel;
  const rows = rowsOf(x, dim, 'rmsnormBackward');
  expectSize(dy, x.numel, 'rmsnormBackward', 'dy');
  expectSize(dx, x.numel, 'rmsnormBackward', 'dx');
  expectSize(dw, dim, 'rmsnormBackward', 'dw');
  expectSize(rstd, rows, 'rmsnormBackward', 'rstd');
  const blocks = Math.ceil(rows / BLOCK_ROWS);
  const partial = workspace(rec.ctx, 'rmsnorm.dw', blocks * dim, 'f32');
  const kind: Kernel['bindings'] = ['read', 'read', 'read', 'read', 'write', 'uniform'];
  const kernel = (entryPoint: string) => rec.ctx.kernel({ label: `rmsnorm.${entryPoint}`, code: BWD, entryPoint, constants: { WG }, bindings: kind });
  const u = (acc: boolean | undefined) => params().u32(rows).u32(dim).u32(acc ? 1 : 0).u32(BLOCK_ROWS).u32(blocks);
  const perRow = invocationPerRow(rec.ctx, rows, dim, options.layout);
  rec.dispatch(kernel(perRow ? 'dx_row' : 'dx'), [dy, x, w, rstd, dx, u(options.accumulateDx)], rec.ctx.grid(perRow ? Math.ceil(rows / WG) : rows));
  rec.dispatch(kernel('dw_partial'), [dy, x, w, rstd, partial, u(false)], rec.ctx.grid(Math.ceil((blocks * dim) / WG)));
  rec.dispatch(kernel('dw_reduce'), [partial, x, w, rstd, dw, u(options.accumulateDw)], rec.ctx.grid(Math.ceil(dim / WG)));
}
