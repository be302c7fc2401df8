// Element types of the safetensors format and their conversion to and from float32.
// Everything here assumes a little-endian host (every browser and Node platform we run on);
// safetensors data is little-endian by definition.

export type StDtype =
  | 'BOOL'
  | 'U8'
  | 'I8'
  | 'F8_E5M2'
  | 'F8_E4M3'
  | 'I16'
  | 'U16'
  | 'F16'
  | 'BF16'
  | 'I32'
  | 'U32'
  | 'F32'
  | 'F64'
  | 'I64'
  | 'U64';

/** Bytes per element of each dtype. */
export const DTYPE_BYTES: Readonly<Record<StDtype, number>> = {
  BOOL: 1,
  U8: 1,
  I8: 1,
  F8_E5M2: 1,
  F8_E4M3: 1,
  I16: 2,
  U16: 2,
  F16: 2,
  BF16: 2,
  I32: 4,
  U32: 4,
  F32: 4,
  F64: 8,
  I64: 8,
  U64: 8,
};

export function isStDtype(s: unknown): s is StDtype {
  return typeof s === 'string' && Object.hasOwn(DTYPE_BYTES, s);
}

/** The float dtypes the writer can produce from float32 data. */
export type StFloatDtype = 'F32' | 'F16' | 'BF16';

// A 64K-entry table makes f16 decoding a single lookup per element, which matters when a
// checkpoint holds hundreds of millions of them.
let f16Table: Float32Array | undefined;
function halfTable(): Float32Array {
  if (f16Table) return f16Table;
  f16Table = new Float32Array(65536);
  for (let h = 0; h < 65536; h++) f16Table[h] = halfBitsToNumber(h);
  return f16Table;
}

/** Exact value of an IEEE binary16 bit pattern. */
export function halfBitsToNumber(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * (1024 + frac) * 2 ** (exp - 25);
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** float32 → binary16 bits, round to nearest even, overflow to ±Infinity, NaN kept NaN. */
export function numberToHalfBits(x: number): number {
  f32[0] = x;
  const b = u32[0];
  const sign = (b >>> 16) & 0x8000;
  const exp = (b >>> 23) & 0xff;
  const mant = b & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  // Unbiased exponent re-biased for half: 127 - 15 = 112.
  const e = exp - 112;
  if (e >= 31) return sign | 0x7c00;
  if (e <= 0) {
    // Subnormal half (or zero): shift the full 24-bit significand into 10 bits.
    if (e < -10) return sign;
    const m = mant | 0x800000;
    const shift = 14 - e;
    const half = m >>> shift;
    const rest = m & ((1 << shift) - 1);
    const mid = 1 << (shift - 1);
    const up = rest > mid || (rest === mid && (half & 1) === 1);
    return sign | (half + (up ? 1 : 0));
  }
  let h = sign | (e << 10) | (mant >>> 13);
  const rest = mant & 0x1fff;
  // A carry out of the mantissa correctly bumps the exponent (and reaches Infinity at the top).
  if (rest > 0x1000 || (rest === 0x1000 && (h & 1) === 1)) h++;
  return h;
}

/** float32 → bfloat16 bits, round to nearest even, NaN kept NaN. */
export function numberToBf16Bits(x: number): number {
  f32[0] = x;
  const b = u32[0];
  if ((b & 0x7f800000) === 0x7f800000 && b & 0x7fffff) return ((b >>> 16) | 0x40) & 0xffff;
  return ((b + 0x7fff + ((b >>> 16) & 1)) >>> 16) & 0xffff;
}

function fp8e5m2(v: number): number {
  return halfBitsToNumber(v << 8);
}

function fp8e4m3(v: number): number {
  // The "fn" variant PyTorch stores: no infinities, only S.1111.111 is NaN.
  const sign = v & 0x80 ? -1 : 1;
  const exp = (v >> 3) & 0xf;
  const frac = v & 7;
  if (exp === 15 && frac === 7) return NaN;
  if (exp === 0) return sign * frac * 2 ** -9;
  return sign * (8 + frac) * 2 ** (exp - 10);
}

/**
 * Decodes `count` elements of `dtype` from little-endian bytes into float32. Integer types
 * are converted by value (64-bit ones lose precision above 2^24, as any float32 would).
 */
export function decodeToF32(bytes: Uint8Array, dtype: StDtype, count: number): Float32Array {
  const out = new Float32Array(count);
  // Copy once into an aligned buffer so typed-array views are legal whatever the offset.
  const n = count * DTYPE_BYTES[dtype];
  const buf = bytes.byteOffset % 8 === 0 ? bytes.buffer : bytes.slice(0, n).buffer;
  const off = bytes.byteOffset % 8 === 0 ? bytes.byteOffset : 0;
  switch (dtype) {
    case 'F32':
      out.set(new Float32Array(buf, off, count));
      break;
    case 'F16': {
      const t = halfTable();
      const src = new Uint16Array(buf, off, count);
      for (let i = 0; i < count; i++) out[i] = t[src[i]];
      break;
    }
    case 'BF16': {
      const src = new Uint16Array(buf, off, count);
      const dst = new Uint32Array(out.buffer);
      for (let i = 0; i < count; i++) dst[i] = src[i] << 16;
      break;
    }
    case 'F64':
      out.set(new Float64Array(buf, off, count));
      break;
    case 'BOOL':
    case 'U8':
      out.set(new Uint8Array(buf, off, count));
      break;
    case 'I8':
      out.set(new Int8Array(buf, off, count));
      break;
    case 'I16':
      out.set(new Int16Array(buf, off, count));
      break;
    case 'U16':
      out.set(new Uint16Array(buf, off, count));
      break;
    case 'I32':
      out.set(new Int32Array(buf, off, count));
      break;
    case 'U32':
      out.set(new Uint32Array(buf, off, count));
      break;
    case 'I64': {
      const src = new BigInt64Array(buf, off, count);
      for (let i = 0; i < count; i++) out[i] = Number(src[i]);
      break;
    }
    case 'U64': {
      const src = new BigUint64Array(buf, off, count);
      for (let i = 0; i < count; i++) out[i] = Number(src[i]);
      break;
    }
    case 'F8_E5M2': {
      const src = new Uint8Array(buf, off, count);
      for (let i = 0; i < count; i++) out[i] = fp8e5m2(src[i]);
      break;
    }
    case 'F8_E4M3': {
      const src = new Uint8Array(buf, off, count);
      for (let i = 0; i < count; i++) out[i] = fp8e4m3(src[i]);
      break;
    }
  }
  return out;
}

/** Encodes float32 values as little-endian bytes of a float dtype. */
export function encodeFromF32(data: Float32Array, dtype: StFloatDtype): Uint8Array {
  if (dtype === 'F32') return new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
  const out = new Uint16Array(data.length);
  const enc = dtype === 'F16' ? numberToHalfBits : numberToBf16Bits;
  for (let i = 0; i < data.length; i++) out[i] = enc(data[i]);
  return new Uint8Array(out.buffer);
}
