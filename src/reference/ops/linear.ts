import { expectLength, type Vec } from './types';

/**
 * y = x·Wᵀ + b with x [rows, inDim], W [outDim, inDim] (the HF / PyTorch layout), b [outDim].
 * A private f64 loop on purpose: the reference must not depend on the kernels it checks.
 */
export function linearForward(x: Vec, w: Vec, b: Vec | undefined, rows: number, inDim: number, outDim: number): Float64Array {
  expectLength('linear x', x, rows * inDim);
  expectLength('linear weight', w, outDim * inDim);
  if (b) expectLength('linear bias', b, outDim);
  const y = new Float64Array(rows * outDim);
  for (let r = 0; r < rows; r++) {
    const xo = r * inDim;
    for (let o = 0; o < outDim; o++) {
      const wo = o * inDim;
      let s = b ? b[o] : 0;
      for (let i = 0; i < inDim; i++) s += x[xo + i] * w[wo + i];
      y[r * outDim + o] = s;
    }
  }
  return y;
}

export interface LinearGrads {
  dx: Float64Array;
  dw: Float64Array;
  db?: Float64Array;
}

/** dx = dy·W, dW = dyᵀ·x, db = Σ_rows dy. */
export function linearBackward(
  dy: Vec,
  x: Vec,
  w: Vec,
  hasBias: boolean,
  rows: number,
  inDim: number,
  outDim: number,
): LinearGrads {
  expectLength('linear dy', dy, rows * outDim);
  expectLength('linear x', x, rows * inDim);
  expectLength('linear weight', w, outDim * inDim);
  const dx = new Float64Array(rows * inDim);
  const dw = new Float64Array(outDim * inDim);
  const db = hasBias ? new Float64Array(outDim) : undefined;
  for (let r = 0; r < rows; r++) {
    const xo = r * inDim;
    for (let o = 0; o < outDim; o++) {
      const g = dy[r * outDim + o];
      if (g === 0) continue;
      const wo = o * inDim;
      for (let i = 0; i < inDim; i++) {
        dx[xo + i] += g * w[wo + i];
        dw[wo + i] += g * x[xo + i];
      }
      if (db) db[o] += g;
    }
  }
  return db ? { dx, dw, db } : { dx, dw };
}
