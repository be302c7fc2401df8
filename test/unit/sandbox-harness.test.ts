// Harness semantics per test format, on the real QuickJS engine (in-process, no workers).
import { beforeAll, describe, expect, test } from 'vitest';
import type { CallCase, ProblemTests } from '../../src/problems/schema';
import { QuickJSRunner } from '../../src/sandbox/runner';
import type { RunLimits, RunResult } from '../../src/sandbox/types';

const runner = new QuickJSRunner();
const limits: Required<RunLimits> = { timeoutMs: 2000, timeoutPer: 'candidate', memoryBytes: 64 << 20, outputChars: 4096 };
beforeAll(() => runner.ready());
const run = (tests: ProblemTests, code: string, l = limits): Promise<RunResult> => runner.run({ tests, code, limits: l });
const call = (entry: string, cases: CallCase[], tolerance?: number): ProblemTests => ({ kind: 'call', entry, cases, ...(tolerance ? { tolerance } : {}) });

describe('call', () => {
  test('every case runs; the first failing case is reported with expected and got', async () => {
    const t = call('sq', [
      { args: [2], expected: 4 },
      { args: [3], expected: 9 },
      { args: [4], expected: 16 },
    ]);
    expect(await run(t, 'function sq(x) { return x * x; }')).toMatchObject({ status: 'pass', testsPassed: 3, testsTotal: 3 });
    const r = await run(t, 'function sq(x) { return x === 3 ? 10 : x * x; }');
    expect(r).toMatchObject({ status: 'fail', testsPassed: 2, testsTotal: 3, failure: { index: 1, expected: '9', got: '10' } });
  });

  test('a throwing case is an error, later cases still run', async () => {
    const t = call('f', [
      { args: [0], expected: 0 },
      { args: [1], expected: 1 },
    ]);
    const r = await run(t, 'function f(x) { if (x === 0) throw new RangeError("zero"); return x; }');
    expect(r).toMatchObject({ status: 'error', testsPassed: 1, failure: { index: 0 } });
    expect(r.failure!.message).toContain('RangeError: zero');
  });

  test('tagged expected values, -0/NaN/Map/Set/undefined/bigint results', async () => {
    const t = call('f', [
      { args: ['nan'], expected: { $nan: true } },
      { args: ['negzero'], expected: 0 },
      { args: ['undef'], expected: { $undefined: true } },
      { args: ['map'], expected: { $map: [['b', 2], ['a', [1]]] } },
      { args: ['set'], expected: { $set: [3, 1, 2] } },
      { args: ['big'], expected: { $bigint: '9007199254740993' } },
      { args: ['inf'], expected: { $inf: -1 } },
      { args: ['obj'], expected: { x: 1 } },
      { args: ['class'], expected: { a: 1, b: [2] } },
    ]);
    const code = `function f(k) {
      switch (k) {
        case 'nan': return 0 / 0;
        case 'negzero': return -0;
        case 'undef': return undefined;
        case 'map': return new Map([['a', [1]], ['b', 2]]);
        case 'set': return new Set([1, 2, 3]);
        case 'big': return 2n ** 53n + 1n;
        case 'inf': return -1 / 0;
        case 'obj': return { x: 1, y: undefined };
        case 'class': { class P { constructor() { this.a = 1; this.b = [2]; } } return new P(); }
      }
    }`;
    expect(await run(t, code)).toMatchObject({ status: 'pass', testsPassed: 9 });
  });

  test('a plain object whose only key looks like a tag is returned as itself; an unreadable result fails', async () => {
    const t = call('f', [
      { args: ['u'], expected: { $obj: { $undefined: true } } },
      { args: ['n'], expected: { $obj: { $nan: { $obj: { $map: 5 } } } } },
      { args: ['u2'], expected: { $obj: { $undefined: true } } },
      { args: ['arg'], expected: 'arg' },
    ]);
    const code = `function f(k) {
      if (k === 'u') return { $undefined: true };
      if (k === 'n') return { $nan: { $map: 5 } };
      if (k === 'u2') return undefined;
      return k;
    }`;
    expect(await run(t, code)).toMatchObject({ status: 'fail', testsPassed: 3, failure: { index: 2 } });
    const v = call('f', [{ args: [], expected: { $undefined: true } }]);
    expect(await run(v, 'function f() { return { $undefined: true }; }')).toMatchObject({ status: 'fail', failure: { expected: 'undefined', got: '{"$undefined": true}' } });
    // Before escaping, the host failed to decode this and read it as undefined.
    expect(await run(v, "function f() { return { $bigint: 'x' }; }")).toMatchObject({ status: 'fail', failure: { got: '{"$bigint": "x"}' } });
    const r = await run(call('f', [{ args: [], expected: null }]), 'function f() { return undefined; }');
    expect(r).toMatchObject({ status: 'fail', failure: { expected: 'null', got: 'undefined' } });
  });

  test('tolerance applies to numbers only when the problem sets it', async () => {
    const code = 'function f() { return 0.1 + 0.2; }';
    expect((await run(call('f', [{ args: [], expected: 0.3 }]), code)).status).toBe('fail');
    expect((await run(call('f', [{ args: [], expected: 0.3 }], 1e-9), code)).status).toBe('pass');
  });

  test('arguments are fresh per case: mutating the input cannot affect another case', async () => {
    const t = call('popAll', [
      { args: [[1, 2, 3]], expected: 3 },
      { args: [[1, 2, 3]], expected: 3 },
    ]);
    // A candidate that empties its argument and caches it would see an empty array in case 2
    // if the harness reused argument objects.
    const code = 'let seen = null; function popAll(xs) { if (seen === null) seen = xs; let n = 0; while (seen.length) { seen.pop(); n++; } return n || xs.length; }';
    expect(await run(t, code)).toMatchObject({ status: 'pass', testsPassed: 2 });
  });

  test('async entry functions are awaited; the entry may be a const arrow', async () => {
    const t = call('f', [{ args: [2], expected: 4 }]);
    expect((await run(t, 'async function f(x) { await null; return x * 2; }')).status).toBe('pass');
    expect((await run(t, 'const f = (x) => new Promise((r) => setTimeout(() => r(x + 2), 1000));')).status).toBe('pass');
    expect((await run(t, 'async function f(x) { throw new Error("nope"); }')).status).toBe('error');
  });

  test('CommonJS-style programs: the entry may come from module.exports', async () => {
    const t = call('f', [{ args: [2], expected: 4 }]);
    expect((await run(t, 'module.exports = { f: (x) => x * 2 };')).status).toBe('pass');
    expect((await run(t, 'exports.f = function (x) { return x + 2; };')).status).toBe('pass');
    expect((await run(t, 'module.exports = (x) => x * x;')).status).toBe('pass');
    expect((await run(t, 'function f(x) { return x * 2; } module.exports = () => 0;')).status).toBe('pass');
  });

  test('a missing entry or a syntax error is an error, not a crash', async () => {
    const t = call('f', [{ args: [], expected: 1 }]);
    const r = await run(t, 'function g() { return 1; }');
    expect(r.status).toBe('error');
    expect(r.failure!.message).toContain('entry function is not defined');
    expect((await run(t, 'function f( { return 1 }')).status).toBe('error');
  });

  test('console output is captured and capped', async () => {
    const r = await run(call('f', [{ args: [], expected: 1 }]), 'function f() { console.log("a", [1, "b"], { k: 2 }); for (let i = 0; i < 10000; i++) console.log("spam"); return 1; }');
    expect(r.status).toBe('pass');
    expect(r.output!.startsWith("a [ 1, 'b' ] { k: 2 }\n")).toBe(true);
    expect(r.output!.length).toBeLessThanOrEqual(limits.outputChars);
  });
});

