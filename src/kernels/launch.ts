// Shared plumbing for the kernel dispatchers in this folder: checks that say what is
// wrong with the caller's tensors, the vec4 decision, and per-segment dispatch over
// sharded operands.
import type { DType, GpuContext, Kernel, KernelSpec, Tensor } from '../gpu';
import { shardSegments, type ShardSegment } from '../gpu';

const kernels = new WeakMap<GpuContext, Map<string, Kernel>>();

/**
 * The kernel for `key` on this context, built by `make` once. Dispatchers call this per
 * dispatch; a short key avoids rebuilding the spec and its cache key every time.
 */
export function kernelFor(ctx: GpuContext, key: string, make: () => KernelSpec): Kernel {
  let map = kernels.get(ctx);
  if (!map) kernels.set(ctx, (map = new Map()));
  let k = map.get(key);
  if (!k) map.set(key, (k = ctx.kernel(make())));
  return k;
}

export function expectDType(what: string, t: Tensor, ...allowed: DType[]): void {
  if (!allowed.includes(t.dtype)) throw new Error(`${what}: "${t.label}" is ${t.dtype}, expected ${allowed.join(' or ')}`);
}

export function expectSameShape(what: string, a: Tensor, b: Tensor): void {
  if (a.shape.length !== b.shape.length || a.shape.some((d, i) => d !== b.shape[i])) {
    throw new Error(`${what}: "${a.label}" [${a.shape}] and "${b.label}" [${b.shape}] must have the same shape`);
  }
}

export function expectDistinct(what: string, ...ts: Tensor[]): void {
  for (let i = 0; i < ts.length; i++) {
    for (let j = i + 1; j < ts.length; j++) {
      if (ts[i] === ts[j]) throw new Error(`${what}: "${ts[i].label}" is passed twice; outputs must not alias inputs (use the in-place op)`);
    }
  }
}

/** Segments over which every operand sits in one shard (one segment when none is sharded). */
export function segmentsOf(ts: readonly Tensor[]): ShardSegment[] {
  if (ts.every((t) => t.shards.length === 1)) {
    return [{ rowStart: 0, rows: ts[0].rows, parts: ts.map((t) => ({ shard: t.shards[0], rowOffset: 0 })) }];
  }
  return shardSegments(ts);
}

/**
 * vec4 loads are used when every segment boundary is a multiple of 4 elements:
 * always if the row length is, otherwise only for unsharded tensors of 4k elements.
 */
export function vecWidth(ts: readonly Tensor[], extraMultiples: number[] = []): 1 | 4 {
  const t = ts[0];
  const sharded = ts.some((x) => x.isSharded);
  const aligned = t.rowLength % 4 === 0 || (!sharded && t.numel % 4 === 0);
  return aligned && extraMultiples.every((m) => m % 4 === 0) ? 4 : 1;
}

/** How a row kernel maps rows to threads; 'auto' picks per adapter and shape. */
export type RowLayout = 'auto' | 'workgroup' | 'invocation';

/**
 * Row kernels come in two shapes: one workgroup per row (strided loads, shared-memory
 * tree) and one invocation per row (no barriers). Short rows always take the latter; on
 * CPU rasterisers barriers cost more than idle lanes (measured on lavapipe: 2.6 vs 0.13
 * GB/s for 4096 rows of 896), so there it wins whenever there are enough rows to fill
 * the cores.
 */
export function invocationPerRow(ctx: GpuContext, rows: number, unitsPerRow: number, layout: RowLayout = 'auto'): boolean {
  if (layout !== 'auto') return layout === 'invocation';
  if (unitsPerRow <= 16) return true;
  return ctx.adapter.isSoftware && rows >= 64;
}
