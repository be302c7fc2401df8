// Hostile candidate programs for the `add(a, b)` problem, shared by the Node test
// (sandbox-hostile.test.ts) and the Chromium test (test/e2e/sandbox-pool.test.ts). Each must
// end as a non-pass status within deadline + grace. Escape attempts return the right answer
// only if the escape worked, so a pass would mean a hole.
import type { RunStatus } from '../../src/sandbox/types';

export interface Hostile {
  name: string;
  code: string;
  /** Statuses that count as handled (never 'pass'). */
  allowed: RunStatus[];
}

const T: RunStatus[] = ['timeout'];
const MEM: RunStatus[] = ['memory', 'timeout', 'error'];
const NO: RunStatus[] = ['fail', 'error'];

export const HOSTILE: Hostile[] = [
  // Infinite loops
  { name: 'top-level while(true)', code: 'while (true) {}', allowed: T },
  { name: 'loop in the entry', code: 'function add(a, b) { for (;;) {} }', allowed: T },
  { name: 'loop in an async function', code: 'async function add(a, b) { while (true) {} }', allowed: T },
  { name: 'loop after await', code: 'async function add(a, b) { await null; while (true) {} }', allowed: T },
  { name: 'endless promise jobs', code: 'Promise.resolve().then(function f() { return Promise.resolve().then(f); }); function add(a, b) { return a + b; }', allowed: T },
  { name: 'loop in a promise job', code: 'Promise.resolve().then(() => { for (;;) {} }); function add(a, b) { return a + b; }', allowed: T },
  { name: 'loop in a getter of the result', code: 'function add(a, b) { return { get x() { for (;;) {} } }; }', allowed: T },
  { name: 'loop in toString', code: 'function add(a, b) { return String({ toString() { for (;;) {} } }); }', allowed: T },
  { name: 'loop in Symbol.toPrimitive', code: 'function add(a, b) { return a + { [Symbol.toPrimitive]() { while (1) {} } }; }', allowed: T },
  { name: 'loop in a sort comparator', code: 'function add(a, b) { return [3, 1, 2].sort(() => { for (;;) {} }); }', allowed: T },
  { name: 'catch cannot swallow the interrupt', code: 'function add(a, b) { for (;;) { try { for (;;) {} } catch (e) {} } }', allowed: T },
  { name: 'async catch cannot swallow the interrupt', code: 'async function add(a, b) { for (;;) { try { await null; for (;;) {} } catch (e) {} } }', allowed: T },
  { name: 'finally loop', code: 'function add(a, b) { try { for (;;) {} } finally { for (;;) {} } }', allowed: T },
  { name: 'endless setInterval', code: 'setInterval(() => {}, 1); function add(a, b) { return a + b; }', allowed: T },
  { name: 'busy wait on Date.now', code: 'function add(a, b) { const t = Date.now(); while (Date.now() - t < 1e9) {} return a + b; }', allowed: T },
  { name: 'infinite generator spread', code: 'function add(a, b) { function* g() { while (true) yield 1; } return [...g()].length; }', allowed: MEM },
  { name: 'exponential recursion in catch', code: 'function f(n) { try { f(n + 1); } catch (e) { f(n + 1); } } function add(a, b) { f(0); return a + b; }', allowed: [...T, 'error'] },
  // Long-running C built-ins (the interrupt handler is not consulted): the watchdog
  { name: 'indexOf over a 2^31 array-like', code: 'function add(a, b) { return Array.prototype.indexOf.call({ length: 2 ** 31 }, 1); }', allowed: T },
  { name: 'lastIndexOf over a 2^31 array-like', code: 'function add(a, b) { return Array.prototype.lastIndexOf.call({ length: 2 ** 31 }, 1) + a + b + 1; }', allowed: T },
  { name: 'huge repeat then regex', code: "function add(a, b) { return 'x'.repeat(2 ** 25).replace(/x/g, 'yy').length; }", allowed: MEM },
  { name: 'catastrophic regex backtracking', code: "function add(a, b) { return /^(a+)+$/.test('a'.repeat(40) + 'b') ? 0 : -1; }", allowed: [...T, 'fail'] },
  { name: 'join of a 2^30 array-like', code: 'function add(a, b) { return Array.prototype.join.call({ length: 2 ** 30 }).length; }', allowed: MEM },
  { name: 'includes over a 2^32-1 array-like', code: 'function add(a, b) { return Array.prototype.includes.call({ length: 2 ** 32 - 1 }, 7) ? a + b : -1; }', allowed: T },
  // Memory bombs
  { name: 'string doubling', code: "function add(a, b) { let s = 'x'; for (;;) s += s; }", allowed: MEM },
  { name: 'array of arrays', code: 'function add(a, b) { const xs = []; for (;;) xs.push(new Array(10000).fill(1)); }', allowed: MEM },
  { name: 'typed arrays', code: 'function add(a, b) { const xs = []; for (;;) xs.push(new Float64Array(1e6)); }', allowed: MEM },
  { name: 'objects with many keys', code: "function add(a, b) { const o = {}; for (let i = 0; ; i++) o['k' + i] = { i }; }", allowed: MEM },
  { name: 'one huge ArrayBuffer', code: 'function add(a, b) { return new ArrayBuffer(2 ** 31 - 1).byteLength; }', allowed: MEM },
  { name: 'huge array fill', code: 'function add(a, b) { return new Array(2 ** 28).fill(0).length; }', allowed: MEM },
  { name: 'Map bomb', code: 'function add(a, b) { const m = new Map(); for (let i = 0; ; i++) m.set(i, [i]); }', allowed: MEM },
  { name: 'memory bomb at top level', code: "const keep = []; for (;;) keep.push('y'.repeat(1 << 20));", allowed: MEM },
  // Deep recursion
  { name: 'infinite recursion', code: 'function add(a, b) { return add(a, b); }', allowed: ['error'] },
  { name: 'recursion through getters', code: 'const o = { get x() { return this.x; } }; function add(a, b) { return o.x; }', allowed: ['error'] },
  { name: 'deeply nested JSON.stringify', code: 'function add(a, b) { let o = {}; for (let i = 0; i < 1e6; i++) o = { o }; return JSON.stringify(o).length; }', allowed: [...MEM, 'fail'] },
  // Escape attempts: the right answer only if the host were reachable
  { name: 'fetch', code: "function add(a, b) { fetch('http://127.0.0.1/'); return a + b; }", allowed: NO },
  { name: 'importScripts', code: "function add(a, b) { importScripts('x.js'); return a + b; }", allowed: NO },
  { name: 'postMessage', code: "function add(a, b) { postMessage('x'); return a + b; }", allowed: NO },
  { name: 'worker global self', code: 'function add(a, b) { return typeof self !== "undefined" || typeof onmessage !== "undefined" ? a + b : -1; }', allowed: NO },
  { name: 'real process', code: "function add(a, b) { return typeof process.binding === 'function' || process.versions ? a + b : -1; }", allowed: NO },
  { name: 'process.mainModule.require', code: "function add(a, b) { process.mainModule.require('fs'); return a + b; }", allowed: NO },
  { name: 'require of real modules', code: "function add(a, b) { require('child_process').execSync('true'); return a + b; }", allowed: NO },
  { name: 'fs writes', code: "function add(a, b) { require('fs').writeFileSync('pwned', 'x'); return a + b; }", allowed: NO },
  { name: 'indexedDB', code: "function add(a, b) { indexedDB.open('x'); return a + b; }", allowed: NO },
  { name: 'dynamic import', code: "async function add(a, b) { await import('node:fs'); return a + b; }", allowed: NO },
  { name: 'Function constructor to the global', code: 'function add(a, b) { const g = (function () {}).constructor("return this")(); return typeof g.postMessage === "function" || typeof g.require("fs").writeFileSync === "function" ? a + b : -1; }', allowed: NO },
  { name: 'async constructor chain', code: 'async function add(a, b) { const g = await (async () => {}).constructor("return globalThis")(); return g.WebAssembly || g.navigator || g.Deno || g.Bun ? a + b : -1; }', allowed: NO },
  { name: 'the host bridge is gone', code: 'function add(a, b) { return typeof __dust_host === "function" ? a + b : -1; }', allowed: NO },
  { name: 'forging the harness', code: 'for (const k of Object.getOwnPropertyNames(globalThis)) { const v = globalThis[k]; if (v && typeof v === "object" && typeof v.callCase === "function") v.callCase = () => "3"; } Object.defineProperty(globalThis, "__dust", { value: { callCase: () => "3", settle: () => "3" } }); function add(a, b) { return -1; }', allowed: ['fail'] },
  { name: 'replacing built-ins the harness uses', code: 'JSON.stringify = () => "3"; JSON.parse = () => [1, 2]; Object.keys = () => []; Array.isArray = () => false; function add(a, b) { return [a, b]; }', allowed: NO },
  { name: 'prototype pollution (checked by the next candidate)', code: "Object.prototype.polluted = 1; Array.prototype.map = () => 'x'; globalThis.leak = 42; function add(a, b) { return a - b; }", allowed: NO },
  { name: 'thrown object with looping toJSON', code: 'function add(a, b) { throw { toJSON() { for (;;) {} } }; }', allowed: [...T, 'fail', 'error'] },
  { name: 'Atomics.wait', code: 'function add(a, b) { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0); return a + b; }', allowed: [...T, 'error'] },
  // Output
  { name: 'endless output', code: "function add(a, b) { for (;;) console.log('x'.repeat(1e5)); }", allowed: T },
  { name: 'huge single line of output', code: "function add(a, b) { console.log('x'.repeat(1 << 20)); return -1; }", allowed: NO },
];

