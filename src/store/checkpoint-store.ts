// Checkpoints over any backend: save a trainer's state in checksummed chunks with the
// manifest last, load it back verified, keep the last N per run, list runs with their
// metrics, and export/import the single-file form (checkpoint-file.ts).
import { checksum } from './checksum';
import type { CheckpointBackend } from './checkpoint-backend';
import {
  CHECKPOINT_FORMAT,
  CHECKPOINT_VERSION,
  CheckpointCorruptError,
  CheckpointError,
  DEFAULT_CHUNK_BYTES,
  checkManifest,
  checkState,
  isCheckpointId,
  tensorBytes,
  tensorOver,
  type CheckpointInfo,
  type CheckpointManifest,
  type CheckpointState,
  type TensorEntry,
} from './checkpoint-format';
import { ensureSpace, isQuotaError, quotaErrorAfter, spacePolicy, type Deletable, type SpacePolicy } from './quota';

export interface CheckpointSummary extends CheckpointInfo {
  id: string;
  createdAt: string;
  bytes: number;
  /** Set when the checkpoint cannot be loaded by this version (it can still be deleted). */
  problem?: string;
}

export interface RunSummary {
  run: string;
  checkpoints: number;
  bytes: number;
  latest: CheckpointSummary;
}

export interface LoadedCheckpoint extends CheckpointState {
  manifest: CheckpointManifest;
}

export interface SaveOptions {
  /** Checkpoints of the run kept after this one is complete (default: the store's `keep`). */
  keep?: number;
}

export interface CheckpointStoreOptions {
  /** Record size; default 64 MB. */
  chunkBytes?: number;
  /** How many checkpoints per run survive a save (default 3). */
  keep?: number;
  space?: Partial<SpacePolicy>;
}

export interface CheckpointStore {
  readonly where: string;
  save(state: CheckpointState, info: CheckpointInfo, opts?: SaveOptions): Promise<CheckpointSummary>;
  load(id: string): Promise<LoadedCheckpoint>;
  /** The newest loadable checkpoint of `run` (highest step, then newest), or null. */
  latest(run: string): Promise<CheckpointSummary | null>;
  /**
   * Resuming: loads the newest checkpoint of `run` that passes its checksums, skipping (and
   * reporting) damaged newer ones, so a run falls back to the previous checkpoint. Null if none.
   */
  loadLatest(run: string): Promise<{ checkpoint: LoadedCheckpoint; skipped: { id: string; error: string }[] } | null>;
  list(run?: string): Promise<CheckpointSummary[]>;
  runs(): Promise<RunSummary[]>;
  remove(id: string): Promise<void>;
  /** Reads and checks every chunk; throws CheckpointCorruptError naming the first bad one. */
  verify(id: string): Promise<void>;
  /** Verified manifest and chunk bytes, for export. */
  manifest(id: string): Promise<CheckpointManifest>;
  chunk(manifest: CheckpointManifest, index: number): Promise<Uint8Array>;
  /** Stores an already-serialised checkpoint (import); chunks are checked before they are written. */
  put(manifest: CheckpointManifest, chunks: AsyncIterable<Uint8Array>): Promise<CheckpointSummary>;
  /** What could be deleted to free space (for quota messages). */
  deletable(): Promise<Deletable[]>;
  collectGarbage(olderThanMs?: number): Promise<number>;
}

function newId(run: string, step: number): string {
  const rnd = new Uint32Array(2);
  crypto.getRandomValues(rnd);
  // A leading "." or "-" would make an id that isCheckpointId refuses (".", ".." are paths).
  const safeRun = run.replace(/[^\w.-]+/g, '_').replace(/^[.-]+/, '').slice(0, 80) || 'run';
  const id = `${safeRun}-s${step}-${Date.now().toString(36)}${rnd[0].toString(36)}${rnd[1].toString(36)}`;
  if (!isCheckpointId(id)) throw new CheckpointError(`Internal error: made an unusable checkpoint id "${id}".`);
  return id;
}

