// The decoder forward pass on WebGPU for Llama / Qwen2 / Qwen3. Tokens of several sequences
// are packed into one step (token n belongs to sequence seq[n] at position pos[n]): a
// prefill packs whole prompts, a decode step packs one token per sequence. Every step
// writes its K/V into a KvCache and attends over the cached prefix, so prefill and decode
// share one code path. Each forward is recorded into one command encoder.
import type { GpuContext, Recorder, Tensor } from '../gpu';
import type { ModelConfig } from './config';
import { ropeInverseFrequencies } from './config-rope';
import { attentionForward } from '../kernels/attention';
import { embeddingForward } from '../kernels/embedding';
import { lmheadLogits, lmheadLogProbs } from '../kernels/lmhead';
import { MATVEC_MAX_VECTORS, matvec, matvecs, matvecsFit } from '../kernels/matvec';
import { rmsnormForward } from '../kernels/rmsnorm';
import { createRopeTable, ropeIntoCache, type RopeTable } from '../kernels/rope';
import { swigluForward } from '../kernels/swiglu';
import { KvCache } from './kv-cache';
import { linear } from './transformer-linear';
import { ScratchTensors } from './transformer-scratch';
import { forwardLogits, type ScoredSequence, scoreCompletions } from './transformer-score';
import type { GpuStepTokens, StepTokens } from './transformer-step';
import { destroyWeights, type GpuModelWeights } from './transformer-weights';

export { type GpuStepTokens, packSequences, sliceStep, type StepTokens } from './transformer-step';
export type { ScoredSequence } from './transformer-score';

// Most tokens in one forward, so no single dispatch runs long enough to trip a watchdog.
const MAX_STEP_TOKENS = 512;

/** The projections of a decoder layer an adapter may add to. */
export type ProjectionName = 'q' | 'k' | 'v' | 'o' | 'gate' | 'up' | 'down';

/**
 * Low-rank adapters applied on top of the frozen weights at inference (LoRA while it trains:
 * the sampler then draws from the adapted policy without merging). `apply` adds the adapter's
 * term to `out` = x·Wᵀ (+ b), allocating its temporaries with `scratch`.
 */
export interface ProjectionAdapters {
  apply(rec: Recorder, layer: number, target: ProjectionName, x: Tensor, out: Tensor, scratch: (shape: number[], label: string) => Tensor<'f32'>): void;
}

export class Transformer {
  private rope: RopeTable | null = null;
  /** Adapters added to the projections in every forward (null: the plain weights). */
  adapters: ProjectionAdapters | null = null;
  /**
   * Decode-sized steps fold each layer's SwiGLU into the down projection's matvec (one
   * dispatch and one [N, intermediate] round trip less per layer). Default: on real GPUs,
   * where a decode step is bound by recording its ~300 dispatches; software adapters keep
   * the separate kernel (the folded op measured 0.84–0.90× there: each row group recomputes
   * the SwiGLU on the CPU's few cores; 1.01–1.07× on an H200). Tests set it to run either
   * path anywhere.
   */
  foldSwiglu: boolean;
  /**
   * Decode-sized steps compute the projections that read the same normalised input (q/k/v,
   * gate/up) in one matvec dispatch where the device's storage-binding limit allows
   * (matvecsFit: q/k/v with biases need 11 storage buffers, WebGPU's default is 8). On every
   * adapter: 2.0× the GPU time of separate matvecs on an H200, within noise on lavapipe
   * (0.88–1.04×), and three dispatches less per layer to record either way. Tests turn it
   * off to compare the paths.
   */
  fuseProjections = true;
  // Scratch of recorded forwards, freed by releaseScratch() after the caller's submit.
  private readonly scratch: ScratchTensors;

  constructor(
    readonly ctx: GpuContext,
    readonly cfg: ModelConfig,
    readonly weights: GpuModelWeights,
  ) {
    this.scratch = new ScratchTensors(ctx);
    this.foldSwiglu = !ctx.adapter.isSoftware;
  }

