// The non-finite guard: counts NaN/±Inf in a named list of tensors (loss, gradients) into
// one small u32 buffer, so the host reads a few bytes to learn whether — and where — a
// step went bad. The AdamW kernel reads the same buffer and skips the update on the GPU.
import type { GpuContext, Recorder, Tensor } from '../gpu';
import { countNonFinite } from '../kernels/nonfinite';

export interface NamedTensor {
  name: string;
  tensor: Tensor;
}

export interface NonFiniteReport {
  name: string;
  /** Non-finite values found in it. */
  count: number;
}

export class NonFiniteGuard {
  /** u32 [1 + tensors]: [total, per tensor...]. */
  readonly flags: Tensor<'u32'>;
  private readonly entries: NamedTensor[];
  private readonly scanned: number;

  /**
   * `entries` are scanned by record(). `countedElsewhere` get a slot too but are counted by
   * another kernel that reads them anyway (the gradient-norm pass counts gradients), in
   * slots slotOf(name).
   */
  constructor(
    readonly ctx: GpuContext,
    entries: readonly NamedTensor[],
    countedElsewhere: readonly NamedTensor[] = [],
  ) {
    const names = new Set<string>();
    for (const e of [...entries, ...countedElsewhere]) {
      if (names.has(e.name)) throw new Error(`NonFiniteGuard: two tensors are named "${e.name}"; names must be unique so a report can say which went bad`);
      names.add(e.name);
    }
    this.entries = [...entries, ...countedElsewhere];
    this.scanned = entries.length;
    this.flags = ctx.tensor([1 + this.entries.length], 'u32', undefined, 'nonfinite.flags');
  }

  /** The flags slot of a tensor (≥ 1). */
  slotOf(name: string): number {
    const i = this.entries.findIndex((e) => e.name === name);
    if (i < 0) throw new Error(`NonFiniteGuard: no tensor named "${name}"`);
    return i + 1;
  }

  /** True when this guard checks exactly these tensors under these names. */
  covers(entries: readonly NamedTensor[]): boolean {
    // Order matters: entries are the scanned ones followed by those counted elsewhere.
    return entries.length === this.entries.length && entries.every((e, i) => e.name === this.entries[i].name && e.tensor === this.entries[i].tensor);
  }

  get names(): string[] {
    return this.entries.map((e) => e.name);
  }

  /**
   * Clears the counters, then counts the scanned tensors. Record after the tensors are
   * written and before the kernels that count the others.
   */
  record(rec: Recorder): void {
    rec.clear(this.flags);
    for (let i = 0; i < this.scanned; i++) countNonFinite(rec, this.entries[i].tensor, this.flags, i + 1);
  }

  /** Tensors that held non-finite values, in list order, from the flags read back. */
  parse(flags: ArrayLike<number>): NonFiniteReport[] {
    const out: NonFiniteReport[] = [];
    this.entries.forEach((e, i) => {
      if (flags[i + 1]) out.push({ name: e.name, count: flags[i + 1] });
    });
    return out;
  }

  destroy(): void {
    this.flags.destroy();
  }
}

/** One line for logs and errors: 'NaN/Inf in "layers.3.mlp.down.grad" (12 values), ...'. */
export function describeNonFinite(bad: readonly NonFiniteReport[]): string {
  return `NaN/Inf in ${bad.map((b) => `"${b.name}" (${b.count} value${b.count === 1 ? '' : 's'})`).join(', ')}`;
}
