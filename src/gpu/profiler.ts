// Per-kernel GPU time. While a profile is open (GpuContext.startProfile), every recorder gives
// each dispatch its own compute pass with begin/end timestamp queries and, once its work is
// done, reports one (kernel label, ms) sample per dispatch here. Pass boundaries cost a little
// and timestamps need the 'timestamp-query' feature, so this is for measuring, not for runs.

/** One kernel's share of a profile. */
export interface KernelTime {
  label: string;
  calls: number;
  ms: number;
}

export interface GpuProfile {
  /** Summed over dispatches, largest first. */
  kernels: KernelTime[];
  /** Sum of every dispatch's GPU time (passes do not overlap on one queue). */
  gpuMs: number;
  dispatches: number;
  /** Dispatches recorded while profiling that could not be timed (no timestamp-query). */
  untimed: number;
}

export interface DispatchTime {
  label: string;
  ms: number;
}

export class GpuProfiler {
  private pending: Promise<DispatchTime[]>[] = [];
  private untimed = 0;

  /** Called by a recorder at submit with the promise of its dispatches' times. */
  add(times: Promise<DispatchTime[]>): void {
    // A failed readback must not leave an unhandled rejection behind; collect() reports it.
    times.catch(() => {});
    this.pending.push(times);
  }

  /** Called by a recorder that could not time its dispatches. */
  addUntimed(dispatches: number): void {
    this.untimed += dispatches;
  }

  /** Waits for every submitted recorder's times and sums them by kernel label. */
  async collect(): Promise<GpuProfile> {
    const all = (await Promise.all(this.pending)).flat();
    const byLabel = new Map<string, KernelTime>();
    let gpuMs = 0;
    for (const d of all) {
      const k = byLabel.get(d.label) ?? { label: d.label, calls: 0, ms: 0 };
      k.calls++;
      k.ms += d.ms;
      gpuMs += d.ms;
      byLabel.set(d.label, k);
    }
    const kernels = [...byLabel.values()].sort((a, b) => b.ms - a.ms);
    return { kernels, gpuMs, dispatches: all.length, untimed: this.untimed };
  }
}

/** A profile as text lines: the total, then the `top` kernels by time. */
export function formatProfile(p: GpuProfile, top = 12, wallMs?: number): string[] {
  const share = (ms: number) => (p.gpuMs > 0 ? ((100 * ms) / p.gpuMs).toFixed(1) : '0.0');
  const busy = wallMs === undefined ? '' : ` of ${wallMs.toFixed(1)} ms wall (GPU busy ${((100 * p.gpuMs) / Math.max(wallMs, 1e-9)).toFixed(1)} %)`;
  const lines = [`GPU ${p.gpuMs.toFixed(2)} ms in ${p.dispatches} dispatches${busy}${p.untimed ? `, ${p.untimed} untimed` : ''}`];
  for (const k of p.kernels.slice(0, top)) {
    lines.push(`  ${k.ms.toFixed(3).padStart(9)} ms ${share(k.ms).padStart(5)} %  ${String(k.calls).padStart(5)} ×  ${k.label}`);
  }
  if (p.kernels.length > top) {
    const rest = p.kernels.slice(top);
    const ms = rest.reduce((a, k) => a + k.ms, 0);
    lines.push(`  ${ms.toFixed(3).padStart(9)} ms ${share(ms).padStart(5)} %  ${String(rest.reduce((a, k) => a + k.calls, 0)).padStart(5)} ×  (${rest.length} other kernels)`);
  }
  return lines;
}
