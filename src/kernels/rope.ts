// Rotate-half RoPE in place, with explicit per-token position ids, so packed batches,
// padded batches and KV-cached decode all work: the caller passes each token's absolute
// position. The backward is the same rotation by the opposite angle.
import { type GpuContext, type KernelSpec, type Recorder, type Tensor, WGSL_LINEAR_GROUP, params } from '../gpu';
import src from '../../shaders/rope.wgsl?raw';

const WG = 64;
const CODE = src + WGSL_LINEAR_GROUP;

/** cos/sin for positions [0, maxPositions): [maxPositions, headDim], computed in float64. */
export interface RopeTable {
  readonly table: Tensor<'f32'>;
  readonly headDim: number;
  readonly maxPositions: number;
}

/**
 * Builds the table from inverse frequencies (length headDim/2, e.g. ropeInverseFrequencies
 * from src/model/config-rope, which applies rope_scaling). Positions ≥ maxPositions are
 * clamped to the last row by the kernel, so size it to the longest context you will run.
 */
export function createRopeTable(ctx: GpuContext, invFreq: ArrayLike<number>, maxPositions: number): RopeTable {
  const half = invFreq.length;
  if (half < 1) throw new Error('createRopeTable: no inverse frequencies given');
  if (!Number.isInteger(maxPositions) || maxPositions < 1) throw new Error(`createRopeTable: maxPositions must be a positive integer, got ${maxPositions}`);
  const data = new Float32Array(maxPositions * 2 * half);
  for (let p = 0; p < maxPositions; p++) {
    for (let i = 0; i < half; i++) {
      const angle = p * invFreq[i];
      data[p * 2 * half + i] = Math.cos(angle);
      data[p * 2 * half + half + i] = Math.sin(angle);
    }
  }
  return { table: ctx.tensor([maxPositions, 2 * half], 'f32', data, 'rope table'), headDim: 2 * half, maxPositions };
}

/**
 * Rotates every head of x [tokens, heads·headDim] in place by its token's position
 * (positions: [tokens] u32). `inverse` rotates back: the backward of RoPE applied to dx.
 */
export function ropeInPlace(rec: Recorder, x: Tensor, heads: number, positions: Tensor<'u32'> | Tensor<'i32'>, rope: RopeTable, inverse = false): void {
  const d = rope.headDim;
  if (x.dtype !== 'f32') throw new Error(`rope: "${x.label}" must be f32`);
  if (x.numel % (heads * d) !== 0) throw new Error(`rope: "${x.label}" [${x.shape}] is not [tokens, ${heads}·${d}] (heads·headDim)`);
  const tokens = x.numel / (heads * d);
  if (positions.numel !== tokens) throw new Error(`rope: ${positions.numel} positions for ${tokens} tokens of "${x.label}"`);
  const n = tokens * heads * (d / 2);
  const k = rec.ctx.kernel({ label: 'rope.rotate', code: CODE, entryPoint: 'rotate', constants: { WG }, bindings: ['write', 'read', 'read', 'uniform'] });
  rec.dispatch(k, [x, positions, rope.table, params().u32(n).u32(heads).u32(d / 2).f32(inverse ? -1 : 1).u32(rope.maxPositions)], rec.ctx.grid(Math.ceil(n / WG)));
}

// One spec object: the pipeline cache finds the kernel by identity (once per decode layer).
const INTO_CACHE: KernelSpec = Object.freeze<KernelSpec>({
  label: 'rope.rotate_into_cache',
  code: CODE,
  entryPoint: 'rotate_into_cache',
  constants: { WG },
  bindings: ['write', 'read', 'read', 'read', 'read', 'read', 'write', 'write', 'uniform'],
});

/**
 * A decoder step's RoPE and KV-cache write in one dispatch: q [tokens, heads·headDim] is
 * rotated in place; k [tokens, kvHeads·headDim] rotated and v copied into cache rows
 * rows[t] of kCache / vCache [rows, kvHeads·headDim] (k itself is left as it was). Equal to
 * ropeInPlace on q and k followed by kvCacheWrite of k and v, in a quarter of the dispatches.
 */
export function ropeIntoCache(
  rec: Recorder,
  io: { q: Tensor; k: Tensor; v: Tensor; positions: Tensor<'u32'>; rows: Tensor<'u32'>; kCache: Tensor; vCache: Tensor },
  shape: { heads: number; kvHeads: number },
  rope: RopeTable,
): void {
  const { q, k, v, positions, rows, kCache, vCache } = io;
  const { heads, kvHeads } = shape;
  const d = rope.headDim;
  const what = 'ropeIntoCache';
  for (const t of [q, k, v, kCache, vCache]) {
    if (t.dtype !== 'f32') throw new Error(`${what}: "${t.label}" must be f32`);
    if (t.isSharded) throw new Error(`${what}: "${t.label}" is sharded; the step's tensors and the cache are one binding each`);
  }
  if (!(Number.isInteger(heads) && Number.isInteger(kvHeads) && kvHeads >= 1 && heads >= kvHeads && heads % kvHeads === 0)) {
    throw new Error(`${what}: heads ${heads} must be a multiple of kvHeads ${kvHeads}`);
  }
  if (q.numel % (heads * d) !== 0) throw new Error(`${what}: q "${q.label}" [${q.shape}] is not [tokens, ${heads}·${d}]`);
  const tokens = q.numel / (heads * d);
  const row = kvHeads * d;
  for (const t of [k, v]) if (t.numel !== tokens * row) throw new Error(`${what}: "${t.label}" [${t.shape}] is not [${tokens}, ${kvHeads}·${d}]`);
  for (const t of [kCache, vCache]) if (t.numel % row !== 0) throw new Error(`${what}: cache "${t.label}" [${t.shape}] is not rows of ${kvHeads}·${d}`);
  if (kCache.numel !== vCache.numel) throw new Error(`${what}: caches "${kCache.label}" and "${vCache.label}" differ in size`);
  if (positions.numel !== tokens || rows.numel !== tokens) throw new Error(`${what}: ${positions.numel} positions and ${rows.numel} cache rows for ${tokens} tokens`);
  const n = tokens * heads * (d / 2);
  const kern = rec.ctx.kernel(INTO_CACHE);
  const p = params().u32(n).u32(heads).u32(d / 2).u32(kvHeads).u32(rope.maxPositions);
  rec.dispatch(kern, [q, k, v, positions, rope.table, rows, kCache, vCache, p], rec.ctx.grid(Math.ceil(n / WG)));
}
