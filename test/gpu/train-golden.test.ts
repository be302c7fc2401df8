// Headline proof of the training engine: whole-model gradients of the causal-LM loss and
// of the per-token weighted loss (negative weights) for the three golden models, against
// independent float64 autograd gradients (test/fixtures/golden/*/grads.safetensors). ~2 s.
import { afterAll, describe, expect, it } from 'vitest';
import { packForTraining, type TrainableModel } from '../../src/train/model-forward-train';
import { getTestContext } from '../helpers/gpu';
import { loadGolden } from '../unit/reference-golden';
import { forwardBackward, readGrads, relErr, trainableFrom, weightedNll } from './train-helpers';

const models: TrainableModel[] = [];
afterAll(() => models.forEach((m) => m.destroy()));

describe.each(['llama', 'qwen2', 'qwen3'] as const)('%s training backward', (arch) => {
  it('matches the golden loss and every parameter gradient (plain and weighted loss)', async () => {
    const ctx = await getTestContext();
    const g = loadGolden(arch);
    const model = trainableFrom(ctx, g.config, g.weights);
    models.push(model);
    const ids = g.cases.sequences[g.cases.grad_case.sequence_index];
    const T = ids.length;
    const batch = packForTraining([ids]);
    // qwen2's folder has the weighted loss but not its gradients (see the fixtures' README).
    const cases = [
      { prefix: '', weights: ids.slice(1).map(() => 1), loss: g.cases.grad_case.loss, grads: true },
      { prefix: 'w.', weights: g.cases.grad_case.weights, loss: g.cases.grad_case.loss_weighted, grads: g.cases.grad_case.weighted_grads_in_file !== false },
    ];
    for (const c of cases) {
      ctx.run((rec) => model.zeroGrads(rec));
      const scale = new Float32Array(T);
      c.weights.forEach((w, t) => (scale[t] = w / (T - 1)));
      const logp = await forwardBackward(model, batch, scale);
      const loss = weightedNll(logp, scale);
      const grads = await readGrads(model);
      let worst = { err: 0, name: '' };
      for (const [name, got] of c.grads ? grads : []) {
        const ref = g.grads.get(c.prefix + name);
        if (!ref) throw new Error(`golden has no gradient ${c.prefix + name}`);
        const err = relErr(got, ref);
        if (!(err <= worst.err)) worst = { err, name };
      }
      console.log(`[${arch}] ${c.prefix || 'plain '}loss ${loss.toFixed(7)} (golden ${c.loss.toFixed(7)}), ${c.grads ? grads.size : 0} tensors, worst |g − ref|/max|ref| ${worst.err.toExponential(2)} at ${worst.name}`);
      expect(Math.abs(loss - c.loss)).toBeLessThan(1e-5);
      expect(worst.err).toBeLessThan(1e-4);
    }
  });
});
