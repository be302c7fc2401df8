// Phase 2: GRPO on judgment responses (DUST-SPEC "Phase 2"), and the baselines as modes of
// the same loop. Each data epoch visits the training groups in a seeded order, in batches of
// `batchGroups`. Per batch, by `train.mode`:
//   off-policy  G judgments per group on the phase-1 candidates (the paper's DuST);
//   on-policy   K fresh candidates per group's problem from the current policy, labelled in
//               the sandbox; groups that come out unmixed (or, with dataset.dropNoCode, with a candidate without a program) are skipped; then as off-policy;
//   primal      G programs per problem, reward 1 iff it passes (GRPO on generation);
//   sft         the judgment prompt → a correct ranking ("2, 4, 1, 3"), cross-entropy.
// Rollout batches: old log-probs are frozen at sampling time (one extra forward when a
// batch makes several updates), `ppoEpochs` passes over `miniBatchGroups`-group
// mini-batches, one optimiser step each. Every random stream is derived from
// (seed, epoch, batch), so a run resumed from a batch-boundary checkpoint repeats the
// uninterrupted run step for step.
import { extractCode } from '../problems/extract';
import type { Problem } from '../problems/schema';
import type { SandboxPool } from '../sandbox/pool';
import type { CheckpointStore } from '../store/checkpoint-store';
import type { CheckpointTensor, Json } from '../store/checkpoint-format';
import type { GrpoSettings } from '../train/losses';
import type { StepReport } from '../train/trainer';
import type { GrpoExample } from '../train/trainer';
import { capTests } from './build-dataset';
import { phaseSeed, sandboxLimits, type RunConfig } from './config';
import type { GroupRecord } from './dataset';
import { generationPrompt } from './generation-prompt';
import { isFreshGroup } from './groups';
import { judgmentPrompt } from './judgment-prompt';
import { labelAll } from './labelling';
import { epochBatches, miniBatches } from './batches';
import { evalNdcg } from './metrics';
import type { PipelineListener, TrainStepMetrics, ValidationMetrics } from './pipeline-events';
import type { Policy, Rollout } from './policy';
import { progressOf } from './progress';
import { pairAcc } from './rewards';
import { deriveSeed } from './rng';
import { scoreJudgmentRollouts, scorePrimalRollouts } from './rollouts';
import { appendMetric, readMetrics, RUN_FOLDER_FILES, type RunStore } from './run-folder';
import { sftTargetText } from './sft-target';

export const TRAIN_STATE_FILE = 'train-state.json';
const CHECKPOINT_KIND = 'dust-phase2';

/** Where phase 2 stands; written to the run folder at every checkpoint and at the end. */
export interface TrainState {
  complete: boolean;
  /** Optimiser steps applied. */
  step: number;
  /** Next batch to run. */
  epoch: number;
  batch: number;
  checkpoint: string | null;
  mode: RunConfig['train']['mode'];
}

export interface Phase2Options {
  store: RunStore;
  checkpoints: CheckpointStore | null;
  /** Checkpoint run name (a plain id). */
  runId: string;
  onEvent?: PipelineListener;
  shouldStop?: () => boolean;
  /** Continue from the run's newest checkpoint when there is one (default true). */
  resume?: boolean;
}

export interface Phase2Result {
  complete: boolean;
  state: TrainState;
  steps: TrainStepMetrics[];
  validations: ValidationMetrics[];
}

/** What a batch's rollouts were scored as, for the step metrics. */
interface BatchScores {
  rewards: number[];
  /** Per-group reward std (population), mean over groups. */
  rewardStd: number;
  malformed: number;
  /** Groups left out: their prompt with the new tokens does not fit the model's context. */
  tooLong: number;
}

