// The toy model's Hugging Face config.json and generation_config.json: a Llama-style
// decoder over the byte-level BPE of tokenizer-build.ts (512 ids). Tied embeddings,
// RoPE θ = 10,000, context 1,024 (the longest K = 4 judgment document is ~810 tokens).
import { END_OF_TEXT, IM_END } from './chat';
import { TOY_SPECIAL_TOKENS, TOY_VOCAB_SIZE } from './tokenizer-build';

export const TOY_EOS_ID = TOY_SPECIAL_TOKENS.indexOf(IM_END);
export const TOY_PAD_ID = TOY_SPECIAL_TOKENS.indexOf(END_OF_TEXT);

export interface ToyModelSize {
  layers: number;
  hidden: number;
  heads: number;
  intermediate: number;
}

/** The shipped size (see README.md "The model" for why). */
export const TOY_MODEL_SIZE: ToyModelSize = { layers: 2, hidden: 64, heads: 2, intermediate: 192 };

export function toyModelConfigJson(size: ToyModelSize = TOY_MODEL_SIZE): Record<string, unknown> {
  if (size.hidden % size.heads !== 0) throw new RangeError(`toy model: hidden ${size.hidden} is not a multiple of heads ${size.heads}`);
  return {
    architectures: ['LlamaForCausalLM'],
    model_type: 'llama',
    vocab_size: TOY_VOCAB_SIZE,
    hidden_size: size.hidden,
    intermediate_size: size.intermediate,
    num_hidden_layers: size.layers,
    num_attention_heads: size.heads,
    num_key_value_heads: size.heads,
    head_dim: size.hidden / size.heads,
    hidden_act: 'silu',
    max_position_embeddings: 1024,
    initializer_range: 0.02,
    rms_norm_eps: 1e-5,
    rope_theta: 10000,
    rope_scaling: null,
    attention_bias: false,
    mlp_bias: false,
    tie_word_embeddings: true,
    bos_token_id: null,
    eos_token_id: TOY_EOS_ID,
    pad_token_id: TOY_PAD_ID,
    torch_dtype: 'float32',
  };
}

export function toyGenerationConfigJson(): Record<string, unknown> {
  return { bos_token_id: null, eos_token_id: TOY_EOS_ID, pad_token_id: TOY_PAD_ID, do_sample: true, temperature: 1.0, top_p: 1.0, max_new_tokens: 512 };
}

/** Parameters of the config (tied embedding counted once). */
export function toyParameterCount(size: ToyModelSize = TOY_MODEL_SIZE): number {
  const h = size.hidden;
  const perLayer = 4 * h * h + 3 * h * size.intermediate + 2 * h;
  return TOY_VOCAB_SIZE * h + size.layers * perLayer + h;
}
