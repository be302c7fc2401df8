// Builds tiny random Hugging Face model folders (config.json, model.safetensors,
// tokenizer.json, tokenizer_config.json) for each architecture, so loading, generation and
// the CLI are tested on real files the way a downloaded model arrives.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseModelConfig, type ModelConfig } from '../../src/model/config';
import { writeSafetensors, type StFloatDtype } from '../../src/model/safetensors';
import { decodeToF32, encodeFromF32 } from '../../src/model/safetensors-dtype';
import { expectedTensorShapes } from '../../src/model/weights-shapes';
import { randomArray } from '../helpers/gpu';

export type TinyArch = 'llama' | 'qwen2' | 'qwen3';

/** One character per token; id 0 is <|endoftext|>. */
export const TINY_CHARS = [...' abcdefghijklmnopqrstuvwxyz.,!?0123456789\n'];
export const TINY_VOCAB = TINY_CHARS.length + 1;

export function tinyTokenizerJson(): Record<string, unknown> {
  const vocab: Record<string, number> = { '<|endoftext|>': 0 };
  TINY_CHARS.forEach((c, i) => (vocab[c] = i + 1));
  return {
    version: '1.0',
    added_tokens: [{ id: 0, content: '<|endoftext|>', single_word: false, lstrip: false, rstrip: false, normalized: false, special: true }],
    normalizer: null,
    pre_tokenizer: { type: 'Split', pattern: { Regex: '.' }, behavior: 'Isolated', invert: false },
    post_processor: null,
    decoder: { type: 'Fuse' },
    model: { type: 'BPE', dropout: null, unk_token: null, continuing_subword_prefix: null, end_of_word_suffix: null, fuse_unk: false, byte_fallback: false, vocab, merges: [] },
  };
}

export function tinyConfigJson(arch: TinyArch, vocab = TINY_VOCAB): Record<string, unknown> {
  const base = {
    vocab_size: vocab,
    hidden_size: 32,
    intermediate_size: 64,
    num_hidden_layers: 2,
    num_attention_heads: 4,
    num_key_value_heads: 2,
    max_position_embeddings: 256,
    rms_norm_eps: 1e-6,
    eos_token_id: 0,
    bos_token_id: 0,
    torch_dtype: 'float32',
  };
  if (arch === 'llama') return { ...base, architectures: ['LlamaForCausalLM'], model_type: 'llama', rope_theta: 10000, tie_word_embeddings: true };
  if (arch === 'qwen2') return { ...base, architectures: ['Qwen2ForCausalLM'], model_type: 'qwen2', rope_theta: 1e6, tie_word_embeddings: false };
  return { ...base, architectures: ['Qwen3ForCausalLM'], model_type: 'qwen3', head_dim: 16, rope_theta: 1e6, tie_word_embeddings: true };
}

export interface TinyModel {
  config: ModelConfig;
  /** Exact f32 values of every tensor (after rounding to the stored dtype). */
  weights: Map<string, Float32Array>;
  files: Record<string, Uint8Array>;
}

export function tinyModel(
  arch: TinyArch,
  opts: { seed?: number; dtype?: StFloatDtype; vocab?: number; drop?: string; reshape?: string; huge?: string; chatTemplate?: string } = {},
): TinyModel {
  const configJson = tinyConfigJson(arch, opts.vocab);
  const config = parseModelConfig(configJson);
  const weights = new Map<string, Float32Array>();
  let seed = opts.seed ?? 7;
  const tensors = [];
  for (const [name, shape] of expectedTensorShapes(config)) {
    const n = shape.reduce((a, b) => a * b, 1);
    const isNorm = name.endsWith('norm.weight');
    let data = isNorm ? randomArray(n, seed++, 0.8, 1.2) : randomArray(n, seed++, -0.25, 0.25);
    const dtype = opts.dtype ?? 'F32';
    // The stored dtype rounds the values; keep the rounded ones as the truth.
    if (dtype !== 'F32') data = decodeToF32(encodeFromF32(data, dtype), dtype, n);
    if (name === opts.huge) data[0] = 100000;
    weights.set(name, data);
    if (name === opts.drop) continue;
    const s = name === opts.reshape ? [shape[0] + 1, ...shape.slice(1)] : shape;
    const d = name === opts.reshape ? new Float32Array(s.reduce((a, b) => a * b, 1)) : data;
    tensors.push({ name, shape: s, dtype, data: d });
  }
  const enc = (o: unknown) => new TextEncoder().encode(JSON.stringify(o));
  return {
    config,
    weights,
    files: {
      'config.json': enc(configJson),
      'model.safetensors': writeSafetensors(tensors, { format: 'pt' }),
      'tokenizer.json': enc(tinyTokenizerJson()),
      'tokenizer_config.json': enc({ eos_token: '<|endoftext|>', bos_token: null, model_max_length: 256, ...(opts.chatTemplate ? { chat_template: opts.chatTemplate } : {}) }),
    },
  };
}

const written: string[] = [];

/** Removes every folder writeModelDir made (call from afterAll). */
export function removeModelDirs(): void {
  for (const d of written.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** Writes the files into a fresh temporary folder (see removeModelDirs) and returns its path. */
export function writeModelDir(files: Record<string, Uint8Array>): string {
  const dir = mkdtempSync(join(tmpdir(), 'dust-tiny-'));
  written.push(dir);
  for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
  return dir;
}
