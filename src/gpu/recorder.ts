// Records many dispatches into ONE command encoder and submits them at once. Dispatches
// share one compute pass until a copy or readback needs the encoder (WebGPU orders
// storage writes between dispatches in a pass). Per-dispatch parameters go into 256-byte
// slots of shared uniform arenas, bound with dynamic offsets, written with one
// writeBuffer per arena right before the submit.
import type { GpuContext } from './context';
import type { BufferRange } from './bind-groups';
import { type DType, type HostArray, bytesPerElement, fromF16Bits } from './dtype';
import { GpuLimitError } from './errors';
import type { Kernel } from './pipeline-cache';
import type { DispatchTime, GpuProfiler } from './profiler';
import { Params, UNIFORM_SLOT_BYTES } from './uniforms';
import { type ElementRange, type ReadRange, type RowRange, Tensor, type TensorData, type TensorShard, shardSegments } from './tensor';
import type { Grid } from './workgroups';
import { messageOf } from '../util/errors';

/** Timestamp queries per profile query set (WebGPU's maximum set size): 2 per dispatch. */
const PROFILE_QUERIES = 4096;

/** What a storage binding accepts: an unsharded tensor, one shard, or a raw buffer (range). */
export type StorageArg = Tensor | TensorShard | GPUBufferBinding | GPUBuffer;
/** What a uniform binding accepts. */
export type UniformArg = Params | Uint8Array;
export type BindArg = StorageArg | UniformArg;

export interface RecorderOptions {
  label?: string;
  /** Measure GPU time with timestamp queries (if granted); see gpuTimeMs(). */
  timestamps?: boolean;
}

interface PendingRead {
  staging: GPUBuffer;
  pieces: { stagingOffset: number; lead: number; bytes: number }[];
  bytes: number;
  dtype: DType;
  resolve: (v: HostArray) => void;
  reject: (e: unknown) => void;
  promise: Promise<HostArray>;
}

export class Recorder {
  readonly label: string;
  private encoder: GPUCommandEncoder;
  private pass: GPUComputePassEncoder | null = null;
  /** The pipeline last set in the open pass (a new pass starts with none). */
  private passPipeline: GPUComputePipeline | null = null;
  private passes = 0;
  private arenas: Uint8Array[] = [];
  private arenaUsed = 0;
  private reads: PendingRead[] = [];
  private uploads: GPUBuffer[] = [];
  private state: 'open' | 'submitted' | 'abandoned' = 'open';
  private querySet: GPUQuerySet | null = null;
  private timeResult: Promise<number> | null = null;
  private timeResolve: ((v: number) => void) | null = null;
  private timeReject: ((e: unknown) => void) | null = null;
  /** Pooled buffers this recording touches: freeing one defers its reuse until submit. */
  private used = new Set<GPUBuffer>();
  /** Number of dispatches recorded. */
  dispatches = 0;
  /** The context's open profile when this recorder was made (see profiler.ts). */
  private profiler: GpuProfiler | null = null;
  /** Profiling: one pass per dispatch, its begin/end timestamps in these sets. */
  private profileSets: GPUQuerySet[] = [];
  private profileLabels: string[] = [];

  constructor(
    readonly ctx: GpuContext,
    options: RecorderOptions = {},
  ) {
    this.label = options.label ?? 'recorder';
    ctx.assertAlive();
    this.encoder = ctx.device.createCommandEncoder({ label: this.label });
    ctx.recorderOpened(this);
    // A recorder timed as a whole (timeGpu) keeps its one pass; profiling would split it.
    if (ctx.profiler && !options.timestamps) this.profiler = ctx.profiler;
    if (options.timestamps && ctx.features.timestampQuery) {
      this.querySet = ctx.device.createQuerySet({ type: 'timestamp', count: 2, label: `${this.label} timestamps` });
      this.timeResult = new Promise<number>((res, rej) => {
        this.timeResolve = res;
        this.timeReject = rej;
      });
    }
  }

  /** Whether work recorded here (not yet submitted) uses `buffer`. */
  uses(buffer: GPUBuffer): boolean {
    return this.used.has(buffer);
  }

