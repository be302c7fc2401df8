// Checks that a value loaded from JSON is a Problem / ProblemSet (src/problems/schema.ts).
// Errors name the problem id and the field, and say what was expected.
import type { Problem, ProblemSet } from './schema';

export class ProblemFormatError extends Error {
  override name = 'ProblemFormatError';
}

const IDENT_PATH = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/;
const DIFFICULTIES = ['easy', 'medium', 'hard'];

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const kind = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : `a ${typeof v}`);

class Checker {
  readonly errors: string[] = [];
  constructor(private readonly where: string) {}
  fail(field: string, msg: string): void {
    this.errors.push(`${this.where}: field "${field}" ${msg}`);
  }
  str(o: Obj, f: string, opts: { optional?: boolean; nonEmpty?: boolean } = {}): void {
    const v = o[f];
    if (v === undefined && opts.optional) return;
    if (typeof v !== 'string') this.fail(f, `must be a string (got ${kind(v)})`);
    else if (opts.nonEmpty && v.trim() === '') this.fail(f, 'must not be empty');
  }
  strArray(o: Obj, f: string): void {
    const v = o[f];
    if (v === undefined) return;
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) this.fail(f, 'must be an array of strings');
  }
  json(v: unknown, f: string, depth = 0): void {
    if (depth > 200) return this.fail(f, 'is nested too deeply');
    if (v === null || typeof v === 'string' || typeof v === 'boolean') return;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) this.fail(f, 'holds a non-finite number: write {"$nan":true} or {"$inf":1}');
      return;
    }
    if (Array.isArray(v)) return v.forEach((x, i) => this.json(x, `${f}[${i}]`, depth + 1));
    if (!isObj(v)) return this.fail(f, `is not a JSON value (got ${kind(v)})`);
    const keys = Object.keys(v);
    if (keys.length === 1 && keys[0]!.startsWith('$')) return this.tagged(keys[0]!, v[keys[0]!], f, depth);
    for (const k of keys) this.json(v[k], `${f}.${k}`, depth + 1);
  }
  private tagged(tag: string, x: unknown, f: string, depth: number): void {
    switch (tag) {
      case '$undefined':
      case '$nan':
      case '$negzero':
        if (x !== true) this.fail(f, `uses ${tag}, whose value must be true`);
        return;
      case '$inf':
        if (x !== 1 && x !== -1) this.fail(f, 'uses $inf, whose value must be 1 or -1');
        return;
      case '$bigint':
        if (typeof x !== 'string' || !/^-?\d+$/.test(x)) this.fail(f, 'uses $bigint, whose value must be a string of digits');
        return;
      case '$map':
        if (!Array.isArray(x) || x.some((p) => !Array.isArray(p) || p.length !== 2)) return this.fail(f, 'uses $map, whose value must be an array of [key, value] pairs');
        return x.forEach((p, i) => this.json(p, `${f}.$map[${i}]`, depth + 1));
      case '$set':
        if (!Array.isArray(x)) return this.fail(f, 'uses $set, whose value must be an array');
        return x.forEach((p, i) => this.json(p, `${f}.$set[${i}]`, depth + 1));
      default:
        this.json(x, `${f}.${tag}`, depth + 1);
    }
  }
  tests(v: unknown): void {
    if (!isObj(v)) return this.fail('tests', `must be an object with "kind": "call" | "assert" | "stdio" (got ${kind(v)})`);
    switch (v.kind) {
      case 'call': {
        if (typeof v.entry !== 'string' || !IDENT_PATH.test(v.entry)) this.fail('tests.entry', 'must be the name of the function to call, e.g. "sumEven"');
        if (v.tolerance !== undefined && (typeof v.tolerance !== 'number' || !(v.tolerance >= 0))) this.fail('tests.tolerance', 'must be a non-negative number');
        if (!Array.isArray(v.cases) || v.cases.length === 0) return this.fail('tests.cases', 'must be a non-empty array of {args, expected}');
        v.cases.forEach((c: unknown, i: number) => {
          const f = `tests.cases[${i}]`;
          if (!isObj(c)) return this.fail(f, 'must be an object {args, expected}');
          if (!Array.isArray(c.args)) this.fail(`${f}.args`, `must be an array of arguments (got ${kind(c.args)})`);
          else this.json(c.args, `${f}.args`);
          if (!('expected' in c)) this.fail(`${f}.expected`, 'is missing (write {"$undefined":true} for undefined)');
          else this.json(c.expected, `${f}.expected`);
        });
        return;
      }
      case 'assert':
        if (typeof v.code !== 'string' || v.code.trim() === '') this.fail('tests.code', 'must be the test program (a non-empty string)');
        if (v.count !== undefined && (!Number.isInteger(v.count) || (v.count as number) < 1)) this.fail('tests.count', 'must be a positive integer');
        return;
      case 'stdio':
        if (!Array.isArray(v.cases) || v.cases.length === 0) return this.fail('tests.cases', 'must be a non-empty array of {input, output}');
        v.cases.forEach((c: unknown, i: number) => {
          if (!isObj(c) || typeof c.input !== 'string' || typeof c.output !== 'string') this.fail(`tests.cases[${i}]`, 'must be {input: string, output: string}');
        });
        return;
      default:
        this.fail('tests.kind', `must be "call", "assert" or "stdio" (got ${JSON.stringify(v.kind)})`);
    }
  }
}

