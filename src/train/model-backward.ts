// The hand-written backward of the training forward (model-forward-train.ts), in reverse:
// LM head (fused, chunked) → final norm → per layer: MLP (down, SwiGLU, gate/up) → post
// norm → o_proj → attention → inverse RoPE → Qwen3 q/k norm → q/k/v (+ Qwen2 biases) →
// input norm → embedding scatter-add. The residual gradient lives in one buffer that each
// branch adds into. Every weight gradient ACCUMULATES, so micro-batches add up; a tied
// embedding gets the LM-head part and the input part in the same tensor. Under LoRA the
// base gets no gradients; each adapted projection adds its adapter's part of dX, dA, dB.
import type { Recorder, Tensor } from '../gpu';
import { attentionBackward } from '../kernels/attention';
import { embeddingBackward } from '../kernels/embedding';
import { lmheadBackward, type LmHeadUpstream } from '../kernels/lmhead';
import { matmul } from '../kernels/matmul';
import { scale } from '../kernels/elementwise';
import { rmsnormBackward } from '../kernels/rmsnorm';
import { ropeInPlace } from '../kernels/rope';
import { swigluBackward } from '../kernels/swiglu';
import type { LayerWeights } from '../model/transformer-weights';
import type { LoraTarget } from './lora';
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
  const ones = cfg.qkvBias && G ? model.onesRow(T) : null;
  const lora = model.lora;
  const dxa = lora ? t([T, lora.config.rank], 'lora xa') : null;
  // A frozen base (LoRA) still needs somewhere for the norms' weight gradients to go.
  const normSink = (n: number) => t([n], `unused norm ${n}`);

  // d input of y = x·Wᵀ: dX (+)= dY·W; dW += dYᵀ·X.
  // LoRA: the adapter's part of dX, and dA, dB, after the base product.
  let layer = 0;
  const dInput = (dy: Tensor, w: Tensor, dxOut: Tensor, accumulate: boolean, target: LoraTarget, x: Tensor) => {
    matmul(rec, dy, w, dxOut, { accumulate });
    const ad = lora?.layers[layer][target];
    if (ad) lora!.backward(rec, ad, dy, x, s.layers[layer].lora[target]!, dxOut, dxa!);
  };
  const dWeight = (dy: Tensor, x: Tensor, dw: Tensor | undefined) => {
    if (dw) matmul(rec, dy, x, dw, { transA: true, accumulate: true });
  };
  const dBias = (dy: Tensor, db: Tensor | undefined) => {
    if (db && ones) matmul(rec, ones, dy, db, { accumulate: true });
  };

  lmheadBackward(rec, { hidden: s.hidden, w: W.lmHead, targets: s.targets, lse: s.headLse, dHidden, dW: G ? G.lmHead : null, ...upstream }, { accumulateWeight: true });
  // the head read s · (norm output): its gradient reaches the norm times s
  let dNormed = dHidden;
  if (s.logitScale !== 1) scale(rec, dHidden, s.logitScale, (dNormed = t([T, H], 'hidden unscaled')));
  rmsnormBackward(rec, dNormed, s.xFinal, W.norm, s.rstdFinal, dx, G ? G.norm : normSink(H), { accumulateDw: !!G });

  for (let l = cfg.layers - 1; l >= 0; l--) {
    const L = W.layers[l];
    const g: Partial<LayerWeights> = G ? G.layers[l] : {};
    model.recomputeLayer(rec, s, l);
    const a = s.layers[l];
    layer = l;
    const normGrad = (w: Tensor | undefined, n: number) => w ?? normSink(n);
    // MLP: x_out = x_mid + h·W_downᵀ, h = silu(gate)·up, gate/up = n2·Wᵀ.
    dInput(dx, L.down, dh, false, 'down', a.h);
    dWeight(dx, a.h, g.down);
    swigluBackward(rec, dh, a.gate, a.up, dGate, dUp);
    dInput(dGate, L.gate, dn, false, 'gate', a.n2);
    dInput(dUp, L.up, dn, true, 'up', a.n2);
    dWeight(dGate, a.n2, g.gate);
    dWeight(dUp, a.n2, g.up);
    rmsnormBackward(rec, dn, a.xMid, L.postNorm, a.rstd2, dx, normGrad(g.postNorm, H), { accumulateDx: true, accumulateDw: !!G });
    // Attention: x_mid = x + attn·W_oᵀ.
    dInput(dx, L.o, dAttn, false, 'o', a.attn);
    dWeight(dx, a.attn, g.o);
    attentionBackward(rec, { q: a.q, k: a.k, v: a.v, out: a.attn, lse: a.lse, dOut: dAttn, seg: s.seg, dq, dk, dv }, { heads, kvHeads, headDim: D });
    ropeInPlace(rec, dq, heads, s.positions, model.ropeTable(), true);
    ropeInPlace(rec, dk, kvHeads, s.positions, model.ropeTable(), true);
    if (cfg.qkNorm) {
      rmsnormBackward(rec, dq, a.qPre!, L.qNorm!, a.rstdQ!, dqPre, normGrad(g.qNorm, D), { accumulateDw: !!G });
      rmsnormBackward(rec, dk, a.kPre!, L.kNorm!, a.rstdK!, dkPre, normGrad(g.kNorm, D), { accumulateDw: !!G });
    }
    dBias(dqPre, g.qBias);
    dBias(dkPre, g.kBias);
    dBias(dv, g.vBias);
    dInput(dqPre, L.q, dn, false, 'q', a.n1);
    dInput(dkPre, L.k, dn, true, 'k', a.n1);
    dInput(dv, L.v, dn, true, 'v', a.n1);
    dWeight(dqPre, a.n1, g.q);
    dWeight(dkPre, a.n1, g.k);
    dWeight(dv, a.n1, g.v);
    rmsnormBackward(rec, dn, a.x, L.inputNorm, a.rstd1, dx, normGrad(g.inputNorm, H), { accumulateDx: true, accumulateDw: !!G });
  }
  if (G) embeddingBackward(rec, dx, s.ids, G.embed, { accumulate: true });
}
