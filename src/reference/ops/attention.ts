import { expectLength, type Vec } from './types';

/**
 * Which KV head a query head reads. HF's repeat_kv gives 'grouped' (h / (heads/kvHeads));
 * 'modulo' (h % kvHeads) is a classic bug, kept only as a negative control.
 */
export type KvHeadMapping = 'grouped' | 'modulo';

export interface AttentionShape {
  /** Query rows. */
  tq: number;
  /** Key/value rows; the last tq of them are the queries' own positions (tk > tq with a KV cache). */
  tk: number;
  heads: number;
  kvHeads: number;
  headDim: number;
  kvMapping?: KvHeadMapping;
}

function kvHeadOf(h: number, s: AttentionShape): number {
  if (s.heads % s.kvHeads !== 0) {
    throw new Error(`reference: ${s.heads} attention heads are not a multiple of ${s.kvHeads} KV heads; check num_key_value_heads in config.json`);
  }
  return (s.kvMapping ?? 'grouped') === 'grouped' ? Math.floor(h / (s.heads / s.kvHeads)) : h % s.kvHeads;
}

function check(s: AttentionShape, q: Vec, k: Vec, v: Vec): void {
  if (s.tk < s.tq) throw new Error(`reference: attention has ${s.tq} queries but only ${s.tk} keys; keys must include the queries' own positions`);
  expectLength('attention q', q, s.tq * s.heads * s.headDim);
  expectLength('attention k', k, s.tk * s.kvHeads * s.headDim);
  expectLength('attention v', v, s.tk * s.kvHeads * s.headDim);
}

/**
 * Causal GQA attention. q [tq, heads·d], k/v [tk, kvHeads·d] → out [tq, heads·d], plus the
 * softmax probabilities [heads, tq, tk] (zero where masked) that the backward needs.
 * Query i sits at key index i + (tk − tq) and sees keys 0..that index; scores scale by d^-0.5.
 */
export function attentionForward(q: Vec, k: Vec, v: Vec, s: AttentionShape): { out: Float64Array; probs: Float64Array } {
  check(s, q, k, v);
  const { tq, tk, heads, kvHeads, headDim: d } = s;
  const scale = 1 / Math.sqrt(d);
  const past = tk - tq;
  const out = new Float64Array(tq * heads * d);
  const probs = new Float64Array(heads * tq * tk);
  const scores = new Float64Array(tk);
  for (let h = 0; h < heads; h++) {
    const kh = kvHeadOf(h, s);
    for (let i = 0; i < tq; i++) {
      const last = i + past;
      const qo = (i * heads + h) * d;
      let max = -Infinity;
      for (let j = 0; j <= last; j++) {
        const ko = (j * kvHeads + kh) * d;
        let dot = 0;
        for (let c = 0; c < d; c++) dot += q[qo + c] * k[ko + c];
        scores[j] = dot * scale;
        if (scores[j] > max) max = scores[j];
      }
      let sum = 0;
      for (let j = 0; j <= last; j++) sum += Math.exp(scores[j] - max);
      const po = (h * tq + i) * tk;
      for (let j = 0; j <= last; j++) {
        const p = Math.exp(scores[j] - max) / sum;
        probs[po + j] = p;
        const vo = (j * kvHeads + kh) * d;
        for (let c = 0; c < d; c++) out[qo + c] += p * v[vo + c];
      }
    }
  }
  return { out, probs };
}

/**
 * dP = dO·Vᵀ, dS = P ⊙ (dP − Σ_j P·dP) (softmax backward), dQ = scale·dS·K, dK = scale·dSᵀ·Q,
 * dV = Pᵀ·dO. Query heads that share a KV head add into the same dK/dV rows.
 */
export function attentionBackward(
  dOut: Vec,
  q: Vec,
  k: Vec,
  v: Vec,
  probs: Vec,
  s: AttentionShape,
): { dq: Float64Array; dk: Float64Array; dv: Float64Array } {
  check(s, q, k, v);
  const { tq, tk, heads, kvHeads, headDim: d } = s;
  expectLength('attention dOut', dOut, tq * heads * d);
  expectLength('attention probs', probs, heads * tq * tk);
  const scale = 1 / Math.sqrt(d);
  const past = tk - tq;
  const dq = new Float64Array(q.length);
  const dk = new Float64Array(k.length);
  const dv = new Float64Array(v.length);
  const dp = new Float64Array(tk);
  for (let h = 0; h < heads; h++) {
    const kh = kvHeadOf(h, s);
    for (let i = 0; i < tq; i++) {
      const last = i + past;
      const qo = (i * heads + h) * d;
      const po = (h * tq + i) * tk;
      let rowDot = 0;
      for (let j = 0; j <= last; j++) {
        const vo = (j * kvHeads + kh) * d;
        let g = 0;
        for (let c = 0; c < d; c++) g += dOut[qo + c] * v[vo + c];
        dp[j] = g;
        rowDot += probs[po + j] * g;
        for (let c = 0; c < d; c++) dv[vo + c] += probs[po + j] * dOut[qo + c];
      }
      for (let j = 0; j <= last; j++) {
        const ds = probs[po + j] * (dp[j] - rowDot) * scale;
        if (ds === 0) continue;
        const ko = (j * kvHeads + kh) * d;
        for (let c = 0; c < d; c++) {
          dq[qo + c] += ds * k[ko + c];
          dk[ko + c] += ds * q[qo + c];
        }
      }
    }
  }
  return { dq, dk, dv };
}
