// `npm run bench -- train [--layers N] [--batch B] [--length L]`: the model-independent
// training kernels on SmolLM2-135M-shaped parameters (embedding + N layers, f32).
// - optimizer: the whole update as AdamW.update() runs it (guard + norm + AdamW + the
//   few-byte readback, wall clock) and each stage's GPU time; bytes moved per stage give
//   GB/s. Baseline from the same run: elementwise accumulate (y += s·x) over the same
//   tensors, a plain streaming kernel (12 bytes/element), so adamw_vs_stream = AdamW's
//   bandwidth / the baseline's (1 = as fast as streaming memory allows).
// - losses: GRPO (all three dispatches) and SFT on [B, L] log-probs, with the same
//   baseline bandwidth for the bytes they read and write.
// - model step (--step-seqs S --step-len N, default 4 × 128): a whole SFT step on the same
//   model shape (Trainer.sftStep: forward, backward, AdamW), wall clock and tokens/s, with
//   the training forward alone in the same run as baseline (step_vs_forward: ~3 is the
//   usual forward + 2× backward cost).
import { readFileSync } from 'node:fs';
import { createGpuContext, type GpuContext, timeGpu } from '../../src/gpu';
import { nodeGPU } from '../../src/host/node';
import { accumulate } from '../../src/kernels/elementwise';
import { adamwUpdate } from '../../src/kernels/adamw';
import { parseModelConfig } from '../../src/model/config';
import { AdamW, type TrainableParam } from '../../src/train/adamw';
import { GradNorm } from '../../src/train/grad-norm';
import { GrpoLoss, SftLoss } from '../../src/train/losses';
import { modelParameterShapes } from '../../src/train/memory-plan';
import { NonFiniteGuard } from '../../src/train/nonfinite';
import { destroyWeights, uploadWeights } from '../../src/model/transformer-weights';
import { expectedTensorShapes } from '../../src/model/weights-shapes';
import { packForTraining, TrainableModel } from '../../src/train/model-forward-train';
import { Trainer } from '../../src/train/trainer';
import type { BenchResult, BenchSuite } from '../types';

function option(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  const v = i >= 0 ? Number(args[i + 1]) : fallback;
  if (!Number.isInteger(v) || v < 1) throw new Error(`bench train: --${name} must be a positive integer`);
  return v;
}

function noise(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    out[i] = ((s >>> 0) / 4294967296 - 0.5) * 0.02;
  }
  return out;
}

function smolConfig() {
  return parseModelConfig(JSON.parse(readFileSync('test/fixtures/models/configs/SmolLM2-135M-Instruct.json', 'utf8')));
}

/** Whole SFT steps on a random SmolLM2-shaped model of `layers` layers; the forward alone as baseline. */
async function modelStep(ctx: GpuContext, layers: number, seqs: number, len: number, metrics: Record<string, number>): Promise<void> {
  const cfg = { ...smolConfig(), layers };
  const host = new Map<string, Float32Array>();
  let seed = 100;
  for (const [name, shape] of expectedTensorShapes(cfg)) {
    const n = shape.reduce((a, b) => a * b, 1);
    host.set(name, name.includes('norm') ? new Float32Array(n).fill(1) : noise(n, seed++).map((x) => x * 2));
  }
  const model = new TrainableModel(ctx, cfg, uploadWeights(ctx, cfg, host));
  const trainer = new Trainer(model, { optimizer: { weightDecay: 0.1, maxGradNorm: 1 }, schedule: { lr: 1e-5, warmupSteps: 0, decay: 'constant' } });
  const ids = (s: number) => Array.from({ length: len }, (_, i) => (s * 7919 + i * 104729) % cfg.vocabSize);
  const examples = Array.from({ length: seqs }, (_, s) => ({ prompt: ids(s).slice(0, 1), completion: ids(s).slice(1) }));
  const forward = async () => {
    const rec = ctx.recorder('bench forward');
    const st = model.forward(rec, packForTraining(examples.map((e) => [...e.prompt, ...e.completion])));
    const done = rec.read(st.logp, { start: 0, count: 1 });
    rec.submit();
    model.release();
    await done;
  };
  await forward();
  await trainer.sftStep(examples); // compiles everything
  let fwd = Infinity;
  let step = Infinity;
  for (let i = 0; i < 3; i++) {
    let t0 = performance.now();
    await forward();
    fwd = Math.min(fwd, performance.now() - t0);
    t0 = performance.now();
    const r = await trainer.sftStep(examples);
    step = Math.min(step, performance.now() - t0);
    if (!r.applied) throw new Error(`bench train: step not applied (${r.nonFinite.map((n) => n.name).join(', ')})`);
  }
  const tokens = seqs * len;
  metrics.step_params_millions = model.trainableParams().reduce((a, p) => a + p.param.numel, 0) / 1e6;
  metrics.step_tokens = tokens;
  metrics.step_wall_ms = step;
  metrics.step_tokens_per_s = tokens / (step / 1000);
  metrics.baseline_forward_ms = fwd;
  metrics.step_vs_forward = step / fwd;
  trainer.destroy();
  trainer.opt.destroy();
  model.destroy();
  destroyWeights(model.weights);
}

