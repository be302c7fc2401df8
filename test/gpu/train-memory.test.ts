// The memory planner against the real allocation: Trainer.memoryReport() after a step
// gives planMemory's estimate for the same model, mode, micro-batch, sequence length and
// recomputation beside the bytes the GPU context holds. Weights, gradients and AdamW
// state are sized exactly as the pool sizes them (equal to the byte); activations and the
// whole context are within the stated factors. A fresh context per case, so the pool's
// bytes in use are this trainer's alone. ~3 s on lavapipe.
import { afterAll, describe, expect, it } from 'vitest';
import type { GpuContext } from '../../src/gpu';
import { formatBytes } from '../../src/gpu/errors';
import type { ModelConfig } from '../../src/model/config';
import { destroyWeights, uploadWeights } from '../../src/model/transformer-weights';
import { expectedTensorShapes } from '../../src/model/weights-shapes';
import { LORA_TARGETS, LoraAdapters } from '../../src/train/lora';
import { TrainableModel } from '../../src/train/model-forward-train';
import { type MemoryReport, Trainer } from '../../src/train/trainer';
import { createTestContext, randomArray } from '../helpers/gpu';
import { loadGolden } from '../unit/reference-golden';

const contexts: GpuContext[] = [];
afterAll(() => contexts.forEach((c) => c.destroy()));

/** A small llama of the golden family, wide enough that activations are not all 256-byte minimums. */
function config(): ModelConfig {
  return { ...loadGolden('llama').config, hidden: 128, intermediate: 384, heads: 4, kvHeads: 2, headDim: 32, layers: 4, vocabSize: 1024, tieEmbeddings: false };
}

async function report(kind: 'full' | 'lora', recompute: boolean): Promise<MemoryReport> {
  const ctx = await createTestContext({});
  contexts.push(ctx);
  const cfg = config();
  const host = new Map<string, Float32Array>();
  let seed = 1;
  for (const [name, shape] of expectedTensorShapes(cfg)) {
    const n = shape.reduce((a, b) => a * b, 1);
    host.set(name, name.includes('norm') ? new Float32Array(n).fill(1) : randomArray(n, seed++, -0.05, 0.05));
  }
  const weights = uploadWeights(ctx, cfg, host);
  const lora = kind === 'lora' ? new LoraAdapters(ctx, cfg, { rank: 8, alpha: 16, targets: LORA_TARGETS }) : undefined;
  const model = new TrainableModel(ctx, cfg, weights, { lora });
  const trainer = new Trainer(model, { optimizer: {}, schedule: { lr: 1e-3, warmupSteps: 0, decay: 'constant' }, microBatch: 2, recompute });
  const row = (s: number) => Array.from({ length: 128 }, (_, i) => (s * 31 + i * 7) % cfg.vocabSize);
  const examples = [0, 1, 2, 3].map((s) => ({ prompt: row(s).slice(0, 16), completion: row(s).slice(16) }));
  expect(() => trainer.memoryReport()).toThrow(/run a training step first/);
  expect((await trainer.sftStep(examples)).applied).toBe(true);
  const r = trainer.memoryReport();
  const est = (c: string) => r.estimate.categories.find((x) => x.category === c)!.allocated;
  console.log(
    `${kind}${recompute ? ' + recompute' : ''}: estimate ${formatBytes(r.estimate.total)} (weights ${est('weights')}, grads ${est('gradients')}, adam ${est('optimizer')}, activations ${est('activations')}, lm-head ${est('lm-head')}); ` +
      `actual ${formatBytes(r.actual.total)} (weights ${r.actual.weights}, grads ${r.actual.gradients}, adam ${r.actual.optimizer}, activations ${r.actual.activations}); ratio ${r.ratio.toFixed(3)}`,
  );
  trainer.destroy();
  trainer.opt.destroy();
  model.destroy();
  lora?.destroy();
  destroyWeights(weights);
  return r;
}

describe('memory planner vs actual allocation', () => {
  for (const [kind, recompute] of [['full', false], ['lora', true]] as const) {
    it(`${kind} fine-tune${recompute ? ' with recomputation' : ''}: estimate matches the allocation`, async () => {
      const r = await report(kind, recompute);
      const est = (c: string) => r.estimate.categories.find((x) => x.category === c)!.allocated;
      expect(r.estimate.input.microBatch).toBe(2);
      expect(r.estimate.input.seqLen).toBe(128);
      // Persistent state: the planner sizes each tensor as the pool does.
      expect(r.actual.weights).toBe(est('weights'));
      expect(r.actual.gradients).toBe(est('gradients'));
      expect(r.actual.optimizer).toBe(est('optimizer'));
      // Activations: the planner's activation category against the temporaries one
      // micro-batch held (the forward's, the backward's gradient buffers, batch inputs).
      const act = est('activations') / r.actual.activations;
      expect(act).toBeGreaterThan(0.8);
      expect(act).toBeLessThan(1.25);
      expect(r.ratio).toBeGreaterThan(0.8);
      expect(r.ratio).toBeLessThan(1.25);
    });
  }
});
