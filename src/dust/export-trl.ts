// The judgment dataset for TRL's GRPOTrainer: JSON Lines with a conversational "prompt"
// column (a list of chat messages; TRL applies the model's chat template) and a "labels"
// column that TRL passes to reward functions as a keyword argument, next to the ids.
import type { GroupRecord } from './dataset';
import { toJsonl } from './dataset';
import { judgmentPrompt } from './judgment-prompt';

export interface TrlRow {
  prompt: { role: 'user'; content: string }[];
  labels: number[];
  problem_id: string;
  group_id: string;
}

export function trlRow(g: GroupRecord): TrlRow {
  return { prompt: [{ role: 'user', content: judgmentPrompt(g.question, g.codes) }], labels: g.labels, problem_id: g.problem_id, group_id: g.id };
}

/** JSON Lines, one row per group, in the given order. */
export function trlJsonl(groups: readonly GroupRecord[]): string {
  return toJsonl(groups.map(trlRow));
}
