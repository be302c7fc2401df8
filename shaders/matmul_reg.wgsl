// Barrier-free register-blocked matmul: C = alpha * op(A) * op(B) (+ bias) (+ C).
// Each invocation owns TM rows x 4 columns of C and reads its operands straight from
// storage as vec4. Invocations of a workgroup run along N; a workgroup row covers TM rows.
// On a CPU rasteriser (lavapipe) every storage load costs a bounds-checked per-lane
// gather, so speed is decided by FMAs per loaded element: with SUBGROUP, the lanes of a
// subgroup each load a different A row and share them with subgroupBroadcast, so A costs
// one load per SG rows instead of one per row.
// Modes (template defines): NN (A[M,K], B[K,N]), NT (B[N,K]: y = x W^T), TN (A[K,M]:
// weight gradients). Preconditions checked by src/kernels/matmul.ts: N, the contiguous
// dim of each operand, all leading dims, offsets and strides are multiples of 4.
// Template: see src/kernels/matmul_template.ts.
//#if SUBGROUP
enable subgroups;
//#endif

struct Params {
  m: u32, n: u32, k: u32, flags: u32,
  lda: u32, ldb: u32, ldc: u32, alpha: f32,
  off_a: u32, off_b: u32, off_c: u32, off_bias: u32,
  stride_a: u32, stride_b: u32, stride_c: u32, pad: u32,
}
const BIAS = 2u;

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> a: array<vec4<f32>>;
//#if F16
// f16 weights are read as packed pairs of u32.
@group(0) @binding(2) var<storage, read> b: array<vec2<u32>>;
fn loadb(i: u32) -> vec4<f32> { return unpack4(b[i]); }
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
@group(0) @binding(2) var<storage, read> b: array<vec4<f32>>;
fn loadb(i: u32) -> vec4<f32> { return b[i]; }
//#endif
@group(0) @binding(3) var<storage, read_write> c: array<vec4<f32>>;
@group(0) @binding(4) var<storage, read> bias: array<f32>;

@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) li: u32
//#if SUBGROUP
  , @builtin(subgroup_invocation_id) sl: u32
//#endif
) {
  let m0 = wg.y * ${TM}u;
  let n = (wg.x * ${WG}u + li) * 4u;
  let oa = (p.off_a + wg.z * p.stride_a) / 4u;
  let ob = (p.off_b + wg.z * p.stride_b) / 4u;
  let lda4 = p.lda / 4u;
  let ldb4 = p.ldb / 4u;
//#for i in 0..TM
  var acc${i} = vec4<f32>();
//#endfor
//#if NN
  // Out-of-range rows and columns are clamped to valid ones and never stored.
  let bq = ob + min(n, p.n - 4u) / 4u;
//#elif NT
//#for j in 0..4
  let rb${j} = ob + (min(n, p.n - 4u) + ${j}u) * ldb4;
//#endfor
//#endif
//#if TN
  let bq = ob + min(n, p.n - 4u) / 4u;
  let mq = m0 / 4u;
  let mlast = p.m / 4u - 1u;
  for (var k = 0u; k < p.k; k++) {
    let b0 = loadb(bq + k * ldb4);
//#if SUBGROUP
//#for r in 0..TM/(4*SG)
    let a${r} = a[oa + k * lda4 + min(mq + ${r * SG}u + sl, mlast)];
//#endfor
//#for i in 0..TM
    acc${i} = fma(vec4<f32>(subgroupBroadcast(a${i / (4 * SG)}, ${(i / 4) % SG}u)[${i % 4}]), b0, acc${i});
//#endfor
//#else
//#for q in 0..TM/4
    let a${q} = a[oa + k * lda4 + min(mq + ${q}u, mlast)];
//#endfor
//#for i in 0..TM
    acc${i} = fma(vec4<f32>(a${i / 4}[${i % 4}]), b0, acc${i});
//#endfor
//#endif
  }
//#else
  // NN and NT: K advances 4 at a time, A is read as vec4 along K.
//#if SUBGROUP
//#for r in 0..TM/SG
  let ra${r} = oa + min(m0 + ${r * SG}u + sl, p.m - 1u) * lda4;
//#endfor
//#else
//#for i in 0..TM
  let ra${i} = oa + min(m0 + ${i}u, p.m - 1u) * lda4;
//#endfor
//#endif
  for (var k4 = 0u; k4 < p.k / 4u; k4++) {
//#if NN
//#for kk in 0..4
    let b${kk} = loadb(bq + (k4 * 4u + ${kk}u) * ldb4);
//#endfor
//#else
//#for j in 0..4
    let t${j} = loadb(rb${j} + k4);
//#endfor
//#for kk in 0..4
    let b${kk} = vec4<f32>(t0[${kk}], t1[${kk}], t2[${kk}], t3[${kk}]);
//#endfor
//#endif
//#if SUBGROUP
//#for r in 0..TM/SG
    let a${r} = a[ra${r} + k4];
//#endfor
//#for i in 0..TM
    {
      let ai = subgroupBroadcast(a${i / SG}, ${i % SG}u);
      acc${i} = fma(vec4<f32>(ai.w), b3, fma(vec4<f32>(ai.z), b2, fma(vec4<f32>(ai.y), b1, fma(vec4<f32>(ai.x), b0, acc${i}))));
    }
//#endfor
//#else
//#for i in 0..TM
    {
      let ai = a[ra${i} + k4];
      acc${i} = fma(vec4<f32>(ai.w), b3, fma(vec4<f32>(ai.z), b2, fma(vec4<f32>(ai.y), b1, fma(vec4<f32>(ai.x), b0, acc${i}))));
    }
//#endfor
//#endif
  }
//#endif
  // Epilogue: scale, bias, accumulate; C stored as vec4 rows. No per-row bounds checks
  // (they doubled lavapipe's multi-second compile): rows past M were computed from
  // clamped loads, so they hold exactly the last real row's values, and this invocation
  // writes them there again after reading all of its C values first (so accumulating
  // stays exact). Columns past N would be another invocation's: those skip the stores.
  // Accumulating is a template define, not a flag: reading C costs lavapipe ~5 s more
  // compile per pipeline, which only the accumulating pipelines should pay.
  let oc = (p.off_c + wg.z * p.stride_c) / 4u;
  let ldc4 = p.ldc / 4u;
  let nc = min(n, p.n - 4u);
  var bv = vec4<f32>();
  if ((p.flags & BIAS) != 0u) {
    bv = vec4<f32>(bias[p.off_bias + nc], bias[p.off_bias + nc + 1u], bias[p.off_bias + nc + 2u], bias[p.off_bias + nc + 3u]);
  }
//#for i in 0..TM
  let at${i} = oc + min(m0 + ${i}u, p.m - 1u) * ldc4 + nc / 4u;
//#if ACC
  let v${i} = fma(acc${i}, vec4<f32>(p.alpha), bv) + c[at${i}];
//#else
  let v${i} = fma(acc${i}, vec4<f32>(p.alpha), bv);
//#endif
//#endfor
  if (n < p.n) {
//#for i in 0..TM
    c[at${i}] = v${i};
//#endfor
  }
}
