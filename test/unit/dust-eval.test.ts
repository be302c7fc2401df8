// Phase 3 metrics, the report, the judgment prompt and the run configuration. < 1 s.
import { describe, expect, test } from 'vitest';
import { bestOfKHit, describeEvalRules, evalNdcg, evalRules, passAtK, randomPick, repeatMetrics, summarize, type EvalItem } from '../../src/dust/metrics';
import { buildReport, reportMarkdown } from '../../src/dust/report';
import { judgmentPrompt, judgmentQuestion } from '../../src/dust/judgment-prompt';
import { parseRanking } from '../../src/dust/parse-ranking';
import { extractCode } from '../../src/problems/extract';

describe('pass@k', () => {
  test('against 1 − C(n−c, k)/C(n, k) computed by hand', () => {
    expect(passAtK(4, 1, 1)).toBeCloseTo(0.25, 15);
    expect(passAtK(10, 3, 1)).toBeCloseTo(0.3, 15);
    // 1 − C(7,2)/C(10,2) = 1 − 21/45
    expect(passAtK(10, 3, 2)).toBeCloseTo(1 - 21 / 45, 15);
    // 1 − C(60,5)/C(64,5) = 1 − 5461512/7624512
    expect(passAtK(64, 4, 5)).toBeCloseTo(1 - 5461512 / 7624512, 12);
    expect(passAtK(5, 0, 3)).toBe(0);
    expect(passAtK(5, 3, 3)).toBe(1);
    expect(passAtK(4, 4, 4)).toBe(1);
  });
  test('bad input', () => {
    expect(() => passAtK(4, 1, 5)).toThrow(/at least 5 samples/);
    expect(() => passAtK(4, 5, 1)).toThrow(/0 ≤ c ≤ n/);
    expect(() => passAtK(0, 0, 1)).toThrow(/n ≥ 1/);
  });
});

describe('evaluation metrics', () => {
  test('NDCG: all-equal groups score 1 for any valid ranking; malformed per the rule', () => {
    expect(evalNdcg([4, 3, 2, 1], [0, 0, 0, 0])).toBe(1);
    expect(evalNdcg([4, 3, 2, 1], [1, 1, 1, 1])).toBe(1);
    expect(evalNdcg(null, [1, 1, 1, 1])).toBe(0);
    expect(evalNdcg(null, [1, 0, 0, 0], 'first')).toBe(1);
    expect(evalNdcg(null, [0, 1, 0, 0], 'first')).toBeCloseTo(1 / Math.log2(3), 15);
    expect(evalNdcg([2, 1, 3, 4], [0, 1, 0, 0])).toBe(1);
  });
  test('best-of-k, random', () => {
    expect(bestOfKHit([2, 1, 3, 4], [0, 1, 0, 0])).toBe(1);
    expect(bestOfKHit([1, 2, 3, 4], [0, 1, 0, 0])).toBe(0);
    expect(bestOfKHit(null, [1, 0, 0, 0])).toBe(0);
    expect(bestOfKHit(null, [1, 0, 0, 0], 'first')).toBe(1);
    expect(randomPick([1, 0, 1, 1])).toBe(0.75);
  });
  test('one repeat over three problems, by hand', () => {
    const items: EvalItem[] = [
      { problemId: 'a', labels: [0, 1, 0, 0], ranking: [2, 1, 3, 4] }, // pick passes, NDCG 1
      { problemId: 'b', labels: [1, 1, 0, 0], ranking: [3, 1, 4, 2] }, // pick fails
      { problemId: 'c', labels: [0, 0, 0, 0], ranking: null }, // malformed, nothing passes
    ];
    const m = repeatMetrics(items);
    expect(m.problems).toBe(3);
    expect(m.pass1).toBeCloseTo((0.25 + 0.5 + 0) / 3, 15);
    expect(m.random).toBeCloseTo(m.pass1, 15);
    expect(m.oracle).toBeCloseTo(2 / 3, 15);
    expect(m.bestOfK).toBeCloseTo(1 / 3, 15);
    expect(m.malformed).toBeCloseTo(1 / 3, 15);
    // b: DCG = 1/log2(3) + 1/log2(5); ideal = 1 + 1/log2(3)
    const ndcgB = (1 / Math.log2(3) + 1 / Math.log2(5)) / (1 + 1 / Math.log2(3));
    expect(m.ndcg).toBeCloseTo((1 + ndcgB + 0) / 3, 15);
    expect(() => repeatMetrics([{ problemId: 'x', labels: [0.5, 1], ranking: [1, 2] }])).toThrow(/labels must be 1 \(passes\) or 0/);
    expect(() => repeatMetrics([])).toThrow(/no problems/);
  });
  test('mean ± population std over repeats; standard error from the sample std (n − 1)', () => {
    const s = summarize([0.5, 0.7]);
    expect(s.mean).toBeCloseTo(0.6, 15);
    expect(s.std).toBeCloseTo(0.1, 15);
    // sample std = √(0.02 / 1) = 0.1414…, / √2 = 0.1
    expect(s.stderr).toBeCloseTo(0.1, 15);
    const b = summarize([0, 1]);
    expect(b.std).toBeCloseTo(0.5, 15);
    expect(b.stderr).toBeCloseTo(0.5, 15);
    // deviations −0.2, 0, 0.2 → sample std 0.2 → stderr 0.2/√3
    expect(summarize([0.2, 0.4, 0.6]).stderr).toBeCloseTo(0.2 / Math.sqrt(3), 15);
    // one repeat: no spread to estimate; 0, never NaN (JSON would turn NaN into null)
    expect(summarize([0.3])).toEqual({ mean: 0.3, std: 0, stderr: 0, n: 1 });
  });
  test('the rules, read off evalNdcg, and in words', () => {
    expect(evalRules('zero')).toEqual({ malformed: 'zero', allEqualNdcg: 1, allEqualMalformedNdcg: 0 });
    expect(evalRules('first')).toEqual({ malformed: 'first', allEqualNdcg: 1, allEqualMalformedNdcg: 1 });
    const zero = describeEvalRules(evalRules('zero'), 4);
    expect(zero).toContain('all pass or all fail scores NDCG 1 for any valid ranking');
    expect(zero).toContain('scores NDCG 0 and its Best-of-4 pick fails (eval.malformed = "zero")');
    expect(zero).toContain('in an all-equal group it scores NDCG 0');
    const first = describeEvalRules(evalRules('first'), 4);
    expect(first).toContain('is read as the order 1, 2, …, 4');
    expect(first).toContain('(eval.malformed = "first")');
    expect(first).toContain('in an all-equal group it scores NDCG 1');
    expect(first).not.toContain('scores NDCG 0');
  });
  test('a repeat records the malformed rule it was scored with', () => {
    const items: EvalItem[] = [{ problemId: 'a', labels: [1, 0], ranking: null }];
    expect(repeatMetrics(items).malformedRule).toBe('zero');
    expect(repeatMetrics(items, 'first')).toMatchObject({ malformedRule: 'first', ndcg: 1, bestOfK: 1, malformed: 1 });
  });
});

