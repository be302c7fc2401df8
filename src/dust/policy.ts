// The model being trained in phase 2, seen three ways over one set of GPU weights: a sampler
// (Transformer + generate, KV cache), a trainer (TrainableModel + AdamW: the update writes
// the same weight tensors, so the next sample comes from the updated policy), and a frozen
// reference copy for the KL term (only when β > 0). Prompts go through the model's chat
// template exactly as in phases 1 and 3.
import { generate } from '../generate/generate';
import type { GpuContext } from '../gpu';
import type { ModelConfig } from '../model/config';
import { Transformer } from '../model/transformer';
import { cloneWeights, destroyWeights, namedWeights, type GpuModelWeights } from '../model/transformer-weights';
import type { ModelTokenizer } from '../tokenizer/tokenizer';
import { TrainableModel } from '../train/model-forward-train';
import { completionLogProbs, Trainer } from '../train/trainer';
import type { RunConfig } from './config';
import type { GenerateRequest, TextGenerator } from './text-generator';

export interface Rollout {
  /** Chat-templated prompt ids. */
  prompt: number[];
  /** Sampled ids, the end-of-sequence id included when the model stopped by itself. */
  completion: number[];
  /** Decoded completion without special tokens. */
  text: string;
}

export class Policy {
  readonly sampler: Transformer;
  readonly trainer: Trainer;
  private readonly reference: TrainableModel | null;
  private readonly refWeights: GpuModelWeights | null;
  readonly eos: number[];

  constructor(
    readonly ctx: GpuContext,
    readonly cfg: ModelConfig,
    readonly weights: GpuModelWeights,
    readonly tok: ModelTokenizer,
    readonly run: Pick<RunConfig, 'model' | 'train'>,
  ) {
    const t = run.train;
    if (t.method === 'lora') {
      throw new Error('config field "train.method": LoRA trains in the engine (src/train/lora.ts) but the pipeline samples from merged weights, which are not built yet: use "full" (the toy model and models up to ~0.5B fit)');
    }
    this.sampler = new Transformer(ctx, cfg, weights);
    const model = new TrainableModel(ctx, cfg, weights);
    this.trainer = new Trainer(model, {
      optimizer: { beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: t.weightDecay, maxGradNorm: t.maxGradNorm },
      schedule: { lr: t.lr, warmupSteps: t.warmupSteps, decay: 'constant' },
      microBatch: t.microBatch,
      padId: tok.special.pad?.id ?? tok.special.eos[0] ?? 0,
      recompute: t.recompute,
    });
    this.eos = [...new Set([...tok.special.eos, ...cfg.eosTokenIds])];
    if (t.beta > 0 && t.mode !== 'sft') {
      this.refWeights = cloneWeights(ctx, cfg, weights);
      this.reference = new TrainableModel(ctx, cfg, this.refWeights, { frozen: true });
    } else {
      this.refWeights = null;
      this.reference = null;
    }
  }

  promptIds(message: string): number[] {
    return this.tok.applyChatTemplate([{ role: 'user', content: message }], { addGenerationPrompt: true, ...(this.run.model.thinking ? {} : { enableThinking: false }) }).ids;
  }

  /** One completion per message, sampled from the current weights. */
  async sample(messages: readonly string[], req: GenerateRequest): Promise<Rollout[]> {
    if (messages.length === 0) return [];
    const prompts = messages.map((m) => this.promptIds(m));
    const out = await generate(this.sampler, prompts, {
      maxNewTokens: req.maxNewTokens,
      temperature: req.temperature,
      topP: req.topP,
      topK: req.topK,
      seed: req.seed,
      sequenceKeys: req.keys,
      eos: this.eos,
      decode: (ids) => this.tok.decode(ids, { skipSpecialTokens: true }),
    });
    return out.map((o, i) => ({ prompt: prompts[i]!, completion: o.ids, text: o.text }));
  }

  /** The current weights as a TextGenerator (phase 3's "trained" rows). */
  generator(name: string): TextGenerator {
    return {
      name,
      generate: async (messages, req) => (await this.sample(messages, req)).map((r) => r.text),
    };
  }

  /** log π_ref of each completion token (null when the run keeps no reference: β = 0). */
  async referenceLogProbs(items: readonly { prompt: readonly number[]; completion: readonly number[] }[]): Promise<Float32Array[] | null> {
    if (!this.reference) return null;
    return completionLogProbs(this.reference, items, { microBatch: this.run.train.microBatch, recompute: this.run.train.recompute });
  }

  /** The trained weights by Hugging Face name (read back from the GPU, f32). */
  async readWeights(): Promise<Map<string, Float32Array>> {
    const out = new Map<string, Float32Array>();
    for (const [name, t] of namedWeights(this.cfg, this.weights)) out.set(name, Float32Array.from((await t.read()) as ArrayLike<number>));
    return out;
  }

  destroy(): void {
    this.trainer.destroy();
    if (this.refWeights) destroyWeights(this.refWeights);
  }
}
