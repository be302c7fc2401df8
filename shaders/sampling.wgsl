// Samples one token per row of logits [rows, vocab] and writes only (id, log-prob) so the
// host reads back 8 bytes per sequence.
// - temperature 0: greedy (lowest index among the maxima).
// - otherwise HF order: temperature, then top-k, then top-p on the renormalised top-k
//   mass. Both cuts keep an upper set of logits, so each is found exactly by searching
//   a threshold over the order-preserving u32 key of the f32 logit: each pass over the
//   values tests 7 thresholds at once (8-way search, ≤ 11 passes for 32 bits),
//   because on software GPUs the passes and their barriers are the cost.
// - the uniform draw comes from a counter-based hash of (seed, sequence key, step): the
//   same triple gives the same token whatever else is in the batch or on which GPU.
// - logp is the log-softmax of the raw (untempered) logits at the chosen token.
// Two ways to run it:
// - main: one workgroup per row walks the whole vocabulary ~20 times (any top-k, top-p).
// - chunk_top then chunked (greedy, or top-k ≤ 64, over ≥ 2 chunks): many workgroups per row
//   each reduce a chunk of CH logits (max, Σexp, first argmax) and keep the chunk's top-k
//   candidates in index order; one workgroup per row then combines the chunks' sums and runs
//   the same cuts and draw over the candidates only. A row's global top-k is inside the union
//   of its chunks' top-k, so the kept set is the same; on a real GPU one workgroup walking
//   152k logits 20 times is latency-bound (3.8 ms per Qwen2.5 decode step on an H200). A chunk
//   whose ties leave more than topK + SLACK candidates marks its row, which then takes main's
//   path inside `chunked`.
struct P { rows: u32, vocab: u32, seed: u32, topK: u32, temperature: f32, topP: f32, groupsX: u32 }
@group(0) @binding(0) var<storage, read> logits: array<f32>;
@group(0) @binding(1) var<storage, read> keys: array<u32>;        // per row: sequence key, step
@group(0) @binding(2) var<storage, read_write> result: array<u32>; // per row: id, bitcast(logp)
@group(0) @binding(3) var<uniform> p: P;

const WG: u32 = 256u;
var<workgroup> redF: array<f32, WG>;
var<workgroup> redU: array<u32, WG>;
var<workgroup> outF: f32;
var<workgroup> outU: u32;
var<workgroup> pickThread: u32;
// Per-threshold partial sums of the 8-way search: KT rows of WG.
const KT: u32 = 7u;
var<workgroup> redK: array<f32, 1792>;
var<workgroup> outK: array<f32, 7>;
var<workgroup> pickRest: f32;

// The values the cuts and the draw walk: logits[srcBase + i] for i < srcLen (a row, or one
// chunk of it: token id srcIdx + i), or a row's chunk candidates (srcCands: (id, value) pairs).
var<private> srcCands: bool;
var<private> srcBase: u32;
var<private> srcLen: u32;
var<private> srcIdx: u32;

// (The candidates are bound only in the module built with CANDS, for the `chunked` entry point:
// a binding a function reads counts as used by every entry point that calls it.)
fn valueAt(i: u32) -> f32 {
//#if CANDS
  if (srcCands) { return bitcast<f32>(candsIn[2u * (srcBase + i) + 1u]); }
//#endif
  return logits[srcBase + i];
}

fn tokenAt(i: u32) -> u32 {
//#if CANDS
  if (srcCands) { return candsIn[2u * (srcBase + i)]; }
//#endif
  return srcIdx + i;
}

fn pcg(v: u32) -> u32 {
  let state = v * 747796405u + 2891336453u;
  let word = ((state >> ((state >> 28u) + 4u)) ^ state) * 277803737u;
  return (word >> 22u) ^ word;
}

fn orderKey(x: f32) -> u32 {
  let b = bitcast<u32>(x);
  return select(b | 0x80000000u, ~b, (b & 0x80000000u) != 0u);
}

fn sumF(li: u32, v: f32) -> f32 {
  redF[li] = v;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s /= 2u) {
    if (li < s) { redF[li] += redF[li + s]; }
    workgroupBarrier();
  }
  if (li == 0u) { outF = redF[0]; }
  return workgroupUniformLoad(&outF);
}

