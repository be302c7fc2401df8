// AdamW update of one f32 parameter tensor in place (torch.optim.AdamW semantics), with
// the global clip factor read from the grad-norm output and a GPU-side skip when the
// non-finite guard counted bad values. Operands may be sharded (per-segment dispatch).
// src/train/adamw.ts runs it over a parameter list in one command encoder.
import wgsl from '../../shaders/adamw.wgsl?raw';
import { type Recorder, type Tensor, params, specialize } from '../gpu';
import { expectDType, expectDistinct, expectSameShape, kernelFor, segmentsOf, vecWidth } from './launch';

const WG = 256;
// Built once per variant so the pipeline cache sees the same strings (see wgsl.ts).
const SOURCES = {
  plain: `alias S = V;\n${wgsl}`,
  f16x1: `alias S = f16;\n${wgsl}`,
  f16x4: `alias S = vec4<f16>;\n${wgsl}`,
};

export interface AdamWHyper {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  /** Decoupled weight decay for this tensor (0 for norms and biases). */
  weightDecay: number;
  /** 1-based step number, for bias correction. */
  step: number;
  /** Multiplies the gradient (e.g. 1 / micro-batches). */
  gradScale: number;
}

export interface AdamWTensors {
  param: Tensor;
  grad: Tensor;
  m: Tensor;
  v: Tensor;
  /** [‖g‖, clip, ...] from finishNorm (clip = 1 when not clipping). */
  norm: Tensor;
  /** u32 counters from countNonFinite; flags[0] ≠ 0 skips the update. */
  flags: Tensor;
  /** Optional f16 copy of the new weights (same shape) for an f16 forward; needs shader-f16. */
  shadow?: Tensor;
}

export function adamwUpdate(rec: Recorder, t: AdamWTensors, h: AdamWHyper): void {
  const what = 'adamw';
  for (const x of [t.param, t.grad, t.m, t.v, t.norm]) expectDType(what, x, 'f32');
  expectDType(what, t.flags, 'u32');
  expectSameShape(what, t.param, t.grad);
  expectSameShape(what, t.param, t.m);
  expectSameShape(what, t.param, t.v);
  expectDistinct(what, t.param, t.grad, t.m, t.v);
  if (t.shadow) {
    expectDType(what, t.shadow, 'f16');
    expectSameShape(what, t.param, t.shadow);
    if (!rec.ctx.features.f16) throw new Error(`adamw: the f16 copy "${t.shadow.label}" needs shader-f16, which this GPU lacks; run the forward on the f32 weights instead`);
  }
  if (!Number.isInteger(h.step) || h.step < 1) throw new Error(`adamw: step ${h.step} must be a positive integer (bias correction uses β^step)`);
  for (const [k, v] of Object.entries(h)) {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`adamw: ${k} = ${v} is not a finite number`);
  }
  const bc1 = 1 - h.beta1 ** h.step;
  const bc2 = 1 - h.beta2 ** h.step;
  const operands = t.shadow ? [t.param, t.grad, t.m, t.v, t.shadow] : [t.param, t.grad, t.m, t.v];
  const vec = vecWidth(operands);
  const shadow = !!t.shadow;
  const label = `adamw${shadow ? '.shadow' : ''}.x${vec}`;
  const k = kernelFor(rec.ctx, label, () => ({
    label,
    code: shadow ? `enable f16;\n${specialize(vec === 4 ? SOURCES.f16x4 : SOURCES.f16x1, { dtype: 'f32', vec })}` : specialize(SOURCES.plain, { dtype: 'f32', vec }),
    entryPoint: shadow ? 'adamw_shadow' : 'adamw',
    constants: { WG },
    bindings: ['write', 'read', 'write', 'write', 'read', 'read', 'uniform', ...(shadow ? (['write'] as const) : [])],
  }));
  const norm = t.norm.binding();
  const flags = t.flags.binding();
  const row = t.param.rowLength;
  for (const seg of segmentsOf(operands)) {
    const [pw, pg, pm, pv, ps] = seg.parts;
    const n = (seg.rows * row) / vec;
    const u = params()
      .u32(n)
      .u32((pw.rowOffset * row) / vec)
      .u32((pg.rowOffset * row) / vec)
      .u32((pm.rowOffset * row) / vec)
      .u32((pv.rowOffset * row) / vec)
      .f32(h.lr)
      .f32(h.beta1)
      .f32(h.beta2)
      .f32(h.eps)
      .f32(h.weightDecay)
      .f32(bc1)
      .f32(bc2)
      .f32(h.gradScale)
      .u32(ps ? (ps.rowOffset * row) / vec : 0);
    const args = [pw.shard, pg.shard, pm.shard, pv.shard, norm, flags, u, ...(ps ? [ps.shard] : [])];
    rec.dispatch(k, args, rec.ctx.grid(Math.ceil(n / WG)));
  }
}
