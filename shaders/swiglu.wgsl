// SwiGLU: h = silu(gate)·up, and its backward with silu'(g) = σ(g)·(1 + g·(1 − σ(g))).
// The host prepends `alias V` = vec4<f32> when the size is a multiple of 4 (fewer, wider
// loads), else f32; n counts units of V.
struct P { n: u32, accumulate: u32 }
@group(0) @binding(0) var<storage, read> gate: array<V>;
@group(0) @binding(1) var<storage, read> up: array<V>;
@group(0) @binding(2) var<storage, read_write> h: array<V>;
@group(0) @binding(3) var<uniform> p: P;
// backward's view
@group(0) @binding(2) var<storage, read> dh: array<V>;
@group(0) @binding(3) var<storage, read_write> dgate: array<V>;
@group(0) @binding(4) var<storage, read_write> dup: array<V>;
@group(0) @binding(5) var<uniform> q: P;

override WG: u32 = 64u;

// exp of a large positive argument overflows; σ(g) = 1/(1+e^-g) stays finite for g ≥ -88.
fn sigmoid(g: V) -> V {
  return 1.0 / (1.0 + exp(-max(g, V(-88.0))));
}

@compute @workgroup_size(WG)
fn forward(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) li: u32) {
  let i = linear_group(wid, nwg) * WG + li;
  if (i >= p.n) { return; }
  let g = gate[i];
  h[i] = g * sigmoid(g) * up[i];
}

@compute @workgroup_size(WG)
fn backward(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) li: u32) {
  let i = linear_group(wid, nwg) * WG + li;
  if (i >= q.n) { return; }
  let g = gate[i];
  let s = sigmoid(g);
  let d = dh[i];
  let dg = d * up[i] * s * (1.0 + g * (1.0 - s));
  let du = d * g * s;
  if (q.accumulate == 1u) {
    dgate[i] += dg;
    dup[i] += du;
  } else {
    dgate[i] = dg;
    dup[i] = du;
  }
}
