// Global gradient norm for clipping, in two deterministic stages (no float atomics).
// Both entry points share one binding layout: src (read), dst (read_write), flags, params.
// The host prepends `alias U` (u32 or vec4<u32>, V's bit pattern).
// sum_squares: `groups` workgroups stride over one tensor shard (src); each writes Σ x² of
//   its share into dst[slot + group]. Every tensor shard owns a fixed range of slots.
//   It also serves as the non-finite guard for gradients (one pass over them, not two):
//   NaN/±Inf values, found by bit pattern, are counted into flags[0] and flags[flag_slot]
//   as in shaders/nonfinite.wgsl (flag_slot 0: not counted).
// finish (f32, scalar variant): one workgroup sums the n partials in src and writes
//   dst = [‖g‖, clip, Σ g²] with ‖g‖ = grad_scale · sqrt(Σ) and
//   clip = min(1, max_norm / (‖g‖ + 1e-6)) as PyTorch's clip_grad_norm_, or 1 when
//   max_norm is 0. The AdamW kernel reads clip from dst[1], so clipping costs no extra pass.

struct Params {
  n: u32,           // sum_squares: V units in this shard; finish: partials to sum
  groups: u32,      // sum_squares: workgroups striding (the dispatch grid may overshoot)
  slot: u32,        // sum_squares: first partial of this shard
  grad_scale: f32,  // finish: e.g. 1/micro-batches, so the norm is that of the scaled gradient
  max_norm: f32,    // finish: 0 = no clipping
  flag_slot: u32,   // sum_squares: this tensor's non-finite counter; 0 = none
}

@group(0) @binding(0) var<storage, read> src: array<V>;
@group(0) @binding(1) var<storage, read_write> dst: array<f32>;
@group(0) @binding(2) var<storage, read_write> flags: array<atomic<u32>>;
@group(0) @binding(3) var<uniform> p: Params;

const EXP_MASK: u32 = 0x7f800000u;

override WG: u32 = 256u;
var<workgroup> sm: array<f32, WG>;

fn tree(lid: u32) {
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s >>= 1u) {
    if (lid < s) { sm[lid] += sm[lid + s]; }
    workgroupBarrier();
  }
}

@compute @workgroup_size(WG)
fn sum_squares(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let g = linear_group(wid, nwg);
  if (g >= p.groups) { return; }
  var acc = 0.0;
  var bad = 0.0;
  for (var i = g * WG + lid; i < p.n; i += p.groups * WG) {
    let x = src[i];
    let v = widen(x);
    acc += hsumf(v * v);
    bad += hsumf(select(F(0.0), F(1.0), (bitcast<U>(x) & U(EXP_MASK)) == U(EXP_MASK)));
  }
  if (bad > 0.0 && p.flag_slot != 0u) {
    atomicAdd(&flags[0], u32(bad));
    atomicAdd(&flags[p.flag_slot], u32(bad));
  }
  sm[lid] = acc;
  tree(lid);
  if (lid == 0u) { dst[p.slot + g] = sm[0]; }
}

@compute @workgroup_size(WG)
fn finish(@builtin(local_invocation_index) lid: u32) {
  var acc = 0.0;
  for (var i = lid; i < p.n; i += WG) { acc += hsum(src[i]); }
  sm[lid] = acc;
  tree(lid);
  if (lid == 0u) {
    let total = sm[0];
    let norm = p.grad_scale * sqrt(total);
    var clip = 1.0;
    if (p.max_norm > 0.0) { clip = min(1.0, p.max_norm / (norm + 1e-6)); }
    dst[0] = norm;
    dst[1] = clip;
    dst[2] = total;
  }
}
