// GPU memory estimate for training (and the generation that feeds it), before anything is
// allocated: WebGPU reports no VRAM size, so the plan is checked against the adapter's
// buffer limits and an optional budget the user sets. The plan is a list of the tensors
// the engine allocates, each sized as the runtime would (row shards of at most one
// binding, buffer-pool size classes), grouped by category. Refusals name the biggest
// consumer and the setting to change.
import { sizeClass } from '../gpu/buffer-pool';
import { formatBytes } from '../gpu/errors';
import type { ModelConfig } from '../model/config';

export type LoraTarget = 'q' | 'k' | 'v' | 'o' | 'gate' | 'up' | 'down';
export const LORA_TARGETS: readonly LoraTarget[] = ['q', 'k', 'v', 'o', 'gate', 'up', 'down'];

export type TrainMode =
  /**
   * Every weight trained: f32 master weights, f32 gradients, AdamW m and v (16 bytes per
   * parameter); f16Forward adds the f16 copy of the matrices the forward reads (AdamW's shadow).
   */
  | { kind: 'full'; f16Forward?: boolean }
  /** Frozen base (f32, or f16 matrices with shader-f16) plus f32 adapters A [r, in], B [out, r]. */
  | { kind: 'lora'; rank: number; targets: readonly LoraTarget[]; baseDType: 'f32' | 'f16' };

export type MemoryCategory = 'weights' | 'gradients' | 'optimizer' | 'activations' | 'kv-cache' | 'lm-head';
export const MEMORY_CATEGORIES: readonly MemoryCategory[] = ['weights', 'gradients', 'optimizer', 'activations', 'kv-cache', 'lm-head'];

export interface MemoryPlanInput {
  model: ModelConfig;
  mode: TrainMode;
  /** Sequences per micro-batch. */
  microBatch: number;
  /** Tokens per sequence (prompt + completion, padded). */
  seqLen: number;
  /**
   * Keep only each layer's input and recompute the layer in the backward (one layer's
   * activations live at a time) instead of keeping every layer's activations.
   */
  recompute: boolean;
  /** Vocabulary rows per LM-head chunk; default as src/kernels/lmhead.ts: ≤ 8192, ≤ 8M logits. */
  vocabChunk?: number;
  /**
   * GRPO at a sampling temperature other than 1: the LM head reads a scaled copy of the final
   * norm's output, and the backward a scaled copy of its gradient (two more [T, hidden]).
   */
  scaledLogits?: boolean;
  /** Sampling that feeds training (KV cache and last-position logits); omit for none. */
  generation?: { batch: number; maxTokens: number };
  limits: {
    maxBufferSize: number;
    maxStorageBufferBindingSize: number;
    /** Device memory the user allows (WebGPU does not report VRAM); omit to check limits only. */
    budgetBytes?: number;
  };
}

/** One tensor (or `count` identical ones) the engine allocates. */
export interface PlannedTensor {
  name: string;
  category: MemoryCategory;
  rows: number;
  rowLength: number;
  bytesPerElement: number;
  count: number;
  /** Weights and optimizer state may be split into row shards; activations must fit one binding. */
  shardable: boolean;
  /** Logical bytes, all copies. */
  bytes: number;
  /** Bytes the buffer pool hands out (per-shard size classes), all copies. */
  allocated: number;
  /** Largest single buffer of one copy. */
  largestBuffer: number;
}

export interface CategoryTotal {
  category: MemoryCategory;
  bytes: number;
  allocated: number;
  detail: string;
}

export interface MemoryPlan {
  input: MemoryPlanInput;
  tensors: PlannedTensor[];
  categories: CategoryTotal[];
  /** Allocated bytes over all categories. */
  total: number;
  /** Parameters of the model, and those trained (LoRA: adapter parameters). */
  parameters: number;
  trainedParameters: number;
  tokensPerMicroBatch: number;
  vocabChunk: number;
  largest: { name: string; bytes: number };
}

export type MemoryPlanErrorKind = 'setting' | 'binding' | 'budget';

