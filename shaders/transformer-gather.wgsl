// dst[n, :] = src[rowIds[n], :]: copies chosen rows (e.g. each sequence's last position
// before the LM head).
struct P { count: u32, width: u32, groupsX: u32 }
@group(0) @binding(0) var<storage, read> src: array<f32>;
@group(0) @binding(1) var<storage, read> rowIds: array<u32>;
@group(0) @binding(2) var<storage, read_write> dst: array<f32>;
@group(0) @binding(3) var<uniform> p: P;

@compute @workgroup_size(64)
fn gather(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) li: u32) {
  let i = (wid.x + wid.y * p.groupsX) * 64u + li;
  if (i >= p.count * p.width) { return; }
  dst[i] = src[rowIds[i / p.width] * p.width + i % p.width];
}
