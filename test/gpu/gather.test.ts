// Gather / scatter of f32 scalars by index (the prefix tree's rows ↔ GRPO's grid): values land
// where the indices say, NONE reads 0 and writes nothing, scatter clears first; shapes refused. <1 s.
import { describe, expect, test } from 'vitest';
import { GATHER_NONE, gatherScalars, scatterScalars } from '../../src/kernels/gather';
import { getTestContext, randomArray } from '../helpers/gpu';

describe('gather / scatter', () => {
  test('gather reads src[idx], NONE gives 0; scatter writes back and leaves the rest 0', async () => {
    const ctx = await getTestContext();
    const n = 700;
    const src = randomArray(n, 5);
    // 300 distinct rows (3k mod 700), every other entry NONE
    const idx = Uint32Array.from({ length: 600 }, (_, i) => (i % 2 ? GATHER_NONE : ((i / 2) * 3) % n));
    const from = ctx.tensor([n], 'f32', src);
    const index = ctx.tensor([600], 'u32', idx);
    const grid = ctx.tensor([600], 'f32');
    const back = ctx.tensor([n], 'f32', new Float32Array(n).fill(9));
    ctx.run((rec) => {
      gatherScalars(rec, from, index, grid);
      scatterScalars(rec, grid, index, back);
    });
    const g = await grid.read();
    const b = await back.read();
    idx.forEach((j, i) => expect(g[i]).toBe(j === GATHER_NONE ? 0 : src[j]));
    const hit = new Set([...idx].filter((j) => j !== GATHER_NONE));
    for (let j = 0; j < n; j++) expect(b[j]).toBe(hit.has(j) ? src[j] : 0);
    expect(hit.size).toBe(300);
  });

  test('an index tensor of the wrong size is refused', async () => {
    const ctx = await getTestContext();
    const rec = ctx.recorder();
    expect(() => gatherScalars(rec, ctx.tensor([8], 'f32'), ctx.tensor([3], 'u32'), ctx.tensor([4], 'f32', undefined, 'grid'))).toThrow(/3 indices for 4 elements of "grid"/);
    rec.submit();
  });
});
