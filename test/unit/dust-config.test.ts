// The run configuration: defaults, presets, overrides, and errors that name the field. < 1 s.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { ConfigError, DEFAULT_CONFIG, parseConfig, phaseSeed, resolveConfig, sandboxLimits } from '../../src/dust/config';
import { PRESETS } from '../../src/dust/presets';
import { createRng, deriveSeed } from '../../src/dust/rng';

const error = (doc: unknown): ConfigError => {
  try {
    resolveConfig(doc);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return e as ConfigError;
  }
  throw new Error('expected a ConfigError');
};

describe('presets', () => {
  test('every JSON file in presets/ is registered, loads and validates', () => {
    const files = readdirSync('presets').filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, ''));
    expect(files.sort()).toEqual(Object.keys(PRESETS).sort());
    for (const name of files) {
      expect(JSON.parse(readFileSync(`presets/${name}.json`, 'utf8'))).toEqual(PRESETS[name as keyof typeof PRESETS]);
      const c = resolveConfig({ preset: name });
      expect(c.name).toBe(name);
    }
  });
  test('paper preset = the paper\'s numbers; authors preset = their divergences', () => {
    const p = resolveConfig({ preset: 'paper' });
    expect(p.dataset).toMatchObject({ samples: 64, groupSize: 4, temperature: 1, topP: 1, labels: 'binary', shuffleWithinGroups: false });
    expect(p.train).toMatchObject({ rollouts: 8, batchGroups: 64, ppoEpochs: 3, lr: 1e-6, beta: 0.001, clipLow: 0.2, clipHigh: 0.2, reward: 'pairacc' });
    expect(p.eval).toMatchObject({ repeats: 10, candidates: 4, temperature: 0.6, topP: 0.95, topK: 20 });
    // the paper's sandbox: 10 s per test, 512 MB, 50 tests; the default keeps one limit per program
    expect(sandboxLimits(p.sandbox)).toEqual({ timeoutMs: 10_000, timeoutPer: 'test', memoryBytes: 512 * 1024 * 1024 });
    expect(p.sandbox.maxTests).toBe(50);
    expect(DEFAULT_CONFIG.sandbox.timeoutPer).toBe('candidate');
    const a = resolveConfig({ preset: 'authors' });
    expect(a.train).toMatchObject({ beta: 0, clipHigh: 0.28, dualClip: 10, weightDecay: 0.1 });
    expect(a.dataset.labels).toBe('pass-rate');
  });
  test('a document overrides its preset field by field', () => {
    const c = resolveConfig({ preset: 'micro', seed: 7, train: { lr: 3e-5 }, model: { id: 'my/model' } });
    expect(c.seed).toBe(7);
    expect(c.train.lr).toBe(3e-5);
    expect(c.train.rollouts).toBe(PRESETS.micro.train.rollouts);
    expect(c.model).toEqual({ ...DEFAULT_CONFIG.model, id: 'my/model', thinking: false });
    // defaults are not changed by resolving
    expect(DEFAULT_CONFIG.train.lr).toBe(1e-6);
  });
});

describe('validation errors name the field and say what is allowed', () => {
  test.each([
    [{ model: { id: 'm' }, train: { rollouts: 1 } }, 'train.rollouts', /integer ≥ 2/],
    [{ model: { id: 'm' }, train: { reward: 'best' } }, 'train.reward', /"pairacc", "ndcg", "selection"/],
    [{ model: { id: 'm' }, train: { lr: -1 } }, 'train.lr', /number > 0/],
    [{ model: { id: 'm' }, dataset: { topP: 0 } }, 'dataset.topP', /> 0 and ≤ 1/],
    [{ model: { id: 'm' }, dataset: { shuffleWithinGroups: 'yes' } }, 'dataset.shuffleWithinGroups', /true or false/],
    [{ model: { id: 'm' }, seed: 1.5 }, 'seed', /integer/],
    [{ model: { id: 'm' }, train: { rollout: 8 } }, 'train.rollout', /unknown field.*did you mean "rollouts"/],
    [{ model: { id: 'm' }, trian: {} }, 'trian', /unknown field/],
    [{ model: { id: 'm' }, eval: 3 }, 'eval', /must be an object/],
    [{}, 'model.id', /is required: a Hugging Face Hub id/],
    [{ model: { id: 'm' }, dataset: { samples: 3, groupSize: 4 } }, 'dataset.groupSize', /larger than dataset.samples/],
    [{ model: { id: 'm' }, train: { batchGroups: 64, miniBatchGroups: 10 } }, 'train.miniBatchGroups', /must divide train.batchGroups/],
    [{ model: { id: 'm' }, train: { clipLow: 1 } }, 'train.clipLow', /must be below 1/],
    [{ model: { id: 'm' }, train: { dualClip: 1 } }, 'train.dualClip', /0 \(off\) or greater than 1/],
    [{ model: { id: 'm' }, train: { dualClip: 0.5 } }, 'train.dualClip', /0 \(off\) or greater than 1/],
    [{ preset: 'huge' }, 'preset', /unknown preset "huge": use one of paper, authors, micro/],
  ])('%j → %s', (doc, field, msg) => {
    const e = error(doc);
    expect(e.field).toBe(field);
    expect(e.message).toMatch(msg);
    expect(e.message).toContain(field ? `"${field}"` : 'config');
  });
  test('GRPO-only limits do not stop an SFT run\'s config from loading', () => {
    expect(resolveConfig({ model: { id: 'm' }, train: { mode: 'sft', clipLow: 1, dualClip: 0.5 } }).train.dualClip).toBe(0.5);
  });
  test('not an object, not JSON', () => {
    expect(error([]).message).toMatch(/must be a JSON object/);
    expect(() => parseConfig('{ seed: 1 }')).toThrow(/not valid JSON/);
    expect(parseConfig('{"preset": "micro"}').model.id).toBe('Qwen/Qwen3-0.6B');
  });
});

