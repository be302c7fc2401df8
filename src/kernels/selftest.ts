// Kernel self-test: runs every kernel family once on small random inputs and compares it
// with the float64 CPU reference. The app calls it to prove the user's GPU computes
// correctly before training; tests call it too. Small shapes: SwiftShader in a browser
// compiles a pipeline in about a second.
import type { GpuContext, Recorder, Tensor } from '../gpu';
import { refAccumulate, refAdd, refMul, refScale, refSilu, refSiluMul } from '../reference/elementwise';
import { refCastToF16 } from '../reference/cast';
import { matmulRef, matmulTolerance } from '../reference/matmul';
import { refRowMax, refRowSum } from '../reference/reduce';
import { refSoftmax } from '../reference/softmax';
import { cast } from './cast';
import { accumulate, add, mul, scale, silu, siluMul } from './elementwise';
import { matmul } from './matmul';
import { rowMax, rowSum } from './reduce';
import { softmax } from './softmax';
import { messageOf } from '../util/errors';

export interface SelfTestResult {
  name: string;
  ok: boolean;
  /** Largest |GPU - reference| over the outputs (NaN if the case threw). */
  maxAbsErr: number;
  /** Wall time of the case, pipeline compilation included. */
  ms: number;
  /** Why it failed, when it threw. */
  error?: string;
}

interface Case {
  name: string;
  needsF16?: boolean;
  run: (ctx: GpuContext) => Promise<{ err: number; tol: number }>;
}

/** Deterministic values in [lo, hi) (xorshift), so a failure can be reproduced. */
function values(n: number, seed: number, lo = -1, hi = 1): Float32Array {
  let s = (seed * 2654435761) >>> 0 || 1;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    out[i] = lo + (s / 4294967296) * (hi - lo);
  }
  return out;
}

function maxAbs(got: ArrayLike<number>, want: ArrayLike<number>): number {
  if (got.length !== want.length) return Infinity;
  let m = 0;
  for (let i = 0; i < got.length; i++) {
    const d = Math.abs(got[i] - want[i]);
    if (!(d <= m)) m = Number.isNaN(d) ? Infinity : d;
  }
  return m;
}

/** Records `record` with fresh tensors, reads `out`, frees everything. */
async function gpu(ctx: GpuContext, inputs: { shape: number[]; dtype?: 'f32' | 'f16'; data?: Float32Array }[], outShape: number[], record: (rec: Recorder, ins: Tensor[], out: Tensor) => void, outDtype: 'f32' | 'f16' = 'f32'): Promise<Float32Array> {
  const ins = inputs.map((i, k) => ctx.tensor(i.shape, i.dtype ?? 'f32', i.data, `selftest in${k}`));
  const out = ctx.tensor(outShape, outDtype, undefined, 'selftest out');
  try {
    const rec = ctx.recorder('selftest');
    record(rec, ins, out);
    const result = rec.read(out);
    rec.submit();
    return (await result) as Float32Array;
  } finally {
    for (const t of [...ins, out]) t.destroy();
  }
}

const R = 37;
const C = 61;
const a = values(R * C, 1, -4, 4);
const b = values(R * C, 2);
const row = values(C, 3);

function elementwiseCase(name: string, f: (rec: Recorder, x: Tensor, y: Tensor, out: Tensor) => void, want: () => Float64Array, second = b): Case {
  return {
    name,
    run: async (ctx) => {
      const got = await gpu(ctx, [{ shape: [R, C], data: a }, { shape: [second.length / C, C], data: second }], [R, C], (rec, [x, y], out) => {
        if (name === 'elementwise.accumulate') rec.copy(y, out);
        f(rec, x, y, out);
      });
      return { err: maxAbs(got, want()), tol: 1e-5 };
    },
  };
}

