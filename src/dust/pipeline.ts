// The whole DuST run on any host: phase 1 (judgment dataset), phase 2 (GRPO on judgments, or a
// baseline mode), phase 3 (evaluation: base, judge-only and trained rows). Each phase
// leaves complete files in the run folder, so a stopped run continues where it stopped:
// a finished phase 1 or 3 is skipped, phase 2 resumes from its newest checkpoint.
import { loadModel, type LoadedModel } from '../model/load';
import { hfModelFiles } from '../model/hf-folder';
import { bytesSource } from '../model/sources/byte-source';
import { modelSource, type ModelSource } from '../model/sources/model-source';
import { loadTokenizer } from '../tokenizer/tokenizer';
import type { RunConfig } from './config';
import { modelGenerator } from './model-generator';
import { runPhase1 } from './phase1-sample';
import { runPhase2, TRAIN_STATE_FILE, type TrainState } from './phase2-train';
import { runEvaluation, type EvalSetup } from './phase3-eval';
import type { PipelineHost, PipelineOptions } from './pipeline-host';
import { Policy } from './policy';
import type { Progress } from './progress';
import type { EvalReport } from './report';
import { trainedModelMetadata } from './trained-model-metadata';
import { appendMetric, readDataset, readEval, readRunConfig, writeDataset, writeEval, writeRunConfig, type RunStore } from './run-folder';

export interface PipelineResult {
  /** false when stopped (shouldStop) before the last phase finished; resume continues it. */
  complete: boolean;
  /** Phase 3's report when it ran to the end. */
  report: EvalReport | null;
}

/** The trained model's folder inside the run folder. */
export const TRAINED_MODEL_DIR = 'model';
/** LoRA runs: the adapters alone (adapter_model.safetensors + adapter_config.json). */
export const TRAINED_ADAPTER_DIR = 'adapter';

