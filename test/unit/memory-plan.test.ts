// Memory planner: parameter counts of real configs against their published sizes, the two
// target setups under 3 GB (settings stated below), hand-checked arithmetic on a tiny
// config, pool rounding and sharding, and every refusal message. <1 s.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { sizeClass } from '../../src/gpu/buffer-pool';
import { type ModelConfig, parseModelConfig } from '../../src/model/config';
import { LORA_TARGETS, type MemoryPlanInput, MemoryPlanError, countParameters, formatMemoryPlan, planMemory } from '../../src/train/memory-plan';

const config = (name: string) => parseModelConfig(JSON.parse(readFileSync(`test/fixtures/models/configs/${name}.json`, 'utf8')));
const GB3 = 3e9;
// A desktop GPU's limits (Chrome on a discrete card): 1 GiB bindings, 2 GiB buffers.
const LIMITS = { maxBufferSize: 2 ** 31, maxStorageBufferBindingSize: 2 ** 30 };

const tiny: ModelConfig = {
  arch: 'llama',
  vocabSize: 10,
  hidden: 4,
  intermediate: 8,
  layers: 2,
  heads: 2,
  kvHeads: 1,
  headDim: 2,
  ropeTheta: 10000,
  rmsEps: 1e-6,
  tieEmbeddings: true,
  qkvBias: false,
  qkNorm: false,
  maxPositions: 64,
  ropeScaling: null,
  eosTokenIds: [2],
};

const bytesOf = (p: ReturnType<typeof planMemory>, c: string) => p.categories.find((x) => x.category === c)?.bytes;
const allocatedOf = (p: ReturnType<typeof planMemory>, c: string) => p.categories.find((x) => x.category === c)?.allocated as number;

function refusal(input: MemoryPlanInput): MemoryPlanError {
  try {
    planMemory(input);
  } catch (e) {
    expect(e).toBeInstanceOf(MemoryPlanError);
    return e as MemoryPlanError;
  }
  throw new Error('expected planMemory to refuse');
}

