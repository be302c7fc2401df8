// Whole DuST runs through the app's UI in Chromium (WebGPU on SwiftShader, the production
// build with its service worker) on the built-in toy model:
// 1. setup (configuration from a shared link) → run: phase 1 samples and labels with the toy
//    model in the page's workers; the run either goes on to the end (the toy's candidates
//    formed a mixed group) or, when these 4 problems × 4 samples formed none, says why phase
//    2 cannot start.
// 2. A run whose judgment dataset comes from the toy problems' reference and buggy programs
//    (what phase 1 writes, canned, as the lead's pipeline test does) is offered for resume on
//    load and continued with a click; phase 2 runs on the toy model and is paused after its
//    first optimiser step (checkpoint); the page is reloaded and the run continued from that
//    step through the resume offer; phase 3 → results (Table 2 rows, bars, download) →
//    explorer (candidates, verdicts, judgments) → runs & storage.
// Screenshots of each view go to test-results/screenshots/.
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../helpers/browser';
import { dustTinyModelDir } from '../gpu/dust-tiny';
import { removeModelDirs } from '../gpu/model-tiny-hf';
import { resolveConfig } from '../../src/dust/config';
import { namedProblemSet } from '../../src/dust/problem-sets';
import { splitProblems } from '../../src/dust/problem-split';
import { judgmentQuestion } from '../../src/dust/judgment-prompt';
import { fencedAnswer } from '../../src/dust/generation-prompt';

const SHOTS = 'test-results/screenshots';
const TOY_TRAINED = existsSync('public/models/dust-toy/model.safetensors');

let browser: Browser;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  if (!TOY_TRAINED && !existsSync('dist/models/dust-toy/model.safetensors')) {
    const src = dustTinyModelDir(11);
    mkdirSync('dist/models/dust-toy', { recursive: true });
    for (const f of ['config.json', 'model.safetensors']) copyFileSync(join(src, f), join('dist/models/dust-toy', f));
    removeModelDirs();
  }
  browser = await launchChromium();
});

const contexts: BrowserContext[] = [];
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
});

async function freshPage(): Promise<Page> {
  const c = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  contexts.push(c);
  return c.newPage();
}

const encodeState = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

/** 4 training problems, M 4, K 2, G 2, one optimiser step, 2 evaluation problems, 1 repeat, short outputs. */
const MICRO = {
  name: 'ui-micro',
  model: { id: 'dust-toy' },
  problems: { set: 'toy', split: 'field', maxTrainProblems: 4, maxEvalProblems: 2 },
  sandbox: { timeoutMs: 2000, memoryBytes: 67108864, workers: 1 },
  dataset: { samples: 4, groupSize: 2, maxNewTokens: 96, generationBatch: 16, labelQueue: 16, validationFraction: 0 },
  train: { rollouts: 2, batchGroups: 16, miniBatchGroups: 16, ppoEpochs: 1, dataEpochs: 1, lr: 1e-4, warmupSteps: 0, maxNewTokens: 12, microBatch: 8, validateEvery: 0, validationGroups: 2, checkpointEvery: 0 },
  eval: { repeats: 1, candidates: 2, maxNewTokens: 96, judgeMaxNewTokens: 12 },
};

async function openApp(page: Page, hash: string): Promise<string[]> {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(new URL(hash, inject('appUrl')).href);
  await page.locator('header.top').waitFor({ timeout: 60_000 });
  return errors;
}

const shot = (page: Page, name: string) => page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });

async function waitForEnd(page: Page, timeout: number): Promise<string> {
  await page.locator('#run-state[data-state="done"], #run-state[data-state="failed"], #run-state[data-state="paused"], #run-state[data-state="stopped"]').waitFor({ timeout });
  return (await page.locator('#run-state').getAttribute('data-state'))!;
}

