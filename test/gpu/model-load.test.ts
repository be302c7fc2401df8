// Tiny random HF model folders of each architecture, written to disk by the test, loaded
// through the real loader and checked against the float64 reference; batched prefill of
// different lengths, token log-probs through the chunked (and sharded) LM head, stored
// f16/bf16 weights, and malformed folders.
import { afterAll, describe, expect, it } from 'vitest';
import { nodeDirSource } from '../../src/host/node-files';
import { loadModel, type LoadProgress } from '../../src/model/load';
import type { Transformer } from '../../src/model/transformer';
import { referenceForward } from '../../src/reference/model';
import { createTestContext, getTestContext, maxAbsDiff } from '../helpers/gpu';
import { removeModelDirs, tinyModel, writeModelDir, type TinyModel } from './model-tiny-hf';

const loaded: Transformer[] = [];
afterAll(() => {
  loaded.forEach((m) => m.destroy());
  removeModelDirs();
});

function refLogSoftmax(tiny: TinyModel, ids: number[]): Float64Array[] {
  const V = tiny.config.vocabSize;
  const logits = referenceForward(tiny.config, tiny.weights, ids).logits;
  const rows: Float64Array[] = [];
  for (let t = 0; t < ids.length; t++) {
    const row = logits.subarray(t * V, (t + 1) * V);
    const m = Math.max(...row);
    const lse = m + Math.log(row.reduce((a, x) => a + Math.exp(x - m), 0));
    rows.push(row.map((x) => x - lse));
  }
  return rows;
}

const SEQS = [
  [5, 9, 13, 2, 30, 41, 7, 7, 1],
  [20, 3],
  [11, 12, 13, 14, 15],
];

describe.each(['llama', 'qwen2', 'qwen3'] as const)('tiny %s folder', (arch) => {
  it('loads with progress and matches the reference for a batch of different lengths', async () => {
    const ctx = await getTestContext();
    const tiny = tinyModel(arch);
    const progress: LoadProgress[] = [];
    const { model, config } = await loadModel(ctx, nodeDirSource(writeModelDir(tiny.files)), { onProgress: (p) => progress.push(p) });
    loaded.push(model);
    expect(config.arch).toBe(arch);
    expect(progress.length).toBe(progress[0].count);
    expect(progress.at(-1)!.bytes).toBe(progress.at(-1)!.totalBytes);
    const got = await model.logits(SEQS);
    const stepped = await model.logits(SEQS, { stepTokens: 4 });
    SEQS.forEach((ids, i) => expect(maxAbsDiff(stepped[i], got[i])).toBeLessThan(1e-5));
    SEQS.forEach((ids, i) => {
      const ref = Float32Array.from(referenceForward(tiny.config, tiny.weights, ids).logits);
      const d = maxAbsDiff(got[i], ref);
      console.log(`[${arch}] sequence ${i} (T=${ids.length}): max |gpu − reference| ${d.toExponential(2)}`);
      expect(d).toBeLessThan(1e-4);
    });
  });

  it('token log-probs of completions equal the reference log-softmax (chunked LM head)', async () => {
    const ctx = await getTestContext();
    const tiny = tinyModel(arch, { seed: 99 });
    const { model } = await loadModel(ctx, nodeDirSource(writeModelDir(tiny.files)));
    loaded.push(model);
    const items = [
      { prompt: [3, 4, 5], completion: [6, 7, 8, 0] },
      { prompt: [40], completion: [2] },
      { prompt: [9, 9, 9, 9, 9, 9], completion: [1, 2, 3] },
    ];
    for (const [chunkCols, stepTokens] of [[undefined, undefined], [10, undefined], [undefined, 3]]) {
      const got = await model.tokenLogProbs(items, { chunkCols, stepTokens });
      items.forEach((it, i) => {
        const ids = [...it.prompt, ...it.completion];
        const ref = refLogSoftmax(tiny, ids);
        const want = it.completion.map((id, j) => ref[it.prompt.length - 1 + j][id]);
        expect(maxAbsDiff(got[i], want)).toBeLessThan(1e-4);
      });
    }
  });
});

describe('forward limits', () => {
  it('refuses a step with more tokens than one forward may hold, saying to split it', async () => {
    const ctx = await getTestContext();
    const tiny = tinyModel('llama');
    const { model } = await loadModel(ctx, nodeDirSource(writeModelDir(tiny.files)));
    const { KvCache } = await import('../../src/model/kv-cache');
    const cache = new KvCache(ctx, tiny.config, 1, 256);
    const n = model.maxStepTokens() + 1;
    const step = { tokens: new Array<number>(n).fill(1), seq: new Array<number>(n).fill(0), pos: Array.from({ length: n }, (_, i) => i % 256) };
    expect(() => model.recordForward(ctx.recorder('too long'), step, cache)).toThrow(new RegExp(`${n} tokens in one step exceed ${n - 1}.*split the step`));
    cache.destroy();
    model.destroy();
  });
});

