// Row movement and element-wise steps of the decoder, one entry point each:
// embed (gather embedding rows by token id, per shard of the table), kv_store (scatter a
// step's K and V rows into the cache at (sequence, position)), gather (copy chosen rows),
// swiglu (gate ← silu(gate) · up).
// Prepended by the dispatcher: `alias S` = the source element type (f16 for an f16
// embedding table, else f32).
struct P { count: u32, width: u32, rowStart: u32, rows: u32, capacity: u32, groupsX: u32 }
@group(0) @binding(0) var<storage, read> src: array<S>;
@group(0) @binding(1) var<storage, read> rowIds: array<u32>;
@group(0) @binding(2) var<storage, read_write> dst: array<f32>;
@group(0) @binding(3) var<uniform> p: P;

fn linear(wid: vec3<u32>, li: u32) -> u32 { return (wid.x + wid.y * p.groupsX) * 64u + li; }

// dst[n, :] = src[rowIds[n] - rowStart, :] when that id lies in this shard of the table.
@compute @workgroup_size(64)
fn embed(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) li: u32) {
  let i = linear(wid, li);
  if (i >= p.count * p.width) { return; }
  let n = i / p.width;
  let id = rowIds[n];
  if (id < p.rowStart || id >= p.rowStart + p.rows) { return; }
  dst[i] = f32(src[(id - p.rowStart) * p.width + i % p.width]);
}

// dst[rowIds[2n] · capacity + rowIds[2n+1], :] = src[n, :]  (index = per-token sequence, position).
@compute @workgroup_size(64)
fn kv_store(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) li: u32) {
  let i = linear(wid, li);
  if (i >= p.count * p.width) { return; }
  let n = i / p.width;
  let row = rowIds[2u * n] * p.capacity + rowIds[2u * n + 1u];
  dst[row * p.width + i % p.width] = f32(src[i]);
}

// dst[n, :] = src[rowIds[n], :]
@compute @workgroup_size(64)
fn gather(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) li: u32) {
  let i = linear(wid, li);
  if (i >= p.count * p.width) { return; }
  dst[i] = f32(src[rowIds[i / p.width] * p.width + i % p.width]);
}
