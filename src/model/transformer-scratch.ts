// Temporaries of recorded forwards that come back as the same buffers step after step:
// bind groups are cached per buffer, so a decode loop that got fresh pool buffers every
// step would rebuild ~400 bind groups per token. A tensor is handed out by (label, shape,
// dtype); release() (after the submit) makes everything reusable again; shapes unused
// for a few releases are destroyed, so a one-off prefill shape does not stay resident.
import type { DType, GpuContext, Tensor, TensorData } from '../gpu';

const KEEP_RELEASES = 4;

export class ScratchTensors {
  private free = new Map<string, Tensor[]>();
  private lastUsed = new Map<string, number>();
  private inUse: { key: string; t: Tensor }[] = [];
  private retired: Tensor[] = [];
  private releases = 0;

  constructor(private readonly ctx: GpuContext) {}

  /** A tensor for this recording (uploaded with `data` if given), reused after release(). */
  get<D extends DType>(shape: readonly number[], dtype: D, label: string, data?: TensorData): Tensor<D> {
    const key = `${label}|${dtype}|${shape.join('x')}`;
    const t = (this.free.get(key)?.pop() as Tensor<D> | undefined) ?? this.ctx.tensor(shape, dtype, undefined, label);
    if (data) t.write(data);
    this.inUse.push({ key, t });
    this.lastUsed.set(key, this.releases);
    return t;
  }

  /** Destroys `t` at the next release (a recorder not yet submitted may still read it). */
  retire(t: Tensor): void {
    this.retired.push(t);
  }

  /** Call after submitting the recordings that used the tensors handed out so far. */
  release(): void {
    this.releases++;
    for (const { key, t } of this.inUse) {
      let list = this.free.get(key);
      if (!list) this.free.set(key, (list = []));
      list.push(t);
    }
    this.inUse = [];
    for (const t of this.retired) t.destroy();
    this.retired = [];
    for (const [key, list] of this.free) {
      if (this.releases - (this.lastUsed.get(key) ?? 0) > KEEP_RELEASES) {
        for (const t of list) t.destroy();
        this.free.delete(key);
        this.lastUsed.delete(key);
      }
    }
  }

  destroy(): void {
    this.release();
    for (const list of this.free.values()) for (const t of list) t.destroy();
    this.free.clear();
  }
}
