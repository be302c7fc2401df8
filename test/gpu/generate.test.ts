// Batched generation with the KV cache on a tiny random Qwen2 / Llama model: decode equals
// full recomputation, greedy equals the reference argmax, batched equals one at a time,
// seeded sampling is reproducible, EOS and stop strings end sequences, bad input is refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeDirSource } from '../../src/host/node-files';
import { generate, type GenerateOptions } from '../../src/generate/generate';
import { KvCache } from '../../src/model/kv-cache';
import { loadModel } from '../../src/model/load';
import type { Transformer } from '../../src/model/transformer';
import { referenceForward } from '../../src/reference/model';
import { loadTokenizer, type ModelTokenizer } from '../../src/tokenizer/tokenizer';
import { getTestContext } from '../helpers/gpu';
import { removeModelDirs, tinyModel, writeModelDir, type TinyModel } from './model-tiny-hf';

let model: Transformer;
let tiny: TinyModel;
let tok: ModelTokenizer;
const PROMPTS = [
  [8, 5, 12, 12, 15, 1, 23, 15, 18, 12, 4],
  [20, 8, 5],
  [1, 2, 3, 4, 5, 6],
];
const NEW = 10;

beforeAll(async () => {
  const ctx = await getTestContext();
  tiny = tinyModel('qwen2', { seed: 5 });
  const src = nodeDirSource(writeModelDir(tiny.files));
  ({ model } = await loadModel(ctx, src));
  tok = await loadTokenizer(src);
});
afterAll(() => {
  model.destroy();
  removeModelDirs();
});

const run = (prompts: number[][], opts: Partial<GenerateOptions> = {}) => generate(model, prompts, { maxNewTokens: NEW, eos: [], ...opts });

function logSoftmaxRow(logits: ArrayLike<number>, row: number, V: number): number[] {
  const r = Array.from({ length: V }, (_, i) => logits[row * V + i]);
  const m = Math.max(...r);
  const lse = m + Math.log(r.reduce((a, x) => a + Math.exp(x - m), 0));
  return r.map((x) => x - lse);
}

