// Times the matmul variants on one shape class and remembers the winner. A candidate
// counts only if its result matches the `tiled` kernel's (this also guards the reg_sg
// kernel's assumption that subgroups are consecutive invocations).
import { type GpuContext, timePerCall } from '../gpu';
import { type Autotuner, type TuneReport, tunerFor } from './autotune';
import { type MatmulShape, type MatmulVariant, fallbackVariant, matmul, matmulCandidates, matmulTuneKey } from './matmul';

export interface TuneOptions {
  tuner?: Autotuner;
  /** Timed repetitions per candidate (after one warm-up). */
  reps?: number;
}

/** Tunes the shape class of `shape` (skips classes already tuned). */
export async function tuneMatmul(ctx: GpuContext, shape: Partial<MatmulShape> & { m: number; n: number; k: number }, opts: TuneOptions = {}): Promise<TuneReport> {
  const s: MatmulShape = { batch: 1, transA: false, transB: false, bDtype: 'f32', ...shape };
  const tuner = opts.tuner ?? tunerFor(ctx);
  const key = matmulTuneKey(ctx, s);
  const known = tuner.get(key);
  if (known) return { key, winner: known, timings: {} };
  const rows = s.m * s.batch;
  const fill = (n: number, seed: number) => Float32Array.from({ length: n }, (_, i) => (((i * 2654435761 + seed) >>> 0) % 1000) / 1000 - 0.5);
  const a = ctx.tensor(s.transA ? [s.k, rows] : [rows, s.k], 'f32', fill(rows * s.k, 1), 'tune A');
  const b = ctx.tensor(s.transB ? [s.n, s.k] : [s.k, s.n], s.bDtype, fill(s.k * s.n, 2), 'tune B');
  const c = ctx.tensor([rows, s.n], 'f32', undefined, 'tune C');
  const flat = { m: rows, transA: s.transA, transB: s.transB };
  try {
    ctx.run((rec) => matmul(rec, a, b, c, { ...flat, variant: 'tiled' }));
    const want = await c.read();
    const scale = s.k * 0.25;
    const report = await tuner.tune(
      key,
      matmulCandidates(ctx, s),
      async (v) => {
        const variant = v as MatmulVariant;
        ctx.run((rec) => matmul(rec, a, b, c, { ...flat, variant }));
        const got = await c.read();
        for (let i = 0; i < got.length; i++) if (!(Math.abs(got[i]! - want[i]!) <= 1e-4 * scale)) return NaN;
        const t = await timePerCall(ctx, (rec) => matmul(rec, a, b, c, { ...flat, variant }), { reps: opts.reps ?? 2 });
        return t.ms;
      },
      fallbackVariant(ctx, s),
    );
    return report;
  } finally {
    a.destroy();
    b.destroy();
    c.destroy();
  }
}
