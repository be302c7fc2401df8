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
// - mid-size step (--mid-seqs S --mid-len N, default 2 × 256; --mid-steps K measured
//   steps, default 1 after 1 warm-up): a random llama config d=512, 8 layers (8 heads,
//   4 KV heads, head 64, MLP 1536), vocab 32000 tied, as a full fine-tune step and a LoRA
//   step (rank 16, all 7 projections, f32 base). Achieved GFLOP/s = model FLOPs / step
//   time, with model FLOPs per token (N = matmul parameters incl. the tied LM head,
//   excluding the embedding lookup; n = seq length; causal attention averages n/2 keys):
//     full: 6·N + 6·layers·qDim·n            (forward 2N, dX 2N, dW 2N; attention 3 × 2·qDim·n)
//     LoRA: 4·N + 6·N_lora + 6·layers·qDim·n (the frozen base needs no dW)
//   against a 1024³ f32 matmul (src/kernels/matmul.ts, timeGpu) measured in the same run:
//   train_vs_matmul = achieved / matmul_f32_1024_gflops.
//   bytes_per_trainable_param: GPU bytes the context holds after the step (pool bytes in
//   use: weights, gradients, AdamW state, activations, workspaces) / trained parameters.
// - memory plans for SmolLM2-135M full and Qwen2.5-0.5B LoRA at seq 1024 (planner only).
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
import { matmul } from '../../src/kernels/matmul';
import { LORA_TARGETS, LoraAdapters } from '../../src/train/lora';
import { countLoraParameters, planMemory } from '../../src/train/memory-plan';
import type { ModelConfig } from '../../src/model/config';
import { benchAdapter } from '../adapter';
import { profileOnce } from '../profile';
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
async function modelStep(ctx: GpuContext, layers: number, seqs: number, len: number, reps: number, metrics: Record<string, number>): Promise<void> {
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
  for (let i = 0; i < reps; i++) {
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

function configFile(name: string): ModelConfig {
  return parseModelConfig(JSON.parse(readFileSync(`test/fixtures/models/configs/${name}.json`, 'utf8')));
}

/** The "mid-size random config": llama, d=512, 8 layers, vocab 32k. */
function midConfig(): ModelConfig {
  return { ...smolConfig(), hidden: 512, intermediate: 1536, layers: 8, heads: 8, kvHeads: 4, headDim: 64, vocabSize: 32000, tieEmbeddings: true, qkvBias: false, qkNorm: false };
}

/** Matmul parameters of the model (the LM head counts; the embedding lookup does no FLOPs). */
function matmulParams(cfg: ModelConfig): number {
  const q = cfg.heads * cfg.headDim;
  const kv = cfg.kvHeads * cfg.headDim;
  const perLayer = cfg.hidden * (2 * q + 2 * kv) + 3 * cfg.hidden * cfg.intermediate;
  return cfg.layers * perLayer + cfg.vocabSize * cfg.hidden;
}

/** Median GFLOP/s of a 1024³ f32 matmul (the dispatcher's untuned pick), same context. */
async function matmul1024(ctx: GpuContext): Promise<{ gflops: number; gflopsCpu: number }> {
  const n = 1024;
  const a = ctx.tensor([n, n], 'f32', noise(n * n, 3), 'A');
  const b = ctx.tensor([n, n], 'f32', noise(n * n, 4), 'B');
  const c = ctx.tensor([n, n], 'f32', undefined, 'C');
  await timeGpu(ctx, (rec) => matmul(rec, a, b, c), { warmup: 1, reps: 1 });
  const c0 = process.cpuUsage();
  const t = await timeGpu(ctx, (rec) => matmul(rec, a, b, c), { warmup: 0, reps: 3 });
  const cpu = process.cpuUsage(c0);
  for (const x of [a, b, c]) x.destroy();
  const flops = 2 * n * n * n;
  // timeGpu's ms is per rep; CPU time covers the 3 reps (lavapipe's threads are this process's).
  return { gflops: flops / t.ms / 1e6, gflopsCpu: (3 * flops) / ((cpu.user + cpu.system) / 1000) / 1e6 };
}

/** One mid-size training step (full or LoRA): tokens/s, achieved GFLOP/s, bytes per trained parameter. */
async function midStep(ctx: GpuContext, kind: 'full' | 'lora', seqs: number, len: number, steps: number, metrics: Record<string, number>, prefix: string, notes: string[]): Promise<void> {
  const cfg = midConfig();
  const before = ctx.stats().pool.bytesInUse;
  const host = new Map<string, Float32Array>();
  let seed = 500;
  for (const [name, shape] of expectedTensorShapes(cfg)) {
    const n = shape.reduce((a, b) => a * b, 1);
    host.set(name, name.includes('norm') ? new Float32Array(n).fill(1) : noise(n, seed++).map((x) => x * 2));
  }
  const weights = uploadWeights(ctx, cfg, host);
  host.clear();
  const rank = 16;
  const lora = kind === 'lora' ? new LoraAdapters(ctx, cfg, { rank, alpha: 32, targets: LORA_TARGETS }) : undefined;
  const model = new TrainableModel(ctx, cfg, weights, { lora });
  const trainer = new Trainer(model, { optimizer: { weightDecay: 0.1, maxGradNorm: 1 }, schedule: { lr: 1e-4, warmupSteps: 0, decay: 'constant' } });
  const ids = (s: number) => Array.from({ length: len }, (_, i) => (s * 7919 + i * 104729 + 17) % cfg.vocabSize);
  const examples = Array.from({ length: seqs }, (_, s) => ({ prompt: ids(s).slice(0, 1), completion: ids(s).slice(1) }));
  await trainer.sftStep(examples); // warm-up: compiles everything, allocates the activations
  // The training forward alone (same batch) as the step's own baseline.
  const batch = packForTraining(examples.map((e) => [...e.prompt, ...e.completion]));
  const forward = async () => {
    const t0 = performance.now();
    const rec = ctx.recorder('bench mid forward');
    const st = model.forward(rec, batch);
    const done = rec.read(st.logp, { start: 0, count: 1 });
    rec.submit();
    model.release();
    await done;
    return performance.now() - t0;
  };
  await forward();
  const fwd = await forward();
  let best = Infinity;
  let cpuMs = Infinity;
  for (let i = 0; i < steps; i++) {
    const c0 = process.cpuUsage();
    const r = await trainer.sftStep(examples);
    const c = process.cpuUsage(c0);
    cpuMs = Math.min(cpuMs, (c.user + c.system) / 1000);
    if (!r.applied) throw new Error(`bench train: mid-size ${kind} step not applied (${r.nonFinite.map((n) => n.name).join(', ')})`);
    best = Math.min(best, r.seconds);
  }
  const allocated = ctx.stats().pool.bytesInUse - before;
  notes.push(await profileOnce(ctx, `${prefix}_step`, best * 1000, () => trainer.sftStep(examples), metrics));
  const mem = trainer.memoryReport();
  const tokens = seqs * len;
  const N = matmulParams(cfg);
  const trained = model.trainableParams().reduce((a, p) => a + p.param.numel, 0);
  const attention = 6 * cfg.layers * cfg.heads * cfg.headDim * len;
  const perToken = kind === 'full' ? 6 * N + attention : 4 * N + 6 * countLoraParameters(cfg, rank, LORA_TARGETS) + attention;
  metrics[`${prefix}_params_millions`] = N / 1e6;
  metrics[`${prefix}_trainable_params_millions`] = trained / 1e6;
  metrics[`${prefix}_step_ms`] = best * 1000;
  metrics[`${prefix}_train_tok_s`] = tokens / best;
  metrics[`${prefix}_train_model_gflop`] = (perToken * tokens) / 1e9;
  metrics[`${prefix}_train_achieved_gflops`] = (perToken * tokens) / best / 1e9;
  metrics[`${prefix}_step_cpu_ms`] = cpuMs;
  metrics[`${prefix}_train_achieved_gflops_cpu`] = (perToken * tokens) / cpuMs / 1e6;
  metrics[`${prefix}_forward_ms`] = fwd;
  metrics[`${prefix}_step_vs_forward`] = (best * 1000) / fwd;
  metrics[`${prefix}_allocated_gib`] = allocated / 2 ** 30;
  metrics[`${prefix}_plan_gib`] = mem.estimate.total / 2 ** 30;
  metrics[`${prefix}_bytes_per_trainable_param`] = allocated / trained;
  trainer.destroy();
  trainer.opt.destroy();
  model.destroy();
  lora?.destroy();
  destroyWeights(weights);
}

function plans(ctx: GpuContext, metrics: Record<string, number>): void {
  const limits = { maxBufferSize: ctx.limits.maxBufferSize, maxStorageBufferBindingSize: ctx.limits.maxStorageBufferBindingSize };
  const full = planMemory({ model: configFile('SmolLM2-135M-Instruct'), mode: { kind: 'full' }, microBatch: 1, seqLen: 1024, recompute: true, limits });
  const lora = planMemory({ model: configFile('Qwen2.5-0.5B-Instruct'), mode: { kind: 'lora', rank: 16, targets: LORA_TARGETS, baseDType: 'f16' }, microBatch: 1, seqLen: 1024, recompute: true, limits });
  metrics.plan_smollm2_135m_full_1024_gib = full.total / 2 ** 30;
  metrics.plan_qwen25_05b_lora_1024_gib = lora.total / 2 ** 30;
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
  await modelStep(ctx, layers, stepSeqs, stepLen, option(args, 'step-reps', 1), metrics);

  // Mid-size full and LoRA steps against a 1024³ matmul of the same run.
  const midSeqs = option(args, 'mid-seqs', 2);
  const midLen = option(args, 'mid-len', 256);
  const midSteps = option(args, 'mid-steps', 1);
  const mm = await matmul1024(ctx);
  metrics.matmul_f32_1024_gflops = mm.gflops;
  metrics.matmul_f32_1024_gflops_cpu = mm.gflopsCpu;
  const profiles: string[] = [];
  await midStep(ctx, 'full', midSeqs, midLen, midSteps, metrics, 'full', profiles);
  await midStep(ctx, 'lora', midSeqs, midLen, midSteps, metrics, 'lora', profiles);
  metrics.train_tok_s = metrics.full_train_tok_s;
  metrics.train_achieved_gflops = metrics.full_train_achieved_gflops;
  metrics.train_vs_matmul = metrics.full_train_achieved_gflops / metrics.matmul_f32_1024_gflops;
  metrics.lora_train_vs_matmul = metrics.lora_train_achieved_gflops / metrics.matmul_f32_1024_gflops;
  // Per CPU-second (lavapipe runs on this process's threads): robust when other jobs share the cores.
  metrics.train_vs_matmul_cpu = metrics.full_train_achieved_gflops_cpu / metrics.matmul_f32_1024_gflops_cpu;
  metrics.lora_train_vs_matmul_cpu = metrics.lora_train_achieved_gflops_cpu / metrics.matmul_f32_1024_gflops_cpu;
  metrics.bytes_per_trainable_param = metrics.full_bytes_per_trainable_param;
  plans(ctx, metrics);

  return {
    suite: 'train',
    adapter: benchAdapter(ctx, ctx.adapter.description),
    shapes: { model: 'SmolLM2-135M-Instruct', layers, parameters: n, tensors: params.length, lossBatch: B, lossLength: L, stepSequences: stepSeqs, stepLength: stepLen, timing: tAdam.method, mid: { config: 'llama d=512, 8 layers, 8 heads / 4 KV, head 64, MLP 1536, vocab 32000 tied', sequences: midSeqs, length: midLen, measuredSteps: midSteps, lora: 'rank 16, q,k,v,o,gate,up,down, f32 base' }, plans: 'SmolLM2-135M full (micro-batch 1, recompute on) and Qwen2.5-0.5B LoRA r16 f16 base (micro-batch 1, recompute on), seq 1024, no generation' },
    metrics,
    notes: [
      'update_wall_ms: AdamW.update() end to end (norm pass that also counts NaN/Inf + AdamW + readback of flags and norm), best of 5; update_vs_stream counts 32 bytes/parameter for it.',
    'standalone_guard: the nonfinite kernel over every gradient (AdamW does not use it for gradients; the norm pass counts them).',
      '*_ms stage times are GPU time over 5 reps (timestamp queries where granted).',
      'baseline_stream: elementwise y += s·x over the same tensors (12 bytes/element) in the same run.',
      'train_* (= full_*) and lora_*: mid-size SFT steps, StepReport.seconds (forward + backward + AdamW + readback), best of --mid-steps after 1 warm-up. Model FLOPs per token: full 6·N + 6·layers·qDim·n, LoRA 4·N + 6·N_lora + 6·layers·qDim·n (N: matmul params incl. tied LM head; n: sequence length; causal attention). train_vs_matmul = achieved / matmul_f32_1024_gflops of this run.',
      '*_cpu: the same FLOPs per CPU-second of this process (lavapipe rasterises on its threads; robust when other jobs share the machine, wall-clock figures are not). Both sides of train_vs_matmul_cpu count CPU time the same way.',
      '<full|lora>_forward_ms: the training forward alone on the same batch (wall, 2nd run); _plan_gib: Trainer.memoryReport() estimate for the step (no recomputation).',
      'bytes_per_trainable_param: pool bytes in use after the step minus before the model was created, / trained parameters (LoRA: the frozen base is in the numerator).',
      'step_*: Trainer.sftStep (forward + backward + guarded AdamW + readback) on random weights, best of --step-reps (default 1, after a warm-up) wall clock; baseline_forward_ms: the training forward alone (same batch, same run).',
      '<full|lora>_step_gpu_ms / _kernel_share: one more mid-size step, profiled per kernel (src/gpu/profiler.ts): its kernels\' GPU time, and that time over the plain step\'s wall time.',
      ...profiles,
    ],
  };
};

export default suite;
