// The training forward: the decoder over a packed batch of whole sequences (no KV cache),
// keeping every activation the hand-written backward (model-backward.ts) reads, and ending
// in the fused LM-head log-prob of each token's target. Weights are the inference
// containers of src/model: f32 masters with gradients in a twin container (full
// fine-tuning), or a frozen f32/f16 base with LoRA adapters (lora.ts) on its projections.
import type { GpuContext, Recorder, Tensor } from '../gpu';
import { attentionForwardSegments, packedPositions, packedSegments } from '../kernels/attention';
import { add, scale } from '../kernels/elementwise';
import { embeddingForward } from '../kernels/embedding';
import { lmheadLogProbs } from '../kernels/lmhead';
import { matmul } from '../kernels/matmul';
import { rmsnormForward } from '../kernels/rmsnorm';
import { createRopeTable, ropeInPlace, type RopeTable } from '../kernels/rope';
import { swigluForward } from '../kernels/swiglu';
import type { ModelConfig } from '../model/config';
import { ropeInverseFrequencies } from '../model/config-rope';
import { ScratchTensors } from '../model/transformer-scratch';
import { type GpuModelWeights, type LayerWeights, isMatrix } from '../model/transformer-weights';
import { expectedTensorShapes } from '../model/weights-shapes';
import type { TrainableParam } from './adamw';
import type { LoraAdapters, LoraTarget } from './lora';

/**
 * Sequences packed end to end. targets[t] is the token whose log-prob row t scores
 * (normally the next token of the same sequence), −1 where no loss is taken.
 */
export interface PackedBatch {
  tokens: readonly number[];
  lengths: readonly number[];
  targets: readonly number[];
  /**
   * Each token's position and attention segment (seg [T, 4], src/kernels/attention.ts) when
   * sequences share prefixes (prefix-tree.ts); absent: the `lengths` are independent sequences.
   */
  layout?: { positions: Uint32Array; seg: Uint32Array };
}

/** Packs sequences; each token's target is the next token of its sequence (none for the last). */
export function packForTraining(seqs: readonly (readonly number[])[]): PackedBatch {
  if (seqs.length === 0) throw new Error('training batch: no sequences given');
  const tokens: number[] = [];
  const targets: number[] = [];
  seqs.forEach((s, i) => {
    if (s.length === 0) throw new Error(`training batch: sequence ${i} is empty; every sequence needs at least one token`);
    s.forEach((id, p) => {
      tokens.push(id);
      targets.push(p + 1 < s.length ? s[p + 1] : -1);
    });
  });
  return { tokens, lengths: seqs.map((s) => s.length), targets };
}

export interface LayerActivations {
  /** Residual stream entering the layer, its input-norm rstd and normed output. */
  x: Tensor<'f32'>;
  rstd1: Tensor<'f32'>;
  n1: Tensor<'f32'>;
  /** Qwen3: q/k projections before the per-head norm, and the norms' rstd. */
  qPre?: Tensor<'f32'>;
  kPre?: Tensor<'f32'>;
  rstdQ?: Tensor<'f32'>;
  rstdK?: Tensor<'f32'>;
  /** q and k as attention saw them (after norm and RoPE), v. */
  q: Tensor<'f32'>;
  k: Tensor<'f32'>;
  v: Tensor<'f32'>;
  attn: Tensor<'f32'>;
  lse: Tensor<'f32'>;
  /** Residual after attention (the post-attention norm's input), its rstd and normed output. */
  xMid: Tensor<'f32'>;
  rstd2: Tensor<'f32'>;
  n2: Tensor<'f32'>;
  gate: Tensor<'f32'>;
  up: Tensor<'f32'>;
  h: Tensor<'f32'>;
  /** o_proj's output, then down_proj's (a temporary of the layer; the backward does not read it). */
  proj: Tensor<'f32'>;
  /** LoRA: x·Aᵀ [T, rank] of each adapted projection. */
  lora: Partial<Record<LoraTarget, Tensor<'f32'>>>;
}

/** What one recorded training forward leaves for its backward. */
export interface ForwardState {
  tokens: number;
  ids: Tensor<'u32'>;
  targets: Tensor<'i32'>;
  positions: Tensor<'u32'>;
  seg: Tensor<'u32'>;
  layers: LayerActivations[];
  /** Residual after the last layer, the final norm's rstd, and the LM head's input. */
  xFinal: Tensor<'f32'>;
  rstdFinal: Tensor<'f32'>;
  hidden: Tensor<'f32'>;
  /** The LM head read the final norm's output times this (1 / temperature; 1: unscaled). */
  logitScale: number;
  /** Per token log p(targets[t]) (0 where target is −1), and the head's logsumexp. */
  logp: Tensor<'f32'>;
  headLse: Tensor<'f32'>;
  /** Recomputation: what re-recording a layer needs, and which layer the shared set holds. */
  recompute: { env: LayerEnv; current: number } | null;
}

