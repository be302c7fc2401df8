// The decoder's projections and heads go through the shared kernels of src/kernels: a decode
// step's residual projections accumulate inside matvec (no temporary, no extra add), token
// log-probs use the fused lmheadLogProbs for f32 and f16 heads alike (so the generator's,
// the reference's and the trainer's log-probs are the same numbers), and picked rows give
// the same logits as the whole hidden state. ~5 s on lavapipe.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GpuContext, Kernel, Recorder, Tensor } from '../../src/gpu';
import { lmheadLogProbs } from '../../src/kernels/lmhead';
import { referenceForward } from '../../src/reference/model';
import { KvCache } from '../../src/model/kv-cache';
import { packSequences, Transformer } from '../../src/model/transformer';
import { uploadWeights } from '../../src/model/transformer-weights';
import { createTestContext, getTestContext } from '../helpers/gpu';
import { tinyModel } from './model-tiny-hf';

let ctx: GpuContext;
const tiny = tinyModel('qwen2', { seed: 41 });

beforeAll(async () => {
  ctx = await getTestContext();
});

/** Kernel labels of everything `record` dispatches into one recorder. */
function dispatchedLabels(rec: Recorder, record: () => void): string[] {
  const labels: string[] = [];
  const orig = rec.dispatch.bind(rec);
  rec.dispatch = (k: Kernel, args, grid) => {
    labels.push(k.label);
    orig(k, args, grid);
  };
  record();
  rec.dispatch = orig;
  return labels;
}

async function hiddenOf(model: Transformer, seqs: number[][]): Promise<{ rec: Recorder; hidden: Tensor<'f32'>; cache: KvCache }> {
  const cache = new KvCache(ctx, model.cfg, seqs.length, 32);
  const rec = ctx.recorder('heads test');
  const hidden = model.recordForward(rec, packSequences(seqs), cache);
  return { rec, hidden, cache };
}

describe('Transformer heads and projections', () => {
  let model: Transformer;
  beforeAll(() => {
    model = new Transformer(ctx, tiny.config, uploadWeights(ctx, tiny.config, tiny.weights));
  });
  afterAll(() => model.destroy());

  /** Kernel labels of one two-sequence decode step of `m`. */
  function decodeLabels(m: Transformer): string[] {
    const cache = new KvCache(m.ctx, m.cfg, 2, 8);
    const rec = m.ctx.recorder('decode');
    let hidden: Tensor | undefined;
    const labels = dispatchedLabels(rec, () => {
      hidden = m.recordForward(rec, { tokens: [3, 4], seq: [0, 1], pos: [0, 0] }, cache);
    });
    rec.submit();
    m.releaseScratch();
    hidden!.destroy();
    cache.destroy();
    return labels;
  }

  it('folds decode into matvecs: the residual adds and RMSNorms inside, q/k/v and gate/up one dispatch each with fuseProjections, the SwiGLU with foldSwiglu', async () => {
    const L = tiny.config.layers;
    for (const fuse of [false, true]) {
      for (const fold of [false, true]) {
        model.foldSwiglu = fold;
        model.fuseProjections = fuse;
        const labels = decodeLabels(model);
        // q, k, v, o, gate, up, down separately; q/k/v (with biases: 11 storage buffers, lavapipe has 16) and gate/up fused
        expect(labels.filter((l) => l.startsWith('matvec')).length, `fuse ${fuse} fold ${fold}`).toBe((fuse ? 4 : 7) * L);
        expect(labels.filter((l) => l.startsWith('matvec3_')).length).toBe(fuse ? L : 0);
        expect(labels.filter((l) => l.startsWith('matvec2_')).length).toBe(fuse ? L : 0);
        expect(labels.filter((l) => l.startsWith('elementwise.') || l.startsWith('rmsnorm'))).toEqual(['rmsnorm.forward']);
        expect(labels.filter((l) => l.startsWith('swiglu')).length).toBe(fold ? 0 : L);
        expect(labels.filter((l) => l.endsWith('_glu')).length).toBe(fold ? L : 0);
      }
    }
    model.foldSwiglu = !ctx.adapter.isSoftware;
    model.fuseProjections = true;
  });

  it('on a device with 8 storage buffers per stage, q/k/v with biases stay three dispatches and gate/up fuse', async () => {
    const eight = await createTestContext({ capLimits: { maxStorageBuffersPerShaderStage: 8 } });
    try {
      const m = new Transformer(eight, tiny.config, uploadWeights(eight, tiny.config, tiny.weights));
      m.foldSwiglu = false;
      const labels = decodeLabels(m);
      const L = tiny.config.layers;
      expect(labels.filter((l) => l.startsWith('matvec')).length).toBe(6 * L);
      expect(labels.filter((l) => l.startsWith('matvec3_')).length).toBe(0);
      expect(labels.filter((l) => l.startsWith('matvec2_')).length).toBe(L);
      m.destroy();
    } finally {
      eight.device.destroy();
    }
  });

  it('decodes the same logits with the SwiGLU folded into the down projection and the projections fused as without', async () => {
    const V = tiny.config.vocabSize;
    const prompts = [[5, 9, 2, 7], [11, 3]];
    const logitsOf = async (fold: boolean, fuse: boolean): Promise<Float32Array> => {
      model.foldSwiglu = fold;
      model.fuseProjections = fuse;
      const cache = new KvCache(ctx, tiny.config, 2, 8);
      const rec = ctx.recorder('decode fold');
      // the prompts (prefill-sized: never folded), then one decode step of both sequences
      const prefill = model.recordForward(rec, packSequences(prompts), cache);
      const hidden = model.recordForward(rec, { tokens: [4, 6], seq: [0, 1], pos: [4, 2] }, cache);
      const logits = model.recordLogits(rec, hidden);
      const read = rec.read(logits);
      rec.submit();
      model.releaseScratch();
      const out = (await read) as Float32Array;
      for (const t of [prefill, hidden, logits]) t.destroy();
      cache.destroy();
      return out;
    };
    const plain = await logitsOf(false, false);
    const folded = await logitsOf(true, true);
    const others = [await logitsOf(true, false), await logitsOf(false, true)];
    model.foldSwiglu = !ctx.adapter.isSoftware;
    model.fuseProjections = true;
    expect(plain.length).toBe(2 * V);
    for (const other of [folded, ...others]) {
      let worst = 0;
      for (let i = 0; i < plain.length; i++) worst = Math.max(worst, Math.abs(plain[i]! - other[i]!));
      expect(worst).toBeLessThan(1e-5);
    }
    // and both are the float64 reference's last rows
    [[...prompts[0]!, 4], [...prompts[1]!, 6]].forEach((ids, s) => {
      const ref = referenceForward(tiny.config, tiny.weights, ids).logits;
      const last = ref.subarray((ids.length - 1) * V, ids.length * V);
      for (let v = 0; v < V; v++) expect(Math.abs(folded[s * V + v]! - last[v]!)).toBeLessThan(1e-4);
    });
  });

  it('gives the same logits for picked rows as for the whole hidden state (decode- and prefill-sized picks)', async () => {
    const seqs = [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], [20, 8, 5]];
    const { rec, hidden, cache } = await hiddenOf(model, seqs);
    const V = tiny.config.vocabSize;
    const all = model.recordLogits(rec, hidden);
    const few = [14, 0, 11];
    const many = [13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1];
    const lf = model.recordLogits(rec, hidden, few);
    const lm = model.recordLogits(rec, hidden, many);
    const reads = [rec.read(all), rec.read(lf), rec.read(lm)];
    rec.submit();
    model.releaseScratch();
    const [a, f, m] = (await Promise.all(reads)) as Float32Array[];
    for (const [picked, got] of [
      [few, f],
      [many, m],
    ] as const) {
      picked.forEach((r, i) => {
        const want = a.subarray(r * V, (r + 1) * V);
        const row = got.subarray(i * V, (i + 1) * V);
        for (let v = 0; v < V; v++) expect(Math.abs(row[v] - want[v])).toBeLessThan(1e-5);
      });
    }
    for (const t of [hidden, all, lf, lm]) t.destroy();
    cache.destroy();
    await expect(async () => model.recordLogits(ctx.recorder('bad'), hidden, [99])).rejects.toThrow(/row 99 is outside/);
  });
});

