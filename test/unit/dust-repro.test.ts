// The reproduction's comparison (src/dust/repro.ts) and its SVG chart (src/dust/report-svg.ts):
// means and sample stds over seeds computed by hand, the rows and their order, missing runs,
// the markdown table, and a well-formed SVG with one bar per (metric, row). < 1 s.
import { describe, expect, test } from 'vitest';
import type { MalformedRule, RepeatMetrics } from '../../src/dust/metrics';
import { aggregateRuns, reproMarkdown, seedSummary, type ReproRunInput } from '../../src/dust/repro';
import { groupedBarSvg, reproSvg } from '../../src/dust/report-svg';
import { buildReport } from '../../src/dust/report';

const rep = (pass1: number, ndcg: number, bestOfK: number, extra: Partial<RepeatMetrics> = {}): RepeatMetrics => ({ pass1, ndcg, bestOfK, oracle: 0.8, random: pass1, malformed: 0, problems: 10, ...extra });

/** A run whose base row is (b, b, b), judge-only (j…) and trained (t…); one or two repeats. */
function run(mode: string, seed: number, base: RepeatMetrics[], judgeOnly: RepeatMetrics[], trained: RepeatMetrics[], malformed?: MalformedRule): ReproRunInput {
  return { mode, seed, report: buildReport([{ name: 'base', repeats: base }, { name: 'judge-only', repeats: judgeOnly }, { name: 'trained', repeats: trained }], 4, malformed) };
}

describe('seedSummary', () => {
  test('mean and sample std (n − 1)', () => {
    const s = seedSummary([0.2, 0.4, 0.6]);
    expect(s.mean).toBeCloseTo(0.4, 12);
    // deviations −0.2, 0, 0.2 → sum of squares 0.08, / (3 − 1) = 0.04 → std 0.2
    expect(s.std).toBeCloseTo(0.2, 12);
    expect(s.stderr).toBeCloseTo(0.2 / Math.sqrt(3), 12);
    expect(s.n).toBe(3);
    expect(seedSummary([0.7])).toEqual({ mean: 0.7, std: 0, stderr: 0, n: 1 });
  });
});