/** Per-batch inputs every layer's forward reads. */
export interface LayerEnv {
  tokens: number;
  positions: Tensor<'u32'>;
  /** Attention segments [T, 4] (the backward reads the same tensor). */
  seg: Tensor<'u32'>;
  rope: RopeTable;
}

/**
 * A decoder in training: full fine-tuning (f32 master weights, a gradient for each), or
 * LoRA (`options.lora`: the base frozen, f32 or f16; only the adapters train).
 */
export class TrainableModel {
  /** Gradients, shaped as the weights (tied models share one embedding gradient); null under LoRA. */
  readonly grads: GpuModelWeights | null;
  readonly lora: LoraAdapters | null;
  readonly scratch: ScratchTensors;
  private rope: RopeTable | null = null;
  private ones: Tensor<'f32'> | null = null;
  private live = new Set<Tensor>();
  private liveBytes = 0;
  private peakScratch = 0;

  constructor(
    readonly ctx: GpuContext,
    readonly cfg: ModelConfig,
    readonly weights: GpuModelWeights,
    /** frozen: forward only (a GRPO reference policy), no gradients allocated. */
    options: { lora?: LoraAdapters; frozen?: boolean } = {},
  ) {
    this.scratch = new ScratchTensors(ctx);
    this.lora = options.lora ?? null;
    if (this.lora || options.frozen) {
      this.grads = null;
      return;
    }
    for (const [name, t] of this.named(weights)) {
      if (t.dtype !== 'f32') throw new Error(`training: weight "${name}" is ${t.dtype}; full fine-tuning needs f32 master weights (load the model with f32 matrices)`);
    }
    const shapes = expectedTensorShapes(cfg);
    const zeros = (name: string) => {
      const shape = shapes.get(name);
      if (!shape) throw new Error(`training: no shape for "${name}"`);
      const t = ctx.tensor(shape, 'f32', undefined, `grad ${name}`);
      return t;
    };
    const embed = zeros('model.embed_tokens.weight');
    const layers = weights.layers.map((L, l) => {
      const g: Partial<LayerWeights> = {};
      for (const [role, name] of layerRoleNames(l)) if (L[role]) (g as Record<string, Tensor>)[role] = zeros(name);
      return g as LayerWeights;
    });
    this.grads = { embed, layers, norm: zeros('model.norm.weight') as Tensor<'f32'>, lmHead: cfg.tieEmbeddings ? embed : zeros('lm_head.weight') };
    ctx.run((rec) => this.zeroGrads(rec), 'zero grads');
  }

  /** Every weight with its HF name (the tied LM head once, as the embedding). */
  named(w: GpuModelWeights = this.weights): [string, Tensor][] {
    const out: [string, Tensor][] = [['model.embed_tokens.weight', w.embed]];
    w.layers.forEach((L, l) => {
      for (const [role, name] of layerRoleNames(l)) if (L[role]) out.push([name, L[role] as Tensor]);
    });
    out.push(['model.norm.weight', w.norm]);
    if (!this.cfg.tieEmbeddings) out.push(['lm_head.weight', w.lmHead]);
    return out;
  }

  /** The parameters for AdamW: weight decay on matrices only. */
  trainableParams(): TrainableParam[] {
    if (this.lora) return this.lora.trainableParams();
    if (!this.grads) throw new Error('training: this model was created frozen (forward only); it has no trainable parameters');
    const g = new Map(this.named(this.grads));
    return this.named().map(([name, param]) => ({ name, param, grad: g.get(name)!, decay: isMatrix(name) }));
  }

  /** Zeroes every gradient (start of a step). */
  zeroGrads(rec: Recorder): void {
    if (this.lora) return this.lora.zeroGrads(rec);
    if (this.grads) for (const [, t] of this.named(this.grads)) rec.clear(t);
  }

  /** Most tokens one micro-batch may pack: every activation [tokens, width] must fit one binding. */
  maxTokens(): number {
    const { hidden, intermediate, heads, headDim } = this.cfg;
    return Math.floor(this.ctx.maxBindingBytes / (4 * Math.max(hidden, intermediate, heads * headDim)));
  }

