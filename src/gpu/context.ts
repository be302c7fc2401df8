// The GPU context: one device with the adapter's real limits and the optional features
// it has, plus the shared machinery every kernel uses (buffer pool, pipeline cache, bind
// group cache, uniform arenas) and typed error reporting. Host-agnostic: pass
// `navigator.gpu` in the browser or nodeGPU() in Node.
import { BindGroupCache } from './bind-groups';
import { BufferPool, type PoolStats } from './buffer-pool';
import type { DType, HostArray } from './dtype';
import { DeviceLostError, GpuLimitError, GpuOutOfMemoryError, GpuValidationError, WebGpuUnavailableError, formatBytes } from './errors';
import { type GpuLimits, type LimitName, OPTIONAL_FEATURES, type OptionalFeature, REQUESTED_LIMITS, pickLimits } from './limits';
import { type Kernel, type KernelSpec, PipelineCache, type PipelineCacheStats } from './pipeline-cache';
import { type GpuProfile, GpuProfiler } from './profiler';
import { Recorder, type RecorderOptions } from './recorder';
import { type ReadRange, Tensor, type TensorData } from './tensor';
import { type Grid, gridFor } from './workgroups';
import { messageOf } from '../util/errors';

export interface GpuContextOptions {
  powerPreference?: GPUPowerPreference;
  /**
   * Lowers the largest storage binding used for tensors below the device's
   * maxStorageBufferBindingSize (tests use it to force sharding on small tensors).
   */
  maxBindingBytes?: number;
  /** Optional features to leave off even if the adapter has them (tests of fallback paths). */
  disableFeatures?: readonly OptionalFeature[];
  /**
   * Caps on `max*` limits below the adapter's (tests of devices with WebGPU's default
   * limits, e.g. 8 storage buffers per shader stage).
   */
  capLimits?: Partial<Record<LimitName, number>>;
  label?: string;
  /**
   * What WebGpuUnavailableError tells the user to do, from the host entry (e.g. the Node
   * CLI's setup advice). Default: how to get WebGPU in Chrome or Edge.
   */
  advice?: string;
}

export interface GpuFeatures {
  /** `shader-f16`: f16 storage and arithmetic in WGSL. */
  readonly f16: boolean;
  /** `subgroups`: subgroup operations in WGSL. */
  readonly subgroups: boolean;
  /** `timestamp-query`: GPU timing of compute passes. */
  readonly timestampQuery: boolean;
}

export interface AdapterDescription {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  isFallbackAdapter: boolean;
  /**
   * A CPU rasteriser (lavapipe/llvmpipe, SwiftShader): workgroup barriers are expensive
   * there and barrier-free kernel variants win; real GPUs favour the opposite.
   */
  isSoftware: boolean;
  /** One line for logs and benchmark reports. */
  summary: string;
}

export interface GpuStats {
  submits: number;
  dispatches: number;
  pool: PoolStats;
  pipelines: PipelineCacheStats;
  bindGroups: { hits: number; misses: number };
}

const TENSOR_USAGE = () => GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
const STAGING_USAGE = () => GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST;

