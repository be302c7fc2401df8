// Phase 2 glue between sampling and the GRPO loss: the G judgment responses of one group
// become rewards and group-normalised advantages (one per response, for all its tokens);
// the primal baseline does the same with the pass/fail of G generated programs.
import { groupAdvantages } from './advantages';
import type { RunConfig } from './config';
import { primalReward, scoreJudgment } from './rewards';
import type { RunResult } from '../sandbox/types';

export type RolloutSettings = Pick<RunConfig['train'], 'reward' | 'formatPenalty' | 'advantageStd' | 'advantageEpsilon'>;

export interface ScoredRollouts {
  rewards: number[];
  advantages: number[];
  /** Per response: its ranking (1-based, best first) or null when malformed. */
  rankings: (number[] | null)[];
  /** Share of malformed responses in the group. */
  malformedRate: number;
}

export function scoreJudgmentRollouts(responses: readonly string[], labels: readonly number[], s: RolloutSettings): ScoredRollouts {
  const scored = responses.map((r) => scoreJudgment(r, labels, s.reward, s.formatPenalty));
  const rewards = scored.map((x) => x.reward);
  return {
    rewards,
    advantages: groupAdvantages(rewards, { std: s.advantageStd, epsilon: s.advantageEpsilon }),
    rankings: scored.map((x) => x.ranking),
    malformedRate: responses.length ? scored.filter((x) => !x.valid).length / responses.length : 0,
  };
}

/** Primal GRPO baseline: rewards 1/0 for the G programs generated for one problem. */
export function scorePrimalRollouts(results: readonly Pick<RunResult, 'status'>[], s: Pick<RolloutSettings, 'advantageStd' | 'advantageEpsilon'>): { rewards: number[]; advantages: number[] } {
  const rewards = results.map(primalReward);
  return { rewards, advantages: groupAdvantages(rewards, { std: s.advantageStd, epsilon: s.advantageEpsilon }) };
}
