// The GPU model inside Chromium: a tiny Llama folder served by a local Hub-shaped server
// (cross-origin) is loaded through the Hub source onto WebGPU (SwiftShader here) and
// generates tokens; greedy and seeded sampling must match the same run in Node (lavapipe).
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createGpuContext } from '../../src/gpu';
import { generate } from '../../src/generate/generate';
import { nodeGPU } from '../../src/host/node';
import { loadModel } from '../../src/model/load';
import { bytesSource } from '../../src/model/sources/byte-source';
import { modelSource } from '../../src/model/sources/model-source';
import { loadTokenizer } from '../../src/tokenizer/tokenizer';
import { evalWithModule, launchChromium } from '../helpers/browser';
import { startHubServer, type HubServer } from '../helpers/hub-server';
import { tinyModel } from '../gpu/model-tiny-hf';

const MODEL = 'tiny/llama-gen';
const PROMPT = 'hello wor';
const RUNS = [
  { temperature: 0, seed: 0 },
  { temperature: 1, topK: 20, topP: 0.9, seed: 77 },
];
const tiny = tinyModel('llama', { seed: 23 });

let browser: Browser;
let hub: HubServer;
let page: Page;
beforeAll(async () => {
  hub = await startHubServer({ [MODEL]: { files: tiny.files } });
  browser = await launchChromium();
  page = await browser.newPage();
  await page.goto(new URL('test/e2e/harness.html', inject('devUrl')).href);
});
afterAll(async () => {
  await browser?.close();
  await hub?.close();
});

interface Run {
  adapter: string;
  results: { ids: number[]; logprobs: number[]; text: string }[][];
}

test('Chromium loads a model from the Hub source and generates what Node generates', async () => {
  const inPage = await evalWithModule<Run>(
    page,
    '/src/generate/generate.ts',
    `const { createGpuContext } = await import('/src/gpu/index.ts');
     const { hubSource } = await import('/src/model/sources/hub.ts');
     const { loadModel } = await import('/src/model/load.ts');
     const { loadTokenizer } = await import('/src/tokenizer/tokenizer.ts');
     const ctx = await createGpuContext(navigator.gpu);
     const src = hubSource(arg.model, { endpoint: arg.endpoint });
     const { model } = await loadModel(ctx, src);
     const tok = await loadTokenizer(src);
     const ids = tok.encode(arg.prompt);
     const results = [];
     for (const run of arg.runs) {
       const out = [];
       for (let rep = 0; rep < 2; rep++) {
         const [r] = await mod.generate(model, [ids], { ...run, maxNewTokens: 6, decode: (x) => tok.decode(x) });
         out.push({ ids: r.ids, logprobs: r.logprobs, text: r.text });
       }
       results.push(out);
     }
     model.destroy();
     return { adapter: ctx.adapter.summary, results };`,
    { model: MODEL, endpoint: hub.url, prompt: PROMPT, runs: RUNS },
  );
  console.log(`[e2e generate] browser adapter: ${inPage.adapter}; texts: ${inPage.results.map((r) => JSON.stringify(r[0].text)).join(', ')}`);

  const ctx = await createGpuContext(nodeGPU());
  const src = modelSource({ id: 'node', file: async (n) => (tiny.files[n] ? bytesSource(tiny.files[n]) : null) });
  const { model } = await loadModel(ctx, src);
  const tok = await loadTokenizer(src);
  const ids = tok.encode(PROMPT);
  for (let i = 0; i < RUNS.length; i++) {
    const [node] = await generate(model, [ids], { ...RUNS[i], maxNewTokens: 6, decode: (x) => tok.decode(x) });
    const [first, again] = inPage.results[i];
    expect(again.ids).toEqual(first.ids);
    expect(first.ids.length).toBe(6);
    for (const id of first.ids) expect(id >= 0 && id < tiny.config.vocabSize).toBe(true);
    expect(first.ids).toEqual(node.ids);
    first.logprobs.forEach((lp, j) => expect(Math.abs(lp - node.logprobs[j])).toBeLessThan(1e-3));
    expect(first.text).toBe(node.text);
  }
  model.destroy();
  ctx.destroy();
});
