// The safetensors container: an 8-byte little-endian header length, a JSON header mapping
// tensor names to {dtype, shape, data_offsets}, then the raw data. This module parses and
// validates headers and reads/writes whole in-memory files; safetensors-stream.ts reads
// tensor by tensor from a random-access source for files too big to hold.
import { DTYPE_BYTES, decodeToF32, encodeFromF32, isStDtype, type StDtype, type StFloatDtype } from './safetensors-dtype';
import { messageOf } from '../util/errors';

export type { StDtype, StFloatDtype } from './safetensors-dtype';

export interface StTensorInfo {
  name: string;
  dtype: StDtype;
  shape: number[];
  /** Byte offsets into the data section (which starts at StHeader.dataOffset). */
  begin: number;
  end: number;
}

export interface StHeader {
  tensors: Map<string, StTensorInfo>;
  metadata: Record<string, string>;
  /** Absolute byte offset of the data section in the file: 8 + header length. */
  dataOffset: number;
}

export interface StTensor {
  dtype: StDtype;
  shape: number[];
  data: Float32Array;
}

export interface StWriteTensor {
  name: string;
  shape: number[];
  dtype: StFloatDtype;
  data: Float32Array;
}

/** A malformed or unexpected safetensors file. The message names the file and, where it applies, the tensor. */
export class SafetensorsError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly tensor?: string,
  ) {
    super(message);
    this.name = 'SafetensorsError';
  }
}

// The reference implementation refuses headers above 100 MB; so do we, before allocating.
export const MAX_HEADER_BYTES = 100_000_000;

function where(file: string, tensor?: string): string {
  return tensor === undefined ? `${file}` : `${file}, tensor "${tensor}"`;
}

/**
 * Reads the header length from the first 8 bytes. `fileSize` (when known) bounds it.
 * Throws SafetensorsError for a length that cannot be right.
 */
export function parseHeaderLength(first8: Uint8Array, fileName = 'safetensors file', fileSize?: number): number {
  if (first8.length < 8) {
    throw new SafetensorsError(`${fileName}: file is ${first8.length} bytes, too short to be safetensors (needs an 8-byte header length). Is the download complete?`, fileName);
  }
  const n = new DataView(first8.buffer, first8.byteOffset, 8).getBigUint64(0, true);
  if (n === 0n || n > BigInt(MAX_HEADER_BYTES)) {
    throw new SafetensorsError(`${fileName}: header length ${n} is not plausible (must be 1..${MAX_HEADER_BYTES} bytes); this is not a safetensors file or it is corrupted.`, fileName);
  }
  const len = Number(n);
  if (fileSize !== undefined && 8 + len > fileSize) {
    throw new SafetensorsError(`${fileName}: header length ${len} runs past the end of the ${fileSize}-byte file; the file is truncated or not safetensors.`, fileName);
  }
  return len;
}

/**
 * Parses and validates the JSON header (the bytes after the 8-byte length). `dataSize` is
 * the size of the data section when known; every tensor must then lie inside it.
 */
export function parseHeaderJson(json: Uint8Array, fileName = 'safetensors file', dataSize?: number): StHeader {
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(json));
  } catch (e) {
    throw new SafetensorsError(`${fileName}: header is not valid UTF-8 JSON (${messageOf(e)}); the file is corrupted or not safetensors.`, fileName);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new SafetensorsError(`${fileName}: header must be a JSON object mapping tensor names to {dtype, shape, data_offsets}.`, fileName);
  }
  const tensors = new Map<string, StTensorInfo>();
  let metadata: Record<string, string> = {};
  for (const [name, v] of Object.entries(raw as Record<string, unknown>)) {
    if (name === '__metadata__') {
      metadata = parseMetadata(v, fileName);
      continue;
    }
    tensors.set(name, parseTensorEntry(name, v, fileName));
  }
  checkLayout([...tensors.values()], fileName, dataSize);
  return { tensors, metadata, dataOffset: 8 + json.length };
}

