// GRPO policy loss on per-token log-probs (DUST-SPEC.md, Phase 2), masked, with its
// gradient w.r.t. logp_new. Mirrors src/reference/grpo.ts. Three entry points, one layout:
// rows:   one workgroup per sequence reduces its tokens into row[r] (ROW_STATS floats).
// finish: one workgroup reduces the rows, applies the aggregation, writes stats.
// grad:   one invocation per token writes d loss / d logp_new (zero where mask is 0).
// Inputs are [B, L] f32 (mask: 0 or 1; anything else is counted, the host refuses it),
// advantages [B]. Without a reference policy, logp_ref is bound to logp_new and has_ref = 0.

struct Params {
  batch: u32,
  len: u32,
  eps_low: f32,
  eps_high: f32,
  dual_clip: f32,  // 0: off
  beta: f32,       // KL weight; 0: off
  has_ref: u32,
  agg: u32,        // 0 token-mean, 1 seq-mean, 2 dr-grpo
  max_len: f32,    // Dr. GRPO's length constant
  // Gradient accumulation: normalise by the whole batch rather than this micro-batch, so
  // the micro-batches' losses and gradients add up to the batch's. 0: this micro-batch.
  total_tokens: f32,  // token-mean denominator
  total_seqs: f32,    // seq-mean: non-empty sequences; dr-grpo: B
}

fn token_count(here: f32) -> f32 { return select(here, p.total_tokens, p.total_tokens > 0.0); }
fn seq_count(here: f32) -> f32 { return select(here, p.total_seqs, p.total_seqs > 0.0); }

@group(0) @binding(0) var<storage, read> logp_new: array<f32>;
@group(0) @binding(1) var<storage, read> logp_old: array<f32>;
@group(0) @binding(2) var<storage, read> logp_ref: array<f32>;
@group(0) @binding(3) var<storage, read> adv: array<f32>;
@group(0) @binding(4) var<storage, read> mask: array<f32>;
@group(0) @binding(5) var<storage, read_write> row: array<f32>;    // [B * ROW_STATS]
@group(0) @binding(6) var<storage, read_write> stats: array<f32>;  // [STATS]
@group(0) @binding(7) var<storage, read_write> dlogp: array<f32>;  // [B * L]
@group(0) @binding(8) var<uniform> p: Params;

const WG: u32 = 64u;
// Per-row sums: tokens, Σ l, Σ kl, Σ ratio, clipped, dual-clipped, Σ (old − new), bad mask.
const ROW_STATS: u32 = 8u;
const ACC: u32 = 12u;
var<workgroup> sm: array<array<f32, ACC>, WG>;

struct Token {
  l: f32,        // surrogate loss
  g: f32,        // d l / d logp_new
  ratio: f32,
  clipped: f32,
  dual: f32,
  kl: f32,       // k3 estimate of KL(π_θ ‖ π_ref)
  kl_grad: f32,  // d kl / d logp_new
}

fn token(k: u32, a: f32) -> Token {
  var t: Token;
  let ratio = exp(logp_new[k] - logp_old[k]);
  let clipped_ratio = min(max(ratio, 1.0 - p.eps_low), 1.0 + p.eps_high);
  let unclipped_loss = -ratio * a;
  let clipped_loss = -clipped_ratio * a;
  // −min(ρA, clip(ρ)A): the gradient flows only when the unclipped term is the one kept.
  t.l = max(unclipped_loss, clipped_loss);
  t.g = select(0.0, -a * ratio, unclipped_loss >= clipped_loss);
  t.clipped = select(0.0, 1.0, clipped_loss > unclipped_loss);
  t.dual = 0.0;
  if (p.dual_clip > 0.0 && a < 0.0 && t.l > -p.dual_clip * a) {
    t.l = -p.dual_clip * a;
    t.g = 0.0;
    t.dual = 1.0;
  }
  t.ratio = ratio;
  t.kl = 0.0;
  t.kl_grad = 0.0;
  if (p.has_ref != 0u) {
    let d = logp_ref[k] - logp_new[k];
    t.kl = exp(d) - d - 1.0;
    t.kl_grad = 1.0 - exp(d);
  }
  return t;
}

