// A trained model's record of its training problems, and the held-out check `dust eval --trained` makes with it.
import { expect, test } from 'vitest';
import { resolveConfig } from '../../src/dust/config';
import { TRAINED_ON_KEY, heldOutOverlap, trainedModelMetadata } from '../../src/dust/trained-model-metadata';
import type { Problem } from '../../src/problems/schema';

const problems = (...ids: string[]) => ids.map((id) => ({ id })) as Problem[];

test('the metadata names the mode, steps, seed and training problems; an evaluation finds the held-out ones among them', () => {
  const cfg = resolveConfig({ model: { id: 'm' }, seed: 7, train: { mode: 'sft' } });
  const meta = trainedModelMetadata(cfg, 12, problems('a', 'b', 'c'));
  expect(meta).toMatchObject({ 'dust.mode': 'sft', 'dust.steps': '12', 'dust.seed': '7' });
  expect(JSON.parse(meta[TRAINED_ON_KEY]!)).toEqual(['a', 'b', 'c']);
  expect(heldOutOverlap(meta, problems('x', 'b', 'y', 'c'))).toEqual(['b', 'c']);
  expect(heldOutOverlap(meta, problems('x', 'y'))).toEqual([]);
  // a model from elsewhere (no record): nothing known, nothing refused
  expect(heldOutOverlap({ format: 'pt' }, problems('a'))).toEqual([]);
});

test('a damaged record is an error, not a silent pass', () => {
  expect(() => heldOutOverlap({ [TRAINED_ON_KEY]: '[a' }, problems('a'))).toThrow(/not JSON/);
  expect(() => heldOutOverlap({ [TRAINED_ON_KEY]: '[1, 2]' }, problems('a'))).toThrow(/not a list of problem ids/);
});