fn maxF(li: u32, v: f32) -> f32 {
  redF[li] = v;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s /= 2u) {
    if (li < s) { redF[li] = max(redF[li], redF[li + s]); }
    workgroupBarrier();
  }
  if (li == 0u) { outF = redF[0]; }
  return workgroupUniformLoad(&outF);
}

fn minU(li: u32, v: u32) -> u32 {
  redU[li] = v;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s /= 2u) {
    if (li < s) { redU[li] = min(redU[li], redU[li + s]); }
    workgroupBarrier();
  }
  if (li == 0u) { outU = redU[0]; }
  return workgroupUniformLoad(&outU);
}

// For 7 thresholds t[j]: Σ over logits with key ≥ max(t[j], cut) of 1 (mass = false) or of
// exp((l − m)/T) (mass = true). Counts stay exact in f32 up to 2^24 tokens.
fn probe(li: u32, m: f32, invT: f32, cut: u32, mass: bool, t: array<u32, 7>) -> array<f32, 7> {
  var acc: array<f32, 7>;
  for (var i = li; i < srcLen; i += WG) {
    let l = valueAt(i);
    let k = orderKey(l);
    if (k < cut) { continue; }
    let w = select(1.0, exp((l - m) * invT), mass);
    for (var j = 0u; j < KT; j++) { if (k >= t[j]) { acc[j] += w; } }
  }
  for (var j = 0u; j < KT; j++) { redK[j * WG + li] = acc[j]; }
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s /= 2u) {
    if (li < s) {
      for (var j = 0u; j < KT; j++) { redK[j * WG + li] += redK[j * WG + li + s]; }
    }
    workgroupBarrier();
  }
  if (li == 0u) {
    for (var j = 0u; j < KT; j++) { outK[j] = redK[j * WG]; }
  }
  return workgroupUniformLoad(&outK);
}

// The largest key K in [lo, hi] with probe(K) ≥ need (probe(lo) ≥ need must hold; the
// probe falls as K grows).
fn search(li: u32, m: f32, invT: f32, cut: u32, mass: bool, need: f32, lo0: u32, hi0: u32) -> u32 {
  var lo = lo0;
  var hi = hi0;
  for (var it = 0u; it < 16u; it++) {
    if (lo >= hi) { break; }
    let span = hi - lo;
    let stride = span / 8u + select(0u, 1u, span % 8u != 0u);
    var t: array<u32, 7>;
    for (var j = 0u; j < KT; j++) { t[j] = lo + min(span, (j + 1u) * stride); }
    let r = probe(li, m, invT, cut, mass, t);
    var newLo = lo;
    var newHi = hi;
    for (var j = 0u; j < KT; j++) {
      if (r[j] >= need) { newLo = t[j]; } else { newHi = t[j] - 1u; break; }
    }
    lo = newLo;
    hi = newHi;
  }
  return lo;
}

// The draw at temperature > 0 over the current source (srcCands / srcBase / srcLen): top-k,
// top-p, then the inverse CDF in source order. m is the row's maximum logit. Returns the token.
fn drawToken(li: u32, r: u32, m: f32) -> u32 {
  let invT = 1.0 / p.temperature;
  // Top-k: the largest key K with count(key ≥ K) ≥ k.
  var cut = 0u;
  if (p.topK > 0u && p.topK < p.vocab) {
    cut = search(li, m, invT, 0u, false, f32(p.topK), 0u, 0xffffffffu);
  }
  // Top-p on the mass left by top-k: the largest key K ≥ cut keeping at least topP of it.
  if (p.topP < 1.0) {
    var zk = 0.0;
    for (var i = li; i < srcLen; i += WG) {
      let l = valueAt(i);
      if (orderKey(l) >= cut) { zk += exp((l - m) * invT); }
    }
    let need = p.topP * sumF(li, zk);
    cut = search(li, m, invT, cut, true, need, cut, orderKey(m));
  }
  // Inverse CDF in source order (token order): each thread owns a contiguous slice; thread 0
  // finds the slice holding the draw, that thread finds the token.
  let per = (srcLen + WG - 1u) / WG;
  let a = min(li * per, srcLen);
  let b = min(a + per, srcLen);
  var mine = 0.0;
  for (var i = a; i < b; i++) {
    let l = valueAt(i);
    if (orderKey(l) >= cut) { mine += exp((l - m) * invT); }
  }
  redF[li] = mine;
  workgroupBarrier();
  if (li == 0u) {
    var total = 0.0;
    for (var j = 0u; j < WG; j++) { total += redF[j]; }
    let u = f32(pcg(pcg(pcg(p.seed) + keys[2u * r]) + keys[2u * r + 1u]) >> 8u) / 16777216.0;
    var rest = u * total;
    var pick = 0xffffffffu;
    var lastNonEmpty = 0u;
    for (var j = 0u; j < WG; j++) {
      if (redF[j] > 0.0) { lastNonEmpty = j; }
      if (pick == 0xffffffffu && redF[j] > 0.0) {
        if (rest < redF[j]) { pick = j; } else { rest -= redF[j]; }
      }
    }
    // Rounding can leave the draw just past the last slice: take that slice's last token.
    if (pick == 0xffffffffu) { pick = lastNonEmpty; rest = 3.0e38; }
    pickThread = pick;
    pickRest = rest;
  }
  workgroupBarrier();
  if (li == pickThread) {
    var chosen = 0xffffffffu;
    var lastKept = a;
    var acc = 0.0;
    for (var i = a; i < b; i++) {
      let l = valueAt(i);
      if (orderKey(l) < cut) { continue; }
      lastKept = i;
      acc += exp((l - m) * invT);
      if (acc > pickRest) { chosen = i; break; }
    }
    if (chosen == 0xffffffffu) { chosen = lastKept; }
    outU = tokenAt(chosen);
  }
  return workgroupUniformLoad(&outU);
}

