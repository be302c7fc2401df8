// Checkpoint format and the Node directory store: multi-chunk round trips (bit-exact, every
// dtype), keep-last-N, runs list, a write that dies half-way, corrupted chunks, refused
// versions, quota refusal and roll-back, bad input, and the one-file export/import.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test, vi } from 'vitest';
import { PARTIAL_MARKER, exportCheckpointFile, importCheckpointFile, nodeCheckpointBackend, nodeCheckpointStore } from '../../src/host/node-checkpoints';
import { checksum, xxh32 } from '../../src/store/checksum';
import type { CheckpointBackend } from '../../src/store/checkpoint-backend';
import { CheckpointCorruptError, CheckpointError, type CheckpointState } from '../../src/store/checkpoint-format';
import { createCheckpointStore, type CheckpointStore } from '../../src/store/checkpoint-store';
import { StoreQuotaError } from '../../src/store/quota';

const roots: string[] = [];
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'dust-ckpt-'));
  roots.push(d);
  return d;
}
afterAll(() => {
  for (const d of roots) rmSync(d, { recursive: true, force: true });
});

/** A trainer-shaped state: weights, Adam moments, an f16 tensor, an RNG state, a cursor. */
function makeState(seed: number, n = 3000): CheckpointState {
  let s = seed >>> 0;
  const rnd = (): number => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
  const w = Float32Array.from({ length: n }, rnd);
  w[7] = NaN; // NaN and -0 must survive bit for bit
  w[8] = -0;
  return {
    tensors: [
      { name: 'lora.A', dtype: 'f32', shape: n % 100 ? [n] : [n / 100, 100], data: w },
      { name: 'adam.m.lora.A', dtype: 'f32', shape: [n], data: Float32Array.from({ length: n }, rnd) },
      { name: 'embed.f16', dtype: 'f16', shape: [7, 11], data: Uint16Array.from({ length: 77 }, (_, i) => (i * 977 + seed) & 0xffff) },
      { name: 'rng', dtype: 'u32', shape: [4], data: Uint32Array.of(seed, 0xdeadbeef, 0, 0xffffffff) },
      { name: 'cursor', dtype: 'i32', shape: [2], data: Int32Array.of(-5, 123456) },
      { name: 'empty', dtype: 'f64', shape: [0, 3], data: new Float64Array(0) },
      { name: 'bytes', dtype: 'u8', shape: [5], data: Uint8Array.of(1, 2, 3, 4, 255) },
      { name: 'scale', dtype: 'f64', shape: [], data: Float64Array.of(Math.PI) },
    ],
    doc: { step: seed, rng: { state: [1, 2, 3] }, data: { dataset: 'builtin@1', cursor: 17 }, config: { lr: 1e-4, lora: { r: 8 } }, metrics: [{ step: 1, loss: 2.5 }] },
  };
}

function bitsEqual(a: CheckpointState, b: CheckpointState): void {
  expect(b.doc).toEqual(a.doc);
  expect(b.tensors.map((t) => [t.name, t.dtype, t.shape])).toEqual(a.tensors.map((t) => [t.name, t.dtype, t.shape]));
  for (let i = 0; i < a.tensors.length; i++) {
    expect(b.tensors[i].data.constructor).toBe(a.tensors[i].data.constructor);
    const x = new Uint8Array(a.tensors[i].data.buffer, a.tensors[i].data.byteOffset, a.tensors[i].data.byteLength);
    const y = new Uint8Array(b.tensors[i].data.buffer, b.tensors[i].data.byteOffset, b.tensors[i].data.byteLength);
    expect(Buffer.compare(x, y)).toBe(0);
  }
}

describe('checksum', () => {
  test('XXH32 matches the reference vectors, also on misaligned views', () => {
    const e = new TextEncoder();
    expect(xxh32(e.encode(''))).toBe(0x02cc5d05);
    expect(xxh32(e.encode('a'))).toBe(0x550d7456);
    expect(xxh32(e.encode('abc'))).toBe(0x32d153ff);
    const long = e.encode('Nobody inspects the spammish repetition');
    expect(xxh32(long)).toBe(0xe2293b2f);
    const shifted = new Uint8Array(long.length + 1);
    shifted.set(long, 1);
    expect(xxh32(shifted.subarray(1))).toBe(0xe2293b2f);
    expect(checksum(long)).toBe('xxh32:e2293b2f');
  });
});