  /** Throws a clear error for an id outside the vocabulary. */
  checkIds(ids: ArrayLike<number>, what = 'token ids'): void {
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      if (!Number.isInteger(id) || id < 0 || id >= this.cfg.vocabSize) {
        throw new RangeError(`${what}: id ${id} at index ${i} is outside the vocabulary [0, ${this.cfg.vocabSize}); the ids do not belong to this model's tokenizer`);
      }
    }
  }

  /** Most tokens one forward may pack: every activation [tokens, width] must fit one binding. */
  maxStepTokens(): number {
    const { hidden, intermediate, heads, headDim } = this.cfg;
    const widest = Math.max(hidden, intermediate, heads * headDim);
    return Math.max(1, Math.min(MAX_STEP_TOKENS, Math.floor(this.ctx.maxBindingBytes / (4 * widest))));
  }

  /**
   * Records the decoder over a packed step and returns the final-normed hidden states
   * [N, hidden] (the caller destroys them after submitting). The step's K/V go into `cache`
   * at (seq, pos); cache lengths are the caller's to update. Ids already on the GPU
   * (GpuStepTokens) are used as they are: they come from the model's own sampler.
   */
  recordForward(rec: Recorder, step: StepTokens | GpuStepTokens, cache: KvCache): Tensor<'f32'> {
    const { cfg, ctx, weights: W } = this;
    const onGpu = 'ids' in step;
    const N = onGpu ? step.ids.numel : step.tokens.length;
    if (N === 0) throw new Error('forward: no tokens in the step');
    if (step.seq.length !== N || step.pos.length !== N) throw new Error('forward: tokens, seq and pos must have the same length');
    if (N > this.maxStepTokens()) {
      throw new RangeError(`forward: ${N} tokens in one step exceed ${this.maxStepTokens()} (binding limit / dispatch length); split the step into chunks in position order`);
    }
    if (onGpu && step.ids.dtype !== 'u32') throw new Error(`forward: step ids "${step.ids.label}" must be u32, got ${step.ids.dtype}`);
    if (!onGpu) this.checkIds(step.tokens);
    for (let n = 0; n < N; n++) {
      if (step.seq[n] >= cache.sequences) throw new RangeError(`forward: sequence ${step.seq[n]} is outside the cache's ${cache.sequences} sequences`);
      if (step.pos[n] >= cache.capacity) {
        throw new RangeError(`forward: position ${step.pos[n]} is past the cache capacity ${cache.capacity}; allocate a larger KvCache`);
      }
    }
    const rope = this.ropeFor(cache.capacity);
    const { hidden: H, heads, kvHeads, headDim: D, intermediate: I, rmsEps: eps } = cfg;
    const qDim = heads * D;
    const kvDim = kvHeads * D;

    const t = <Dt extends 'f32' | 'u32'>(shape: number[], dtype: Dt, label: string, data?: Uint32Array): Tensor<Dt> => this.scratch.get(shape, dtype, label, data);
    // Token n of sequence s at position p: attention sees cache rows s·capacity + 0..p, and
    // the token's own K/V go to row s·capacity + p.
    const meta = new Uint32Array(2 * N);
    const rows = new Uint32Array(N);
    let maxKeys = 0;
    for (let n = 0; n < N; n++) {
      meta[2 * n] = step.seq[n] * cache.capacity;
      meta[2 * n + 1] = step.pos[n] + 1;
      rows[n] = step.seq[n] * cache.capacity + step.pos[n];
      maxKeys = Math.max(maxKeys, step.pos[n] + 1);
    }
    const ids = onGpu ? step.ids : t([N], 'u32', 'ids', Uint32Array.from(step.tokens));
    const positions = t([N], 'u32', 'positions', Uint32Array.from(step.pos));
    const attnMeta = t([N, 2], 'u32', 'attention meta', meta);
    const cacheRows = t([N], 'u32', 'cache rows', rows);
    const attnShape = { heads, kvHeads, headDim: D };
    const x = t([N, H], 'f32', 'residual');
    const n1 = t([N, H], 'f32', 'normed');
    const rstd = t([N * heads], 'f32', 'rstd (unused)');
    const q = t([N, qDim], 'f32', 'q');
    const k = t([N, kvDim], 'f32', 'k');
    const v = t([N, kvDim], 'f32', 'v');
    const qn = cfg.qkNorm ? t([N, qDim], 'f32', 'q normed') : q;
    const kn = cfg.qkNorm ? t([N, kvDim], 'f32', 'k normed') : k;
    const attn = t([N, qDim], 'f32', 'attention');
    const lse = t([N, heads], 'f32', 'attention lse');
    const gate = t([N, I], 'f32', 'gate');
    const up = t([N, I], 'f32', 'up');
    const rstdOf = (n: number) => (n === N * heads ? rstd : t([n], 'f32', 'rstd (unused)'));
    const rstdN = rstdOf(N);
    const rstdKv = cfg.qkNorm ? rstdOf(N * kvHeads) : rstdN;

    const adapters = this.adapters;
    const scratch = (shape: number[], label: string) => t(shape, 'f32', label);
    let layer = 0;
    const mm = (xIn: Tensor, w: Tensor, out: Tensor, bias?: Tensor, accumulate = false, target?: ProjectionName) => {
      linear(rec, xIn, w, out, { bias, accumulate });
      if (adapters && target) adapters.apply(rec, layer, target, xIn, out, scratch);
    };

    // Decode-sized steps without adapters fold each RMSNorm into the matvecs after it (one
    // dispatch and one normalised copy less per norm) and compute the projections after one
    // norm in one dispatch (fuseProjections), and on real GPUs fold the SwiGLU into the down
    // projection (foldSwiglu); adapters read the normalised input and h.
    const foldNorms = N <= MATVEC_MAX_VECTORS && !adapters;
    // h only where the SwiGLU is not folded into the down projection
    const h = foldNorms && this.foldSwiglu ? null : t([N, I], 'f32', 'mlp hidden');
    // xIn's RMSNorm (weight g), then out (+)= · wᵀ + bias for each projection.
    const normed = (g: Tensor, projections: [Tensor, Tensor, Tensor | undefined, ProjectionName][]) => {
      if (foldNorms) {
        const products = projections.map(([w, y, bias]) => ({ w, y, bias }));
        if (this.fuseProjections && products.length > 1 && matvecsFit(ctx, products, true)) matvecs(rec, x, products, { norm: { weight: g, eps } });
        else for (const { w, y, bias } of products) matvec(rec, w, x, y, { bias, norm: { weight: g, eps } });
        return;
      }
      rmsnormForward(rec, x, g, eps, n1, rstdN);
      for (const [w, out, bias, name] of projections) mm(n1, w, out, bias, false, name);
    };

    embeddingForward(rec, W.embed, ids, x);
    for (let l = 0; l < cfg.layers; l++) {
      layer = l;
      const L = W.layers[l];
      normed(L.inputNorm, [
        [L.q, q, L.qBias, 'q'],
        [L.k, k, L.kBias, 'k'],
        [L.v, v, L.vBias, 'v'],
      ]);
      if (cfg.qkNorm) {
        // Per-head norms: the same buffers viewed as [tokens·heads, headDim].
        rmsnormForward(rec, q, L.qNorm!, eps, qn, rstd);
        rmsnormForward(rec, k, L.kNorm!, eps, kn, rstdKv);
      }
      ropeIntoCache(rec, { q: qn, k: kn, v, positions, rows: cacheRows, kCache: cache.k[l], vCache: cache.v[l] }, attnShape, rope);
      attentionForward(rec, { q: qn, k: cache.k[l], v: cache.v[l], meta: attnMeta, out: attn, lse }, attnShape, { maxKeys });
      mm(attn, L.o, x, undefined, true, 'o');
      normed(L.postNorm, [
        [L.gate, gate, undefined, 'gate'],
        [L.up, up, undefined, 'up'],
      ]);
      if (h === null) {
        matvec(rec, L.down, gate, x, { accumulate: true, glu: { up } });
      } else {
        swigluForward(rec, gate, up, h);
        mm(h, L.down, x, undefined, true, 'down');
      }
    }
    const out = ctx.tensor([N, H], 'f32', undefined, 'final hidden');
    rmsnormForward(rec, x, W.norm, eps, out, rstdN);
    return out;
  }

  /** Frees the scratch of forwards recorded so far; call right after submitting them. */
  releaseScratch(): void {
    this.scratch.release();
  }

  /** Records logits [rows, vocab] of hidden rows (all of `hidden`, or the rows listed in `pick`). */
  recordLogits(rec: Recorder, hidden: Tensor<'f32'>, pick?: readonly number[]): Tensor<'f32'> {
    const head = this.weights.lmHead;
    const R = pick ? pick.length : hidden.rows;
    const logits = this.ctx.tensor([R, this.cfg.vocabSize], 'f32', undefined, 'logits');
    if (R <= MATVEC_MAX_VECTORS) {
      // Decode-sized: matvec reads the head once for all rows.
      linear(rec, pick ? this.gatherRows(rec, hidden, pick) : hidden, head, logits);
    } else {
      lmheadLogits(rec, hidden, head, logits, pick ? { rows: this.pickedRows(pick, hidden) } : {});
    }
    return logits;
  }

  /**
   * Records log p(targets[r] | hidden row) for each row (rows of `hidden`, or those listed in
   * `pick`), through the LM head in vocabulary chunks: no [rows × vocab] tensor exists.
   */
  recordTokenLogProbs(rec: Recorder, hidden: Tensor<'f32'>, targets: readonly number[], pick?: readonly number[], chunkCols?: number): Tensor<'f32'> {
    const { ctx } = this;
    const src = pick ? this.gatherRows(rec, hidden, pick) : hidden;
    const R = src.rows;
    if (targets.length !== R) throw new Error(`logprobs: ${targets.length} targets for ${R} rows`);
    this.checkIds(targets, 'target ids');
    const logp = ctx.tensor([R], 'f32', undefined, 'logp');
    // The shared fused LM head (src/kernels/lmhead.ts) for f32 and f16 weights: the same
    // summation as the trainer's, so on-policy log-prob ratios are exactly 1.
    const tg = this.scratch.get([R], 'i32', 'targets', Int32Array.from(targets));
    const lse = this.scratch.get([R], 'f32', 'lse');
    lmheadLogProbs(rec, src, this.weights.lmHead, tg, { logp, lse }, chunkCols ? { chunk: chunkCols } : {});
    return logp;
  }

  /** Final logits at every position of each sequence (batch of independent sequences). */
  logits(seqs: readonly (readonly number[])[], opts: { stepTokens?: number } = {}): Promise<Float32Array[]> {
    return forwardLogits(this, seqs, opts);
  }

  /**
   * log p(completion[i] | prompt, completion[<i]) for every completion token of every item
   * (the trainer's old/reference log-probs), in as few forwards as the GPU allows.
   */
  tokenLogProbs(items: readonly ScoredSequence[], opts: { chunkCols?: number; stepTokens?: number } = {}): Promise<Float32Array[]> {
    return scoreCompletions(this, items, opts);
  }

  destroy(): void {
    this.scratch.destroy();
    this.rope?.table.destroy();
    destroyWeights(this.weights);
  }

  private pickedRows(pick: readonly number[], hidden: Tensor<'f32'>): Tensor<'u32'> {
    for (const r of pick) if (!Number.isInteger(r) || r < 0 || r >= hidden.rows) throw new RangeError(`row ${r} is outside the ${hidden.rows} hidden rows`);
    return this.scratch.get([pick.length], 'u32', 'picked rows', Uint32Array.from(pick));
  }

  /** hidden[pick[r], :] for each r: the embedding gather with the hidden state as the table. */
  private gatherRows(rec: Recorder, hidden: Tensor<'f32'>, pick: readonly number[]): Tensor<'f32'> {
    const rows = this.pickedRows(pick, hidden);
    const out = this.scratch.get([pick.length, hidden.rowLength], 'f32', 'picked hidden');
    embeddingForward(rec, hidden, rows, out);
    return out;
  }

  /** The RoPE table (float64-computed cos/sin), grown to cover `positions` positions. */
  private ropeFor(positions: number): RopeTable {
    if (this.rope && this.rope.maxPositions >= positions) return this.rope;
    // An unsubmitted recorder may still use the old table: free it with the scratch.
    if (this.rope) this.scratch.retire(this.rope.table);
    this.rope = createRopeTable(this.ctx, ropeInverseFrequencies(this.cfg), Math.max(positions, 64));
    return this.rope;
  }
}
