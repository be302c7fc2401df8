// Scalars by index, for moving per-token values between two layouts of one batch (a prefix
// tree's packed rows and GRPO's [rollouts, completion length] grid):
//   gather:  out[i] = src[idx[i]], or 0 where idx[i] = NONE (padding);
//   scatter: out[idx[i]] = src[i] where idx[i] ≠ NONE. The host clears out first and gives
//            distinct indices (no two writes to one element: no atomics needed).
// The host appends linear_group.
struct P { n: u32 }
@group(0) @binding(0) var<storage, read> src: array<f32>;
@group(0) @binding(1) var<storage, read> idx: array<u32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;
@group(0) @binding(3) var<uniform> p: P;

override WG: u32 = 256u;
const NONE: u32 = 0xffffffffu;

@compute @workgroup_size(WG)
fn gather(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) li: u32) {
  let i = linear_group(wid, nwg) * WG + li;
  if (i >= p.n) { return; }
  let j = idx[i];
  out[i] = select(0.0, src[j], j != NONE);
}

@compute @workgroup_size(WG)
fn scatter(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) li: u32) {
  let i = linear_group(wid, nwg) * WG + li;
  if (i >= p.n) { return; }
  let j = idx[i];
  if (j != NONE) { out[j] = src[i]; }
}
