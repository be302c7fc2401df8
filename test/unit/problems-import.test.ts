// Problem validation and importers on small inline records (the real files are covered by
// problems-data.test.ts).
import { gzipSync } from 'node:zlib';
import { expect, test } from 'vitest';
import { detectFormat, loadProblemFile } from '../../src/problems/load';
import type { ProblemSet } from '../../src/problems/schema';
import { ProblemFormatError, validateProblem, validateProblemSet } from '../../src/problems/validate';
import { jsStarter } from '../../src/problems/importers/lcb';

const good = {
  id: 'p1',
  title: 'Sum',
  statement: 'Sum the numbers.',
  difficulty: 'easy',
  tests: { kind: 'call', entry: 'sum', cases: [{ args: [[1, 2]], expected: 3 }, { args: [[]], expected: { $negzero: true } }] },
  reference: 'function sum(xs) { return xs.reduce((a, b) => a + b, 0); }',
};

test('a valid problem and set pass validation unchanged', () => {
  expect(validateProblem(good)).toBe(good);
  const set = { name: 's', problems: [good, { ...good, id: 'p2', tests: { kind: 'stdio', cases: [{ input: '1', output: '1' }] } }] };
  expect(validateProblemSet(set)).toBe(set);
});

test.each([
  [{ ...good, id: '' }, 'problem #0: field "id" must be a non-empty string'],
  [{ ...good, statement: 3 }, 'problem "p1": field "statement" must be a string (got a number)'],
  [{ ...good, difficulty: 'trivial' }, 'problem "p1": field "difficulty" must be one of easy, medium, hard'],
  [{ ...good, tests: { kind: 'call', entry: 'sum xs', cases: good.tests.cases } }, 'field "tests.entry" must be the name of the function'],
  [{ ...good, tests: { kind: 'call', entry: 'sum', cases: [] } }, 'field "tests.cases" must be a non-empty array'],
  [{ ...good, tests: { kind: 'call', entry: 'sum', cases: [{ args: 1, expected: 1 }] } }, 'field "tests.cases[0].args" must be an array of arguments (got a number)'],
  [{ ...good, tests: { kind: 'call', entry: 'sum', cases: [{ args: [] }] } }, 'field "tests.cases[0].expected" is missing'],
  [{ ...good, tests: { kind: 'call', entry: 'sum', cases: [{ args: [], expected: { $inf: 2 } }] } }, 'uses $inf, whose value must be 1 or -1'],
  [{ ...good, tests: { kind: 'call', entry: 'sum', cases: [{ args: [{ $bigint: '1.5' }], expected: 1 }] } }, 'field "tests.cases[0].args[0]" uses $bigint'],
  [{ ...good, tests: { kind: 'call', entry: 'sum', cases: [{ args: [], expected: { $map: [[1]] } }] } }, 'uses $map, whose value must be an array of [key, value] pairs'],
  [{ ...good, tests: { kind: 'call', entry: 'sum', cases: [{ args: [NaN], expected: 1 }] } }, 'holds a non-finite number'],
  [{ ...good, tests: { kind: 'call', entry: 'sum', cases: good.tests.cases, tolerance: -1 } }, 'field "tests.tolerance" must be a non-negative number'],
  [{ ...good, tests: { kind: 'assert', code: ' ' } }, 'field "tests.code" must be the test program'],
  [{ ...good, tests: { kind: 'assert', code: 'x', count: 0 } }, 'field "tests.count" must be a positive integer'],
  [{ ...good, tests: { kind: 'stdio', cases: [{ input: 1, output: '' }] } }, 'field "tests.cases[0]" must be {input: string, output: string}'],
  [{ ...good, tests: { kind: 'unit' } }, 'field "tests.kind" must be "call", "assert" or "stdio" (got "unit")'],
  [{ ...good, tests: null }, 'field "tests" must be an object'],
  [{ ...good, buggy: [1] }, 'field "buggy" must be an array of strings'],
  [{ ...good, split: 'test' }, 'field "split" must be "train" or "eval"'],
])('invalid problem %#: clear message', (p, msg) => {
  expect(() => validateProblem(p)).toThrow(ProblemFormatError);
  expect(() => validateProblem(p)).toThrow(msg);
});

test('sets: duplicate ids, missing name, and many errors are summarised', () => {
  expect(() => validateProblemSet({ name: 's', problems: [good, good] })).toThrow('problem "p1": field "id" is used by more than one problem');
  expect(() => validateProblemSet({ problems: [] })).toThrow('problem set: field "name" must be a non-empty string');
  expect(() => validateProblemSet([good])).toThrow('expected an object {name, problems: [...]} (got an array)');
  const many = { name: 's', problems: Array.from({ length: 30 }, (_, i) => ({ ...good, id: `q${i}`, title: 1 })) };
  expect(() => validateProblemSet(many)).toThrow(/30 errors[\s\S]*… and 10 more/);
});