/** Passes only in a clean context: nothing from earlier candidates may be visible. */
export const CLEAN_CHECK = "function add(a, b) { return ({}).polluted === undefined && [1].map((x) => x + 1)[0] === 2 && typeof leak === 'undefined' ? a + b : -1; }";

export const CORRECT = 'function add(a, b) { return a + b; }';

export const ADD_PROBLEM = {
  id: 'hostile-add',
  title: 'add',
  statement: 'Return a + b.',
  tests: { kind: 'call' as const, entry: 'add', cases: [{ args: [1, 2], expected: 3 }, { args: [20, 22], expected: 42 }] },
};

// ---- Reward hacks ----------------------------------------------------------------------
// Wrong programs that try to be labelled `pass` anyway by attacking the harness rather than
// the sandbox. Each runs against every problem in EXPLOIT_PROBLEMS (call- and assert-kind,
// since public sets import as assert) and must end non-pass with no test counted as passed.

export const ASSERT_ADD_PROBLEM = {
  id: 'hostile-add-assert',
  title: 'add',
  statement: 'Return a + b.',
  tests: { kind: 'assert' as const, code: "const assert = require('node:assert');\nassert.deepEqual(add(1, 2), 3);\nassert.strictEqual(add(20, 22), 42);" },
};

/** HumanEval-X's shape: console.assert on a comparison. */
export const CONSOLE_ASSERT_ADD_PROBLEM = {
  id: 'hostile-add-console-assert',
  title: 'add',
  statement: 'Return a + b.',
  tests: { kind: 'assert' as const, code: 'const testAdd = () => {\n  console.assert(add(1, 2) === 3);\n  console.assert(JSON.stringify([add(20, 22)]) === JSON.stringify([42]));\n  console.assert(Math.abs(add(0.5, 0.25) - 0.75) < 1e-9);\n};\ntestAdd();' },
};

