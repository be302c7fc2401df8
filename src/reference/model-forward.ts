// Float64 forward pass of a Llama / Qwen2 / Qwen3 decoder, batch 1, written from the
// architecture definitions. It keeps every activation the backward pass needs.
import { ropeInverseFrequencies } from '../model/config-rope';
import { attentionForward, type KvHeadMapping } from './ops/attention';
import { embeddingForward } from './ops/embedding';
import { linearForward } from './ops/linear';
import { residualForward } from './ops/residual';
import { rmsnormForward } from './ops/rmsnorm';
import { ropeForward, type RopePairing, type RopeShape } from './ops/rope';
import { swigluForward } from './ops/swiglu';
import { EMBED, FINAL_NORM, LM_HEAD, layerNames, weightGetter, type ReferenceConfig, type ReferenceWeights } from './model-weights';

/**
 * Deliberate departures from the architecture, used only as negative controls: a test shows
 * that each one moves the logits far beyond tolerance, proving the golden comparison has teeth.
 */
export interface ReferenceVariant {
  ropePairing?: RopePairing;
  kvMapping?: KvHeadMapping;
  /** Qwen3: apply q_norm/k_norm after RoPE instead of before. */
  qkNormAfterRope?: boolean;
}

export interface ReferenceOptions {
  /** Position of each token; default 0..T−1. */
  positions?: ArrayLike<number>;
  variant?: ReferenceVariant;
  /** The LM head reads the final norm's output times this: logits of softmax(s · logits), s = 1 / temperature. Default 1. */
  logitScale?: number;
}

/** One decoder layer's saved activations (row-major, T rows). */
export interface LayerActivations {
  x: Float64Array;
  n1: Float64Array;
  rstd1: Float64Array;
  /** Projections before q/k norm and RoPE. */
  q: Float64Array;
  k: Float64Array;
  v: Float64Array;
  /** After q/k norm (same arrays as q/k when the model has none), before RoPE. */
  qn: Float64Array;
  kn: Float64Array;
  rstdQ?: Float64Array;
  rstdK?: Float64Array;
  /** After RoPE: what attention saw. */
  qr: Float64Array;
  kr: Float64Array;
  attn: Float64Array;
  probs: Float64Array;
  xMid: Float64Array;
  n2: Float64Array;
  rstd2: Float64Array;
  gate: Float64Array;
  up: Float64Array;
  h: Float64Array;
}

export interface ForwardCache {
  ids: number[];
  positions: ArrayLike<number>;
  layers: LayerActivations[];
  /** Residual stream after the last layer, the LM head's input (the final norm's output × logitScale) and that norm's 1/rms. */
  xFinal: Float64Array;
  nf: Float64Array;
  rstdF: Float64Array;
  logitScale: number;
}

export interface ForwardResult {
  /** [T, vocab], before softmax. */
  logits: Float64Array;
  cache: ForwardCache;
}

export function ropeShapeFor(c: ReferenceConfig, rows: number, heads: number, positions: ArrayLike<number>, pairing?: RopePairing): RopeShape {
  // The plain frequencies are computed inside the op (independently of src/model); only a
  // scaled RoPE borrows the runtime's remap, which the golden files cannot check.
  const invFreq = c.ropeScaling ? ropeInverseFrequencies({ headDim: c.headDim, ropeTheta: c.ropeTheta, ropeScaling: c.ropeScaling }) : undefined;
  return { rows, heads, headDim: c.headDim, positions, theta: c.ropeTheta, invFreq, pairing };
}

export function referenceForward(c: ReferenceConfig, weights: ReferenceWeights, ids: number[], options: ReferenceOptions = {}): ForwardResult {
  const T = ids.length;
  if (T === 0) throw new Error('reference: the token sequence is empty; pass at least one token id');
  const positions = options.positions ?? Array.from({ length: T }, (_, t) => t);
  if (positions.length !== T) throw new Error(`reference: ${positions.length} positions given for ${T} tokens; pass one position per token`);
  const variant = options.variant ?? {};
  const w = weightGetter(c, weights);
  const { hidden: H, heads, kvHeads, headDim: D, intermediate: I, rmsEps: eps } = c;
  const qDim = heads * D;
  const kvDim = kvHeads * D;
  const attnShape = { tq: T, tk: T, heads, kvHeads, headDim: D, kvMapping: variant.kvMapping };
  const ropeQ = ropeShapeFor(c, T, heads, positions, variant.ropePairing);
  const ropeK = ropeShapeFor(c, T, kvHeads, positions, variant.ropePairing);
  const qkNorm = (x: Float64Array, name: string, nHeads: number) => rmsnormForward(x, w(name), T * nHeads, D, eps);

  let x = embeddingForward(w(EMBED), c.vocabSize, H, ids);
  const layers: LayerActivations[] = [];
  for (let l = 0; l < c.layers; l++) {
    const n = layerNames(l);
    const { y: n1, rstd: rstd1 } = rmsnormForward(x, w(n.inputNorm), T, H, eps);
    const q = linearForward(n1, w(n.q), c.qkvBias ? w(n.qBias) : undefined, T, H, qDim);
    const k = linearForward(n1, w(n.k), c.qkvBias ? w(n.kBias) : undefined, T, H, kvDim);
    const v = linearForward(n1, w(n.v), c.qkvBias ? w(n.vBias) : undefined, T, H, kvDim);
    let qn = q;
    let kn = k;
    let rstdQ: Float64Array | undefined;
    let rstdK: Float64Array | undefined;
    let qr: Float64Array;
    let kr: Float64Array;
    if (c.qkNorm && variant.qkNormAfterRope) {
      qr = qkNorm(ropeForward(q, ropeQ), n.qNorm, heads).y;
      kr = qkNorm(ropeForward(k, ropeK), n.kNorm, kvHeads).y;
    } else {
      if (c.qkNorm) {
        ({ y: qn, rstd: rstdQ } = qkNorm(q, n.qNorm, heads));
        ({ y: kn, rstd: rstdK } = qkNorm(k, n.kNorm, kvHeads));
      }
      qr = ropeForward(qn, ropeQ);
      kr = ropeForward(kn, ropeK);
    }
    const { out: attn, probs } = attentionForward(qr, kr, v, attnShape);
    const xMid = residualForward(x, linearForward(attn, w(n.o), undefined, T, qDim, H));
    const { y: n2, rstd: rstd2 } = rmsnormForward(xMid, w(n.postNorm), T, H, eps);
    const gate = linearForward(n2, w(n.gate), undefined, T, H, I);
    const up = linearForward(n2, w(n.up), undefined, T, H, I);
    const h = swigluForward(gate, up);
    const xOut = residualForward(xMid, linearForward(h, w(n.down), undefined, T, I, H));
    layers.push({ x, n1, rstd1, q, k, v, qn, kn, rstdQ, rstdK, qr, kr, attn, probs, xMid, n2, rstd2, gate, up, h });
    x = xOut;
  }
  const { y: normed, rstd: rstdF } = rmsnormForward(x, w(FINAL_NORM), T, H, eps);
  const s = options.logitScale ?? 1;
  const nf = s === 1 ? normed : normed.map((v) => v * s);
  const logits = linearForward(nf, w(c.tieEmbeddings ? EMBED : LM_HEAD), undefined, T, H, c.vocabSize);
  return { logits, cache: { ids, positions, layers, xFinal: x, nf, rstdF, logitScale: s } };
}
