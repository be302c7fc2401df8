// Rotate-half RoPE, in place, on x [tokens, heads·headDim] with one position id per token.
// cos/sin come from a table [positions, headDim] (cos in the first half, sin in the
// second) computed on the host in float64: GPU sin/cos are only specified near [-π, π],
// and angles reach thousands of radians. sign = -1 rotates back (the backward).
struct P { n: u32, heads: u32, half: u32, sign: f32, maxPos: u32 }
@group(0) @binding(0) var<storage, read_write> x: array<f32>;
@group(0) @binding(1) var<storage, read> pos: array<u32>;
@group(0) @binding(2) var<storage, read> table: array<f32>;
@group(0) @binding(3) var<uniform> p: P;

override WG: u32 = 64u;

// One invocation per (token, head, pair).
@compute @workgroup_size(WG)
fn rotate(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) li: u32) {
  let i = linear_group(wid, nwg) * WG + li;
  if (i >= p.n) { return; }
  let pair = i % p.half;
  let th = i / p.half;               // token·heads + head
  let t = th / p.heads;
  let position = min(pos[t], p.maxPos - 1u);
  let c = table[position * 2u * p.half + pair];
  let s = p.sign * table[position * 2u * p.half + p.half + pair];
  let a = th * 2u * p.half + pair;
  let x0 = x[a];
  let x1 = x[a + p.half];
  x[a] = x0 * c - x1 * s;
  x[a + p.half] = x1 * c + x0 * s;
}
