// SwiGLU MLP activation: h = silu(gate)·up elementwise (gate, up, h of equal size), and
// its hand-written backward.
import { type Recorder, type Tensor, WGSL_LINEAR_GROUP, params } from '../gpu';
import src from '../../shaders/swiglu.wgsl?raw';

const WG = 64;
const CODE = { 1: `alias V = f32;\n${src}${WGSL_LINEAR_GROUP}`, 4: `alias V = vec4<f32>;\n${src}${WGSL_LINEAR_GROUP}` };

function sameSize(what: string, ts: Tensor[]): number {
  const n = ts[0].numel;
  for (const t of ts) {
    if (t.dtype !== 'f32') throw new Error(`${what}: "${t.label}" must be f32, got ${t.dtype}`);
    if (t.numel !== n) throw new Error(`${what}: "${t.label}" has ${t.numel} elements, "${ts[0].label}" has ${n}; all must match`);
  }
  return n;
}

/** h = silu(gate)·up. h must be a third tensor. */
export function swigluForward(rec: Recorder, gate: Tensor, up: Tensor, h: Tensor): void {
  const n = sameSize('swigluForward', [gate, up, h]);
  const vec = n % 4 === 0 ? 4 : 1;
  const k = rec.ctx.kernel({ label: `swiglu.forward.v${vec}`, code: CODE[vec], entryPoint: 'forward', constants: { WG }, bindings: ['read', 'read', 'write', 'uniform'] });
  rec.dispatch(k, [gate, up, h, params().u32(n / vec).u32(0)], rec.ctx.grid(Math.ceil(n / vec / WG)));
}

/** dGate, dUp (= or += with accumulate) from dh and the forward's gate and up. */
export function swigluBackward(rec: Recorder, dh: Tensor, gate: Tensor, up: Tensor, dGate: Tensor, dUp: Tensor, options: { accumulate?: boolean } = {}): void {
  const n = sameSize('swigluBackward', [dh, gate, up, dGate, dUp]);
  const vec = n % 4 === 0 ? 4 : 1;
  const k = rec.ctx.kernel({ label: `swiglu.backward.v${vec}`, code: CODE[vec], entryPoint: 'backward', constants: { WG }, bindings: ['read', 'read', 'read', 'write', 'write', 'uniform'] });
  rec.dispatch(k, [gate, up, dh, dGate, dUp, params().u32(n / vec).u32(options.accumulate ? 1 : 0)], rec.ctx.grid(Math.ceil(n / vec / WG)));
}
