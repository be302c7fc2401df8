// Node host: checkpoints in a directory, in the same format as the browser store
// (<root>/<id>/chunk-000000.bin ... and manifest.json). Chunk files are fsynced before the
// manifest is written to a temporary name, fsynced and renamed into place: the rename is
// the commit, so a crash leaves either the old set of checkpoints or the new one.
// The checkpoint folder may be one the user also keeps other things in (`--dir ~/ckpts`, or
// worse `--dir .`), so this backend deletes only what it wrote: a write creates its directory
// itself and marks it with .dust-partial until the commit, refuses to write into a directory
// it did not create, and removal, abort and garbage collection delete only its own file names.
// Export/import use the shared one-file format (src/store/checkpoint-file.ts), so a run
// started here continues in the browser and back.
import { createWriteStream } from 'node:fs';
import { lstat, mkdir, open, readdir, readFile, rename, rm, rmdir, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { finished } from 'node:stream/promises';
import type { CheckpointBackend } from '../store/checkpoint-backend';
import { exportCheckpoint, importCheckpoint } from '../store/checkpoint-file';
import { isCheckpointId, type CheckpointManifest } from '../store/checkpoint-format';
import { createCheckpointStore, type CheckpointStore, type CheckpointStoreOptions, type CheckpointSummary } from '../store/checkpoint-store';
import { nodeFileSource } from './node-files';

const MANIFEST = 'manifest.json';
const MANIFEST_TMP = `${MANIFEST}.tmp`;
/** Present in a checkpoint directory from its creation until its manifest is published. */
export const PARTIAL_MARKER = '.dust-partial';
const chunkName = (i: number): string => `chunk-${String(i).padStart(6, '0')}.bin`;
const CHUNK_FILE = /^chunk-\d{6,}\.bin$/;
/** Names a write in progress may have left (the manifest is not among them: it ends the write). */
const partialFile = (name: string): boolean => CHUNK_FILE.test(name) || name === MANIFEST_TMP || name === PARTIAL_MARKER;

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

const exists = (path: string): Promise<boolean> => lstat(path).then(
  () => true,
  () => false,
);

/** Deletes the files this backend writes (the marker last), then the directory if that emptied it. */
async function removeOwnFiles(d: string): Promise<boolean> {
  let names: string[];
  try {
    names = await readdir(d);
  } catch {
    return false;
  }
  const own = names.filter((n) => partialFile(n) || n === MANIFEST).sort((a, b) => Number(a === PARTIAL_MARKER) - Number(b === PARTIAL_MARKER));
  for (const n of own) await rm(join(d, n), { force: true });
  try {
    await rmdir(d);
    return true;
  } catch {
    // Something that is not ours is in there: leave it and the directory.
    return false;
  }
}

export function nodeCheckpointBackend(dir: string): CheckpointBackend {
  const root = resolve(dir);
  const dirOf = (id: string): string => {
    const d = join(root, id);
    if (!isCheckpointId(id) || dirname(d) !== root) throw new Error(`checkpoint id "${id}" is not a plain directory name; refusing to touch ${d}`);
    return d;
  };

  /** The directory of write `id`: created and marked here, or one this backend created before. */
  async function claim(id: string): Promise<string> {
    const d = dirOf(id);
    await mkdir(root, { recursive: true });
    try {
      await mkdir(d);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      if ((await exists(join(d, PARTIAL_MARKER))) && !(await exists(join(d, MANIFEST)))) return d;
      throw new Error(`${d} already exists and is not an unfinished checkpoint write; not writing into it. Move it away, or use another checkpoint folder.`);
    }
    await writeDurably(join(d, PARTIAL_MARKER), new Uint8Array(0));
    return d;
  }

  /** True for a directory this backend created whose write never committed. */
  async function isPartial(d: string): Promise<boolean> {
    return (await exists(join(d, PARTIAL_MARKER))) && !(await exists(join(d, MANIFEST)));
  }

  return {
    where: root,
    async putChunk(id, index, bytes) {
      const d = await claim(id);
      await writeDurably(join(d, chunkName(index)), bytes);
    },
    async commit(m) {
      const d = await claim(m.id);
      for (let i = 0; i < m.chunks.length; i++) {
        const s = await stat(join(d, chunkName(i))).catch(() => null);
        if (!s || s.size !== m.chunks[i].bytes) throw new Error(`checkpoint ${m.id}: chunk ${i} is missing or short on disk; not publishing it`);
      }
      const tmp = join(d, MANIFEST_TMP);
      await writeDurably(tmp, new TextEncoder().encode(JSON.stringify(m)));
      await rename(tmp, join(d, MANIFEST));
      await syncDir(d);
      // Published; a crash before this line leaves a marker beside a manifest, which nothing
      // treats as partial.
      await rm(join(d, PARTIAL_MARKER), { force: true });
    },
    async abort(id) {
      const d = dirOf(id);
      if (await isPartial(d)) await removeOwnFiles(d);
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
        if (!isCheckpointId(n)) continue;
        try {
          const m = JSON.parse(await readFile(join(root, n, MANIFEST), 'utf8')) as { id?: unknown } | null;
          // A manifest that names another directory is not one this backend wrote.
          if (m?.id === n) out.push(m);
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
      await removeOwnFiles(d);
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
        if (!isCheckpointId(name)) continue;
        const d = join(root, name);
        const s = await lstat(d).catch(() => null);
        if (!s?.isDirectory()) continue;
        const inside = await readdir(d).catch(() => null);
        // Only a directory this backend created (marked), never published, holding nothing else.
        if (!inside?.includes(PARTIAL_MARKER) || !inside.every(partialFile)) continue;
        let touched = s.mtimeMs;
        for (const f of inside) touched = Math.max(touched, (await lstat(join(d, f)).catch(() => null))?.mtimeMs ?? 0);
        if (Date.now() - touched < olderThanMs) continue;
        if (await removeOwnFiles(d)) n++;
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
