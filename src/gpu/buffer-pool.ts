// Reuses GPU buffers by size class so that a training step allocates nothing after
// the first one. Classes are 4 per octave (m·2^k, m = 4..7), so a pooled buffer wastes
// at most 25% over the request; sizes are multiples of 256 bytes, which keeps every
// binding offset and vec4 view aligned.

export interface PoolStats {
  /** acquire() calls served from the pool. */
  hits: number;
  /** acquire() calls that created a buffer. */
  misses: number;
  /** Bytes in buffers currently handed out. */
  bytesInUse: number;
  /** Bytes in buffers sitting idle in the pool. */
  bytesIdle: number;
}

export function sizeClass(bytes: number): number {
  const min = 256;
  if (bytes <= min) return min;
  const k = Math.floor(Math.log2(bytes)) - 2; // bytes in [4·2^k, 8·2^k)
  const step = 2 ** k;
  const cls = Math.ceil(bytes / step) * step;
  return Math.ceil(cls / min) * min;
}

/**
 * Something that may still use a released buffer before it reaches the GPU (an open
 * recorder). The pool keeps the buffer until every such holder has called holderDone().
 */
export type PoolHolder = object;

export class BufferPool {
  private idle = new Map<string, GPUBuffer[]>();
  private idleSet = new Set<GPUBuffer>();
  /** Released, not reusable yet → how many conditions are still outstanding (see release()). */
  private pending = new Map<GPUBuffer, number>();
  /** Released since the last submit. */
  private awaitingSubmit = new Set<GPUBuffer>();
  private byHolder = new Map<PoolHolder, GPUBuffer[]>();
  private owned = new WeakSet<GPUBuffer>();
  readonly stats: PoolStats = { hits: 0, misses: 0, bytesInUse: 0, bytesIdle: 0 };

  constructor(
    private readonly create: (size: number, usage: GPUBufferUsageFlags, label: string) => GPUBuffer,
    private readonly onDestroy: (buffer: GPUBuffer) => void,
  ) {}

  /**
   * A buffer of at least `bytes` bytes. Its size may be larger (size class) or, for
   * requests above the largest class that fits `maxSize`, exactly `bytes`.
   */
  acquire(bytes: number, usage: GPUBufferUsageFlags, label: string, maxSize = Infinity): GPUBuffer {
    let size = sizeClass(bytes);
    if (size > maxSize) size = Math.ceil(bytes / 4) * 4;
    const key = `${usage}:${size}`;
    const list = this.idle.get(key);
    const reused = list?.pop();
    if (reused) {
      this.idleSet.delete(reused);
      this.stats.hits++;
      this.stats.bytesIdle -= size;
      this.stats.bytesInUse += size;
      return reused;
    }
    const buffer = this.create(size, usage, label);
    this.owned.add(buffer);
    this.stats.misses++;
    this.stats.bytesInUse += size;
    return buffer;
  }

  /**
   * Returns a buffer for reuse. It becomes reusable after the next submit() AND after
   * holderDone() of every holder given here (the open recorders that recorded work using
   * it): until that work is submitted, a new owner's queue.writeBuffer would land before
   * it. Any other recorder's submit does not release it.
   */
  release(buffer: GPUBuffer, holders: Iterable<PoolHolder> = []): void {
    if (!this.owned.has(buffer)) throw new Error('BufferPool.release: buffer does not belong to this pool');
    if (this.pending.has(buffer) || this.idleSet.has(buffer)) {
      throw new Error(`BufferPool.release: buffer "${buffer.label}" released twice`);
    }
    let outstanding = 1;
    for (const h of holders) {
      let list = this.byHolder.get(h);
      if (!list) this.byHolder.set(h, (list = []));
      list.push(buffer);
      outstanding++;
    }
    this.pending.set(buffer, outstanding);
    this.awaitingSubmit.add(buffer);
    this.stats.bytesInUse -= buffer.size;
    this.stats.bytesIdle += buffer.size;
  }

  /** Called after each queue.submit: the "next submit" condition of every pending release is met. */
  submitted(): void {
    const done = this.awaitingSubmit;
    this.awaitingSubmit = new Set();
    for (const b of done) this.settle(b);
  }

  /** `holder` submitted (or gave up) everything it recorded: its releases may proceed. */
  holderDone(holder: PoolHolder): void {
    const list = this.byHolder.get(holder);
    if (!list) return;
    this.byHolder.delete(holder);
    for (const b of list) this.settle(b);
  }

  /** Destroys every idle buffer (frees GPU memory; call between phases, not per step). */
  trim(): void {
    let pendingBytes = 0;
    for (const b of this.pending.keys()) pendingBytes += b.size;
    for (const list of this.idle.values()) {
      for (const b of list) {
        this.onDestroy(b);
        b.destroy();
      }
    }
    this.idle.clear();
    this.idleSet.clear();
    this.stats.bytesIdle = pendingBytes;
  }

  private settle(buffer: GPUBuffer): void {
    const left = (this.pending.get(buffer) ?? 0) - 1;
    if (left > 0) {
      this.pending.set(buffer, left);
      return;
    }
    this.pending.delete(buffer);
    const key = `${buffer.usage}:${buffer.size}`;
    let list = this.idle.get(key);
    if (!list) this.idle.set(key, (list = []));
    list.push(buffer);
    this.idleSet.add(buffer);
  }
}
