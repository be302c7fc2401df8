// Matrix-vector kernels (decode: y = W x for 1..8 vectors, W [out, in]) against the
// float64 reference: every variant, ragged sizes, scalar (in % 4 != 0) and vec4 paths,
// bias, accumulate, f16 weights, a folded RMSNorm or SwiGLU, W split across bindings, several
// matrices in one dispatch (matvecs), bad input, and the autotuner.
// About 30 s on an idle 2-core lavapipe (pipeline compiles dominate).
import { beforeAll, describe, expect, it } from 'vitest';
import { type GpuContext, type Tensor, f16BitsToF32, f32ToF16Bits } from '../../src/gpu';
import { Autotuner } from '../../src/kernels/autotune';
import { MATVEC_VARIANTS, type MatvecVariant, matvec, matvecs, matvecsFit } from '../../src/kernels/matvec';
import { tuneMatvec } from '../../src/kernels/matvec_tune';
import { matmulTolerance, matvecRef } from '../../src/reference/matmul';
import { createTestContext, getTestContext, maxAbsDiff, randomArray } from '../helpers/gpu';

let ctx: GpuContext;
beforeAll(async () => {
  ctx = await getTestContext();
});

let seed = 100;

async function check(out: number, inDim: number, vectors: number, variant?: MatvecVariant, o: { f16?: boolean; bias?: boolean; accumulate?: boolean; norm?: boolean; glu?: boolean } = {}, context = ctx): Promise<void> {
  let wData = randomArray(out * inDim, seed++);
  if (o.f16) wData = wData.map((v) => f16BitsToF32(f32ToF16Bits(v)));
  const xData = randomArray(vectors * inDim, seed++);
  const bData = randomArray(out, seed++);
  const w = context.tensor([out, inDim], o.f16 ? 'f16' : 'f32', wData, 'W');
  const x = context.tensor([vectors, inDim], 'f32', xData, 'x');
  const yData = randomArray(vectors * out, seed++);
  const y = context.tensor([vectors, out], 'f32', yData, 'y');
  const bias = o.bias ? context.tensor([out], 'f32', bData, 'bias') : undefined;
  // RMSNorm on the way in: the float64 reference normalises x first.
  const gData = randomArray(inDim, seed++).map((v) => 1 + v);
  const eps = 1e-5;
  const g = o.norm ? context.tensor([inDim], 'f32', gData, 'norm weight') : undefined;
  // SwiGLU on the way in: x is the gate; the reference forms silu(gate) · up first.
  const upData = randomArray(vectors * inDim, seed++);
  const up = o.glu ? context.tensor([vectors, inDim], 'f32', upData, 'up') : undefined;
  context.run((rec) => matvec(rec, w, x, y, { variant, bias, accumulate: o.accumulate, norm: g ? { weight: g, eps } : undefined, glu: up ? { up } : undefined }));
  let xRef: ArrayLike<number> = xData;
  if (o.glu) xRef = Float64Array.from(xData, (a, j) => (a / (1 + Math.exp(-a))) * upData[j]!);
  if (o.norm) xRef = normRef(xData, gData, vectors, inDim, eps);
  const want = matvecRef(wData, xRef, out, inDim, vectors, o.bias ? bData : undefined);
  if (o.accumulate) want.forEach((v, i) => (want[i] = v + yData[i]!));
  expect(maxAbsDiff(await y.read(), want), `${out}x${inDim} v${vectors} ${variant} ${JSON.stringify(o)}`).toBeLessThanOrEqual(matmulTolerance(inDim, inDim) + 1e-6);
  for (const t of [w, x, y, bias, g, up]) t?.destroy();
}

/** x RMS-normalised per vector and scaled by g, in float64 (the reference of a folded norm). */
function normRef(xData: Float32Array, gData: Float32Array, vectors: number, inDim: number, eps: number): Float64Array {
  const xn = new Float64Array(xData.length);
  for (let v = 0; v < vectors; v++) {
    let ss = 0;
    for (let i = 0; i < inDim; i++) ss += xData[v * inDim + i]! ** 2;
    const r = 1 / Math.sqrt(ss / inDim + eps);
    for (let i = 0; i < inDim; i++) xn[v * inDim + i] = xData[v * inDim + i]! * r * gData[i]!;
  }
  return xn;
}

