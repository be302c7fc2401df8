// Embedding backward without float atomics and without sorting: a token→token list.
// `links` finds, for every token, the next token with the same id (its chain) and whether
// it is the first one (the chain's head). `scatter` then lets each head walk its chain and
// add the summed rows into the table gradient: one writer per table row, so no races, and
// the sum runs in token order, so results are deterministic. The link pass is O(T²) id
// comparisons (cheap next to the T·dim adds even at T = 8192).
struct P { n: u32, dim: u32, rowStart: u32, rows: u32, tokens: u32 }
@group(0) @binding(0) var<storage, read> ids: array<u32>;
@group(0) @binding(1) var<storage, read_write> next: array<u32>;   // [T]: next token with the same id, or T; head flag in bit 31
@group(0) @binding(2) var<storage, read> dy: array<f32>;
@group(0) @binding(3) var<storage, read_write> dtable: array<f32>; // one shard
@group(0) @binding(4) var<uniform> p: P;
@group(0) @binding(1) var<storage, read> chain: array<u32>;

override WG: u32 = 64u;
const HEAD: u32 = 0x80000000u;

@compute @workgroup_size(WG)
fn links(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) li: u32) {
  let t = linear_group(wid, nwg) * WG + li;
  if (t >= p.tokens) { return; }
  let id = ids[t];
  var nxt = p.tokens;
  for (var u = t + 1u; u < p.tokens; u++) {
    if (ids[u] == id) { nxt = u; break; }
  }
  var head = HEAD;
  for (var u = 0u; u < t; u++) {
    if (ids[u] == id) { head = 0u; break; }
  }
  next[t] = nxt | head;
}

@compute @workgroup_size(WG)
fn scatter(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) li: u32) {
  let i = linear_group(wid, nwg) * WG + li;
  if (i >= p.n) { return; }
  let t = i / p.dim;
  let j = i - t * p.dim;
  let id = ids[t];
  if ((chain[t] & HEAD) == 0u || id < p.rowStart || id >= p.rowStart + p.rows) { return; }
  var sum = 0.0;
  var u = t;
  loop {
    sum += dy[u * p.dim + j];
    u = chain[u] & ~HEAD;
    if (u >= p.tokens) { break; }
  }
  let at = (id - p.rowStart) * p.dim + j;
  dtable[at] += sum;
}
