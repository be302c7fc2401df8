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

export interface PerCallTiming extends GpuTiming {
  /** Calls of `record` per timed submission. */
  calls: number;
}

/**
 * Milliseconds per call of `record`, with the call repeated inside one submission until the
 * whole takes at least `minMs`. Timestamp queries are quantized (Chrome: 100 µs; Dawn's
 * default elsewhere: 2^16 ns) and a real GPU runs a small kernel in far less, so one call
 * times as 0 and an autotuner comparing such zeros picks at random (seen on an H100).
 */
export async function timePerCall(
  ctx: GpuContext,
  record: (rec: Recorder) => void,
  options: { reps?: number; minMs?: number; maxCalls?: number } = {},
): Promise<PerCallTiming> {
  const { reps = 2, minMs = 1, maxCalls = 1024 } = options;
  let calls = 1;
  for (;;) {
    const n = calls;
    const t = await timeGpu(ctx, (rec) => {
      for (let i = 0; i < n; i++) record(rec);
    }, { warmup: n === 1 ? 1 : 0, reps });
    if (t.ms >= minMs || n >= maxCalls) return { ms: t.ms / n, method: t.method, samples: t.samples.map((s) => s / n), calls: n };
    // aim 1.5× past minMs from what one submission took; ×16 when it timed as 0
    calls = Math.min(maxCalls, t.ms > 0 ? Math.max(n * 2, Math.ceil((n * 1.5 * minMs) / t.ms)) : n * 16);
  }
}
