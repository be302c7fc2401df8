// float64 reference for f32 → f16 rounding (src/kernels/cast.ts): round to nearest even
// at f16 precision, subnormals below 2^-14, saturating at ±65504 like the kernel. Written
// with plain float64 arithmetic, independently of the bit-twiddling host conversion in
// src/gpu/dtype.ts.

const MAX_F16 = 65504;

function roundHalfEven(v: number): number {
  const f = Math.floor(v);
  const d = v - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

export function refRoundToF16(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const a = Math.abs(x);
  if (a === 0) return x;
  if (a >= MAX_F16) return Math.sign(x) * MAX_F16;
  // Spacing of f16 values around a: 2^(e-10) for normals, 2^-24 for subnormals.
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e--; // log2 may round up just below a power of two
  e = Math.max(e, -14);
  const q = 2 ** (e - 10);
  const r = roundHalfEven(a / q) * q;
  return Math.sign(x) * Math.min(r, MAX_F16);
}

export function refCastToF16(x: ArrayLike<number>): Float64Array {
  return Float64Array.from(x, (v) => refRoundToF16(Math.fround(v)));
}
