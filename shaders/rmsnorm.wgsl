// RMSNorm over the last dim: y = x · rstd · w, rstd = 1/sqrt(mean(x²) + eps). One
// workgroup per row; rstd is kept for the backward. Per-head q/k norm (Qwen3) is the
// same kernel with rows = tokens·heads and dim = headDim.
struct P { rows: u32, dim: u32, eps: f32 }
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> w: array<f32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;
@group(0) @binding(3) var<storage, read_write> rstd: array<f32>;
@group(0) @binding(4) var<uniform> p: P;

override WG: u32 = 64u;
var<workgroup> red: array<f32, WG>;

fn row_sum(v: f32, li: u32) -> f32 {
  red[li] = v;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s = s / 2u) {
    if (li < s) { red[li] += red[li + s]; }
    workgroupBarrier();
  }
  let total = red[0];
  workgroupBarrier();
  return total;
}

@compute @workgroup_size(WG)
fn forward(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) li: u32) {
  let r = linear_group(wid, nwg);
  if (r >= p.rows) { return; }
  let o = r * p.dim;
  var ss = 0.0;
  for (var j = li; j < p.dim; j += WG) { let v = x[o + j]; ss += v * v; }
  let s = inverseSqrt(row_sum(ss, li) / f32(p.dim) + p.eps);
  for (var j = li; j < p.dim; j += WG) { y[o + j] = x[o + j] * s * w[j]; }
  if (li == 0u) { rstd[r] = s; }
}

// One invocation per row, no barriers: faster on CPU rasterisers (see src/kernels/launch.ts).
@compute @workgroup_size(WG)
fn forward_row(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) li: u32) {
  let r = linear_group(wid, nwg) * WG + li;
  if (r >= p.rows) { return; }
  let o = r * p.dim;
  var ss = 0.0;
  for (var j = 0u; j < p.dim; j++) { let v = x[o + j]; ss += v * v; }
  let s = inverseSqrt(ss / f32(p.dim) + p.eps);
  for (var j = 0u; j < p.dim; j++) { y[o + j] = x[o + j] * s * w[j]; }
  rstd[r] = s;
}
