// GRPO and SFT losses on the GPU with their workspaces: record the loss into a step's
// recorder (it writes d loss / d logp per token for the LM-head backward), then read the
// few stats floats back — or don't, and keep the step free of readbacks.
import type { GpuContext, Recorder, Tensor } from '../gpu';
import { GRPO_ROW_STATS, GRPO_STAT, GRPO_STATS, type GrpoLossInputs, type GrpoNormalisation, grpoLossGpu } from '../kernels/grpo_loss';
import { SFT_STATS, sftLossGpu } from '../kernels/sft_loss';
import type { GrpoAggregation, GrpoSettings, GrpoStats } from '../reference/grpo';

export type { GrpoAggregation, GrpoSettings, GrpoStats } from '../reference/grpo';
export type { GrpoLossInputs, GrpoNormalisation } from '../kernels/grpo_loss';

export interface GrpoLossResult {
  loss: number;
  stats: GrpoStats;
}

/**
 * The whole batch's counts for micro-batch normalisation, from the number of completion
 * (masked) tokens of every sequence in the batch.
 */
export function grpoBatchCounts(completionTokens: readonly number[], aggregation: GrpoAggregation): GrpoNormalisation {
  const tokens = completionTokens.reduce((a, b) => a + b, 0);
  if (aggregation === 'token-mean') return { tokens };
  if (aggregation === 'seq-mean') return { sequences: completionTokens.filter((n) => n > 0).length };
  return { sequences: completionTokens.length };
}

/** GRPO loss for batches of [batch, length] tokens; allocate once, record every step. */
export class GrpoLoss {
  /** [batch, length] d loss / d logp_new (zero at masked-out tokens). */
  readonly dLogpNew: Tensor<'f32'>;
  /**
   * f32 [GRPO_STATS], see GRPO_STAT; `loss` at 0. Pass it to the optimizer's `check`: a
   * non-finite loss, or a mask with values other than 0/1 (the loss is then NaN), skips
   * the update.
   */
  readonly stats: Tensor<'f32'>;
  private readonly rows: Tensor<'f32'>;
  private hasRef = false;

  constructor(
    readonly ctx: GpuContext,
    readonly batch: number,
    readonly length: number,
  ) {
    if (!Number.isInteger(batch) || batch < 1 || !Number.isInteger(length) || length < 1) {
      throw new Error(`GRPO loss: batch (${batch}) and length (${length}) must be positive integers`);
    }
    this.dLogpNew = ctx.tensor([batch, length], 'f32', undefined, 'grpo.dlogp_new');
    this.stats = ctx.tensor([GRPO_STATS], 'f32', undefined, 'grpo.stats');
    this.rows = ctx.tensor([batch * GRPO_ROW_STATS], 'f32', undefined, 'grpo.rows');
  }

  /** `norm`: for gradient accumulation, the whole batch's counts (see GrpoNormalisation). */
  record(rec: Recorder, inputs: GrpoLossInputs, settings: GrpoSettings, norm: GrpoNormalisation = {}): void {
    if (inputs.logpNew.shape[0] !== this.batch || inputs.logpNew.shape[1] !== this.length) {
      throw new Error(`GRPO loss: logpNew is [${inputs.logpNew.shape}] but this loss was built for [${this.batch}, ${this.length}]`);
    }
    grpoLossGpu(rec, inputs, settings, { dLogpNew: this.dLogpNew, stats: this.stats, rows: this.rows }, norm);
    this.hasRef = !!inputs.logpRef;
  }

  /** Parses stats read back (e.g. `rec.read(loss.stats)`); throws on an empty or bad mask. */
  parse(raw: ArrayLike<number>): GrpoLossResult {
    const at = (k: keyof typeof GRPO_STAT) => raw[GRPO_STAT[k]];
    if (at('badMask') > 0) throw new Error(`GRPO loss: ${at('badMask')} mask values are neither 0 nor 1; the mask must be 0 or 1`);
    if (at('tokens') === 0) throw new Error('GRPO loss: the mask selects no tokens; every sequence needs at least one completion token');
    return {
      loss: at('loss'),
      stats: {
        tokens: at('tokens'),
        meanRatio: at('meanRatio'),
        clipFraction: at('clipFraction'),
        dualClipFraction: at('dualClipFraction'),
        meanKl: this.hasRef ? at('meanKl') : NaN,
        approxKlOld: at('approxKlOld'),
        policyLoss: at('policyLoss'),
        klLoss: at('klLoss'),
      },
    };
  }

  /** Records, submits and reads the stats (tests, one-off evaluation). */
  async run(inputs: GrpoLossInputs, settings: GrpoSettings, norm: GrpoNormalisation = {}): Promise<GrpoLossResult> {
    const rec = this.ctx.recorder('grpo.loss');
    this.record(rec, inputs, settings, norm);
    const raw = rec.read(this.stats);
    rec.submit();
    return this.parse(await raw);
  }

  destroy(): void {
    for (const t of [this.dLogpNew, this.stats, this.rows]) t.destroy();
  }
}

/** SFT cross-entropy (token mean over masked targets) for a fixed token count. */
export class SftLoss {
  /** d loss / d logp per token, same shape as the log-probs. */
  readonly dLogp: Tensor<'f32'>;
  /** f32 [loss, tokens, bad mask values]. */
  readonly stats: Tensor<'f32'>;

  constructor(
    readonly ctx: GpuContext,
    readonly shape: readonly number[],
  ) {
    this.dLogp = ctx.tensor(shape, 'f32', undefined, 'sft.dlogp');
    this.stats = ctx.tensor([SFT_STATS], 'f32', undefined, 'sft.stats');
  }

  record(rec: Recorder, logp: Tensor, mask: Tensor): void {
    sftLossGpu(rec, logp, mask, { dLogp: this.dLogp, stats: this.stats });
  }

  parse(raw: ArrayLike<number>): { loss: number; tokens: number } {
    if (raw[2] > 0) throw new Error(`SFT loss: ${raw[2]} mask values are neither 0 nor 1; the mask must be 0 or 1`);
    if (raw[1] === 0) throw new Error('SFT loss: the mask selects no tokens; mark at least one target token');
    return { loss: raw[0], tokens: raw[1] };
  }

  async run(logp: Tensor, mask: Tensor): Promise<{ loss: number; tokens: number }> {
    const rec = this.ctx.recorder('sft.loss');
    this.record(rec, logp, mask);
    const raw = rec.read(this.stats);
    rec.submit();
    return this.parse(await raw);
  }

  destroy(): void {
    this.dLogp.destroy();
    this.stats.destroy();
  }
}
