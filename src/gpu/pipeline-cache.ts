// Compiles each (WGSL source, entry point, override constants) once. Bind group layouts
// are explicit and shared by every kernel with the same binding kinds, so bind groups can
// be cached across kernels (bind-groups.ts) and uniforms use dynamic offsets.
import { ShaderError } from './errors';
import { messageOf } from '../util/errors';

/**
 * One @group(0) binding, in @binding order:
 * 'read' = `var<storage, read>`, 'write' = `var<storage, read_write>`,
 * 'uniform' = `var<uniform>` (≤ 256 bytes, filled per dispatch from a Params).
 */
export type BindingKind = 'read' | 'write' | 'uniform';

/** Treated as immutable: a kept spec object is found again by identity (PipelineCache.get). */
export interface KernelSpec {
  /** Names the kernel in errors and GPU debuggers. */
  readonly label: string;
  /** Complete WGSL (already specialised: dtype, enable directives...). */
  readonly code: string;
  readonly entryPoint?: string;
  /** Values for WGSL `override` declarations (e.g. workgroup size). */
  readonly constants?: Readonly<Record<string, number>>;
  readonly bindings: readonly BindingKind[];
}

export interface Kernel {
  readonly id: number;
  readonly label: string;
  readonly pipeline: GPUComputePipeline;
  readonly layout: GPUBindGroupLayout;
  /** Equal for kernels whose bind groups are interchangeable. */
  readonly layoutId: number;
  readonly bindings: readonly BindingKind[];
}

export interface PipelineCacheStats {
  hits: number;
  /** Pipelines created. */
  misses: number;
  /** Shader modules created (one per distinct source). */
  modules: number;
}

export class PipelineCache {
  private modules = new Map<string, GPUShaderModule>();
  private layouts = new Map<string, { id: number; group: GPUBindGroupLayout; pipeline: GPUPipelineLayout }>();
  // Keyed by source first: the source string is usually the same object every call, so
  // its hash is cached and a lookup costs no concatenation of kilobytes of WGSL.
  private kernels = new Map<string, Map<string, Kernel>>();
  // Call sites that keep their KernelSpec objects (matvec, attention, rope: once per decode
  // dispatch) skip even the key building: spec objects are treated as immutable. A kernel
  // evicted after a failed compile is never handed out again through this shortcut.
  private bySpec = new WeakMap<KernelSpec, Kernel>();
  private evicted = new WeakSet<Kernel>();
  private nextId = 1;
  readonly stats: PipelineCacheStats = { hits: 0, misses: 0, modules: 0 };

  constructor(
    private readonly device: GPUDevice,
    /** Receives asynchronous compile/validation failures of synchronously created pipelines. */
    private readonly onError: (e: Error) => void,
    /** Receives the promise of each such check, so a caller can wait for it (ctx.checkErrors). */
    private readonly track: (check: Promise<void>) => void = () => {},
  ) {}

  /** The cached kernel, compiled now if new (errors arrive via onError and ctx.checkErrors()). */
  get(spec: KernelSpec): Kernel {
    const known = this.bySpec.get(spec);
    if (known && !this.evicted.has(known)) {
      this.stats.hits++;
      return known;
    }
    const key = variantKey(spec);
    const hit = this.kernels.get(spec.code)?.get(key);
    if (hit) {
      this.stats.hits++;
      this.bySpec.set(spec, hit);
      return hit;
    }
    this.stats.misses++;
    this.device.pushErrorScope('validation');
    const { module, layout } = this.parts(spec);
    const pipeline = this.device.createComputePipeline(this.descriptor(spec, module, layout.pipeline));
    const kernel = this.finish(key, spec, pipeline, layout);
    this.track(
      this.device.popErrorScope().then(
        (err) => {
          if (!err) return;
          // Not cached: a later get() compiles again and reports the ShaderError again,
          // instead of handing out an invalid pipeline that only yields generic errors.
          this.evict(spec, key, kernel, module);
          this.onError(new ShaderError(spec.label, err.message));
        },
        () => {},
      ),
    );
    return kernel;
  }

