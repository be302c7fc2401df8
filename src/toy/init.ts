// Seeded initialisation of the toy model, as Hugging Face's LlamaPreTrainedModel does it:
// every matrix (embedding included) ~ N(0, initializer_range = 0.02), every RMSNorm weight 1.
// Each tensor draws from its own stream, deriveSeed(seed, 'toy-init', name), so the values of
// one tensor do not depend on the others (a size change leaves the rest comparable).
// Normal samples by Box–Muller over src/util/rng (integer mulberry32; identical in Node and
// browsers, and Math.log/cos/sqrt of the same doubles round the same way in V8).
import type { ModelConfig } from '../model/config';
import { expectedTensorShapes } from '../model/weights-shapes';
import { createRng, deriveSeed, type Rng } from '../util/rng';

export const TOY_INIT_STD = 0.02;

/** n samples of N(0, std²) from `rng` (Box–Muller, both values of each pair used). */
export function normalArray(rng: Rng, n: number, std: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i += 2) {
    const u1 = 1 - rng.next(); // (0, 1]: log is finite
    const u2 = rng.next();
    const r = Math.sqrt(-2 * Math.log(u1)) * std;
    out[i] = r * Math.cos(2 * Math.PI * u2);
    if (i + 1 < n) out[i + 1] = r * Math.sin(2 * Math.PI * u2);
  }
  return out;
}

/** Named f32 tensors (HF names, shapes of expectedTensorShapes) for `cfg`, from `seed`. */
export function initToyWeights(cfg: ModelConfig, seed: number, std = TOY_INIT_STD): Map<string, Float32Array> {
  const out = new Map<string, Float32Array>();
  for (const [name, shape] of expectedTensorShapes(cfg)) {
    const n = shape.reduce((a, b) => a * b, 1);
    out.set(name, name.endsWith('norm.weight') ? new Float32Array(n).fill(1) : normalArray(createRng(deriveSeed(seed, 'toy-init', name)), n, std));
  }
  return out;
}
