// One optimisation step of full fine-tuning: micro-batches recorded as forward → loss →
// backward (gradients accumulate on the GPU, one submit each so activations of one
// micro-batch at a time are resident), then the guarded AdamW update recorded with the
// last micro-batch. SFT: weighted NLL normalised by the whole batch's weight count. GRPO:
// several optimisation epochs over one batch, the old log-probs frozen at the first
// epoch's forward (copied on the GPU, no extra pass) unless the caller gives them.
import type { GpuContext, Recorder, Tensor } from '../gpu';
import { AdamW, type AdamWConfig, type UpdateReport } from './adamw';
import { GrpoLoss, type GrpoSettings, grpoBatchCounts } from './losses';
import { type MemoryPlan, planMemory } from './memory-plan';
import { recordBackward } from './model-backward';
import { type PackedBatch, type TrainableModel, allocatedBytes, packForTraining } from './model-forward-train';
import { packPrefixTree } from './prefix-tree';
import { GATHER_NONE, gatherScalars, scatterScalars } from '../kernels/gather';
import { checkSchedule, learningRate, type LrSchedule } from './schedule';

/** An SFT example: loss on the completion tokens (each weighted by `weights[i]`, default 1). */
export interface SftExample {
  prompt: readonly number[];
  completion: readonly number[];
  weights?: readonly number[];
}

/** A GRPO example: one sampled completion, its advantage, and optionally its frozen log-probs. */
export interface GrpoExample {
  prompt: readonly number[];
  completion: readonly number[];
  advantage: number;
  /** log p_old of each completion token (sampling policy); default: this step's first forward. */
  logpOld?: ArrayLike<number>;
  /** log p_ref of each completion token (needed when klBeta > 0). */
  logpRef?: ArrayLike<number>;
}

export interface TrainerOptions {
  optimizer: AdamWConfig;
  schedule: LrSchedule;
  /** Sequences per micro-batch (default: all in one). */
  microBatch?: number;
  /** Token id that pads GRPO rows to a common length (never scored). Default 0. */
  padId?: number;
  /**
   * Activation recomputation: keep only each layer's input during the forward and
   * re-run the layer right before its backward (one layer's activations resident instead
   * of all layers'; about one more forward of compute). Same gradients. Default off.
   */
  recompute?: boolean;
  /**
   * GRPO: consecutive examples with the same prompt share one forward and backward of it
   * (prefix-tree.ts): the same loss and gradients for far fewer rows when G rollouts of a
   * long prompt differ only in short completions (DuST's judgments). Default on.
   */
  sharePrefixes?: boolean;
  /**
   * GRPO: the temperature the rollouts were sampled at. Their log-probs (old, new and those of
   * completionLogProbs) are of softmax(logits / temperature), the distribution they came from
   * (verl's convention; top-p / top-k truncation is not modelled, as there). SFT ignores it.
   * Default 1.
   */
  temperature?: number;
}

/** The planner's estimate for the last step's shape beside what the GPU context actually holds. */
export interface MemoryReport {
  /** planMemory for this model, mode, recomputation and the last step's largest micro-batch. */
  estimate: MemoryPlan;
  /** Bytes of GPU buffers as the pool sized them. */
  actual: {
    /** Model weights (and LoRA A, B). */
    weights: number;
    /** Gradients of the trained parameters. */
    gradients: number;
    /** AdamW m and v. */
    optimizer: number;
    /** Peak temporaries of one micro-batch's recording: activations, backward buffers, batch inputs. */
    activations: number;
    /** Every buffer of the context in use (pool bytes in use): the above, kernel workspaces (LM-head logits chunk, norm partials), loss buffers, and anything else allocated on this context. */
    total: number;
  };
  /** estimate.total / actual.total. */
  ratio: number;
}

