// The run configuration: one JSON document naming the model, the problem set and its split,
// and every parameter of the three phases. Defaults are the paper's choices (DUST-SPEC.md);
// where the paper is silent the authors' code decides, and the authors' divergences are
// settings (presets/authors.json). A document may start from a preset ("preset": "micro")
// and override any field. A run is reproducible from its resolved config: every random
// stream is derived from `seed` (phaseSeed).
import { ADVANTAGE_STDS } from './advantages';
import { REWARD_MODES } from './rewards';
import { deriveSeed } from './rng';
import { PRESETS, type PresetName } from './presets';
import type { RunLimits } from '../sandbox/types';

export interface RunConfig {
  /** Free text for reports and the run folder. */
  name: string;
  /** Root of every random stream of the run, an integer in [0, 2^32). */
  seed: number;
  model: {
    /** Hugging Face Hub id ("Qwen/Qwen3-0.6B") or a local model folder. Required. */
    id: string;
    /** Hub revision (branch, tag or commit). */
    revision: string;
    /** Storage type of the weight matrices on the GPU. */
    dtype: 'f32' | 'f16';
    /** Thinking model: reasons before answering; only text after the last </think> counts. */
    thinking: boolean;
  };
  problems: {
    /** "builtin" or a problem file (any format src/problems/load.ts reads). */
    set: string;
    format: 'auto' | 'dust' | 'humaneval-x' | 'mbxp' | 'multipl-e' | 'lcb';
    /** "field": each problem's `split` (built-in set); "hash": seeded hash of the id. */
    split: 'field' | 'hash';
    /** Share of problems held out for evaluation when split = "hash". */
    evalFraction: number;
    /** Use at most this many training problems (0 = all). */
    maxTrainProblems: number;
    /** Use at most this many evaluation problems (0 = all). */
    maxEvalProblems: number;
  };
  sandbox: {
    /** Time limit, ms, per candidate (all tests together) or per test: see timeoutPer. */
    timeoutMs: number;
    /** "candidate": one limit for all tests (a bounded wait per program); "test": the paper's, each test its own. */
    timeoutPer: 'candidate' | 'test';
    memoryBytes: number;
    /** Paper: at most 50 tests per problem. */
    maxTests: number;
    /** Sandbox workers (0 = hardware threads − 1). */
    workers: number;
  };
  /** Phase 1: the judgment dataset. */
  dataset: {
    /** M: candidates sampled per training problem (paper 64). */
    samples: number;
    /** K: candidates per group (paper 4). */
    groupSize: number;
    temperature: number;
    topP: number;
    /** 0 = off. */
    topK: number;
    maxNewTokens: number;
    /** Sequences generated together on the GPU. */
    generationBatch: number;
    /** "binary" (paper) or "pass-rate" (authors' code). */
    labels: 'binary' | 'pass-rate';
    /** Drop empty responses and failed extractions before grouping (paper). */
    dropNoCode: boolean;
    /** Seeded shuffle inside each group so position carries no signal (beyond the paper). */
    shuffleWithinGroups: boolean;
    /** Share of groups held out for validation (authors: 0.1). */
    validationFraction: number;
    /** Responses waiting for or in the sandbox before generation is paused. */
    labelQueue: number;
  };
  /** Phase 2: GRPO on judgment responses (or the baselines). */
  train: {
    /** off-policy ranking (paper's best), on-policy ranking, primal (generation, binary pass reward), sft. */
    mode: 'off-policy' | 'on-policy' | 'primal' | 'sft';
    /** G: judgment responses per group. */
    rollouts: number;
    /** Groups per batch. */
    batchGroups: number;
    /** Groups per optimiser step inside a batch. */
    miniBatchGroups: number;
    /** Optimisation ("PPO") epochs per batch. */
    ppoEpochs: number;
    /** Passes over the dataset. */
    dataEpochs: number;
    lr: number;
    warmupSteps: number;
    weightDecay: number;
    /** KL β (0 = off, the authors' code). */
    beta: number;
    clipLow: number;
    clipHigh: number;
    /** Dual-clip c for negative advantages (0 = off; authors: 10). */
    dualClip: number;
    maxGradNorm: number;
    reward: 'pairacc' | 'ndcg' | 'selection';
    formatPenalty: number;
    advantageStd: 'unbiased' | 'population' | 'none';
    advantageEpsilon: number;
    aggregation: 'token-mean' | 'seq-mean' | 'dr-grpo';
    temperature: number;
    topP: number;
    topK: number;
    maxNewTokens: number;
    /** Sequences per GPU forward/backward; gradients accumulate, so the maths does not change (memory does). */
    microBatch: number;
    /** Recompute each layer's activations in the backward (less memory, ~1 more forward of compute). */
    recompute: boolean;
    /** Rank the validation groups every this many optimiser steps (0 = only at the end). */
    validateEvery: number;
    /** Validate on at most this many validation groups (0 = all). */
    validationGroups: number;
    /** Save a checkpoint after the batch that crosses every this many optimiser steps (0 = only at the end and on stop). */
    checkpointEvery: number;
    /** Full fine-tuning or LoRA adapters. */
    method: 'full' | 'lora';
    loraRank: number;
    loraAlpha: number;
  };
  /** Phase 3: evaluation on held-out problems. */
  eval: {
    /** R: repeats, seeds offset per repeat (paper 10). */
    repeats: number;
    /** Candidates generated and ranked per problem (paper 4). */
    candidates: number;
    temperature: number;
    topP: number;
    topK: number;
    maxNewTokens: number;
    judgeMaxNewTokens: number;
    /** How a malformed ranking counts: "zero" (NDCG 0, its pick fails) or "first" (candidate 1 order). */
    malformed: 'zero' | 'first';
  };
}

