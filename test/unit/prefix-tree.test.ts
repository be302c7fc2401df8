// The prefix tree's layout: one prompt, G branches headed by the prompt's last token, their
// positions and attention segments, which rows score which completion token, and grouping.
import { describe, expect, test } from 'vitest';
import { packPrefixTree } from '../../src/train/prefix-tree';

describe('packPrefixTree', () => {
  test('one prompt, two completions: the prompt once, each branch headed by its last token', () => {
    const p = [10, 11, 12, 13];
    const t = packPrefixTree([
      { prompt: p, completion: [20, 21] },
      { prompt: [...p], completion: [30] },
    ]);
    expect(t.batch.tokens).toEqual([10, 11, 12, 13, 20, 13]);
    expect(t.batch.targets).toEqual([-1, -1, -1, 20, 21, 30]);
    expect(t.batch.lengths).toEqual([3, 2, 1]);
    expect([...t.batch.layout!.positions]).toEqual([0, 1, 2, 3, 4, 3]);
    const seg = [...t.batch.layout!.seg];
    // prefix rows: own keys from 0, seen by every later row of the group (to 6)
    expect(seg.slice(0, 12)).toEqual([0, 0, 0, 6, 0, 0, 0, 6, 0, 0, 0, 6]);
    // branch rows: prefix 0..2, own keys from the branch start, seen to the branch end
    expect(seg.slice(12, 20)).toEqual([0, 3, 3, 5, 0, 3, 3, 5]);
    expect(seg.slice(20)).toEqual([0, 3, 5, 6]);
    expect(t.rows).toEqual([[3, 4], [5]]);
    expect(t.groups).toBe(1);
    // unshared: 6 + 5 rows; shared: 6
    expect(t.savedRows).toBe(5);
  });

  test('only consecutive equal prompts share; a one-token prompt has no prefix rows', () => {
    const t = packPrefixTree([
      { prompt: [1, 2], completion: [5] },
      { prompt: [7], completion: [8, 9] },
      { prompt: [1, 2], completion: [6] },
    ]);
    expect(t.groups).toBe(3);
    expect(t.batch.lengths).toEqual([1, 1, 2, 1, 1]);
    expect(t.batch.tokens).toEqual([1, 2, 7, 8, 1, 2]);
    expect([...t.batch.layout!.positions]).toEqual([0, 1, 0, 1, 0, 1]);
    expect(t.rows).toEqual([[1], [2, 3], [5]]);
    // the one-token prompt's branch has an empty prefix at its own start
    expect([...t.batch.layout!.seg.subarray(8, 12)]).toEqual([2, 2, 2, 4]);
  });

  test('every scored row predicts its completion token, from the position the unshared row has', () => {
    const ex = [
      { prompt: [3, 1, 4, 1, 5], completion: [9, 2, 6] },
      { prompt: [3, 1, 4, 1, 5], completion: [5, 3] },
      { prompt: [3, 1, 4, 1, 5], completion: [5, 8, 9, 7] },
    ];
    const t = packPrefixTree(ex);
    ex.forEach((e, i) => e.completion.forEach((c, j) => {
      const r = t.rows[i]![j]!;
      expect(t.batch.targets[r]).toBe(c);
      expect(t.batch.layout!.positions[r]).toBe(e.prompt.length - 1 + j);
      // its input token is the one before the target in the unshared sequence
      expect(t.batch.tokens[r]).toBe([...e.prompt, ...e.completion][e.prompt.length - 1 + j]);
    }));
  });

  test('refuses empty prompts, completions and batches', () => {
    expect(() => packPrefixTree([])).toThrow(/no examples/);
    expect(() => packPrefixTree([{ prompt: [], completion: [1] }])).toThrow(/empty prompt/);
    expect(() => packPrefixTree([{ prompt: [1], completion: [2] }, { prompt: [1], completion: [] }])).toThrow(/example 1 has an empty completion/);
  });
});
