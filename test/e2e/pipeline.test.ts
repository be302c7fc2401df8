// The DuST pipeline inside Chromium (WebGPU on SwiftShader, QuickJS in Web Workers, the run
// folder and checkpoints in IndexedDB): a tiny random Llama from a local Hub-shaped server;
// the judgment dataset comes from canned reference/buggy answers (a random model never
// writes a passing program), then phases 2 and 3 run in every training mode and leave
// well-formed outputs: train-state complete, a trained model folder, a checkpoint, metrics
// lines for every step and a three-row evaluation.
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { evalWithModule, launchChromium, launchPersistent } from '../helpers/browser';
import { startHubServer, type HubServer } from '../helpers/hub-server';
import { tinyConfigJson, tinyModel } from '../gpu/model-tiny-hf';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { TOY_VOCAB_SIZE } from '../../src/toy/tokenizer-build';

const MODEL = 'tiny/dust-pipeline';
const TOY = join(import.meta.dirname, '../../public/models/dust-toy');

let browser: Browser;
let hub: HubServer;
let page: Page;
beforeAll(async () => {
  const tokenizer = readFileSync(join(TOY, 'tokenizer.json'));
  const vocab = TOY_VOCAB_SIZE; // BPE vocabulary + the added ranking tokens
  const tiny = tinyModel('llama', { seed: 4, vocab });
  hub = await startHubServer({
    [MODEL]: {
      files: {
        ...tiny.files,
        'config.json': new TextEncoder().encode(JSON.stringify({ ...tinyConfigJson('llama', vocab), max_position_embeddings: 8192 })),
        'tokenizer.json': new Uint8Array(tokenizer),
        'tokenizer_config.json': new Uint8Array(readFileSync(join(TOY, 'tokenizer_config.json'))),
      },
    },
  });
  browser = await launchChromium();
  page = await browser.newPage();
  await page.goto(new URL('test/e2e/harness.html', inject('devUrl')).href);
});
afterAll(async () => {
  await browser?.close();
  await hub?.close();
});

interface ModeResult {
  mode: string;
  complete: boolean;
  rows: string[];
  steps: number;
  logged: number;
  state: { complete: boolean; step: number } | null;
  modelFiles: string[];
  checkpoints: number;
  errors: string[];
}

test('every training mode runs phases 2 and 3 in the browser with well-formed outputs', async () => {
  const results = await evalWithModule<ModeResult[]>(
    page,
    '/src/dust/pipeline.ts',
    `const { createGpuContext } = await import('/src/gpu/index.ts');
     const { hubSource } = await import('/src/model/sources/hub.ts');
     const { resolveConfig } = await import('/src/dust/config.ts');
     const { runPhase1 } = await import('/src/dust/phase1-sample.ts');
     const { fencedAnswer } = await import('/src/dust/generation-prompt.ts');
     const { writeDataset, writeRunConfig, readMetrics } = await import('/src/dust/run-folder.ts');
     const { builtinSplit } = await import('/src/problems/builtin/index.ts');
     const { SandboxPool } = await import('/src/sandbox/pool.ts');
     const { idbRunStore } = await import('/src/store/idb-run-folder.ts');
     const { idbCheckpointStore } = await import('/src/store/idb-checkpoints.ts');
     const ctx = await createGpuContext(navigator.gpu);
     const pool = await SandboxPool.create({ workers: 2 });
     const checkpoints = idbCheckpointStore();
     const split = builtinSplit();
     const problems = { train: split.train.slice(0, 4), eval: split.eval.slice(0, 1) };
     const canned = {
       name: 'canned',
       async generate(messages, req) {
         return messages.map((m, i) => {
           const p = problems.train.find((q) => m.includes(q.statement.trim()));
           return fencedAnswer(req.keys[i] % 2 === 0 ? p.reference : p.buggy[0]);
         });
       },
     };
     const out = [];
     for (const mode of ['off-policy', 'sft', 'primal', 'on-policy']) {
       const cfg = resolveConfig({
         preset: 'micro', name: 'e2e-' + mode, seed: 1, model: { id: arg.model },
         sandbox: { timeoutMs: 3000 },
         dataset: { samples: 4, groupSize: 2, maxNewTokens: 8, generationBatch: 8, validationFraction: 0.25 },
         train: { mode, rollouts: 2, batchGroups: 4, miniBatchGroups: 2, ppoEpochs: 1, dataEpochs: 1, lr: 1e-3, beta: mode === 'off-policy' ? 0.01 : 0, maxNewTokens: 4, validateEvery: 1, validationGroups: 2, checkpointEvery: 1 },
         eval: { repeats: 1, candidates: 2, maxNewTokens: 6, judgeMaxNewTokens: 4 },
       });
       const store = idbRunStore('e2e-' + mode);
       await writeRunConfig(store, cfg);
       await writeDataset(store, await runPhase1(pool, canned, problems.train, cfg));
       const host = { ctx, pool, store, checkpoints, runId: 'e2e-' + mode, modelSource: async () => hubSource(arg.model, { endpoint: arg.endpoint }), problems: async () => problems };
       let steps = 0;
       const errors = [];
       const res = await mod.runPipeline(host, cfg, { phases: ['train', 'eval'], onEvent: (e) => { if (e.type === 'train-step') { steps++; if (!Number.isFinite(e.metrics.loss)) errors.push('loss ' + e.metrics.loss); } } });
       const logged = (await readMetrics(store)).filter((m) => m.event === 'train-step').length;
       const modelFiles = [];
       for (const f of ['config.json', 'model.safetensors', 'tokenizer.json']) if (await store.readBytes(mod.TRAINED_MODEL_DIR + '/' + f)) modelFiles.push(f);
       out.push({ mode, complete: res.complete, rows: res.report ? res.report.rows.map((r) => r.name) : [], steps, logged, state: await mod.readTrainState(store), modelFiles, checkpoints: (await checkpoints.list('e2e-' + mode)).length, errors });
     }
     await pool.close();
     return out;`,
    { model: MODEL, endpoint: hub.url },
  );
  expect(results.map((r) => r.mode)).toEqual(['off-policy', 'sft', 'primal', 'on-policy']);
  for (const r of results) {
    expect(r.complete, r.mode).toBe(true);
    expect(r.errors, r.mode).toEqual([]);
    expect(r.rows, r.mode).toEqual(['base', 'judge-only', 'trained']);
    expect(r.state, r.mode).toMatchObject({ complete: true });
    expect(r.logged, r.mode).toBe(r.steps);
    expect(r.modelFiles, r.mode).toEqual(['config.json', 'model.safetensors', 'tokenizer.json']);
    expect(r.checkpoints, r.mode).toBeGreaterThan(0);
    // On-policy re-samples candidates from the random model: none pass, so no group is mixed.
    if (r.mode !== 'on-policy') expect(r.steps, r.mode).toBeGreaterThan(0);
  }
}, 900_000);

