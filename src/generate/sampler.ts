// Token sampling on the GPU (shaders/sampling.wgsl): temperature, top-k, top-p and a
// counter-based random draw per (seed, sequence key, step), one workgroup per row of
// logits. Only (id, log-prob) per row comes back to the host.
import { type GpuContext, type Recorder, type Tensor, params } from '../gpu';
import samplingSrc from '../../shaders/sampling.wgsl?raw';

export interface SamplingOptions {
  /** 0 = greedy (argmax). Default 1. */
  temperature?: number;
  /** Keep only the k most likely tokens; 0 (default) = off. */
  topK?: number;
  /** Keep the smallest top set with at least this probability mass; 1 (default) = off. */
  topP?: number;
  /** Any integer in [0, 2³²); default 0. */
  seed?: number;
}

export type ResolvedSampling = Required<SamplingOptions>;

/** Defaults applied and every field checked; throws a RangeError saying what is allowed. */
export function resolveSampling(o: SamplingOptions = {}): ResolvedSampling {
  const r = { temperature: o.temperature ?? 1, topK: o.topK ?? 0, topP: o.topP ?? 1, seed: o.seed ?? 0 };
  if (!Number.isFinite(r.temperature) || r.temperature < 0) throw new RangeError(`temperature must be a number ≥ 0 (0 = greedy), got ${o.temperature}`);
  if (!Number.isInteger(r.topK) || r.topK < 0) throw new RangeError(`top-k must be a whole number ≥ 0 (0 = off), got ${o.topK}`);
  if (!(r.topP > 0 && r.topP <= 1)) throw new RangeError(`top-p must be in (0, 1] (1 = off), got ${o.topP}`);
  if (!Number.isInteger(r.seed) || r.seed < 0 || r.seed >= 2 ** 32) throw new RangeError(`seed must be an integer in [0, 2^32), got ${o.seed}`);
  return r;
}

export interface Sample {
  id: number;
  /** log-softmax of the raw (untempered) logits at `id`. */
  logprob: number;
}

/**
 * Records sampling of each row of `logits` [rows, vocab]; row r uses the random stream
 * (seed, keys[r].sequence, keys[r].step). Returns a u32 tensor [rows, 2] to read back and
 * pass to unpackSamples (the caller destroys it and the key tensor returned alongside).
 */
export function recordSample(
  ctx: GpuContext,
  rec: Recorder,
  logits: Tensor<'f32'>,
  keys: readonly { sequence: number; step: number }[],
  opts: ResolvedSampling,
): { result: Tensor<'u32'>; scratch: Tensor[] } {
  const rows = logits.rows;
  if (keys.length !== rows) throw new Error(`sample: ${keys.length} keys for ${rows} rows of logits`);
  const k = new Uint32Array(2 * rows);
  keys.forEach((key, r) => {
    k[2 * r] = key.sequence >>> 0;
    k[2 * r + 1] = key.step >>> 0;
  });
  const keyT = ctx.tensor([rows, 2], 'u32', k, 'sample keys');
  const result = ctx.tensor([rows, 2], 'u32', undefined, 'samples');
  const kernel = ctx.kernel({ label: 'sample', code: samplingSrc, bindings: ['read', 'read', 'write', 'uniform'] });
  const g = ctx.grid(rows);
  const p = params().u32(rows).u32(logits.rowLength).u32(opts.seed).u32(opts.topK).f32(opts.temperature).f32(opts.topP).u32(g[0]);
  rec.dispatch(kernel, [logits, keyT, result, p], g);
  return { result, scratch: [keyT] };
}

/**
 * Records ids[i] = the id sampled in row rows[i] of a recordSample result: the next decode
 * step's input tokens, kept on the GPU so that step can be recorded before this one is read.
 * The caller destroys the returned tensors after submitting.
 */
export function recordSampledIds(ctx: GpuContext, rec: Recorder, result: Tensor<'u32'>, rows: readonly number[]): { ids: Tensor<'u32'>; scratch: Tensor[] } {
  if (rows.length === 0) throw new Error('sampledIds: no rows given');
  for (const r of rows) {
    if (!Number.isInteger(r) || r < 0 || r >= result.rows) throw new RangeError(`sampledIds: row ${r} is outside the ${result.rows} sampled rows`);
  }
  const picks = ctx.tensor([rows.length], 'u32', Uint32Array.from(rows), 'sampled rows');
  const ids = ctx.tensor([rows.length], 'u32', undefined, 'sampled ids');
  const kernel = ctx.kernel({ label: 'sample.ids', code: samplingSrc, entryPoint: 'sampled_ids', bindings: ['read', 'read', 'write', 'uniform'] });
  rec.dispatch(kernel, [result, picks, ids, params().u32(rows.length)], Math.ceil(rows.length / 64));
  return { ids, scratch: [picks] };
}

export function unpackSamples(raw: Uint32Array): Sample[] {
  const f = new Float32Array(raw.buffer, raw.byteOffset, raw.length);
  const out: Sample[] = [];
  for (let r = 0; r < raw.length / 2; r++) out.push({ id: raw[2 * r], logprob: f[2 * r + 1] });
  return out;
}

/** Samples each row of host-side logits on the GPU (tests, one-off use). */
export async function sampleRows(ctx: GpuContext, logits: Tensor<'f32'>, keys: readonly { sequence: number; step: number }[], opts: SamplingOptions = {}): Promise<Sample[]> {
  const rec = ctx.recorder('sample');
  const { result, scratch } = recordSample(ctx, rec, logits, keys, resolveSampling(opts));
  const read = rec.read(result);
  rec.submit();
  result.destroy();
  scratch.forEach((t) => t.destroy());
  return unpackSamples(await read);
}