  /**
   * Records the forward over a packed batch; the returned state lives until release().
   * `logpShape` shapes the log-prob tensor (e.g. [B, L] for equal-length rows of a GRPO batch).
   * With `recompute` only each layer's input (the residual stream) is kept: every layer
   * writes its activations into one shared set, and the backward re-records each layer
   * (recomputeLayer) right before differentiating it — one layer's activations instead of
   * all of them, for about one more forward of compute. `logitScale` s: log-probs of
   * softmax(s · logits) — s = 1 / temperature scores tokens under the distribution a sampler at
   * that temperature drew them from (verl's convention for GRPO).
   */
  forward(rec: Recorder, batch: PackedBatch, logpShape?: number[], options: { recompute?: boolean; logitScale?: number } = {}): ForwardState {
    const { cfg, weights: W } = this;
    const T = batch.tokens.length;
    checkBatch(batch, cfg.vocabSize, this.maxTokens());
    const { hidden: H, rmsEps: eps } = cfg;
    const recompute = options.recompute ?? false;
    const pos = batch.layout?.positions ?? packedPositions(batch.lengths);
    const rope = this.ropeFor(pos.reduce((a, b) => Math.max(a, b), 0) + 1);
    const t = this.alloc.bind(this);
    const ids = t([T], 'u32', 'ids', Uint32Array.from(batch.tokens));
    const targets = t([T], 'i32', 'targets', Int32Array.from(batch.targets));
    const positions = t([T], 'u32', 'positions', pos);
    const seg = t([T, 4], 'u32', 'attention segments', batch.layout?.seg ?? packedSegments(batch.lengths));
    const env: LayerEnv = { tokens: T, positions, seg, rope };
    // The shared set (recomputation) is labelled without a layer, so it is one set of buffers.
    const shared = recompute ? this.layerBuffers(T, 'recompute') : null;

    let x = t([T, H], 'f32', 'L0 x');
    embeddingForward(rec, W.embed, ids, x);
    const layers: LayerActivations[] = [];
    for (let l = 0; l < cfg.layers; l++) {
      const next = t([T, H], 'f32', `L${l + 1} x`);
      const a: LayerActivations = { ...(shared ?? this.layerBuffers(T, `L${l}`)), x };
      this.recordLayer(rec, l, env, a, next);
      layers.push(a);
      x = next;
    }
    const rstdFinal = t([T], 'f32', 'final rstd');
    const normed = t([T, H], 'f32', 'final hidden');
    rmsnormForward(rec, x, W.norm, eps, normed, rstdFinal);
    const logitScale = options.logitScale ?? 1;
    if (!(logitScale > 0 && Number.isFinite(logitScale))) throw new Error(`training forward: logitScale ${logitScale} must be a positive number (1 / temperature)`);
    // s · logits = (s · hidden) Wᵀ: the head reads the scaled hidden (its dW wants that input)
    let hidden = normed;
    if (logitScale !== 1) scale(rec, normed, logitScale, (hidden = t([T, H], 'f32', 'final hidden scaled')));
    if (logpShape && logpShape.reduce((a, b) => a * b, 1) !== T) throw new Error(`training forward: logp shape [${logpShape}] does not hold ${T} tokens`);
    const logp = t(logpShape ?? [T], 'f32', 'logp');
    const headLse = t([T], 'f32', 'head lse');
    lmheadLogProbs(rec, hidden, W.lmHead, targets, { logp, lse: headLse });
    // The shared set holds the last layer's activations until the backward starts there.
    return { tokens: T, ids, targets, positions, seg, layers, xFinal: x, rstdFinal, hidden, logitScale, logp, headLse, recompute: recompute ? { env, current: cfg.layers - 1 } : null };
  }

  /**
   * Under recomputation: re-records layer l's forward from its saved input into the shared
   * activations (the same kernels on the same input, so the values are bit-identical).
   */
  recomputeLayer(rec: Recorder, s: ForwardState, l: number): void {
    if (!s.recompute || s.recompute.current === l) return;
    this.recordLayer(rec, l, s.recompute.env, s.layers[l], null);
    s.recompute.current = l;
  }

