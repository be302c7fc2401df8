// The key/value cache for B sequences: per layer, K and V tensors of [B · capacity, kvDim]
// where row s · capacity + p holds sequence s's post-RoPE key (and value) at position p.
// Prefill and decode both write their new rows first and then attend over 0..p, so one
// attention kernel serves both. Lengths are tracked on the host.
import { formatBytes, type GpuContext, type Tensor } from '../gpu';
import type { ModelConfig } from './config';

export class KvCache {
  readonly k: Tensor<'f32'>[] = [];
  readonly v: Tensor<'f32'>[] = [];
  /** Tokens stored so far per sequence (maintained by whoever records the steps, e.g. generate). */
  readonly lengths: number[];
  readonly kvDim: number;

  constructor(
    readonly ctx: GpuContext,
    cfg: ModelConfig,
    readonly sequences: number,
    readonly capacity: number,
  ) {
    if (!Number.isInteger(sequences) || sequences < 1) throw new Error(`KvCache: sequences must be a positive integer, got ${sequences}`);
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`KvCache: capacity must be a positive integer, got ${capacity}`);
    if (capacity > cfg.maxPositions) {
      throw new Error(`KvCache: ${capacity} positions exceed the model's max_position_embeddings (${cfg.maxPositions}); use shorter prompts or fewer new tokens`);
    }
    this.kvDim = cfg.kvHeads * cfg.headDim;
    this.lengths = new Array<number>(sequences).fill(0);
    const bytes = sequences * capacity * this.kvDim * 4;
    if (bytes > ctx.maxBindingBytes) {
      throw new Error(
        `KvCache: ${sequences} sequences × ${capacity} positions need ${formatBytes(bytes)} per layer for K (and as much for V), above this GPU's ` +
          `${formatBytes(ctx.maxBindingBytes)} binding limit; generate fewer sequences at once or fewer tokens`,
      );
    }
    for (let l = 0; l < cfg.layers; l++) {
      this.k.push(ctx.tensor([sequences * capacity, this.kvDim], 'f32', undefined, `k cache ${l}`));
      this.v.push(ctx.tensor([sequences * capacity, this.kvDim], 'f32', undefined, `v cache ${l}`));
    }
  }

  /** Bytes held on the GPU. */
  get bytes(): number {
    return 2 * this.k.length * this.sequences * this.capacity * this.kvDim * 4;
  }

  destroy(): void {
    for (const t of [...this.k, ...this.v]) t.destroy();
  }
}