  /** True when gpuTimeMs() will report timestamp-query time. */
  get hasTimestamps(): boolean {
    return this.querySet !== null;
  }

  /**
   * Records one dispatch. `args` follows the kernel's bindings: storage bindings take a
   * tensor / shard / buffer, uniform bindings take a Params (or its bytes).
   */
  dispatch(kernel: Kernel, args: readonly BindArg[], grid: Grid | number): void {
    this.assertOpen();
    if (args.length !== kernel.bindings.length) {
      throw new Error(`Kernel "${kernel.label}" takes ${kernel.bindings.length} bindings, got ${args.length}`);
    }
    const [x, y = 1, z = 1] = typeof grid === 'number' ? [grid] : grid;
    const max = this.ctx.limits.maxComputeWorkgroupsPerDimension;
    for (const d of [x, y, z]) {
      if (d > max) throw new GpuLimitError('maxComputeWorkgroupsPerDimension', d, max, `Kernel "${kernel.label}" dispatch`);
    }
    if (x === 0 || y === 0 || z === 0) return;
    const entries: BufferRange[] = [];
    const dynamicOffsets: number[] = [];
    const kinds = kernel.bindings;
    for (let i = 0; i < kinds.length; i++) {
      const arg = args[i];
      if (kinds[i] === 'uniform') {
        const bytes = arg instanceof Params ? arg.bytes() : arg instanceof Uint8Array ? arg : null;
        if (!bytes) throw new Error(`Kernel "${kernel.label}" binding ${i} is a uniform: pass params()`);
        const { buffer, offset } = this.uniformSlot(bytes);
        entries.push({ buffer, offset: 0, size: UNIFORM_SLOT_BYTES });
        dynamicOffsets.push(offset);
      } else {
        const range = toRange(arg as StorageArg, kernel.label, i);
        this.used.add(range.buffer);
        entries.push(range);
      }
    }
    const group = this.ctx.bindGroups.get(kernel, entries);
    const profiled = this.profiler !== null && this.ctx.features.timestampQuery;
    const pass = profiled ? this.profiledPass(kernel.label) : this.computePass();
    // Each call crosses into the WebGPU implementation (a few µs in Node's Dawn and in
    // Chrome): consecutive dispatches of one kernel in a pass (sharded matvecs, query chunks)
    // set its pipeline once.
    if (this.passPipeline !== kernel.pipeline) {
      pass.setPipeline(kernel.pipeline);
      this.passPipeline = kernel.pipeline;
    }
    pass.setBindGroup(0, group, dynamicOffsets);
    pass.dispatchWorkgroups(x, y, z);
    this.dispatches++;
    if (profiled) this.endPass();
  }

  /** Copies src into dst (same number of rows; row lengths in bytes must match). */
  copy(src: Tensor, dst: Tensor): void {
    this.assertOpen();
    src.assertAlive();
    dst.assertAlive();
    const sb = src.rowLength * bytesPerElement(src.dtype);
    const db = dst.rowLength * bytesPerElement(dst.dtype);
    if (src.rows !== dst.rows || sb !== db) {
      throw new Error(`copy: "${src.label}" [${src.shape}] ${src.dtype} does not fit "${dst.label}" [${dst.shape}] ${dst.dtype}`);
    }
    const enc = this.copyEncoder();
    for (const seg of shardSegments([src, dst])) {
      const [a, b] = seg.parts;
      const bytes = seg.rows * sb;
      if ((a.rowOffset * sb) % 4 || (b.rowOffset * sb) % 4 || bytes % 4) {
        if (seg.rows !== a.shard.rows || seg.rows !== b.shard.rows) throw new Error('copy: f16 rows of odd length across shards are not supported');
      }
      this.used.add(a.shard.buffer).add(b.shard.buffer);
      enc.copyBufferToBuffer(a.shard.buffer, a.rowOffset * sb, b.shard.buffer, b.rowOffset * sb, Math.ceil(bytes / 4) * 4);
    }
  }

