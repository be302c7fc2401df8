// What a trained model's safetensors header records of the run that trained it (mode, steps,
// seed, the ids of its training problems), and the check an evaluation makes with it: with
// problems.split "hash" the held-out set depends on the seed, so a model trained under one seed
// evaluated under another would be scored partly on problems it trained on.
import type { Problem } from '../problems/schema';
import type { RunConfig } from './config';

/**
 * What the trained model's safetensors header records of its run: the mode, the steps, and the
 * ids of the problems it trained on (TRAINED_ON_KEY), so an evaluation under another seed or
 * split can see that its held-out problems were not held out from this model (heldOutOverlap).
 */
export function trainedModelMetadata(cfg: RunConfig, steps: number, train: readonly Problem[]): Record<string, string> {
  return { 'dust.mode': cfg.train.mode, 'dust.steps': String(steps), 'dust.seed': String(cfg.seed), [TRAINED_ON_KEY]: JSON.stringify(train.map((p) => p.id)) };
}

export const TRAINED_ON_KEY = 'dust.train_problems';

/** The held-out problems a trained model saw in training, by its header metadata (none recorded: none known). */
export function heldOutOverlap(metadata: Readonly<Record<string, string>>, heldOut: readonly Problem[]): string[] {
  const raw = metadata[TRAINED_ON_KEY];
  if (raw === undefined) return [];
  let ids: unknown;
  try {
    ids = JSON.parse(raw);
  } catch {
    throw new Error(`the model's "${TRAINED_ON_KEY}" metadata is not JSON: the file was edited or is damaged`);
  }
  if (!Array.isArray(ids) || !ids.every((x) => typeof x === 'string')) throw new Error(`the model's "${TRAINED_ON_KEY}" metadata is not a list of problem ids`);
  const trained = new Set(ids);
  return heldOut.filter((p) => trained.has(p.id)).map((p) => p.id);
}

