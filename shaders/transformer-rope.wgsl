// Rotate-half RoPE in place on x [tokens, heads, headDim]: dimension i pairs with
// i + headDim/2. cos/sin come from host tables [position, headDim/2] computed in float64,
// so long positions lose no accuracy to an f32 angle.
struct P { tokens: u32, heads: u32, half: u32, groupsX: u32 }
@group(0) @binding(0) var<storage, read_write> x: array<f32>;
@group(0) @binding(1) var<storage, read> cosT: array<f32>;
@group(0) @binding(2) var<storage, read> sinT: array<f32>;
@group(0) @binding(3) var<storage, read> tokinfo: array<u32>;   // per token: sequence, position
@group(0) @binding(4) var<uniform> p: P;

@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) li: u32) {
  let idx = (wid.x + wid.y * p.groupsX) * 64u + li;
  let i = idx % p.half;
  let th = idx / p.half;
  if (th >= p.tokens * p.heads) { return; }
  let t = th / p.heads;
  let pos = tokinfo[2u * t + 1u];
  let c = cosT[pos * p.half + i];
  let s = sinT[pos * p.half + i];
  let at = th * 2u * p.half + i;
  let a = x[at];
  let b = x[at + p.half];
  x[at] = a * c - b * s;
  x[at + p.half] = b * c + a * s;
}
