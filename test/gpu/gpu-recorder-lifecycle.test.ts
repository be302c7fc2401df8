// Recorder lifetimes: a recorder abandoned part-way frees what it holds and settles its
// reads; buffers freed while a recorder is open wait for that recorder's submit; a
// kernel that failed to compile is not cached. ~1 s on lavapipe.
import { describe, expect, test } from 'vitest';
import { ShaderError, params } from '../../src/gpu';
import { createTestContext, getTestContext } from '../helpers/gpu';

const COPY = /* wgsl */ `
struct P { n: u32 }
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;
@group(0) @binding(2) var<uniform> p: P;
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) g: vec3<u32>) {
  if (g.x < p.n) { y[g.x] = x[g.x]; }
}`;
const BINDINGS = ['read', 'write', 'uniform'] as const;

/** 'pending' if `p` has not settled within a few event-loop turns after the GPU is idle. */
async function settled<T>(p: Promise<T>, ctx: { sync(): Promise<void> }): Promise<'resolved' | 'rejected' | 'pending'> {
  const state = p.then(
    () => 'resolved' as const,
    () => 'rejected' as const,
  );
  await ctx.sync();
  return Promise.race([state, new Promise<'pending'>((r) => setTimeout(() => r('pending'), 200))]);
}

describe('Recorder.abandon', () => {
  test('ctx.run abandons when the recording throws: reads reject, staging returns, uploads freed', async () => {
    const ctx = await getTestContext();
    const t = ctx.tensor([64], 'f32', new Float32Array(64).fill(1));
    const stagingBefore = ctx.staging.stats.bytesInUse;
    let read: Promise<Float32Array> | undefined;
    const boom = new Error('shape error in a later dispatch');
    expect(() =>
      ctx.run((rec) => {
        rec.write(t, new Float32Array(64).fill(2));
        read = rec.read(t);
        throw boom;
      }),
    ).toThrow(boom);
    expect(await settled(read!, ctx)).toBe('rejected');
    await expect(read!).rejects.toThrow(/abandoned before submit: shape error/);
    expect(ctx.staging.stats.bytesInUse).toBe(stagingBefore);
    // The upload never landed: the tensor keeps its old contents.
    expect(Array.from(await t.read()).every((v) => v === 1)).toBe(true);
    t.destroy();
  });

  test('abandon() settles gpuTimeMs, closes the recorder and is idempotent', async () => {
    const ctx = await getTestContext();
    const t = ctx.tensor([16], 'f32');
    const rec = ctx.recorder({ label: 'given up', timestamps: true });
    const read = rec.read(t);
    rec.abandon();
    rec.abandon();
    expect(await settled(read, ctx)).toBe('rejected');
    await expect(read).rejects.toThrow(/"given up" was abandoned/);
    if (rec.hasTimestamps || ctx.features.timestampQuery) await expect(rec.gpuTimeMs()).rejects.toThrow(/abandoned|no timestamps/);
    expect(() => rec.clear(t)).toThrow(/already abandoned/);
    expect(() => rec.submit()).toThrow(/already abandoned/);
    t.destroy();
  });

  test('a submit refused because of an earlier GPU error frees the recorder and rejects its reads', async () => {
    const ctx = await createTestContext({});
    try {
      const t = ctx.tensor([16], 'f32');
      ctx.kernel({ label: 'broken', code: '@compute @workgroup_size(1) fn main() { let x: u32 = 1.5; }', bindings: [] });
      // Let the compile error arrive without draining it (checkErrors would throw it).
      await ctx.queue.onSubmittedWorkDone();
      await new Promise((r) => setTimeout(r, 50));
      const staging = ctx.staging.stats.bytesInUse;
      const rec = ctx.recorder('after error');
      const read = rec.read(t);
      expect(() => rec.submit()).toThrow(ShaderError);
      expect(await settled(read, { sync: () => ctx.queue.onSubmittedWorkDone() })).toBe('rejected');
      await expect(read).rejects.toThrow(/"after error" was abandoned before submit/);
      expect(ctx.staging.stats.bytesInUse).toBe(staging);
    } finally {
      ctx.destroy();
    }
  });
});