describe('report', () => {
  const rep = (pass1: number, ndcg: number, bestOfK: number) => ({ pass1, ndcg, bestOfK, oracle: 0.8, random: pass1, malformed: 0.05, problems: 131 });
  test('JSON and a Table 2 markdown table, paper rows first', () => {
    const r = buildReport(
      [
        { name: 'sft', label: 'SFT on rankings', repeats: [rep(0.655, 0.736, 0.697)] },
        { name: 'trained', repeats: [rep(0.68, 0.76, 0.72), rep(0.69, 0.766, 0.732)] },
        { name: 'base', repeats: [rep(0.654, 0.701, 0.687), rep(0.654, 0.701, 0.687)] },
        { name: 'judge-only', repeats: [rep(0.654, 0.737, 0.704), rep(0.654, 0.737, 0.704)] },
      ],
      4,
    );
    expect(r.rows.map((x) => x.name)).toEqual(['base', 'judge-only', 'trained', 'sft']);
    expect(r.rows[2]!.metrics.pass1.mean).toBeCloseTo(0.685, 12);
    expect(r.rows[2]!.metrics.pass1.std).toBeCloseTo(0.005, 12);
    const md = reportMarkdown(r).split('\n');
    expect(md[0]).toBe('|  | pass@1 | NDCG | Best-of-4 | oracle | random | malformed |');
    expect(md[2]).toBe('| base | 65.4 ± 0.0 | 70.1 ± 0.0 | 68.7 ± 0.0 | 80.0 ± 0.0 | 65.4 ± 0.0 | 5.0 ± 0.0 |');
    expect(md[3]).toMatch(/^\| DuST judge only \(base generator\) \| 65\.4 ± 0\.0 \| 73\.7 ± 0\.0 \| 70\.4/);
    expect(md[4]).toMatch(/^\| DuST \(one model\) \| 68\.5 ± 0\.5 \| 76\.3 ± 0\.3 \| 72\.6 ± 0\.6 \|/);
    expect(md[5]).toMatch(/^\| SFT on rankings \| 65\.5 \| 73\.6 \| 69\.7 \|/);
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
    expect(() => buildReport([{ name: 'base', repeats: [] }], 4)).toThrow(/no repeats/);
  });
  test('eval.json records the rules and eval.md states them, from the rule the repeats were scored with', () => {
    const items: EvalItem[] = [
      { problemId: 'a', labels: [0, 1, 0, 0], ranking: [2, 1, 3, 4] },
      { problemId: 'b', labels: [1, 1, 1, 1], ranking: null },
    ];
    const first = buildReport([{ name: 'base', repeats: [repeatMetrics(items, 'first')] }], 4);
    expect(first.rules).toEqual({ malformed: 'first', allEqualNdcg: 1, allEqualMalformedNdcg: 1 });
    expect(JSON.parse(JSON.stringify(first)).rules).toEqual(first.rules);
    const mdFirst = reportMarkdown(first);
    expect(mdFirst).toContain('all pass or all fail scores NDCG 1 for any valid ranking');
    expect(mdFirst).toContain('eval.malformed = "first"');
    expect(mdFirst).not.toContain("per the run's rule");
    expect(mdFirst).not.toContain('scores NDCG 0');
    const zero = buildReport([{ name: 'base', repeats: [repeatMetrics(items, 'zero')] }], 4);
    expect(zero.rules.malformed).toBe('zero');
    expect(reportMarkdown(zero)).toContain('scores NDCG 0 and its Best-of-4 pick fails (eval.malformed = "zero"); in an all-equal group it scores NDCG 0');
    // the run's eval.malformed given explicitly (hand-made repeats carry no rule); it must agree with the repeats'
    expect(buildReport([{ name: 'base', repeats: [rep(0.5, 0.5, 0.5)] }], 4, 'first').rules.malformed).toBe('first');
    expect(buildReport([{ name: 'base', repeats: [rep(0.5, 0.5, 0.5)] }], 4).rules.malformed).toBe('zero');
    expect(() => buildReport([{ name: 'base', repeats: [repeatMetrics(items, 'first')] }], 4, 'zero')).toThrow(/different malformed rules/);
    expect(() => buildReport([{ name: 'base', repeats: [repeatMetrics(items, 'first')] }, { name: 'trained', repeats: [repeatMetrics(items, 'zero')] }], 4)).toThrow(/different malformed rules/);
    // an eval.json written before the rules were recorded: said so, not guessed
    const { rules: _old, ...old } = zero;
    expect(reportMarkdown(old)).toContain('not recorded in this report');
  });
});

