// The sandbox pool in real Chromium: Web Workers, each with QuickJS. The hostile battery
// (test/unit/sandbox-hostile-battery.ts) ends non-pass within deadline + grace, the three
// harnesses work, reward hacks against the harness never pass, and correct programs still
// pass afterwards. ~45 s.
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { evalWithModule, launchChromium } from '../helpers/browser';
import { ADD_PROBLEM, CLEAN_CHECK, CORRECT, ADD_PROBLEMS, EXPLOITS, EXPLOIT_PROBLEMS, HOSTILE } from '../unit/sandbox-hostile-battery';
import type { RunResult } from '../../src/sandbox/types';

const TIMEOUT = 500;
const GRACE = 400;
let browser: Browser;
let page: Page;
beforeAll(async () => {
  browser = await launchChromium();
  page = await browser.newPage();
  await page.goto(new URL('test/e2e/harness.html', inject('devUrl')).href);
  // One pool for the whole file, kept on the page.
  await evalWithModule(page, '/src/sandbox/pool.ts', 'window.__pool = await mod.SandboxPool.create({ workers: 2, limits: arg.limits, graceMs: arg.grace }); return window.__pool.size;', {
    limits: { timeoutMs: TIMEOUT, memoryBytes: 64 << 20, outputChars: 8192 },
    grace: GRACE,
  });
}, 180_000);
afterAll(async () => {
  await browser?.close();
});

const runMany = (jobs: { problem: unknown; code: string }[]) => page.evaluate((j) => (window as unknown as { __pool: { runMany(x: unknown): Promise<RunResult[]> } }).__pool.runMany(j), jobs);

test('call, assert and stdio harnesses label correctly in Web Workers', async () => {
  const problems = [
    { ...ADD_PROBLEM },
    { id: 'a', title: 'a', statement: 's', tests: { kind: 'assert', code: "const assert = require('node:assert'); assert.deepEqual(f(2), [2, 2]); console.assert(f(1).length === 2);" } },
    { id: 'b', title: 'b', statement: 's', tests: { kind: 'assert', code: 'const _ = require("lodash"); if (!_.isEqual(f(3), [3, 3])) throw "Error at 1th assert statement";' } },
    { id: 'c', title: 'c', statement: 's', tests: { kind: 'stdio', cases: [{ input: '2 3\n', output: '5\n' }, { input: '1 1\n', output: '2' }] } },
  ];
  const rs = await runMany([
    { problem: problems[0], code: CORRECT },
    { problem: problems[0], code: 'function add(a, b) { return a * b; }' },
    { problem: problems[1], code: 'const f = (x) => [x, x];' },
    { problem: problems[1], code: 'const f = (x) => [x];' },
    { problem: problems[2], code: 'function f(x) { return [x, x]; }' },
    { problem: problems[2], code: 'function f(x) { return [x, 4]; }' },
    { problem: problems[3], code: "const [a, b] = require('fs').readFileSync(0, 'utf8').trim().split(' ').map(Number); console.log(a + b);" },
    { problem: problems[3], code: 'const [a, b] = readline().split(" ").map(Number); console.log(a - b);' },
  ]);
  expect(rs.map((r) => r.status)).toEqual(['pass', 'fail', 'pass', 'fail', 'pass', 'fail', 'pass', 'fail']);
});

test('the hostile battery ends non-pass within deadline + grace in Chromium, and the pool recovers', async () => {
  const rs = await runMany(HOSTILE.map((h) => ({ problem: ADD_PROBLEM, code: h.code })));
  const report = HOSTILE.map((h, i) => `${rs[i]!.status.padEnd(8)} ${String(Math.round(rs[i]!.ms)).padStart(5)} ms  ${h.name}`);
  console.log(report.join('\n'));
  for (let i = 0; i < HOSTILE.length; i++) {
    expect(HOSTILE[i]!.allowed, report[i]).toContain(rs[i]!.status);
    expect(rs[i]!.ms, report[i]).toBeLessThan(TIMEOUT + GRACE + 1000);
  }
  const after = await page.evaluate(
    (a) => Promise.all(a.codes.map((code) => (window as unknown as { __pool: { run(p: unknown, c: string, l: unknown): Promise<RunResult> } }).__pool.run(a.problem, code, { timeoutMs: 5000 }))),
    { problem: ADD_PROBLEM, codes: [CORRECT, CLEAN_CHECK, CORRECT, CLEAN_CHECK] },
  );
  expect(after.map((r) => r.status)).toEqual(['pass', 'pass', 'pass', 'pass']);
}, 300_000);

test('reward hacks against the harness never pass in Chromium, for call- and assert-kind problems', async () => {
  const jobs = EXPLOITS.flatMap((x) => EXPLOIT_PROBLEMS.map((problem) => ({ problem, code: x.code, name: `${x.name} / ${problem.id}` })));
  const rs = await runMany(jobs.map(({ problem, code }) => ({ problem, code })));
  const bad = jobs.map((j, i) => ({ name: j.name, status: rs[i]!.status, passed: rs[i]!.testsPassed, msg: rs[i]!.failure?.message })).filter((x) => x.status === 'pass' || x.passed > 0);
  expect(bad).toEqual([]);
  const honest = await runMany([
    ...EXPLOIT_PROBLEMS.slice(0, ADD_PROBLEMS).map((problem) => ({ problem, code: CORRECT })),
    ...EXPLOIT_PROBLEMS.slice(ADD_PROBLEMS).map((problem) => ({ problem, code: 'function add(a, b) { }' })),
  ]);
  expect(honest.map((r) => r.status)).toEqual(EXPLOIT_PROBLEMS.map(() => 'pass'));
}, 120_000);
