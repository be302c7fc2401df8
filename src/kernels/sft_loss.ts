// SFT cross-entropy on the GPU from per-token target log-probs (see shaders/sft_loss.wgsl
// and src/reference/sft.ts): one reducing workgroup, then the per-token gradient.
import src from '../../shaders/sft_loss.wgsl?raw';
import { type Recorder, type Tensor, params, specialize } from '../gpu';
import { expectDType, kernelFor } from './launch';

const WG = 256;
/** Floats in the stats output: [loss, tokens, bad mask values]. */
export const SFT_STATS = 3;

/** logp, mask, dLogp: f32 with equal element counts (any shape); stats: ≥ SFT_STATS floats. */
export function sftLossGpu(rec: Recorder, logp: Tensor, mask: Tensor, out: { dLogp: Tensor; stats: Tensor }): void {
  const what = 'SFT loss';
  for (const t of [logp, mask, out.dLogp, out.stats]) expectDType(what, t, 'f32');
  if (mask.numel !== logp.numel || out.dLogp.numel !== logp.numel) {
    throw new Error(`${what}: ${logp.numel} log-probs but ${mask.numel} mask entries and ${out.dLogp.numel} gradient slots; give one of each per token`);
  }
  if (out.stats.numel < SFT_STATS) throw new Error(`${what}: stats "${out.stats.label}" needs ${SFT_STATS} values`);
  const n = logp.numel;
  const args = [logp.binding(), mask.binding(), out.stats.binding(), out.dLogp.binding(), params().u32(n)];
  for (const [entry, groups] of [['total', 1], ['grad', Math.ceil(n / WG)]] as const) {
    const label = `sft_loss.${entry}`;
    const k = kernelFor(rec.ctx, label, () => ({
      label,
      code: specialize(src, { dtype: 'f32' }),
      entryPoint: entry,
      bindings: ['read', 'read', 'write', 'write', 'uniform'],
    }));
    rec.dispatch(k, args, rec.ctx.grid(groups));
  }
}
