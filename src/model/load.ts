// A Hugging Face model folder (any ModelSource: Hub, browser folder, Node path) → a
// Transformer on the GPU. config.json is parsed and every tensor's name and shape checked
// against it before anything is uploaded (errors name the tensor); then tensors stream
// one at a time from the source to the GPU, so host memory holds at most one tensor.
import type { GpuContext } from '../gpu';
import type { ModelConfig } from './config';
import type { ModelSource } from './sources/model-source';
import { Transformer } from './transformer';
import { isMatrix, WeightAssembler } from './transformer-weights';
import { openModelWeights, type Weights } from './weights';
import { expectedTensorShapes } from './weights-shapes';

export interface LoadProgress {
  /** The tensor just uploaded. */
  tensor: string;
  /** Tensors uploaded so far, of `count`. */
  done: number;
  count: number;
  /** Checkpoint bytes read so far, of `totalBytes`. */
  bytes: number;
  totalBytes: number;
}

export interface LoadOptions {
  onProgress?: (p: LoadProgress) => void;
  /**
   * Storage of the weight matrices on the GPU: 'f32' (default, any GPU) or 'f16' (half the
   * memory and decode bandwidth; needs shader-f16). Norms and biases stay f32; all
   * arithmetic is f32 either way.
   */
  matrixDtype?: 'f32' | 'f16';
}

export interface LoadedModel {
  model: Transformer;
  config: ModelConfig;
  /** Checkpoint tensors not needed (rotary caches, a duplicate tied head). */
  ignored: string[];
}

/** The values to upload: f16 bits straight from an F16 checkpoint, else f32 (checked to fit f16 when that is the target). */
async function hostData(weights: Weights, name: string, stored: string, target: 'f32' | 'f16', where: string): Promise<Float32Array | Uint16Array> {
  if (stored === 'F16' && target === 'f16') {
    const raw = await weights.readRaw(name);
    // A Uint16Array view needs an even offset; copy the rare odd one.
    const bytes = raw.byteOffset % 2 === 0 ? raw : raw.slice();
    return new Uint16Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 2);
  }
  const data = (await weights.readTensor(name)).data;
  if (target === 'f16') {
    for (let i = 0; i < data.length; i++) {
      if (Math.abs(data[i]) > F16_MAX) {
        throw new Error(`${where}: tensor "${name}" has a value ${data[i]} outside the f16 range (±${F16_MAX}); load this model with f32 weights.`);
      }
    }
  }
  return data;
}

const F16_MAX = 65504;

export async function loadModel(ctx: GpuContext, src: ModelSource, opts: LoadOptions = {}): Promise<LoadedModel> {
  const matrixDtype = opts.matrixDtype ?? 'f32';
  if (matrixDtype === 'f16' && !ctx.features.f16) {
    throw new Error(`loadModel: f16 weights need the shader-f16 feature, which this GPU (${ctx.adapter.summary}) does not have; load with matrixDtype 'f32'.`);
  }
  const { config, weights, ignored } = await openModelWeights(src);
  const wanted = [...expectedTensorShapes(config)];
  const sizes = wanted.map(([name]) => {
    const info = weights.tensors.get(name)!.info;
    return info.end - info.begin;
  });
  const totalBytes = sizes.reduce((a, b) => a + b, 0);
  const asm = new WeightAssembler(config);
  let bytes = 0;
  try {
    for (let i = 0; i < wanted.length; i++) {
      const [name, shape] = wanted[i];
      const stored = weights.tensors.get(name)!.info.dtype;
      if (stored !== 'F32' && stored !== 'F16' && stored !== 'BF16') {
        throw new Error(`${src.id}: tensor "${name}" is stored as ${stored}; only F32, F16 and BF16 weights can be loaded.`);
      }
      const dtype = isMatrix(name) ? matrixDtype : 'f32';
      asm.put(name, ctx.tensor(shape, dtype, await hostData(weights, name, stored, dtype, src.id), name));
      bytes += sizes[i];
      opts.onProgress?.({ tensor: name, done: i + 1, count: wanted.length, bytes, totalBytes });
    }
    // Allocation failures (out of GPU memory) surface here rather than at the first forward.
    await ctx.sync();
    return { model: new Transformer(ctx, config, asm.finish()), config, ignored };
  } catch (e) {
    asm.destroy();
    throw e;
  }
}
