// A tensor is a shape, a dtype and one or more GPU buffers ("shards"). The tensor is
// viewed as rows × rowLength (rowLength = last dim, rows = product of the others); when
// it is larger than one storage binding it is split along rows, each shard its own
// buffer. Kernels that accept large tensors loop over `shards` (or over shardSegments()
// for several operands) and pass each shard's row offset as a parameter.
import type { GpuContext } from './context';
import { type DType, type HostArray, bytesPerElement, toF16Bits } from './dtype';
import { GpuLimitError } from './errors';

export interface TensorShard {
  /** A GPUBufferBinding: pass it straight to a dispatch. */
  readonly buffer: GPUBuffer;
  readonly offset: number;
  /** Bytes of this shard's rows, rounded up to 4. */
  readonly size: number;
  /** First row of the tensor held by this shard. */
  readonly rowStart: number;
  readonly rows: number;
}

export type TensorData = Float32Array | Uint16Array | Int32Array | Uint32Array | readonly number[];

export interface RowRange {
  rowStart?: number;
  rows?: number;
}

/** Elements in row-major order, e.g. a few entries of a 1-D tensor. */
export interface ElementRange {
  start?: number;
  count?: number;
}

export type ReadRange = RowRange | ElementRange;

export class Tensor<D extends DType = DType> {
  readonly shape: readonly number[];
  readonly numel: number;
  readonly rows: number;
  readonly rowLength: number;
  readonly byteLength: number;
  readonly shards: readonly TensorShard[];
  private destroyed = false;

  constructor(
    readonly ctx: GpuContext,
    shape: readonly number[],
    readonly dtype: D,
    readonly label: string,
  ) {
    for (const d of shape) {
      if (!Number.isInteger(d) || d < 1) throw new Error(`Tensor "${label}": bad shape [${shape.join(', ')}]`);
    }
    this.shape = [...shape];
    this.rowLength = shape.length ? shape[shape.length - 1] : 1;
    this.rows = shape.slice(0, -1).reduce((a, b) => a * b, 1);
    this.numel = this.rows * this.rowLength;
    this.byteLength = this.numel * bytesPerElement(dtype);
    const plan = planShards(this.rows, this.rowLength * bytesPerElement(dtype), ctx.maxBindingBytes, label, this.shape);
    this.shards = plan.map((p, i) => ({
      buffer: ctx.allocate(p.bytes, plan.length > 1 ? `${label}[${i}]` : label),
      offset: 0,
      size: Math.ceil(p.bytes / 4) * 4,
      rowStart: p.rowStart,
      rows: p.rows,
    }));
  }

  get isSharded(): boolean {
    return this.shards.length > 1;
  }

  /** The whole tensor as one binding; throws if it is split across buffers. */
  binding(): TensorShard {
    this.assertAlive();
    if (this.shards.length !== 1) {
      throw new Error(`Tensor "${this.label}" is split into ${this.shards.length} shards; this kernel must dispatch per shard`);
    }
    return this.shards[0];
  }

  /**
   * Uploads `data` into rows starting at `rowStart` (whole rows; default: the whole tensor)
   * through queue.writeBuffer: it lands before any recorder submitted after this call,
   * even one that recorded its dispatches earlier. Use Recorder.write() to upload in
   * recording order instead.
   */
  write(data: TensorData, rowStart = 0): this {
    for (const c of this.uploadChunks(data, rowStart)) {
      this.ctx.queue.writeBuffer(c.shard.buffer, c.byteOffset, c.data.buffer, c.data.byteOffset, c.data.byteLength);
    }
    return this;
  }

  /** Splits an upload of whole rows into per-shard pieces whose sizes are multiples of 4 bytes. */
  uploadChunks(data: TensorData, rowStart = 0): { shard: TensorShard; byteOffset: number; data: Uint8Array }[] {
    this.assertAlive();
    const bpe = bytesPerElement(this.dtype);
    const raw = toRaw(this.dtype, data);
    if (raw.length % this.rowLength !== 0) {
      throw new Error(`Tensor "${this.label}": write of ${raw.length} elements is not a whole number of rows of ${this.rowLength}`);
    }
    const rows = raw.length / this.rowLength;
    if (rowStart < 0 || rowStart + rows > this.rows) {
      throw new RangeError(`Tensor "${this.label}": write of rows [${rowStart}, ${rowStart + rows}) outside [0, ${this.rows})`);
    }
    const chunks: { shard: TensorShard; byteOffset: number; data: Uint8Array }[] = [];
    for (const s of this.shards) {
      const a = Math.max(rowStart, s.rowStart);
      const b = Math.min(rowStart + rows, s.rowStart + s.rows);
      if (a >= b) continue;
      const elemStart = (a - rowStart) * this.rowLength;
      const count = (b - a) * this.rowLength;
      const byteOffset = (a - s.rowStart) * this.rowLength * bpe;
      const bytes = count * bpe;
      if (byteOffset % 4 !== 0 || (bytes % 4 !== 0 && b !== s.rowStart + s.rows)) {
        throw new Error(`Tensor "${this.label}": f16 rows of odd length can only be written from an even row to the end of a shard`);
      }
      let chunk = raw.subarray(elemStart, elemStart + count);
      if (bytes % 4 !== 0) {
        // Pad to 4 bytes: the extra half-word lands in the shard's own padding.
        const padded = new Uint16Array(count + 1);
        padded.set(chunk as Uint16Array);
        chunk = padded;
      }
      chunks.push({ shard: s, byteOffset, data: new Uint8Array(chunk.buffer, chunk.byteOffset, Math.ceil(bytes / 4) * 4) });
    }
    return chunks;
  }

