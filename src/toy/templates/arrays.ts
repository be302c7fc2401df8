// Array templates: predicates with a threshold k, extremes, first index, running aggregates,
// strided sums, runs, sortedness. Each fixed case is there to catch a specific bug rule.
import type { JsonValue } from '../../problems/schema';
import type { Rng } from '../../dust/rng';
import {
  CMPS, cmpKey, cmpSource, cmpTest, cmpWords, flipRule, fn, grid, inside, intArray, outside, range,
  type Cmp, type ToyInstance, type ToyTemplate,
} from '../template';

const nums = (v: JsonValue): number[] => v as number[];

/** Threshold cases: empty, the boundary itself, the last element matching, plus random arrays. */
function thresholdCases(op: Cmp, k: number) {
  return (rng: Rng): JsonValue[][] => {
    const fixed = [[], [k], [outside(op, k), inside(op, k)], [inside(op, k, 2), outside(op, k, 2), inside(op, k, 3)], [k, inside(op, k, 4), k]];
    const random = range(1, 4).map(() => intArray(rng, 1 + rng.int(6), k - 5, k + 5));
    return [...fixed, ...random].map((xs) => [xs]);
  };
}

function sumIf(op: Cmp, k: number): ToyInstance {
  const p = (v: string) => cmpSource(v, op, k);
  return {
    key: cmpKey(op, k),
    entry: 'sumIf',
    args: 'xs',
    statement: `Write a function sumIf(xs) that returns the sum of the numbers in xs that are ${cmpWords(op, k)}. An empty array gives 0.`,
    reference: ([xs]) => nums(xs).filter((x) => cmpTest(x, op, k)).reduce((a, b) => a + b, 0),
    cases: thresholdCases(op, k),
    correct: [
      { style: 'for-of', code: fn('sumIf', 'xs', ['let s = 0;', 'for (const x of xs) {', `  if (${p('x')}) s += x;`, '}', 'return s;']) },
      { style: 'index-loop', code: fn('sumIf', 'xs', ['let s = 0;', 'for (let i = 0; i < xs.length; i++) {', `  if (${p('xs[i]')}) s += xs[i];`, '}', 'return s;']) },
      { style: 'filter-reduce', code: fn('sumIf', 'xs', [`return xs.filter((x) => ${p('x')}).reduce((a, b) => a + b, 0);`]) },
      { style: 'while', code: fn('sumIf', 'xs', ['let s = 0, i = 0;', 'while (i < xs.length) {', `  if (${p('xs[i]')}) s += xs[i];`, '  i++;', '}', 'return s;']) },
    ],
    rules: [
      flipRule('x', op, k),
      flipRule('xs[i]', op, k),
      { bug: 'initial-value', from: 's = 0', to: 's = 1' },
      { bug: 'initial-value', from: 'b, 0)', to: 'b, 1)' },
      { bug: 'off-by-one', from: 'i < xs.length', to: 'i < xs.length - 1' },
      { bug: 'operator', from: 's += x', to: 's -= x' },
      { bug: 'operator', from: 'a + b', to: 'a - b' },
    ],
  };
}

function countIf(op: Cmp, k: number): ToyInstance {
  const p = (v: string) => cmpSource(v, op, k);
  return {
    key: cmpKey(op, k),
    entry: 'countIf',
    args: 'xs',
    statement: `Write a function countIf(xs) that returns how many numbers in xs are ${cmpWords(op, k)}.`,
    reference: ([xs]) => nums(xs).filter((x) => cmpTest(x, op, k)).length,
    cases: thresholdCases(op, k),
    correct: [
      { style: 'for-of', code: fn('countIf', 'xs', ['let c = 0;', 'for (const x of xs) {', `  if (${p('x')}) c++;`, '}', 'return c;']) },
      { style: 'index-loop', code: fn('countIf', 'xs', ['let c = 0;', 'for (let i = 0; i < xs.length; i++) {', `  if (${p('xs[i]')}) c++;`, '}', 'return c;']) },
      { style: 'filter', code: fn('countIf', 'xs', [`return xs.filter((x) => ${p('x')}).length;`]) },
      { style: 'reduce', code: fn('countIf', 'xs', [`return xs.reduce((c, x) => (${p('x')} ? c + 1 : c), 0);`]) },
    ],
    rules: [
      flipRule('x', op, k),
      flipRule('xs[i]', op, k),
      { bug: 'initial-value', from: 'c = 0', to: 'c = 1' },
      { bug: 'initial-value', from: 'c), 0)', to: 'c), 1)' },
      { bug: 'off-by-one', from: 'let i = 0', to: 'let i = 1' },
      { bug: 'operator', from: 'c + 1', to: 'c + x' },
    ],
  };
}

