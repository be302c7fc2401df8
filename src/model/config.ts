// Hugging Face config.json → the normalised ModelConfig every other module uses. Only the
// decoder families this project implements are accepted (Llama, Qwen2, Qwen3); anything
// that would silently change the computation (another activation, MLP biases, sliding
// windows in use, unsupported RoPE scaling, quantisation) is refused by name.
// RoPE scaling: "default", "linear" and Llama 3.x "llama3" are supported (each is a remap
// of the inverse frequencies, see config-rope.ts, with no attention scaling); "dynamic",
// "yarn", "longrope" and others are refused.

export type ModelArch = 'llama' | 'qwen2' | 'qwen3';

/** RoPE frequency remaps we implement (see config-rope.ts). */
export type RopeScaling =
  | { type: 'linear'; factor: number }
  | { type: 'llama3'; factor: number; lowFreqFactor: number; highFreqFactor: number; originalMaxPositions: number };

export interface ModelConfig {
  arch: ModelArch;
  vocabSize: number;
  hidden: number;
  intermediate: number;
  layers: number;
  heads: number;
  kvHeads: number;
  /** Per-head width: config head_dim when given (Qwen3: 128 with hidden 1024 / 16 heads), else hidden / heads. */
  headDim: number;
  ropeTheta: number;
  rmsEps: number;
  /** lm_head shares embed_tokens (no lm_head.weight in the checkpoint). */
  tieEmbeddings: boolean;
  /** Biases on q_proj, k_proj, v_proj (not o_proj): always for Qwen2. */
  qkvBias: boolean;
  /** Per-head RMSNorm on q and k before RoPE (Qwen3). */
  qkNorm: boolean;
  maxPositions: number;
  ropeScaling: RopeScaling | null;
  bosTokenId?: number;
  /** All end-of-sequence ids (configs give one id or a list). */
  eosTokenIds: number[];
  padTokenId?: number;
  /** Stored weight dtype named by the config ("bfloat16", "float32", ...), if any. */
  torchDtype?: string;
}