/** A plan that cannot run; the message names the consumer and the setting to change. */
export class MemoryPlanError extends Error {
  constructor(
    readonly kind: MemoryPlanErrorKind,
    message: string,
    readonly category?: MemoryCategory,
    readonly bytes?: number,
    readonly limit?: number,
  ) {
    super(message);
    this.name = 'MemoryPlanError';
  }
}

const F32 = 4;
const F16 = 2;
/** Matches src/kernels/lmhead.ts: chunk ≤ 8192 rows and ≤ 8M logits. */
const MAX_CHUNK_ROWS = 8192;
const MAX_CHUNK_FLOATS = 1 << 23;

interface Linear {
  name: LoraTarget;
  out: number;
  in: number;
}

function linears(m: ModelConfig): Linear[] {
  const qDim = m.heads * m.headDim;
  const kvDim = m.kvHeads * m.headDim;
  return [
    { name: 'q', out: qDim, in: m.hidden },
    { name: 'k', out: kvDim, in: m.hidden },
    { name: 'v', out: kvDim, in: m.hidden },
    { name: 'o', out: m.hidden, in: qDim },
    { name: 'gate', out: m.intermediate, in: m.hidden },
    { name: 'up', out: m.intermediate, in: m.hidden },
    { name: 'down', out: m.hidden, in: m.intermediate },
  ];
}

interface ParamShape {
  name: string;
  rows: number;
  rowLength: number;
  /** Matrices may be stored f16 for a frozen LoRA base; norms and biases stay f32. */
  matrix: boolean;
  /** Tensors of this shape per model (one per layer for layer tensors). */
  count: number;
}

/** The model's weight tensors (per-layer ones once, with count = layers). */
export function modelParameterShapes(m: ModelConfig): ParamShape[] {
  const L = m.layers;
  const out: ParamShape[] = [{ name: 'embed', rows: m.vocabSize, rowLength: m.hidden, matrix: true, count: 1 }];
  for (const lin of linears(m)) out.push({ name: `layers.*.${lin.name}`, rows: lin.out, rowLength: lin.in, matrix: true, count: L });
  if (m.qkvBias) {
    out.push({ name: 'layers.*.q_bias', rows: 1, rowLength: m.heads * m.headDim, matrix: false, count: L });
    out.push({ name: 'layers.*.k_bias', rows: 1, rowLength: m.kvHeads * m.headDim, matrix: false, count: L });
    out.push({ name: 'layers.*.v_bias', rows: 1, rowLength: m.kvHeads * m.headDim, matrix: false, count: L });
  }
  if (m.qkNorm) {
    out.push({ name: 'layers.*.q_norm', rows: 1, rowLength: m.headDim, matrix: false, count: L });
    out.push({ name: 'layers.*.k_norm', rows: 1, rowLength: m.headDim, matrix: false, count: L });
  }
  out.push({ name: 'layers.*.input_norm', rows: 1, rowLength: m.hidden, matrix: false, count: L });
  out.push({ name: 'layers.*.post_norm', rows: 1, rowLength: m.hidden, matrix: false, count: L });
  out.push({ name: 'norm', rows: 1, rowLength: m.hidden, matrix: false, count: 1 });
  if (!m.tieEmbeddings) out.push({ name: 'lm_head', rows: m.vocabSize, rowLength: m.hidden, matrix: true, count: 1 });
  return out;
}

/** Parameters of the model (tied embeddings counted once). */
export function countParameters(m: ModelConfig): number {
  return modelParameterShapes(m).reduce((s, p) => s + p.rows * p.rowLength * p.count, 0);
}

/** Adapter parameters of LoRA with this rank and these targets. */
export function countLoraParameters(m: ModelConfig, rank: number, targets: readonly LoraTarget[]): number {
  return linears(m)
    .filter((l) => targets.includes(l.name))
    .reduce((s, l) => s + rank * (l.in + l.out) * m.layers, 0);
}

/**
 * Floats per token of one layer's activations that the backward reads (besides the
 * layer input x): the normed inputs and their rms, q/k/v after RoPE (and before the q/k
 * norm for Qwen3), the attention's log-sum-exp per head and its output, the residual
 * after attention, the MLP's gate, up and silu(gate)·up, and LoRA's x·A per target.
 */
