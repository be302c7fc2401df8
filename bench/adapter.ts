// The adapter block every GPU suite prints beside its figures.
import type { GpuContext } from '../src/gpu';
import type { BenchAdapter } from './types';

/** `description`: the adapter's own description, or its one-line summary (suites differ). */
export function benchAdapter(ctx: GpuContext, description: string): BenchAdapter {
  const a = ctx.adapter;
  const f = ctx.features;
  return {
    vendor: a.vendor,
    architecture: a.architecture,
    description,
    features: [f.f16 && 'shader-f16', f.subgroups && 'subgroups', f.timestampQuery && 'timestamp-query'].filter((x): x is string => !!x),
  };
}
