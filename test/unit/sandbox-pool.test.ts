// The pool in Node worker_threads: labels, the watchdog, respawn, runMany ordering.
import { availableParallelism } from 'node:os';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Problem } from '../../src/problems/schema';
import { SandboxPool, SandboxUnavailableError, noCodeResult } from '../../src/sandbox/pool';
import { labelResponse } from '../../src/sandbox/label-response';
import { spawnNodeWorker } from '../../src/sandbox/spawn-node';
import { QuickJSRunner } from '../../src/sandbox/runner';
import { HEAP_OVERHEAD_BYTES } from '../../src/sandbox/harness';

const add: Problem = {
  id: 'add',
  title: 'add',
  statement: 'Add two numbers.',
  tests: { kind: 'call', entry: 'add', cases: [{ args: [1, 2], expected: 3 }, { args: [-1, 1], expected: 0 }] },
};

let pool: SandboxPool;
beforeAll(async () => {
  // 1 s deadlines: generous for correct programs on a loaded CI machine, short for the watchdog test.
  pool = await SandboxPool.create({ workers: 2, limits: { timeoutMs: 1000, memoryBytes: 64 << 20 } });
});
afterAll(async () => {
  await pool?.close();
});

test('a correct program passes, a wrong one fails with the case', async () => {
  expect((await pool.run(add, 'function add(a, b) { return a + b; }')).status).toBe('pass');
  const r = await pool.run(add, 'const add = (a, b) => a * b;');
  expect(r.status).toBe('fail');
  expect(r.testsPassed).toBe(0);
  expect(r.failure).toMatchObject({ index: 0, expected: '3', got: '2' });
});

test('an uninterruptible C built-in is stopped by the watchdog and the pool recovers', async () => {
  const before = pool.restarts;
  const t0 = performance.now();
  const r = await pool.run(add, 'function add(a, b) { return Array.prototype.indexOf.call({ length: 2 ** 31 }, 1); }');
  expect(r.status).toBe('timeout');
  expect(performance.now() - t0).toBeLessThan(5000);
  expect(pool.restarts).toBe(before + 1);
  expect((await pool.run(add, 'function add(a, b) { return a + b; }')).status).toBe('pass');
});

