// The public problem sets in ../shared/data (never copied into the repo): they import, and
// the set of reference solutions that pass in the sandbox equals the set that passes in Node
// (node:vm, with the same lodash.isEqual the sandbox provides). ~40 s on 2 cores.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadProblemFile } from '../../src/problems/load';
import type { Problem, ProblemSet } from '../../src/problems/schema';
import { SandboxPool } from '../../src/sandbox/pool';
import lodashSource from '../../src/sandbox/prelude/lodash.js?raw';

const DATA = resolve(__dirname, '../../../shared/data');
const HEX = resolve(DATA, 'humaneval-x_js.jsonl.gz');
const MBJSP = resolve(DATA, 'mbxp_mbjsp_release_v1.2.jsonl');
const have = existsSync(HEX) && existsSync(MBJSP);
if (!have) console.warn(`SKIPPED: public problem data not found in ${DATA} (expected humaneval-x_js.jsonl.gz and mbxp_mbjsp_release_v1.2.jsonl)`);

/** Runs program + tests in a fresh V8 context: passes iff nothing throws and no console.assert fails. */
function passesInNode(program: string, tests: string): boolean {
  let failedAssert = false;
  const ctx = vm.createContext({});
  // lodash.isEqual from the sandbox's own shim, built from this context's intrinsics.
  const lib = vm.runInContext(
    `({ apply: Reflect.apply, isArray: Array.isArray, objectKeys: Object.keys, hasOwn: Object.prototype.hasOwnProperty, toTag: Object.prototype.toString,
        StringC: String, mapForEach: Map.prototype.forEach, setForEach: Set.prototype.forEach, isView: ArrayBuffer.isView, pushTo: (a, v) => { a[a.length] = v; } })`,
    ctx,
  );
  const lodash = vm.runInContext(lodashSource, ctx)(lib);
  ctx.require = (name: string) => {
    if (name === 'lodash') return lodash;
    throw new Error(`Cannot find module '${name}'`);
  };
  ctx.console = {
    log() {},
    error() {},
    assert(c: unknown) {
      if (!c) {
        failedAssert = true;
        throw new Error('Assertion failed');
      }
    },
  };
  try {
    vm.runInContext(`${program}\n${tests}`, ctx, { timeout: 5000 });
    return !failedAssert;
  } catch (e) {
    if (process.env.DEBUG_NODE_RUNS) console.log(String(e).slice(0, 200));
    return false;
  }
}

describe.skipIf(!have)('public problem data', () => {
  let pool: SandboxPool;
  let hex: ProblemSet;
  let mbjsp: ProblemSet;
  beforeAll(async () => {
    hex = await loadProblemFile(new Uint8Array(readFileSync(HEX)), 'auto', 'humaneval-x');
    mbjsp = await loadProblemFile(readFileSync(MBJSP, 'utf8'), 'auto', 'mbjsp');
    pool = await SandboxPool.create({ workers: 2, limits: { timeoutMs: 5000, memoryBytes: 256 << 20 } });
  }, 120_000);
  afterAll(async () => {
    await pool?.close();
  });

  test('both files import with the documented counts', () => {
    expect(hex.problems).toHaveLength(164);
    expect(hex.problems.filter((p) => p.reference)).toHaveLength(164);
    expect(hex.problems[0]).toMatchObject({ id: 'JavaScript/0', title: 'hasCloseElements', tests: { kind: 'assert', count: 7 } });
    expect(mbjsp.problems).toHaveLength(966);
    expect(mbjsp.problems.filter((p) => p.reference)).toHaveLength(938);
    expect(mbjsp.problems[0]).toMatchObject({ id: 'MBJSP/1', title: 'minCost', starter: 'function minCost(cost, m, n) {', tests: { kind: 'assert', count: 3 } });
  });

const NONDETERMINISTIC = /Math\.random|Date\.now|new Date\(/;

  async function compare(set: ProblemSet): Promise<{ node: Set<string>; sandbox: Set<string>; total: number }> {
    // References whose result depends on Math.random or the clock (MBJSP/844) pass or fail
    // by chance in either runtime, so they cannot be compared.
    const withRef = set.problems.filter(
      (p): p is Problem & { reference: string } => typeof p.reference === 'string' && !NONDETERMINISTIC.test(p.reference),
    );
    const node = new Set(withRef.filter((p) => p.tests.kind === 'assert' && passesInNode(p.reference, p.tests.code)).map((p) => p.id));
    const results = await pool.runMany(withRef.map((p) => ({ problem: p, code: p.reference })));
    const sandbox = new Set(withRef.filter((_, i) => results[i]!.status === 'pass').map((p) => p.id));
    return { node, sandbox, total: withRef.length };
  }

  test('HumanEval-X: sandbox passes = Node passes (161 of 164: two buggy references, one needs an npm module)', async () => {
    const { node, sandbox } = await compare(hex);
    expect([...sandbox].filter((id) => !node.has(id))).toEqual([]);
    expect([...node].filter((id) => !sandbox.has(id))).toEqual([]);
    expect(node.size).toBe(161);
  }, 120_000);

  test('MBJSP: sandbox passes = Node passes (796 of 938)', async () => {
    const { node, sandbox } = await compare(mbjsp);
    expect([...sandbox].filter((id) => !node.has(id))).toEqual([]);
    expect([...node].filter((id) => !sandbox.has(id))).toEqual([]);
    expect(node.size).toBe(796);
  }, 300_000);
});
