// Causal GQA attention against a KV cache, for prefill and decode alike: token t of
// sequence s at position p attends to cache rows s·capacity + 0..p (its own K/V were
// written there first). One invocation per (token, query head) with an online softmax,
// so no [T×T] score matrix exists. Query head h reads KV head h / (heads / kvHeads).
// Prepended by the dispatcher: `const D4: u32` = headDim / 4.
struct P { tokens: u32, heads: u32, group: u32, kvDim: u32, capacity: u32, scale: f32, groupsX: u32 }
@group(0) @binding(0) var<storage, read> q: array<vec4<f32>>;      // [tokens, heads·headDim]
@group(0) @binding(1) var<storage, read> kc: array<vec4<f32>>;     // [seqs·capacity, kvDim]
@group(0) @binding(2) var<storage, read> vc: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read> tokinfo: array<u32>;         // per token: sequence, position
@group(0) @binding(4) var<storage, read_write> out: array<vec4<f32>>; // [tokens, heads·headDim]
@group(0) @binding(5) var<uniform> p: P;

@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) li: u32) {
  let idx = (wid.x + wid.y * p.groupsX) * 64u + li;
  if (idx >= p.tokens * p.heads) { return; }
  let t = idx / p.heads;
  let h = idx % p.heads;
  let seq = tokinfo[2u * t];
  let pos = tokinfo[2u * t + 1u];
  let qBase = idx * D4;
  var qv: array<vec4<f32>, D4>;
  for (var d = 0u; d < D4; d++) { qv[d] = q[qBase + d]; }
  var acc: array<vec4<f32>, D4>;
  var m = -3.0e38;
  var l = 0.0;
  let kvOff = (h / p.group) * D4;
  let kv4 = p.kvDim / 4u;
  for (var j = 0u; j <= pos; j++) {
    let row = (seq * p.capacity + j) * kv4 + kvOff;
    var s = 0.0;
    for (var d = 0u; d < D4; d++) { s += dot(qv[d], kc[row + d]); }
    s *= p.scale;
    let mNew = max(m, s);
    let corr = exp(m - mNew);
    let e = exp(s - mNew);
    l = l * corr + e;
    for (var d = 0u; d < D4; d++) { acc[d] = acc[d] * corr + e * vc[row + d]; }
    m = mNew;
  }
  let inv = 1.0 / l;
  for (var d = 0u; d < D4; d++) { out[qBase + d] = acc[d] * inv; }
}