export async function runPipeline(host: PipelineHost, cfg: RunConfig, opts: PipelineOptions = {}): Promise<PipelineResult> {
  const phases = opts.phases ?? ['dataset', 'train', 'eval'];
  const emit = opts.onEvent ?? (() => undefined);
  const stop = opts.shouldStop ?? (() => false);
  const resume = opts.resume !== false;
  const { store } = host;
  // before the run folder is touched, so the same folder can be rerun with f32
  if (cfg.model.dtype === 'f16' && !host.ctx.features.f16) {
    // (NVIDIA GPUs through Dawn's Vulkan backend, for one, have no shader-f16)
    throw new Error(`model.dtype is "f16", which needs the shader-f16 feature, and this GPU (${host.ctx.adapter.summary}) does not have it: set model.dtype to "f32"`);
  }
  await checkRunConfig(store, cfg);
  const problems = await host.problems(cfg);
  const source = await host.modelSource(cfg);
  const tok = await loadTokenizer(source);
  const onProgress = (progress: Progress) => emit({ type: 'progress', progress });
  const gen = (m: LoadedModel, name: string) => modelGenerator(m.model, tok, { name, ...(cfg.model.thinking ? {} : { enableThinking: false }) });
  let base: LoadedModel | null = null;
  let policy: Policy | null = null;
  let trained: LoadedModel | null = null;
  try {
    base = await loadModel(host.ctx, source, { matrixDtype: cfg.model.dtype });

    if (phases.includes('dataset')) {
      const done = resume ? await finishedDataset(store) : false;
      if (done) emit({ type: 'phase', phase: 'dataset', state: 'skipped', detail: 'the run folder already holds a complete dataset' });
      else {
        emit({ type: 'phase', phase: 'dataset', state: 'start' });
        const r = await runPhase1(host.pool, gen(base, cfg.model.id), problems.train, cfg, { onProgress, shouldStop: stop });
        await writeDataset(store, r);
        const t = r.timing;
        await appendMetric(store, 'dataset', { complete: r.complete, seconds: t.wallMs / 1000, generate_seconds: t.generateMs / 1000, gpu_idle_frac: t.gpuIdleFrac, responses: t.responses, too_long: t.tooLong, groups: r.groups.length });
        emit({ type: 'dataset', stats: r.stats, complete: r.complete });
        if (!r.complete) {
          emit({ type: 'phase', phase: 'dataset', state: 'stopped' });
          return { complete: false, report: null };
        }
        emit({ type: 'phase', phase: 'dataset', state: 'done' });
      }
    }

    if (phases.includes('train')) {
      const { groups, stats } = await readDataset(store);
      if (!stats.complete) throw new Error(`${store.where}: phase 1 was stopped before it finished; run the dataset phase again (it restarts) before training`);
      emit({ type: 'phase', phase: 'train', state: 'start', detail: `${cfg.train.mode}, ${groups.filter((g) => g.split === 'train').length} training groups` });
      policy = new Policy(host.ctx, base.config, base.model.weights, tok, cfg);
      // The policy trains the loaded weights in place: phase 3's base rows load the model afresh.
      base = null;
      const r = await runPhase2(policy, host.pool, groups, problems.train, cfg, { store, checkpoints: host.checkpoints, runId: host.runId, onEvent: emit, shouldStop: stop, resume });
      if (!r.complete) {
        emit({ type: 'phase', phase: 'train', state: 'stopped', detail: `step ${r.state.step}` });
        return { complete: false, report: null };
      }
      const files = await hfModelFiles(source, policy.cfg, await policy.readWeights(), { dtype: 'float32', metadata: trainedModelMetadata(cfg, r.state.step, problems.train) });
      for (const [name, bytes] of files) await store.writeBytes(`${TRAINED_MODEL_DIR}/${name}`, bytes);
      // LoRA runs also keep the adapters alone, in PEFT's layout (model/ holds them merged).
      for (const [name, bytes] of (await policy.adapterFiles(cfg.model.id)) ?? []) await store.writeBytes(`${TRAINED_ADAPTER_DIR}/${name}`, bytes);
      emit({ type: 'phase', phase: 'train', state: 'done', detail: `${r.state.step} steps; model written to ${store.where}/${TRAINED_MODEL_DIR}` });
    }

    if (phases.includes('eval')) {
      const previous = resume ? await readEval(store) : null;
      if (previous?.complete && (policy === null || previous.rows.length > 1)) {
        emit({ type: 'phase', phase: 'eval', state: 'skipped', detail: 'the run folder already holds a complete evaluation' });
        emit({ type: 'eval', report: previous, complete: true });
        return { complete: true, report: previous };
      }
      emit({ type: 'phase', phase: 'eval', state: 'start' });
      base ??= await loadModel(host.ctx, source, { matrixDtype: cfg.model.dtype });
      const baseGen = gen(base, cfg.model.id);
      const setups: EvalSetup[] = [{ name: 'base', generator: baseGen, judge: baseGen }];
      let trainedGen = policy ? policy.generator(`${cfg.model.id} + ${cfg.train.mode}`) : null;
      if (!trainedGen && (await store.readBytes(`${TRAINED_MODEL_DIR}/model.safetensors`))) {
        trained = await loadModel(host.ctx, runModelSource(store), { matrixDtype: cfg.model.dtype });
        trainedGen = gen(trained, `${cfg.model.id} + ${cfg.train.mode}`);
      }
      if (trainedGen) setups.push({ name: 'judge-only', generator: baseGen, judge: trainedGen }, { name: 'trained', generator: trainedGen, judge: trainedGen });
      const res = await runEvaluation(host.pool, setups, problems.eval, cfg, { onProgress, shouldStop: stop });
      for (const row of res.rows) {
        await appendMetric(store, 'eval', { row: row.setup.name, complete: res.complete, repeats: row.repeats.length, seconds: row.timing.wallMs / 1000, judgments_per_s: row.timing.judgmentsPerS });
      }
      if (!res.report) {
        emit({ type: 'phase', phase: 'eval', state: 'stopped', detail: 'stopped before the first repeat finished' });
        return { complete: false, report: null };
      }
      await writeEval(store, { ...res.report, complete: res.complete }, res.rows.flatMap((r) => r.records));
      emit({ type: 'eval', report: res.report, complete: res.complete });
      emit({ type: 'phase', phase: 'eval', state: res.complete ? 'done' : 'stopped' });
      return { complete: res.complete, report: res.report };
    }
    return { complete: true, report: null };
  } finally {
    policy?.destroy();
    for (const m of [base, trained, policy ? { model: policy.sampler } : null]) m?.model.destroy();
  }
}

/** A run folder keeps one configuration: continuing it with another would mix two runs. */
async function checkRunConfig(store: RunStore, cfg: RunConfig): Promise<void> {
  let existing: RunConfig | null = null;
  try {
    existing = await readRunConfig(store);
  } catch {
    existing = null;
  }
  if (existing && JSON.stringify(existing) !== JSON.stringify(cfg)) {
    throw new Error(`${store.where} holds a run with a different configuration (config.json); continue it with its own config, or start the new configuration in a new run folder`);
  }
  if (!existing) await writeRunConfig(store, cfg);
}

async function finishedDataset(store: RunStore): Promise<boolean> {
  try {
    return (await readDataset(store)).stats.complete;
  } catch {
    return false;
  }
}

/** Where phase 2 stands in a run folder (null before it started). */
export async function readTrainState(store: RunStore): Promise<TrainState | null> {
  const t = await store.read(TRAIN_STATE_FILE);
  return t === null ? null : (JSON.parse(t) as TrainState);
}

/** The trained model folder of a run as a ModelSource. */
export function runModelSource(store: RunStore): ModelSource {
  return modelSource({
    id: `${store.where}/${TRAINED_MODEL_DIR}`,
    async file(name) {
      const bytes = await store.readBytes(`${TRAINED_MODEL_DIR}/${name}`);
      return bytes ? bytesSource(bytes) : null;
    },
  });
}
