import { expectLength, type Vec } from './types';

function checkIds(ids: ArrayLike<number>, vocab: number): void {
  for (let t = 0; t < ids.length; t++) {
    const id = ids[t];
    if (!Number.isInteger(id) || id < 0 || id >= vocab) {
      throw new Error(`reference: token id ${id} at position ${t} is outside the vocabulary [0, ${vocab}); tokenize with the model's own tokenizer`);
    }
  }
}

/** Gathers rows of table [vocab, dim] for ids → [T, dim]. */
export function embeddingForward(table: Vec, vocab: number, dim: number, ids: ArrayLike<number>): Float64Array {
  expectLength('embedding table', table, vocab * dim);
  checkIds(ids, vocab);
  const y = new Float64Array(ids.length * dim);
  for (let t = 0; t < ids.length; t++) {
    const src = ids[t] * dim;
    for (let j = 0; j < dim; j++) y[t * dim + j] = table[src + j];
  }
  return y;
}

/** Scatter-add: a token that occurs several times receives the sum of its rows' gradients. */
export function embeddingBackward(dy: Vec, vocab: number, dim: number, ids: ArrayLike<number>): Float64Array {
  expectLength('embedding dy', dy, ids.length * dim);
  checkIds(ids, vocab);
  const dTable = new Float64Array(vocab * dim);
  for (let t = 0; t < ids.length; t++) {
    const dst = ids[t] * dim;
    for (let j = 0; j < dim; j++) dTable[dst + j] += dy[t * dim + j];
  }
  return dTable;
}
