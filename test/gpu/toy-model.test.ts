// The committed toy model (public/models/dust-toy/): it loads through the project's loader
// and answers a held-out toy problem, through its chat template, with a ```javascript block;
// its judgment answers are well-formed rankings (one ranking token each) that vary, as a
// chance-level judge's should;
// and a short run of the recipe (src/toy/pretrain.ts) from its seed reproduces the first
// steps of the committed training-log.json (same losses and gradient norms).
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../src/generate/generate';
import { nodeDirSource } from '../../src/host/node-files';
import { loadModel, type LoadedModel } from '../../src/model/load';
import { extractCode } from '../../src/problems/extract';
import { loadTokenizer } from '../../src/tokenizer/tokenizer';
import { toyProblems } from '../../src/toy/generate';
import { toyCorpusSample } from '../../src/toy/corpus';
import { parseRanking } from '../../src/dust/parse-ranking';
import { generationPrompt } from '../../src/toy/generation-prompt';
import { TOY_EOS_ID } from '../../src/toy/model-config';
import { TOY_RECIPE, ToyPretraining, encodeToy, toyExample, type ToyRecipe, type ToyStepReport } from '../../src/toy/pretrain';
import { getTestContext } from '../helpers/gpu';

const dir = new URL('../../public/models/dust-toy/', import.meta.url).pathname;
const log = JSON.parse(readFileSync(`${dir}training-log.json`, 'utf8')) as { recipe: ToyRecipe; steps: ToyStepReport[]; finished: boolean };

describe('the committed toy model', () => {
  let loaded: LoadedModel;
  beforeAll(async () => {
    loaded = await loadModel(await getTestContext(), nodeDirSource(dir));
  });
  afterAll(() => loaded?.model.destroy());

  it('loads as the config says and writes a ```javascript block for a held-out toy problem', async () => {
    expect(loaded.config).toMatchObject({ arch: 'llama', vocabSize: 512, tieEmbeddings: true, eosTokenIds: [TOY_EOS_ID] });
    const tok = await loadTokenizer(nodeDirSource(dir));
    const problem = toyProblems({ split: 'eval' })[0]!.problem;
    const { ids } = tok.applyChatTemplate([{ role: 'user', content: generationPrompt(problem) }], { addGenerationPrompt: true });
    const t0 = performance.now();
    const [out] = await generate(loaded.model, [ids], { maxNewTokens: 160, temperature: 0, decode: (x) => tok.decode(x, { skipSpecialTokens: true }) });
    console.log(`greedy answer to "${problem.statement}" (${out.ids.length} tokens, ${((performance.now() - t0) / 1000).toFixed(1)} s, ${out.finish}):\n${out.text}`);
    expect(out.text.startsWith('```javascript\n')).toBe(true);
    const code = extractCode(out.text);
    expect(code.from).toBe('fence');
    expect(code.code!.length).toBeGreaterThan(20);
  });

  it('answers judgment prompts with well-formed rankings, not one fixed ranking', async () => {
    const tok = await loadTokenizer(nodeDirSource(dir));
    // Judgment prompts over train problems' candidates, built exactly as the pipeline builds them (the corpus's judgment documents).
    const docs = toyCorpusSample({ seed: 11, split: 'train', judgmentShare: 1 }, 12);
    const prompts = docs.map((d) => tok.encode(d.prompt));
    const outs = await generate(loaded.model, prompts, { maxNewTokens: 16, temperature: 1, seed: 5, decode: (x) => tok.decode(x, { skipSpecialTokens: true }) });
    const parsed = outs.map((o) => parseRanking(o.text, 4));
    console.log('toy judge answers:', outs.map((o) => JSON.stringify(o.text)).join(' '));
    expect(parsed.filter((p) => p.valid).length).toBeGreaterThanOrEqual(10); // measured 11 of 12 at T 1 (an unlikely first token sometimes starts code); 0 of 135 malformed at the evaluation's T 0.6
    expect(new Set(outs.map((o) => o.text)).size).toBeGreaterThan(3);
  });
});

describe('the recipe', () => {
  it('is the one the committed log was trained with, and the log is complete', () => {
    expect(log.recipe).toEqual(TOY_RECIPE);
    expect(log.finished).toBe(true);
    expect(log.steps.length).toBe(TOY_RECIPE.steps);
  });

  it('reproduces the first 2 steps of training-log.json from the seed', async () => {
    const run = new ToyPretraining(await getTestContext(), TOY_RECIPE);
    try {
      for (let i = 0; i < 2; i++) {
        const r = await run.step();
        const want = log.steps[i]!;
        console.log(`step ${r.step}: loss ${r.loss.toFixed(6)} (log ${want.loss.toFixed(6)}), |g| ${r.gradNorm.toFixed(5)} (log ${want.gradNorm.toFixed(5)}), ${r.tokens} tokens in ${r.seconds.toFixed(1)} s`);
        expect(r.step).toBe(want.step);
        expect(r.tokens).toBe(want.tokens);
        expect(r.lossTokens).toBe(want.lossTokens);
        expect(r.lr).toBe(want.lr);
        expect(Math.abs(r.loss - want.loss) / want.loss).toBeLessThan(1e-3);
        expect(Math.abs(r.gradNorm - want.gradNorm) / want.gradNorm).toBeLessThan(1e-3);
      }
    } finally {
      run.destroy();
    }
  });

  it('with verdict documents (session 11): a fence verdict scores only " yes" / " no" after the fence; a step counts them', async () => {
    const docs = toyCorpusSample({ seed: 2, judgmentShare: 0, verdictShare: 1 }, 8);
    for (const d of docs) {
      const ex = toyExample(d, 0);
      expect(ex.completion).toEqual(encodeToy(d.correct ? ' yes' : ' no'));
      expect(ex.prompt.at(-1)).toBe(encodeToy('```')[0]);
      expect([...ex.prompt, ...ex.completion]).toEqual(encodeToy(d.text));
    }
    const run = new ToyPretraining(await getTestContext(), { ...TOY_RECIPE, batch: 6, microBatch: 6, judgmentShare: 0.2, verdictShare: 0.5 });
    try {
      const r = await run.step();
      expect(r.verdict).toBeGreaterThan(0);
      expect(r.generation + r.judgment + r.verdict!).toBe(6);
      expect(Number.isFinite(r.loss) && r.applied).toBe(true);
    } finally {
      run.destroy();
    }
  });

  it('with own samples (session 13): a step counts the groups drawn from them; a share without samples is refused', async () => {
    const ctx = await getTestContext();
    const recipe = { ...TOY_RECIPE, batch: 6, microBatch: 6, judgmentShare: 0.6, verdictShare: 0.4, verdictFormat: 'prompt' as const, ownSampleShare: 1 };
    expect(() => new ToyPretraining(ctx, recipe)).toThrow(/ownSampleShare needs the samples \(train:toy --own-samples FILE\)/);
    // every train problem with four short own programs, two of them passing
    const ownSamples = new Map(toyProblems({ split: 'train', seed: 0 }).map((tp) => [tp.problem.id, [0, 1, 2, 3].map((j) => ({ code: `function f${j}() { return ${j}; }\n`, label: (j % 2) as 0 | 1 }))]));
    const run = new ToyPretraining(ctx, recipe, undefined, ownSamples);
    try {
      const r = await run.step();
      expect(r.ownSamples).toBe(6);
      expect(Number.isFinite(r.loss) && r.applied).toBe(true);
    } finally {
      run.destroy();
    }
  });
});
