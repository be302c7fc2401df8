// `dust generate` and `dust logits` on a tiny Llama folder written by the test: their output
// equals the library's, files are written in the stated format, bad flags are refused.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import generateCmd from '../../src/cli/commands/generate';
import logitsCmd from '../../src/cli/commands/logits';
import { referenceForward } from '../../src/reference/model';
import { getTestContext, maxAbsDiff } from '../helpers/gpu';
import { removeModelDirs, tinyModel, writeModelDir, type TinyModel } from './model-tiny-hf';

let dir: string;
let tiny: TinyModel;
beforeAll(() => {
  // A chat template in the tiny tokenizer's alphabet: each turn's text, then a blank line.
  tiny = tinyModel('llama', { seed: 17, chatTemplate: '{% for m in messages %}{{ m.content }}{{ "\\n" }}{% endfor %}{% if add_generation_prompt %}{{ "\\n" }}{% endif %}' });
  dir = writeModelDir(tiny.files);
});
afterEach(() => vi.restoreAllMocks());
afterAll(() => removeModelDirs());

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((s: unknown) => void out.push(String(s)));
  vi.spyOn(console, 'error').mockImplementation((s: unknown) => void err.push(String(s)));
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  return { out, err };
}

describe('dust generate', () => {
  it('prints ids, text and log-probs; greedy follows the reference argmax', async () => {
    const c = capture();
    expect(await generateCmd.run(['--model', dir, '--prompt', 'the cat', '--max-tokens', '6', '--temperature', '0', '--json'])).toBe(0);
    const r = JSON.parse(c.out[0]) as { prompt_ids: number[]; ids: number[]; text: string; logprobs: number[]; finish: string };
    expect(r.prompt_ids).toEqual([21, 9, 6, 1, 4, 2, 21]);
    expect(r.ids.length).toBeGreaterThan(0);
    const V = tiny.config.vocabSize;
    const all = [...r.prompt_ids, ...r.ids];
    const ref = referenceForward(tiny.config, tiny.weights, all).logits;
    r.ids.forEach((id, j) => {
      const row = Array.from(ref.subarray((r.prompt_ids.length - 1 + j) * V, (r.prompt_ids.length + j) * V));
      expect(row[id]).toBeGreaterThan(Math.max(...row) - 1e-5);
    });
    // Id 0 is the tiny tokenizer's EOS: the run ends there or at the budget.
    expect(r.finish).toBe(r.ids.at(-1) === 0 ? 'eos' : 'length');
  });

  it('gives the same greedy tokens with f16 weight matrices (--dtype f16), or refuses them without shader-f16', async () => {
    const f16 = (await getTestContext()).features.f16; // before capture(): the first context logs its adapter
    const c = capture();
    const args = ['--model', dir, '--prompt', 'the cat', '--max-tokens', '4', '--temperature', '0', '--json'];
    if (!f16) {
      // e.g. an NVIDIA GPU through Dawn's Vulkan backend (seen on an H100): no shader-f16
      await expect(generateCmd.run([...args, '--dtype', 'f16'])).rejects.toThrow(/--dtype f16 needs the shader-f16 feature, which this GPU .* does not have: leave --dtype out \(f32\)/);
      return;
    }
    await generateCmd.run(args);
    await generateCmd.run([...args, '--dtype', 'f16']);
    const [a, b] = c.out.map((s) => JSON.parse(s) as { ids: number[]; logprobs: number[] });
    // f16 rounding of random weights moves log-probs by ~1e-3, far less than the greedy margins here.
    expect(b.ids).toEqual(a.ids);
    b.logprobs.forEach((lp, j) => expect(Math.abs(lp - a.logprobs[j])).toBeLessThan(0.02));
  });

  it('renders --chat through the model\'s chat template', async () => {
    const c = capture();
    expect(await generateCmd.run(['--model', dir, '--prompt', 'hi', '--chat', '--max-tokens', '2', '--temperature', '0', '--json'])).toBe(0);
    const r = JSON.parse(c.out[0]) as { prompt_ids: number[] };
    expect(r.prompt_ids).toEqual([9, 10, 42, 42]);
  });

  it('is reproducible with --seed', async () => {
    const args = ['--model', dir, '--prompt', 'abc', '--max-tokens', '8', '--top-k', '10', '--top-p', '0.95', '--temperature', '1.5', '--json'];
    const c = capture();
    await generateCmd.run([...args, '--seed', '5']);
    await generateCmd.run([...args, '--seed', '5']);
    expect(c.out[1]).toBe(c.out[0]);
  });

  it('downloads a Hub model id (through --endpoint) and generates the same as from the folder', async () => {
    const { startHubServer } = await import('../helpers/hub-server');
    const hub = await startHubServer({ 'tiny/llama': { files: tiny.files } });
    const cacheDir = join(dir, 'hub-cache');
    const saved = process.env.DUST_CACHE;
    process.env.DUST_CACHE = cacheDir;
    try {
      const c = capture();
      const args = ['--prompt', 'abc', '--max-tokens', '4', '--temperature', '0', '--json'];
      expect(await generateCmd.run(['--model', 'tiny/llama', '--endpoint', hub.url, ...args])).toBe(0);
      expect(await generateCmd.run(['--model', dir, ...args])).toBe(0);
      expect(c.out[0]).toBe(c.out[1]);
    } finally {
      if (saved === undefined) delete process.env.DUST_CACHE;
      else process.env.DUST_CACHE = saved;
      await hub.close();
    }
  });

  it('refuses bad flags with a usage message', async () => {
    const c = capture();
    expect(await generateCmd.run(['--model', dir, '--prompt', 'x', '--temperature', 'hot'])).toBe(2);
    expect(c.err[0]).toMatch(/--temperature must be a number ≥ 0 \(0 = greedy\), got "hot"/);
    expect(await generateCmd.run(['--prompt', 'x'])).toBe(2);
    expect(c.err[1]).toMatch(/--model and --prompt are required/);
    expect(await generateCmd.run(['--model', dir, '--prompt', 'x', '--dtype', 'bf16'])).toBe(2);
    expect(c.err[2]).toMatch(/--dtype must be f32 or f16, got "bf16"/);
  });
});

