// Downloaded model files in IndexedDB, for offline use: a FileCache (the Hub source writes
// through it) plus listing and deleting. Under array keys in one object store:
//   ['d', gen, i]  data record i of a file generation (a Blob of recordBytes, default 64 MB;
//                  the last one shorter)
//   ['p', key]     a partial download: {gen, bytes, chunks, etag}
//   ['f', key]     a complete file: {gen, size, chunks, savedAt}
// The ~64 KB pieces fetch delivers are gathered in memory into large records; each record
// is written together with its ['p'] entry in one transaction, and commit swaps ['p'] for
// ['f'] in one transaction, so a file is visible only when complete and a crash leaves a
// resumable partial entry (the bytes it lists are all stored). Data is kept as Blobs so a
// tensor read fetches only its byte range from disk.
import { get } from 'idb-keyval';
import type { ByteSource } from '../model/sources/byte-source';
import type { FileCache, PartialEntry } from '../model/sources/file-cache';
import { openIdbStore, prefixRange, type IdbStore } from './idb';
import { ensureSpace, formatBytes, isQuotaError, quotaErrorAfter, spacePolicy, type Deletable, type SpacePolicy } from './quota';

export const MODEL_DB = 'dust-models';
export const DEFAULT_RECORD_BYTES = 64 * 1024 * 1024;

interface PartRecord {
  gen: string;
  bytes: number;
  chunks: number[];
  etag?: string;
}

interface FileRecord {
  gen: string;
  size: number;
  chunks: number[];
  savedAt: string;
}

export interface CachedFile {
  key: string;
  bytes: number;
  /** A download that stopped before the end (resumable; not usable until complete). */
  partial: boolean;
  savedAt?: string;
}

export interface CachedModel {
  /** "owner/name@revision" for Hub downloads, else the key's folder. */
  id: string;
  /** The cache-key prefix of its files (what deleteModel takes). */
  prefix: string;
  files: CachedFile[];
  bytes: number;
}

export interface IdbModelCache extends FileCache {
  files(): Promise<CachedFile[]>;
  models(): Promise<CachedModel[]>;
  deleteFile(key: string): Promise<void>;
  /** Deletes every file (complete or partial) whose key starts with `prefix`, and the Hub's "absent file" notes for it. */
  deleteModel(prefix: string): Promise<void>;
  deletable(): Promise<Deletable[]>;
}

export interface IdbModelCacheOptions {
  dbName?: string;
  /** An already opened database (tests wrap its writes to simulate a full disk). */
  db?: IdbStore;
  recordBytes?: number;
  space?: Partial<SpacePolicy>;
}

function newGen(): string {
  const r = new Uint32Array(2);
  crypto.getRandomValues(r);
  return `${Date.now().toString(36)}${r[0].toString(36)}${r[1].toString(36)}`;
}

function promisify<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/** Keys of the Hub source: hub/<endpoint>/<owner>/<name>/<revision>/<file>. */
function modelOf(key: string): { id: string; prefix: string } {
  const s = key.split('/');
  if (s[0] === 'hub' && s.length >= 5) {
    // "owner/name" ids give six or more segments; a bare "name" id gives five.
    const owned = s.length >= 6;
    const id = owned ? `${s[2]}/${s[3]}@${s[4]}` : `${s[2]}@${s[3]}`;
    return { id, prefix: `${s.slice(0, owned ? 5 : 4).join('/')}/` };
  }
  const i = key.lastIndexOf('/');
  return { id: i < 0 ? key : key.slice(0, i), prefix: i < 0 ? key : key.slice(0, i + 1) };
}

