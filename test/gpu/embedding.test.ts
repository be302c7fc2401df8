// Embedding gather and its scatter-add backward vs the float64 reference, on a table
// forced into several shards. ~1 s on lavapipe.
import { describe, expect, test } from 'vitest';
import { embeddingBackward as refBackward, embeddingForward as refForward } from '../../src/reference/ops/embedding';
import { checkTokenIds, embeddingBackward, embeddingForward } from '../../src/kernels/embedding';
import { createTestContext, getTestContext, maxAbsDiff, randomArray } from '../helpers/gpu';

const VOCAB = 300;
const DIM = 24;
const IDS = [5, 299, 0, 5, 128, 77, 5, 299, 1, 200, 64, 0, 150];

describe('embedding', () => {
  test('gather = reference, table split across 3 shards', async () => {
    // 100 rows × 24 f32 = 9600 bytes per binding forces shards of 100 rows.
    const ctx = await createTestContext({ maxBindingBytes: 9600 });
    const tableData = randomArray(VOCAB * DIM, 3);
    const table = ctx.tensor([VOCAB, DIM], 'f32', tableData, 'table');
    expect(table.shards.length).toBe(3);
    const ids = ctx.tensor([IDS.length], 'u32', IDS, 'ids');
    const out = ctx.tensor([IDS.length, DIM], 'f32', undefined, 'out');
    ctx.run((rec) => embeddingForward(rec, table, ids, out));
    const got = await out.read();
    expect(maxAbsDiff(got, refForward(tableData, VOCAB, DIM, IDS))).toBe(0);
    ctx.destroy();
  });

  test('f16 table (when the GPU has shader-f16), sharded: rows widened to f32', async (t) => {
    const ctx = await createTestContext({ maxBindingBytes: 4800 });
    if (!ctx.features.f16) {
      ctx.destroy();
      t.skip();
      return;
    }
    const tableData = randomArray(VOCAB * DIM, 3);
    const table = ctx.tensor([VOCAB, DIM], 'f16', tableData, 'table16');
    expect(table.shards.length).toBe(3);
    const ids = ctx.tensor([IDS.length], 'u32', IDS, 'ids');
    const out = ctx.tensor([IDS.length, DIM], 'f32', undefined, 'out');
    ctx.run((rec) => embeddingForward(rec, table, ids, out));
    // f16 rounding of the table is the only difference
    expect(maxAbsDiff(await out.read(), refForward(tableData, VOCAB, DIM, IDS))).toBeLessThan(1e-3);
    expect(maxAbsDiff(await out.read(), refForward(await table.read(), VOCAB, DIM, IDS))).toBe(0);
    ctx.destroy();
  });

  test('backward: repeated ids sum, untouched rows zero, accumulate adds; sharded', async () => {
    const ctx = await createTestContext({ maxBindingBytes: 9600 });
    const dyData = randomArray(IDS.length * DIM, 4);
    const dy = ctx.tensor([IDS.length, DIM], 'f32', dyData, 'dy');
    const ids = ctx.tensor([IDS.length], 'i32', IDS, 'ids');
    const dTable = ctx.tensor([VOCAB, DIM], 'f32', randomArray(VOCAB * DIM, 9), 'dTable');
    ctx.run((rec) => embeddingBackward(rec, dy, ids, dTable));
    const want = refBackward(dyData, VOCAB, DIM, IDS);
    expect(maxAbsDiff(await dTable.read(), want)).toBeLessThan(1e-6);
    // finite differences of Σ dy·embed(table) through the reference, at a repeated id's row
    const got = await dTable.read();
    const tableData = randomArray(VOCAB * DIM, 12);
    const loss = (tb: ArrayLike<number>) => refForward(tb, VOCAB, DIM, IDS).reduce((a, v, i) => a + v * dyData[i], 0);
    for (const i of [5 * DIM + 3, 299 * DIM, 2 * DIM + 1]) {
      const p = Float64Array.from(tableData); p[i] += 1e-3;
      const m = Float64Array.from(tableData); m[i] -= 1e-3;
      expect(got[i]).toBeCloseTo((loss(p) - loss(m)) / 2e-3, 5);
    }
    ctx.run((rec) => embeddingBackward(rec, dy, ids, dTable, { accumulate: true }));
    expect(maxAbsDiff(await dTable.read(), want.map((x) => 2 * x))).toBeLessThan(1e-6);
    ctx.destroy();
  });

  test('ids outside the vocabulary: zero rows on the GPU, a clear error on the host', async () => {
    const ctx = await getTestContext();
    const table = ctx.tensor([VOCAB, DIM], 'f32', randomArray(VOCAB * DIM, 3), 'table');
    const ids = ctx.tensor([2], 'i32', [VOCAB, -1], 'ids');
    const out = ctx.tensor([2, DIM], 'f32', new Float32Array(2 * DIM).fill(7), 'out');
    ctx.run((rec) => embeddingForward(rec, table, ids, out));
    expect([...(await out.read())].every((x) => x === 0)).toBe(true);
    expect(() => checkTokenIds([1, VOCAB], VOCAB)).toThrow(/token id 300 at position 1 is outside the vocabulary \[0, 300\)/);
  });

  test('shape mismatch is refused with the expected shape', async () => {
    const ctx = await getTestContext();
    const table = ctx.tensor([VOCAB, DIM], 'f32', undefined, 'table');
    const ids = ctx.tensor([3], 'u32', [1, 2, 3], 'ids');
    const out = ctx.tensor([4, DIM], 'f32', undefined, 'out');
    const rec = ctx.recorder();
    expect(() => embeddingForward(rec, table, ids, out)).toThrow(/expected \[3, 24\]/);
    rec.submit();
  });
});
