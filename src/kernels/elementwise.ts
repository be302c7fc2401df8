// Element-wise ops: add, mul, SwiGLU (silu(gate)·up), scale, silu, and out += s·x.
// f32 everywhere, f16 when shader-f16 is granted (math in f32). Binary ops accept b with
// the same shape as a, or one row (b.numel = a.rowLength) broadcast over every row.
import src from '../../shaders/elementwise.wgsl?raw';
import { type Kernel, type Recorder, type Tensor, params, specialize } from '../gpu';
import { expectDType, expectDistinct, expectSameShape, kernelFor, segmentsOf, vecWidth } from './launch';

export type ElementwiseOp = 'add' | 'mul' | 'silu_mul' | 'scale' | 'silu' | 'acc';

const WG = 256;

function kernel(rec: Recorder, op: ElementwiseOp, dtype: 'f32' | 'f16', vec: 1 | 4): Kernel {
  const label = `elementwise.${op}.${dtype}x${vec}`;
  return kernelFor(rec.ctx, label, () => ({
    label,
    code: specialize(src, { dtype, vec }),
    entryPoint: op,
    constants: { WG },
    bindings: ['read', 'read', 'write', 'uniform'],
  }));
}

function launch(rec: Recorder, op: ElementwiseOp, a: Tensor, b: Tensor | null, out: Tensor, s: number): void {
  const what = `elementwise ${op}`;
  expectDType(what, a, 'f32', 'f16');
  expectDType(what, out, a.dtype);
  expectSameShape(what, a, out);
  let broadcast = 0;
  if (b) {
    expectDType(what, b, a.dtype);
    if (b.numel !== a.numel) {
      if (b.numel !== a.rowLength || b.isSharded) {
        throw new Error(`${what}: "${b.label}" [${b.shape}] must match "${a.label}" [${a.shape}] or be one row of ${a.rowLength}`);
      }
      broadcast = a.rowLength;
    }
  }
  const operands = b && !broadcast ? [a, b, out] : [a, out];
  const vec = vecWidth(operands, broadcast ? [broadcast] : []);
  const k = kernel(rec, op, a.dtype as 'f32' | 'f16', vec);
  const len = a.rowLength / vec;
  for (const seg of segmentsOf(operands)) {
    const pa = seg.parts[0];
    const pout = seg.parts[operands.length - 1];
    const pb = b && !broadcast ? seg.parts[1] : null;
    const bShard = pb ? pb.shard : b ? b.binding() : pa.shard;
    const n = (seg.rows * a.rowLength) / vec;
    const u = params()
      .u32(n)
      .u32((pa.rowOffset * a.rowLength) / vec)
      .u32(pb ? (pb.rowOffset * a.rowLength) / vec : 0)
      .u32((pout.rowOffset * a.rowLength) / vec)
      .u32(broadcast ? len : 0)
      .f32(s);
    rec.dispatch(k, [pa.shard, bShard, pout.shard, u], rec.ctx.grid(Math.ceil(n / WG)));
  }
}

/** out = a + b */
export function add(rec: Recorder, a: Tensor, b: Tensor, out: Tensor): void {
  expectDistinct('add', a, out);
  expectDistinct('add', b, out);
  launch(rec, 'add', a, b, out, 0);
}

/** out = a · b */
export function mul(rec: Recorder, a: Tensor, b: Tensor, out: Tensor): void {
  expectDistinct('mul', a, out);
  expectDistinct('mul', b, out);
  launch(rec, 'mul', a, b, out, 0);
}

/** out = silu(gate) · up (SwiGLU) */
export function siluMul(rec: Recorder, gate: Tensor, up: Tensor, out: Tensor): void {
  expectDistinct('siluMul', gate, out);
  expectDistinct('siluMul', up, out);
  launch(rec, 'silu_mul', gate, up, out, 0);
}

/** out = s · a */
export function scale(rec: Recorder, a: Tensor, s: number, out: Tensor): void {
  expectDistinct('scale', a, out);
  launch(rec, 'scale', a, null, out, s);
}

/** out = a · sigmoid(a) */
export function silu(rec: Recorder, a: Tensor, out: Tensor): void {
  expectDistinct('silu', a, out);
  launch(rec, 'silu', a, null, out, 0);
}

/** y += s · x (in place: residual adds, gradient accumulation). */
export function accumulate(rec: Recorder, x: Tensor, y: Tensor, s = 1): void {
  expectDistinct('accumulate', x, y);
  launch(rec, 'acc', x, null, y, s);
}
