// `dust build` and `dust eval` as a user runs them, on the tiny random model: the run folder
// they write, Ctrl-C (SIGINT) leaving a consistent folder marked incomplete, and the clear
// errors for a missing config, a folder that is not a run, and conflicting flags.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/dust/config';
import { parseCandidates } from '../../src/dust/dataset';
import { trainedModelMetadata } from '../../src/dust/trained-model-metadata';
import { readSafetensors, writeSafetensors } from '../../src/model/safetensors';
import type { Problem } from '../../src/problems/schema';
import { dustTinyModelDir } from './dust-tiny';
import { removeModelDirs } from './model-tiny-hf';

const work = mkdtempSync(join(tmpdir(), 'dust-cli-'));
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
  removeModelDirs();
});
const CLI = ['--import', 'tsx', '--import', './scripts/raw-loader.mjs', 'src/cli/dust.ts'];
const dust = (...args: string[]) => spawnSync('node', [...CLI, ...args], { encoding: 'utf8', timeout: 120_000 });

function configFile(name: string, over: Record<string, unknown> = {}): string {
  const file = join(work, `${name}.json`);
  const doc = {
    preset: 'micro',
    name,
    model: { id: dustTinyModelDir() },
    problems: { maxTrainProblems: 2, maxEvalProblems: 2 },
    sandbox: { workers: 1 },
    dataset: { samples: 4, groupSize: 2, maxNewTokens: 12, generationBatch: 4 },
    eval: { repeats: 1, maxNewTokens: 12, judgeMaxNewTokens: 6 },
    ...over,
  };
  writeFileSync(file, JSON.stringify(doc));
  return file;
}

