// gate ← silu(gate) · up, in place (the MLP's hidden activation).
struct P { count: u32, groupsX: u32 }
@group(0) @binding(0) var<storage, read_write> gate: array<f32>;
@group(0) @binding(1) var<storage, read> up: array<f32>;
@group(0) @binding(2) var<uniform> p: P;

@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) li: u32) {
  let i = (wid.x + wid.y * p.groupsX) * 64u + li;
  if (i >= p.count) { return; }
  let g = gate[i];
  gate[i] = g / (1.0 + exp(-g)) * up[i];
}
