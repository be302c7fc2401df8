// Batched generation with a KV cache: B prompts of different lengths are prefilled in one
// packed forward, then decoded one token per live sequence per step. Each step is one
// submit; only the sampled (id, log-prob) pairs are read back. EOS ids, stop strings
// (checked on the host in each sequence's text, decoded incrementally) and a token budget
// end a sequence. Equal prompts (DuST samples G completions of one prompt) are prefilled
// once: the copies sample their first token from the same logits row with their own random
// stream, and take the prompt's cache rows before decoding.
// Decoding is pipelined: step t+1 takes its input ids from step t's samples on the GPU, so
// it is recorded and submitted before step t is read back, and the host's recording and
// the readback's round trip overlap the GPU's work. Which sequences ended at step t is
// known only when step t is read, so they ride along in step t+1 and its samples for them
// are dropped: the results equal waiting for every step (`pipeline: false`).
import { KvCache } from '../model/kv-cache';
import type { Recorder, Tensor } from '../gpu';
import { type GpuStepTokens, packSequences, sliceStep, type StepTokens, type Transformer } from '../model/transformer';
import { createDecodeStream, type DecodeStream } from '../tokenizer/decode-stream';
import { recordSample, recordSampledIds, resolveSampling, type Sample, type SamplingOptions, unpackSamples } from './sampler';

export interface GenerateOptions extends SamplingOptions {
  maxNewTokens: number;
  /** Ids that end a sequence (kept as its last id). Default: the model config's eos ids. */
  eos?: readonly number[];
  /** Strings that end a sequence; needs `decode`. The text is cut before the stop string. */
  stop?: readonly string[];
  /** Token ids → text, e.g. a tokenizer's decode; sets `text` on each result. */
  decode?: (ids: number[]) => string;
  /**
   * Random stream of each sequence (default: its index). Equal keys and seed give equal
   * samples whatever the batch, so one sequence can be regenerated alone.
   */
  sequenceKeys?: readonly number[];
  /** Most prompt tokens per prefill forward (default: what the GPU's binding limit allows, ≤ 512). */
  prefillChunk?: number;
  /** Called for every new token as it arrives (streaming UIs). */
  onToken?: (sequence: number, id: number, logprob: number) => void;
  /**
   * Record each decode step before the previous one is read back (default true). false waits
   * for every step's tokens first: the same results, slower; the baseline of `bench generate`.
   */
  pipeline?: boolean;
}

export type FinishReason = 'eos' | 'stop' | 'length';

export interface GeneratedSequence {
  /** New ids, including the EOS id or the token that completed a stop string. */
  ids: number[];
  /** log p of each new id under the model (raw logits, before temperature/top-k/top-p). */
  logprobs: number[];
  /** Decoded new ids (without a final EOS), cut before any stop string; '' without `decode`. */
  text: string;
  finish: FinishReason;
}

/** A submitted step whose samples are not read yet. */
interface InFlight {
  seqs: number[];
  /** Its samples on the GPU, until they are read (null after). */
  result: Tensor<'u32'> | null;
  samples: Promise<Sample[]>;
}

