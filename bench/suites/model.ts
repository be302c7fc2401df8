// `npm run bench -- model [--models smollm,qwen] [--prompt N] [--new N] [--no-b8-prefill] [--dtype f16]`:
// the GPU decoder on randomly initialised models shaped like SmolLM2-135M and
// Qwen2.5-0.5B (configs from test/fixtures/models/configs; f32 weights, or f16 matrices). Measures prefill
// and decode throughput (wall clock per submitted step, including GPU sampling and the
// 8-byte-per-sequence readback) at batch 1 and 8, and, as the baseline from the same run,
// the bandwidth of the shared matvec kernel (what decode uses) on a layer matrix and on
// the LM head: decode_vs_weight_read = time to read every weight once at those
// bandwidths / measured batch-1 decode time per token (1 = bandwidth-bound).
import { readFileSync } from 'node:fs';
import { createGpuContext, type GpuContext, timeGpu } from '../../src/gpu';
import { recordSample, resolveSampling, unpackSamples } from '../../src/generate/sampler';
import { matvec } from '../../src/kernels/matvec';
import { nodeGPU } from '../../src/host/node';
import { parseModelConfig, type ModelConfig } from '../../src/model/config';
import { KvCache } from '../../src/model/kv-cache';
import { packSequences, type Transformer } from '../../src/model/transformer';
import { expectedTensorShapes } from '../../src/model/weights-shapes';
import { benchAdapter } from '../adapter';
import { randomModel } from '../random-model';
import { profileOnce } from '../profile';
import type { BenchResult, BenchSuite } from '../types';

const MODELS: Record<string, string> = {
  smollm: 'SmolLM2-135M-Instruct',
  qwen: 'Qwen2.5-0.5B-Instruct',
};

function option(args: string[], name: string, fallback: string): string {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
}

/** Bytes of weights a decode step reads: every projection plus the full LM head. */
function decodeWeightBytes(cfg: ModelConfig, bytesPerElement: number): number {
  let n = 0;
  for (const [name, shape] of expectedTensorShapes(cfg)) {
    if (name === 'model.embed_tokens.weight' && !cfg.tieEmbeddings) continue; // only gathered rows
    n += shape.reduce((a, b) => a * b, 1);
  }
  return bytesPerElement * n;
}

/**
 * One step (forward + LM head + sampling + readback): its wall time in ms and the part spent
 * on the host recording and submitting it (what a fast GPU cannot hide).
 */
async function step(model: Transformer, cache: KvCache, tokens: number[][], pos: number[] | null): Promise<{ ms: number; hostMs: number; ids: number[] }> {
  const ctx = model.ctx;
  const t0 = performance.now();
  const rec = ctx.recorder('bench step');
  let s;
  let pick: number[] | undefined;
  if (pos === null) {
    s = packSequences(tokens);
    pick = [];
    let at = 0;
    for (const t of tokens) pick.push((at += t.length) - 1);
  } else s = { tokens: tokens.map((t) => t[0]), seq: tokens.map((_, i) => i), pos };
  const hidden = model.recordForward(rec, s, cache);
  const logits = model.recordLogits(rec, hidden, pick);
  const { result, scratch } = recordSample(ctx, rec, logits, tokens.map((_, i) => ({ sequence: i, step: pos?.[0] ?? 0 })), resolveSampling({ temperature: 1, topK: 50, seed: 1 }));
  const read = rec.read(result);
  rec.submit();
  const hostMs = performance.now() - t0;
  model.releaseScratch();
  for (const t of [hidden, logits, result, ...scratch]) t.destroy();
  const ids = unpackSamples(await read).map((x) => x.id);
  return { ms: performance.now() - t0, hostMs, ids };
}

