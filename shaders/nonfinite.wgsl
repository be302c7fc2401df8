// Flags tensors that hold NaN or ±Inf. The data is read as raw 32-bit words and tested on
// the bit pattern (exponent all ones): WGSL lets compilers assume floats are finite, so a
// float comparison such as x != x may be folded away. f16 data packs two halves per word.
// flags[0] counts bad values over all tensors checked; flags[slot] counts them per tensor.

struct Params {
  words: u32,   // 32-bit words in this shard
  halves: u32,  // f16: halves in this shard (the last word may hold one); f32: 0
  slot: u32,    // this tensor's counter in flags
  groups: u32,  // workgroups striding over the words (the grid may overshoot)
}

@group(0) @binding(0) var<storage, read> x: array<u32>;
@group(0) @binding(1) var<storage, read_write> flags: array<atomic<u32>>;
@group(0) @binding(2) var<uniform> p: Params;

override WG: u32 = 256u;

fn report(bad: u32) {
  if (bad != 0u) {
    atomicAdd(&flags[0], bad);
    atomicAdd(&flags[p.slot], bad);
  }
}

// Grid-stride loops: few invocations each reading many words (cheaper on CPU rasterisers).
@compute @workgroup_size(WG)
fn check_f32(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let g = linear_group(wid, nwg);
  if (g >= p.groups) { return; }
  var bad = 0u;
  for (var i = g * WG + lid; i < p.words; i += p.groups * WG) {
    bad += select(0u, 1u, (x[i] & 0x7f800000u) == 0x7f800000u);
  }
  report(bad);
}

@compute @workgroup_size(WG)
fn check_f16(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let g = linear_group(wid, nwg);
  if (g >= p.groups) { return; }
  var bad = 0u;
  for (var i = g * WG + lid; i < p.words; i += p.groups * WG) {
    let w = x[i];
    bad += select(0u, 1u, (w & 0x7c00u) == 0x7c00u);
    // The high half of the last word is padding when the shard holds an odd count.
    if (2u * i + 1u < p.halves && ((w >> 16u) & 0x7c00u) == 0x7c00u) { bad += 1u; }
  }
  report(bad);
}
