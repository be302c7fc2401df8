// Random-access bytes: the one way model files are read, whether they sit in memory, in a
// browser File, on a Node disk, in a cache or behind HTTP Range requests. Readers fetch
// only the ranges they need, so a 1 GB checkpoint is never held whole.

export interface ByteSource {
  size(): Promise<number>;
  /** Exactly `length` bytes from `offset` (fewer only if the source ends first). */
  read(offset: number, length: number): Promise<Uint8Array>;
}

export function bytesSource(bytes: Uint8Array): ByteSource {
  return {
    size: async () => bytes.length,
    read: async (offset, length) => bytes.subarray(offset, Math.min(bytes.length, offset + length)),
  };
}

/** A Blob or File (browser folder pickers, <input type=file>); Node has Blob too. */
export function blobSource(blob: Blob): ByteSource {
  return {
    size: async () => blob.size,
    read: async (offset, length) => new Uint8Array(await blob.slice(offset, offset + length).arrayBuffer()),
  };
}

/** Reads a whole source (small files: configs, tokenizer files). */
export async function readAll(src: ByteSource): Promise<Uint8Array> {
  return src.read(0, await src.size());
}