  /**
   * Copies rows srcRow..srcRow+rows−1 of src to dstRow.. of dst: unsharded tensors with rows
   * of equal byte length and 4-byte aligned offsets, and (WebGPU's rule) two different buffers.
   */
  copyRows(src: Tensor, srcRow: number, dst: Tensor, dstRow: number, rows: number): void {
    this.assertOpen();
    src.assertAlive();
    dst.assertAlive();
    const sb = src.rowLength * bytesPerElement(src.dtype);
    const what = `copyRows "${src.label}" [${src.shape}] rows ${srcRow}..${srcRow + rows - 1} → "${dst.label}" [${dst.shape}] from row ${dstRow}`;
    if (sb !== dst.rowLength * bytesPerElement(dst.dtype)) throw new Error(`${what}: row lengths differ`);
    if (src.isSharded || dst.isSharded) throw new Error(`${what}: sharded tensors are not supported`);
    if (![srcRow, dstRow, rows].every((x) => Number.isInteger(x) && x >= 0) || srcRow + rows > src.rows || dstRow + rows > dst.rows) throw new Error(`${what}: outside the tensors`);
    const a = src.shards[0]!;
    const b = dst.shards[0]!;
    if (a.buffer === b.buffer) throw new Error(`${what}: WebGPU copies between two different buffers; copy through a temporary`);
    if ((srcRow * sb) % 4 || (dstRow * sb) % 4 || (rows * sb) % 4) throw new Error(`${what}: offsets and sizes must be multiples of 4 bytes`);
    if (rows === 0) return;
    this.used.add(a.buffer).add(b.buffer);
    this.copyEncoder().copyBufferToBuffer(a.buffer, srcRow * sb, b.buffer, dstRow * sb, rows * sb);
  }

  /**
   * Uploads whole rows in recording order: dispatches recorded before this call see the
   * old contents, later ones the new (unlike Tensor.write, which lands before the submit).
   */
  write(t: Tensor, data: TensorData, rowStart = 0): void {
    this.assertOpen();
    const chunks = t.uploadChunks(data, rowStart);
    const enc = this.copyEncoder();
    for (const c of chunks) {
      const upload = this.ctx.device.createBuffer({
        label: `${t.label} upload`,
        size: c.data.byteLength,
        usage: GPUBufferUsage.MAP_WRITE | GPUBufferUsage.COPY_SRC,
        mappedAtCreation: true,
      });
      new Uint8Array(upload.getMappedRange()).set(c.data);
      upload.unmap();
      this.used.add(c.shard.buffer);
      enc.copyBufferToBuffer(upload, 0, c.shard.buffer, c.byteOffset, c.data.byteLength);
      this.uploads.push(upload);
    }
  }

  /** Sets every element to zero. */
  clear(t: Tensor): void {
    this.assertOpen();
    t.assertAlive();
    const enc = this.copyEncoder();
    for (const s of t.shards) {
      this.used.add(s.buffer);
      enc.clearBuffer(s.buffer, 0, s.size);
    }
  }

  /**
   * Schedules a readback of `t` (default all; or rows `{ rowStart, rows }`; or elements
   * `{ start, count }`); the promise resolves after submit() once the GPU is done. Read
   * only what the CPU needs.
   */
  read<D extends DType>(t: Tensor<D>, range: ReadRange = {}): Promise<HostArray<D>> {
    this.assertOpen();
    t.assertAlive();
    const [e0, e1] = elementRange(t, range);
    const bpe = bytesPerElement(t.dtype);
    const enc = this.copyEncoder();
    const pieces: PendingRead['pieces'] = [];
    const copies: { shard: TensorShard; from: number; len: number; at: number }[] = [];
    let stagingBytes = 0;
    for (const s of t.shards) {
      const a = Math.max(e0, s.rowStart * t.rowLength);
      const b = Math.min(e1, (s.rowStart + s.rows) * t.rowLength);
      if (a >= b) continue;
      const start = (a - s.rowStart * t.rowLength) * bpe;
      const end = (b - s.rowStart * t.rowLength) * bpe;
      // Copies need 4-byte offsets and sizes; shards are padded, so rounding out is safe.
      const from = Math.floor(start / 4) * 4;
      const len = Math.ceil(end / 4) * 4 - from;
      copies.push({ shard: s, from, len, at: stagingBytes });
      pieces.push({ stagingOffset: stagingBytes, lead: start - from, bytes: end - start });
      stagingBytes += len;
    }
    const bytes = (e1 - e0) * bpe;
    const staging = this.ctx.acquireStaging(Math.max(4, stagingBytes));
    this.used.add(staging);
    for (const c of copies) {
      this.used.add(c.shard.buffer);
      enc.copyBufferToBuffer(c.shard.buffer, c.from, staging, c.at, c.len);
    }
    let settle!: Pick<PendingRead, 'resolve' | 'reject'>;
    const promise = new Promise<HostArray<D>>((resolve, reject) => {
      settle = { resolve: resolve as (v: HostArray) => void, reject };
    });
    this.reads.push({ staging, pieces, bytes, dtype: t.dtype, ...settle, promise });
    return promise;
  }