export interface StepReport {
  /** Update applied (false: a non-finite value was found; nothing changed). */
  applied: boolean;
  step: number;
  lr: number;
  loss: number;
  /** Loss tokens (masked completion tokens) in the batch. */
  tokens: number;
  /** Token rows through forward + backward (prompts and padding included; a shared prompt once). */
  rows: number;
  /** rows per second of wall time. */
  tokensPerSecond: number;
  seconds: number;
  gradNorm: number;
  clip: number;
  nonFinite: UpdateReport['nonFinite'];
  /** GRPO only: means over the batch's tokens. */
  meanRatio?: number;
  clipFraction?: number;
  /** KL to the reference (NaN without reference log-probs), and approx KL to the old policy. */
  meanKl?: number;
  approxKlOld?: number;
}

export class Trainer {
  readonly opt: AdamW;
  private readonly microBatch: number;
  private readonly padId: number;
  private grpoLosses = new Map<string, GrpoLoss>();
  private readonly recompute: boolean;
  /** 1 / the rollouts' sampling temperature (GRPO log-probs). */
  private readonly logitScale: number;
  /** Largest micro-batch so far (sequences × padded length), for memoryReport(). */
  private largest: { sequences: number; length: number } | null = null;

  constructor(
    readonly model: TrainableModel,
    readonly options: TrainerOptions,
  ) {
    checkSchedule(options.schedule);
    this.microBatch = options.microBatch ?? Infinity;
    if (!(this.microBatch >= 1)) throw new Error(`trainer: microBatch ${options.microBatch} must be ≥ 1`);
    this.padId = options.padId ?? 0;
    this.recompute = options.recompute ?? false;
    const temperature = options.temperature ?? 1;
    if (!(temperature > 0 && Number.isFinite(temperature))) throw new Error(`trainer: temperature ${options.temperature} must be a positive number`);
    this.logitScale = 1 / temperature;
    if (!Number.isInteger(this.padId) || this.padId < 0 || this.padId >= model.cfg.vocabSize) throw new Error(`trainer: padId ${this.padId} is outside the vocabulary`);
    this.opt = new AdamW(model.ctx, model.trainableParams(), options.optimizer);
  }

  private get ctx(): GpuContext {
    return this.model.ctx;
  }

  /** One SFT update over `examples`: Σ w·(−log p) over all completion tokens / their number. */
  async sftStep(examples: readonly SftExample[]): Promise<StepReport> {
    if (examples.length === 0) throw new Error('SFT step: no examples');
    const rows = examples.map((e, i) => sftRow(e, i));
    // Σ w·(−log p) over the batch's completion tokens, divided by their count (the mean NLL
    // with unit weights; the golden weighted loss's convention otherwise).
    const total = rows.reduce((a, r) => a + r.count, 0);
    const t0 = performance.now();
    const lr = learningRate(this.options.schedule, this.opt.step);
    const parts = chunk(rows, this.microBatch);
    let loss = 0;
    let seen = 0;
    let pending = null;
    this.ctx.run((rec) => this.model.zeroGrads(rec), 'sft zero grads');
    for (let m = 0; m < parts.length; m++) {
      const mb = parts[m];
      const batch = packForTraining(mb.map((r) => r.tokens));
      const scale = new Float32Array(batch.tokens.length);
      let at = 0;
      for (const r of mb) {
        r.scale.forEach((w, i) => (scale[at + i] = w / total));
        at += r.tokens.length;
      }
      this.noteShape(batch);
      const logp = this.submitRecorded('sft micro-batch', (rec) => {
        const s = this.model.forward(rec, batch, undefined, { recompute: this.recompute });
        const sc = this.model.alloc([batch.tokens.length], 'f32', 'sft scale', scale);
        recordBackward(rec, this.model, s, { scale: sc });
        if (m === parts.length - 1) pending = this.opt.record(rec, { lr, check: [{ name: 'logp', tensor: s.logp }] });
        return rec.read(s.logp);
      });
      const lp = await logp;
      for (let i = 0; i < scale.length; i++) if (scale[i] !== 0) loss -= scale[i] * lp[i];
      seen += batch.tokens.length;
    }
    const report = await this.opt.finish(pending!);
    const seconds = (performance.now() - t0) / 1000;
    return { ...updateFields(report), loss, tokens: rows.reduce((a, r) => a + r.count, 0), rows: seen, tokensPerSecond: seen / seconds, seconds };
  }

