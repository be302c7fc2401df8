// The run folder in the browser: a RunStore (src/dust/run-folder.ts) on IndexedDB, database
// "dust-runs". Each file is one record, replaced in one transaction, so a tab closed mid-write
// leaves the previous version or the new one, never half a file; appends read and rewrite the
// record inside one transaction. Beside the files, one index record per run keeps its
// creation time, last change and file sizes, so the runs list needs no file reads.
//
// Keys: ['r', runId] → RunIndexRecord; ['f', runId, name] → string (text) or Blob (bytes).
import { openIdbStore, prefixRange, type IdbStore } from './idb';
import type { RunStore } from '../dust/run-folder';

export const RUN_DB = 'dust-runs';

export interface RunIndexRecord {
  id: string;
  createdAt: string;
  updatedAt: string;
  /** File name → bytes (UTF-8 length for text). */
  files: Record<string, number>;
}

export interface StoredRun extends RunIndexRecord {
  bytes: number;
}

let shared: IdbStore | null = null;
function db(): IdbStore {
  return (shared ??= openIdbStore(RUN_DB));
}

const RUN_ID = /^[\w][\w.-]{0,199}$/;

function checkId(runId: string): void {
  if (!RUN_ID.test(runId)) throw new Error(`"${runId}" is not a usable run id (letters, digits, _ . -; at most 200 characters)`);
}

function checkName(name: string): void {
  if (name === '' || name.startsWith('/') || name.split('/').some((p) => p === '' || p === '.' || p === '..')) throw new Error(`"${name}" is not a usable file name in a run folder`);
}

function req<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

const utf8Length = (s: string) => new TextEncoder().encode(s).length;

/** Puts `value` at file `name` and updates the run's index record, in the transaction `s` belongs to. */
function putFile(s: IDBObjectStore, runId: string, name: string, value: string | Blob, bytes: number): void {
  s.put(value, ['f', runId, name]);
  const r = s.get(['r', runId]);
  r.onsuccess = () => {
    const now = new Date().toISOString();
    const rec = (r.result as RunIndexRecord | undefined) ?? { id: runId, createdAt: now, updatedAt: now, files: {} };
    rec.updatedAt = now;
    rec.files = { ...rec.files, [name]: bytes };
    s.put(rec, ['r', runId]);
  };
}

/** The run `runId` as a RunStore; the run appears in listRuns() with its first write. */
export function idbRunStore(runId: string): RunStore {
  checkId(runId);
  const store = db();
  return {
    where: `browser:runs/${runId}`,
    async read(name) {
      checkName(name);
      const v = await store.use('readonly', (s) => req(s.get(['f', runId, name])));
      if (v === undefined) return null;
      return typeof v === 'string' ? v : await (v as Blob).text();
    },
    async write(name, text) {
      checkName(name);
      await store.tx('readwrite', (s) => putFile(s, runId, name, text, utf8Length(text)));
    },
    async append(name, text) {
      checkName(name);
      await store.tx('readwrite', (s) => {
        const r = s.get(['f', runId, name]);
        r.onsuccess = () => {
          const old = r.result as string | Blob | undefined;
          if (old instanceof Blob) throw new Error(`${name} holds bytes; cannot append text`);
          const next = (old ?? '') + text;
          putFile(s, runId, name, next, utf8Length(next));
        };
      });
    },
    async writeBytes(name, bytes) {
      checkName(name);
      const blob = new Blob([bytes as BlobPart]);
      await store.tx('readwrite', (s) => putFile(s, runId, name, blob, bytes.length));
    },
    async readBytes(name) {
      checkName(name);
      const v = await store.use('readonly', (s) => req(s.get(['f', runId, name])));
      if (v === undefined) return null;
      if (typeof v === 'string') return new TextEncoder().encode(v);
      return new Uint8Array(await (v as Blob).arrayBuffer());
    },
  };
}

/** Every run in the browser, newest change first. */
export async function listRuns(): Promise<StoredRun[]> {
  const recs = (await db().use('readonly', (s) => req(s.getAll(prefixRange('r'))))) as RunIndexRecord[];
  return recs
    .map((r) => ({ ...r, bytes: Object.values(r.files).reduce((a, b) => a + b, 0) }))
    .sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : 0));
}

/** Deletes the run's files and index record in one transaction. */
export async function deleteRun(runId: string): Promise<void> {
  checkId(runId);
  await db().tx('readwrite', (s) => {
    s.delete(prefixRange('f', runId));
    s.delete(['r', runId]);
  }, 'strict');
}
