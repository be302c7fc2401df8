import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parseSafetensorsHeader, readSafetensors, SafetensorsError, writeSafetensors } from '../../src/model/safetensors';
import { halfBitsToNumber, numberToBf16Bits, numberToHalfBits } from '../../src/model/safetensors-dtype';

const fixture = (p: string): Uint8Array => new Uint8Array(readFileSync(new URL(`../fixtures/${p}`, import.meta.url)));

// Deterministic values spanning signs, magnitudes, subnormals and specials.
function sampleValues(): Float32Array {
  const v = [0, -0, 1, -1, 0.1, 1 / 3, 65504, 65520, 1e5, -1e-8, 6e-8, 2 ** -24, 2 ** -25, 3 * 2 ** -26, 1e-40, Infinity, -Infinity, NaN, 3.14159, -2.71828];
  let s = 12345;
  for (let i = 0; i < 200; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    v.push(((s / 2 ** 32) - 0.5) * 2 ** ((s % 40) - 20));
  }
  return new Float32Array(v);
}

describe('round trips', () => {
  test('F32 is exact, including specials', () => {
    const data = sampleValues();
    const file = writeSafetensors([{ name: 'a', shape: [data.length], dtype: 'F32', data }], { format: 'pt' });
    const back = readSafetensors(file, 'a.safetensors');
    expect(back.get('a')?.dtype).toBe('F32');
    expect(Array.from(back.get('a')!.data)).toEqual(Array.from(data));
    expect(parseSafetensorsHeader(file).metadata).toEqual({ format: 'pt' });
  });

  test('F16 rounds to nearest even and reads back the exact half value', () => {
    const data = sampleValues();
    const file = writeSafetensors([{ name: 'h', shape: [4, data.length / 4], dtype: 'F16', data }]);
    const back = readSafetensors(file).get('h')!;
    expect(back.shape).toEqual([4, data.length / 4]);
    for (let i = 0; i < data.length; i++) {
      const x = data[i];
      const y = back.data[i];
      if (Number.isNaN(x)) { expect(y).toBeNaN(); continue; }
      if (Math.abs(x) >= 65520) { expect(y).toBe(Math.sign(x) * Infinity); continue; }
      // The result must be the nearest representable half (ties to even), found by brute force.
      expect(y).toBe(nearestHalf(x));
    }
  });

  test('F16 known bit patterns', () => {
    expect(numberToHalfBits(1)).toBe(0x3c00);
    expect(numberToHalfBits(-2)).toBe(0xc000);
    expect(numberToHalfBits(65504)).toBe(0x7bff);
    expect(numberToHalfBits(2 ** -24)).toBe(0x0001);
    expect(numberToHalfBits(2 ** -25)).toBe(0x0000); // tie to even (0)
    expect(numberToHalfBits(3 * 2 ** -25)).toBe(0x0002); // tie 1.5 → 2
    expect(numberToHalfBits(1 + 2 ** -11)).toBe(0x3c00); // tie to even mantissa
    expect(numberToHalfBits(1 + 3 * 2 ** -11)).toBe(0x3c02);
    expect(halfBitsToNumber(0x7c00)).toBe(Infinity);
    expect(halfBitsToNumber(0x7e00)).toBeNaN();
  });

  test('BF16 rounds to nearest even', () => {
    expect(numberToBf16Bits(1)).toBe(0x3f80);
    expect(numberToBf16Bits(1 + 2 ** -8)).toBe(0x3f80); // exact tie → even
    expect(numberToBf16Bits(1 + 3 * 2 ** -8)).toBe(0x3f82); // tie → even (up)
    expect(numberToBf16Bits(1 + 2 ** -8 + 2 ** -20)).toBe(0x3f81);
    expect(numberToBf16Bits(NaN) & 0x7fc0).toBe(0x7fc0);
    const data = sampleValues();
    const back = readSafetensors(writeSafetensors([{ name: 'b', shape: [data.length], dtype: 'BF16', data }])).get('b')!;
    for (let i = 0; i < data.length; i++) {
      if (Number.isNaN(data[i])) { expect(back.data[i]).toBeNaN(); continue; }
      if (!Number.isFinite(data[i])) { expect(back.data[i]).toBe(data[i]); continue; }
      // The two bf16 neighbours of x are its truncation and the next value up in magnitude.
      const bits = new Uint32Array(new Float32Array([data[i]]).buffer)[0];
      const lo = new Float32Array(new Uint32Array([bits & 0xffff0000]).buffer)[0];
      const hi = new Float32Array(new Uint32Array([(bits & 0xffff0000) + 0x10000]).buffer)[0];
      const dl = Math.abs(data[i] - lo), dh = Math.abs(hi - data[i]);
      const want = dl < dh ? lo : dh < dl ? hi : ((bits >>> 16) & 1) === 0 ? lo : hi;
      expect(back.data[i]).toBe(want);
    }
  });

  test('mixed dtypes keep f32 data aligned and every tensor readable', () => {
    const a = new Float32Array([1, 2, 3]);
    const b = new Float32Array([0.5, -0.25, 8]);
    const file = writeSafetensors([
      { name: 'odd.f16', shape: [3], dtype: 'F16', data: b },
      { name: 'w', shape: [3, 1], dtype: 'F32', data: a },
      { name: 'empty', shape: [0, 4], dtype: 'F32', data: new Float32Array(0) },
    ]);
    const h = parseSafetensorsHeader(file);
    expect(h.dataOffset % 8).toBe(0);
    expect(h.tensors.get('w')!.begin % 4).toBe(0);
    const r = readSafetensors(file);
    expect(Array.from(r.get('w')!.data)).toEqual([1, 2, 3]);
    expect(Array.from(r.get('odd.f16')!.data)).toEqual([0.5, -0.25, 8]);
    expect(r.get('empty')!.shape).toEqual([0, 4]);
  });
});