describe('assert', () => {
  test('a replaced iterator or Map/Set adder cannot make deepEqual or isEqual skip the elements', async () => {
    const hack = 'Array.prototype[Symbol.iterator] = function* () {}; function f() { return [[0, 0], { a: 0 }, new Map([[1, 0]])]; }';
    const tests = [
      "const assert = require('assert'); assert.deepEqual(f()[0], [1, 2]);",
      "const assert = require('assert'); assert.deepStrictEqual(f()[1], { a: 1 });",
      "const assert = require('assert'); assert.deepEqual(f()[2], new Map([[1, 1]]));",
      "const _ = require('lodash'); if (!_.isEqual(f()[1], { a: 1 })) throw 'bad';",
      "const _ = require('lodash'); if (!_.isEqual(f()[2], new Map([[1, 1]]))) throw 'bad';",
    ];
    for (const code of tests) expect((await run({ kind: 'assert', code }, hack)).status, code).toBe('fail');
    // The Map/Set adders the tests' own `new Map([...])` uses.
    const adders = "Map.prototype.set = function () { return this; }; Set.prototype.add = function () { return this; }; function f() { return [new Map([[1, 0]]), new Set([0])]; }";
    const code = "const assert = require('assert'); assert.deepEqual(f()[0], new Map([[1, 1]])); assert.deepEqual(f()[1], new Set([1]));";
    expect((await run({ kind: 'assert', code }, adders)).status).toBe('fail');
    // Locking these leaves ordinary programs alone: own iterators on objects, subclasses.
    const own = 'class Bag extends Map { set(k, v) { return super.set(k, v * 2); } } const o = { *[Symbol.iterator]() { yield 1; yield 2; } }; function f() { return [...o, new Bag([[1, 1]]).get(1)]; }';
    expect((await run({ kind: 'assert', code: "require('assert').deepStrictEqual(f(), [1, 2, 2]);" }, own)).status).toBe('pass');
  });

  const heTests = 'const testAdd = () => {\n  console.assert(add(1, 2) === 3)\n  console.assert(add(2, 2) === 4)\n}\ntestAdd()\n';
  test('HumanEval-X: a failed console.assert is a failure, even when the program catches it', async () => {
    const t: ProblemTests = { kind: 'assert', code: heTests };
    expect((await run(t, 'const add = (a, b) => a + b;')).status).toBe('pass');
    expect((await run(t, 'const add = (a, b) => 3;')).status).toBe('fail');
    const sneaky = { kind: 'assert' as const, code: 'try { console.assert(add(1, 1) === 3) } catch (e) {}' };
    expect((await run(sneaky, 'const add = (a, b) => a + b;')).status).toBe('fail');
  });

  test('MBXP: require("lodash").isEqual and thrown strings', async () => {
    const code = `const _ = require("lodash")\nfunction compare(a, b){ return _.isEqual(a, b) }\nvar x0 = f([1, 2]);\nif(!compare(x0, [2, 4])){ throw 'Error at 1th assert statement.' }\nvar x1 = f([]);\nif(!compare(x1, [])){ throw 'Error at 2th assert statement.' }`;
    const t: ProblemTests = { kind: 'assert', code, count: 2 };
    expect(await run(t, 'function f(xs) { return xs.map((x) => x * 2); }')).toMatchObject({ status: 'pass', testsPassed: 2, testsTotal: 2 });
    const r = await run(t, 'function f(xs) { return xs; }');
    expect(r).toMatchObject({ status: 'fail', testsPassed: 0 });
    expect(r.failure!.message).toContain('Error at 1th assert statement');
  });

  test('lodash isEqual semantics', async () => {
    const cases: [string, boolean][] = [
      ['_.isEqual([1, {a: [2]}], [1, {a: [2]}])', true],
      ['_.isEqual(NaN, NaN)', true],
      ['_.isEqual(0, -0)', true],
      ['_.isEqual(1, "1")', false],
      ['_.isEqual({a: 1, b: undefined}, {a: 1})', false],
      ['_.isEqual(new Set([1, 2]), new Set([2, 1]))', true],
      ['_.isEqual(new Map([[1, [2]]]), new Map([[1, [2]]]))', true],
      ['_.isEqual([1, 2], {0: 1, 1: 2})', false],
      ['_.isEqual(new Date(5), new Date(5))', true],
      ['_.isEqual(/a/g, /a/g)', true],
      ['(() => { const a = [1]; a.push(a); const b = [1]; b.push(b); return _.isEqual(a, b); })()', true],
    ];
    const code = cases.map(([e, want], i) => `if ((${e}) !== ${want}) throw 'case ${i}: ${e.replace(/'/g, '"')}';`).join('\n');
    const r = await run({ kind: 'assert', code: `const _ = require('lodash');\n${code}` }, '');
    expect(r.failure?.message).toBeUndefined();
    expect(r.status).toBe('pass');
  });

  test('MultiPL-E: node:assert functions behave as in Node', async () => {
    const ok = `const assert = require('node:assert');
      assert.deepEqual(f(), [1, '2']);
      assert.deepEqual([1], ['1']);
      assert.deepStrictEqual(f(), [1, '2']);
      assert.strictEqual(f().length, 2);
      assert.equal('1', 1);
      assert.notEqual(1, 2);
      assert.notStrictEqual(1, '1');
      assert.notDeepStrictEqual([1], ['1']);
      assert.ok(true);
      assert(1);
      assert.throws(() => { throw new TypeError('bad'); }, TypeError);
      assert.throws(() => { throw new Error('bad thing'); }, /bad/);
      assert.doesNotThrow(() => 1);
      assert.match('abc', /b/);
      const strict = require('assert').strict;
      strict.equal(1, 1);
      require('assert/strict').deepEqual({ a: [1] }, { a: [1] });`;
    expect((await run({ kind: 'assert', code: ok }, "function f() { return [1, '2']; }")).status).toBe('pass');
    for (const bad of [
      'assert.deepStrictEqual([1], ["1"])',
      'assert.strictEqual(1, "1")',
      'assert.equal(1, 2)',
      'assert.ok(0)',
      'assert.throws(() => 1)',
      'assert.deepEqual({a: 1}, {a: 1, b: 2})',
      'assert.notDeepEqual([1], [1])',
      'require("assert").strict.equal(1, "1")',
      'assert.fail("boom")',
    ]) {
      const r = await run({ kind: 'assert', code: `const assert = require('assert');\n${bad};` }, '');
      expect(r.status, bad).toBe('fail');
      expect(r.failure!.message, bad).toContain('AssertionError');
    }
  });

  test('a runtime error in the candidate is an error; process.exit before the tests finish is a failure', async () => {
    const t: ProblemTests = { kind: 'assert', code: 'console.assert(f() === 1)' };
    expect((await run(t, 'function f() { return undefinedName; }')).status).toBe('error');
    // Errors raised by the test code itself reject the candidate's result: a failure.
    expect((await run({ kind: 'assert', code: 'f().length' }, 'function f() {}')).status).toBe('fail');
    expect((await run({ kind: 'assert', code: 'if (f() !== 2) throw "bad " + JSON.stringify(x)' }, 'function f() { return 1; }')).status).toBe('fail');
    // The tests must run to their end: an exit anywhere stops them, so it can never pass.
    expect(await run({ kind: 'assert', code: 'process.exit(0); throw "not reached"' }, '')).toMatchObject({ status: 'fail', failure: { message: 'process.exit() was called before the tests finished' } });
    expect(await run(t, 'function f() { return 0; } process.exit(0);')).toMatchObject({ status: 'fail', failure: { message: 'the program called process.exit() before the tests ran' } });
    expect((await run(t, 'function f() { return 1; }')).status).toBe('pass');
    // Any exit code, even one that prints as '', is an exit.
    expect(await run(t, "function f() { return 1; } process.exit('');")).toMatchObject({ status: 'fail', failure: { message: 'the program called process.exit() before the tests ran' } });
  });

  test('modules the sandbox does not have fail with a clear message', async () => {
    const r = await run({ kind: 'assert', code: 'require("child_process")' }, '');
    expect(r.status).toBe('error');
    expect(r.failure!.message).toContain("Cannot find module 'child_process'");
  });
});

