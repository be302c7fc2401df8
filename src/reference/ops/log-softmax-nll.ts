import { expectLength, type Vec } from './types';

/** A target of −1 marks a row that is not in the loss (e.g. the last position of a sequence). */
export const IGNORE = -1;

function checkTargets(targets: ArrayLike<number>, rows: number, vocab: number): void {
  expectLength('nll targets', targets, rows);
  for (let r = 0; r < rows; r++) {
    const t = targets[r];
    if (t !== IGNORE && (!Number.isInteger(t) || t < 0 || t >= vocab)) {
      throw new Error(`reference: target ${t} at row ${r} is outside the vocabulary [0, ${vocab}); use ${IGNORE} for rows without a target`);
    }
  }
}

/**
 * Per row: lse = log Σ exp(logits), and nll = lse − logits[target] = −log p(target).
 * Rows whose target is IGNORE get nll 0.
 */
export function logSoftmaxNllForward(
  logits: Vec,
  rows: number,
  vocab: number,
  targets: ArrayLike<number>,
): { nll: Float64Array; lse: Float64Array } {
  expectLength('nll logits', logits, rows * vocab);
  checkTargets(targets, rows, vocab);
  const nll = new Float64Array(rows);
  const lse = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const o = r * vocab;
    let max = -Infinity;
    for (let j = 0; j < vocab; j++) if (logits[o + j] > max) max = logits[o + j];
    let sum = 0;
    for (let j = 0; j < vocab; j++) sum += Math.exp(logits[o + j] - max);
    lse[r] = max + Math.log(sum);
    if (targets[r] !== IGNORE) nll[r] = lse[r] - logits[o + targets[r]];
  }
  return { nll, lse };
}

/**
 * Gradient of Σ_r rowScale[r]·nll[r]: dlogits = (softmax − onehot(target))·rowScale[r].
 * rowScale carries the per-token weight and the loss's divisor; ignored rows get zero.
 */
export function logSoftmaxNllBackward(
  logits: Vec,
  lse: Vec,
  rows: number,
  vocab: number,
  targets: ArrayLike<number>,
  rowScale: ArrayLike<number>,
): Float64Array {
  expectLength('nll logits', logits, rows * vocab);
  expectLength('nll lse', lse, rows);
  expectLength('nll rowScale', rowScale, rows);
  checkTargets(targets, rows, vocab);
  const d = new Float64Array(rows * vocab);
  for (let r = 0; r < rows; r++) {
    const t = targets[r];
    const w = rowScale[r];
    if (t === IGNORE || w === 0) continue;
    const o = r * vocab;
    for (let j = 0; j < vocab; j++) d[o + j] = Math.exp(logits[o + j] - lse[r]) * w;
    d[o + t] -= w;
  }
  return d;
}