export async function runPhase2(
  policy: Policy,
  pool: SandboxPool,
  groups: readonly GroupRecord[],
  problems: readonly Problem[],
  cfg: RunConfig,
  opts: Phase2Options,
): Promise<Phase2Result> {
  const t = cfg.train;
  const train = groups.filter((g) => g.split === 'train');
  const val = groups.filter((g) => g.split === 'val').slice(0, t.validationGroups || undefined);
  if (train.length === 0) throw new Error('phase 2: the dataset has no training groups (phase 1 found no problem with both passing and failing candidates); sample more candidates (dataset.samples) or use more problems');
  const byId = new Map(problems.map((p) => [p.id, capTests(p, cfg.sandbox.maxTests)]));
  const seed = phaseSeed(cfg, 'train');
  const emit = opts.onEvent ?? (() => undefined);
  // Primal GRPO trains on the problems behind the training groups (where the base model is mixed).
  const primalProblems = [...new Set(train.map((g) => g.problem_id))].map((id) => {
    const p = byId.get(id);
    if (!p) throw new Error(`phase 2: group problem "${id}" is not in the run's problem set`);
    return p;
  });
  const units = t.mode === 'primal' ? primalProblems.length : train.length;
  const batchesPerEpoch = Math.ceil(units / t.batchGroups);
  const totalBatches = batchesPerEpoch * t.dataEpochs;

  let state: TrainState = { complete: false, step: 0, epoch: 0, batch: 0, checkpoint: null, mode: t.mode };
  if (opts.resume !== false) state = (await restore(policy, cfg, opts)) ?? state;
  if (state.complete) return { complete: true, state, steps: [], validations: [] };

  const steps: TrainStepMetrics[] = [];
  const validations: ValidationMetrics[] = [];
  const start = performance.now();
  let doneBatches = state.epoch * batchesPerEpoch + state.batch;
  const firstBatch = doneBatches;
  let lastValidated = state.step;
  let lastSaved = state.step;

  const validate = async () => {
    if (val.length === 0) return;
    const v = await validation(policy, val, cfg, state.step);
    validations.push(v);
    emit({ type: 'validation', metrics: v });
    await appendMetric(opts.store, 'validation', { ...v });
    lastValidated = state.step;
  };
  const checkpoint = async () => {
    if (opts.checkpoints) {
      const id = await save(policy, cfg, opts, state, steps.at(-1));
      state = { ...state, checkpoint: id };
      emit({ type: 'checkpoint', id, step: state.step });
    }
    await opts.store.write(TRAIN_STATE_FILE, JSON.stringify(state, null, 1) + '\n');
    lastSaved = state.step;
  };

  if (state.step === 0 && state.epoch === 0 && state.batch === 0) await validate();
  for (let epoch = state.epoch; epoch < t.dataEpochs; epoch++) {
    const batches = t.mode === 'primal' ? epochBatches(primalProblems, t.batchGroups, seed, epoch) : epochBatches(train, t.batchGroups, seed, epoch);
    for (let b = epoch === state.epoch ? state.batch : 0; b < batches.length; b++) {
      if (opts.shouldStop?.()) {
        state = { ...state, epoch, batch: b };
        // The batch just before may have saved this very step already.
        if (lastSaved !== state.step || state.checkpoint === null) await checkpoint();
        else await opts.store.write(TRAIN_STATE_FILE, JSON.stringify(state, null, 1) + '\n');
        return { complete: false, state, steps, validations };
      }
      const bSeed = deriveSeed(seed, 'batch', epoch, b);
      const batch = batches[b]!;
      const reports: StepReport[] = [];
      const ts = performance.now();
      let scores: BatchScores;
      let sampleSeconds = 0;
      if (t.mode === 'sft') {
        const examples = (batch as GroupRecord[]).map((g) => sftExample(policy, g));
        const fit = examples.filter((e) => e.prompt.length + e.completion.length <= policy.cfg.maxPositions);
        scores = { rewards: [], rewardStd: NaN, malformed: NaN, tooLong: examples.length - fit.length };
        for (const mb of miniBatches(fit, t.miniBatchGroups)) reports.push(await policy.trainer.sftStep(mb));
      } else {
        const r = t.mode === 'primal' ? await primalRollouts(policy, pool, batch as Problem[], cfg, bSeed) : await judgmentRollouts(policy, pool, batch as GroupRecord[], byId, cfg, bSeed);
        sampleSeconds = (performance.now() - ts) / 1000;
        scores = r.scores;
        if (r.groups.length) await opts.store.append(ROLLOUTS_FILE, r.groups.map((g) => JSON.stringify(g.record) + '\n').join(''));
        if (r.groups.length) reports.push(...(await grpoUpdates(policy, r.groups, cfg)));
        else emit({ type: 'log', message: `epoch ${epoch + 1} batch ${b + 1}: no group left to train on (on-policy candidates all passed or all failed or held one without a program, or every prompt too long); skipped` });
      }
      if (scores.tooLong) {
        emit({ type: 'log', message: `epoch ${epoch + 1} batch ${b + 1}: ${scores.tooLong} group(s) left out: the prompt and its new tokens do not fit the model's ${policy.cfg.maxPositions} positions (lower train.maxNewTokens or dataset.maxNewTokens, or use a model with a longer context)` });
      }
      const updateSeconds = (performance.now() - ts) / 1000 - sampleSeconds;
      reports.forEach((rep, i) => {
        const m: TrainStepMetrics = {
          step: rep.step,
          epoch,
          batch: b,
          ppoEpoch: t.mode === 'sft' ? 0 : Math.floor(i / Math.max(1, reports.length / t.ppoEpochs)),
          lr: rep.lr,
          reward: scores.rewards.length ? mean(scores.rewards) : NaN,
          rewardStd: scores.rewardStd,
          malformed: scores.malformed,
          loss: rep.loss,
          kl: rep.meanKl ?? NaN,
          clipFraction: rep.clipFraction ?? NaN,
          gradNorm: rep.gradNorm,
          tokensPerSecond: rep.tokensPerSecond,
          sampleSeconds,
          updateSeconds,
          applied: rep.applied,
        };
        steps.push(m);
        emit({ type: 'train-step', metrics: m });
      });
      for (const m of steps.slice(steps.length - reports.length)) await appendMetric(opts.store, 'train-step', { ...m });
      state = { ...state, step: policy.trainer.opt.step, epoch, batch: b + 1 };
      doneBatches++;
      emit({ type: 'progress', progress: { ...progressOf('train', 'batches', doneBatches - firstBatch, totalBatches - firstBatch, start, `epoch ${epoch + 1}/${t.dataEpochs}, step ${state.step}`), done: doneBatches, total: totalBatches } });
      if (t.validateEvery > 0 && state.step - lastValidated >= t.validateEvery) await validate();
      if (t.checkpointEvery > 0 && state.step - lastSaved >= t.checkpointEvery && doneBatches < totalBatches) await checkpoint();
    }
    state = { ...state, epoch: epoch + 1, batch: 0 };
  }
  if (lastValidated !== state.step || validations.length === 0) await validate();
  state = { ...state, complete: true };
  await checkpoint();
  return { complete: true, state, steps, validations };
}

