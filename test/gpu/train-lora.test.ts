// LoRA on the golden models, proven through the (golden-proven) full fine-tune path: for
// y = x·(W + s·B·A)ᵀ, dL/dB = s·dW'·Aᵀ and dL/dA = s·Bᵀ·dW' where dW' is the full
// gradient at the merged weights W' = W + s·B·A. Also: an f16 base gives nearly the same
// adapter gradients, and LoRA SFT learns with the base frozen. ~4 s on lavapipe.
import { afterAll, describe, expect, it } from 'vitest';
import type { GpuContext } from '../../src/gpu';
import { destroyWeights, uploadWeights } from '../../src/model/transformer-weights';
import { LORA_TARGETS, LoraAdapters, type LoraTarget } from '../../src/train/lora';
import { packForTraining, TrainableModel } from '../../src/train/model-forward-train';
import { Trainer } from '../../src/train/trainer';
import { getTestContext, randomArray } from '../helpers/gpu';
import { loadGolden } from '../unit/reference-golden';
import { forwardBackward, readGrads, readWeights, relErr, trainableFrom, weightedNll } from './train-helpers';

const owned: { destroy(): void }[] = [];
afterAll(() => owned.forEach((o) => o.destroy()));
const ROLE_NAME: Record<LoraTarget, string> = { q: 'self_attn.q_proj', k: 'self_attn.k_proj', v: 'self_attn.v_proj', o: 'self_attn.o_proj', gate: 'mlp.gate_proj', up: 'mlp.up_proj', down: 'mlp.down_proj' };
const RANK = 4;

/** Adapters with random A and B (B ≠ 0, so dA is not trivially zero); host copies returned. */
function randomAdapters(ctx: GpuContext, g: ReturnType<typeof loadGolden>) {
  const lora = new LoraAdapters(ctx, g.config, { rank: RANK, alpha: 8, targets: LORA_TARGETS });
  const host = new Map<string, { a: Float32Array; b: Float32Array }>();
  let seed = 10;
  lora.layers.forEach((l, li) => {
    for (const t of LORA_TARGETS) {
      const ad = l[t]!;
      const a = randomArray(ad.a.numel, seed++, -0.2, 0.2);
      const b = randomArray(ad.b.numel, seed++, -0.05, 0.05);
      ad.a.write(a);
      ad.b.write(b);
      host.set(`model.layers.${li}.${ROLE_NAME[t]}.weight`, { a, b });
    }
  });
  return { lora, host };
}

/** (m×k)·(k×n) in float64; `ta`/`tb` read the operand transposed from its stored layout. */
function mm(a: Float32Array, b: Float32Array, m: number, k: number, n: number, ta = false, tb = false): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += (ta ? a[p * m + i] : a[i * k + p]) * (tb ? b[j * k + p] : b[p * n + j]);
      out[i * n + j] = s;
    }
  return out;
}

async function loraGrads(ctx: GpuContext, g: ReturnType<typeof loadGolden>, lora: LoraAdapters, matrixDtype: 'f32' | 'f16') {
  const base = uploadWeights(ctx, g.config, g.weights, matrixDtype);
  const model = new TrainableModel(ctx, g.config, base, { lora });
  owned.push(model, { destroy: () => destroyWeights(base) });
  const ids = g.cases.sequences[0];
  const scale = Float32Array.from(ids, (_, t) => (t + 1 < ids.length ? 1 / (ids.length - 1) : 0));
  const logp = await forwardBackward(model, packForTraining([ids]), scale);
  const out = new Map<string, { dA: Float32Array; dB: Float32Array }>();
  for (const [li, l] of lora.layers.entries()) {
    for (const t of LORA_TARGETS) {
      const ad = l[t]!;
      out.set(`model.layers.${li}.${ROLE_NAME[t]}.weight`, { dA: (await ctx.read(ad.dA)) as Float32Array, dB: (await ctx.read(ad.dB)) as Float32Array });
    }
  }
  return { loss: weightedNll(logp, scale), grads: out, ids, scale };
}

describe.each(['llama', 'qwen2', 'qwen3'] as const)('%s LoRA', (arch) => {
  it('adapter gradients equal the full gradient at the merged weights, projected', async () => {
    const ctx = await getTestContext();
    const g = loadGolden(arch);
    const { lora, host } = randomAdapters(ctx, g);
    owned.push(lora);
    const got = await loraGrads(ctx, g, lora, 'f32');
    // Full model at W' = W + s·B·A.
    const merged = new Map(g.weights);
    for (const [name, { a, b }] of host) {
      const w = g.weights.get(name)!;
      const [o, i] = [w.length / a.length * RANK, a.length / RANK];
      const ba = mm(b, a, o, RANK, i);
      merged.set(name, Float32Array.from(w, (x, j) => x + lora.scale * ba[j]));
    }
    const full = trainableFrom(ctx, g.config, merged);
    owned.push(full);
    const logp = await forwardBackward(full, packForTraining([got.ids]), got.scale);
    expect(Math.abs(weightedNll(logp, got.scale) - got.loss)).toBeLessThan(1e-5);
    const dW = await readGrads(full);
    let worst = { err: 0, name: '' };
    for (const [name, { a, b }] of host) {
      const d = dW.get(name)!;
      const i = a.length / RANK;
      const o = b.length / RANK;
      const wantB = mm(Float32Array.from(d), a, o, i, RANK, false, true).map((x) => x * lora.scale); // s·dW'·Aᵀ
      const wantA = mm(b, Float32Array.from(d), RANK, o, i, true, false).map((x) => x * lora.scale); // s·Bᵀ·dW'
      for (const [err, which] of [[relErr(got.grads.get(name)!.dB, wantB), 'B'], [relErr(got.grads.get(name)!.dA, wantA), 'A']] as const) {
        if (!(err <= worst.err)) worst = { err, name: `${name} ${which}` };
      }
    }
    console.log(`[${arch}] LoRA r${RANK} on ${LORA_TARGETS.length} targets: loss ${got.loss.toFixed(6)}, worst adapter gradient error ${worst.err.toExponential(2)} at ${worst.name}`);
    expect(worst.err).toBeLessThan(1e-4);
  });
});