// max, log Σ exp and the first argmax of the current source (a logits range).
fn rowStats(li: u32) -> vec3<f32> {
  var lm = -3.0e38;
  for (var i = li; i < srcLen; i += WG) { lm = max(lm, valueAt(i)); }
  let m = maxF(li, lm);
  var lz = 0.0;
  var firstMax = 0xffffffffu;
  for (var i = li; i < srcLen; i += WG) {
    let l = valueAt(i);
    lz += exp(l - m);
    if (l == m) { firstMax = min(firstMax, i); }
  }
  let z = sumF(li, lz);
  let arg = minU(li, firstMax);
  return vec3<f32>(m, z, bitcast<f32>(arg));
}

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) li: u32) {
  let r = wid.x + wid.y * p.groupsX;
  if (r >= p.rows) { return; }
  let base = r * p.vocab;
  srcCands = false;
  srcBase = base;
  srcLen = p.vocab;
  srcIdx = 0u;
  let st = rowStats(li);
  let m = st.x;
  let logZ = log(st.y);
  var id = bitcast<u32>(st.z);
  if (p.temperature > 0.0) { id = drawToken(li, r, m); }
  if (li == 0u) {
    result[2u * r] = id;
    result[2u * r + 1u] = bitcast<u32>(logits[base + id] - m - logZ);
  }
}

// chunk_top: workgroup (c, r) reduces logits[r, c·CH ..] — its max, Σexp(l − max), first
// argmax — and, at temperature > 0, writes the chunk's top-k (every logit whose key is at least
// the chunk's k-th largest, ties included, in token order) into its SLOTS = topK + SLACK
// candidate slots, the rest as empty (−inf). More than SLOTS such logits (ties): the count is
// written as 0xffffffff and the row takes the whole-row path.
const CH: u32 = 1024u;
const SLACK: u32 = 4u;
@group(0) @binding(1) var<storage, read_write> chunkStats: array<u32>; // [rows, chunks, 4]: max, Σexp, argmax, count
@group(0) @binding(2) var<storage, read_write> chunkCands: array<u32>; // [rows, chunks, SLOTS, 2]: id, value

