// The app's views on run folders written straight into IndexedDB (no model, no GPU work):
// a finished DuST run and an SFT baseline run, as the pipeline and the app leave them.
// Run view from the stored events (phases, charts, dataset statistics), Results (Table 2
// rows, bars, side-by-side comparison, CSV download), Explorer (candidates with verdicts,
// groups, judgments with parsed ranking and reward; mixed-only and malformed-only filters),
// Runs & storage, the resume offer for a paused run, large-text mode. Runs on the dev
// server (same origin as the fixture writer; no service worker). ~20 s.
import { mkdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { evalWithModule, launchChromium } from '../helpers/browser';
import { resolveConfig } from '../../src/dust/config';
import { buildReport } from '../../src/dust/report';
import { namedProblemSet } from '../../src/dust/problem-sets';

const SHOTS = 'test-results/screenshots';
let browser: Browser;
let page: Page;

const problems = namedProblemSet('toy').problems.filter((p) => p.split !== 'eval').slice(0, 3);
const evalProblems = namedProblemSet('toy').problems.filter((p) => p.split === 'eval').slice(0, 2);

const config = resolveConfig({ name: 'fixture-dust', model: { id: 'dust-toy' }, problems: { set: 'toy', maxTrainProblems: 3, maxEvalProblems: 2 }, dataset: { samples: 4, groupSize: 2 }, train: { rollouts: 2, batchGroups: 2, miniBatchGroups: 2 }, eval: { repeats: 2, candidates: 2 } });
const sftConfig = { ...config, name: 'fixture-sft', train: { ...config.train, mode: 'sft' as const } };

const CODE_OK = 'function solve(xs) {\n  // the reference idea\n  return xs.filter((x) => x > 0).length;\n}';
const CODE_BAD = 'function solve(xs) {\n  return xs.length + 1; // off by one\n}';

function candidates(): object[] {
  const out: object[] = [];
  problems.forEach((p, pi) => {
    for (let i = 0; i < 4; i++) {
      // problem 0: mixed; problem 1: mixed; problem 2: all fail (no group).
      const pass = pi < 2 && i % 2 === 0;
      out.push({ problem_id: p.id, index: i, response: `\`\`\`javascript\n${pass ? CODE_OK : CODE_BAD}\n\`\`\``, code: pass ? CODE_OK : CODE_BAD, label: pass ? 1 : 0, status: pass ? 'pass' : i === 3 ? 'error' : 'fail', tests_passed: pass ? 5 : 2, tests_total: 5, ms: 12 });
    }
  });
  return out;
}

function groups(): object[] {
  return problems.slice(0, 2).flatMap((p, pi) => [
    { id: `${p.id}#0`, problem_id: p.id, question: p.statement, split: pi === 0 ? 'train' : 'val', candidates: [1, 0], codes: [CODE_BAD, CODE_OK], labels: [0, 1], statuses: ['fail', 'pass'] },
    { id: `${p.id}#1`, problem_id: p.id, question: p.statement, split: 'train', candidates: [2, 3], codes: [CODE_OK, CODE_BAD], labels: [1, 0], statuses: ['pass', 'error'] },
  ]);
}

const stats = { problems: 3, candidates: 12, droppedNoCode: 0, droppedAllPass: 0, droppedAllFail: 1, problemsKept: 2, problemsWithGroups: 2, chunks: 4, groups: 4, trainGroups: 3, valGroups: 1, correctPerGroup: [0, 4, 0], correctShare: [0, 1, 0], passRateHistogram: [1, 0, 0, 0, 0, 2, 0, 0, 0, 0], statusCounts: { pass: 4, fail: 6, error: 2, timeout: 0, memory: 0, no_code: 0 }, complete: true };

function report(lift: number) {
  const rep = (base: number, r: number) => ({ pass1: base, ndcg: 0.5 + r * 0.1 + lift, bestOfK: 0.5 + lift, oracle: 0.75, random: base, malformed: 0.25 - lift / 2, problems: 2 });
  return buildReport(
    [
      { name: 'base', repeats: [rep(0.5, 0), rep(0.5, 1)].map((m) => ({ ...m, ndcg: m.ndcg - lift, bestOfK: 0.5, malformed: 0.25 })) },
      { name: 'judge-only', repeats: [rep(0.5, 0), rep(0.5, 1)] },
      { name: 'trained', repeats: [rep(0.55, 0), rep(0.5, 1)] },
    ],
    2,
  );
}

function evalRecords(): object[] {
  const out: object[] = [];
  for (const row of ['base', 'judge-only', 'trained']) {
    for (const repeat of [0, 1]) {
      evalProblems.forEach((p, i) => {
        const malformed = row === 'base' && i === 1;
        out.push({ row, repeat, problem_id: p.id, statuses: ['fail', 'pass'], labels: [0, 1], codes: [CODE_BAD, CODE_OK], judgment: malformed ? 'I think the first one' : row === 'base' ? '1, 2' : '2, 1', ranking: malformed ? null : row === 'base' ? [1, 2] : [2, 1] });
      });
    }
  }
  return out;
}

function events(): object[] {
  const t = Date.parse('2026-11-25T20:00:00Z');
  const ev: object[] = [
    { type: 'phase', phase: 'dataset', state: 'start', t },
    { type: 'dataset', stats, complete: true, t: t + 1 },
    { type: 'phase', phase: 'dataset', state: 'done', t: t + 2 },
    { type: 'phase', phase: 'train', state: 'start', detail: 'off-policy, 3 training groups', t: t + 3 },
    { type: 'validation', metrics: { step: 0, ndcg: 0.55, pairAcc: 0.5, malformed: 0.2, groups: 1 }, t: t + 4 },
  ];
  for (let s = 1; s <= 6; s++) {
    ev.push({ type: 'train-step', metrics: { step: s, epoch: 0, batch: s - 1, ppoEpoch: 0, lr: 1e-4, reward: -0.5 + s * 0.2, rewardStd: 0.4, malformed: Math.max(0, 0.6 - s * 0.1), loss: 0.3 / s, kl: 0.001 * s, clipFraction: 0, gradNorm: 1 / s, tokensPerSecond: 900, sampleSeconds: 1, updateSeconds: 1, applied: true }, t: t + 5 + s });
    if (s % 3 === 0) ev.push({ type: 'validation', metrics: { step: s, ndcg: 0.55 + s * 0.05, pairAcc: 0.6, malformed: 0.1, groups: 1 }, t: t + 6 + s });
  }
  ev.push({ type: 'checkpoint', id: 'fixture-s6', step: 6, t: t + 20 }, { type: 'phase', phase: 'train', state: 'done', detail: '6 steps', t: t + 21 }, { type: 'phase', phase: 'eval', state: 'start', t: t + 22 }, { type: 'eval', report: report(0.2), complete: true, t: t + 23 }, { type: 'phase', phase: 'eval', state: 'done', t: t + 24 });
  return ev;
}

const jsonl = (xs: object[]) => xs.map((x) => JSON.stringify(x)).join('\n') + '\n';
const status = (state: string, step: number) => JSON.stringify({ state, phase: 'eval', step, checkpointStep: step, startedAt: '2026-11-25T20:00:00.000Z', updatedAt: '2026-11-25T20:10:00.000Z' });

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(new URL('test/e2e/harness.html', inject('devUrl')).href);
  const runs = {
    'fixture-dust-1': { 'config.json': JSON.stringify(config), 'candidates.jsonl': jsonl(candidates()), 'groups.jsonl': jsonl(groups()), 'dataset-stats.json': JSON.stringify(stats), 'eval.json': JSON.stringify({ ...report(0.2), complete: true }), 'eval-records.jsonl': jsonl(evalRecords()), 'app-events.jsonl': jsonl(events()), 'app-status.json': status('done', 6) },
    'fixture-sft-1': { 'config.json': JSON.stringify(sftConfig), 'eval.json': JSON.stringify({ ...report(0.05), complete: true }), 'app-status.json': status('done', 6) },
    'fixture-paused-1': { 'config.json': JSON.stringify({ ...config, name: 'fixture-paused' }), 'app-status.json': JSON.stringify({ state: 'running', phase: 'train', step: 3, checkpointStep: 2, startedAt: '2026-11-25T20:00:00.000Z', updatedAt: '2026-11-25T20:01:00.000Z' }) },
  };
  await evalWithModule(page, '/src/store/idb-run-folder.ts', 'for (const [id, files] of Object.entries(arg)) { const s = mod.idbRunStore(id); for (const [n, t] of Object.entries(files)) await s.write(n, t); } return true;', runs);
});