  /**
   * GRPO on one batch: `epochs` updates, each over every micro-batch, with the old
   * log-probs frozen (given, or taken from the first epoch's forward). One report per epoch.
   */
  async grpoStep(examples: readonly GrpoExample[], settings: GrpoSettings, opts: { epochs?: number } = {}): Promise<StepReport[]> {
    const epochs = opts.epochs ?? 1;
    if (!Number.isInteger(epochs) || epochs < 1) throw new Error(`GRPO step: epochs ${epochs} must be a positive integer`);
    if (examples.length === 0) throw new Error('GRPO step: no examples');
    examples.forEach((e, i) => checkGrpoExample(e, i, (settings.klBeta ?? 0) > 0));
    // Dr. GRPO's max_len, unless given: the batch's longest completion, whatever the grid
    // layout (a grid with prompts would otherwise divide by prompt + completion).
    if (settings.aggregation === 'dr-grpo' && settings.maxLen === undefined) settings = { ...settings, maxLen: Math.max(...examples.map((e) => e.completion.length)) };
    const share = this.options.sharePrefixes ?? true;
    // Columns of the loss's [rows, L] grid: whole rows, or (prefix sharing) completions only.
    const L = Math.max(...examples.map((e) => (share ? 0 : e.prompt.length) + e.completion.length));
    const parts = chunk(examples.map((e, i) => ({ e, i })), this.microBatch);
    const counts = grpoBatchCounts(examples.map((e) => e.completion.length), settings.aggregation);
    // Host-side tensors of each micro-batch, kept for all epochs.
    const mbs = parts.map((mb) => this.grpoInputs(mb.map((x) => x.e), L, share));
    const reports: StepReport[] = [];
    try {
      for (let epoch = 0; epoch < epochs; epoch++) {
        const t0 = performance.now();
        const lr = learningRate(this.options.schedule, this.opt.step);
        this.ctx.run((rec) => this.model.zeroGrads(rec), 'grpo zero grads');
        let pending = null;
        let loss = 0;
        const acc = { tokens: 0, ratio: 0, clip: 0, kl: 0, klOld: 0 };
        let seen = 0;
        for (let m = 0; m < mbs.length; m++) {
          const mb = mbs[m];
          const B = mb.rows;
          const grpo = this.grpoLoss(B, L);
          this.noteShape(mb.batch);
          const stats = this.submitRecorded('grpo micro-batch', (rec) => {
            const s = this.model.forward(rec, mb.batch, mb.tree ? undefined : [B, L], { recompute: this.recompute, logitScale: this.logitScale });
            let logp = s.logp;
            let dLogp = grpo.dLogpNew;
            if (mb.tree) {
              // Tree rows → the loss's [rollouts, completion] grid, and its gradient back.
              logp = this.model.alloc([B, L], 'f32', 'grpo logp grid');
              dLogp = this.model.alloc([s.tokens], 'f32', 'grpo dlogp rows');
              gatherScalars(rec, s.logp, mb.tree.index, logp);
            }
            if (epoch === 0 && !mb.oldGiven) rec.copy(logp, mb.logpOld);
            grpo.record(rec, { logpNew: logp, logpOld: mb.logpOld, logpRef: mb.logpRef ?? undefined, advantages: mb.advantages, mask: mb.mask }, settings, counts);
            if (mb.tree) scatterScalars(rec, grpo.dLogpNew, mb.tree.index, dLogp);
            recordBackward(rec, this.model, s, { dLogp });
            if (m === mbs.length - 1) pending = this.opt.record(rec, { lr, check: [{ name: 'grpo loss', tensor: grpo.stats }] });
            return rec.read(grpo.stats);
          });
          const r = grpo.parse(await stats);
          loss += r.loss;
          acc.tokens += r.stats.tokens;
          acc.ratio += r.stats.meanRatio * r.stats.tokens;
          acc.clip += r.stats.clipFraction * r.stats.tokens;
          acc.kl += r.stats.meanKl * r.stats.tokens;
          acc.klOld += r.stats.approxKlOld * r.stats.tokens;
          seen += mb.batch.tokens.length;
        }
        const report = await this.opt.finish(pending!);
        const seconds = (performance.now() - t0) / 1000;
        reports.push({
          ...updateFields(report),
          loss,
          tokens: acc.tokens,
          rows: seen,
          tokensPerSecond: seen / seconds,
          seconds,
          meanRatio: acc.ratio / acc.tokens,
          clipFraction: acc.clip / acc.tokens,
          meanKl: acc.kl / acc.tokens,
          approxKlOld: acc.klOld / acc.tokens,
        });
      }
    } finally {
      for (const mb of mbs) for (const t of [mb.logpOld, mb.logpRef, mb.advantages, mb.mask, mb.tree?.index]) t?.destroy();
    }
    return reports;
  }

