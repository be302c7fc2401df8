// Samples one token per row of logits [rows, vocab], one workgroup per row, and writes only
// (id, log-prob) so the host reads back 8 bytes per sequence.
// - temperature 0: greedy (lowest index among the maxima).
// - otherwise HF order: temperature, then top-k, then top-p on the renormalised top-k
//   mass. Both cuts keep an upper set of logits, so each is found exactly by searching
//   a threshold over the order-preserving u32 key of the f32 logit: each pass over the
//   vocabulary tests 7 thresholds at once (8-way search, ≤ 11 passes for 32 bits),
//   because on software GPUs the passes and their barriers are the cost.
// - the uniform draw comes from a counter-based hash of (seed, sequence key, step): the
//   same triple gives the same token whatever else is in the batch or on which GPU.
// - logp is the log-softmax of the raw (untempered) logits at the chosen token.
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
fn probe(li: u32, base: u32, m: f32, invT: f32, cut: u32, mass: bool, t: array<u32, 7>) -> array<f32, 7> {
  var acc: array<f32, 7>;
  for (var i = li; i < p.vocab; i += WG) {
    let l = logits[base + i];
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
fn search(li: u32, base: u32, m: f32, invT: f32, cut: u32, mass: bool, need: f32, lo0: u32, hi0: u32) -> u32 {
  var lo = lo0;
  var hi = hi0;
  for (var it = 0u; it < 16u; it++) {
    if (lo >= hi) { break; }
    let span = hi - lo;
    let stride = span / 8u + select(0u, 1u, span % 8u != 0u);
    var t: array<u32, 7>;
    for (var j = 0u; j < KT; j++) { t[j] = lo + min(span, (j + 1u) * stride); }
    let r = probe(li, base, m, invT, cut, mass, t);
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

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) li: u32) {
  let r = wid.x + wid.y * p.groupsX;
  if (r >= p.rows) { return; }
  let base = r * p.vocab;
  let V = p.vocab;

  var lm = -3.0e38;
  for (var i = li; i < V; i += WG) { lm = max(lm, logits[base + i]); }
  let m = maxF(li, lm);
  var lz = 0.0;
  var firstMax = 0xffffffffu;
  for (var i = li; i < V; i += WG) {
    let l = logits[base + i];
    lz += exp(l - m);
    if (l == m) { firstMax = min(firstMax, i); }
  }
  let logZ = log(sumF(li, lz));
  let argmax = minU(li, firstMax);

  var id = argmax;
  if (p.temperature > 0.0) {
    let invT = 1.0 / p.temperature;
    // Top-k: the largest key K with count(key ≥ K) ≥ k.
    var cut = 0u;
    if (p.topK > 0u && p.topK < V) {
      cut = search(li, base, m, invT, 0u, false, f32(p.topK), 0u, 0xffffffffu);
    }
    // Top-p on the mass left by top-k: the largest key K ≥ cut keeping at least topP of it.
    if (p.topP < 1.0) {
      var zk = 0.0;
      for (var i = li; i < V; i += WG) {
        let l = logits[base + i];
        if (orderKey(l) >= cut) { zk += exp((l - m) * invT); }
      }
      let need = p.topP * sumF(li, zk);
      cut = search(li, base, m, invT, cut, true, need, cut, orderKey(m));
    }
    // Inverse CDF in index order: each thread owns a contiguous slice; thread 0 finds the
    // slice holding the draw, that thread finds the token.
    let per = (V + WG - 1u) / WG;
    let a = min(li * per, V);
    let b = min(a + per, V);
    var mine = 0.0;
    for (var i = a; i < b; i++) {
      let l = logits[base + i];
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
        let l = logits[base + i];
        if (orderKey(l) < cut) { continue; }
        lastKept = i;
        acc += exp((l - m) * invT);
        if (acc > pickRest) { chosen = i; break; }
      }
      if (chosen == 0xffffffffu) { chosen = lastKept; }
      outU = chosen;
    }
    id = workgroupUniformLoad(&outU);
  }
  if (li == 0u) {
    result[2u * r] = id;
    result[2u * r + 1u] = bitcast<u32>(logits[base + id] - m - logZ);
  }
}

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