/** Acquires an adapter and a device. Throws WebGpuUnavailableError with advice when it cannot. */
export async function createGpuContext(gpu: GPU | null | undefined, options: GpuContextOptions = {}): Promise<GpuContext> {
  const advice = options.advice;
  if (!gpu || typeof gpu.requestAdapter !== 'function') {
    throw new WebGpuUnavailableError('no-webgpu', 'this browser has no navigator.gpu', { advice });
  }
  let adapter: GPUAdapter | null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: options.powerPreference ?? 'high-performance' });
  } catch (e) {
    throw new WebGpuUnavailableError('no-adapter', `requestAdapter failed: ${messageOf(e)}`, { cause: e, advice });
  }
  if (!adapter) throw new WebGpuUnavailableError('no-adapter', 'no GPU adapter was found', { advice });

  const disabled = new Set(options.disableFeatures ?? []);
  const requiredFeatures = OPTIONAL_FEATURES.filter((f) => adapter.features.has(f) && !disabled.has(f));
  const requiredLimits = pickLimits(adapter.limits);
  for (const [name, cap] of Object.entries(options.capLimits ?? {}) as [LimitName, number][]) {
    if (name.startsWith('max') && requiredLimits[name] !== undefined) requiredLimits[name] = Math.min(requiredLimits[name], cap);
  }
  let device: GPUDevice;
  try {
    device = await adapter.requestDevice({ label: options.label ?? 'dust', requiredFeatures, requiredLimits });
  } catch (e) {
    throw new WebGpuUnavailableError('request-device-failed', `requestDevice failed: ${messageOf(e)}`, { cause: e, advice });
  }
  return new GpuContext(device, describeAdapter(await adapterInfo(adapter), adapter), options);
}

/** `adapter.info` arrived in Chrome 127; Chrome 113–126 only has requestAdapterInfo(). */
async function adapterInfo(adapter: GPUAdapter): Promise<Partial<GPUAdapterInfo> | undefined> {
  if (adapter.info) return adapter.info;
  const legacy = (adapter as { requestAdapterInfo?: () => Promise<GPUAdapterInfo> }).requestAdapterInfo;
  if (typeof legacy === 'function') return legacy.call(adapter).catch(() => undefined);
  return undefined;
}

export class GpuContext {
  readonly queue: GPUQueue;
  readonly limits: GpuLimits;
  readonly features: GpuFeatures;
  /** Largest storage binding a tensor shard may use (≤ maxStorageBufferBindingSize). */
  readonly maxBindingBytes: number;
  readonly pool: BufferPool;
  readonly pipelines: PipelineCache;
  readonly bindGroups: BindGroupCache;
  /** Resolves when the device is lost (never rejects). */
  readonly lost: Promise<DeviceLostError>;
  readonly uniformArenaBytes: number;
  /** Updated by recorders. */
  readonly counters = { submits: 0, dispatches: 0 };
  /** The open profile, if any: recorders made while it is set time every dispatch. */
  profiler: GpuProfiler | null = null;

  private lostError: DeviceLostError | null = null;
  private firstError: Error | null = null;
  private pendingScopes: Promise<void>[] = [];
  /** Readback buffers (MAP_READ), pooled like tensors. */
  readonly staging: BufferPool;
  private arenas: GPUBuffer[] = [];
  private tsResolve: GPUBuffer | null = null;
  /**
   * Recorders not yet submitted, by a token the pools hold instead of the recorder. Weak,
   * so a recorder dropped without submit() or abandon() stops holding buffers once it is
   * collected (its work never reached the GPU).
   */
  private openRecorders = new Map<object, WeakRef<Recorder>>();
  private recorderTokens = new WeakMap<Recorder, object>();
  private recorderGone = new FinalizationRegistry<object>((token) => this.closeRecorder(token));

