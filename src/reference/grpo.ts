// Float64 reference of the GRPO policy loss on judgment responses (DUST-SPEC.md, Phase 2):
// clipped surrogate with ε_low/ε_high, optional dual-clip, optional k3 KL to a reference
// policy, three aggregations; the gradient w.r.t. the new log-probs; the trainer's statistics.

/**
 * 'token-mean': Σ l / (masked tokens in the batch), the authors' setting.
 * 'seq-mean': each sequence's token mean, then the mean over sequences (DeepSeekMath);
 *   sequences without masked tokens are left out of that mean.
 * 'dr-grpo': Σ l / (B · maxLen) (Dr. GRPO), so long and short responses weigh per token alike.
 */
export type GrpoAggregation = 'token-mean' | 'seq-mean' | 'dr-grpo';

export interface GrpoSettings {
  /** ρ is clipped to [1 − epsLow, 1 + epsHigh]; paper 0.2 / 0.2, authors 0.2 / 0.28. */
  epsLow: number;
  epsHigh: number;
  /** Dual-clip c > 1: for A < 0 the token loss is capped at −c·A (authors: c = 10). */
  dualClip?: number;
  /** β of the k3 KL penalty to the reference policy (needs logpRef); 0 or absent: off. */
  klBeta?: number;
  aggregation: GrpoAggregation;
  /** Dr. GRPO's length constant (e.g. the generation budget); default: the row width L. */
  maxLen?: number;
}

/** A batch of B sequences padded to L tokens, row-major [B, L]; mask 1 marks completion tokens. */
export interface GrpoBatch {
  batch: number;
  length: number;
  logpNew: ArrayLike<number>;
  /** Log-probs frozen at sampling time (the "old" policy). */
  logpOld: ArrayLike<number>;
  logpRef?: ArrayLike<number>;
  /** One advantage per sequence, shared by its tokens. */
  advantages: ArrayLike<number>;
  mask: ArrayLike<number>;
}

export interface GrpoStats {
  /** Masked tokens in the batch. */
  tokens: number;
  /** Token means over masked tokens. */
  meanRatio: number;
  /** Tokens where the clipped term won (their gradient is zero). */
  clipFraction: number;
  /** Tokens with A < 0 where the dual-clip cap won. */
  dualClipFraction: number;
  /** Token mean of KL_k3(π_θ ‖ π_ref); NaN without logpRef. */
  meanKl: number;
  /** Token mean of logp_old − logp_new (an estimate of KL(π_old ‖ π_θ)). */
  approxKlOld: number;
  /** The aggregated surrogate part and the aggregated β·KL part of the loss. */
  policyLoss: number;
  klLoss: number;
}

export interface GrpoResult {
  loss: number;
  /** d loss / d logpNew, [B, L]; zero at masked-out tokens. */
  dLogpNew: Float64Array;
  stats: GrpoStats;
}

function fail(msg: string): never {
  throw new Error(`GRPO loss: ${msg}`);
}

function check(b: GrpoBatch, s: GrpoSettings): void {
  const n = b.batch * b.length;
  if (!Number.isInteger(b.batch) || b.batch <= 0 || !Number.isInteger(b.length) || b.length <= 0) fail(`batch (${b.batch}) and length (${b.length}) must be positive integers`);
  const arrays: [string, ArrayLike<number> | undefined, number][] = [
    ['logpNew', b.logpNew, n],
    ['logpOld', b.logpOld, n],
    ['logpRef', b.logpRef, n],
    ['mask', b.mask, n],
    ['advantages', b.advantages, b.batch],
  ];
  for (const [name, a, len] of arrays) if (a && a.length !== len) fail(`${name} has ${a.length} values, expected ${len} (batch ${b.batch} × length ${b.length})`);
  for (let i = 0; i < n; i++) if (b.mask[i] !== 0 && b.mask[i] !== 1) fail(`mask[${i}] is ${b.mask[i]}; the mask must be 0 or 1`);
  if (!(s.epsLow >= 0 && s.epsLow < 1)) fail(`epsLow ${s.epsLow} must be in [0, 1)`);
  if (!(s.epsHigh >= 0)) fail(`epsHigh ${s.epsHigh} must be ≥ 0`);
  if (s.dualClip !== undefined && !(s.dualClip > 1)) fail(`dualClip ${s.dualClip} must be > 1 (the cap −c·A must lie above the clipped loss); leave it unset to disable`);
  if (s.klBeta !== undefined && !(s.klBeta >= 0)) fail(`klBeta ${s.klBeta} must be ≥ 0`);
  if (s.klBeta && !b.logpRef) fail(`klBeta ${s.klBeta} needs logpRef (reference-policy log-probs); pass them or set klBeta to 0`);
  if (!['token-mean', 'seq-mean', 'dr-grpo'].includes(s.aggregation)) fail(`aggregation "${s.aggregation}" is not one of token-mean, seq-mean, dr-grpo`);
  if (s.maxLen !== undefined && !(s.maxLen > 0)) fail(`maxLen ${s.maxLen} must be positive`);
}