describe('buffer reuse with interleaved recorders', () => {
  test("a buffer freed while recorder A uses it waits for A's submit, not another recorder's", async () => {
    const ctx = await createTestContext({});
    try {
      const k = ctx.kernel({ label: 'copy', code: COPY, bindings: BINDINGS });
      const x = ctx.tensor([256], 'f32', new Float32Array(256).fill(5), 'x');
      const y = ctx.tensor([256], 'f32', undefined, 'y');
      const a = ctx.recorder('A');
      a.dispatch(k, [x, y, params().u32(256)], 4);
      const xBuffer = x.binding().buffer;
      x.destroy();
      ctx.run(() => {}, 'B'); // another recorder submits first
      await ctx.sync();
      const z = ctx.tensor([256], 'f32', new Float32Array(256).fill(9), 'z'); // queue write, lands before A
      expect(z.binding().buffer).not.toBe(xBuffer);
      a.submit();
      expect(Array.from(await y.read()).every((v) => v === 5)).toBe(true);
      // After A's submit the buffer is reusable again.
      const w = ctx.tensor([256], 'f32', undefined, 'w');
      expect(w.binding().buffer).toBe(xBuffer);
      for (const t of [y, z, w]) t.destroy();
    } finally {
      ctx.destroy();
    }
  });

  test('an open recorder that never used a buffer does not hold it; an abandoned one lets go', async () => {
    const ctx = await createTestContext({});
    try {
      const k = ctx.kernel({ label: 'copy', code: COPY, bindings: BINDINGS });
      const idle = ctx.recorder('open, unrelated');
      const x = ctx.tensor([512], 'f32', undefined, 'x');
      const xBuffer = x.binding().buffer;
      x.destroy();
      ctx.run(() => {});
      const again = ctx.tensor([512], 'f32');
      expect(again.binding().buffer).toBe(xBuffer);

      const y = ctx.tensor([512], 'f32');
      const rec = ctx.recorder('given up');
      rec.dispatch(k, [again, y, params().u32(512)], 8);
      again.destroy();
      ctx.run(() => {});
      expect(ctx.tensor([512], 'f32').binding().buffer).not.toBe(xBuffer);
      rec.abandon();
      expect(ctx.tensor([512], 'f32').binding().buffer).toBe(xBuffer);
      idle.abandon();
    } finally {
      ctx.destroy();
    }
  });
});

describe('pipeline cache', () => {
  test('a kept spec object finds its kernel by identity; an equal new object finds the same kernel', async () => {
    const ctx = await createTestContext({});
    try {
      // Counts reads of `bindings`: a lookup by key reads it, one by identity does not.
      let reads = 0;
      const spec = {
        label: 'copy kept',
        code: COPY,
        get bindings() {
          reads++;
          return BINDINGS;
        },
      };
      const k = ctx.kernel(spec);
      const { hits, misses } = ctx.pipelines.stats;
      const before = reads;
      expect(ctx.kernel(spec)).toBe(k);
      expect(reads).toBe(before);
      expect(ctx.kernel({ label: 'copy again', code: COPY, bindings: BINDINGS })).toBe(k);
      expect(ctx.pipelines.stats).toMatchObject({ hits: hits + 2, misses });
    } finally {
      ctx.destroy();
    }
  });

  test('a kernel that failed to compile is not cached: the next get compiles and reports again', async () => {
    const ctx = await createTestContext({});
    try {
      const bad = { label: 'broken twice', code: '@compute @workgroup_size(1) fn main() { let x: u32 = 1.5; }', bindings: [] };
      ctx.kernel(bad);
      await expect(ctx.sync()).rejects.toThrow(ShaderError);
      const misses = ctx.pipelines.stats.misses;
      ctx.kernel(bad);
      expect(ctx.pipelines.stats.misses).toBe(misses + 1);
      await expect(ctx.sync()).rejects.toThrow(/"broken twice" failed to compile/);
      // checkErrors alone (no submit) waits for the compile check too.
      ctx.kernel(bad);
      await expect(ctx.checkErrors()).rejects.toThrow(ShaderError);
      // A good kernel from a fresh source still works afterwards.
      const k = ctx.kernel({ label: 'copy', code: COPY, bindings: BINDINGS });
      const x = ctx.tensor([64], 'f32', new Float32Array(64).fill(3));
      const y = ctx.tensor([64], 'f32');
      ctx.run((rec) => rec.dispatch(k, [x, y, params().u32(64)], 1));
      expect(Array.from(await y.read()).every((v) => v === 3)).toBe(true);
    } finally {
      ctx.destroy();
    }
  });
});
