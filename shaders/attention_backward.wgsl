// Causal GQA attention backward (flash-attention style: probabilities are recomputed from
// the forward's lse, never stored). For packed sequences: K/V rows are the tokens
// themselves and seg[t] = (prefix start, prefix end, own start, queries' end): query t sees
// keys seg.x..seg.y−1 and seg.z..t, and key j is seen by queries j..seg.w−1. A plain
// sequence has an empty prefix and own start = its first token; a prompt shared by G
// branches (prefix sharing) is one sequence whose keys are seen to the end of its last
// branch, and each branch's tokens see the prompt as their prefix.
//   delta[t,h] = Σ_c dO·O                                  (softmax backward's row term)
//   dq[t,h]  = scale · Σ_j p·(dO·v_j − delta)·k_j          (one invocation per (t, h))
//   dk[j,g]  = scale · Σ_{t,h∈g} p·(dO·v_j − delta)·q_t,h  (one invocation per (j, kv head g),
//   dv[j,g]  =         Σ_{t,h∈g} p·dO_t,h                   summing its group's query heads)
// dq_grouped / dkv_grouped compute the same with a workgroup per pair (steps of few pairs on
// real GPUs), their sums added in workgroup memory (group_sum.wgsl, appended by the host).
// Vectors are vec4 (D is a multiple of 4), as in attention.wgsl.
// The host prepends `const D: u32` (head dim) and replaces LOOP_D4 with D4 (loops that
// GPU compilers unroll, keeping the vectors in registers) or with p.d4, a runtime bound:
// lavapipe's LLVM took 156 s to compile the unrolled backward at D = 64, 5 s this way.
const D4: u32 = D / 4u;
struct P { tokens: u32, tokenBase: u32, heads: u32, kvHeads: u32, scale: f32, accumulate: u32, d4: u32 }
@group(0) @binding(0) var<storage, read> q: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> k: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> v: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read> dout: array<vec4<f32>>;
@group(0) @binding(4) var<storage, read> stats: array<f32>;  // [T, heads, 2]: lse, delta
@group(0) @binding(5) var<storage, read> seg: array<u32>;    // [T, 4]
@group(0) @binding(6) var<storage, read_write> out1: array<vec4<f32>>;
@group(0) @binding(7) var<storage, read_write> out2: array<vec4<f32>>;
@group(0) @binding(8) var<uniform> p: P;
// delta's view: O at 0, lse at 1, (lse, delta) out at 6
@group(0) @binding(0) var<storage, read> o: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> lse: array<f32>;
@group(0) @binding(6) var<storage, read_write> statsOut: array<f32>;

override WG: u32 = 64u;

fn store(i: u32, x: vec4<f32>) {
  if (p.accumulate == 1u) { out1[i] += x; } else { out1[i] = x; }
}

@compute @workgroup_size(WG)
fn delta(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) li: u32) {
  let i = linear_group(wid, nwg) * WG + li;
  if (i >= p.tokens * p.heads) { return; }
  let th = p.tokenBase * p.heads + i;
  var sv = vec4<f32>(0.0);
  for (var c = 0u; c < LOOP_D4; c++) { sv += dout[th * D4 + c] * o[th * D4 + c]; }
  statsOut[2u * th] = lse[th];
  statsOut[2u * th + 1u] = (sv.x + sv.y) + (sv.z + sv.w);
}

// dq of query t, head h (before the scale) over this invocation's share of its keys: numbered
// 0.. over seg's two ranges (prefix, then own start..t), it takes first, first + step, …
fn dqOf(t: u32, h: u32, first: u32, step: u32) -> array<vec4<f32>, D4> {
  let th = t * p.heads + h;
  var qv: array<vec4<f32>, D4>;
  var gv: array<vec4<f32>, D4>;
  var acc: array<vec4<f32>, D4>;
  for (var c = 0u; c < LOOP_D4; c++) { qv[c] = q[th * D4 + c] * p.scale; gv[c] = dout[th * D4 + c]; acc[c] = vec4<f32>(0.0); }
  let l = stats[2u * th];
  let dl = stats[2u * th + 1u];
  let stride = p.kvHeads * D4;
  let kvo = (h / (p.heads / p.kvHeads)) * D4;
  let a0 = seg[4u * t];
  let n1 = seg[4u * t + 1u] - a0;
  let b0 = seg[4u * t + 2u];
  let n = n1 + (t + 1u - b0);
  for (var x = first; x < n; x += step) {
    let j = select(b0 + (x - n1), a0 + x, x < n1);
    let ko = j * stride + kvo;
    var sv = vec4<f32>(0.0);
    var dpv = vec4<f32>(0.0);
    for (var c = 0u; c < LOOP_D4; c++) { sv += qv[c] * k[ko + c]; dpv += gv[c] * v[ko + c]; }
    let ds = exp((sv.x + sv.y) + (sv.z + sv.w) - l) * ((dpv.x + dpv.y) + (dpv.z + dpv.w) - dl);
    for (var c = 0u; c < LOOP_D4; c++) { acc[c] += ds * k[ko + c]; }
  }
  return acc;
}

