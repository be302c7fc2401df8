// Non-finite check: counts NaN/±Inf values of a tensor into a u32 counter buffer
// (flags[0]: all tensors, flags[slot]: this one). f32 and f16 tensors, any sharding.
// The caller clears the flags once per step; src/train/nonfinite.ts does the bookkeeping.
import src from '../../shaders/nonfinite.wgsl?raw';
import { type Recorder, type Tensor, params, specialize } from '../gpu';
import { expectDType, kernelFor } from './launch';

const WG = 256;
/** Workgroups per shard at most (each invocation then loops over several words). */
const MAX_GROUPS = 256;

/** Adds the count of non-finite values of `x` to flags[0] and flags[slot] (slot ≥ 1). */
export function countNonFinite(rec: Recorder, x: Tensor, flags: Tensor, slot: number): void {
  expectDType('countNonFinite', x, 'f32', 'f16');
  expectDType('countNonFinite', flags, 'u32');
  if (!Number.isInteger(slot) || slot < 1 || slot >= flags.numel) {
    throw new Error(`countNonFinite: slot ${slot} is outside "${flags.label}" (slots 1..${flags.numel - 1}; slot 0 is the total)`);
  }
  const f16 = x.dtype === 'f16';
  const label = `nonfinite.${x.dtype}`;
  const k = kernelFor(rec.ctx, label, () => ({
    label,
    code: specialize(src, { dtype: 'u32' }),
    entryPoint: f16 ? 'check_f16' : 'check_f32',
    constants: { WG },
    bindings: ['read', 'write', 'uniform'],
  }));
  const fl = flags.binding();
  for (const s of x.shards) {
    const elems = s.rows * x.rowLength;
    const words = f16 ? Math.ceil(elems / 2) : elems;
    const groups = Math.max(1, Math.min(MAX_GROUPS, Math.ceil(words / WG)));
    rec.dispatch(k, [s, fl, params().u32(words).u32(f16 ? elems : 0).u32(slot).u32(groups)], rec.ctx.grid(groups));
  }
}
