// The toy model's pieces that need no GPU: its config parses as the loader parses it, the
// seeded initialisation is deterministic and has HF's statistics, and the recipe's
// encoder (the built tokenizer through the loader) equals the committed files.
import { beforeAll, expect, test } from 'vitest';
import { nodeDirSource } from '../../src/host/node-files';
import { parseModelConfig } from '../../src/model/config';
import { expectedTensorShapes } from '../../src/model/weights-shapes';
import { loadTokenizer, type ModelTokenizer } from '../../src/tokenizer/tokenizer';
import { toyCorpusSample } from '../../src/toy/corpus';
import { initToyWeights } from '../../src/toy/init';
import { TOY_EOS_ID, TOY_MODEL_SIZE, toyModelConfigJson, toyParameterCount } from '../../src/toy/model-config';
import { encodeToy, toyExample } from '../../src/toy/pretrain';
import { formatRanking } from '../../src/dust/parse-ranking';

const cfg = parseModelConfig(toyModelConfigJson());
let tok: ModelTokenizer;
beforeAll(async () => {
  tok = await loadTokenizer(nodeDirSource(new URL('../../public/models/dust-toy/', import.meta.url).pathname));
});

test('config: Llama, tied, one embedding row per token, eos <|im_end|>', () => {
  expect(cfg).toMatchObject({ arch: 'llama', vocabSize: 512, tieEmbeddings: true, ropeTheta: 10000, maxPositions: 1024, eosTokenIds: [TOY_EOS_ID] });
  expect(cfg.vocabSize).toBe(tok.size);
  expect(TOY_EOS_ID).toBe(tok.tokenToId('<|im_end|>'));
  const n = [...expectedTensorShapes(cfg).values()].reduce((a, s) => a + s.reduce((x, y) => x * y, 1), 0);
  expect(n).toBe(toyParameterCount(TOY_MODEL_SIZE));
});

test('initialisation: same seed → same tensors, another seed → others; N(0, 0.02²), norms 1', () => {
  const a = initToyWeights(cfg, 1);
  const b = initToyWeights(cfg, 1);
  const c = initToyWeights(cfg, 2);
  expect([...a.keys()]).toEqual([...expectedTensorShapes(cfg).keys()]);
  for (const [name, t] of a) {
    const same = (x: Float32Array, y: Float32Array) => Buffer.from(x.buffer).equals(Buffer.from(y.buffer));
    expect(same(b.get(name)!, t), name).toBe(true);
    if (name.endsWith('norm.weight')) {
      expect(t.every((x) => x === 1)).toBe(true);
      continue;
    }
    expect(same(c.get(name)!, t), name).toBe(false);
    const mean = t.reduce((s, x) => s + x, 0) / t.length;
    const std = Math.sqrt(t.reduce((s, x) => s + (x - mean) ** 2, 0) / t.length);
    expect(Math.abs(mean), name).toBeLessThan(0.002);
    expect(Math.abs(std - 0.02), name).toBeLessThan(0.002);
  }
  // Pinned values: a change to the RNG or the sampler shows here (and breaks the committed log's replay).
  expect(Array.from(a.get('model.embed_tokens.weight')!.subarray(0, 3)).map((x) => x.toFixed(6))).toEqual(['0.000831', '0.000164', '0.000286']);
});

test('encodeToy equals the committed tokenizer on corpus documents; examples score what they should', () => {
  const docs = toyCorpusSample({ seed: 3, judgmentShare: 0.5 }, 6);
  for (const d of docs) expect(encodeToy(d.text)).toEqual(tok.encode(d.text));
  const d = docs[0];
  const plain = toyExample(d, 0);
  expect(plain.prompt).toEqual(encodeToy(d.prompt));
  expect(plain.completion).toEqual(encodeToy(d.completion));
  expect(plain.weights).toBeUndefined();
  const w = toyExample(d, 0.25);
  expect([...w.prompt, ...w.completion]).toEqual(encodeToy(d.text));
  expect(w.weights!.filter((x) => x === 1).length).toBe(plain.completion.length);
  expect(tok.decode(encodeToy('a\u00e9'))).toBe('a\u00e9'); // bytes, never <|unk|>
});

test('rankingWeight weighs exactly the ranking token of judgment answers', () => {
  const docs = toyCorpusSample({ seed: 5, judgmentShare: 0.5, thinkingVerdicts: true }, 12);
  const judgment = docs.find((d) => d.kind === 'judgment')!;
  const generation = docs.find((d) => d.kind === 'generation')!;
  expect(judgment && generation).toBeTruthy();
  expect(toyExample(judgment, 0, 1)).toEqual(toyExample(judgment, 0)); // weight 1: unchanged, no weights
  const w = toyExample(judgment, 0, 20);
  const at = w.weights!.flatMap((x, i) => (x === 20 ? [i] : []));
  expect(at).toHaveLength(1);
  expect(w.weights!.filter((x) => x === 1)).toHaveLength(w.completion.length - 1);
  expect(tok.decode([w.completion[at[0]!]!])).toBe(formatRanking(judgment.ranking!));
  // with a prompt weight the ranking token keeps its weight among the answer's
  expect(toyExample(judgment, 0.25, 20).weights!.filter((x) => x === 20)).toHaveLength(1);
  // other documents are untouched
  expect(toyExample(generation, 0, 20).weights!.every((x) => x === 1)).toBe(true);
});