  /**
   * Gives up on everything recorded without submitting it: staging buffers go back to
   * the pool, upload buffers and the timestamp query set are destroyed, and pending
   * read() / gpuTimeMs() promises reject. Call it when recording fails part-way (ctx.run
   * does); without it those resources leak and awaited reads never settle. No-op once
   * submitted or abandoned.
   */
  abandon(reason?: unknown): void {
    if (this.state !== 'open') return;
    this.state = 'abandoned';
    this.pass = null;
    this.passPipeline = null;
    const why = reason === undefined ? '' : `: ${messageOf(reason)}`;
    const error = new Error(`Recorder "${this.label}" was abandoned before submit${why}`, { cause: reason });
    for (const u of this.uploads) u.destroy();
    this.uploads = [];
    this.querySet?.destroy();
    this.querySet = null;
    for (const q of this.profileSets) q.destroy();
    this.profileSets = [];
    const reads = this.reads;
    this.reads = [];
    for (const r of reads) {
      this.ctx.releaseStaging(r.staging);
      // The caller that threw usually never awaits these: do not turn them into
      // unhandled rejections (an await still sees the error).
      r.promise.catch(() => {});
      r.reject(error);
    }
    if (this.timeResult) {
      this.timeResult.catch(() => {});
      this.timeReject?.(error);
    }
    this.closed();
  }

  /** Submits everything recorded. The recorder cannot be used afterwards. */
  submit(): void {
    this.assertOpen();
    const ctx = this.ctx;
    try {
      ctx.throwIfFailed();
    } catch (e) {
      // Nothing of this recorder reaches the GPU: free what it holds.
      this.abandon(e);
      throw e;
    }
    this.endPass();
    this.state = 'submitted';
    let timeStaging: GPUBuffer | null = null;
    if (this.querySet) {
      const resolveBuf = ctx.timestampResolveBuffer();
      this.encoder.resolveQuerySet(this.querySet, 0, 2, resolveBuf, 0);
      timeStaging = ctx.acquireStaging(16);
      this.encoder.copyBufferToBuffer(resolveBuf, 0, timeStaging, 0, 16);
    }
    const profile = this.profiler && this.profileSets.length > 0 ? this.recordProfileResolve() : null;
    if (this.profiler && !this.ctx.features.timestampQuery) this.profiler.addUntimed(this.dispatches);
    for (let i = 0; i < this.arenas.length; i++) {
      const used = i === this.arenas.length - 1 ? this.arenaUsed : this.arenas[i].byteLength;
      ctx.queue.writeBuffer(ctx.uniformArena(i), 0, this.arenas[i].buffer, 0, used);
    }
    ctx.device.pushErrorScope('validation');
    ctx.queue.submit([this.encoder.finish()]);
    ctx.trackErrorScope(ctx.device.popErrorScope(), `recorder "${this.label}"`);
    this.closed();
    ctx.submitted();
    // WebGPU frees a destroyed buffer only after the submitted work using it completes.
    for (const u of this.uploads) u.destroy();
    ctx.counters.submits++;
    ctx.counters.dispatches += this.dispatches;
    for (const r of this.reads) this.finishRead(r);
    if (timeStaging && this.querySet) this.finishTime(timeStaging, this.querySet);
    if (profile) this.profiler!.add(profile());
  }