function summaryOf(m: CheckpointManifest): CheckpointSummary {
  const s: CheckpointSummary = { id: m.id, run: m.run, step: m.step, createdAt: m.createdAt, bytes: m.totalBytes };
  if (m.metrics) s.metrics = m.metrics;
  if (m.label !== undefined) s.label = m.label;
  return s;
}

const newestFirst = (a: CheckpointSummary, b: CheckpointSummary): number => b.step - a.step || (b.createdAt < a.createdAt ? -1 : b.createdAt > a.createdAt ? 1 : 0);

const newestWrittenFirst = (a: CheckpointSummary, b: CheckpointSummary): number => (b.createdAt < a.createdAt ? -1 : b.createdAt > a.createdAt ? 1 : b.step - a.step);

/** Cuts the state's byte stream (doc JSON, then tensors) into chunks, without holding more than one. */
function* chunksOf(docBytes: Uint8Array, state: CheckpointState, chunkBytes: number): Generator<Uint8Array> {
  const pieces: Uint8Array[] = [docBytes, ...state.tensors.map(tensorBytes)];
  const total = pieces.reduce((a, p) => a + p.length, 0);
  let left = total;
  let buf = new Uint8Array(Math.min(chunkBytes, left));
  let at = 0;
  for (const p of pieces) {
    let off = 0;
    while (off < p.length) {
      const n = Math.min(p.length - off, buf.length - at);
      buf.set(p.subarray(off, off + n), at);
      at += n;
      off += n;
      if (at === buf.length) {
        yield buf;
        left -= buf.length;
        buf = new Uint8Array(Math.min(chunkBytes, left));
        at = 0;
      }
    }
  }
  if (total === 0) yield new Uint8Array(0);
}