@compute @workgroup_size(WG)
fn chunk_top(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) li: u32) {
  let c = wid.x;
  let r = wid.y;
  let chunks = (p.vocab + CH - 1u) / CH;
  if (r >= p.rows || c >= chunks) { return; }
  let slots = p.topK + SLACK;
  let n = min(CH, p.vocab - c * CH);
  srcCands = false;
  srcBase = r * p.vocab + c * CH;
  srcLen = n;
  srcIdx = c * CH;
  let st = rowStats(li);
  let at = (r * chunks + c);
  var count = 0u;
  if (p.temperature > 0.0) {
    let k = min(p.topK, n);
    let cut = search(li, st.x, 1.0, 0u, false, f32(k), 0u, 0xffffffffu);
    // Each thread owns 4 consecutive logits; an exclusive scan of the kept counts gives every
    // kept logit its slot in token order.
    var mine = 0u;
    for (var j = 0u; j < 4u; j++) {
      let i = 4u * li + j;
      if (i < n && orderKey(valueAt(i)) >= cut) { mine++; }
    }
    redU[li] = mine;
    workgroupBarrier();
    for (var off = 1u; off < WG; off *= 2u) {
      var add = 0u;
      if (li >= off) { add = redU[li - off]; }
      workgroupBarrier();
      redU[li] += add;
      workgroupBarrier();
    }
    if (li == WG - 1u) { outU = redU[li]; }
    count = workgroupUniformLoad(&outU);
    if (count <= slots) {
      var slot = redU[li] - mine;
      for (var j = 0u; j < 4u; j++) {
        let i = 4u * li + j;
        if (i < n) {
          let l = valueAt(i);
          if (orderKey(l) >= cut) {
            chunkCands[2u * (at * slots + slot)] = c * CH + i;
            chunkCands[2u * (at * slots + slot) + 1u] = bitcast<u32>(l);
            slot++;
          }
        }
      }
      for (var s = count + li; s < slots; s += WG) {
        chunkCands[2u * (at * slots + s)] = 0u;
        chunkCands[2u * (at * slots + s) + 1u] = 0xff800000u; // −inf: never kept, weighs 0
      }
    } else {
      count = 0xffffffffu;
    }
  }
  if (li == 0u) {
    chunkStats[4u * at] = bitcast<u32>(st.x);
    chunkStats[4u * at + 1u] = bitcast<u32>(st.y);
    chunkStats[4u * at + 2u] = c * CH + bitcast<u32>(st.z);
    chunkStats[4u * at + 3u] = count;
  }
}

//#if CANDS
@group(0) @binding(4) var<storage, read> statsIn: array<u32>;
@group(0) @binding(5) var<storage, read> candsIn: array<u32>;

// chunked: one workgroup per row after chunk_top: the row's max, log Σ exp and argmax from its
// chunks', then the draw over its candidates (or over the whole row where a chunk overflowed).
@compute @workgroup_size(WG)
fn chunked(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) li: u32) {
  let r = wid.x + wid.y * p.groupsX;
  if (r >= p.rows) { return; }
  let base = r * p.vocab;
  let chunks = (p.vocab + CH - 1u) / CH;
  var lm = -3.0e38;
  for (var c = li; c < chunks; c += WG) { lm = max(lm, bitcast<f32>(statsIn[4u * (r * chunks + c)])); }
  let m = maxF(li, lm);
  var lz = 0.0;
  var firstMax = 0xffffffffu;
  var full = 1u;
  for (var c = li; c < chunks; c += WG) {
    let at = 4u * (r * chunks + c);
    let mc = bitcast<f32>(statsIn[at]);
    let zc = bitcast<f32>(statsIn[at + 1u]);
    if (zc > 0.0) { lz += zc * exp(mc - m); }
    if (mc == m) { firstMax = min(firstMax, statsIn[at + 2u]); }
    if (statsIn[at + 3u] == 0xffffffffu) { full = 0u; }
  }
  let logZ = log(sumF(li, lz));
  var id = minU(li, firstMax);
  let overflow = minU(li, full) == 0u;
  if (p.temperature > 0.0) {
    if (overflow) {
      srcCands = false;
      srcBase = base;
      srcLen = p.vocab;
      srcIdx = 0u;
    } else {
      srcCands = true;
      srcBase = r * chunks * (p.topK + SLACK);
      srcLen = chunks * (p.topK + SLACK);
    }
    id = drawToken(li, r, m);
  }
  if (li == 0u) {
    result[2u * r] = id;
    result[2u * r + 1u] = bitcast<u32>(logits[base + id] - m - logZ);
  }
}
//#endif

// sampled_ids: the next decode step's input ids straight from this step's samples, so
// decoding never waits for a readback: out[i] = result[rows[i]].id (the rows of sequences
// still decoding, in their new order).
struct Q { n: u32 }
@group(0) @binding(0) var<storage, read> samples: array<u32>;   // [rows, 2] as written by main
@group(0) @binding(1) var<storage, read> picks: array<u32>;
@group(0) @binding(2) var<storage, read_write> ids: array<u32>;
@group(0) @binding(3) var<uniform> q: Q;

@compute @workgroup_size(64)
fn sampled_ids(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  if (i < q.n) { ids[i] = samples[2u * picks[i]]; }
}
