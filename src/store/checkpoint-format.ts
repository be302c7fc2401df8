// The checkpoint format shared by every place a checkpoint lives (IndexedDB, a Node
// directory, an exported file): the state is serialised into one byte stream (the JSON
// document, then each tensor's bytes), cut into chunks of at most `chunkBytes`, each with a
// checksum; the manifest describes the stream and is written last, so a checkpoint without
// a manifest does not exist. Typed arrays are stored in the platform's byte order, which
// is little-endian on every browser and Node host we run on.

/** Bumped on any incompatible change of the manifest or the byte stream. */
export const CHECKPOINT_FORMAT = 'dust-checkpoint';
export const CHECKPOINT_VERSION = 1;
/** IndexedDB records and files stay at or below this (issue 8: ≤ 64 MB records). */
export const DEFAULT_CHUNK_BYTES = 64 * 1024 * 1024;

export type TensorDType = 'f32' | 'f16' | 'bf16' | 'f64' | 'i32' | 'u32' | 'u8';
export type TensorData = Float32Array | Float64Array | Uint16Array | Int32Array | Uint32Array | Uint8Array;

export interface CheckpointTensor {
  /** e.g. "model.layers.0.self_attn.q_proj.weight", "adam.m.model.embed_tokens.weight". */
  name: string;
  dtype: TensorDType;
  shape: number[];
  /** f16 and bf16 are their bit patterns in a Uint16Array. */
  data: TensorData;
}

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** What a trainer hands over: named tensors plus one JSON document (counters, RNG states, cursor, config...). */
export interface CheckpointState {
  tensors: CheckpointTensor[];
  doc: Json;
}

/** Shown in run lists without reading the chunks. */
export interface CheckpointInfo {
  /** The run this checkpoint belongs to (several checkpoints per run; the last N are kept). */
  run: string;
  step: number;
  /** Latest metrics, e.g. { loss: 1.23, passRate: 0.4 }. */
  metrics?: Record<string, number>;
  /** Free text: model id, method, dataset reference... */
  label?: string;
}

export interface TensorEntry {
  name: string;
  dtype: TensorDType;
  shape: number[];
  /** Position in the byte stream. */
  offset: number;
  bytes: number;
}

export interface ChunkEntry {
  bytes: number;
  checksum: string;
}

export interface CheckpointManifest extends CheckpointInfo {
  format: typeof CHECKPOINT_FORMAT;
  version: number;
  id: string;
  /** ISO time of writing. */
  createdAt: string;
  totalBytes: number;
  doc: { offset: number; bytes: number };
  tensors: TensorEntry[];
  chunks: ChunkEntry[];
}

/** A checkpoint that cannot be used; the message says why and what to do. */
export class CheckpointError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckpointError';
  }
}

/** A chunk whose bytes do not match the checksum written with it. */
export class CheckpointCorruptError extends CheckpointError {
  constructor(
    readonly id: string,
    readonly chunk: number,
    detail: string,
  ) {
    super(`Checkpoint ${id} is damaged: chunk ${chunk} ${detail}. Load an older checkpoint of the run, or delete this one.`);
    this.name = 'CheckpointCorruptError';
  }
}

export const DTYPE_BYTES: Record<TensorDType, number> = { f32: 4, f16: 2, bf16: 2, f64: 8, i32: 4, u32: 4, u8: 1 };

const DTYPE_ARRAY: Record<TensorDType, new (b: ArrayBuffer) => TensorData> = {
  f32: Float32Array,
  f16: Uint16Array,
  bf16: Uint16Array,
  f64: Float64Array,
  i32: Int32Array,
  u32: Uint32Array,
  u8: Uint8Array,
};

/** A typed array of the dtype over a whole buffer (its length is a multiple of the element size). */
export function tensorOver(dtype: TensorDType, buf: ArrayBuffer): TensorData {
  return new DTYPE_ARRAY[dtype](buf);
}

export function tensorBytes(t: CheckpointTensor): Uint8Array {
  return new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
}

