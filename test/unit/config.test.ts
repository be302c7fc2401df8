import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { ConfigError, parseModelConfig, type ModelConfig } from '../../src/model/config';
import { ropeInverseFrequencies } from '../../src/model/config-rope';

const load = (p: string): Record<string, unknown> => JSON.parse(readFileSync(new URL(`../fixtures/${p}`, import.meta.url), 'utf8'));

describe('golden fixture configs', () => {
  test('llama: GQA 4/2, head_dim 16, tied, no biases', () => {
    const c = parseModelConfig(load('golden/llama/config.json'));
    expect(c).toMatchObject<Partial<ModelConfig>>({
      arch: 'llama', vocabSize: 320, hidden: 64, intermediate: 160, layers: 2, heads: 4, kvHeads: 2, headDim: 16,
      ropeTheta: 10000, rmsEps: 1e-5, tieEmbeddings: true, qkvBias: false, qkNorm: false, maxPositions: 2048, ropeScaling: null,
    });
  });
  test('qwen2: biases without an attention_bias key, untied', () => {
    const c = parseModelConfig(load('golden/qwen2/config.json'));
    expect(c).toMatchObject({ arch: 'qwen2', vocabSize: 300, headDim: 16, intermediate: 176, qkvBias: true, qkNorm: false, tieEmbeddings: false, ropeTheta: 1e6, rmsEps: 1e-6 });
  });
  test('qwen3: head_dim 32 differs from hidden/heads, q/k norm', () => {
    const c = parseModelConfig(load('golden/qwen3/config.json'));
    expect(c).toMatchObject({ arch: 'qwen3', vocabSize: 288, hidden: 64, heads: 4, kvHeads: 2, headDim: 32, qkNorm: true, qkvBias: false, tieEmbeddings: true });
  });
});

describe('published model configs', () => {
  test('SmolLM2-135M-Instruct', () => {
    const c = parseModelConfig(load('models/configs/SmolLM2-135M-Instruct.json'));
    expect(c).toMatchObject({ arch: 'llama', hidden: 576, heads: 9, kvHeads: 3, headDim: 64, layers: 30, intermediate: 1536, vocabSize: 49152, ropeTheta: 100000, tieEmbeddings: true, bosTokenId: 1, eosTokenIds: [2], padTokenId: 2, torchDtype: 'bfloat16' });
  });
  test('Qwen2.5-0.5B-Instruct: sliding window configured but not in use', () => {
    const c = parseModelConfig(load('models/configs/Qwen2.5-0.5B-Instruct.json'));
    expect(c).toMatchObject({ arch: 'qwen2', hidden: 896, heads: 14, kvHeads: 2, headDim: 64, layers: 24, intermediate: 4864, vocabSize: 151936, ropeTheta: 1e6, tieEmbeddings: true, qkvBias: true, eosTokenIds: [151645], maxPositions: 32768 });
  });
  test('Qwen2.5-Coder-0.5B-Instruct', () => {
    const c = parseModelConfig(load('models/configs/Qwen2.5-Coder-0.5B-Instruct.json'));
    expect(c).toMatchObject({ arch: 'qwen2', hidden: 896, headDim: 64, layers: 24, tieEmbeddings: true, qkvBias: true });
  });
  test('Qwen3-0.6B: head_dim 128 with hidden 1024 and 16 heads', () => {
    const c = parseModelConfig(load('models/configs/Qwen3-0.6B.json'));
    expect(c).toMatchObject({ arch: 'qwen3', hidden: 1024, heads: 16, kvHeads: 8, headDim: 128, layers: 28, intermediate: 3072, tieEmbeddings: true, qkNorm: true, maxPositions: 40960 });
  });
  test('Llama-3.2-1B-Instruct: llama3 RoPE scaling and an eos list', () => {
    const c = parseModelConfig(load('models/configs/Llama-3.2-1B-Instruct.json'));
    expect(c.ropeScaling).toEqual({ type: 'llama3', factor: 32, lowFreqFactor: 1, highFreqFactor: 4, originalMaxPositions: 8192 });
    expect(c.eosTokenIds).toEqual([128001, 128008, 128009]);
    expect(c.ropeTheta).toBe(500000);
  });
  test('transformers v5 rope_parameters', () => {
    const base = load('golden/qwen3/config.json');
    delete base.rope_theta;
    delete base.rope_scaling;
    const c = parseModelConfig({ ...base, rope_parameters: { rope_type: 'default', rope_theta: 12345 } });
    expect(c.ropeTheta).toBe(12345);
    expect(c.ropeScaling).toBeNull();
  });
});

test('absent optional keys take the transformers defaults', () => {
  const minimal = { model_type: 'qwen2', vocab_size: 10, hidden_size: 8, intermediate_size: 16, num_hidden_layers: 1, num_attention_heads: 2 };
  expect(parseModelConfig(minimal)).toEqual({
    arch: 'qwen2', vocabSize: 10, hidden: 8, intermediate: 16, layers: 1, heads: 2, kvHeads: 2, headDim: 4, ropeTheta: 10000, rmsEps: 1e-6,
    tieEmbeddings: false, qkvBias: true, qkNorm: false, maxPositions: 32768, ropeScaling: null, eosTokenIds: [],
  });
  expect(parseModelConfig({ ...minimal, model_type: 'llama' }).maxPositions).toBe(2048);
});

