// `npm run bench -- model [--models smollm,qwen] [--prompt N] [--new N]`: the GPU decoder on
// randomly initialised models shaped like SmolLM2-135M and Qwen2.5-0.5B (configs from
// test/fixtures/models/configs, f32 weights). Measures prefill and decode throughput
// (batch 1 and 8, wall clock per submitted step including the 8-byte-per-sequence
// readback) and, as the baseline from the same run, the bandwidth of the decode
// (matrix-vector) kernel on one weight matrix: decode_vs_weight_read = time to read every
// weight once at that bandwidth / measured decode time per step (1 = bandwidth-bound).
import { readFileSync } from 'node:fs';
import { createGpuContext, type GpuContext, timeGpu } from '../../src/gpu';
import { recordSample, resolveSampling, unpackSamples } from '../../src/generate/sampler';
import { nodeGPU } from '../../src/host/node';
import { parseModelConfig, type ModelConfig } from '../../src/model/config';
import { KvCache } from '../../src/model/kv-cache';
import { packSequences, Transformer } from '../../src/model/transformer';
import { WeightAssembler } from '../../src/model/transformer-weights';
import { expectedTensorShapes } from '../../src/model/weights-shapes';
import type { BenchResult, BenchSuite } from '../types';

const MODELS: Record<string, string> = {
  smollm: 'SmolLM2-135M-Instruct',
  qwen: 'Qwen2.5-0.5B-Instruct',
};

function option(args: string[], name: string, fallback: string): string {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
}

/** Uniform ±0.02 weights (norms at 1), generated on the host one tensor at a time. */
function randomModel(ctx: GpuContext, cfg: ModelConfig): Transformer {
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
    asm.put(name, ctx.tensor(shape, 'f32', data, name));
  }
  return new Transformer(ctx, cfg, asm.finish());
}

/** Bytes of weights a decode step reads: every projection plus the full LM head. */
function decodeWeightBytes(cfg: ModelConfig): number {
  let n = 0;
  for (const [name, shape] of expectedTensorShapes(cfg)) {
    if (name === 'model.embed_tokens.weight' && !cfg.tieEmbeddings) continue; // only gathered rows
    n += shape.reduce((a, b) => a * b, 1);
  }
  return 4 * n;
}

/** One step (forward + LM head + sampling + readback) and its wall time in ms. */
async function step(model: Transformer, cache: KvCache, tokens: number[][], pos: number[] | null): Promise<{ ms: number; ids: number[] }> {
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
  model.releaseScratch();
  for (const t of [hidden, logits, result, ...scratch]) t.destroy();
  const ids = unpackSamples(await read).map((x) => x.id);
  return { ms: performance.now() - t0, ids };
}