afterAll(async () => {
  await browser?.close();
});

const app = (hash: string) => new URL(hash, inject('devUrl')).href;
const shot = (name: string) => page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });

test('a finished run: phases, charts and dataset statistics from its stored events; the resume offer names the paused run', async () => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(app('#/run?id=fixture-dust-1'));
  await page.locator('#run-state').waitFor({ timeout: 60_000 });
  await expect.poll(() => page.locator('#run-state').textContent(), { timeout: 30_000 }).toBe('done');
  for (const p of ['dataset', 'train', 'eval']) expect(await page.locator(`#phase-${p}`).textContent()).toBe('done');
  expect(await page.locator('#train-summary').textContent()).toMatch(/^6 steps; last: reward 0\.700, malformed 0\.0%, loss 0\.0500, 900 tokens\/s; validation NDCG 0\.550 → 0\.700 → 0\.850\.$/);
  for (const c of ['reward', 'malformed', 'loss', 'kl', 'grad', 'ndcg']) expect(await page.locator(`#chart-${c} .chart-empty`).isHidden()).toBe(true);
  expect(await page.locator('#dataset-stats').textContent()).toMatch(/12 candidates for 3 problems; 4 mixed groups \(3 train, 1 validation\)/);
  expect(await page.locator('#run-resume').isDisabled()).toBe(true);
  // A run cut off while running (state "running" on disk, not running here) is offered for resume.
  await expect.poll(() => page.locator('#resume-offer').isVisible(), { timeout: 30_000 }).toBe(true);
  expect(await page.locator('#resume-text').textContent()).toBe('Continue run fixture-paused (fixture-paused-1) from step 2?');
  await shot('run-finished');
  await page.locator('#resume-dismiss').click();
  expect(await page.locator('#resume-offer').isHidden()).toBe(true);
  expect(errors).toEqual([]);
});

