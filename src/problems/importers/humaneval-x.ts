// HumanEval-X JavaScript (THUDM/CodeGeeX): task_id, prompt (doc comment + signature),
// canonical_solution (the body), test (console.assert calls), declaration. The full program
// is prompt + solution; the tests are appended to it.
import type { Problem } from '../schema';
import { countMatches, declaredName, field, type RawRecord } from './records';

const WHAT = 'HumanEval-X';

export function importHumanEvalX(records: RawRecord[]): Problem[] {
  return records.map((r, i) => {
    const id = field(r, 'task_id', WHAT, i);
    const prompt = field(r, 'prompt', WHAT, i);
    const test = field(r, 'test', WHAT, i);
    const solution = typeof r.canonical_solution === 'string' ? r.canonical_solution : undefined;
    const declaration = typeof r.declaration === 'string' ? r.declaration.trim() : undefined;
    const p: Problem = {
      id,
      title: declaredName(declaration ?? prompt) ?? id,
      statement: prompt,
      tests: { kind: 'assert', code: test, count: Math.max(1, countMatches(test, /console\.assert\s*\(/)) },
      source: 'HumanEval-X (THUDM/CodeGeeX, Apache-2.0)',
    };
    if (declaration) p.starter = declaration;
    if (solution) p.reference = prompt + solution;
    return p;
  });
}
