// The app as users get it (the production build served by vite preview), in Debian's
// Chromium with WebGPU on SwiftShader: a full micro run through the UI on the toy model
// (setup → run → results → explorer), a malformed problem file's per-problem errors, a
// paused run continued after a reload, an offline second visit served by the service
// worker, and a lost GPU device (the browser's GPU process crashed through CDP) announced at
// once. Screenshots of each view go to test-results/screenshots/.
//
// The toy model is public/models/dust-toy (config.json + model.safetensors); when a checkout
// has only its tokenizer, a tiny random Llama with that tokenizer is written into the built
// app's dist/models/dust-toy instead (it writes garbage code, so groups may be empty).
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, launchPersistent } from '../helpers/browser';
import { dustTinyModelDir } from '../gpu/dust-tiny';
import { removeModelDirs } from '../gpu/model-tiny-hf';

const SHOTS = 'test-results/screenshots';
const TOY_TRAINED = existsSync('public/models/dust-toy/model.safetensors');

let browser: Browser;
const contexts: BrowserContext[] = [];
const dirs: string[] = [];

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  if (!TOY_TRAINED) {
    const src = dustTinyModelDir(11);
    mkdirSync('dist/models/dust-toy', { recursive: true });
    for (const f of ['config.json', 'model.safetensors']) copyFileSync(join(src, f), join('dist/models/dust-toy', f));
    removeModelDirs();
  }
  browser = await launchChromium();
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true, maxRetries: 3 });
});

/** base64url JSON, as the app's router writes configurations into links. */
function encodeState(v: unknown): string {
  return Buffer.from(JSON.stringify(v)).toString('base64url');
}

/** The micro configuration: 4 training problems, M 4, K 2, G 2, one optimiser step, 2 eval problems, 1 repeat. */
export const MICRO = {
  name: 'ui-micro',
  model: { id: 'dust-toy' },
  problems: { set: 'toy', split: 'field', maxTrainProblems: 4, maxEvalProblems: 2 },
  sandbox: { timeoutMs: 2000, memoryBytes: 67108864, workers: 1 },
  dataset: { samples: 4, groupSize: 2, maxNewTokens: 48, generationBatch: 8, labelQueue: 16, validationFraction: 0.25 },
  train: { rollouts: 2, batchGroups: 8, miniBatchGroups: 8, ppoEpochs: 1, dataEpochs: 1, lr: 1e-4, warmupSteps: 0, maxNewTokens: 12, microBatch: 4, validateEvery: 0, validationGroups: 2, checkpointEvery: 0 },
  eval: { repeats: 1, candidates: 2, maxNewTokens: 48, judgeMaxNewTokens: 12 },
};