describe('LoRA training', () => {
  it('an f16 base gives nearly the f32-base adapter gradients', async () => {
    const ctx = await getTestContext();
    if (!ctx.features.f16) return;
    const g = loadGolden('qwen3');
    const one = randomAdapters(ctx, g);
    const two = randomAdapters(ctx, g);
    owned.push(one.lora, two.lora);
    const f32 = await loraGrads(ctx, g, one.lora, 'f32');
    const f16 = await loraGrads(ctx, g, two.lora, 'f16');
    let worst = 0;
    for (const [name, v] of f32.grads) worst = Math.max(worst, relErr(f16.grads.get(name)!.dA, v.dA), relErr(f16.grads.get(name)!.dB, v.dB));
    console.log(`f16 base: loss ${f16.loss.toFixed(5)} vs ${f32.loss.toFixed(5)}, worst adapter gradient difference ${worst.toExponential(2)}`);
    expect(Math.abs(f16.loss - f32.loss)).toBeLessThan(1e-3);
    expect(worst).toBeLessThan(2e-2);
  });

  it('SFT with LoRA lowers the loss while the base weights stay bit-identical', async () => {
    const ctx = await getTestContext();
    const g = loadGolden('llama');
    const lora = new LoraAdapters(ctx, g.config, { rank: 8, alpha: 16, targets: ['q', 'v', 'o', 'down'] });
    const base = uploadWeights(ctx, g.config, g.weights);
    const model = new TrainableModel(ctx, g.config, base, { lora });
    const trainer = new Trainer(model, { optimizer: { weightDecay: 0 }, schedule: { lr: 1e-2, warmupSteps: 0, decay: 'constant' } });
    owned.push(lora, model, trainer, { destroy: () => destroyWeights(base) });
    const seq = g.cases.sequences[0];
    const before = await readWeights(model);
    const losses: number[] = [];
    for (let i = 0; i < 15; i++) losses.push((await trainer.sftStep([{ prompt: seq.slice(0, 1), completion: seq.slice(1) }])).loss);
    console.log(`LoRA SFT losses: ${losses.filter((_, i) => i % 5 === 0 || i === 14).map((l) => l.toFixed(3)).join(' → ')}`);
    expect(losses[14]).toBeLessThan(losses[0] - 2);
    const after = await readWeights(model);
    for (const [name, w] of before) expect(Buffer.from(after.get(name)!.buffer).equals(Buffer.from(w.buffer)), name).toBe(true);
  });
});

describe('LoRA at inference', () => {
  it('a Transformer with the adapters as its hook gives the logits of the merged weights (and merged() is W + s·B·A)', async () => {
    const ctx = await getTestContext();
    const g = loadGolden('llama');
    const { lora, host } = randomAdapters(ctx, g);
    owned.push(lora);
    const { Transformer } = await import('../../src/model/transformer');
    const base = uploadWeights(ctx, g.config, g.weights);
    const adapted = new Transformer(ctx, g.config, base);
    adapted.adapters = lora.inference();
    const merged = await lora.merged(g.weights);
    // merged() against a float64 product, on one projection.
    const name = 'model.layers.0.mlp.up_proj.weight';
    const [o, i] = [g.config.intermediate, g.config.hidden];
    const ba = mm(host.get(name)!.b, host.get(name)!.a, o, RANK, i);
    const w = g.weights.get(name)!;
    let worst = 0;
    for (let j = 0; j < w.length; j++) worst = Math.max(worst, Math.abs(merged.get(name)![j]! - (w[j]! + lora.scale * ba[j]!)));
    expect(worst).toBeLessThan(1e-6);
    const plain = new Transformer(ctx, g.config, uploadWeights(ctx, g.config, merged));
    const seqs = [g.cases.sequences[0]!.slice(0, 6)];
    const a = (await adapted.logits(seqs))[0]!;
    const m = (await plain.logits(seqs))[0]!;
    const b = (await new Transformer(ctx, g.config, base).logits(seqs))[0]!;
    expect(relErr(a, m)).toBeLessThan(1e-4);
    expect(relErr(a, b)).toBeGreaterThan(1e-3);
    adapted.adapters = null;
    plain.destroy();
    destroyWeights(base);
  });
});
