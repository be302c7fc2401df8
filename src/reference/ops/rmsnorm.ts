import { expectLength, type Vec } from './types';

/**
 * y = x · rstd · w per row, rstd = 1/sqrt(mean(x²) + eps). Per-head q/k norm (Qwen3) is the same
 * op with rows = T·heads and dim = headDim, because heads are contiguous within a token's row.
 */
export function rmsnormForward(x: Vec, w: Vec, rows: number, dim: number, eps: number): { y: Float64Array; rstd: Float64Array } {
  expectLength('rmsnorm x', x, rows * dim);
  expectLength('rmsnorm weight', w, dim);
  const y = new Float64Array(rows * dim);
  const rstd = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const o = r * dim;
    let ss = 0;
    for (let j = 0; j < dim; j++) ss += x[o + j] * x[o + j];
    const s = 1 / Math.sqrt(ss / dim + eps);
    rstd[r] = s;
    for (let j = 0; j < dim; j++) y[o + j] = x[o + j] * s * w[j];
  }
  return { y, rstd };
}

/**
 * With g = dy·w: dx = rstd·g − x·rstd³·(Σ g·x)/dim (the second term is the gradient through
 * rstd), dw = Σ_rows dy·x·rstd.
 */
export function rmsnormBackward(
  dy: Vec,
  x: Vec,
  w: Vec,
  rstd: Vec,
  rows: number,
  dim: number,
): { dx: Float64Array; dw: Float64Array } {
  expectLength('rmsnorm dy', dy, rows * dim);
  expectLength('rmsnorm x', x, rows * dim);
  expectLength('rmsnorm rstd', rstd, rows);
  const dx = new Float64Array(rows * dim);
  const dw = new Float64Array(dim);
  for (let r = 0; r < rows; r++) {
    const o = r * dim;
    const s = rstd[r];
    let dot = 0;
    for (let j = 0; j < dim; j++) dot += dy[o + j] * w[j] * x[o + j];
    const c = (s * s * s * dot) / dim;
    for (let j = 0; j < dim; j++) {
      dx[o + j] = s * dy[o + j] * w[j] - c * x[o + j];
      dw[j] += dy[o + j] * x[o + j] * s;
    }
  }
  return { dx, dw };
}
