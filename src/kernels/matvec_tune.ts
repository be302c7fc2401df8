// Times the matvec variants for one shape class and remembers the winner; a candidate
// counts only if its result matches the `split` kernel's.
import { type GpuContext, timePerCall } from '../gpu';
import { type TuneReport, tunerFor } from './autotune';
import { type MatvecShape, type MatvecVariant, matvec, matvecCandidates, matvecFallback, matvecTuneKey } from './matvec';
import type { TuneOptions } from './matmul_tune';

export async function tuneMatvec(ctx: GpuContext, shape: Partial<MatvecShape> & { out: number; in: number }, opts: TuneOptions = {}): Promise<TuneReport> {
  const s: MatvecShape = { vectors: 1, wDtype: 'f32', ...shape };
  const tuner = opts.tuner ?? tunerFor(ctx);
  const key = matvecTuneKey(ctx, s);
  const known = tuner.get(key);
  if (known) return { key, winner: known, timings: {} };
  const fill = (n: number, seed: number) => Float32Array.from({ length: n }, (_, i) => (((i * 2654435761 + seed) >>> 0) % 1000) / 1000 - 0.5);
  const w = ctx.tensor([s.out, s.in], s.wDtype, fill(s.out * s.in, 1), 'tune W');
  const x = ctx.tensor([s.vectors, s.in], 'f32', fill(s.vectors * s.in, 2), 'tune x');
  const y = ctx.tensor([s.vectors, s.out], 'f32', undefined, 'tune y');
  try {
    ctx.run((rec) => matvec(rec, w, x, y, { variant: 'split' }));
    const want = await y.read();
    return await tuner.tune(
      key,
      matvecCandidates(ctx),
      async (v) => {
        const variant = v as MatvecVariant;
        ctx.run((rec) => matvec(rec, w, x, y, { variant }));
        const got = await y.read();
        for (let i = 0; i < got.length; i++) if (!(Math.abs(got[i]! - want[i]!) <= 1e-4 * s.in)) return NaN;
        return (await timePerCall(ctx, (rec) => matvec(rec, w, x, y, { variant }), { reps: opts.reps ?? 2 })).ms;
      },
      matvecFallback(ctx),
    );
  } finally {
    w.destroy();
    x.destroy();
    y.destroy();
  }
}
