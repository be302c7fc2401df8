// Number templates: clamping, fizzbuzz-like mapping, sums of multiples, digit counts.
import type { JsonValue } from '../../problems/schema';
import { fn, grid, range, type ToyInstance, type ToyTemplate } from '../template';

const num = (v: JsonValue): number => v as number;

function clamp(lo: number, hi: number): ToyInstance {
  return {
    key: `${lo}_${hi}`,
    entry: 'clamp',
    args: 'x',
    statement: `Write a function clamp(x) that returns ${lo} if x < ${lo}, ${hi} if x > ${hi}, and x otherwise.`,
    reference: ([x]) => Math.min(hi, Math.max(lo, num(x))),
    cases: (rng) => [lo - 3, lo, hi, hi + 2, lo + 1, lo - 1, hi + 1, ...range(1, 2).map(() => lo - 4 + rng.int(hi - lo + 9))].map((x) => [x]),
    correct: [
      { style: 'if-chain', code: fn('clamp', 'x', [`if (x < ${lo}) return ${lo};`, `if (x > ${hi}) return ${hi};`, 'return x;']) },
      { style: 'builtin', code: fn('clamp', 'x', [`return Math.min(${hi}, Math.max(${lo}, x));`]) },
      { style: 'ternary', code: fn('clamp', 'x', [`return x < ${lo} ? ${lo} : x > ${hi} ? ${hi} : x;`]) },
    ],
    rules: [
      { bug: 'operator', from: `Math.min(${hi}, Math.max(${lo}`, to: `Math.max(${hi}, Math.min(${lo}` },
      { bug: 'comparison', from: `if (x < ${lo})`, to: `if (x > ${lo})` },
      { bug: 'off-by-one', from: `return ${hi};`, to: `return ${hi - 1};` },
      { bug: 'edge-case', from: `if (x > ${hi}) return ${hi};\n  `, to: '' },
      { bug: 'operator', from: `? ${hi} : x`, to: `? ${lo} : x` },
    ],
  };
}

const WORDS: [string, string][] = [['Fizz', 'Buzz'], ['Foo', 'Bar'], ['Ping', 'Pong']];

function fizzMap(a: number, b: number, [wa, wb]: [string, string]): ToyInstance {
  const ref = (n: number): string[] =>
    range(1, n).map((i) => (i % a === 0 && i % b === 0 ? wa + wb : i % a === 0 ? wa : i % b === 0 ? wb : String(i)));
  const tests = [`i % ${a * b} === 0) r.push("${wa + wb}")`, `i % ${a} === 0) r.push("${wa}")`, `i % ${b} === 0) r.push("${wb}")`];
  // `pairFirst` false is the classic mistake: the combined case is tested after the single ones.
  const loop = (cond: string, pairFirst = true) => {
    const [ab, ta, tb] = tests;
    const order = pairFirst ? [ab, ta, tb] : [ta, tb, ab];
    return ['const r = [];', `for (let i = 1; ${cond}; i++) {`, `  if (${order[0]};`, `  else if (${order[1]};`, `  else if (${order[2]};`, '  else r.push(String(i));', '}', 'return r;'];
  };
  return {
    key: `${a}_${b}_${wa}`,
    entry: 'fizzMap',
    args: 'n',
    statement: `Write a function fizzMap(n) that returns, for i = 1..n, "${wa + wb}" if ${a} and ${b} divide i, else "${wa}" if ${a} does, "${wb}" if ${b} does, else String(i).`,
    reference: ([n]) => ref(num(n)),
    cases: (rng) => [0, 1, a * b, a * b + 1, a, b, ...range(1, 2).map(() => 2 + rng.int(2 * a * b))].map((n) => [n]),
    correct: [
      { style: 'index-loop', code: fn('fizzMap', 'n', loop('i <= n')) },
      {
        style: 'concat',
        code: fn('fizzMap', 'n', [
          'const r = [];',
          'for (let i = 1; i <= n; i++) {',
          '  let w = "";',
          `  if (i % ${a} === 0) w += "${wa}";`,
          `  if (i % ${b} === 0) w += "${wb}";`,
          '  r.push(w || String(i));',
          '}',
          'return r;',
        ]),
      },
    ],
    rules: [
      { bug: 'off-by-one', from: 'i <= n', to: 'i < n' },
      { bug: 'off-by-one', from: 'let i = 1', to: 'let i = 0' },
      { bug: 'operator', from: `w += "${wb}"`, to: `w = "${wb}"` },
    ],
    extraBuggy: [
      {
        bug: 'edge-case',
        code: fn('fizzMap', 'n', loop('i <= n', false)),
      },
    ],
  };
}

