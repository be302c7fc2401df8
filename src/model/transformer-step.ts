// A packed step: the tokens of one forward, each tagged with its sequence and position, so
// prefill (whole prompts) and decode (one token per sequence) share one forward.
import type { Tensor } from '../gpu';

/** One packed step: tokens[n] of sequence seq[n] at position pos[n]. */
export interface StepTokens {
  tokens: ArrayLike<number>;
  seq: ArrayLike<number>;
  pos: ArrayLike<number>;
}

/**
 * A packed step whose token ids are already on the GPU (`ids` [N] u32, e.g. the tokens the
 * previous decode step sampled), so it can be recorded before anything is read back.
 */
export interface GpuStepTokens {
  ids: Tensor<'u32'>;
  seq: ArrayLike<number>;
  pos: ArrayLike<number>;
}

/** Tokens [a, b) of a packed step. */
export function sliceStep(s: StepTokens, a: number, b: number): StepTokens {
  return { tokens: Array.from(s.tokens).slice(a, b), seq: Array.from(s.seq).slice(a, b), pos: Array.from(s.pos).slice(a, b) };
}

/** Packs whole sequences into one step: sequence i at positions 0..len−1. */
export function packSequences(seqs: readonly (readonly number[])[]): StepTokens {
  if (seqs.length === 0) throw new Error('no sequences given');
  const tokens: number[] = [];
  const seq: number[] = [];
  const pos: number[] = [];
  seqs.forEach((s, i) => {
    if (s.length === 0) throw new Error(`sequence ${i} is empty; every sequence needs at least one token`);
    s.forEach((id, p) => {
      tokens.push(id);
      seq.push(i);
      pos.push(p);
    });
  });
  return { tokens, seq, pos };
}
