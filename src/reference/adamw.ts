// Float64 reference of one AdamW step (torch.optim.AdamW, decoupled weight decay) with
// global gradient-norm clipping (torch.nn.utils.clip_grad_norm_) and a gradient scale.

export interface RefAdamWState {
  w: Float64Array;
  m: Float64Array;
  v: Float64Array;
}

export interface RefAdamWHyper {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  /** 1-based. */
  step: number;
  /** Already includes gradScale and the clip factor. */
  gradMultiplier: number;
}

/** Global L2 norm of scale·g over all tensors, and the clip factor min(1, max / (norm + 1e-6)). */
export function refGlobalNorm(grads: readonly ArrayLike<number>[], scale: number, maxNorm: number): { norm: number; clip: number } {
  let s = 0;
  for (const g of grads) for (let i = 0; i < g.length; i++) s += g[i] * g[i];
  const norm = scale * Math.sqrt(s);
  return { norm, clip: maxNorm > 0 ? Math.min(1, maxNorm / (norm + 1e-6)) : 1 };
}

/** Updates st in place. */
export function refAdamWStep(st: RefAdamWState, grad: ArrayLike<number>, h: RefAdamWHyper): void {
  const bc1 = 1 - h.beta1 ** h.step;
  const bc2 = 1 - h.beta2 ** h.step;
  for (let i = 0; i < st.w.length; i++) {
    const g = grad[i] * h.gradMultiplier;
    st.m[i] = h.beta1 * st.m[i] + (1 - h.beta1) * g;
    st.v[i] = h.beta2 * st.v[i] + (1 - h.beta2) * g * g;
    st.w[i] *= 1 - h.lr * h.weightDecay;
    st.w[i] -= (h.lr / bc1) * (st.m[i] / (Math.sqrt(st.v[i]) / Math.sqrt(bc2) + h.eps));
  }
}
