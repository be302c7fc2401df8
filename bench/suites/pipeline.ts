// `npm run bench -- pipeline [--problems 8] [--eval 4] [--samples 8] [--new 64] [--batch 8] [--workers 1]`:
// the DuST pipeline's model-driven phases on the micro configuration with a tiny random Llama
// (toy tokenizer; no trained model exists yet). Metrics:
//   seconds_phase1, gpu_idle_frac_phase1: phase 1 as the CLI runs it (random text: almost all
//     no_code, so the sandbox has little to do);
//   seconds_phase1_mixed / gpu_idle_frac_phase1_mixed: the same GPU generation, but each
//     response's text replaced by the problem's reference or buggy program (alternating), so
//     the sandbox does real labelling work while the GPU generates the next batch;
//   seconds_phase1_mixed_sequential (baseline, same run): generate every batch first, then
//     label; idle_seconds_* = GPU-idle seconds of each (what overlapping can save at most);
//   seconds_phase3, judgments_per_s (judge time only), seconds_phase3_judge / _generate;
//   seconds_phase2, train_steps_per_s, rollouts_per_s, train_tokens_per_s: phase 2 (off-policy
//     GRPO, G = 4, beta 0) on the mixed groups, after phase 3 (it trains the weights in place).
import { resolveConfig } from '../../src/dust/config';
import { fencedAnswer } from '../../src/dust/generation-prompt';
import { labelAll, type GeneratedResponse } from '../../src/dust/labelling';
import { modelGenerator } from '../../src/dust/model-generator';
import { runPhase1, sampleResponses } from '../../src/dust/phase1-sample';
import { runEvaluation } from '../../src/dust/phase3-eval';
import { runPhase2 } from '../../src/dust/phase2-train';
import { Policy } from '../../src/dust/policy';
import { memoryRunStore } from '../../src/dust/run-folder';
import { phaseSeed } from '../../src/dust/config';
import type { TextGenerator } from '../../src/dust/text-generator';
import { createGpuContext } from '../../src/gpu';
import { nodeGPU } from '../../src/host/node';
import { nodeDirSource } from '../../src/host/node-files';
import { loadModel } from '../../src/model/load';
import { builtinSplit } from '../../src/problems/builtin';
import type { Problem } from '../../src/problems/schema';
import { SandboxPool } from '../../src/sandbox/pool';
import { loadTokenizer } from '../../src/tokenizer/tokenizer';
import { dustTinyModelDir } from '../../test/gpu/dust-tiny';
import { removeModelDirs } from '../../test/gpu/model-tiny-hf';
import { benchAdapter } from '../adapter';
import type { BenchResult, BenchSuite } from '../types';

function option(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  const v = i >= 0 ? Number(args[i + 1]) : fallback;
  if (!Number.isInteger(v) || v < 1) throw new Error(`bench pipeline: --${name} must be a positive integer`);
  return v;
}

/** The model's GPU generation, with the text swapped for a real program of the problem (sandbox load). */
function withPrograms(gen: TextGenerator, problems: readonly Problem[]): TextGenerator {
  return {
    name: `${gen.name}+programs`,
    async generate(messages, req) {
      await gen.generate(messages, req);
      return messages.map((m, i) => {
        const p = problems.find((q) => m.includes(q.statement.trim()))!;
        return fencedAnswer(req.keys[i]! % 2 === 0 || !p.buggy?.length ? p.reference! : p.buggy[0]!);
      });
    },
  };
}