describe('dust logits', () => {
  it('writes raw f32 with the shape stated, and JSON, equal to the reference', async () => {
    const ids = [3, 1, 4, 1, 5];
    const want = Float32Array.from(referenceForward(tiny.config, tiny.weights, ids).logits);
    const c = capture();
    const f32 = join(dir, 'logits.f32');
    expect(await logitsCmd.run(['--model', dir, '--ids', ids.join(','), '--out', f32])).toBe(0);
    expect(c.out[0]).toContain(`shape [5, ${tiny.config.vocabSize}]`);
    const raw = readFileSync(f32);
    expect(maxAbsDiff(new Float32Array(raw.buffer, raw.byteOffset, raw.byteLength / 4), want)).toBeLessThan(1e-4);
    expect(await logitsCmd.run(['--model', dir, '--ids', ids.join(',')])).toBe(0);
    const j = JSON.parse(c.out[1]) as { shape: number[]; logits: number[][] };
    expect(j.shape).toEqual([5, tiny.config.vocabSize]);
    expect(maxAbsDiff(j.logits.flat(), want)).toBeLessThan(1e-4);
  });

  it('refuses ids that are not token ids, naming the bad one', async () => {
    const c = capture();
    expect(await logitsCmd.run(['--model', dir, '--ids', '1,-2'])).toBe(2);
    expect(c.err[0]).toMatch(/"-2" is not one/);
    await expect(logitsCmd.run(['--model', dir, '--ids', '1,500'])).rejects.toThrow(/id 500 at index 1 is outside the vocabulary \[0, 43\)/);
  });
});
