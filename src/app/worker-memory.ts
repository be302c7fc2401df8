// The memory planner's verdict for a run configuration on this adapter, before anything is
// downloaded or allocated. The sizes the planner needs come from the run's settings:
// a training micro-batch is one group's G rollouts; a sequence is the judgment prompt (K
// candidates of at most dataset.maxNewTokens tokens, capped at 512 each, plus the question)
// and train.maxNewTokens of answer; generation batches are dataset.generationBatch.
import type { GpuContext } from '../gpu';
import { resolveConfig } from '../dust/config';
import { parseModelConfig } from '../model/config';
import { formatMemoryPlan, LORA_TARGETS, planMemory, type MemoryPlanInput } from '../train/memory-plan';
import { formatBytes } from '../util/bytes';
import { messageOf } from '../util/errors';
import type { MemoryVerdict } from './engine-api';
import { curatedModel } from './models';
import { modelSourceFor } from './worker-host';

const QUESTION_TOKENS = 256;
const CODE_TOKENS_CAP = 512;

export async function memoryVerdict(ctx: GpuContext, doc: unknown): Promise<MemoryVerdict> {
  let cfg;
  try {
    cfg = resolveConfig(doc);
  } catch (e) {
    return { ok: false, summary: `The configuration is not valid: ${messageOf(e)}` };
  }
  let configJson: unknown = curatedModel(cfg.model.id)?.config ?? null;
  if (!configJson) {
    try {
      configJson = await modelSourceFor(cfg.model.id, cfg.model.revision).json('config.json');
    } catch (e) {
      return { ok: false, summary: `Cannot read the model's config.json: ${messageOf(e)}` };
    }
  }
  if (!configJson) return { ok: false, summary: `${cfg.model.id} has no config.json` };
  let model;
  try {
    model = parseModelConfig(configJson);
  } catch (e) {
    return { ok: false, summary: `This model cannot run here: ${messageOf(e)}` };
  }
  const maxPos = (configJson as { max_position_embeddings?: number }).max_position_embeddings ?? 4096;
  const code = Math.min(cfg.dataset.maxNewTokens, CODE_TOKENS_CAP);
  const seqLen = Math.min(maxPos, QUESTION_TOKENS + cfg.dataset.groupSize * code + cfg.train.maxNewTokens);
  const input: MemoryPlanInput = {
    model,
    mode: cfg.train.method === 'lora' ? { kind: 'lora', rank: cfg.train.loraRank, targets: LORA_TARGETS, baseDType: cfg.model.dtype } : { kind: 'full', f16Forward: cfg.model.dtype === 'f16' },
    microBatch: cfg.train.rollouts,
    seqLen,
    recompute: true,
    scaledLogits: cfg.train.mode !== 'sft' && cfg.train.temperature > 0 && cfg.train.temperature !== 1,
    generation: { batch: cfg.dataset.generationBatch, maxTokens: Math.min(maxPos, QUESTION_TOKENS + cfg.dataset.maxNewTokens) },
    limits: { maxBufferSize: ctx.limits.maxBufferSize, maxStorageBufferBindingSize: ctx.limits.maxStorageBufferBindingSize },
  };
  try {
    const plan = planMemory(input);
    const params = plan.parameters >= 1e9 ? `${(plan.parameters / 1e9).toFixed(2)}B` : plan.parameters >= 1e6 ? `${(plan.parameters / 1e6).toFixed(1)}M` : `${(plan.parameters / 1e3).toFixed(0)}K`;
    return {
      ok: true,
      summary: `Fits the adapter's limits: about ${formatBytes(plan.total)} of GPU memory (${params} parameters, ${cfg.train.method === 'lora' ? `LoRA rank ${cfg.train.loraRank}` : 'full fine-tuning'}, ${cfg.train.rollouts} × ${seqLen} tokens per micro-batch). WebGPU does not report VRAM: check your GPU has that much free.`,
      table: formatMemoryPlan(plan),
      parameters: plan.parameters,
      totalBytes: plan.total,
    };
  } catch (e) {
    return { ok: false, summary: `Will not fit: ${messageOf(e)}` };
  }
}
