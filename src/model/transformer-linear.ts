// The decoder's projections: whole-operand products through the shared kernels of
// src/kernels, picked by the number of rows.
import type { Recorder, Tensor } from '../gpu';
import { matmul } from '../kernels/matmul';
import { MATVEC_MAX_VECTORS, matvec } from '../kernels/matvec';

/**
 * out (+)= x · wᵀ + bias (x [n, k], w [o, k] f32 or f16, out [n, o]): matvec (weights read
 * once) for decode-sized n ≤ 8, the tuned register-blocked matmul above. Both add into
 * `out` themselves (residual adds).
 */
export function linear(rec: Recorder, x: Tensor, w: Tensor, out: Tensor, opts: { bias?: Tensor; accumulate?: boolean } = {}): void {
  if (x.rows > MATVEC_MAX_VECTORS) matmul(rec, x, w, out, { transB: true, bias: opts.bias, accumulate: opts.accumulate });
  else matvec(rec, w, x, out, { bias: opts.bias, accumulate: opts.accumulate });
}
