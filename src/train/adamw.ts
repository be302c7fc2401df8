// AdamW over a list of parameter tensors, one command encoder per update: non-finite
// guard (extra tensors such as the loss) → global grad norm (which also counts NaN/Inf in
// the gradients) → AdamW per tensor (clip factor and skip flag read on the GPU) → read
// back the flags and the norm (a few bytes). A bad step leaves weights and m/v
// bit-identical and reports which tensor went bad. Gradient accumulation: gradients add
// up across micro-batches (the backward kernels accumulate); pass gradScale = 1/n here,
// or normalise the loss by the whole batch (see losses.ts) and leave it at 1.
import type { GpuContext, Recorder, Tensor } from '../gpu';
import { adamwUpdate } from '../kernels/adamw';
import { GradNorm } from './grad-norm';
import { type NamedTensor, NonFiniteGuard, type NonFiniteReport } from './nonfinite';

export interface TrainableParam {
  /** Unique name, used in reports (e.g. "layers.3.mlp.down"). */
  name: string;
  /** f32 master weights, updated in place. */
  param: Tensor;
  /** f32 gradient, same shape; accumulated by the backward, cleared by zeroGrads(). */
  grad: Tensor;
  /** Apply weight decay (typically matrices yes, norms and biases no). */
  decay: boolean;
  /**
   * Optional f16 copy of the weights that the forward reads (f16 matrices); the update
   * writes it from the new f32 weights in the same kernel. Needs shader-f16.
   */
  shadow?: Tensor;
}

export interface AdamWConfig {
  beta1?: number; // 0.9
  beta2?: number; // 0.999
  eps?: number; // 1e-8
  weightDecay?: number; // 0; decoupled, only on params with decay: true
  /** Clip the global gradient norm to this; 0 or absent: no clipping (the norm is still reported). */
  maxGradNorm?: number;
}

export interface UpdateOptions {
  lr: number;
  /** Multiplies every gradient, e.g. 1 / micro-batches; default 1. */
  gradScale?: number;
  /** More tensors for the guard, e.g. the loss; a NaN there also skips the update. */
  check?: readonly NamedTensor[];
}

export interface UpdateReport {
  /** False when a non-finite value was found: nothing was changed. */
  applied: boolean;
  /** Updates applied so far (including this one if applied). */
  step: number;
  lr: number;
  /** Global L2 norm of the (scaled) gradient before clipping; NaN/Inf on a bad step. */
  gradNorm: number;
  /** The factor applied to gradients (1 when not clipped). */
  clip: number;
  /** Which tensors held NaN/Inf (empty when applied). */
  nonFinite: NonFiniteReport[];
}

/** An update recorded but not yet read back; pass to AdamW.finish() after submit. */
export interface PendingUpdate {
  readonly lr: number;
  readonly result: Promise<[Uint32Array, Float32Array]>;
  readonly guard: NonFiniteGuard;
}

export class AdamW {
  readonly params: readonly TrainableParam[];
  readonly m: readonly Tensor<'f32'>[];
  readonly v: readonly Tensor<'f32'>[];
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly weightDecay: number;
  readonly maxGradNorm: number;
  /** Updates applied so far (the next update uses step + 1 for bias correction). */
  step = 0;
  private readonly norm: GradNorm;
  private readonly guards = new Map<string, NonFiniteGuard>();
  private pending: PendingUpdate | null = null;

  constructor(
    readonly ctx: GpuContext,
    params: readonly TrainableParam[],
    config: AdamWConfig = {},
  ) {
    if (!params.length) throw new Error('AdamW: no parameters given');
    this.beta1 = config.beta1 ?? 0.9;
    this.beta2 = config.beta2 ?? 0.999;
    this.eps = config.eps ?? 1e-8;
    this.weightDecay = config.weightDecay ?? 0;
    this.maxGradNorm = config.maxGradNorm ?? 0;
    const fail = (msg: string): never => {
      throw new Error(`AdamW: ${msg}`);
    };
    if (!(this.beta1 >= 0 && this.beta1 < 1)) fail(`beta1 ${this.beta1} must be in [0, 1)`);
    if (!(this.beta2 >= 0 && this.beta2 < 1)) fail(`beta2 ${this.beta2} must be in [0, 1)`);
    if (!(this.eps > 0)) fail(`eps ${this.eps} must be > 0`);
    if (!(this.weightDecay >= 0)) fail(`weightDecay ${this.weightDecay} must be ≥ 0`);
    if (!(this.maxGradNorm >= 0) || !Number.isFinite(this.maxGradNorm)) fail(`maxGradNorm ${this.maxGradNorm} must be ≥ 0 (0 turns clipping off)`);
    const names = new Set<string>();
    for (const p of params) {
      if (names.has(p.name)) fail(`two parameters are named "${p.name}"`);
      names.add(p.name);
      if (p.param.dtype !== 'f32' || p.grad.dtype !== 'f32') {
        fail(`"${p.name}" has ${p.param.dtype} weights and ${p.grad.dtype} gradients; AdamW keeps f32 master weights and f32 gradients (cast an f16 copy for the forward)`);
      }
      if (p.param.shape.join() !== p.grad.shape.join()) fail(`"${p.name}" weights [${p.param.shape}] and gradient [${p.grad.shape}] differ in shape`);
      if (p.shadow && (p.shadow.dtype !== 'f16' || p.shadow.shape.join() !== p.param.shape.join())) {
        fail(`"${p.name}" f16 copy must be f16 with the weights' shape [${p.param.shape}], got ${p.shadow.dtype} [${p.shadow.shape}]`);
      }
      if (p.shadow && !ctx.features.f16) fail(`"${p.name}" has an f16 copy but this GPU lacks shader-f16; keep the forward weights in f32`);
    }
    this.params = [...params];
    this.m = params.map((p) => ctx.tensor(p.param.shape, 'f32', undefined, `${p.name}.adam_m`));
    this.v = params.map((p) => ctx.tensor(p.param.shape, 'f32', undefined, `${p.name}.adam_v`));
    ctx.run((rec) => {
      for (const t of [...this.m, ...this.v]) rec.clear(t);
    }, 'adamw.init');
    this.norm = new GradNorm(ctx, params.map((p) => p.grad));
  }