export const DEFAULT_CONFIG: RunConfig = {
  name: 'dust',
  seed: 0,
  model: { id: '', revision: 'main', dtype: 'f32', thinking: false },
  problems: { set: 'builtin', format: 'auto', split: 'field', evalFraction: 0.2, maxTrainProblems: 0, maxEvalProblems: 0 },
  sandbox: { timeoutMs: 10_000, timeoutPer: 'candidate', memoryBytes: 512 * 1024 * 1024, maxTests: 50, workers: 0 },
  dataset: {
    samples: 64,
    groupSize: 4,
    temperature: 1,
    topP: 1,
    topK: 0,
    maxNewTokens: 32768,
    generationBatch: 8,
    labels: 'binary',
    dropNoCode: true,
    shuffleWithinGroups: true,
    validationFraction: 0.1,
    labelQueue: 256,
  },
  train: {
    mode: 'off-policy',
    rollouts: 8,
    batchGroups: 64,
    miniBatchGroups: 16,
    ppoEpochs: 3,
    dataEpochs: 3,
    lr: 1e-6,
    warmupSteps: 10,
    weightDecay: 0.1,
    beta: 0.001,
    clipLow: 0.2,
    clipHigh: 0.2,
    dualClip: 0,
    maxGradNorm: 1,
    reward: 'pairacc',
    formatPenalty: -1,
    advantageStd: 'unbiased',
    advantageEpsilon: 1e-6,
    aggregation: 'token-mean',
    temperature: 1,
    topP: 1,
    topK: 0,
    maxNewTokens: 32768,
    microBatch: 8,
    recompute: false,
    validateEvery: 10,
    validationGroups: 64,
    checkpointEvery: 10,
    method: 'full',
    loraRank: 8,
    loraAlpha: 16,
  },
  eval: { repeats: 10, candidates: 4, temperature: 0.6, topP: 0.95, topK: 20, maxNewTokens: 32768, judgeMaxNewTokens: 32768, malformed: 'zero' },
};

export class ConfigError extends Error {
  constructor(
    /** Dotted path of the offending field, e.g. "train.rollouts" ("" for the whole document). */
    readonly field: string,
    message: string,
  ) {
    super(field ? `config field "${field}": ${message}` : `config: ${message}`);
    this.name = 'ConfigError';
  }
}

type Rule =
  | { t: 'int'; min: number; max?: number }
  | { t: 'num'; min?: number; max?: number; above?: number }
  | { t: 'enum'; values: readonly string[] }
  | { t: 'bool' }
  | { t: 'str'; nonEmpty?: boolean };

const int = (min: number, max?: number): Rule => ({ t: 'int', min, max });
const num = (o: { min?: number; max?: number; above?: number } = {}): Rule => ({ t: 'num', ...o });
const oneOf = (values: readonly string[]): Rule => ({ t: 'enum', values });
const bool: Rule = { t: 'bool' };
const str: Rule = { t: 'str' };
const prob: Rule = num({ above: 0, max: 1 });

