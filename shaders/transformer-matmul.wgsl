// out[n, outCol0 + o] = (ACC ? out[n, outCol0 + o] : 0) + bias[wRow0 + o] + Σ_k x[n, k] · w[wRow0 + o, k]
// for o < oCount: a batch of activation rows times a Hugging Face [out, in] weight (A·Bᵀ).
// Each invocation owns 4 outputs × TN rows, so one weight load feeds TN dot products;
// TN = 1 is the decode (matrix-vector) variant. No workgroup memory or barriers: on a
// software GPU loads per FMA decide the speed, and barriers are expensive.
// Prepended by the dispatcher: `const TN: u32`, the activation unit XV (f32 or vec4<f32>),
// the weight unit WV (the same in f32 or f16: f16 weights halve the bytes decode reads)
// and dotw(x, w) -> f32, which widens the weight and accumulates in f32.
struct P { n: u32, k: u32, outStride: u32, outCol0: u32, wRow0: u32, oCount: u32, acc: u32, hasBias: u32, groupsX: u32 }
@group(0) @binding(0) var<storage, read> x: array<XV>;
@group(0) @binding(1) var<storage, read> w: array<WV>;
@group(0) @binding(2) var<storage, read> bias: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;
@group(0) @binding(4) var<uniform> p: P;

@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) li: u32) {
  let idx = (wid.x + wid.y * p.groupsX) * 64u + li;
  let oBlocks = (p.oCount + 3u) / 4u;
  let ob = idx % oBlocks;
  let nb = idx / oBlocks;
  let n0 = nb * TN;
  if (n0 >= p.n) { return; }
  let o0 = ob * 4u;
  // Rows past the end are clamped (their results are discarded) so every load is in bounds.
  let last = p.oCount - 1u;
  let r0 = (p.wRow0 + min(o0, last)) * p.k;
  let r1 = (p.wRow0 + min(o0 + 1u, last)) * p.k;
  let r2 = (p.wRow0 + min(o0 + 2u, last)) * p.k;
  let r3 = (p.wRow0 + min(o0 + 3u, last)) * p.k;
  var acc: array<vec4<f32>, TN>;
  var xr: array<u32, TN>;
  for (var t = 0u; t < TN; t++) { xr[t] = min(n0 + t, p.n - 1u) * p.k; }
  for (var kk = 0u; kk < p.k; kk++) {
    let w0 = w[r0 + kk];
    let w1 = w[r1 + kk];
    let w2 = w[r2 + kk];
    let w3 = w[r3 + kk];
    for (var t = 0u; t < TN; t++) {
      let a = x[xr[t] + kk];
      acc[t] += vec4<f32>(dotw(a, w0), dotw(a, w1), dotw(a, w2), dotw(a, w3));
    }
  }
  var b = vec4<f32>(0.0);
  if (p.hasBias != 0u) {
    b = vec4<f32>(bias[p.wRow0 + min(o0, last)], bias[p.wRow0 + min(o0 + 1u, last)], bias[p.wRow0 + min(o0 + 2u, last)], bias[p.wRow0 + min(o0 + 3u, last)]);
  }
  for (var t = 0u; t < TN; t++) {
    let n = n0 + t;
    if (n >= p.n) { break; }
    let v = acc[t] + b;
    for (var j = 0u; j < 4u; j++) {
      let o = o0 + j;
      if (o >= p.oCount) { break; }
      let at = n * p.outStride + p.outCol0 + o;
      var prev = 0.0;
      if (p.acc != 0u) { prev = out[at]; }
      out[at] = prev + v[j];
    }
  }
}