export function layerActivationWidths(m: ModelConfig, mode: TrainMode): [string, number][] {
  const qDim = m.heads * m.headDim;
  const kvDim = m.kvHeads * m.headDim;
  const w: [string, number][] = [
    ['attn_norm', m.hidden],
    ['attn_rms', 1],
    ['q', qDim],
    ['k', kvDim],
    ['v', kvDim],
  ];
  if (m.qkNorm) w.push(['q_pre_norm', qDim], ['k_pre_norm', kvDim], ['qk_rms', m.heads + m.kvHeads]);
  w.push(['attn_lse', m.heads], ['attn_out', qDim], ['h', m.hidden], ['mlp_norm', m.hidden], ['mlp_rms', 1], ['gate', m.intermediate], ['up', m.intermediate], ['act', m.intermediate]);
  if (mode.kind === 'lora') for (const t of mode.targets) w.push([`lora_${t}_xa`, mode.rank]);
  return w;
}

/** Floats per token of the backward's gradient buffers (live for one layer at a time). */
export function backwardWorkspaceWidths(m: ModelConfig): [string, number][] {
  const qDim = m.heads * m.headDim;
  const kvDim = m.kvHeads * m.headDim;
  return [
    ['d_residual', 2 * m.hidden], // the running d x and the layer's contribution
    ['d_qkv', qDim + 2 * kvDim],
    ['d_attn_out', qDim],
    ['d_gate_up', 2 * m.intermediate],
    ['d_act', m.intermediate],
  ];
}

export function defaultVocabChunk(vocab: number, tokens: number): number {
  return Math.max(1, Math.min(MAX_CHUNK_ROWS, vocab, Math.floor(MAX_CHUNK_FLOATS / tokens)));
}

function checkInput(x: MemoryPlanInput): void {
  const bad = (msg: string): never => {
    throw new MemoryPlanError('setting', `Memory plan: ${msg}`);
  };
  const posInt = (v: number, what: string) => {
    if (!Number.isInteger(v) || v < 1) bad(`${what} must be a positive integer, got ${v}`);
  };
  posInt(x.microBatch, 'micro-batch');
  posInt(x.seqLen, 'sequence length');
  if (x.seqLen > x.model.maxPositions) bad(`sequence length ${x.seqLen} exceeds the model's ${x.model.maxPositions} positions; lower it`);
  if (x.vocabChunk !== undefined) posInt(x.vocabChunk, 'vocab-chunk size');
  if (x.generation) {
    posInt(x.generation.batch, 'generation batch');
    posInt(x.generation.maxTokens, 'generation max tokens');
  }
  if (x.mode.kind === 'lora') {
    posInt(x.mode.rank, 'LoRA rank');
    if (!x.mode.targets.length) bad(`LoRA needs at least one target (${LORA_TARGETS.join(', ')})`);
    for (const t of x.mode.targets) if (!LORA_TARGETS.includes(t)) bad(`LoRA target "${t}" is not one of ${LORA_TARGETS.join(', ')}`);
    if (new Set(x.mode.targets).size !== x.mode.targets.length) bad(`LoRA targets ${x.mode.targets.join(', ')} name a projection twice`);
    if (x.mode.baseDType !== 'f32' && x.mode.baseDType !== 'f16') bad(`LoRA base dtype "${x.mode.baseDType}" must be f32 or f16`);
  } else if (x.mode.kind !== 'full') bad(`mode "${(x.mode as { kind: string }).kind}" must be full or lora`);
  const l = x.limits;
  for (const [k, v] of [['maxBufferSize', l.maxBufferSize], ['maxStorageBufferBindingSize', l.maxStorageBufferBindingSize]] as const) posInt(v, k);
  if (l.budgetBytes !== undefined && !(l.budgetBytes > 0)) bad(`budget ${l.budgetBytes} must be a positive number of bytes`);
}