/** matvecs over matrices of `outs` rows each, against one float64 reference product per matrix. */
async function checkMany(outs: number[], inDim: number, vectors: number, variant?: MatvecVariant, o: { f16?: boolean; bias?: boolean; norm?: boolean } = {}, context = ctx): Promise<void> {
  const xData = randomArray(vectors * inDim, seed++);
  const x = context.tensor([vectors, inDim], 'f32', xData, 'x');
  const gData = randomArray(inDim, seed++).map((v) => 1 + v);
  const g = o.norm ? context.tensor([inDim], 'f32', gData, 'norm weight') : undefined;
  const eps = 1e-5;
  const products = outs.map((out, m) => {
    let wData = randomArray(out * inDim, seed++);
    if (o.f16) wData = wData.map((v) => f16BitsToF32(f32ToF16Bits(v)));
    const bData = randomArray(out, seed++);
    return {
      wData,
      bData,
      w: context.tensor([out, inDim], o.f16 ? 'f16' : 'f32', wData, `W${m}`),
      // Outputs start as garbage: matvecs overwrites them.
      y: context.tensor([vectors, out], 'f32', randomArray(vectors * out, seed++), `y${m}`),
      bias: o.bias ? context.tensor([out], 'f32', bData, `bias${m}`) : undefined,
    };
  });
  context.run((rec) => matvecs(rec, x, products, { variant, norm: g ? { weight: g, eps } : undefined }));
  const xRef = o.norm ? normRef(xData, gData, vectors, inDim, eps) : xData;
  for (const [m, p] of products.entries()) {
    const want = matvecRef(p.wData, xRef, outs[m]!, inDim, vectors, o.bias ? p.bData : undefined);
    expect(maxAbsDiff(await p.y.read(), want), `matrix ${m} of ${outs} x ${inDim} v${vectors} ${variant} ${JSON.stringify(o)}`).toBeLessThanOrEqual(matmulTolerance(inDim, inDim) + 1e-6);
  }
  for (const t of [x, g, ...products.flatMap((p) => [p.w, p.y, p.bias])]) t?.destroy();
}

/** W [4, 8], x [1, 8] (labelled `xLabel`), y [1, 4]: operands for the bad-input checks. */
function smallProduct(xLabel: string): { w: Tensor; x: Tensor; y: Tensor } {
  return { w: ctx.tensor([4, 8], 'f32', undefined, 'W'), x: ctx.tensor([1, 8], 'f32', undefined, xLabel), y: ctx.tensor([1, 4], 'f32', undefined, 'y') };
}