async function benchModel(ctx: GpuContext, key: string, promptLen: number, newTokens: number, b8Prefill: boolean, dtype: 'f32' | 'f16', metrics: Record<string, number>, shapes: Record<string, unknown>, notes: string[]) {
  const name = MODELS[key];
  if (!name) throw new Error(`bench model: unknown model "${key}" (known: ${Object.keys(MODELS).join(', ')})`);
  const cfg = parseModelConfig(JSON.parse(readFileSync(`test/fixtures/models/configs/${name}.json`, 'utf8')));
  const tLoad = performance.now();
  const model = randomModel(ctx, cfg, dtype);
  await ctx.sync();
  const loadMs = performance.now() - tLoad;
  const weightBytes = decodeWeightBytes(cfg, dtype === 'f16' ? 2 : 4);
  shapes[key] = { config: name, layers: cfg.layers, hidden: cfg.hidden, vocab: cfg.vocabSize, weightsMiB: Math.round(weightBytes / 2 ** 20), matrixDtype: dtype, promptLen, newTokens };

  // Baseline: the shared matvec alone (n = 1), GPU-timed, on a layer matrix (may sit in the
  // CPU cache on a software GPU) and on the LM head (never does).
  const bandwidth = async (w: typeof model.weights.lmHead): Promise<number> => {
    const x = ctx.tensor([1, w.rowLength], 'f32', new Float32Array(w.rowLength).fill(0.01), 'x');
    const y = ctx.tensor([1, w.rows], 'f32', undefined, 'y');
    const t = await timeGpu(ctx, (rec) => matvec(rec, w, x, y), { warmup: 1, reps: 5 });
    x.destroy();
    y.destroy();
    return w.byteLength / (t.ms / 1000) / 1e9;
  };
  // Measured before and after the model runs; the better figure counts (the machine may be shared).
  let layerBw = await bandwidth(model.weights.layers[0].gate);
  let headBw = await bandwidth(model.weights.lmHead);

  const prompt = (b: number) => Array.from({ length: promptLen }, (_, i) => (7 + 31 * i + 101 * b) % cfg.vocabSize);
  for (const B of [1, 8]) {
    const cache = new KvCache(ctx, cfg, B, promptLen + newTokens + 2);
    const prompts = Array.from({ length: B }, (_, b) => prompt(b));
    let last = prompts.map((p) => p[p.length - 1]);
    if (B === 1 || b8Prefill) {
      await step(model, cache, prompts, null); // warm-up: compiles pipelines, fills pools
      const pre = await step(model, cache, prompts, null);
      metrics[`${key}.b${B}.prefill_tok_s`] = (B * promptLen) / (pre.ms / 1000);
      last = pre.ids;
    }
    // Without a prefill the cache holds zeros: decode costs the same.
    const times: number[] = [];
    const hostTimes: number[] = [];
    for (let t = 0; t < newTokens; t++) {
      const r = await step(model, cache, last.map((id) => [id]), new Array<number>(B).fill(promptLen + t));
      times.push(r.ms);
      hostTimes.push(r.hostMs);
      last = r.ids;
    }
    // The first decode step compiles the decode kernels: drop it when there are others.
    const steady = times.length > 1 ? times.slice(1) : times;
    const msPerStep = steady.reduce((a, b) => a + b, 0) / steady.length;
    const hostSteady = hostTimes.length > 1 ? hostTimes.slice(1) : hostTimes;
    metrics[`${key}.b${B}.decode_host_ms`] = hostSteady.reduce((a, b) => a + b, 0) / hostSteady.length;
    if (B === 1) {
      const at = new Array<number>(B).fill(promptLen + newTokens);
      notes.push(await profileOnce(ctx, `${key}.b1.decode`, msPerStep, () => step(model, cache, last.map((id) => [id]), at), metrics));
    }
    cache.destroy();
    metrics[`${key}.b${B}.decode_tok_s`] = B / (msPerStep / 1000);
    metrics[`${key}.b${B}.decode_ms_per_step`] = msPerStep;
    if (B === 1) metrics[`${key}.decode_ms_per_token`] = msPerStep;
  }
  layerBw = Math.max(layerBw, await bandwidth(model.weights.layers[0].gate));
  headBw = Math.max(headBw, await bandwidth(model.weights.lmHead));
  metrics[`${key}.matvec_GBps_layer`] = layerBw;
  metrics[`${key}.matvec_GBps_lm_head`] = headBw;
  const headBytes = model.weights.lmHead.byteLength;
  const readMs = ((weightBytes - headBytes) / (layerBw * 1e9) + headBytes / (headBw * 1e9)) * 1000;
  metrics[`${key}.decode_vs_weight_read`] = readMs / metrics[`${key}.decode_ms_per_token`];
  metrics[`${key}.weight_read_ms_at_matvec_bw`] = readMs;
  metrics[`${key}.init_ms`] = loadMs;
  model.destroy();
  ctx.pool.trim();
}

const suite: BenchSuite = async (args): Promise<BenchResult> => {
  const keys = option(args, 'models', 'smollm,qwen').split(',');
  const promptLen = Number(option(args, 'prompt', '16'));
  const newTokens = Number(option(args, 'new', '4'));
  const dtype = option(args, 'dtype', 'f32');
  if (dtype !== 'f32' && dtype !== 'f16') throw new Error(`bench model: --dtype must be f32 or f16, got ${dtype}`);
  const ctx = await createGpuContext(nodeGPU());
  if (dtype === 'f16' && !ctx.features.f16) throw new Error('bench model: --dtype f16 needs shader-f16, which this adapter lacks');
  const metrics: Record<string, number> = {};
  const shapes: Record<string, unknown> = {};
  const profiles: string[] = [];
  for (const k of keys) {
    process.stderr.write(`[bench model] ${k}...\n`);
    await benchModel(ctx, k, promptLen, newTokens, !args.includes('--no-b8-prefill'), dtype, metrics, shapes, profiles);
  }
  return {
    suite: 'model',
    adapter: benchAdapter(ctx, ctx.adapter.summary),
    shapes,
    metrics,
    notes: [
      'Random weights with the real shapes (matrices in shapes.*.matrixDtype); timings are wall clock per submitted step (forward + LM head + GPU sampling + readback of ids).',
      'prefill_tok_s counts prompt tokens of all B sequences in one packed forward (after a warm-up prefill; --no-b8-prefill skips b8 and decodes b8 on a zeroed cache); decode_tok_s = B / step time; sampling with temperature 1, top-k 50.',
      'matvec_GBps_layer / _lm_head: the shared matvec (n = 1) alone on layer 0 gate_proj and on the LM head, GPU time (timestamp queries where granted), the better of a run before and one after the model steps.',
      'decode_vs_weight_read = (layer weight bytes / layer bandwidth + LM-head bytes / LM-head bandwidth) / batch-1 decode step time; 1.0 means decode runs at the kernel bandwidth.',
      'b<B>.decode_host_ms: the part of a decode step spent recording and submitting it on the host (encoding every dispatch), before waiting for the GPU.',
      'b1.decode_gpu_ms / _kernel_share: one more batch-1 decode step, profiled per kernel (src/gpu/profiler.ts): its kernels\' GPU time, and that time over the plain step\'s wall time (near 1: the kernels bound decoding; far below: submits, readback and the host do).',
      ...profiles,
    ],
  };
};

export default suite;
