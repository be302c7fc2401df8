// Where downloaded model files are kept for offline use. A download appends to a partial
// entry (so an interrupted one can resume with a Range request) and is committed when
// complete. Implementations: memoryCache here, nodeDirCache in src/host/node-files.ts, an
// IndexedDB cache in src/store/ (later).
import { bytesSource, type ByteSource } from './byte-source';

export interface PartialEntry {
  /** Bytes downloaded so far. */
  bytes: number;
  /** The server's ETag for the partial bytes; a resumed answer must carry the same one. */
  etag?: string;
}

export interface FileCache {
  /** A complete entry, or null. */
  get(key: string): Promise<ByteSource | null>;
  partial(key: string): Promise<PartialEntry | null>;
  /** Appends to the partial entry (creating it); `etag` is recorded with the first chunk. */
  append(key: string, chunk: Uint8Array, etag?: string): Promise<void>;
  /** Turns the partial entry into the complete one. */
  commit(key: string): Promise<void>;
  /** Forgets the partial entry (the server's file changed or ignored the range). */
  discardPartial(key: string): Promise<void>;
}

export function memoryCache(): FileCache & { keys(): string[] } {
  const done = new Map<string, Uint8Array>();
  const parts = new Map<string, { chunks: Uint8Array[]; bytes: number; etag?: string }>();
  return {
    keys: () => [...done.keys()],
    get: async (key) => {
      const b = done.get(key);
      return b ? bytesSource(b) : null;
    },
    partial: async (key) => {
      const p = parts.get(key);
      return p ? { bytes: p.bytes, ...(p.etag ? { etag: p.etag } : {}) } : null;
    },
    append: async (key, chunk, etag) => {
      let p = parts.get(key);
      if (!p) parts.set(key, (p = { chunks: [], bytes: 0, ...(etag ? { etag } : {}) }));
      p.chunks.push(chunk.slice());
      p.bytes += chunk.length;
    },
    commit: async (key) => {
      const p = parts.get(key);
      const out = new Uint8Array(p?.bytes ?? 0);
      let at = 0;
      for (const c of p?.chunks ?? []) {
        out.set(c, at);
        at += c.length;
      }
      done.set(key, out);
      parts.delete(key);
    },
    discardPartial: async (key) => {
      parts.delete(key);
    },
  };
}
