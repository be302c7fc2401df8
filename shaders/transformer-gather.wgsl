// Row movement, one entry point each: embed (gather embedding rows by token id, per shard
// of a table that may be f16; the shared embedding kernel takes f32 tables only) and
// gather (copy chosen rows, e.g. each sequence's last position before the LM head).
// Prepended by the dispatcher: `alias S` = the source element type (f16 for an f16
// embedding table, else f32).
struct P { count: u32, width: u32, rowStart: u32, rows: u32, groupsX: u32 }
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

// dst[n, :] = src[rowIds[n], :]
@compute @workgroup_size(64)
fn gather(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) li: u32) {
  let i = linear(wid, li);
  if (i >= p.count * p.width) { return; }
  dst[i] = f32(src[rowIds[i / p.width] * p.width + i % p.width]);
}
