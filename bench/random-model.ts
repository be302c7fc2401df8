// A model with the real shapes and random weights, for suites that time the decoder without
// a download (bench model, bench generate).
import type { GpuContext } from '../src/gpu';
import type { ModelConfig } from '../src/model/config';
import { Transformer } from '../src/model/transformer';
import { isMatrix, WeightAssembler } from '../src/model/transformer-weights';
import { expectedTensorShapes } from '../src/model/weights-shapes';

/** Uniform ±0.02 weights (norms at 1), generated on the host one tensor at a time. */
export function randomModel(ctx: GpuContext, cfg: ModelConfig, matrixDtype: 'f32' | 'f16'): Transformer {
  const asm = new WeightAssembler(cfg);
  let s = 0x9e3779b9;
  for (const [name, shape] of expectedTensorShapes(cfg)) {
    const n = shape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(n);
    if (name.endsWith('norm.weight')) data.fill(1);
    else {
      for (let i = 0; i < n; i++) {
        s ^= s << 13;
        s ^= s >>> 17;
        s ^= s << 5;
        data[i] = ((s >>> 0) / 4294967296 - 0.5) * 0.04;
      }
    }
    asm.put(name, ctx.tensor(shape, isMatrix(name) ? matrixDtype : 'f32', data, name));
  }
  return new Transformer(ctx, cfg, asm.finish());
}
