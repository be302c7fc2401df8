// Element types a tensor can hold, and the f32 <-> f16 bit conversions the host needs
// for uploads and readbacks (Float16Array is not available everywhere yet).

export type DType = 'f32' | 'f16' | 'i32' | 'u32';

export function bytesPerElement(dtype: DType): number {
  return dtype === 'f16' ? 2 : 4;
}

/** What `read()` returns per dtype: f16 is widened to f32 on the host. */
export type HostArray<D extends DType = DType> = D extends 'i32' ? Int32Array : D extends 'u32' ? Uint32Array : Float32Array;

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** Rounds to nearest even, like a GPU f32 -> f16 conversion; overflow becomes ±Inf. */
export function f32ToF16Bits(x: number): number {
  f32[0] = x;
  const bits = u32[0];
  const sign = (bits >>> 16) & 0x8000;
  const exp = (bits >>> 23) & 0xff;
  let mant = bits & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0); // Inf / NaN
  let e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign; // underflows to zero
    mant |= 0x800000;
    const shift = 14 - e;
    const half = 1 << (shift - 1);
    let m = mant >>> shift;
    const rest = mant & ((1 << shift) - 1);
    if (rest > half || (rest === half && (m & 1))) m++;
    return sign | m;
  }
  let m = mant >>> 13;
  const rest = mant & 0x1fff;
  if (rest > 0x1000 || (rest === 0x1000 && (m & 1))) {
    m++;
    if (m === 0x400) {
      m = 0;
      e++;
      if (e >= 0x1f) return sign | 0x7c00;
    }
  }
  return sign | (e << 10) | m;
}

export function f16BitsToF32(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const e = (h >>> 10) & 0x1f;
  const m = h & 0x3ff;
  if (e === 0) return sign * m * 2 ** -24;
  if (e === 0x1f) return m ? NaN : sign * Infinity;
  return sign * (1 + m / 1024) * 2 ** (e - 15);
}

export function toF16Bits(src: ArrayLike<number>): Uint16Array {
  const out = new Uint16Array(src.length);
  for (let i = 0; i < src.length; i++) out[i] = f32ToF16Bits(src[i]);
  return out;
}

// A 64K-entry table makes f16 decoding one lookup per element: readbacks and checkpoints
// hold millions of them.
let f16Table: Float32Array | undefined;
function halfTable(): Float32Array {
  if (f16Table) return f16Table;
  f16Table = new Float32Array(65536);
  for (let h = 0; h < 65536; h++) f16Table[h] = f16BitsToF32(h);
  return f16Table;
}

/** Widens f16 bit patterns to f32, into `out` when given (it must be at least as long). */
export function fromF16Bits(src: Uint16Array, out: Float32Array = new Float32Array(src.length)): Float32Array {
  const t = halfTable();
  for (let i = 0; i < src.length; i++) out[i] = t[src[i]];
  return out;
}
