// `dust repro` as a user runs it, on the committed toy model with a tiny budget (1 seed × 2
// modes, a few problems, short outputs): one run folder per mode, phase 1's dataset copied from
// the first mode's folder into the second's, training and evaluation in each, the summary
// files, and a second invocation that only summarises. The first folder's phase 1 is written
// beforehand from the toy problems' reference and buggy programs (mixed groups whatever the
// model writes), so the test does not depend on how well the toy model codes. Skipped (with the
// reason) when public/models/dust-toy/model.safetensors is absent.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/dust/config';
import { runPhase1 } from '../../src/dust/phase1-sample';
import { namedProblemSet } from '../../src/dust/problem-sets';
import { splitProblems } from '../../src/dust/problem-split';
import { writeDataset } from '../../src/dust/run-folder';
import { nodeRunStore } from '../../src/host/node-run-folder';
import { SandboxPool } from '../../src/sandbox/pool';
import { cannedGenerator, dustTinyModelDir } from './dust-tiny';
import { removeModelDirs } from './model-tiny-hf';

const TOY = join(import.meta.dirname, '../../public/models/dust-toy/model.safetensors');
const haveToy = existsSync(TOY);
if (!haveToy) console.warn(`dust-repro-cli: skipped, ${TOY} does not exist (train it with \`npm run train:toy\`)`);

const work = mkdtempSync(join(tmpdir(), 'dust-repro-'));
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
  removeModelDirs();
});
const CLI = ['--import', 'tsx', '--import', './scripts/raw-loader.mjs', 'src/cli/dust.ts'];
const dust = (...args: string[]) => spawnSync('node', [...CLI, ...args], { encoding: 'utf8', timeout: 170_000 });

describe.skipIf(!haveToy)('dust repro on the toy model', () => {
  it('runs every mode of a seed into its folder, shares phase 1, writes and re-writes the summary', async () => {
    const doc = {
      preset: 'toy-repro',
      name: 'repro-test',
      problems: { maxTrainProblems: 2, maxEvalProblems: 1 },
      sandbox: { workers: 1 },
      dataset: { samples: 4, groupSize: 4, maxNewTokens: 96, generationBatch: 8, validationFraction: 0 },
      train: { rollouts: 2, batchGroups: 2, miniBatchGroups: 2, dataEpochs: 1, microBatch: 4, maxNewTokens: 10, validateEvery: 0, checkpointEvery: 0 },
      eval: { repeats: 1, candidates: 4, maxNewTokens: 64, judgeMaxNewTokens: 10 },
    };
    const config = join(work, 'tiny.json');
    writeFileSync(config, JSON.stringify(doc));
    const out = join(work, 'out');
    // Phase 1 of the first mode from canned programs: reference for even keys, buggy for odd.
    const cfg = resolveConfig(doc);
    const { train } = splitProblems(namedProblemSet('toy').problems, cfg);
    const pool = await SandboxPool.create({ workers: 1 });
    try {
      const ds = await runPhase1(pool, cannedGenerator(train.slice(0, 2), (k) => k % 2 === 0), train.slice(0, 2), cfg);
      expect(ds.groups.length).toBe(2);
      await writeDataset(nodeRunStore(join(out, 'off-policy-seed0'), { create: true }), ds);
    } finally {
      await pool.close();
    }
    const r = dust('repro', '--config', config, '--seeds', '1', '--modes', 'off-policy,sft', '--out', out);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/sft-seed0: phase 1's dataset copied from off-policy-seed0/);
    expect(r.stderr).toMatch(/\[dataset\] skipped/);
    for (const mode of ['off-policy', 'sft']) {
      const dir = join(out, `${mode}-seed0`);
      expect(JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')).train.mode).toBe(mode);
      const report = JSON.parse(readFileSync(join(dir, 'eval.json'), 'utf8'));
      expect(report.rows.map((x: { name: string }) => x.name)).toEqual(['base', 'judge-only', 'trained']);
      expect(existsSync(join(dir, 'model', 'model.safetensors'))).toBe(true);
    }
    // phase 1 ran once: the same dataset in both folders
    expect(readFileSync(join(out, 'sft-seed0', 'groups.jsonl'), 'utf8')).toBe(readFileSync(join(out, 'off-policy-seed0', 'groups.jsonl'), 'utf8'));
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.rows.map((x: { key: string }) => x.key)).toEqual(['base', 'off-policy/judge-only', 'off-policy/trained', 'sft/trained']);
    expect(summary.missing).toEqual([]);
    expect(Object.keys(summary.wallSeconds).sort()).toEqual(['off-policy-seed0', 'sft-seed0']);
    const md = readFileSync(join(out, 'summary.md'), 'utf8');
    expect(md).toContain('| SFT on rankings |');
    expect(r.stdout).toContain('| DuST (off-policy) |');
    const svg = readFileSync(join(out, 'summary.svg'), 'utf8');
    expect(svg.match(/class="bar"/g)).toHaveLength(5 * 4);

    // A second invocation finds everything finished: it only summarises.
    const again = dust('repro', '--config', config, '--seeds', '1', '--modes', 'off-policy,sft', '--out', out);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/off-policy-seed0: finished earlier, skipped/);
    expect(again.stderr).toMatch(/sft-seed0: finished earlier, skipped/);
    expect(again.stdout).toContain('| SFT on rankings |');
  }, 180_000);

  it('refuses bad arguments with the usage', () => {
    const bad = dust('repro', '--modes', 'off-policy,dual', '--out', join(work, 'x'));
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--modes: each must be one of off-policy, on-policy, primal, sft, got "dual"/);
    const seeds = dust('repro', '--seeds', '0');
    expect(seeds.status).toBe(2);
    expect(seeds.stderr).toMatch(/--seeds must be a whole number/);
  }, 60_000);
});

describe('dust repro when a run fails', () => {
  it('reports the failed runs, goes on with the others and exits 1 (a random model: no mixed group)', () => {
    const config = join(work, 'random.json');
    writeFileSync(
      config,
      JSON.stringify({
        preset: 'toy-repro',
        model: { id: dustTinyModelDir(5) },
        problems: { maxTrainProblems: 2, maxEvalProblems: 1 },
        sandbox: { workers: 1 },
        dataset: { samples: 4, maxNewTokens: 8, generationBatch: 8 },
      }),
    );
    const out = join(work, 'failing');
    const r = dust('repro', '--config', config, '--seeds', '1', '--modes', 'off-policy,sft', '--out', out);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/off-policy-seed0: failed after \d+ s: phase 2: the dataset has no training groups/);
    expect(r.stderr).toMatch(/sft-seed0: failed after/);
    expect(r.stderr).toMatch(/2 run\(s\) failed/);
    expect(existsSync(join(out, 'summary.json'))).toBe(false);
    const lines = readFileSync(join(out, 'repro-log.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.run, l.complete])).toEqual([['off-policy-seed0', false], ['sft-seed0', false]]);
  }, 120_000);
});
