// Per-token weighted causal-LM loss of the f64 reference model and its gradient w.r.t. every
// parameter, by hand-written backward passes of the ops in reverse order (llm.c style).
import { attentionBackward } from './ops/attention';
import { embeddingBackward } from './ops/embedding';
import { linearBackward } from './ops/linear';
import { IGNORE, logSoftmaxNllBackward, logSoftmaxNllForward } from './ops/log-softmax-nll';
import { accumulate } from './ops/residual';
import { rmsnormBackward } from './ops/rmsnorm';
import { ropeBackward } from './ops/rope';
import { swigluBackward } from './ops/swiglu';
import { referenceForward, ropeShapeFor, type ReferenceOptions } from './model-forward';
import { EMBED, FINAL_NORM, LM_HEAD, layerNames, weightGetter, type ReferenceConfig, type ReferenceWeights } from './model-weights';

export interface LossAndGrads {
  loss: number;
  /** Per-position NLL of the next token, −log p(ids[t+1] | ids[≤t]), length T−1 (unweighted). */
  nll: Float64Array;
  logits: Float64Array;
  /** d loss / d parameter, by HF name. Tied models have no lm_head entry: embed holds both parts. */
  grads: Map<string, Float64Array>;
}

/** Row t predicts ids[t+1] with scale w_{t+1}/(T−1); the last row predicts nothing. */
function lossRows(ids: number[], tokenWeights?: ArrayLike<number>): { T: number; targets: number[]; rowScale: number[] } {
  const T = ids.length;
  if (T < 2) throw new Error(`reference: a loss needs at least 2 tokens (a prediction and its target), got ${T}`);
  if (tokenWeights && tokenWeights.length !== T - 1) {
    throw new Error(`reference: tokenWeights has ${tokenWeights.length} entries for ${T} tokens; give one weight per predicted token (T−1 = ${T - 1})`);
  }
  const targets = ids.map((_, t) => (t + 1 < T ? ids[t + 1] : IGNORE));
  const rowScale = ids.map((_, t) => (t + 1 < T ? (tokenWeights ? tokenWeights[t] : 1) / (T - 1) : 0));
  return { T, targets, rowScale };
}

function weightedSum(nll: ArrayLike<number>, rowScale: ArrayLike<number>): number {
  let loss = 0;
  for (let t = 0; t < rowScale.length; t++) if (rowScale[t] !== 0) loss += rowScale[t] * nll[t];
  return loss;
}

/** The same loss as referenceLossAndGrads, forward only (for finite differences and GPU checks). */
export function referenceLoss(
  c: ReferenceConfig,
  weights: ReferenceWeights,
  ids: number[],
  tokenWeights?: ArrayLike<number>,
  options: Omit<ReferenceOptions, 'variant'> = {},
): number {
  const { T, targets, rowScale } = lossRows(ids, tokenWeights);
  const { logits } = referenceForward(c, weights, ids, options);
  return weightedSum(logSoftmaxNllForward(logits, T, c.vocabSize, targets).nll, rowScale);
}

/**
 * loss = Σ_{t=1..T−1} w_t · (−log p(ids[t] | ids[<t])) / (T−1), with w_t = 1 when tokenWeights
 * is omitted (plain causal LM). tokenWeights[i] is w_{i+1}: the weight of the token ids[i+1]
 * predicted at position i, so it has T−1 entries. The divisor stays T−1 whatever the weights.
 */
