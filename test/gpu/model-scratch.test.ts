// Scratch reuse: a decode step gets the same buffers as the previous one, so its bind
// groups come from the cache instead of being rebuilt (hundreds per token otherwise).
import { describe, expect, it } from 'vitest';
import { KvCache } from '../../src/model/kv-cache';
import { Transformer } from '../../src/model/transformer';
import { ScratchTensors } from '../../src/model/transformer-scratch';
import { uploadWeights } from '../../src/model/transformer-weights';
import { getTestContext } from '../helpers/gpu';
import { tinyModel } from './model-tiny-hf';

describe('ScratchTensors', () => {
  it('hands back the same tensor after release, distinct ones before, and drops stale shapes', async () => {
    const ctx = await getTestContext();
    const s = new ScratchTensors(ctx);
    const a = s.get([2, 8], 'f32', 'x');
    const b = s.get([2, 8], 'f32', 'x');
    expect(b).not.toBe(a);
    s.release();
    const c = s.get([2, 8], 'f32', 'x');
    expect([a, b]).toContain(c);
    const once = s.get([3, 8], 'f32', 'x');
    for (let i = 0; i < 6; i++) {
      s.release();
      s.get([2, 8], 'f32', 'x');
    }
    expect(once.isDestroyed).toBe(true);
    expect(c.isDestroyed).toBe(false);
    s.destroy();
    expect(c.isDestroyed).toBe(true);
  });

  it('makes decode steps reuse their bind groups', async () => {
    const ctx = await getTestContext();
    const tiny = tinyModel('qwen3', { seed: 31 });
    const model = new Transformer(ctx, tiny.config, uploadWeights(ctx, tiny.config, tiny.weights));
    const cache = new KvCache(ctx, tiny.config, 2, 16);
    const misses: number[] = [];
    for (let p = 0; p < 5; p++) {
      const before = ctx.stats().bindGroups.misses;
      const rec = ctx.recorder('decode');
      const hidden = model.recordForward(rec, { tokens: [3, 4], seq: [0, 1], pos: [p, p] }, cache);
      const done = rec.read(hidden);
      rec.submit();
      model.releaseScratch();
      hidden.destroy();
      await done;
      misses.push(ctx.stats().bindGroups.misses - before);
    }
    console.log(`[scratch] bind-group misses per decode step: ${misses.join(', ')} (${tiny.config.layers} layers)`);
    // Only the caller-owned output tensor may change buffers between steps.
    for (const m of misses.slice(2)) expect(m).toBeLessThanOrEqual(2);
    cache.destroy();
    model.destroy();
  });
});
