// Row reductions over the last dimension: out[r] = Σ_j x[r, j] or max_j x[r, j], in f32.
// specialize() provides T, V (T or vec4<T>), hsum/hmax and linear_group().
// row_*: one workgroup per row, strided loads then a shared-memory tree (WG a power of 2).
// row_*_short: one invocation per row, no barriers: short rows, and CPU rasterisers
// where barriers are expensive.

struct Params {
  rows: u32,
  len: u32,       // units (V) per row
  in_off: u32,    // in units
  out_off: u32,   // in elements
  lowest: f32,    // -FLT_MAX: max's identity (WGSL may assume no infinities)
}

@group(0) @binding(0) var<storage, read> x: array<V>;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<uniform> p: Params;

override WG: u32 = 256u;
var<workgroup> sm: array<f32, WG>;

@compute @workgroup_size(WG)
fn row_sum(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let r = linear_group(wid, nwg);
  if (r >= p.rows) { return; }
  let base = p.in_off + r * p.len;
  var acc = 0.0;
  for (var i = lid; i < p.len; i += WG) { acc += hsum(x[base + i]); }
  sm[lid] = acc;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s >>= 1u) {
    if (lid < s) { sm[lid] += sm[lid + s]; }
    workgroupBarrier();
  }
  if (lid == 0u) { out[p.out_off + r] = sm[0]; }
}

@compute @workgroup_size(WG)
fn row_max(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let r = linear_group(wid, nwg);
  if (r >= p.rows) { return; }
  let base = p.in_off + r * p.len;
  var acc = p.lowest;
  for (var i = lid; i < p.len; i += WG) { acc = max(acc, hmax(x[base + i])); }
  sm[lid] = acc;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s >>= 1u) {
    if (lid < s) { sm[lid] = max(sm[lid], sm[lid + s]); }
    workgroupBarrier();
  }
  if (lid == 0u) { out[p.out_off + r] = sm[0]; }
}

@compute @workgroup_size(WG)
fn row_sum_short(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let r = linear_group(wid, nwg) * WG + lid;
  if (r >= p.rows) { return; }
  let base = p.in_off + r * p.len;
  var acc = 0.0;
  for (var i = 0u; i < p.len; i++) { acc += hsum(x[base + i]); }
  out[p.out_off + r] = acc;
}

@compute @workgroup_size(WG)
fn row_max_short(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let r = linear_group(wid, nwg) * WG + lid;
  if (r >= p.rows) { return; }
  let base = p.in_off + r * p.len;
  var acc = p.lowest;
  for (var i = 0u; i < p.len; i++) { acc = max(acc, hmax(x[base + i])); }
  out[p.out_off + r] = acc;
}
