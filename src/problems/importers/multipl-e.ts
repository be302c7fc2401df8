// MultiPL-E JavaScript (nuprl/MultiPL-E): name, prompt (doc comment + signature), tests
// (`const assert = require('node:assert')` + a test() function), stop_tokens. The data
// carries no reference solutions.
import type { Problem } from '../schema';
import { countMatches, field, signatureLine, type RawRecord } from './records';

const WHAT = 'MultiPL-E';

export function importMultiPLE(records: RawRecord[]): Problem[] {
  return records.map((r, i) => {
    const id = field(r, 'name', WHAT, i);
    const prompt = field(r, 'prompt', WHAT, i);
    const tests = field(r, 'tests', WHAT, i);
    const starter = signatureLine(prompt);
    const p: Problem = {
      id,
      title: id,
      statement: prompt,
      tests: { kind: 'assert', code: tests, count: Math.max(1, countMatches(tests, /\bassert(\.\w+)?\s*\(/)) },
      source: 'MultiPL-E (nuprl/MultiPL-E, MIT / source benchmark license)',
    };
    if (starter) p.starter = starter;
    return p;
  });
}