async function benchModel(ctx: GpuContext, key: string, promptLen: number, newTokens: number, metrics: Record<string, number>, shapes: Record<string, unknown>) {
  const name = MODELS[key];
  if (!name) throw new Error(`bench model: unknown model "${key}" (known: ${Object.keys(MODELS).join(', ')})`);
  const cfg = parseModelConfig(JSON.parse(readFileSync(`test/fixtures/models/configs/${name}.json`, 'utf8')));
  const tLoad = performance.now();
  const model = randomModel(ctx, cfg);
  await ctx.sync();
  const loadMs = performance.now() - tLoad;
  const weightBytes = decodeWeightBytes(cfg);
  shapes[key] = { config: name, layers: cfg.layers, hidden: cfg.hidden, vocab: cfg.vocabSize, weightsMiB: Math.round(weightBytes / 2 ** 20), promptLen, newTokens };

  // Baseline: the decode kernel (n = 1) alone on the MLP gate matrix, GPU-timed.
  const w = model.weights.layers[0].gate;
  const x = ctx.tensor([1, cfg.hidden], 'f32', new Float32Array(cfg.hidden).fill(0.01), 'x');
  const y = ctx.tensor([1, cfg.intermediate], 'f32', undefined, 'y');
  const mv = await timeGpu(ctx, (rec) => model.kernels.matmul(rec, { x, w, out: y, n: 1, k: cfg.hidden, oCount: cfg.intermediate, outStride: cfg.intermediate }), { warmup: 2, reps: 5 });
  x.destroy();
  y.destroy();
  const gbps = (w.byteLength / (mv.ms / 1000)) / 1e9;
  metrics[`${key}.matvec_GBps`] = gbps;
  const readMs = (weightBytes / (gbps * 1e9)) * 1000;

  const prompt = (b: number) => Array.from({ length: promptLen }, (_, i) => (7 + 31 * i + 101 * b) % cfg.vocabSize);
  for (const B of [1, 8]) {
    const cache = new KvCache(ctx, cfg, B, promptLen + newTokens + 1);
    const prompts = Array.from({ length: B }, (_, b) => prompt(b));
    await step(model, cache, prompts, null); // warm-up: compiles pipelines, fills pools
    const pre = await step(model, cache, prompts, null);
    let last = pre.ids;
    const times: number[] = [];
    for (let t = 0; t < newTokens; t++) {
      const r = await step(model, cache, last.map((id) => [id]), new Array<number>(B).fill(promptLen + t));
      times.push(r.ms);
      last = r.ids;
    }
    cache.destroy();
    // The first decode step compiles the n = 1 (or 8) kernels: drop it when there are others.
    const steady = times.length > 1 ? times.slice(1) : times;
    const msPerStep = steady.reduce((a, b) => a + b, 0) / steady.length;
    metrics[`${key}.b${B}.prefill_tok_s`] = (B * promptLen) / (pre.ms / 1000);
    metrics[`${key}.b${B}.decode_tok_s`] = B / (msPerStep / 1000);
    metrics[`${key}.b${B}.decode_ms_per_step`] = msPerStep;
    if (B === 1) {
      metrics[`${key}.decode_ms_per_token`] = msPerStep;
      metrics[`${key}.decode_vs_weight_read`] = readMs / msPerStep;
    }
  }
  metrics[`${key}.weight_read_ms_at_matvec_bw`] = readMs;
  metrics[`${key}.init_ms`] = loadMs;
  model.destroy();
  ctx.pool.trim();
}

const suite: BenchSuite = async (args): Promise<BenchResult> => {
  const keys = option(args, 'models', 'smollm,qwen').split(',');
  const promptLen = Number(option(args, 'prompt', '16'));
  const newTokens = Number(option(args, 'new', '4'));
  const ctx = await createGpuContext(nodeGPU());
  const metrics: Record<string, number> = {};
  const shapes: Record<string, unknown> = {};
  for (const k of keys) {
    process.stderr.write(`[bench model] ${k}...\n`);
    await benchModel(ctx, k, promptLen, newTokens, metrics, shapes);
  }
  const a = ctx.adapter;
  const f = ctx.features;
  return {
    suite: 'model',
    adapter: {
      vendor: a.vendor,
      architecture: a.architecture,
      description: a.summary,
      features: [f.f16 && 'shader-f16', f.subgroups && 'subgroups', f.timestampQuery && 'timestamp-query'].filter((x): x is string => !!x),
    },
    shapes,
    metrics,
    notes: [
      'Random f32 weights with the real shapes; timings are wall clock per submitted step (forward + LM head + GPU sampling + readback of ids).',
      'prefill_tok_s counts prompt tokens of all B sequences in one packed forward; decode_tok_s = B / step time.',
      'matvec_GBps: the decode matmul kernel (n = 1) alone on one layer gate_proj, GPU time (timestamp queries where granted).',
      'decode_vs_weight_read = (decode weight bytes / matvec_GBps) / batch-1 decode step time; 1.0 means decode runs at the kernel bandwidth.',
    ],
  };
};

export default suite;
