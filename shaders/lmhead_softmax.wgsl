// Per-token bookkeeping of the chunked log-softmax (see lmhead.wgsl): merge a chunk's
// logits into the running (max, Σexp, tgt logit), finish into lse and log p(tgt),
// and, for the backward, turn a chunk of logits into dlogits in place.
// Targets are i32; a negative tgt marks a token outside the loss.
struct P { tokens: u32, n: u32, v0: u32, first: u32, ld: u32, sign: f32 }
@group(0) @binding(0) var<storage, read> logits: array<f32>;   // [T, ld], this chunk's n columns
@group(0) @binding(1) var<storage, read> targets: array<i32>;
@group(0) @binding(2) var<storage, read_write> state: array<f32>; // [T, 3]: max, Σexp, tgt logit
@group(0) @binding(3) var<uniform> p: P;
// finish's view
@group(0) @binding(0) var<storage, read> st: array<f32>;
@group(0) @binding(2) var<storage, read_write> lse: array<f32>;
@group(0) @binding(4) var<storage, read_write> logp: array<f32>;
// grad's view: lse in, scale per token, logits → dlogits in place
@group(0) @binding(0) var<storage, read> lseIn: array<f32>;
@group(0) @binding(4) var<storage, read> scale: array<f32>;
@group(0) @binding(5) var<storage, read_write> g: array<f32>;

override WG: u32 = 64u;
const NEG: f32 = -3.0e38;
var<workgroup> red: array<f32, WG>;

fn reduce_max(v: f32, li: u32) -> f32 {
  red[li] = v;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s = s / 2u) {
    if (li < s) { red[li] = max(red[li], red[li + s]); }
    workgroupBarrier();
  }
  let r = red[0];
  workgroupBarrier();
  return r;
}

fn reduce_sum(v: f32, li: u32) -> f32 {
  red[li] = v;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s = s / 2u) {
    if (li < s) { red[li] += red[li + s]; }
    workgroupBarrier();
  }
  let r = red[0];
  workgroupBarrier();
  return r;
}

// One workgroup per token.
@compute @workgroup_size(WG)
fn merge(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) li: u32) {
  let t = linear_group(wid, nwg);
  if (t >= p.tokens) { return; }
  let o = t * p.ld;
  var m = NEG;
  for (var c = li; c < p.n; c += WG) { m = max(m, logits[o + c]); }
  m = reduce_max(m, li);
  var s = 0.0;
  for (var c = li; c < p.n; c += WG) { s += exp(logits[o + c] - m); }
  s = reduce_sum(s, li);
  if (li == 0u) {
    var pm = select(state[3u * t], NEG, p.first == 1u);
    var ps = select(state[3u * t + 1u], 0.0, p.first == 1u);
    var tl = select(state[3u * t + 2u], 0.0, p.first == 1u);
    let nm = max(pm, m);
    ps = ps * exp(pm - nm) + s * exp(m - nm);
    let tgt = targets[t];
    if (tgt >= 0 && u32(tgt) >= p.v0 && u32(tgt) < p.v0 + p.n) { tl = logits[o + u32(tgt) - p.v0]; }
    state[3u * t] = nm;
    state[3u * t + 1u] = ps;
    state[3u * t + 2u] = tl;
  }
}

@compute @workgroup_size(WG)
fn finish(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) li: u32) {
  let t = linear_group(wid, nwg) * WG + li;
  if (t >= p.tokens) { return; }
  let l = st[3u * t] + log(st[3u * t + 1u]);
  lse[t] = l;
  logp[t] = select(0.0, st[3u * t + 2u] - l, targets[t] >= 0);
}

// One invocation per (token, chunk column).
@compute @workgroup_size(WG)
fn grad(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) li: u32) {
  let i = linear_group(wid, nwg) * WG + li;
  if (i >= p.tokens * p.n) { return; }
  let t = i / p.n;
  let c = i - t * p.n;
  let tgt = targets[t];
  let at = t * p.ld + c;
  if (tgt < 0) { g[at] = 0.0; return; }
  let onehot = select(0.0, 1.0, u32(tgt) == p.v0 + c);
  // sign −1: scale holds dL/dlog p rather than the weight of −log p.
  g[at] = (exp(g[at] - lseIn[t]) - onehot) * (scale[t] * p.sign);
}
