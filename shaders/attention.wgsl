// Causal GQA attention, flash-style: each query keeps a running max, sum and weighted sum
// of values (online softmax), so no score matrix is stored. K and V are rows of
// [rows, kvHeads·D]: the packed prefill's own k/v, or a KV cache viewed as
// [B·maxLen, kvHeads·D]. Each query token t says which rows it sees: kmeta[t] =
// (keyStart, keyCount), so causality, packing and cache lengths are all data.
// Query head h reads KV head h / (heads / kvHeads) (HF repeat_kv).
// `segments` is training's view (attention_backward.wgsl's seg [T, 4]): query t sees keys
// seg.x..seg.y−1 (a prefix it shares with other sequences) and seg.z..t (its own tokens), so
// G completions of one prompt are packed as the prompt once plus G short branches.
// `direct` does all of a query's keys in one invocation. For long key ranges with few
// queries (decode), `partial` splits the keys into chunks in parallel and `combine` merges
// the chunks' (max, sum, values) — flash-decoding. `grouped` gives each (query, head, key
// chunk) a workgroup instead of an invocation: its invocations take the chunk's keys in turn
// and merge their states through workgroup memory, writing the final row when there is one
// chunk (no combine) or the chunk's (max, sum, values) for `combine`.
// Vectors are vec4 (D is a multiple of 4): on CPU rasterisers every storage load is
// bounds-checked per lane, so fewer, wider loads per multiply-add is what makes it fast.
// The host prepends `const D: u32` (head dim) and replaces LOOP_D4 with D4 (loops that
// GPU compilers unroll, keeping the vectors in registers) or with p.d4, a runtime bound:
// lavapipe's LLVM took 156 s to compile the unrolled backward at D = 64, 5 s this way.
const D4: u32 = D / 4u;
struct P { tokens: u32, tokenBase: u32, heads: u32, kvHeads: u32, scale: f32, keyChunk: u32, splits: u32, d4: u32 }
@group(0) @binding(0) var<storage, read> q: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> k: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> v: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read> kmeta: array<u32>;
@group(0) @binding(4) var<storage, read_write> out: array<vec4<f32>>; // direct: [T, heads·D]; partial: [T, heads, splits, D]
@group(0) @binding(5) var<storage, read_write> stats: array<f32>;     // direct: lse [T, heads]; partial: (max, sum) [T, heads, splits]
@group(0) @binding(6) var<uniform> p: P;
// combine's view
@group(0) @binding(0) var<storage, read> pacc: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> pstats: array<f32>;

override WG: u32 = 64u;
// A finite "minus infinity": WGSL does not promise IEEE infinities.
const NEG: f32 = -3.0e38;

struct Online { m: f32, l: f32, acc: array<vec4<f32>, D4> }

// Keys a0..a1−1 then b0..b1−1 (a1 ≤ b0; one range: a1 = b0 = b1), numbered 0.. in that order;
// this invocation takes numbers first, first + step, … (direct: 0 and 1, all of them).
fn attend(t: u32, h: u32, a0: u32, a1: u32, b0: u32, b1: u32, first: u32, step: u32) -> Online {
  var st: Online;
  st.m = NEG;
  st.l = 0.0;
  var qv: array<vec4<f32>, D4>;
  let qo = (t * p.heads + h) * D4;
  for (var c = 0u; c < LOOP_D4; c++) { qv[c] = q[qo + c] * p.scale; st.acc[c] = vec4<f32>(0.0); }
  let kvh = h / (p.heads / p.kvHeads);
  let stride = p.kvHeads * D4;
  let n1 = a1 - a0;
  let n = n1 + (b1 - b0);
  for (var i = first; i < n; i += step) {
    let j = select(b0 + (i - n1), a0 + i, i < n1);
    let ko = j * stride + kvh * D4;
    var sv = vec4<f32>(0.0);
    for (var c = 0u; c < LOOP_D4; c++) { sv += qv[c] * k[ko + c]; }
    let s = (sv.x + sv.y) + (sv.z + sv.w);
    if (s > st.m) {
      let corr = exp(st.m - s);
      st.l *= corr;
      for (var c = 0u; c < LOOP_D4; c++) { st.acc[c] *= corr; }
      st.m = s;
    }
    let e = exp(s - st.m);
    st.l += e;
    for (var c = 0u; c < LOOP_D4; c++) { st.acc[c] += e * v[ko + c]; }
  }
  return st;
}