  /** Reads back all, rows or elements (f16 is widened to f32). Submits its own copy. */
  read(range?: ReadRange): Promise<HostArray<D>> {
    return this.ctx.read(this, range);
  }

  /**
   * Returns the buffers to the pool. Safe at any time, even with recorded work that uses
   * this tensor still unsubmitted: the pool hands the buffers out again only after the
   * next submit and after every open recorder that used them has been submitted.
   */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    for (const s of this.shards) this.ctx.free(s.buffer);
  }

  get isDestroyed(): boolean {
    return this.destroyed;
  }

  assertAlive(): void {
    if (this.destroyed) throw new Error(`Tensor "${this.label}" was used after destroy()`);
  }
}

interface ShardPlan {
  rowStart: number;
  rows: number;
  bytes: number;
}

/** Deterministic: equal (rows, rowBytes, limit) always give equal boundaries. */
export function planShards(rows: number, rowBytes: number, maxBindingBytes: number, label: string, shape: readonly number[]): ShardPlan[] {
  if (rowBytes > maxBindingBytes) {
    throw new GpuLimitError(
      'maxStorageBufferBindingSize',
      rowBytes,
      maxBindingBytes,
      `One row (${shape[shape.length - 1]} elements) of tensor "${label}" [${shape.join(', ')}]`,
    );
  }
  const perShard = Math.floor(maxBindingBytes / rowBytes);
  const plans: ShardPlan[] = [];
  for (let r = 0; r < rows; r += perShard) {
    const n = Math.min(perShard, rows - r);
    plans.push({ rowStart: r, rows: n, bytes: n * rowBytes });
  }
  return plans;
}

function toRaw(dtype: DType, data: TensorData): Float32Array | Uint16Array | Int32Array | Uint32Array {
  switch (dtype) {
    case 'f32':
      return data instanceof Float32Array ? data : Float32Array.from(data as ArrayLike<number>);
    case 'f16':
      return data instanceof Uint16Array ? data : toF16Bits(data as ArrayLike<number>);
    case 'i32':
      return data instanceof Int32Array ? data : Int32Array.from(data as ArrayLike<number>);
    case 'u32':
      return data instanceof Uint32Array ? data : Uint32Array.from(data as ArrayLike<number>);
  }
}

/** A row range over which every operand lies in a single shard. */
export interface ShardSegment {
  rowStart: number;
  rows: number;
  /** Per operand: its shard, and the row in that shard where the segment starts. */
  parts: { shard: TensorShard; rowOffset: number }[];
}

/**
 * Splits the common row range of several tensors (equal `rows`) into segments that sit
 * inside one shard of each. Operands with different dtypes shard differently, so this is
 * what an element-wise kernel over sharded tensors iterates.
 */
export function shardSegments(tensors: readonly Tensor[]): ShardSegment[] {
  const rows = tensors[0].rows;
  for (const t of tensors) {
    if (t.rows !== rows) throw new Error(`shardSegments: "${t.label}" has ${t.rows} rows, expected ${rows}`);
  }
  const cuts = new Set<number>([0, rows]);
  for (const t of tensors) for (const s of t.shards) cuts.add(s.rowStart);
  const sorted = [...cuts].sort((a, b) => a - b);
  const segs: ShardSegment[] = [];
  for (let i = 0; i + 1 < sorted.length; i++) {
    const a = sorted[i];
    const parts = tensors.map((t) => {
      const shard = t.shards.find((s) => a >= s.rowStart && a < s.rowStart + s.rows)!;
      return { shard, rowOffset: a - shard.rowStart };
    });
    segs.push({ rowStart: a, rows: sorted[i + 1] - a, parts });
  }
  return segs;
}