/** Comparisons through built-in prototype methods the candidate could reach, one each. */
const consoleAssert = (id: string, code: string) => ({ id: `hostile-add-${id}`, title: 'add', statement: 'Return a + b.', tests: { kind: 'assert' as const, code } });
export const PROTOTYPE_COMPARE_PROBLEMS = [
  consoleAssert('json', 'console.assert(JSON.stringify([add(1, 2)]) === JSON.stringify([3]));'),
  consoleAssert('every', 'console.assert([add(20, 22)].every((x, i) => x === [42][i]));'),
  consoleAssert('pad', 'console.assert(String(add(1, 1)).padStart(2, "0") === "02");'),
];

/** A function whose right answer is undefined (a void function). */
export const VOID_PROBLEM = {
  id: 'hostile-void',
  title: 'add',
  statement: 'Return nothing.',
  tests: { kind: 'call' as const, entry: 'add', cases: [{ args: [1, 2], expected: { $undefined: true } }] },
};

export const VOID_ASSERT_PROBLEM = {
  id: 'hostile-void-assert',
  title: 'add',
  statement: 'Return nothing.',
  tests: { kind: 'assert' as const, code: "const assert = require('assert');\nassert.strictEqual(add(1, 2), undefined);" },
};

export const EXPLOIT_PROBLEMS = [ADD_PROBLEM, ASSERT_ADD_PROBLEM, CONSOLE_ASSERT_ADD_PROBLEM, ...PROTOTYPE_COMPARE_PROBLEMS, VOID_PROBLEM, VOID_ASSERT_PROBLEM];
/** How many of EXPLOIT_PROBLEMS (from the start) are add problems; the rest are void. */
export const ADD_PROBLEMS = 3 + PROTOTYPE_COMPARE_PROBLEMS.length;