/** A config this project cannot run; the message names the offending field. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

const ARCHS: Record<ModelArch, string> = { llama: 'LlamaForCausalLM', qwen2: 'Qwen2ForCausalLM', qwen3: 'Qwen3ForCausalLM' };
const SUPPORTED = 'supported: llama (LlamaForCausalLM), qwen2 (Qwen2ForCausalLM), qwen3 (Qwen3ForCausalLM)';

type Json = Record<string, unknown>;

function posInt(c: Json, key: string, fallback?: number): number {
  const v = c[key] ?? fallback;
  if (v === undefined) throw new ConfigError(`config.json: "${key}" is missing; it is required for this architecture.`);
  if (!Number.isSafeInteger(v) || (v as number) <= 0) throw new ConfigError(`config.json: "${key}" must be a positive integer, got ${JSON.stringify(v)}.`);
  return v as number;
}

function posNum(c: Json, key: string, fallback: number): number {
  const v = c[key] ?? fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) throw new ConfigError(`config.json: "${key}" must be a positive number, got ${JSON.stringify(v)}.`);
  return v;
}

function bool(c: Json, key: string, fallback: boolean): boolean {
  const v = c[key] ?? fallback;
  if (typeof v !== 'boolean') throw new ConfigError(`config.json: "${key}" must be true or false, got ${JSON.stringify(v)}.`);
  return v;
}

function optId(c: Json, key: string): number | undefined {
  const v = c[key];
  if (v === undefined || v === null) return undefined;
  if (!Number.isSafeInteger(v) || (v as number) < 0) throw new ConfigError(`config.json: "${key}" must be a token id (non-negative integer), got ${JSON.stringify(v)}.`);
  return v as number;
}

function ids(c: Json, key: string): number[] {
  const v = c[key];
  if (v === undefined || v === null) return [];
  const list = Array.isArray(v) ? v : [v];
  if (!list.every((x) => Number.isSafeInteger(x) && x >= 0)) throw new ConfigError(`config.json: "${key}" must be a token id or a list of ids, got ${JSON.stringify(v)}.`);
  return list as number[];
}

function detectArch(c: Json): ModelArch {
  const mt = c.model_type;
  const archs = c.architectures;
  if (mt !== undefined && typeof mt !== 'string') throw new ConfigError(`config.json: "model_type" must be a string.`);
  let arch: ModelArch | undefined;
  if (typeof mt === 'string') {
    if (!Object.hasOwn(ARCHS, mt)) throw new ConfigError(`config.json: model_type "${mt}" is not supported (${SUPPORTED}).`);
    arch = mt as ModelArch;
  }
  if (Array.isArray(archs) && archs.length) {
    const names = archs.map(String);
    const match = (Object.keys(ARCHS) as ModelArch[]).find((a) => names.includes(ARCHS[a]));
    if (!match) throw new ConfigError(`config.json: architectures ${JSON.stringify(names)} is not supported (${SUPPORTED}); only causal-LM heads can be trained here.`);
    if (arch && match !== arch) throw new ConfigError(`config.json: model_type "${arch}" contradicts architectures ${JSON.stringify(names)}; fix the config.`);
    arch = match;
  }
  if (!arch) throw new ConfigError(`config.json: neither "model_type" nor "architectures" says what the model is (${SUPPORTED}).`);
  return arch;
}

function parseRopeScaling(v: unknown, maxPositions: number): RopeScaling | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'object' || Array.isArray(v)) throw new ConfigError(`config.json: "rope_scaling" must be an object or null.`);
  const r = v as Json;
  // Older configs say "type", newer ones "rope_type"; transformers v5 nests rope_theta here too.
  const type = r.rope_type ?? r.type ?? 'default';
  if (type === 'default') return null;
  if (type === 'linear') return { type: 'linear', factor: posNum(r, 'factor', NaN) };
  if (type === 'llama3') {
    return {
      type: 'llama3',
      factor: posNum(r, 'factor', NaN),
      lowFreqFactor: posNum(r, 'low_freq_factor', NaN),
      highFreqFactor: posNum(r, 'high_freq_factor', NaN),
      originalMaxPositions: posInt(r, 'original_max_position_embeddings', maxPositions),
    };
  }
  throw new ConfigError(`config.json: rope_scaling type ${JSON.stringify(type)} is not supported (supported: default, linear, llama3). Use a checkpoint without long-context RoPE scaling.`);
}

function checkSlidingWindow(c: Json, layers: number): void {
  const types = c.layer_types;
  if (Array.isArray(types) && types.some((t) => t === 'sliding_attention')) {
    throw new ConfigError(`config.json: layer_types uses "sliding_attention"; sliding-window attention is not supported.`);
  }
  // Qwen2/Qwen3: the window applies to layers >= max_window_layers, and only when enabled.
  if (c.use_sliding_window === true && typeof c.sliding_window === 'number') {
    const from = typeof c.max_window_layers === 'number' ? c.max_window_layers : 0;
    if (from < layers) {
      throw new ConfigError(`config.json: use_sliding_window is true (window ${c.sliding_window} from layer ${from}); sliding-window attention is not supported.`);
    }
  }
}

/** Parses a Hugging Face config.json object; throws ConfigError for anything unsupported. */
export function parseModelConfig(json: unknown): ModelConfig {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new ConfigError('config.json must be a JSON object.');
  const c = json as Json;
  const arch = detectArch(c);
  if (c.quantization_config !== undefined && c.quantization_config !== null) {
    throw new ConfigError(`config.json: quantized checkpoints (quantization_config) are not supported; use the unquantized (float16/bfloat16/float32) model.`);
  }
  const act = c.hidden_act ?? c.hidden_activation ?? 'silu';
  if (act !== 'silu' && act !== 'swish') throw new ConfigError(`config.json: hidden_act ${JSON.stringify(act)} is not supported (only "silu", i.e. SwiGLU MLPs).`);
  if (c.mlp_bias === true) throw new ConfigError(`config.json: mlp_bias true is not supported (MLP projections must have no bias).`);
  if (c.rope_interleaved === true) throw new ConfigError(`config.json: rope_interleaved true is not supported (weights must use Hugging Face rotate-half RoPE).`);
  if (arch !== 'qwen2' && c.attention_bias === true) {
    throw new ConfigError(`config.json: attention_bias true (biases on q/k/v/o projections) is not supported for ${arch}.`);
  }
  // pretraining_tp is ignored: transformers only uses it to split matmuls; the math is the same.

  const hidden = posInt(c, 'hidden_size');
  const heads = posInt(c, 'num_attention_heads');
  const kvHeads = posInt(c, 'num_key_value_heads', heads);
  if (heads % kvHeads !== 0) throw new ConfigError(`config.json: num_attention_heads (${heads}) must be a multiple of num_key_value_heads (${kvHeads}).`);
  let headDim: number;
  if (c.head_dim !== undefined && c.head_dim !== null) headDim = posInt(c, 'head_dim');
  else {
    if (hidden % heads !== 0) throw new ConfigError(`config.json: hidden_size (${hidden}) is not divisible by num_attention_heads (${heads}) and no head_dim is given.`);
    headDim = hidden / heads;
  }
  if (headDim % 2 !== 0) throw new ConfigError(`config.json: head_dim ${headDim} must be even for rotary embeddings.`);
  const layers = posInt(c, 'num_hidden_layers');
  checkSlidingWindow(c, layers);
  // Defaults of the transformers config classes when the key is absent.
  const maxPositions = posInt(c, 'max_position_embeddings', arch === 'llama' ? 2048 : 32768);

  // transformers v5 moves rope_theta and the scaling into rope_parameters.
  const rp = c.rope_parameters;
  const ropeSrc: Json = typeof rp === 'object' && rp !== null && !Array.isArray(rp) ? (rp as Json) : c;
  const ropeTheta = posNum(ropeSrc, 'rope_theta', posNum(c, 'rope_theta', 10000));
  const ropeScaling = parseRopeScaling(ropeSrc === c ? c.rope_scaling : ropeSrc, maxPositions);
  if (ropeScaling?.type === 'llama3' && ropeScaling.highFreqFactor <= ropeScaling.lowFreqFactor) {
    throw new ConfigError(`config.json: rope_scaling high_freq_factor must be greater than low_freq_factor.`);
  }

  const cfg: ModelConfig = {
    arch,
    vocabSize: posInt(c, 'vocab_size'),
    hidden,
    intermediate: posInt(c, 'intermediate_size'),
    layers,
    heads,
    kvHeads,
    headDim,
    ropeTheta,
    rmsEps: posNum(c, 'rms_norm_eps', 1e-6),
    tieEmbeddings: bool(c, 'tie_word_embeddings', false),
    qkvBias: arch === 'qwen2',
    qkNorm: arch === 'qwen3',
    maxPositions,
    ropeScaling,
    eosTokenIds: ids(c, 'eos_token_id'),
  };
  const bos = optId(c, 'bos_token_id');
  if (bos !== undefined) cfg.bosTokenId = bos;
  const pad = optId(c, 'pad_token_id');
  if (pad !== undefined) cfg.padTokenId = pad;
  const dt = c.torch_dtype ?? c.dtype;
  if (typeof dt === 'string') cfg.torchDtype = dt;
  return cfg;
}
