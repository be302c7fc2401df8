// GRPO loss on the GPU (see shaders/grpo_loss.wgsl and src/reference/grpo.ts): three
// dispatches — per-sequence sums, the aggregation into stats, the per-token gradient.
// src/train/losses.ts allocates the workspace and turns the stats into a GrpoStats.
import src from '../../shaders/grpo_loss.wgsl?raw';
import { type Recorder, type Tensor, params, specialize } from '../gpu';
import type { GrpoSettings } from '../reference/grpo';
import { expectDType, kernelFor } from './launch';

const WG = 64;
/** Floats per sequence in the `rows` workspace. */
export const GRPO_ROW_STATS = 8;
/** Floats in the stats output (see GRPO_STAT). */
export const GRPO_STATS = 11;
/** Positions in the stats output. */
export const GRPO_STAT = {
  loss: 0,
  policyLoss: 1,
  klLoss: 2,
  tokens: 3,
  meanRatio: 4,
  clipFraction: 5,
  dualClipFraction: 6,
  meanKl: 7,
  approxKlOld: 8,
  badMask: 9,
  sequences: 10,
} as const;

export interface GrpoLossInputs {
  /** [B, L] log-probs of the sampled tokens under the current policy. */
  logpNew: Tensor;
  /** [B, L] frozen at sampling time. */
  logpOld: Tensor;
  /** [B, L] reference policy; needed when klBeta > 0, optional otherwise (for the KL stat). */
  logpRef?: Tensor;
  /** [B] one advantage per sequence. */
  advantages: Tensor;
  /** [B, L] 1 for completion tokens, 0 elsewhere (f32). */
  mask: Tensor;
}

export interface GrpoLossOutputs {
  /** [B, L] d loss / d logpNew. */
  dLogpNew: Tensor;
  /** [GRPO_STATS] f32. */
  stats: Tensor;
  /** [B · GRPO_ROW_STATS] f32 workspace. */
  rows: Tensor;
}

/**
 * Gradient accumulation over micro-batches: normalise by the whole batch, so that the
 * micro-batches' losses and gradients sum to the batch's (absent: this micro-batch).
 */
export interface GrpoNormalisation {
  /** token-mean: masked tokens in the whole batch. */
  tokens?: number;
  /** seq-mean: sequences with at least one masked token in the whole batch; dr-grpo: B of the whole batch. */
  sequences?: number;
}

const AGG = { 'token-mean': 0, 'seq-mean': 1, 'dr-grpo': 2 } as const;

export function checkGrpoSettings(s: GrpoSettings, hasRef: boolean): void {
  const fail = (msg: string): never => {
    throw new Error(`GRPO loss: ${msg}`);
  };
  if (!(s.epsLow >= 0 && s.epsLow < 1)) fail(`epsLow ${s.epsLow} must be in [0, 1)`);
  if (!(s.epsHigh >= 0) || !Number.isFinite(s.epsHigh)) fail(`epsHigh ${s.epsHigh} must be ≥ 0`);
  if (s.dualClip !== undefined && !(s.dualClip > 1 && Number.isFinite(s.dualClip))) fail(`dualClip ${s.dualClip} must be > 1 (the cap −c·A must lie above the clipped loss); leave it unset to disable`);
  if (s.klBeta !== undefined && !(s.klBeta >= 0 && Number.isFinite(s.klBeta))) fail(`klBeta ${s.klBeta} must be ≥ 0`);
  if (s.klBeta && !hasRef) fail(`klBeta ${s.klBeta} needs logpRef (reference-policy log-probs); pass them or set klBeta to 0`);
  if (!Object.hasOwn(AGG, s.aggregation)) fail(`aggregation "${s.aggregation}" is not one of token-mean, seq-mean, dr-grpo`);
  if (s.maxLen !== undefined && !(s.maxLen > 0 && Number.isFinite(s.maxLen))) fail(`maxLen ${s.maxLen} must be positive`);
}

export function grpoLossGpu(rec: Recorder, x: GrpoLossInputs, s: GrpoSettings, out: GrpoLossOutputs, norm: GrpoNormalisation = {}): void {
  const what = 'GRPO loss';
  const { logpNew } = x;
  if (logpNew.shape.length !== 2) throw new Error(`${what}: logpNew "${logpNew.label}" must be [batch, length], got [${logpNew.shape}]`);
  const [B, L] = logpNew.shape;
  const same: [string, Tensor | undefined][] = [['logpOld', x.logpOld], ['logpRef', x.logpRef], ['mask', x.mask], ['dLogpNew', out.dLogpNew]];
  for (const [name, t] of [['logpNew', logpNew] as [string, Tensor], ...same]) {
    if (!t) continue;
    expectDType(what, t, 'f32');
    if (t.numel !== B * L) throw new Error(`${what}: ${name} "${t.label}" has ${t.numel} values, expected ${B * L} (batch ${B} × length ${L})`);
  }
  for (const [name, t, n] of [['advantages', x.advantages, B], ['rows', out.rows, B * GRPO_ROW_STATS], ['stats', out.stats, GRPO_STATS]] as const) {
    expectDType(what, t, 'f32');
    if (t.numel < n) throw new Error(`${what}: ${name} "${t.label}" has ${t.numel} values, needs ${n}`);
  }
  checkGrpoSettings(s, !!x.logpRef);
  for (const [k, v] of Object.entries(norm)) {
    if (v !== undefined && !(Number.isInteger(v) && v > 0)) throw new Error(`${what}: normalisation ${k} = ${v} must be a positive integer (the count over the whole batch)`);
  }
  const u = params()
    .u32(B)
    .u32(L)
    .f32(s.epsLow)
    .f32(s.epsHigh)
    .f32(s.dualClip ?? 0)
    .f32(x.logpRef ? (s.klBeta ?? 0) : 0)
    .u32(x.logpRef ? 1 : 0)
    .u32(AGG[s.aggregation])
    .f32(s.maxLen ?? L)
    .f32(norm.tokens ?? 0)
    .f32(norm.sequences ?? 0);
  const args = [
    logpNew.binding(),
    x.logpOld.binding(),
    (x.logpRef ?? logpNew).binding(),
    x.advantages.binding(),
    x.mask.binding(),
    out.rows.binding(),
    out.stats.binding(),
    out.dLogpNew.binding(),
    u,
  ];
  for (const [entry, groups] of [['rows', B], ['finish', 1], ['grad', Math.ceil((B * L) / WG)]] as const) {
    const label = `grpo_loss.${entry}`;
    const k = kernelFor(rec.ctx, label, () => ({
      label,
      code: specialize(src, { dtype: 'f32' }),
      entryPoint: entry,
      bindings: ['read', 'read', 'read', 'read', 'read', 'write', 'write', 'write', 'uniform'],
    }));
    rec.dispatch(k, args, rec.ctx.grid(groups));
  }
}