  /** Buffers for one layer's activations (all but its input x), labelled `p`. */
  private layerBuffers(T: number, p: string): Omit<LayerActivations, 'x'> {
    const { hidden: H, heads, kvHeads, headDim: D, intermediate: I, qkNorm } = this.cfg;
    const f = (shape: number[], name: string) => this.alloc(shape, 'f32', `${p} ${name}`);
    const lora: LayerActivations['lora'] = {};
    if (this.lora) for (const target of this.lora.config.targets) lora[target] = f([T, this.lora.config.rank], `${target} xa`);
    return {
      rstd1: f([T], 'rstd1'),
      n1: f([T, H], 'n1'),
      ...(qkNorm ? { qPre: f([T, heads * D], 'q pre'), kPre: f([T, kvHeads * D], 'k pre'), rstdQ: f([T * heads], 'rstd q'), rstdK: f([T * kvHeads], 'rstd k') } : {}),
      q: f([T, heads * D], 'q'),
      k: f([T, kvHeads * D], 'k'),
      v: f([T, kvHeads * D], 'v'),
      attn: f([T, heads * D], 'attn'),
      lse: f([T, heads], 'lse'),
      proj: f([T, H], 'o out'),
      xMid: f([T, H], 'x mid'),
      rstd2: f([T], 'rstd2'),
      n2: f([T, H], 'n2'),
      gate: f([T, I], 'gate'),
      up: f([T, I], 'up'),
      h: f([T, I], 'h'),
      lora,
    };
  }

  /** Layer l's forward from a.x into a's buffers; the layer's output into `next` (null: not needed). */
  private recordLayer(rec: Recorder, l: number, env: LayerEnv, a: LayerActivations, next: Tensor | null): void {
    const { cfg } = this;
    const L = this.weights.layers[l];
    const { heads, kvHeads, headDim: D, rmsEps: eps } = cfg;
    const lora = this.lora;
    const linear = (x: Tensor, w: Tensor, out: Tensor, bias?: Tensor, target?: LoraTarget) => {
      matmul(rec, x, w, out, { transB: true, bias });
      const ad = target && lora?.layers[l][target];
      if (ad && target) lora.forward(rec, ad, x, out, a.lora[target]!);
    };
    rmsnormForward(rec, a.x, L.inputNorm, eps, a.n1, a.rstd1);
    if (cfg.qkNorm) {
      linear(a.n1, L.q, a.qPre!, L.qBias, 'q');
      linear(a.n1, L.k, a.kPre!, L.kBias, 'k');
      rmsnormForward(rec, a.qPre!, L.qNorm!, eps, a.q, a.rstdQ!);
      rmsnormForward(rec, a.kPre!, L.kNorm!, eps, a.k, a.rstdK!);
    } else {
      linear(a.n1, L.q, a.q, L.qBias, 'q');
      linear(a.n1, L.k, a.k, L.kBias, 'k');
    }
    linear(a.n1, L.v, a.v, L.vBias, 'v');
    ropeInPlace(rec, a.q, heads, env.positions, env.rope);
    ropeInPlace(rec, a.k, kvHeads, env.positions, env.rope);
    attentionForwardSegments(rec, { q: a.q, k: a.k, v: a.v, seg: env.seg, out: a.attn, lse: a.lse }, { heads, kvHeads, headDim: D });
    linear(a.attn, L.o, a.proj, undefined, 'o');
    add(rec, a.x, a.proj, a.xMid);
    rmsnormForward(rec, a.xMid, L.postNorm, eps, a.n2, a.rstd2);
    linear(a.n2, L.gate, a.gate, undefined, 'gate');
    linear(a.n2, L.up, a.up, undefined, 'up');
    swigluForward(rec, a.gate, a.up, a.h);
    // Recomputing (no next) still runs down_proj: its LoRA x·Aᵀ is an activation.
    linear(a.h, L.down, a.proj, undefined, 'down');
    if (next) add(rec, a.xMid, a.proj, next);
  }

  /** A temporary of the current recording (freed for reuse by release()). */
  alloc<D extends 'f32' | 'u32' | 'i32'>(shape: number[], dtype: D, label: string, data?: Uint32Array | Int32Array | Float32Array): Tensor<D> {
    const t = this.scratch.get(shape, dtype, label, data);
    if (!this.live.has(t)) {
      this.live.add(t);
      this.liveBytes += allocatedBytes(t);
      this.peakScratch = Math.max(this.peakScratch, this.liveBytes);
    }
    return t;
  }

  /**
   * Most bytes of temporaries (activations, backward gradient buffers, batch inputs) one
   * recording between two release() calls has held, as the buffer pool sized them.
   */
  peakScratchBytes(): number {
    return this.peakScratch;
  }

  /** Starts a new peak (e.g. to measure one setting after another). */
  resetScratchPeak(): void {
    this.peakScratch = this.liveBytes;
  }

  /** [1, n] of ones (bias gradients as a column sum: 1ᵀ·dY). */
  onesRow(n: number): Tensor<'f32'> {
    if (!this.ones || this.ones.numel !== n) {
      if (this.ones) this.scratch.retire(this.ones);
      this.ones = this.ctx.tensor([1, n], 'f32', new Float32Array(n).fill(1), 'ones');
    }
    return this.ones;
  }

