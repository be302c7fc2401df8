// RoPE inverse frequencies for a ModelConfig, with the supported scaling remaps applied, so
// the CPU reference and the GPU runtime share one definition. Pairs are rotate-half
// (dimension i with i + headDim/2), as in Hugging Face's modeling code.
import type { ModelConfig } from './config';

/** inv_freq[i] = 1 / θ^(2i/d) for i < d/2, then remapped by config.ropeScaling. */
export function ropeInverseFrequencies(cfg: Pick<ModelConfig, 'headDim' | 'ropeTheta' | 'ropeScaling'>): Float64Array {
  const d = cfg.headDim;
  const inv = new Float64Array(d / 2);
  for (let i = 0; i < d / 2; i++) inv[i] = 1 / cfg.ropeTheta ** ((2 * i) / d);
  const s = cfg.ropeScaling;
  if (!s) return inv;
  if (s.type === 'linear') {
    // Positions divided by the factor is the same as frequencies divided by it.
    for (let i = 0; i < inv.length; i++) inv[i] /= s.factor;
    return inv;
  }
  // Llama 3.1: long wavelengths are slowed by `factor`, short ones kept, and the band in
  // between interpolated smoothly in 1/wavelength.
  const lowWavelen = s.originalMaxPositions / s.lowFreqFactor;
  const highWavelen = s.originalMaxPositions / s.highFreqFactor;
  for (let i = 0; i < inv.length; i++) {
    const f = inv[i];
    const wavelen = (2 * Math.PI) / f;
    if (wavelen < highWavelen) continue;
    if (wavelen > lowWavelen) {
      inv[i] = f / s.factor;
      continue;
    }
    const smooth = (s.originalMaxPositions / wavelen - s.lowFreqFactor) / (s.highFreqFactor - s.lowFreqFactor);
    inv[i] = (1 - smooth) * (f / s.factor) + smooth * f;
  }
  return inv;
}
