// Code extraction from model responses (src/problems/extract.ts).
import { expect, test } from 'vitest';
import { answerPart, extractCode, fencedBlocks, parsesAsJavaScript, stripModuleSyntax } from '../../src/problems/extract';

test('only the text after the last </think> counts; an unclosed <think> yields nothing', () => {
  const r = extractCode('<think>maybe ```js\nfunction wrong(){}\n```</think>ok\n```js\nfunction right() { return 1; }\n```');
  expect(r.code).toBe('function right() { return 1; }\n');
  expect(answerPart('<think>still thinking ```js\nx\n```')).toBeNull();
  expect(extractCode('<think>still thinking').code).toBeNull();
  expect(extractCode('<think>a</think>b</think>```js\nlet y = 2;\n```').code).toBe('let y = 2;\n');
});

test('the longest JavaScript fence wins; other languages are ignored', () => {
  const resp = 'Here:\n```js\nconst a = 1;\n```\nand\n```javascript\nfunction f(x) {\n  return x * 2;\n}\n```\n```python\ndef f(x):\n    return x * 2 + 100000000000000000000\n```';
  expect(extractCode(resp)).toEqual({ code: 'function f(x) {\n  return x * 2;\n}\n', from: 'fence' });
  expect(extractCode('```\nconst z = 3;\n```').code).toBe('const z = 3;\n');
  const py = extractCode('```python\nprint(1)\n```');
  expect(py.code).toBeNull();
  expect(py.reason).toContain('no JavaScript code block');
});

test('an unterminated last fence (a truncated response) runs to the end', () => {
  expect(fencedBlocks('```js\nfunction f() {\n  return 1;')).toEqual([{ lang: 'js', body: 'function f() {\n  return 1;' }]);
  expect(extractCode('text\n```js\nfunction f() { return 1; }').code).toBe('function f() { return 1; }\n');
});

test('nested fences of a different length do not close the block', () => {
  const resp = '````js\nconst s = `\n```\n`;\n````';
  expect(fencedBlocks(resp)[0]!.body).toBe('const s = `\n```\n`;');
});

test('raw text is used only when it parses, and is never executed', () => {
  expect(extractCode('function f(a) { return a + 1; }')).toEqual({ code: 'function f(a) { return a + 1; }\n', from: 'raw' });
  const prose = extractCode('The answer is to loop over the array and sum it.');
  expect(prose.code).toBeNull();
  expect(prose.from).toBe('none');
  expect(extractCode('   ').reason).toBe('empty response');
  (globalThis as { __extractRan?: boolean }).__extractRan = false;
  expect(parsesAsJavaScript('globalThis.__extractRan = true;')).toBe(true);
  expect((globalThis as { __extractRan?: boolean }).__extractRan).toBe(false);
});

test('raw text with a top-level return is not a script: no code, not a program that errors', () => {
  expect(parsesAsJavaScript('return a + b;')).toBe(false);
  expect(extractCode('return sorted(xs)')).toMatchObject({ code: null, from: 'none' });
  expect(parsesAsJavaScript('function f(a) { return a; }\nconst g = () => { return 1; };')).toBe(true);
  // Sloppy-only scripts still count.
  expect(parsesAsJavaScript('with (Math) { var r = max(1, 2); }\nvar n = 010;')).toBe(true);
});

test('module syntax is rewritten into a plain script', () => {
  const src = [
    "import _ from 'lodash';",
    "import { readFileSync } from 'node:fs';",
    'export function add(a, b) { return a + b; }',
    'export default function mul(a, b) { return a * b; }',
    'export const K = 3;',
    'export async function g() {}',
    'export { add, mul };',
    'export default add;',
    'module.exports = { add };',
    "const assert = require('assert');",
  ].join('\n');
  expect(stripModuleSyntax(src)).toBe(
    [
      'function add(a, b) { return a + b; }',
      'function mul(a, b) { return a * b; }',
      'const K = 3;',
      'async function g() {}',
      'module.exports = { add };',
      "const assert = require('assert');",
    ].join('\n'),
  );
  expect(extractCode('```js\nexport const f = () => 1;\n```').code).toBe('const f = () => 1;\n');
});