  /** A pass of its own for one dispatch, with timestamps at its start and end. */
  private profiledPass(label: string): GPUComputePassEncoder {
    this.endPass();
    const at = (2 * this.profileLabels.length) % PROFILE_QUERIES;
    if (at === 0) this.profileSets.push(this.ctx.device.createQuerySet({ type: 'timestamp', count: PROFILE_QUERIES, label: `${this.label} profile` }));
    const querySet = this.profileSets[this.profileSets.length - 1];
    this.profileLabels.push(label);
    this.passes++;
    this.pass = this.encoder.beginComputePass({ label, timestampWrites: { querySet, beginningOfPassWriteIndex: at, endOfPassWriteIndex: at + 1 } });
    this.passPipeline = null;
    return this.pass;
  }

  /**
   * Records the copies of the profile's timestamps into staging buffers; the returned
   * function, called after the submit, maps them into one time per dispatch.
   */
  private recordProfileResolve(): () => Promise<DispatchTime[]> {
    const ctx = this.ctx;
    const labels = this.profileLabels;
    const sets = this.profileSets;
    const copies = sets.map((set, i) => {
      const count = Math.min(PROFILE_QUERIES, 2 * labels.length - i * PROFILE_QUERIES);
      const resolve = ctx.device.createBuffer({ label: 'profile resolve', size: count * 8, usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC });
      const staging = ctx.acquireStaging(count * 8);
      this.encoder.resolveQuerySet(set, 0, count, resolve, 0);
      this.encoder.copyBufferToBuffer(resolve, 0, staging, 0, count * 8);
      return { set, resolve, staging, count };
    });
    return async () => {
      const out: DispatchTime[] = [];
      try {
        for (const c of copies) {
          await c.staging.mapAsync(GPUMapMode.READ);
          const t = new BigUint64Array(c.staging.getMappedRange(0, c.count * 8).slice(0));
          c.staging.unmap();
          for (let i = 0; i < c.count; i += 2) {
            const ns = t[i + 1] > t[i] ? Number(t[i + 1] - t[i]) : 0;
            out.push({ label: labels[out.length], ms: ns / 1e6 });
          }
        }
        return out;
      } catch (e) {
        throw await ctx.explain(e);
      } finally {
        for (const c of copies) {
          ctx.releaseStaging(c.staging);
          c.resolve.destroy();
          c.set.destroy();
        }
      }
    };
  }

  /** GPU time between the first pass's start and the last pass's end, in ms. */
  gpuTimeMs(): Promise<number> {
    if (!this.timeResult) return Promise.reject(new Error('gpuTimeMs: recorder has no timestamps (not requested or not granted)'));
    return this.timeResult;
  }

  private finishRead(r: PendingRead): void {
    const ctx = this.ctx;
    r.staging
      .mapAsync(GPUMapMode.READ)
      .then(async () => {
        const mapped = new Uint8Array(r.staging.getMappedRange());
        const out = new Uint8Array(r.bytes);
        let at = 0;
        for (const p of r.pieces) {
          out.set(mapped.subarray(p.stagingOffset + p.lead, p.stagingOffset + p.lead + p.bytes), at);
          at += p.bytes;
        }
        r.staging.unmap();
        ctx.releaseStaging(r.staging);
        await ctx.checkErrors();
        r.resolve(toHost(r.dtype, out.buffer));
      })
      .catch(async (e: unknown) => r.reject(await ctx.explain(e)));
  }

  private finishTime(staging: GPUBuffer, qs: GPUQuerySet): void {
    const ctx = this.ctx;
    staging
      .mapAsync(GPUMapMode.READ)
      .then(() => {
        const t = new BigUint64Array(staging.getMappedRange(0, 16));
        const ns = t[1] > t[0] ? Number(t[1] - t[0]) : 0;
        staging.unmap();
        ctx.releaseStaging(staging);
        qs.destroy();
        this.timeResolve?.(ns / 1e6);
      })
      .catch(async (e: unknown) => this.timeReject?.(await ctx.explain(e)));
  }

