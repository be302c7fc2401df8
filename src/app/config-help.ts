// One line per run-configuration field (src/dust/config.ts), shown beside each input in
// Setup, and the app's presets: a quick demo on the built-in toy model, the paper's
// defaults, and custom (whatever the user edits).
import { DEFAULT_CONFIG, type RunConfig } from '../dust/config';
import { PRESETS } from '../dust/presets';

export const SECTION_HELP: Record<string, string> = {
  run: 'Name and seed of the run.',
  model: 'Which language model is trained and evaluated.',
  problems: 'Programming problems with tests; some train, some are held out for evaluation.',
  sandbox: 'Where generated programs run: QuickJS in Web Workers, with limits.',
  dataset: 'Phase 1: sample candidate programs, run their tests, and group passing and failing ones.',
  train: 'Phase 2: GRPO on judgments — the model ranks each group and is rewarded for correct rankings.',
  eval: 'Phase 3: on held-out problems, generate candidates and let the model pick the best.',
};

export const FIELD_HELP: Record<string, string> = {
  name: 'A name for the run, shown in lists and reports.',
  seed: 'Root of every random stream: the same config and seed reproduce the run.',
  'model.id': 'The model: "dust-toy" (built in), a Hub id like Qwen/Qwen3-0.6B, or a picked folder.',
  'model.revision': 'Hub branch, tag or commit to download.',
  'model.dtype': 'How weight matrices are stored on the GPU: f32 (any GPU) or f16 (half the memory; needs shader-f16).',
  'model.thinking': 'Thinking models reason before answering; only the text after </think> counts.',
  'problems.set': 'builtin (hand-written JS problems), toy (generated tasks for the toy model), or an imported file.',
  'problems.format': 'File format of an imported set; auto guesses from the fields.',
  'problems.split': '"field": each problem says train or eval; "hash": a seeded share is held out.',
  'problems.evalFraction': 'Share of problems held out for evaluation when split is "hash".',
  'problems.maxTrainProblems': 'Use at most this many training problems (0 = all).',
  'problems.maxEvalProblems': 'Use at most this many evaluation problems (0 = all).',
  'sandbox.timeoutMs': 'Time limit in ms: per candidate program (all tests together) or per test, as timeoutPer says.',
  'sandbox.timeoutPer': '"candidate": one limit for all of a program\'s tests (a bounded wait); "test": each test its own limit (the paper\'s 10 s per test).',
  'sandbox.memoryBytes': 'Memory limit per candidate program (bytes).',
  'sandbox.maxTests': 'Run at most this many test cases per problem (paper: 50).',
  'sandbox.workers': 'Sandbox workers running tests in parallel (0 = CPU threads − 1).',
  'dataset.samples': 'M: candidate programs sampled per training problem (paper: 64).',
  'dataset.groupSize': 'K: candidates shown together in one judgment (paper: 4).',
  'dataset.temperature': 'Sampling temperature for candidates: higher = more varied programs.',
  'dataset.topP': 'Nucleus sampling: keep the smallest set of tokens with this total probability.',
  'dataset.topK': 'Keep only the K most likely tokens (0 = off).',
  'dataset.maxNewTokens': 'Longest candidate answer, in tokens.',
  'dataset.generationBatch': 'Sequences generated together on the GPU.',
  'dataset.labels': '"binary": pass/fail (paper); "pass-rate": share of tests passed.',
  'dataset.dropNoCode': 'Drop answers with no extractable program before grouping (paper).',
  'dataset.shuffleWithinGroups': 'Shuffle candidates inside a group so position carries no signal.',
  'dataset.validationFraction': 'Share of groups held out to validate the judge during training.',
  'dataset.labelQueue': 'Generation pauses when this many answers wait for the sandbox.',
  'train.mode': 'off-policy ranking (paper\'s best), on-policy ranking, primal (code with pass reward), or SFT on correct rankings.',
  'train.rollouts': 'G: judgments sampled per group; their rewards are compared with each other.',
  'train.batchGroups': 'Groups per batch of rollouts.',
  'train.miniBatchGroups': 'Groups per optimiser step inside a batch (must divide the batch).',
  'train.ppoEpochs': 'Optimisation passes over each batch of rollouts.',
  'train.dataEpochs': 'Passes over the whole judgment dataset.',
  'train.lr': 'Learning rate (paper: 1e-6; small models need more).',
  'train.warmupSteps': 'Steps over which the learning rate ramps up from 0.',
  'train.weightDecay': 'AdamW weight decay.',
  'train.beta': 'β: weight of the KL penalty that keeps the model near its start (0 = off).',
  'train.clipLow': 'PPO clip below 1 for the probability ratio.',
  'train.clipHigh': 'PPO clip above 1 for the probability ratio.',
  'train.dualClip': 'Dual-clip bound for negative advantages (0 = off).',
  'train.maxGradNorm': 'Gradients are scaled down to at most this norm (0 = off).',
  'train.reward': 'Judgment reward: pairacc (pairs ordered right), ndcg, or selection (top pick passes).',
  'train.formatPenalty': 'Reward of a ranking that cannot be parsed.',
  'train.advantageStd': 'How rewards are normalised within a group: unbiased std, population std, or none.',
  'train.advantageEpsilon': 'Added to the std so identical rewards do not divide by zero.',
  'train.aggregation': 'How token losses are averaged: per token, per sequence, or Dr. GRPO (divided by the generation budget, train.maxNewTokens).',
  'train.temperature': 'Sampling temperature for judgments (and primal programs) during training; GRPO scores them under the same temperature.',
  'train.topP': 'Nucleus sampling for judgments during training.',
  'train.topK': 'Top-K for judgments during training (0 = off).',
  'train.maxNewTokens': 'Longest judgment, in tokens.',
  'train.microBatch': 'Sequences per GPU pass; gradients accumulate, so only memory changes.',
  'train.recompute': 'Recompute activations in the backward pass: less memory, a bit slower.',
  'train.validateEvery': 'Rank the validation groups every this many steps (0 = only at the end).',
  'train.validationGroups': 'Validate on at most this many groups (0 = all).',
  'train.checkpointEvery': 'Save a checkpoint every this many steps (0 = only at the end and on pause).',
  'train.method': 'full: train every weight; lora: small adapters, far less memory.',
  'train.loraRank': 'LoRA adapter rank.',
  'train.loraAlpha': 'LoRA scale (alpha / rank multiplies the adapter).',
  'eval.repeats': 'R: evaluation repeats with offset seeds; results are mean ± std.',
  'eval.candidates': 'Candidates generated per problem and ranked by the judge (Best-of-k).',
  'eval.temperature': 'Sampling temperature in evaluation (paper: 0.6).',
  'eval.topP': 'Nucleus sampling in evaluation (paper: 0.95).',
  'eval.topK': 'Top-K in evaluation (paper: 20).',
  'eval.maxNewTokens': 'Longest candidate answer in evaluation.',
  'eval.judgeMaxNewTokens': 'Longest judgment in evaluation.',
  'eval.malformed': 'A malformed ranking counts as zero, or as the order 1..k.',
};