describe('stdio', () => {
  const sum: ProblemTests = {
    kind: 'stdio',
    cases: [
      { input: '2\n1 2\n3 4\n', output: '3\n7\n' },
      { input: '1\n10 -0.5\n', output: '9.5' },
    ],
  };
  const readers: Record<string, string> = {
    fsFd0: `const lines = require('fs').readFileSync(0, 'utf8').trim().split('\\n'); const n = +lines[0];
      for (let i = 1; i <= n; i++) { const [a, b] = lines[i].split(' ').map(Number); console.log(a + b); }`,
    fsDevStdin: `const lines = require('node:fs').readFileSync('/dev/stdin').toString().trim().split('\\n');
      lines.slice(1).forEach((l) => { const [a, b] = l.split(' ').map(Number); process.stdout.write((a + b) + '\\n'); });`,
    inputGlobal: `input.trim().split('\\n').slice(1).forEach((l) => print(l.split(' ').map(Number).reduce((x, y) => x + y)));`,
    readlineGlobal: `const n = +readline(); for (let i = 0; i < n; i++) console.log(readline().split(' ').map(Number).reduce((x, y) => x + y));`,
    readlineModule: `const rl = require('readline').createInterface({ input: process.stdin }); const ls = [];
      rl.on('line', (l) => ls.push(l)); rl.on('close', () => { for (const l of ls.slice(1)) console.log(l.split(' ').map(Number).reduce((x, y) => x + y)); });`,
    readlineAsyncIter: `(async () => { const rl = require('readline').createInterface({ input: process.stdin }); let first = true;
      for await (const l of rl) { if (first) { first = false; continue; } console.log(l.split(' ').map(Number).reduce((x, y) => x + y)); } })();`,
    readableEvent: `let d = ''; process.stdin.on('readable', () => { let c; while ((c = process.stdin.read()) !== null) d += c; });
      process.stdin.on('end', () => d.trim().split('\\n').slice(1).forEach((l) => console.log(l.split(' ').map(Number).reduce((x, y) => x + y))));`,
    shadowingGlobals: `const readline = require('readline'); let input = ''; const rl = readline.createInterface({ input: process.stdin });
      rl.on('line', (l) => (input += l + '\\n')); rl.on('close', () => input.trim().split('\\n').slice(1).forEach((l) => console.log(l.split(' ').map(Number).reduce((x, y) => x + y))));`,
    stdinEvents: `let d = ''; process.stdin.on('data', (c) => (d += c)); process.stdin.on('end', () => { d.trim().split('\\n').slice(1).forEach((l) => console.log(eval(l.replace(' ', '+')))); });`,
  };
  for (const [name, code] of Object.entries(readers)) {
    test(`reads stdin via ${name}`, async () => {
      expect(await run(sum, code)).toMatchObject({ status: 'pass', testsPassed: 2, testsTotal: 2 });
    });
  }

  test('wrong output fails at the first differing line; other cases still run', async () => {
    const r = await run(sum, `const l = input.trim().split('\\n'); if (l[0] === '2') { console.log(3); console.log(8); } else console.log('9.50');`);
    expect(r).toMatchObject({ status: 'fail', testsPassed: 1, failure: { index: 0, message: 'wrong output at line 2', expected: '7', got: '8' } });
  });

  test('a flood of output is stopped as a failure', async () => {
    const r = await run({ kind: 'stdio', cases: [{ input: '', output: 'x' }] }, 'while (true) console.log("x".repeat(1000));');
    expect(r.status).toBe('fail');
    expect(r.failure!.message).toBe('output limit exceeded');
  });

  test('timers run on a virtual clock in due order', async () => {
    const t: ProblemTests = { kind: 'stdio', cases: [{ input: '', output: 'a\nb\nc\nd' }] };
    const code = `setTimeout(() => console.log('c'), 5000); setTimeout(() => console.log('b'), 10); Promise.resolve().then(() => console.log('a'));
      let n = 0; const id = setInterval(() => { if (++n === 3) { clearInterval(id); console.log('d'); } }, 10000);`;
    expect((await run(t, code)).status).toBe('pass');
  });
});