  /**
   * Records one submission with `fn` and submits it. If recording throws, the recorder is
   * abandoned (staging and upload buffers released, its reads rejected) and the model's
   * scratch returned before the error propagates, so a failed step leaks nothing.
   */
  private submitRecorded<T>(label: string, fn: (rec: Recorder) => T): T {
    const rec = this.ctx.recorder(label);
    let value: T;
    try {
      value = fn(rec);
    } catch (e) {
      rec.abandon(e);
      this.model.release();
      throw e;
    }
    rec.submit();
    this.model.release();
    return value;
  }

  /** log p of each completion token under the current weights (forward only). */
  completionLogProbs(items: readonly { prompt: readonly number[]; completion: readonly number[] }[]): Promise<Float32Array[]> {
    return completionLogProbs(this.model, items, { microBatch: this.microBatch, recompute: this.recompute, sharePrefixes: this.options.sharePrefixes ?? true, temperature: this.options.temperature });
  }

  /**
   * The memory planner's estimate for this trainer's setting beside the actual allocation
   * (call after a step). The estimate's shape is the largest micro-batch seen, as
   * sequences × longest row (SFT packs rows, so the estimate is an upper bound there).
   */
  memoryReport(): MemoryReport {
    if (!this.largest) throw new Error('memory report: run a training step first; the actual allocation is known only after one');
    const { model } = this;
    const lora = model.lora;
    const limits = { maxBufferSize: this.ctx.limits.maxBufferSize, maxStorageBufferBindingSize: this.ctx.limits.maxStorageBufferBindingSize };
    const estimate = planMemory({
      model: { ...model.cfg, maxPositions: Math.max(model.cfg.maxPositions, this.largest.length) },
      mode: lora ? { kind: 'lora', rank: lora.config.rank, targets: lora.config.targets, baseDType: model.weights.layers[0].q.dtype === 'f16' ? 'f16' : 'f32' } : { kind: 'full' },
      microBatch: this.largest.sequences,
      seqLen: this.largest.length,
      recompute: this.recompute,
      // (an upper bound after SFT steps, which read the head unscaled)
      scaledLogits: this.logitScale !== 1,
      limits,
    });
    const sum = (ts: Iterable<Tensor>) => [...new Set(ts)].reduce((a, t) => a + allocatedBytes(t), 0);
    const params = model.trainableParams();
    const weights = sum(model.named().map(([, t]) => t)) + (lora ? sum(params.map((p) => p.param)) : 0);
    const actual = {
      weights,
      gradients: sum(params.map((p) => p.grad)),
      optimizer: sum([...this.opt.m, ...this.opt.v]),
      activations: model.peakScratchBytes(),
      total: this.ctx.stats().pool.bytesInUse,
    };
    return { estimate, actual, ratio: estimate.total / actual.total };
  }