async function openApp(page: Page, hash = ''): Promise<string[]> {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(new URL(hash, inject('appUrl')).href);
  await page.locator('header.top').waitFor({ timeout: 60_000 });
  return errors;
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

test('setup: every parameter with its explanation, presets, the memory verdict, and the configuration in the link', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = await openApp(page, '#/setup');
  await expect.poll(() => page.locator('#memory-verdict').getAttribute('data-state'), { timeout: 60_000 }).toMatch(/ok|bad/);
  expect(await page.locator('#memory-verdict').textContent()).toMatch(/Fits the adapter's limits: about .* of GPU memory/);
  expect(await page.locator('#problem-info').textContent()).toMatch(/toy: \d+ problems; this run uses 24 for training and 12 held out/);
  // The toy's measured limits are said before a demo starts, and only for the toy.
  expect(await page.locator('#toy-expectation').isVisible()).toBe(true);
  expect(await page.locator('#toy-expectation').textContent()).toMatch(/does not teach it to judge.*primal GRPO/);
  // Every field of the config has an input and a one-line explanation.
  const fields = page.locator('.field');
  expect(await fields.count()).toBeGreaterThan(60);
  const helps = await page.locator('.field .help').allTextContents();
  expect(helps.filter((h) => h.trim() === '')).toEqual([]);
  // Editing a field makes the preset custom and goes into the URL; the link restores it.
  await page.locator('#field-dataset-samples').fill('6');
  await page.locator('#field-dataset-samples').dispatchEvent('change');
  expect(await page.locator('#preset-custom').isChecked()).toBe(true);
  const link = page.url();
  expect(link).toContain('c=');
  // An invalid value names the field and disables Start.
  await page.locator('#field-dataset-groupSize').fill('9');
  await page.locator('#field-dataset-groupSize').dispatchEvent('change');
  expect(await page.locator('#config-error').textContent()).toMatch(/dataset.groupSize/);
  expect(await page.locator('#start-run').isDisabled()).toBe(true);
  const page2 = await browser.newPage();
  await openApp(page2, link.slice(link.indexOf('#')));
  await expect.poll(() => page2.locator('#field-dataset-samples').inputValue(), { timeout: 30_000 }).toBe('6');
  await page2.close();
  // The paper preset on this software GPU: the planner answers before anything is downloaded.
  await page.locator('#preset-paper').check();
  await expect.poll(() => page.locator('#field-model-id').inputValue()).toBe('Qwen/Qwen3-4B-Thinking-2507');
  await expect.poll(() => page.locator('#toy-expectation').isVisible()).toBe(false);
  await expect.poll(() => page.locator('#memory-verdict').getAttribute('data-state'), { timeout: 60_000 }).toMatch(/ok|bad/);
  await page.locator('#preset-demo').check();
  await expect.poll(() => page.locator('#memory-verdict').getAttribute('data-state'), { timeout: 60_000 }).toBe('ok');
  await shot(page, 'setup');
  expect(errors).toEqual([]);
  await page.close();
});

test('importing a malformed problem file shows one error per problem and field', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = await openApp(page, '#/setup');
  const bad = [
    { id: 'ok-1', title: 'fine', statement: 'Add.', tests: { kind: 'call', entry: 'add', cases: [{ args: [1, 2], expected: 3 }] } },
    { id: 'no-tests', title: 'x', statement: 'Something.', tests: { kind: 'call', entry: 'f', cases: [] } },
    { id: 'bad-kind', title: 'y', statement: 'Other.', tests: { kind: 'pytest' } },
    { title: 'z', statement: '', tests: { kind: 'assert', code: 'assert(1)' } },
  ];
  await page.locator('#problem-file').setInputFiles({ name: 'broken.jsonl', mimeType: 'application/json', buffer: Buffer.from(bad.map((p) => JSON.stringify({ ...p })).join('\n')) });
  const box = page.locator('#import-errors');
  await box.waitFor({ state: 'visible', timeout: 30_000 });
  const items = await box.locator('li').allTextContents();
  expect(items.some((t) => t.includes('problem "no-tests"') && t.includes('tests.cases'))).toBe(true);
  expect(items.some((t) => t.includes('problem "bad-kind"') && t.includes('tests.kind'))).toBe(true);
  expect(items.some((t) => t.includes('problem #3') && t.includes('"id"'))).toBe(true);
  expect(items.some((t) => t.includes('problem #3') && t.includes('"statement"'))).toBe(true);
  expect(items.some((t) => t.includes('ok-1'))).toBe(false);
  expect(await box.textContent()).toMatch(/broken.jsonl was not imported: 4 problems found/);
  await shot(page, 'setup-import-errors');
  // A valid file is imported and selected.
  const good = [0, 1, 2, 3, 4].map((i) => ({ id: `p${i}`, title: `p${i}`, statement: `Return ${i}.`, tests: { kind: 'call', entry: 'f', cases: [{ args: [], expected: i }] } }));
  await page.locator('#problem-file').setInputFiles({ name: 'good.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(good)) });
  await expect.poll(() => page.locator('#field-problems-set').inputValue(), { timeout: 30_000 }).toBe('import:good.json');
  expect(await box.isHidden()).toBe(true);
  await expect.poll(() => page.locator('#problem-info').textContent()).toMatch(/import:good.json: 5 problems/);
  expect(errors).toEqual([]);
  await page.close();
});

test('offline second visit: the service worker serves the app and the toy model with the network blocked', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  contexts.push(context);
  const page = await context.newPage();
  const errors = await openApp(page, '#/setup');
  // First visit: the service worker installs and precaches the build and the toy model.
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null), { timeout: 60_000 }).toBe(true);
  await expect
    .poll(() => page.evaluate(async () => Boolean(await (await caches.open('dust-app-v1')).match(new URL('models/dust-toy/model.safetensors', location.href).href))), { timeout: 60_000 })
    .toBe(true);
  await context.setOffline(true);
  expect(await page.evaluate(() => fetch(`/not-cached-${Math.random()}`).then(() => 'reached the server', () => 'offline'))).toBe('offline');
  await page.reload();
  await page.locator('#field-model-id').waitFor({ timeout: 60_000 });
  expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  await page.locator('#probe-model').click();
  await expect.poll(() => page.locator('#model-probe').getAttribute('data-state'), { timeout: 60_000 }).toBe('ok');
  expect(await page.locator('#model-probe').textContent()).toMatch(/^dust-toy \(built in\): .* parameters .* model\.safetensors \d/);
  await expect.poll(() => page.locator('#memory-verdict').getAttribute('data-state'), { timeout: 60_000 }).toBe('ok');
  await page.locator('#nav-start').click();
  await page.locator('#adapter').waitFor({ timeout: 30_000 });
  await shot(page, 'start-offline');
  expect(errors).toEqual([]);
  await context.close();
});