/** Per-token coefficient c so that loss = Σ c·l over masked tokens. */
function aggregationWeights(b: GrpoBatch, s: GrpoSettings, tokens: number): Float64Array {
  const { batch: B, length: L, mask } = b;
  const c = new Float64Array(B * L);
  const perSeq = new Array<number>(B).fill(0);
  for (let i = 0; i < B; i++) for (let t = 0; t < L; t++) perSeq[i] += mask[i * L + t];
  const nonEmpty = perSeq.filter((x) => x > 0).length;
  for (let i = 0; i < B; i++) {
    for (let t = 0; t < L; t++) {
      if (!mask[i * L + t]) continue;
      const k = i * L + t;
      if (s.aggregation === 'token-mean') c[k] = 1 / tokens;
      else if (s.aggregation === 'seq-mean') c[k] = 1 / (perSeq[i] * nonEmpty);
      else c[k] = 1 / (B * (s.maxLen ?? L));
    }
  }
  return c;
}

export function grpoLoss(b: GrpoBatch, s: GrpoSettings): GrpoResult {
  check(b, s);
  const { batch: B, length: L, logpNew, logpOld, logpRef, advantages, mask } = b;
  let tokens = 0;
  for (let k = 0; k < B * L; k++) tokens += mask[k];
  if (tokens === 0) fail('the mask selects no tokens; every sequence needs at least one completion token');
  const coef = aggregationWeights(b, s, tokens);
  const beta = s.klBeta ?? 0;
  const dLogpNew = new Float64Array(B * L);
  let policyLoss = 0;
  let klLoss = 0;
  let sumRatio = 0;
  let clipped = 0;
  let dualClipped = 0;
  let sumKl = 0;
  let sumOldMinusNew = 0;
  for (let i = 0; i < B; i++) {
    const A = advantages[i];
    for (let t = 0; t < L; t++) {
      const k = i * L + t;
      if (!mask[k]) continue;
      const ratio = Math.exp(logpNew[k] - logpOld[k]);
      const clippedRatio = Math.min(Math.max(ratio, 1 - s.epsLow), 1 + s.epsHigh);
      const unclippedLoss = -ratio * A;
      const clippedLoss = -clippedRatio * A;
      // −min(ρA, clip(ρ)A): the gradient flows only when the unclipped term is the one kept.
      let l = Math.max(unclippedLoss, clippedLoss);
      let g = unclippedLoss >= clippedLoss ? -A * ratio : 0;
      if (clippedLoss > unclippedLoss) clipped++;
      if (s.dualClip !== undefined && A < 0 && l > -s.dualClip * A) {
        l = -s.dualClip * A;
        g = 0;
        dualClipped++;
      }
      policyLoss += coef[k] * l;
      dLogpNew[k] = coef[k] * g;
      sumRatio += ratio;
      sumOldMinusNew += logpOld[k] - logpNew[k];
      if (logpRef) {
        const d = logpRef[k] - logpNew[k];
        const kl = Math.exp(d) - d - 1;
        sumKl += kl;
        if (beta) {
          klLoss += coef[k] * beta * kl;
          dLogpNew[k] += coef[k] * beta * (1 - Math.exp(d));
        }
      }
    }
  }
  return {
    loss: policyLoss + klLoss,
    dLogpNew,
    stats: {
      tokens,
      meanRatio: sumRatio / tokens,
      clipFraction: clipped / tokens,
      dualClipFraction: dualClipped / tokens,
      meanKl: logpRef ? sumKl / tokens : NaN,
      approxKlOld: sumOldMinusNew / tokens,
      policyLoss,
      klLoss,
    },
  };
}
