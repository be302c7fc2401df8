// The model being trained in phase 2, seen three ways over one set of GPU weights: a sampler
// (Transformer + generate, KV cache), a trainer (TrainableModel + AdamW: the update writes
// the same weight tensors, so the next sample comes from the updated policy), and a frozen
// reference copy for the KL term (only when β > 0). Prompts go through the model's chat
// template exactly as in phases 1 and 3.
import type { GpuContext } from '../gpu';
import type { ModelConfig } from '../model/config';
import { Transformer } from '../model/transformer';
import { cloneWeights, destroyWeights, namedWeights, type GpuModelWeights } from '../model/transformer-weights';
import type { ModelTokenizer } from '../tokenizer/tokenizer';
import { writeSafetensors } from '../model/safetensors';
import { LORA_TARGETS, LoraAdapters } from '../train/lora';
import { TrainableModel } from '../train/model-forward-train';
import { completionLogProbs, Trainer } from '../train/trainer';
import type { RunConfig } from './config';
import { sampleChat } from './model-generator';
import type { GenerateRequest, TextGenerator } from './text-generator';

export interface Rollout {
  /** Chat-templated prompt ids. */
  prompt: number[];
  /** Sampled ids, the end-of-sequence id included when the model stopped by itself. */
  completion: number[];
  /** Decoded completion without special tokens. */
  text: string;
  /** The prompt with maxNewTokens does not fit the model's context: nothing was sampled. */
  tooLong?: true;
}

export class Policy {
  readonly sampler: Transformer;
  /** LoRA adapters (train.method "lora"), else null. */
  readonly lora: LoraAdapters | null;
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
    this.sampler = new Transformer(ctx, cfg, weights);
    // LoRA: the base stays frozen and the sampler adds the adapters in its forward, so
    // rollouts come from the adapted policy without merging.
    this.lora = t.method === 'lora' ? new LoraAdapters(ctx, cfg, { rank: t.loraRank, alpha: t.loraAlpha, targets: LORA_TARGETS }) : null;
    if (this.lora) this.sampler.adapters = this.lora.inference();
    const model = new TrainableModel(ctx, cfg, weights, this.lora ? { lora: this.lora } : {});
    this.trainer = new Trainer(model, {
      optimizer: { beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: t.weightDecay, maxGradNorm: t.maxGradNorm },
      schedule: { lr: t.lr, warmupSteps: t.warmupSteps, decay: 'constant' },
      microBatch: t.microBatch,
      padId: tok.special.pad?.id ?? tok.special.eos[0] ?? 0,
      recompute: t.recompute,
      // GRPO's rollouts (judgments, primal programs) are sampled at train.temperature (0 is
      // greedy: no distribution to match, and its rollouts are all alike anyway)
      temperature: logprobTemperature(t),
    });
    this.eos = [...new Set([...tok.special.eos, ...cfg.eosTokenIds])];
    if (t.beta > 0 && t.mode !== 'sft') {
      // Full fine-tuning changes the weights in place: the reference needs its own copy.
      // Under LoRA the frozen base is the reference.
      this.refWeights = this.lora ? null : cloneWeights(ctx, cfg, weights);
      this.reference = new TrainableModel(ctx, cfg, this.refWeights ?? weights, { frozen: true });
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
    const { prompts, out } = await sampleChat(this.sampler, this.tok, messages, req, { eos: this.eos, ...(this.run.model.thinking ? {} : { enableThinking: false }) });
    return out.map((o, i) => (o ? { prompt: prompts[i]!, completion: o.ids, text: o.text } : { prompt: prompts[i]!, completion: [], text: '', tooLong: true }));
  }

  /** The current weights as a TextGenerator (phase 3's "trained" rows). */
  generator(name: string): TextGenerator {
    return {
      name,
      generate: async (messages, req) => (await this.sample(messages, req)).map((r) => (r.tooLong ? null : r.text)),
    };
  }

  /** log π_ref of each completion token (null when the run keeps no reference: β = 0). */
  async referenceLogProbs(items: readonly { prompt: readonly number[]; completion: readonly number[] }[]): Promise<Float32Array[] | null> {
    if (!this.reference) return null;
    return completionLogProbs(this.reference, items, { microBatch: this.run.train.microBatch, recompute: this.run.train.recompute, temperature: logprobTemperature(this.run.train) });
  }

  /** The trained weights by Hugging Face name (read back from the GPU, f32; LoRA merged into the base). */
  async readWeights(): Promise<Map<string, Float32Array>> {
    const out = new Map<string, Float32Array>();
    for (const [name, t] of namedWeights(this.cfg, this.weights)) out.set(name, Float32Array.from((await t.read()) as ArrayLike<number>));
    return this.lora ? this.lora.merged(out) : out;
  }

  /** The LoRA adapters in PEFT's layout (adapter_model.safetensors + adapter_config.json); null for full fine-tuning. */
  async adapterFiles(baseModel: string): Promise<Map<string, Uint8Array> | null> {
    if (!this.lora) return null;
    const tensors = [];
    for (const p of this.lora.trainableParams()) tensors.push({ name: p.name, shape: [...p.param.shape], dtype: 'F32' as const, data: (await p.param.read()) as Float32Array });
    const c = this.lora.config;
    const modules = [...new Set(c.targets.map((t) => `${t}_proj`))];
    const config = { peft_type: 'LORA', task_type: 'CAUSAL_LM', base_model_name_or_path: baseModel, r: c.rank, lora_alpha: c.alpha, lora_dropout: 0, bias: 'none', target_modules: modules, fan_in_fan_out: false, inference_mode: true };
    return new Map([
      ['adapter_model.safetensors', writeSafetensors(tensors, { format: 'pt' })],
      ['adapter_config.json', new TextEncoder().encode(JSON.stringify(config, null, 2) + '\n')],
    ]);
  }

  /** Frees everything the policy allocated (gradients, optimiser state, adapters, the reference); the shared weights stay with the sampler. */
  destroy(): void {
    this.trainer.destroy();
    this.trainer.opt.destroy();
    this.trainer.model.destroy();
    this.reference?.destroy();
    this.lora?.destroy();
    if (this.refWeights) destroyWeights(this.refWeights);
  }
}

/** The temperature GRPO's log-probs are taken at: the rollouts' own (greedy, 0, counts as 1). */
function logprobTemperature(t: Pick<RunConfig['train'], 'temperature'>): number {
  return t.temperature > 0 ? t.temperature : 1;
}
