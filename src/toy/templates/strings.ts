// String templates: counting characters from a set, reversing separated parts, padding,
// repeating with a separator.
import type { JsonValue } from '../../problems/schema';
import { fn, grid, range, word, type ToyInstance, type ToyTemplate } from '../template';

const str = (v: JsonValue): string => v as string;

function countChars(set: string): ToyInstance {
  const others = 'bdfhkrtw'.split('').filter((c) => !set.includes(c)).join('');
  return {
    key: set,
    entry: 'countChars',
    args: 's',
    statement: `Write a function countChars(s) that returns how many characters of s are one of "${set}".`,
    reference: ([s]) => str(s).split('').filter((c) => set.includes(c)).length,
    cases: (rng) => {
      const fixed = ['', others.slice(0, 3), set[0]! + others[0]! + set, others[1]! + set[set.length - 1]!];
      return [...fixed, ...range(1, 4).map(() => word(rng, set + others, 1, 9))].map((s) => [s]);
    },
    correct: [
      { style: 'for-of', code: fn('countChars', 's', ['let c = 0;', 'for (const ch of s) {', `  if ("${set}".includes(ch)) c++;`, '}', 'return c;']) },
      { style: 'index-loop', code: fn('countChars', 's', ['let c = 0;', 'for (let i = 0; i < s.length; i++) {', `  if ("${set}".includes(s[i])) c++;`, '}', 'return c;']) },
      { style: 'filter', code: fn('countChars', 's', [`return s.split("").filter((ch) => "${set}".includes(ch)).length;`]) },
      { style: 'regex', code: fn('countChars', 's', [`return (s.match(/[${set}]/g) || []).length;`]) },
    ],
    rules: [
      { bug: 'initial-value', from: 'c = 0', to: 'c = 1' },
      { bug: 'off-by-one', from: 'let i = 0', to: 'let i = 1' },
      { bug: 'operator', from: `if ("${set}"`, to: `if (!"${set}"` },
      { bug: 'operator', from: `=> "${set}"`, to: `=> !"${set}"` },
    ],
    extraBuggy: [{ bug: 'edge-case', code: fn('countChars', 's', [`return s.match(/[${set}]/g).length;`]) }],
  };
}

function reverseParts(sep: string, mode: 'order' | 'each'): ToyInstance {
  const q = JSON.stringify(sep);
  const ref = (s: string): string =>
    mode === 'order' ? s.split(sep).reverse().join(sep) : s.split(sep).map((w) => w.split('').reverse().join('')).join(sep);
  const wrongSep = sep === ' ' ? '","' : '" "';
  const correct =
    mode === 'order'
      ? [
          { style: 'builtin', code: fn('reverseParts', 's', [`return s.split(${q}).reverse().join(${q});`]) },
          { style: 'index-loop', code: fn('reverseParts', 's', [`const w = s.split(${q});`, 'const r = [];', 'for (let i = w.length - 1; i >= 0; i--) r.push(w[i]);', `return r.join(${q});`]) },
        ]
      : [
          { style: 'map', code: fn('reverseParts', 's', [`return s.split(${q}).map((w) => w.split("").reverse().join("")).join(${q});`]) },
          { style: 'for-of', code: fn('reverseParts', 's', ['const r = [];', `for (const w of s.split(${q})) {`, '  let t = "";', '  for (const ch of w) t = ch + t;', '  r.push(t);', '}', `return r.join(${q});`]) },
        ];
  return {
    key: `${mode}_${encodeURIComponent(sep)}`,
    entry: 'reverseParts',
    args: 's',
    statement:
      mode === 'order'
        ? `Write a function reverseParts(s) that returns s with its parts (separated by ${q}) in reverse order.`
        : `Write a function reverseParts(s) that reverses each part of s (parts are separated by ${q}) and keeps their order.`,
    reference: ([s]) => ref(str(s)),
    cases: (rng) => {
      const parts = (n: number) => range(1, n).map(() => word(rng, 'abcdexyz', 1, 4)).join(sep);
      const fixed = ['', 'abc', `ab${sep}cd${sep}ef`, `x${sep}yz`];
      return [...fixed, ...range(1, 3).map(() => parts(2 + rng.int(3)))].map((s) => [s]);
    },
    correct,
    rules: [
      { bug: 'off-by-one', from: 'i >= 0', to: 'i > 0' },
      { bug: 'operator', from: `.join(${q})`, to: `.join(${wrongSep})` },
      { bug: 'operator', from: 't = ch + t', to: 't = t + ch' },
    ],
    extraBuggy:
      mode === 'order'
        ? [{ bug: 'operator', code: fn('reverseParts', 's', ['return s.split("").reverse().join("");']) }]
        : [{ bug: 'operator', code: fn('reverseParts', 's', [`return s.split(${q}).reverse().join(${q});`]) }],
  };
}

