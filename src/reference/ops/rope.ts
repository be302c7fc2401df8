import { expectLength, type Vec } from './types';

/**
 * Which dimensions form a rotated pair. HF Llama/Qwen weights use 'rotate-half' (i, i + d/2);
 * 'interleaved' (2i, 2i + 1, GPT-J / llama.cpp NORM) exists only as a negative control.
 */
export type RopePairing = 'rotate-half' | 'interleaved';

export interface RopeShape {
  rows: number;
  heads: number;
  headDim: number;
  /** Absolute position of each row: batched, padded or KV-cached sequences pass their own. */
  positions: ArrayLike<number>;
  theta: number;
  /**
   * Overrides 1/θ^(2i/d) when the model remaps frequencies (rope_scaling); length headDim/2.
   * Without it the op computes the plain frequencies itself.
   */
  invFreq?: ArrayLike<number>;
  pairing?: RopePairing;
}

function rotate(x: Vec, s: RopeShape, sign: 1 | -1): Float64Array {
  const { rows, heads, headDim: d, positions, theta } = s;
  const pairing = s.pairing ?? 'rotate-half';
  if (d % 2 !== 0) throw new Error(`reference: RoPE needs an even head dimension, got ${d}`);
  expectLength('rope x', x, rows * heads * d);
  expectLength('rope positions', positions, rows);
  const half = d / 2;
  if (s.invFreq) expectLength('rope invFreq', s.invFreq, half);
  const y = new Float64Array(rows * heads * d);
  for (let r = 0; r < rows; r++) {
    const p = positions[r];
    for (let i = 0; i < half; i++) {
      // inv_freq_i = 1/θ^(2i/d), evaluated in f64.
      const angle = p * (s.invFreq ? s.invFreq[i] : Math.pow(theta, -(2 * i) / d));
      const c = Math.cos(angle);
      const sn = sign * Math.sin(angle);
      const a = pairing === 'rotate-half' ? i : 2 * i;
      const b = pairing === 'rotate-half' ? i + half : 2 * i + 1;
      for (let h = 0; h < heads; h++) {
        const o = (r * heads + h) * d;
        const x0 = x[o + a];
        const x1 = x[o + b];
        y[o + a] = x0 * c - x1 * sn;
        y[o + b] = x1 * c + x0 * sn;
      }
    }
  }
  return y;
}

/** Rotates each head of x [rows, heads·headDim] by its row's position. */
export function ropeForward(x: Vec, shape: RopeShape): Float64Array {
  return rotate(x, shape, 1);
}

/** A rotation is orthogonal, so its backward is the rotation by the opposite angle. */
export function ropeBackward(dy: Vec, shape: RopeShape): Float64Array {
  return rotate(dy, shape, -1);
}
