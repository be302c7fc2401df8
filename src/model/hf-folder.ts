// A trained model as a Hugging Face folder: config.json, model.safetensors and the source's
// tokenizer and chat-template files, so `transformers`, vLLM or this app load it as they load
// the original. Weights are written in the source's dtype where it is a float type the
// writer knows (F32 / F16 / BF16), else F32.
import { readAll } from './sources/byte-source';
import type { ModelSource } from './sources/model-source';
import type { ModelConfig } from './config';
import { writeSafetensors, type StFloatDtype } from './safetensors';
import { expectedTensorShapes } from './weights-shapes';

/** Files copied as they are from the source model when it has them. */
export const TOKENIZER_FILES = ['tokenizer.json', 'tokenizer_config.json', 'generation_config.json', 'special_tokens_map.json', 'chat_template.jinja', 'chat_template.json', 'vocab.json', 'merges.txt'] as const;

const DTYPES: Record<string, StFloatDtype> = { float32: 'F32', float16: 'F16', bfloat16: 'BF16' };

export async function hfModelFiles(
  source: ModelSource,
  cfg: ModelConfig,
  weights: ReadonlyMap<string, Float32Array>,
  opts: { dtype?: 'float32' | 'float16' | 'bfloat16'; metadata?: Record<string, string> } = {},
): Promise<Map<string, Uint8Array>> {
  const config = (await source.json<Record<string, unknown>>('config.json')) ?? {};
  const dtypeName = opts.dtype ?? (typeof config.torch_dtype === 'string' && config.torch_dtype in DTYPES ? (config.torch_dtype as 'float32' | 'float16' | 'bfloat16') : 'float32');
  const shapes = expectedTensorShapes(cfg);
  const tensors = [...weights].map(([name, data]) => {
    const shape = shapes.get(name);
    if (!shape) throw new Error(`export: "${name}" is not a weight of this ${cfg.arch} model`);
    if (shape.reduce((a, b) => a * b, 1) !== data.length) throw new Error(`export: "${name}" has ${data.length} values, its shape ${shape.join('×')} needs ${shape.reduce((a, b) => a * b, 1)}`);
    return { name, shape, dtype: DTYPES[dtypeName]!, data };
  });
  const files = new Map<string, Uint8Array>();
  const enc = new TextEncoder();
  files.set('config.json', enc.encode(JSON.stringify({ ...config, torch_dtype: dtypeName }, null, 2) + '\n'));
  files.set('model.safetensors', writeSafetensors(tensors, { format: 'pt', ...opts.metadata }));
  for (const name of TOKENIZER_FILES) {
    const f = await source.file(name);
    if (f) files.set(name, await readAll(f));
  }
  return files;
}