export function planMemory(input: MemoryPlanInput): MemoryPlan {
  checkInput(input);
  const { model: m, mode } = input;
  const T = input.microBatch * input.seqLen;
  const binding = Math.min(input.limits.maxStorageBufferBindingSize, input.limits.maxBufferSize);
  const tensors: PlannedTensor[] = [];
  const add = (name: string, category: MemoryCategory, rows: number, rowLength: number, bpe: number, count: number, shardable: boolean) => {
    if (count <= 0) return;
    tensors.push(sized({ name, category, rows, rowLength, bytesPerElement: bpe, count, shardable }, binding));
  };

  // Weights, gradients, optimizer state.
  const shapes = modelParameterShapes(m);
  const parameters = countParameters(m);
  let trainedParameters: number;
  if (mode.kind === 'full') {
    trainedParameters = parameters;
    for (const p of shapes) {
      add(p.name, 'weights', p.rows, p.rowLength, F32, p.count, true);
      add(`${p.name}.grad`, 'gradients', p.rows, p.rowLength, F32, p.count, true);
      add(`${p.name}.adam_m`, 'optimizer', p.rows, p.rowLength, F32, p.count, true);
      add(`${p.name}.adam_v`, 'optimizer', p.rows, p.rowLength, F32, p.count, true);
      if (mode.f16Forward && p.matrix) add(`${p.name}.f16`, 'weights', p.rows, p.rowLength, F16, p.count, true);
    }
  } else {
    trainedParameters = countLoraParameters(m, mode.rank, mode.targets);
    for (const p of shapes) add(p.name, 'weights', p.rows, p.rowLength, p.matrix && mode.baseDType === 'f16' ? F16 : F32, p.count, true);
    for (const lin of linears(m).filter((l) => mode.targets.includes(l.name))) {
      for (const [ab, rows, len] of [['A', mode.rank, lin.in], ['B', lin.out, mode.rank]] as const) {
        const name = `layers.*.${lin.name}.lora_${ab}`;
        add(name, 'weights', rows, len, F32, m.layers, true);
        add(`${name}.grad`, 'gradients', rows, len, F32, m.layers, true);
        add(`${name}.adam_m`, 'optimizer', rows, len, F32, m.layers, true);
        add(`${name}.adam_v`, 'optimizer', rows, len, F32, m.layers, true);
      }
    }
  }

  // Activations kept for the backward, [T, width] f32 each.
  const layerWidths = layerActivationWidths(m, mode);
  add('layers.*.x', 'activations', T, m.hidden, F32, m.layers, false);
  for (const [name, w] of layerWidths) add(`layers.*.${name}`, 'activations', T, w, F32, input.recompute ? 1 : m.layers, false);
  add('final_x', 'activations', T, m.hidden, F32, 1, false);
  add('final_norm', 'activations', T, m.hidden, F32, 1, false);
  add('final_rms', 'activations', T, 1, F32, 1, false);
  if (input.scaledLogits) add('final_norm_scaled_and_grad', 'activations', T, m.hidden, F32, 2, false);
  for (const [name, w] of backwardWorkspaceWidths(m)) add(name, 'activations', T, w, F32, 1, false);

  // LM head: one chunk of logits (turned into dlogits in place by the fused backward),
  // per-token log-probs / logsumexp, and the loss inputs and gradient.
  const vocabChunk = input.vocabChunk ?? defaultVocabChunk(m.vocabSize, T);
  add('lm_head.logits_chunk', 'lm-head', T, Math.min(vocabChunk, m.vocabSize), F32, 1, false);
  add('lm_head.logp_lse', 'lm-head', T, 2, F32, 1, false);
  add('loss.logp_old_ref_mask_dlogp', 'lm-head', input.microBatch, input.seqLen, F32, 4, false);

  // Generation: a K and a V cache per layer, and last-position logits for sampling.
  if (input.generation) {
    const g = input.generation;
    add('kv_cache.k', 'kv-cache', g.batch * g.maxTokens, m.kvHeads * m.headDim, F32, m.layers, false);
    add('kv_cache.v', 'kv-cache', g.batch * g.maxTokens, m.kvHeads * m.headDim, F32, m.layers, false);
    add('sample.logits', 'lm-head', g.batch, m.vocabSize, F32, 1, false);
  }

  const plan = summarise(input, tensors, parameters, trainedParameters, T, vocabChunk);
  checkLimits(plan, binding);
  checkBudget(plan);
  return plan;
}