  constructor(
    readonly device: GPUDevice,
    readonly adapter: AdapterDescription,
    options: GpuContextOptions = {},
  ) {
    this.queue = device.queue;
    const lim = pickLimits(device.limits);
    for (const name of REQUESTED_LIMITS) if (lim[name] === undefined) throw new Error(`device has no limit ${name}`);
    this.limits = lim;
    const f = device.features;
    this.features = { f16: f.has('shader-f16'), subgroups: f.has('subgroups'), timestampQuery: f.has('timestamp-query') };
    const bindingLimit = Math.min(lim.maxStorageBufferBindingSize, lim.maxBufferSize);
    this.maxBindingBytes = Math.floor(Math.min(options.maxBindingBytes ?? bindingLimit, bindingLimit) / 16) * 16;
    if (this.maxBindingBytes < 16) throw new Error(`maxBindingBytes ${options.maxBindingBytes} is too small`);
    this.uniformArenaBytes = Math.min(65536, lim.maxUniformBufferBindingSize);
    this.bindGroups = new BindGroupCache(device);
    this.pipelines = new PipelineCache(
      device,
      (e) => this.recordError(e),
      (check) => this.pendingScopes.push(check),
    );
    this.pool = new BufferPool(
      (size, usage, label) => this.createBuffer(size, usage, label),
      (b) => this.bindGroups.forget(b),
    );
    this.staging = new BufferPool(
      (size, usage, label) => this.createBuffer(size, usage, label),
      () => {},
    );
    this.lost = device.lost.then((info) => {
      this.lostError ??= new DeviceLostError(info.reason ?? 'unknown', info.message);
      return this.lostError;
    });
    device.addEventListener('uncapturederror', (ev) => {
      const err = (ev as GPUUncapturedErrorEvent).error;
      this.recordError(
        err instanceof GPUOutOfMemoryError
          ? new GpuOutOfMemoryError('(unscoped)', 0, err.message)
          : new GpuValidationError('an unscoped GPU call', err.message),
      );
    });
  }

  /** A new tensor; `data` (optional) is uploaded right away. Free it with destroy(). */
  tensor<D extends DType>(shape: readonly number[], dtype: D, data?: TensorData, label = 'tensor'): Tensor<D> {
    this.assertAlive();
    if (dtype === 'f16' && !this.features.f16) {
      throw new Error(`Tensor "${label}": f16 needs the shader-f16 feature, which this GPU does not have; use f32`);
    }
    const t = new Tensor(this, shape, dtype, label);
    if (data) t.write(data);
    return t;
  }

  /** The cached kernel for `spec` (compiled on first use). */
  kernel(spec: KernelSpec): Kernel {
    this.assertAlive();
    return this.pipelines.get(spec);
  }

  /** Compiles now and throws ShaderError with the compiler's messages on failure. */
  kernelAsync(spec: KernelSpec): Promise<Kernel> {
    this.assertAlive();
    return this.pipelines.getAsync(spec);
  }

  /** A recorder: record dispatches, copies and reads, then submit() once. */
  recorder(options?: RecorderOptions | string): Recorder {
    return new Recorder(this, typeof options === 'string' ? { label: options } : options);
  }

  /**
   * Starts timing every dispatch of recorders made from now on (one compute pass each, with
   * timestamp queries); stopProfile() ends it and sums the times by kernel. For measuring:
   * the extra pass boundaries slow the work a little. Without 'timestamp-query' the profile
   * only counts the dispatches it could not time.
   */
  startProfile(): void {
    if (this.profiler) throw new Error('startProfile: a profile is already open; stopProfile() first');
    this.profiler = new GpuProfiler();
  }

  /** Ends the open profile and waits for its recorders' times (submitted ones only). */
  async stopProfile(): Promise<GpuProfile> {
    const p = this.profiler;
    if (!p) throw new Error('stopProfile: no profile is open; call startProfile() first');
    this.profiler = null;
    return p.collect();
  }

  /**
   * Runs `work` inside a profile (startProfile … stopProfile): its result and the profile of
   * the recorders it made. If `work` throws, the profile is dropped and the error propagates.
   */
  async profile<T>(work: () => Promise<T>): Promise<{ result: T; profile: GpuProfile }> {
    this.startProfile();
    let result: T;
    try {
      result = await work();
    } catch (e) {
      this.profiler = null;
      throw e;
    }
    return { result, profile: await this.stopProfile() };
  }

  /** Records with `fn` and submits; if `fn` throws, the recorder is abandoned (see Recorder.abandon). */
  run(fn: (rec: Recorder) => void, options?: RecorderOptions | string): Recorder {
    const rec = this.recorder(options);
    try {
      fn(rec);
    } catch (e) {
      rec.abandon(e);
      throw e;
    }
    rec.submit();
    return rec;
  }