describe('memory plan: real models', () => {
  test('parameter counts match the published model sizes', () => {
    expect(countParameters(config('SmolLM2-135M-Instruct'))).toBe(134_515_008);
    expect(countParameters(config('Qwen2.5-0.5B-Instruct'))).toBe(494_032_768);
    expect(countParameters(config('Qwen3-0.6B'))).toBe(596_049_920);
    expect(countParameters(config('Llama-3.2-1B-Instruct'))).toBe(1_235_814_400);
  });

  test('SmolLM2-135M full fine-tune at seq 1024 fits 3 GB: micro-batch 1, recomputation on, generation 8 × 1024', () => {
    const p = planMemory({ model: config('SmolLM2-135M-Instruct'), mode: { kind: 'full' }, microBatch: 1, seqLen: 1024, recompute: true, generation: { batch: 8, maxTokens: 1024 }, limits: { ...LIMITS, budgetBytes: GB3 } });
    expect(p.total).toBeLessThan(GB3);
    // 16 bytes per parameter for weights + gradients + m + v, before pool rounding.
    expect(bytesOf(p, 'weights')! + bytesOf(p, 'gradients')! + bytesOf(p, 'optimizer')!).toBe(16 * 134_515_008);
    console.log(`SmolLM2-135M full, micro-batch 1 × 1024, recompute, gen 8 × 1024:\n${formatMemoryPlan(p)}`);
  });

  test('Qwen2.5-0.5B LoRA at seq 1024 fits 3 GB: rank 16 on all 7 projections, f16 base, micro-batch 2, recomputation on, generation 8 × 1024', () => {
    const p = planMemory({
      model: config('Qwen2.5-0.5B-Instruct'),
      mode: { kind: 'lora', rank: 16, targets: LORA_TARGETS, baseDType: 'f16' },
      microBatch: 2,
      seqLen: 1024,
      recompute: true,
      generation: { batch: 8, maxTokens: 1024 },
      limits: { ...LIMITS, budgetBytes: GB3 },
    });
    expect(p.total).toBeLessThan(GB3);
    expect(p.trainedParameters).toBe(24 * 16 * (896 + 896 + (896 + 128) * 2 + 896 + 896 + (896 + 4864) * 3));
    console.log(`Qwen2.5-0.5B LoRA r16, micro-batch 2 × 1024, recompute, gen 8 × 1024:\n${formatMemoryPlan(p)}`);
  });

  test('over budget: the message names the biggest consumer and the setting to change', () => {
    const smol = config('SmolLM2-135M-Instruct');
    const acts = refusal({ model: smol, mode: { kind: 'full' }, microBatch: 8, seqLen: 1024, recompute: false, limits: { ...LIMITS, budgetBytes: GB3 } });
    expect(acts.kind).toBe('budget');
    expect(acts.category).toBe('activations');
    expect(acts.message).toMatch(/^Estimated GPU memory [\d.]+ GiB exceeds the budget of 2.79 GiB; activations need [\d.]+ GiB for micro-batch 8 × 1024 tokens: lower the micro-batch or turn on recomputation\.$/);
    const withRecompute = refusal({ model: smol, mode: { kind: 'full' }, microBatch: 64, seqLen: 1024, recompute: true, limits: { ...LIMITS, budgetBytes: GB3 } });
    expect(withRecompute.message).toMatch(/lower the micro-batch or the sequence length\.$/);
    const opt = refusal({ model: smol, mode: { kind: 'full' }, microBatch: 1, seqLen: 256, recompute: true, limits: { ...LIMITS, budgetBytes: 1.5e9 } });
    expect(opt.category).toBe('optimizer');
    expect(opt.message).toMatch(/optimizer state \(AdamW m, v\) need 1.06 GiB: train with LoRA instead of full fine-tuning\.$/);
    const qwen = config('Qwen2.5-0.5B-Instruct');
    const w = refusal({ model: qwen, mode: { kind: 'lora', rank: 8, targets: ['q', 'v'], baseDType: 'f32' }, microBatch: 1, seqLen: 512, recompute: true, limits: { ...LIMITS, budgetBytes: 2e9 } });
    expect(w.category).toBe('weights');
    expect(w.message).toMatch(/load the base weights as f16/);
    const kv = refusal({ model: qwen, mode: { kind: 'lora', rank: 8, targets: ['q', 'v'], baseDType: 'f16' }, microBatch: 1, seqLen: 512, recompute: true, generation: { batch: 64, maxTokens: 4096 }, limits: { ...LIMITS, budgetBytes: 3e9 } });
    expect(kv.category).toBe('kv-cache');
    expect(kv.message).toMatch(/KV cache needs [\d.]+ GiB for 64 sequences × 4096 tokens: lower the generation batch or max tokens\.$/);
  });

  test("lavapipe's 128 MiB bindings: the embedding is sharded, an oversized activation is refused", () => {
    const small = { maxBufferSize: 2 ** 28, maxStorageBufferBindingSize: 2 ** 27 };
    const qwen = config('Qwen2.5-0.5B-Instruct');
    const mode = { kind: 'lora', rank: 8, targets: ['q', 'v'], baseDType: 'f32' } as const;
    const p = planMemory({ model: qwen, mode, microBatch: 1, seqLen: 1024, recompute: true, limits: small });
    const embed = p.tensors.find((t) => t.name === 'embed')!;
    expect(embed.bytes).toBe(151936 * 896 * 4);
    expect(embed.largestBuffer).toBeLessThanOrEqual(2 ** 27);
    expect(embed.allocated).toBeGreaterThanOrEqual(embed.bytes);
    expect(p.largest.bytes).toBeLessThanOrEqual(2 ** 27);
    // 8 × 1024 tokens × 4864 × 4 bytes = 152 MiB for the MLP's gate: one binding cannot hold it.
    const e = refusal({ model: qwen, mode, microBatch: 8, seqLen: 1024, recompute: true, limits: small });
    expect(e.kind).toBe('binding');
    expect(e.message).toBe('"layers.*.gate" [8192, 4864] needs 152.0 MiB in one buffer, above this GPU\'s largest storage binding (128.0 MiB): lower the micro-batch (8) or the sequence length (1024).');
    const chunk = refusal({ model: qwen, mode, microBatch: 1, seqLen: 1024, recompute: true, vocabChunk: 65536, limits: small });
    expect(chunk.message).toMatch(/"lm_head.logits_chunk" \[1024, 65536\] needs 256.0 MiB in one buffer, .*: lower the vocab-chunk size \(65536\)\.$/);
  });
});

