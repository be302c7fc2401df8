// A decoder's weights resident on the GPU (f32), named by role. The loader (load.ts) fills
// it tensor by tensor from a checkpoint; tests fill it from host arrays.
import type { GpuContext, Tensor } from '../gpu';
import type { ModelConfig } from './config';
import { expectedTensorShapes } from './weights-shapes';

/** Matrices may be f16 (half the memory and decode bandwidth); norms and biases stay f32. */
export type WeightTensor = Tensor<'f32' | 'f16'>;

export interface LayerWeights {
  inputNorm: Tensor<'f32'>;
  q: WeightTensor;
  k: WeightTensor;
  v: WeightTensor;
  qBias?: Tensor<'f32'>;
  kBias?: Tensor<'f32'>;
  vBias?: Tensor<'f32'>;
  qNorm?: Tensor<'f32'>;
  kNorm?: Tensor<'f32'>;
  o: WeightTensor;
  postNorm: Tensor<'f32'>;
  gate: WeightTensor;
  up: WeightTensor;
  down: WeightTensor;
}

export interface GpuModelWeights {
  embed: WeightTensor;
  layers: LayerWeights[];
  norm: Tensor<'f32'>;
  /** The LM head: the embedding itself when the config ties them. */
  lmHead: WeightTensor;
}

const LAYER_ROLES: Record<string, keyof LayerWeights> = {
  'input_layernorm.weight': 'inputNorm',
  'self_attn.q_proj.weight': 'q',
  'self_attn.k_proj.weight': 'k',
  'self_attn.v_proj.weight': 'v',
  'self_attn.q_proj.bias': 'qBias',
  'self_attn.k_proj.bias': 'kBias',
  'self_attn.v_proj.bias': 'vBias',
  'self_attn.q_norm.weight': 'qNorm',
  'self_attn.k_norm.weight': 'kNorm',
  'self_attn.o_proj.weight': 'o',
  'post_attention_layernorm.weight': 'postNorm',
  'mlp.gate_proj.weight': 'gate',
  'mlp.up_proj.weight': 'up',
  'mlp.down_proj.weight': 'down',
};

/**
 * Collects GPU tensors by Hugging Face name into a GpuModelWeights. `put` is called by the
 * loader as each tensor arrives; `finish` checks that nothing the config needs is missing.
 */
export class WeightAssembler {
  private embed?: WeightTensor;
  private norm?: Tensor<'f32'>;
  private lmHead?: WeightTensor;
  private layers: Partial<LayerWeights>[];
  private all: Tensor[] = [];

  constructor(private readonly cfg: ModelConfig) {
    this.layers = Array.from({ length: cfg.layers }, () => ({}));
  }

  put(name: string, t: WeightTensor): void {
    this.all.push(t);
    if (isMatrix(name) !== (t.shape.length === 2)) throw new Error(`weights: tensor "${name}" has rank ${t.shape.length}`);
    if (!isMatrix(name) && t.dtype !== 'f32') throw new Error(`weights: vector "${name}" must be f32 on the GPU`);
    if (name === 'model.embed_tokens.weight') this.embed = t;
    else if (name === 'model.norm.weight') this.norm = t as Tensor<'f32'>;
    else if (name === 'lm_head.weight') this.lmHead = t;
    else {
      const m = /^model\.layers\.(\d+)\.(.+)$/.exec(name);
      const role = m ? LAYER_ROLES[m[2]] : undefined;
      const layer = m ? this.layers[Number(m[1])] : undefined;
      if (!role || !layer) throw new Error(`weights: tensor "${name}" has no place in a ${this.cfg.arch} model with ${this.cfg.layers} layers`);
      (layer as Record<string, WeightTensor>)[role] = t;
    }
  }

