// `npm run bench -- store [--mb N]`: why chunk checksums are XXH32, and what saving and
// loading a checkpoint costs in the Node directory store. Checksums over one 64 MB chunk:
// XXH32 (ours), against two baselines measured in the same run: a table CRC-32 in TS and
// crypto.subtle SHA-256 (native). Then an N MB checkpoint (default 256) saved (fsynced) and
// loaded (verified) in a temporary directory; `disk_copy_mbps` (plain writeFile + readFile
// of the same bytes) is the baseline for the store's overhead.
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeCheckpointStore } from '../../src/host/node-checkpoints';
import { xxh32 } from '../../src/store/checksum';
import type { BenchResult, BenchSuite } from '../types';

const CRC = new Uint32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(b: Uint8Array): number {
  let c = ~0;
  for (let i = 0; i < b.length; i++) c = CRC[(c ^ b[i]) & 255] ^ (c >>> 8);
  return ~c >>> 0;
}

async function gbps(bytes: number, fn: () => unknown): Promise<number> {
  await fn();
  const reps = 3;
  const t = performance.now();
  for (let i = 0; i < reps; i++) await fn();
  return (bytes * reps) / ((performance.now() - t) / 1000) / 1e9;
}

const suite: BenchSuite = async (args) => {
  const i = args.indexOf('--mb');
  const mb = i >= 0 ? Number(args[i + 1]) : 256;
  const chunk = new Uint8Array(64 << 20);
  for (let k = 0; k < chunk.length; k += 7) chunk[k] = (k * 2654435761) >>> 24;
  const metrics: Record<string, number> = {
    xxh32_gbps: await gbps(chunk.length, () => xxh32(chunk)),
    crc32_table_gbps: await gbps(chunk.length, () => crc32(chunk)),
    sha256_subtle_gbps: await gbps(chunk.length, () => crypto.subtle.digest('SHA-256', chunk)),
  };

  const n = (mb << 20) / 4;
  const w = new Float32Array(n);
  for (let k = 0; k < n; k++) w[k] = Math.sin(k);
  const dir = mkdtempSync(join(tmpdir(), 'dust-bench-store-'));
  try {
    const store = nodeCheckpointStore(join(dir, 'ckpt'));
    let t = performance.now();
    const s = await store.save({ tensors: [{ name: 'w', dtype: 'f32', shape: [n], data: w }], doc: { step: 1 } }, { run: 'bench', step: 1 });
    metrics.save_mbps = mb / ((performance.now() - t) / 1000);
    t = performance.now();
    await store.load(s.id);
    metrics.load_mbps = mb / ((performance.now() - t) / 1000);
    t = performance.now();
    await writeFile(join(dir, 'plain.bin'), new Uint8Array(w.buffer));
    await readFile(join(dir, 'plain.bin'));
    metrics.disk_copy_mbps = mb / ((performance.now() - t) / 1000) * 2;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const result: BenchResult = {
    suite: 'store',
    shapes: { checksum_chunk_bytes: chunk.length, checkpoint_mb: mb, chunk_bytes: 64 << 20 },
    metrics,
    notes: ['CPU only (no adapter).', 'disk_copy_mbps: unsynced writeFile + readFile, reported per direction (2 × MB / total time).'],
  };
  return result;
};
export default suite;
