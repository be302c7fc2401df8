// The LM head, fused with log-softmax over the vocabulary in chunks (llm.c's fused
// classifier): per vocabulary chunk, logits [T, C] = hidden · W_chunkᵀ go into a small
// workspace, their max / Σexp are merged into a running (max, sum) per token, and the
// target's logit is picked out; no [T, V] tensor exists. The backward recomputes each
// chunk's logits, turns them into dlogits = (softmax − onehot)·scale in place and
// multiplies them straight into d hidden and d W.
//
// Matmul entry points share one register-blocked tile: 16×16 invocations, each 4×4
// outputs of a 64×64 tile, K in steps of 16 through workgroup memory. The host prefix sets
// T, the element type of W (f32, or f16 for half-precision weights); math is f32.
struct P { m: u32, n: u32, k: u32, wRow0: u32, ldo: u32, col0: u32, useIdx: u32, accumulate: u32, lda: u32 }
@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read> bw: array<T>;    // W (logits, dhidden)
@group(0) @binding(1) var<storage, read> bh: array<f32>;  // hidden (dweight)
@group(0) @binding(2) var<storage, read> idx: array<u32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;
@group(0) @binding(4) var<uniform> p: P;

const TM: u32 = 64u;
const TN: u32 = 64u;
const TK: u32 = 16u;
var<workgroup> As: array<f32, 1024>; // [TK][TM]
var<workgroup> Bs: array<f32, 1024>; // [TK][TN]

fn mma(l: vec3<u32>, acc: ptr<function, array<vec4<f32>, 4>>) {
  for (var kk = 0u; kk < TK; kk++) {
    let av = vec4<f32>(As[kk * TM + l.y * 4u], As[kk * TM + l.y * 4u + 1u], As[kk * TM + l.y * 4u + 2u], As[kk * TM + l.y * 4u + 3u]);
    let bv = vec4<f32>(Bs[kk * TN + l.x * 4u], Bs[kk * TN + l.x * 4u + 1u], Bs[kk * TN + l.x * 4u + 2u], Bs[kk * TN + l.x * 4u + 3u]);
    (*acc)[0] += av.x * bv;
    (*acc)[1] += av.y * bv;
    (*acc)[2] += av.z * bv;
    (*acc)[3] += av.w * bv;
  }
}

// logits: out[r, col0 + c] = Σ_k hidden[row(r), k] · W[wRow0 + c, k]   (m rows, n = chunk, k = hidden)
@compute @workgroup_size(16, 16)
fn logits(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) l: vec3<u32>, @builtin(local_invocation_index) li: u32) {
  let r0 = wid.y * TM;
  let c0 = wid.x * TN;
  var acc: array<vec4<f32>, 4>;
  for (var k0 = 0u; k0 < p.k; k0 += TK) {
    for (var q = 0u; q < 4u; q++) {
      let e = li + q * 256u;
      let i = e / TK;
      let kk = e % TK;
      let r = r0 + i;
      let c = c0 + i;
      var av = 0.0;
      var bv = 0.0;
      if (r < p.m && k0 + kk < p.k) {
        let row = select(r, idx[r], p.useIdx == 1u);
        av = a[row * p.k + k0 + kk];
      }
      if (c < p.n && k0 + kk < p.k) { bv = f32(bw[(p.wRow0 + c) * p.k + k0 + kk]); }
      As[kk * TM + i] = av;
      Bs[kk * TN + i] = bv;
    }
    workgroupBarrier();
    mma(l, &acc);
    workgroupBarrier();
  }
  for (var i = 0u; i < 4u; i++) {
    let r = r0 + l.y * 4u + i;
    for (var j = 0u; j < 4u; j++) {
      let c = c0 + l.x * 4u + j;
      if (r < p.m && c < p.n) { out[r * p.ldo + p.col0 + c] = acc[i][j]; }
    }
  }
}

// dhidden: out[t, h] (+)= Σ_c g[t, c] · W[wRow0 + c, h]   (m = T, n = hidden, k = chunk; g row stride lda)
@compute @workgroup_size(16, 16)
fn dhidden(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) l: vec3<u32>, @builtin(local_invocation_index) li: u32) {
  let r0 = wid.y * TM;
  let c0 = wid.x * TN;
  var acc: array<vec4<f32>, 4>;
  for (var k0 = 0u; k0 < p.k; k0 += TK) {
    for (var q = 0u; q < 4u; q++) {
      let e = li + q * 256u;
      let i = e / TK;         // A: rows of g, contiguous along the chunk
      let kk = e % TK;
      var av = 0.0;
      if (r0 + i < p.m && k0 + kk < p.k) { av = a[(r0 + i) * p.lda + k0 + kk]; }
      As[kk * TM + i] = av;
      let kb = e / TN;        // B: rows of W, contiguous along hidden
      let j = e % TN;
      var bv = 0.0;
      if (k0 + kb < p.k && c0 + j < p.n) { bv = f32(bw[(p.wRow0 + k0 + kb) * p.n + c0 + j]); }
      Bs[kb * TN + j] = bv;
    }
    workgroupBarrier();
    mma(l, &acc);
    workgroupBarrier();
  }
  for (var i = 0u; i < 4u; i++) {
    let r = r0 + l.y * 4u + i;
    for (var j = 0u; j < 4u; j++) {
      let c = c0 + l.x * 4u + j;
      if (r < p.m && c < p.n) {
        let at = r * p.n + c;
        out[at] = select(acc[i][j], out[at] + acc[i][j], p.accumulate == 1u);
      }
    }
  }
}