test('a model folder picked before a reload is offered again: one click gives the permission back', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  contexts.push(context);
  const page = await context.newPage();
  const errors = await openApp(page, '#/setup');
  await page.locator('#pick-folder').waitFor({ timeout: 60_000 });
  // The picker, answered with an origin-private folder holding a copy of the toy model's files.
  await page.evaluate(async () => {
    const root = await navigator.storage.getDirectory();
    const dir = await root.getDirectoryHandle('my-toy', { create: true });
    for (const name of ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'model.safetensors']) {
      const res = await fetch(new URL(`models/dust-toy/${name}`, location.href));
      if (!res.ok) continue;
      const w = await (await dir.getFileHandle(name, { create: true })).createWritable();
      await w.write(new Uint8Array(await res.arrayBuffer()));
      await w.close();
    }
    (window as Window & { showDirectoryPicker?: () => Promise<FileSystemDirectoryHandle> }).showDirectoryPicker = async () => dir;
  });
  await page.locator('#pick-folder').click();
  await expect.poll(() => page.locator('#folder-info').textContent(), { timeout: 30_000 }).toBe('folder:my-toy');
  expect(await page.locator('#reopen-folder').isHidden()).toBe(true);
  // Leaving Setup and coming back in the same tab: the folder is still open.
  const setupUrl = page.url();
  await page.locator('#nav-start').click();
  await page.goto(setupUrl);
  await expect.poll(() => page.locator('#folder-info').textContent(), { timeout: 30_000 }).toBe('folder:my-toy');
  expect(await page.locator('#reopen-folder').isHidden()).toBe(true);
  // After a reload (the configuration stays in the link) the engine no longer has the folder.
  await page.reload();
  await page.locator('#probe-model').waitFor({ timeout: 60_000 });
  await expect.poll(() => page.locator('#folder-info').textContent(), { timeout: 30_000 }).toBe('folder:my-toy (not open in this tab)');
  await page.locator('#probe-model').click();
  await expect.poll(() => page.locator('#model-probe').textContent(), { timeout: 30_000 }).toMatch(/not open in this tab .* press "Reopen my-toy" in Setup/);
  await page.locator('#reopen-folder').waitFor({ timeout: 30_000 });
  expect(await page.locator('#reopen-folder').textContent()).toBe('Reopen my-toy');
  await page.locator('#reopen-folder').click();
  await expect.poll(() => page.locator('#folder-info').textContent(), { timeout: 30_000 }).toBe('folder:my-toy');
  expect(await page.locator('#reopen-folder').isHidden()).toBe(true);
  await page.locator('#probe-model').click();
  await expect.poll(() => page.locator('#model-probe').getAttribute('data-state'), { timeout: 60_000 }).toBe('ok');
  expect(await page.locator('#model-probe').textContent()).toMatch(/^folder:my-toy: .* parameters .* model\.safetensors \d/);
  await shot(page, 'setup-reopen-folder');
  expect(errors).toEqual([]);
  await context.close();
});

test('a lost GPU device is announced at once, the run it cut is paused, and Reload offers to continue it on a new device', async () => {
  // Its own browser: crashing the GPU process reaches every page of that browser.
  const own = await launchChromium();
  try {
    const page = await own.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = await openApp(page, `#/setup?p=custom&c=${encodeState({ ...MICRO, name: 'ui-device-lost' })}`);
    await expect.poll(() => page.locator('#memory-verdict').getAttribute('data-state'), { timeout: 60_000 }).toBe('ok');
    await page.locator('#start-run').click();
    await page.waitForURL(/#\/run\?id=/, { timeout: 30_000 });
    await expect.poll(() => page.locator('#phase-dataset').textContent(), { timeout: 120_000 }).toMatch(/responses|done/);
    expect(await page.locator('#device-lost').isHidden()).toBe(true);
    const cdp = await own.newBrowserCDPSession();
    await cdp.send('Browser.crashGpuProcess');
    await page.locator('#device-lost').waitFor({ state: 'visible', timeout: 30_000 });
    expect(await page.locator('#device-lost').getAttribute('role')).toBe('alert');
    expect(await page.locator('#device-lost-text').textContent()).toMatch(/^The GPU device was lost \(reason: unknown.*reload the page \(training resumes from the last checkpoint\).*Runs and checkpoints are kept in this browser\.$/);
    // The run is not failed but paused, with the reason, and resumable.
    await expect.poll(() => page.locator('#run-state').getAttribute('data-state'), { timeout: 60_000 }).toBe('paused');
    expect(await page.locator('#run-error').textContent()).toMatch(/^Paused: the GPU device was lost \(\w+\)\. Reload the page, then Resume continues it from its newest checkpoint\.$/);
    await shot(page, 'device-lost');
    await Promise.all([page.waitForEvent('load'), page.locator('#device-lost-reload').click()]);
    await page.locator('header.top').waitFor({ timeout: 60_000 });
    expect(await page.locator('#device-lost').isHidden()).toBe(true);
    await page.locator('#resume-offer').waitFor({ state: 'visible', timeout: 30_000 });
    expect(await page.locator('#resume-text').textContent()).toMatch(/^Continue run ui-device-lost \(.+\) from step 0\? It paused because the GPU device was lost \(\w+\)\.$/);
    expect(errors).toEqual([]);
  } finally {
    await own.close();
  }
});