const FAKE_ASSERT = '{ deepEqual() {}, strictEqual() {}, equal() {}, ok() {} }';
export const EXPLOITS: { name: string; code: string }[] = [
  { name: 'process.exit before the tests', code: 'function add(a, b) { return 0; } process.exit(0);' },
  { name: 'process.exit inside the entry', code: 'function add(a, b) { process.exit(0); }' },
  { name: 'process.exit from a timer', code: 'function add(a, b) { setTimeout(() => process.exit(0), 0); return 0; }' },
  { name: 'a forged exit signal at top level', code: 'function add(a, b) { return 0; } throw { __dustExit: true, code: 0 };' },
  { name: 'a forged exit signal from the entry', code: 'function add(a, b) { throw { __dustExit: true, code: 0 }; }' },
  { name: 'a caught real exit signal rethrown from the entry', code: 'let sig; try { process.exit(0); } catch (e) { sig = e; } function add(a, b) { throw sig; }' },
  { name: 'reassigning require', code: `require = () => (${FAKE_ASSERT}); function add(a, b) { return 0; }` },
  { name: 'require through globalThis', code: `globalThis.require = () => (${FAKE_ASSERT}); function add(a, b) { return 0; }` },
  { name: 'redefining require', code: `Object.defineProperty(globalThis, 'require', { value: () => (${FAKE_ASSERT}) }); function add(a, b) { return 0; }` },
  { name: 'var require', code: `var require = () => (${FAKE_ASSERT}); function add(a, b) { return 0; }` },
  { name: 'Object.prototype.assert getter', code: `Object.defineProperty(Object.prototype, 'assert', { get() { return ${FAKE_ASSERT}; }, set() {}, configurable: true }); function add(a, b) { return 0; }` },
  { name: 'Object.prototype getter hijacking the call serialiser', code: "Object.defineProperty(Object.prototype, 'call', { get() { return { dec: (x) => x, ser: () => '3' }; }, set() {}, configurable: true }); function add(a, b) { return 0; }" },
  { name: 'Object.prototype getter on every module name', code: "for (const k of ['assert', 'call', 'console', 'errors', 'format']) Object.defineProperty(Object.prototype, k, { get() { return { assert: " + FAKE_ASSERT + ", ser: () => '3', dec: (x) => x, console: { assert() {}, log() {} }, AssertionError: Object }; }, set() {}, configurable: true }); function add(a, b) { return 0; }" },
  { name: 'Array.prototype index setters', code: "Object.defineProperty(Array.prototype, '0', { get() { return 3; }, set() {}, configurable: true }); function add(a, b) { return [][0] === 3 ? [] : 0; }" },
  { name: 'mutating the assert module', code: "const a = require('assert'); a.deepEqual = a.strictEqual = a.equal = () => {}; function add(a, b) { return 0; }" },
  { name: 'Object.is always true', code: 'Object.is = () => true; function add(a, b) { return 0; }' },
  { name: 'console.assert disabled', code: 'console.assert = () => {}; function add(a, b) { return 0; }' },
  { name: 'console replaced', code: 'console = { assert() {}, log() {} }; function add(a, b) { return 0; }' },
  { name: 'globalThis.console replaced', code: 'Object.defineProperty(globalThis, "console", { value: { assert() {}, log() {} } }); function add(a, b) { return 0; }' },
  { name: 'JSON.stringify and Math.abs replaced', code: 'JSON.stringify = () => ""; Math.abs = () => 0; function add(a, b) { return 0; }' },
  { name: 'JSON and Math replaced', code: 'JSON = { stringify: () => "" }; Math = { abs: () => 0 }; function add(a, b) { return 0; }' },
  { name: 'toJSON on Array.prototype', code: 'Array.prototype.toJSON = () => 0; function add(a, b) { return 0; }' },
  { name: 'toJSON defined on the prototypes', code: 'for (const P of [Object.prototype, Array.prototype, Number.prototype]) Object.defineProperty(P, "toJSON", { value: () => 0, configurable: true }); function add(a, b) { return 0; }' },
  { name: 'Array.prototype.every replaced', code: 'Array.prototype.every = () => true; Object.defineProperty(Array.prototype, "every", { value: () => true }); function add(a, b) { return 0; }' },
  { name: 'String.prototype.padStart replaced', code: 'Object.defineProperty(String.prototype, "padStart", { value: () => "02" }); function add(a, b) { return 0; }' },
  { name: 'tagged result that fails to decode ($bigint)', code: "function add(a, b) { return { $bigint: 'x' }; }" },
  { name: 'tagged result that fails to decode ($map)', code: 'function add(a, b) { return { $map: 5 }; }' },
  { name: 'a plain object that looks like undefined', code: 'function add(a, b) { return { $undefined: true }; }' },
];