describe('generate', () => {
  it('decodes with the KV cache exactly as a full recomputation, and greedy equals the reference argmax', async () => {
    const streamed: number[][] = PROMPTS.map(() => []);
    const out = await run(PROMPTS, { temperature: 0, onToken: (s, id) => streamed[s].push(id) });
    expect(streamed).toEqual(out.map((o) => o.ids));
    const V = tiny.config.vocabSize;
    const full = await model.logits(PROMPTS.map((p, i) => [...p, ...out[i].ids]));
    PROMPTS.forEach((p, i) => {
      expect(out[i].ids.length).toBe(NEW);
      expect(out[i].finish).toBe('length');
      const ref = referenceForward(tiny.config, tiny.weights, [...p, ...out[i].ids]).logits;
      out[i].ids.forEach((id, j) => {
        const row = p.length - 1 + j;
        const lsGpu = logSoftmaxRow(full[i], row, V);
        const lsRef = logSoftmaxRow(ref, row, V);
        // The cached decode's log-prob equals the one from recomputing the whole sequence.
        expect(Math.abs(out[i].logprobs[j] - lsGpu[id])).toBeLessThan(1e-4);
        expect(Math.abs(out[i].logprobs[j] - lsRef[id])).toBeLessThan(1e-4);
        // Greedy picks the reference argmax (or a token within float error of it).
        expect(lsRef[id]).toBeGreaterThan(Math.max(...lsRef) - 1e-5);
      });
    });
  });

  it('gives each sequence the same tokens in a batch as alone (same seed and sequence key)', async () => {
    const opts = { temperature: 1, topK: 20, topP: 0.9, seed: 1234 };
    const batched = await run(PROMPTS, opts);
    for (let i = 0; i < PROMPTS.length; i++) {
      const [alone] = await run([PROMPTS[i]], { ...opts, sequenceKeys: [i] });
      expect(alone.ids).toEqual(batched[i].ids);
      alone.logprobs.forEach((lp, j) => expect(Math.abs(lp - batched[i].logprobs[j])).toBeLessThan(1e-4));
    }
  });

  it('prefills equal prompts once: each copy still gets the tokens it gets alone (also across prefill chunks)', async () => {
    // G = 3 copies of one prompt with a different prompt between them, like GRPO's rollouts.
    const prompts = [PROMPTS[0], PROMPTS[1], [...PROMPTS[0]], PROMPTS[2], [...PROMPTS[0]]];
    const opts = { temperature: 1, topK: 20, topP: 0.9, seed: 99 };
    for (const prefillChunk of [undefined, 5]) {
      const batched = await run(prompts, { ...opts, ...(prefillChunk ? { prefillChunk } : {}) });
      for (let i = 0; i < prompts.length; i++) {
        const [alone] = await run([prompts[i]], { ...opts, sequenceKeys: [i] });
        expect(batched[i].ids, `sequence ${i}, prefill chunk ${prefillChunk}`).toEqual(alone.ids);
        alone.logprobs.forEach((lp, j) => expect(Math.abs(lp - batched[i].logprobs[j])).toBeLessThan(1e-4));
      }
      // the copies drew different samples from the shared prompt (their own random streams)
      expect(new Set([0, 2, 4].map((i) => batched[i].ids.join(','))).size).toBeGreaterThan(1);
    }
  });

  it('is reproducible for a seed and changes with the seed', async () => {
    const a = await run(PROMPTS, { temperature: 1.2, seed: 7 });
    const b = await run(PROMPTS, { temperature: 1.2, seed: 7 });
    const c = await run(PROMPTS, { temperature: 1.2, seed: 8 });
    expect(b.map((s) => s.ids)).toEqual(a.map((s) => s.ids));
    expect(c.map((s) => s.ids)).not.toEqual(a.map((s) => s.ids));
    // Sampling at temperature 1.2 does not collapse to greedy.
    const g = await run(PROMPTS, { temperature: 0 });
    expect(a.map((s) => s.ids)).not.toEqual(g.map((s) => s.ids));
  });

  it('ends a sequence at an EOS id, keeping the id but not its text', async () => {
    const free = await run(PROMPTS, { temperature: 0, decode: (ids) => tok.decode(ids) });
    // Declare the token greedy decoding emits 4th in sequence 0 an EOS id.
    const eosId = free[0].ids[3];
    const first = free[0].ids.indexOf(eosId);
    const out = await run(PROMPTS, { temperature: 0, eos: [eosId], decode: (ids) => tok.decode(ids) });
    expect(out[0].finish).toBe('eos');
    expect(out[0].ids).toEqual(free[0].ids.slice(0, first + 1));
    expect(out[0].text).toBe(tok.decode(free[0].ids.slice(0, first)));
    PROMPTS.forEach((_, i) => {
      const at = free[i].ids.indexOf(eosId);
      expect(out[i].ids).toEqual(at < 0 ? free[i].ids : free[i].ids.slice(0, at + 1));
    });
  });

  it('ends a sequence at a stop string, cutting the text before it', async () => {
    const decode = (ids: number[]) => tok.decode(ids);
    const free = await run(PROMPTS, { temperature: 0, decode });
    const text = free[1].text;
    const stopAt = 4;
    const stop = text.slice(stopAt, stopAt + 2);
    const out = await run(PROMPTS, { temperature: 0, decode, stop: [stop] });
    const first = text.indexOf(stop);
    expect(out[1].finish).toBe('stop');
    expect(out[1].text).toBe(text.slice(0, first));
    // One character per token here: the sequence stops on the token that completes the string.
    expect(out[1].ids).toEqual(free[1].ids.slice(0, first + stop.length));
    PROMPTS.forEach((_, i) => {
      if (!free[i].text.includes(stop)) expect(out[i]).toEqual(free[i]);
    });
  });

  it('checks stop strings on incrementally decoded text: decoding work grows linearly with the tokens', async () => {
    let decodedIds = 0;
    const decode = (ids: number[]) => ((decodedIds += ids.length), tok.decode(ids));
    const N = 40;
    const [out] = await run([PROMPTS[1]], { temperature: 0, decode, stop: ['@never@'], maxNewTokens: N });
    expect(out.finish).toBe('length');
    expect(out.text).toBe(tok.decode(out.ids));
    // Decoding the whole sequence at every token would decode N(N+1)/2 = 820 ids.
    expect(decodedIds).toBeLessThan(6 * N);
    // A stop string that spans tokens deep into the text is still found where it begins.
    const stop = out.text.slice(30, 33);
    const [cut] = await run([PROMPTS[1]], { temperature: 0, decode, stop: ['@never@', stop], maxNewTokens: N });
    expect(cut.finish).toBe('stop');
    expect(cut.text).toBe(out.text.slice(0, out.text.indexOf(stop)));
  });

  it('pipelined decoding (each step recorded before the last is read) gives the results of waiting for every step', async () => {
    const decode = (ids: number[]) => tok.decode(ids);
    const prompts = [...PROMPTS, PROMPTS[1], [9, 9, 2, 7], PROMPTS[0]];
    const base = { temperature: 1.2, seed: 77, maxNewTokens: 16, decode };
    const free = await run(prompts, { ...base, pipeline: false });
    // Sequences end at different steps, by EOS and by stop string, while others go on: the
    // ended ones ride along in the step already recorded and their samples must be dropped.
    const eos = [free[0].ids[2], free[3].ids[9]];
    const stop = [free[2].text.slice(5, 7)];
    const streamed = (): [number[][], (s: number, id: number) => void] => {
      const got: number[][] = prompts.map(() => []);
      return [got, (s, id) => got[s].push(id)];
    };
    const [gotW, onW] = streamed();
    const [gotP, onP] = streamed();
    const waited = await run(prompts, { ...base, eos, stop, pipeline: false, onToken: onW });
    const piped = await run(prompts, { ...base, eos, stop, onToken: onP });
    expect(piped.map((o) => [o.ids, o.finish, o.text])).toEqual(waited.map((o) => [o.ids, o.finish, o.text]));
    piped.forEach((o, i) => o.logprobs.forEach((lp, j) => expect(Math.abs(lp - waited[i].logprobs[j])).toBeLessThan(1e-6)));
    expect(gotP).toEqual(piped.map((o) => o.ids));
    expect(gotW).toEqual(gotP);
    const finishes = new Set(piped.map((o) => o.finish));
    expect(finishes.has('eos') && finishes.has('stop')).toBe(true);
    expect(new Set(piped.map((o) => o.ids.length)).size).toBeGreaterThan(2);
  });

  it('prefills in chunks (later chunks attend to earlier ones through the cache) with the same result', async () => {
    const whole = await run(PROMPTS, { temperature: 0 });
    for (const prefillChunk of [1, 4, 7]) {
      const chunked = await run(PROMPTS, { temperature: 0, prefillChunk });
      chunked.forEach((c, i) => {
        expect(c.ids).toEqual(whole[i].ids);
        c.logprobs.forEach((lp, j) => expect(Math.abs(lp - whole[i].logprobs[j])).toBeLessThan(1e-5));
      });
    }
    await expect(run(PROMPTS, { prefillChunk: 0 })).rejects.toThrow(/prefillChunk must be a whole number ≥ 1/);
  });

  it('refuses a KV cache that cannot fit in one binding, saying what to reduce', async () => {
    const { createTestContext } = await import('../helpers/gpu');
    const ctx = await createTestContext({ maxBindingBytes: 4096 });
    // 2 sequences × 64 positions × 16 floats = 8 KiB per layer > 4 KiB.
    expect(() => new KvCache(ctx, tiny.config, 2, 64)).toThrow(/generate fewer sequences at once or fewer tokens/);
    ctx.destroy();
  });

  it('refuses bad input with a message that says what to change', async () => {
    await expect(run([[1, 2, 999]])).rejects.toThrow(/id 999 at index 2 is outside the vocabulary \[0, 43\)/);
    await expect(run([[]])).rejects.toThrow(/prompt 0 is empty/);
    await expect(run([[1]], { temperature: -1 })).rejects.toThrow(/temperature must be a number ≥ 0/);
    await expect(run([[1]], { topP: 0 })).rejects.toThrow(/top-p must be in \(0, 1\]/);
    await expect(run([[1]], { topK: 2.5 })).rejects.toThrow(/top-k must be a whole number/);
    await expect(run([[1]], { seed: -3 })).rejects.toThrow(/seed must be an integer/);
    await expect(run([[1]], { stop: ['x'] })).rejects.toThrow(/stop strings need a decode function/);
    await expect(run([[1]], { maxNewTokens: 1000 })).rejects.toThrow(/exceed the model's max_position_embeddings \(256\)/);
  });
});
