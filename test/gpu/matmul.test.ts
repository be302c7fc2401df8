// Every matmul variant and transpose mode against the float64 reference: ragged and
// multi-workgroup shapes, batched strided (attention heads), bias / accumulate / alpha,
// f16 weights, operands split across bindings, bad input, and the autotuner.
// Shapes are grouped so each pipeline compiles once: the unrolled register-blocked
// kernels take seconds to compile on lavapipe. About 40 s on lavapipe (2 cores).
import { beforeAll, describe, expect, it } from 'vitest';
import { type GpuContext, f16BitsToF32, f32ToF16Bits } from '../../src/gpu';
import { Autotuner } from '../../src/kernels/autotune';
import { MATMUL_VARIANTS, type MatmulOptions, type MatmulVariant, fallbackVariant, matmul, matmulPlan } from '../../src/kernels/matmul';
import { tuneMatmul } from '../../src/kernels/matmul_tune';
import { matmulRef, matmulTolerance } from '../../src/reference/matmul';
import { createTestContext, getTestContext, maxAbsDiff, randomArray } from '../helpers/gpu';

let ctx: GpuContext;
beforeAll(async () => {
  ctx = await getTestContext();
});

type Mode = 'NN' | 'NT' | 'TN' | 'TT';

interface Case {
  m: number;
  n: number;
  k: number;
  mode: Mode;
  variant?: MatmulVariant;
  f16?: boolean;
  bias?: boolean;
  accumulate?: boolean;
  alpha?: number;
  tuner?: Autotuner;
}

let seed = 1;

/** Runs one case against the reference; returns the variant of each dispatch. */
async function check(c: Case, context: GpuContext = ctx): Promise<MatmulVariant[]> {
  const transA = c.mode[0] === 'T';
  const transB = c.mode[1] === 'T';
  const aData = randomArray(c.m * c.k, seed++);
  let bData = randomArray(c.k * c.n, seed++);
  if (c.f16) bData = bData.map((v) => f16BitsToF32(f32ToF16Bits(v))); // the reference sees the rounded weights
  const cData = randomArray(c.m * c.n, seed++);
  const biasData = randomArray(c.n, seed++);
  const a = context.tensor(transA ? [c.k, c.m] : [c.m, c.k], 'f32', aData, 'A');
  const b = context.tensor(transB ? [c.n, c.k] : [c.k, c.n], c.f16 ? 'f16' : 'f32', bData, 'B');
  const out = context.tensor([c.m, c.n], 'f32', cData, 'C');
  const bias = c.bias ? context.tensor([c.n], 'f32', biasData, 'bias') : undefined;
  const opts: MatmulOptions = { transA, transB, variant: c.variant, bias, accumulate: c.accumulate, alpha: c.alpha, tuner: c.tuner };
  const plan = matmulPlan(a, b, out, opts);
  context.run((rec) => matmul(rec, a, b, out, opts));
  const got = await out.read();
  const want = matmulRef(aData, bData, {
    m: c.m, n: c.n, k: c.k, transA, transB,
    bias: c.bias ? biasData : undefined, c: c.accumulate ? cData : undefined, alpha: c.alpha,
  });
  const tol = matmulTolerance(c.k, c.k * Math.abs(c.alpha ?? 1)) + (c.bias || c.accumulate ? 1e-6 : 0);
  expect(maxAbsDiff(got, want), `${JSON.stringify({ ...c, tuner: undefined })} plan ${JSON.stringify(plan)}`).toBeLessThanOrEqual(tol);
  for (const t of [a, b, out, bias]) t?.destroy();
  return plan.map((p) => p.variant);
}

const MODES: Mode[] = ['NN', 'NT', 'TN'];