test('dust format: a set, an array, or JSON Lines of problems', async () => {
  const set: ProblemSet = { name: 'mine', problems: [good as never] };
  expect((await loadProblemFile(JSON.stringify(set))).name).toBe('mine');
  expect((await loadProblemFile(JSON.stringify([good]), 'dust', 'arr')).problems).toHaveLength(1);
  expect((await loadProblemFile(`${JSON.stringify(good)}\n\n${JSON.stringify({ ...good, id: 'p2' })}\n`)).problems.map((p) => p.id)).toEqual(['p1', 'p2']);
  await expect(loadProblemFile(`${JSON.stringify(good)}\n{oops\n`)).rejects.toThrow('problem file: line 2 is not valid JSON');
  await expect(loadProblemFile(JSON.stringify({ ...good, statement: '' }))).rejects.toThrow('problem "p1": field "statement" must not be empty');
});

const hexRecord = {
  task_id: 'JavaScript/9',
  prompt: '/* Add. */\nconst add = (a, b) => {\n',
  canonical_solution: '  return a + b;\n}\n',
  test: 'const testAdd = () => {\n  console.assert(add(1, 2) === 3)\n  console.assert(add(0, 0) === 0)\n}\ntestAdd()\n',
  declaration: '\nconst add = (a, b) => {\n',
  example_test: '',
};

test('HumanEval-X records, gzip-compressed, become assert problems with a reference', async () => {
  const gz = new Uint8Array(gzipSync(Buffer.from(JSON.stringify(hexRecord) + '\n')));
  const set = await loadProblemFile(gz, 'auto', 'hex');
  expect(set.problems[0]).toEqual({
    id: 'JavaScript/9',
    title: 'add',
    statement: hexRecord.prompt,
    starter: 'const add = (a, b) => {',
    tests: { kind: 'assert', code: hexRecord.test, count: 2 },
    reference: hexRecord.prompt + hexRecord.canonical_solution,
    source: 'HumanEval-X (THUDM/CodeGeeX, Apache-2.0)',
  });
  await expect(loadProblemFile(JSON.stringify({ ...hexRecord, test: 5 }), 'humaneval-x')).rejects.toThrow('HumanEval-X record JavaScript/9: field "test" must be a string (got number)');
});

test('MBXP records without a canonical solution have no reference', async () => {
  const r = { task_id: 'MBJSP/2', prompt: '/** Double. */\nfunction dbl(x) {\n', entry_point: 'dbl', test: 'if(!compare(dbl(1), 2)){ throw "e" }\nif(!compare(dbl(2), 4)){ throw "e" }', description: 'Double.', language: 'javascript' };
  const p = (await loadProblemFile(JSON.stringify(r))).problems[0]!;
  expect(p).toMatchObject({ id: 'MBJSP/2', title: 'dbl', starter: 'function dbl(x) {', tests: { kind: 'assert', count: 2 } });
  expect(p.reference).toBeUndefined();
});

test('MultiPL-E records', async () => {
  const r = {
    name: 'HumanEval_0_has_close_elements',
    language: 'js',
    prompt: '//Check...\nfunction has_close_elements(numbers, threshold){\n',
    tests: "const assert = require('node:assert');\n\n\nfunction test() {\n  let candidate = has_close_elements;\n  assert.deepEqual(candidate([1.0, 2.0], 0.3),false);\n  assert.deepEqual(candidate([1.0, 1.1], 0.3),true);\n}\n\ntest();",
    stop_tokens: ['\nfunction ', '\n/*', '\n//', '\nconsole.log'],
  };
  expect(detectFormat(r)).toBe('multipl-e');
  const p = (await loadProblemFile(JSON.stringify([r]))).problems[0]!;
  expect(p).toMatchObject({ id: r.name, starter: 'function has_close_elements(numbers, threshold){', tests: { kind: 'assert', code: r.tests, count: 2 } });
});