describe('memory plan: arithmetic on a tiny config', () => {
  // T = 2 × 3 = 6 tokens. Parameters: embed 10·4 = 40; per layer q 4·4, k 2·4, v 2·4, o 4·4,
  // gate/up/down 3·8·4, two norms 2·4 = 152; final norm 4: 40 + 2·152 + 4 = 348.
  const base: MemoryPlanInput = { model: tiny, mode: { kind: 'full' }, microBatch: 2, seqLen: 3, recompute: false, limits: LIMITS };

  test('full fine-tune: weights, gradients, optimizer, activations, LM head', () => {
    const p = planMemory(base);
    expect(p.parameters).toBe(348);
    expect(bytesOf(p, 'weights')).toBe(348 * 4);
    expect(bytesOf(p, 'gradients')).toBe(348 * 4);
    expect(bytesOf(p, 'optimizer')).toBe(2 * 348 * 4);
    // Per layer and token: x 4 + attn_norm 4 + rms 1 + q 4 + k 2 + v 2 + lse 2 + attn_out 4 + h 4
    // + mlp_norm 4 + rms 1 + gate 8 + up 8 + act 8 = 56 floats; final x, norm, rms = 9;
    // backward workspace d_residual 8 + d_qkv 8 + d_attn_out 4 + d_gate_up 16 + d_act 8 = 44.
    expect(bytesOf(p, 'activations')).toBe((2 * 56 + 9 + 44) * 6 * 4);
    // Recomputation keeps x per layer (4) and one layer's other 52 floats.
    expect(bytesOf(planMemory({ ...base, recompute: true }), 'activations')).toBe((2 * 4 + 52 + 9 + 44) * 6 * 4);
    // Vocab chunk = all 10 rows: logits 6·10, logp + lse 6·2, loss buffers 4 · 2·3.
    expect(p.vocabChunk).toBe(10);
    expect(bytesOf(p, 'lm-head')).toBe((60 + 12 + 24) * 4);
    expect(bytesOf(p, 'kv-cache')).toBe(0);
    // Every buffer is rounded up to the pool's size class (at least 256 bytes).
    const embed = p.tensors.find((t) => t.name === 'embed')!;
    expect(embed.allocated).toBe(sizeClass(160));
    expect(p.total).toBe(p.tensors.reduce((s, t) => s + t.allocated, 0));
    expect(p.total).toBe(p.categories.reduce((s, c) => s + c.allocated, 0));
  });

  test('full fine-tune with an f16 forward adds an f16 copy of the matrices', () => {
    const p = planMemory({ ...base, mode: { kind: 'full', f16Forward: true } });
    // Matrices: embed 40 + 2 layers × 144 = 328 parameters.
    expect(bytesOf(p, 'weights')).toBe(348 * 4 + 328 * 2);
    expect(bytesOf(p, 'optimizer')).toBe(2 * 348 * 4);
  });

  test('GRPO at a temperature other than 1 adds the scaled head input and its gradient', () => {
    // two more [T, hidden] f32: 2 · 6 · 4 floats
    expect(bytesOf(planMemory({ ...base, scaledLogits: true }), 'activations')).toBe(bytesOf(planMemory(base), 'activations')! + 2 * 6 * 4 * 4);
  });

  test('generation adds the KV cache and the sampling logits', () => {
    const p = planMemory({ ...base, generation: { batch: 2, maxTokens: 5 } });
    // 2 layers × (K, V) × 2·5 rows × kvDim 2 × 4 bytes; logits 2 × 10.
    expect(bytesOf(p, 'kv-cache')).toBe(2 * 2 * 10 * 2 * 4);
    expect(bytesOf(p, 'lm-head')).toBe((60 + 12 + 24 + 20) * 4);
  });

  test('LoRA: f16 base matrices, f32 norms, adapters trained', () => {
    const p = planMemory({ ...base, mode: { kind: 'lora', rank: 2, targets: ['q', 'v'], baseDType: 'f16' } });
    // q: A [2, 4] + B [4, 2] = 16; v: A [2, 4] + B [2, 2] = 12; × 2 layers.
    expect(p.trainedParameters).toBe(56);
    // Matrices (embed 40 + 2 × 144) in f16, norms (2 × 8 + 4) in f32, adapters in f32.
    expect(bytesOf(p, 'weights')).toBe(328 * 2 + 20 * 4 + 56 * 4);
    expect(bytesOf(p, 'gradients')).toBe(56 * 4);
    expect(bytesOf(p, 'optimizer')).toBe(2 * 56 * 4);
    // x·A for q and v adds 2 + 2 floats per layer and token.
    expect(bytesOf(p, 'activations')).toBe((2 * 60 + 9 + 44) * 6 * 4);
  });

  test('the table lists every category, the total and the largest buffer', () => {
    const text = formatMemoryPlan(planMemory({ ...base, generation: { batch: 2, maxTokens: 5 }, limits: { ...LIMITS, budgetBytes: 1e6 } }));
    for (const row of ['weights', 'gradients', 'optimizer', 'activations', 'kv-cache', 'lm-head', 'total', 'largest buffer']) expect(text).toMatch(new RegExp(`^${row} `, 'm'));
    expect(text).toMatch(/budget 976.6 KiB/);
    expect(text).toMatch(/micro-batch 2 × 3 tokens, 2 layers, recomputation off/);
  });

  test('bad settings are refused by name', () => {
    expect(refusal({ ...base, microBatch: 0 }).message).toBe('Memory plan: micro-batch must be a positive integer, got 0');
    expect(refusal({ ...base, seqLen: 100 }).message).toMatch(/sequence length 100 exceeds the model's 64 positions; lower it/);
    expect(refusal({ ...base, mode: { kind: 'lora', rank: 4, targets: ['qkv' as 'q'], baseDType: 'f32' } }).message).toMatch(/LoRA target "qkv" is not one of q, k, v, o, gate, up, down/);
    expect(refusal({ ...base, mode: { kind: 'lora', rank: 0, targets: ['q'], baseDType: 'f32' } }).message).toMatch(/LoRA rank must be a positive integer/);
    expect(refusal({ ...base, mode: { kind: 'lora', rank: 4, targets: [], baseDType: 'f32' } }).message).toMatch(/at least one target/);
    expect(refusal({ ...base, mode: { kind: 'lora', rank: 4, targets: ['q', 'v', 'q'], baseDType: 'f32' } }).message).toMatch(/LoRA targets q, v, q name a projection twice/);
    expect(refusal({ ...base, vocabChunk: 1.5 }).message).toMatch(/vocab-chunk size must be a positive integer/);
    expect(refusal({ ...base, limits: { ...LIMITS, budgetBytes: -1 } }).message).toMatch(/budget -1 must be a positive number/);
    // A row wider than a binding cannot be sharded.
    const e = refusal({ ...base, limits: { maxBufferSize: 12, maxStorageBufferBindingSize: 12 } });
    expect(e.kind).toBe('binding');
    expect(e.message).toMatch(/one row of "embed" \(4 elements\) needs 16 B in one buffer, above this GPU's largest storage binding \(12 B\)/);
  });
});