test('results: Table 2 rows, bars with oracle and random, side-by-side with an SFT run, CSV download', async () => {
  await page.goto(app('#/results?id=fixture-dust-1&compare=fixture-sft-1'));
  const table = page.locator('#results-table');
  await table.waitFor({ timeout: 30_000 });
  const rows = await table.locator('tbody tr').evaluateAll((rs) => rs.map((r) => [...r.children].map((c) => c.textContent)));
  expect(rows).toEqual([
    ['base', '50.0 ± 0.0', '55.0 ± 5.0', '50.0 ± 0.0', '75.0 ± 0.0', '50.0 ± 0.0', '25.0 ± 0.0'],
    ['DuST judge only (base generator)', '50.0 ± 0.0', '75.0 ± 5.0', '70.0 ± 0.0', '75.0 ± 0.0', '50.0 ± 0.0', '15.0 ± 0.0'],
    ['DuST (one model)', '52.5 ± 2.5', '75.0 ± 5.0', '70.0 ± 0.0', '75.0 ± 0.0', '52.5 ± 2.5', '15.0 ± 0.0'],
  ]);
  expect(await page.locator('#results-table thead th').allTextContents()).toEqual(['', 'pass@1', 'NDCG', 'Best-of-2', 'oracle', 'random', 'malformed']);
  expect(await page.locator('#results-chart .bar').count()).toBe(9);
  expect(await page.locator('#results-chart .ref-oracle').count()).toBe(1);
  const cmp = page.locator('#compare-table tbody tr');
  await expect.poll(() => cmp.count(), { timeout: 30_000 }).toBe(6);
  expect(await cmp.evaluateAll((rs) => rs.map((r) => r.children[1]!.textContent))).toEqual(['off-policy', 'off-policy', 'off-policy', 'sft', 'sft', 'sft']);
  const dl = page.waitForEvent('download');
  await page.locator('#dl-csv').click();
  const file = await (await dl).path();
  const csv = readFileSync(file!, 'utf8').trim().split('\n');
  expect(csv[0]).toMatch(/^run,row,label,repeats,problems,pass1_mean,pass1_std,ndcg_mean/);
  expect(csv).toHaveLength(4);
  expect(await page.locator('#dl-trl').isVisible()).toBe(true);
  await shot('results-compare');
});