function extreme(kind: 'max' | 'min', empty: number | null): ToyInstance {
  const name = kind === 'max' ? 'maxOf' : 'minOf';
  const better = kind === 'max' ? '>' : '<';
  const worse = kind === 'max' ? '<' : '>';
  const guard = `if (xs.length === 0) return ${empty};`;
  return {
    key: `${kind}_${empty}`,
    entry: name,
    args: 'xs',
    statement: `Write a function ${name}(xs) that returns the ${kind === 'max' ? 'largest' : 'smallest'} number in xs, or ${empty} if xs is empty.`,
    reference: ([xs]) => (nums(xs).length === 0 ? empty : kind === 'max' ? Math.max(...nums(xs)) : Math.min(...nums(xs))),
    cases: (rng) => {
      const fixed = [[], [-3, -7, -1], [4, 9, 2], [5, 1, 8], [5, 8, 1], [6]];
      return [...fixed, ...range(1, 3).map(() => intArray(rng, 1 + rng.int(6), -9, 9))].map((xs) => [xs]);
    },
    correct: [
      { style: 'for-of', code: fn(name, 'xs', [guard, 'let m = xs[0];', 'for (const x of xs) {', `  if (x ${better} m) m = x;`, '}', 'return m;']) },
      { style: 'index-loop', code: fn(name, 'xs', [guard, 'let m = xs[0];', 'for (let i = 1; i < xs.length; i++) {', `  if (xs[i] ${better} m) m = xs[i];`, '}', 'return m;']) },
      { style: 'builtin', code: fn(name, 'xs', [guard, `return Math.${kind}(...xs);`]) },
      { style: 'reduce', code: fn(name, 'xs', [guard, `return xs.reduce((a, b) => (b ${better} a ? b : a));`]) },
    ],
    rules: [
      { bug: 'initial-value', from: 'let m = xs[0]', to: 'let m = 0' },
      { bug: 'edge-case', from: `${guard}\n  `, to: '' },
      { bug: 'operator', from: `x ${better} m`, to: `x ${worse} m` },
      { bug: 'operator', from: `b ${better} a`, to: `b ${worse} a` },
      { bug: 'off-by-one', from: 'i < xs.length', to: 'i < xs.length - 1' },
    ],
  };
}

