// The hand-written backward of the training forward (model-forward-train.ts), in reverse:
// LM head (fused, chunked) → final norm → per layer: MLP (down, SwiGLU, gate/up) → post
// norm → o_proj → attention → inverse RoPE → Qwen3 q/k norm → q/k/v (+ Qwen2 biases) →
// input norm → embedding scatter-add. The residual gradient lives in one buffer that each
// branch adds into. Every weight gradient ACCUMULATES, so micro-batches add up; a tied
// embedding gets the LM-head part and the input part in the same tensor.
import type { Recorder, Tensor } from '../gpu';
import { attentionBackward } from '../kernels/attention';
import { embeddingBackward } from '../kernels/embedding';
import { lmheadBackward, type LmHeadUpstream } from '../kernels/lmhead';
import { matmul } from '../kernels/matmul';
import { rmsnormBackward } from '../kernels/rmsnorm';
import { ropeInPlace } from '../kernels/rope';
import { swigluBackward } from '../kernels/swiglu';
import type { ForwardState, TrainableModel } from './model-forward-train';

/**
 * Records the gradients of L = Σ_t scale[t]·(−log p_t) (`{ scale }`) or of any L with
 * dL/dlog p_t given (`{ dLogp }`, e.g. the GRPO loss kernel's output) into model.grads (+=).
 * `upstream` tensors are [T] f32 in the forward's token order.
 */
export function recordBackward(rec: Recorder, model: TrainableModel, s: ForwardState, upstream: LmHeadUpstream): void {
  const { cfg, weights: W, grads: G } = model;
  const T = s.tokens;
  const { hidden: H, heads, kvHeads, headDim: D, intermediate: I } = cfg;
  const qDim = heads * D;
  const kvDim = kvHeads * D;
  const t = (shape: number[], label: string) => model.alloc(shape, 'f32', `grad ${label}`);
  // One set of gradient buffers, reused by every layer (dispatches run in recording order).
  const dHidden = t([T, H], 'hidden');
  const dx = t([T, H], 'residual');
  const dn = t([T, H], 'normed');
  const dh = t([T, I], 'mlp hidden');
  const dGate = t([T, I], 'gate');
  const dUp = t([T, I], 'up');
  const dAttn = t([T, qDim], 'attention');
  const dq = t([T, qDim], 'q');
  const dk = t([T, kvDim], 'k');
  const dv = t([T, kvDim], 'v');
  const dqPre = cfg.qkNorm ? t([T, qDim], 'q pre') : dq;
  const dkPre = cfg.qkNorm ? t([T, kvDim], 'k pre') : dk;
  const ones = cfg.qkvBias ? model.onesRow(rec, T) : null;

  // d input of y = x·Wᵀ: dX (+)= dY·W; dW += dYᵀ·X.
  const dInput = (dy: Tensor, w: Tensor, dxOut: Tensor, accumulate: boolean) => matmul(rec, dy, w, dxOut, { accumulate });
  const dWeight = (dy: Tensor, x: Tensor, dw: Tensor) => matmul(rec, dy, x, dw, { transA: true, accumulate: true });
  const dBias = (dy: Tensor, db: Tensor | undefined) => {
    if (db && ones) matmul(rec, ones, dy, db, { accumulate: true });
  };

  lmheadBackward(rec, { hidden: s.hidden, w: W.lmHead, targets: s.targets, lse: s.headLse, dHidden, dW: G.lmHead, ...upstream }, { accumulateWeight: true });
  rmsnormBackward(rec, dHidden, s.xFinal, W.norm, s.rstdFinal, dx, G.norm, { accumulateDw: true });

  for (let l = cfg.layers - 1; l >= 0; l--) {
    const L = W.layers[l];
    const g = G.layers[l];
    const a = s.layers[l];
    // MLP: x_out = x_mid + h·W_downᵀ, h = silu(gate)·up, gate/up = n2·Wᵀ.
    dInput(dx, L.down, dh, false);
    dWeight(dx, a.h, g.down);
    swigluBackward(rec, dh, a.gate, a.up, dGate, dUp);
    dInput(dGate, L.gate, dn, false);
    dInput(dUp, L.up, dn, true);
    dWeight(dGate, a.n2, g.gate);
    dWeight(dUp, a.n2, g.up);
    rmsnormBackward(rec, dn, a.xMid, L.postNorm, a.rstd2, dx, g.postNorm, { accumulateDx: true, accumulateDw: true });
    // Attention: x_mid = x + attn·W_oᵀ.
    dInput(dx, L.o, dAttn, false);
    dWeight(dx, a.attn, g.o);
    attentionBackward(rec, { q: a.q, k: a.k, v: a.v, out: a.attn, lse: a.lse, dOut: dAttn, seg: s.seg, dq, dk, dv }, { heads, kvHeads, headDim: D });
    ropeInPlace(rec, dq, heads, s.positions, model.ropeTable(), true);
    ropeInPlace(rec, dk, kvHeads, s.positions, model.ropeTable(), true);
    if (cfg.qkNorm) {
      rmsnormBackward(rec, dq, a.qPre!, L.qNorm!, a.rstdQ!, dqPre, g.qNorm!, { accumulateDw: true });
      rmsnormBackward(rec, dk, a.kPre!, L.kNorm!, a.rstdK!, dkPre, g.kNorm!, { accumulateDw: true });
    }
    dBias(dqPre, g.qBias);
    dBias(dkPre, g.kBias);
    dBias(dv, g.vBias);
    dInput(dqPre, L.q, dn, false);
    dInput(dkPre, L.k, dn, true);
    dInput(dv, L.v, dn, true);
    dWeight(dqPre, a.n1, g.q);
    dWeight(dkPre, a.n1, g.k);
    dWeight(dv, a.n1, g.v);
    rmsnormBackward(rec, dn, a.x, L.inputNorm, a.rstd1, dx, g.inputNorm, { accumulateDx: true, accumulateDw: true });
  }
  embeddingBackward(rec, dx, s.ids, G.embed, { accumulate: true });
}