describe('matmul variants × modes', () => {
  for (const variant of MATMUL_VARIANTS) {
    it(`${variant}: every mode on ragged multi-workgroup shapes, bias / accumulate / alpha`, async () => {
      for (const mode of MODES) {
        // Ragged M (TN needs M % 4), N past one 256-column workgroup, K over several steps.
        const m = mode === 'TN' ? 36 : 37;
        const used = await check({ m, n: 264, k: 20, mode, variant });
        if (variant !== 'reg_sg' || used[0] === 'reg_sg') expect(used, mode).toEqual([variant]);
        // Same pipeline (bias and alpha are uniforms).
        await check({ m: 12, n: 72, k: 16, mode, variant, bias: true, alpha: -0.5 });
        // Accumulating is its own (longer-compiling) pipeline with a mode-independent
        // epilogue: every mode on reg8/tiled, the weight-gradient mode (TN) elsewhere.
        if (variant === 'reg8' || variant === 'tiled' || mode === 'TN') {
          await check({ m: 12, n: 72, k: 16, mode, variant, accumulate: true, alpha: -0.5 });
          await check({ m: 70, n: 68, k: 132, mode, variant, bias: true, accumulate: true, alpha: 2 });
        }
      }
    });
  }

  it('sizes 1 and 7 and 37×61×129 in every mode (vec4 kernels hand these to tiled)', async () => {
    for (const mode of ['NN', 'NT', 'TN', 'TT'] as Mode[]) {
      expect(await check({ m: 1, n: 1, k: 1, mode, variant: 'reg_sg' })).toEqual(['tiled']);
      await check({ m: 7, n: 7, k: 7, mode });
      await check({ m: 37, n: 61, k: 129, mode, bias: true });
    }
  });

  it('f16 weights (B in f16, f32 accumulation) in every mode', async () => {
    if (!ctx.features.f16) return;
    for (const mode of MODES) {
      // reg8: the smallest register-blocked kernel (each one is a multi-second compile here).
      expect(await check({ m: 16, n: 72, k: 36, mode, f16: true, bias: true, variant: 'reg8' })).toEqual(['reg8']);
      await check({ m: 7, n: 5, k: 9, mode, f16: true }); // tiled
    }
    // The forward pass's default path for f16 weights (y = x Wᵀ): one more long compile.
    const used = await check({ m: 37, n: 72, k: 36, mode: 'NT', f16: true, bias: true, variant: 'reg_sg' });
    if (used[0] !== 'tiled') expect(used).toEqual(['reg_sg']);
  });

  it('batched with strides and leading dims: per-head attention scores and context', async () => {
    // q, k, v stored [T, H, D] (heads interleaved, as a projection writes them).
    const T = 12, H = 3, D = 8;
    const q = randomArray(T * H * D, 11), kk = randomArray(T * H * D, 12), v = randomArray(T * H * D, 13);
    const qt = ctx.tensor([T, H * D], 'f32', q, 'q');
    const kt = ctx.tensor([T, H * D], 'f32', kk, 'k');
    const vt = ctx.tensor([T, H * D], 'f32', v, 'v');
    const st = ctx.tensor([H, T, T], 'f32', undefined, 'scores');
    const ot = ctx.tensor([T, H * D], 'f32', undefined, 'context');
    for (const variant of ['reg8', 'tiled'] as MatmulVariant[]) {
      // scores[h] = q_h k_hᵀ / sqrt(D)
      const alpha = 1 / Math.sqrt(D);
      const sOpts: MatmulOptions = { transB: true, m: T, n: T, k: D, batch: H, lda: H * D, ldb: H * D, strideA: D, strideB: D, strideC: T * T, alpha, variant };
      expect(matmulPlan(qt, kt, st, sOpts).map((p) => p.variant)).toEqual([variant]);
      ctx.run((rec) => matmul(rec, qt, kt, st, sOpts));
      const wantS = matmulRef(q, kk, { m: T, n: T, k: D, transB: true, batch: H, lda: H * D, ldb: H * D, strideA: D, strideB: D, strideC: T * T, alpha });
      expect(maxAbsDiff(await st.read(), wantS)).toBeLessThan(1e-5);
      // context[:, h] = scores[h] v_h, written back interleaved (ldc = H*D, offset h*D).
      const cOpts: MatmulOptions = { m: T, n: D, k: T, batch: H, ldb: H * D, ldc: H * D, strideA: T * T, strideB: D, strideC: D, variant };
      expect(matmulPlan(st, vt, ot, cOpts).map((p) => p.variant)).toEqual([variant]);
      ctx.run((rec) => matmul(rec, st, vt, ot, cOpts));
      const wantO = matmulRef(wantS, v, { m: T, n: D, k: T, batch: H, ldb: H * D, ldc: H * D, strideA: T * T, strideB: D, strideC: D });
      expect(maxAbsDiff(await ot.read(), wantO)).toBeLessThan(1e-5);
    }
    for (const t of [qt, kt, vt, st, ot]) t.destroy();
  });
});

