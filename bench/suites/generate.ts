// `npm run bench -- generate [--models toy,smollm] [--new N] [--reps N]`: generate() end to
// end (prefill, decode, GPU sampling, stop checks on the host) with decoding pipelined (each
// step recorded and submitted before the previous one is read back) against the same calls
// waiting for every step (`pipeline: false`), alternated in one run. toy = the committed
// toy model (public/models/dust-toy), smollm = SmolLM2-135M's shapes with random weights.
import { readFileSync } from 'node:fs';
import { createGpuContext, type GpuContext } from '../../src/gpu';
import { generate } from '../../src/generate/generate';
import { nodeGPU } from '../../src/host/node';
import { nodeDirSource } from '../../src/host/node-files';
import { parseModelConfig } from '../../src/model/config';
import { loadModel } from '../../src/model/load';
import type { Transformer } from '../../src/model/transformer';
import { benchAdapter } from '../adapter';
import { randomModel } from '../random-model';
import type { BenchResult, BenchSuite } from '../types';

function option(args: string[], name: string, fallback: string): string {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
}

async function modelFor(ctx: GpuContext, key: string): Promise<Transformer> {
  if (key === 'toy') return (await loadModel(ctx, nodeDirSource('public/models/dust-toy'))).model;
  if (key === 'smollm') {
    const cfg = parseModelConfig(JSON.parse(readFileSync('test/fixtures/models/configs/SmolLM2-135M-Instruct.json', 'utf8')));
    return randomModel(ctx, cfg, 'f32');
  }
  throw new Error(`bench generate: unknown model "${key}" (known: toy, smollm)`);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const suite: BenchSuite = async (args): Promise<BenchResult> => {
  const keys = option(args, 'models', 'toy,smollm').split(',');
  const reps = Number(option(args, 'reps', '3'));
  const newOf = (key: string) => Number(option(args, 'new', key === 'toy' ? '64' : '16'));
  const ctx = await createGpuContext(nodeGPU());
  const metrics: Record<string, number> = {};
  const shapes: Record<string, unknown> = {};
  for (const key of keys) {
    process.stderr.write(`[bench generate] ${key}...\n`);
    const model = await modelFor(ctx, key);
    const V = model.cfg.vocabSize;
    const N = newOf(key);
    shapes[key] = { layers: model.cfg.layers, hidden: model.cfg.hidden, vocab: V, promptLen: 8, newTokens: N, batches: [1, 8], reps };
    // Dispatches and submits of one decode step: the difference between two calls 8 tokens apart.
    {
      const counts = async (n: number) => {
        const before = { ...ctx.counters };
        await generate(model, [[1, 2, 3]], { maxNewTokens: n, eos: [], temperature: 1, seed: 1 });
        return { dispatches: ctx.counters.dispatches - before.dispatches, submits: ctx.counters.submits - before.submits };
      };
      const a = await counts(4);
      const b = await counts(12);
      metrics[`${key}.decode_step_dispatches`] = (b.dispatches - a.dispatches) / 8;
      metrics[`${key}.decode_step_submits`] = (b.submits - a.submits) / 8;
    }
    for (const B of [1, 8]) {
      const prompts = Array.from({ length: B }, (_, b) => Array.from({ length: 8 }, (_, i) => (7 + 31 * i + 101 * b) % V));
      // No EOS: every call decodes N tokens, so both modes do the same work.
      const once = async (pipeline: boolean, seed: number) => {
        const t0 = performance.now();
        const out = await generate(model, prompts, { maxNewTokens: N, eos: [], temperature: 1, topK: 50, seed, pipeline });
        return { ms: performance.now() - t0, ids: out.map((o) => o.ids.join(',')).join('|') };
      };
      await once(false, 0); // warm-up: compiles pipelines, fills pools
      await once(true, 0);
      const waited: number[] = [];
      const piped: number[] = [];
      for (let r = 0; r < reps; r++) {
        const w = await once(false, r + 1);
        const p = await once(true, r + 1);
        if (w.ids !== p.ids) throw new Error(`bench generate: ${key} b${B} pipelined tokens differ from waiting for every step (seed ${r + 1})`);
        waited.push(w.ms);
        piped.push(p.ms);
      }
      const wMs = median(waited) / N;
      const pMs = median(piped) / N;
      metrics[`${key}.b${B}.waited_ms_per_token`] = wMs;
      metrics[`${key}.b${B}.pipelined_ms_per_token`] = pMs;
      metrics[`${key}.b${B}.pipelined_tok_s`] = (B * 1000) / pMs;
      metrics[`${key}.b${B}.pipeline_speedup`] = wMs / pMs;
    }
    model.destroy();
    ctx.pool.trim();
  }
  return {
    suite: 'generate',
    adapter: benchAdapter(ctx, ctx.adapter.summary),
    shapes,
    metrics,
    notes: [
      'Wall clock of whole generate() calls (an 8-token prompt per sequence, then N tokens, no EOS) divided by N: prefill and the first decode step included; the median of reps calls.',
      'waited_ms_per_token: each decode step read back before the next is recorded (pipeline: false, the baseline); pipelined_ms_per_token: the next step recorded and submitted first, its input ids taken from the samples on the GPU. Both modes gave the same tokens (checked every rep).',
      'decode_step_dispatches / _submits: what one batch-1 decode step records (forward, LM head, sampling, the next step\'s ids), from two calls 8 tokens apart.',
      'pipeline_speedup = waited / pipelined: how much of a step the host recording and the readback round trip were; on a software GPU the host and the "GPU" share the same CPU cores.',
    ],
  };
};

export default suite;
