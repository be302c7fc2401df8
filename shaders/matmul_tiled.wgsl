// Workgroup-shared-memory tiled matmul: C = alpha * op(A) * op(B) (+ bias) (+ C).
// A 16x16 workgroup computes a 64x64 tile of C, 4x4 outputs per invocation, staging
// 64x16 slabs of A and B in workgroup memory so each global element is read once per
// workgroup (what real GPUs reward). Loads are scalar and bounds-checked, so this kernel
// also serves every shape, offset and transpose the vec4 kernels cannot (ragged K,
// odd leading dims, A^T B^T).
// Template defines: TA, TB (operand transposed), F16 (B stored as f16).

struct Params {
  m: u32, n: u32, k: u32, flags: u32,
  lda: u32, ldb: u32, ldc: u32, alpha: f32,
  off_a: u32, off_b: u32, off_c: u32, off_bias: u32,
  stride_a: u32, stride_b: u32, stride_c: u32, pad: u32,
}
const ACCUMULATE = 1u;
const BIAS = 2u;
const BK = 16u;

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> a: array<f32>;
//#if F16
// f16 weights as packed pairs of u32.
@group(0) @binding(2) var<storage, read> b: array<u32>;
fn loadb(i: u32) -> f32 { return half1(b[i >> 1u], i & 1u); }
// f16 bits -> f32 with integer ops and one multiply (lavapipe compiles unpack2x16float
// and shader-f16 conversions into code that takes seconds per unrolled pipeline).
// Exact for normal and subnormal halves; Inf/NaN are not expected in weights.
fn halves(h: vec4<u32>) -> vec4<f32> {
  let mag = bitcast<vec4<f32>>((h & vec4<u32>(0x7fffu)) << vec4<u32>(13u)) * 5.192296858534828e33;
  return bitcast<vec4<f32>>(bitcast<vec4<u32>>(mag) | ((h & vec4<u32>(0x8000u)) << vec4<u32>(16u)));
}
fn unpack4(w: vec2<u32>) -> vec4<f32> {
  return halves(vec4<u32>(w.x & 0xffffu, w.x >> 16u, w.y & 0xffffu, w.y >> 16u));
}
fn half1(word: u32, odd: u32) -> f32 {
  return halves(vec4<u32>((word >> (16u * odd)) & 0xffffu)).x;
}
//#else
@group(0) @binding(2) var<storage, read> b: array<f32>;
fn loadb(i: u32) -> f32 { return b[i]; }
//#endif
@group(0) @binding(3) var<storage, read_write> c: array<f32>;
@group(0) @binding(4) var<storage, read> bias: array<f32>;

// K-major slabs: sa[kk * 64 + row], sb[kk * 64 + col].
var<workgroup> sa: array<f32, 1024>;
var<workgroup> sb: array<f32, 1024>;

fn load_a(oa: u32, m: u32, k: u32) -> f32 {
  if (m >= p.m || k >= p.k) { return 0.0; }
//#if TA
  return a[oa + k * p.lda + m];
//#else
  return a[oa + m * p.lda + k];
//#endif
}

fn load_b(ob: u32, k: u32, n: u32) -> f32 {
  if (n >= p.n || k >= p.k) { return 0.0; }
//#if TB
  return loadb(ob + n * p.ldb + k);
//#else
  return loadb(ob + k * p.ldb + n);
//#endif
}

@compute @workgroup_size(16, 16)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>,
        @builtin(local_invocation_index) li: u32) {
  let m0 = wg.y * 64u;
  let n0 = wg.x * 64u;
  let oa = p.off_a + wg.z * p.stride_a;
  let ob = p.off_b + wg.z * p.stride_b;
  var acc: array<vec4<f32>, 4>;
  for (var k0 = 0u; k0 < p.k; k0 += BK) {
    // Element order follows each operand's contiguous dim so neighbouring invocations
    // read neighbouring addresses.
    for (var t = 0u; t < 4u; t++) {
      let e = li + t * 256u;
//#if TA
      let am = e % 64u; let ak = e / 64u;
//#else
      let ak = e % 16u; let am = e / 16u;
//#endif
      sa[ak * 64u + am] = load_a(oa, m0 + am, k0 + ak);
//#if TB
      let bk = e % 16u; let bn = e / 16u;
//#else
      let bn = e % 64u; let bk = e / 64u;
//#endif
      sb[bk * 64u + bn] = load_b(ob, k0 + bk, n0 + bn);
    }
    workgroupBarrier();
    for (var kk = 0u; kk < BK; kk++) {
      let av = vec4<f32>(sa[kk * 64u + lid.y * 4u], sa[kk * 64u + lid.y * 4u + 1u], sa[kk * 64u + lid.y * 4u + 2u], sa[kk * 64u + lid.y * 4u + 3u]);
      let bv = vec4<f32>(sb[kk * 64u + lid.x * 4u], sb[kk * 64u + lid.x * 4u + 1u], sb[kk * 64u + lid.x * 4u + 2u], sb[kk * 64u + lid.x * 4u + 3u]);
      acc[0] = fma(vec4<f32>(av.x), bv, acc[0]);
      acc[1] = fma(vec4<f32>(av.y), bv, acc[1]);
      acc[2] = fma(vec4<f32>(av.z), bv, acc[2]);
      acc[3] = fma(vec4<f32>(av.w), bv, acc[3]);
    }
    workgroupBarrier();
  }
  let oc = p.off_c + wg.z * p.stride_c;
  let n = n0 + lid.x * 4u;
  for (var i = 0u; i < 4u; i++) {
    let m = m0 + lid.y * 4u + i;
    if (m >= p.m) { break; }
    for (var j = 0u; j < 4u; j++) {
      if (n + j >= p.n) { break; }
      var v = acc[i][j] * p.alpha;
      if ((p.flags & BIAS) != 0u) { v += bias[p.off_bias + n + j]; }
      let at = oc + m * p.ldc + n + j;
      if ((p.flags & ACCUMULATE) != 0u) { v += c[at]; }
      c[at] = v;
    }
  }
}
