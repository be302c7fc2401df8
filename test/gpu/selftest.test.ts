// The self-test the app runs on the user's GPU: every case passes here, progress is
// reported in order, and results are plain data (they cross a worker boundary). ~1 s.
import { expect, test } from 'vitest';
import { runKernelSelfTest } from '../../src/kernels/selftest';
import { getTestContext } from '../helpers/gpu';

test('every kernel matches its float64 reference on this adapter', async () => {
  const ctx = await getTestContext();
  const progress: [number, number, string][] = [];
  const results = await runKernelSelfTest(ctx, (done, total, name) => progress.push([done, total, name]));
  const failed = results.filter((r) => !r.ok);
  expect(failed, JSON.stringify(failed)).toEqual([]);
  expect(results.length).toBeGreaterThanOrEqual(ctx.features.f16 ? 15 : 13);
  expect(new Set(results.map((r) => r.name)).size).toBe(results.length);
  for (const r of results) {
    expect(Number.isFinite(r.maxAbsErr)).toBe(true);
    expect(r.ms).toBeGreaterThan(0);
  }
  expect(results.some((r) => r.name.startsWith('matmul'))).toBe(true);
  expect(progress.map((p) => p[0])).toEqual([...results.keys(), results.length]);
  expect(progress.at(-1)).toEqual([results.length, results.length, 'done']);
  expect(structuredClone(results)).toEqual(results);
});
