// Token sampling on the GPU (shaders/sampling.wgsl): temperature, top-k, top-p and a
// counter-based random draw per (seed, sequence key, step). Only (id, log-prob) per row comes
// back to the host. On real GPUs, large vocabularies with greedy or top-k ≤ 64 sampling go
// through chunks (many workgroups per row keep each chunk's top-k, one per row draws from
// those); the rest through one workgroup per row over the whole vocabulary.
import { type GpuContext, type Recorder, type Tensor, params } from '../gpu';
import { expandTemplate } from '../kernels/matmul_template';
import { workspace } from '../kernels/workspace';
import samplingSrc from '../../shaders/sampling.wgsl?raw';

/** Logits per chunk (the shader's CH), candidate slots beyond top-k for ties (SLACK). */
const CHUNK = 1024;
const SLACK = 4;
/** The largest top-k the chunked path takes. */
export const CHUNKED_MAX_TOP_K = 64;
/**
 * 'auto': chunked where it applies (≥ 2 chunks; greedy or top-k in [1, 64]) on a real GPU, where
 * one workgroup walking a 152k vocabulary ~20 times is latency-bound (3.8 ms of a Qwen2.5 decode
 * step on an H200, session 12); whole-row on software adapters, where every workgroup barrier
 * costs microseconds and the chunks' barriers made it 3–12× slower (lavapipe, `bench ops`).
 */
export type SamplerPath = 'auto' | 'whole-row' | 'chunked';

let rowCode: string | undefined;
let candsCode: string | undefined;
const sourceFor = (cands: boolean): string => (cands ? (candsCode ??= expandTemplate(samplingSrc, { CANDS: true })) : (rowCode ??= expandTemplate(samplingSrc, { CANDS: false })));

/** Whether sampling `vocab`-wide rows with these options can take the chunked path. */
function chunkedApplies(vocab: number, rows: number, opts: ResolvedSampling, maxPerDim: number): boolean {
  const chunks = Math.ceil(vocab / CHUNK);
  return chunks >= 2 && chunks <= maxPerDim && rows <= maxPerDim && (opts.temperature === 0 || (opts.topK >= 1 && opts.topK <= CHUNKED_MAX_TOP_K));
}

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
  path: SamplerPath = 'auto',
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
  const V = logits.rowLength;
  const g = ctx.grid(rows);
  const p = params().u32(rows).u32(V).u32(opts.seed).u32(opts.topK).f32(opts.temperature).f32(opts.topP).u32(g[0]);
  const fits = chunkedApplies(V, rows, opts, ctx.limits.maxComputeWorkgroupsPerDimension);
  if (path === 'chunked' && !fits) throw new RangeError(`sample: the chunked path needs ≥ ${2 * CHUNK} logits per row and greedy or top-k in [1, ${CHUNKED_MAX_TOP_K}] (got ${V}, top-k ${opts.topK}, temperature ${opts.temperature})`);
  if (path === 'whole-row' || !fits || (path === 'auto' && ctx.adapter.isSoftware)) {
    const kernel = ctx.kernel({ label: 'sample', code: sourceFor(false), bindings: ['read', 'read', 'write', 'uniform'] });
    rec.dispatch(kernel, [logits, keyT, result, p], g);
    return { result, scratch: [keyT] };
  }
  const chunks = Math.ceil(V / CHUNK);
  // (greedy keeps no candidates: a token slot per chunk only gives the binding a size)
  const slots = opts.temperature === 0 ? 1 : opts.topK + SLACK;
  // per-context scratch (src/kernels/workspace.ts): a decode step would otherwise allocate both
  const stats = workspace(ctx, 'sample.stats', rows * chunks * 4, 'u32');
  const cands = workspace(ctx, 'sample.cands', rows * chunks * slots * 2, 'u32');
  const top = ctx.kernel({ label: 'sample.chunk_top', code: sourceFor(false), entryPoint: 'chunk_top', bindings: ['read', 'write', 'write', 'uniform'] });
  rec.dispatch(top, [logits, stats, cands, p], [chunks, rows, 1]);
  const draw = ctx.kernel({ label: 'sample.chunked', code: sourceFor(true), entryPoint: 'chunked', bindings: ['read', 'read', 'write', 'uniform', 'read', 'read'] });
  rec.dispatch(draw, [logits, keyT, result, p, stats, cands], g);
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
  const kernel = ctx.kernel({ label: 'sample.ids', code: sourceFor(false), entryPoint: 'sampled_ids', bindings: ['read', 'read', 'write', 'uniform'] });
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
export async function sampleRows(ctx: GpuContext, logits: Tensor<'f32'>, keys: readonly { sequence: number; step: number }[], opts: SamplingOptions = {}, path: SamplerPath = 'auto'): Promise<Sample[]> {
  const rec = ctx.recorder('sample');
  const { result, scratch } = recordSample(ctx, rec, logits, keys, resolveSampling(opts), path);
  const read = rec.read(result);
  rec.submit();
  result.destroy();
  scratch.forEach((t) => t.destroy());
  return unpackSamples(await read);
}