describe('seeds', () => {
  test('phase seeds are derived from the run seed: reproducible, distinct', () => {
    const c = { seed: 42 };
    expect(phaseSeed(c, 'eval', 3)).toBe(phaseSeed({ seed: 42 }, 'eval', 3));
    const all = new Set([phaseSeed(c, 'dataset'), phaseSeed(c, 'train'), phaseSeed(c, 'eval', 0), phaseSeed(c, 'eval', 1), phaseSeed({ seed: 43 }, 'eval', 0)]);
    expect(all.size).toBe(5);
    expect(deriveSeed(1, 'a', 'bc')).not.toBe(deriveSeed(1, 'ab', 'c'));
  });
  test('the RNG is reproducible, uniform enough, and refuses bad seeds', () => {
    const a = createRng(5);
    const b = createRng(5);
    const xs = Array.from({ length: 1000 }, () => a.next());
    expect(xs).toEqual(Array.from({ length: 1000 }, () => b.next()));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(Math.abs(xs.reduce((s, x) => s + x, 0) / 1000 - 0.5)).toBeLessThan(0.05);
    expect(createRng(1).shuffle([1, 2, 3, 4, 5]).sort()).toEqual([1, 2, 3, 4, 5]);
    expect(() => createRng(-1)).toThrow(/seed must be an integer/);
  });
});

describe('problem split', async () => {
  const { splitProblems } = await import('../../src/dust/problem-split');
  const { builtinSplit, loadBuiltinProblems } = await import('../../src/problems/builtin');
  const all = loadBuiltinProblems().problems;
  test('"field" is the built-in split; caps take the first problems', () => {
    const cfg = resolveConfig({ model: { id: 'm' } });
    const s = splitProblems(all, cfg);
    expect(s.train.map((p) => p.id)).toEqual(builtinSplit().train.map((p) => p.id));
    expect(s.eval.map((p) => p.id)).toEqual(builtinSplit().eval.map((p) => p.id));
    const micro = splitProblems(all, resolveConfig({ preset: 'micro' }));
    expect(micro.train).toHaveLength(64);
    expect(micro.eval.map((p) => p.id)).toEqual(s.eval.slice(0, 32).map((p) => p.id));
  });
  test('"hash": seeded, about evalFraction, stable per problem', () => {
    const cfg = resolveConfig({ model: { id: 'm' }, problems: { split: 'hash', evalFraction: 0.25 }, seed: 11 });
    const s = splitProblems(all, cfg);
    expect(s.eval.length / all.length).toBeGreaterThan(0.15);
    expect(s.eval.length / all.length).toBeLessThan(0.35);
    const fewer = splitProblems(all.slice(10), cfg);
    expect(fewer.eval.map((p) => p.id)).toEqual(s.eval.filter((p) => all.indexOf(p) >= 10).map((p) => p.id));
    const other = splitProblems(all, { ...cfg, seed: 12 });
    expect(other.eval.map((p) => p.id)).not.toEqual(s.eval.map((p) => p.id));
  });
  test('a "field" split with no eval problems is refused with what to do', () => {
    const cfg = resolveConfig({ model: { id: 'm' } });
    expect(() => splitProblems(all.map((p) => ({ ...p, split: undefined })), cfg)).toThrow(/set problems.split to "hash"/);
  });
});
