// Shared by the train-*.test.ts files: a TrainableModel on golden weights, one recorded
// forward + backward of a weighted NLL, and gradient read-back by HF name.
import type { GpuContext } from '../../src/gpu';
import type { ModelConfig } from '../../src/model/config';
import { uploadWeights } from '../../src/model/transformer-weights';
import { recordBackward } from '../../src/train/model-backward';
import { type PackedBatch, TrainableModel } from '../../src/train/model-forward-train';

export function trainableFrom(ctx: GpuContext, cfg: ModelConfig, host: ReadonlyMap<string, Float32Array>): TrainableModel {
  return new TrainableModel(ctx, cfg, uploadWeights(ctx, cfg, host));
}

/** Records forward + backward of L = Σ scale[t]·(−log p_t) (gradients accumulate); returns log p (of softmax(logitScale · logits)). */
export async function forwardBackward(model: TrainableModel, batch: PackedBatch, scale: Float32Array, logitScale = 1): Promise<Float32Array> {
  const rec = model.ctx.recorder('train test');
  const s = model.forward(rec, batch, undefined, { logitScale });
  const sc = model.alloc([batch.tokens.length], 'f32', 'test scale', scale);
  recordBackward(rec, model, s, { scale: sc });
  const logp = rec.read(s.logp);
  rec.submit();
  model.release();
  return (await logp) as Float32Array;
}

export async function readGrads(model: TrainableModel): Promise<Map<string, Float32Array>> {
  if (!model.grads) throw new Error("no full-model gradients (LoRA model)");
  return readNamed(model, model.grads);
}

export async function readWeights(model: TrainableModel): Promise<Map<string, Float32Array>> {
  return readNamed(model, model.weights);
}

async function readNamed(model: TrainableModel, w: TrainableModel['weights']): Promise<Map<string, Float32Array>> {
  const out = new Map<string, Float32Array>();
  for (const [name, t] of model.named(w)) out.set(name, (await model.ctx.read(t)) as Float32Array);
  return out;
}

/** Σ_t scale[t]·(−logp[t]) in float64. */
export function weightedNll(logp: ArrayLike<number>, scale: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < scale.length; i++) s -= scale[i] * logp[i];
  return s;
}

/** max |a − b| / max |b|. */
export function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  let d = 0;
  for (let i = 0; i < b.length; i++) {
    m = Math.max(m, Math.abs(b[i]));
    d = Math.max(d, Math.abs(a[i] - b[i]));
  }
  if (a.length !== b.length) return NaN;
  return m === 0 ? d : d / m;
}
