// AdamW update of one parameter tensor (shard) from its accumulated gradient, with f32
// master weights and f32 moments, as torch.optim.AdamW:
//   g = grad · grad_scale · clip          (grad_scale folds 1/micro-batches; clip from grad_norm)
//   m = β1 m + (1-β1) g,  v = β2 v + (1-β2) g²
//   w = w (1 - lr·wd) - lr · (m / bc1) / (sqrt(v / bc2) + eps),   bc = 1 - β^t
// The whole update is skipped when the non-finite guard counted any bad value (flags[0]):
// skipping on the GPU keeps the step in one submit; the host learns it from the flags.
// adamw_shadow also writes the new weights as f16 into `shadow` (the copy the forward
// reads when the model runs f16 matrices); the host prepends `enable f16;` and `alias S`
// (f16 or vec4<f16>) for it, and `alias S = V;` (unused) otherwise.

struct Params {
  n: u32,          // V units in this segment
  w_off: u32,      // offsets in V units, per operand (shards may start at different rows)
  g_off: u32,
  m_off: u32,
  v_off: u32,
  lr: f32,
  beta1: f32,
  beta2: f32,
  eps: f32,
  wd: f32,         // 0 for tensors without weight decay (norms, biases)
  bc1: f32,
  bc2: f32,
  grad_scale: f32,
  s_off: u32,
}

@group(0) @binding(0) var<storage, read_write> w: array<V>;
@group(0) @binding(1) var<storage, read> grad: array<V>;
@group(0) @binding(2) var<storage, read_write> m: array<V>;
@group(0) @binding(3) var<storage, read_write> v: array<V>;
@group(0) @binding(4) var<storage, read> norm: array<f32>;   // [‖g‖, clip, ...]
@group(0) @binding(5) var<storage, read> flags: array<u32>;  // [bad values, ...]
@group(0) @binding(6) var<uniform> p: Params;
@group(0) @binding(7) var<storage, read_write> shadow: array<S>;

override WG: u32 = 256u;

// The new weights of unit i, m and v updated; called only when the step is not skipped.
fn update_unit(i: u32) -> V {
  let g = grad[p.g_off + i] * (p.grad_scale * norm[1]);
  let mi = p.beta1 * m[p.m_off + i] + (1.0 - p.beta1) * g;
  let vi = p.beta2 * v[p.v_off + i] + (1.0 - p.beta2) * g * g;
  m[p.m_off + i] = mi;
  v[p.v_off + i] = vi;
  let update = (mi / p.bc1) / (sqrt(vi / p.bc2) + V(p.eps));
  let wi = w[p.w_off + i] * (1.0 - p.lr * p.wd) - p.lr * update;
  w[p.w_off + i] = wi;
  return wi;
}

@compute @workgroup_size(WG)
fn adamw(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let i = linear_group(wid, nwg) * WG + lid;
  if (i >= p.n || flags[0] != 0u) { return; }
  _ = update_unit(i);
}

@compute @workgroup_size(WG)
fn adamw_shadow(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let i = linear_group(wid, nwg) * WG + lid;
  if (i >= p.n || flags[0] != 0u) { return; }
  shadow[p.s_off + i] = S(update_unit(i));
}