export const FIELD_CHOICES: Record<string, readonly string[]> = {
  'model.dtype': ['f32', 'f16'],
  'problems.format': ['auto', 'dust', 'humaneval-x', 'mbxp', 'multipl-e', 'lcb'],
  'problems.split': ['field', 'hash'],
  'sandbox.timeoutPer': ['candidate', 'test'],
  'dataset.labels': ['binary', 'pass-rate'],
  'train.mode': ['off-policy', 'on-policy', 'primal', 'sft'],
  'train.reward': ['pairacc', 'ndcg', 'selection'],
  'train.advantageStd': ['unbiased', 'population', 'none'],
  'train.aggregation': ['token-mean', 'seq-mean', 'dr-grpo'],
  'train.method': ['full', 'lora'],
  'eval.malformed': ['zero', 'first'],
};

export type AppPreset = 'demo' | 'paper' | 'custom';

export const PRESET_LABELS: Record<AppPreset, string> = {
  demo: 'Quick demo (toy model, minutes)',
  paper: "Paper defaults (hours on a real GPU)",
  custom: 'Custom',
};

/**
 * The quick demo is the CLI's default run (presets/toy.json, what `npm run dust -- run` does
 * with no config), so the app and the command line show the same numbers.
 */
export function presetDoc(p: Exclude<AppPreset, 'custom'>): Record<string, unknown> {
  const { $comment: _, ...doc } = structuredClone(p === 'demo' ? PRESETS.toy : PRESETS.paper) as Record<string, unknown>;
  return doc;
}

/** The fields of `cfg` that differ from the defaults, as a config document (compact links). */
export function diffDoc(cfg: RunConfig): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const base = DEFAULT_CONFIG as unknown as Record<string, unknown>;
  for (const [k, v] of Object.entries(cfg as unknown as Record<string, unknown>)) {
    if (typeof v === 'object' && v !== null) {
      const sec: Record<string, unknown> = {};
      for (const [f, x] of Object.entries(v)) if ((base[k] as Record<string, unknown>)[f] !== x) sec[f] = x;
      if (Object.keys(sec).length) out[k] = sec;
    } else if (base[k] !== v) out[k] = v;
  }
  return out;
}