describe('time limit per candidate or per test (the paper: 10 s per test)', () => {
  // each test takes ~150 ms of wall time; four of them pass 300 ms together, none alone
  const slow = 'function f(x) { const t = Date.now(); while (Date.now() - t < 150) {} return x; }';
  const cases = [1, 2, 3, 4].map((x) => ({ args: [x], expected: x }));
  const perTest = { ...limits, timeoutMs: 300, timeoutPer: 'test' as const };
  const perCandidate = { ...limits, timeoutMs: 300 };
  test('call tests: all four pass with 300 ms each, time out with 300 ms for all', async () => {
    expect(await run(call('f', cases), slow, perTest)).toMatchObject({ status: 'pass', testsPassed: 4 });
    const r = await run(call('f', cases), slow, perCandidate);
    expect(r.status).toBe('timeout');
    expect(r.failure!.message).toBe('time limit exceeded (300 ms)');
  });
  test('stdin tests: each run its own 300 ms', async () => {
    const stdio: ProblemTests = { kind: 'stdio', cases: [1, 2, 3].map((x) => ({ input: `${x}\n`, output: `${x}\n` })) };
    const prog = 'const t = Date.now(); while (Date.now() - t < 150) {} console.log(readline());';
    expect(await run(stdio, prog, perTest)).toMatchObject({ status: 'pass', testsPassed: 3 });
    expect((await run(stdio, prog, perCandidate)).status).toBe('timeout');
  });
  test('a test that never ends still stops at its own limit, and says so', async () => {
    const t0 = performance.now();
    const r = await run(call('f', cases), 'function f(x) { for (;;) {} }', perTest);
    expect(r).toMatchObject({ status: 'timeout', failure: { index: 0, message: 'time limit exceeded (300 ms for one test)' } });
    expect(performance.now() - t0).toBeLessThan(3000);
  });
});
