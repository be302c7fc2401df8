// Activation recomputation (Trainer option `recompute`): the forward keeps only each
// layer's input and the backward re-records the layer before differentiating it. Proof:
// the same kernels on the same inputs, so every gradient is bit-identical to the plain
// path (all three golden models — llama, Qwen2 biases, Qwen3 q/k norms — and LoRA), and
// the temporaries one micro-batch holds are measured smaller. ~3 s on lavapipe.
import { afterAll, describe, expect, it } from 'vitest';
import { destroyWeights, uploadWeights } from '../../src/model/transformer-weights';
import { LORA_TARGETS, LoraAdapters } from '../../src/train/lora';
import { recordBackward } from '../../src/train/model-backward';
import { packForTraining, TrainableModel } from '../../src/train/model-forward-train';
import { Trainer } from '../../src/train/trainer';
import { getTestContext, randomArray } from '../helpers/gpu';
import { loadGolden } from '../unit/reference-golden';

const owned: { destroy(): void }[] = [];
afterAll(() => owned.forEach((o) => o.destroy()));

/** One forward + backward of the mean NLL over two packed sequences; every trained gradient and the peak temporaries. */
async function gradients(model: TrainableModel, recompute: boolean, seqs: number[][]) {
  const ctx = model.ctx;
  ctx.run((rec) => model.zeroGrads(rec));
  model.resetScratchPeak();
  const batch = packForTraining(seqs);
  const n = batch.targets.filter((t) => t >= 0).length;
  const rec = ctx.recorder('recompute test');
  const s = model.forward(rec, batch, undefined, { recompute });
  const scale = model.alloc([batch.tokens.length], 'f32', 'scale', Float32Array.from(batch.targets, (t) => (t >= 0 ? 1 / n : 0)));
  recordBackward(rec, model, s, { scale });
  const logp = rec.read(s.logp);
  rec.submit();
  const peak = model.peakScratchBytes();
  model.release();
  const grads = new Map<string, Float32Array>();
  for (const p of model.trainableParams()) grads.set(p.name, (await ctx.read(p.grad)) as Float32Array);
  return { grads, logp: (await logp) as Float32Array, peak };
}

function expectIdentical(a: Map<string, Float32Array>, b: Map<string, Float32Array>): number {
  expect([...a.keys()]).toEqual([...b.keys()]);
  let nonZero = 0;
  for (const [name, v] of a) {
    const w = b.get(name)!;
    for (let i = 0; i < v.length; i++) {
      if (v[i] !== 0) nonZero++;
      if (!Object.is(v[i], w[i])) throw new Error(`${name}[${i}]: ${v[i]} with recomputation, ${w[i]} without`);
    }
  }
  return nonZero;
}

describe('activation recomputation', () => {
  for (const arch of ['llama', 'qwen2', 'qwen3'] as const) {
    it(`${arch}: full fine-tune gradients are bit-identical, with fewer bytes of activations`, async () => {
      const ctx = await getTestContext();
      const g = loadGolden(arch);
      const model = new TrainableModel(ctx, g.config, uploadWeights(ctx, g.config, g.weights));
      owned.push(model, { destroy: () => destroyWeights(model.weights) });
      const seqs = [g.cases.sequences[0], g.cases.sequences[1]];
      // Fresh scratch per path: the peak counts what each recording held.
      const plain = await gradients(model, false, seqs);
      const again = await gradients(model, true, seqs);
      expect(Array.from(again.logp)).toEqual(Array.from(plain.logp));
      const nonZero = expectIdentical(again.grads, plain.grads);
      expect(nonZero).toBeGreaterThan(1000);
      console.log(`${arch} (${g.config.layers} layers, ${seqs.flat().length} tokens): peak temporaries ${plain.peak} B plain, ${again.peak} B with recomputation`);
      expect(again.peak).toBeLessThan(plain.peak);
    });
  }

  it('LoRA adapter gradients are bit-identical (qwen3, all 7 targets, B ≠ 0)', async () => {
    const ctx = await getTestContext();
    const g = loadGolden('qwen3');
    const lora = new LoraAdapters(ctx, g.config, { rank: 4, alpha: 8, targets: LORA_TARGETS });
    let seed = 3;
    for (const l of lora.layers) for (const t of LORA_TARGETS) l[t]!.b.write(randomArray(l[t]!.b.numel, seed++, -0.05, 0.05));
    const base = uploadWeights(ctx, g.config, g.weights);
    const model = new TrainableModel(ctx, g.config, base, { lora });
    owned.push(model, lora, { destroy: () => destroyWeights(base) });
    const seqs = [g.cases.sequences[0], g.cases.sequences[1]];
    const plain = await gradients(model, false, seqs);
    const again = await gradients(model, true, seqs);
    expect(expectIdentical(again.grads, plain.grads)).toBeGreaterThan(100);
    expect(again.peak).toBeLessThan(plain.peak);
  });

  it('Trainer({ recompute: true }) takes the same SFT steps as without', async () => {
    const ctx = await getTestContext();
    const g = loadGolden('llama');
    const [a, b] = g.cases.sequences;
    const examples = [
      { prompt: a.slice(0, 8), completion: a.slice(8) },
      { prompt: b.slice(0, 2), completion: b.slice(2) },
    ];
    const run = async (recompute: boolean) => {
      const model = new TrainableModel(ctx, g.config, uploadWeights(ctx, g.config, g.weights));
      const trainer = new Trainer(model, { optimizer: { weightDecay: 0.1, maxGradNorm: 1 }, schedule: { lr: 1e-3, warmupSteps: 0, decay: 'constant' }, microBatch: 1, recompute });
      owned.push(model, trainer, trainer.opt, { destroy: () => destroyWeights(model.weights) });
      const losses = [];
      for (let i = 0; i < 2; i++) losses.push((await trainer.sftStep(examples)).loss);
      return { losses, q: (await ctx.read(model.weights.layers[0].q)) as Float32Array };
    };
    const off = await run(false);
    const on = await run(true);
    expect(on.losses).toEqual(off.losses);
    expect(off.losses[1]).toBeLessThan(off.losses[0]);
    expect(Array.from(on.q)).toEqual(Array.from(off.q));
  });
});
