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

  constructor(
    readonly ctx: GpuContext,
    entries: readonly NamedTensor[],
  ) {
    const names = new Set<string>();
    for (const e of entries) {
      if (names.has(e.name)) throw new Error(`NonFiniteGuard: two tensors are named "${e.name}"; names must be unique so a report can say which went bad`);
      names.add(e.name);
    }
    this.entries = [...entries];
    this.flags = ctx.tensor([1 + entries.length], 'u32', undefined, 'nonfinite.flags');
  }

  /** True when this guard checks exactly these tensors under these names. */
  covers(entries: readonly NamedTensor[]): boolean {
    return entries.length === this.entries.length && entries.every((e, i) => e.name === this.entries[i].name && e.tensor === this.entries[i].tensor);
  }

  get names(): string[] {
    return this.entries.map((e) => e.name);
  }

  /** Clears the counters, then counts every tensor. Record after the tensors are written. */
  record(rec: Recorder): void {
    rec.clear(this.flags);
    this.entries.forEach((e, i) => countNonFinite(rec, e.tensor, this.flags, i + 1));
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