function firstIndex(op: Cmp, k: number): ToyInstance {
  const p = (v: string) => cmpSource(v, op, k);
  const yes = inside(op, k, 2);
  const no = outside(op, k, 2);
  return {
    key: cmpKey(op, k),
    entry: 'firstIndex',
    args: 'xs',
    statement: `Write a function firstIndex(xs) that returns the index of the first number in xs that is ${cmpWords(op, k)}, or -1 if there is none.`,
    reference: ([xs]) => nums(xs).findIndex((x) => cmpTest(x, op, k)),
    cases: (rng) => {
      const fixed = [[], [k], [yes, no, yes], [no, yes, yes], [no, no], [no, k, yes]];
      return [...fixed, ...range(1, 3).map(() => intArray(rng, 1 + rng.int(6), k - 4, k + 4))].map((xs) => [xs]);
    },
    correct: [
      { style: 'early-return', code: fn('firstIndex', 'xs', ['for (let i = 0; i < xs.length; i++) {', `  if (${p('xs[i]')}) return i;`, '}', 'return -1;']) },
      { style: 'while', code: fn('firstIndex', 'xs', ['let i = 0;', `while (i < xs.length && !(${p('xs[i]')})) i++;`, 'return i < xs.length ? i : -1;']) },
      { style: 'builtin', code: fn('firstIndex', 'xs', [`return xs.findIndex((x) => ${p('x')});`]) },
      { style: 'flag', code: fn('firstIndex', 'xs', ['let r = -1;', 'for (let i = 0; i < xs.length; i++) {', `  if (${p('xs[i]')} && r === -1) r = i;`, '}', 'return r;']) },
    ],
    rules: [
      flipRule('xs[i]', op, k),
      flipRule('x', op, k),
      { bug: 'off-by-one', from: 'let i = 0', to: 'let i = 1' },
      { bug: 'edge-case', from: 'return -1;', to: 'return 0;' },
      { bug: 'edge-case', from: ' : -1', to: ' : 0' },
      { bug: 'edge-case', from: ' && r === -1', to: '' },
    ],
  };
}

type Running = 'max' | 'min' | 'sum' | 'product';
const RUN_NAME: Record<Running, string> = { max: 'runningMax', min: 'runningMin', sum: 'runningSum', product: 'runningProduct' };
const RUN_WORDS: Record<Running, string> = { max: 'largest', min: 'smallest', sum: 'sum', product: 'product' };

function running(kind: Running): ToyInstance {
  const name = RUN_NAME[kind];
  const init = { max: '-Infinity', min: 'Infinity', sum: '0', product: '1' }[kind];
  const wrongInit = { max: '0', min: '0', sum: '1', product: '0' }[kind];
  const step = (v: string) => (kind === 'max' || kind === 'min' ? `a = Math.${kind}(a, ${v})` : `a ${kind === 'sum' ? '+' : '*'}= ${v}`);
  const ref = (xs: number[]): number[] => {
    let a = kind === 'max' ? -Infinity : kind === 'min' ? Infinity : kind === 'sum' ? 0 : 1;
    return xs.map((x) => (a = kind === 'max' ? Math.max(a, x) : kind === 'min' ? Math.min(a, x) : kind === 'sum' ? a + x : a * x));
  };
  const op = { max: 'a = Math.max', min: 'a = Math.min', sum: 'a +=', product: 'a *=' }[kind];
  const wrongOp = { max: 'a = Math.min', min: 'a = Math.max', sum: 'a -=', product: 'a +=' }[kind];
  return {
    key: kind,
    entry: name,
    args: 'xs',
    statement: `Write a function ${name}(xs) that returns an array whose i-th element is the ${RUN_WORDS[kind]} of xs[0..i].`,
    reference: ([xs]) => ref(nums(xs)),
    cases: (rng) => {
      const fixed = [[], [-3, -1, -5], [3, 1, 4], [2, 5, 1, 2], [7]];
      return [...fixed, ...range(1, 3).map(() => intArray(rng, 1 + rng.int(5), -5, 6))].map((xs) => [xs]);
    },
    correct: [
      { style: 'for-of', code: fn(name, 'xs', ['const r = [];', `let a = ${init};`, 'for (const x of xs) {', `  ${step('x')};`, '  r.push(a);', '}', 'return r;']) },
      { style: 'index-loop', code: fn(name, 'xs', ['const r = [];', `let a = ${init};`, 'for (let i = 0; i < xs.length; i++) {', `  ${step('xs[i]')};`, '  r.push(a);', '}', 'return r;']) },
      { style: 'map', code: fn(name, 'xs', [`let a = ${init};`, `return xs.map((x) => (${step('x')}));`]) },
    ],
    rules: [
      { bug: 'initial-value', from: `let a = ${init}`, to: `let a = ${wrongInit}` },
      { bug: 'off-by-one', from: 'let i = 0', to: 'let i = 1' },
      { bug: 'operator', from: op, to: wrongOp },
    ],
  };
}