function parseMetadata(v: unknown, fileName: string): Record<string, string> {
  if (v === null) return {};
  if (typeof v !== 'object' || Array.isArray(v)) throw new SafetensorsError(`${fileName}: __metadata__ must be an object of strings.`, fileName);
  const out: Record<string, string> = {};
  for (const [k, s] of Object.entries(v as Record<string, unknown>)) {
    if (typeof s !== 'string') throw new SafetensorsError(`${fileName}: __metadata__ value for "${k}" must be a string.`, fileName);
    out[k] = s;
  }
  return out;
}

function parseTensorEntry(name: string, v: unknown, fileName: string): StTensorInfo {
  const at = where(fileName, name);
  if (typeof v !== 'object' || v === null) throw new SafetensorsError(`${at}: entry must be an object {dtype, shape, data_offsets}.`, fileName, name);
  const e = v as Record<string, unknown>;
  if (!isStDtype(e.dtype)) {
    throw new SafetensorsError(`${at}: unknown dtype ${JSON.stringify(e.dtype)} (known: ${Object.keys(DTYPE_BYTES).join(', ')}).`, fileName, name);
  }
  if (!Array.isArray(e.shape) || !e.shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    throw new SafetensorsError(`${at}: shape ${JSON.stringify(e.shape)} must be an array of non-negative integers.`, fileName, name);
  }
  const off = e.data_offsets;
  if (!Array.isArray(off) || off.length !== 2 || !off.every((d) => Number.isSafeInteger(d) && d >= 0) || off[1] < off[0]) {
    throw new SafetensorsError(`${at}: data_offsets ${JSON.stringify(off)} must be [begin, end] with 0 <= begin <= end.`, fileName, name);
  }
  const shape = e.shape as number[];
  const expected = shape.reduce((a, d) => a * d, 1) * DTYPE_BYTES[e.dtype];
  if (off[1] - off[0] !== expected) {
    throw new SafetensorsError(
      `${at}: shape [${shape.join(', ')}] × ${e.dtype} needs ${expected} bytes but data_offsets [${off[0]}, ${off[1]}] span ${off[1] - off[0]}.`,
      fileName,
      name,
    );
  }
  return { name, dtype: e.dtype, shape: [...shape], begin: off[0], end: off[1] };
}

function checkLayout(infos: StTensorInfo[], fileName: string, dataSize?: number): void {
  // Sorted by start, a tensor overlaps something iff it starts before the furthest end so far.
  const sorted = infos.filter((t) => t.end > t.begin).sort((a, b) => a.begin - b.begin);
  let last: StTensorInfo | undefined;
  for (const cur of sorted) {
    if (last && cur.begin < last.end) {
      throw new SafetensorsError(
        `${where(fileName, cur.name)}: bytes [${cur.begin}, ${cur.end}) overlap tensor "${last.name}" [${last.begin}, ${last.end}); the file is corrupted.`,
        fileName,
        cur.name,
      );
    }
    if (!last || cur.end > last.end) last = cur;
  }
  if (dataSize === undefined) return;
  for (const t of infos) {
    if (t.end > dataSize) {
      throw new SafetensorsError(
        `${where(fileName, t.name)}: data ends at byte ${t.end} of the data section but the file only has ${dataSize} data bytes; the file is truncated (re-download it).`,
        fileName,
        t.name,
      );
    }
  }
}

/** Parses the header of a complete in-memory safetensors file. */
export function parseSafetensorsHeader(bytes: Uint8Array, fileName = 'safetensors file'): StHeader {
  const len = parseHeaderLength(bytes.subarray(0, 8), fileName, bytes.length);
  return parseHeaderJson(bytes.subarray(8, 8 + len), fileName, bytes.length - 8 - len);
}

/** Number of elements of a tensor. */
export function elementCount(shape: readonly number[]): number {
  return shape.reduce((a, d) => a * d, 1);
}