const mean = (xs: readonly number[]) => xs.reduce((a, x) => a + x, 0) / xs.length;
const std = (xs: readonly number[]) => {
  const m = mean(xs);
  return Math.sqrt(mean(xs.map((x) => (x - m) ** 2)));
};

/** One group's rollouts, ready for the GRPO loss. */
interface ScoredGroup {
  rollouts: Rollout[];
  advantages: number[];
  /** What rollouts.jsonl keeps of it (the explorer shows training judgments from it). */
  record: RolloutRecord;
}

/** One line of rollouts.jsonl: a group's (or, primal, a problem's) sampled responses in one batch. */
export interface RolloutRecord {
  group_id: string;
  /** Optimiser steps applied before these were sampled. */
  step: number;
  mode: RunConfig['train']['mode'];
  responses: string[];
  rankings?: (number[] | null)[];
  rewards: number[];
  advantages: number[];
  labels?: number[];
  /** On-policy: the freshly sampled candidates shown to the judge. */
  codes?: string[];
}

export const ROLLOUTS_FILE = 'rollouts.jsonl';

/**
 * The loss settings of the run. Dr. GRPO divides by B · the generation budget (a constant, as
 * in its paper): the judgments' train.maxNewTokens, or dataset.maxNewTokens for primal programs.
 */