// The workgroup's merged state of its invocations' `st`: its values (normalised when `normalise`)
// go to out[slot·D4 ..]; returns (max, sum). Called by every invocation (barriers).
fn mergeGroup(li: u32, st: Online, slot: u32, normalise: bool) -> vec2<f32> {
  let m = groupScalar(li, select(NEG, st.m, st.l > 0.0), true);
  let w = select(0.0, exp(st.m - m), st.l > 0.0);
  let l = groupScalar(li, st.l * w, false);
  let scale = select(1.0, select(0.0, 1.0 / l, l > 0.0), normalise);
  // A whole variable to point at: a pointer into part of one (st.acc) needs WGSL's
  // unrestricted_pointer_parameters, which not every browser's compiler has.
  var acc = st.acc;
  for (var c0 = 0u; c0 < LOOP_D4; c0 += SL) {
    let sum = groupSum(li, &acc, c0, w);
    if (li < SL && c0 + li < LOOP_D4) { out[slot * D4 + c0 + li] = sum * scale; }
  }
  return vec2<f32>(m, l);
}

// lse of a finished (max, sum); NEG for a query that saw no key.
fn lseOf(m: f32, l: f32) -> f32 { return select(NEG, m + log(l), l > 0.0); }

// A query's normalised output row and its lse (what the backward needs).
fn finish(t: u32, h: u32, st: Online) {
  let inv = select(0.0, 1.0 / st.l, st.l > 0.0);
  let o = (t * p.heads + h) * D4;
  for (var c = 0u; c < LOOP_D4; c++) { out[o + c] = st.acc[c] * inv; }
  stats[t * p.heads + h] = lseOf(st.m, st.l);
}

@compute @workgroup_size(WG)
fn direct(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) li: u32) {
  let i = linear_group(wid, nwg) * WG + li;
  if (i >= p.tokens * p.heads) { return; }
  // Head-major: neighbouring invocations are neighbouring tokens of one head, so they
  // read the same key rows at the same time (broadcast loads on GPUs).
  let h = i / p.tokens;
  let t = p.tokenBase + i % p.tokens;
  let k0 = kmeta[2u * t];
  let k1 = k0 + kmeta[2u * t + 1u];
  finish(t, h, attend(t, h, k0, k1, k1, k1, 0u, 1u));
}

// kmeta here is seg [T, 4] (prefix start, prefix end, own start, queries' end).
@compute @workgroup_size(WG)
fn segments(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) li: u32) {
  let i = linear_group(wid, nwg) * WG + li;
  if (i >= p.tokens * p.heads) { return; }
  let h = i / p.tokens;
  let t = p.tokenBase + i % p.tokens;
  finish(t, h, attend(t, h, kmeta[4u * t], kmeta[4u * t + 1u], kmeta[4u * t + 2u], t + 1u, 0u, 1u));
}

// Chunk i of the split key ranges: query t, head h, keys k0..k1−1 and its partial-sum slot
// ((t·heads + h)·splits + split). The last chunk takes every key left, should meta hold more
// than splits · keyChunk.
struct Chunk { t: u32, h: u32, k0: u32, k1: u32, slot: u32 }
fn chunkOf(i: u32) -> Chunk {
  let split = i % p.splits;
  let th = i / p.splits;
  let t = p.tokenBase + th / p.heads;
  let ks = kmeta[2u * t];
  let ke = ks + kmeta[2u * t + 1u];
  let k0 = min(ke, ks + split * p.keyChunk);
  let k1 = select(min(ke, k0 + p.keyChunk), ke, split + 1u == p.splits);
  return Chunk(t, th % p.heads, k0, k1, (t * p.heads + th % p.heads) * p.splits + split);
}

