import { expectLength, type Vec } from './types';

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/** h = silu(gate) · up, elementwise; the MLP is then down(h). */
export function swigluForward(gate: Vec, up: Vec): Float64Array {
  expectLength('swiglu up', up, gate.length);
  const h = new Float64Array(gate.length);
  for (let i = 0; i < h.length; i++) h[i] = gate[i] * sigmoid(gate[i]) * up[i];
  return h;
}

/** silu'(g) = σ(g)·(1 + g·(1 − σ(g))). */
export function swigluBackward(dh: Vec, gate: Vec, up: Vec): { dGate: Float64Array; dUp: Float64Array } {
  expectLength('swiglu up', up, gate.length);
  expectLength('swiglu dh', dh, gate.length);
  const dGate = new Float64Array(gate.length);
  const dUp = new Float64Array(gate.length);
  for (let i = 0; i < gate.length; i++) {
    const g = gate[i];
    const s = sigmoid(g);
    dUp[i] = dh[i] * g * s;
    dGate[i] = dh[i] * up[i] * s * (1 + g * (1 - s));
  }
  return { dGate, dUp };
}
