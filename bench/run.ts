// `npm run bench -- <suite> [--json FILE] [suite options]`: runs bench/suites/<suite>.ts and
// prints its JSON (suite, adapter, shapes, metrics). Suites compare against a baseline
// measured in the same run; nothing here asserts a time.
import { writeFileSync } from 'node:fs';
import type { BenchResult, BenchSuite } from './types';

const [suiteName, ...rest] = process.argv.slice(2);
if (!suiteName) {
  console.error('usage: npm run bench -- <suite> [--json FILE]   (suites: see bench/suites/)');
  process.exit(2);
}
let jsonPath: string | undefined;
const args: string[] = [];
for (let i = 0; i < rest.length; i++) {
  if (rest[i] === '--json') jsonPath = rest[++i];
  else args.push(rest[i]!);
}

let suite: BenchSuite;
try {
  suite = (await import(`./suites/${suiteName}.ts`)).default as BenchSuite;
} catch (e) {
  console.error(`bench: no suite "${suiteName}" (${(e as Error).message})`);
  process.exit(2);
}
const result: BenchResult = await suite(args);
const text = JSON.stringify(result, null, 2);
console.log(text);
if (jsonPath) writeFileSync(jsonPath, text + '\n');
process.exit(0);
