// Scoring through the GPU model: logits at every position, and log-probs of given
// completions (what the trainer needs for old/reference policies). Long inputs run as
// several forwards that fit one binding, later chunks attending through the KV cache.
import type { Recorder, Tensor } from '../gpu';
import { KvCache } from './kv-cache';
import type { Transformer } from './transformer';
import { packSequences, sliceStep } from './transformer-step';

/** A prompt and the completion whose tokens are scored. */
export interface ScoredSequence {
  prompt: readonly number[];
  completion: readonly number[];
}

/**
 * Runs the forward over packed sequences in chunks of at most `stepTokens` tokens (in
 * position order, so later chunks see earlier ones through the cache), one submit each;
 * `each` records what to read from a chunk's hidden rows [c0, c1) of the packing.
 */
async function chunkedForward<T>(
  model: Transformer,
  seqs: readonly (readonly number[])[],
  label: string,
  stepTokens: number | undefined,
  each: (rec: Recorder, hidden: Tensor<'f32'>, c0: number, c1: number) => { read: Promise<T>; owned: Tensor[] } | null,
): Promise<T[]> {
  const packed = packSequences(seqs);
  const total = packed.tokens.length;
  const chunk = Math.min(stepTokens ?? Infinity, model.maxStepTokens());
  if (!(chunk >= 1)) throw new RangeError(`${label}: stepTokens must be ≥ 1, got ${stepTokens}`);
  const cache = new KvCache(model.ctx, model.cfg, seqs.length, Math.max(...seqs.map((s) => s.length)));
  const reads: Promise<T>[] = [];
  try {
    for (let c0 = 0; c0 < total; c0 += chunk) {
      const c1 = Math.min(total, c0 + chunk);
      const rec = model.ctx.recorder(label);
      let hidden: Tensor<'f32'>;
      let r: ReturnType<typeof each>;
      try {
        hidden = model.recordForward(rec, sliceStep(packed, c0, c1), cache);
        r = each(rec, hidden, c0, c1);
      } catch (e) {
        rec.abandon(e);
        throw e;
      }
      rec.submit();
      model.releaseScratch();
      hidden.destroy();
      if (r) {
        r.owned.forEach((t) => t.destroy());
        reads.push(r.read);
      }
    }
    return await Promise.all(reads);
  } finally {
    cache.destroy();
  }
}

/** Final logits at every position of each sequence (batch of independent sequences). */
export async function forwardLogits(model: Transformer, seqs: readonly (readonly number[])[], opts: { stepTokens?: number } = {}): Promise<Float32Array[]> {
  const V = model.cfg.vocabSize;
  // As many logit rows per block as one binding holds (a 151936-token vocabulary fills
  // 128 MiB at ~220 rows).
  const perBlock = Math.max(1, Math.floor(model.ctx.maxBindingBytes / (4 * V)));
  const blocks = await chunkedForward(model, seqs, 'logits', opts.stepTokens, (rec, hidden, c0, c1) => {
    const n = c1 - c0;
    const parts: Promise<Float32Array>[] = [];
    const owned: Tensor[] = [];
    for (let r0 = 0; r0 < n; r0 += perBlock) {
      const rows = n <= perBlock ? undefined : Array.from({ length: Math.min(perBlock, n - r0) }, (_, i) => r0 + i);
      const logits = model.recordLogits(rec, hidden, rows);
      parts.push(rec.read(logits));
      owned.push(logits);
    }
    return { read: Promise.all(parts), owned };
  });
  const all = new Float32Array(blocks.flat().reduce((a, b) => a + b.length, 0));
  let at = 0;
  for (const b of blocks.flat()) {
    all.set(b, at);
    at += b.length;
  }
  const out: Float32Array[] = [];
  let row = 0;
  for (const s of seqs) {
    out.push(all.slice(row * V, (row + s.length) * V));
    row += s.length;
  }
  return out;
}

/**
 * log p(completion[i] | prompt, completion[<i]) for every completion token of every item
 * (the trainer's old/reference log-probs), in as few forwards as the GPU allows.
 */
export async function scoreCompletions(model: Transformer, items: readonly ScoredSequence[], opts: { chunkCols?: number; stepTokens?: number } = {}): Promise<Float32Array[]> {
  const seqs = items.map((it) => {
    if (it.prompt.length === 0) throw new Error('tokenLogProbs: a prompt is empty; the first completion token needs at least one token before it');
    return [...it.prompt, ...it.completion];
  });
  // Packed row of each scored position (the token before each completion token) and its target.
  const rows: number[] = [];
  const targets: number[] = [];
  let at = 0;
  items.forEach((it, i) => {
    for (let j = 0; j < it.completion.length; j++) {
      rows.push(at + it.prompt.length - 1 + j);
      targets.push(it.completion[j]);
    }
    at += seqs[i].length;
  });
  if (rows.length === 0) return items.map(() => new Float32Array(0));
  const parts = await chunkedForward(model, seqs, 'token logprobs', opts.stepTokens, (rec, hidden, c0, c1) => {
    const mine = rows.map((r, k) => ({ r, k })).filter(({ r }) => r >= c0 && r < c1);
    if (!mine.length) return null;
    const logp = model.recordTokenLogProbs(rec, hidden, mine.map(({ k }) => targets[k]), mine.map(({ r }) => r - c0), opts.chunkCols);
    return { read: rec.read(logp), owned: [logp] };
  });
  const all = new Float32Array(rows.length);
  let k = 0;
  for (const p of parts) {
    all.set(p, k);
    k += p.length;
  }
  const out: Float32Array[] = [];
  k = 0;
  for (const it of items) {
    out.push(all.slice(k, k + it.completion.length));
    k += it.completion.length;
  }
  return out;
}