describe('matvec', () => {
  for (const variant of MATVEC_VARIANTS) {
    it(`${variant}: ragged rows, vec4 and scalar paths, several vectors, bias`, async () => {
      await check(1, 1, 1, variant);
      await check(67, 136, 1, variant, { bias: true }); // vec4; 136 = 17 units: a subgroup step plus a tail
      await check(67, 37, 1, variant, { accumulate: true }); // scalar path; y += W x
      // 3 and 8 vectors on one variant each (pipelines are per vector count).
      if (variant === 'split') await check(130, 64, 3, variant, { bias: true });
      if (variant === 'rowlane_sg') await check(9, 40, 8, variant);
    });
  }

  it('RMSNorm folded in: every variant, vec4 and scalar paths, several vectors, bias, accumulate, f16', async () => {
    for (const variant of MATVEC_VARIANTS) {
      await check(67, 136, 1, variant, { norm: true, bias: true }); // 17 units: a subgroup step plus a tail
      await check(67, 37, 1, variant, { norm: true, accumulate: true }); // scalar path
    }
    await check(130, 64, 3, 'split', { norm: true });
    await check(9, 40, 8, 'rowlane_sg', { norm: true });
    if (ctx.features.f16) await check(33, 72, 2, undefined, { norm: true, f16: true });
    const { w, x, y } = smallProduct('x');
    const bad = ctx.recorder('bad norm');
    expect(() => matvec(bad, w, x, y, { norm: { weight: ctx.tensor([4], 'f32', undefined, 'g'), eps: 1e-5 } })).toThrow(/norm weight "g" must be f32 with 8 elements/);
    bad.abandon(new Error('test'));
  });

  it('SwiGLU folded in: every variant, vec4 and scalar paths, several vectors, accumulate, f16; not with a norm', async () => {
    for (const variant of MATVEC_VARIANTS) {
      await check(67, 136, 1, variant, { glu: true, accumulate: true }); // 17 units: a subgroup step plus a tail
      await check(67, 37, 1, variant, { glu: true }); // scalar path
    }
    await check(130, 64, 3, 'split', { glu: true, bias: true });
    await check(9, 40, 8, 'rowlane_sg', { glu: true });
    if (ctx.features.f16) await check(33, 72, 2, undefined, { glu: true, f16: true });
    const { w, x, y } = smallProduct('gate');
    const bad = ctx.recorder('bad glu');
    expect(() => matvec(bad, w, x, y, { glu: { up: ctx.tensor([1, 4], 'f32', undefined, 'up') } })).toThrow(/glu up "up" must be f32 \[1, 8\] like the gate "gate"/);
    expect(() => matvec(bad, w, x, y, { glu: { up: x }, norm: { weight: ctx.tensor([8], 'f32'), eps: 1e-5 } })).toThrow(/norm and glu cannot be folded into the same product/);
    bad.abandon(new Error('test'));
  });

  it('several matrices in one dispatch (matvecs): every variant, ragged rows, vec4 and scalar paths, norm, biases, vectors, f16', async () => {
    for (const variant of MATVEC_VARIANTS) {
      // q/k/v-like: a wide matrix then two narrow ones; row counts not multiples of a workgroup's rows.
      await checkMany([67, 13, 13], 136, 1, variant, { norm: true }); // 17 units: a subgroup step plus a tail
      await checkMany([67, 13, 70], 37, 1, variant, { bias: true }); // scalar path
    }
    await checkMany([130, 66], 64, 3, 'split', { norm: true, bias: true }); // gate/up-like, 3 vectors
    await checkMany([9, 140, 5], 40, 8, 'rowlane_sg', { norm: true, bias: true });
    await checkMany([33], 72, 2, undefined, { norm: true });
    if (ctx.features.f16) await checkMany([33, 8, 8], 72, 2, undefined, { norm: true, f16: true });
  });

  it('matvecs refuses what one dispatch cannot hold, and fits 3 products in 8 storage buffers only without biases', async () => {
    const x = ctx.tensor([1, 8], 'f32', undefined, 'x');
    const p = (out: number, label: string, bias = false) => ({ w: ctx.tensor([out, 8], 'f32', undefined, label), y: ctx.tensor([1, out], 'f32'), bias: bias ? ctx.tensor([out], 'f32') : undefined });
    const bad = ctx.recorder('bad matvecs');
    expect(() => matvecs(bad, x, [])).toThrow(/0 products; it takes 1\.\.3/);
    expect(() => matvecs(bad, x, [p(4, 'a'), p(4, 'b'), p(4, 'c'), p(4, 'd')])).toThrow(/4 products; it takes 1\.\.3/);
    expect(() => matvecs(bad, x, [p(4, 'a', true), p(4, 'b')])).toThrow(/product 1 lacks a bias; every product has one or none does/);
    if (ctx.features.f16) {
      const f16 = { w: ctx.tensor([4, 8], 'f16', undefined, 'half'), y: ctx.tensor([1, 4], 'f32') };
      expect(() => matvecs(bad, x, [p(4, 'a'), f16])).toThrow(/W "half" is f16 but "a" is f32/);
    }
    expect(() => matvecs(bad, x, [p(4, 'a'), { w: ctx.tensor([4, 9], 'f32', undefined, 'wide'), y: ctx.tensor([1, 4], 'f32') }])).toThrow(/must be \[vectors, 9\]/);
    bad.abandon(new Error('test'));
    // A device with WebGPU's default 8 storage buffers per stage: q/k/v with a norm fit, with biases they do not.
    const eight = await createTestContext({ capLimits: { maxStorageBuffersPerShaderStage: 8 } });
    try {
    expect(eight.limits.maxStorageBuffersPerShaderStage).toBe(8);
    const q = (out: number, bias: boolean) => ({ w: eight.tensor([out, 8], 'f32'), y: eight.tensor([1, out], 'f32'), bias: bias ? eight.tensor([out], 'f32') : undefined });
    expect(matvecsFit(eight, [q(8, false), q(4, false), q(4, false)], true)).toBe(true);
    expect(matvecsFit(eight, [q(8, true), q(4, true), q(4, true)], true)).toBe(false);
    expect(matvecsFit(eight, [q(8, true), q(4, true)], true)).toBe(true);
    const rec = eight.recorder('too many bindings');
    expect(() => matvecs(rec, eight.tensor([1, 8], 'f32'), [q(8, true), q(4, true), q(4, true)], { norm: { weight: eight.tensor([8], 'f32'), eps: 1e-5 } })).toThrow(/maxStorageBuffersPerShaderStage/);
    rec.abandon(new Error('test'));
    await checkMany([8, 4, 4], 8, 1, undefined, { norm: true }, eight); // 8 bindings exactly
    // mixed dtypes do not fit one dispatch (the decoder then records a matvec each)
    if (eight.features.f16) expect(matvecsFit(eight, [q(8, false), { w: eight.tensor([4, 8], 'f16'), y: eight.tensor([1, 4], 'f32') }], true)).toBe(false);
    } finally {
      eight.device.destroy();
    }
  });

  it('f16 weights', async () => {
    if (!ctx.features.f16) return;
    // One pipeline per variant (vec4 path), plus the scalar path of the default variant:
    // each is another multi-second compile on lavapipe.
    for (const variant of MATVEC_VARIANTS) await check(33, 72, 1, variant, { f16: true, bias: true });
    await check(5, 7, 1, undefined, { f16: true });
  });

  it('W split across bindings (one dispatch per shard)', async () => {
    const small = await createTestContext({ maxBindingBytes: 1024 });
    for (const variant of MATVEC_VARIANTS) await check(70, 32, 1, variant, { bias: true }, small); // 8 rows per shard
    if (small.features.f16) await check(70, 32, 1, undefined, { f16: true }, small);
    small.device.destroy();
  });

  it('rejects bad input with advice', () => {
    const w = ctx.tensor([6, 8], 'f32');
    const rec = ctx.recorder();
    expect(() => matvec(rec, w, ctx.tensor([1, 7], 'f32'), ctx.tensor([1, 6], 'f32'))).toThrow(/must be \[vectors, 8\]/);
    expect(() => matvec(rec, w, ctx.tensor([9, 8], 'f32'), ctx.tensor([9, 6], 'f32'))).toThrow(/1\.\.8 \(use matmul/);
    expect(() => matvec(rec, w, ctx.tensor([2, 8], 'f32'), ctx.tensor([1, 6], 'f32'))).toThrow(/product is \[2, 6\]/);
    expect(() => matvec(rec, w, ctx.tensor([1, 8], 'f32'), ctx.tensor([1, 6], 'f32'), { bias: ctx.tensor([5], 'f32') })).toThrow(/6 elements/);
  });

  it('autotuner picks a measured winner for the shape class', async () => {
    const tuner = new Autotuner();
    const report = await tuneMatvec(ctx, { out: 256, in: 128, vectors: 1 }, { tuner, reps: 1 });
    expect(MATVEC_VARIANTS).toContain(report.winner);
    const finite = Object.values(report.timings).filter((t) => Number.isFinite(t));
    expect(finite.length).toBeGreaterThanOrEqual(2);
    expect(report.timings[report.winner]).toBe(Math.min(...finite));
    expect(tuner.get(report.key)).toBe(report.winner);
  });
});