async function startFromLink(page: Page, doc: unknown): Promise<string> {
  await page.goto(new URL(`#/setup?p=custom&c=${encodeState(doc)}`, inject('appUrl')).href);
  await expect.poll(() => page.locator('#memory-verdict').getAttribute('data-state'), { timeout: 60_000 }).toBe('ok');
  await page.locator('#start-run').click();
  await page.waitForURL(/#\/run\?id=/, { timeout: 30_000 });
  return new URL(page.url()).hash.split('id=')[1]!;
}

/**
 * Phases 2 and 3 on SwiftShader cost tens of seconds per optimiser step here (a judgment
 * prompt is ~250 tokens of the toy's BPE): 2 training
 * problems → 4 groups (3 train, 1 validation), one step, 2 eval problems, 1 repeat.
 */
const SEEDED = {
  ...MICRO,
  name: 'ui-micro-seeded',
  problems: { ...MICRO.problems, maxTrainProblems: 2 },
  train: { ...MICRO.train, validationGroups: 1 },
  eval: { ...MICRO.eval, maxNewTokens: 32 },
};

/** The run folder phase 1 leaves, from the toy problems' reference (pass) and first buggy (fail) programs. */
function seededRun(doc: Record<string, unknown>, id: string): Record<string, string> {
  const cfg = resolveConfig(doc);
  const { train } = splitProblems(namedProblemSet('toy').problems, cfg);
  const k = cfg.dataset.groupSize;
  const candidates: object[] = [];
  const groups: object[] = [];
  let g = 0;
  for (const p of train) {
    const total = p.tests.kind === 'call' ? p.tests.cases.length : 1;
    const codes = Array.from({ length: cfg.dataset.samples }, (_, i) => (i % 2 === 0 ? p.reference! : p.buggy![0]!));
    codes.forEach((code, i) => candidates.push({ problem_id: p.id, index: i, response: fencedAnswer(code), code, label: i % 2 === 0 ? 1 : 0, status: i % 2 === 0 ? 'pass' : 'fail', tests_passed: i % 2 === 0 ? total : 0, tests_total: total, ms: 5 }));
    for (let c = 0; c + k <= codes.length; c += k) {
      const idx = Array.from({ length: k }, (_, j) => c + j);
      groups.push({ id: `${p.id}#${c / k}`, problem_id: p.id, question: judgmentQuestion(p), split: g++ % 4 === 3 ? 'val' : 'train', candidates: idx, codes: idx.map((i) => codes[i]), labels: idx.map((i) => (i % 2 === 0 ? 1 : 0)), statuses: idx.map((i) => (i % 2 === 0 ? 'pass' : 'fail')) });
    }
  }
  const val = groups.filter((x) => (x as { split: string }).split === 'val').length;
  const stats = { problems: train.length, candidates: candidates.length, droppedNoCode: 0, droppedAllPass: 0, droppedAllFail: 0, problemsKept: train.length, problemsWithGroups: train.length, chunks: groups.length, groups: groups.length, trainGroups: groups.length - val, valGroups: val, correctPerGroup: [0, groups.length, 0], correctShare: [0, 1, 0], passRateHistogram: [0, 0, 0, 0, 0, train.length, 0, 0, 0, 0], statusCounts: { pass: candidates.length / 2, fail: candidates.length / 2, error: 0, timeout: 0, memory: 0, no_code: 0 }, complete: true };
  const t = Date.now();
  const events = [
    { type: 'phase', phase: 'dataset', state: 'start', t },
    { type: 'dataset', stats, complete: true, t },
    { type: 'phase', phase: 'dataset', state: 'done', detail: 'canned reference and buggy programs', t },
  ];
  const jsonl = (xs: object[]) => xs.map((x) => JSON.stringify(x)).join('\n') + '\n';
  return {
    'config.json': JSON.stringify(cfg, null, 2) + '\n',
    'app-config-doc.json': JSON.stringify(doc),
    'candidates.jsonl': jsonl(candidates),
    'groups.jsonl': jsonl(groups),
    'dataset-stats.json': JSON.stringify(stats),
    'app-events.jsonl': jsonl(events),
    'app-status.json': JSON.stringify({ state: 'running', phase: 'dataset', step: 0, checkpointStep: null, startedAt: new Date(t).toISOString(), updatedAt: new Date(t).toISOString() }),
    [`.id`]: id,
  };
}

/** Writes a run folder into the app's IndexedDB (database "dust-runs", src/store/idb-run-folder.ts layout). */
async function seed(page: Page, files: Record<string, string>): Promise<void> {
  const { '.id': id, ...rest } = files;
  await page.evaluate(
    async ({ id, files }) => {
      const db = await new Promise<IDBDatabase>((res, rej) => {
        const r = indexedDB.open('dust-runs', 1);
        r.onupgradeneeded = () => r.result.createObjectStore('records');
        r.onsuccess = () => res(r.result);
        r.onerror = () => rej(r.error);
      });
      const tx = db.transaction('records', 'readwrite');
      const s = tx.objectStore('records');
      const now = new Date().toISOString();
      const sizes: Record<string, number> = {};
      for (const [n, t] of Object.entries(files)) {
        s.put(t, ['f', id, n]);
        sizes[n] = t.length;
      }
      s.put({ id, createdAt: now, updatedAt: now, files: sizes }, ['r', id]);
      await new Promise((res, rej) => {
        tx.oncomplete = res;
        tx.onerror = () => rej(tx.error);
      });
      db.close();
    },
    { id: id!, files: rest },
  );
}

test('setup → run: phase 1 samples with the toy model in the page; the run ends done, or says why phase 2 cannot start', async () => {
  const page = await freshPage();
  const errors = await openApp(page, '#/runs');
  const t0 = performance.now();
  const id = await startFromLink(page, MICRO);
  expect(id).toMatch(/^ui-micro-/);
  await expect.poll(() => page.locator('#phase-dataset').textContent(), { timeout: 120_000 }).toMatch(/responses|done/);
  // The page stays responsive while the worker samples.
  const lag = await page.evaluate(() => new Promise<number>((r) => { const t = performance.now(); setTimeout(() => r(performance.now() - t), 0); }));
  expect(lag).toBeLessThan(500);
  await shot(page, 'run-phase1');
  const state = await waitForEnd(page, 300_000);
  console.log(`phase 1 through the UI on the toy model: ${((performance.now() - t0) / 1000).toFixed(1)} s, ended ${state}`);
  await page.waitForTimeout(300);
  expect(await page.locator('#phase-dataset').textContent()).toMatch(/^done · 16\/16 \w+ in /);
  expect(await page.locator('#dataset-stats').textContent()).toMatch(/16 candidates for 4 problems/);
  const log = (await page.locator('#run-log').textContent()) ?? '';
  if (state === 'failed') expect(log).toMatch(/no training groups \(phase 1 found no problem with both passing and failing candidates\)/);
  else expect(state).toBe('done');
  await shot(page, 'run-phase1-end');
  expect(errors).toEqual([]);
});

test('a run from its judgment dataset on the toy model: resume offer → phase 2 → pause after step 1 → reload → continue from the checkpoint → phase 3 → results → explorer → runs', async () => {
  const page = await freshPage();
  const errors = await openApp(page, '#/runs');
  const id = 'ui-pause-seeded';
  // Three optimiser steps (3 training groups, 1 per batch), a checkpoint after every step. The
  // pause is clicked once step 1 shows and takes effect at the next batch boundary, which
  // may come after step 1 or step 2 (the page and the worker race); never after the last.
  const doc = { ...SEEDED, name: 'ui-pause-seeded', train: { ...SEEDED.train, batchGroups: 1, miniBatchGroups: 1, microBatch: 2, checkpointEvery: 1 } };
  await seed(page, seededRun(doc, id));
  await page.reload();
  // The run stopped after phase 1 (it was "running" when the tab went away): offered on load.
  await page.locator('#resume-offer').waitFor({ state: 'visible', timeout: 60_000 });
  expect(await page.locator('#resume-text').textContent()).toBe(`Continue run ui-pause-seeded (${id}) from step 0?`);
  const t0 = performance.now();
  await page.locator('#resume-continue').click();
  await page.waitForURL(/#\/run\?id=ui-pause-seeded/, { timeout: 30_000 });
  await expect.poll(() => page.locator('#phase-train').textContent(), { timeout: 120_000 }).not.toBe('waiting');
  await shot(page, 'run-live');
  await expect.poll(() => page.locator('#train-summary').textContent(), { timeout: 300_000 }).toMatch(/^\d+ steps?;/);
  await page.locator('#run-pause').click();
  expect(await waitForEnd(page, 300_000)).toBe('paused');
  const paused = await page.locator('#train-summary').textContent();
  const stepsBefore = Number(/^(\d+) step/.exec(paused ?? '')![1]);
  expect(stepsBefore).toBeGreaterThanOrEqual(1);
  expect(stepsBefore).toBeLessThanOrEqual(2);
  expect(await page.locator('#run-log').textContent()).toMatch(new RegExp(`checkpoint saved at step ${stepsBefore}`));
  await shot(page, 'run-paused');

  await page.reload();
  await page.locator('#resume-offer').waitFor({ state: 'visible', timeout: 60_000 });
  expect(await page.locator('#resume-text').textContent()).toBe(`Continue run ui-pause-seeded (${id}) from step ${stepsBefore}?`);
  await page.locator('#resume-continue').click();
  // The reloaded page showed the run as paused: wait for it to run again before waiting for its end.
  await expect.poll(() => page.locator('#run-state').getAttribute('data-state'), { timeout: 60_000 }).toBe('running');
  expect(await waitForEnd(page, 700_000)).toBe('done');
  await page.waitForTimeout(300);
  const log = (await page.locator('#run-log').textContent()) ?? '';
  expect(log).toContain(`resuming from the checkpoint of step ${stepsBefore}`);
  // Three step events in all (stored before the pause + after): no step repeated or skipped.
  expect(await page.locator('#train-summary').textContent()).toMatch(/^3 steps; last: reward -?\d\.\d{3}, malformed \d+\.\d%, loss/);
  console.log(`phases 2 (paused, reloaded, continued) + 3 through the UI on the toy model: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  await shot(page, 'run');
  expect(await page.locator('#phase-dataset').textContent()).toMatch(/^skipped/);
  for (const p of ['train', 'eval']) {
    expect(await page.locator(`#progress-${p}`).evaluate((b: HTMLProgressElement) => b.value === b.max)).toBe(true);
    expect(await page.locator(`#phase-${p}`).textContent()).toMatch(/^done/);
  }
  for (const c of ['reward', 'malformed', 'loss', 'kl', 'grad', 'ndcg']) expect(await page.locator(`#chart-${c} .chart-empty`).isHidden(), c).toBe(true);
  expect(await page.locator('#run-pause').isDisabled()).toBe(true);

  await page.locator('#nav-results').click();
  const table = page.locator('#results-table');
  await table.waitFor({ timeout: 30_000 });
  expect(await table.locator('tbody tr').evaluateAll((rs) => rs.map((r) => (r as HTMLElement).dataset.row))).toEqual(['base', 'judge-only', 'trained']);
  for (const cell of await table.locator('tbody td').allTextContents()) expect(cell).toMatch(/^\d+\.\d$/);
  expect(await page.locator('#results-chart .bar').count()).toBe(9);
  const download = page.waitForEvent('download');
  await page.locator('#dl-md').click();
  expect((await download).suggestedFilename()).toBe(`${id}-eval.md`);
  expect(await page.locator('.dl-model').count()).toBeGreaterThanOrEqual(3);
  await shot(page, 'results');

  await page.locator('#nav-explorer').click();
  const items = page.locator('#problem-list button');
  await expect.poll(() => items.count(), { timeout: 30_000 }).toBe(4);
  await items.first().click();
  const detail = page.locator('#problem-detail');
  await expect.poll(() => detail.locator('h3').first().textContent()).toBe('Candidates (4) — phase 1');
  expect(await detail.locator('details.candidate > summary .badge').allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(/^pass · (\d+)\/\1 tests$/), expect.stringMatching(/^fail · 0\/\d+ tests$/)]));
  await shot(page, 'explorer');
  await items.last().click();
  await expect.poll(() => detail.textContent()).toMatch(/Judgments in evaluation \(3\)/);
  expect(await detail.locator('details.judgment > summary').first().textContent()).toMatch(/^base · repeat 0 · .*reward \(pairacc\) -?\d\.\d{3}/);
  await shot(page, 'explorer-judgments');

  await page.locator('#nav-runs').click();
  const row = page.locator(`#runs-table tr[data-run="${id}"]`);
  await row.waitFor({ timeout: 30_000 });
  expect(await row.textContent()).toMatch(/done · step 3/);
  expect(await row.textContent()).toMatch(/Best-of-k \d+\.\d% → \d+\.\d%/);
  expect(await page.locator('#checkpoints-table tbody tr').count()).toBeGreaterThanOrEqual(1);
  await shot(page, 'runs');
  expect(errors).toEqual([]);
}, 1_200_000);
