// A model's weights as one name → tensor view over its safetensors files: a single
// model.safetensors or shards listed by model.safetensors.index.json. Tensors are read on
// demand, one at a time, from the source.
import { ConfigError, parseModelConfig, type ModelConfig } from './config';
import { openSafetensors, type SafetensorsFile } from './safetensors-stream';
import type { StTensor, StTensorInfo } from './safetensors';
import { ModelFileError, type ModelSource } from './sources/model-source';
import { checkTensorShapes } from './weights-shapes';

export const SINGLE_FILE = 'model.safetensors';
export const INDEX_FILE = 'model.safetensors.index.json';

export interface WeightEntry {
  file: SafetensorsFile;
  info: StTensorInfo;
}

export interface Weights {
  /** Every tensor in the checkpoint, with the file that holds it. */
  readonly tensors: ReadonlyMap<string, WeightEntry>;
  readonly files: readonly SafetensorsFile[];
  readTensor(name: string): Promise<StTensor>;
  readRaw(name: string): Promise<Uint8Array>;
}

interface IndexJson {
  weight_map: Record<string, string>;
}

function parseIndex(raw: unknown, where: string): IndexJson {
  const wm = (raw as { weight_map?: unknown } | null)?.weight_map;
  if (typeof wm !== 'object' || wm === null || Array.isArray(wm) || !Object.values(wm).every((v) => typeof v === 'string')) {
    throw new ModelFileError(`${where}: ${INDEX_FILE} has no "weight_map" object of tensor name → shard file.`);
  }
  return { weight_map: wm as Record<string, string> };
}

/** Opens the checkpoint's headers (no tensor data yet). */
export async function openWeights(src: ModelSource): Promise<Weights> {
  const tensors = new Map<string, WeightEntry>();
  const files: SafetensorsFile[] = [];
  const index = await src.json(INDEX_FILE);
  if (index !== null) {
    const { weight_map } = parseIndex(index, src.id);
    const shardNames = [...new Set(Object.values(weight_map))].sort();
    for (const shard of shardNames) {
      const bytes = await src.file(shard);
      if (!bytes) throw new ModelFileError(`${src.id}: shard "${shard}" listed in ${INDEX_FILE} is missing; the download is incomplete.`);
      const f = await openSafetensors(bytes, shard);
      files.push(f);
      for (const info of f.header.tensors.values()) {
        const prev = tensors.get(info.name);
        if (prev) throw new ModelFileError(`${src.id}: tensor "${info.name}" appears in both ${prev.file.fileName} and ${shard}.`);
        tensors.set(info.name, { file: f, info });
      }
    }
    for (const [name, shard] of Object.entries(weight_map)) {
      const e = tensors.get(name);
      if (!e) throw new ModelFileError(`${src.id}: ${INDEX_FILE} maps tensor "${name}" to ${shard}, but ${shard} does not contain it.`);
      if (e.file.fileName !== shard) throw new ModelFileError(`${src.id}: ${INDEX_FILE} maps tensor "${name}" to ${shard}, but it is in ${e.file.fileName}.`);
    }
  } else {
    const bytes = await src.file(SINGLE_FILE);
    if (!bytes) {
      throw new ModelFileError(`${src.id}: no ${SINGLE_FILE} or ${INDEX_FILE}; only safetensors checkpoints are supported (convert .bin/.pth files to safetensors first).`);
    }
    const f = await openSafetensors(bytes, SINGLE_FILE);
    files.push(f);
    for (const info of f.header.tensors.values()) tensors.set(info.name, { file: f, info });
  }
  const entry = (name: string): WeightEntry => {
    const e = tensors.get(name);
    if (!e) throw new ModelFileError(`${src.id}: the checkpoint has no tensor "${name}".`);
    return e;
  };
  return {
    tensors,
    files,
    readTensor: (name) => entry(name).file.readTensor(name),
    readRaw: (name) => entry(name).file.readRaw(name),
  };
}

/** Checks the checkpoint against its config (names and shapes); see checkTensorShapes. */
export function checkWeights(w: Weights, cfg: ModelConfig, where: string): { ignored: string[] } {
  const shapes = new Map<string, number[]>();
  for (const [name, e] of w.tensors) shapes.set(name, e.info.shape);
  return checkTensorShapes(shapes, cfg, where);
}

/** config.json parsed and the checkpoint opened and checked against it: what a model loader needs. */
export async function openModelWeights(src: ModelSource): Promise<{ config: ModelConfig; weights: Weights; ignored: string[] }> {
  const json = await src.json('config.json');
  if (json === null) throw new ModelFileError(`${src.id}: no config.json; this is not a Hugging Face model folder.`);
  let config: ModelConfig;
  try {
    config = parseModelConfig(json);
  } catch (e) {
    if (e instanceof ConfigError) e.message = `${src.id}: ${e.message}`;
    throw e;
  }
  const weights = await openWeights(src);
  const { ignored } = checkWeights(weights, config, src.id);
  return { config, weights, ignored };
}
