// The GPU runtime's pure parts, without a device: size classes, shard plans, dispatch
// grids, f16 conversion, uniform packing. ~0.2 s.
import { describe, expect, test } from 'vitest';
import { sizeClass } from '../../src/gpu/buffer-pool';
import { f16BitsToF32, f32ToF16Bits, fromF16Bits, toF16Bits } from '../../src/gpu/dtype';
import { GpuLimitError } from '../../src/gpu/errors';
import { planShards } from '../../src/gpu/tensor';
import { UNIFORM_SLOT_BYTES, params } from '../../src/gpu/uniforms';
import { gridFor } from '../../src/gpu/workgroups';
import { refRoundToF16 } from '../../src/reference/cast';

describe('buffer size classes', () => {
  test('cover the request, waste at most 25% (plus alignment), are 256-byte multiples', () => {
    for (let bytes = 1; bytes < 1 << 26; bytes = Math.ceil(bytes * 1.37) + 1) {
      const c = sizeClass(bytes);
      expect(c).toBeGreaterThanOrEqual(bytes);
      expect(c % 256).toBe(0);
      expect(c).toBeLessThanOrEqual(Math.max(256, bytes * 1.25 + 256));
    }
    // Few distinct classes, so released buffers actually get reused.
    const classes = new Set(Array.from({ length: 4096 }, (_, i) => sizeClass(1_000_000 + i * 97)));
    expect(classes.size).toBeLessThanOrEqual(3);
  });
});

describe('shard plans', () => {
  test('split along rows within the binding limit, covering every row once', () => {
    const plan = planShards(151936, 896 * 4, 128 * 2 ** 20, 'embed', [151936, 896]);
    expect(plan.length).toBe(Math.ceil((151936 * 896 * 4) / (Math.floor((128 * 2 ** 20) / (896 * 4)) * 896 * 4)));
    let next = 0;
    for (const p of plan) {
      expect(p.rowStart).toBe(next);
      expect(p.bytes).toBeLessThanOrEqual(128 * 2 ** 20);
      next += p.rows;
    }
    expect(next).toBe(151936);
  });

  test('one shard when it fits; a row wider than a binding is a GpuLimitError', () => {
    expect(planShards(10, 40, 1024, 't', [10, 10])).toEqual([{ rowStart: 0, rows: 10, bytes: 400 }]);
    expect(() => planShards(2, 2048, 1024, 'wide', [2, 512])).toThrow(GpuLimitError);
  });
});

describe('dispatch grids', () => {
  test('never exceed the per-dimension limit and cover the count with < one row of waste', () => {
    for (const max of [3, 7, 65535]) {
      for (const groups of [0, 1, max - 1, max, max + 1, 2 * max + 1, max * max, max * max + 1]) {
        const [x, y, z] = gridFor(groups, max);
        expect(Math.max(x, y, z)).toBeLessThanOrEqual(max);
        expect(x * y * z).toBeGreaterThanOrEqual(groups);
        if (groups > 0) expect(x * y * z - groups).toBeLessThan(x * y);
      }
    }
    expect(() => gridFor(65535 ** 3 + 1, 65535)).toThrow(GpuLimitError);
  });
});

describe('f16 conversion', () => {
  test('every finite f16 value round-trips exactly', () => {
    const bad: number[] = [];
    for (let h = 0; h < 0x10000; h++) {
      if (((h >> 10) & 0x1f) !== 0x1f && f32ToF16Bits(f16BitsToF32(h)) !== h) bad.push(h);
    }
    expect(bad).toEqual([]);
  });

  test('rounding matches the independent float64 reference, ties to even, overflow to Inf', () => {
    const xs = new Float32Array(20000);
    for (let i = 0; i < xs.length; i++) xs[i] = (Math.sin(i * 12.9898) * 43758.5453) % 1 * 2 ** ((i % 40) - 25);
    const bad = Array.from(xs).filter((x) => f16BitsToF32(f32ToF16Bits(x)) !== refRoundToF16(x));
    expect(bad).toEqual([]);
    expect(f16BitsToF32(f32ToF16Bits(1 + 2 ** -11))).toBe(1); // tie → even
    expect(f16BitsToF32(f32ToF16Bits(1 + 3 * 2 ** -11))).toBe(1 + 2 ** -9);
    expect(f16BitsToF32(f32ToF16Bits(70000))).toBe(Infinity);
    expect(Number.isNaN(f16BitsToF32(f32ToF16Bits(NaN)))).toBe(true);
    expect(Array.from(fromF16Bits(toF16Bits([0.5, -2])))).toEqual([0.5, -2]);
  });
});

describe('uniform params', () => {
  test('pack 4-byte scalars in order, padded to 16, and refuse bad values', () => {
    const b = params().u32(7).i32(-3).f32(0.5).bytes();
    expect(b.byteLength).toBe(16);
    const v = new DataView(b.buffer, b.byteOffset);
    expect([v.getUint32(0, true), v.getInt32(4, true), v.getFloat32(8, true)]).toEqual([7, -3, 0.5]);
    const big = params();
    for (let i = 0; i < UNIFORM_SLOT_BYTES / 4; i++) big.u32(i);
    // Values written before and after the internal buffer grows both survive.
    expect(new DataView(big.bytes().buffer).getUint32(4 * 15, true)).toBe(15);
    expect(new DataView(big.bytes().buffer).getUint32(4 * 16, true)).toBe(16);
    expect(big.bytes().byteLength).toBe(UNIFORM_SLOT_BYTES);
    expect(new DataView(big.bytes().buffer).getUint32(4 * 63, true)).toBe(63);
    expect(() => big.u32(1)).toThrow(/more than 256 bytes/);
    expect(() => params().u32(-1)).toThrow(RangeError);
    expect(() => params().u32(1.5)).toThrow(RangeError);
  });
});