describe('RoPE frequencies', () => {
  test('default: 1/θ^(2i/d)', () => {
    const f = ropeInverseFrequencies({ headDim: 8, ropeTheta: 10000, ropeScaling: null });
    // θ^(2i/8) for θ = 10^4 is 10^i.
    expect(Array.from(f, (x) => Math.round(1 / x))).toEqual([1, 10, 100, 1000]);
  });
  test('llama3 remap: high frequencies kept, low divided by factor, middle band interpolated', () => {
    const c = parseModelConfig(load('models/configs/Llama-3.2-1B-Instruct.json'));
    const plain = ropeInverseFrequencies({ ...c, ropeScaling: null });
    const scaled = ropeInverseFrequencies(c);
    let kept = 0, divided = 0, mid = 0;
    for (let i = 0; i < plain.length; i++) {
      const wl = (2 * Math.PI) / plain[i];
      if (wl < 8192 / 4) { expect(scaled[i]).toBe(plain[i]); kept++; }
      else if (wl > 8192 / 1) { expect(scaled[i]).toBeCloseTo(plain[i] / 32, 15); divided++; }
      else {
        // Independent form of the smoothing: interpolate between f/32 and f by (L/λ − 1)/(4 − 1).
        const s = (8192 / wl - 1) / 3;
        expect(scaled[i]).toBeCloseTo(plain[i] / 32 + s * (plain[i] - plain[i] / 32), 15);
        mid++;
      }
    }
    expect(kept).toBeGreaterThan(0);
    expect(divided).toBeGreaterThan(0);
    expect(mid).toBeGreaterThan(0);
  });
  test('linear: every frequency divided by the factor', () => {
    const f = ropeInverseFrequencies({ headDim: 4, ropeTheta: 100, ropeScaling: { type: 'linear', factor: 4 } });
    expect([...f]).toEqual([1 / 4, 1 / 10 / 4]);
  });
});

describe('refusals name what is unsupported', () => {
  const qwen2 = (): Record<string, unknown> => load('models/configs/Qwen2.5-0.5B-Instruct.json');
  const smol = (): Record<string, unknown> => load('models/configs/SmolLM2-135M-Instruct.json');
  const cases: [string, () => unknown, RegExp][] = [
    ['not an object', () => [1, 2], /must be a JSON object/],
    ['unknown model_type', () => ({ ...smol(), model_type: 'gemma', architectures: ['GemmaForCausalLM'] }), /model_type "gemma" is not supported.*qwen3/],
    ['non-causal-LM head', () => ({ ...qwen2(), architectures: ['Qwen2ForSequenceClassification'] }), /architectures \["Qwen2ForSequenceClassification"\] is not supported/],
    ['model_type contradicts architectures', () => ({ ...qwen2(), model_type: 'llama' }), /contradicts architectures/],
    ['nothing says what it is', () => { const c = qwen2(); delete c.model_type; delete c.architectures; return c; }, /neither "model_type" nor "architectures"/],
    ['gelu', () => ({ ...smol(), hidden_act: 'gelu' }), /hidden_act "gelu" is not supported/],
    ['mlp_bias', () => ({ ...smol(), mlp_bias: true }), /mlp_bias true is not supported/],
    ['attention_bias on llama', () => ({ ...smol(), attention_bias: true }), /attention_bias true.*not supported for llama/],
    ['interleaved rope', () => ({ ...smol(), rope_interleaved: true }), /rope_interleaved/],
    ['sliding window in use', () => ({ ...qwen2(), use_sliding_window: true }), /use_sliding_window is true \(window 32768 from layer 21\)/],
    ['sliding layer types', () => ({ ...qwen2(), layer_types: ['full_attention', 'sliding_attention'] }), /sliding_attention/],
    ['yarn', () => ({ ...qwen2(), rope_scaling: { type: 'yarn', factor: 4, original_max_position_embeddings: 32768 } }), /rope_scaling type "yarn" is not supported/],
    ['llama3 missing factor', () => ({ ...smol(), rope_scaling: { rope_type: 'llama3', low_freq_factor: 1, high_freq_factor: 4 } }), /"factor" must be a positive number/],
    ['quantized', () => ({ ...qwen2(), quantization_config: { quant_method: 'awq' } }), /quantization_config/],
    ['missing hidden_size', () => { const c = qwen2(); delete c.hidden_size; return c; }, /"hidden_size" is missing/],
    ['bad heads', () => ({ ...qwen2(), num_key_value_heads: 3 }), /multiple of num_key_value_heads/],
    ['hidden not divisible', () => ({ ...qwen2(), hidden_size: 900 }), /not divisible by num_attention_heads/],
    ['negative vocab', () => ({ ...qwen2(), vocab_size: -1 }), /"vocab_size" must be a positive integer/],
    ['bad eos', () => ({ ...qwen2(), eos_token_id: ['x'] }), /eos_token_id/],
  ];
  test.each(cases)('%s', (_name, make, msg) => {
    expect(() => parseModelConfig(make())).toThrow(ConfigError);
    expect(() => parseModelConfig(make())).toThrow(msg);
  });
  test('sliding window enabled but starting past the last layer is accepted', () => {
    expect(parseModelConfig({ ...qwen2(), use_sliding_window: true, max_window_layers: 24 }).arch).toBe('qwen2');
  });
});