describe('aggregateRuns', () => {
  const runs: ReproRunInput[] = [
    // seed 0: every run's base row is 0.3 pass@1; off-policy trained ndcg 0.6 (mean of repeats 0.5, 0.7)
    run('off-policy', 0, [rep(0.3, 0.5, 0.3)], [rep(0.3, 0.6, 0.4)], [rep(0.35, 0.5, 0.4), rep(0.35, 0.7, 0.4)]),
    run('sft', 0, [rep(0.3, 0.5, 0.3)], [rep(0.3, 0.55, 0.35)], [rep(0.3, 0.65, 0.3)]),
    run('primal', 0, [rep(0.3, 0.5, 0.3)], [rep(0.3, 0.5, 0.3)], [rep(0.5, 0.5, 0.5)]),
    // seed 1: base 0.5; the sft run's base differs (nondeterminism) → per-seed mean (0.5 + 0.3) / 2 = 0.4
    run('off-policy', 1, [rep(0.5, 0.5, 0.5)], [rep(0.5, 0.8, 0.6)], [rep(0.45, 0.8, 0.6)]),
    run('sft', 1, [rep(0.3, 0.5, 0.5)], [rep(0.3, 0.6, 0.3)], [rep(0.3, 0.75, 0.3)]),
  ];
  const s = aggregateRuns(runs, { modes: ['off-policy', 'sft', 'primal'], seeds: [0, 1] });

  test('rows in the paper order, one per mode (trained), judge only for DuST', () => {
    expect(s.rows.map((r) => r.key)).toEqual(['base', 'off-policy/judge-only', 'off-policy/trained', 'sft/trained', 'primal/trained']);
    expect(s.rows.map((r) => r.label)).toEqual(['base', 'DuST judge only (base generator)', 'DuST (off-policy)', 'SFT on rankings', 'primal GRPO']);
    expect(s.k).toBe(4);
    expect(s.std).toMatch(/sample/);
  });

  test('hand-computed means and sample stds over seeds', () => {
    const row = (k: string) => s.rows.find((r) => r.key === k)!;
    // base pass@1: seed 0 = 0.3 (three runs agree), seed 1 = (0.5 + 0.3) / 2 = 0.4 → mean 0.35, std |0.1|/√2·√2… = 0.0707
    expect(row('base').perSeed.pass1.map((v) => +v.toFixed(12))).toEqual([0.3, 0.4]);
    expect(row('base').metrics.pass1.mean).toBeCloseTo(0.35, 12);
    expect(row('base').metrics.pass1.std).toBeCloseTo(Math.SQRT1_2 * 0.1, 12);
    // DuST trained NDCG: seed 0 = mean of its repeats (0.5 + 0.7) / 2 = 0.6, seed 1 = 0.8 → 0.7 ± 0.1414
    expect(row('off-policy/trained').perSeed.ndcg.map((v) => +v.toFixed(12))).toEqual([0.6, 0.8]);
    expect(row('off-policy/trained').metrics.ndcg.mean).toBeCloseTo(0.7, 12);
    expect(row('off-policy/trained').metrics.ndcg.std).toBeCloseTo(Math.SQRT2 * 0.1, 12);
    // judge-only Best-of-4: 0.4, 0.6 → 0.5 ± 0.1414
    expect(row('off-policy/judge-only').metrics.bestOfK.mean).toBeCloseTo(0.5, 12);
    expect(row('off-policy/judge-only').metrics.bestOfK.std).toBeCloseTo(Math.SQRT2 * 0.1, 12);
    // primal ran for seed 0 only: n = 1, std 0
    expect(row('primal/trained').seeds).toEqual([0]);
    expect(row('primal/trained').metrics.pass1).toEqual({ mean: 0.5, std: 0, stderr: 0, n: 1 });
    expect(row('sft/trained').metrics.ndcg.mean).toBeCloseTo(0.7, 12);
  });

  test('lists the runs and what is missing', () => {
    expect(s.missing).toEqual(['primal/seed1']);
    expect(s.runs).toHaveLength(5);
    expect(s.runs[0]).toMatchObject({ mode: 'off-policy', seed: 0, complete: true, repeats: 2, problems: 10 });
  });

  test('markdown: one line per row with mean ± std in percent, the seeds column and the notes', () => {
    const md = reproMarkdown(s);
    expect(md).toContain('|  | pass@1 | NDCG | Best-of-4 | oracle | random | malformed | seeds |');
    expect(md).toContain('| base | 35.0 ± 7.1 | 50.0 ± 0.0 | 40.0 ± 14.1 | 80.0 ± 0.0 | 35.0 ± 7.1 | 0.0 ± 0.0 | 2 |');
    expect(md).toContain('| primal GRPO | 50.0 | 50.0 | 50.0 | 80.0 | 50.0 | 0.0 | 1 |');
    expect(md).toMatch(/sample standard deviation over seeds/);
    expect(md).toMatch(/Not run or not finished: primal\/seed1/);
  });

  test('an on-policy run adds its rows; an unknown mode gets a generic one; clear errors', () => {
    const more = aggregateRuns([...runs.slice(0, 1), run('on-policy', 0, [rep(0.3, 0.5, 0.3)], [rep(0.3, 0.5, 0.3)], [rep(0.3, 0.5, 0.3)]), run('weird', 0, [rep(0.3, 0.5, 0.3)], [rep(0.3, 0.5, 0.3)], [rep(0.3, 0.5, 0.3)])]);
    expect(more.rows.map((r) => r.key)).toEqual(['base', 'off-policy/judge-only', 'off-policy/trained', 'on-policy/judge-only', 'on-policy/trained', 'weird/trained']);
    expect(more.missing).toEqual([]);
    expect(() => aggregateRuns([])).toThrow(/no finished run/);
    expect(() => aggregateRuns([runs[0]!, runs[0]!])).toThrow(/given twice/);
    const k2 = { ...runs[1]!, report: { ...runs[1]!.report, k: 2 } };
    expect(() => aggregateRuns([runs[0]!, k2])).toThrow(/disagree on k/);
  });

  test('the malformed rule comes from the runs; runs with different rules are refused', () => {
    const r = (mode: string, seed: number, rule?: MalformedRule) => run(mode, seed, [rep(0.3, 0.5, 0.3)], [rep(0.3, 0.6, 0.4)], [rep(0.4, 0.7, 0.5)], rule);
    const zero = aggregateRuns([r('off-policy', 0), r('sft', 0)]);
    expect(zero.rules).toEqual({ malformed: 'zero', allEqualNdcg: 1, allEqualMalformedNdcg: 0 });
    expect(reproMarkdown(zero)).toContain('scores NDCG 0 and its Best-of-4 pick fails (eval.malformed = "zero")');
    const first = aggregateRuns([r('off-policy', 0, 'first'), r('sft', 0, 'first')]);
    expect(first.rules?.malformed).toBe('first');
    const md = reproMarkdown(first);
    expect(md).not.toContain('scores NDCG 0');
    expect(md).toContain('is read as the order 1, 2, …, 4');
    expect(md).toContain('all pass or all fail scores NDCG 1 for any valid ranking');
    expect(md).not.toContain('ranks its own');
    expect(() => aggregateRuns([r('off-policy', 0, 'zero'), r('sft', 0, 'first'), r('off-policy', 1, 'zero')])).toThrow(
      /disagree on how a malformed ranking counts \(eval\.malformed "zero" in off-policy\/seed0, off-policy\/seed1; "first" in sft\/seed0\)/,
    );
    // an eval.json written before the rule was recorded: listed, not guessed
    const { rules: _r, ...oldReport } = r('sft', 0).report;
    const mixed = aggregateRuns([r('off-policy', 0, 'first'), { mode: 'sft', seed: 0, report: oldReport }]);
    expect(mixed.rules?.malformed).toBe('first');
    expect(mixed.rulesUnrecorded).toEqual(['sft/seed0']);
    expect(reproMarkdown(mixed)).toContain('Not recorded in the eval.json of sft/seed0');
    const none = aggregateRuns([{ mode: 'sft', seed: 0, report: oldReport }]);
    expect(none.rules).toBeNull();
    expect(reproMarkdown(none)).toContain('not recorded');
  });

  test('a base-only run (no trained rows) still gives the base row', () => {
    const only = aggregateRuns([{ mode: 'off-policy', seed: 3, report: buildReport([{ name: 'base', repeats: [rep(0.2, 0.4, 0.3)] }], 4) }]);
    expect(only.rows.map((r) => r.key)).toEqual(['base']);
  });
});