@compute @workgroup_size(WG)
fn partial(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) li: u32) {
  let i = linear_group(wid, nwg) * WG + li;
  if (i >= p.tokens * p.heads * p.splits) { return; }
  let ch = chunkOf(i);
  let st = attend(ch.t, ch.h, ch.k0, ch.k1, ch.k1, ch.k1, 0u, 1u);
  for (var c = 0u; c < LOOP_D4; c++) { out[ch.slot * D4 + c] = st.acc[c]; }
  stats[2u * ch.slot] = st.m;
  stats[2u * ch.slot + 1u] = st.l;
}

// grouped: GWG invocations (group_sum.wgsl) per (query, head, key chunk), merged in workgroup
// memory; one chunk writes the final row and lse, several their (max, sum, values) for combine.
@compute @workgroup_size(GWG)
fn grouped(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) li: u32) {
  let g = linear_group(wid, nwg);
  if (g >= p.tokens * p.heads * p.splits) { return; } // uniform: the whole workgroup leaves
  let ch = chunkOf(g);
  let st = attend(ch.t, ch.h, ch.k0, ch.k1, ch.k1, ch.k1, li, GWG);
  // one chunk: its slot is the pair's own row (t·heads + h), and the merged values are final
  let one = p.splits == 1u;
  let ml = mergeGroup(li, st, ch.slot, one);
  if (li == 0u) {
    if (one) { stats[ch.slot] = lseOf(ml.x, ml.y); }
    else { stats[2u * ch.slot] = ml.x; stats[2u * ch.slot + 1u] = ml.y; }
  }
}

// segments with a workgroup per (query, head): training's forward when its pairs are few.
@compute @workgroup_size(GWG)
fn segments_grouped(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) li: u32) {
  let g = linear_group(wid, nwg);
  if (g >= p.tokens * p.heads) { return; }
  let t = p.tokenBase + g / p.heads;
  let h = g % p.heads;
  let st = attend(t, h, kmeta[4u * t], kmeta[4u * t + 1u], kmeta[4u * t + 2u], t + 1u, li, GWG);
  let ml = mergeGroup(li, st, t * p.heads + h, true);
  if (li == 0u) { stats[t * p.heads + h] = lseOf(ml.x, ml.y); }
}

@compute @workgroup_size(WG)
fn combine(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) li: u32) {
  let i = linear_group(wid, nwg) * WG + li;
  if (i >= p.tokens * p.heads) { return; }
  let t = p.tokenBase + i / p.heads;
  let h = i % p.heads;
  let base = (t * p.heads + h) * p.splits;
  var m = NEG;
  for (var s = 0u; s < p.splits; s++) {
    if (pstats[2u * (base + s) + 1u] > 0.0) { m = max(m, pstats[2u * (base + s)]); }
  }
  var l = 0.0;
  var acc: array<vec4<f32>, D4>;
  for (var s = 0u; s < p.splits; s++) {
    let ls = pstats[2u * (base + s) + 1u];
    if (ls > 0.0) {
      let w = exp(pstats[2u * (base + s)] - m);
      l += ls * w;
      for (var c = 0u; c < LOOP_D4; c++) { acc[c] += w * pacc[(base + s) * D4 + c]; }
    }
  }
  let inv = select(0.0, 1.0 / l, l > 0.0);
  let o = (t * p.heads + h) * D4;
  for (var c = 0u; c < LOOP_D4; c++) { out[o + c] = acc[c] * inv; }
  stats[t * p.heads + h] = lseOf(m, l);
}

// Writes token rows of new keys or values into a KV cache: cache row kmeta[t] ← src row t
// (the combine view's bindings: pacc = src, kmeta = destination rows, out = cache).
@compute @workgroup_size(WG)
fn cache_write(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) li: u32) {
  let i = linear_group(wid, nwg) * WG + li;
  let row = p.kvHeads * D4;
  if (i >= p.tokens * row) { return; }
  let t = i / row;
  out[kmeta[t] * row + (i - t * row)] = pacc[i];
}
