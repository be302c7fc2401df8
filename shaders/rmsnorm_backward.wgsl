// RMSNorm backward. With g = dy·w: dx = rstd·g − x·rstd³·(Σ g·x)/dim (one workgroup per
// row), and dw = Σ_rows dy·x·rstd in two deterministic passes: per block of rows into a
// [blocks, dim] workspace, then down the blocks into dw.
struct P { rows: u32, dim: u32, accumulate: u32, blockRows: u32, blocks: u32 }
@group(0) @binding(0) var<storage, read> dy: array<f32>;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> w: array<f32>;
@group(0) @binding(3) var<storage, read> rstd: array<f32>;
@group(0) @binding(4) var<storage, read_write> out: array<f32>;   // dx, or the dw partials
@group(0) @binding(5) var<uniform> p: P;
// dw_reduce's view: the partials in, dw out.
@group(0) @binding(0) var<storage, read> partial: array<f32>;

override WG: u32 = 64u;
var<workgroup> red: array<f32, WG>;

fn row_sum(v: f32, li: u32) -> f32 {
  red[li] = v;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s = s / 2u) {
    if (li < s) { red[li] += red[li + s]; }
    workgroupBarrier();
  }
  let total = red[0];
  workgroupBarrier();
  return total;
}

@compute @workgroup_size(WG)
fn dx(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) li: u32) {
  let r = linear_group(wid, nwg);
  if (r >= p.rows) { return; }
  let o = r * p.dim;
  var dot = 0.0;
  for (var j = li; j < p.dim; j += WG) { dot += dy[o + j] * w[j] * x[o + j]; }
  let s = rstd[r];
  let c = s * s * s * row_sum(dot, li) / f32(p.dim);
  for (var j = li; j < p.dim; j += WG) {
    let v = s * dy[o + j] * w[j] - c * x[o + j];
    if (p.accumulate == 1u) { out[o + j] += v; } else { out[o + j] = v; }
  }
}

// One invocation per row, no barriers: faster on CPU rasterisers (see src/kernels/launch.ts).
@compute @workgroup_size(WG)
fn dx_row(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) li: u32) {
  let r = linear_group(wid, nwg) * WG + li;
  if (r >= p.rows) { return; }
  let o = r * p.dim;
  var dot = 0.0;
  for (var j = 0u; j < p.dim; j++) { dot += dy[o + j] * w[j] * x[o + j]; }
  let s = rstd[r];
  let c = s * s * s * dot / f32(p.dim);
  for (var j = 0u; j < p.dim; j++) {
    let v = s * dy[o + j] * w[j] - c * x[o + j];
    if (p.accumulate == 1u) { out[o + j] += v; } else { out[o + j] = v; }
  }
}

// One invocation per (block, column): consecutive invocations read consecutive columns.
@compute @workgroup_size(WG)
fn dw_partial(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) li: u32) {
  let i = linear_group(wid, nwg) * WG + li;
  if (i >= p.blocks * p.dim) { return; }
  let b = i / p.dim;
  let j = i - b * p.dim;
  let r1 = min(p.rows, (b + 1u) * p.blockRows);
  var acc = 0.0;
  for (var r = b * p.blockRows; r < r1; r++) { acc += dy[r * p.dim + j] * x[r * p.dim + j] * rstd[r]; }
  out[i] = acc;
}

@compute @workgroup_size(WG)
fn dw_reduce(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) li: u32) {
  let j = linear_group(wid, nwg) * WG + li;
  if (j >= p.dim) { return; }
  var acc = 0.0;
  for (var b = 0u; b < p.blocks; b++) { acc += partial[b * p.dim + j]; }
  if (p.accumulate == 1u) { out[j] += acc; } else { out[j] = acc; }
}
