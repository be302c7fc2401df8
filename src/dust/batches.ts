// Phase 2 data order: each data epoch visits the training groups in a fresh seeded order,
// cut into batches of batchGroups (a last, smaller batch is kept: every group is seen once
// per epoch). Derived from (seed, epoch) alone, so a resumed run rebuilds the same batches.
import type { GroupRecord } from './dataset';
import { createRng, deriveSeed } from './rng';

export function epochBatches<T = GroupRecord>(groups: readonly T[], batchGroups: number, seed: number, epoch: number): T[][] {
  if (!Number.isInteger(batchGroups) || batchGroups < 1) throw new RangeError(`batches: batchGroups must be a positive integer, got ${batchGroups}`);
  if (!Number.isInteger(epoch) || epoch < 0) throw new RangeError(`batches: epoch must be an integer ≥ 0, got ${epoch}`);
  const order = createRng(deriveSeed(seed, 'epoch-order', epoch)).shuffle(groups);
  const out: T[][] = [];
  for (let i = 0; i < order.length; i += batchGroups) out.push(order.slice(i, i + batchGroups));
  return out;
}

/** Splits a batch into optimiser mini-batches of miniBatchGroups (in order). */
export function miniBatches<T>(batch: readonly T[], miniBatchGroups: number): T[][] {
  if (!Number.isInteger(miniBatchGroups) || miniBatchGroups < 1) throw new RangeError(`batches: miniBatchGroups must be a positive integer, got ${miniBatchGroups}`);
  const out: T[][] = [];
  for (let i = 0; i < batch.length; i += miniBatchGroups) out.push(batch.slice(i, i + miniBatchGroups));
  return out;
}