function problemErrors(x: unknown, index: number): string[] {
  if (!isObj(x)) return [`problem #${index}: must be an object (got ${kind(x)})`];
  const id = typeof x.id === 'string' && x.id !== '' ? x.id : null;
  const c = new Checker(id ? `problem "${id}"` : `problem #${index}`);
  if (!id) c.fail('id', 'must be a non-empty string, unique in the set');
  c.str(x, 'title');
  c.str(x, 'statement', { nonEmpty: true });
  if (x.difficulty !== undefined && !DIFFICULTIES.includes(x.difficulty as string)) c.fail('difficulty', `must be one of ${DIFFICULTIES.join(', ')}`);
  c.str(x, 'starter', { optional: true });
  c.tests(x.tests);
  c.str(x, 'reference', { optional: true, nonEmpty: true });
  c.strArray(x, 'buggy');
  c.strArray(x, 'tags');
  c.str(x, 'source', { optional: true });
  if (x.split !== undefined && x.split !== 'train' && x.split !== 'eval') c.fail('split', 'must be "train" or "eval"');
  return c.errors;
}

function report(errors: string[]): never {
  const shown = errors.slice(0, 20);
  const more = errors.length > shown.length ? `\n  … and ${errors.length - shown.length} more` : '';
  throw new ProblemFormatError(`invalid problem data (${errors.length} error${errors.length > 1 ? 's' : ''}):\n  ${shown.join('\n  ')}${more}`);
}

/** Returns `x` as a Problem, or throws ProblemFormatError naming the problem and field. */
export function validateProblem(x: unknown): Problem {
  const errors = problemErrors(x, 0);
  if (errors.length) report(errors);
  return x as Problem;
}

/** Returns `x` as a ProblemSet (all problems valid, ids unique), or throws ProblemFormatError. */
export function validateProblemSet(x: unknown): ProblemSet {
  if (!isObj(x)) throw new ProblemFormatError(`invalid problem set: expected an object {name, problems: [...]} (got ${kind(x)})`);
  const errors: string[] = [];
  if (typeof x.name !== 'string' || x.name === '') errors.push('problem set: field "name" must be a non-empty string');
  if (!Array.isArray(x.problems)) errors.push('problem set: field "problems" must be an array');
  else {
    const seen = new Set<string>();
    x.problems.forEach((p: unknown, i: number) => {
      errors.push(...problemErrors(p, i));
      const id = isObj(p) ? p.id : undefined;
      if (typeof id === 'string') {
        if (seen.has(id)) errors.push(`problem "${id}": field "id" is used by more than one problem`);
        seen.add(id);
      }
    });
  }
  if (errors.length) report(errors);
  return x as unknown as ProblemSet;
}
