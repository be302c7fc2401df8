// float64 references for the element-wise kernels (src/kernels/elementwise.ts).
// Binary ops take b either element-wise or as one row repeated over a's rows.

type Arr = ArrayLike<number>;

function bAt(b: Arr, n: number, i: number): number {
  return b.length === n ? b[i] : b[i % b.length];
}

function binary(a: Arr, b: Arr, f: (x: number, y: number) => number): Float64Array {
  if (a.length % b.length !== 0) throw new Error(`reference: b (${b.length}) does not divide a (${a.length})`);
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = f(a[i], bAt(b, a.length, i));
  return out;
}

export function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

export function siluScalar(x: number): number {
  return x * sigmoid(x);
}

export const refAdd = (a: Arr, b: Arr) => binary(a, b, (x, y) => x + y);
export const refMul = (a: Arr, b: Arr) => binary(a, b, (x, y) => x * y);
export const refSiluMul = (gate: Arr, up: Arr) => binary(gate, up, (g, u) => siluScalar(g) * u);
export const refScale = (a: Arr, s: number) => Float64Array.from(a, (x) => x * s);
export const refSilu = (a: Arr) => Float64Array.from(a, siluScalar);
/** y + s·x */
export const refAccumulate = (x: Arr, y: Arr, s: number) => binary(y, x, (yy, xx) => yy + s * xx);
