// Value equality for call-based tests. Both sides arrive as tagged JSON (the problem's
// `expected`, and the candidate's result serialised inside the sandbox by the prelude's
// `ser`), are decoded here into plain JS values, and compared by `deepEqual`.
import type { JsonValue } from '../problems/schema';

/** Marker for values the sandbox could not represent (functions, symbols, cycles, huge results). */
export class Opaque {
  constructor(readonly what: string) {}
}

/**
 * Decodes the tagged JSON forms of src/problems/schema.ts into JS values:
 * {"$undefined":true} → undefined, {"$nan":true} → NaN, {"$inf":±1} → ±Infinity,
 * {"$negzero":true} → -0, {"$bigint":"12"} → 12n, {"$map":[[k,v],...]} → Map,
 * {"$set":[v,...]} → Set, {"$obj":{...}} → that object, its keys taken literally (how a plain
 * object whose only key starts with $ is written, so it cannot read as a tag). The sandbox also emits {"$function":name}, {"$symbol":desc},
 * {"$cycle":true}, {"$date":iso} and {"$toolarge":true}; those decode to `Opaque` (never equal to
 * anything) except $date, which becomes a Date. Any other object is a plain object.
 */
export function decodeTagged(v: JsonValue): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(decodeTagged);
  const keys = Object.keys(v);
  if (keys.length === 1) {
    const k = keys[0]!;
    const x = v[k]!;
    switch (k) {
      case '$undefined':
        return undefined;
      case '$nan':
        return NaN;
      case '$inf':
        return (x as number) < 0 ? -Infinity : Infinity;
      case '$negzero':
        return -0;
      case '$bigint':
        return BigInt(x as string);
      case '$map':
        return new Map((x as JsonValue[][]).map(([a, b]) => [decodeTagged(a!), decodeTagged(b!)]));
      case '$set':
        return new Set((x as JsonValue[]).map(decodeTagged));
      case '$date':
        return new Date(x as string);
      case '$obj':
        // An escaped plain object whose only key starts with $ (see prelude/call.js).
        if (x !== null && typeof x === 'object' && !Array.isArray(x)) return decodePlain(x);
        break;
      case '$function':
      case '$symbol':
      case '$cycle':
      case '$toolarge':
        return new Opaque(`${k.slice(1)}${typeof x === 'string' ? ` ${x}` : ''}`);
    }
  }
  return decodePlain(v);
}

/**
 * The inverse of `decodeTagged` for values built on the host (the built-in problem authoring
 * script): JS value → tagged JSON, with a plain object whose only key starts with $ escaped
 * as {"$obj":{...}} like the sandbox prelude does. Functions and symbols have no JSON form.
 */
export function encodeTagged(v: unknown): JsonValue {
  if (v === undefined) return { $undefined: true };
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return { $nan: true };
    if (v === Infinity) return { $inf: 1 };
    if (v === -Infinity) return { $inf: -1 };
    if (Object.is(v, -0)) return { $negzero: true };
    return v;
  }
  if (typeof v === 'bigint') return { $bigint: v.toString() };
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
  if (Array.isArray(v)) return v.map(encodeTagged);
  if (v instanceof Map) return { $map: [...v].map(([k, x]) => [encodeTagged(k), encodeTagged(x)]) };
  if (v instanceof Set) return { $set: [...v].map(encodeTagged) };
  if (v instanceof Date) return { $date: v.toISOString() };
  if (typeof v === 'object') {
    const o: { [k: string]: JsonValue } = {};
    for (const [k, x] of Object.entries(v)) o[k] = encodeTagged(x);
    const keys = Object.keys(o);
    return keys.length === 1 && keys[0]!.startsWith('$') ? { $obj: o } : o;
  }
  throw new TypeError(`encodeTagged: a ${typeof v} has no tagged JSON form`);
}

function decodePlain(v: { [k: string]: JsonValue }): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) out[k] = decodeTagged(v[k]!);
  return out;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Map) && !(v instanceof Set) && !(v instanceof Date) && !(v instanceof Opaque);

