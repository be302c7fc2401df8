// Streams a safetensors file to a sink tensor by tensor, fetching each tensor's data only
// when it is written, so exporting a 1 GB model never holds the whole file (or all tensors
// in float32) at once. The sink can be a Node file handle, a WritableStream, an IndexedDB
// record writer...
import { encodePlanned, planSafetensors, type StFloatDtype } from './safetensors';

export interface StStreamTensor {
  name: string;
  shape: number[];
  dtype: StFloatDtype;
  /** Called once, when this tensor's bytes are due. */
  data: () => Float32Array | Promise<Float32Array>;
}

/** Writes the file through `write` (awaited chunk by chunk); resolves to its size in bytes. */
export async function writeSafetensorsStream(
  tensors: readonly StStreamTensor[],
  write: (chunk: Uint8Array) => void | Promise<void>,
  metadata?: Record<string, string>,
): Promise<number> {
  const layout = planSafetensors(tensors, metadata);
  const byName = new Map(tensors.map((t) => [t.name, t]));
  await write(layout.head);
  for (const info of layout.order) await write(encodePlanned(info, await byName.get(info.name)!.data()));
  return layout.size;
}
