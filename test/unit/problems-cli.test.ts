// `dust check-problems` and `dust label` end to end, as a user runs them. ~10 s.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'dust-cli-'));
const problems = join(dir, 'set.json');
writeFileSync(
  problems,
  JSON.stringify({
    name: 'cli-set',
    problems: [
      { id: 'add', title: 'add', statement: 'Add.', tests: { kind: 'call', entry: 'add', cases: [{ args: [1, 2], expected: 3 }, { args: [2, 2], expected: 4 }] }, reference: 'function add(a, b) { return a + b; }' },
      { id: 'echo', title: 'echo', statement: 'Echo stdin.', tests: { kind: 'stdio', cases: [{ input: 'hi\n', output: 'hi\n' }] }, reference: 'console.log(input.trim() + "!")' },
      { id: 'noref', title: 'noref', statement: 'No reference.', tests: { kind: 'assert', code: 'console.assert(true)' } },
    ],
  }),
);

function dust(...args: string[]) {
  const r = spawnSync('node', ['--import', 'tsx', '--import', './scripts/raw-loader.mjs', 'src/cli/dust.ts', ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('check-problems reports each reference and exits 1 when one fails', () => {
  const r = dust('check-problems', problems, '--workers', '1', '--timeout', '2000', '--json');
  const lines = r.out.trim().split('\n').map((l) => JSON.parse(l));
  expect(lines[0]).toMatchObject({ problem_id: 'add', status: 'pass', tests_passed: 2, tests_total: 2 });
  expect(lines[1]).toMatchObject({ problem_id: 'echo', status: 'fail', tests_passed: 0, message: 'wrong output at line 1' });
  expect(lines[2]).toEqual({ problem_id: 'noref', status: 'no_reference' });
  expect(lines[3].summary).toMatchObject({ solutions: 2, pass: 1, fail: 1, no_reference: 1 });
  expect(r.code).toBe(1);
});

test('check-problems with --solutions, human-readable', () => {
  const sols = join(dir, 'sols.jsonl');
  writeFileSync(sols, [{ problem_id: 'echo', code: 'console.log(input.trim())' }, { problem_id: 'add', code: 'const add = (a, b) => a + b;' }].map((s) => JSON.stringify(s)).join('\n'));
  const r = dust('check-problems', problems, '--solutions', sols, '--workers', '1');
  expect(r.out).toMatch(/^PASS +echo {2}1\/1/m);
  expect(r.out).toMatch(/cli-set|set\.json: 2 solutions: 2 pass/);
  expect(r.code).toBe(0);
});

test('label prints one JSON line per candidate in input order, extracting responses', () => {
  const cands = join(dir, 'cands.jsonl');
  writeFileSync(
    cands,
    [
      { problem_id: 'add', code: 'function add(a, b) { return a - b; }' },
      { problem_id: 'add', response: '<think>easy</think>\n```js\nfunction add(a, b) { return a + b; }\n```' },
      { problem_id: 'add', response: 'no idea' },
      { problem_id: 'add', code: 'function add() { for (;;) {} }' },
    ]
      .map((s) => JSON.stringify(s))
      .join('\n'),
  );
  const r = dust('label', '--problems', problems, '--candidates', cands, '--timeout', '300', '--json', '--workers', '2');
  const rows = r.out.trim().split('\n').map((l) => JSON.parse(l));
  expect(rows.map((x) => [x.index, x.status])).toEqual([
    [0, 'fail'],
    [1, 'pass'],
    [2, 'no_code'],
    [3, 'timeout'],
  ]);
  expect(rows[1]).toMatchObject({ problem_id: 'add', tests_passed: 2, tests_total: 2 });
  expect(typeof rows[1].ms).toBe('number');
  expect(r.err).toContain('4 candidates: 1 pass, 1 fail, 1 timeout, 1 no_code');
  expect(r.code).toBe(0);
});

test('check-problems builtin checks the project\'s own set', () => {
  const r = dust('check-problems', 'builtin', '--workers', '2', '--timeout', '5000');
  expect(r.out).toMatch(/^dust-builtin: (\d+) solutions: \1 pass$/m);
  expect(r.code).toBe(0);
});

test('bad input gets a clear error and exit code 2', () => {
  expect(dust('check-problems')).toMatchObject({ code: 2 });
  expect(dust('check-problems').err).toContain('give exactly one problem file');
  expect(dust('check-problems', problems, '--format', 'csv').err).toContain('--format must be one of');
  expect(dust('label', '--problems', problems).err).toContain('--problems and --candidates are required');
  const bad = join(dir, 'bad.jsonl');
  writeFileSync(bad, '{"problem_id": "nope", "code": "x"}\n');
  const r = dust('label', '--problems', problems, '--candidates', bad);
  expect(r.code).toBe(2);
  expect(r.err).toContain('line 1: no problem "nope"');
});