fn tree(lid: u32, width: u32) {
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s >>= 1u) {
    if (lid < s) {
      for (var j = 0u; j < width; j++) { sm[lid][j] += sm[lid + s][j]; }
    }
    workgroupBarrier();
  }
}

@compute @workgroup_size(WG)
fn rows(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let r = linear_group(wid, nwg);
  if (r >= p.batch) { return; }
  let a = adv[r];
  var acc: array<f32, ACC>;
  for (var t = lid; t < p.len; t += WG) {
    let k = r * p.len + t;
    let mk = mask[k];
    if (mk != 0.0 && mk != 1.0) { acc[7] += 1.0; }
    if (mk == 0.0) { continue; }
    let x = token(k, a);
    acc[0] += 1.0;
    acc[1] += x.l;
    acc[2] += x.kl;
    acc[3] += x.ratio;
    acc[4] += x.clipped;
    acc[5] += x.dual;
    acc[6] += logp_old[k] - logp_new[k];
  }
  sm[lid] = acc;
  tree(lid, ROW_STATS);
  if (lid == 0u) {
    for (var j = 0u; j < ROW_STATS; j++) { row[r * ROW_STATS + j] = sm[0][j]; }
  }
}

// stats: [loss, policy loss, kl loss, tokens, mean ratio, clip fraction, dual-clip fraction,
//         mean kl, approx kl(old ‖ new), bad mask values, non-empty sequences]
@compute @workgroup_size(WG)
fn finish(@builtin(local_invocation_index) lid: u32) {
  var acc: array<f32, ACC>;
  for (var r = lid; r < p.batch; r += WG) {
    for (var j = 0u; j < ROW_STATS; j++) { acc[j] += row[r * ROW_STATS + j]; }
    let n = row[r * ROW_STATS];
    if (n > 0.0) {
      acc[8] += 1.0;
      acc[9] += row[r * ROW_STATS + 1u] / n;
      acc[10] += row[r * ROW_STATS + 2u] / n;
    }
  }
  sm[lid] = acc;
  tree(lid, 11u);
  if (lid != 0u) { return; }
  let s = sm[0];
  let tokens = s[0];
  var policy = 0.0;
  var kl = 0.0;
  if (tokens > 0.0) {
    if (p.agg == 0u) {
      policy = s[1] / token_count(tokens);
      kl = s[2] / token_count(tokens);
    } else if (p.agg == 1u) {
      policy = s[9] / seq_count(s[8]);
      kl = s[10] / seq_count(s[8]);
    } else {
      let d = seq_count(f32(p.batch)) * p.max_len;
      policy = s[1] / d;
      kl = s[2] / d;
    }
  }
  let kl_loss = p.beta * kl;
  let denom = max(tokens, 1.0);
  stats[0] = policy + kl_loss;
  // A mask with values other than 0/1 makes the loss NaN, so a guard that checks the stats
  // skips the update in this same submit; the host's parse() names the real cause.
  if (s[7] > 0.0) {
    var nan_bits = 0x7fc00000u; // a var: a constant NaN is a compile error in WGSL
    stats[0] = bitcast<f32>(nan_bits);
  }
  stats[1] = policy;
  stats[2] = kl_loss;
  stats[3] = tokens;
  stats[4] = s[3] / denom;
  stats[5] = s[4] / denom;
  stats[6] = s[5] / denom;
  stats[7] = s[2] / denom;
  stats[8] = s[6] / denom;
  stats[9] = s[7];
  stats[10] = s[8];
}

@compute @workgroup_size(WG)
fn grad(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let k = linear_group(wid, nwg) * WG + lid;
  if (k >= p.batch * p.len) { return; }
  let r = k / p.len;
  let tokens = stats[3];
  if (mask[k] == 0.0 || tokens == 0.0) {
    dlogp[k] = 0.0;
    return;
  }
  var coef = 1.0 / token_count(tokens);
  if (p.agg == 1u) {
    coef = 1.0 / (row[r * ROW_STATS] * seq_count(stats[10]));
  } else if (p.agg == 2u) {
    coef = 1.0 / (seq_count(f32(p.batch)) * p.max_len);
  }
  let x = token(k, adv[r]);
  var g = x.g;
  if (p.beta > 0.0) { g += p.beta * x.kl_grad; }
  dlogp[k] = coef * g;
}
