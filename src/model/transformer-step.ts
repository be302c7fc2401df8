// A packed step: the tokens of one forward, each tagged with its sequence and position, so
// prefill (whole prompts) and decode (one token per sequence) share one forward.

/** One packed step: tokens[n] of sequence seq[n] at position pos[n]. */
export interface StepTokens {
  tokens: ArrayLike<number>;
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