describe('node checkpoint store', () => {
  test('multi-chunk round trip is bit-exact, chunks stay within the record size', async () => {
    const dir = tmp();
    const store = nodeCheckpointStore(dir, { chunkBytes: 4096 });
    const state = makeState(1);
    const s = await store.save(state, { run: 'r1', step: 10, metrics: { loss: 1.5 }, label: 'tiny' });
    expect(s).toMatchObject({ run: 'r1', step: 10, metrics: { loss: 1.5 }, label: 'tiny' });
    const files = readdirSync(join(dir, s.id)).sort();
    expect(files.at(-1)).toBe('manifest.json');
    expect(files.length - 1).toBe(Math.ceil(s.bytes / 4096));
    const m = JSON.parse(readFileSync(join(dir, s.id, 'manifest.json'), 'utf8'));
    expect(m.chunks.every((c: { bytes: number }) => c.bytes <= 4096)).toBe(true);
    const back = await store.load(s.id);
    bitsEqual(state, back);
    expect(Object.is(back.tensors[0].data[8], -0) && Number.isNaN(back.tensors[0].data[7])).toBe(true);
    // A fresh store over the same directory (a new process) sees the same thing.
    bitsEqual(state, await nodeCheckpointStore(dir).load(s.id));
  });

  test('keeps the last N per run, newest first; runs list with metrics', async () => {
    const store = nodeCheckpointStore(tmp(), { chunkBytes: 8192, keep: 2 });
    for (const step of [1, 2, 3, 4]) await store.save(makeState(step, 200), { run: 'a', step, metrics: { loss: 10 - step } });
    await store.save(makeState(9, 200), { run: 'b', step: 5, metrics: { loss: 0.5 } });
    const a = await store.list('a');
    expect(a.map((s) => s.step)).toEqual([4, 3]);
    expect((await store.latest('a'))?.step).toBe(4);
    expect(await store.latest('nope')).toBeNull();
    const runs = await store.runs();
    expect(runs.map((r) => [r.run, r.checkpoints, r.latest.step, r.latest.metrics?.loss])).toEqual([
      ['b', 1, 5, 0.5],
      ['a', 2, 4, 6],
    ]);
    bitsEqual(makeState(4, 200), await store.load(a[0].id));
    // keep: 1 on one save prunes that run only.
    await store.save(makeState(5, 200), { run: 'a', step: 5 }, { keep: 1 });
    expect((await store.list('a')).map((s) => s.step)).toEqual([5]);
    expect((await store.list('b')).length).toBe(1);
  });

  test('pruning keeps the most recently written checkpoints, never the one just saved, also after resuming from an older step', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      let t = Date.parse('2026-01-01T00:00:00Z');
      const saveAt = async (store: CheckpointStore, step: number, keep?: number) => {
        vi.setSystemTime((t += 60_000));
        return store.save(makeState(step, 50), { run: 'r', step }, keep === undefined ? {} : { keep });
      };
      const three = nodeCheckpointStore(tmp(), { keep: 3 });
      for (const step of [100, 200, 300]) await saveAt(three, step);
      // Resumed from step 100: the new saves are steps 110, 120, 130, below the stored 300.
      const s110 = await saveAt(three, 110);
      expect((await three.list('r')).map((s) => s.step).sort((a, b) => a - b)).toEqual([110, 200, 300]);
      await saveAt(three, 120);
      await saveAt(three, 130);
      expect((await three.list('r')).map((s) => s.step).sort((a, b) => a - b)).toEqual([110, 120, 130]);
      bitsEqual(makeState(110, 50), await three.load(s110.id));

      const one = nodeCheckpointStore(tmp(), { keep: 1 });
      await saveAt(one, 300);
      const s110b = await saveAt(one, 110);
      expect((await one.list('r')).map((s) => s.id)).toEqual([s110b.id]);
      // Two saves in the same millisecond: the one just written still survives.
      t -= 60_000;
      const same = await saveAt(one, 50);
      expect((await one.list('r')).map((s) => s.id)).toEqual([same.id]);
    } finally {
      vi.useRealTimers();
    }
  });

  test('a write that died half-way is invisible, the previous checkpoint loads, garbage is collected', async () => {
    const dir = tmp();
    const store = nodeCheckpointStore(dir, { chunkBytes: 2048 });
    const prev = await store.save(makeState(1), { run: 'r', step: 1 });
    // What a killed process leaves: chunk files, no manifest.
    const backend = nodeCheckpointBackend(dir);
    await backend.putChunk('r-s2-dead', 0, new Uint8Array(2048));
    await backend.putChunk('r-s2-dead', 1, new Uint8Array(100));
    expect((await store.list()).map((s) => s.id)).toEqual([prev.id]);
    expect((await store.latest('r'))?.id).toBe(prev.id);
    bitsEqual(makeState(1), await store.load(prev.id));
    expect(await store.collectGarbage(60_000)).toBe(0); // too fresh: could be a write in progress
    expect(await store.collectGarbage(0)).toBe(1);
    expect(readdirSync(dir)).toEqual([prev.id]);
  });

  test('a corrupted chunk is detected by its checksum and named', async () => {
    const dir = tmp();
    const store = nodeCheckpointStore(dir, { chunkBytes: 4096 });
    const s = await store.save(makeState(3), { run: 'r', step: 3 });
    const p = join(dir, s.id, 'chunk-000002.bin');
    const bytes = readFileSync(p);
    bytes[100] ^= 0x10;
    writeFileSync(p, bytes);
    await expect(store.load(s.id)).rejects.toThrow(CheckpointCorruptError);
    await expect(store.verify(s.id)).rejects.toThrow(/Checkpoint .* is damaged: chunk 2 fails its checksum .*Load an older checkpoint/);
    writeFileSync(p, bytes.subarray(0, 10));
    await expect(store.load(s.id)).rejects.toThrow(/chunk 2 has 10 bytes instead of 4096/);
    rmSync(p);
    await expect(store.load(s.id)).rejects.toThrow(/chunk 2 is missing/);
  });

  test('resuming falls back to the previous checkpoint when the newest is damaged, and says so', async () => {
    const dir = tmp();
    const store = nodeCheckpointStore(dir, { chunkBytes: 4096 });
    expect(await store.loadLatest('r')).toBeNull();
    await store.save(makeState(1), { run: 'r', step: 1 });
    const newest = await store.save(makeState(2), { run: 'r', step: 2 });
    const ok = await store.loadLatest('r');
    expect(ok?.checkpoint.manifest.id).toBe(newest.id);
    expect(ok?.skipped).toEqual([]);
    const p = join(dir, newest.id, 'chunk-000001.bin');
    const bytes = readFileSync(p);
    bytes[0] ^= 1;
    writeFileSync(p, bytes);
    const r = await store.loadLatest('r');
    expect(r?.checkpoint.manifest.step).toBe(1);
    bitsEqual(makeState(1), r!.checkpoint);
    expect(r?.skipped).toEqual([{ id: newest.id, error: expect.stringMatching(/chunk 1 fails its checksum/) }]);
  });

  test('a manifest whose tensors do not fit their shapes or the data is refused', async () => {
    const dir = tmp();
    const store = nodeCheckpointStore(dir);
    const s = await store.save(makeState(1, 100), { run: 'r', step: 1 });
    const p = join(dir, s.id, 'manifest.json');
    const m = JSON.parse(readFileSync(p, 'utf8'));
    m.tensors[0].shape = [101];
    writeFileSync(p, JSON.stringify(m));
    await expect(store.load(s.id)).rejects.toThrow(/manifest is inconsistent \(tensor "lora.A" does not fit its shape or the data\)/);
    m.tensors[0].shape = [100];
    m.chunks[0].bytes += 1;
    writeFileSync(p, JSON.stringify(m));
    await expect(store.load(s.id)).rejects.toThrow(/chunks add up to \d+ bytes, manifest says \d+/);
  });

  test('a checkpoint of another format version is listed with the reason and refused', async () => {
    const dir = tmp();
    const store = nodeCheckpointStore(dir);
    const s = await store.save(makeState(1, 100), { run: 'r', step: 1 });
    const p = join(dir, s.id, 'manifest.json');
    writeFileSync(p, JSON.stringify({ ...JSON.parse(readFileSync(p, 'utf8')), version: 2 }));
    const [listed] = await store.list();
    expect(listed.problem).toMatch(/format version 2.*reads only version 1.*Update DuST/);
    expect(await store.latest('r')).toBeNull();
    await expect(store.load(s.id)).rejects.toThrow(/format version 2, and this version of DuST reads only version 1/);
    await store.remove(s.id);
    expect(await store.list()).toEqual([]);
  });

  test('quota: refused up front with what to delete; a write failing half-way is rolled back', async () => {
    const dir = tmp();
    const small = nodeCheckpointStore(dir, { chunkBytes: 4096, space: { estimate: async () => ({ usage: 0, quota: 50_000_000 }) } });
    const prev = await small.save(makeState(1), { run: 'r', step: 1 });
    const tiny = nodeCheckpointStore(dir, { chunkBytes: 4096, space: { estimate: async () => ({ usage: 1_000_000, quota: 1_010_000 }), marginBytes: 0 } });
    const err = await tiny.save(makeState(2), { run: 'r', step: 2 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreQuotaError);
    expect((err as Error).message).toMatch(/Not enough storage to save checkpoint of run r at step 2: it needs 2\d\.\d KiB, and only 9\.8 KiB is free/);
    expect((err as Error).message).toContain(`checkpoint ${prev.id} (run r, step 1)`);

    // The disk fills up at the third chunk (what a real ENOSPC looks like from fs).
    const real = nodeCheckpointBackend(dir);
    let puts = 0;
    const full: CheckpointBackend = {
      ...real,
      async putChunk(id, i, b) {
        if (++puts === 3) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
        return real.putChunk(id, i, b);
      },
    };
    const store = createCheckpointStore(full, { chunkBytes: 4096, space: { estimate: async () => null } });
    await expect(store.save(makeState(2), { run: 'r', step: 2 })).rejects.toThrow(/Not enough storage .* You can free space by deleting: checkpoint .*Nothing was half-written/);
    expect(readdirSync(dir)).toEqual([prev.id]);
    bitsEqual(makeState(1), await store.load(prev.id));
  });

  test('bad input gets a clear error', async () => {
    const store = nodeCheckpointStore(tmp());
    const t = (data: Float32Array, shape: number[]) => ({ tensors: [{ name: 'w', dtype: 'f32' as const, shape, data }], doc: {} });
    await expect(store.save(t(new Float32Array(6), [2, 3]), { run: '', step: 1 })).rejects.toThrow(/needs a run name/);
    await expect(store.save(t(new Float32Array(6), [2, 3]), { run: 'r', step: -1 })).rejects.toThrow(/step must be a non-negative integer/);
    await expect(store.save(t(new Float32Array(6), [2, 4]), { run: 'r', step: 1 })).rejects.toThrow(/"w" has shape \[2, 4\] \(8 elements\) but 6 values/);
    await expect(store.save({ tensors: [{ name: 'w', dtype: 'f16', shape: [2], data: new Float32Array(2) }], doc: {} }, { run: 'r', step: 1 })).rejects.toThrow(/"w" \(f16\) must be a Uint16Array, got Float32Array/);
    const dup = { tensors: [...t(new Float32Array(1), [1]).tensors, ...t(new Float32Array(1), [1]).tensors], doc: {} };
    await expect(store.save(dup, { run: 'r', step: 1 })).rejects.toThrow(/appears twice/);
    await expect(store.save(t(new Float32Array(1), [1]), { run: 'r', step: 1 }, { keep: 0 })).rejects.toThrow(/keep must be at least 1/);
    await expect(store.save({ tensors: [], doc: { seed: 1n } as never }, { run: 'r', step: 1 })).rejects.toThrow(/document must be plain JSON/);
    await expect(store.load('nothing-here')).rejects.toThrow(/No checkpoint "nothing-here"/);
    expect(() => nodeCheckpointStore(tmp(), { chunkBytes: 0 })).toThrow(CheckpointError);
  });
});