  /** Clears every gradient (before the first micro-batch of a step). */
  zeroGrads(rec: Recorder): void {
    for (const p of this.params) rec.clear(p.grad);
  }

  /**
   * Records guard + norm + update into `rec` and schedules the readback of the flags and
   * the norm. Submit `rec`, then `await finish(pending)` before recording the next update
   * (bias correction needs to know whether this one was applied).
   */
  record(rec: Recorder, options: UpdateOptions): PendingUpdate {
    if (this.pending) throw new Error('AdamW: the previous update was not finished; await finish() before recording the next one');
    const lr = options.lr;
    const gradScale = options.gradScale ?? 1;
    if (!(lr >= 0) || !Number.isFinite(lr)) throw new Error(`AdamW: lr ${lr} must be a finite number ≥ 0`);
    if (!(gradScale > 0) || !Number.isFinite(gradScale)) throw new Error(`AdamW: gradScale ${gradScale} must be a positive number`);
    const guard = this.guardFor(options.check ?? []);
    guard.record(rec); // clears the flags, scans the extra tensors
    const flagSlots = this.params.map((p) => guard.slotOf(`${p.name}.grad`));
    this.norm.record(rec, { gradScale, maxNorm: this.maxGradNorm, flags: guard.flags, flagSlots }); // counts NaN/Inf in gradients
    this.params.forEach((p, i) => {
      adamwUpdate(
        rec,
        { param: p.param, grad: p.grad, m: this.m[i], v: this.v[i], norm: this.norm.out, flags: guard.flags, shadow: p.shadow },
        {
          lr,
          beta1: this.beta1,
          beta2: this.beta2,
          eps: this.eps,
          weightDecay: p.decay ? this.weightDecay : 0,
          step: this.step + 1,
          gradScale,
        },
      );
    });
    const result = Promise.all([rec.read(guard.flags), rec.read(this.norm.out)]);
    this.pending = { lr, result, guard };
    return this.pending;
  }

  async finish(pending: PendingUpdate): Promise<UpdateReport> {
    if (pending !== this.pending) throw new Error('AdamW: finish() got an update this optimizer is not waiting for');
    try {
      const [flags, norm] = await pending.result;
      const applied = flags[0] === 0;
      if (applied) this.step++;
      return { applied, step: this.step, lr: pending.lr, gradNorm: norm[0], clip: applied ? norm[1] : 0, nonFinite: pending.guard.parse(flags) };
    } finally {
      this.pending = null;
    }
  }

  /** record + submit + finish in one call (its own recorder). */
  async update(options: UpdateOptions): Promise<UpdateReport> {
    const rec = this.ctx.recorder('adamw.update');
    const pending = this.record(rec, options);
    rec.submit();
    return this.finish(pending);
  }

  /** Per-parameter gradient norms of the last recorded update (raw, before gradScale). */
  gradNormsByParam(): Promise<{ name: string; norm: number }[]> {
    return this.norm.perTensor().then((n) => this.params.map((p, i) => ({ name: p.name, norm: n[i] })));
  }

  destroy(): void {
    for (const t of [...this.m, ...this.v]) t.destroy();
    this.norm.destroy();
    for (const g of this.guards.values()) g.destroy();
  }

  // One guard per set of extra tensors, so their flag buffers are reused step after step.
  // Gradients get slots but are counted by the grad-norm pass, which reads them anyway.
  private guardFor(extra: readonly NamedTensor[]): NonFiniteGuard {
    const grads: NamedTensor[] = this.params.map((p) => ({ name: `${p.name}.grad`, tensor: p.grad }));
    const entries = [...extra, ...grads];
    const key = entries.map((e) => e.name).join('\n');
    let g = this.guards.get(key);
    if (!g || !g.covers(entries)) {
      g?.destroy();
      g = new NonFiniteGuard(this.ctx, extra, grads);
      this.guards.set(key, g);
    }
    return g;
  }
}
