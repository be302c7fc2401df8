// `npm test`: installs what the suite needs (scripts/setup-test-env.sh), runs every
// Vitest project (unit, gpu, e2e) and ends with one line "N passed, N failed".
// Extra arguments go to Vitest, e.g. `npm test -- --project unit`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';

const setup = spawnSync('bash', ['scripts/setup-test-env.sh'], { stdio: 'inherit' });
if (setup.status !== 0) console.error('test: setup reported missing pieces; running the suite anyway');

mkdirSync('test-results', { recursive: true });
const report = 'test-results/vitest.json';
const args = ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)];
const run = spawnSync('npx', args, { stdio: 'inherit', env: process.env });

let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  passed = r.numPassedTests ?? 0;
  failed = (r.numFailedTests ?? 0) + (r.numRuntimeErrorTestSuites ?? 0);
  skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  // A file that failed to load counts as a failure even though it ran no test.
  for (const f of r.testResults ?? []) if (f.status === 'failed' && (f.assertionResults ?? []).length === 0) failed++;
} else {
  failed = 1;
  console.error('test: Vitest wrote no report');
}
if (run.status !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
