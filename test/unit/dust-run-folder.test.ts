// The run folder through the Node store: what is written reads back equal, a folder without
// config.json or a dataset is refused with a message saying what to run, metrics only grow,
// and whole-file writes leave no temporary files behind.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/dust/config';
import type { CandidateRecord, GroupRecord } from '../../src/dust/dataset';
import { buildReport } from '../../src/dust/report';
import {
  appendMetric, readDataset, readEval, readMetrics, readRunConfig, RUN_FOLDER_FILES, RunFolderError, writeDataset, writeEval, writeRunConfig,
} from '../../src/dust/run-folder';
import { nodeRunStore } from '../../src/host/node-run-folder';

const dirs: string[] = [];
const fresh = () => {
  const d = mkdtempSync(join(tmpdir(), 'dust-run-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const cand = (index: number, label: number): CandidateRecord => ({ problem_id: 'p', index, code: `f${index}`, label, status: label ? 'pass' : 'fail', tests_passed: label, tests_total: 1 });
const group: GroupRecord = { id: 'p#0', problem_id: 'p', question: 'q', split: 'train', candidates: [0, 1], codes: ['f0', 'f1'], labels: [1, 0], statuses: ['pass', 'fail'] };

describe('run folder', () => {
  it('round-trips config, dataset, evaluation and metrics', async () => {
    const dir = join(fresh(), 'run');
    const store = nodeRunStore(dir, { create: true });
    const cfg = resolveConfig({ preset: 'micro', model: { id: 'x/y' }, seed: 9 });
    await writeRunConfig(store, cfg);
    expect(await readRunConfig(store)).toEqual(cfg);
    const stats = { problems: 1 } as unknown as Parameters<typeof writeDataset>[1]['stats'];
    await writeDataset(store, { candidates: [cand(0, 1), cand(1, 0)], groups: [group], stats, complete: false });
    const ds = await readDataset(store);
    expect(ds.candidates).toEqual([cand(0, 1), cand(1, 0)]);
    expect(ds.groups).toEqual([group]);
    expect(ds.stats).toMatchObject({ problems: 1, complete: false, candidates: 2 });
    const rep = { pass1: 0.5, ndcg: 1, bestOfK: 1, oracle: 1, random: 0.5, malformed: 0, problems: 1 };
    const report = { ...buildReport([{ name: 'base', repeats: [rep] }], 4), complete: true };
    await writeEval(store, report, []);
    expect(await readEval(store)).toEqual(report);
    expect(await store.read(RUN_FOLDER_FILES.evalMarkdown)).toContain('| base | 50.0 | 100.0 | 100.0 |');
    await appendMetric(store, 'dataset', { seconds: 1 });
    await appendMetric(store, 'eval', { seconds: 2 });
    expect((await readMetrics(store)).map((m) => [m.event, m.seconds])).toEqual([['dataset', 1], ['eval', 2]]);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('tells the user what to run when the folder is not a run or has no dataset', async () => {
    const store = nodeRunStore(fresh());
    await expect(readRunConfig(store)).rejects.toThrow(/no config\.json: it is not a run folder .*dust -- build/);
    await expect(readRunConfig(store)).rejects.toBeInstanceOf(RunFolderError);
    await expect(readDataset(store)).rejects.toThrow(/no candidates\.jsonl: run `npm run dust -- build`/);
    expect(await readEval(store)).toBeNull();
    expect(await readMetrics(store)).toEqual([]);
  });

  it('refuses a broken config.json or metrics line with the field or line', async () => {
    const dir = fresh();
    writeFileSync(join(dir, 'config.json'), '{"model": {"id": "a"}, "dataset": {"samples": 1}}');
    writeFileSync(join(dir, 'metrics.jsonl'), '{"event":"a"}\nnot json\n');
    const store = nodeRunStore(dir);
    await expect(readRunConfig(store)).rejects.toThrow(/dataset\.samples/);
    await expect(readMetrics(store)).rejects.toThrow(/metrics\.jsonl: line 2 is not JSON/);
  });
});
