// Element types of the safetensors format and their conversion to and from float32.
// Everything here assumes a little-endian host (every browser and Node platform we run on);
// safetensors data is little-endian by definition.

import { f16BitsToF32 as halfBitsToNumber, f32ToF16Bits as numberToHalfBits, fromF16Bits } from '../gpu/dtype';

// The binary16 conversions live in gpu/dtype (one implementation for uploads, readbacks and
// checkpoints); re-exported under the names this module's callers use.
export { halfBitsToNumber, numberToHalfBits };

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

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

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
    case 'F16':
      fromF16Bits(new Uint16Array(buf, off, count), out);
      break;
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