function padLeft(c: string, n: number): ToyInstance {
  return {
    key: `${encodeURIComponent(c)}_${n}`,
    entry: 'padLeft',
    args: 's',
    statement: `Write a function padLeft(s) that adds "${c}" to the left of s until it is ${n} characters long. Longer strings stay unchanged.`,
    reference: ([s]) => str(s).padStart(n, c),
    cases: (rng) => {
      const fixed = ['', 'ab', 'x'.repeat(n), 'y'.repeat(n + 2), 'z'.repeat(n - 1)];
      return [...fixed, ...range(1, 3).map(() => word(rng, 'abcxyz', 0, n + 2))].map((s) => [s]);
    },
    correct: [
      { style: 'while', code: fn('padLeft', 's', [`while (s.length < ${n}) s = "${c}" + s;`, 'return s;']) },
      { style: 'builtin', code: fn('padLeft', 's', [`return s.padStart(${n}, "${c}");`]) },
      { style: 'repeat', code: fn('padLeft', 's', [`return "${c}".repeat(Math.max(0, ${n} - s.length)) + s;`]) },
    ],
    rules: [
      { bug: 'comparison', from: `s.length < ${n}`, to: `s.length <= ${n}` },
      { bug: 'operator', from: `s = "${c}" + s`, to: `s = s + "${c}"` },
      { bug: 'edge-case', from: `Math.max(0, ${n} - s.length)`, to: `${n} - s.length` },
      { bug: 'off-by-one', from: `(Math.max(0, ${n} - `, to: `(Math.max(0, ${n - 1} - ` },
      { bug: 'off-by-one', from: `padStart(${n}`, to: `padStart(${n + 1}` },
    ],
  };
}

function repeatJoin(k: number, sep: string): ToyInstance {
  const q = JSON.stringify(sep);
  return {
    key: `${k}_${encodeURIComponent(sep)}`,
    entry: 'repeatJoin',
    args: 's',
    statement: `Write a function repeatJoin(s) that returns s repeated ${k} times, with ${q} between the copies.`,
    reference: ([s]) => Array(k).fill(str(s)).join(sep),
    cases: (rng) => [...['ab', '', 'x', 'hi there', '-,+'], ...range(1, 3).map(() => word(rng, 'abcxyz', 2, 6))].map((s) => [s]),
    correct: [
      { style: 'builtin', code: fn('repeatJoin', 's', [`return Array(${k}).fill(s).join(${q});`]) },
      { style: 'index-loop', code: fn('repeatJoin', 's', ['let r = s;', `for (let i = 1; i < ${k}; i++) r += ${q} + s;`, 'return r;']) },
      { style: 'repeat', code: fn('repeatJoin', 's', [`return (s + ${q}).repeat(${k}).slice(0, -${sep.length});`]) },
    ],
    rules: [
      { bug: 'off-by-one', from: `Array(${k})`, to: `Array(${k - 1})` },
      { bug: 'off-by-one', from: `i < ${k}`, to: `i <= ${k}` },
      { bug: 'initial-value', from: 'let r = s;', to: 'let r = "";' },
      { bug: 'edge-case', from: `.slice(0, -${sep.length})`, to: '' },
    ],
  };
}

export const STRING_TEMPLATES: ToyTemplate[] = [
  { family: 'count-chars', title: 'Count characters from a set', heldOut: false, instances: ['aeiou', 'xyz', 'abc', 'st', 'aei', 'mn', 'ou', 'lmno'].map(countChars) },
  { family: 'reverse-parts', title: 'Reverse separated parts', heldOut: false, instances: grid([' ', ',', '-', ';', '/', '|'], ['order', 'each'] as const).map(([s, m]) => reverseParts(s, m)) },
  { family: 'repeat-join', title: 'Repeat with a separator', heldOut: false, instances: grid([2, 3, 4, 5], ['-', ',', ' ', '+']).map(([k, s]) => repeatJoin(k, s)) },
  { family: 'pad-left', title: 'Left padding', heldOut: true, instances: grid(['*', '0', '.', '-', '#'], [3, 4, 5, 6, 7, 8]).map(([c, n]) => padLeft(c, n)) },
];