describe('token log-probs', () => {
  for (const dtype of ['f32', 'f16'] as const) {
    it(`are lmheadLogProbs' numbers exactly, for an ${dtype} LM head (picked rows, chunked vocabulary)`, async (t) => {
      if (dtype === 'f16' && !ctx.features.f16) {
        t.skip();
        return;
      }
      const model = new Transformer(ctx, tiny.config, uploadWeights(ctx, tiny.config, tiny.weights, dtype));
      const seqs = [[1, 2, 3, 4, 5, 6, 7], [20, 8, 5]];
      const { rec, hidden, cache } = await hiddenOf(model, seqs);
      const pick = [9, 2, 4, 0];
      const targets = [5, 17, 42, 0];
      const chunk = 16;
      const logp = model.recordTokenLogProbs(rec, hidden, targets, pick, chunk);
      // The same rows through the shared fused head directly.
      const rows = ctx.tensor([pick.length, tiny.config.hidden], 'f32', undefined, 'rows');
      const want = ctx.tensor([pick.length], 'f32', undefined, 'want');
      const lse = ctx.tensor([pick.length], 'f32', undefined, 'lse');
      const tg = ctx.tensor([pick.length], 'i32', Int32Array.from(targets), 'targets');
      const ids = ctx.tensor([pick.length], 'u32', Uint32Array.from(pick), 'pick');
      const { embeddingForward } = await import('../../src/kernels/embedding');
      embeddingForward(rec, hidden, ids, rows);
      lmheadLogProbs(rec, rows, model.weights.lmHead, tg, { logp: want, lse }, { chunk });
      const reads = [rec.read(logp), rec.read(want)];
      rec.submit();
      model.releaseScratch();
      const [got, ref] = (await Promise.all(reads)) as Float32Array[];
      expect(Array.from(got)).toEqual(Array.from(ref));
      for (const x of [hidden, logp, rows, want, lse, tg, ids]) x.destroy();
      cache.destroy();
      model.destroy();
    });
  }
});