describe('judgment prompt', () => {
  const codes = ['function f(x) { return x; }', 'function f(x) { return 1; }', 'const f = (x) => x + 0;', 'function f(x) {\n  return `${x}`;\n}'];
  test('the paper\'s template in JavaScript, candidates numbered from 1', () => {
    const p = judgmentPrompt('Return x.', codes);
    expect(p.startsWith('You will be given a question (problem specification) and 4 candidate solutions. You will analyze these candidates and RANK them from most likely to least likely to pass all tests. You will NOT return anything except for the ranking.\n\nQuestion: Return x.\n\n--- CANDIDATE 1 ---\n```javascript\nfunction f(x) { return x; }\n```\n\n--- CANDIDATE 2 ---\n')).toBe(true);
    expect(p).toContain('--- CANDIDATE 4 ---\n```javascript\nfunction f(x) {\n  return `${x}`;\n}\n```\n');
    expect(p.endsWith('Output ONLY the ranking as comma-separated numbers from best to worst (e.g., "2, 4, 1, 3").\n\nRanking (best to worst): ')).toBe(true);
    expect(p).not.toContain('python');
  });
  test('extracted code (it ends with a newline) is stripped as the authors strip it: no blank line before the closing fence', () => {
    const extracted = extractCode('```js\nfunction f(x) {\n  return x;\n}\n```').code!;
    expect(extracted.endsWith('\n')).toBe(true);
    const p = judgmentPrompt('Q', [extracted, extracted]);
    expect(p).toContain('--- CANDIDATE 1 ---\n```javascript\nfunction f(x) {\n  return x;\n}\n```\n\n--- CANDIDATE 2 ---');
    // the toy corpus's layout (what the committed toy was trained on) keeps the code as given
    expect(judgmentPrompt('Q', [extracted, extracted], { strip: false })).toContain('  return x;\n}\n\n```\n');
  });
  test('code holding a fence gets a longer fence', () => {
    const p = judgmentPrompt('Q', ['const s = "```";', 'let a = 1;']);
    expect(p).toContain('````javascript\nconst s = "```";\n````\n');
  });
  test('question: statement, plus the starter code when the statement lacks it', () => {
    expect(judgmentQuestion({ statement: 'Add a and b.', starter: 'function add(a, b) {' })).toBe('Add a and b.\n\nStarter Code:\n```javascript\nfunction add(a, b) {\n```');
    expect(judgmentQuestion({ statement: 'Write `function add(a, b) {` ...', starter: 'function add(a, b) {' })).toBe('Write `function add(a, b) {` ...');
    expect(judgmentQuestion({ statement: ' Read input. ' })).toBe('Read input.');
  });
  test('the numbers in the prompt\'s own example parse as a ranking', () => {
    expect(parseRanking('2, 4, 1, 3', 4).valid).toBe(true);
    expect(() => judgmentPrompt('Q', ['x'])).toThrow(/at least 2 candidates/);
  });
});

test('judgedItem parses the judge\'s response for K = number of candidates', async () => {
  const { judgedItem } = await import('../../src/dust/metrics');
  expect(judgedItem('a', [false, true, false, false], '<think>…</think> 2, 1, 3, 4')).toEqual({ problemId: 'a', labels: [0, 1, 0, 0], ranking: [2, 1, 3, 4] });
  expect(judgedItem('a', [false, true, false, false], '2, 1').ranking).toBeNull();
  expect(judgedItem('a', [true, false], null).ranking).toBeNull();
});
