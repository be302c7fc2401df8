// Non-finite guard: NaN, +Inf, −Inf counted per tensor in f32 and f16 (odd lengths, whose
// last word is half padding), finite extremes (FLT_MAX, denormals, −0) not counted, and
// tensors split across bindings. <1 s.
import { describe, expect, test } from 'vitest';
import { toF16Bits } from '../../src/gpu';
import { NonFiniteGuard, describeNonFinite } from '../../src/train/nonfinite';
import { createTestContext, getTestContext, randomArray } from '../helpers/gpu';

describe('non-finite guard', () => {
  test('counts NaN and ±Inf per tensor, ignores finite extremes', async () => {
    const ctx = await getTestContext();
    const clean = ctx.tensor([3, 5], 'f32', [3.4028234663852886e38, -3.4028234663852886e38, 1e-45, -0, 0, ...randomArray(10, 1, -1e30, 1e30)], 'clean');
    const dirty = randomArray(1000, 2);
    dirty[0] = NaN;
    dirty[517] = Infinity;
    dirty[999] = -Infinity;
    const bad = ctx.tensor([1000], 'f32', dirty, 'bad');
    const loss = ctx.tensor([1], 'f32', [NaN], 'loss');
    const guard = new NonFiniteGuard(ctx, [
      { name: 'clean', tensor: clean },
      { name: 'bad', tensor: bad },
      { name: 'loss', tensor: loss },
    ]);
    const rec = ctx.recorder();
    guard.record(rec);
    const flags = rec.read(guard.flags);
    rec.submit();
    const f = await flags;
    expect(Array.from(f)).toEqual([4, 0, 3, 1]);
    const report = guard.parse(f);
    expect(report).toEqual([{ name: 'bad', count: 3 }, { name: 'loss', count: 1 }]);
    expect(describeNonFinite(report)).toBe('NaN/Inf in "bad" (3 values), "loss" (1 value)');
    // The counters restart every time the guard is recorded.
    bad.write(randomArray(1000, 3));
    loss.write([1]);
    const rec2 = ctx.recorder();
    guard.record(rec2);
    const again = rec2.read(guard.flags);
    rec2.submit();
    expect(Array.from(await again)).toEqual([0, 0, 0, 0]);
    guard.destroy();
  });

  test('f16 tensors of odd length: the padding half is not read as a value', async () => {
    const ctx = await getTestContext();
    if (!ctx.features.f16) return;
    const h = ctx.tensor([7], 'f16', undefined, 'h');
    // 7 finite halves, then a NaN bit pattern in the padding half of the last word.
    const bits = new Uint16Array(8);
    bits.set(toF16Bits([1, 2, 65504, -65504, 0, 6e-8, 3]));
    bits[7] = 0x7e00;
    ctx.queue.writeBuffer(h.shards[0].buffer, 0, bits);
    const h2 = ctx.tensor([5], 'f16', [1, NaN, 2, Infinity, -Infinity], 'h2');
    const guard = new NonFiniteGuard(ctx, [{ name: 'h', tensor: h }, { name: 'h2', tensor: h2 }]);
    const rec = ctx.recorder();
    guard.record(rec);
    const flags = rec.read(guard.flags);
    rec.submit();
    expect(Array.from(await flags)).toEqual([3, 0, 3]);
    guard.destroy();
  });

  test('tensors split across bindings are checked shard by shard', async () => {
    const ctx = await createTestContext({ maxBindingBytes: 256 });
    const x = randomArray(40 * 7, 5);
    x[40 * 7 - 1] = NaN; // in the last shard
    x[8] = Infinity; // in the first
    const t = ctx.tensor([40, 7], 'f32', x, 'sharded');
    expect(t.shards.length).toBeGreaterThan(3);
    const guard = new NonFiniteGuard(ctx, [{ name: 'sharded', tensor: t }]);
    const rec = ctx.recorder();
    guard.record(rec);
    const flags = rec.read(guard.flags);
    rec.submit();
    expect(Array.from(await flags)).toEqual([2, 2]);
    expect(() => new NonFiniteGuard(ctx, [{ name: 'a', tensor: t }, { name: 'a', tensor: t }])).toThrow(/two tensors are named "a"/);
    ctx.destroy();
  });
});
