// Sums over a workgroup of GWG invocations, for the attention kernels that give a (query,
// head) or a (key, KV head) pair a whole workgroup (attention.wgsl `grouped`,
// `segments_grouped`; attention_backward.wgsl `dq_grouped`, `dkv_grouped`). Every
// invocation of the workgroup must call these, in uniform control flow (they hold barriers).
// Vectors of D4 vec4s are summed SL vec4s at a time through 8 KiB of workgroup memory.
// Appended to the attention sources (which declare D4 and LOOP_D4, the head-dim loop bound:
// constant on GPUs, p.d4 on CPU rasterisers).
const GWG: u32 = 64u;
const SL: u32 = 8u;
var<workgroup> gsum: array<vec4<f32>, GWG * SL>;
var<workgroup> gone: array<f32, GWG>;

// Σ over invocations of x[c0 .. c0 + SL) · scale; invocation li < SL gets vec4 c0 + li (a
// serial sum over the GWG rows: two barriers, not a tree's six, which lavapipe compiles in
// a fraction of the time).
fn groupSum(li: u32, x: ptr<function, array<vec4<f32>, D4>>, c0: u32, scale: f32) -> vec4<f32> {
  for (var c = 0u; c < SL; c++) {
    if (c0 + c < LOOP_D4) { gsum[li * SL + c] = (*x)[c0 + c] * scale; }
  }
  workgroupBarrier();
  var r = vec4<f32>(0.0);
  if (li < SL) {
    for (var i = 0u; i < GWG; i++) { r += gsum[i * SL + li]; }
  }
  workgroupBarrier(); // the next call overwrites gsum
  return r;
}

// The workgroup's max (isMax) or sum of one value per invocation, for every invocation.
fn groupScalar(li: u32, v: f32, isMax: bool) -> f32 {
  gone[li] = v;
  workgroupBarrier();
  var r = gone[0];
  for (var i = 1u; i < GWG; i++) { r = select(r + gone[i], max(r, gone[i]), isMax); }
  workgroupBarrier();
  return r;
}
