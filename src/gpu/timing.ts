// One way to time GPU work: timestamp queries where the device has them (GPU time of the
// recorded passes), otherwise wall time from submit to onSubmittedWorkDone.
import type { GpuContext } from './context';
import type { Recorder } from './recorder';

export type TimingMethod = 'timestamp' | 'wall';

export interface GpuTiming {
  /** Median over the timed repetitions. */
  ms: number;
  method: TimingMethod;
  samples: number[];
}

export interface TimeOptions {
  warmup?: number;
  reps?: number;
  /** 'wall' forces wall time even where timestamps exist. */
  method?: 'auto' | 'wall';
}

/** Times `record` (called once per repetition on a fresh recorder). */
export async function timeGpu(ctx: GpuContext, record: (rec: Recorder) => void, options: TimeOptions = {}): Promise<GpuTiming> {
  const { warmup = 1, reps = 5, method = 'auto' } = options;
  const useTs = method === 'auto' && ctx.features.timestampQuery;
  const samples: number[] = [];
  for (let i = 0; i < warmup + reps; i++) {
    const rec = ctx.recorder({ label: 'timed', timestamps: useTs });
    record(rec);
    const t0 = performance.now();
    rec.submit();
    await ctx.sync();
    const wall = performance.now() - t0;
    const ms = rec.hasTimestamps ? await rec.gpuTimeMs() : wall;
    if (i >= warmup) samples.push(ms);
  }
  const sorted = [...samples].sort((a, b) => a - b);
  return { ms: sorted[Math.floor(sorted.length / 2)], method: useTs ? 'timestamp' : 'wall', samples };
}
