// Row softmax over the last dimension (optionally of scale·x), f32 or f16 in and out,
// math in f32. Rows of any length; tensors split across bindings are handled per shard.
import src from '../../shaders/softmax.wgsl?raw';
import { type Recorder, type Tensor, params, specialize } from '../gpu';
import { type RowLayout, expectDType, expectDistinct, expectSameShape, invocationPerRow, kernelFor, segmentsOf } from './launch';

const LOWEST_F32 = -3.4028234663852886e38;

export interface SoftmaxOptions {
  /** Multiplies x before the softmax (e.g. 1/√d or 1/temperature). Default 1. */
  scale?: number;
  /** Force one workgroup or one invocation per row (tests, benchmarks). */
  layout?: RowLayout;
}

/** out[r, :] = softmax(scale · x[r, :]). Inputs must be finite (mask with -1e30, not -inf). */
export function softmax(rec: Recorder, x: Tensor, out: Tensor, options: SoftmaxOptions = {}): void {
  expectDType('softmax', x, 'f32', 'f16');
  expectDType('softmax', out, x.dtype);
  expectSameShape('softmax', x, out);
  expectDistinct('softmax', x, out);
  const vec = x.rowLength % 4 === 0 ? 4 : 1;
  const len = x.rowLength / vec;
  const perInvocation = invocationPerRow(rec.ctx, x.rows, len, options.layout);
  // Short rows waste most of a big workgroup; long rows want more lanes per row.
  const wg = perInvocation ? 64 : len >= 2048 ? 256 : len >= 256 ? 128 : len > 32 ? 64 : 32;
  const label = `softmax.${x.dtype}x${vec}.${perInvocation ? 'row' : 'wg'}${wg}`;
  const k = kernelFor(rec.ctx, label, () => ({
    label,
    code: specialize(src, { dtype: x.dtype as 'f32' | 'f16', vec }),
    entryPoint: perInvocation ? 'per_invocation' : 'main',
    constants: { WG: wg },
    bindings: ['read', 'write', 'uniform'],
  }));
  for (const seg of segmentsOf([x, out])) {
    const [px, po] = seg.parts;
    const u = params()
      .u32(seg.rows)
      .u32(len)
      .u32(px.rowOffset * len)
      .u32(po.rowOffset * len)
      .f32(options.scale ?? 1)
      .f32(LOWEST_F32);
    rec.dispatch(k, [px.shard, po.shard, u], rec.ctx.grid(perInvocation ? Math.ceil(seg.rows / wg) : seg.rows));
  }
}
