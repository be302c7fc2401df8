// The evaluation report: every row's metrics over R repeats as JSON, and a markdown table in
// the layout of the paper's Table 2 (pass@1 | NDCG | Best-of-k per model configuration),
// with the oracle, random-pick and malformed columns the spec asks for beside them.
import { describeEvalRules, evalRules, summarizeRepeats, type EvalRules, type MalformedRule, type MetricName, type RepeatMetrics, type Summary } from './metrics';

/** The paper's rows, in order, with their labels; other rows (sft, primal, …) follow as given. */
export const TABLE2_ROWS: Record<string, string> = {
  base: 'base',
  'judge-only': 'DuST judge only (base generator)',
  trained: 'DuST (one model)',
};

export interface ReportRowInput {
  /** Key: "base", "judge-only", "trained", or any other name. */
  name: string;
  /** Shown in the table; default TABLE2_ROWS[name] or the name. */
  label?: string;
  repeats: RepeatMetrics[];
}

export interface EvalReport {
  /** Candidates per problem (the k of Best-of-k). */
  k: number;
  /** How all-equal groups and malformed rankings were counted (absent in eval.json written before it was recorded). */
  rules?: EvalRules;
  rows: { name: string; label: string; repeats: number; problems: number; metrics: Record<MetricName, Summary>; perRepeat: RepeatMetrics[] }[];
}

/**
 * The report over every row. The malformed rule is the one the repeats were scored with
 * (repeatMetrics records it) and/or `malformed` (the run's eval.malformed); they must agree.
 * With neither (hand-made repeats) it is "zero", repeatMetrics' default.
 */
export function buildReport(inputs: readonly ReportRowInput[], k: number, malformed?: MalformedRule): EvalReport & { rules: EvalRules } {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`report: k must be a positive integer, got ${k}`);
  const used = new Set<MalformedRule>(malformed ? [malformed] : []);
  for (const r of inputs) for (const m of r.repeats) if (m.malformedRule) used.add(m.malformedRule);
  if (used.size > 1) throw new RangeError(`report: repeats scored with different malformed rules (${[...used].map((u) => `"${u}"`).join(', ')}); score one run with one eval.malformed`);
  const known = Object.keys(TABLE2_ROWS);
  const ordered = [...inputs].sort((a, b) => rank(a.name) - rank(b.name));
  function rank(name: string): number {
    const i = known.indexOf(name);
    return i < 0 ? known.length : i;
  }
  const seen = new Set<string>();
  return {
    k,
    rules: evalRules([...used][0] ?? 'zero'),
    rows: ordered.map((r) => {
      if (seen.has(r.name)) throw new RangeError(`report: row "${r.name}" given twice`);
      seen.add(r.name);
      if (r.repeats.length === 0) throw new RangeError(`report: row "${r.name}" has no repeats`);
      return {
        name: r.name,
        label: r.label ?? TABLE2_ROWS[r.name] ?? r.name,
        repeats: r.repeats.length,
        problems: r.repeats[0]!.problems,
        metrics: summarizeRepeats(r.repeats),
        perRepeat: r.repeats,
      };
    }),
  };
}

const pct = (s: Summary) => (s.n > 1 ? `${(100 * s.mean).toFixed(1)} ± ${(100 * s.std).toFixed(1)}` : (100 * s.mean).toFixed(1));

/** Percentages, one decimal, "mean ± std" when there is more than one repeat. */
export function reportMarkdown(report: EvalReport): string {
  const head = ['', 'pass@1', 'NDCG', `Best-of-${report.k}`, 'oracle', 'random', 'malformed'];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`];
  for (const r of report.rows) {
    const m = r.metrics;
    lines.push(`| ${[r.label, pct(m.pass1), pct(m.ndcg), pct(m.bestOfK), pct(m.oracle), pct(m.random), pct(m.malformed)].join(' | ')} |`);
  }
  const reps = [...new Set(report.rows.map((r) => r.repeats))].join('/');
  const rules = report.rules
    ? describeEvalRules(report.rules, report.k)
    : 'How all-equal groups and malformed rankings were counted is not recorded in this report (written before eval.json recorded eval.malformed).';
  lines.push('', `Percent over ${reps} repeat(s), mean ± population std over repeats; oracle = any of the ${report.k} candidates passes, random = expected value of a uniform pick. ${rules}`);
  for (const r of report.rows) {
    const unjudged = r.perRepeat.reduce((a, m) => a + (m.unjudged ?? 0), 0);
    const all = r.perRepeat.reduce((a, m) => a + m.problems, 0);
    if (unjudged) lines.push('', `${r.label}: ${unjudged} of ${all} judgments were not run because the judgment prompt (${report.k} candidates) did not fit the judge's context; they count as malformed. Lower eval.maxNewTokens (shorter candidates) or eval.judgeMaxNewTokens, or use a model with a longer context.`);
  }
  return lines.join('\n') + '\n';
}