function grpoSettings(cfg: RunConfig): GrpoSettings {
  const t = cfg.train;
  const budget = t.mode === 'primal' ? cfg.dataset.maxNewTokens : t.maxNewTokens;
  return { epsLow: t.clipLow, epsHigh: t.clipHigh, ...(t.dualClip > 0 ? { dualClip: t.dualClip } : {}), klBeta: t.beta, aggregation: t.aggregation, ...(t.aggregation === 'dr-grpo' ? { maxLen: budget } : {}) };
}

/** Samples `messages` in generation batches; keys make each sample independent of the batching. */
async function sampleAll(policy: Policy, messages: readonly string[], cfg: RunConfig, s: { seed: number; maxNewTokens: number }): Promise<Rollout[]> {
  const out: Rollout[] = [];
  const n = cfg.dataset.generationBatch;
  const t = cfg.train;
  for (let at = 0; at < messages.length; at += n) {
    const chunk = messages.slice(at, at + n);
    out.push(...(await policy.sample(chunk, { temperature: t.temperature, topP: t.topP, topK: t.topK, maxNewTokens: s.maxNewTokens, seed: s.seed, keys: chunk.map((_, i) => at + i) })));
  }
  return out;
}

async function judgmentRollouts(policy: Policy, pool: SandboxPool, batch: readonly GroupRecord[], byId: ReadonlyMap<string, Problem>, cfg: RunConfig, seed: number): Promise<{ groups: ScoredGroup[]; scores: BatchScores }> {
  const t = cfg.train;
  let shown = batch.map((g) => ({ id: g.id, question: g.question, codes: g.codes, labels: g.labels }));
  if (t.mode === 'on-policy') shown = await freshCandidates(policy, pool, batch, byId, cfg, deriveSeed(seed, 'candidates'));
  const step = policy.trainer.opt.step;
  const G = t.rollouts;
  const messages = shown.flatMap((g) => Array.from({ length: G }, () => judgmentPrompt(g.question, g.codes)));
  const rollouts = await sampleAll(policy, messages, cfg, { seed: deriveSeed(seed, 'judgments'), maxNewTokens: t.maxNewTokens });
  const groups: ScoredGroup[] = [];
  const rewards: number[] = [];
  const stds: number[] = [];
  let malformed = 0;
  let tooLong = 0;
  shown.forEach((g, i) => {
    const rs = rollouts.slice(i * G, (i + 1) * G);
    // The G rollouts share one prompt: all or none of them were sampled.
    if (rs.some((r) => r.tooLong)) return void tooLong++;
    const s = scoreJudgmentRollouts(rs.map((r) => r.text), g.labels, t);
    rewards.push(...s.rewards);
    stds.push(std(s.rewards));
    malformed += s.malformedRate * G;
    const record: RolloutRecord = { group_id: g.id, step, mode: t.mode, responses: rs.map((r) => r.text), rankings: s.rankings, rewards: s.rewards, advantages: s.advantages, labels: g.labels, ...(t.mode === 'on-policy' ? { codes: g.codes } : {}) };
    groups.push({ rollouts: rs, advantages: s.advantages, record });
  });
  return { groups, scores: { rewards, rewardStd: stds.length ? mean(stds) : NaN, malformed: rewards.length ? malformed / rewards.length : NaN, tooLong } };
}

/**
 * On-policy ranking: K new candidates per group's problem from the current policy; only mixed
 * groups are kept, and (dataset.dropNoCode, as phase 1 drops them) none with a candidate whose
 * program could not be extracted: an empty block would be an easy failure to rank last.
 */
