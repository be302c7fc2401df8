import { expect, test } from 'vitest';
import type { Problem } from '../../src/problems/schema';

test('schema types compile', () => {
  const p: Problem = { id: 'x', title: 't', statement: 's', tests: { kind: 'assert', code: '' } };
  expect(p.id).toBe('x');
});