const RULES: { [S in keyof RunConfig]: RunConfig[S] extends object ? { [F in keyof RunConfig[S]]: Rule } : Rule } = {
  name: str,
  seed: int(0, 2 ** 32 - 1),
  model: { id: { t: 'str', nonEmpty: true }, revision: { t: 'str', nonEmpty: true }, dtype: oneOf(['f32', 'f16']), thinking: bool },
  problems: {
    set: { t: 'str', nonEmpty: true },
    format: oneOf(['auto', 'dust', 'humaneval-x', 'mbxp', 'multipl-e', 'lcb']),
    split: oneOf(['field', 'hash']),
    evalFraction: num({ above: 0, max: 0.9 }),
    maxTrainProblems: int(0),
    maxEvalProblems: int(0),
  },
  sandbox: { timeoutMs: int(1), timeoutPer: oneOf(['candidate', 'test']), memoryBytes: int(1024 * 1024), maxTests: int(1), workers: int(0, 64) },
  dataset: {
    samples: int(2),
    groupSize: int(2, 64),
    temperature: num({ min: 0 }),
    topP: prob,
    topK: int(0),
    maxNewTokens: int(1),
    generationBatch: int(1),
    labels: oneOf(['binary', 'pass-rate']),
    dropNoCode: bool,
    shuffleWithinGroups: bool,
    validationFraction: num({ min: 0, max: 0.9 }),
    labelQueue: int(1),
  },
  train: {
    mode: oneOf(['off-policy', 'on-policy', 'primal', 'sft']),
    rollouts: int(2),
    batchGroups: int(1),
    miniBatchGroups: int(1),
    ppoEpochs: int(1),
    dataEpochs: int(1),
    lr: num({ above: 0, max: 1 }),
    warmupSteps: int(0),
    weightDecay: num({ min: 0 }),
    beta: num({ min: 0 }),
    clipLow: num({ above: 0, max: 1 }),
    clipHigh: num({ above: 0 }),
    dualClip: num({ min: 0 }),
    maxGradNorm: num({ min: 0 }),
    reward: oneOf(REWARD_MODES),
    formatPenalty: num({ max: 0 }),
    advantageStd: oneOf(ADVANTAGE_STDS),
    advantageEpsilon: num({ min: 0 }),
    aggregation: oneOf(['token-mean', 'seq-mean', 'dr-grpo']),
    temperature: num({ min: 0 }),
    topP: prob,
    topK: int(0),
    maxNewTokens: int(1),
    microBatch: int(1),
    recompute: bool,
    validateEvery: int(0),
    validationGroups: int(0),
    checkpointEvery: int(0),
    method: oneOf(['full', 'lora']),
    loraRank: int(1),
    loraAlpha: num({ above: 0 }),
  },
  eval: {
    repeats: int(1),
    candidates: int(2, 64),
    temperature: num({ min: 0 }),
    topP: prob,
    topK: int(0),
    maxNewTokens: int(1),
    judgeMaxNewTokens: int(1),
    malformed: oneOf(['zero', 'first']),
  },
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function describe(v: unknown): string {
  return typeof v === 'string' ? `"${v}"` : JSON.stringify(v) ?? String(v);
}

function closest(name: string, options: string[]): string {
  const lower = name.toLowerCase();
  const hit = options.find((o) => o.toLowerCase() === lower) ?? options.find((o) => o.toLowerCase().startsWith(lower.slice(0, 3)));
  return hit ? ` (did you mean "${hit}"?)` : ` (known: ${options.join(', ')})`;
}

function checkValue(field: string, rule: Rule, v: unknown): void {
  const fail = (what: string) => {
    throw new ConfigError(field, `must be ${what}, got ${describe(v)}`);
  };
  switch (rule.t) {
    case 'int':
      if (typeof v !== 'number' || !Number.isInteger(v) || v < rule.min || (rule.max !== undefined && v > rule.max)) fail(`an integer ≥ ${rule.min}${rule.max !== undefined ? ` and ≤ ${rule.max}` : ''}`);
      return;
    case 'num': {
      const bounds = [rule.above !== undefined ? `> ${rule.above}` : '', rule.min !== undefined ? `≥ ${rule.min}` : '', rule.max !== undefined ? `≤ ${rule.max}` : ''].filter(Boolean).join(' and ');
      if (
        typeof v !== 'number' ||
        !Number.isFinite(v) ||
        (rule.above !== undefined && v <= rule.above) ||
        (rule.min !== undefined && v < rule.min) ||
        (rule.max !== undefined && v > rule.max)
      ) {
        fail(`a number${bounds ? ` ${bounds}` : ''}`);
      }
      return;
    }
    case 'enum':
      if (typeof v !== 'string' || !rule.values.includes(v)) fail(`one of ${rule.values.map((x) => `"${x}"`).join(', ')}`);
      return;
    case 'bool':
      if (typeof v !== 'boolean') fail('true or false');
      return;
    case 'str':
      if (typeof v !== 'string' || (rule.nonEmpty && v.trim() === '')) fail(rule.nonEmpty ? 'a non-empty string' : 'a string');
      return;
  }
}

/** Overlays `doc` (already known to be an object) on `base`, checking every field it sets. */
function overlay(base: RunConfig, doc: Record<string, unknown>, where: string): RunConfig {
  const out = structuredClone(base) as unknown as Record<string, unknown>;
  const rules = RULES as unknown as Record<string, Rule | Record<string, Rule>>;
  for (const [key, value] of Object.entries(doc)) {
    if (key === 'preset' || key === '$comment') continue;
    const rule = rules[key];
    if (!rule) throw new ConfigError(key, `unknown field${where}${closest(key, Object.keys(rules))}`);
    if ('t' in rule) {
      checkValue(key, rule as Rule, value);
      out[key] = value;
      continue;
    }
    if (!isObject(value)) throw new ConfigError(key, `must be an object with fields ${Object.keys(rule).join(', ')}, got ${describe(value)}`);
    const section = out[key] as Record<string, unknown>;
    for (const [f, v] of Object.entries(value)) {
      const r = (rule as Record<string, Rule>)[f];
      if (!r) throw new ConfigError(`${key}.${f}`, `unknown field${where}${closest(f, Object.keys(rule))}`);
      checkValue(`${key}.${f}`, r, v);
      section[f] = v;
    }
  }
  return out as unknown as RunConfig;
}

/** Checks that involve several fields, after defaults and overrides are merged. */
function checkWhole(c: RunConfig): void {
  if (c.model.id.trim() === '') throw new ConfigError('model.id', 'is required: a Hugging Face Hub id (e.g. "Qwen/Qwen3-0.6B") or a local model folder');
  if (c.dataset.groupSize > c.dataset.samples) throw new ConfigError('dataset.groupSize', `K = ${c.dataset.groupSize} is larger than dataset.samples M = ${c.dataset.samples}: no group could be formed`);
  if (c.train.miniBatchGroups > c.train.batchGroups || c.train.batchGroups % c.train.miniBatchGroups !== 0) {
    throw new ConfigError('train.miniBatchGroups', `must divide train.batchGroups (${c.train.batchGroups}), got ${c.train.miniBatchGroups}`);
  }
  // What the GRPO loss cannot take (src/kernels/grpo_loss.ts), said before phase 1 runs; SFT
  // runs never read these, so their older configs keep loading.
  if (c.train.mode !== 'sft') {
    if (!(c.train.clipLow < 1)) throw new ConfigError('train.clipLow', `must be below 1 (the ratio's lower clip is 1 − clipLow), got ${c.train.clipLow}`);
    // dual-clip caps the loss of A < 0 at −c·A, which must lie above the clipped loss: c > 1
    if (c.train.dualClip !== 0 && !(c.train.dualClip > 1)) throw new ConfigError('train.dualClip', `must be 0 (off) or greater than 1 (the authors use 10), got ${c.train.dualClip}`);
  }
}

export function isPresetName(name: string): name is PresetName {
  return Object.hasOwn(PRESETS, name);
}

/**
 * The full, validated configuration for a JSON document: defaults, then the document's
 * "preset" (if any), then the document's own fields. Throws ConfigError naming the field.
 */
export function resolveConfig(doc: unknown): RunConfig {
  if (!isObject(doc)) throw new ConfigError('', `the run configuration must be a JSON object, got ${describe(doc)}`);
  let base = DEFAULT_CONFIG;
  if (doc.preset !== undefined) {
    const p = doc.preset;
    if (typeof p !== 'string' || !isPresetName(p)) throw new ConfigError('preset', `unknown preset ${describe(p)}: use one of ${Object.keys(PRESETS).join(', ')}`);
    base = overlay(DEFAULT_CONFIG, PRESETS[p] as Record<string, unknown>, ` in preset "${p}"`);
  }
  const config = overlay(base, doc, '');
  checkWhole(config);
  return config;
}

/** Parses and resolves a configuration file's text; JSON errors become ConfigError. */
export function parseConfig(text: string): RunConfig {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new ConfigError('', `not valid JSON (${(e as Error).message}); write the configuration as one JSON object`);
  }
  return resolveConfig(doc);
}

export type Phase = 'dataset' | 'train' | 'eval';

/** The seed of one phase (and one evaluation repeat), derived from the run seed. */
export function phaseSeed(config: Pick<RunConfig, 'seed'>, phase: Phase, repeat = 0): number {
  return deriveSeed(config.seed, phase, repeat);
}

/** The sandbox limits a run's candidates get (phases 1–3, the CLI's pool, the app's). */
export function sandboxLimits(s: RunConfig['sandbox']): RunLimits {
  return { timeoutMs: s.timeoutMs, timeoutPer: s.timeoutPer, memoryBytes: s.memoryBytes };
}