const CASES: Case[] = [
  elementwiseCase('elementwise.add', (rec, x, y, o) => add(rec, x, y, o), () => refAdd(a, b)),
  elementwiseCase('elementwise.add (row broadcast)', (rec, x, y, o) => add(rec, x, y, o), () => refAdd(a, row), row),
  elementwiseCase('elementwise.mul', (rec, x, y, o) => mul(rec, x, y, o), () => refMul(a, b)),
  elementwiseCase('elementwise.silu_mul', (rec, x, y, o) => siluMul(rec, x, y, o), () => refSiluMul(a, b)),
  elementwiseCase('elementwise.scale', (rec, x, _y, o) => scale(rec, x, -0.75, o), () => refScale(a, -0.75)),
  elementwiseCase('elementwise.silu', (rec, x, _y, o) => silu(rec, x, o), () => refSilu(a)),
  elementwiseCase('elementwise.accumulate', (rec, x, _y, o) => accumulate(rec, x, o, 0.5), () => refAccumulate(a, b, 0.5)),
  {
    name: 'reduce.row_sum',
    run: async (ctx) => {
      const got = await gpu(ctx, [{ shape: [R, C], data: a }], [R], (rec, [x], out) => rowSum(rec, x, out));
      return { err: maxAbs(got, refRowSum(a, R, C)), tol: 1e-4 };
    },
  },
  {
    name: 'reduce.row_max',
    run: async (ctx) => {
      const got = await gpu(ctx, [{ shape: [R, C], data: a }], [R], (rec, [x], out) => rowMax(rec, x, out));
      return { err: maxAbs(got, refRowMax(a, R, C)), tol: 0 };
    },
  },
  {
    name: 'softmax (37×61)',
    run: async (ctx) => {
      const got = await gpu(ctx, [{ shape: [R, C], data: a }], [R, C], (rec, [x], out) => softmax(rec, x, out));
      return { err: maxAbs(got, refSoftmax(a, R, C)), tol: 1e-6 };
    },
  },
  {
    name: 'softmax (2×5000, longer than a workgroup)',
    run: async (ctx) => {
      const x = values(2 * 5000, 4, -10, 10);
      const got = await gpu(ctx, [{ shape: [2, 5000], data: x }], [2, 5000], (rec, [t], out) => softmax(rec, t, out));
      return { err: maxAbs(got, refSoftmax(x, 2, 5000)), tol: 1e-6 };
    },
  },
  {
    name: 'matmul (37×61 · 61×29)',
    run: async (ctx) => {
      const bm = values(C * 29, 5);
      const got = await gpu(ctx, [{ shape: [R, C], data: a }, { shape: [C, 29], data: bm }], [R, 29], (rec, [x, w], out) => matmul(rec, x, w, out));
      return { err: maxAbs(got, matmulRef(a, bm, { m: R, n: 29, k: C })), tol: matmulTolerance(C, 4 * C) };
    },
  },
  {
    name: 'matmul (x·Wᵀ, W [29×61])',
    run: async (ctx) => {
      const w = values(29 * C, 6);
      const got = await gpu(ctx, [{ shape: [R, C], data: a }, { shape: [29, C], data: w }], [R, 29], (rec, [x, wt], out) => matmul(rec, x, wt, out, { transB: true }));
      return { err: maxAbs(got, matmulRef(a, w, { m: R, n: 29, k: C, transB: true })), tol: matmulTolerance(C, 4 * C) };
    },
  },
  {
    name: 'elementwise.add (f16)',
    needsF16: true,
    run: async (ctx) => {
      const ah = refCastToF16(a);
      const bh = refCastToF16(b);
      const got = await gpu(ctx, [{ shape: [R, C], dtype: 'f16', data: a }, { shape: [R, C], dtype: 'f16', data: b }], [R, C], (rec, [x, y], out) => add(rec, x, y, out), 'f16');
      // One f16 rounding of a result below 6 in magnitude: ≤ 2^-9.
      return { err: maxAbs(got, refAdd(ah, bh)), tol: 2 ** -9 };
    },
  },
  {
    name: 'cast f32 → f16 → f32',
    needsF16: true,
    run: async (ctx) => {
      const x = values(R * C, 7, -70000, 70000);
      const got = await gpu(ctx, [{ shape: [R, C], data: x }], [R, C], (rec, [t], out) => {
        const h = ctx.tensor([R, C], 'f16', undefined, 'selftest f16');
        cast(rec, t, h);
        cast(rec, h, out);
        h.destroy(); // safe: nothing allocates between here and this recorder's submit
      });
      return { err: maxAbs(got, refCastToF16(x)), tol: 0 };
    },
  },
];

/** Runs every kernel on small inputs against the CPU reference. Never throws per case. */
export async function runKernelSelfTest(ctx: GpuContext, onProgress?: (done: number, total: number, name: string) => void): Promise<SelfTestResult[]> {
  const cases = CASES.filter((c) => !c.needsF16 || ctx.features.f16);
  const results: SelfTestResult[] = [];
  for (const c of cases) {
    onProgress?.(results.length, cases.length, c.name);
    const t0 = performance.now();
    try {
      const { err, tol } = await c.run(ctx);
      await ctx.checkErrors();
      results.push({ name: c.name, ok: err <= tol, maxAbsErr: err, ms: performance.now() - t0 });
    } catch (e) {
      results.push({ name: c.name, ok: false, maxAbsErr: NaN, ms: performance.now() - t0, error: messageOf(e) });
    }
  }
  onProgress?.(results.length, cases.length, 'done');
  return results;
}
