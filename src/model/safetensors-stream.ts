// Safetensors read tensor by tensor from a random-access ByteSource: two small reads for
// the header, then one read per tensor when asked. Nothing else is held in memory.
import type { ByteSource } from './sources/byte-source';
import { decodeToF32 } from './safetensors-dtype';
import { elementCount, parseHeaderJson, parseHeaderLength, SafetensorsError, type StHeader, type StTensor, type StTensorInfo } from './safetensors';

export interface SafetensorsFile {
  readonly fileName: string;
  readonly header: StHeader;
  /** Total file size in bytes. */
  readonly size: number;
  /** The tensor's stored bytes as they are (e.g. f16 for an f16 GPU path). */
  readRaw(name: string): Promise<Uint8Array>;
  /** The tensor converted to float32. */
  readTensor(name: string): Promise<StTensor>;
}

export async function openSafetensors(src: ByteSource, fileName = 'safetensors file'): Promise<SafetensorsFile> {
  const size = await src.size();
  const len = parseHeaderLength(await src.read(0, 8), fileName, size);
  const json = await src.read(8, len);
  if (json.length !== len) throw new SafetensorsError(`${fileName}: could only read ${json.length} of ${len} header bytes; the file is truncated.`, fileName);
  const header = parseHeaderJson(json, fileName, size - 8 - len);

  const info = (name: string): StTensorInfo => {
    const t = header.tensors.get(name);
    if (!t) throw new SafetensorsError(`${fileName}: has no tensor "${name}".`, fileName, name);
    return t;
  };
  const readRaw = async (name: string): Promise<Uint8Array> => {
    const t = info(name);
    const n = t.end - t.begin;
    const bytes = n === 0 ? new Uint8Array(0) : await src.read(header.dataOffset + t.begin, n);
    if (bytes.length !== n) {
      throw new SafetensorsError(`${fileName}, tensor "${name}": read ${bytes.length} of ${n} bytes; the file is truncated (re-download it).`, fileName, name);
    }
    return bytes;
  };
  return {
    fileName,
    header,
    size,
    readRaw,
    readTensor: async (name) => {
      const t = info(name);
      return { dtype: t.dtype, shape: t.shape, data: decodeToF32(await readRaw(name), t.dtype, elementCount(t.shape)) };
    },
  };
}
