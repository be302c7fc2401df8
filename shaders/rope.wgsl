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

// rotate_into_cache: a decoder step's RoPE and KV-cache write in one dispatch (they were
// four): q rotated in place, k rotated into cache row rows[t], v copied there. One
// invocation per (token, query head, pair); heads below kvHeads also carry k and v.
struct C { n: u32, heads: u32, half: u32, kvHeads: u32, maxPos: u32 }
@group(0) @binding(0) var<storage, read_write> cq: array<f32>;
@group(0) @binding(1) var<storage, read> ck: array<f32>;
@group(0) @binding(2) var<storage, read> cv: array<f32>;
@group(0) @binding(3) var<storage, read> cpos: array<u32>;
@group(0) @binding(4) var<storage, read> ctable: array<f32>;
@group(0) @binding(5) var<storage, read> crows: array<u32>;
@group(0) @binding(6) var<storage, read_write> kcache: array<f32>;
@group(0) @binding(7) var<storage, read_write> vcache: array<f32>;
@group(0) @binding(8) var<uniform> c: C;

@compute @workgroup_size(WG)
fn rotate_into_cache(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) li: u32) {
  let i = linear_group(wid, nwg) * WG + li;
  if (i >= c.n) { return; }
  let pair = i % c.half;
  let th = i / c.half;
  let t = th / c.heads;
  let h = th - t * c.heads;
  let position = min(cpos[t], c.maxPos - 1u);
  let cs = ctable[position * 2u * c.half + pair];
  let sn = ctable[position * 2u * c.half + c.half + pair];
  let a = th * 2u * c.half + pair;
  let q0 = cq[a];
  let q1 = cq[a + c.half];
  cq[a] = q0 * cs - q1 * sn;
  cq[a + c.half] = q1 * cs + q0 * sn;
  if (h < c.kvHeads) {
    let row = c.kvHeads * 2u * c.half;
    let src = t * row + h * 2u * c.half + pair;
    let dst = crows[t] * row + h * 2u * c.half + pair;
    let k0 = ck[src];
    let k1 = ck[src + c.half];
    kcache[dst] = k0 * cs - k1 * sn;
    kcache[dst + c.half] = k1 * cs + k0 * sn;
    vcache[dst] = cv[src];
    vcache[dst + c.half] = cv[src + c.half];
  }
}
