// Hugging Face tensor names and shapes for the decoder families the reference implements, and
// a checked lookup so a missing or mis-shaped tensor fails with its name instead of NaNs.
import type { ModelConfig } from '../model/config';

/** The config fields the reference reads (a full ModelConfig works; tests may build a smaller one). */
export type ReferenceConfig = Pick<
  ModelConfig,
  'vocabSize' | 'hidden' | 'intermediate' | 'layers' | 'heads' | 'kvHeads' | 'headDim' | 'ropeTheta' | 'rmsEps' | 'tieEmbeddings' | 'qkvBias' | 'qkNorm'
> &
  Partial<Pick<ModelConfig, 'ropeScaling'>>;

/** Weights by HF name, f32 as read from safetensors or f64 (e.g. perturbed by a test). */
export type ReferenceWeights = ReadonlyMap<string, Float32Array | Float64Array>;

export const EMBED = 'model.embed_tokens.weight';
export const FINAL_NORM = 'model.norm.weight';
export const LM_HEAD = 'lm_head.weight';

/** Names of one decoder layer's tensors. */
export function layerNames(l: number) {
  const p = `model.layers.${l}`;
  return {
    inputNorm: `${p}.input_layernorm.weight`,
    q: `${p}.self_attn.q_proj.weight`,
    k: `${p}.self_attn.k_proj.weight`,
    v: `${p}.self_attn.v_proj.weight`,
    qBias: `${p}.self_attn.q_proj.bias`,
    kBias: `${p}.self_attn.k_proj.bias`,
    vBias: `${p}.self_attn.v_proj.bias`,
    qNorm: `${p}.self_attn.q_norm.weight`,
    kNorm: `${p}.self_attn.k_norm.weight`,
    o: `${p}.self_attn.o_proj.weight`,
    postNorm: `${p}.post_attention_layernorm.weight`,
    gate: `${p}.mlp.gate_proj.weight`,
    up: `${p}.mlp.up_proj.weight`,
    down: `${p}.mlp.down_proj.weight`,
  };
}

/** Every trainable tensor the config implies, with its element count, in checkpoint order. */
export function parameterSizes(c: ReferenceConfig): Map<string, number> {
  const sizes = new Map<string, number>();
  const qDim = c.heads * c.headDim;
  const kvDim = c.kvHeads * c.headDim;
  sizes.set(EMBED, c.vocabSize * c.hidden);
  for (let l = 0; l < c.layers; l++) {
    const n = layerNames(l);
    sizes.set(n.inputNorm, c.hidden);
    sizes.set(n.q, qDim * c.hidden);
    sizes.set(n.k, kvDim * c.hidden);
    sizes.set(n.v, kvDim * c.hidden);
    if (c.qkvBias) {
      sizes.set(n.qBias, qDim);
      sizes.set(n.kBias, kvDim);
      sizes.set(n.vBias, kvDim);
    }
    if (c.qkNorm) {
      sizes.set(n.qNorm, c.headDim);
      sizes.set(n.kNorm, c.headDim);
    }
    sizes.set(n.o, c.hidden * qDim);
    sizes.set(n.postNorm, c.hidden);
    sizes.set(n.gate, c.intermediate * c.hidden);
    sizes.set(n.up, c.intermediate * c.hidden);
    sizes.set(n.down, c.hidden * c.intermediate);
  }
  sizes.set(FINAL_NORM, c.hidden);
  if (!c.tieEmbeddings) sizes.set(LM_HEAD, c.vocabSize * c.hidden);
  return sizes;
}

/** Looks up a tensor by name, checking it exists and has the size the config implies. */
export function weightGetter(c: ReferenceConfig, weights: ReferenceWeights): (name: string) => Float32Array | Float64Array {
  const sizes = parameterSizes(c);
  return (name) => {
    const w = weights.get(name);
    if (!w) {
      const hint = name === LM_HEAD ? ' (the config says tie_word_embeddings is false; a tied checkpoint needs it true)' : '';
      throw new Error(`reference: weight "${name}" is missing from the checkpoint${hint}; check that config.json belongs to these weights`);
    }
    const n = sizes.get(name);
    if (n !== undefined && w.length !== n) {
      throw new Error(`reference: weight "${name}" has ${w.length} values but the config implies ${n}; check that config.json belongs to these weights`);
    }
    return w;
  };
}