async function freshCandidates(policy: Policy, pool: SandboxPool, batch: readonly GroupRecord[], byId: ReadonlyMap<string, Problem>, cfg: RunConfig, seed: number) {
  const K = cfg.dataset.groupSize;
  const problems = batch.map((g) => byId.get(g.problem_id)!);
  const messages = problems.flatMap((p) => Array.from({ length: K }, () => generationPrompt(p, { thinking: cfg.model.thinking })));
  const n = cfg.dataset.generationBatch;
  const texts: string[] = [];
  for (let at = 0; at < messages.length; at += n) {
    const chunk = messages.slice(at, at + n);
    const d = cfg.dataset;
    texts.push(...(await policy.sample(chunk, { temperature: d.temperature, topP: d.topP, topK: d.topK, maxNewTokens: d.maxNewTokens, seed, keys: chunk.map((_, i) => at + i) })).map((r) => r.text));
  }
  const responses = texts.map((response, i) => ({ problem: problems[Math.floor(i / K)]!, response, index: i }));
  async function* source() {
    yield* responses;
  }
  const { records } = await labelAll(pool, source(), { labels: cfg.dataset.labels, maxPending: cfg.dataset.labelQueue, limits: sandboxLimits(cfg.sandbox) });
  const byIndex = new Map(records.map((r) => [r.index, r]));
  return batch.flatMap((g, gi) => {
    const cs = Array.from({ length: K }, (_, j) => byIndex.get(gi * K + j)!);
    if (!isFreshGroup(cs, cfg.dataset.dropNoCode)) return [];
    return [{ id: g.id, question: g.question, codes: cs.map((c) => c.code ?? ''), labels: cs.map((c) => c.label) }];
  });
}

/** Primal GRPO: G programs per problem, reward 1 iff the program passes every test. */
async function primalRollouts(policy: Policy, pool: SandboxPool, batch: readonly Problem[], cfg: RunConfig, seed: number): Promise<{ groups: ScoredGroup[]; scores: BatchScores }> {
  const G = cfg.train.rollouts;
  const messages = batch.flatMap((p) => Array.from({ length: G }, () => generationPrompt(p, { thinking: cfg.model.thinking })));
  const rollouts = await sampleAll(policy, messages, cfg, { seed: deriveSeed(seed, 'programs'), maxNewTokens: cfg.dataset.maxNewTokens });
  const results = await Promise.all(
    rollouts.map((r, i) => {
      const code = extractCode(r.text);
      const problem = batch[Math.floor(i / G)]!;
      return code.code === null ? Promise.resolve({ status: 'no_code' as const }) : pool.run(problem, code.code, sandboxLimits(cfg.sandbox));
    }),
  );
  const groups: ScoredGroup[] = [];
  const rewards: number[] = [];
  const stds: number[] = [];
  const step = policy.trainer.opt.step;
  let tooLong = 0;
  batch.forEach((p, i) => {
    const rs = rollouts.slice(i * G, (i + 1) * G);
    if (rs.some((r) => r.tooLong)) return void tooLong++;
    const s = scorePrimalRollouts(results.slice(i * G, (i + 1) * G), cfg.train);
    rewards.push(...s.rewards);
    stds.push(std(s.rewards));
    groups.push({ rollouts: rs, advantages: s.advantages, record: { group_id: `${p.id}#primal`, step, mode: 'primal', responses: rs.map((r) => r.text), rewards: s.rewards, advantages: s.advantages } });
  });
  return { groups, scores: { rewards, rewardStd: stds.length ? mean(stds) : NaN, malformed: NaN, tooLong } };
}

