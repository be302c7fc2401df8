// LR schedule: warm-up values, constant and cosine phases hand-checked, the floor, and
// refusals of bad settings. <1 s.
import { describe, expect, test } from 'vitest';
import { type LrSchedule, learningRate } from '../../src/train/schedule';

describe('learning-rate schedule', () => {
  test('linear warm-up reaches the peak on its last step, then stays constant', () => {
    const s: LrSchedule = { lr: 1e-3, warmupSteps: 4, decay: 'constant' };
    expect([0, 1, 2, 3, 4, 100].map((t) => learningRate(s, t))).toEqual([2.5e-4, 5e-4, 7.5e-4, 1e-3, 1e-3, 1e-3]);
    expect(learningRate({ ...s, warmupSteps: 0 }, 0)).toBe(1e-3);
  });

  test('cosine decays from the peak to the floor at totalSteps and stays there', () => {
    const s: LrSchedule = { lr: 1, warmupSteps: 2, decay: 'cosine', totalSteps: 12, minLr: 0.1 };
    expect(learningRate(s, 0)).toBe(0.5);
    expect(learningRate(s, 2)).toBe(1);
    // Halfway through the decay (step 7 of 2..12): floor + (peak − floor) / 2.
    expect(learningRate(s, 7)).toBeCloseTo(0.55, 12);
    // A quarter: floor + (peak − floor)·(1 + cos(π/4))/2.
    expect(learningRate({ ...s, totalSteps: 22 }, 7)).toBeCloseTo(0.1 + 0.9 * 0.5 * (1 + Math.SQRT1_2), 12);
    expect(learningRate(s, 12)).toBeCloseTo(0.1, 12);
    expect(learningRate(s, 1000)).toBeCloseTo(0.1, 12);
    // Monotone after warm-up.
    for (let t = 2; t < 12; t++) expect(learningRate(s, t + 1)).toBeLessThan(learningRate(s, t));
    expect(learningRate({ ...s, minLr: undefined }, 12)).toBeCloseTo(0, 12);
  });

  test('bad settings and steps are refused by name', () => {
    const s: LrSchedule = { lr: 1e-3, warmupSteps: 10, decay: 'cosine', totalSteps: 100 };
    expect(() => learningRate({ ...s, lr: 0 }, 0)).toThrow('LR schedule: lr 0 must be a positive number');
    expect(() => learningRate({ ...s, totalSteps: undefined }, 0)).toThrow(/cosine decay needs totalSteps \(an integer > warmupSteps = 10\), got undefined/);
    expect(() => learningRate({ ...s, totalSteps: 10 }, 0)).toThrow(/cosine decay needs totalSteps/);
    expect(() => learningRate({ ...s, minLr: 1 }, 0)).toThrow(/minLr 1 must lie in \[0, lr = 0.001\]/);
    expect(() => learningRate({ ...s, warmupSteps: -1 }, 0)).toThrow(/warmupSteps -1 must be a non-negative integer/);
    expect(() => learningRate({ ...s, decay: 'linear' as 'cosine' }, 0)).toThrow(/cosine decay needs|decay "linear"/);
    expect(() => learningRate({ lr: 1, warmupSteps: 0, decay: 'step' as 'constant' }, 0)).toThrow(/decay "step" is not one of constant, cosine/);
    expect(() => learningRate(s, -1)).toThrow(/step -1 must be a non-negative integer/);
  });
});
