// One GPU context per test process (Vitest runs each file in its own fork), on Dawn in
// Node: lavapipe here, the real GPU where there is one. Prints the adapter once.
import { nodeGPU } from '../../src/host/node';
import { type GpuContext, type GpuContextOptions, createGpuContext } from '../../src/gpu';
import { createRng } from '../../src/util/rng';

let shared: Promise<GpuContext> | undefined;

export function getTestContext(): Promise<GpuContext> {
  shared ??= createGpuContext(nodeGPU()).then((ctx) => {
    const f = ctx.features;
    console.log(
      `[gpu] ${ctx.adapter.summary} — f16:${f.f16} subgroups:${f.subgroups} timestamps:${f.timestampQuery} ` +
        `maxBinding:${ctx.limits.maxStorageBufferBindingSize}`,
    );
    return ctx;
  });
  return shared;
}

/** A separate context with custom options (e.g. a small maxBindingBytes to force sharding). */
export function createTestContext(options: GpuContextOptions): Promise<GpuContext> {
  return createGpuContext(nodeGPU(), options);
}

/** Deterministic uniform values in [lo, hi) (mulberry32, src/util/rng), for reproducible tests. */
export function randomArray(n: number, seed = 1, lo = -1, hi = 1): Float32Array {
  const rng = createRng(seed >>> 0);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = lo + rng.next() * (hi - lo);
  return out;
}

/** Largest |a[i] - b[i]| (NaN if lengths differ or any value is NaN where the other is not). */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return NaN;
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    if (Number.isNaN(a[i]) !== Number.isNaN(b[i])) return NaN;
    if (a[i] === b[i]) continue; // also covers equal infinities
    const d = Math.abs(a[i] - b[i]);
    if (!(d <= m)) m = d;
  }
  return m;
}

/**
 * Largest |got - want| / max(1, |want|), and where. Relative above 1, absolute below:
 * right for f32/f16 kernels whose outputs span several magnitudes.
 */
export function worstError(got: ArrayLike<number>, want: ArrayLike<number>): { err: number; at: number } {
  if (got.length !== want.length) return { err: Infinity, at: -1 };
  let err = 0;
  let at = -1;
  for (let i = 0; i < got.length; i++) {
    const g = got[i];
    const w = want[i];
    if (g === w) continue;
    const e = Number.isNaN(g) || Number.isNaN(w) ? Infinity : Math.abs(g - w) / Math.max(1, Math.abs(w));
    if (e > err || Number.isNaN(e)) {
      err = e;
      at = i;
    }
  }
  return { err, at };
}