function multiples(k: number, mode: 'sum' | 'count'): ToyInstance {
  const ref = (n: number): number => range(1, n).filter((i) => i % k === 0).reduce((s, i) => s + (mode === 'sum' ? i : 1), 0);
  const add = mode === 'sum' ? 'i' : '1';
  return {
    key: `${mode}_${k}`,
    entry: mode === 'sum' ? 'sumMultiples' : 'countMultiples',
    args: 'n',
    statement: `Write a function ${mode === 'sum' ? 'sumMultiples' : 'countMultiples'}(n) that returns the ${mode} of the multiples of ${k} from 1 to n (inclusive).`,
    reference: ([n]) => ref(num(n)),
    cases: (rng) => [0, 1, k, k * 3, k * 2 + 1, k - 1, ...range(1, 2).map(() => rng.int(8 * k))].map((n) => [n]),
    correct: [
      { style: 'step-loop', code: fn(mode === 'sum' ? 'sumMultiples' : 'countMultiples', 'n', ['let s = 0;', `for (let i = ${k}; i <= n; i += ${k}) s += ${add};`, 'return s;']) },
      { style: 'mod-loop', code: fn(mode === 'sum' ? 'sumMultiples' : 'countMultiples', 'n', ['let s = 0;', 'for (let i = 1; i <= n; i++) {', `  if (i % ${k} === 0) s += ${add};`, '}', 'return s;']) },
      { style: 'while', code: fn(mode === 'sum' ? 'sumMultiples' : 'countMultiples', 'n', [`let s = 0, i = ${k};`, 'while (i <= n) {', `  s += ${add};`, `  i += ${k};`, '}', 'return s;']) },
    ],
    rules: [
      { bug: 'off-by-one', from: 'i <= n', to: 'i < n' },
      { bug: 'initial-value', from: 's = 0', to: 's = 1' },
      { bug: 'operator', from: `s += ${add}`, to: `s += ${mode === 'sum' ? '1' : 'i'}`, all: true },
      { bug: 'comparison', from: `i % ${k} === 0`, to: `i % ${k} !== 0` },
    ],
  };
}

function countDigit(d: number): ToyInstance {
  return {
    key: String(d),
    entry: 'countDigit',
    args: 'n',
    statement: `Write a function countDigit(n) that returns how many digits of the integer n >= 0 are equal to ${d}.`,
    reference: ([n]) => String(num(n)).split('').filter((c) => c === String(d)).length,
    cases: (rng) => {
      const first = d === 0 ? 0 : Number(`${d}1${d}`);
      return [0, first, 7, Number(`${d}${d}${(d + 3) % 10}`) || 33, 12345, ...range(1, 3).map(() => rng.int(100000))].map((n) => [n]);
    },
    correct: [
      { style: 'string-loop', code: fn('countDigit', 'n', ['const s = String(n);', 'let c = 0;', 'for (let i = 0; i < s.length; i++) {', `  if (s[i] === "${d}") c++;`, '}', 'return c;']) },
      { style: 'do-while', code: fn('countDigit', 'n', ['let c = 0;', 'do {', `  if (n % 10 === ${d}) c++;`, '  n = Math.floor(n / 10);', '} while (n > 0);', 'return c;']) },
      { style: 'filter', code: fn('countDigit', 'n', [`return String(n).split("").filter((c) => c === "${d}").length;`]) },
    ],
    rules: [
      { bug: 'initial-value', from: 'c = 0', to: 'c = 1' },
      { bug: 'off-by-one', from: 'let i = 0', to: 'let i = 1' },
      { bug: 'comparison', from: `=== "${d}"`, to: `!== "${d}"` },
      ...(d < 9 ? [{ bug: 'comparison' as const, from: `=== ${d})`, to: `>= ${d})` }] : []),
    ],
    extraBuggy:
      d === 0
        ? [{ bug: 'edge-case', code: fn('countDigit', 'n', ['let c = 0;', 'while (n > 0) {', '  if (n % 10 === 0) c++;', '  n = Math.floor(n / 10);', '}', 'return c;']) }]
        : [],
  };
}

export const NUMBER_TEMPLATES: ToyTemplate[] = [
  { family: 'clamp', title: 'Clamp to a range', heldOut: false, instances: grid([-5, -2, 0, 1, 3], [3, 5, 10]).map(([lo, w]) => clamp(lo, lo + w)) },
  {
    family: 'fizz-map',
    title: 'Fizzbuzz-like mapping',
    heldOut: false,
    instances: grid<[number, number], [string, string]>([[2, 3], [2, 5], [3, 4], [3, 5], [2, 7], [3, 7], [4, 5], [5, 7]], WORDS).map(([[a, b], w]) => fizzMap(a, b, w)),
  },
  { family: 'multiples', title: 'Sum / count of multiples', heldOut: false, instances: grid(range(2, 9), ['sum', 'count'] as const).map(([k, m]) => multiples(k, m)) },
  { family: 'count-digit', title: 'Count a digit', heldOut: true, instances: range(0, 9).map(countDigit) },
];
