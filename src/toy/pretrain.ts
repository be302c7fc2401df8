// The toy model's pre-training recipe as a library function: seeded initialisation
// (init.ts), a seeded corpus stream (corpus.ts) cut into batches of whole documents, SFT
// loss on the assistant turn only (the prompts are the pipeline's fixed instructions plus
// the statement or the candidates), AdamW (wd 0.1 on matrices, clip 1) with linear warm-up
// and a cosine decay (src/train/schedule.ts). scripts/train-toy.ts runs it to make the
// committed model; test/gpu/toy-model.test.ts replays its first steps against the committed
// training-log.json.
import type { GpuContext } from '../gpu';
import { parseModelConfig, type ModelConfig } from '../model/config';
import { uploadWeights } from '../model/transformer-weights';
import { TrainableModel } from '../train/model-forward-train';
import type { LrSchedule } from '../train/schedule';
import { Trainer, type StepReport } from '../train/trainer';
import { formatRanking } from '../dust/parse-ranking';
import { toyCorpus, type ToyDocument } from './corpus';
import type { VerdictFormat } from './verdict-prompt';
import type { OwnSamples } from './own-samples';
import { initToyWeights } from './init';
import { TOY_MODEL_SIZE, toyModelConfigJson, type ToyModelSize } from './model-config';
import { ModelTokenizer } from '../tokenizer/tokenizer';
import { buildToyTokenizer } from './tokenizer-build';

export interface ToyRecipe {
  /** Seeds the initialisation and the corpus stream. */
  seed: number;
  size: ToyModelSize;
  /** Optimizer updates. */
  steps: number;
  /** Documents per update. */
  batch: number;
  /** Documents per micro-batch (one GPU submission each). */
  microBatch: number;
  lr: number;
  minLr: number;
  warmupSteps: number;
  weightDecay: number;
  maxGradNorm: number;
  /**
   * Loss weight of prompt tokens (the assistant turn weighs 1). 0 = loss on the answer only.
   * A small weight also teaches the statements and the judgment candidates' code (most of
   * the characters the forward pays for anyway) without letting them dominate.
   */
  promptWeight: number;
  /** Corpus mix: share of judgment documents, probability of a correct solution. */
  judgmentShare: number;
  pCorrect: number;
  /** Judgment answers (default 'random': the base judges at chance; 'oracle' only for the ceiling check). */
  judgmentRankings?: 'random' | 'oracle' | number;
  /** Diagnostic: the share of judgment prompts with their buggy candidates marked WRONG (ToyCorpusOptions.marker). */
  judgmentMarker?: number;
  /** Share of verdict documents and their format (ToyCorpusOptions.verdictShare / verdictFormat; default 0). */
  verdictShare?: number;
  verdictFormat?: VerdictFormat;
  /** Judgment answers write every candidate's true verdict in a <think> block before the ranking (ToyCorpusOptions.thinkingVerdicts). */
  thinkingVerdicts?: boolean;
  /**
   * Loss weight of a judgment answer's ranking token (default 1): one token among hundreds of
   * scored ones, it is ~1 % of the loss, so a supervised run can ignore what the verdicts
   * before it say (session 14's audit of the oracle-ranking runs).
   */
  rankingWeight?: number;
  /**
   * Share of judgment and verdict groups whose candidates are the model's own samples
   * (ToyCorpusOptions.ownSampleShare), and the candidates.jsonl they came from (for the log;
   * the samples themselves are passed to ToyPretraining).
   */
  ownSampleShare?: number;
  ownSamplesFile?: string;
}


export const TOY_RECIPE: ToyRecipe = {
  seed: 1,
  size: TOY_MODEL_SIZE,
  steps: 1600,
  batch: 16,
  microBatch: 16,
  lr: 8e-3,
  minLr: 8e-4,
  warmupSteps: 30,
  weightDecay: 0.1,
  maxGradNorm: 1,
  promptWeight: 0,
  judgmentShare: 0.1,
  pCorrect: 0.6,
};

