// Matrix-vector products for decode: y[v, o] = sum_i W[o, i] x[v, i] (+ bias[o]) for
// NV = 1..8 vectors, W stored [out, in] (f32 or f16), reading W exactly once.
// Variants (template defines):
//   SPLIT   a workgroup of WG invocations owns ROWS rows and splits the reduction over
//           `in` among them (neighbouring invocations read neighbouring addresses, what
//           GPU memory systems reward), then reduces through workgroup memory.
//   !SPLIT  one invocation per row, barrier-free (CPU rasterisers: barriers are costly
//           and every load is a per-lane gather); with SUBGROUP the lanes load x once
//           per subgroup and share it with subgroupBroadcast.
// V4: operands read as vec4 (needs in % 4 == 0); otherwise scalars.
// Template: see src/kernels/matmul_template.ts.
//#if F16
enable f16;
//#endif
//#if SUBGROUP
enable subgroups;
//#endif
//#if F16
alias BT = f16;
//#else
alias BT = f32;
//#endif
//#if V4
alias WT = vec4<BT>;
alias XT = vec4<f32>;
fn dotw(w: WT, x: XT) -> f32 { return dot(vec4<f32>(w), x); }
const UNIT = 4u;
//#else
alias WT = BT;
alias XT = f32;
fn dotw(w: WT, x: XT) -> f32 { return f32(w) * x; }
const UNIT = 1u;
//#endif

struct Params {
  rows: u32, cols: u32, flags: u32, off_y: u32,
  ldy: u32, off_bias: u32, pad0: u32, pad1: u32,
}
const BIAS = 2u;

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> w: array<WT>;
@group(0) @binding(2) var<storage, read> x: array<XT>;
@group(0) @binding(3) var<storage, read_write> y: array<f32>;
@group(0) @binding(4) var<storage, read> bias: array<f32>;

fn finish(row: u32, v: u32, s: f32) {
  var r = s;
  if ((p.flags & BIAS) != 0u) { r += bias[p.off_bias + row]; }
  y[v * p.ldy + p.off_y + row] = r;
}

//#if SPLIT
var<workgroup> part: array<f32, ${ROWS * NV * WG}>;

@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) li: u32) {
  let row0 = (wg.x + wg.y * 65535u) * ${ROWS}u;
  let units = p.cols / UNIT;
//#for r in 0..ROWS
  let wr${r} = min(row0 + ${r}u, p.rows - 1u) * units;
//#endfor
//#for r in 0..ROWS
//#for v in 0..NV
  var s${r}_${v} = 0.0;
//#endfor
//#endfor
  for (var i = li; i < units; i += ${WG}u) {
//#for v in 0..NV
    let x${v} = x[${v}u * units + i];
//#endfor
//#for r in 0..ROWS
    {
      let wv = w[wr${r} + i];
//#for v in 0..NV
      s${r}_${v} += dotw(wv, x${v});
//#endfor
    }
//#endfor
  }
//#for r in 0..ROWS
//#for v in 0..NV
  part[${(r * NV + v) * WG}u + li] = s${r}_${v};
//#endfor
//#endfor
  for (var half = ${WG / 2}u; half > 0u; half /= 2u) {
    workgroupBarrier();
    if (li < half) {
//#for q in 0..ROWS*NV
      part[${q * WG}u + li] += part[${q * WG}u + li + half];
//#endfor
    }
  }
  if (li == 0u) {
//#for r in 0..ROWS
    if (row0 + ${r}u < p.rows) {
//#for v in 0..NV
      finish(row0 + ${r}u, ${v}u, part[${(r * NV + v) * WG}u]);
//#endfor
    }
//#endfor
  }
}
//#else
@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) li: u32
//#if SUBGROUP
  , @builtin(subgroup_invocation_id) sl: u32
//#endif
) {
  let row = (wg.x + wg.y * 65535u) * ${WG}u + li;
  let units = p.cols / UNIT;
  // Rows past the end read the last row (all lanes must reach subgroupBroadcast).
  let wr = min(row, p.rows - 1u) * units;
//#for v in 0..NV
  var s${v} = 0.0;
//#endfor
  var i = 0u;
//#if SUBGROUP
  // SG units per step: lane l loads unit i + l of each x, every lane reads it from lane j.
  for (; i + ${SG}u <= units; i += ${SG}u) {
//#for v in 0..NV
    let xl${v} = x[${v}u * units + i + sl];
//#endfor
//#for j in 0..SG
    {
      let wv = w[wr + i + ${j}u];
//#for v in 0..NV
      s${v} += dotw(wv, subgroupBroadcast(xl${v}, ${j}u));
//#endfor
    }
//#endfor
  }
//#endif
  for (; i < units; i++) {
    let wv = w[wr + i];
//#for v in 0..NV
    s${v} += dotw(wv, x[${v}u * units + i]);
//#endfor
  }
  if (row < p.rows) {
//#for v in 0..NV
    finish(row, ${v}u, s${v});
//#endfor
  }
}
//#endif