export function referenceLossAndGrads(
  c: ReferenceConfig,
  weights: ReferenceWeights,
  ids: number[],
  tokenWeights?: ArrayLike<number>,
  options: Omit<ReferenceOptions, 'variant'> = {},
): LossAndGrads {
  const { T, targets, rowScale } = lossRows(ids, tokenWeights);
  const { logits, cache } = referenceForward(c, weights, ids, options);
  const w = weightGetter(c, weights);
  const { hidden: H, heads, kvHeads, headDim: D, intermediate: I, vocabSize: V } = c;
  const qDim = heads * D;
  const kvDim = kvHeads * D;
  const { nll, lse } = logSoftmaxNllForward(logits, T, V, targets);
  const loss = weightedSum(nll, rowScale);

  const grads = new Map<string, Float64Array>();
  const add = (name: string, g: Float64Array) => {
    const prev = grads.get(name);
    if (prev) accumulate(prev, g);
    else grads.set(name, g);
  };

  // LM head and final norm.
  const dLogits = logSoftmaxNllBackward(logits, lse, T, V, targets, rowScale);
  const head = linearBackward(dLogits, cache.nf, w(c.tieEmbeddings ? EMBED : LM_HEAD), false, T, H, V);
  const s = cache.logitScale;
  const fin = rmsnormBackward(s === 1 ? head.dx : head.dx.map((v) => v * s), cache.xFinal, w(FINAL_NORM), cache.rstdF, T, H);
  grads.set(FINAL_NORM, fin.dw);
  let dx = fin.dx;

  const attnShape = { tq: T, tk: T, heads, kvHeads, headDim: D };
  const ropeQ = ropeShapeFor(c, T, heads, cache.positions);
  const ropeK = ropeShapeFor(c, T, kvHeads, cache.positions);
  for (let l = c.layers - 1; l >= 0; l--) {
    const a = cache.layers[l];
    const n = layerNames(l);
    // MLP block: xOut = xMid + down(swiglu(gate(n2), up(n2))), n2 = norm(xMid).
    const down = linearBackward(dx, a.h, w(n.down), false, T, I, H);
    add(n.down, down.dw);
    const { dGate, dUp } = swigluBackward(down.dx, a.gate, a.up);
    const gate = linearBackward(dGate, a.n2, w(n.gate), false, T, H, I);
    const up = linearBackward(dUp, a.n2, w(n.up), false, T, H, I);
    add(n.gate, gate.dw);
    add(n.up, up.dw);
    accumulate(gate.dx, up.dx);
    const post = rmsnormBackward(gate.dx, a.xMid, w(n.postNorm), a.rstd2, T, H);
    add(n.postNorm, post.dw);
    const dxMid = dx;
    accumulate(dxMid, post.dx);

    // Attention block: xMid = x + o(attn(rope(norm?(q)), rope(norm?(k)), v)), q/k/v from n1 = norm(x).
    const o = linearBackward(dxMid, a.attn, w(n.o), false, T, qDim, H);
    add(n.o, o.dw);
    const att = attentionBackward(o.dx, a.qr, a.kr, a.v, a.probs, attnShape);
    let dq = ropeBackward(att.dq, ropeQ);
    let dk = ropeBackward(att.dk, ropeK);
    if (c.qkNorm) {
      const qn = rmsnormBackward(dq, a.q, w(n.qNorm), a.rstdQ!, T * heads, D);
      const kn = rmsnormBackward(dk, a.k, w(n.kNorm), a.rstdK!, T * kvHeads, D);
      add(n.qNorm, qn.dw);
      add(n.kNorm, kn.dw);
      dq = qn.dx;
      dk = kn.dx;
    }
    const pq = linearBackward(dq, a.n1, w(n.q), c.qkvBias, T, H, qDim);
    const pk = linearBackward(dk, a.n1, w(n.k), c.qkvBias, T, H, kvDim);
    const pv = linearBackward(att.dv, a.n1, w(n.v), c.qkvBias, T, H, kvDim);
    add(n.q, pq.dw);
    add(n.k, pk.dw);
    add(n.v, pv.dw);
    if (c.qkvBias) {
      add(n.qBias, pq.db!);
      add(n.kBias, pk.db!);
      add(n.vBias, pv.db!);
    }
    const dn1 = pq.dx;
    accumulate(dn1, pk.dx);
    accumulate(dn1, pv.dx);
    const inp = rmsnormBackward(dn1, a.x, w(n.inputNorm), a.rstd1, T, H);
    add(n.inputNorm, inp.dw);
    accumulate(dxMid, inp.dx);
    dx = dxMid;
  }

  // Tied: the shared matrix's gradient is the input-embedding part plus the LM-head part.
  const dEmbed = embeddingBackward(dx, V, H, ids);
  if (c.tieEmbeddings) accumulate(dEmbed, head.dw);
  else grads.set(LM_HEAD, head.dw);
  grads.set(EMBED, dEmbed);
  return { loss, nll: nll.subarray(0, T - 1), logits, grads };
}