export function toySchedule(r: ToyRecipe): LrSchedule {
  return { lr: r.lr, warmupSteps: r.warmupSteps, decay: 'cosine', totalSteps: Math.max(r.steps, r.warmupSteps + 1), minLr: r.minLr };
}

let tokenizer: ModelTokenizer | undefined;

/** The committed tokenizer (as built by tokenizer-build.ts) through the project's loader. */
export function encodeToy(text: string): number[] {
  tokenizer ??= new ModelTokenizer(buildToyTokenizer());
  return tokenizer.encode(text);
}

/**
 * One SFT example for a document. With promptWeight 0 the prompt is context only; else the
 * whole text after the first token is scored, prompt tokens with that weight. A judgment
 * answer's ranking token weighs rankingWeight (answers' other tokens 1).
 */
export function toyExample(d: ToyDocument, promptWeight: number, rankingWeight = 1): { prompt: number[]; completion: number[]; weights?: number[] } {
  const prompt = encodeToy(d.prompt);
  const answer = encodeToy(d.completion);
  const answerWeights = answer.map(() => 1);
  if (rankingWeight !== 1 && d.kind === 'judgment' && d.ranking) {
    const ranking = encodeToy(formatRanking(d.ranking));
    const at = answer.lastIndexOf(ranking[0]!);
    if (ranking.length !== 1 || at < 0) throw new Error(`toyExample: the ranking "${formatRanking(d.ranking)}" is not one token of the answer`);
    answerWeights[at] = rankingWeight;
  }
  if (promptWeight === 0) return rankingWeight === 1 ? { prompt, completion: answer } : { prompt, completion: answer, weights: answerWeights };
  return {
    prompt: prompt.slice(0, 1),
    completion: [...prompt.slice(1), ...answer],
    weights: [...prompt.slice(1).map(() => promptWeight), ...answerWeights],
  };
}

export interface ToyStepReport {
  step: number;
  lr: number;
  loss: number;
  /** Scored tokens (weighted loss: Σ w·(−log p) / this count) and all tokens through forward + backward. */
  lossTokens: number;
  tokens: number;
  gradNorm: number;
  seconds: number;
  applied: boolean;
  /** Documents of each kind in the batch. */
  generation: number;
  judgment: number;
  /** Verdict documents (only when the recipe has a verdict share). */
  verdict?: number;
  /** Judgment and verdict documents whose candidates are the model's own samples (only when any). */
  ownSamples?: number;
}

/** A checkpoint of the run: weights, AdamW moments and counters (the corpus is replayed). */
export interface ToyCheckpoint {
  step: number;
  weights: Map<string, Float32Array>;
  m: Map<string, Float32Array>;
  v: Map<string, Float32Array>;
}

/** The recipe's model and trainer on one GPU context; `step()` runs the next update. */
export class ToyPretraining {
  readonly config: Record<string, unknown>;
  readonly cfg: ModelConfig;
  readonly model: TrainableModel;
  readonly trainer: Trainer;
  private readonly docs: Generator<ToyDocument, never>;
  private done = 0;

