// The equality rules of call-based tests (src/sandbox/equal.ts) and the stdout rule of
// stdio tests (src/sandbox/stdio-compare.ts), on host values.
import { expect, test } from 'vitest';
import { decodeTagged, deepEqual, Opaque, render } from '../../src/sandbox/equal';
import { compareStdout } from '../../src/sandbox/stdio-compare';

test('numbers: -0 equals 0, NaN equals NaN, tolerance is absolute, infinities only themselves', () => {
  expect(deepEqual(-0, 0)).toBe(true);
  expect(deepEqual(NaN, NaN)).toBe(true);
  expect(deepEqual(0.1 + 0.2, 0.3)).toBe(false);
  expect(deepEqual(0.1 + 0.2, 0.3, 1e-9)).toBe(true);
  expect(deepEqual(1, 1.1, 0.05)).toBe(false);
  expect(deepEqual(Infinity, Infinity, 1)).toBe(true);
  expect(deepEqual(Infinity, 1e308, 1e308)).toBe(false);
  expect(deepEqual(1, '1')).toBe(false);
  expect(deepEqual(1, 1n)).toBe(false);
  expect(deepEqual(12n, 12n)).toBe(true);
});

test('arrays, plain objects, undefined vs missing vs null', () => {
  expect(deepEqual([1, [2, 3]], [1, [2, 3]])).toBe(true);
  expect(deepEqual([1, 2], [1, 2, 3])).toBe(false);
  expect(deepEqual([1, 2], { 0: 1, 1: 2 })).toBe(false);
  expect(deepEqual({ a: 1, b: undefined }, { a: 1 })).toBe(true);
  expect(deepEqual({ a: 1, b: null }, { a: 1 })).toBe(false);
  expect(deepEqual({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(true);
  expect(deepEqual({ a: 1 }, { a: 1, c: 0 })).toBe(false);
  expect(deepEqual(undefined, null)).toBe(false);
  expect(deepEqual([undefined], [null])).toBe(false);
});

test('Maps and Sets compare unordered, by deep equality of keys and values', () => {
  expect(deepEqual(new Map([[1, 'a'], [2, 'b']]), new Map([[2, 'b'], [1, 'a']]))).toBe(true);
  expect(deepEqual(new Map([[1, 'a']]), new Map([[1, 'b']]))).toBe(false);
  expect(deepEqual(new Set([[1], [2]]), new Set([[2], [1]]))).toBe(true);
  expect(deepEqual(new Set([1, 2]), new Set([1, 3]))).toBe(false);
  expect(deepEqual(new Set([1]), [1])).toBe(false);
  expect(deepEqual(new Map(), {})).toBe(false);
});

test('tagged JSON decodes to the values it names', () => {
  expect(decodeTagged({ $undefined: true })).toBeUndefined();
  expect(decodeTagged({ $nan: true })).toBeNaN();
  expect(decodeTagged({ $inf: -1 })).toBe(-Infinity);
  expect(Object.is(decodeTagged({ $negzero: true }), -0)).toBe(true);
  expect(decodeTagged({ $bigint: '123456789012345678901234567890' })).toBe(123456789012345678901234567890n);
  expect(decodeTagged({ $map: [['a', [1]], [2, { $set: [3] }]] })).toEqual(new Map<unknown, unknown>([['a', [1]], [2, new Set([3])]]));
  expect(decodeTagged({ a: { $undefined: true }, b: [1, { $nan: true }] })).toEqual({ a: undefined, b: [1, NaN] });
  // An object with two keys is a plain object even if one key looks like a tag.
  expect(decodeTagged({ $set: [1], other: 2 })).toEqual({ $set: [1], other: 2 });
  expect(decodeTagged({ $function: 'f' })).toBeInstanceOf(Opaque);
  expect(deepEqual(decodeTagged({ $function: 'f' }), decodeTagged({ $function: 'f' }))).toBe(false);
});

test('render shows values compactly', () => {
  expect(render([1, 'a', undefined, -0, 5n, new Map([[1, 2]])])).toBe('[1, "a", undefined, -0, 5n, Map{1 => 2}]');
  expect(render('x'.repeat(1000)).length).toBeLessThanOrEqual(301);
});

test('stdout: lines trimmed, trailing blank lines ignored, numeric tokens as numbers', () => {
  expect(compareStdout('3 \n4\n\n', '3\n4')).toBeNull();
  expect(compareStdout('1.0 2\r\n', '1 2.00\n')).toBeNull();
  expect(compareStdout('-0', '0')).toBeNull();
  expect(compareStdout('1e3', '1000')).toBeNull();
  expect(compareStdout('YES', 'yes')).toEqual({ line: 0, expected: 'yes', got: 'YES' });
  expect(compareStdout('1 2', '1  2')).toBeNull();
  expect(compareStdout('1\n2', '1\n3')).toEqual({ line: 1, expected: '3', got: '2' });
  expect(compareStdout('1', '1\n2')).toEqual({ line: 1, expected: '2', got: '<end of output>' });
  expect(compareStdout('0x10', '16')).not.toBeNull();
});
