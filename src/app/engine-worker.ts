// Browser host entry for the engine: a dedicated worker that owns the WebGPU device, so
// long GPU work never blocks the page. Exposed to the page through comlink.
import * as Comlink from 'comlink';
import { createGpuContext, type GpuContext } from '../gpu';
import { runKernelSelfTest } from '../kernels/selftest';
import type { AdapterReport, EngineApi, EngineUnavailable } from './engine-api';

let ctx: GpuContext | undefined;

const api: EngineApi = {
  async init(): Promise<AdapterReport | EngineUnavailable> {
    try {
      ctx ??= await createGpuContext((self.navigator as Navigator & { gpu?: GPU }).gpu);
    } catch (e) {
      const err = e as Error & { reason?: string };
      return { error: err.message, reason: err.reason };
    }
    const a = ctx.adapter;
    return {
      summary: a.summary,
      vendor: a.vendor,
      architecture: a.architecture,
      description: a.description,
      isFallbackAdapter: a.isFallbackAdapter,
      features: { ...ctx.features },
      limits: { ...ctx.limits },
    };
  },
  async selfTest(onProgress) {
    if (!ctx) throw new Error('init() first');
    return runKernelSelfTest(ctx, onProgress);
  },
};

Comlink.expose(api);