export async function generate(model: Transformer, prompts: readonly (readonly number[])[], opts: GenerateOptions): Promise<GeneratedSequence[]> {
  const { ctx, cfg } = model;
  const sampling = resolveSampling(opts);
  const B = prompts.length;
  if (B === 0) throw new Error('generate: no prompts given');
  if (!Number.isInteger(opts.maxNewTokens) || opts.maxNewTokens < 0) throw new RangeError(`generate: maxNewTokens must be a whole number ≥ 0, got ${opts.maxNewTokens}`);
  const stop = (opts.stop ?? []).filter((s) => s.length > 0);
  if (stop.length && !opts.decode) throw new Error('generate: stop strings need a decode function (the tokenizer) to read the text');
  if (opts.prefillChunk !== undefined && !(Number.isInteger(opts.prefillChunk) && opts.prefillChunk >= 1)) {
    throw new RangeError(`generate: prefillChunk must be a whole number ≥ 1, got ${opts.prefillChunk}`);
  }
  const keys = opts.sequenceKeys ?? prompts.map((_, i) => i);
  if (keys.length !== B) throw new Error(`generate: ${keys.length} sequence keys for ${B} prompts`);
  const eos = new Set(opts.eos ?? cfg.eosTokenIds);
  prompts.forEach((p, i) => {
    if (p.length === 0) throw new Error(`generate: prompt ${i} is empty; give at least one token (e.g. BOS)`);
    model.checkIds(p, `prompt ${i}`);
  });
  const out: GeneratedSequence[] = prompts.map(() => ({ ids: [], logprobs: [], text: '', finish: 'length' }));
  if (opts.maxNewTokens === 0) return out;
  // Stop strings: each sequence's text grows by what its new id completes (a few ids
  // decoded per token, not the whole sequence), and only the new text plus the last
  // (longest stop − 1) characters before it can hold a stop string not seen before.
  const decoder = { decode: (ids: readonly number[]) => opts.decode!(ids.slice()) };
  const streams: DecodeStream[] = stop.length ? prompts.map(() => createDecodeStream(decoder)) : [];
  const texts = prompts.map(() => '');
  const lookBack = Math.max(0, ...stop.map((s) => s.length - 1));

  const capacity = Math.max(...prompts.map((p) => p.length)) + opts.maxNewTokens;
  const cache = new KvCache(ctx, cfg, B, capacity);
  // Submitted steps whose samples are not read yet; their sample tensors stay on the GPU
  // until the step that takes them as input ids is recorded.
  const inFlight = new Set<InFlight>();
  try {
    // Tokens drawn per sequence, including steps not read yet: a draw's random stream index.
    const drawn = new Array<number>(B).fill(0);
    // One forward over the step `build` records (it may add GPU work, e.g. the step's ids,
    // and tensors to free after the submit); samples rows `pick` of it (default: every
    // token), which belong to sequences `seqs`. Submitted, not awaited.
    const submitStep = (build: (rec: Recorder, owned: Tensor[]) => StepTokens | GpuStepTokens, pick: number[] | undefined, seqs: number[]): InFlight => {
      const rec = ctx.recorder('generate step');
      const owned: Tensor[] = [];
      let read: Promise<Uint32Array> | null = null;
      let result: Tensor<'u32'> | null = null;
      let step: StepTokens | GpuStepTokens;
      try {
        step = build(rec, owned);
        const hidden = model.recordForward(rec, step, cache);
        owned.push(hidden);
        if (seqs.length) {
          const logits = model.recordLogits(rec, hidden, pick);
          const sampled = recordSample(ctx, rec, logits, seqs.map((s) => ({ sequence: keys[s], step: drawn[s] })), sampling);
          result = sampled.result;
          read = rec.read(result);
          owned.push(logits, ...sampled.scratch);
        }
      } catch (e) {
        // A recording error must not leak the recorder's staging and upload buffers.
        rec.abandon(e);
        result?.destroy();
        for (const t of owned) t.destroy();
        throw e;
      }
      rec.submit();
      model.releaseScratch();
      for (const t of owned) t.destroy();
      for (let n = 0; n < step.seq.length; n++) cache.lengths[step.seq[n]] = Math.max(cache.lengths[step.seq[n]], step.pos[n] + 1);
      for (const s of seqs) drawn[s]++;
      const flight: InFlight = { seqs, result, samples: read ? read.then(unpackSamples) : Promise.resolve([]) };
      inFlight.add(flight);
      return flight;
    };
    // The samples of a submitted step; its result tensor is released.
    const land = async (f: InFlight): Promise<Sample[]> => {
      const samples = await f.samples;
      f.result?.destroy();
      f.result = null;
      inFlight.delete(f);
      return samples;
    };
    const finished = new Array<boolean>(B).fill(false);
    // Records a sampled token; false when the sequence is finished.
    const accept = (s: number, smp: Sample): boolean => {
      const seq = out[s];
      seq.ids.push(smp.id);
      seq.logprobs.push(smp.logprob);
      opts.onToken?.(s, smp.id, smp.logprob);
      if (eos.has(smp.id)) {
        seq.finish = 'eos';
        return false;
      }
      if (stop.length) {
        const added = streams[s].push(smp.id);
        if (added) {
          const from = Math.max(0, texts[s].length - lookBack);
          const text = (texts[s] += added);
          const cut = firstStop(text, stop, from);
          if (cut >= 0) {
            seq.finish = 'stop';
            seq.text = text.slice(0, cut);
            return false;
          }
        }
      }
      return seq.ids.length < opts.maxNewTokens;
    };
    const acceptAll = (f: InFlight, samples: Sample[]): void => {
      f.seqs.forEach((s, r) => {
        if (!finished[s] && !accept(s, samples[r])) finished[s] = true;
      });
    };
    // A decode step of `seqs`: input ids from the host (their last accepted ids) or, with
    // `from`, from that step's samples on the GPU (each of `seqs` among its rows).
    const decodeStep = (seqs: number[], from: InFlight | null): InFlight => {
      const pos = seqs.map((s) => prompts[s].length + drawn[s] - 1);
      if (!from) return submitStep(() => ({ tokens: seqs.map((s) => out[s].ids[out[s].ids.length - 1]), seq: seqs, pos }), undefined, seqs);
      const rowOf = new Map(from.seqs.map((s, r) => [s, r]));
      const rows = seqs.map((s) => rowOf.get(s)!);
      return submitStep(
        (rec, owned) => {
          const { ids, scratch } = recordSampledIds(ctx, rec, from.result!, rows);
          owned.push(ids, ...scratch);
          return { ids, seq: seqs, pos };
        },
        undefined,
        seqs,
      );
    };

    // Prefill: the distinct prompts packed (each in the cache slot of its first sequence), in
    // chunks small enough for one forward; each sequence is sampled in the chunk that holds
    // its prompt's last token (later chunks attend to the earlier ones through the cache).
    const first = firstOfEqual(prompts);
    const distinct = prompts.map((_, s) => s).filter((s) => first[s] === s);
    const unique = packSequences(distinct.map((s) => prompts[s]));
    const packed: StepTokens = { ...unique, seq: Array.from(unique.seq, (u) => distinct[u]) };
    const total = packed.tokens.length;
    const lastRow = new Array<number>(B);
    distinct.reduce((at, s) => ((lastRow[s] = at + prompts[s].length - 1), at + prompts[s].length), 0);
    for (let s = 0; s < B; s++) lastRow[s] = lastRow[first[s]];
    const chunk = Math.min(opts.prefillChunk ?? Infinity, model.maxStepTokens());
    const live: number[] = [];
    for (let c0 = 0; c0 < total; c0 += chunk) {
      const c1 = Math.min(total, c0 + chunk);
      const seqs = prompts.map((_, s) => s).filter((s) => lastRow[s] >= c0 && lastRow[s] < c1);
      const f = submitStep(() => sliceStep(packed, c0, c1), seqs.map((s) => lastRow[s] - c0), seqs);
      acceptAll(f, await land(f));
      live.push(...seqs.filter((s) => !finished[s]));
    }
    copySharedPrompts(cache, first, prompts);
    // Decode: one token per live sequence per step. The first step's ids come from the host
    // (prefill was read); each later one's from the step before it, still on the GPU.
    const pipeline = opts.pipeline ?? true;
    let pending: InFlight | null = null;
    if (live.length) pending = decodeStep(live, null);
    while (pending) {
      const prev: InFlight = pending;
      pending = null;
      if (pipeline) {
        // Sequences not known to have ended and with budget left; their inputs are prev's samples.
        const next = prev.seqs.filter((s) => !finished[s] && drawn[s] < opts.maxNewTokens);
        if (next.length) pending = decodeStep(next, prev);
        acceptAll(prev, await land(prev));
      } else {
        acceptAll(prev, await land(prev));
        const next = prev.seqs.filter((s) => !finished[s]);
        if (next.length) pending = decodeStep(next, null);
      }
    }
  } finally {
    // After an error, steps still in flight release their sample tensors (reads are dropped).
    for (const f of inFlight) {
      f.result?.destroy();
      f.samples.catch(() => {});
    }
    cache.destroy();
  }
  if (opts.decode) {
    for (const seq of out) {
      if (seq.finish === 'stop') continue;
      seq.text = opts.decode(seq.finish === 'eos' ? seq.ids.slice(0, -1) : seq.ids);
    }
  }
  return out;
}

