// `dust checkpoints`: list, runs, verify, export, import, rm, gc on a Node checkpoint directory.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, expect, test, vi } from 'vitest';
import checkpoints from '../../src/cli/commands/checkpoints';
import { nodeCheckpointBackend, nodeCheckpointStore } from '../../src/host/node-checkpoints';

const root = mkdtempSync(join(tmpdir(), 'dust-ckcli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
afterEach(() => {
  vi.restoreAllMocks();
});

function capture(): { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((s: unknown) => void out.push(String(s)));
  vi.spyOn(console, 'error').mockImplementation((s: unknown) => void err.push(String(s)));
  return { out, err };
}

const state = (v: number) => ({ tensors: [{ name: 'w', dtype: 'f32' as const, shape: [3], data: Float32Array.of(v, v + 1, v + 2) }], doc: { step: v } });

test('list, runs, verify, export → import into another directory, rm, gc', async () => {
  const a = join(root, 'a');
  const b = join(root, 'b');
  const store = nodeCheckpointStore(a);
  const s1 = await store.save(state(1), { run: 'r1', step: 10, metrics: { loss: 2 } });
  await store.save(state(2), { run: 'r2', step: 20 });

  let c = capture();
  expect(await checkpoints.run(['list', '--dir', a, '--run', 'r1'])).toBe(0);
  expect(c.out[0]).toMatch(new RegExp(`^${s1.id}  r1  step 10  \\d+ B  \\S+  loss=2$`));

  c = capture();
  expect(await checkpoints.run(['runs', '--dir', a, '--json'])).toBe(0);
  expect(JSON.parse(c.out[0]).map((r: { run: string }) => r.run).sort()).toEqual(['r1', 'r2']);

  c = capture();
  expect(await checkpoints.run(['verify', s1.id, '--dir', a])).toBe(0);
  expect(c.out).toEqual([`${s1.id}: every chunk matches its checksum.`]);

  const file = join(root, 'r1.dustckpt');
  c = capture();
  expect(await checkpoints.run(['export', s1.id, file, '--dir', a])).toBe(0);
  expect(c.out[0]).toMatch(/^Wrote .*r1\.dustckpt/);
  expect(await checkpoints.run(['import', file, '--dir', b, '--json'])).toBe(0);
  expect(JSON.parse(c.out[1])).toMatchObject({ id: s1.id, run: 'r1', step: 10 });
  expect(Array.from((await nodeCheckpointStore(b).load(s1.id)).tensors[0].data)).toEqual([1, 2, 3]);

  c = capture();
  expect(await checkpoints.run(['rm', s1.id, '--dir', a])).toBe(0);
  expect((await store.list()).map((s) => s.run)).toEqual(['r2']);

  await nodeCheckpointBackend(a).putChunk('dead-write', 0, new Uint8Array(4));
  // A folder the user keeps beside the checkpoints: gc must never take it for a dead write.
  mkdirSync(join(a, 'important-project', 'src'), { recursive: true });
  writeFileSync(join(a, 'important-project', 'src', 'a.txt'), 'code');
  const old = new Date(Date.now() - 3600_000);
  for (const p of ['dead-write/chunk-000000.bin', 'dead-write/.dust-partial', 'dead-write', 'important-project/src/a.txt', 'important-project/src', 'important-project']) utimesSync(join(a, p), old, old);
  c = capture();
  expect(await checkpoints.run(['gc', '--dir', a])).toBe(0);
  expect(c.out).toEqual(['Removed 1 unfinished write(s).']);
  expect(existsSync(join(a, 'dead-write'))).toBe(false);
  expect(readFileSync(join(a, 'important-project', 'src', 'a.txt'), 'utf8')).toBe('code');
});

test('bad usage and bad ids say what to do', async () => {
  const dir = join(root, 'empty');
  let c = capture();
  expect(await checkpoints.run([])).toBe(2);
  expect(c.err[0]).toMatch(/an action is required.*\n.*usage: npm run dust -- checkpoints/);
  c = capture();
  expect(await checkpoints.run(['frobnicate'])).toBe(2);
  expect(c.err[0]).toMatch(/unknown action "frobnicate"/);
  c = capture();
  expect(await checkpoints.run(['export', '--dir', dir])).toBe(2);
  expect(c.err[0]).toMatch(/checkpoints export: a checkpoint id is required/);
  c = capture();
  expect(await checkpoints.run(['list', '--dir', dir])).toBe(0);
  expect(c.out[0]).toMatch(/^No checkpoints in /);
  await expect(checkpoints.run(['rm', 'nope', '--dir', dir])).rejects.toThrow(/No checkpoint "nope" .*`dust checkpoints list` shows the ids/);
  await expect(checkpoints.run(['verify', 'nope', '--dir', dir])).rejects.toThrow(/No checkpoint "nope"/);
  const junk = join(root, 'junk.bin');
  writeFileSync(junk, 'not a checkpoint at all, just some text');
  await expect(checkpoints.run(['import', junk, '--dir', dir])).rejects.toThrow(/junk\.bin is not a DuST checkpoint file/);
  expect(readFileSync(junk, 'utf8')).toMatch(/^not a/);
});
