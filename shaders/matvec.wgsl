// Matrix-vector products for decode: y[v, o] (+)= sum_i W[o, i] x[v, i] (+ bias[o]) for
// NV = 1..8 vectors, W stored [out, in] (f32 or f16), reading W exactly once.
// Variants (template defines):
//   SPLIT   a workgroup of WG invocations owns ROWS rows and splits the reduction over
//           `in` among them (neighbouring invocations read neighbouring addresses, what
//           GPU memory systems reward), then reduces through workgroup memory.
//   !SPLIT  one invocation per row, barrier-free (CPU rasterisers: barriers are costly
//           and every load is a per-lane gather); with SUBGROUP the lanes load x once
//           per subgroup and share it with subgroupBroadcast.
// V4: operands read as vec4 (needs in % 4 == 0); otherwise scalars.
// NORM: x is RMS-normalised on the way in, y = W (x · rstd · g) with rstd = 1/sqrt(mean(x²)
//   + eps) and g the norm weight (the last binding: 5 with one matrix; eps in p.eps): the decoder's RMSNorm folded
//   into the projections after it. Σ x² is summed in the same pass over x as the products
//   (SPLIT: reduced with them; SUBGROUP: lane sums added over the subgroup), and rstd
//   scales each finished row.
// GLU: x is the gate of a SwiGLU and the last binding (5) its up projection: y = W (silu(x) · up), the
//   decoder's SwiGLU folded into the down projection (never with NORM).
// NM > 1 (MULTI): NM matrices of the same input width read the same x in one dispatch
//   (the decoder's q/k/v, or gate/up): workgroups g1.. belong to matrix 1, g2.. to matrix 2,
//   so a workgroup's matrix is uniform and each matrix keeps its own output and bias.
//   Bindings: uniform, w0..w{NM-1}, x, y0..y{NM-1}, bias0.. (only with BIASES), then g or up.
// Template: see src/kernels/matmul_template.ts.
//#if SUBGROUP
enable subgroups;
//#endif
// f16 weights are read as packed pairs of u32 and widened with integer ops (see halves()).
//#if V4
alias XT = vec4<f32>;
const UNIT = 4u;
//#if F16
alias WT = vec2<u32>;
fn widen(w: WT) -> vec4<f32> { return unpack4(w); }
//#else
alias WT = vec4<f32>;
fn widen(w: WT) -> vec4<f32> { return w; }
//#endif
fn dotw(w: vec4<f32>, x: XT) -> f32 { return dot(w, x); }
//#else
alias XT = f32;
const UNIT = 1u;
//#if F16
alias WT = u32;
//#else
alias WT = f32;
//#endif
fn dotw(w: f32, x: XT) -> f32 { return w * x; }
//#endif

// f16 bits -> f32 with integer ops and one multiply (lavapipe compiles unpack2x16float
// and shader-f16 conversions into code that takes seconds per unrolled pipeline).
// Exact for normal and subnormal halves; Inf/NaN are not expected in weights.
fn halves(h: vec4<u32>) -> vec4<f32> {
  let mag = bitcast<vec4<f32>>((h & vec4<u32>(0x7fffu)) << vec4<u32>(13u)) * 5.192296858534828e33;
  return bitcast<vec4<f32>>(bitcast<vec4<u32>>(mag) | ((h & vec4<u32>(0x8000u)) << vec4<u32>(16u)));
}
fn unpack4(w: vec2<u32>) -> vec4<f32> {
  return halves(vec4<u32>(w.x & 0xffffu, w.x >> 16u, w.y & 0xffffu, w.y >> 16u));
}
fn half1(word: u32, odd: u32) -> f32 {
  return halves(vec4<u32>((word >> (16u * odd)) & 0xffffu)).x;
}

// One matrix: rows / off_y / ldy / off_bias place a shard's rows in y and bias. MULTI: every
// matrix is whole ([rows_m, cols], rows_0 = rows), its y rows of rows_m and its bias from 0;
// matrix m ≥ 1 starts at workgroup g_m.
struct Params {
  rows: u32, cols: u32, flags: u32, off_y: u32,
  ldy: u32, off_bias: u32, eps: f32, pad1: u32,
  rows1: u32, rows2: u32, g1: u32, g2: u32,
}
const ACCUMULATE = 1u;
const BIAS = 2u;

