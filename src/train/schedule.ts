// Learning-rate schedule as a pure function of the step: linear warm-up from 0, then
// constant or cosine decay to a floor. The optimizer passes the value to the GPU as a
// uniform each step, so the schedule never touches the GPU.

export interface LrSchedule {
  /** Peak learning rate, reached at the end of warm-up. */
  lr: number;
  /** Steps of linear warm-up (lr·(step+1)/warmupSteps); 0: none. */
  warmupSteps: number;
  /** After warm-up: stay at lr, or follow a half cosine down to minLr at totalSteps. */
  decay: 'constant' | 'cosine';
  /** Needed for 'cosine': the step at which minLr is reached (later steps stay there). */
  totalSteps?: number;
  /** Floor of the cosine; default 0. */
  minLr?: number;
}

export function checkSchedule(s: LrSchedule): void {
  const fail = (msg: string): never => {
    throw new Error(`LR schedule: ${msg}`);
  };
  if (!(s.lr > 0) || !Number.isFinite(s.lr)) fail(`lr ${s.lr} must be a positive number`);
  if (!Number.isInteger(s.warmupSteps) || s.warmupSteps < 0) fail(`warmupSteps ${s.warmupSteps} must be a non-negative integer`);
  const min = s.minLr ?? 0;
  if (!(min >= 0) || min > s.lr) fail(`minLr ${s.minLr} must lie in [0, lr = ${s.lr}]`);
  if (s.decay === 'cosine') {
    if (s.totalSteps === undefined || !Number.isInteger(s.totalSteps) || s.totalSteps <= s.warmupSteps) {
      fail(`cosine decay needs totalSteps (an integer > warmupSteps = ${s.warmupSteps}), got ${s.totalSteps}`);
    }
  } else if (s.decay !== 'constant') fail(`decay "${s.decay}" is not one of constant, cosine`);
}

/**
 * Learning rate for 0-based optimizer step `step`. Warm-up: lr·(step+1)/warmupSteps, so the
 * first update is not wasted at lr 0 (transformers' get_linear_schedule_with_warmup starts at 0).
 */
export function learningRate(s: LrSchedule, step: number): number {
  checkSchedule(s);
  if (!Number.isInteger(step) || step < 0) throw new Error(`LR schedule: step ${step} must be a non-negative integer`);
  if (step < s.warmupSteps) return (s.lr * (step + 1)) / s.warmupSteps;
  if (s.decay === 'constant') return s.lr;
  const min = s.minLr ?? 0;
  const total = s.totalSteps as number;
  const progress = Math.min(1, (step - s.warmupSteps) / (total - s.warmupSteps));
  return min + (s.lr - min) * 0.5 * (1 + Math.cos(Math.PI * progress));
}