describe('dust build / dust eval', () => {
  it('build writes the run folder; eval --run adds the report', () => {
    const run = join(work, 'run');
    const b = dust('build', '--config', configFile('a'), '--out', run);
    expect(b.status, b.stderr).toBe(0);
    expect(b.stderr).toMatch(/\[dataset\] 8\/8 responses \(100%\), .* ETA/);
    expect(parseCandidates(readFileSync(join(run, 'candidates.jsonl'), 'utf8'))).toHaveLength(8);
    expect(JSON.parse(readFileSync(join(run, 'dataset-stats.json'), 'utf8'))).toMatchObject({ complete: true, candidates: 8, problems: 2 });
    expect(JSON.parse(readFileSync(join(run, 'config.json'), 'utf8')).dataset.samples).toBe(4);
    const e = dust('eval', '--run', run);
    expect(e.status, e.stderr).toBe(0);
    expect(e.stdout).toMatch(/\| base \| 0\.0 \|/);
    const report = JSON.parse(readFileSync(join(run, 'eval.json'), 'utf8'));
    expect(report).toMatchObject({ k: 4, complete: true, rows: [{ name: 'base', repeats: 1, problems: 2 }] });
    expect(readFileSync(join(run, 'eval-records.jsonl'), 'utf8').trim().split('\n')).toHaveLength(2);
    const metrics = readFileSync(join(run, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(metrics.map((m) => m.event)).toEqual(['dataset', 'eval']);
    expect(metrics[0].gpu_idle_frac).toBeGreaterThanOrEqual(0);
  }, 120_000);

  it('eval --trained adds the judge-only and trained rows (a second model on the GPU)', () => {
    const out = join(work, 'with-trained');
    const e = dust('eval', '--config', configFile('t', { problems: { maxEvalProblems: 1 } }), '--trained', dustTinyModelDir(99), '--out', out);
    expect(e.status, e.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'eval.json'), 'utf8'));
    expect(report.rows.map((r: { name: string }) => r.name)).toEqual(['base', 'judge-only', 'trained']);
    const metrics = readFileSync(join(out, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const [base, judgeOnly, trained] = metrics;
    expect(judgeOnly.generator).toBe(base.generator);
    expect(judgeOnly.judge).toBe(trained.judge);
    expect(trained.judge).not.toBe(base.judge);
    expect(e.stdout).toContain('| DuST judge only (base generator) |');
    // The same trained model recording that it trained on the held-out problem (another
    // seed's hash split): refused before anything is loaded, with what to do.
    const heldOut = JSON.parse(readFileSync(join(out, 'eval-records.jsonl'), 'utf8').split('\n')[0]!).problem_id as string;
    const leaky = join(work, 'trained-on-held-out');
    cpSync(dustTinyModelDir(99), leaky, { recursive: true });
    const weights = [...readSafetensors(readFileSync(join(leaky, 'model.safetensors')))].map(([name, t]) => ({ name, dtype: 'F32' as const, shape: t.shape, data: t.data }));
    writeFileSync(join(leaky, 'model.safetensors'), writeSafetensors(weights, trainedModelMetadata(resolveConfig({ model: { id: 'x' } }), 3, [{ id: 'other' }, { id: heldOut }] as Problem[])));
    const refused = dust('eval', '--config', configFile('t2', { problems: { maxEvalProblems: 1 } }), '--trained', leaky, '--out', join(work, 'refused'));
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain(`1 of the 1 held-out problems (${heldOut}) are problems ${leaky} was trained on`);
    expect(refused.stderr).toMatch(/Evaluate it with the configuration it was trained with/);
  }, 120_000);

  it('Ctrl-C stops after the current batch and leaves a consistent folder marked incomplete', async () => {
    const run = join(work, 'stopped');
    const cfg = configFile('b', { problems: { maxTrainProblems: 8 }, dataset: { samples: 4, groupSize: 2, maxNewTokens: 48, generationBatch: 2 } });
    const child = spawn('node', [...CLI, 'build', '--config', cfg, '--out', run]);
    let stderr = '';
    const code = await new Promise<number | null>((resolve) => {
      child.stderr.on('data', (d: Buffer) => {
        const before = stderr;
        stderr += d.toString();
        if (!before.includes('[dataset]') && stderr.includes('[dataset]')) child.kill('SIGINT');
      });
      child.on('exit', (c) => resolve(c));
    });
    expect(stderr).toContain('stopping after the current batch');
    expect(code).toBe(130);
    const stats = JSON.parse(readFileSync(join(run, 'dataset-stats.json'), 'utf8'));
    const cands = parseCandidates(readFileSync(join(run, 'candidates.jsonl'), 'utf8'));
    expect(stats.complete).toBe(false);
    expect(cands.length).toBe(stats.candidates);
    expect(cands.length).toBeGreaterThan(0);
    expect(cands.length).toBeLessThan(32);
    expect(JSON.parse(readFileSync(join(run, 'metrics.jsonl'), 'utf8').trim())).toMatchObject({ event: 'dataset', complete: false });
  }, 120_000);

  it('refuses bad input with what to do', () => {
    const none = dust('build');
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/give --config FILE or --preset NAME/);
    const both = dust('build', '--config', 'x.json', '--preset', 'micro');
    expect(both.stderr).toMatch(/not both/);
    const preset = dust('build', '--preset', 'mikro');
    expect(preset.stderr).toMatch(/unknown preset "mikro": use one of paper, authors, micro/);
    const model = dust('build', '--preset', 'micro', '--model', '');
    expect(model.status).toBe(2);
    expect(model.stderr).toMatch(/model\.id/);
    const notRun = dust('eval', '--run', work);
    expect(notRun.status).toBe(2);
    expect(notRun.stderr).toMatch(/no config\.json: it is not a run folder/);
    const mixed = dust('eval', '--run', work, '--preset', 'micro');
    expect(mixed.stderr).toMatch(/drop --config, --preset and --out/);
    const noFile = dust('build', '--config', configFile('d', { problems: { set: join(work, 'missing.jsonl') } }));
    expect(noFile.status).toBe(2);
    expect(noFile.stderr).toMatch(/problems\.set.*cannot read the problem file/);
    const badField = dust('build', '--config', configFile('c', { dataset: { samples: 1 } }));
    expect(badField.status).toBe(2);
    expect(badField.stderr).toMatch(/dataset\.samples/);
  }, 120_000);
});