@group(0) @binding(0) var<uniform> p: Params;
//#for m in 0..NM
@group(0) @binding(${1 + m}) var<storage, read> w${m}: array<WT>;
//#endfor

// Unit i of matrix m's weights, widened to f32.
//#for m in 0..NM
//#if V4
fn loadw${m}(i: u32) -> vec4<f32> { return widen(w${m}[i]); }
//#elif F16
fn loadw${m}(i: u32) -> f32 { return half1(w${m}[i >> 1u], i & 1u); }
//#else
fn loadw${m}(i: u32) -> f32 { return w${m}[i]; }
//#endif
//#endfor
@group(0) @binding(${1 + NM}) var<storage, read> x: array<XT>;
//#for m in 0..NM
@group(0) @binding(${2 + NM + m}) var<storage, read_write> y${m}: array<f32>;
//#endfor
//#if BIASES
//#for m in 0..NM
@group(0) @binding(${2 + 2 * NM + m}) var<storage, read> bias${m}: array<f32>;
//#endfor
//#endif
//#if NORM
@group(0) @binding(${2 + (2 + BIASES) * NM}) var<storage, read> g: array<XT>;
fn rstd(ss: f32) -> f32 { return inverseSqrt(ss / f32(p.cols) + p.eps); }
//#endif
// Unit j of the input vectors: x itself, or silu(gate) · up (the SwiGLU kernel's arithmetic).
//#if GLU
@group(0) @binding(${2 + (2 + BIASES) * NM}) var<storage, read> up: array<XT>;
fn xat(j: u32) -> XT {
  let a = x[j];
  return a * (1.0 / (1.0 + exp(-max(a, XT(-88.0))))) * up[j];
}
//#else
fn xat(j: u32) -> XT { return x[j]; }
//#endif

// Matrix m's workgroup and row count: (matrix, its group index) of dispatch group gid.
fn locate(gid: u32) -> vec2<u32> {
//#if MULTI
  if (gid >= p.g2) { return vec2<u32>(2u, gid - p.g2); }
  if (gid >= p.g1) { return vec2<u32>(1u, gid - p.g1); }
//#endif
  return vec2<u32>(0u, gid);
}
fn rowsOf(m: u32) -> u32 { return select(select(p.rows, p.rows1, m == 1u), p.rows2, m == 2u); }

fn finish(m: u32, row: u32, v: u32, s: f32) {
  var r = s;
//#for m in 0..NM
  if (m == ${m}u) {
//#if MULTI
    let at = v * rowsOf(m) + row;
//#if BIASES
    if ((p.flags & BIAS) != 0u) { r += bias${m}[row]; }
//#endif
//#else
    let at = v * p.ldy + p.off_y + row;
//#if BIASES
    if ((p.flags & BIAS) != 0u) { r += bias${m}[p.off_bias + row]; }
//#endif
//#endif
    if ((p.flags & ACCUMULATE) != 0u) { r += y${m}[at]; }
    y${m}[at] = r;
  }
//#endfor
}

//#if SPLIT
var<workgroup> part: array<f32, ${(ROWS + NRM) * NV * WG}>;

