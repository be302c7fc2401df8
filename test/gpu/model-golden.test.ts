// The GPU decoder against the golden logits (float64 HF port, cross-checked with
// llama.cpp) and against our float64 reference, for Llama, Qwen2 and Qwen3.
import { afterAll, describe, expect, it } from 'vitest';
import { referenceForward } from '../../src/reference/model';
import { Transformer } from '../../src/model/transformer';
import { uploadWeights } from '../../src/model/transformer-weights';
import { getTestContext, maxAbsDiff } from '../helpers/gpu';
import { loadGolden } from '../unit/reference-golden';

const models: Transformer[] = [];
afterAll(() => models.forEach((m) => m.destroy()));

describe.each(['llama', 'qwen2', 'qwen3'] as const)('GPU %s forward', (arch) => {
  it('matches the golden logits and the float64 reference at every position', async () => {
    const ctx = await getTestContext();
    const g = loadGolden(arch);
    const model = new Transformer(ctx, g.config, uploadWeights(ctx, g.config, g.weights));
    models.push(model);
    const got = await model.logits(g.cases.sequences);
    g.cases.sequences.forEach((ids, i) => {
      const golden = maxAbsDiff(got[i], g.logits[i]);
      const ref = maxAbsDiff(got[i], Float32Array.from(referenceForward(g.config, g.weights, ids).logits));
      console.log(`[${arch}] case ${i} (T=${ids.length}): max |gpu − golden| ${golden.toExponential(2)}, |gpu − reference| ${ref.toExponential(2)}`);
      expect(golden).toBeLessThan(1e-4);
      expect(ref).toBeLessThan(1e-4);
    });
  });
});