/** Throws a CheckpointError naming the first bad tensor or field. */
export function checkState(state: CheckpointState, info: CheckpointInfo): void {
  if (!info || typeof info.run !== 'string' || !info.run) throw new CheckpointError('A checkpoint needs a run name (info.run), e.g. "qwen3-0.6b-dust-1".');
  if (!Number.isInteger(info.step) || info.step < 0) throw new CheckpointError(`Checkpoint step must be a non-negative integer, got ${String(info.step)}.`);
  const seen = new Set<string>();
  for (const t of state.tensors) {
    if (seen.has(t.name)) throw new CheckpointError(`Tensor "${t.name}" appears twice in the checkpoint state; names must be unique.`);
    seen.add(t.name);
    const ctor = DTYPE_ARRAY[t.dtype];
    if (!ctor) throw new CheckpointError(`Tensor "${t.name}" has unknown dtype "${String(t.dtype)}"; use one of ${Object.keys(DTYPE_ARRAY).join(', ')}.`);
    if (!(t.data instanceof ctor)) throw new CheckpointError(`Tensor "${t.name}" (${t.dtype}) must be a ${ctor.name}, got ${(t.data as object)?.constructor?.name ?? typeof t.data}.`);
    const n = t.shape.reduce((a, b) => a * b, 1);
    if (!t.shape.every((d) => Number.isInteger(d) && d >= 0) || n !== t.data.length) {
      throw new CheckpointError(`Tensor "${t.name}" has shape [${t.shape.join(', ')}] (${n} elements) but ${t.data.length} values.`);
    }
  }
}

/**
 * What a checkpoint id may be. On Node an id names a directory under the checkpoint folder, so
 * it must never be "." or ".." or hold a separator: word characters, dots and dashes, starting
 * with a word character, at most 200.
 */
export const CHECKPOINT_ID = /^\w[\w.-]{0,199}$/;

export function isCheckpointId(id: unknown): id is string {
  return typeof id === 'string' && CHECKPOINT_ID.test(id);
}

/** Refuses manifests of other formats or versions with a message that says what to do. */
export function checkManifest(m: unknown, where: string): CheckpointManifest {
  const o = m as Partial<CheckpointManifest> | null;
  if (!o || typeof o !== 'object' || o.format !== CHECKPOINT_FORMAT) throw new CheckpointError(`${where} is not a DuST checkpoint (no "${CHECKPOINT_FORMAT}" manifest).`);
  if (o.version !== CHECKPOINT_VERSION) {
    const newer = typeof o.version === 'number' && o.version > CHECKPOINT_VERSION;
    throw new CheckpointError(
      `${where} uses checkpoint format version ${String(o.version)}, and this version of DuST reads only version ${CHECKPOINT_VERSION}. ` +
        (newer ? 'Update DuST (reload the page, or update the CLI) to load it.' : 'Load it with the DuST version that wrote it, or start the run again.'),
    );
  }
  const sum = (o.chunks ?? []).reduce((a, c) => a + c.bytes, 0);
  if (!Array.isArray(o.tensors) || !Array.isArray(o.chunks) || !o.doc || sum !== o.totalBytes || typeof o.id !== 'string') {
    throw new CheckpointError(`${where}: the checkpoint manifest is inconsistent (chunks add up to ${sum} bytes, manifest says ${String(o.totalBytes)}); the checkpoint cannot be used.`);
  }
  if (!isCheckpointId(o.id)) {
    throw new CheckpointError(`${where} has an unusable id ${JSON.stringify(o.id)} (letters, digits, "_", "." and "-", not starting with "." or "-"); it was not written by DuST, or it was edited.`);
  }
  const inside = (off: number, n: number): boolean => Number.isInteger(off) && Number.isInteger(n) && off >= 0 && n >= 0 && off + n <= sum;
  const bad = o.tensors.find((t) => !DTYPE_BYTES[t.dtype] || !Array.isArray(t.shape) || t.bytes !== t.shape.reduce((a, b) => a * b, 1) * DTYPE_BYTES[t.dtype] || !inside(t.offset, t.bytes));
  if (bad || !inside(o.doc.offset, o.doc.bytes)) {
    throw new CheckpointError(`${where}: the checkpoint manifest is inconsistent (${bad ? `tensor "${bad.name}"` : 'the JSON document'} does not fit its shape or the data); the checkpoint cannot be used.`);
  }
  return o as CheckpointManifest;
}
