// MBXP / MBJSP (amazon-science/mxeval): task_id, prompt (doc comment + signature),
// entry_point, description, canonical_solution (the body; absent for some tasks), test
// (require("lodash").isEqual comparisons that throw on a mismatch).
import type { Problem } from '../schema';
import { countMatches, field, optionalString, signatureLine, type RawRecord } from './records';

const WHAT = 'MBXP';

export function importMbxp(records: RawRecord[]): Problem[] {
  return records.map((r, i) => {
    const id = field(r, 'task_id', WHAT, i);
    const prompt = field(r, 'prompt', WHAT, i);
    const test = field(r, 'test', WHAT, i);
    const entry = field(r, 'entry_point', WHAT, i);
    const solution = optionalString(r, 'canonical_solution');
    const starter = signatureLine(prompt);
    const p: Problem = {
      id,
      title: entry,
      statement: prompt,
      tests: { kind: 'assert', code: test, count: Math.max(1, countMatches(test, /if\s*\(\s*!\s*compare\s*\(/)) },
      source: 'MBXP (amazon-science/mxeval, CC-BY-4.0)',
    };
    if (starter) p.starter = starter;
    if (solution) p.reference = prompt + solution;
    return p;
  });
}