/** Reads a file stored as consecutive Blobs, fetching each Blob handle once. */
function fileSource(db: IdbStore, key: string, f: FileRecord): ByteSource {
  const starts: number[] = [];
  let at = 0;
  for (const c of f.chunks) {
    starts.push(at);
    at += c;
  }
  const blobs = new Map<number, Promise<Blob>>();
  const blob = (i: number): Promise<Blob> => {
    let b = blobs.get(i);
    if (!b) {
      b = get<Blob>(['d', f.gen, i], db.use).then((v) => {
        if (!(v instanceof Blob) || v.size !== f.chunks[i]) {
          throw new Error(`The cached file ${key} is incomplete (record ${i} is missing): delete it from the model cache and download it again.`);
        }
        return v;
      });
      blobs.set(i, b);
      b.catch(() => blobs.delete(i));
    }
    return b;
  };
  return {
    size: async () => f.size,
    async read(offset, length) {
      const end = Math.min(f.size, offset + length);
      if (end <= offset) return new Uint8Array(0);
      const out = new Uint8Array(end - offset);
      for (let i = 0; i < f.chunks.length; i++) {
        const from = Math.max(offset, starts[i]);
        const to = Math.min(end, starts[i] + f.chunks[i]);
        if (from >= to) continue;
        const part = await (await blob(i)).slice(from - starts[i], to - starts[i]).arrayBuffer();
        out.set(new Uint8Array(part), from - offset);
      }
      return out;
    },
  };
}

