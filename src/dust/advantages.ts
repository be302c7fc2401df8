// Group-normalised GRPO advantages: A_g = (r_g − mean r) / (std r + ε), one value per
// judgment response, shared by all its completion tokens.
//
// Which std: the authors train with verl (training/run_grpo.sh: adv_estimator=grpo,
// norm_adv_by_std_in_grpo=True). verl's GRPO estimator takes torch.std, which is the
// unbiased (n − 1) estimate, with ε = 1e-6, and uses mean 0 / std 1 for a group of one. That
// is the default here; 'population' (divide by n) and 'none' (Dr. GRPO: no division) are settings.

export const ADVANTAGE_STDS = ['unbiased', 'population', 'none'] as const;
export type AdvantageStd = (typeof ADVANTAGE_STDS)[number];

export interface AdvantageOptions {
  /** Default 'unbiased' (the authors' verl). */
  std?: AdvantageStd;
  /** Default 1e-6 (verl). */
  epsilon?: number;
}

export function groupAdvantages(rewards: readonly number[], opts: AdvantageOptions = {}): number[] {
  const std = opts.std ?? 'unbiased';
  const eps = opts.epsilon ?? 1e-6;
  if (!ADVANTAGE_STDS.includes(std)) throw new RangeError(`advantage std must be one of ${ADVANTAGE_STDS.join(', ')}, got "${String(std)}"`);
  if (!(eps >= 0) || !Number.isFinite(eps)) throw new RangeError(`advantage epsilon must be a finite number ≥ 0, got ${eps}`);
  const n = rewards.length;
  if (n === 0) return [];
  for (const r of rewards) if (!Number.isFinite(r)) throw new RangeError(`advantages: reward ${r} is not a finite number`);
  // A lone response has nothing to be compared with: verl passes its raw reward through.
  if (n === 1) return [std === 'none' ? rewards[0]! : rewards[0]! / (1 + eps)];
  const mean = rewards.reduce((a, b) => a + b, 0) / n;
  if (std === 'none') return rewards.map((r) => r - mean);
  const ss = rewards.reduce((a, r) => a + (r - mean) ** 2, 0);
  const sd = Math.sqrt(ss / (std === 'unbiased' ? n - 1 : n));
  return rewards.map((r) => (r - mean) / (sd + eps));
}