/** Reads every tensor of an in-memory file, converting each to float32. */
export function readSafetensors(bytes: Uint8Array, fileName = 'safetensors file'): Map<string, StTensor> {
  const h = parseSafetensorsHeader(bytes, fileName);
  const out = new Map<string, StTensor>();
  for (const t of h.tensors.values()) {
    const raw = bytes.subarray(h.dataOffset + t.begin, h.dataOffset + t.end);
    out.set(t.name, { dtype: t.dtype, shape: t.shape, data: decodeToF32(raw, t.dtype, elementCount(t.shape)) });
  }
  return out;
}

export interface StTensorPlan {
  name: string;
  shape: number[];
  dtype: StFloatDtype;
}

export interface StLayout {
  /** The bytes before the data: 8-byte header length, then the space-padded JSON header. */
  head: Uint8Array;
  /** Tensors in the order their data follows the head. */
  order: StTensorInfo[];
  /** Total file size. */
  size: number;
}

/**
 * Lays out a file without its data (so a big export can be streamed tensor by tensor):
 * widest dtype first, then in the given order, which keeps f32 data 4-byte aligned for
 * zero-copy views and uploads; the header is padded to 8 bytes as the reference writer does.
 */
export function planSafetensors(tensors: readonly StTensorPlan[], metadata?: Record<string, string>): StLayout {
  const seen = new Set<string>();
  for (const t of tensors) {
    if (t.name === '__metadata__' || seen.has(t.name)) throw new Error(`writeSafetensors: tensor name "${t.name}" is reserved or repeated; names must be unique.`);
    seen.add(t.name);
    if (t.dtype !== 'F32' && t.dtype !== 'F16' && t.dtype !== 'BF16') throw new Error(`writeSafetensors: tensor "${t.name}": dtype ${String(t.dtype)} cannot be written (use F32, F16 or BF16).`);
    if (!t.shape.every((d) => Number.isSafeInteger(d) && d >= 0)) throw new Error(`writeSafetensors: tensor "${t.name}": shape [${t.shape.join(', ')}] must be non-negative integers.`);
  }
  const sorted = [...tensors].sort((a, b) => DTYPE_BYTES[b.dtype] - DTYPE_BYTES[a.dtype]);
  const header: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  if (metadata && Object.keys(metadata).length) header.__metadata__ = metadata;
  const order: StTensorInfo[] = [];
  let offset = 0;
  for (const t of sorted) {
    const bytes = elementCount(t.shape) * DTYPE_BYTES[t.dtype];
    header[t.name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + bytes] };
    order.push({ name: t.name, dtype: t.dtype, shape: [...t.shape], begin: offset, end: offset + bytes });
    offset += bytes;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil(json.length / 8) * 8;
  const head = new Uint8Array(8 + padded).fill(0x20, 8);
  new DataView(head.buffer).setBigUint64(0, BigInt(padded), true);
  head.set(json, 8);
  return { head, order, size: head.length + offset };
}

/** Encodes one tensor's float32 data as planned, checking its length. */
export function encodePlanned(info: StTensorInfo, data: Float32Array): Uint8Array {
  const n = elementCount(info.shape);
  if (n !== data.length) throw new Error(`writeSafetensors: tensor "${info.name}": shape [${info.shape.join(', ')}] has ${n} elements but data has ${data.length}.`);
  return encodeFromF32(data, info.dtype as StFloatDtype);
}

/** Serialises tensors to an in-memory safetensors file (see planSafetensors for the layout). */
export function writeSafetensors(tensors: StWriteTensor[], metadata?: Record<string, string>): Uint8Array {
  const layout = planSafetensors(tensors, metadata);
  const byName = new Map(tensors.map((t) => [t.name, t]));
  const out = new Uint8Array(layout.size);
  out.set(layout.head);
  for (const info of layout.order) out.set(encodePlanned(info, byName.get(info.name)!.data), layout.head.length + info.begin);
  return out;
}
