// The default a newcomer types first: `npm run dust -- run` with no config runs the "toy"
// preset (the committed toy model on the toy problems, offline) through all three phases on
// the software GPU. The toy model writes code that sometimes passes, so phase 1 forms mixed
// groups, phase 2 trains on them and phase 3 writes the three-row table.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';

const work = mkdtempSync(join(tmpdir(), 'dust-default-run-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const lines = (file: string) => readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);

test('`dust run` with no config completes all three phases on the toy model', () => {
  const dir = join(work, 'run');
  const r = spawnSync('node', ['--import', 'tsx', '--import', './scripts/raw-loader.mjs', 'src/cli/dust.ts', 'run', '--out', dir], { encoding: 'utf8', timeout: 840_000 });
  expect(r.status, r.stderr.slice(-3000)).toBe(0);
  expect(r.stderr).toMatch(/\[run\] dust-toy on toy problems, mode off-policy/);
  // Phase 1: the model's own candidates, labelled, and mixed groups from them.
  const candidates = lines(join(dir, 'candidates.jsonl'));
  const passed = candidates.filter((c) => c.label === 1).length;
  expect(passed).toBeGreaterThan(0);
  expect(passed).toBeLessThan(candidates.length);
  const groups = lines(join(dir, 'groups.jsonl'));
  expect(groups.length).toBeGreaterThan(0);
  // Phase 2: optimiser steps with finite numbers, then the trained model folder.
  const steps = lines(join(dir, 'metrics.jsonl')).filter((m) => m.event === 'train-step');
  expect(steps.length).toBeGreaterThan(0);
  for (const s of steps) expect(Number.isFinite(s.loss as number)).toBe(true);
  expect(existsSync(join(dir, 'model', 'model.safetensors'))).toBe(true);
  // Phase 3: base, trained judge with the base generator, trained model for both.
  const report = JSON.parse(readFileSync(join(dir, 'eval.json'), 'utf8')) as { rows: { name: string; metrics: Record<string, { mean: number }> }[] };
  expect(report.rows.map((row) => row.name)).toEqual(['base', 'judge-only', 'trained']);
  for (const row of report.rows) {
    const m = row.metrics;
    for (const k of ['pass1', 'ndcg', 'bestOfK', 'oracle', 'random', 'malformed']) {
      expect(m[k]!.mean, `${row.name} ${k}`).toBeGreaterThanOrEqual(0);
      expect(m[k]!.mean, `${row.name} ${k}`).toBeLessThanOrEqual(1);
    }
    // Some candidate passing is at least as likely as a uniform pick passing.
    expect(m.oracle!.mean, row.name).toBeGreaterThanOrEqual(m.random!.mean);
  }
  expect(readFileSync(join(dir, 'eval.md'), 'utf8')).toMatch(/\| base \|/);
  expect(r.stdout).toContain(dir);
}, 900_000);
