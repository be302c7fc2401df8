// `dust score` and `dust export` as a user runs them, and the exports re-read: TRL JSON Lines
// and verl parquet (read back with hyparquet). ~6 s (three CLI processes).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetReadObjects } from 'hyparquet';
import { describe, expect, test } from 'vitest';
import { buildGroups } from '../../src/dust/groups';
import { toJsonl, type CandidateRecord } from '../../src/dust/dataset';
import { trlRow } from '../../src/dust/export-trl';
import { verlParquet, verlRows } from '../../src/dust/export-verl';
import { judgmentPrompt } from '../../src/dust/judgment-prompt';

function dust(...args: string[]) {
  const r = spawnSync('node', ['--import', 'tsx', '--import', './scripts/raw-loader.mjs', 'src/cli/dust.ts', ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const dir = mkdtempSync(join(tmpdir(), 'dust-core-'));

/** A run folder with groups.jsonl: 10 problems × one mixed group, 20% validation. */
function makeRun(): string {
  const run = join(dir, 'run');
  mkdirSync(run, { recursive: true });
  const cands: CandidateRecord[] = [];
  for (let p = 0; p < 10; p++) {
    for (let i = 0; i < 4; i++) {
      const pass = i === p % 4;
      cands.push({ problem_id: `p${p}`, index: i, code: `function f${p}_${i}() { return ${i}; }`, label: pass ? 1 : 0, status: pass ? 'pass' : 'fail', tests_passed: pass ? 2 : 1, tests_total: 2 });
    }
  }
  const { groups } = buildGroups(cands, (id) => `Question ${id}: write f.`, { groupSize: 4, seed: 3, shuffleWithinGroups: true, validationFraction: 0.2, dropNoCode: true });
  writeFileSync(join(run, 'groups.jsonl'), toJsonl(groups));
  return run;
}

describe('score', () => {
  test('one output line per input line: valid, 1-based ranking, reward', () => {
    const input = join(dir, 'score.jsonl');
    const lines = [
      { response: '<think>1 is wrong</think>\n2, 4, 1, 3', labels: [0, 1, 0, 1], mode: 'pairacc' },
      { response: '2, 1, 3, 4', labels: [1, 0, 1, 0] },
      { response: '3, 1, 2, 4', labels: [1, 0, 1, 0], mode: 'ndcg' },
      { response: '4, 1, 2, 3', labels: [1, 0, 1, 0], mode: 'selection' },
      { response: 'I think 2 then 2 then 1', labels: [1, 0, 1, 0], mode: 'ndcg' },
    ];
    writeFileSync(input, lines.map((l) => JSON.stringify(l)).join('\n') + '\n\n');
    const r = dust('score', '--input', input);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out.trim().split('\n').map((l) => JSON.parse(l))).toEqual([
      { valid: true, ranking: [2, 4, 1, 3], reward: 1 },
      { valid: true, ranking: [2, 1, 3, 4], reward: 0.5 },
      { valid: true, ranking: [3, 1, 2, 4], reward: 1 },
      { valid: true, ranking: [4, 1, 2, 3], reward: 0 },
      { valid: false, ranking: null, reward: -1 },
    ]);
  });

  test('bad input: the line and the field are named, exit 2', () => {
    const input = join(dir, 'bad.jsonl');
    writeFileSync(input, `${JSON.stringify({ response: '1 2', labels: [1, 0] })}\n${JSON.stringify({ response: '1 2', labels: [1, 0], mode: 'top1' })}\n`);
    let r = dust('score', '--input', input);
    expect(r.code).toBe(2);
    expect(r.err).toContain('line 2: "mode" must be one of pairacc, ndcg, selection');
    writeFileSync(input, JSON.stringify({ response: '1 2', labels: [1] }));
    expect(dust('score', '--input', input).err).toContain('"labels" must be a list of at least 2 numbers in [0, 1]');
    r = dust('score');
    expect(r.code).toBe(2);
    expect(r.err).toContain('--input is required');
  });
});

describe('export', () => {
  const run = makeRun();
  const groups = readFileSync(join(run, 'groups.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));

  test('trl and verl from a run folder; the files read back', async () => {
    let r = dust('export', '--run', run, '--to', 'trl');
    expect(r.code).toBe(0);
    expect(r.out).toContain('8 train and 2 validation groups');
    const train = readFileSync(join(run, 'export/trl/train.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const val = readFileSync(join(run, 'export/trl/val.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(train).toHaveLength(8);
    expect(val).toHaveLength(2);
    const g0 = groups.find((g) => g.split === 'train');
    expect(train[0]).toEqual({ prompt: [{ role: 'user', content: judgmentPrompt(g0.question, g0.codes) }], labels: g0.labels, problem_id: g0.problem_id, group_id: g0.id });

    r = dust('export', '--run', run, '--to', 'verl', '--out', join(dir, 'verl'));
    expect(r.code).toBe(0);
    const rows = await parquetReadObjects({ file: new Uint8Array(readFileSync(join(dir, 'verl/train.parquet'))).buffer });
    expect(rows).toHaveLength(8);
    expect(rows[0]).toEqual({
      data_source: 'code_ranking',
      prompt: [{ role: 'user', content: judgmentPrompt(g0.question, g0.codes) }],
      ability: 'code_ranking',
      reward_model: { style: 'rule', ground_truth: JSON.stringify(g0.labels) },
      extra_info: { index: 0n, n_candidates: 4n, problem_id: g0.problem_id, group_id: g0.id, split: 'train' },
    });
    const test = await parquetReadObjects({ file: new Uint8Array(readFileSync(join(dir, 'verl/test.parquet'))).buffer });
    expect(test.map((x) => (x.extra_info as { split: string }).split)).toEqual(['val', 'val']);
  });

  test('verl parquet in process: unicode, fences and many rows survive', async () => {
    const g = { ...groups[0], question: 'Añadir — 加法 "quotes" \\ back', codes: ['const s = "```";', 'let ü = 1;', 'x', 'y'] };
    const many = Array.from({ length: 300 }, (_, i) => ({ ...g, id: `g${i}` }));
    const rows = await parquetReadObjects({ file: verlParquet(verlRows(many)).buffer as ArrayBuffer });
    expect(rows).toHaveLength(300);
    expect((rows[299]!.prompt as { content: string }[])[0]!.content).toBe(trlRow(many[299]).prompt[0]!.content);
    expect((rows[299]!.extra_info as { group_id: string }).group_id).toBe('g299');
    expect(() => verlParquet([])).toThrow(/no groups/);
  });

  test('errors: missing run folder, unknown target, hf before training, --dtype misuse', () => {
    let r = dust('export', '--run', join(dir, 'nope'), '--to', 'trl');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/groups.jsonl not found: --run must name a run folder/);
    r = dust('export', '--run', run, '--to', 'onnx');
    expect(r.code).toBe(2);
    expect(r.err).toContain('--to must be trl, verl or hf, got "onnx"');
    r = dust('export', '--run', run, '--to', 'hf');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/model\/model\.safetensors not found: --run must name a run folder whose training phase has finished/);
    r = dust('export', '--run', run, '--to', 'trl', '--dtype', 'float16');
    expect(r.code).toBe(2);
    expect(r.err).toContain('--dtype applies to --to hf only');
  });
});
