import { expectLength, type Vec } from './types';

/** Residual add a + b. Its backward is the identity into both inputs, so callers reuse dy. */
export function residualForward(a: Vec, b: Vec): Float64Array {
  expectLength('residual b', b, a.length);
  const y = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) y[i] = a[i] + b[i];
  return y;
}

/** acc += g, in place: how gradients from several consumers of one tensor meet. */
export function accumulate(acc: Float64Array, g: Vec): void {
  expectLength('accumulated gradient', g, acc.length);
  for (let i = 0; i < acc.length; i++) acc[i] += g[i];
}
