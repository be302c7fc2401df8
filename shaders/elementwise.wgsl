// Element-wise ops over flat arrays of V (T or vec4<T>). The header from specialize()
// defines T, V, F, widen() and linear_group(). Every entry point shares one layout:
// a (read), b (read; unary ops ignore it), out (read_write), params. Math is done in f32.

struct Params {
  n: u32,       // V units in this segment
  a_off: u32,   // offsets in V units
  b_off: u32,
  out_off: u32,
  b_mod: u32,   // 0: b is element-wise; otherwise b repeats every b_mod units (row broadcast)
  s: f32,       // scale for scale / acc
}

@group(0) @binding(0) var<storage, read> a: array<V>;
@group(0) @binding(1) var<storage, read> b: array<V>;
@group(0) @binding(2) var<storage, read_write> out: array<V>;
@group(0) @binding(3) var<uniform> p: Params;

override WG: u32 = 256u;

fn unit(wid: vec3<u32>, nwg: vec3<u32>, lid: u32) -> u32 {
  return linear_group(wid, nwg) * WG + lid;
}

fn load_a(i: u32) -> F { return widen(a[p.a_off + i]); }

fn load_b(i: u32) -> F {
  var j = i;
  if (p.b_mod != 0u) { j = i % p.b_mod; }
  return widen(b[p.b_off + j]);
}

// x·sigmoid(x); exp(-x) overflowing to inf for very negative x correctly gives -0.
fn silu_of(x: F) -> F { return x / (F(1.0) + exp(-x)); }

@compute @workgroup_size(WG)
fn add(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let i = unit(wid, nwg, lid);
  if (i >= p.n) { return; }
  out[p.out_off + i] = V(load_a(i) + load_b(i));
}

@compute @workgroup_size(WG)
fn mul(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let i = unit(wid, nwg, lid);
  if (i >= p.n) { return; }
  out[p.out_off + i] = V(load_a(i) * load_b(i));
}

// SwiGLU: silu(gate) * up, with a = gate and b = up.
@compute @workgroup_size(WG)
fn silu_mul(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let i = unit(wid, nwg, lid);
  if (i >= p.n) { return; }
  out[p.out_off + i] = V(silu_of(load_a(i)) * load_b(i));
}

@compute @workgroup_size(WG)
fn scale(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let i = unit(wid, nwg, lid);
  if (i >= p.n) { return; }
  out[p.out_off + i] = V(load_a(i) * p.s);
}

@compute @workgroup_size(WG)
fn silu(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let i = unit(wid, nwg, lid);
  if (i >= p.n) { return; }
  out[p.out_off + i] = V(silu_of(load_a(i)));
}

// out += s·a (residual adds, gradient accumulation).
@compute @workgroup_size(WG)
fn acc(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let i = unit(wid, nwg, lid);
  if (i >= p.n) { return; }
  let o = p.out_off + i;
  out[o] = V(widen(out[o]) + load_a(i) * p.s);
}
