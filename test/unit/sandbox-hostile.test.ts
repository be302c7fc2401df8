// The hostile battery (sandbox-hostile-battery.ts) against the pool in Node worker_threads:
// each program ends as a non-pass status within deadline + grace, and the pool still labels
// correct programs correctly afterwards. ~15 s on 2 cores.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { SandboxPool } from '../../src/sandbox/pool';
import type { RunResult } from '../../src/sandbox/types';
import { ADD_PROBLEM, CLEAN_CHECK, CORRECT, ADD_PROBLEMS, EXPLOITS, EXPLOIT_PROBLEMS, HOSTILE } from './sandbox-hostile-battery';

const TIMEOUT = 500;
const GRACE = 300;
let pool: SandboxPool;
beforeAll(async () => {
  pool = await SandboxPool.create({ workers: 2, limits: { timeoutMs: TIMEOUT, memoryBytes: 64 << 20, outputChars: 8192 }, graceMs: GRACE });
});
afterAll(async () => {
  await pool?.close();
});

test(`the battery has at least 40 programs (${HOSTILE.length})`, () => {
  expect(HOSTILE.length).toBeGreaterThanOrEqual(40);
});

test('every hostile program ends non-pass within deadline + grace, and correct programs still pass', { timeout: 180_000 }, async () => {
  const results: RunResult[] = await pool.runMany(HOSTILE.map((h) => ({ problem: ADD_PROBLEM, code: h.code })));
  const report = HOSTILE.map((h, i) => ({ name: h.name, status: results[i]!.status, ms: Math.round(results[i]!.ms), msg: results[i]!.failure?.message }));
  for (let i = 0; i < HOSTILE.length; i++) {
    const h = HOSTILE[i]!;
    const r = results[i]!;
    expect(h.allowed, `${h.name}: ${JSON.stringify(report[i])}`).toContain(r.status);
    // Measured by the pool from dispatch to answer; the watchdog fires at TIMEOUT + GRACE.
    expect(r.ms, h.name).toBeLessThan(TIMEOUT + GRACE + 1000);
    if (r.output !== undefined) expect(r.output.length).toBeLessThanOrEqual(8192);
  }
  console.log(report.map((x) => `${x.status.padEnd(8)} ${String(x.ms).padStart(5)} ms  ${x.name}`).join('\n'));
  for (const code of [CORRECT, CLEAN_CHECK, CORRECT, CLEAN_CHECK]) {
    expect((await pool.run(ADD_PROBLEM, code, { timeoutMs: 5000 })).status).toBe('pass');
  }
});

test('each worker recovers after a watchdog kill and after a wasm-level memory bomb', async () => {
  const again = await Promise.all([
    pool.run(ADD_PROBLEM, HOSTILE.find((h) => h.name.startsWith('indexOf'))!.code),
    pool.run(ADD_PROBLEM, HOSTILE.find((h) => h.name === 'one huge ArrayBuffer')!.code),
    pool.run(ADD_PROBLEM, CORRECT, { timeoutMs: 5000 }),
    pool.run(ADD_PROBLEM, CLEAN_CHECK, { timeoutMs: 5000 }),
  ]);
  expect(again.map((r) => r.status)).toEqual(['timeout', 'memory', 'pass', 'pass']);
});

test('reward hacks against the harness never pass, for call- and assert-kind problems', { timeout: 120_000 }, async () => {
  const jobs = EXPLOITS.flatMap((x) => EXPLOIT_PROBLEMS.map((problem) => ({ problem, code: x.code, name: `${x.name} / ${problem.id}` })));
  const rs = await pool.runMany(jobs.map(({ problem, code }) => ({ problem, code })));
  const bad = jobs.map((j, i) => ({ name: j.name, status: rs[i]!.status, passed: rs[i]!.testsPassed, msg: rs[i]!.failure?.message })).filter((x) => x.status === 'pass' || x.passed > 0);
  expect(bad).toEqual([]);
  // The honest versions still pass, so the protections do not break correct programs.
  const honest = await pool.runMany([
    ...EXPLOIT_PROBLEMS.slice(0, ADD_PROBLEMS).map((problem) => ({ problem, code: CORRECT })),
    ...EXPLOIT_PROBLEMS.slice(ADD_PROBLEMS).map((problem) => ({ problem, code: 'function add(a, b) { }' })),
  ]);
  expect(honest.map((r) => r.status)).toEqual(EXPLOIT_PROBLEMS.map(() => 'pass'));
});
