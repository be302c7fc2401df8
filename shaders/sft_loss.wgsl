// SFT cross-entropy over masked target tokens, from their log-probs (the LM head's fused
// log-prob): loss = −Σ m·logp / Σ m and d loss / d logp = −m / Σ m. Mirrors src/reference/sft.ts.
// total: one workgroup reduces everything into stats = [loss, tokens, bad mask values];
// grad: one invocation per token. Mask values other than 0 and 1 are counted, not used.

struct Params {
  n: u32,
}

@group(0) @binding(0) var<storage, read> logp: array<f32>;
@group(0) @binding(1) var<storage, read> mask: array<f32>;
@group(0) @binding(2) var<storage, read_write> stats: array<f32>;
@group(0) @binding(3) var<storage, read_write> dlogp: array<f32>;
@group(0) @binding(4) var<uniform> p: Params;

const WG: u32 = 256u;
var<workgroup> sm: array<vec4<f32>, WG>;

@compute @workgroup_size(WG)
fn total(@builtin(local_invocation_index) lid: u32) {
  var acc = vec4<f32>(0.0);
  for (var i = lid; i < p.n; i += WG) {
    let mk = mask[i];
    if (mk != 0.0 && mk != 1.0) { acc.z += 1.0; }
    if (mk == 1.0) {
      acc.x += logp[i];
      acc.y += 1.0;
    }
  }
  sm[lid] = acc;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s >>= 1u) {
    if (lid < s) { sm[lid] += sm[lid + s]; }
    workgroupBarrier();
  }
  if (lid == 0u) {
    let t = sm[0];
    stats[0] = select(0.0, -t.x / t.y, t.y > 0.0);
    stats[1] = t.y;
    stats[2] = t.z;
  }
}

@compute @workgroup_size(WG)
fn grad(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let i = linear_group(wid, nwg) * WG + lid;
  if (i >= p.n) { return; }
  let tokens = stats[1];
  dlogp[i] = select(0.0, -1.0 / tokens, mask[i] == 1.0 && tokens > 0.0);
}