function sized(t: Omit<PlannedTensor, 'bytes' | 'allocated' | 'largestBuffer'>, binding: number): PlannedTensor {
  const rowBytes = t.rowLength * t.bytesPerElement;
  const one = t.rows * rowBytes;
  let allocated = 0;
  let largestBuffer = 0;
  if (t.shardable && one > binding && rowBytes <= binding) {
    // As planShards in src/gpu/tensor.ts: as many whole rows per shard as one binding holds.
    const perShard = Math.floor(binding / rowBytes);
    for (let r = 0; r < t.rows; r += perShard) {
      const b = Math.ceil((Math.min(perShard, t.rows - r) * rowBytes) / 4) * 4;
      allocated += sizeClass(b);
      largestBuffer = Math.max(largestBuffer, b);
    }
  } else {
    largestBuffer = Math.ceil(one / 4) * 4;
    allocated = sizeClass(largestBuffer);
  }
  return { ...t, bytes: one * t.count, allocated: allocated * t.count, largestBuffer };
}

function summarise(input: MemoryPlanInput, tensors: PlannedTensor[], parameters: number, trained: number, T: number, vocabChunk: number): MemoryPlan {
  const { model: m, mode } = input;
  const millions = (n: number) => `${(n / 1e6).toFixed(n < 1e7 ? 2 : 1)}M`;
  const detail: Record<MemoryCategory, string> = {
    weights:
      mode.kind === 'full'
        ? `${millions(parameters)} parameters, f32 master weights${mode.f16Forward ? ' + f16 copies of the matrices' : ''}`
        : `${millions(parameters)} base parameters (${mode.baseDType} matrices) + ${millions(trained)} LoRA (rank ${mode.rank}: ${mode.targets.join(',')}) f32`,
    gradients: `${millions(trained)} trained parameters, f32`,
    optimizer: `AdamW m and v, f32`,
    activations: `micro-batch ${input.microBatch} × ${input.seqLen} tokens, ${m.layers} layers, recomputation ${input.recompute ? 'on' : 'off'}`,
    'kv-cache': input.generation ? `${input.generation.batch} sequences × ${input.generation.maxTokens} tokens, f32` : 'no generation planned',
    'lm-head': `vocab chunk ${vocabChunk} of ${m.vocabSize} × ${T} tokens, loss buffers${input.generation ? ', sampling logits' : ''}`,
  };
  const categories = MEMORY_CATEGORIES.map((category) => {
    const ts = tensors.filter((t) => t.category === category);
    return { category, bytes: ts.reduce((s, t) => s + t.bytes, 0), allocated: ts.reduce((s, t) => s + t.allocated, 0), detail: detail[category] };
  });
  let largest = { name: '', bytes: 0 };
  for (const t of tensors) if (t.largestBuffer > largest.bytes) largest = { name: t.name, bytes: t.largestBuffer };
  return {
    input,
    tensors,
    categories,
    total: categories.reduce((s, c) => s + c.allocated, 0),
    parameters,
    trainedParameters: trained,
    tokensPerMicroBatch: T,
    vocabChunk,
    largest,
  };
}