describe('loader', () => {
  it('loads f16 and bf16 checkpoints (converted to f32 on the way)', async () => {
    const ctx = await getTestContext();
    for (const dtype of ['F16', 'BF16'] as const) {
      const tiny = tinyModel('qwen2', { dtype, seed: 3 });
      const { model } = await loadModel(ctx, nodeDirSource(writeModelDir(tiny.files)));
      const ids = SEQS[0];
      const [got] = await model.logits([ids]);
      model.destroy();
      expect(maxAbsDiff(got, Float32Array.from(referenceForward(tiny.config, tiny.weights, ids).logits))).toBeLessThan(1e-4);
    }
  });

  it('keeps f16 matrices on the GPU when asked (shader-f16), with the same results', async () => {
    const ctx = await getTestContext();
    if (!ctx.features.f16) return console.log('[skip] this adapter has no shader-f16');
    for (const arch of ['llama', 'qwen2'] as const) {
      const tiny = tinyModel(arch, { dtype: 'F16', seed: 8 });
      const { model } = await loadModel(ctx, nodeDirSource(writeModelDir(tiny.files)), { matrixDtype: 'f16' });
      expect(model.weights.layers[0].gate.dtype).toBe('f16');
      expect(model.weights.lmHead.dtype).toBe('f16');
      const [got] = await model.logits([SEQS[0]]);
      const [lp] = await model.tokenLogProbs([{ prompt: SEQS[0].slice(0, 4), completion: SEQS[0].slice(4) }], { chunkCols: 7 });
      model.destroy();
      expect(maxAbsDiff(got, Float32Array.from(referenceForward(tiny.config, tiny.weights, SEQS[0]).logits))).toBeLessThan(1e-4);
      const ref = refLogSoftmax(tiny, SEQS[0]);
      expect(maxAbsDiff(lp, SEQS[0].slice(4).map((id, j) => ref[3 + j][id]))).toBeLessThan(1e-4);
    }
  });

  it('refuses f16 storage for a checkpoint with values beyond the f16 range, naming the tensor', async () => {
    const ctx = await getTestContext();
    if (!ctx.features.f16) return console.log('[skip] this adapter has no shader-f16');
    const tiny = tinyModel('llama', { huge: 'model.layers.0.mlp.down_proj.weight' });
    await expect(loadModel(ctx, nodeDirSource(writeModelDir(tiny.files)), { matrixDtype: 'f16' })).rejects.toThrow(
      /tensor "model\.layers\.0\.mlp\.down_proj\.weight" has a value 100000 outside the f16 range.*load this model with f32 weights/,
    );
  });

  it('refuses f16 weights on a GPU without shader-f16, saying what to do', async () => {
    const ctx = await createTestContext({ disableFeatures: ['shader-f16'] });
    const tiny = tinyModel('llama');
    await expect(loadModel(ctx, nodeDirSource(writeModelDir(tiny.files)), { matrixDtype: 'f16' })).rejects.toThrow(/need the shader-f16 feature.*load with matrixDtype 'f32'/);
    ctx.destroy();
  });

  it('names the missing tensor', async () => {
    const ctx = await getTestContext();
    const tiny = tinyModel('llama', { drop: 'model.layers.1.mlp.up_proj.weight' });
    await expect(loadModel(ctx, nodeDirSource(writeModelDir(tiny.files)))).rejects.toThrow(/tensor "model\.layers\.1\.mlp\.up_proj\.weight" is missing/);
  });

  it('names the tensor with the wrong shape', async () => {
    const ctx = await getTestContext();
    const tiny = tinyModel('qwen3', { reshape: 'model.layers.0.self_attn.k_norm.weight' });
    await expect(loadModel(ctx, nodeDirSource(writeModelDir(tiny.files)))).rejects.toThrow(
      /tensor "model\.layers\.0\.self_attn\.k_norm\.weight" has shape \[17\] but config\.json implies \[16\]/,
    );
  });

  it('says what is wrong with a folder without config.json or weights', async () => {
    const ctx = await getTestContext();
    const tiny = tinyModel('llama');
    const { 'config.json': _c, ...noConfig } = tiny.files;
    await expect(loadModel(ctx, nodeDirSource(writeModelDir(noConfig)))).rejects.toThrow(/no config\.json/);
    const { 'model.safetensors': _w, ...noWeights } = tiny.files;
    await expect(loadModel(ctx, nodeDirSource(writeModelDir(noWeights)))).rejects.toThrow(/no model\.safetensors/);
  });

  it('runs with the embedding and LM head split across bindings', async () => {
    // A 400-token vocabulary of 32-wide rows is 51 KB; a 16 KB binding limit splits it in 4.
    const ctx = await createTestContext({ maxBindingBytes: 16384 });
    const tiny = tinyModel('qwen2', { vocab: 400, seed: 11 });
    const { model } = await loadModel(ctx, nodeDirSource(writeModelDir(tiny.files)));
    expect(model.weights.embed.shards.length).toBeGreaterThan(1);
    expect(model.weights.lmHead.shards.length).toBeGreaterThan(1);
    const ids = [399, 0, 200, 101, 300, 7];
    const [logits] = await model.logits([ids]);
    expect(maxAbsDiff(logits, Float32Array.from(referenceForward(tiny.config, tiny.weights, ids).logits))).toBeLessThan(1e-4);
    // 23 positions × 1600-byte logit rows do not fit one 16 KB binding: logits come in blocks.
    const long = Array.from({ length: 23 }, (_, i) => (i * 37) % 400);
    const [all] = await model.logits([long]);
    expect(maxAbsDiff(all, Float32Array.from(referenceForward(tiny.config, tiny.weights, long).logits))).toBeLessThan(1e-4);
    const [lp] = await model.tokenLogProbs([{ prompt: ids.slice(0, 3), completion: ids.slice(3) }], { chunkCols: 33 });
    const ref = refLogSoftmax(tiny, ids);
    expect(maxAbsDiff(lp, ids.slice(3).map((id, j) => ref[2 + j][id]))).toBeLessThan(1e-4);
    model.destroy();
    ctx.destroy();
  });
});