// Nearest binary16 value to x (ties to the even bit pattern), by bisection over the
// positive bit patterns, which are ordered like their values.
function nearestHalf(x: number): number {
  const target = Math.abs(Math.fround(x));
  const sign = x < 0 || Object.is(x, -0) ? -1 : 1;
  let lo = 0;
  let hi = 0x7bff;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (halfBitsToNumber(mid) <= target) lo = mid;
    else hi = mid - 1;
  }
  const below = halfBitsToNumber(lo);
  const above = lo < 0x7bff ? halfBitsToNumber(lo + 1) : Infinity;
  const pick = target - below < above - target ? lo : target - below > above - target ? lo + 1 : lo % 2 === 0 ? lo : lo + 1;
  return sign * halfBitsToNumber(pick);
}

test('integer and other float dtypes are converted by value', () => {
  const parts: [string, string, number[], ArrayBufferView][] = [
    ['f64', 'F64', [2], new Float64Array([1.5, -1e300])],
    ['i64', 'I64', [3], new BigInt64Array([-3n, 0n, 2n ** 40n])],
    ['i32', 'I32', [2], new Int32Array([-7, 2 ** 31 - 1])],
    ['u16', 'U16', [1], new Uint16Array([65535])],
    ['i8', 'I8', [2], new Int8Array([-128, 5])],
    ['u8', 'U8', [2], new Uint8Array([0, 255])],
    ['bool', 'BOOL', [2], new Uint8Array([1, 0])],
    ['e5m2', 'F8_E5M2', [2], new Uint8Array([0x3c, 0xc0])],
    ['e4m3', 'F8_E4M3', [3], new Uint8Array([0x38, 0x7f, 0x01])],
  ];
  const header: Record<string, unknown> = {};
  let off = 0;
  for (const [name, dtype, shape, data] of parts) {
    header[name] = { dtype, shape, data_offsets: [off, off + data.byteLength] };
    off += data.byteLength;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const file = new Uint8Array(8 + json.length + off);
  new DataView(file.buffer).setBigUint64(0, BigInt(json.length), true);
  file.set(json, 8);
  let at = 8 + json.length;
  for (const [, , , data] of parts) {
    file.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), at);
    at += data.byteLength;
  }
  const r = readSafetensors(file);
  const get = (n: string) => Array.from(r.get(n)!.data);
  expect(get('f64')).toEqual([1.5, -Infinity]);
  expect(get('i64')).toEqual([-3, 0, 2 ** 40]);
  expect(get('i32')).toEqual([-7, 2 ** 31]);
  expect(get('u16')).toEqual([65535]);
  expect(get('i8')).toEqual([-128, 5]);
  expect(get('u8')).toEqual([0, 255]);
  expect(get('bool')).toEqual([1, 0]);
  expect(get('e5m2')).toEqual([1, -2]);
  expect(get('e4m3')[0]).toBe(1);
  expect(get('e4m3')[1]).toBeNaN();
  expect(get('e4m3')[2]).toBe(2 ** -9);
});

