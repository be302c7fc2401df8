// Phases 2 and 3 through runPipeline on a tiny random Llama (toy tokenizer) with the real
// QuickJS pool: the judgment dataset comes from canned reference/buggy answers (a random
// model never writes a passing program), then every training mode runs, writes its metrics,
// checkpoints and a Hugging Face model folder that our loader reads back with identical
// logits; a run stopped after its first batch and resumed matches the uninterrupted run step
// for step; judgment prompts longer than the model's context are left out, not fatal.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig, type RunConfig } from '../../src/dust/config';
import { runPhase1 } from '../../src/dust/phase1-sample';
import { runPipeline, runModelSource, readTrainState, TRAINED_MODEL_DIR } from '../../src/dust/pipeline';
import type { PipelineEvent, TrainStepMetrics } from '../../src/dust/pipeline-events';
import type { PipelineHost } from '../../src/dust/pipeline-host';
import { readMetrics, writeDataset } from '../../src/dust/run-folder';
import type { GpuContext } from '../../src/gpu';
import { nodeCheckpointStore } from '../../src/host/node-checkpoints';
import { nodeDirSource } from '../../src/host/node-files';
import { nodeRunStore } from '../../src/host/node-run-folder';
import { loadModel } from '../../src/model/load';
import { builtinSplit } from '../../src/problems/builtin';
import { SandboxPool } from '../../src/sandbox/pool';
import { createTestContext, getTestContext, maxAbsDiff } from '../helpers/gpu';
import { cannedGenerator, dustTinyModelDir } from './dust-tiny';
import { removeModelDirs } from './model-tiny-hf';

const work = mkdtempSync(join(tmpdir(), 'dust-pipeline-'));
let ctx: GpuContext;
let pool: SandboxPool;
const modelDir = dustTinyModelDir(5);
const split = builtinSplit();
const problems = { train: split.train.slice(0, 6), eval: split.eval.slice(0, 2) };

function config(name: string, train: Partial<RunConfig['train']> = {}): RunConfig {
  return resolveConfig({
    preset: 'micro',
    name,
    seed: 7,
    model: { id: modelDir },
    sandbox: { timeoutMs: 2000, workers: 1 },
    dataset: { samples: 4, groupSize: 2, maxNewTokens: 16, generationBatch: 8, validationFraction: 0.2 },
    train: { rollouts: 2, batchGroups: 2, miniBatchGroups: 1, ppoEpochs: 2, dataEpochs: 1, lr: 1e-3, warmupSteps: 0, beta: 0.01, maxNewTokens: 6, microBatch: 4, validateEvery: 2, validationGroups: 2, checkpointEvery: 2, ...train },
    eval: { repeats: 1, candidates: 2, maxNewTokens: 8, judgeMaxNewTokens: 6 },
  });
}

function host(dir: string): PipelineHost {
  return {
    ctx,
    pool,
    store: nodeRunStore(dir, { create: true }),
    checkpoints: nodeCheckpointStore(join(dir, 'checkpoints')),
    runId: 'test-run',
    modelSource: async () => nodeDirSource(modelDir),
    problems: async () => problems,
  };
}

/** A run folder holding a finished, mixed judgment dataset (canned answers: every other sample correct). */
async function seededRun(dir: string, cfg: RunConfig): Promise<PipelineHost> {
  const h = host(dir);
  const ds = await runPhase1(pool, cannedGenerator(problems.train, (k) => k % 2 === 0), problems.train, cfg);
  expect(ds.groups.length).toBeGreaterThan(4);
  await h.store.write('config.json', JSON.stringify(cfg, null, 2) + '\n');
  await writeDataset(h.store, ds);
  return h;
}

beforeAll(async () => {
  ctx = await getTestContext();
  pool = await SandboxPool.create({ workers: 1 });
});
afterAll(async () => {
  await pool?.close();
  rmSync(work, { recursive: true, force: true });
  removeModelDirs();
});

describe('runPipeline: the GPU it runs on', () => {
  it('refuses model.dtype f16 on a GPU without shader-f16 before loading anything, naming the setting', async () => {
    const noF16 = await createTestContext({ disableFeatures: ['shader-f16'] });
    let asked = false;
    const h = { ...host(join(work, 'f16')), ctx: noF16, modelSource: async () => ((asked = true), nodeDirSource(modelDir)) };
    const cfg = { ...config('f16'), model: { ...config('f16').model, dtype: 'f16' as const } };
    await expect(runPipeline(h, cfg, {})).rejects.toThrow(/model\.dtype is "f16", which needs the shader-f16 feature, and this GPU \(.*\) does not have it: set model\.dtype to "f32"/);
    expect(asked).toBe(false);
    expect(existsSync(join(work, 'f16', 'config.json'))).toBe(false);
    noF16.destroy();
  });
});

