// Whole-model gradients on a long sequence: a toy judgment prompt of 700+ tokens (the golden
// sequences are short), with the loss on the ranking answer and on tokens spread through the
// four candidates, against the float64 reference backward. Where the toy judge does not
// learn (docs/results/README.md), this rules out the engine: gradients reach positions
// hundreds of tokens back exactly as the reference says.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseModelConfig } from '../../src/model/config';
import { readSafetensors } from '../../src/model/safetensors';
import { referenceLossAndGrads } from '../../src/reference/model';
import { packForTraining } from '../../src/train/model-forward-train';
import { toyCorpus } from '../../src/toy/corpus';
import { encodeToy } from '../../src/toy/pretrain';
import { getTestContext } from '../helpers/gpu';
import { forwardBackward, readGrads, relErr, trainableFrom, weightedNll } from './train-helpers';

const dir = new URL('../../public/models/dust-toy/', import.meta.url).pathname;

describe('training backward on a long sequence', () => {
  it('the toy model on a 700+-token judgment prompt: loss and every gradient = float64 reference', async () => {
    const ctx = await getTestContext();
    const cfg = parseModelConfig(JSON.parse(readFileSync(`${dir}config.json`, 'utf8')));
    const host = new Map<string, Float32Array>();
    for (const [name, t] of readSafetensors(new Uint8Array(readFileSync(`${dir}model.safetensors`)), 'toy model')) host.set(name, t.data);
    const docs = toyCorpus({ seed: 5, judgmentShare: 1, split: 'train', rankings: 'oracle' });
    let doc = docs.next().value;
    while (encodeToy(doc.text).length < 700) doc = docs.next().value;
    const ids = encodeToy(doc.text);
    const answerRow = encodeToy(doc.prompt).length - 1;
    const T = ids.length;
    // row t predicts ids[t + 1]: the ranking answer (weight 1) and every 37th row (0.25)
    const weights = ids.slice(1).map((_, t) => (t === answerRow ? 1 : t % 37 === 0 ? 0.25 : 0));
    const ref = referenceLossAndGrads(cfg, host, ids, weights);
    const model = trainableFrom(ctx, cfg, host);
    try {
      const scale = new Float32Array(T);
      weights.forEach((w, t) => (scale[t] = w / (T - 1)));
      const loss = weightedNll(await forwardBackward(model, packForTraining([ids]), scale), scale);
      const grads = await readGrads(model);
      let worst = { err: 0, name: '' };
      for (const [name, got] of grads) {
        const want = ref.grads.get(name);
        if (!want) throw new Error(`reference has no gradient ${name}`);
        const err = relErr(got, want);
        if (!(err <= worst.err)) worst = { err, name };
      }
      console.log(`toy, T ${T}: loss ${loss.toFixed(7)} (float64 ${ref.loss.toFixed(7)}), worst |g − ref|/max|ref| ${worst.err.toExponential(2)} at ${worst.name}`);
      expect(T).toBeGreaterThanOrEqual(700);
      expect(Math.abs(loss - ref.loss)).toBeLessThan(1e-5);
      expect(worst.err).toBeLessThan(1e-4);
    } finally {
      model.destroy();
    }
  });
});
