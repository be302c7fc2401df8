// What the model commands share: a GPU context on this machine's adapter and a model
// folder or Hub id loaded onto it, with progress on stderr.
import { createGpuContext, type GpuContext } from '../gpu';
import { NODE_GPU_ADVICE, nodeGPU } from '../host/node';
import { nodeModelSource } from '../host/node-files';
import { loadModel, type LoadedModel } from '../model/load';
import type { ModelSource } from '../model/sources/model-source';

export interface CliModel extends LoadedModel {
  ctx: GpuContext;
  source: ModelSource;
}

export async function loadCliModel(spec: string, opts: { endpoint?: string; quiet?: boolean; dtype?: string } = {}): Promise<CliModel> {
  checkDtype(opts.dtype);
  const source = await nodeModelSource(spec, opts.endpoint ? { endpoint: opts.endpoint } : {});
  const ctx = await createGpuContext(nodeGPU(), { advice: NODE_GPU_ADVICE });
  const log = (s: string) => {
    if (!opts.quiet) process.stderr.write(s);
  };
  log(`[gpu] ${ctx.adapter.summary}\n`);
  if (opts.dtype === 'f16' && !ctx.features.f16) {
    // (NVIDIA GPUs through Dawn's Vulkan backend, for one, have no shader-f16)
    ctx.destroy();
    throw new UsageError(`--dtype f16 needs the shader-f16 feature, which this GPU (${ctx.adapter.summary}) does not have: leave --dtype out (f32)`);
  }
  let shown = -1;
  try {
    const loaded = await loadModel(ctx, source, {
      matrixDtype: opts.dtype as 'f32' | 'f16' | undefined,
      onProgress: (p) => {
        const pct = Math.floor((100 * p.bytes) / Math.max(1, p.totalBytes));
        if (pct >= shown + 10 || p.done === p.count) {
          shown = pct;
          log(`loading ${source.id}: ${pct}% (${p.done}/${p.count} tensors)\n`);
        }
      },
    });
    return { ...loaded, ctx, source };
  } catch (e) {
    ctx.destroy();
    throw e;
  }
}

/** A number option: undefined when absent, else parsed and checked, with a message naming the flag. */
export function numberOption(name: string, v: string | undefined, check: (n: number) => boolean, want: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || !check(n)) throw new UsageError(`--${name} must be ${want}, got "${v}"`);
  return n;
}

/** --dtype: f32 (default, any GPU) or f16 (weight matrices in half precision; needs shader-f16). */
export function checkDtype(v: string | undefined): void {
  if (v !== undefined && v !== 'f32' && v !== 'f16') throw new UsageError(`--dtype must be f32 or f16, got "${v}"`);
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