export function idbModelCache(opts: IdbModelCacheOptions = {}): IdbModelCache {
  const db = opts.db ?? openIdbStore(opts.dbName ?? MODEL_DB);
  const recordBytes = opts.recordBytes ?? DEFAULT_RECORD_BYTES;
  // Fetch pieces not yet written: they count as downloaded for this page only.
  const pending = new Map<string, { pieces: Uint8Array[]; bytes: number; etag?: string }>();

  async function files(): Promise<CachedFile[]> {
    const [fk, fv, pk, pv] = await db.use('readonly', (s) =>
      Promise.all([promisify(s.getAllKeys(prefixRange('f'))), promisify(s.getAll(prefixRange('f'))), promisify(s.getAllKeys(prefixRange('p'))), promisify(s.getAll(prefixRange('p')))]),
    );
    const out: CachedFile[] = [];
    (fk as IDBValidKey[][]).forEach((k, i) => out.push({ key: k[1] as string, bytes: (fv[i] as FileRecord).size, partial: false, savedAt: (fv[i] as FileRecord).savedAt }));
    (pk as IDBValidKey[][]).forEach((k, i) => out.push({ key: k[1] as string, bytes: (pv[i] as PartRecord).bytes, partial: true }));
    return out;
  }

  async function models(): Promise<CachedModel[]> {
    const byId = new Map<string, CachedModel>();
    for (const f of await files()) {
      if (f.key.startsWith('hub-absent/')) continue;
      const { id, prefix } = modelOf(f.key);
      let m = byId.get(prefix);
      if (!m) byId.set(prefix, (m = { id, prefix, files: [], bytes: 0 }));
      m.files.push({ ...f, key: f.key });
      m.bytes += f.bytes;
    }
    return [...byId.values()].sort((a, b) => b.bytes - a.bytes);
  }

  async function deletable(): Promise<Deletable[]> {
    return (await models()).map((m) => ({ what: `cached model ${m.id}`, bytes: m.bytes }));
  }
  const space = spacePolicy({ deletable, ...opts.space });

  /** Deletes records ['f'|'p', key] for keys in `range` (a string range) and their data. */
  async function deleteKeys(keys: string[]): Promise<void> {
    await db.tx(
      'readwrite',
      (s) => {
        for (const key of keys) {
          for (const tag of ['f', 'p']) {
            const r = s.get([tag, key]);
            r.onsuccess = () => {
              const rec = r.result as { gen?: string } | undefined;
              if (!rec) return;
              if (rec.gen) s.delete(prefixRange('d', rec.gen));
              s.delete([tag, key]);
            };
          }
        }
      },
      'strict',
    );
  }

  async function discardPartial(key: string): Promise<void> {
    pending.delete(key);
    await db.tx(
      'readwrite',
      (s) => {
        const r = s.get(['p', key]);
        r.onsuccess = () => {
          const p = r.result as PartRecord | undefined;
          if (!p) return;
          s.delete(prefixRange('d', p.gen));
          s.delete(['p', key]);
        };
      },
      'strict',
    );
  }

  /** Takes the first `n` pending bytes of `key` as one Blob (splitting a piece if needed). */
  function take(buf: { pieces: Uint8Array[]; bytes: number }, n: number): Blob {
    const out: Uint8Array[] = [];
    let need = n;
    while (need > 0) {
      const p = buf.pieces[0];
      if (p.length <= need) {
        out.push(p);
        buf.pieces.shift();
        need -= p.length;
      } else {
        out.push(p.subarray(0, need));
        buf.pieces[0] = p.subarray(need);
        need = 0;
      }
    }
    buf.bytes -= n;
    return new Blob(out as BlobPart[]);
  }

  /** Writes pending bytes as records of exactly recordBytes (all of them when `all`, the last one shorter). */
  async function flush(key: string, all: boolean): Promise<void> {
    const buf = pending.get(key);
    while (buf && buf.bytes > 0 && (all || buf.bytes >= recordBytes)) {
      const stored = await get<PartRecord>(['p', key], db.use);
      const part: PartRecord = stored ?? { gen: newGen(), bytes: 0, chunks: [], ...(buf.etag ? { etag: buf.etag } : {}) };
      const size = Math.min(recordBytes, buf.bytes);
      const what = `model file ${key} (${formatBytes(part.bytes)} stored so far)`;
      try {
        await ensureSpace(space, what, size, true);
        const data = take(buf, size);
        const next: PartRecord = { ...part, bytes: part.bytes + size, chunks: [...part.chunks, size] };
        await db.tx(
          'readwrite',
          (s) => {
            s.put(data, ['d', part.gen, part.chunks.length]);
            s.put(next, ['p', key]);
          },
          'strict',
        );
      } catch (e) {
        // Never keep half a model around when space ran out: the user is told what to delete
        // and the download starts over once there is room.
        if (isQuotaError(e) || (e as Error).name === 'StoreQuotaError') {
          await discardPartial(key).catch(() => undefined);
          if (isQuotaError(e)) throw await quotaErrorAfter(space, what, size, true);
        }
        throw e;
      }
    }
    if (buf && buf.bytes === 0 && all) pending.delete(key);
  }

  return {
    files,
    models,
    deletable,
    discardPartial,

    async get(key) {
      const f = await get<FileRecord>(['f', key], db.use);
      return f ? fileSource(db, key, f) : null;
    },

    async partial(key): Promise<PartialEntry | null> {
      const p = await get<PartRecord>(['p', key], db.use);
      const buf = pending.get(key);
      if (!p && !buf) return null;
      const bytes = (p?.bytes ?? 0) + (buf?.bytes ?? 0);
      const etag = p ? p.etag : buf?.etag;
      return etag ? { bytes, etag } : { bytes };
    },

    async append(key, chunk, etag) {
      let buf = pending.get(key);
      if (!buf) pending.set(key, (buf = { pieces: [], bytes: 0, ...(etag ? { etag } : {}) }));
      buf.pieces.push(chunk.slice());
      buf.bytes += chunk.length;
      if (buf.bytes >= recordBytes) await flush(key, false);
    },

    async commit(key) {
      await flush(key, true);
      pending.delete(key);
      await db.tx(
        'readwrite',
        (s) => {
          const p = s.get(['p', key]);
          const old = s.get(['f', key]);
          old.onsuccess = () => {
            const part = p.result as PartRecord | undefined;
            const prev = old.result as FileRecord | undefined;
            if (prev && prev.gen !== part?.gen) s.delete(prefixRange('d', prev.gen));
            const rec: FileRecord = part
              ? { gen: part.gen, size: part.bytes, chunks: part.chunks, savedAt: new Date().toISOString() }
              : { gen: '', size: 0, chunks: [], savedAt: new Date().toISOString() };
            s.put(rec, ['f', key]);
            s.delete(['p', key]);
          };
        },
        'strict',
      );
    },

    async deleteFile(key) {
      pending.delete(key);
      await deleteKeys([key]);
    },

    async deleteModel(prefix) {
      if (!prefix) throw new Error('deleteModel needs a model prefix (from models()); refusing to delete the whole cache.');
      const absent = prefix.startsWith('hub/') ? `hub-absent/${prefix.slice(4)}` : null;
      const keys = (await files()).map((f) => f.key).filter((k) => k.startsWith(prefix) || (absent !== null && k.startsWith(absent)));
      for (const k of keys) pending.delete(k);
      await deleteKeys(keys);
    },
  };
}