/** The stored chunks of checkpoint `id`, with chunk 1 damaged (which makes a write abort). */
async function damagedCopy(store: CheckpointStore, id: string): Promise<Uint8Array[]> {
  const m = await store.manifest(id);
  const out: Uint8Array[] = [];
  for (let i = 0; i < m.chunks.length; i++) out.push(await store.chunk(m, i));
  expect(out.length).toBeGreaterThan(1);
  out[1] = out[1].map((b) => b ^ 1);
  return out;
}
async function* feed(chunks: Uint8Array[]): AsyncGenerator<Uint8Array> {
  yield* chunks;
}
/** Sets the modification time of `path` and everything under it to an hour ago. */
function age(path: string): void {
  const old = new Date(Date.now() - 3600_000);
  if (statSync(path).isDirectory()) for (const n of readdirSync(path)) age(join(path, n));
  utimesSync(path, old, old);
}

describe('checkpoint ids are plain names', () => {
  test('ids ".", ".." and "a/../.." are refused on import, by the store and by the backend; nothing outside the folder is touched', async () => {
    const parent = tmp();
    mkdirSync(join(parent, 'precious'));
    writeFileSync(join(parent, 'precious', 'a.txt'), 'keep me');
    const dir = join(parent, 'ckpts');
    const store = nodeCheckpointStore(dir, { chunkBytes: 1024 });
    const s = await store.save(makeState(1, 1000), { run: 'r', step: 1 });
    const good = await store.manifest(s.id);
    for (const id of ['.', '..', 'a/../..']) {
      // Before the fix, "." and ".." passed, the chunks went into dir/. or dir/.., and the
      // damaged chunk's abort removed that directory recursively.
      await expect(store.put({ ...good, id }, feed(await damagedCopy(store, s.id)))).rejects.toThrow(/has an unusable id/);
    }
    expect(readdirSync(parent).sort()).toEqual(['ckpts', 'precious']);
    expect(readFileSync(join(parent, 'precious', 'a.txt'), 'utf8')).toBe('keep me');
    expect(readdirSync(dir)).toEqual([s.id]);
    bitsEqual(makeState(1, 1000), await store.load(s.id));

    const backend = nodeCheckpointBackend(dir);
    for (const id of ['.', '..', 'a/../..', '', '-x', '.hidden']) {
      await expect(backend.putChunk(id, 0, new Uint8Array(1))).rejects.toThrow(/is not a plain directory name/);
      await expect(backend.abort(id)).rejects.toThrow(/is not a plain directory name/);
      await expect(backend.remove(id)).rejects.toThrow(/is not a plain directory name/);
    }
    await expect(store.remove('..')).rejects.toThrow(/"\.\." is not a checkpoint id/);

    // A manifest that claims id ".." (or another directory's id) is invisible, so no list
    // entry can lead `dust checkpoints rm` to it.
    for (const [folder, id] of [['planted', '..'], ['other', s.id]]) {
      mkdirSync(join(dir, folder));
      writeFileSync(join(dir, folder, 'manifest.json'), JSON.stringify({ ...good, id }));
    }
    expect((await store.list()).map((x) => x.id)).toEqual([s.id]);

    // A run name made of dots and slashes still gets an id that is a directory inside the folder.
    const dotted = await store.save(makeState(2, 10), { run: '../..', step: 3 });
    expect(dotted.id).toMatch(/^_\.\.-s3-\w+$/);
    expect(existsSync(join(dir, dotted.id, 'manifest.json'))).toBe(true);
    expect(readdirSync(parent).sort()).toEqual(['ckpts', 'precious']);
  });
});