/**
 * Deep structural equality, the rule for call-based tests:
 * - numbers: equal if `===` (so -0 equals 0), or both NaN, or (with `tolerance`) both finite
 *   and |a − b| ≤ tolerance. Infinities equal only themselves. A number never equals a bigint
 *   or a numeric string.
 * - bigint, string, boolean, null, undefined: `===`. undefined ≠ null.
 * - arrays: both arrays, same length, elements equal pairwise (holes are undefined).
 * - plain objects (class instances count as plain objects of their own enumerable
 *   properties): the same keys and equal values, where a property whose value is undefined
 *   counts as missing (JSON's view: {a: 1, b: undefined} equals {a: 1}).
 * - Map: same size and every entry of one has an equal key in the other with an equal value.
 * - Set: same size and every element of one has an equal element in the other.
 * - Date: same time value. Opaque values (functions, symbols, cycles) equal nothing.
 * - An array never equals an object, a Map never equals a Set or a plain object.
 */
export function deepEqual(a: unknown, b: unknown, tolerance = 0): boolean {
  if (typeof a === 'number' && typeof b === 'number') {
    if (a === b) return true;
    if (Number.isNaN(a) && Number.isNaN(b)) return true;
    return tolerance > 0 && Number.isFinite(a) && Number.isFinite(b) && Math.abs(a - b) <= tolerance;
  }
  if (a === b) return !(a instanceof Opaque);
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (a instanceof Opaque || b instanceof Opaque) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i], tolerance)) return false;
    return true;
  }
  if (a instanceof Map || b instanceof Map) {
    if (!(a instanceof Map) || !(b instanceof Map) || a.size !== b.size) return false;
    for (const [k, v] of a) {
      const match = findKey(b, k, tolerance);
      if (match === NOT_FOUND || !deepEqual(v, b.get(match), tolerance)) return false;
    }
    return true;
  }
  if (a instanceof Set || b instanceof Set) {
    if (!(a instanceof Set) || !(b instanceof Set) || a.size !== b.size) return false;
    for (const x of a) if (findKey(b, x, tolerance) === NOT_FOUND) return false;
    return true;
  }
  if (a instanceof Date || b instanceof Date) {
    return a instanceof Date && b instanceof Date && Object.is(a.getTime(), b.getTime());
  }
  if (!isPlainObject(a) || !isPlainObject(b)) return false;
  const ka = Object.keys(a).filter((k) => a[k] !== undefined);
  const kb = Object.keys(b).filter((k) => b[k] !== undefined);
  if (ka.length !== kb.length) return false;
  for (const k of ka) if (!Object.prototype.hasOwnProperty.call(b, k) || !deepEqual(a[k], b[k], tolerance)) return false;
  return true;
}

const NOT_FOUND = Symbol('not found');

function findKey(c: Map<unknown, unknown> | Set<unknown>, k: unknown, tolerance: number): unknown {
  if (c.has(k)) return k;
  for (const x of c.keys()) if (deepEqual(k, x, tolerance)) return x;
  return NOT_FOUND;
}

/** Short rendering of a decoded value for failure messages. */
export function render(v: unknown, max = 300): string {
  const s = renderInner(v, 0);
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

function renderInner(v: unknown, depth: number): string {
  if (depth > 6) return '…';
  if (v === undefined) return 'undefined';
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === null || typeof v !== 'object') return String(v);
  if (v instanceof Opaque) return `<${v.what}>`;
  if (Array.isArray(v)) return `[${v.map((x) => renderInner(x, depth + 1)).join(', ')}]`;
  if (v instanceof Map) return `Map{${[...v].map(([k, x]) => `${renderInner(k, depth + 1)} => ${renderInner(x, depth + 1)}`).join(', ')}}`;
  if (v instanceof Set) return `Set{${[...v].map((x) => renderInner(x, depth + 1)).join(', ')}}`;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? 'Invalid Date' : `Date(${v.toISOString()})`;
  return `{${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}: ${renderInner(x, depth + 1)}`).join(', ')}}`;
}