/** For each prompt, the index of the first prompt with the same ids. */
function firstOfEqual(prompts: readonly (readonly number[])[]): number[] {
  const byKey = new Map<string, number>();
  return prompts.map((p, i) => {
    const key = p.join(',');
    const at = byKey.get(key);
    if (at !== undefined) return at;
    byKey.set(key, i);
    return i;
  });
}

/**
 * Each copy's cache slot takes the prompt rows of its first sequence's slot. WebGPU copies
 * between two buffers only, so the rows go through a temporary.
 */
function copySharedPrompts(cache: KvCache, first: readonly number[], prompts: readonly (readonly number[])[]): void {
  const copies = first.map((f, s) => [f, s] as const).filter(([f, s]) => f !== s);
  if (!copies.length) return;
  const { ctx, capacity } = cache;
  const longest = Math.max(...copies.map(([f]) => prompts[f].length));
  const tmp = ctx.tensor([longest, cache.kvDim], 'f32', undefined, 'shared prompt rows');
  const rec = ctx.recorder('shared prompt cache rows');
  try {
    for (const [f, s] of copies) {
      const n = prompts[f].length;
      for (const t of [...cache.k, ...cache.v]) {
        rec.copyRows(t, f * capacity, tmp, 0, n);
        rec.copyRows(tmp, 0, t, s * capacity, n);
      }
      cache.lengths[s] = n;
    }
  } catch (e) {
    rec.abandon(e);
    tmp.destroy();
    throw e;
  }
  rec.submit();
  tmp.destroy();
}

/** Where the earliest stop string starting at or after `from` begins, or -1. */
function firstStop(text: string, stop: readonly string[], from: number): number {
  let best = -1;
  for (const s of stop) {
    const i = text.indexOf(s, from);
    if (i >= 0 && (best < 0 || i < best)) best = i;
  }
  return best;
}