  private noteShape(batch: PackedBatch): void {
    const sequences = batch.lengths.length;
    const length = Math.max(...batch.lengths);
    if (!this.largest || sequences * length > this.largest.sequences * this.largest.length) this.largest = { sequences, length };
  }

  destroy(): void {
    for (const g of this.grpoLosses.values()) g.destroy();
    this.grpoLosses.clear();
  }

  private grpoLoss(B: number, L: number): GrpoLoss {
    const key = `${B}x${L}`;
    let g = this.grpoLosses.get(key);
    if (!g) this.grpoLosses.set(key, (g = new GrpoLoss(this.ctx, B, L)));
    return g;
  }

  /**
   * The loss's grid [B, L]. Unshared: rows of one common length L (prompt, completion,
   * padding; padding comes last so causal attention keeps it out of the real tokens); row b,
   * column j scores token j + 1. Shared (prefix tree): column j of row b is completion token
   * j of example b, and `tree.index` says which packed row scores it.
   */
  private grpoInputs(es: readonly GrpoExample[], L: number, share: boolean) {
    const B = es.length;
    const mask = new Float32Array(B * L);
    const old = new Float32Array(B * L);
    const ref = new Float32Array(B * L);
    let batch: PackedBatch;
    let index: Uint32Array | null = null;
    if (share) {
      const tree = packPrefixTree(es);
      batch = tree.batch;
      index = new Uint32Array(B * L).fill(GATHER_NONE);
      tree.rows.forEach((rows, b) => rows.forEach((row, j) => (index![b * L + j] = row)));
    } else {
      const seqs: number[][] = [];
      const targets: number[] = [];
      es.forEach((e) => {
        const real = [...e.prompt, ...e.completion];
        seqs.push([...real, ...new Array<number>(L - real.length).fill(this.padId)]);
        for (let j = 0; j < L; j++) targets.push(j + 1 < real.length ? real[j + 1] : -1);
      });
      batch = { tokens: seqs.flat(), lengths: seqs.map(() => L), targets };
    }
    es.forEach((e, b) => {
      const first = share ? 0 : e.prompt.length - 1;
      for (let i = 0; i < e.completion.length; i++) {
        const at = b * L + first + i;
        mask[at] = 1;
        if (e.logpOld) old[at] = e.logpOld[i];
        if (e.logpRef) ref[at] = e.logpRef[i];
      }
    });
    const oldGiven = es.every((e) => e.logpOld);
    if (!oldGiven && es.some((e) => e.logpOld)) throw new Error('GRPO step: give logpOld for every example of the batch or for none');
    const hasRef = es.some((e) => e.logpRef);
    if (hasRef && !es.every((e) => e.logpRef)) throw new Error('GRPO step: give logpRef for every example of the batch or for none');
    const t = (shape: number[], data: Float32Array, label: string): Tensor<'f32'> => this.ctx.tensor(shape, 'f32', data, label);
    return {
      rows: B,
      batch,
      oldGiven,
      mask: t([B, L], mask, 'grpo mask'),
      logpOld: t([B, L], old, 'grpo logp old'),
      logpRef: hasRef ? t([B, L], ref, 'grpo logp ref') : null,
      advantages: t([B], Float32Array.from(es.map((e) => e.advantage)), 'grpo advantages'),
      tree: index ? { index: this.ctx.tensor([B, L], 'u32', index, 'grpo tree index') } : null,
    };
  }
}

function updateFields(r: UpdateReport) {
  return { applied: r.applied, step: r.step, lr: r.lr, gradNorm: r.gradNorm, clip: r.clip, nonFinite: r.nonFinite };
}

function chunk<T>(xs: readonly T[], n: number): T[][] {
  const out: T[][] = [];
  const size = Number.isFinite(n) ? n : xs.length;
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
}