describe('matmul over operands split across bindings', () => {
  it('splits A, B and C into shards in every mode (LM-head style N split, K split accumulates)', async () => {
    // 512-byte bindings: a 24-float row fits 5 times, so every operand here has several shards.
    const small = await createTestContext({ maxBindingBytes: 512 });
    for (const mode of MODES) {
      for (const variant of ['reg8', 'tiled'] as MatmulVariant[]) {
        const used = await check({ m: 20, n: 24, k: 24, mode, variant, bias: true }, small);
        expect(used.length).toBeGreaterThan(4);
        await check({ m: 20, n: 24, k: 24, mode, variant, accumulate: true }, small);
      }
      if (small.features.f16) await check({ m: 8, n: 40, k: 32, mode, f16: true, variant: 'reg8' }, small);
    }
    small.device.destroy();
  });
});

describe('matmul input errors', () => {
  it('says what is wrong and what to do', () => {
    const a = ctx.tensor([4, 8], 'f32');
    const b = ctx.tensor([6, 5], 'f32');
    const c = ctx.tensor([4, 5], 'f32');
    const rec = ctx.recorder('errors');
    expect(() => matmul(rec, a, b, c)).toThrow(/inner dimensions differ.*transA\/transB/);
    const b2 = ctx.tensor([8, 5], 'f32');
    expect(() => matmul(rec, a, b2, ctx.tensor([5, 4], 'f32'))).toThrow(/C .* is \[5, 4\] but the product is \[4, 5\]/);
    expect(() => matmul(rec, a, b2, c, { bias: ctx.tensor([4], 'f32') })).toThrow(/bias .* N = 5/);
    expect(() => matmul(rec, a, b2, c, { batch: 2 })).toThrow(/explicit m, n and k/);
    expect(() => matmul(rec, a, b2, c, { m: 4, n: 5, k: 8, batch: 2, strideA: 32 })).toThrow(/reads element .* check m\/n\/k/);
    if (ctx.features.f16) expect(() => matmul(rec, ctx.tensor([4, 8], 'f16'), b2, c)).toThrow(/A must be f32/);
    expect(() => matmul(rec, a, b2, c, { batch: 0 })).toThrow(/positive integer/);
  });

  it('rejects batched use of sharded operands', async () => {
    const small = await createTestContext({ maxBindingBytes: 256 });
    const a = small.tensor([8, 16], 'f32');
    const b = small.tensor([16, 16], 'f32');
    const c = small.tensor([8, 16], 'f32');
    expect(() => matmul(small.recorder(), a, b, c, { m: 4, n: 16, k: 16, batch: 2, strideA: 64, strideC: 64 })).toThrow(/sharded tensors/);
    small.device.destroy();
  });
});

describe('matmul autotuner', () => {
  it('times the candidates, remembers the winner, round-trips its cache, and falls back deterministically', async () => {
    const tuner = new Autotuner();
    const shape = { m: 40, n: 72, k: 24, transB: true };
    const untuned = matmulPlan(ctx.tensor([40, 24], 'f32'), ctx.tensor([72, 24], 'f32'), ctx.tensor([40, 72], 'f32'), { transB: true, tuner });
    expect(untuned[0]!.variant).toBe(fallbackVariant(ctx, { ...shape, batch: 1, transA: false, bDtype: 'f32' }));
    const report = await tuneMatmul(ctx, shape, { tuner, reps: 1 });
    expect(MATMUL_VARIANTS).toContain(report.winner);
    const finite = Object.values(report.timings).filter((t) => Number.isFinite(t));
    expect(finite.length).toBeGreaterThanOrEqual(2);
    expect(report.timings[report.winner]).toBe(Math.min(...finite));
    const restored = new Autotuner(JSON.parse(JSON.stringify(tuner.export())));
    expect(restored.get(report.key)).toBe(report.winner);
    // Same shape class (buckets), different exact size: the tuned winner is used.
    const plan = matmulPlan(ctx.tensor([36, 24], 'f32'), ctx.tensor([68, 24], 'f32'), ctx.tensor([36, 68], 'f32'), { transB: true, tuner: restored });
    expect(plan[0]!.variant).toBe(report.winner);
    await check({ m: 36, n: 68, k: 24, mode: 'NT', tuner: restored });
    expect(() => new Autotuner({ version: 2 } as never)).toThrow(/version-1 tuning cache/);
  });
});
