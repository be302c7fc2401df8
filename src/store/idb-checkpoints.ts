// Checkpoints in IndexedDB. One object store holds, under array keys:
//   ['c', id, i]  chunk i of checkpoint id (a Blob, ≤ 64 MB: Chromium stores Blobs as files,
//                 measured 140-400 MB/s written and 300-1000 MB/s read, against 70-90 and
//                 130-150 MB/s for the same bytes as a Uint8Array, which it serialises)
//   ['w', id]     {touchedAt}: a write in progress (updated with every chunk, same transaction)
//   ['m', id]     the manifest: present ⇔ the checkpoint exists
// Chunks are written one per transaction with durability "strict"; the manifest is put in a
// transaction that first counts the checkpoint's chunks, so it is published only when all
// are there. A tab killed mid-write leaves chunks and a stale ['w'] marker, no manifest:
// invisible, and removed by collectGarbage once the marker is old.
import { get } from 'idb-keyval';
import type { CheckpointBackend } from './checkpoint-backend';
import { createCheckpointStore, type CheckpointStore, type CheckpointStoreOptions } from './checkpoint-store';
import { openIdbStore, prefixRange, type IdbStore } from './idb';

export const CHECKPOINT_DB = 'dust-checkpoints';

export function idbCheckpointBackend(db: IdbStore = openIdbStore(CHECKPOINT_DB)): CheckpointBackend {
  return {
    where: `IndexedDB "${db.dbName}"`,
    async putChunk(id, index, bytes) {
      await db.tx(
        'readwrite',
        (s) => {
          s.put(new Blob([bytes as BlobPart]), ['c', id, index]);
          s.put({ touchedAt: Date.now() }, ['w', id]);
        },
        'strict',
      );
    },
    async commit(m) {
      let problem: string | null = null;
      try {
        await db.tx(
          'readwrite',
          (s) => {
            const count = s.count(prefixRange('c', m.id));
            count.onsuccess = () => {
              if (count.result !== m.chunks.length) {
                problem = `checkpoint ${m.id}: ${count.result} of ${m.chunks.length} chunks are stored (another tab's cleanup may have removed them); not publishing it`;
                s.transaction.abort();
                return;
              }
              s.put(m, ['m', m.id]);
              s.delete(['w', m.id]);
            };
          },
          'strict',
        );
      } catch (e) {
        throw problem ? new Error(problem) : e;
      }
    },
    async abort(id) {
      await db.tx('readwrite', (s) => {
        s.delete(prefixRange('c', id));
        s.delete(['w', id]);
      });
    },
    async manifests() {
      return db.use('readonly', (s) => promisify(s.getAll(prefixRange('m'))));
    },
    async getChunk(id, index) {
      const v = await get<Blob>(['c', id, index], db.use);
      if (!(v instanceof Blob)) return null;
      try {
        return new Uint8Array(await v.arrayBuffer());
      } catch {
        // The browser lost the Blob's file: the chunk is missing.
        return null;
      }
    },
    async remove(id) {
      await db.tx(
        'readwrite',
        (s) => {
          s.delete(['m', id]);
          s.delete(prefixRange('c', id));
          s.delete(['w', id]);
        },
        'strict',
      );
    },
    async collectGarbage(olderThanMs) {
      const [published, chunkKeys, markerKeys, markers] = await db.use('readonly', (s) =>
        Promise.all([
          promisify(s.getAllKeys(prefixRange('m'))),
          promisify(s.getAllKeys(prefixRange('c'))),
          promisify(s.getAllKeys(prefixRange('w'))),
          promisify(s.getAll(prefixRange('w'))),
        ]),
      );
      const live = new Set((published as IDBValidKey[][]).map((k) => k[1] as string));
      const touched = new Map((markerKeys as IDBValidKey[][]).map((k, i) => [k[1] as string, (markers[i] as { touchedAt: number }).touchedAt]));
      const orphans = new Set<string>();
      for (const k of chunkKeys as IDBValidKey[][]) {
        const id = k[1] as string;
        if (!live.has(id) && Date.now() - (touched.get(id) ?? 0) >= olderThanMs) orphans.add(id);
      }
      for (const [id, t] of touched) if (!live.has(id) && Date.now() - t >= olderThanMs) orphans.add(id);
      if (orphans.size) {
        await db.tx('readwrite', (s) => {
          for (const id of orphans) {
            s.delete(prefixRange('c', id));
            s.delete(['w', id]);
          }
        });
      }
      return orphans.size;
    },
  };
}

function promisify<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/** The browser's checkpoint store (IndexedDB "dust-checkpoints"). */
export function idbCheckpointStore(opts: CheckpointStoreOptions & { dbName?: string } = {}): CheckpointStore {
  return createCheckpointStore(idbCheckpointBackend(openIdbStore(opts.dbName ?? CHECKPOINT_DB)), opts);
}