function makeParams(ctx: GpuContext, layers: number): TrainableParam[] {
  const cfg = smolConfig();
  const out: TrainableParam[] = [];
  let seed = 1;
  for (const p of modelParameterShapes(cfg)) {
    const copies = p.name.startsWith('layers.') ? layers : 1;
    for (let l = 0; l < copies; l++) {
      const name = p.name.replace('*', String(l));
      const shape = p.rows === 1 ? [p.rowLength] : [p.rows, p.rowLength];
      const n = p.rows * p.rowLength;
      out.push({
        name,
        param: ctx.tensor(shape, 'f32', noise(n, seed++), name),
        grad: ctx.tensor(shape, 'f32', noise(n, seed++), `${name}.grad`),
        decay: p.matrix,
      });
    }
  }
  return out;
}

const suite: BenchSuite = async (args): Promise<BenchResult> => {
  const layers = option(args, 'layers', 2);
  const B = option(args, 'batch', 64);
  const L = option(args, 'length', 512);
  const ctx = await createGpuContext(nodeGPU());
  const timing = { warmup: 1, reps: 5 };
  const metrics: Record<string, number> = {};

  // Optimizer.
  const params = makeParams(ctx, layers);
  const n = params.reduce((s, p) => s + p.param.numel, 0);
  const opt = new AdamW(ctx, params, { weightDecay: 0.1, maxGradNorm: 1 });
  await opt.update({ lr: 1e-4 }); // compiles everything
  let wall = Infinity;
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    await opt.update({ lr: 1e-4 });
    wall = Math.min(wall, performance.now() - t0);
  }
  const guard = new NonFiniteGuard(ctx, params.map((p) => ({ name: p.name, tensor: p.grad })));
  const norm = new GradNorm(ctx, params.map((p) => p.grad));
  const flagSlots = params.map((p) => guard.slotOf(p.name));
  const tGuard = await timeGpu(ctx, (rec) => guard.record(rec), timing);
  const tNorm = await timeGpu(ctx, (rec) => norm.record(rec, { maxNorm: 1 }), timing);
  const tNormGuard = await timeGpu(ctx, (rec) => norm.record(rec, { maxNorm: 1, flags: guard.flags, flagSlots }), timing);
  const tAdam = await timeGpu(
    ctx,
    (rec) =>
      params.forEach((p, i) =>
        adamwUpdate(rec, { param: p.param, grad: p.grad, m: opt.m[i], v: opt.v[i], norm: norm.out, flags: guard.flags }, { lr: 1e-4, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, step: 10, gradScale: 1 }),
      ),
    timing,
  );
  const tStream = await timeGpu(ctx, (rec) => params.forEach((p, i) => accumulate(rec, p.grad, opt.m[i], 0)), timing);
  const gbs = (bytes: number, ms: number) => bytes / ms / 1e6;
  metrics.params_millions = n / 1e6;
  metrics.update_wall_ms = wall;
  metrics.standalone_guard_ms = tGuard.ms;
  metrics.grad_norm_ms = tNorm.ms;
  metrics.grad_norm_with_guard_ms = tNormGuard.ms;
  metrics.adamw_ms = tAdam.ms;
  metrics.standalone_guard_gbs = gbs(4 * n, tGuard.ms);
  metrics.grad_norm_gbs = gbs(4 * n, tNorm.ms);
  metrics.adamw_gbs = gbs(28 * n, tAdam.ms); // reads w, g, m, v; writes w, m, v
  metrics.baseline_stream_ms = tStream.ms;
  metrics.baseline_stream_gbs = gbs(12 * n, tStream.ms);
  metrics.adamw_vs_stream = metrics.adamw_gbs / metrics.baseline_stream_gbs;
  metrics.update_vs_stream = gbs(32 * n, wall) / metrics.baseline_stream_gbs;
  opt.destroy();
  guard.destroy();
  norm.destroy();
  for (const p of params) [p.param, p.grad].forEach((t) => t.destroy());

  // Losses on [B, L].
  const shape = [B, L];
  const tok = B * L;
  const logpOld = ctx.tensor(shape, 'f32', noise(tok, 7).map((x) => x * 100 - 2));
  const logpNew = ctx.tensor(shape, 'f32', noise(tok, 8).map((x) => x * 100 - 2));
  const logpRef = ctx.tensor(shape, 'f32', noise(tok, 9).map((x) => x * 100 - 2));
  const mask = ctx.tensor(shape, 'f32', new Float32Array(tok).fill(1));
  const advantages = ctx.tensor([B], 'f32', noise(B, 10).map((x) => x * 100));
  const grpo = new GrpoLoss(ctx, B, L);
  const settings = { epsLow: 0.2, epsHigh: 0.28, dualClip: 10, klBeta: 0.001, aggregation: 'token-mean' as const };
  const tGrpo = await timeGpu(ctx, (rec) => grpo.record(rec, { logpNew, logpOld, logpRef, advantages, mask }, settings), timing);
  const sft = new SftLoss(ctx, shape);
  const tSft = await timeGpu(ctx, (rec) => sft.record(rec, logpNew, mask), timing);
  const out = ctx.tensor(shape, 'f32');
  const tLossStream = await timeGpu(ctx, (rec) => accumulate(rec, logpNew, out, 1), timing);
  metrics.grpo_ms = tGrpo.ms;
  metrics.sft_ms = tSft.ms;
  metrics.baseline_stream_tokens_ms = tLossStream.ms;
  // GRPO reads new/old/ref/mask twice (sums, then gradient) and writes the gradient.
  metrics.grpo_vs_stream = gbs(36 * tok, tGrpo.ms) / gbs(12 * tok, tLossStream.ms);

  const stepSeqs = option(args, 'step-seqs', 4);
  const stepLen = option(args, 'step-len', 128);
  await modelStep(ctx, layers, stepSeqs, stepLen, metrics);

  const a = ctx.adapter;
  const f = ctx.features;
  return {
    suite: 'train',
    adapter: {
      vendor: a.vendor,
      architecture: a.architecture,
      description: a.description,
      features: [f.f16 && 'shader-f16', f.subgroups && 'subgroups', f.timestampQuery && 'timestamp-query'].filter((x): x is string => !!x),
    },
    shapes: { model: 'SmolLM2-135M-Instruct', layers, parameters: n, tensors: params.length, lossBatch: B, lossLength: L, stepSequences: stepSeqs, stepLength: stepLen, timing: tAdam.method },
    metrics,
    notes: [
      'update_wall_ms: AdamW.update() end to end (norm pass that also counts NaN/Inf + AdamW + readback of flags and norm), best of 5; update_vs_stream counts 32 bytes/parameter for it.',
    'standalone_guard: the nonfinite kernel over every gradient (AdamW does not use it for gradients; the norm pass counts them).',
      '*_ms stage times are GPU time over 5 reps (timestamp queries where granted).',
      'baseline_stream: elementwise y += s·x over the same tensors (12 bytes/element) in the same run.',
      'step_*: Trainer.sftStep (forward + backward + guarded AdamW + readback) on random weights, best of 3 wall clock; baseline_forward_ms: the training forward alone (same batch, same run).',
    ],
  };
};

export default suite;
