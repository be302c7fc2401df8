// Where checkpoint records physically live. The generic store (checkpoint-store.ts) does
// the format, checksums, quota messages and keep-last-N; a backend only stores bytes and
// manifests with one promise: a manifest becomes visible only after every chunk it names
// is durably stored (commit), so readers never see a partial checkpoint.
import type { CheckpointManifest } from './checkpoint-format';

export interface CheckpointBackend {
  /** Shown in messages, e.g. "IndexedDB" or a directory path. */
  readonly where: string;
  /** Stores chunk `index` of the checkpoint `id` being written (invisible until commit). */
  putChunk(id: string, index: number, bytes: Uint8Array): Promise<void>;
  /** Publishes the manifest; throws if any chunk it names is missing. */
  commit(manifest: CheckpointManifest): Promise<void>;
  /** Removes whatever an unfinished write of `id` left. */
  abort(id: string): Promise<void>;
  /** Every published manifest as stored (validated by the caller; may be of other versions). */
  manifests(): Promise<unknown[]>;
  /** Chunk bytes, or null when missing. */
  getChunk(id: string, index: number): Promise<Uint8Array | null>;
  /** Unpublishes the manifest first, then deletes the chunks. */
  remove(id: string): Promise<void>;
  /** Deletes chunks of writes that never committed and were last touched over `olderThanMs` ago. */
  collectGarbage(olderThanMs: number): Promise<number>;
}