test('explorer: candidates with verdicts and groups, judgments with ranking and reward, filters', async () => {
  await page.goto(app('#/explorer?id=fixture-dust-1'));
  const items = page.locator('#problem-list button');
  await expect.poll(() => items.count(), { timeout: 30_000 }).toBe(5);
  const first = problems[0]!;
  await page.locator(`#problem-list button[data-problem="${first.id}"]`).click();
  const detail = page.locator('#problem-detail');
  await expect.poll(() => detail.locator('h2').textContent()).toContain(first.title);
  expect(await detail.locator('pre.statement').textContent()).toBe(first.statement);
  expect(await detail.locator('details.candidate > summary').allTextContents()).toEqual([
    `#0 pass · 5/5 tests in ${first.id}#0 12 ms`,
    `#1 fail · 2/5 tests in ${first.id}#0 12 ms`,
    `#2 pass · 5/5 tests in ${first.id}#1 12 ms`,
    `#3 error · 2/5 tests in ${first.id}#1 12 ms`,
  ]);
  expect(await detail.locator('details.candidate').first().locator('.tk-kw').first().textContent()).toBe('function');
  expect(await detail.locator('table tbody tr').count()).toBe(2);
  // Mixed only drops the all-fail training problem; malformed only keeps the eval problem with a malformed judgment.
  await page.locator('#filter-mixed').check();
  await expect.poll(() => items.count()).toBe(4);
  await page.locator('#filter-malformed').check();
  await expect.poll(() => items.count()).toBe(1);
  expect(page.url()).toMatch(/mixed=1&malformed=1/);
  await items.first().click();
  await expect.poll(() => detail.textContent()).toMatch(/Judgments in evaluation \(2\)/);
  const summaries = await detail.locator('details.judgment > summary').allTextContents();
  expect(summaries[0]).toBe('base · repeat 0 · malformed · reward (pairacc) -1.000');
  await page.locator('#filter-malformed').uncheck();
  await expect.poll(() => items.count()).toBe(4);
  await page.locator(`#problem-list button[data-problem="${evalProblems[0]!.id}"]`).click();
  await expect.poll(() => detail.textContent()).toMatch(/Judgments in evaluation \(6\)/);
  const s2 = await detail.locator('details.judgment > summary').allTextContents();
  expect(s2[0]).toBe('base · repeat 0 · ranking 1 > 2 · reward (pairacc) 0.000 · pick #1 fails');
  expect(s2[2]).toBe('judge-only · repeat 0 · ranking 2 > 1 · reward (pairacc) 1.000 · pick #2 passes');
  await shot('explorer-fixture');
});

test('runs & storage lists the runs with state and headline numbers; large-text mode', async () => {
  await page.goto(app('#/runs'));
  const row = page.locator('#runs-table tr[data-run="fixture-dust-1"]');
  await row.waitFor({ timeout: 30_000 });
  expect(await row.textContent()).toMatch(/Best-of-k 50\.0% → 70\.0%; NDCG 55\.0% → 75\.0%/);
  expect(await page.locator('#runs-table tr[data-run="fixture-paused-1"]').textContent()).toMatch(/paused · step 3 \(checkpoint 2\)/);
  expect(await page.locator('#runs-table tr[data-run="fixture-paused-1"] button.resume-run').count()).toBe(1);
  await shot('runs-storage');
  const before = await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
  await page.locator('#large-text').check();
  const after = await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
  expect(after).toBeGreaterThan(before * 1.25);
  // Keyboard: the nav links and the toggle are reachable with Tab.
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement?.tagName)).toMatch(/A|INPUT|BUTTON/);
  await page.locator('#nav-results').click();
  await page.locator('#results-table').waitFor({ timeout: 30_000 });
  await shot('results-large-text');
  await page.locator('#large-text').uncheck();
});
