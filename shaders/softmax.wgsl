// Numerically stable row softmax over the last dimension: out = exp(s·x - m) / Σ exp(s·x - m)
// with m the row max of s·x. `main`: one workgroup per row, any row length (151936-wide
// vocab rows included): pass 1 keeps a running (max, sum) per invocation, rescaling the
// sum when the max grows, then merges the pairs in shared memory; pass 2 writes.
// `per_invocation`: the same per row in a single invocation (see the end of the file).
// specialize() provides T, V, F, widen, hmaxf/hsumf and linear_group(). Inputs must be
// finite (WGSL may assume no infinities): mask with a large negative number, not -inf.

struct Params {
  rows: u32,
  len: u32,       // units (V) per row
  in_off: u32,    // in units
  out_off: u32,   // in units
  scale: f32,
  lowest: f32,    // -FLT_MAX
}

@group(0) @binding(0) var<storage, read> x: array<V>;
@group(0) @binding(1) var<storage, read_write> out: array<V>;
@group(0) @binding(2) var<uniform> p: Params;

override WG: u32 = 256u;
var<workgroup> sm_max: array<f32, WG>;
var<workgroup> sm_sum: array<f32, WG>;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let r = linear_group(wid, nwg);
  if (r >= p.rows) { return; }
  let src = p.in_off + r * p.len;
  let dst = p.out_off + r * p.len;

  var m = p.lowest;
  var s = 0.0;
  for (var i = lid; i < p.len; i += WG) {
    let v = widen(x[src + i]) * p.scale;
    let vm = hmaxf(v);
    if (vm > m) {
      s *= exp(m - vm);
      m = vm;
    }
    s += hsumf(exp(v - F(m)));
  }
  sm_max[lid] = m;
  sm_sum[lid] = s;
  workgroupBarrier();
  for (var h = WG / 2u; h > 0u; h >>= 1u) {
    if (lid < h) {
      let m1 = sm_max[lid];
      let m2 = sm_max[lid + h];
      let mm = max(m1, m2);
      sm_sum[lid] = sm_sum[lid] * exp(m1 - mm) + sm_sum[lid + h] * exp(m2 - mm);
      sm_max[lid] = mm;
    }
    workgroupBarrier();
  }
  let row_max = sm_max[0];
  let inv = 1.0 / sm_sum[0];
  for (var i = lid; i < p.len; i += WG) {
    out[dst + i] = V(exp(widen(x[src + i]) * p.scale - F(row_max)) * inv);
  }
}

// One invocation per row, no barriers: short rows, and CPU rasterisers where barriers
// cost more than idle lanes. Same arithmetic as main without the merge.
@compute @workgroup_size(WG)
fn per_invocation(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let r = linear_group(wid, nwg) * WG + lid;
  if (r >= p.rows) { return; }
  let src = p.in_off + r * p.len;
  let dst = p.out_off + r * p.len;
  var m = p.lowest;
  var s = 0.0;
  for (var i = 0u; i < p.len; i++) {
    let v = widen(x[src + i]) * p.scale;
    let vm = hmaxf(v);
    if (vm > m) {
      s *= exp(m - vm);
      m = vm;
    }
    s += hsumf(exp(v - F(m)));
  }
  let inv = 1.0 / s;
  for (var i = 0u; i < p.len; i++) {
    out[dst + i] = V(exp(widen(x[src + i]) * p.scale - F(m)) * inv);
  }
}
