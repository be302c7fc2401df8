// The runtime itself: device acquisition, typed errors, tensors and sharding, pools and
// caches, the recorder (uniform arenas, 2-D grids), timing, the per-kernel profile. ~3 s on lavapipe.
import { describe, expect, test } from 'vitest';
import {
  DeviceLostError,
  GpuLimitError,
  GpuValidationError,
  ShaderError,
  WGSL_LINEAR_GROUP,
  WebGpuUnavailableError,
  createGpuContext,
  formatProfile,
  gridFor,
  params,
  shardSegments,
  timeGpu,
  timePerCall,
} from '../../src/gpu';
import { createTestContext, getTestContext, randomArray } from '../helpers/gpu';

const ADD = /* wgsl */ `
struct P { n: u32, add: f32 }
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;
@group(0) @binding(2) var<uniform> p: P;
override WG: u32 = 64u;
@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) g: vec3<u32>) {
  if (g.x < p.n) { y[g.x] = x[g.x] + p.add; }
}
@compute @workgroup_size(64)
fn acc(@builtin(global_invocation_id) g: vec3<u32>) {
  if (g.x < p.n) { y[g.x] = y[g.x] + p.add; }
}`;
const BINDINGS = ['read', 'write', 'uniform'] as const;

describe('device', () => {
  test('requests the adapter limits, not the defaults', async () => {
    const ctx = await getTestContext();
    const gpuObj = (await import('../../src/host/node')).nodeGPU();
    const adapter = (await gpuObj.requestAdapter())!;
    expect(ctx.limits.maxComputeInvocationsPerWorkgroup).toBe(adapter.limits.maxComputeInvocationsPerWorkgroup);
    expect(ctx.limits.maxStorageBufferBindingSize).toBe(adapter.limits.maxStorageBufferBindingSize);
    expect(ctx.limits.maxBufferSize).toBe(adapter.limits.maxBufferSize);
    expect(ctx.adapter.summary.length).toBeGreaterThan(0);
    expect(ctx.features.f16).toBe(adapter.features.has('shader-f16'));
  });

  test('no navigator.gpu → WebGpuUnavailableError with advice', async () => {
    const err = await createGpuContext(undefined).catch((e) => e);
    expect(err).toBeInstanceOf(WebGpuUnavailableError);
    expect(err.reason).toBe('no-webgpu');
    expect(err.message).toMatch(/Chrome or Edge 113/);
    expect(err.message).toMatch(/chrome:\/\/flags\/#enable-unsafe-webgpu/);
  });

  test('no adapter → WebGpuUnavailableError(no-adapter)', async () => {
    const fake = { requestAdapter: async () => null } as unknown as GPU;
    const err = await createGpuContext(fake).catch((e) => e);
    expect(err).toBeInstanceOf(WebGpuUnavailableError);
    expect(err.reason).toBe('no-adapter');
    expect(err.message).toMatch(/driver/);
  });

  test('the host entry supplies the advice (the Node CLI must not get browser advice)', async () => {
    const fake = { requestAdapter: async () => null } as unknown as GPU;
    const err = await createGpuContext(fake, { advice: 'Run the setup script.' }).catch((e) => e);
    expect(err).toBeInstanceOf(WebGpuUnavailableError);
    expect(err.advice).toBe('Run the setup script.');
    expect(err.message).toBe('WebGPU is not available (no GPU adapter was found). Run the setup script.');
  });

  test('requestDevice failure → WebGpuUnavailableError(request-device-failed)', async () => {
    const adapter = {
      features: new Set<string>(),
      limits: {},
      info: {},
      requestDevice: async () => {
        throw new Error('device creation refused');
      },
    };
    const fake = { requestAdapter: async () => adapter } as unknown as GPU;
    const err = await createGpuContext(fake).catch((e) => e);
    expect(err).toBeInstanceOf(WebGpuUnavailableError);
    expect(err.reason).toBe('request-device-failed');
    expect(err.message).toMatch(/device creation refused/);
  });

  test('device loss surfaces as DeviceLostError, and later calls throw it', async () => {
    const ctx = await createTestContext({});
    ctx.destroy();
    const lost = await ctx.lost;
    expect(lost).toBeInstanceOf(DeviceLostError);
    expect(lost.reason).toBe('destroyed');
    expect(() => ctx.tensor([4], 'f32')).toThrow(DeviceLostError);
    expect(() => ctx.recorder()).toThrow(/device was lost/);
  });

  test('a readback in flight when the device goes away rejects with DeviceLostError', async () => {
    const ctx = await createTestContext({});
    const t = ctx.tensor([1024], 'f32', randomArray(1024));
    const rec = ctx.recorder();
    const pending = rec.read(t);
    rec.submit();
    ctx.destroy();
    const err = await pending.then(
      () => null,
      (e) => e,
    );
    expect(err).toBeInstanceOf(DeviceLostError);
    expect(err.message).toMatch(/reason: destroyed/);
  });

  test('disabled features are not granted and f16 tensors then fail clearly', async () => {
    const ctx = await createTestContext({ disableFeatures: ['shader-f16', 'timestamp-query'] });
    expect(ctx.features.f16).toBe(false);
    expect(ctx.features.timestampQuery).toBe(false);
    expect(() => ctx.tensor([4], 'f16')).toThrow(/shader-f16.*use f32/);
    const t = await timeGpu(ctx, () => {}, { reps: 1, warmup: 0 });
    expect(t.method).toBe('wall');
    ctx.destroy();
  });
});

describe('limit and shader errors', () => {
  test('a buffer beyond maxBufferSize → GpuLimitError naming the limit', async () => {
    const ctx = await getTestContext();
    const err = (() => {
      try {
        ctx.allocate(ctx.limits.maxBufferSize + 4, 'too big');
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(GpuLimitError);
    expect((err as Error).message).toMatch(/maxBufferSize/);
    expect((err as Error).message).toMatch(/too big/);
  });

  test('a row beyond one storage binding → GpuLimitError before any allocation', async () => {
    const ctx = await getTestContext();
    const misses = ctx.pool.stats.misses;
    const cols = ctx.maxBindingBytes / 4 + 1;
    expect(() => ctx.tensor([2, cols], 'f32', undefined, 'wide')).toThrow(GpuLimitError);
    expect(() => ctx.tensor([2, cols], 'f32', undefined, 'wide')).toThrow(/"wide".*maxStorageBufferBindingSize/);
    expect(ctx.pool.stats.misses).toBe(misses);
  });

  test('a dispatch beyond maxComputeWorkgroupsPerDimension → GpuLimitError', async () => {
    const ctx = await getTestContext();
    const k = ctx.kernel({ label: 'add', code: ADD, bindings: BINDINGS });
    const x = ctx.tensor([4], 'f32');
    const rec = ctx.recorder();
    const max = ctx.limits.maxComputeWorkgroupsPerDimension;
    expect(() => rec.dispatch(k, [x, x, params().u32(0).f32(0)], [max + 1, 1, 1])).toThrow(GpuLimitError);
    x.destroy();
  });

  test('bad WGSL → ShaderError, eagerly (kernelAsync) and deferred (kernel + sync)', async () => {
    const ctx = await getTestContext();
    const bad = { label: 'broken', code: '@compute @workgroup_size(1) fn main() { let x: u32 = 1.5; }', bindings: [] };
    const e1 = await ctx.kernelAsync(bad).catch((e) => e);
    expect(e1).toBeInstanceOf(ShaderError);
    expect(e1.message).toMatch(/broken/);
    const bad2 = { ...bad, code: bad.code + '\n// variant 2' };
    ctx.kernel(bad2);
    const e2 = await ctx.sync().catch((e) => e);
    expect(e2).toBeInstanceOf(ShaderError);
    // Errors are reported once; the context stays usable.
    await expect(ctx.sync()).resolves.toBeUndefined();
  });

  test('a GPU validation error surfaces as GpuValidationError from sync()', async () => {
    const ctx = await getTestContext();
    const k = ctx.kernel({ label: 'add', code: ADD, bindings: BINDINGS });
    const x = ctx.tensor([64], 'f32');
    // The same buffer as read-only and read-write storage in one dispatch is invalid.
    ctx.run((rec) => rec.dispatch(k, [x, x, params().u32(64).f32(1)], 1), 'aliased');
    const err = await ctx.sync().catch((e) => e);
    expect(err).toBeInstanceOf(GpuValidationError);
    expect(err.message).toMatch(/GPU validation error in recorder "aliased"/);
    await expect(ctx.sync()).resolves.toBeUndefined();
    x.destroy();
  });

  test('wrong binding count and use after destroy are clear errors', async () => {
    const ctx = await getTestContext();
    const k = ctx.kernel({ label: 'add', code: ADD, bindings: BINDINGS });
    const x = ctx.tensor([4], 'f32');
    expect(() => ctx.recorder().dispatch(k, [x], 1)).toThrow(/takes 3 bindings, got 1/);
    x.destroy();
    expect(() => x.write([1, 2, 3, 4])).toThrow(/used after destroy/);
  });
});

describe('tensors', () => {
  test('f32, i32, u32 and f16 (odd length) round trips', async () => {
    const ctx = await getTestContext();
    const data = randomArray(7, 3);
    expect(Array.from(await ctx.tensor([7], 'f32', data).read())).toEqual(Array.from(data));
    expect(Array.from(await ctx.tensor([3], 'i32', [-5, 0, 2 ** 31 - 1]).read())).toEqual([-5, 0, 2 ** 31 - 1]);
    expect(Array.from(await ctx.tensor([2], 'u32', [0, 2 ** 32 - 1]).read())).toEqual([0, 2 ** 32 - 1]);
    if (ctx.features.f16) {
      const h = await ctx.tensor([7], 'f16', [1, -2, 0.5, 65504, 1e-7, 3.14159, -0]).read();
      expect(Array.from(h)).toEqual([1, -2, 0.5, 65504, 1.1920928955078125e-7, 3.140625, -0]);
    }
  });

  test('Recorder.write lands in recording order; Tensor.write lands before the submit', async () => {
    const ctx = await getTestContext();
    const x = ctx.tensor([4], 'f32', [1, 1, 1, 1]);
    const before = ctx.tensor([4], 'f32');
    const after = ctx.tensor([4], 'f32');
    let rec = ctx.recorder();
    rec.copy(x, before);
    rec.write(x, [2, 2, 2, 2]);
    rec.copy(x, after);
    rec.submit();
    expect(Array.from(await before.read())).toEqual([1, 1, 1, 1]);
    expect(Array.from(await after.read())).toEqual([2, 2, 2, 2]);
    rec = ctx.recorder();
    rec.copy(x, before);
    x.write([3, 3, 3, 3]); // queue write: runs before this recorder's commands
    rec.submit();
    expect(Array.from(await before.read())).toEqual([3, 3, 3, 3]);
    for (const t of [x, before, after]) t.destroy();
  });

  test('row-range reads and writes', async () => {
    const ctx = await getTestContext();
    const t = ctx.tensor([5, 3], 'f32', randomArray(15, 4));
    t.write([9, 9, 9, 8, 8, 8], 2);
    const rows = await t.read({ rowStart: 2, rows: 2 });
    expect(Array.from(rows)).toEqual([9, 9, 9, 8, 8, 8]);
    expect(() => t.write([1, 2], 0)).toThrow(/whole number of rows/);
    expect(() => t.read({ rowStart: 4, rows: 2 })).toThrow(/outside/);
  });

  test('element-range reads: part of a 1-D tensor, odd f16 offsets, across shards', async () => {
    const ctx = await getTestContext();
    const data = randomArray(1000, 8);
    const v = ctx.tensor([1000], 'f32', data);
    expect(Array.from(await v.read({ start: 997, count: 3 }))).toEqual(Array.from(data.subarray(997)));
    expect(Array.from(await v.read({ start: 5, count: 0 }))).toEqual([]);
    expect(() => v.read({ start: 999, count: 2 })).toThrow(/elements \[999, 1001\) outside/);
    if (ctx.features.f16) {
      const h = ctx.tensor([9], 'f16', [1, 2, 3, 4, 5, 6, 7, 8, 9]);
      expect(Array.from(await h.read({ start: 3, count: 3 }))).toEqual([4, 5, 6]);
      expect(Array.from(await h.read({ start: 8, count: 1 }))).toEqual([9]);
    }
    const small = await createTestContext({ maxBindingBytes: 256 });
    const s = small.tensor([40, 7], 'f32', data.subarray(0, 280));
    expect(s.isSharded).toBe(true);
    expect(Array.from(await s.read({ start: 60, count: 100 }))).toEqual(Array.from(data.subarray(60, 160)));
    small.destroy();
    v.destroy();
  });

  test('tensors larger than one binding are split along rows and round-trip', async () => {
    const ctx = await createTestContext({ maxBindingBytes: 1024 });
    const data = randomArray(37 * 61, 5);
    const t = ctx.tensor([37, 61], 'f32', data, 'big');
    expect(t.isSharded).toBe(true);
    expect(t.shards.map((s) => s.rows)).toEqual([...Array(9).fill(4), 1]);
    for (const s of t.shards) expect(s.size).toBeLessThanOrEqual(1024);
    expect(() => t.binding()).toThrow(/split into 10 shards/);
    expect(Array.from(await t.read())).toEqual(Array.from(data));
    const part = await t.read({ rowStart: 3, rows: 6 });
    expect(Array.from(part)).toEqual(Array.from(data.subarray(3 * 61, 9 * 61)));
    t.write(new Float32Array(5 * 61).fill(7), 6);
    const rec = ctx.recorder();
    rec.write(t, new Float32Array(2 * 61).fill(-3), 35); // crosses the shard boundary at row 36
    rec.write(t, new Float32Array(3 * 61).fill(-4), 2); // crosses the shard boundary at row 4
    rec.submit();
    const after = await t.read();
    expect(after[35 * 61]).toBe(-3);
    expect(after[37 * 61 - 1]).toBe(-3);
    expect(Array.from(after.subarray(2 * 61, 5 * 61)).every((v) => v === -4)).toBe(true);
    expect(after[5 * 61]).toBe(data[5 * 61]);
    expect(after[6 * 61]).toBe(7);
    expect(after[11 * 61 - 1]).toBe(7);
    expect(after[11 * 61]).toBe(data[11 * 61]);
    ctx.destroy();
  });

  test('f16 tensors shard with different boundaries; shardSegments aligns them; copy and clear cross shards', async () => {
    const ctx = await createTestContext({ maxBindingBytes: 512 });
    const data = randomArray(20 * 24, 6);
    const a = ctx.tensor([20, 24], 'f32', data);
    const b = ctx.tensor([20, 24], 'f32');
    const segs = shardSegments([a, b]);
    expect(segs.length).toBe(a.shards.length);
    ctx.run((rec) => rec.copy(a, b));
    expect(Array.from(await b.read())).toEqual(Array.from(data));
    ctx.run((rec) => rec.clear(b));
    expect((await b.read()).every((v) => v === 0)).toBe(true);
    if (ctx.features.f16) {
      const h = ctx.tensor([20, 24], 'f16');
      expect(h.shards.length).toBeLessThan(a.shards.length);
      const mixed = shardSegments([a, h]);
      for (const s of mixed) {
        for (const p of s.parts) expect(p.rowOffset + s.rows).toBeLessThanOrEqual(p.shard.rows);
      }
      expect(mixed.reduce((n, s) => n + s.rows, 0)).toBe(20);
    }
    ctx.destroy();
  });
});

describe('pools and caches', () => {
  test('buffer pool reuses a released buffer of the same size class, after the next submit', async () => {
    const ctx = await getTestContext();
    const a = ctx.tensor([1000], 'f32');
    const buf = a.binding().buffer;
    a.destroy();
    // Not before a submit: recorded work may still use it.
    const early = ctx.tensor([1000], 'f32');
    expect(early.binding().buffer).not.toBe(buf);
    ctx.run(() => {});
    const hits = ctx.pool.stats.hits;
    const b = ctx.tensor([990], 'f32');
    expect(b.binding().buffer).toBe(buf);
    expect(ctx.pool.stats.hits).toBe(hits + 1);
    expect(() => b.destroy()).not.toThrow();
    expect(() => ctx.pool.release(buf)).toThrow(/released twice/);
    early.destroy();
  });

  test('readback staging buffers are reused', async () => {
    const ctx = await getTestContext();
    const t = ctx.tensor([300], 'f32', randomArray(300, 9));
    await t.read();
    const misses = ctx.staging.stats.misses;
    for (let i = 0; i < 20; i++) await t.read();
    expect(ctx.staging.stats.misses - misses).toBeLessThanOrEqual(1);
    t.destroy();
  });

  test('destroying a tensor mid-recording cannot corrupt the recorded work', async () => {
    const ctx = await getTestContext();
    const x = ctx.tensor([256], 'f32', new Float32Array(256).fill(5));
    const y = ctx.tensor([256], 'f32');
    const rec = ctx.recorder();
    rec.copy(x, y);
    x.destroy();
    const z = ctx.tensor([256], 'f32', new Float32Array(256).fill(9)); // queue write, lands first
    rec.submit();
    expect((await y.read()).every((v) => v === 5)).toBe(true);
    y.destroy();
    z.destroy();
  });

  test('pipeline cache: same spec hits; new constants compile a new pipeline, not a new module', async () => {
    const ctx = await getTestContext();
    const spec = { label: 'add', code: ADD, bindings: BINDINGS, constants: { WG: 32 } };
    const k1 = ctx.kernel(spec);
    const { hits, misses, modules } = ctx.pipelines.stats;
    const k2 = ctx.kernel({ ...spec });
    expect(k2).toBe(k1);
    expect(ctx.pipelines.stats.hits).toBe(hits + 1);
    const k3 = ctx.kernel({ ...spec, constants: { WG: 128 } });
    expect(k3).not.toBe(k1);
    expect(ctx.pipelines.stats.misses).toBe(misses + 1);
    expect(ctx.pipelines.stats.modules).toBe(modules);
    expect(k3.layoutId).toBe(k1.layoutId);
  });

  test('bind groups are reused across recorders; many dispatches overflow into several uniform arenas', async () => {
    const ctx = await getTestContext();
    const init = ctx.kernel({ label: 'add', code: ADD, bindings: BINDINGS });
    const acc = ctx.kernel({ label: 'acc', code: ADD, entryPoint: 'acc', bindings: BINDINGS });
    const n = 50;
    const x = ctx.tensor([n], 'f32', randomArray(n, 7));
    const y = ctx.tensor([n], 'f32');
    const steps = 600; // > 256 slots of one 64 KiB arena
    const record = () => {
      const rec = ctx.recorder();
      rec.dispatch(init, [x, y, params().u32(n).f32(0)], 1);
      for (let i = 1; i <= steps; i++) rec.dispatch(acc, [x, y, params().u32(n).f32(i)], 1);
      const out = rec.read(y);
      rec.submit();
      return out;
    };
    const first = await record();
    const misses = ctx.bindGroups.stats.misses;
    const second = await record();
    expect(ctx.bindGroups.stats.misses).toBe(misses);
    const xs = await x.read();
    const want = (steps * (steps + 1)) / 2;
    for (let i = 0; i < n; i++) {
      expect(first[i]).toBeCloseTo(xs[i] + want, 1);
      expect(second[i]).toBe(first[i]);
    }
  });
});

describe('dispatch grid and timing', () => {
  test('gridFor stays within the per-dimension limit and covers the count', () => {
    for (const [groups, max] of [
      [1, 65535],
      [65535, 65535],
      [65536, 65535],
      [1_000_003, 65535],
      [10, 3],
      [27, 3],
    ]) {
      const [x, y, z] = gridFor(groups, max);
      expect(Math.max(x, y, z)).toBeLessThanOrEqual(max);
      expect(x * y * z).toBeGreaterThanOrEqual(groups);
      expect(x * y * z - groups).toBeLessThan(x * y);
    }
    expect(() => gridFor(28, 3)).toThrow(GpuLimitError);
  });

  test('a 2-D grid past 65535 workgroups visits every linear group exactly once', async () => {
    const ctx = await getTestContext();
    const groups = 70_001;
    const code = /* wgsl */ `
      ${WGSL_LINEAR_GROUP}
      struct P { groups: u32 }
      @group(0) @binding(0) var<storage, read_write> hits: array<atomic<u32>>;
      @group(0) @binding(1) var<uniform> p: P;
      @compute @workgroup_size(1)
      fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
        let g = linear_group(wid, nwg);
        if (g < p.groups) { atomicAdd(&hits[g], 1u); }
      }`;
    const k = ctx.kernel({ label: 'grid', code, bindings: ['write', 'uniform'] });
    const hits = ctx.tensor([groups], 'u32');
    const grid = ctx.grid(groups);
    expect(grid[1]).toBeGreaterThan(1);
    const out = ctx.run((rec) => {
      rec.clear(hits);
      rec.dispatch(k, [hits, params().u32(groups)], grid);
    });
    expect(out.dispatches).toBe(1);
    const got = await hits.read();
    expect(got.every((v) => v === 1)).toBe(true);
    hits.destroy();
  });

  test('timeGpu reports timestamp time where granted, wall time on request', async () => {
    const ctx = await getTestContext();
    const k = ctx.kernel({ label: 'add', code: ADD, bindings: BINDINGS });
    const n = 1 << 16;
    const x = ctx.tensor([n], 'f32');
    const y = ctx.tensor([n], 'f32');
    const body = (rec: import('../../src/gpu').Recorder) => {
      for (let i = 0; i < 4; i++) rec.dispatch(k, [x, y, params().u32(n).f32(1)], n / 64);
    };
    const t = await timeGpu(ctx, body, { reps: 3 });
    expect(t.method).toBe(ctx.features.timestampQuery ? 'timestamp' : 'wall');
    expect(t.samples).toHaveLength(3);
    expect(t.ms).toBeGreaterThan(0);
    const w = await timeGpu(ctx, body, { reps: 2, method: 'wall' });
    expect(w.method).toBe('wall');
    expect(w.ms).toBeGreaterThan(0);
    // Several passes (a copy splits them): first pass start to last pass end, no errors.
    const z = ctx.tensor([n], 'f32');
    const multi = await timeGpu(ctx, (rec) => {
      body(rec);
      rec.copy(y, z);
      body(rec);
    }, { reps: 2 });
    expect(multi.ms).toBeGreaterThan(0);
    await expect(ctx.sync()).resolves.toBeUndefined();
    for (const t of [x, y, z]) t.destroy();
  });

  test('timePerCall repeats a short call inside one submission until the whole is long enough to time', async () => {
    const ctx = await getTestContext();
    const k = ctx.kernel({ label: 'acc', code: ADD, entryPoint: 'acc', bindings: BINDINGS });
    const n = 1 << 10;
    const x = ctx.tensor([n], 'f32', new Float32Array(n).fill(1));
    const y = ctx.tensor([n], 'f32', new Float32Array(n));
    let recorded = 0;
    const call = (rec: import('../../src/gpu').Recorder) => {
      recorded++;
      rec.dispatch(k, [x, y, params().u32(n).f32(1)], n / 64);
    };
    const one = await timeGpu(ctx, call, { reps: 1, warmup: 0 });
    expect(one.ms).toBeLessThan(20);
    // 100 ms: hundreds of these dispatches even on a loaded software GPU (a threshold relative to
    // `one` was flaky: a busy CI machine can stretch a single timed call past it)
    const minMs = 100;
    const maxCalls = 8192;
    const t = await timePerCall(ctx, call, { reps: 2, minMs, maxCalls });
    expect(t.calls).toBeGreaterThan(1);
    expect(t.ms).toBeGreaterThan(0);
    // the returned time is per call: the submissions it measured took at least minMs (or hit the cap)
    expect(t.ms * t.calls >= minMs || t.calls === maxCalls).toBe(true);
    expect(t.samples).toHaveLength(2);
    expect(recorded).toBeGreaterThanOrEqual(1 + 2 * t.calls);
    // every call ran (the single one above included): y = the dispatches recorded since it was zero
    const got = await y.read();
    expect(got[0]).toBe(recorded);
    expect(got.every((v) => v === got[0])).toBe(true);
    x.destroy();
    y.destroy();
  });

  test('a profile times every dispatch of the recorders made while it is open, by kernel', async () => {
    const ctx = await getTestContext();
    const add = ctx.kernel({ label: 'profile add', code: ADD, entryPoint: 'main', bindings: BINDINGS });
    const acc = ctx.kernel({ label: 'profile acc', code: ADD, entryPoint: 'acc', bindings: BINDINGS });
    const n = 1 << 10;
    const x = ctx.tensor([n], 'f32', new Float32Array(n).fill(1));
    const y = ctx.tensor([n], 'f32', new Float32Array(n));
    const p = (v: number) => params().u32(n).f32(v);
    await expect(ctx.stopProfile()).rejects.toThrow(/no profile is open/);
    ctx.startProfile();
    expect(() => ctx.startProfile()).toThrow(/already open/);
    // y = x + 1, then +1 three times around a readback of y (which ends the compute pass)
    let mid!: Promise<Float32Array>;
    ctx.run((rec) => {
      rec.dispatch(add, [x, y, p(1)], n / 64);
      rec.dispatch(acc, [x, y, p(1)], n / 64);
      mid = rec.read(y, { start: 0, count: 1 });
      rec.dispatch(acc, [x, y, p(1)], n / 64);
      rec.dispatch(acc, [x, y, p(1)], n / 64);
    });
    // more dispatches than one query set holds (2,048)
    const many = 2100;
    ctx.run((rec) => {
      for (let i = 0; i < many; i++) rec.dispatch(acc, [x, y, p(1)], n / 64);
    });
    // never submitted: not in the profile
    const dropped = ctx.recorder('dropped');
    dropped.dispatch(acc, [x, y, p(1000)], n / 64);
    dropped.abandon();
    // timed as a whole: keeps its single pass, not profiled
    await timeGpu(ctx, (rec) => rec.dispatch(acc, [x, y, p(0)], n / 64), { reps: 1, warmup: 0 });
    const profile = await ctx.stopProfile();
    const got = await y.read();
    expect(got[0]).toBe(1 + 1 + 3 + many);
    if (!ctx.features.timestampQuery) {
      expect(profile.untimed).toBe(4 + many);
      expect(profile.dispatches).toBe(0);
    } else {
      expect(profile.untimed).toBe(0);
      expect(profile.dispatches).toBe(4 + many);
      const byLabel = new Map(profile.kernels.map((k) => [k.label, k]));
      // (the pipeline cache keeps the label a kernel was first made with)
      expect(byLabel.get(acc.label)?.calls).toBe(3 + many);
      expect(byLabel.get(add.label)?.calls).toBe(1);
      expect(profile.kernels).toHaveLength(2);
      // sorted by time, and the total is their sum
      expect(profile.kernels[0].label).toBe(acc.label);
      expect(profile.gpuMs).toBeCloseTo(profile.kernels.reduce((a, k) => a + k.ms, 0), 9);
      expect(profile.gpuMs).toBeGreaterThan(0);
      const text = formatProfile(profile, 1, 1000);
      expect(text[0]).toMatch(/^GPU [\d.]+ ms in 2104 dispatches of 1000\.0 ms wall \(GPU busy [\d.]+ %\)$/);
      expect(text[1]).toMatch(/ms .* 2103 × {2}/);
      expect(text[1].endsWith(acc.label)).toBe(true);
      expect(text[2]).toMatch(/1 × {2}\(1 other kernels\)$/);
    }
    expect((await mid)[0]).toBe(3);
    // closed: later recorders are not profiled, and a new profile starts empty
    ctx.run((rec) => rec.dispatch(acc, [x, y, p(1)], n / 64));
    ctx.startProfile();
    expect((await ctx.stopProfile()).dispatches).toBe(0);
    // ctx.profile(work): the work's result and its profile; a failing work drops the profile
    const wrapped = await ctx.profile(async () => {
      ctx.run((rec) => rec.dispatch(acc, [x, y, p(1)], n / 64));
      return 'done';
    });
    expect(wrapped.result).toBe('done');
    expect(wrapped.profile.dispatches + wrapped.profile.untimed).toBe(1);
    await expect(ctx.profile(async () => Promise.reject(new Error('work failed')))).rejects.toThrow('work failed');
    ctx.startProfile(); // not "already open": the failed work's profile was dropped
    await ctx.stopProfile();
    x.destroy();
    y.destroy();
  });
});