test('per-test limits: the watchdog waits for every test its own limit, and still stops a stuck C built-in', async () => {
  // 4 cases of ~150 ms under 300 ms each: 600 ms in all, past one 300 ms limit plus its grace
  const slow = 'function add(a, b) { const t = Date.now(); while (Date.now() - t < 150) {} return a + b; }';
  const four = { ...add, tests: { kind: 'call' as const, entry: 'add', cases: [1, 2, 3, 4].map((x) => ({ args: [x, 0], expected: x })) } };
  const limits = { timeoutMs: 300, timeoutPer: 'test' as const };
  expect(await pool.run(four, slow, limits)).toMatchObject({ status: 'pass', testsPassed: 4 });
  expect((await pool.run(four, slow, { timeoutMs: 300 })).status).toBe('timeout');
  const before = pool.restarts;
  const stuck = await pool.run(four, 'function add(a, b) { return Array.prototype.indexOf.call({ length: 2 ** 31 }, 1); }', limits);
  expect(stuck.status).toBe('timeout');
  expect(stuck.failure!.message).toMatch(/time limit exceeded \(1500 ms; the worker was stopped/);
  expect(pool.restarts).toBe(before + 1);
});

test('runMany keeps input order and reports each result', async () => {
  const codes = Array.from({ length: 40 }, (_, i) => (i % 3 === 0 ? 'function add(a,b){return a+b}' : i % 3 === 1 ? 'function add(a,b){return a-b}' : 'function add(){ throw new Error("x") }'));
  const seen: number[] = [];
  const rs = await pool.runMany(
    codes.map((code) => ({ problem: add, code })),
    (i) => seen.push(i),
  );
  expect(rs.map((r) => r.status)).toEqual(codes.map((_, i) => (i % 3 === 0 ? 'pass' : i % 3 === 1 ? 'fail' : 'error')));
  expect(seen.sort((a, b) => a - b)).toEqual(codes.map((_, i) => i));
});

test('Node workers allow deep recursion (3,000 frames) and stop runaway recursion cleanly', async () => {
  const depth: Problem = { ...add, tests: { kind: 'call', entry: 'depth', cases: [{ args: [3000], expected: 3000 }] } };
  expect((await pool.run(depth, 'function depth(n) { return n === 0 ? 0 : 1 + depth(n - 1); }')).status).toBe('pass');
  const r = await pool.run(depth, 'function depth(n) { return depth(n) + 1; }');
  expect(r.status).toBe('error');
  expect(r.failure!.message).toContain('stack overflow');
});

test('labelResponse extracts the program, and reports no_code when there is none', async () => {
  expect(await labelResponse(pool, add, '<think>hmm</think>Sure:\n```js\nfunction add(a, b) { return a + b; }\n```')).toMatchObject({ status: 'pass', code: 'function add(a, b) { return a + b; }\n' });
  expect(await labelResponse(pool, add, 'I cannot solve this.')).toMatchObject({ status: 'no_code', code: null, testsTotal: 2 });
});

test('an empty program is no_code, and so is noCodeResult', async () => {
  expect((await pool.run(add, '   ')).status).toBe('no_code');
  expect(noCodeResult(add)).toMatchObject({ status: 'no_code', testsTotal: 2 });
});

test('bad pool options get a clear error', async () => {
  await expect(SandboxPool.create({ workers: 0 })).rejects.toThrow(/workers must be a positive integer/);
});

test('a closed pool rejects instead of labelling: queued, running and later candidates', async () => {
  const own = await SandboxPool.create({ workers: 1, limits: { timeoutMs: 2000 } });
  const slow = own.run(add, 'function add(a, b) { const t = Date.now(); while (Date.now() - t < 1500) {} return a + b; }');
  const queued = own.run(add, 'function add(a, b) { return a + b; }');
  await new Promise((r) => setTimeout(r, 200));
  await own.close();
  await expect(slow).rejects.toBeInstanceOf(SandboxUnavailableError);
  await expect(queued).rejects.toThrow(/closed before this candidate ran/);
  await expect(own.run(add, 'function add(a, b) { return a + b; }')).rejects.toThrow(/closed: create a new one/);
});

test('a worker that dies while idle is replaced before the next job, not left to time out', async () => {
  // The real Node spawner; the test only keeps a way to kill a worker between jobs, the way a
  // crash would (the thread is really gone, and the pool hears of it through onExit).
  const kills: (() => void)[] = [];
  const spawn = () => {
    const h = spawnNodeWorker();
    return {
      ...h,
      onExit(cb: (reason: string) => void) {
        h.onExit(cb);
        kills.push(() => {
          h.terminate();
          cb('killed while idle by the test');
        });
      },
    };
  };
  const own = await SandboxPool.create({ workers: 1, spawn, limits: { timeoutMs: 1000 }, graceMs: 300 });
  try {
    expect((await own.run(add, 'function add(a, b) { return a + b; }')).status).toBe('pass');
    kills.at(-1)!();
    const r = await own.run(add, 'function add(a, b) { return a + b; }');
    expect(r.status).toBe('pass');
    expect(own.restarts).toBe(1);
  } finally {
    await own.close();
  }
});

test("the worker's rebuild after a memory bomb happens before the watchdog starts", async () => {
  // The real Node worker; the wrapper records the calls and makes preparing slow, as a wasm
  // rebuild and warm-up are on a loaded machine. That time must not count against the job.
  const calls: string[] = [];
  const spawn = () => {
    const h = spawnNodeWorker();
    const api = {
      ready: () => h.api.ready(),
      prepare: async (m: number) => {
        calls.push('prepare');
        await new Promise((r) => setTimeout(r, 400));
        return h.api.prepare(m);
      },
      run: (job: Parameters<typeof h.api.run>[0]) => {
        calls.push('run');
        return h.api.run(job);
      },
    } as unknown as typeof h.api;
    return { ...h, api };
  };
  const own = await SandboxPool.create({ workers: 1, spawn, limits: { timeoutMs: 5000, memoryBytes: 64 << 20 }, graceMs: 50 });
  try {
    // Caught by the heap cap in the interrupt handler: the worker stays, its heap stays grown.
    expect((await own.run(add, 'function add(a, b) { const xs = []; for (;;) xs.push(new Array(10000).fill(1)); }')).status).toBe('memory');
    const r = await own.run(add, 'function add(a, b) { return a + b; }', { timeoutMs: 200 });
    expect(r.status).toBe('pass');
    expect(own.restarts).toBe(0);
    expect(calls).toEqual(['prepare', 'run', 'prepare', 'run']);
  } finally {
    await own.close();
  }
});

test('QuickJSRunner.prepare replaces a module whose heap an earlier candidate grew past the cap', async () => {
  const runner = new QuickJSRunner();
  const limits = { timeoutMs: 5000, timeoutPer: 'candidate' as const, memoryBytes: 64 << 20, outputChars: 1024 };
  const r = await runner.run({ tests: add.tests, code: 'function add(a, b) { const xs = []; for (;;) xs.push(new Array(10000).fill(1)); }', limits });
  expect(r.status).toBe('memory');
  expect(runner.heapBytes).toBeGreaterThan(limits.memoryBytes + HEAP_OVERHEAD_BYTES);
  await runner.prepare(limits.memoryBytes);
  expect(runner.heapBytes).toBeLessThan(limits.memoryBytes + HEAP_OVERHEAD_BYTES);
  expect((await runner.run({ tests: add.tests, code: 'function add(a, b) { return a + b; }', limits })).status).toBe('pass');
});

test('without --workers the pool sizes itself from the spawner (Node reports os.availableParallelism())', async () => {
  expect(spawnNodeWorker.parallelism).toBe(availableParallelism());
  const spawn = Object.assign(() => spawnNodeWorker(), { parallelism: 4 });
  const own = await SandboxPool.create({ spawn });
  try {
    expect(own.size).toBe(3);
    expect((await own.run(add, 'function add(a, b) { return a + b; }')).status).toBe('pass');
  } finally {
    await own.close();
  }
});
