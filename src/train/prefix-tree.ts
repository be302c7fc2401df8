// Prefix sharing for training batches. GRPO's G rollouts of one prompt share the prompt and
// differ only in their completions (for a DuST judgment: a ~500-token prompt and a ranking of
// a few tokens), so packing each rollout as its own sequence pays the prompt's forward and
// backward G times. A prefix tree packs the prompt once and each completion as a short
// branch that sees the prompt as its prefix (attention seg [T, 4], src/kernels/attention.ts).
//
// Layout of one group (prompt p_0..p_{P−1}, completions c^g of n_g tokens):
//   rows p_0..p_{P−2}                    the shared prefix, positions 0..P−2
//   per branch g: p_{P−1}, c^g_0..c^g_{n−2}   positions P−1..P−2+n_g
// The last prompt token heads every branch, so the row that scores c^g_0 is the branch's own
// (one target per row) and computes exactly what the unshared row does: same token, same
// position, same keys. A branch's last completion token is never an input (it scores
// nothing). Gradients into the shared rows are the sum over branches, as in the unshared
// batch: the same arithmetic, fewer rows.
import { type PackedBatch } from './model-forward-train';

export interface PromptCompletion {
  prompt: readonly number[];
  completion: readonly number[];
}

export interface PrefixTreeBatch {
  batch: PackedBatch;
  /** rows[i][j]: the packed row whose log-prob scores completion token j of example i. */
  rows: number[][];
  /** Prompts packed (groups), and rows saved against one sequence per example. */
  groups: number;
  savedRows: number;
}

const sameIds = (a: readonly number[], b: readonly number[]) => a === b || (a.length === b.length && a.every((x, i) => x === b[i]));

/**
 * Packs examples in order; consecutive examples with identical prompts share one prefix.
 * Every prompt and completion must be non-empty.
 */
export function packPrefixTree(examples: readonly PromptCompletion[]): PrefixTreeBatch {
  if (examples.length === 0) throw new Error('prefix tree: no examples');
  const tokens: number[] = [];
  const targets: number[] = [];
  const lengths: number[] = [];
  const positions: number[] = [];
  const seg: number[] = [];
  const rows: number[][] = [];
  let groups = 0;
  let unshared = 0;
  for (let i = 0; i < examples.length; ) {
    const prompt = examples[i]!.prompt;
    let end = i + 1;
    while (end < examples.length && sameIds(examples[end]!.prompt, prompt)) end++;
    const P = prompt.length;
    if (P === 0) throw new Error(`prefix tree: example ${i} has an empty prompt; the first completion token needs a token before it`);
    const g0 = tokens.length;
    const prefix = P - 1;
    const groupEnd = g0 + prefix + examples.slice(i, end).reduce((a, e) => a + e.completion.length, 0);
    for (let r = 0; r < prefix; r++) {
      tokens.push(prompt[r]!);
      targets.push(-1);
      positions.push(r);
      seg.push(g0, g0, g0, groupEnd);
    }
    if (prefix > 0) lengths.push(prefix);
    for (let e = i; e < end; e++) {
      const c = examples[e]!.completion;
      if (c.length === 0) throw new Error(`prefix tree: example ${e} has an empty completion; drop it from the batch`);
      const b0 = tokens.length;
      const mine: number[] = [];
      for (let r = 0; r < c.length; r++) {
        tokens.push(r === 0 ? prompt[P - 1]! : c[r - 1]!);
        targets.push(c[r]!);
        positions.push(prefix + r);
        seg.push(g0, g0 + prefix, b0, b0 + c.length);
        mine.push(b0 + r);
      }
      lengths.push(c.length);
      rows.push(mine);
      unshared += P + c.length;
    }
    groups++;
    i = end;
  }
  return {
    batch: { tokens, targets, lengths, layout: { positions: Uint32Array.from(positions), seg: Uint32Array.from(seg) } },
    rows,
    groups,
    savedRows: unshared - tokens.length,
  };
}