describe('SVG', () => {
  const attrs = (svg: string, tag: string) => [...svg.matchAll(new RegExp(`<${tag}\\b([^>]*)>`, 'g'))].map((m) => Object.fromEntries([...m[1]!.matchAll(/([\w-]+)="([^"]*)"/g)].map((a) => [a[1], a[2]])));

  test('grouped bars: one rect per value, heights proportional, error bars, white background, escaped text', () => {
    const svg = groupedBarSvg({
      title: 'A < B & C',
      groups: ['pass@1', 'NDCG'],
      series: [
        { label: 'base', values: [0.5, 0.25], errors: [0.1, 0] },
        { label: 'DuST', values: [1, null] },
      ],
      height: 400,
    });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
    // balanced tags (every non-self-closing open tag is closed)
    for (const tag of ['svg', 'text', 'rect', 'g', 'title']) {
      const opens = (svg.match(new RegExp(`<${tag}\\b(?:[^>]*[^/])?>`, 'g')) ?? []).length;
      const closes = (svg.match(new RegExp(`</${tag}>`, 'g')) ?? []).length;
      expect(closes, tag).toBe(opens);
    }
    expect(svg).toContain('A &lt; B &amp; C');
    expect(svg).not.toMatch(/A < B/);
    const bg = attrs(svg, 'rect').find((a) => a.class === 'background')!;
    expect(bg.fill).toBe('#ffffff');
    const bars = attrs(svg, 'rect').filter((a) => a.class === 'bar');
    expect(bars.map((b) => `${b['data-group']}:${b['data-series']}`)).toEqual(['0:0', '0:1', '1:0']);
    const h = bars.map((b) => Number(b.height));
    expect(h[1]! / h[0]!).toBeCloseTo(2, 1);
    expect(h[0]! / h[2]!).toBeCloseTo(2, 1);
    expect(bars[0]!.fill).not.toBe(bars[1]!.fill);
    expect(svg.match(/class="error"/g)).toHaveLength(1);
    expect(svg).toContain('<title>base — pass@1: 50.0% ± 10.0</title>');
    expect(() => groupedBarSvg({ groups: ['a'], series: [{ label: 'x', values: [1, 2] }] })).toThrow(/2 values for 1 groups/);
  });

  test('reproSvg: metric groups × rows with error bars where there are several seeds', () => {
    const runs = [0, 1].map((seed) => run('off-policy', seed, [rep(0.3 + seed / 10, 0.5, 0.3)], [rep(0.3, 0.6, 0.4)], [rep(0.4, 0.7, 0.5)]));
    const svg = reproSvg(aggregateRuns(runs));
    const bars = attrs(svg, 'rect').filter((a) => a.class === 'bar');
    expect(bars).toHaveLength(5 * 3); // pass@1, NDCG, Best-of-4, oracle, random × base, judge only, DuST
    expect(svg).toContain('>Best-of-4</text>');
    expect(svg).toContain('>DuST judge only (base generator)</text>');
    expect(svg).toMatch(/error bars: sample std over seeds/);
    // the judge-only row pairs the trained judge with the base generator: not "its own" candidates
    expect(svg).not.toContain('ranks its own');
    expect(svg).toContain("Best-of-4: the judge's top pick of the generator's 4 candidates.");
    // the base row's pass@1 differs between seeds → an error bar; identical values → none drawn
    expect(svg.match(/class="error"/g)!.length).toBeGreaterThanOrEqual(2);
  });
});
