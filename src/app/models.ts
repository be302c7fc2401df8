// The models the Setup view offers: the built-in toy model (served with the app, works
// offline) and a short curated list of small Hub models whose architecture the engine
// supports. Each carries the fields of its config.json that size it, so the download size
// (parameters × 2 bytes: the Hub files are bf16) and the memory estimate show before any
// download.
import { countParameters } from '../train/memory-plan';
import { parseModelConfig } from '../model/config';

export const TOY_MODEL_ID = 'dust-toy';

export interface CuratedModel {
  id: string;
  note: string;
  /** The sizing fields of its config.json. */
  config: Record<string, unknown>;
}

const llama = (o: Record<string, unknown>) => ({ architectures: ['LlamaForCausalLM'], model_type: 'llama', hidden_act: 'silu', rms_norm_eps: 1e-5, rope_theta: 100000, tie_word_embeddings: true, max_position_embeddings: 8192, ...o });
const qwen2 = (o: Record<string, unknown>) => ({ architectures: ['Qwen2ForCausalLM'], model_type: 'qwen2', hidden_act: 'silu', rms_norm_eps: 1e-6, rope_theta: 1000000, tie_word_embeddings: true, max_position_embeddings: 32768, ...o });

export const CURATED_MODELS: CuratedModel[] = [
  {
    id: 'HuggingFaceTB/SmolLM2-135M-Instruct',
    note: 'smallest real model; fits most GPUs with full fine-tuning',
    config: llama({ vocab_size: 49152, hidden_size: 576, intermediate_size: 1536, num_hidden_layers: 30, num_attention_heads: 9, num_key_value_heads: 3 }),
  },
  {
    id: 'HuggingFaceTB/SmolLM2-360M-Instruct',
    note: 'better code, still small; LoRA recommended on laptops',
    config: llama({ vocab_size: 49152, hidden_size: 960, intermediate_size: 2560, num_hidden_layers: 32, num_attention_heads: 15, num_key_value_heads: 5 }),
  },
  {
    id: 'Qwen/Qwen2.5-Coder-0.5B-Instruct',
    note: 'a code model; LoRA on a discrete GPU',
    config: qwen2({ vocab_size: 151936, hidden_size: 896, intermediate_size: 4864, num_hidden_layers: 24, num_attention_heads: 14, num_key_value_heads: 2 }),
  },
  {
    id: 'Qwen/Qwen3-0.6B',
    note: "the paper's model family at its smallest; LoRA on a discrete GPU",
    config: {
      architectures: ['Qwen3ForCausalLM'],
      model_type: 'qwen3',
      hidden_act: 'silu',
      rms_norm_eps: 1e-6,
      rope_theta: 1000000,
      tie_word_embeddings: true,
      max_position_embeddings: 40960,
      vocab_size: 151936,
      hidden_size: 1024,
      intermediate_size: 3072,
      num_hidden_layers: 28,
      num_attention_heads: 16,
      num_key_value_heads: 8,
      head_dim: 128,
    },
  },
];

export function curatedModel(id: string): CuratedModel | undefined {
  return CURATED_MODELS.find((m) => m.id === id);
}

/** Parameters of a curated model, from its config. */
export function curatedParameters(m: CuratedModel): number {
  return countParameters(parseModelConfig(m.config));
}

/** Download size of a curated model: bf16 weights. */
export function curatedDownloadBytes(m: CuratedModel): number {
  return curatedParameters(m) * 2;
}