  private uniformSlot(bytes: Uint8Array): { buffer: GPUBuffer; offset: number } {
    if (bytes.byteLength > UNIFORM_SLOT_BYTES) throw new Error(`uniform struct of ${bytes.byteLength} bytes exceeds ${UNIFORM_SLOT_BYTES}`);
    const arenaBytes = this.ctx.uniformArenaBytes;
    if (this.arenas.length === 0 || this.arenaUsed + UNIFORM_SLOT_BYTES > arenaBytes) {
      this.arenas.push(new Uint8Array(arenaBytes));
      this.arenaUsed = 0;
    }
    const index = this.arenas.length - 1;
    const offset = this.arenaUsed;
    this.arenas[index].set(bytes, offset);
    this.arenaUsed += UNIFORM_SLOT_BYTES;
    return { buffer: this.ctx.uniformArena(index), offset };
  }

  private computePass(): GPUComputePassEncoder {
    if (this.pass) return this.pass;
    const desc: GPUComputePassDescriptor = { label: this.label };
    if (this.querySet) {
      desc.timestampWrites =
        this.passes === 0
          ? { querySet: this.querySet, beginningOfPassWriteIndex: 0, endOfPassWriteIndex: 1 }
          : { querySet: this.querySet, endOfPassWriteIndex: 1 };
    }
    this.passes++;
    this.pass = this.encoder.beginComputePass(desc);
    this.passPipeline = null;
    return this.pass;
  }

  private endPass(): void {
    this.pass?.end();
    this.pass = null;
    this.passPipeline = null;
  }

  private copyEncoder(): GPUCommandEncoder {
    this.endPass();
    return this.encoder;
  }

  /** Buffers freed while this recording used them may now be handed out again. */
  private closed(): void {
    this.used.clear();
    this.ctx.recorderClosed(this);
  }

  private assertOpen(): void {
    if (this.state !== 'open') throw new Error(`Recorder "${this.label}" was already ${this.state}; create a new one`);
  }
}

/** [first, end) element indices of a read: whole rows, or any element range. */
function elementRange(t: Tensor, range: ReadRange): [number, number] {
  if ('start' in range || 'count' in range) {
    const r = range as ElementRange;
    const start = r.start ?? 0;
    const count = r.count ?? t.numel - start;
    if (!Number.isInteger(start) || !Number.isInteger(count) || start < 0 || count < 0 || start + count > t.numel) {
      throw new RangeError(`read: elements [${start}, ${start + count}) outside "${t.label}" [0, ${t.numel})`);
    }
    return [start, start + count];
  }
  const r = range as RowRange;
  const rowStart = r.rowStart ?? 0;
  const rows = r.rows ?? t.rows - rowStart;
  if (rowStart < 0 || rows < 0 || rowStart + rows > t.rows) {
    throw new RangeError(`read: rows [${rowStart}, ${rowStart + rows}) outside "${t.label}" [0, ${t.rows})`);
  }
  return [rowStart * t.rowLength, (rowStart + rows) * t.rowLength];
}

function toRange(arg: StorageArg, label: string, i: number): BufferRange {
  if (arg instanceof Tensor) {
    const s = arg.binding();
    return { buffer: s.buffer, offset: s.offset, size: s.size };
  }
  if ('mapState' in arg) {
    const b = arg as GPUBuffer;
    return { buffer: b, offset: 0, size: b.size };
  }
  if ('buffer' in arg) {
    const b = arg as GPUBufferBinding;
    const offset = b.offset ?? 0;
    return { buffer: b.buffer, offset, size: b.size ?? b.buffer.size - offset };
  }
  throw new Error(`Kernel "${label}" binding ${i}: expected a tensor, shard or buffer`);
}

function toHost(dtype: DType, buf: ArrayBuffer): HostArray {
  switch (dtype) {
    case 'f32':
      return new Float32Array(buf);
    case 'f16':
      return fromF16Bits(new Uint16Array(buf));
    case 'i32':
      return new Int32Array(buf);
    case 'u32':
      return new Uint32Array(buf);
  }
}