// dweight: out[wRow0 + c, h] (+)= Σ_t g[t, c] · hidden[t, h]   (m = chunk, n = hidden, k = T)
@compute @workgroup_size(16, 16)
fn dweight(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) l: vec3<u32>, @builtin(local_invocation_index) li: u32) {
  let r0 = wid.y * TM;
  let c0 = wid.x * TN;
  var acc: array<vec4<f32>, 4>;
  for (var k0 = 0u; k0 < p.k; k0 += TK) {
    for (var q = 0u; q < 4u; q++) {
      let e = li + q * 256u;
      let ka = e / TM;        // A = gᵀ: rows of g (tokens), contiguous along the chunk
      let i = e % TM;
      var av = 0.0;
      if (k0 + ka < p.k && r0 + i < p.m) { av = a[(k0 + ka) * p.lda + r0 + i]; }
      As[ka * TM + i] = av;
      let kb = e / TN;        // B: rows of hidden
      let j = e % TN;
      var bv = 0.0;
      if (k0 + kb < p.k && c0 + j < p.n) { bv = bh[(k0 + kb) * p.n + c0 + j]; }
      Bs[kb * TN + j] = bv;
    }
    workgroupBarrier();
    mma(l, &acc);
    workgroupBarrier();
  }
  for (var i = 0u; i < 4u; i++) {
    let r = r0 + l.y * 4u + i;
    for (var j = 0u; j < 4u; j++) {
      let c = c0 + l.x * 4u + j;
      if (r < p.m && c < p.n) {
        let at = (p.wRow0 + r) * p.n + c;
        out[at] = select(acc[i][j], out[at] + acc[i][j], p.accumulate == 1u);
      }
    }
  }
}

// Barrier-free logits for CPU rasterisers (where barriers and per-lane bounds-checked
// loads dominate): each invocation computes 4 rows × 4 vocabulary entries with vec4 loads
// along the hidden dim (k a multiple of 4). Same bindings and parameters as `logits`.
@group(0) @binding(0) var<storage, read> a4: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> b4: array<vec4<T>>;

@compute @workgroup_size(64)
fn logits_reg(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) li: u32) {
  let i = (wid.x + wid.y * nwg.x + wid.z * nwg.x * nwg.y) * 64u + li;
  let colBlocks = (p.n + 3u) / 4u;
  if (i >= colBlocks * ((p.m + 3u) / 4u)) { return; }
  let c0 = (i % colBlocks) * 4u;
  let r0 = (i / colBlocks) * 4u;
  let k4 = p.k / 4u;
  // Rows and columns past the edge repeat the last one; their results are not stored.
  var ao: array<u32, 4>;
  var bo: array<u32, 4>;
  for (var q = 0u; q < 4u; q++) {
    let r = min(r0 + q, p.m - 1u);
    ao[q] = select(r, idx[r], p.useIdx == 1u) * k4;
    bo[q] = (p.wRow0 + min(c0 + q, p.n - 1u)) * k4;
  }
  var acc: array<vec4<f32>, 4>;
  for (var kk = 0u; kk < k4; kk++) {
    let w0 = vec4<f32>(b4[bo[0] + kk]);
    let w1 = vec4<f32>(b4[bo[1] + kk]);
    let w2 = vec4<f32>(b4[bo[2] + kk]);
    let w3 = vec4<f32>(b4[bo[3] + kk]);
    for (var q = 0u; q < 4u; q++) {
      let h = a4[ao[q] + kk];
      acc[q] += vec4<f32>(dot(h, w0), dot(h, w1), dot(h, w2), dot(h, w3));
    }
  }
  for (var q = 0u; q < 4u; q++) {
    let r = r0 + q;
    for (var c = 0u; c < 4u; c++) {
      if (r < p.m && c0 + c < p.n) { out[r * p.ldo + p.col0 + c0 + c] = acc[q][c]; }
    }
  }
}