@compute @workgroup_size(WG)
fn dq(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) li: u32) {
  let i = linear_group(wid, nwg) * WG + li;
  if (i >= p.tokens * p.heads) { return; }
  // Head-major, as in attention.wgsl: neighbours read the same key rows together.
  let h = i / p.tokens;
  let t = p.tokenBase + i % p.tokens;
  let acc = dqOf(t, h, 0u, 1u);
  for (var c = 0u; c < LOOP_D4; c++) { store((t * p.heads + h) * D4 + c, acc[c] * p.scale); }
}

// dk, dv of key j, KV head g (dk before the scale) over this invocation's share of the (query,
// head) terms that see it: x = (t − j) · group + head within the group, for queries j .. end − 1,
// taking first, first + step, …
struct DkDv { dk: array<vec4<f32>, D4>, dv: array<vec4<f32>, D4> }
fn dkvOf(j: u32, g: u32, first: u32, step: u32) -> DkDv {
  let jo = (j * p.kvHeads + g) * D4;
  var kv: array<vec4<f32>, D4>;
  var vv: array<vec4<f32>, D4>;
  var r: DkDv;
  for (var c = 0u; c < LOOP_D4; c++) { kv[c] = k[jo + c] * p.scale; vv[c] = v[jo + c]; r.dk[c] = vec4<f32>(0.0); r.dv[c] = vec4<f32>(0.0); }
  let group = p.heads / p.kvHeads;
  let n = (seg[4u * j + 3u] - j) * group;
  for (var x = first; x < n; x += step) {
    let th = (j + x / group) * p.heads + g * group + x % group;
    var sv = vec4<f32>(0.0);
    var dpv = vec4<f32>(0.0);
    for (var c = 0u; c < LOOP_D4; c++) { sv += q[th * D4 + c] * kv[c]; dpv += dout[th * D4 + c] * vv[c]; }
    let pr = exp((sv.x + sv.y) + (sv.z + sv.w) - stats[2u * th]);
    let ds = pr * ((dpv.x + dpv.y) + (dpv.z + dpv.w) - stats[2u * th + 1u]);
    for (var c = 0u; c < LOOP_D4; c++) {
      r.dv[c] += pr * dout[th * D4 + c];
      r.dk[c] += ds * q[th * D4 + c];
    }
  }
  return r;
}

@compute @workgroup_size(WG)
fn dkv(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) li: u32) {
  let i = linear_group(wid, nwg) * WG + li;
  if (i >= p.tokens * p.kvHeads) { return; }
  let g = i / p.tokens;
  let j = p.tokenBase + i % p.tokens;
  let jo = (j * p.kvHeads + g) * D4;
  let r = dkvOf(j, g, 0u, 1u);
  for (var c = 0u; c < LOOP_D4; c++) {
    store(jo + c, r.dk[c] * p.scale);
    if (p.accumulate == 1u) { out2[jo + c] += r.dv[c]; } else { out2[jo + c] = r.dv[c]; }
  }
}

// dq and dkv with a workgroup of GWG invocations (group_sum.wgsl) per pair, for steps whose
// pairs are too few to fill a GPU one invocation each: the invocations take the pair's keys
// (dq) or (query, head) terms (dkv) in turn, and their partial sums are added in workgroup memory.
@compute @workgroup_size(GWG)
fn dq_grouped(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) li: u32) {
  let i = linear_group(wid, nwg);
  if (i >= p.tokens * p.heads) { return; } // uniform: the whole workgroup leaves
  let t = p.tokenBase + i / p.heads;
  let h = i % p.heads;
  var acc = dqOf(t, h, li, GWG);
  for (var c0 = 0u; c0 < LOOP_D4; c0 += SL) {
    let sum = groupSum(li, &acc, c0, p.scale);
    if (li < SL && c0 + li < LOOP_D4) { store((t * p.heads + h) * D4 + c0 + li, sum); }
  }
}

@compute @workgroup_size(GWG)
fn dkv_grouped(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) li: u32) {
  let i = linear_group(wid, nwg);
  if (i >= p.tokens * p.kvHeads) { return; }
  let j = p.tokenBase + i / p.kvHeads;
  let g = i % p.kvHeads;
  let jo = (j * p.kvHeads + g) * D4;
  let r = dkvOf(j, g, li, GWG);
  // whole variables to point at (see mergeGroup in attention.wgsl)
  var dk = r.dk;
  var dv = r.dv;
  for (var c0 = 0u; c0 < LOOP_D4; c0 += SL) {
    let sk = groupSum(li, &dk, c0, p.scale);
    let sv = groupSum(li, &dv, c0, 1.0);
    if (li < SL && c0 + li < LOOP_D4) {
      store(jo + c0 + li, sk);
      if (p.accumulate == 1u) { out2[jo + c0 + li] += sv; } else { out2[jo + c0 + li] = sv; }
    }
  }
}
