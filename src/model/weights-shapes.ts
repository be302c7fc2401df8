// The tensors a checkpoint must contain for a ModelConfig, with Hugging Face names and
// [out, in] shapes, and the check that tells the user exactly which one is missing or wrong.
import type { ModelConfig } from './config';

export function expectedTensorShapes(cfg: ModelConfig): Map<string, number[]> {
  const m = new Map<string, number[]>();
  const { hidden: h, headDim: d, heads, kvHeads, intermediate: inter } = cfg;
  m.set('model.embed_tokens.weight', [cfg.vocabSize, h]);
  for (let i = 0; i < cfg.layers; i++) {
    const p = `model.layers.${i}.`;
    m.set(`${p}input_layernorm.weight`, [h]);
    m.set(`${p}self_attn.q_proj.weight`, [heads * d, h]);
    m.set(`${p}self_attn.k_proj.weight`, [kvHeads * d, h]);
    m.set(`${p}self_attn.v_proj.weight`, [kvHeads * d, h]);
    m.set(`${p}self_attn.o_proj.weight`, [h, heads * d]);
    if (cfg.qkvBias) {
      m.set(`${p}self_attn.q_proj.bias`, [heads * d]);
      m.set(`${p}self_attn.k_proj.bias`, [kvHeads * d]);
      m.set(`${p}self_attn.v_proj.bias`, [kvHeads * d]);
    }
    if (cfg.qkNorm) {
      m.set(`${p}self_attn.q_norm.weight`, [d]);
      m.set(`${p}self_attn.k_norm.weight`, [d]);
    }
    m.set(`${p}post_attention_layernorm.weight`, [h]);
    m.set(`${p}mlp.gate_proj.weight`, [inter, h]);
    m.set(`${p}mlp.up_proj.weight`, [inter, h]);
    m.set(`${p}mlp.down_proj.weight`, [h, inter]);
  }
  m.set('model.norm.weight', [h]);
  if (!cfg.tieEmbeddings) m.set('lm_head.weight', [cfg.vocabSize, h]);
  return m;
}

/** A checkpoint that does not match its config. */
export class WeightsError extends Error {
  constructor(
    message: string,
    readonly tensor?: string,
  ) {
    super(message);
    this.name = 'WeightsError';
  }
}

// Present in some checkpoints, never needed: rotary caches and a duplicate tied head.
function ignorable(name: string, cfg: ModelConfig): boolean {
  return name.endsWith('.rotary_emb.inv_freq') || (cfg.tieEmbeddings && name === 'lm_head.weight');
}

/**
 * Checks that `actual` (name → shape, e.g. from safetensors headers) holds every tensor the
 * config needs with the right shape. Returns the names it will ignore; throws WeightsError
 * naming the first missing, misshaped or unexpected tensor (`where` names the checkpoint).
 */
export function checkTensorShapes(actual: ReadonlyMap<string, readonly number[]>, cfg: ModelConfig, where: string): { ignored: string[] } {
  const expected = expectedTensorShapes(cfg);
  const missing = [...expected.keys()].filter((n) => !actual.has(n));
  if (missing.length) {
    const more = missing.length > 1 ? ` (and ${missing.length - 1} more: ${missing.slice(1, 4).join(', ')}${missing.length > 4 ? ', ...' : ''})` : '';
    throw new WeightsError(`${where}: tensor "${missing[0]}" is missing${more}; the checkpoint does not match config.json (${cfg.arch}, ${cfg.layers} layers).`, missing[0]);
  }
  for (const [name, want] of expected) {
    const got = actual.get(name)!;
    if (got.length !== want.length || got.some((v, i) => v !== want[i])) {
      throw new WeightsError(`${where}: tensor "${name}" has shape [${got.join(', ')}] but config.json implies [${want.join(', ')}]; the checkpoint and config do not match.`, name);
    }
  }
  const ignored: string[] = [];
  for (const name of actual.keys()) {
    if (expected.has(name)) continue;
    if (ignorable(name, cfg)) {
      if (name === 'lm_head.weight') {
        const s = actual.get(name)!;
        if (s[0] !== cfg.vocabSize || s[1] !== cfg.hidden) throw new WeightsError(`${where}: tensor "lm_head.weight" has shape [${s.join(', ')}] but config.json implies [${cfg.vocabSize}, ${cfg.hidden}].`, name);
      }
      ignored.push(name);
      continue;
    }
    throw new WeightsError(`${where}: unexpected tensor "${name}" for a ${cfg.arch} model with ${cfg.layers} layers; the checkpoint and config.json do not match.`, name);
  }
  return { ignored };
}
