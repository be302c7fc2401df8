// The built-in problem set: every problem has the schema's shape and enough tests, every
// reference solution passes its tests, and every buggy solution is caught by them.
import vm from 'node:vm';
import { describe, expect, test } from 'vitest';
import { builtinSplit, loadBuiltinProblems } from '../../src/problems/builtin';
import type { CallTests, JsonValue, Problem } from '../../src/problems/schema';

const set = loadBuiltinProblems();
const problems = set.problems;

describe('built-in problem set: shape', () => {
  test('has at least 150 problems with unique ids', () => {
    expect(problems.length).toBeGreaterThanOrEqual(150);
    const ids = problems.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  test.each(problems.map((p) => [p.id, p] as const))('%s is well formed', (_id, p) => {
    expect(p.id).toMatch(/^dust\/[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(p.title.trim().length).toBeGreaterThan(0);
    expect(p.statement.trim().length).toBeGreaterThan(20);
    expect(['easy', 'medium', 'hard']).toContain(p.difficulty);
    expect(['train', 'eval']).toContain(p.split);
    expect(p.source).toBe('dust-builtin');
    expect(p.tags?.length).toBeGreaterThan(0);
    expect(p.tests.kind).toBe('call');
    const t = p.tests as CallTests;
    // The statement names the function the harness calls, and the starter declares it.
    expect(p.statement).toContain(t.entry);
    expect(p.starter).toMatch(new RegExp(`^function ${t.entry}\\(.*\\) \\{$`));
    expect(t.cases.length).toBeGreaterThanOrEqual(6);
    for (const c of t.cases) expect(Array.isArray(c.args)).toBe(true);
    expect(p.reference?.startsWith(p.starter!)).toBe(true);
    expect(p.buggy?.length).toBeGreaterThanOrEqual(1);
    for (const b of p.buggy!) expect(b).not.toBe(p.reference);
  });

  test('split: about 120 train and 30+ eval, eval spread over difficulties and topics', () => {
    const { train, eval: held } = builtinSplit();
    expect(train.length + held.length).toBe(problems.length);
    expect(held.length).toBeGreaterThanOrEqual(30);
    expect(train.length).toBeGreaterThanOrEqual(115);
    for (const d of ['easy', 'medium', 'hard']) expect(held.filter((p) => p.difficulty === d).length).toBeGreaterThanOrEqual(5);
    const topicsOf = (ps: Problem[]) => new Set(ps.map((p) => p.tags![0]));
    expect(topicsOf(held)).toEqual(topicsOf(problems));
  });
});

// Until the QuickJS pool lands, solutions run in node:vm with the harness's rules:
// tagged JSON decoded, args cloned per case, deep equality with -0 == 0 and NaN == NaN.
function decode(v: JsonValue): unknown {
  if (Array.isArray(v)) return v.map(decode);
  if (v !== null && typeof v === 'object') {
    if ('$undefined' in v) return undefined;
    if ('$nan' in v) return NaN;
    if ('$inf' in v) return (v.$inf as number) > 0 ? Infinity : -Infinity;
    if ('$negzero' in v) return -0;
    if ('$bigint' in v) return BigInt(v.$bigint as string);
    if ('$map' in v) return new Map((v.$map as JsonValue[][]).map(([k, x]) => [decode(k), decode(x)]));
    if ('$set' in v) return new Set((v.$set as JsonValue[]).map(decode));
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, decode(x)]));
  }
  return v;
}

function deepEqual(a: unknown, b: unknown, tol?: number): boolean {
  if (typeof a === 'number' && typeof b === 'number') {
    if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
    return a === b || (tol !== undefined && Math.abs(a - b) <= tol);
  }
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return a === b;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i], tol));
  }
  if (a instanceof Map || b instanceof Map) {
    if (!(a instanceof Map && b instanceof Map) || a.size !== b.size) return false;
    return [...a].every(([k, x]) => b.has(k) && deepEqual(x, b.get(k), tol));
  }
  if (a instanceof Set || b instanceof Set) {
    return a instanceof Set && b instanceof Set && a.size === b.size && [...a].every((x) => b.has(x));
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const ka = Object.keys(ra).sort();
  return deepEqual(ka, Object.keys(rb).sort()) && ka.every((k) => deepEqual(ra[k], rb[k], tol));
}

function passesAll(p: Problem, code: string): boolean {
  const t = p.tests as CallTests;
  return t.cases.every((c) => {
    try {
      const fn = vm.runInContext(`${code}\n;${t.entry}`, vm.createContext({}), { timeout: 2000 }) as (...a: unknown[]) => unknown;
      // Cloning brings the result into this realm so Map/Set checks work.
      const got = structuredClone(fn(...(structuredClone(decode(c.args)) as unknown[])));
      return deepEqual(got, decode(c.expected), t.tolerance);
    } catch {
      return false;
    }
  });
}

describe('built-in problem set: solutions (node:vm)', () => {
  test.each(problems.map((p) => [p.id, p] as const))('%s: reference passes, every buggy fails', (_id, p) => {
    expect(passesAll(p, p.reference!)).toBe(true);
    p.buggy!.forEach((b, i) => expect(passesAll(p, b), `buggy #${i} passed`).toBe(false));
  });
});