  finish(): GpuModelWeights {
    const missing = [...expectedTensorShapes(this.cfg).keys()].find((n) => !this.has(n));
    if (missing) {
      this.destroy();
      throw new Error(`weights: tensor "${missing}" was never loaded`);
    }
    return {
      embed: this.embed!,
      layers: this.layers as LayerWeights[],
      norm: this.norm!,
      lmHead: this.cfg.tieEmbeddings ? this.embed! : this.lmHead!,
    };
  }

  /** Frees everything put so far (after a failed load). */
  destroy(): void {
    for (const t of this.all) t.destroy();
  }

  private has(name: string): boolean {
    if (name === 'model.embed_tokens.weight') return !!this.embed;
    if (name === 'model.norm.weight') return !!this.norm;
    if (name === 'lm_head.weight') return !!this.lmHead;
    const m = /^model\.layers\.(\d+)\.(.+)$/.exec(name)!;
    return !!this.layers[Number(m[1])]?.[LAYER_ROLES[m[2]]];
  }
}

/** Matrices (projections, embedding, LM head) as opposed to norm weights and biases. */
export function isMatrix(name: string): boolean {
  return name.endsWith('_proj.weight') || name === 'model.embed_tokens.weight' || name === 'lm_head.weight';
}

/**
 * Uploads host weights (name → values, HF shapes from the config); for tests and benchmarks.
 * `matrixDtype` 'f16' stores the matrices in half precision (needs shader-f16).
 */
export function uploadWeights(ctx: GpuContext, cfg: ModelConfig, host: ReadonlyMap<string, ArrayLike<number>>, matrixDtype: 'f32' | 'f16' = 'f32'): GpuModelWeights {
  const asm = new WeightAssembler(cfg);
  try {
    for (const [name, shape] of expectedTensorShapes(cfg)) {
      const data = host.get(name);
      if (!data) throw new Error(`weights: tensor "${name}" is missing from the host weights`);
      const f32 = data instanceof Float32Array ? data : Float32Array.from(data);
      asm.put(name, ctx.tensor(shape, isMatrix(name) ? matrixDtype : 'f32', f32, name));
    }
    return asm.finish();
  } catch (e) {
    asm.destroy();
    throw e;
  }
}

export function destroyWeights(w: GpuModelWeights): void {
  const seen = new Set<Tensor>();
  const free = (t: Tensor | undefined) => {
    if (t && !seen.has(t)) {
      seen.add(t);
      t.destroy();
    }
  };
  free(w.embed);
  free(w.norm);
  free(w.lmHead);
  for (const l of w.layers) for (const t of Object.values(l)) free(t as Tensor);
}

/** Every weight with its Hugging Face name (a tied LM head once, as the embedding). */
export function namedWeights(cfg: ModelConfig, w: GpuModelWeights): [string, WeightTensor][] {
  const out: [string, WeightTensor][] = [['model.embed_tokens.weight', w.embed]];
  w.layers.forEach((L, l) => {
    for (const [suffix, role] of Object.entries(LAYER_ROLES)) {
      const t = L[role] as WeightTensor | undefined;
      if (t) out.push([`model.layers.${l}.${suffix}`, t]);
    }
  });
  out.push(['model.norm.weight', w.norm]);
  if (!cfg.tieEmbeddings) out.push(['lm_head.weight', w.lmHead]);
  return out;
}

/** A copy of the weights on the GPU (e.g. GRPO's frozen reference policy), copied in one submit. */
export function cloneWeights(ctx: GpuContext, cfg: ModelConfig, w: GpuModelWeights): GpuModelWeights {
  const asm = new WeightAssembler(cfg);
  const rec = ctx.recorder('clone weights');
  try {
    for (const [name, t] of namedWeights(cfg, w)) {
      const c = ctx.tensor(t.shape, t.dtype, undefined, `${name} (copy)`) as WeightTensor;
      asm.put(name, c);
      rec.copy(t, c);
    }
    const out = asm.finish();
    rec.submit();
    return out;
  } catch (e) {
    rec.abandon(e);
    asm.destroy();
    throw e;
  }
}