/** Tokens of one SFT row and the per-row scale of each token's target (weight of predicting it). */
function sftRow(e: SftExample, i: number) {
  if (e.prompt.length === 0) throw new Error(`SFT step: example ${i} has an empty prompt; the first completion token needs a token before it`);
  if (e.completion.length === 0) throw new Error(`SFT step: example ${i} has an empty completion; there is nothing to learn from it`);
  if (e.weights && e.weights.length !== e.completion.length) throw new Error(`SFT step: example ${i} has ${e.weights.length} weights for ${e.completion.length} completion tokens`);
  const tokens = [...e.prompt, ...e.completion];
  const scale = new Float32Array(tokens.length);
  e.completion.forEach((_, j) => {
    const w = e.weights ? e.weights[j] : 1;
    if (!Number.isFinite(w)) throw new Error(`SFT step: example ${i} has a non-finite weight at completion token ${j}`);
    scale[e.prompt.length - 1 + j] = w;
  });
  return { tokens, scale, count: e.completion.length };
}

function checkGrpoExample(e: GrpoExample, i: number, needRef: boolean): void {
  if (e.prompt.length === 0) throw new Error(`GRPO step: example ${i} has an empty prompt; the first completion token needs a token before it`);
  if (e.completion.length === 0) throw new Error(`GRPO step: example ${i} has an empty completion; drop it from the batch`);
  if (!Number.isFinite(e.advantage)) throw new Error(`GRPO step: example ${i} has a non-finite advantage ${e.advantage}`);
  if (e.logpOld && e.logpOld.length !== e.completion.length) throw new Error(`GRPO step: example ${i} has ${e.logpOld.length} old log-probs for ${e.completion.length} completion tokens`);
  if (e.logpRef && e.logpRef.length !== e.completion.length) throw new Error(`GRPO step: example ${i} has ${e.logpRef.length} reference log-probs for ${e.completion.length} completion tokens`);
  if (needRef && !e.logpRef) throw new Error(`GRPO step: klBeta > 0 needs reference log-probs (logpRef) for every example; example ${i} has none`);
}

/**
 * log p of each completion token under `model`'s weights (forward only), micro-batch by
 * micro-batch: the trainer's policy, or a frozen reference model (GRPO's KL term).
 */
export async function completionLogProbs(
  model: TrainableModel,
  items: readonly { prompt: readonly number[]; completion: readonly number[] }[],
  opts: { microBatch?: number; recompute?: boolean; sharePrefixes?: boolean; /** of softmax(logits / temperature); default 1 */ temperature?: number } = {},
): Promise<Float32Array[]> {
  items.forEach((e, i) => {
    if (e.prompt.length === 0) throw new Error(`completion log-probs: item ${i} has an empty prompt; the first completion token needs a token before it`);
  });
  const out: Float32Array[] = [];
  for (const mb of chunk([...items], opts.microBatch ?? Infinity)) {
    // Prefix sharing: rollouts of one prompt are scored with one pass over it.
    const tree = (opts.sharePrefixes ?? true) && mb.every((e) => e.completion.length > 0) ? packPrefixTree(mb) : null;
    const batch = tree?.batch ?? packForTraining(mb.map((e) => [...e.prompt, ...e.completion]));
    const rec = model.ctx.recorder('completion logprobs');
    let read: Promise<Float32Array>;
    try {
      read = rec.read(model.forward(rec, batch, undefined, { recompute: opts.recompute ?? false, logitScale: 1 / (opts.temperature ?? 1) }).logp);
    } catch (e) {
      rec.abandon(e);
      model.release();
      throw e;
    }
    rec.submit();
    model.release();
    const lp = await read;
    if (tree) {
      for (const rows of tree.rows) out.push(Float32Array.from(rows, (r) => lp[r]!));
      continue;
    }
    let at = 0;
    for (const e of mb) {
      out.push(Float32Array.from(lp.subarray(at + e.prompt.length - 1, at + e.prompt.length - 1 + e.completion.length)));
      at += e.prompt.length + e.completion.length;
    }
  }
  return out;
}
