// `dust train`, `dust run --run DIR` and `dust export --to hf` as a user runs them, on a run
// folder whose dataset holds mixed groups (canned reference/buggy answers; the tiny random
// model itself never writes a passing program): training writes the model folder, export
// re-encodes it as float16 and our loader reads it back with logits within f16 rounding of
// the float32 ones, and continuing the finished run only evaluates. Also the clear errors.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/dust/config';
import { runPhase1 } from '../../src/dust/phase1-sample';
import { writeDataset, writeRunConfig } from '../../src/dust/run-folder';
import { TRAINED_ON_KEY } from '../../src/dust/trained-model-metadata';
import { nodeDirSource } from '../../src/host/node-files';
import { nodeRunStore } from '../../src/host/node-run-folder';
import { parseSafetensorsHeader } from '../../src/model/safetensors';
import { loadModel } from '../../src/model/load';
import { builtinSplit } from '../../src/problems/builtin';
import { SandboxPool } from '../../src/sandbox/pool';
import { getTestContext, maxAbsDiff } from '../helpers/gpu';
import { cannedGenerator, dustTinyModelDir } from './dust-tiny';
import { removeModelDirs } from './model-tiny-hf';

const work = mkdtempSync(join(tmpdir(), 'dust-run-cli-'));
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
  removeModelDirs();
});
const CLI = ['--import', 'tsx', '--import', './scripts/raw-loader.mjs', 'src/cli/dust.ts'];
const dust = (...args: string[]) => spawnSync('node', [...CLI, ...args], { encoding: 'utf8', timeout: 240_000 });
const modelDir = dustTinyModelDir(8);

const doc = {
  preset: 'micro',
  name: 'cli',
  seed: 2,
  model: { id: modelDir },
  problems: { maxTrainProblems: 4, maxEvalProblems: 1 },
  sandbox: { timeoutMs: 2000, workers: 1 },
  dataset: { samples: 4, groupSize: 2, maxNewTokens: 16, generationBatch: 8, validationFraction: 0 },
  train: { rollouts: 2, batchGroups: 4, miniBatchGroups: 4, ppoEpochs: 1, dataEpochs: 1, lr: 1e-3, beta: 0, maxNewTokens: 4, validateEvery: 0 },
  eval: { repeats: 1, candidates: 2, maxNewTokens: 8, judgeMaxNewTokens: 4 },
};

describe('dust train / run / export --to hf', () => {
  it('trains a built run folder, exports float16 weights that reload, and a finished run only evaluates', async () => {
    const cfg = resolveConfig(doc);
    const run = join(work, 'run');
    const store = nodeRunStore(run, { create: true });
    const pool = await SandboxPool.create({ workers: 1 });
    const train = builtinSplit().train.slice(0, 4);
    try {
      await writeRunConfig(store, cfg);
      await writeDataset(store, await runPhase1(pool, cannedGenerator(train, (k) => k % 2 === 0), train, cfg));
    } finally {
      await pool.close();
    }
    const t = dust('train', '--run', run);
    expect(t.status, t.stderr).toBe(0);
    expect(t.stderr).toMatch(/\[train\] step 1: reward /);
    expect(t.stderr).toMatch(/\[train\] done: 2 steps/);
    expect(existsSync(join(run, 'model', 'model.safetensors'))).toBe(true);
    expect(existsSync(join(run, 'model', 'tokenizer.json'))).toBe(true);

    const x = dust('export', '--run', run, '--to', 'hf', '--dtype', 'float16');
    expect(x.status, x.stderr).toBe(0);
    const out = join(run, 'export', 'hf');
    expect(JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')).torch_dtype).toBe('float16');
    // the trained model's record of its training problems travels with the export
    const headerOf = (dir: string) => parseSafetensorsHeader(readFileSync(join(dir, 'model.safetensors'))).metadata;
    const trainedOn = headerOf(join(run, 'model'))[TRAINED_ON_KEY];
    expect(JSON.parse(trainedOn!).length).toBeGreaterThan(0);
    expect(headerOf(out)).toMatchObject({ [TRAINED_ON_KEY]: trainedOn, 'dust.mode': 'off-policy', 'dust.steps': '2', 'dust.run': run });
    const ctx = await getTestContext();
    const a = await loadModel(ctx, nodeDirSource(join(run, 'model')));
    const b = await loadModel(ctx, nodeDirSource(out));
    const ids = [[2, 7, 30, 41, 55]];
    const [la, lb] = [(await a.model.logits(ids))[0]!, (await b.model.logits(ids))[0]!];
    expect(maxAbsDiff(la, lb)).toBeLessThan(0.05);
    a.model.destroy();
    b.model.destroy();

    const r = dust('run', '--run', run);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/\[dataset\] skipped/);
    expect(r.stderr).toMatch(/\[eval\] done/);
    expect(r.stdout).toMatch(/\| base \|/);
    expect(JSON.parse(readFileSync(join(run, 'eval.json'), 'utf8')).rows.map((x: { name: string }) => x.name)).toEqual(['base', 'judge-only', 'trained']);
  }, 600_000);

  it('clear errors: train without a run folder, a dataset with no groups, a changed config, an unknown mode', () => {
    const noRun = dust('train', '--preset', 'micro');
    expect(noRun.status).toBe(2);
    expect(noRun.stderr).toMatch(/train needs a run folder with a finished dataset: --run DIR/);
    const mode = dust('run', '--preset', 'micro', '--mode', 'dpo');
    expect(mode.status).toBe(2);
    expect(mode.stderr).toMatch(/--mode must be one of off-policy, on-policy, primal, sft/);
    // The random model's dataset has no mixed group: phase 2 says what to change.
    const cfgFile = join(work, 'empty.json');
    writeFileSync(cfgFile, JSON.stringify({ ...doc, name: 'empty', problems: { maxTrainProblems: 1, maxEvalProblems: 1 }, dataset: { ...doc.dataset, samples: 2 } }));
    const empty = join(work, 'empty');
    const e = dust('run', '--config', cfgFile, '--out', empty);
    expect(e.status).toBe(1);
    expect(e.stderr).toMatch(/no training groups .*sample more candidates \(dataset\.samples\)/);
    // The folder keeps its config: continuing it with another one is refused.
    const changed = join(work, 'changed.json');
    writeFileSync(changed, JSON.stringify({ ...doc, name: 'other' }));
    const c = dust('run', '--config', changed, '--out', empty);
    expect(c.status).toBe(1);
    expect(c.stderr).toMatch(/holds a run with a different configuration/);
  }, 600_000);
});