describe('the node backend deletes only what it wrote', () => {
  test('gc removes only marked, unpublished writes; other folders in the checkpoint folder survive gc, import and rm', async () => {
    const dir = tmp();
    const store = nodeCheckpointStore(dir, { chunkBytes: 1024 });
    const s = await store.save(makeState(1, 1000), { run: 'r', step: 1 });
    expect(readdirSync(join(dir, s.id))).not.toContain(PARTIAL_MARKER);
    const backend = nodeCheckpointBackend(dir);
    await backend.putChunk('r-s2-dead', 0, new Uint8Array(10));
    expect(readdirSync(join(dir, 'r-s2-dead')).sort()).toEqual([PARTIAL_MARKER, 'chunk-000000.bin']);
    // Not the store's: a user's project, chunk-like files made by hand (no marker), a marked
    // write that also holds a user's file, and a marked folder whose name is not an id.
    mkdirSync(join(dir, 'important-project', 'src'), { recursive: true });
    writeFileSync(join(dir, 'important-project', 'src', 'a.txt'), 'code');
    mkdirSync(join(dir, 'by-hand'));
    writeFileSync(join(dir, 'by-hand', 'chunk-000000.bin'), 'mine');
    await backend.putChunk('r-s3-dead', 0, new Uint8Array(10));
    writeFileSync(join(dir, 'r-s3-dead', 'notes.txt'), 'mine');
    mkdirSync(join(dir, '.hidden'));
    writeFileSync(join(dir, '.hidden', PARTIAL_MARKER), '');
    expect(await store.collectGarbage(0)).toBe(1);
    await backend.putChunk('r-s2-dead', 0, new Uint8Array(10));
    expect(await store.collectGarbage(60_000)).toBe(0); // fresh: could be a write in progress
    age(dir);
    expect(await store.collectGarbage(60_000)).toBe(1);
    expect(readdirSync(dir).sort()).toEqual(['.hidden', 'by-hand', 'important-project', 'r-s3-dead', s.id].sort());
    expect(readFileSync(join(dir, 'important-project', 'src', 'a.txt'), 'utf8')).toBe('code');
    expect(readdirSync(join(dir, 'r-s3-dead')).sort()).toEqual([PARTIAL_MARKER, 'chunk-000000.bin', 'notes.txt']);

    // An import whose id names a folder the store did not create is refused and leaves it alone.
    const good = await store.manifest(s.id);
    await expect(store.put({ ...good, id: 'important-project' }, feed(await damagedCopy(store, s.id)))).rejects.toThrow(/important-project already exists and is not an unfinished checkpoint write/);
    await expect(store.put({ ...good, id: 'by-hand' }, feed(await damagedCopy(store, s.id)))).rejects.toThrow(/already exists/);
    expect(readdirSync(join(dir, 'important-project'))).toEqual(['src']);
    expect(readdirSync(join(dir, 'by-hand'))).toEqual(['chunk-000000.bin']);

    // Deleting a checkpoint whose folder also holds a user's file deletes the checkpoint only.
    writeFileSync(join(dir, s.id, 'my-notes.txt'), 'n');
    await store.remove(s.id);
    expect(readdirSync(join(dir, s.id))).toEqual(['my-notes.txt']);
    expect(await store.list()).toEqual([]);
  });
});