const suite: BenchSuite = async (args): Promise<BenchResult> => {
  const nTrain = option(args, 'problems', 8);
  const nEval = option(args, 'eval', 4);
  const samples = option(args, 'samples', 8);
  const maxNew = option(args, 'new', 64);
  const batch = option(args, 'batch', 8);
  const workers = option(args, 'workers', 1);
  const ctx = await createGpuContext(nodeGPU());
  const src = nodeDirSource(dustTinyModelDir());
  const { model, config: mc } = await loadModel(ctx, src);
  const tok = await loadTokenizer(src);
  const gen = modelGenerator(model, tok, { name: 'tiny-random-llama' });
  const split = builtinSplit();
  const train = split.train.filter((p) => p.reference && p.buggy?.length).slice(0, nTrain);
  const evalSet = split.eval.slice(0, nEval);
  const cfg = resolveConfig({
    preset: 'micro',
    model: { id: 'tiny-random-llama' },
    sandbox: { workers },
    dataset: { samples, groupSize: Math.min(4, samples), maxNewTokens: maxNew, generationBatch: batch },
    eval: { maxNewTokens: maxNew, judgeMaxNewTokens: 16 },
  });
  const pool = await SandboxPool.create({ workers, limits: { timeoutMs: cfg.sandbox.timeoutMs, memoryBytes: cfg.sandbox.memoryBytes } });
  const metrics: Record<string, number> = {};
  const log = (s: string) => process.stderr.write(`[bench pipeline] ${s}\n`);
  try {
    await gen.generate(['warm-up'], { temperature: 1, topP: 1, topK: 0, maxNewTokens: 4, seed: 0, keys: [0] }); // shader compiles
    log('phase 1 (random text)');
    const p1 = await runPhase1(pool, gen, train, cfg);
    metrics.seconds_phase1 = p1.timing.wallMs / 1000;
    metrics.gpu_idle_frac_phase1 = p1.timing.gpuIdleFrac;
    metrics.no_code_frac_phase1 = p1.candidates.filter((c) => c.status === 'no_code').length / p1.candidates.length;

    log('phase 1 (GPU generation, real programs labelled), overlapped');
    const mixed = withPrograms(gen, train);
    const p1m = await runPhase1(pool, mixed, train, cfg);
    metrics.seconds_phase1_mixed = p1m.timing.wallMs / 1000;
    metrics.gpu_idle_frac_phase1_mixed = p1m.timing.gpuIdleFrac;
    metrics.groups_phase1_mixed = p1m.groups.length;

    log('phase 1 baseline: generate everything, then label');
    const t0 = performance.now();
    const all: GeneratedResponse[] = [];
    for await (const r of sampleResponses(mixed, train, { ...cfg.dataset, batch, seed: phaseSeed(cfg, 'dataset') })) all.push(r);
    const tGen = performance.now();
    await labelAll(pool, (async function* () {
      yield* all;
    })(), { maxPending: cfg.dataset.labelQueue, limits: { timeoutMs: cfg.sandbox.timeoutMs, memoryBytes: cfg.sandbox.memoryBytes } });
    const tEnd = performance.now();
    metrics.seconds_phase1_mixed_sequential = (tEnd - t0) / 1000;
    metrics.gpu_idle_frac_phase1_mixed_sequential = (tEnd - tGen) / (tEnd - t0);
    metrics.idle_seconds_phase1_mixed_sequential = (tEnd - tGen) / 1000;
    metrics.idle_seconds_phase1_mixed = (p1m.timing.wallMs - p1m.timing.generateMs) / 1000;

    log('phase 3 (base row: the model generates and judges)');
    const p3 = await runEvaluation(pool, [{ name: 'base', generator: gen, judge: gen }], evalSet, cfg);
    const row = p3.rows[0]!;
    metrics.seconds_phase3 = row.timing.wallMs / 1000;
    metrics.seconds_phase3_generate = row.timing.generateMs / 1000;
    metrics.seconds_phase3_judge = row.timing.judgeMs / 1000;
    metrics.judgments_per_s = row.timing.judgmentsPerS;
    metrics.malformed_frac_phase3 = p3.report!.rows[0]!.metrics.malformed.mean;

    log('phase 2 (off-policy GRPO on the mixed groups)');
    const tcfg = resolveConfig({ ...cfg, train: { ...cfg.train, rollouts: 4, batchGroups: 4, miniBatchGroups: 4, ppoEpochs: 1, dataEpochs: 1, beta: 0, maxNewTokens: 16, validateEvery: 0, checkpointEvery: 0 } });
    const policy = new Policy(ctx, mc, model.weights, tok, tcfg);
    try {
      const t2 = performance.now();
      const p2 = await runPhase2(policy, pool, p1m.groups, train, tcfg, { store: memoryRunStore(), checkpoints: null, runId: 'bench' });
      const s2 = (performance.now() - t2) / 1000;
      metrics.seconds_phase2 = s2;
      metrics.train_steps_per_s = p2.steps.length / s2;
      metrics.rollouts_per_s = (p2.steps.length ? p1m.groups.filter((g) => g.split === 'train').length * tcfg.train.rollouts : 0) / s2;
      metrics.train_tokens_per_s = p2.steps.reduce((a, m) => a + m.tokensPerSecond, 0) / Math.max(1, p2.steps.length);
      metrics.sample_seconds_phase2 = p2.steps.reduce((a, m) => a + m.sampleSeconds, 0);
    } finally {
      policy.destroy();
    }
  } finally {
    await pool.close();
    model.destroy();
    removeModelDirs();
  }
  return {
    suite: 'pipeline',
    adapter: benchAdapter(ctx, ctx.adapter.summary),
    shapes: {
      model: { arch: 'llama', hidden: mc.hidden, layers: mc.layers, vocab: mc.vocabSize },
      train_problems: train.length,
      eval_problems: evalSet.length,
      samples_per_problem: samples,
      max_new_tokens: maxNew,
      generation_batch: batch,
      sandbox_workers: workers,
      eval: { repeats: cfg.eval.repeats, candidates: cfg.eval.candidates, judge_max_new_tokens: cfg.eval.judgeMaxNewTokens },
    },
    metrics,
    notes: [
      'Tiny random Llama (toy character tokenizer): random text is mostly no_code, so seconds_phase1 is generation-bound; the *_mixed runs keep the GPU generation but label real reference/buggy programs.',
      'gpu_idle_frac = 1 − (time inside generate) / phase wall time; the sequential baseline labels only after all generation, in the same run on the same pool.',
      'judgments_per_s counts judge generation time only (prompts of 4 candidates, judge max new tokens as in shapes.eval).',
    ],
  };
};

export default suite;
