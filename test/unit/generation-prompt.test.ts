// The generation prompt's three forms (DUST-SPEC, "Generation prompt (JavaScript adaptation)").
import { describe, expect, test } from 'vitest';
import { generationPrompt } from '../../src/dust/generation-prompt';
import type { Problem } from '../../src/problems/schema';

const call: Pick<Problem, 'statement' | 'starter' | 'tests'> = {
  statement: 'Return the sum of xs.',
  starter: 'function sum(xs) {\n}',
  tests: { kind: 'call', entry: 'sum', cases: [{ args: [[1, 2]], expected: 3 }] },
};
const stdio: Pick<Problem, 'statement' | 'starter' | 'tests'> = {
  statement: 'Read two integers and print their sum.',
  tests: { kind: 'stdio', cases: [{ input: '1 2\n', output: '3\n' }] },
};
const ONLY_PROGRAM = 'You will NOT return anything except for the program.';

describe('generationPrompt', () => {
  test('function-style: the statement, the signature to complete, and "the program only" for a non-thinking model', () => {
    const p = generationPrompt(call);
    expect(p).toContain(ONLY_PROGRAM);
    expect(p).toContain('Question: Return the sum of xs.\n\n');
    expect(p).toContain('Complete this function and write the whole program in one ```javascript block:\n```javascript\nfunction sum(xs) {\n}\n```\n');
    expect(p).not.toMatch(/readline|standard input/);
  });

  test('a thinking model may reason first: no "the program only"', () => {
    const p = generationPrompt(call, { thinking: true });
    expect(p).not.toContain(ONLY_PROGRAM);
    expect(p).toContain('passes all tests.\n\nQuestion:');
    expect(generationPrompt(call, { thinking: false })).toBe(generationPrompt(call));
  });

  test('stdin-style: says where the input is (the `input` string, readline()) and to print the answer', () => {
    const p = generationPrompt(stdio);
    expect(p).toContain('`input`');
    expect(p).toContain('`readline()`');
    expect(p).toContain('console.log');
    expect(p).toContain('one ```javascript block');
    expect(p).not.toContain('Complete this function');
    expect(generationPrompt(stdio, { thinking: true })).not.toContain(ONLY_PROGRAM);
  });
});