test('LiveCodeBench records: stdin and functional tests, JSON-string fields', async () => {
  const stdin = {
    question_id: 'abc301_a',
    question_title: 'Overall Winner',
    question_content: 'Print the winner.',
    platform: 'atcoder',
    difficulty: 'easy',
    starter_code: '',
    public_test_cases: JSON.stringify([{ input: '5\nTTAAT\n', output: 'T\n', testtype: 'stdin' }]),
    private_test_cases: JSON.stringify([{ input: '1\nA\n', output: 'A\n', testtype: 'stdin' }]),
    metadata: '{}',
  };
  const functional = {
    question_id: '2847',
    question_title: 'Max Pairs',
    question_content: 'Return the count.',
    platform: 'leetcode',
    difficulty: 'medium',
    starter_code: 'var maximumNumberOfStringPairs = function(words) {\n};',
    public_test_cases: [{ input: '["cd", "ac", "dc", "ca", "zz"]\n2', output: '2', testtype: 'functional' }],
    metadata: { func_name: 'maximumNumberOfStringPairs' },
  };
  const set = await loadProblemFile(JSON.stringify([stdin, functional]));
  expect(set.problems[0]).toMatchObject({ id: 'abc301_a', difficulty: 'easy', source: 'LiveCodeBench (atcoder)', tests: { kind: 'stdio', cases: [{ input: '5\nTTAAT\n', output: 'T\n' }, { input: '1\nA\n', output: 'A\n' }] } });
  expect(set.problems[1]).toMatchObject({ difficulty: 'medium', tests: { kind: 'call', entry: 'maximumNumberOfStringPairs', cases: [{ args: [['cd', 'ac', 'dc', 'ca', 'zz'], 2], expected: 2 }] } });
  await expect(loadProblemFile(JSON.stringify({ ...stdin, private_test_cases: 'eJzLSM3JyQcABiwCFQ==' }), 'lcb')).rejects.toThrow('must be decompressed to JSON first');
  await expect(loadProblemFile(JSON.stringify({ ...functional, metadata: {} }), 'lcb')).rejects.toThrow('functional tests need metadata.func_name');
});

test('LiveCodeBench\'s Python starters become the JavaScript function the call harness invokes', async () => {
  expect(jsStarter('class Solution:\n    def twoSum(self, nums: List[int], target: int) -> List[int]:\n        ', 'twoSum')).toBe('function twoSum(nums, target) {\n}');
  expect(jsStarter('class Solution:\n    def helper(self, x):\n        pass\n    def count(self, s: str, k: int = 2) -> int:\n', 'count')).toBe('function count(s, k) {\n}');
  expect(jsStarter('def solve(*args, **kw):\n')).toBe('function solve(args, kw) {\n}');
  // commas inside type hints are not parameter separators
  expect(jsStarter('class Solution:\n    def f(self, grid: List[List[int]], d: Dict[str, int], t: Tuple[int, int] = (0, 1)) -> int:\n', 'f')).toBe('function f(grid, d, t) {\n}');
  expect(jsStarter('def g(a=max(1, 2), b: Optional[Callable[[int], int]] = None):\n')).toBe('function g(a, b) {\n}');
  // Python without a usable def is dropped; JavaScript is kept
  expect(jsStarter('class Solution:\n    pass\n', 'f')).toBeUndefined();
  expect(jsStarter('var f = function(words) {\n};', 'f')).toBe('var f = function(words) {\n};');
  const functional = {
    question_id: '1',
    question_content: 'Return the sum.',
    starter_code: 'class Solution:\n    def addTwo(self, a: int, b: int) -> int:\n        ',
    public_test_cases: [{ input: '1\n2', output: '3', testtype: 'functional' }],
    metadata: { func_name: 'addTwo' },
  };
  const set = await loadProblemFile(JSON.stringify([functional]), 'lcb');
  expect(set.problems[0]!.starter).toBe('function addTwo(a, b) {\n}');
});

test('APPS-style input_output records (call-based with fn_name, and stdin)', async () => {
  const call = { problem_id: 7, question: 'Add.', input_output: JSON.stringify({ fn_name: 'add', inputs: [[1, 2], [3, 4]], outputs: [[3], [7]] }), difficulty: 'introductory' };
  const io = { problem_id: 8, question: 'Echo.', input_output: { inputs: ['1\n', ['a', 'b']], outputs: ['1\n', ['a', 'b']] } };
  const set = await loadProblemFile(`${JSON.stringify(call)}\n${JSON.stringify(io)}`, 'lcb');
  expect(set.problems[0]).toMatchObject({ id: '7', difficulty: 'easy', tests: { kind: 'call', entry: 'add', cases: [{ args: [1, 2], expected: 3 }, { args: [3, 4], expected: 7 }] } });
  expect(set.problems[1]).toMatchObject({ tests: { kind: 'stdio', cases: [{ input: '1\n', output: '1\n' }, { input: 'a\nb', output: 'a\nb' }] } });
});

test('unknown formats get a clear error', async () => {
  await expect(loadProblemFile('{"foo": 1}')).rejects.toThrow('cannot tell the problem format from the fields (foo): pass --format');
  await expect(loadProblemFile('', 'auto')).rejects.toThrow('problem file is empty');
  await expect(loadProblemFile('[]', 'csv' as never)).rejects.toThrow('unknown problem format "csv"');
});