  constructor(
    readonly ctx: GpuContext,
    readonly recipe: ToyRecipe,
    resume?: ToyCheckpoint,
    ownSamples?: OwnSamples,
  ) {
    if ((recipe.ownSampleShare ?? 0) > 0 && !ownSamples) throw new Error('toy recipe: ownSampleShare needs the samples (train:toy --own-samples FILE)');
    this.config = toyModelConfigJson(recipe.size);
    this.cfg = parseModelConfig(this.config);
    const host = resume?.weights ?? initToyWeights(this.cfg, recipe.seed);
    this.model = new TrainableModel(ctx, this.cfg, uploadWeights(ctx, this.cfg, host));
    this.trainer = new Trainer(this.model, {
      optimizer: { beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: recipe.weightDecay, maxGradNorm: recipe.maxGradNorm },
      schedule: toySchedule(recipe),
      microBatch: recipe.microBatch,
    });
    this.docs = toyCorpus({ seed: recipe.seed, split: 'train', judgmentShare: recipe.judgmentShare, pCorrect: recipe.pCorrect, rankings: recipe.judgmentRankings ?? 'random', ...(recipe.judgmentMarker ? { marker: recipe.judgmentMarker } : {}), ...(recipe.verdictShare ? { verdictShare: recipe.verdictShare, verdictFormat: recipe.verdictFormat ?? 'fence' } : {}), ...(recipe.thinkingVerdicts ? { thinkingVerdicts: true } : {}), ...(recipe.ownSampleShare ? { ownSamples, ownSampleShare: recipe.ownSampleShare } : {}) });
    if (resume) {
      const params = this.model.trainableParams();
      params.forEach((p, i) => {
        this.trainer.opt.m[i].write(need(resume.m, p.name));
        this.trainer.opt.v[i].write(need(resume.v, p.name));
      });
      this.trainer.opt.step = resume.step;
      for (let i = 0; i < resume.step * recipe.batch; i++) this.docs.next();
      this.done = resume.step;
    }
  }

  get stepsDone(): number {
    return this.done;
  }

  /** The next batch of documents from the stream (advances it). */
  nextBatch(): ToyDocument[] {
    return Array.from({ length: this.recipe.batch }, () => this.docs.next().value);
  }

  async step(): Promise<ToyStepReport> {
    const docs = this.nextBatch();
    const examples = docs.map((d) => toyExample(d, this.recipe.promptWeight, this.recipe.rankingWeight ?? 1));
    const r: StepReport = await this.trainer.sftStep(examples);
    this.done++;
    const tokens = examples.reduce((a, e) => a + e.prompt.length + e.completion.length, 0);
    const judgment = docs.filter((d) => d.kind === 'judgment').length;
    const verdict = docs.filter((d) => d.kind === 'verdict').length;
    const own = docs.filter((d) => d.ownSamples).length;
    return {
      step: this.done,
      lr: r.lr,
      loss: r.loss,
      lossTokens: r.tokens,
      tokens,
      gradNorm: r.gradNorm,
      seconds: r.seconds,
      applied: r.applied,
      generation: docs.length - judgment - verdict,
      judgment,
      ...(verdict ? { verdict } : {}),
      ...(own ? { ownSamples: own } : {}),
    };
  }

  /** Current weights by HF name (host copies). */
  async weights(): Promise<Map<string, Float32Array>> {
    const out = new Map<string, Float32Array>();
    for (const [name, t] of this.model.named(this.model.weights)) out.set(name, (await this.ctx.read(t)) as Float32Array);
    return out;
  }

  async checkpoint(): Promise<ToyCheckpoint> {
    const m = new Map<string, Float32Array>();
    const v = new Map<string, Float32Array>();
    const params = this.model.trainableParams();
    for (let i = 0; i < params.length; i++) {
      m.set(params[i].name, (await this.ctx.read(this.trainer.opt.m[i])) as Float32Array);
      v.set(params[i].name, (await this.ctx.read(this.trainer.opt.v[i])) as Float32Array);
    }
    return { step: this.done, weights: await this.weights(), m, v };
  }

  destroy(): void {
    this.trainer.destroy();
    this.model.destroy();
  }
}

function need(m: Map<string, Float32Array>, name: string): Float32Array {
  const t = m.get(name);
  if (!t) throw new Error(`toy checkpoint: no optimizer state for ${name}`);
  return t;
}

/** Runs `recipe` from its seed (or a checkpoint), yielding one report per update. */
export async function* toyPretrain(ctx: GpuContext, recipe: ToyRecipe, opts: { resume?: ToyCheckpoint; steps?: number; ownSamples?: OwnSamples } = {}): AsyncGenerator<ToyStepReport, void> {
  const run = new ToyPretraining(ctx, recipe, opts.resume, opts.ownSamples);
  try {
    const last = opts.steps ?? recipe.steps;
    while (run.stepsDone < last) yield await run.step();
  } finally {
    run.destroy();
  }
}
