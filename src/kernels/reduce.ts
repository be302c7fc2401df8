// Row sum / row max over the last dimension, accumulated in f32; out is an f32 tensor
// with one element per row (x.rows elements, any shape).
import src from '../../shaders/reduce.wgsl?raw';
import { type Recorder, type Tensor, params, specialize } from '../gpu';
import { type RowLayout, expectDType, invocationPerRow, kernelFor } from './launch';

export type RowReduction = 'sum' | 'max';

const LOWEST_F32 = -3.4028234663852886e38;

export interface RowReduceOptions {
  /** Force one workgroup or one invocation per row (tests, benchmarks). */
  layout?: RowLayout;
}

function launch(rec: Recorder, op: RowReduction, x: Tensor, out: Tensor, options: RowReduceOptions): void {
  const what = `row ${op}`;
  expectDType(what, x, 'f32', 'f16');
  expectDType(what, out, 'f32');
  if (out.numel !== x.rows) {
    throw new Error(`${what}: "${out.label}" [${out.shape}] must have one element per row of "${x.label}" (${x.rows})`);
  }
  const vec = x.rowLength % 4 === 0 ? 4 : 1;
  const len = x.rowLength / vec;
  const short = invocationPerRow(rec.ctx, x.rows, len, options.layout);
  const wg = short ? 64 : len >= 1024 ? 256 : 64;
  const label = `reduce.${op}${short ? '.short' : ''}.${x.dtype}x${vec}.wg${wg}`;
  const k = kernelFor(rec.ctx, label, () => ({
    label,
    code: specialize(src, { dtype: x.dtype as 'f32' | 'f16', vec }),
    entryPoint: `row_${op}${short ? '_short' : ''}`,
    constants: { WG: wg },
    bindings: ['read', 'write', 'uniform'],
  }));
  const o = out.binding();
  for (const s of x.shards) {
    const u = params().u32(s.rows).u32(len).u32(0).u32(s.rowStart).f32(LOWEST_F32);
    rec.dispatch(k, [s, o, u], rec.ctx.grid(short ? Math.ceil(s.rows / wg) : s.rows));
  }
}

/** out[r] = Σ_j x[r, j] */
export function rowSum(rec: Recorder, x: Tensor, out: Tensor, options: RowReduceOptions = {}): void {
  launch(rec, 'sum', x, out, options);
}

/** out[r] = max_j x[r, j] (inputs must be finite) */
export function rowMax(rec: Recorder, x: Tensor, out: Tensor, options: RowReduceOptions = {}): void {
  launch(rec, 'max', x, out, options);
}
