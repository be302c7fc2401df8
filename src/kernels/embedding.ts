// Embedding gather (forward) and scatter-add (backward) over a row-sharded table.
// Token ids are a GPU tensor ([T], u32 or i32) because sampled tokens never leave the GPU;
// ids outside [0, vocab) yield zero rows (check them on the host with checkTokenIds where
// they come from the CPU).
import { type Kernel, type Recorder, type Tensor, WGSL_LINEAR_GROUP, params } from '../gpu';
import fwdSrc from '../../shaders/embedding.wgsl?raw';
import bwdSrc from '../../shaders/embedding_backward.wgsl?raw';
import { workspace } from './workspace';

const WG = 64;
const FWD = { f32: `alias T = f32;\n${fwdSrc}${WGSL_LINEAR_GROUP}`, f16: `enable f16;\nalias T = f16;\n${fwdSrc}${WGSL_LINEAR_GROUP}` };
const BWD = bwdSrc + WGSL_LINEAR_GROUP;

export type TokenIds = Tensor<'u32'> | Tensor<'i32'>;

/** Throws a clear error for ids outside the vocabulary (ids the GPU would turn into zero rows). */
export function checkTokenIds(ids: ArrayLike<number>, vocab: number): void {
  for (let t = 0; t < ids.length; t++) {
    const id = ids[t];
    if (!Number.isInteger(id) || id < 0 || id >= vocab) {
      throw new Error(`embedding: token id ${id} at position ${t} is outside the vocabulary [0, ${vocab}); tokenize with the model's own tokenizer`);
    }
  }
}

function shapeOf(table: Tensor, ids: TokenIds, rows: Tensor, what: string, tableDtypes: readonly string[]): { tokens: number; dim: number } {
  if (!tableDtypes.includes(table.dtype)) throw new Error(`${what}: table "${table.label}" is ${table.dtype}; it must be ${tableDtypes.join(' or ')}`);
  if (rows.dtype !== 'f32') throw new Error(`${what}: "${rows.label}" must be f32, got ${rows.dtype}`);
  const dim = table.rowLength;
  const tokens = ids.numel;
  if (rows.rowLength !== dim || rows.rows !== tokens) {
    throw new Error(`${what}: rows tensor "${rows.label}" is [${rows.shape}], expected [${tokens}, ${dim}] for ${tokens} ids and table [${table.shape}]`);
  }
  return { tokens, dim };
}

/** out[t, :] = table[ids[t], :]. table [vocab, dim] f32 or f16 (may be sharded), out [T, dim] f32. */
export function embeddingForward(rec: Recorder, table: Tensor, ids: TokenIds, out: Tensor): void {
  const { tokens, dim } = shapeOf(table, ids, out, 'embeddingForward', ['f32', 'f16']);
  const dtype = table.dtype as 'f32' | 'f16';
  const k = rec.ctx.kernel({ label: `embedding.gather.${dtype}`, code: FWD[dtype], entryPoint: 'gather', constants: { WG }, bindings: ['read', 'read', 'write', 'uniform'] });
  const n = tokens * dim;
  table.shards.forEach((s, i) => {
    rec.dispatch(k, [s, ids, out, params().u32(n).u32(dim).u32(s.rowStart).u32(s.rows).u32(table.rows).u32(i === 0 ? 1 : 0)], rec.ctx.grid(Math.ceil(n / WG)));
  });
}

/**
 * dTable[ids[t], :] += dy[t, :] (repeated ids sum in token order; deterministic, no
 * atomics). Without `accumulate` the table gradient is zeroed first.
 */
export function embeddingBackward(
  rec: Recorder,
  dy: Tensor,
  ids: TokenIds,
  dTable: Tensor,
  options: { accumulate?: boolean } = {},
): void {
  const { tokens, dim } = shapeOf(dTable, ids, dy, 'embeddingBackward', ['f32']);
  const links = workspace(rec.ctx, 'embedding.links', tokens, 'u32');
  if (!options.accumulate) rec.clear(dTable);
  const kl = bwdKernel(rec, 'links', ['read', 'write', 'read', 'write', 'uniform']);
  const ks = bwdKernel(rec, 'scatter', ['read', 'read', 'read', 'write', 'uniform']);
  const n = tokens * dim;
  const s0 = dTable.shards[0];
  rec.dispatch(kl, [ids, links, dy, s0, params().u32(n).u32(dim).u32(0).u32(0).u32(tokens)], rec.ctx.grid(Math.ceil(tokens / WG)));
  for (const s of dTable.shards) {
    rec.dispatch(ks, [ids, links, dy, s, params().u32(n).u32(dim).u32(s.rowStart).u32(s.rows).u32(tokens)], rec.ctx.grid(Math.ceil(n / WG)));
  }
}

function bwdKernel(rec: Recorder, entryPoint: string, bindings: Kernel['bindings']): Kernel {
  return rec.ctx.kernel({ label: `embedding.${entryPoint}`, code: BWD, entryPoint, constants: { WG }, bindings });
}
