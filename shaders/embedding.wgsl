// Embedding gather. The table may be split by rows across storage bindings (one shard per
// dispatch): each dispatch writes only the tokens whose id lies in its shard, and the
// first dispatch also zeroes tokens whose id is outside the vocabulary, so bad ids give
// zero rows rather than reads past the table. The table's element type T (f32 or f16) comes
// from the host prefix; rows come out f32.
struct P { n: u32, dim: u32, rowStart: u32, rows: u32, vocab: u32, first: u32 }
@group(0) @binding(0) var<storage, read> table: array<T>;
@group(0) @binding(1) var<storage, read> ids: array<u32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;
@group(0) @binding(3) var<uniform> p: P;

override WG: u32 = 64u;

@compute @workgroup_size(WG)
fn gather(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) li: u32) {
  let i = linear_group(wid, nwg) * WG + li;
  if (i >= p.n) { return; }
  let t = i / p.dim;
  let j = i - t * p.dim;
  let id = ids[t];
  if (id >= p.rowStart && id < p.rowStart + p.rows) {
    out[i] = f32(table[(id - p.rowStart) * p.dim + j]);
  } else if (p.first == 1u && id >= p.vocab) {
    out[i] = 0.0;
  }
}