/** The GRPO updates of one batch: ppoEpochs × mini-batches of groups, old log-probs frozen first. */
async function grpoUpdates(policy: Policy, groups: readonly ScoredGroup[], cfg: RunConfig): Promise<StepReport[]> {
  const t = cfg.train;
  const settings = grpoSettings(cfg);
  const examples = (gs: readonly ScoredGroup[]): GrpoExample[] => gs.flatMap((g) => g.rollouts.map((r, i) => ({ prompt: r.prompt, completion: r.completion, advantage: g.advantages[i]! })));
  const all = examples(groups);
  const ref = await policy.referenceLogProbs(all);
  const mbs = miniBatches(groups, t.miniBatchGroups);
  if (t.ppoEpochs === 1 && mbs.length === 1) {
    return policy.trainer.grpoStep(all.map((e, i) => (ref ? { ...e, logpRef: ref[i]! } : e)), settings);
  }
  // Several updates per batch: π_old is the sampling policy for all of them.
  const old = await policy.trainer.completionLogProbs(all);
  const frozen = all.map((e, i) => ({ ...e, logpOld: old[i]!, ...(ref ? { logpRef: ref[i]! } : {}) }));
  const reports: StepReport[] = [];
  for (let epoch = 0; epoch < t.ppoEpochs; epoch++) {
    let at = 0;
    for (const mb of mbs) {
      const n = mb.reduce((a, g) => a + g.rollouts.length, 0);
      reports.push(...(await policy.trainer.grpoStep(frozen.slice(at, at + n), settings)));
      at += n;
    }
  }
  return reports;
}

/** SFT baseline: the judgment prompt → a correct ranking, then end of turn. */
function sftExample(policy: Policy, g: GroupRecord) {
  const completion = [...policy.tok.encode(sftTargetText(g.labels)), policy.eos[0]!];
  return { prompt: policy.promptIds(judgmentPrompt(g.question, g.codes)), completion };
}

/**
 * The model ranks every validation group once (eval sampling settings, a fixed seed so points
 * compare). A group whose prompt does not fit the model's context gets no ranking: malformed.
 */
async function validation(policy: Policy, val: readonly GroupRecord[], cfg: RunConfig, step: number): Promise<ValidationMetrics> {
  const e = cfg.eval;
  const messages = val.map((g) => judgmentPrompt(g.question, g.codes));
  const seed = deriveSeed(phaseSeed(cfg, 'train'), 'validation');
  const texts: string[] = [];
  const n = cfg.dataset.generationBatch;
  for (let at = 0; at < messages.length; at += n) {
    const chunk = messages.slice(at, at + n);
    texts.push(...(await policy.sample(chunk, { temperature: e.temperature, topP: e.topP, topK: e.topK, maxNewTokens: e.judgeMaxNewTokens, seed, keys: chunk.map((_, i) => at + i) })).map((r) => r.text));
  }
  let ndcg = 0;
  let pa = 0;
  let bad = 0;
  val.forEach((g, i) => {
    const s = scoreJudgmentRollouts([texts[i]!], g.labels, { ...cfg.train, reward: 'pairacc' });
    const ranking = s.rankings[0] ?? null;
    ndcg += evalNdcg(ranking, g.labels, e.malformed);
    if (ranking) pa += pairAcc(ranking, g.labels);
    else bad++;
  });
  return { step, ndcg: ndcg / val.length, pairAcc: pa / val.length, malformed: bad / val.length, groups: val.length };
}

// ---- checkpoints -------------------------------------------------------------------------

/** The parts of the config a checkpoint must agree with to be continued. */
function fingerprint(cfg: RunConfig): string {
  return JSON.stringify({ seed: cfg.seed, model: cfg.model.id, revision: cfg.model.revision, dataset: cfg.dataset, train: { ...cfg.train, validateEvery: 0, checkpointEvery: 0, microBatch: 0, recompute: false } });
}

async function save(policy: Policy, cfg: RunConfig, opts: Phase2Options, state: TrainState, last: TrainStepMetrics | undefined): Promise<string> {
  const store = opts.checkpoints!;
  // The trained parameters (every weight, or LoRA's A and B) and AdamW's moments.
  const tensors: CheckpointTensor[] = [];
  const opt = policy.trainer.opt;
  const params = policy.trainer.model.trainableParams();
  for (let i = 0; i < params.length; i++) {
    const p = params[i]!;
    tensors.push({ name: `param/${p.name}`, dtype: 'f32', shape: [...p.param.shape], data: (await p.param.read()) as Float32Array });
    tensors.push({ name: `adam.m/${p.name}`, dtype: 'f32', shape: [opt.m[i]!.numel], data: (await opt.m[i]!.read()) as Float32Array });
    tensors.push({ name: `adam.v/${p.name}`, dtype: 'f32', shape: [opt.v[i]!.numel], data: (await opt.v[i]!.read()) as Float32Array });
  }
  const doc: Json = { kind: CHECKPOINT_KIND, fingerprint: fingerprint(cfg), optimizerStep: opt.step, state: { ...state } as unknown as Json };
  const metrics: Record<string, number> = {};
  if (last) for (const k of ['reward', 'loss', 'malformed'] as const) if (Number.isFinite(last[k])) metrics[k] = last[k];
  const s = await store.save({ tensors, doc }, { run: opts.runId, step: state.step, metrics, label: `${cfg.train.mode} · ${cfg.model.id}${state.complete ? ' · final' : ''}` });
  return s.id;
}

