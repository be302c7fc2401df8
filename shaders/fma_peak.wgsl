// Bench-only: an FMA-bound kernel giving the adapter's practical compute ceiling
// (bench/suites/kernels.ts: fma_peak_gflops). CHAINS independent vec4 accumulators,
// UNROLL FMAs per chain per loop trip (loop overhead is not free on CPU rasterisers).
// Template: see src/kernels/matmul_template.ts.
@group(0) @binding(0) var<storage, read_write> out: array<vec4<f32>>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) g: vec3<u32>) {
  let m = vec4<f32>(0.9999);
  let s = vec4<f32>(1e-4);
//#for c in 0..CHAINS
  var a${c} = vec4<f32>(f32(g.x) * 1e-9 + ${c}.0, 1.0, 2.0, 3.0);
//#endfor
  for (var i = 0u; i < ${ITERS}u; i++) {
//#for u in 0..UNROLL
//#for c in 0..CHAINS
    a${c} = fma(a${c}, m, s);
//#endfor
//#endfor
  }
  var t = vec4<f32>();
//#for c in 0..CHAINS
  t += a${c};
//#endfor
  out[g.x] = t;
}
