// LoRA adapters: y = x·Wᵀ (+ b) + s·(x·Aᵀ)·Bᵀ with s = alpha / rank on the chosen
// projections; the base model is frozen (f32 or f16 matrices) and only A [r, in] and
// B [out, r] train. A starts random (PEFT's Kaiming-uniform bound 1/√in), B at zero, so
// the adapted model starts equal to the base. The forward and backward of the adapter
// live here; model-forward-train.ts / model-backward.ts call them beside each projection.
import type { GpuContext, Recorder, Tensor } from '../gpu';
import { matmul } from '../kernels/matmul';
import type { ModelConfig } from '../model/config';
import type { ProjectionAdapters } from '../model/transformer';
import type { TrainableParam } from './adamw';

export const LORA_TARGETS = ['q', 'k', 'v', 'o', 'gate', 'up', 'down'] as const;
export type LoraTarget = (typeof LORA_TARGETS)[number];

export interface LoraConfig {
  rank: number;
  alpha: number;
  targets: readonly LoraTarget[];
  /** Seed of A's initial values (default 1). */
  seed?: number;
}

export interface LoraAdapter {
  a: Tensor<'f32'>;
  b: Tensor<'f32'>;
  dA: Tensor<'f32'>;
  dB: Tensor<'f32'>;
  /** PEFT name prefix, e.g. base_model.model.model.layers.0.self_attn.q_proj */
  name: string;
}

const MODULE: Record<LoraTarget, string> = { q: 'self_attn.q_proj', k: 'self_attn.k_proj', v: 'self_attn.v_proj', o: 'self_attn.o_proj', gate: 'mlp.gate_proj', up: 'mlp.up_proj', down: 'mlp.down_proj' };

/** [out, in] of each target projection. */
export function projectionShape(cfg: ModelConfig, t: LoraTarget): [number, number] {
  const { hidden: H, heads, kvHeads, headDim: D, intermediate: I } = cfg;
  const shapes: Record<LoraTarget, [number, number]> = { q: [heads * D, H], k: [kvHeads * D, H], v: [kvHeads * D, H], o: [H, heads * D], gate: [I, H], up: [I, H], down: [H, I] };
  return shapes[t];
}

export class LoraAdapters {
  readonly scale: number;
  readonly layers: Partial<Record<LoraTarget, LoraAdapter>>[];

  constructor(
    readonly ctx: GpuContext,
    readonly cfg: ModelConfig,
    readonly config: LoraConfig,
  ) {
    const { rank, alpha, targets } = config;
    if (!Number.isInteger(rank) || rank < 1) throw new Error(`LoRA: rank ${rank} must be a positive integer`);
    if (!(alpha > 0)) throw new Error(`LoRA: alpha ${alpha} must be positive`);
    if (targets.length === 0) throw new Error(`LoRA: no targets; choose among ${LORA_TARGETS.join(', ')}`);
    for (const t of targets) if (!LORA_TARGETS.includes(t)) throw new Error(`LoRA: unknown target "${t}"; choose among ${LORA_TARGETS.join(', ')}`);
    this.scale = alpha / rank;
    let seed = config.seed ?? 1;
    this.layers = Array.from({ length: cfg.layers }, (_, l) => {
      const out: Partial<Record<LoraTarget, LoraAdapter>> = {};
      for (const t of new Set(targets)) {
        const [o, i] = projectionShape(cfg, t);
        if (rank > Math.min(o, i)) throw new Error(`LoRA: rank ${rank} exceeds the ${t} projection's smaller side ${Math.min(o, i)}`);
        const name = `base_model.model.model.layers.${l}.${MODULE[t]}`;
        out[t] = {
          a: ctx.tensor([rank, i], 'f32', uniform(rank * i, 1 / Math.sqrt(i), seed++), `${name}.lora_A.weight`),
          b: ctx.tensor([o, rank], 'f32', new Float32Array(o * rank), `${name}.lora_B.weight`),
          dA: ctx.tensor([rank, i], 'f32', new Float32Array(rank * i), `${name}.lora_A.weight.grad`),
          dB: ctx.tensor([o, rank], 'f32', new Float32Array(o * rank), `${name}.lora_B.weight.grad`),
          name,
        };
      }
      return out;
    });
  }

