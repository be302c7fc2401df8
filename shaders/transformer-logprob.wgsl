// Token log-probabilities through the LM head without a [rows × vocab] tensor: the host
// computes one vocabulary chunk of logits at a time into `chunk` [rows, stride] (the first
// `cols` columns used), and this
// kernel folds it into running per-row stats (max, Σexp(logit − max), target logit).
// On the last chunk it writes logp[r] = target − max − log Σ. One workgroup per row.
struct P { rows: u32, cols: u32, stride: u32, col0: u32, first: u32, last: u32, groupsX: u32 }
@group(0) @binding(0) var<storage, read> chunk: array<f32>;
@group(0) @binding(1) var<storage, read> targets: array<u32>;
@group(0) @binding(2) var<storage, read_write> stats: array<f32>;  // [rows, 3]: max, sum, target logit
@group(0) @binding(3) var<storage, read_write> logp: array<f32>;
@group(0) @binding(4) var<uniform> p: P;

const WG: u32 = 64u;
var<workgroup> red: array<f32, WG>;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) li: u32) {
  let r = wid.x + wid.y * p.groupsX;
  let live = r < p.rows;
  let rr = min(r, p.rows - 1u);
  let base = rr * p.stride;
  var m = -3.0e38;
  for (var i = li; i < p.cols; i += WG) { m = max(m, chunk[base + i]); }
  red[li] = m;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s /= 2u) {
    if (li < s) { red[li] = max(red[li], red[li + s]); }
    workgroupBarrier();
  }
  var oldM = -3.0e38;
  var oldS = 0.0;
  if (p.first == 0u) { oldM = stats[3u * rr]; oldS = stats[3u * rr + 1u]; }
  let mNew = max(oldM, red[0]);
  workgroupBarrier();
  var s = 0.0;
  for (var i = li; i < p.cols; i += WG) { s += exp(chunk[base + i] - mNew); }
  red[li] = s;
  workgroupBarrier();
  for (var k = WG / 2u; k > 0u; k /= 2u) {
    if (li < k) { red[li] += red[li + k]; }
    workgroupBarrier();
  }
  if (!live || li != 0u) { return; }
  let sum = oldS * exp(oldM - mNew) + red[0];
  var tgt = 0.0;
  if (p.first == 0u) { tgt = stats[3u * r + 2u]; }
  let t = targets[r];
  if (t >= p.col0 && t < p.col0 + p.cols) { tgt = chunk[base + t - p.col0]; }
  stats[3u * r] = mNew;
  stats[3u * r + 1u] = sum;
  stats[3u * r + 2u] = tgt;
  if (p.last != 0u) { logp[r] = tgt - mNew - log(sum); }
}