describe('golden fixtures parse with the right names and shapes', () => {
  test('llama: tied, no lm_head', () => {
    const t = readSafetensors(fixture('golden/llama/model.safetensors'), 'llama/model.safetensors');
    expect(t.get('model.embed_tokens.weight')?.shape).toEqual([320, 64]);
    expect(t.get('model.layers.1.self_attn.k_proj.weight')?.shape).toEqual([32, 64]);
    expect(t.get('model.layers.0.mlp.gate_proj.weight')?.shape).toEqual([160, 64]);
    expect(t.has('lm_head.weight')).toBe(false);
    expect(t.size).toBe(1 + 2 * 9 + 1);
  });
  test('qwen2: biases and lm_head', () => {
    const t = readSafetensors(fixture('golden/qwen2/model.safetensors'));
    expect(t.get('model.layers.0.self_attn.q_proj.bias')?.shape).toEqual([64]);
    expect(t.get('model.layers.0.self_attn.v_proj.bias')?.shape).toEqual([32]);
    expect(t.has('model.layers.0.self_attn.o_proj.bias')).toBe(false);
    expect(t.get('lm_head.weight')?.shape).toEqual([300, 64]);
  });
  test('qwen3: head_dim 32 projections and q/k norms', () => {
    const h = parseSafetensorsHeader(fixture('golden/qwen3/model.safetensors'));
    expect(h.metadata).toEqual({ format: 'pt' });
    expect(h.tensors.get('model.layers.0.self_attn.q_proj.weight')?.shape).toEqual([128, 64]);
    expect(h.tensors.get('model.layers.0.self_attn.o_proj.weight')?.shape).toEqual([64, 128]);
    expect(h.tensors.get('model.layers.1.self_attn.q_norm.weight')?.shape).toEqual([32]);
  });
});

describe('malformed files', () => {
  const good = (): Uint8Array => writeSafetensors([{ name: 'x', shape: [2, 2], dtype: 'F32', data: new Float32Array(4) }]);
  const withHeader = (header: unknown, dataBytes: number): Uint8Array => {
    const json = new TextEncoder().encode(JSON.stringify(header));
    const out = new Uint8Array(8 + json.length + dataBytes);
    new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
    out.set(json, 8);
    return out;
  };
  const cases: [string, () => Uint8Array, RegExp][] = [
    ['too short', () => new Uint8Array(5), /m\.st: file is 5 bytes, too short/],
    ['zero header length', () => new Uint8Array(16), /header length 0 is not plausible/],
    ['huge header length', () => { const b = good(); new DataView(b.buffer).setBigUint64(0, 2n ** 40n, true); return b; }, /header length 1099511627776 is not plausible/],
    ['header past end of file', () => { const b = good(); new DataView(b.buffer).setBigUint64(0, 1000n, true); return b; }, /header length 1000 runs past the end/],
    ['header not JSON', () => { const b = good(); b[9] = 0x7b; b[10] = 0x7b; return b; }, /header is not valid UTF-8 JSON/],
    ['header is an array', () => withHeader([1], 0), /header must be a JSON object/],
    ['unknown dtype', () => withHeader({ w: { dtype: 'F4', shape: [1], data_offsets: [0, 1] } }, 1), /m\.st, tensor "w": unknown dtype "F4"/],
    ['bad shape', () => withHeader({ w: { dtype: 'F32', shape: [-1], data_offsets: [0, 4] } }, 4), /tensor "w": shape \[-1\]/],
    ['bad offsets', () => withHeader({ w: { dtype: 'F32', shape: [1], data_offsets: [4, 0] } }, 4), /tensor "w": data_offsets \[4,0\]/],
    ['shape × dtype ≠ bytes', () => withHeader({ w: { dtype: 'F32', shape: [3], data_offsets: [0, 8] } }, 8), /tensor "w": shape \[3\] × F32 needs 12 bytes but data_offsets \[0, 8\] span 8/],
    ['overlap', () => withHeader({ a: { dtype: 'F32', shape: [4], data_offsets: [0, 16] }, b: { dtype: 'F32', shape: [1], data_offsets: [8, 12] } }, 16), /tensor "b": bytes \[8, 12\) overlap tensor "a"/],
    ['truncated data', () => withHeader({ a: { dtype: 'F32', shape: [4], data_offsets: [0, 16] } }, 12), /tensor "a": data ends at byte 16 .* only has 12 data bytes; the file is truncated/],
    ['metadata not strings', () => withHeader({ __metadata__: { n: 1 } }, 0), /__metadata__ value for "n" must be a string/],
  ];
  test.each(cases)('%s', (_n, make, msg) => {
    let err: unknown;
    try { readSafetensors(make(), 'm.st'); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(SafetensorsError);
    expect((err as Error).message).toMatch(msg);
    expect((err as SafetensorsError).file).toBe('m.st');
  });
  test('writer refuses mismatched data and repeated names', () => {
    expect(() => writeSafetensors([{ name: 'a', shape: [2], dtype: 'F32', data: new Float32Array(3) }])).toThrow(/shape \[2\] has 2 elements but data has 3/);
    const t = { name: 'a', shape: [1], dtype: 'F32' as const, data: new Float32Array(1) };
    expect(() => writeSafetensors([t, t])).toThrow(/"a" is reserved or repeated/);
  });
});