  all(): LoraAdapter[] {
    return this.layers.flatMap((l) => LORA_TARGETS.map((t) => l[t]).filter((a): a is LoraAdapter => !!a));
  }

  trainableParams(): TrainableParam[] {
    return this.all().flatMap((ad) => [
      { name: `${ad.name}.lora_A.weight`, param: ad.a, grad: ad.dA, decay: true },
      { name: `${ad.name}.lora_B.weight`, param: ad.b, grad: ad.dB, decay: true },
    ]);
  }

  zeroGrads(rec: Recorder): void {
    for (const ad of this.all()) (rec.clear(ad.dA), rec.clear(ad.dB));
  }

  /** out += s·(x·Aᵀ)·Bᵀ, keeping xa = x·Aᵀ [T, r] for the backward. */
  forward(rec: Recorder, ad: LoraAdapter, x: Tensor, out: Tensor, xa: Tensor): void {
    matmul(rec, x, ad.a, xa, { transB: true });
    matmul(rec, xa, ad.b, out, { transB: true, alpha: this.scale, accumulate: true });
  }

  /** The adapters as a Transformer's inference hook (the sampler draws from the adapted model). */
  inference(): ProjectionAdapters {
    return {
      apply: (rec, layer, target, x, out, scratch) => {
        const ad = this.layers[layer]?.[target];
        if (ad) this.forward(rec, ad, x, out, scratch([x.shape[0]!, this.config.rank], `lora ${target} xa`));
      },
    };
  }

  /** W + s·B·A of every adapted projection, on the host in float64 (export: LoRA merged). */
  async merged(base: ReadonlyMap<string, Float32Array>): Promise<Map<string, Float32Array>> {
    const out = new Map(base);
    for (let l = 0; l < this.layers.length; l++) {
      for (const t of LORA_TARGETS) {
        const ad = this.layers[l]![t];
        if (!ad) continue;
        const name = `model.layers.${l}.${MODULE[t]}.weight`;
        const w = base.get(name);
        if (!w) throw new Error(`LoRA merge: the base has no "${name}"`);
        const [o, i] = projectionShape(this.cfg, t);
        const r = this.config.rank;
        const a = (await ad.a.read()) as Float32Array;
        const b = (await ad.b.read()) as Float32Array;
        const m = new Float32Array(o * i);
        for (let row = 0; row < o; row++) {
          for (let col = 0; col < i; col++) {
            let acc = 0;
            for (let k = 0; k < r; k++) acc += b[row * r + k]! * a[k * i + col]!;
            m[row * i + col] = w[row * i + col]! + this.scale * acc;
          }
        }
        out.set(name, m);
      }
    }
    return out;
  }

  /** dB += s·dyᵀ·xa; dA += (s·dy·B)ᵀ·x; dx += (s·dy·B)·A. `dxa` is a [T, r] temporary. */
  backward(rec: Recorder, ad: LoraAdapter, dy: Tensor, x: Tensor, xa: Tensor, dx: Tensor, dxa: Tensor): void {
    matmul(rec, dy, xa, ad.dB, { transA: true, alpha: this.scale, accumulate: true });
    matmul(rec, dy, ad.b, dxa, { alpha: this.scale });
    matmul(rec, dxa, x, ad.dA, { transA: true, accumulate: true });
    matmul(rec, dxa, ad.a, dx, { accumulate: true });
  }

  destroy(): void {
    for (const ad of this.all()) for (const t of [ad.a, ad.b, ad.dA, ad.dB]) t.destroy();
  }
}

/** Deterministic uniform values in [−bound, bound) (xorshift). */
function uniform(n: number, bound: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    out[i] = ((s >>> 0) / 4294967296 * 2 - 1) * bound;
  }
  return out;
}
