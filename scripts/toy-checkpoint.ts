// train:toy's checkpoint file (scripts/train-toy.ts): the weights and AdamW moments flat
// (adam.m.* / adam.v.*), the step, recipe and training log in the metadata. Written every
// --checkpoint-every steps, read to --resume, and read as a model folder by the probe, so a
// run can be probed while it trains: config.json from the recipe's size, model.safetensors
// the weights in their Hugging Face shapes, the tokenizer files from the committed toy.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { nodeDirSource } from '../src/host/node-files';
import { parseModelConfig } from '../src/model/config';
import { parseSafetensorsHeader, readSafetensors, writeSafetensors } from '../src/model/safetensors';
import { bytesSource, readAll } from '../src/model/sources/byte-source';
import { modelSource, type ModelSource } from '../src/model/sources/model-source';
import { expectedTensorShapes } from '../src/model/weights-shapes';
import { toyGenerationConfigJson, toyModelConfigJson } from '../src/toy/model-config';
import type { ToyCheckpoint, ToyRecipe } from '../src/toy/pretrain';

const committed = join(import.meta.dirname, '..', 'public', 'models', 'dust-toy');

export function toyCheckpointBytes(c: ToyCheckpoint, recipe: ToyRecipe, log: unknown): Uint8Array {
  const tensors = [];
  for (const [prefix, m] of [['', c.weights], ['adam.m.', c.m], ['adam.v.', c.v]] as const) {
    for (const [name, data] of m) tensors.push({ name: prefix + name, shape: [data.length], dtype: 'F32' as const, data });
  }
  return writeSafetensors(tensors, { step: String(c.step), recipe: JSON.stringify(recipe), log: JSON.stringify(log) });
}

export interface ReadToyCheckpoint {
  ckpt: ToyCheckpoint;
  /** The recipe as written (JSON): a resumed run must be the same recipe. */
  recipeJson: string;
  log: unknown;
}

export function readToyCheckpoint(bytes: Uint8Array, file: string): ReadToyCheckpoint {
  const meta = parseSafetensorsHeader(bytes, file).metadata;
  if (meta.recipe === undefined || meta.step === undefined || meta.log === undefined) throw new Error(`${file}: not a train:toy checkpoint (no step, recipe and log in its metadata)`);
  const weights = new Map<string, Float32Array>();
  const m = new Map<string, Float32Array>();
  const v = new Map<string, Float32Array>();
  for (const [name, t] of readSafetensors(bytes, file)) {
    if (name.startsWith('adam.m.')) m.set(name.slice(7), t.data);
    else if (name.startsWith('adam.v.')) v.set(name.slice(7), t.data);
    else weights.set(name, t.data);
  }
  return { ckpt: { step: Number(meta.step), weights, m, v }, recipeJson: meta.recipe, log: JSON.parse(meta.log) };
}

/** A checkpoint file as a model folder (read once: the run may replace the file meanwhile). */
export function toyCheckpointSource(file: string): { source: ModelSource; step: number } {
  const { ckpt, recipeJson } = readToyCheckpoint(new Uint8Array(readFileSync(file)), file);
  const config = toyModelConfigJson((JSON.parse(recipeJson) as ToyRecipe).size);
  const shapes = expectedTensorShapes(parseModelConfig(config));
  const tensors = [...ckpt.weights].map(([name, data]) => {
    const shape = shapes.get(name);
    if (!shape) throw new Error(`${file}: tensor ${name} is not one of the toy model's`);
    return { name, shape, dtype: 'F32' as const, data };
  });
  const weights = writeSafetensors(tensors, { format: 'pt' });
  const tokenizer = nodeDirSource(committed);
  const source = modelSource({
    id: `${file} (step ${ckpt.step})`,
    async file(name) {
      if (name === 'config.json') return bytesSource(new TextEncoder().encode(JSON.stringify(config)));
      if (name === 'model.safetensors') return bytesSource(weights);
      return name === 'tokenizer.json' || name === 'tokenizer_config.json' ? tokenizer.file(name) : null;
    },
    list: async () => ['config.json', 'model.safetensors', 'tokenizer.json', 'tokenizer_config.json'],
  });
  return { source, step: ckpt.step };
}

/**
 * Writes a checkpoint as a Hugging Face model folder (its folder view plus
 * generation_config.json), so a run stopped before its last step can be loaded by
 * `dust run --model DIR` or a reproduction. Returns the checkpoint's step.
 */
export async function writeToyCheckpointFolder(file: string, dir: string): Promise<number> {
  const { source, step } = toyCheckpointSource(file);
  mkdirSync(dir, { recursive: true });
  for (const name of (await source.list?.()) ?? []) {
    const f = await source.file(name);
    if (!f) throw new Error(`${file}: no ${name} in the checkpoint's folder view`);
    writeFileSync(join(dir, name), await readAll(f));
  }
  writeFileSync(join(dir, 'generation_config.json'), `${JSON.stringify(toyGenerationConfigJson(), null, 2)}\n`);
  return step;
}
