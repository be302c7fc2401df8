// One extra, profiled run of a benchmark's unit of work (src/gpu/profiler.ts): the GPU time of
// its kernels against the plain run's wall time says whether the figure is bound by the
// kernels or by what lies between them (submits, readbacks, the host). Timed figures come from
// plain runs; a profiled run is slower (one compute pass per dispatch).
import { type GpuContext, formatProfile } from '../src/gpu';

/**
 * Profiles one call of `work`, writes `<prefix>_gpu_ms`, `<prefix>_dispatches` and
 * `<prefix>_kernel_share` (GPU ms / plainMs, the plain run's wall time) into `metrics`, and
 * returns a note with the largest kernels (or why there is none).
 */
export async function profileOnce(ctx: GpuContext, prefix: string, plainMs: number, work: () => Promise<unknown>, metrics: Record<string, number>): Promise<string> {
  const { profile: p } = await ctx.profile(work);
  if (p.dispatches === 0) return `${prefix}: no per-kernel profile (${p.untimed} dispatches untimed: no timestamp-query)`;
  metrics[`${prefix}_gpu_ms`] = p.gpuMs;
  metrics[`${prefix}_dispatches`] = p.dispatches;
  metrics[`${prefix}_kernel_share`] = p.gpuMs / plainMs;
  return `${prefix} profile (one extra run; kernel share = its GPU time / the plain run's ${plainMs.toFixed(2)} ms): ${formatProfile(p, 6).join(' | ')}`;
}
