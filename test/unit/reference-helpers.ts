// Shared by the reference tests: a seeded RNG and a central finite-difference gradient check.

import { createRng } from '../../src/util/rng';

/** Mulberry32 (src/util/rng): small, seeded, good enough for test data. */
export function rng(seed: number): () => number {
  return createRng(seed >>> 0).next;
}

/** n values uniform in [-scale, scale). */
export function randn(rand: () => number, n: number, scale = 1): Float64Array {
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) v[i] = (rand() * 2 - 1) * scale;
  return v;
}

/** Σ a·b: turns an op's output into a scalar whose gradient w.r.t. the output is b. */
export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/**
 * Central finite differences of scalar f w.r.t. every entry of x (perturbed in place and
 * restored), compared with the analytic gradient. Returns max |analytic − fd| / max(1, max |fd|).
 */
export function fdError(f: () => number, x: Float64Array, analytic: ArrayLike<number>, eps = 1e-6): number {
  if (analytic.length !== x.length) throw new Error(`gradient has ${analytic.length} values, input has ${x.length}`);
  let maxErr = 0;
  let maxRef = 0;
  for (let i = 0; i < x.length; i++) {
    const keep = x[i];
    x[i] = keep + eps;
    const up = f();
    x[i] = keep - eps;
    const down = f();
    x[i] = keep;
    const fd = (up - down) / (2 * eps);
    maxErr = Math.max(maxErr, Math.abs(fd - analytic[i]));
    maxRef = Math.max(maxRef, Math.abs(fd));
  }
  return maxErr / Math.max(1, maxRef);
}

/** max |a − b| over two equally long arrays. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length mismatch: ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}