/** What to change when `category` is the biggest consumer. */
function advice(plan: MemoryPlan, category: MemoryCategory): string {
  const x = plan.input;
  switch (category) {
    case 'activations':
      return `activations need ${formatBytes(catBytes(plan, category))} for micro-batch ${x.microBatch} × ${x.seqLen} tokens: lower the micro-batch${x.recompute ? ' or the sequence length' : ' or turn on recomputation'}`;
    case 'weights':
      return x.mode.kind === 'full'
        ? `weights need ${formatBytes(catBytes(plan, category))}: train with LoRA instead of full fine-tuning, or pick a smaller model`
        : x.mode.baseDType === 'f32'
          ? `weights need ${formatBytes(catBytes(plan, category))}: load the base weights as f16, or pick a smaller model`
          : `weights need ${formatBytes(catBytes(plan, category))}: pick a smaller model`;
    case 'gradients':
    case 'optimizer':
      return x.mode.kind === 'full'
        ? `${category === 'optimizer' ? 'optimizer state (AdamW m, v)' : 'gradients'} need ${formatBytes(catBytes(plan, category))}: train with LoRA instead of full fine-tuning`
        : `${category === 'optimizer' ? 'optimizer state (AdamW m, v)' : 'gradients'} need ${formatBytes(catBytes(plan, category))}: lower the LoRA rank (${x.mode.rank}) or use fewer targets`;
    case 'kv-cache':
      return `the KV cache needs ${formatBytes(catBytes(plan, category))} for ${x.generation?.batch} sequences × ${x.generation?.maxTokens} tokens: lower the generation batch or max tokens`;
    case 'lm-head':
      return `the LM-head workspace needs ${formatBytes(catBytes(plan, category))}: lower the vocab-chunk size (${plan.vocabChunk})`;
  }
}

function catBytes(plan: MemoryPlan, c: MemoryCategory): number {
  return plan.categories.find((x) => x.category === c)?.allocated ?? 0;
}

/** The setting that shrinks one tensor that must fit a single binding. */
function bindingAdvice(t: PlannedTensor, plan: MemoryPlan): string {
  if (t.name === 'lm_head.logits_chunk') return `lower the vocab-chunk size (${plan.vocabChunk})`;
  if (t.category === 'kv-cache' || t.name === 'sample.logits') return 'lower the generation batch or max tokens';
  if (t.shardable) return 'this tensor cannot be split by rows: pick a model with a smaller hidden size';
  return `lower the micro-batch (${plan.input.microBatch}) or the sequence length (${plan.input.seqLen})`;
}

function checkLimits(plan: MemoryPlan, binding: number): void {
  for (const t of plan.tensors) {
    const rowBytes = t.rowLength * t.bytesPerElement;
    const over = t.shardable ? rowBytes > binding : t.largestBuffer > binding;
    if (!over) continue;
    const what = t.shardable ? `one row of "${t.name}" (${t.rowLength} elements)` : `"${t.name}" [${t.rows}, ${t.rowLength}]`;
    throw new MemoryPlanError(
      'binding',
      `${what} needs ${formatBytes(t.shardable ? rowBytes : t.largestBuffer)} in one buffer, above this GPU's largest storage binding (${formatBytes(binding)}): ${bindingAdvice(t, plan)}.`,
      t.category,
      t.largestBuffer,
      binding,
    );
  }
}

function checkBudget(plan: MemoryPlan): void {
  const budget = plan.input.limits.budgetBytes;
  if (budget === undefined || plan.total <= budget) return;
  const biggest = [...plan.categories].sort((a, b) => b.allocated - a.allocated)[0];
  throw new MemoryPlanError(
    'budget',
    `Estimated GPU memory ${formatBytes(plan.total)} exceeds the budget of ${formatBytes(budget)}; ${advice(plan, biggest.category)}.`,
    biggest.category,
    plan.total,
    budget,
  );
}

/** The estimate as a text table: one row per category, the total, the largest buffer. */
export function formatMemoryPlan(plan: MemoryPlan): string {
  const rows: [string, string, string][] = plan.categories.map((c) => [c.category, formatBytes(c.allocated), `${c.detail}${c.allocated > c.bytes * 1.01 ? ` (${formatBytes(c.bytes)} before pool rounding)` : ''}`]);
  const budget = plan.input.limits.budgetBytes;
  rows.push(['total', formatBytes(plan.total), budget ? `budget ${formatBytes(budget)}` : 'no budget set']);
  rows.push(['largest buffer', formatBytes(plan.largest.bytes), `${plan.largest.name} (binding limit ${formatBytes(Math.min(plan.input.limits.maxStorageBufferBindingSize, plan.input.limits.maxBufferSize))})`]);
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const w1 = Math.max(...rows.map((r) => r[1].length));
  return rows.map(([a, b, c]) => `${a.padEnd(w0)}  ${b.padStart(w1)}  ${c}`).join('\n');
}