@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) li: u32) {
  let at = locate(wg.x + wg.y * 65535u);
  let mat = at.x;
  let nrows = rowsOf(mat);
  let row0 = at.y * ${ROWS}u;
  let units = p.cols / UNIT;
//#for r in 0..ROWS
  let wr${r} = min(row0 + ${r}u, nrows - 1u) * units;
//#endfor
//#for r in 0..ROWS
//#for v in 0..NV
  var s${r}_${v} = 0.0;
//#endfor
//#endfor
//#if NORM
//#for v in 0..NV
  var ss${v} = 0.0;
//#endfor
//#endif
  // One copy of the loop per matrix (a workgroup-uniform branch outside it, not per load).
//#for m in 0..NM
  if (mat == ${m}u) {
  for (var i = li; i < units; i += ${WG}u) {
//#for v in 0..NV
//#if NORM
    let raw${v} = x[${v}u * units + i];
    ss${v} += dotw(raw${v}, raw${v});
    let x${v} = raw${v} * g[i];
//#else
    let x${v} = xat(${v}u * units + i);
//#endif
//#endfor
//#for r in 0..ROWS
    {
      let wv = loadw${m}(wr${r} + i);
//#for v in 0..NV
      s${r}_${v} += dotw(wv, x${v});
//#endfor
    }
//#endfor
  }
  }
//#endfor
//#for r in 0..ROWS
//#for v in 0..NV
  part[${(r * NV + v) * WG}u + li] = s${r}_${v};
//#endfor
//#endfor
//#if NORM
//#for v in 0..NV
  part[${(ROWS * NV + v) * WG}u + li] = ss${v};
//#endfor
//#endif
  for (var half = ${WG / 2}u; half > 0u; half /= 2u) {
    workgroupBarrier();
    if (li < half) {
//#for q in 0..(ROWS+NRM)*NV
      part[${q * WG}u + li] += part[${q * WG}u + li + half];
//#endfor
    }
  }
  if (li == 0u) {
//#if NORM
//#for v in 0..NV
    let rs${v} = rstd(part[${(ROWS * NV + v) * WG}u]);
//#endfor
//#endif
//#for r in 0..ROWS
    if (row0 + ${r}u < nrows) {
//#for v in 0..NV
//#if NORM
      finish(mat, row0 + ${r}u, ${v}u, part[${(r * NV + v) * WG}u] * rs${v});
//#else
      finish(mat, row0 + ${r}u, ${v}u, part[${(r * NV + v) * WG}u]);
//#endif
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
  let at = locate(wg.x + wg.y * 65535u);
  let mat = at.x;
  let nrows = rowsOf(mat);
  let row = at.y * ${WG}u + li;
  let units = p.cols / UNIT;
  // Rows past the end read the last row (all lanes must reach subgroupBroadcast).
  let wr = min(row, nrows - 1u) * units;
//#for v in 0..NV
  var s${v} = 0.0;
//#if NORM
  var ss${v} = 0.0;
//#endif
//#endfor
//#for m in 0..NM
  if (mat == ${m}u) {
  var i = 0u;
//#if SUBGROUP
  // SG units per step: lane l loads unit i + l of each x, every lane reads it from lane j.
  for (; i + ${SG}u <= units; i += ${SG}u) {
//#for v in 0..NV
//#if NORM
    let raw${v} = x[${v}u * units + i + sl];
    ss${v} += dotw(raw${v}, raw${v});
    let xl${v} = raw${v} * g[i + sl];
//#else
    let xl${v} = xat(${v}u * units + i + sl);
//#endif
//#endfor
//#for j in 0..SG
    {
      let wv = loadw${m}(wr + i + ${j}u);
//#for v in 0..NV
      s${v} += dotw(wv, subgroupBroadcast(xl${v}, ${j}u));
//#endfor
    }
//#endfor
  }
//#if NORM
  // Each lane summed its own units' squares: the subgroup's sum covers them all.
//#for v in 0..NV
  ss${v} = subgroupAdd(ss${v});
//#endfor
//#endif
//#endif
  for (; i < units; i++) {
    let wv = loadw${m}(wr + i);
//#for v in 0..NV
//#if NORM
    let raw${v} = x[${v}u * units + i];
    ss${v} += dotw(raw${v}, raw${v});
    s${v} += dotw(wv, raw${v} * g[i]);
//#else
    s${v} += dotw(wv, xat(${v}u * units + i));
//#endif
//#endfor
  }
  }
//#endfor
  if (row < nrows) {
//#for v in 0..NV
//#if NORM
    finish(mat, row, ${v}u, s${v} * rstd(ss${v}));
//#else
    finish(mat, row, ${v}u, s${v});
//#endif
//#endfor
  }
}
//#endif
