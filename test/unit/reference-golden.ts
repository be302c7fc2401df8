// Loader for the golden fixtures (test/fixtures/golden, see its README): usable by any test
// that compares a model implementation with them.
import { readFileSync } from 'node:fs';
import { parseModelConfig, type ModelConfig } from '../../src/model/config';
import { readSafetensors } from '../../src/model/safetensors';
import { maxAbsDiff } from './reference-helpers';

export interface GoldenCases {
  sequences: number[][];
  shapes: [number, number][];
  grad_case: { sequence_index: number; loss: number; loss_weighted: number; weights: number[]; weighted_grads_in_file?: boolean };
}

export interface Golden {
  config: ModelConfig;
  weights: Map<string, Float32Array>;
  cases: GoldenCases;
  logits: Float32Array[];
  grads: Map<string, Float32Array>;
}

/** Reads test/fixtures/golden/<arch>: config, f32 weights, cases, per-case logits, gradients. */
export function loadGolden(arch: 'llama' | 'qwen2' | 'qwen3'): Golden {
  const dir = `test/fixtures/golden/${arch}`;
  const tensors = (file: string) => new Map([...readSafetensors(new Uint8Array(readFileSync(`${dir}/${file}`)), file)].map(([k, t]) => [k, t.data]));
  const cases = JSON.parse(readFileSync(`${dir}/cases.json`, 'utf8')) as GoldenCases;
  const raw = readFileSync(`${dir}/logits.f32`);
  const all = new Float32Array(raw.buffer, raw.byteOffset, raw.byteLength / 4);
  const logits: Float32Array[] = [];
  let at = 0;
  for (const [T, V] of cases.shapes) {
    logits.push(all.subarray(at, at + T * V));
    at += T * V;
  }
  return {
    config: parseModelConfig(JSON.parse(readFileSync(`${dir}/config.json`, 'utf8'))),
    weights: tensors('model.safetensors'),
    cases,
    logits,
    grads: tensors('grads.safetensors'),
  };
}

/** max over tensors of max|g − ref| / max|ref|, and the tensor where it happens. */
export function worstGrad(grads: Map<string, Float64Array>, ref: Map<string, Float32Array>, prefix: string): { err: number; name: string; compared: number } {
  let worst = { err: 0, name: '', compared: 0 };
  for (const [name, g] of grads) {
    const r = ref.get(prefix + name);
    if (!r) throw new Error(`golden file has no gradient "${prefix + name}"`);
    let scale = 0;
    for (let i = 0; i < r.length; i++) scale = Math.max(scale, Math.abs(r[i]));
    const err = maxAbsDiff(g, r) / scale;
    worst = { err: Math.max(worst.err, err), name: err > worst.err ? name : worst.name, compared: worst.compared + 1 };
  }
  return worst;
}
