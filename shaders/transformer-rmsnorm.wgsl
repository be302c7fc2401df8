// out[r, :] = x[r, :] / sqrt(mean(x[r, :]²) + eps) * weight[:], one workgroup per row.
// Serves the layer norms (rows = tokens) and Qwen3's per-head q/k norms (rows = tokens ×
// heads, width = head_dim, one weight shared by every head).
struct P { rows: u32, width: u32, eps: f32, groupsX: u32 }
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> weight: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;
@group(0) @binding(3) var<uniform> p: P;

const WG: u32 = 64u;
var<workgroup> partial: array<f32, WG>;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) li: u32) {
  let r = wid.x + wid.y * p.groupsX;
  // Uniform control flow: every invocation reaches the barriers, out-of-range rows write nothing.
  let live = r < p.rows;
  let base = min(r, p.rows - 1u) * p.width;
  var s = 0.0;
  for (var i = li; i < p.width; i += WG) { let v = x[base + i]; s += v * v; }
  partial[li] = s;
  workgroupBarrier();
  for (var step = WG / 2u; step > 0u; step /= 2u) {
    if (li < step) { partial[li] += partial[li + step]; }
    workgroupBarrier();
  }
  let scale = inverseSqrt(partial[0] / f32(p.width) + p.eps);
  if (!live) { return; }
  for (var i = li; i < p.width; i += WG) { out[base + i] = x[base + i] * scale * weight[i]; }
}
