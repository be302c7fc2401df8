// Gather / scatter of f32 scalars by u32 index (shaders/gather.wgsl). The trainer uses them to
// read a prefix tree's per-row log-probs into GRPO's [rollouts, length] grid and to send the
// loss's gradient back to the rows (src/train/prefix-tree.ts).
import src from '../../shaders/gather.wgsl?raw';
import { type Recorder, type Tensor, WGSL_LINEAR_GROUP, params } from '../gpu';
import { expectDType, kernelFor } from './launch';

const WG = 256;
/** The index that selects nothing: gather writes 0, scatter skips. */
export const GATHER_NONE = 0xffffffff;

function launch(rec: Recorder, entry: 'gather' | 'scatter', from: Tensor, idx: Tensor<'u32'>, to: Tensor): void {
  const what = `${entry}Scalars`;
  expectDType(what, from, 'f32');
  expectDType(what, to, 'f32');
  expectDType(what, idx, 'u32');
  const n = entry === 'gather' ? to.numel : from.numel;
  if (idx.numel !== n) throw new Error(`${what}: ${idx.numel} indices for ${n} elements of "${(entry === 'gather' ? to : from).label}"`);
  for (const t of [from, idx, to]) if (t.isSharded) throw new Error(`${what}: "${t.label}" is sharded; gather/scatter read one binding`);
  const label = `gather.${entry}`;
  const k = kernelFor(rec.ctx, label, () => ({ label, code: src + WGSL_LINEAR_GROUP, entryPoint: entry, constants: { WG }, bindings: ['read', 'read', 'write', 'uniform'] }));
  rec.dispatch(k, [from, idx, to, params().u32(n)], rec.ctx.grid(Math.ceil(n / WG)));
}

/** out[i] = src[idx[i]] (0 where idx[i] = GATHER_NONE). */
export function gatherScalars(rec: Recorder, from: Tensor, idx: Tensor<'u32'>, out: Tensor): void {
  launch(rec, 'gather', from, idx, out);
}

/** out = 0, then out[idx[i]] = src[i] (idx distinct, GATHER_NONE skipped). */
export function scatterScalars(rec: Recorder, from: Tensor, idx: Tensor<'u32'>, out: Tensor): void {
  rec.clear(out);
  launch(rec, 'scatter', from, idx, out);
}
