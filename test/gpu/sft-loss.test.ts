// SFT cross-entropy on the GPU vs the float64 reference (src/reference/sft.ts), over
// shapes smaller and larger than the reducing workgroup; bad and empty masks refused. <1 s.
import { describe, expect, test } from 'vitest';
import { sftLoss } from '../../src/reference/sft';
import { SftLoss } from '../../src/train/losses';
import { getTestContext, randomArray, worstError } from '../helpers/gpu';

describe('SFT loss on the GPU', () => {
  test('matches the reference (loss, tokens, gradient)', async () => {
    const ctx = await getTestContext();
    for (const [shape, seed] of [[[1], 1], [[3, 7], 2], [[4, 300], 3], [[2000], 4]] as [number[], number][]) {
      const n = shape.reduce((a, b) => a * b, 1);
      const logp = randomArray(n, seed, -9, 0);
      const mask = Float32Array.from(randomArray(n, seed + 1), (x, i) => (x > -0.3 || i === 0 ? 1 : 0));
      const want = sftLoss(logp, mask);
      const loss = new SftLoss(ctx, shape);
      const got = await loss.run(ctx.tensor(shape, 'f32', logp), ctx.tensor(shape, 'f32', mask));
      expect(got.tokens).toBe(want.tokens);
      expect(Math.abs(got.loss - want.loss) / Math.abs(want.loss), `[${shape}]`).toBeLessThan(1e-5);
      expect(worstError(await loss.dLogp.read(), want.dLogp).err, `[${shape}] gradient`).toBeLessThan(1e-6);
      loss.destroy();
    }
  });

  test('empty and non-binary masks, and mismatched sizes, are refused', async () => {
    const ctx = await getTestContext();
    const loss = new SftLoss(ctx, [8]);
    const logp = ctx.tensor([8], 'f32', randomArray(8, 9, -3, 0));
    await expect(loss.run(logp, ctx.tensor([8], 'f32', new Float32Array(8)))).rejects.toThrow(/mask selects no tokens/);
    await expect(loss.run(logp, ctx.tensor([8], 'f32', [1, 1, 0, 3, 0, 0, 1, 0]))).rejects.toThrow(/1 mask values are neither 0 nor 1/);
    await expect(loss.run(logp, ctx.tensor([7], 'f32'))).rejects.toThrow(/8 log-probs but 7 mask entries/);
    loss.destroy();
  });
});
