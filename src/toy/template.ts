// What a toy task template is: a parameter space, and for each parameter setting a statement,
// a reference implementation (TypeScript, used to compute expected outputs), a case generator,
// correct solutions in several styles and bug rules that turn correct solutions into plausible
// wrong ones. Solutions are JavaScript source strings rendered from the parameters.
import type { JsonValue } from '../problems/schema';
import type { Rng } from '../dust/rng';

/** The kinds of mistakes the buggy variants make (issue 7's list). */
export type BugKind = 'off-by-one' | 'comparison' | 'initial-value' | 'operator' | 'edge-case';

export interface Solution {
  code: string;
  /** Correct solutions: how it is written (for-of, index-loop, while, reduce, builtin, early-return, ...). */
  style?: string;
  /** Buggy solutions: the mistake. */
  bug?: BugKind;
}

/**
 * A textual mutation of correct solutions: every correct solution containing `from` yields a
 * buggy variant with `to` in its place (the first occurrence, or all with `all`).
 */
export interface BugRule {
  bug: BugKind;
  from: string;
  to: string;
  all?: boolean;
}

/** One parameter setting of a template: everything needed to make a problem. */
export interface ToyInstance {
  /** The parameters as a short stable string, e.g. "gt_3" (part of the problem id). */
  key: string;
  entry: string;
  /** The parameter list of the signature, e.g. "xs". */
  args: string;
  statement: string;
  /** Expected output for an argument list (pure TS, never eval of a solution). */
  reference: (args: JsonValue[]) => JsonValue;
  /** Argument lists: fixed edge cases first, then seeded random ones. */
  cases: (rng: Rng) => JsonValue[][];
  correct: Solution[];
  rules: BugRule[];
  /** Wrong solutions that are not a one-place mutation of a correct one. */
  extraBuggy?: Solution[];
}

export interface ToyTemplate {
  family: string;
  title: string;
  /** Held-out families appear only in the eval split. */
  heldOut: boolean;
  instances: readonly ToyInstance[];
}

export type Cmp = '>' | '>=' | '<' | '<=';
export const CMPS: readonly Cmp[] = ['>', '>=', '<', '<='];
const CMP_KEY: Record<Cmp, string> = { '>': 'gt', '>=': 'ge', '<': 'lt', '<=': 'le' };
const CMP_WORDS: Record<Cmp, string> = { '>': 'greater than', '>=': 'at least', '<': 'less than', '<=': 'at most' };
const CMP_FLIP: Record<Cmp, Cmp> = { '>': '>=', '>=': '>', '<': '<=', '<=': '<' };

export const cmpKey = (op: Cmp, k: number): string => `${CMP_KEY[op]}_${k}`;
export const cmpWords = (op: Cmp, k: number): string => `${CMP_WORDS[op]} ${k}`;
export const cmpSource = (v: string, op: Cmp, k: number): string => `${v} ${op} ${k}`;
export function cmpTest(x: number, op: Cmp, k: number): boolean {
  return op === '>' ? x > k : op === '>=' ? x >= k : op === '<' ? x < k : x <= k;
}
/** The `>` vs `>=` mistake on a predicate written by cmpSource. */
export const flipRule = (v: string, op: Cmp, k: number): BugRule => ({ bug: 'comparison', from: cmpSource(v, op, k), to: cmpSource(v, CMP_FLIP[op], k), all: true });
/** A value that satisfies / fails the predicate, near the boundary. */
export const inside = (op: Cmp, k: number, d = 1): number => (op[0] === '>' ? k + d : k - d);
export const outside = (op: Cmp, k: number, d = 1): number => (op[0] === '>' ? k - d : k + d);

/** `function name(args) {` + indented body lines + `}`. */
export function fn(name: string, args: string, body: string[]): string {
  return `function ${name}(${args}) {\n${body.map((l) => `  ${l}`).join('\n')}\n}`;
}

export function intArray(rng: Rng, len: number, lo: number, hi: number): number[] {
  return Array.from({ length: len }, () => lo + rng.int(hi - lo + 1));
}

export function word(rng: Rng, alphabet: string, minLen: number, maxLen: number): string {
  const n = minLen + rng.int(maxLen - minLen + 1);
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[rng.int(alphabet.length)];
  return s;
}

/** All combinations of two parameter lists. */
export function grid<A, B>(as: readonly A[], bs: readonly B[]): [A, B][] {
  return as.flatMap((a) => bs.map((b): [A, B] => [a, b]));
}

export function range(lo: number, hi: number): number[] {
  return Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
}