  /** Reads (part of) a tensor back to the host (submits a copy; earlier submits finish first). */
  read<D extends DType>(t: Tensor<D>, range?: ReadRange): Promise<HostArray<D>> {
    let p!: Promise<HostArray<D>>;
    this.run((rec) => {
      p = rec.read(t, range);
    }, `read ${t.label}`);
    return p;
  }

  /** Waits until all submitted work is done, then throws any GPU error seen so far. */
  async sync(): Promise<void> {
    this.assertAlive();
    await Promise.race([this.queue.onSubmittedWorkDone(), this.lost]);
    await this.checkErrors();
  }

  /** Workgroup grid for `groups` workgroups, split into 2-D/3-D past the per-dimension limit. */
  grid(groups: number): Grid {
    return gridFor(groups, this.limits.maxComputeWorkgroupsPerDimension);
  }

  /**
   * Throws the first asynchronous GPU error (OOM, validation, device lost) since the
   * last one thrown, if any. Errors are reported once.
   */
  async checkErrors(): Promise<void> {
    while (this.pendingScopes.length) {
      const scopes = this.pendingScopes;
      this.pendingScopes = [];
      await Promise.all(scopes);
    }
    this.throwIfFailed();
  }

  throwIfFailed(): void {
    this.assertAlive();
    const e = this.firstError;
    if (e) {
      this.firstError = null;
      throw e;
    }
  }

  assertAlive(): void {
    if (this.lostError) throw this.lostError;
  }

  /**
   * Maps a raw failure of a GPU promise (e.g. mapAsync) to our typed error. Device loss
   * wins; it is reported asynchronously, so give it a moment to arrive.
   */
  async explain(e: unknown): Promise<unknown> {
    if (!this.lostError) await Promise.race([this.lost, new Promise((r) => setTimeout(r, 100))]);
    if (this.lostError) return this.lostError;
    const first = this.firstError;
    this.firstError = null;
    return first ?? e;
  }

  /** A snapshot of counters: submits, dispatches, pool, pipeline and bind group caches. */
  stats(): GpuStats {
    return {
      ...this.counters,
      pool: { ...this.pool.stats },
      pipelines: { ...this.pipelines.stats },
      bindGroups: { ...this.bindGroups.stats },
    };
  }

  /** Destroys the device; the context is unusable afterwards (lost resolves with 'destroyed'). */
  destroy(): void {
    this.lostError ??= new DeviceLostError('destroyed', 'destroy() was called');
    this.device.destroy();
  }

  // ---- used by Tensor and Recorder ----

  /** A pooled storage buffer of at least `bytes` bytes. */
  allocate(bytes: number, label: string): GPUBuffer {
    if (bytes > this.limits.maxBufferSize) {
      throw new GpuLimitError('maxBufferSize', bytes, this.limits.maxBufferSize, `Buffer "${label}"`);
    }
    return this.pool.acquire(bytes, TENSOR_USAGE(), label, this.limits.maxBufferSize);
  }

  /**
   * Returns a tensor buffer to the pool. It is handed out again only after the next
   * submit and after every open recorder that used it has submitted (or abandoned): a new
   * owner's queue writes would otherwise land before that recorded work.
   */
  free(buffer: GPUBuffer): void {
    this.pool.release(buffer, this.holdersOf(buffer));
  }

  acquireStaging(bytes: number): GPUBuffer {
    return this.staging.acquire(bytes, STAGING_USAGE(), 'readback', this.limits.maxBufferSize);
  }

  releaseStaging(buffer: GPUBuffer): void {
    this.staging.release(buffer, this.holdersOf(buffer));
  }

  /** Called by the Recorder constructor. */
  recorderOpened(rec: Recorder): void {
    const token = {};
    this.recorderTokens.set(rec, token);
    this.openRecorders.set(token, new WeakRef(rec));
    this.recorderGone.register(rec, token, token);
  }

