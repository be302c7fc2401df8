// `npm run bench -- grpo [--groups N] [--rollouts G] [--prompt P] [--completion C] [--steps K]
//  [--models toy,smol2]`:
// phase 2's update as DuST runs it — N groups × G rollouts that share a judgment prompt of P
// tokens and differ in completions of C tokens (defaults: the toy-repro-cpu batch, 4 × 8,
// ~520-token prompts, 3-token rankings) — one Trainer.grpoStep with prefix sharing (the
// default) against the same step with every rollout packed as its own sequence, measured in
// the same run on the same weights. Two models: the committed toy (2 × 64) and a random
// SmolLM2-135M-shaped 2-layer model (hidden 576, vocab 49,152; one group, as its unshared
// step takes minutes on a CPU's software GPU). Figures: best of K steps after one warm-up,
// wall clock (StepReport.seconds), and the rows each layout forwards.
import { createGpuContext, type GpuContext } from '../../src/gpu';
import { nodeGPU } from '../../src/host/node';
import { parseModelConfig, type ModelConfig } from '../../src/model/config';
import { uploadWeights } from '../../src/model/transformer-weights';
import { expectedTensorShapes } from '../../src/model/weights-shapes';
import { TrainableModel } from '../../src/train/model-forward-train';
import { Trainer, type GrpoExample } from '../../src/train/trainer';
import { initToyWeights } from '../../src/toy/init';
import { toyModelConfigJson } from '../../src/toy/model-config';
import { readFileSync } from 'node:fs';
import { benchAdapter } from '../adapter';
import type { BenchResult, BenchSuite } from '../types';

function option(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = Number(args[i + 1]);
  if (!Number.isInteger(v) || v < 1) throw new Error(`bench grpo: --${name} must be a positive integer, got ${args[i + 1]}`);
  return v;
}

/** A deterministic batch: per group one prompt, G completions of C ids, advantages ±1. */
function batch(vocab: number, groups: number, g: number, prompt: number, completion: number): GrpoExample[] {
  let s = 12345;
  const id = () => ((s = (s * 1103515245 + 12345) >>> 0) % (vocab - 1)) + 1;
  const out: GrpoExample[] = [];
  for (let n = 0; n < groups; n++) {
    const p = Array.from({ length: prompt }, id);
    for (let r = 0; r < g; r++) out.push({ prompt: p, completion: Array.from({ length: completion }, id), advantage: r % 2 ? 1 : -1 });
  }
  return out;
}

function smolWeights(cfg: ModelConfig): Map<string, Float32Array> {
  const host = new Map<string, Float32Array>();
  let seed = 7;
  for (const [name, shape] of expectedTensorShapes(cfg)) {
    const n = shape.reduce((a, b) => a * b, 1);
    const x = new Float32Array(n);
    if (name.includes('norm')) x.fill(1);
    else for (let i = 0; i < n; i++) x[i] = (((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32) - 0.5) * 0.04;
    host.set(name, x);
  }
  return host;
}

async function measure(ctx: GpuContext, cfg: ModelConfig, host: Map<string, Float32Array>, examples: GrpoExample[], microBatch: number, steps: number, prefix: string, metrics: Record<string, number>): Promise<void> {
  const settings = { epsLow: 0.2, epsHigh: 0.28, aggregation: 'token-mean' as const };
  const times: Record<string, number> = {};
  const rows: Record<string, number> = {};
  for (const share of [false, true]) {
    const model = new TrainableModel(ctx, cfg, uploadWeights(ctx, cfg, host));
    // lr ~0: every step sees the same weights, so the two layouts time the same work.
    const trainer = new Trainer(model, { optimizer: { maxGradNorm: 0 }, schedule: { lr: 1e-12, warmupSteps: 0, decay: 'constant' }, microBatch, sharePrefixes: share });
    let best = Infinity;
    for (let k = 0; k <= steps; k++) {
      const [r] = await trainer.grpoStep(examples, settings);
      if (k > 0) best = Math.min(best, r!.seconds);
      rows[share ? 'shared' : 'plain'] = r!.rows;
      process.stderr.write(`[grpo] ${prefix} ${share ? 'shared' : 'plain'} step ${k}${k ? '' : ' (warm-up)'}: ${r!.seconds.toFixed(2)} s\n`);
    }
    times[share ? 'shared' : 'plain'] = best * 1000;
    trainer.destroy();
    model.destroy();
  }
  metrics[`${prefix}_plain_step_ms`] = +times.plain!.toFixed(1);
  metrics[`${prefix}_shared_step_ms`] = +times.shared!.toFixed(1);
  metrics[`${prefix}_speedup`] = +(times.plain! / times.shared!).toFixed(2);
  metrics[`${prefix}_plain_rows`] = rows.plain!;
  metrics[`${prefix}_shared_rows`] = rows.shared!;
}

const suite: BenchSuite = async (args): Promise<BenchResult> => {
  const groups = option(args, 'groups', 4);
  const g = option(args, 'rollouts', 8);
  const prompt = option(args, 'prompt', 520);
  const completion = option(args, 'completion', 3);
  const steps = option(args, 'steps', 2);
  const microBatch = option(args, 'micro-batch', 16);
  const ctx = await createGpuContext(nodeGPU());
  const metrics: Record<string, number> = {};

  const mi = args.indexOf('--models');
  const models = (mi >= 0 ? args[mi + 1] ?? '' : 'toy,smol2').split(',');
  const bad = models.find((m) => m !== 'toy' && m !== 'smol2');
  if (bad !== undefined) throw new Error(`bench grpo: --models takes toy and/or smol2, got "${bad}"`);
  if (models.includes('toy')) {
    const toyCfg = parseModelConfig(toyModelConfigJson());
    await measure(ctx, toyCfg, initToyWeights(toyCfg, 1), batch(toyCfg.vocabSize, groups, g, prompt, completion), microBatch, steps, 'toy', metrics);
  }
  if (models.includes('smol2')) {
    const smolCfg = { ...parseModelConfig(JSON.parse(readFileSync('test/fixtures/models/configs/SmolLM2-135M-Instruct.json', 'utf8'))), layers: 2 };
    await measure(ctx, smolCfg, smolWeights(smolCfg), batch(smolCfg.vocabSize, 1, g, prompt, completion), microBatch, steps, 'smol2', metrics);
  }

  return {
    suite: 'grpo',
    adapter: benchAdapter(ctx, ctx.adapter.description),
    shapes: { groups, smol2Groups: 1, rolloutsPerGroup: g, promptTokens: prompt, completionTokens: completion, microBatch, measuredSteps: steps, models: { toy: 'public/models/dust-toy config (2 layers, hidden 64, vocab 512)', smol2: 'SmolLM2-135M-Instruct config cut to 2 layers (hidden 576, vocab 49,152), random weights' } },
    metrics,
    notes: [
      '*_plain_step_ms: Trainer.grpoStep with sharePrefixes false (every rollout its own sequence: the baseline); *_shared_step_ms: the default, one prefix tree per group (src/train/prefix-tree.ts). Same examples, same weights (lr 1e-12), best of --steps after a warm-up, wall clock.',
      '*_rows: token rows each layout forwards and back-propagates (StepReport.rows).',
    ],
  };
};

export default suite;
