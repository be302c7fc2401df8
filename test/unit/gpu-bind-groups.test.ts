// Cache bookkeeping of the GPU runtime that needs no GPU: the bind-group index and the
// buffer pool's release queue. The device and buffers are plain stand-ins: only their
// identity matters to the code under test.
import { describe, expect, test } from 'vitest';
import { BindGroupCache } from '../../src/gpu/bind-groups';
import { BufferPool } from '../../src/gpu/buffer-pool';
import type { Kernel } from '../../src/gpu/pipeline-cache';

const device = { createBindGroup: () => ({}) } as unknown as GPUDevice;
const kernel = { label: 'k', layoutId: 1, layout: {} } as unknown as Kernel;
let nextBuffer = 0;
function buffer(size = 256): GPUBuffer {
  return { label: `b${nextBuffer++}`, size, usage: 1, destroy() {} } as unknown as GPUBuffer;
}

describe('BindGroupCache.forget', () => {
  test('drops the groups of a buffer and their keys from every other buffer', () => {
    const cache = new BindGroupCache(device);
    const weights = buffer();
    // One long-lived buffer bound with thousands of short-lived ones (temps of a step).
    for (let i = 0; i < 2000; i++) {
      const temp = buffer();
      cache.get(kernel, [
        { buffer: weights, offset: 0, size: 256 },
        { buffer: temp, offset: 0, size: 256 },
      ]);
      cache.forget(temp);
    }
    expect(cache.size).toBe(0);
    expect(cache.indexedKeys).toBe(0);
    const keep = buffer();
    const g = cache.get(kernel, [
      { buffer: weights, offset: 0, size: 256 },
      { buffer: keep, offset: 0, size: 256 },
    ]);
    expect(cache.get(kernel, [
      { buffer: weights, offset: 0, size: 256 },
      { buffer: keep, offset: 0, size: 256 },
    ])).toBe(g);
    expect(cache.indexedKeys).toBe(2);
    cache.forget(weights);
    expect(cache.size).toBe(0);
    expect(cache.indexedKeys).toBe(0);
  });
});

describe('BufferPool release queue', () => {
  test('many releases; double release detected whether pending or idle', () => {
    const pool = new BufferPool(
      (size) => buffer(size),
      () => {},
    );
    const bufs = Array.from({ length: 5000 }, () => pool.acquire(1000, 1, 't'));
    for (const b of bufs) pool.release(b);
    expect(() => pool.release(bufs[123])).toThrow(/released twice/);
    expect(pool.acquire(1000, 1, 't')).not.toBe(bufs[4999]); // not before a submit
    pool.submitted();
    expect(() => pool.release(bufs[0])).toThrow(/released twice/);
    const hits = pool.stats.hits;
    const again = pool.acquire(1000, 1, 't');
    expect(bufs).toContain(again);
    expect(pool.stats.hits).toBe(hits + 1);
  });

  test('a release held by a holder waits for both the next submit and holderDone', () => {
    const pool = new BufferPool(
      (size) => buffer(size),
      () => {},
    );
    const a = {};
    const b = pool.acquire(4096, 1, 'x');
    pool.release(b, [a]);
    pool.submitted();
    expect(pool.acquire(4096, 1, 'x')).not.toBe(b);
    pool.holderDone(a);
    expect(pool.acquire(4096, 1, 'x')).toBe(b);
  });
});