// Shared page code: a config, a seeded run folder in IndexedDB, and a host.
const SETUP = `const { createGpuContext } = await import('/src/gpu/index.ts');
  const { hubSource } = await import('/src/model/sources/hub.ts');
  const { resolveConfig } = await import('/src/dust/config.ts');
  const { runPhase1 } = await import('/src/dust/phase1-sample.ts');
  const { fencedAnswer } = await import('/src/dust/generation-prompt.ts');
  const { writeDataset, writeRunConfig } = await import('/src/dust/run-folder.ts');
  const { builtinSplit } = await import('/src/problems/builtin/index.ts');
  const { SandboxPool } = await import('/src/sandbox/pool.ts');
  const { idbRunStore } = await import('/src/store/idb-run-folder.ts');
  const { idbCheckpointStore } = await import('/src/store/idb-checkpoints.ts');
  const ctx = await createGpuContext(navigator.gpu);
  const pool = await SandboxPool.create({ workers: 1 });
  const split = builtinSplit();
  const problems = { train: split.train.slice(0, 3), eval: split.eval.slice(0, 1) };
  const cfg = resolveConfig({
    preset: 'micro', name: 'resume', seed: 9, model: { id: arg.model }, sandbox: { timeoutMs: 3000 },
    dataset: { samples: 4, groupSize: 2, maxNewTokens: 8, generationBatch: 8, validationFraction: 0 },
    train: { rollouts: 2, batchGroups: 2, miniBatchGroups: 2, ppoEpochs: 1, dataEpochs: 1, lr: 1e-3, beta: 0.01, maxNewTokens: 4, validateEvery: 0, checkpointEvery: 1 },
  });
  const host = (runId) => ({ ctx, pool, store: idbRunStore(runId), checkpoints: idbCheckpointStore(), runId, modelSource: async () => hubSource(arg.model, { endpoint: arg.endpoint }), problems: async () => problems });
  const seed = async (runId) => {
    const canned = { name: 'canned', async generate(messages, req) { return messages.map((m, i) => { const p = problems.train.find((q) => m.includes(q.statement.trim())); return fencedAnswer(req.keys[i] % 2 === 0 ? p.reference : p.buggy[0]); }); } };
    const store = idbRunStore(runId);
    await writeRunConfig(store, cfg);
    await writeDataset(store, await runPhase1(pool, canned, problems.train, cfg));
  };
  const pick = (m) => [m.step, m.epoch, m.batch, m.reward, m.loss, m.gradNorm, m.kl];`;

test('resume after the browser is closed mid-run repeats the uninterrupted run step for step (IndexedDB checkpoints)', async () => {
  const profile = mkdtempSync(join(tmpdir(), 'dust-resume-profile-'));
  const url = new URL('test/e2e/harness.html', inject('devUrl')).href;
  const arg = { model: MODEL, endpoint: hub.url };
  try {
    let context = await launchPersistent(profile);
    let p = await context.newPage();
    await p.goto(url);
    const first = await evalWithModule<{ straight: unknown[][]; before: unknown[][] }>(
      p,
      '/src/dust/pipeline.ts',
      `${SETUP}
       await seed('straight');
       await seed('resumed');
       const straight = [];
       await mod.runPipeline(host('straight'), cfg, { phases: ['train'], onEvent: (e) => e.type === 'train-step' && straight.push(pick(e.metrics)) });
       const before = [];
       await mod.runPipeline(host('resumed'), cfg, { phases: ['train'], shouldStop: () => before.length >= 1, onEvent: (e) => e.type === 'train-step' && before.push(pick(e.metrics)) });
       await pool.close();
       return { straight, before };`,
      arg,
    );
    await context.close();
    context = await launchPersistent(profile);
    p = await context.newPage();
    await p.goto(url);
    const after = await evalWithModule<{ rest: unknown[][]; state: { complete: boolean } | null }>(
      p,
      '/src/dust/pipeline.ts',
      `${SETUP}
       const rest = [];
       await mod.runPipeline(host('resumed'), cfg, { phases: ['train'], onEvent: (e) => e.type === 'train-step' && rest.push(pick(e.metrics)) });
       await pool.close();
       return { rest, state: await mod.readTrainState(idbRunStore('resumed')) };`,
      arg,
    );
    await context.close();
    expect(first.straight.length).toBeGreaterThanOrEqual(2);
    expect(first.before).toHaveLength(1);
    expect(after.state).toMatchObject({ complete: true });
    expect([...first.before, ...after.rest]).toEqual(first.straight);
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}, 600_000);