function sumStep(k: number, j: number): ToyInstance {
  const idx = range(0, 3).map((m) => j + k * m).join(', ');
  return {
    key: `k${k}_j${j}`,
    entry: 'sumStep',
    args: 'xs',
    statement: `Write a function sumStep(xs) that returns the sum of the elements of xs at indices ${idx}, ... (start at ${j}, step ${k}).`,
    reference: ([xs]) => nums(xs).filter((_, i) => i % k === j).reduce((a, b) => a + b, 0),
    cases: (rng) => {
      const fixed = [[], range(1, 9), range(1, j + k).map((x) => x * 3), range(1, j + 2 * k).map((x) => 10 - x)];
      return [...fixed, ...range(1, 3).map(() => intArray(rng, 1 + rng.int(9), -5, 9))].map((xs) => [xs]);
    },
    correct: [
      { style: 'index-loop', code: fn('sumStep', 'xs', ['let s = 0;', `for (let i = ${j}; i < xs.length; i += ${k}) s += xs[i];`, 'return s;']) },
      { style: 'while', code: fn('sumStep', 'xs', [`let s = 0, i = ${j};`, 'while (i < xs.length) {', '  s += xs[i];', `  i += ${k};`, '}', 'return s;']) },
      { style: 'filter-reduce', code: fn('sumStep', 'xs', [`return xs.filter((x, i) => i % ${k} === ${j}).reduce((a, b) => a + b, 0);`]) },
    ],
    rules: [
      { bug: 'off-by-one', from: `let i = ${j}`, to: `let i = ${j + 1}` },
      { bug: 'off-by-one', from: `i = ${j};`, to: `i = ${j + 1};` },
      { bug: 'off-by-one', from: `=== ${j})`, to: `=== ${j + 1})` },
      { bug: 'initial-value', from: 's = 0', to: 's = 1' },
      { bug: 'initial-value', from: 'b, 0)', to: 'b, 1)' },
      { bug: 'operator', from: `i += ${k}`, to: `i += ${k + 1}` },
    ],
  };
}

function longestRun(op: Cmp, k: number): ToyInstance {
  const p = (v: string) => cmpSource(v, op, k);
  const yes = inside(op, k, 1);
  const no = outside(op, k, 1);
  const ref = (xs: number[]): number => {
    let best = 0;
    let cur = 0;
    for (const x of xs) {
      cur = cmpTest(x, op, k) ? cur + 1 : 0;
      best = Math.max(best, cur);
    }
    return best;
  };
  return {
    key: cmpKey(op, k),
    entry: 'longestRun',
    args: 'xs',
    statement: `Write a function longestRun(xs) that returns the length of the longest run of consecutive numbers in xs that are ${cmpWords(op, k)}.`,
    reference: ([xs]) => ref(nums(xs)),
    cases: (rng) => {
      const fixed = [[], [k], [no, yes], [yes, no, yes, yes], [yes, yes, no, yes], [k, k, no]];
      return [...fixed, ...range(1, 3).map(() => intArray(rng, 1 + rng.int(7), k - 3, k + 3))].map((xs) => [xs]);
    },
    correct: [
      { style: 'ternary', code: fn('longestRun', 'xs', ['let best = 0, cur = 0;', 'for (const x of xs) {', `  cur = ${p('x')} ? cur + 1 : 0;`, '  if (cur > best) best = cur;', '}', 'return best;']) },
      { style: 'if-else', code: fn('longestRun', 'xs', ['let best = 0, cur = 0;', 'for (const x of xs) {', `  if (${p('x')}) cur++;`, '  else {', '    best = Math.max(best, cur);', '    cur = 0;', '  }', '}', 'return Math.max(best, cur);']) },
    ],
    rules: [
      flipRule('x', op, k),
      { bug: 'edge-case', from: 'return Math.max(best, cur);', to: 'return best;' },
      { bug: 'initial-value', from: ': 0;', to: ': 1;' },
      { bug: 'initial-value', from: 'cur = 0;\n', to: 'cur = 1;\n' },
    ],
  };
}