describe('runPipeline: phases 2 and 3', () => {
  it('off-policy DuST: steps, validation, checkpoints, model folder, three eval rows', async () => {
    const dir = join(work, 'off');
    const cfg = config('off');
    const h = await seededRun(dir, cfg);
    const events: PipelineEvent[] = [];
    const res = await runPipeline(h, cfg, { phases: ['train', 'eval'], onEvent: (e) => events.push(e) });
    expect(res.complete).toBe(true);
    const steps = events.flatMap((e) => (e.type === 'train-step' ? [e.metrics] : []));
    // 2 PPO epochs × 2 mini-batches per full batch of 2 groups.
    expect(steps.length).toBeGreaterThanOrEqual(4);
    for (const s of steps) {
      expect(s.applied).toBe(true);
      expect(Number.isFinite(s.loss) && Number.isFinite(s.gradNorm) && Number.isFinite(s.kl)).toBe(true);
      expect(s.reward).toBeGreaterThanOrEqual(-1);
      expect(s.malformed).toBeGreaterThanOrEqual(0);
    }
    expect(steps.map((s) => s.step)).toEqual(steps.map((_, i) => i + 1));
    const vals = events.flatMap((e) => (e.type === 'validation' ? [e.metrics] : []));
    expect(vals[0]!.step).toBe(0);
    expect(vals.at(-1)!.step).toBe(steps.length);
    expect(events.some((e) => e.type === 'checkpoint')).toBe(true);
    expect(res.report!.rows.map((r) => r.name)).toEqual(['base', 'judge-only', 'trained']);
    const metrics = await readMetrics(h.store);
    expect(metrics.filter((m) => m.event === 'train-step')).toHaveLength(steps.length);
    expect(metrics.filter((m) => m.event === 'eval')).toHaveLength(3);
    expect(await readTrainState(h.store)).toMatchObject({ complete: true, step: steps.length });
    // The exported folder reloads through our loader with the trained weights' logits.
    const trained = await loadModel(ctx, runModelSource(h.store));
    const fresh = await loadModel(ctx, nodeDirSource(join(dir, TRAINED_MODEL_DIR)));
    const base = await loadModel(ctx, nodeDirSource(modelDir));
    const ids = [1, 5, 9, 14, 20];
    const [a, b, c] = (await Promise.all([trained, fresh, base].map((m) => m.model.logits([ids])))).map((x) => x[0]!);
    expect(maxAbsDiff(a!, b!)).toBe(0);
    expect(maxAbsDiff(a!, c!)).toBeGreaterThan(1e-4);
    for (const m of [trained, fresh, base]) m.model.destroy();
    expect(JSON.parse(readFileSync(join(dir, TRAINED_MODEL_DIR, 'config.json'), 'utf8')).torch_dtype).toBe('float32');
  }, 300_000);

  it('a run stopped after its first batch and resumed repeats the uninterrupted run step for step', async () => {
    const cfg = config('resume', { batchGroups: 2, miniBatchGroups: 2, ppoEpochs: 1, validateEvery: 0, checkpointEvery: 1 });
    const straight = await seededRun(join(work, 'straight'), cfg);
    const all: TrainStepMetrics[] = [];
    await runPipeline(straight, cfg, { phases: ['train'], onEvent: (e) => e.type === 'train-step' && all.push(e.metrics) });
    expect(all.length).toBeGreaterThanOrEqual(3);

    const resumed = await seededRun(join(work, 'resumed'), cfg);
    const first: TrainStepMetrics[] = [];
    let batches = 0;
    const stopped = await runPipeline(resumed, cfg, { phases: ['train'], shouldStop: () => batches >= 1, onEvent: (e) => e.type === 'train-step' && (first.push(e.metrics), batches++) });
    expect(stopped.complete).toBe(false);
    expect(await readTrainState(resumed.store)).toMatchObject({ complete: false, step: 1, batch: 1 });
    const rest: TrainStepMetrics[] = [];
    const done = await runPipeline(resumed, cfg, { phases: ['train'], onEvent: (e) => e.type === 'train-step' && rest.push(e.metrics) });
    expect(done.complete).toBe(true);
    const pick = (m: TrainStepMetrics) => [m.step, m.epoch, m.batch, m.reward, m.loss, m.gradNorm, m.kl, m.malformed];
    expect([...first, ...rest].map(pick)).toEqual(all.map(pick));
    const logged = (await readMetrics(resumed.store)).filter((m) => m.event === 'train-step');
    expect(logged.map((m) => m.step)).toEqual(all.map((m) => m.step));
    // The training judgments the explorer shows: the same lines, none repeated.
    const rollouts = await straight.store.read('rollouts.jsonl');
    expect(rollouts!.trim().split('\n').length).toBeGreaterThanOrEqual(3);
    expect(await resumed.store.read('rollouts.jsonl')).toBe(rollouts);
    // Stopping right after a checkpointed batch does not save the same step twice.
    expect((await resumed.checkpoints!.list('test-run')).filter((c) => c.step === 1).length).toBeLessThanOrEqual(1);
  }, 300_000);

  // SFT: the random model's rankings are all malformed, so GRPO rewards are all equal (no
  // gradient, and B stays 0); SFT always moves the adapters.
  it('LoRA (SFT mode): model/ holds the merged weights, adapter/ the PEFT files', async () => {
    const dir = join(work, 'lora');
    const cfg = config('lora', { mode: 'sft', method: 'lora', loraRank: 4, loraAlpha: 8, lr: 1e-2, beta: 0, ppoEpochs: 1, miniBatchGroups: 2, validateEvery: 0, checkpointEvery: 0 });
    const h = await seededRun(dir, cfg);
    const steps: TrainStepMetrics[] = [];
    const res = await runPipeline(h, cfg, { phases: ['train'], onEvent: (e) => e.type === 'train-step' && steps.push(e.metrics) });
    expect(res.complete).toBe(true);
    expect(steps.length).toBeGreaterThan(0);
    for (const s of steps) expect(Number.isFinite(s.loss)).toBe(true);
    const merged = await loadModel(ctx, nodeDirSource(join(dir, TRAINED_MODEL_DIR)));
    const base = await loadModel(ctx, nodeDirSource(modelDir));
    const ids = [[3, 9, 27, 40, 12, 8]];
    const [m, b] = [(await merged.model.logits(ids))[0]!, (await base.model.logits(ids))[0]!];
    expect(maxAbsDiff(m, b)).toBeGreaterThan(1e-4);
    merged.model.destroy();
    base.model.destroy();
    const adapterConfig = JSON.parse(readFileSync(join(dir, 'adapter', 'adapter_config.json'), 'utf8'));
    expect(adapterConfig).toMatchObject({ peft_type: 'LORA', r: 4, lora_alpha: 8 });
    expect(readFileSync(join(dir, 'adapter', 'adapter_model.safetensors')).length).toBeGreaterThan(1000);
  }, 300_000);

  it.each(['sft', 'primal', 'on-policy'] as const)('baseline mode %s trains and evaluates', async (mode) => {
    const dir = join(work, mode);
    const cfg = config(mode, { mode, ppoEpochs: 1, miniBatchGroups: 2, validateEvery: 0, checkpointEvery: 0, beta: 0 });
    const h = await seededRun(dir, cfg);
    const events: PipelineEvent[] = [];
    const res = await runPipeline(h, cfg, { phases: ['train', 'eval'], onEvent: (e) => events.push(e) });
    expect(res.complete).toBe(true);
    const steps = events.flatMap((e) => (e.type === 'train-step' ? [e.metrics] : []));
    if (mode === 'on-policy') {
      // A random model writes no program that passes: every fresh group is unmixed and skipped.
      expect(events.some((e) => e.type === 'log' && /skipped/.test(e.message))).toBe(true);
    } else {
      expect(steps.length).toBeGreaterThan(0);
      for (const s of steps) expect(Number.isFinite(s.loss)).toBe(true);
    }
    if (mode === 'sft') expect(steps.every((s) => Number.isNaN(s.reward) && s.loss > 0)).toBe(true);
    if (mode === 'primal') expect(steps.every((s) => s.reward === 0)).toBe(true);
    expect(res.report!.rows).toHaveLength(3);
  }, 300_000);

  it.each(['off-policy', 'sft'] as const)("%s: judgment prompts longer than the model's context are left out of training and unjudged in the evaluation; the run completes", async (mode) => {
    // 200 positions: the generation prompts fit, no judgment prompt (~300 tokens of template alone) does
    const shortDir = dustTinyModelDir(5, 200);
    const dir = join(work, `short-${mode}`);
    const cfg = { ...config(`short-${mode}`, { mode, ppoEpochs: 1, miniBatchGroups: 2, checkpointEvery: 0, beta: 0 }), model: { ...config('x').model, id: shortDir } };
    const h = { ...(await seededRun(dir, cfg)), modelSource: async () => nodeDirSource(shortDir) };
    const events: PipelineEvent[] = [];
    const res = await runPipeline(h, cfg, { phases: ['train', 'eval'], onEvent: (e) => events.push(e) });
    expect(res.complete).toBe(true);
    const logs = events.flatMap((e) => (e.type === 'log' ? [e.message] : []));
    expect(logs.some((m) => /group\(s\) left out: the prompt and its new tokens do not fit the model's 200 positions/.test(m))).toBe(true);
    expect(events.some((e) => e.type === 'train-step')).toBe(false);
    const vals = events.flatMap((e) => (e.type === 'validation' ? [e.metrics] : []));
    expect(vals.length).toBeGreaterThan(0);
    for (const v of vals) expect(v.malformed).toBe(1);
    for (const row of res.report!.rows) for (const rep of row.perRepeat) expect(rep.unjudged).toBe(rep.problems);
    expect(readFileSync(join(dir, 'eval.md'), 'utf8')).toMatch(/judgments were not run because the judgment prompt/);
  }, 300_000);
});
