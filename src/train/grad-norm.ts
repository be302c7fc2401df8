// Global gradient norm over a fixed list of tensors: plans the partial-sum slots once,
// then each step records the partial sums and the finishing reduction into `out`
// = [‖g‖, clip, Σ g²]. Nothing is read back unless the caller reads `out`. The same pass
// can count non-finite gradient values into a NonFiniteGuard's flags.
import type { GpuContext, Recorder, Tensor } from '../gpu';
import { type NormFinishOptions, finishNorm, sumSquares, sumSquaresSlots } from '../kernels/grad_norm';

export interface GradNormOptions extends NormFinishOptions {
  /** Count non-finite values of tensor i into flags[flagSlots[i]] (and flags[0]). */
  flags?: Tensor;
  flagSlots?: readonly number[];
}

export class GradNorm {
  /** f32 [4]: ‖g‖ (after gradScale), clip factor, raw Σ g², unused. */
  readonly out: Tensor<'f32'>;
  private readonly partials: Tensor<'f32'>;
  /** Bound when no guard's flags are given (the kernels' layout has a flags binding). */
  private readonly noFlags: Tensor<'u32'>;
  private readonly slots: number[];
  private readonly total: number;

  constructor(
    readonly ctx: GpuContext,
    private readonly tensors: readonly Tensor[],
  ) {
    if (!tensors.length) throw new Error('GradNorm: no tensors given');
    this.slots = [];
    let at = 0;
    for (const t of tensors) {
      this.slots.push(at);
      at += sumSquaresSlots(t);
    }
    this.total = at;
    this.partials = ctx.tensor([at], 'f32', undefined, 'grad_norm.partials');
    this.out = ctx.tensor([4], 'f32', undefined, 'grad_norm.out');
    this.noFlags = ctx.tensor([1], 'u32', undefined, 'grad_norm.no_flags');
  }

  record(rec: Recorder, options: GradNormOptions = {}): void {
    const { flags, flagSlots } = options;
    if (flags && flagSlots?.length !== this.tensors.length) {
      throw new Error(`GradNorm: flagSlots must give one slot per tensor (${this.tensors.length}), got ${flagSlots?.length}`);
    }
    const f = flags ?? this.noFlags;
    this.tensors.forEach((t, i) => sumSquares(rec, t, this.partials, this.slots[i], f, flags && flagSlots ? flagSlots[i] : 0));
    finishNorm(rec, this.partials, this.total, this.out, f, options);
  }

  /** Per-tensor norms (of the raw, unscaled gradient) from the partials: for diagnostics. */
  async perTensor(): Promise<number[]> {
    const p = await this.partials.read();
    return this.tensors.map((_, i) => {
      const end = i + 1 < this.slots.length ? this.slots[i + 1] : this.total;
      let s = 0;
      for (let j = this.slots[i]; j < end; j++) s += p[j];
      return Math.sqrt(s);
    });
  }

  destroy(): void {
    this.partials.destroy();
    this.out.destroy();
    this.noFlags.destroy();
  }
}
