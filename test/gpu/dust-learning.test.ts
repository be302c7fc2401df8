// The learning test of phase 2: judgment groups where correctness is visible from a simple
// feature (the correct candidate says "ok", the wrong one "no"). A tiny random Llama is first
// taught the ranking *format* with uninformative rankings (as the toy model's pre-training
// does: "1, 2" and "2, 1" equally often, whatever the candidates say), so it ranks at chance;
// then GRPO with the real sampler, the authors' parser, PairAcc rewards and group-normalised
// advantages must lift the mean reward within a bounded number of steps.
import { afterAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/dust/config';
import { Policy } from '../../src/dust/policy';
import { createRng } from '../../src/dust/rng';
import { scoreJudgmentRollouts } from '../../src/dust/rollouts';
import { nodeDirSource } from '../../src/host/node-files';
import { loadModel } from '../../src/model/load';
import { loadTokenizer } from '../../src/tokenizer/tokenizer';
import { getTestContext } from '../helpers/gpu';
import { dustTinyModelDir } from './dust-tiny';
import { removeModelDirs } from './model-tiny-hf';

afterAll(() => removeModelDirs());

/** A two-candidate "judgment": which one says ok? labels[i] = 1 for the ok candidate. */
function group(okFirst: boolean): { prompt: string; labels: number[] } {
  return okFirst ? { prompt: 'rank: 1 ok, 2 no', labels: [1, 0] } : { prompt: 'rank: 1 no, 2 ok', labels: [0, 1] };
}

describe('phase 2 learning', () => {
  it('GRPO on judgments with a visible feature lifts mean PairAcc reward from chance', async () => {
    const ctx = await getTestContext();
    const src = nodeDirSource(dustTinyModelDir(3));
    const tok = await loadTokenizer(src);
    const { model, config } = await loadModel(ctx, src);
    const run = resolveConfig({
      model: { id: 'tiny' },
      train: { lr: 4e-3, warmupSteps: 0, weightDecay: 0, beta: 0, clipLow: 0.2, clipHigh: 0.2, microBatch: 32, maxGradNorm: 1 },
    });
    const policy = new Policy(ctx, config, model.weights, tok, run);
    try {
      const rng = createRng(5);
      // Format only: random rankings, so the model learns to write "a, b" but not which first.
      for (let step = 0; step < 80; step++) {
        const batch = Array.from({ length: 16 }, () => {
          const g = group(rng.next() < 0.5);
          return { prompt: policy.promptIds(g.prompt), completion: [...tok.encode(rng.next() < 0.5 ? '1, 2' : '2, 1'), policy.eos[0]!] };
        });
        await policy.trainer.sftStep(batch);
      }
      const G = 8;
      const stepReward: number[] = [];
      const malformed: number[] = [];
      const meanOf = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
      // Learned = the mean reward of 3 consecutive steps (24 groups, 192 judgments) ≥ 0.85.
      // Measured (lavapipe): chance ≈ 0.45 after the format warm-up, learned at step ~30.
      // Left running at this constant lr, Adam later overshoots into a fixed answer (every
      // group then has zero reward variance and no signal): the test stops when learned.
      const learned = () => stepReward.length >= 3 && meanOf(stepReward.slice(-3)) >= 0.85;
      for (let step = 0; step < 60 && !learned(); step++) {
        // Balanced: half the groups each way, so a fixed answer earns nothing on average.
        const groups = Array.from({ length: 8 }, (_, i) => group(i % 2 === 0));
        const rollouts = await policy.sample(
          groups.flatMap((g) => Array.from({ length: G }, () => g.prompt)),
          { temperature: 1, topP: 1, topK: 0, maxNewTokens: 6, seed: 100 + step, keys: Array.from({ length: groups.length * G }, (_, i) => i) },
        );
        const rewards: number[] = [];
        const examples = groups.flatMap((g, gi) => {
          const rs = rollouts.slice(gi * G, (gi + 1) * G);
          const s = scoreJudgmentRollouts(rs.map((r) => r.text), g.labels, { reward: 'pairacc', formatPenalty: -1, advantageStd: 'unbiased', advantageEpsilon: 1e-6 });
          rewards.push(...s.rewards);
          malformed.push(s.malformedRate);
          return rs.map((r, i) => ({ prompt: r.prompt, completion: r.completion, advantage: s.advantages[i]! }));
        });
        stepReward.push(meanOf(rewards));
        await policy.trainer.grpoStep(examples, { epsLow: 0.2, epsHigh: 0.2, aggregation: 'token-mean' });
      }
      // After the format warm-up the rankings are well formed and at chance (PairAcc ≈ 0.5).
      expect(meanOf(malformed.slice(0, 24))).toBeLessThan(0.2);
      expect(meanOf(stepReward.slice(0, 3))).toBeLessThan(0.7);
      expect(learned(), `mean reward per step: ${stepReward.map((r) => r.toFixed(2)).join(' ')}`).toBe(true);
    } finally {
      policy.destroy();
      model.destroy();
    }
  }, 300_000);
});
