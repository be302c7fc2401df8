// `npm test`: installs what the suite needs (scripts/setup-test-env.sh), runs the Vitest
// projects and ends with one line "N passed, N failed".
// The unit + gpu projects and the e2e project run as two Vitest invocations, so a browser
// setup failure (build, servers) cannot hide the other results. Extra arguments run one
// invocation with them instead, e.g. `npm test -- --project unit`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(`test: Node ${process.versions.node} is too old; Vite 8 needs Node 20.19+ or 22.12+.`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}

const setup = spawnSync('bash', ['scripts/setup-test-env.sh'], { stdio: 'inherit' });
if (setup.status !== 0) console.error('test: setup reported missing pieces (above); running the suite anyway');

// Mesa's shader cache inside the project's ignored .cache, so its state is explicit (a
// fresh clone starts cold, as CI does) rather than left in ~/.cache by earlier runs.
const env = { ...process.env, MESA_SHADER_CACHE_DIR: process.env.MESA_SHADER_CACHE_DIR ?? resolve('.cache/mesa-shaders') };

mkdirSync('test-results', { recursive: true });
const extra = process.argv.slice(2);
const runs = extra.length > 0 ? [{ name: 'custom', args: extra }] : [
  { name: 'unit-gpu', args: ['--project', 'unit', '--project', 'gpu'] },
  { name: 'e2e', args: ['--project', 'e2e'] },
];

const total = { passed: 0, failed: 0, skipped: 0 };
for (const run of runs) {
  const report = `test-results/vitest-${run.name}.json`;
  rmSync(report, { force: true });
  const args = ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...run.args];
  const r = spawnSync('npx', args, { stdio: 'inherit', env });
  const counts = readCounts(report, r.status);
  total.passed += counts.passed;
  total.failed += counts.failed;
  total.skipped += counts.skipped;
}

if (total.skipped > 0) console.log(`(${total.skipped} skipped)`);
console.log(`${total.passed} passed, ${total.failed} failed`);
process.exit(total.failed > 0 ? 1 : 0);

/** Counts from Vitest's JSON report; a missing report or a failed file with no failed test counts as a failure. */
function readCounts(report, status) {
  if (!existsSync(report)) {
    console.error(`test: Vitest wrote no report (${report}); counting the run as one failure`);
    return { passed: 0, failed: 1, skipped: 0 };
  }
  const r = JSON.parse(readFileSync(report, 'utf8'));
  let failed = r.numFailedTests ?? 0;
  // A file that failed without a failing test (import error, failing hook) is a failure too.
  for (const f of r.testResults ?? []) {
    if (f.status === 'failed' && !(f.assertionResults ?? []).some((a) => a.status === 'failed')) failed++;
  }
  if (status !== 0 && failed === 0) failed = 1;
  return { passed: r.numPassedTests ?? 0, failed, skipped: (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0) };
}