/** Loads the run's newest checkpoint into the policy; null when there is none. */
async function restore(policy: Policy, cfg: RunConfig, opts: Phase2Options): Promise<TrainState | null> {
  if (!opts.checkpoints) return null;
  const found = await opts.checkpoints.loadLatest(opts.runId);
  if (!found) return null;
  const { checkpoint } = found;
  const doc = checkpoint.doc as { kind?: string; fingerprint?: string; optimizerStep?: number; state?: TrainState };
  if (doc?.kind !== CHECKPOINT_KIND || !doc.state) throw new Error(`checkpoint ${checkpoint.manifest.id} of run ${opts.runId} is not a phase-2 checkpoint; delete it or start a new run`);
  if (doc.fingerprint !== fingerprint(cfg)) {
    throw new Error(`checkpoint ${checkpoint.manifest.id} was written with a different configuration (seed, model, dataset or training settings changed); resume with the run's own config.json, or start a new run`);
  }
  const byName = new Map(checkpoint.tensors.map((x) => [x.name, x.data as Float32Array]));
  const rec = policy.ctx.recorder('restore checkpoint');
  try {
    const opt = policy.trainer.opt;
    policy.trainer.model.trainableParams().forEach((p, i) => {
      rec.write(p.param, need(byName, `param/${p.name}`, p.param.numel));
      rec.write(opt.m[i]!, need(byName, `adam.m/${p.name}`, opt.m[i]!.numel));
      rec.write(opt.v[i]!, need(byName, `adam.v/${p.name}`, opt.v[i]!.numel));
    });
    opt.step = doc.optimizerStep ?? doc.state.step;
  } catch (e) {
    rec.abandon(e);
    throw e;
  }
  rec.submit();
  await policy.ctx.sync();
  // Steps logged after this checkpoint (the run died before the next one) are logged again.
  await dropMetricsAfter(opts.store, doc.state.step);
  opts.onEvent?.({ type: 'log', message: `resumed from checkpoint ${checkpoint.manifest.id} at step ${doc.state.step}` });
  return { ...doc.state, checkpoint: checkpoint.manifest.id };
}

function need(m: ReadonlyMap<string, Float32Array>, name: string, size: number): Float32Array {
  const d = m.get(name);
  if (!d || d.length !== size) throw new Error(`checkpoint: tensor "${name}" is ${d ? `${d.length} values, expected ${size}` : 'missing'}; the checkpoint does not belong to this model`);
  return d;
}

async function dropMetricsAfter(store: RunStore, step: number): Promise<void> {
  const lines = await readMetrics(store);
  const keep = lines.filter((l) => !((l.event === 'train-step' || l.event === 'validation') && typeof l.step === 'number' && l.step > step));
  if (keep.length !== lines.length) await store.write(RUN_FOLDER_FILES.metrics, keep.map((l) => JSON.stringify(l) + '\n').join(''));
  const rollouts = await store.read(ROLLOUTS_FILE);
  if (rollouts !== null) {
    const all = rollouts.split('\n').filter((l) => l.trim() !== '');
    const kept = all.filter((l) => (JSON.parse(l) as RolloutRecord).step < step);
    if (kept.length !== all.length) await store.write(ROLLOUTS_FILE, kept.map((l) => l + '\n').join(''));
  }
}