  /** Like get(), but waits for compilation and throws ShaderError on failure. */
  async getAsync(spec: KernelSpec): Promise<Kernel> {
    const key = variantKey(spec);
    const hit = this.kernels.get(spec.code)?.get(key);
    if (hit) {
      this.stats.hits++;
      return hit;
    }
    this.stats.misses++;
    // A bad module also raises a validation error; we throw our own ShaderError instead.
    this.device.pushErrorScope('validation');
    const { module, layout } = this.parts(spec);
    void this.device.popErrorScope().catch(() => {});
    let pipeline: GPUComputePipeline;
    try {
      pipeline = await this.device.createComputePipelineAsync(this.descriptor(spec, module, layout.pipeline));
    } catch (e) {
      if (this.modules.get(spec.code) === module) this.modules.delete(spec.code);
      const info = await module.getCompilationInfo().catch(() => undefined);
      const msgs = info?.messages.filter((m) => m.type === 'error').map((m) => `line ${m.lineNum}: ${m.message}`) ?? [];
      throw new ShaderError(spec.label, msgs.length ? msgs.join('; ') : messageOf(e));
    }
    return this.kernels.get(spec.code)?.get(key) ?? this.finish(key, spec, pipeline, layout);
  }

  private evict(spec: KernelSpec, key: string, kernel: Kernel, module: GPUShaderModule): void {
    this.evicted.add(kernel);
    const variants = this.kernels.get(spec.code);
    if (variants?.get(key) === kernel) variants.delete(key);
    if (variants?.size === 0) this.kernels.delete(spec.code);
    if (this.modules.get(spec.code) === module) this.modules.delete(spec.code);
  }

  private parts(spec: KernelSpec) {
    let module = this.modules.get(spec.code);
    if (!module) {
      module = this.device.createShaderModule({ code: spec.code, label: spec.label });
      this.modules.set(spec.code, module);
      this.stats.modules++;
    }
    const lkey = spec.bindings.join(',');
    let layout = this.layouts.get(lkey);
    if (!layout) {
      const group = this.device.createBindGroupLayout({
        label: `layout(${lkey})`,
        entries: spec.bindings.map((kind, binding) => ({
          binding,
          visibility: GPUShaderStage.COMPUTE,
          buffer:
            kind === 'uniform'
              ? { type: 'uniform' as const, hasDynamicOffset: true }
              : { type: kind === 'read' ? ('read-only-storage' as const) : ('storage' as const) },
        })),
      });
      const pipeline = this.device.createPipelineLayout({ bindGroupLayouts: [group] });
      layout = { id: this.nextId++, group, pipeline };
      this.layouts.set(lkey, layout);
    }
    return { module, layout };
  }

  private descriptor(spec: KernelSpec, module: GPUShaderModule, layout: GPUPipelineLayout): GPUComputePipelineDescriptor {
    return {
      label: spec.label,
      layout,
      compute: { module, entryPoint: spec.entryPoint ?? 'main', constants: spec.constants },
    };
  }

  private finish(key: string, spec: KernelSpec, pipeline: GPUComputePipeline, layout: { id: number; group: GPUBindGroupLayout }): Kernel {
    const kernel: Kernel = {
      id: this.nextId++,
      label: spec.label,
      pipeline,
      layout: layout.group,
      layoutId: layout.id,
      bindings: [...spec.bindings],
    };
    let variants = this.kernels.get(spec.code);
    if (!variants) this.kernels.set(spec.code, (variants = new Map()));
    variants.set(key, kernel);
    this.bySpec.set(spec, kernel);
    return kernel;
  }
}

function variantKey(spec: KernelSpec): string {
  const c = spec.constants;
  const consts = c ? Object.keys(c).sort().map((k) => `${k}=${c[k]}`).join(',') : '';
  return `${spec.entryPoint ?? 'main'}|${consts}|${spec.bindings.join(',')}`;
}
