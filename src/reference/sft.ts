// Float64 reference of the SFT loss (e.g. on correct rankings): cross-entropy averaged over the
// masked target tokens, and its gradient w.r.t. each target's log-prob.

/** loss = −Σ m·logp / Σ m over flat per-token target log-probs; d loss/d logp = −m / Σ m. */
export function sftLoss(logpTarget: ArrayLike<number>, mask: ArrayLike<number>): { loss: number; dLogp: Float64Array; tokens: number } {
  if (logpTarget.length !== mask.length) throw new Error(`SFT loss: ${logpTarget.length} log-probs but ${mask.length} mask entries; give one mask value per token`);
  let tokens = 0;
  for (let i = 0; i < mask.length; i++) {
    if (mask[i] !== 0 && mask[i] !== 1) throw new Error(`SFT loss: mask[${i}] is ${mask[i]}; the mask must be 0 or 1`);
    tokens += mask[i];
  }
  if (tokens === 0) throw new Error('SFT loss: the mask selects no tokens; mark at least one target token');
  let loss = 0;
  const dLogp = new Float64Array(mask.length);
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i]) continue;
    loss -= logpTarget[i] / tokens;
    dLogp[i] = -1 / tokens;
  }
  return { loss, dLogp, tokens };
}