describe('one-file export/import', () => {
  test('exported file imports into another store bit-exact; importing twice is a no-op', async () => {
    const a = nodeCheckpointStore(tmp(), { chunkBytes: 3000 });
    const s = await a.save(makeState(7), { run: 'moved', step: 70, metrics: { loss: 0.25 } });
    const file = join(tmp(), 'x.dustckpt');
    await exportCheckpointFile(a, s.id, file);
    const b = nodeCheckpointStore(tmp(), { chunkBytes: 64 });
    const got = await importCheckpointFile(b, file);
    expect(got).toMatchObject({ id: s.id, run: 'moved', step: 70, metrics: { loss: 0.25 } });
    bitsEqual(makeState(7), await b.load(s.id));
    expect((await importCheckpointFile(b, file)).id).toBe(s.id);
    expect((await b.list()).length).toBe(1);
  });

  test('damaged, truncated and foreign files are refused and leave the store empty', async () => {
    const a = nodeCheckpointStore(tmp(), { chunkBytes: 3000 });
    const s = await a.save(makeState(8), { run: 'r', step: 1 });
    const dir = tmp();
    const file = join(dir, 'ok.dustckpt');
    await exportCheckpointFile(a, s.id, file);
    const good = readFileSync(file);
    const bDir = tmp();
    const b = nodeCheckpointStore(bDir);
    const attempt = async (bytes: Uint8Array, name: string): Promise<string> => {
      const p = join(dir, name);
      writeFileSync(p, bytes);
      return importCheckpointFile(b, p).then(
        () => 'imported',
        (e: Error) => e.message,
      );
    };
    const flipped = Buffer.from(good);
    flipped[flipped.length - 5] ^= 1;
    expect(await attempt(flipped, 'flip.dustckpt')).toMatch(/is damaged: chunk \d+ fails its checksum/);
    expect(await attempt(good.subarray(0, good.length - 10), 'short.dustckpt')).toMatch(/short\.dustckpt is truncated/);
    const badHead = Buffer.from(good);
    badHead[30] ^= 1;
    expect(await attempt(badHead, 'head.dustckpt')).toMatch(/its manifest fails its checksum/);
    expect(await attempt(new TextEncoder().encode('{"hello": 1}'), 'x.json')).toMatch(/x\.json is not a DuST checkpoint file/);
    const v2 = Buffer.from(good);
    v2.writeUInt32LE(2, 8);
    expect(await attempt(v2, 'v2.dustckpt')).toMatch(/format version 2.*Update DuST/);
    expect(readdirSync(bDir)).toEqual([]);
  });
});