  /** Called by Recorder.submit / abandon: buffers freed while it used them may be reused. */
  recorderClosed(rec: Recorder): void {
    const token = this.recorderTokens.get(rec);
    if (!token) return;
    this.recorderTokens.delete(rec);
    this.recorderGone.unregister(token);
    this.closeRecorder(token);
  }

  private closeRecorder(token: object): void {
    this.openRecorders.delete(token);
    this.pool.holderDone(token);
    this.staging.holderDone(token);
  }

  private holdersOf(buffer: GPUBuffer): object[] {
    const holders: object[] = [];
    for (const [token, ref] of this.openRecorders) if (ref.deref()?.uses(buffer)) holders.push(token);
    return holders;
  }

  /** Called by Recorder.submit after queue.submit (see free()). */
  submitted(): void {
    this.pool.submitted();
    this.staging.submitted();
  }

  uniformArena(index: number): GPUBuffer {
    while (this.arenas.length <= index) {
      this.arenas.push(
        this.createBuffer(this.uniformArenaBytes, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST, `uniforms ${this.arenas.length}`),
      );
    }
    return this.arenas[index];
  }

  timestampResolveBuffer(): GPUBuffer {
    this.tsResolve ??= this.createBuffer(256, GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC, 'timestamps');
    return this.tsResolve;
  }

  private createBuffer(size: number, usage: GPUBufferUsageFlags, label: string): GPUBuffer {
    this.assertAlive();
    this.device.pushErrorScope('out-of-memory');
    this.device.pushErrorScope('validation');
    let buffer: GPUBuffer;
    try {
      buffer = this.device.createBuffer({ size, usage, label });
    } catch (e) {
      // Some implementations throw synchronously (e.g. RangeError) for huge sizes.
      void this.device.popErrorScope();
      void this.device.popErrorScope();
      throw new GpuOutOfMemoryError(label, size, messageOf(e));
    }
    const validation = this.device.popErrorScope();
    const oom = this.device.popErrorScope();
    this.pendingScopes.push(
      Promise.all([validation, oom]).then(
        ([v, o]) => {
          if (o) this.recordError(new GpuOutOfMemoryError(label, size, o.message));
          else if (v) this.recordError(new GpuValidationError(`buffer "${label}" (${formatBytes(size)})`, v.message));
        },
        () => {},
      ),
    );
    return buffer;
  }

  /** Routes an error scope's result into checkErrors() (used by Recorder.submit). */
  trackErrorScope(scope: Promise<GPUError | null>, what: string): void {
    this.pendingScopes.push(
      scope.then(
        (err) => {
          if (err) this.recordError(new GpuValidationError(what, err.message));
        },
        () => {},
      ),
    );
  }

  private recordError(e: Error): void {
    this.firstError ??= e;
  }
}

function describeAdapter(info: Partial<GPUAdapterInfo> | undefined, adapter: GPUAdapter): AdapterDescription {
  // isFallbackAdapter moved from GPUAdapter to GPUAdapterInfo; read either.
  const legacyFallback = (adapter as { isFallbackAdapter?: boolean }).isFallbackAdapter;
  const d = {
    vendor: info?.vendor ?? '',
    architecture: info?.architecture ?? '',
    device: info?.device ?? '',
    description: info?.description ?? '',
    isFallbackAdapter: Boolean((info as { isFallbackAdapter?: boolean } | undefined)?.isFallbackAdapter ?? legacyFallback),
  };
  const parts = [d.vendor, d.architecture, d.device, d.description].filter(Boolean);
  const isSoftware = d.isFallbackAdapter || /llvmpipe|lavapipe|swiftshader|software|cpu/i.test(`${d.architecture} ${d.device} ${d.description}`);
  return { ...d, isSoftware, summary: parts.length ? [...new Set(parts)].join(' / ') : 'unknown adapter' };
}

