// Node host: checkpoints in a directory, in the same format as the browser store
// (<root>/<id>/chunk-000000.bin ... and manifest.json). Chunk files are fsynced before the
// manifest is written to a temporary name, fsynced and renamed into place: the rename is
// the commit, so a crash leaves either the old set of checkpoints or the new one.
// Export/import use the shared one-file format (src/store/checkpoint-file.ts), so a run
// started here continues in the browser and back.
import { createWriteStream } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { finished } from 'node:stream/promises';
import type { CheckpointBackend } from '../store/checkpoint-backend';
import { exportCheckpoint, importCheckpoint } from '../store/checkpoint-file';
import type { CheckpointManifest } from '../store/checkpoint-format';
import { createCheckpointStore, type CheckpointStore, type CheckpointStoreOptions, type CheckpointSummary } from '../store/checkpoint-store';
import { nodeFileSource } from './node-files';

const MANIFEST = 'manifest.json';
const chunkName = (i: number): string => `chunk-${String(i).padStart(6, '0')}.bin`;
const SAFE = /^[\w.-]{1,200}$/;

async function writeDurably(path: string, bytes: Uint8Array): Promise<void> {
  const fh = await open(path, 'w');
  try {
    await fh.writeFile(bytes);
    await fh.sync();
  } finally {
    await fh.close();
  }
}

async function syncDir(dir: string): Promise<void> {
  // Makes the rename itself durable; some platforms cannot open directories, which is fine.
  try {
    const fh = await open(dir, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch {
    // Best effort.
  }
}

export function nodeCheckpointBackend(dir: string): CheckpointBackend {
  const root = resolve(dir);
  const dirOf = (id: string): string => {
    if (!SAFE.test(id)) throw new Error(`checkpoint id "${id}" is not a safe directory name`);
    return join(root, id);
  };
  return {
    where: root,
    async putChunk(id, index, bytes) {
      await mkdir(dirOf(id), { recursive: true });
      await writeDurably(join(dirOf(id), chunkName(index)), bytes);
    },
    async commit(m) {
      const d = dirOf(m.id);
      await mkdir(d, { recursive: true });
      for (let i = 0; i < m.chunks.length; i++) {
        const s = await stat(join(d, chunkName(i))).catch(() => null);
        if (!s || s.size !== m.chunks[i].bytes) throw new Error(`checkpoint ${m.id}: chunk ${i} is missing or short on disk; not publishing it`);
      }
      const tmp = join(d, `${MANIFEST}.tmp`);
      await writeDurably(tmp, new TextEncoder().encode(JSON.stringify(m)));
      await rename(tmp, join(d, MANIFEST));
      await syncDir(d);
    },
    async abort(id) {
      await rm(dirOf(id), { recursive: true, force: true });
    },
    async manifests() {
      let names: string[];
      try {
        names = await readdir(root);
      } catch {
        return [];
      }
      const out: unknown[] = [];
      for (const n of names) {
        try {
          out.push(JSON.parse(await readFile(join(root, n, MANIFEST), 'utf8')));
        } catch {
          // No manifest (an unfinished write) or not ours: invisible.
        }
      }
      return out;
    },
    async getChunk(id, index) {
      try {
        return new Uint8Array(await readFile(join(dirOf(id), chunkName(index))));
      } catch {
        return null;
      }
    },
    async remove(id) {
      const d = dirOf(id);
      await rm(join(d, MANIFEST), { force: true });
      await syncDir(d);
      await rm(d, { recursive: true, force: true });
    },
    async collectGarbage(olderThanMs) {
      let names: string[];
      try {
        names = await readdir(root);
      } catch {
        return 0;
      }
      let n = 0;
      for (const name of names) {
        const d = join(root, name);
        const s = await stat(d).catch(() => null);
        if (!s?.isDirectory() || (await stat(join(d, MANIFEST)).catch(() => null))) continue;
        if (Date.now() - s.mtimeMs < olderThanMs) continue;
        await rm(d, { recursive: true, force: true });
        n++;
      }
      return n;
    },
  };
}

/** Checkpoints under `dir` (e.g. .cache/checkpoints), same API as the browser's store. */
export function nodeCheckpointStore(dir: string, opts: CheckpointStoreOptions = {}): CheckpointStore {
  return createCheckpointStore(nodeCheckpointBackend(dir), opts);
}

/** Default folder for checkpoints made from Node (DUST_CHECKPOINTS overrides it). */
export function defaultCheckpointDir(): string {
  return resolve(process.env.DUST_CHECKPOINTS ?? '.cache/checkpoints');
}

/** Writes checkpoint `id` as one .dustckpt file (the browser imports it as is). */
export async function exportCheckpointFile(store: CheckpointStore, id: string, path: string): Promise<CheckpointManifest> {
  const m = await store.manifest(id);
  const tmp = `${path}.tmp`;
  const out = createWriteStream(tmp);
  try {
    for await (const part of exportCheckpoint(store, id)) {
      if (!out.write(part)) await new Promise((r) => out.once('drain', r));
    }
    out.end();
    await finished(out);
  } catch (e) {
    out.destroy();
    await rm(tmp, { force: true });
    throw e;
  }
  await rename(tmp, path);
  return m;
}

/** Imports a .dustckpt file (from the browser or another machine) into `store`. */
export function importCheckpointFile(store: CheckpointStore, path: string): Promise<CheckpointSummary> {
  return importCheckpoint(store, nodeFileSource(path), path);
}