  /** Call after submitting the recordings that used this forward's activations. */
  release(): void {
    this.live.clear();
    this.liveBytes = 0;
    this.scratch.release();
  }

  destroy(): void {
    this.scratch.destroy();
    this.rope?.table.destroy();
    this.ones?.destroy();
    const seen = new Set<Tensor>();
    if (this.grads) for (const [, t] of this.named(this.grads)) if (!seen.has(t)) (seen.add(t), t.destroy());
  }

  /** The RoPE table of the last recorded forward (its backward rotates back with it). */
  ropeTable(): RopeTable {
    if (!this.rope) throw new Error('training: record a forward before its backward');
    return this.rope;
  }

  private ropeFor(positions: number): RopeTable {
    if (this.rope && this.rope.maxPositions >= positions) return this.rope;
    if (this.rope) this.scratch.retire(this.rope.table);
    this.rope = createRopeTable(this.ctx, ropeInverseFrequencies(this.cfg), Math.max(positions, 64));
    return this.rope;
  }
}

/** Bytes of the GPU buffers behind a tensor (pool size classes, every shard). */
export function allocatedBytes(t: Tensor): number {
  return t.shards.reduce((a, sh) => a + sh.buffer.size, 0);
}

/** (role, HF name) of a layer's tensors, in the checkpoint's order. */
export function layerRoleNames(l: number): [keyof LayerWeights, string][] {
  const p = `model.layers.${l}.`;
  return [
    ['inputNorm', `${p}input_layernorm.weight`],
    ['q', `${p}self_attn.q_proj.weight`],
    ['qBias', `${p}self_attn.q_proj.bias`],
    ['k', `${p}self_attn.k_proj.weight`],
    ['kBias', `${p}self_attn.k_proj.bias`],
    ['v', `${p}self_attn.v_proj.weight`],
    ['vBias', `${p}self_attn.v_proj.bias`],
    ['qNorm', `${p}self_attn.q_norm.weight`],
    ['kNorm', `${p}self_attn.k_norm.weight`],
    ['o', `${p}self_attn.o_proj.weight`],
    ['postNorm', `${p}post_attention_layernorm.weight`],
    ['gate', `${p}mlp.gate_proj.weight`],
    ['up', `${p}mlp.up_proj.weight`],
    ['down', `${p}mlp.down_proj.weight`],
  ];
}

function checkBatch(b: PackedBatch, vocab: number, maxTokens: number): void {
  const T = b.tokens.length;
  if (T === 0) throw new Error('training batch: no tokens');
  if (b.targets.length !== T) throw new Error(`training batch: ${b.targets.length} targets for ${T} tokens; give one target per token (−1 for none)`);
  const sum = b.lengths.reduce((a, c) => a + c, 0);
  if (sum !== T) throw new Error(`training batch: sequence lengths sum to ${sum} but there are ${T} tokens`);
  if (b.layout) {
    const { positions, seg } = b.layout;
    if (positions.length !== T || seg.length !== 4 * T) throw new Error(`training batch: the layout has ${positions.length} positions and ${seg.length / 4} segments for ${T} tokens`);
    for (let t = 0; t < T; t++) {
      const [x, y, z, w] = seg.subarray(4 * t, 4 * t + 4);
      // Keys x..y−1 and z..t, seen up to w: anything else would read outside the batch or the future.
      if (!(x! <= y! && y! <= z! && z! <= t && t < w! && w! <= T)) throw new Error(`training batch: token ${t} has attention segment (${x}, ${y}, ${z}, ${w}); need prefix start ≤ prefix end ≤ own start ≤ token < end ≤ ${T}`);
    }
  }
  if (T > maxTokens) throw new Error(`training batch: ${T} tokens in one micro-batch exceed ${maxTokens} (one activation must fit a storage binding); use smaller micro-batches`);
  for (let i = 0; i < T; i++) {
    const id = b.tokens[i];
    if (!Number.isInteger(id) || id < 0 || id >= vocab) throw new RangeError(`training batch: token id ${id} at index ${i} is outside the vocabulary [0, ${vocab}); the ids do not belong to this model's tokenizer`);
  }
  for (let i = 0; i < T; i++) {
    const tg = b.targets[i];
    if (tg !== -1 && (!Number.isInteger(tg) || tg < 0 || tg >= vocab)) throw new RangeError(`training batch: target ${tg} at index ${i} is outside the vocabulary [0, ${vocab}) (use −1 for no target)`);
  }
}
