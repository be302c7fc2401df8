// float64 reference for the row softmax (src/kernels/softmax.ts): x is rows × cols.

export function refSoftmax(x: ArrayLike<number>, rows: number, cols: number, scale = 1): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    let m = -Infinity;
    for (let j = 0; j < cols; j++) m = Math.max(m, scale * x[o + j]);
    let s = 0;
    for (let j = 0; j < cols; j++) s += Math.exp(scale * x[o + j] - m);
    for (let j = 0; j < cols; j++) out[o + j] = Math.exp(scale * x[o + j] - m) / s;
  }
  return out;
}
