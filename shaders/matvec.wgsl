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
//   + eps) and g the norm weight (binding 5; eps in p.eps): the decoder's RMSNorm folded
//   into the projections after it. Σ x² is summed in the same pass over x as the products
//   (SPLIT: reduced with them; SUBGROUP: lane sums added over the subgroup), and rstd
//   scales each finished row.
// GLU: x is the gate of a SwiGLU and binding 5 its up projection: y = W (silu(x) · up), the
//   decoder's SwiGLU folded into the down projection (never with NORM).
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

struct Params {
  rows: u32, cols: u32, flags: u32, off_y: u32,
  ldy: u32, off_bias: u32, eps: f32, pad1: u32,
}
const ACCUMULATE = 1u;
const BIAS = 2u;

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> w: array<WT>;

// Unit i of the weights, widened to f32.
//#if V4
fn loadw(i: u32) -> vec4<f32> { return widen(w[i]); }
//#elif F16
fn loadw(i: u32) -> f32 { return half1(w[i >> 1u], i & 1u); }
//#else
fn loadw(i: u32) -> f32 { return w[i]; }
//#endif
@group(0) @binding(2) var<storage, read> x: array<XT>;
@group(0) @binding(3) var<storage, read_write> y: array<f32>;
@group(0) @binding(4) var<storage, read> bias: array<f32>;
//#if NORM
@group(0) @binding(5) var<storage, read> g: array<XT>;
fn rstd(ss: f32) -> f32 { return inverseSqrt(ss / f32(p.cols) + p.eps); }
//#endif
// Unit j of the input vectors: x itself, or silu(gate) · up (the SwiGLU kernel's arithmetic).
//#if GLU
@group(0) @binding(5) var<storage, read> up: array<XT>;
fn xat(j: u32) -> XT {
  let a = x[j];
  return a * (1.0 / (1.0 + exp(-max(a, XT(-88.0))))) * up[j];
}
//#else
fn xat(j: u32) -> XT { return x[j]; }
//#endif

fn finish(row: u32, v: u32, s: f32) {
  var r = s;
  if ((p.flags & BIAS) != 0u) { r += bias[p.off_bias + row]; }
  let at = v * p.ldy + p.off_y + row;
  if ((p.flags & ACCUMULATE) != 0u) { r += y[at]; }
  y[at] = r;
}

//#if SPLIT
var<workgroup> part: array<f32, ${(ROWS + NRM) * NV * WG}>;

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
//#if NORM
//#for v in 0..NV
  var ss${v} = 0.0;
//#endfor
//#endif
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
      let wv = loadw(wr${r} + i);
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
    if (row0 + ${r}u < p.rows) {
//#for v in 0..NV
//#if NORM
      finish(row0 + ${r}u, ${v}u, part[${(r * NV + v) * WG}u] * rs${v});
//#else
      finish(row0 + ${r}u, ${v}u, part[${(r * NV + v) * WG}u]);
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
  let row = (wg.x + wg.y * 65535u) * ${WG}u + li;
  let units = p.cols / UNIT;
  // Rows past the end read the last row (all lanes must reach subgroupBroadcast).
  let wr = min(row, p.rows - 1u) * units;
//#for v in 0..NV
  var s${v} = 0.0;
//#if NORM
  var ss${v} = 0.0;
//#endif
//#endfor
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
      let wv = loadw(wr + i + ${j}u);
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
    let wv = loadw(wr + i);
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
  if (row < p.rows) {
//#for v in 0..NV
//#if NORM
    finish(row, ${v}u, s${v} * rstd(ss${v}));
//#else
    finish(row, ${v}u, s${v});
//#endif
//#endfor
  }
}
//#endif
