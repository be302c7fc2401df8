// Phase 1 with the GPU model: a tiny random Llama (toy tokenizer) samples M candidates per
// training problem in batches while the real QuickJS pool labels them; garbage output must
// still give a well-formed dataset. Sampling is reproducible whatever the batch size, a stop
// request ends after the current batch, and canned reference/buggy answers give mixed groups.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig, type RunConfig } from '../../src/dust/config';
import { modelGenerator } from '../../src/dust/model-generator';
import { runPhase1 } from '../../src/dust/phase1-sample';
import type { TextGenerator } from '../../src/dust/text-generator';
import { nodeDirSource } from '../../src/host/node-files';
import { loadModel } from '../../src/model/load';
import type { Transformer } from '../../src/model/transformer';
import { builtinSplit } from '../../src/problems/builtin';
import { SandboxPool } from '../../src/sandbox/pool';
import { loadTokenizer } from '../../src/tokenizer/tokenizer';
import { getTestContext } from '../helpers/gpu';
import { cannedGenerator, dustTinyModelDir } from './dust-tiny';
import { removeModelDirs } from './model-tiny-hf';

let model: Transformer;
let gen: TextGenerator;
let pool: SandboxPool;
const train = builtinSplit().train.slice(0, 3);

const config = (dataset: Partial<RunConfig['dataset']> = {}) =>
  resolveConfig({
    preset: 'micro',
    seed: 3,
    model: { id: 'tiny' },
    sandbox: { timeoutMs: 2000 },
    dataset: { samples: 4, groupSize: 2, maxNewTokens: 24, generationBatch: 4, labelQueue: 8, ...dataset },
  });

beforeAll(async () => {
  const src = nodeDirSource(dustTinyModelDir());
  ({ model } = await loadModel(await getTestContext(), src));
  gen = modelGenerator(model, await loadTokenizer(src), { name: 'tiny-random' });
  pool = await SandboxPool.create({ workers: 1 });
});
afterAll(async () => {
  model.destroy();
  await pool.close();
  removeModelDirs();
});

describe('phase 1 on the GPU model', () => {
  it('samples M candidates per problem in batches, labels every one, and builds a well-formed dataset from garbage', async () => {
    const progress: number[] = [];
    const r = await runPhase1(pool, gen, train, config(), { onProgress: (p) => progress.push(p.done) });
    expect(r.complete).toBe(true);
    expect(r.candidates).toHaveLength(12);
    expect(r.candidates.map((c) => `${c.problem_id}:${c.index}`)).toEqual(train.flatMap((p) => [0, 1, 2, 3].map((i) => `${p.id}:${i}`)));
    for (const c of r.candidates) {
      expect(typeof c.response).toBe('string');
      expect(c.label === 0 || c.label === 1).toBe(true);
      if (c.code === null) expect(c.status).toBe('no_code');
    }
    // The random model never passes, so no group is mixed and none is kept.
    expect(r.groups).toEqual([]);
    expect(r.timing.batches).toBe(3);
    expect(progress).toEqual([4, 8, 12]);
    expect(r.timing.generateMs).toBeGreaterThan(0);
    expect(r.timing.gpuIdleFrac).toBeGreaterThanOrEqual(0);
    expect(r.timing.gpuIdleFrac).toBeLessThan(1);
    expect(r.labelling.labelled).toBe(12);

    // Each response depends on (seed, problem, sample), not on the batch it was generated in.
    const again = await runPhase1(pool, gen, train, config({ generationBatch: 8 }));
    expect(again.timing.batches).toBe(2);
    expect(again.candidates.map((c) => c.response)).toEqual(r.candidates.map((c) => c.response));
    const other = await runPhase1(pool, gen, train.slice(0, 1), { ...config(), seed: 4 });
    expect(other.candidates.map((c) => c.response)).not.toEqual(r.candidates.slice(0, 4).map((c) => c.response));
  }, 120_000);

  it('stops after the current batch when asked, keeping what was labelled', async () => {
    let batches = 0;
    const r = await runPhase1(pool, gen, train, config(), { shouldStop: () => batches > 0, onProgress: () => batches++ });
    expect(r.complete).toBe(false);
    expect(r.candidates).toHaveLength(4);
    expect(r.timing.batches).toBe(1);
  }, 60_000);

  it('builds mixed groups of K from a generator that answers right and wrong (labelled by the real sandbox)', async () => {
    const canned = cannedGenerator(train, (key) => key % 2 === 0);
    const r = await runPhase1(pool, canned, train, config({ samples: 4, groupSize: 4, shuffleWithinGroups: false, validationFraction: 0 }));
    expect(r.candidates.filter((c) => c.status === 'pass').map((c) => c.index)).toEqual([0, 2, 0, 2, 0, 2]);
    expect(r.groups).toHaveLength(3);
    for (const g of r.groups) {
      expect(g.labels).toEqual([1, 0, 1, 0]);
      expect(g.codes.every((c) => c.length > 0)).toBe(true);
    }
    expect(r.stats).toMatchObject({ groups: 3, trainGroups: 3, droppedAllFail: 0 });
    // Keys: sample j of problem i gets i·M + j; the seed is the run's dataset seed.
    expect(canned.requests.flatMap((q) => q.keys)).toEqual([...Array(12).keys()]);
    expect(new Set(canned.requests.map((q) => q.seed)).size).toBe(1);
  }, 60_000);
});