export function createCheckpointStore(backend: CheckpointBackend, opts: CheckpointStoreOptions = {}): CheckpointStore {
  const chunkBytes = opts.chunkBytes ?? DEFAULT_CHUNK_BYTES;
  const keepDefault = opts.keep ?? 3;
  if (!(chunkBytes > 0) || !Number.isInteger(chunkBytes)) throw new CheckpointError(`chunkBytes must be a positive integer, got ${chunkBytes}.`);
  if (!Number.isInteger(keepDefault) || keepDefault < 1) throw new CheckpointError(`keep must be at least 1, got ${keepDefault}.`);

  async function all(): Promise<{ summaries: CheckpointSummary[]; manifests: Map<string, CheckpointManifest> }> {
    const manifests = new Map<string, CheckpointManifest>();
    const summaries: CheckpointSummary[] = [];
    for (const raw of await backend.manifests()) {
      const o = raw as Partial<CheckpointManifest>;
      // A manifest with an id that is not a plain name is not one of ours and is never shown,
      // so no caller can be led to remove or overwrite "..".
      if (!isCheckpointId(o?.id)) continue;
      try {
        const m = checkManifest(raw, `Checkpoint ${String(o?.id)}`);
        manifests.set(m.id, m);
        summaries.push(summaryOf(m));
      } catch (e) {
        summaries.push({
          id: o.id,
          run: String(o.run ?? '?'),
          step: Number(o.step ?? 0),
          createdAt: String(o.createdAt ?? ''),
          bytes: Number(o.totalBytes ?? 0),
          problem: (e as Error).message,
        });
      }
    }
    return { summaries: summaries.sort(newestFirst), manifests };
  }

  async function manifest(id: string): Promise<CheckpointManifest> {
    const { manifests, summaries } = await all();
    const m = manifests.get(id);
    if (m) return m;
    const bad = summaries.find((s) => s.id === id);
    if (bad?.problem) throw new CheckpointError(bad.problem);
    throw new CheckpointError(`No checkpoint "${id}" in ${backend.where}; list the run's checkpoints to see what is stored.`);
  }

  async function chunk(m: CheckpointManifest, i: number): Promise<Uint8Array> {
    const c = m.chunks[i];
    const bytes = await backend.getChunk(m.id, i);
    if (!bytes) throw new CheckpointCorruptError(m.id, i, 'is missing');
    if (bytes.length !== c.bytes) throw new CheckpointCorruptError(m.id, i, `has ${bytes.length} bytes instead of ${c.bytes}`);
    const sum = checksum(bytes);
    if (sum !== c.checksum) throw new CheckpointCorruptError(m.id, i, `fails its checksum (${sum}, expected ${c.checksum})`);
    return bytes;
  }

  async function deletable(): Promise<Deletable[]> {
    return (await all()).summaries.map((s) => ({ what: `checkpoint ${s.id} (run ${s.run}, step ${s.step})`, bytes: s.bytes }));
  }
  const space = spacePolicy({ deletable, ...opts.space });

  /**
   * Keeps the `keep` most recently written checkpoints of `run`, `saved` (the one just written)
   * always among them. By write time, not step: a run resumed from an older checkpoint writes
   * lower steps than ones already stored, and those new saves are the ones to keep.
   */
  async function prune(run: string, keep: number, saved: string): Promise<void> {
    const others = (await all()).summaries.filter((s) => s.run === run && !s.problem && s.id !== saved).sort(newestWrittenFirst);
    for (const old of others.slice(keep - 1)) await backend.remove(old.id);
  }

  /** Writes chunks then the manifest; on any failure removes what was written. */
  async function write(m: CheckpointManifest, chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, what: string): Promise<void> {
    await ensureSpace(space, what, m.totalBytes);
    try {
      let i = 0;
      for await (const c of chunks) await backend.putChunk(m.id, i++, c);
      await backend.commit(m);
    } catch (e) {
      try {
        await backend.abort(m.id);
      } catch {
        // Garbage collection removes what abort could not.
      }
      if (isQuotaError(e)) throw await quotaErrorAfter(space, what, m.totalBytes);
      throw e;
    }
  }

  async function load(id: string): Promise<LoadedCheckpoint> {
    const m = await manifest(id);
    const out = m.tensors.map((t) => new Uint8Array(new ArrayBuffer(t.bytes)));
    const docBytes = new Uint8Array(m.doc.bytes);
    const targets = [{ offset: m.doc.offset, bytes: docBytes }, ...m.tensors.map((t, k) => ({ offset: t.offset, bytes: out[k] }))];
    let base = 0;
    for (let i = 0; i < m.chunks.length; i++) {
      const c = await chunk(m, i);
      const end = base + c.length;
      for (const t of targets) {
        const from = Math.max(base, t.offset);
        const to = Math.min(end, t.offset + t.bytes.length);
        if (from < to) t.bytes.set(c.subarray(from - base, to - base), from - t.offset);
      }
      base = end;
    }
    let doc;
    try {
      doc = JSON.parse(new TextDecoder().decode(docBytes));
    } catch {
      throw new CheckpointCorruptError(m.id, 0, 'holds a JSON document that does not parse');
    }
    const tensors = m.tensors.map((t, k) => ({ name: t.name, dtype: t.dtype, shape: [...t.shape], data: tensorOver(t.dtype, out[k].buffer as ArrayBuffer) }));
    return { manifest: m, doc, tensors };
  }

  return {
    where: backend.where,
    load,
    manifest,
    chunk,
    deletable,
    collectGarbage: (olderThanMs = 10 * 60_000) => backend.collectGarbage(olderThanMs),

    async save(state, info, saveOpts = {}) {
      checkState(state, info);
      const keep = saveOpts.keep ?? keepDefault;
      if (!Number.isInteger(keep) || keep < 1) throw new CheckpointError(`keep must be at least 1, got ${keep}.`);
      let docJson: string;
      try {
        docJson = JSON.stringify(state.doc ?? null);
      } catch (e) {
        throw new CheckpointError(`The checkpoint document must be plain JSON (numbers, strings, arrays, objects): ${(e as Error).message}.`);
      }
      const docBytes = new TextEncoder().encode(docJson);
      const tensors: TensorEntry[] = [];
      let offset = docBytes.length;
      for (const t of state.tensors) {
        tensors.push({ name: t.name, dtype: t.dtype, shape: [...t.shape], offset, bytes: t.data.byteLength });
        offset += t.data.byteLength;
      }
      const m: CheckpointManifest = {
        format: CHECKPOINT_FORMAT,
        version: CHECKPOINT_VERSION,
        id: newId(info.run, info.step),
        run: info.run,
        step: info.step,
        createdAt: new Date().toISOString(),
        totalBytes: offset,
        doc: { offset: 0, bytes: docBytes.length },
        tensors,
        chunks: [],
      };
      if (info.metrics) m.metrics = { ...info.metrics };
      if (info.label !== undefined) m.label = info.label;
      // The checksums are computed as the chunks stream out; the manifest is written after them.
      const hashed = function* (): Generator<Uint8Array> {
        for (const c of chunksOf(docBytes, state, chunkBytes)) {
          m.chunks.push({ bytes: c.length, checksum: checksum(c) });
          yield c;
        }
      };
      await write(m, hashed(), `checkpoint of run ${info.run} at step ${info.step}`);
      // The new checkpoint is complete; failing to delete old ones must not fail the save
      // (the next save prunes again).
      await prune(info.run, keep, m.id).catch(() => undefined);
      return summaryOf(m);
    },

    async loadLatest(run) {
      const skipped: { id: string; error: string }[] = [];
      // Newest written, not highest step: a run resumed from an older checkpoint continues from
      // what it wrote last.
      for (const s of [...(await all()).summaries].sort(newestWrittenFirst)) {
        if (s.run !== run || s.problem) continue;
        try {
          return { checkpoint: await load(s.id), skipped };
        } catch (e) {
          if (!(e instanceof CheckpointCorruptError)) throw e;
          skipped.push({ id: s.id, error: e.message });
        }
      }
      if (skipped.length) throw new CheckpointError(`Every checkpoint of run ${run} is damaged: ${skipped.map((x) => x.error).join(' ')}`);
      return null;
    },

    async verify(id) {
      const m = await manifest(id);
      for (let i = 0; i < m.chunks.length; i++) await chunk(m, i);
    },

    async latest(run) {
      return [...(await all()).summaries].sort(newestWrittenFirst).find((s) => s.run === run && !s.problem) ?? null;
    },

    async list(run) {
      const s = (await all()).summaries;
      return run === undefined ? s : s.filter((x) => x.run === run);
    },

    async runs() {
      const byRun = new Map<string, RunSummary>();
      for (const s of (await all()).summaries) {
        const r = byRun.get(s.run);
        if (!r) byRun.set(s.run, { run: s.run, checkpoints: 1, bytes: s.bytes, latest: s });
        else {
          r.checkpoints++;
          r.bytes += s.bytes;
          if (r.latest.problem && !s.problem) r.latest = s;
        }
      }
      return [...byRun.values()].sort((a, b) => (b.latest.createdAt > a.latest.createdAt ? 1 : b.latest.createdAt < a.latest.createdAt ? -1 : 0));
    },

    async remove(id) {
      if (!isCheckpointId(id)) throw new CheckpointError(`"${id}" is not a checkpoint id; list the checkpoints to see the ids.`);
      await backend.remove(id);
    },

    async put(raw, chunks) {
      const m = checkManifest(raw, 'The imported checkpoint');
      const existing = (await all()).manifests.get(m.id);
      if (existing) return summaryOf(existing);
      const verified = async function* (): AsyncGenerator<Uint8Array> {
        let i = 0;
        for await (const c of chunks) {
          const e = m.chunks[i];
          if (!e) throw new CheckpointCorruptError(m.id, i, 'is beyond the chunks the manifest lists');
          if (c.length !== e.bytes) throw new CheckpointCorruptError(m.id, i, `has ${c.length} bytes instead of ${e.bytes}`);
          const sum = checksum(c);
          if (sum !== e.checksum) throw new CheckpointCorruptError(m.id, i, `fails its checksum (${sum}, expected ${e.checksum})`);
          i++;
          yield c;
        }
        if (i !== m.chunks.length) throw new CheckpointCorruptError(m.id, i, `is missing (the file ends after ${i} of ${m.chunks.length} chunks)`);
      };
      await write(m, verified(), `imported checkpoint ${m.id}`);
      return summaryOf(m);
    },
  };
}
