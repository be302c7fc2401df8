// Converts between f32 and f16. The dispatcher prepends `enable f16;` and the aliases
// SV (source unit) and DV (destination unit), scalar or vec4, plus linear_group().
// f32 → f16 saturates to ±65504: WGSL leaves out-of-range conversions undefined.

struct Params {
  n: u32,        // units in this segment
  src_off: u32,  // offsets in units
  dst_off: u32,
}

@group(0) @binding(0) var<storage, read> src: array<SV>;
@group(0) @binding(1) var<storage, read_write> dst: array<DV>;
@group(0) @binding(2) var<uniform> p: Params;

override WG: u32 = 256u;

@compute @workgroup_size(WG)
fn to_f16(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let i = linear_group(wid, nwg) * WG + lid;
  if (i >= p.n) { return; }
  dst[p.dst_off + i] = DV(clamp(src[p.src_off + i], SV(-65504.0), SV(65504.0)));
}

@compute @workgroup_size(WG)
fn to_f32(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let i = linear_group(wid, nwg) * WG + lid;
  if (i >= p.n) { return; }
  dst[p.dst_off + i] = DV(src[p.src_off + i]);
}
