// Global L2 norm of many tensors for gradient clipping, on the GPU in two deterministic
// stages: per-shard partial sums of squares into fixed slots, then one workgroup that
// writes [‖g‖, clip, Σ g²]. The first stage also counts non-finite values into the guard's
// flags (see kernels/nonfinite.ts), so gradients are read once for both.
// src/train/grad-norm.ts plans the slots for a parameter list.
import wgsl from '../../shaders/grad_norm.wgsl?raw';
import { type Recorder, type Tensor, type TensorShard, params, specialize } from '../gpu';
import { expectDType, kernelFor } from './launch';

const WG = 256;
const SOURCES = { 1: `alias U = u32;\n${wgsl}`, 4: `alias U = vec4<u32>;\n${wgsl}` } as const;


/** Workgroups per shard at most: enough to fill a GPU, few enough for one finishing group. */
export const MAX_GROUPS_PER_SHARD = 64;

/** Partial slots that sumSquares() uses for `x` (one per workgroup, per shard). */
export function sumSquaresSlots(x: Tensor): number {
  let slots = 0;
  for (const s of x.shards) slots += groupsFor(units(x, s.rows));
  return slots;
}

function units(x: Tensor, rows: number): number {
  const n = rows * x.rowLength;
  return n % 4 === 0 ? n / 4 : n;
}

function groupsFor(n: number): number {
  return Math.max(1, Math.min(MAX_GROUPS_PER_SHARD, Math.ceil(n / WG)));
}

/**
 * Writes Σ x² of each workgroup's share into partials[slot ..]; returns the next free slot.
 * With flagSlot ≥ 1, non-finite values of x are added to flags[0] and flags[flagSlot]
 * (u32 counters, see kernels/nonfinite.ts); with 0, flags is bound but untouched.
 */
export function sumSquares(rec: Recorder, x: Tensor, partials: Tensor, slot: number, flags: Tensor, flagSlot = 0): number {
  expectDType('sumSquares', x, 'f32');
  expectDType('sumSquares', partials, 'f32');
  expectDType('sumSquares', flags, 'u32');
  if (!Number.isInteger(flagSlot) || flagSlot < 0 || (flagSlot > 0 && flagSlot >= flags.numel)) {
    throw new Error(`sumSquares: flag slot ${flagSlot} is outside "${flags.label}" (slots 1..${flags.numel - 1}, or 0 for none)`);
  }
  const fl: TensorShard = flags.binding();
  const end = slot + sumSquaresSlots(x);
  if (end > partials.numel) throw new Error(`sumSquares: "${x.label}" needs slots [${slot}, ${end}) but "${partials.label}" has ${partials.numel}`);
  const p = partials.binding();
  for (const s of x.shards) {
    const elems = s.rows * x.rowLength;
    const vec = elems % 4 === 0 ? 4 : 1;
    const n = elems / vec;
    const groups = groupsFor(n);
    const label = `grad_norm.sum_squares.x${vec}`;
    const k = kernelFor(rec.ctx, label, () => ({
      label,
      code: specialize(SOURCES[vec], { dtype: 'f32', vec }),
      entryPoint: 'sum_squares',
      constants: { WG },
      bindings: ['read', 'write', 'write', 'uniform'],
    }));
    const u = params().u32(n).u32(groups).u32(slot).f32(0).f32(0).u32(flagSlot);
    rec.dispatch(k, [s, p, fl, u], rec.ctx.grid(groups));
    slot += groups;
  }
  return slot;
}

export interface NormFinishOptions {
  /** Multiplies the gradient before its norm is taken (e.g. 1 / micro-batches). Default 1. */
  gradScale?: number;
  /** Clip to this global norm; 0 or absent: no clipping (clip = 1). */
  maxNorm?: number;
}

/** Sums partials[0 .. count) into out = [‖g‖, clip, Σ g²] (out: f32, ≥ 3 elements); flags: any u32 tensor (unused). */
export function finishNorm(rec: Recorder, partials: Tensor, count: number, out: Tensor, flags: Tensor, options: NormFinishOptions = {}): void {
  expectDType('finishNorm', partials, 'f32');
  expectDType('finishNorm', out, 'f32');
  if (out.numel < 3) throw new Error(`finishNorm: "${out.label}" must hold 3 values [norm, clip, sum of squares]`);
  if (count > partials.numel) throw new Error(`finishNorm: ${count} partials but "${partials.label}" has ${partials.numel}`);
  const gradScale = options.gradScale ?? 1;
  const maxNorm = options.maxNorm ?? 0;
  if (!(gradScale > 0) || !Number.isFinite(gradScale)) throw new Error(`finishNorm: gradScale ${gradScale} must be a positive number`);
  if (!(maxNorm >= 0) || !Number.isFinite(maxNorm)) throw new Error(`finishNorm: maxNorm ${maxNorm} must be ≥ 0 (0 turns clipping off)`);
  const label = 'grad_norm.finish';
  const k = kernelFor(rec.ctx, label, () => ({
    label,
    code: specialize(SOURCES[1], { dtype: 'f32', vec: 1 }),
    entryPoint: 'finish',
    constants: { WG },
    bindings: ['read', 'write', 'write', 'uniform'],
  }));
  rec.dispatch(k, [partials.binding(), out.binding(), flags.binding(), params().u32(count).u32(0).u32(0).f32(gradScale).f32(maxNorm).u32(0)], 1);
}
