// One-file form of a checkpoint, for download/upload and for moving runs between Node and
// the browser:
//   bytes 0-7   "DUSTCKPT"
//   8-11        u32 LE format version
//   12-15       u32 LE manifest length M
//   16-19       u32 LE XXH32 of the manifest bytes
//   20-23       reserved (0)
//   24..24+M    manifest JSON (UTF-8), as stored
//   then        the chunks, in order (each checked against the manifest on import)
import type { ByteSource } from '../model/sources/byte-source';
import { xxh32 } from './checksum';
import { CHECKPOINT_VERSION, CheckpointError, checkManifest, type CheckpointManifest } from './checkpoint-format';
import type { CheckpointStore, CheckpointSummary } from './checkpoint-store';

export const CHECKPOINT_FILE_MAGIC = 'DUSTCKPT';
export const CHECKPOINT_FILE_EXT = '.dustckpt';
const HEADER = 24;

/** The header and manifest bytes that start the file. */
export function fileHead(m: CheckpointManifest): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(m));
  const out = new Uint8Array(HEADER + json.length);
  out.set(new TextEncoder().encode(CHECKPOINT_FILE_MAGIC), 0);
  const v = new DataView(out.buffer);
  v.setUint32(8, m.version, true);
  v.setUint32(12, json.length, true);
  v.setUint32(16, xxh32(json), true);
  out.set(json, HEADER);
  return out;
}

/** A file name for the download, e.g. "my-run-step400.dustckpt". */
export function checkpointFileName(m: Pick<CheckpointManifest, 'run' | 'step'>): string {
  return `${m.run.replace(/[^\w.-]+/g, '_')}-step${m.step}${CHECKPOINT_FILE_EXT}`;
}

/** The file's parts in order: the head, then every chunk (each verified as it is read). */
export async function* exportCheckpoint(store: CheckpointStore, id: string): AsyncGenerator<Uint8Array> {
  const m = await store.manifest(id);
  yield fileHead(m);
  for (let i = 0; i < m.chunks.length; i++) yield await store.chunk(m, i);
}

/** Reads and checks the head of a checkpoint file; `name` is used in messages. */
export async function readFileHead(src: ByteSource, name: string): Promise<{ manifest: CheckpointManifest; dataOffset: number }> {
  const size = await src.size();
  const notOurs = `${name} is not a DuST checkpoint file (${CHECKPOINT_FILE_EXT}); export one from DuST and choose that file.`;
  if (size < HEADER) throw new CheckpointError(notOurs);
  const head = await src.read(0, HEADER);
  if (new TextDecoder().decode(head.subarray(0, 8)) !== CHECKPOINT_FILE_MAGIC) throw new CheckpointError(notOurs);
  const v = new DataView(head.buffer, head.byteOffset, HEADER);
  const version = v.getUint32(8, true);
  const len = v.getUint32(12, true);
  if (version !== CHECKPOINT_VERSION) {
    // checkManifest words the version refusal the same way everywhere.
    checkManifest({ format: 'dust-checkpoint', version }, name);
  }
  if (HEADER + len > size) throw new CheckpointError(`${name} is truncated (${size} bytes, its manifest alone needs ${HEADER + len}); copy or download it again.`);
  const json = await src.read(HEADER, len);
  if (xxh32(json) !== v.getUint32(16, true)) throw new CheckpointError(`${name} is damaged: its manifest fails its checksum; copy or download it again.`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(json));
  } catch {
    throw new CheckpointError(`${name} is damaged: its manifest is not valid JSON; copy or download it again.`);
  }
  const manifest = checkManifest(parsed, name);
  const expected = HEADER + len + manifest.totalBytes;
  if (size !== expected) {
    throw new CheckpointError(`${name} ${size < expected ? 'is truncated' : 'has trailing bytes'} (${size} bytes, expected ${expected}); copy or download it again.`);
  }
  return { manifest, dataOffset: HEADER + len };
}

/** Imports a checkpoint file into `store`; every chunk is verified before it is written, and a bad file leaves nothing behind. */
export async function importCheckpoint(store: CheckpointStore, src: ByteSource, name = 'The file'): Promise<CheckpointSummary> {
  const { manifest, dataOffset } = await readFileHead(src, name);
  async function* chunks(): AsyncGenerator<Uint8Array> {
    let at = dataOffset;
    for (const c of manifest.chunks) {
      yield await src.read(at, c.bytes);
      at += c.bytes;
    }
  }
  return store.put(manifest, chunks());
}

/** The whole file as a Blob, for a download link (each chunk becomes its own Blob, which the browser may keep on disk). */
export async function checkpointBlob(store: CheckpointStore, id: string): Promise<Blob> {
  const parts: Blob[] = [];
  for await (const p of exportCheckpoint(store, id)) parts.push(new Blob([p as BlobPart]));
  return new Blob(parts, { type: 'application/octet-stream' });
}
