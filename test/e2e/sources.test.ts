// The Hub source and the browser-folder source inside real Chromium: fetch a tiny model from
// a local Hub-shaped server (cross-origin, so CORS and Range preflights are exercised),
// resume a dropped download, and read a folder from the origin-private file system.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { evalWithModule, launchChromium } from '../helpers/browser';
import { startHubServer, type HubServer } from '../helpers/hub-server';

const tinyTok = (f: string): Uint8Array => new Uint8Array(readFileSync(new URL(`../fixtures/models/tiny-tokenizer/${f}`, import.meta.url)));
const golden = (f: string): Uint8Array => new Uint8Array(readFileSync(new URL(`../fixtures/golden/qwen3/${f}`, import.meta.url)));
const MODEL = 'tiny/qwen3';

let browser: Browser;
let hub: HubServer;
let page: Page;
beforeAll(async () => {
  hub = await startHubServer({
    [MODEL]: { files: { 'config.json': golden('config.json'), 'model.safetensors': golden('model.safetensors') } },
    'tiny/tok': { files: { 'tokenizer.json': tinyTok('tokenizer.json'), 'tokenizer_config.json': tinyTok('tokenizer_config.json') } },
  });
  browser = await launchChromium();
  page = await browser.newPage();
  await page.goto(new URL('test/e2e/harness.html', inject('devUrl')).href);
});
afterAll(async () => {
  await browser?.close();
  await hub?.close();
});

// Runs in the page: loads the model through the given source and summarises it.
const SUMMARY = `
  const { openWeights, checkWeights } = await import('/src/model/weights.ts');
  const { parseModelConfig } = await import('/src/model/config.ts');
  const cfg = parseModelConfig(await src.json('config.json'));
  const w = await openWeights(src);
  checkWeights(w, cfg, src.id);
  const q = await w.readTensor('model.layers.1.self_attn.q_proj.weight');
  let sum = 0;
  for (const v of q.data) sum += v;
  return { id: src.id, headDim: cfg.headDim, tensors: w.tensors.size, shape: q.shape, sum };
`;

function expectedSum(): number {
  const bytes = golden('model.safetensors');
  const len = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + len)));
  const [b, e] = header['model.layers.1.self_attn.q_proj.weight'].data_offsets as [number, number];
  const data = new Float32Array(bytes.slice(8 + len + b, 8 + len + e).buffer);
  let sum = 0;
  for (const v of data) sum += v;
  return sum;
}

test('Hub source in Chromium: download, progress, resume after a dropped connection', async () => {
  hub.dropNext('model.safetensors', 120_000, 1);
  const r = await evalWithModule<{ id: string; headDim: number; tensors: number; shape: number[]; sum: number; last: unknown }>(
    page,
    '/src/model/sources/hub.ts',
    `const events = [];
     const src = mod.hubSource(arg.model, { endpoint: arg.endpoint, onProgress: (p) => events.push(p) });
     const out = await (async () => { ${SUMMARY} })();
     return { ...out, last: events.filter((e) => e.file === 'model.safetensors').at(-1) };`,
    { model: MODEL, endpoint: hub.url },
  );
  const size = golden('model.safetensors').length;
  expect(r).toMatchObject({ id: `hub:${MODEL}@main`, headDim: 32, tensors: 1 + 2 * 11 + 1, shape: [128, 64] });
  expect(r.sum).toBeCloseTo(expectedSum(), 10);
  expect(r.last).toEqual({ file: 'model.safetensors', loaded: size, total: size, cached: false });
  const gets = hub.log.filter((l) => l.path.endsWith('/model.safetensors') && l.status !== 204);
  expect(gets.map((l) => [l.range ?? null, l.status])).toEqual([
    [null, 200],
    ['bytes=120000-', 206],
  ]);
});

test('Hub source in Chromium: unknown model gives the clear message', async () => {
  const msg = await evalWithModule<string>(
    page,
    '/src/model/sources/hub.ts',
    `try { await mod.hubSource('nobody/nothing', { endpoint: arg }).json('config.json'); return 'no error'; } catch (e) { return e.message; }`,
    hub.url,
  );
  expect(msg).toMatch(/Model "nobody\/nothing" not found .*check the id/);
});

test('tokenizer and chat template from the Hub in Chromium', async () => {
  const r = await evalWithModule<{ ids: number[]; text: string; chatIds: number[] }>(
    page,
    '/src/tokenizer/tokenizer.ts',
    `const { hubSource } = await import('/src/model/sources/hub.ts');
     const tok = await mod.loadTokenizer(hubSource('tiny/tok', { endpoint: arg }));
     const chat = tok.applyChatTemplate([{ role: 'user', content: 'hi' }], { addGenerationPrompt: true });
     return { ids: tok.encode('hello', { addSpecialTokens: true }), text: chat.text, chatIds: chat.ids.slice(0, 2) };`,
    hub.url,
  );
  expect(r.ids).toEqual([1, 261, 114]);
  expect(r.text).toBe('<|im_start|>system\nYou are a helpful AI assistant named SmolLM, trained by Hugging Face<|im_end|>\n<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\n');
  expect(r.chatIds[0]).toBe(1);
});

test('folder source over an OPFS directory handle', async () => {
  const files = { 'config.json': Array.from(golden('config.json')), 'model.safetensors': Array.from(golden('model.safetensors')) };
  const r = await evalWithModule<{ id: string; headDim: number; tensors: number; shape: number[]; sum: number; list: string[] }>(
    page,
    '/src/model/sources/browser-folder.ts',
    `const root = await navigator.storage.getDirectory();
     const dir = await root.getDirectoryHandle('tiny-qwen3', { create: true });
     for (const [name, bytes] of Object.entries(arg)) {
       const w = await (await dir.getFileHandle(name, { create: true })).createWritable();
       await w.write(new Uint8Array(bytes));
       await w.close();
     }
     const src = mod.folderSource(dir);
     const list = await src.list();
     const missing = await src.file('tokenizer.json');
     if (missing !== null) throw new Error('expected null for a missing file');
     const out = await (async () => { ${SUMMARY} })();
     return { ...out, list };`,
    files,
  );
  expect(r).toMatchObject({ id: 'folder:tiny-qwen3', headDim: 32, shape: [128, 64], list: ['config.json', 'model.safetensors'] });
  expect(r.sum).toBeCloseTo(expectedSum(), 10);
});