function isSorted(dir: 'asc' | 'desc', strict: boolean): ToyInstance {
  const bad = dir === 'asc' ? (strict ? '>=' : '>') : strict ? '<=' : '<';
  const flip = bad.length === 2 ? bad[0]! : `${bad}=`;
  const order = dir === 'asc' ? (strict ? 'strictly increasing' : 'non-decreasing') : strict ? 'strictly decreasing' : 'non-increasing';
  const ok = (a: number, b: number) => (dir === 'asc' ? (strict ? a < b : a <= b) : strict ? a > b : a >= b);
  return {
    key: `${dir}_${strict ? 'strict' : 'loose'}`,
    entry: 'isSorted',
    args: 'xs',
    statement: `Write a function isSorted(xs) that returns true if xs is in ${order} order, else false.`,
    reference: ([xs]) => nums(xs).every((x, i, a) => i === 0 || ok(a[i - 1]!, x)),
    cases: (rng) => {
      const up = dir === 'asc' ? [1, 2, 3] : [3, 2, 1];
      const fixed = [[], [5], [4, 4], up, [up[2]!, up[0]!, up[1]!], [up[0]!, up[2]!, up[1]!], [...up, up[2]!]];
      return [...fixed, ...range(1, 2).map(() => intArray(rng, 2 + rng.int(4), 0, 4))].map((xs) => [xs]);
    },
    correct: [
      { style: 'early-return', code: fn('isSorted', 'xs', ['for (let i = 1; i < xs.length; i++) {', `  if (xs[i - 1] ${bad} xs[i]) return false;`, '}', 'return true;']) },
      { style: 'every', code: fn('isSorted', 'xs', [`return xs.every((x, i) => i === 0 || !(xs[i - 1] ${bad} x));`]) },
    ],
    rules: [
      { bug: 'comparison', from: `] ${bad} `, to: `] ${flip} ` },
      { bug: 'off-by-one', from: 'let i = 1', to: 'let i = 2' },
      { bug: 'off-by-one', from: `xs[i - 1] ${bad} x)`, to: `xs[i + 1] ${bad} x)` },
    ],
  };
}

const KS = [-2, -1, 1, 2, 3, 4, 5, 6, 7];

export const ARRAY_TEMPLATES: ToyTemplate[] = [
  { family: 'sum-if', title: 'Sum of numbers matching a threshold', heldOut: false, instances: grid(CMPS, KS).map(([op, k]) => sumIf(op, k)) },
  { family: 'count-if', title: 'Count of numbers matching a threshold', heldOut: false, instances: grid(CMPS, [0, ...KS]).map(([op, k]) => countIf(op, k)) },
  { family: 'extreme', title: 'Largest / smallest element', heldOut: false, instances: grid(['max', 'min'] as const, [0, -1, null]).map(([m, e]) => extreme(m, e)) },
  { family: 'first-index', title: 'Index of the first match', heldOut: false, instances: grid(CMPS, [0, ...KS]).map(([op, k]) => firstIndex(op, k)) },
  { family: 'running', title: 'Running aggregate', heldOut: false, instances: (['max', 'min', 'sum', 'product'] as const).map(running) },
  { family: 'is-sorted', title: 'Sortedness check', heldOut: false, instances: grid(['asc', 'desc'] as const, [true, false]).map(([d, s]) => isSorted(d, s)) },
  { family: 'sum-step', title: 'Strided sum', heldOut: true, instances: grid([2, 3, 4, 5], [0, 1]).map(([k, j]) => sumStep(k, j)) },
  { family: 'longest-run', title: 'Longest run of matches', heldOut: true, instances: grid(CMPS, [-1, 0, 1, 2, 3, 4, 5]).map(([op, k]) => longestRun(op, k)) },
];
