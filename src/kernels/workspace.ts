// Per-context scratch buffers for kernels that need intermediate storage (partial sums,
// online-softmax state, a vocabulary chunk of logits). Dispatches in one queue run in
// order, so one buffer per (context, name) can serve every call. A workspace only grows
// (to the next power of two); the outgrown buffer is kept, not returned to the pool,
// because dispatches recorded but not yet submitted may still use it and a pooled buffer
// can be rewritten by queue.writeBuffer before that submit. The waste is bounded: sizes are
// powers of two, so a name's outgrown buffers together are smaller than its current one.
import type { DType, GpuContext, Tensor } from '../gpu';

const spaces = new WeakMap<GpuContext, Map<string, Tensor>>();
const outgrown = new WeakMap<GpuContext, Tensor[]>();

/** A 1-D tensor of at least `elements` elements, private to `name` on this context. */
export function workspace<D extends DType>(ctx: GpuContext, name: string, elements: number, dtype: D): Tensor<D> {
  let byName = spaces.get(ctx);
  if (!byName) spaces.set(ctx, (byName = new Map()));
  const key = `${name}/${dtype}`;
  const have = byName.get(key) as Tensor<D> | undefined;
  if (have && have.numel >= elements) return have;
  if (have) {
    let old = outgrown.get(ctx);
    if (!old) outgrown.set(ctx, (old = []));
    old.push(have);
  }
  const size = 2 ** Math.ceil(Math.log2(Math.max(64, elements)));
  const t = ctx.tensor([size], dtype, undefined, `workspace ${name}`);
  byName.set(key, t);
  return t;
}
