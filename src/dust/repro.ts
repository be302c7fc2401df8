// The reproduction's comparison (DUST-SPEC.md "The comparisons a user must be able to
// reproduce"): several finished runs of one recipe — one per (mode, seed), each with its own
// phase-3 EvalReport — folded into one table. Rows: the base model, DuST's trained judge with
// the base generator, DuST trained (off-policy), SFT on rankings and primal GRPO (each its
// run's "trained" row), plus on-policy ranking when it ran. Each cell is the mean over seeds
// of the run's own mean over its evaluation repeats, ± the *sample* standard deviation over
// seeds (n − 1; 0 with one seed); the JSON also keeps the standard error and every seed's value.
// Host-agnostic: the CLI (`dust repro`) and the app both call it.
import { METRICS, describeEvalRules, evalRules, summarize, type EvalRules, type MalformedRule, type MetricName } from './metrics';
import type { EvalReport } from './report';

/** One finished (or stopped) run of the reproduction. */
export interface ReproRunInput {
  /** Its train.mode: "off-policy", "on-policy", "sft", "primal". */
  mode: string;
  seed: number;
  report: EvalReport;
  /** false when its evaluation stopped early (fewer repeats than configured). */
  complete?: boolean;
  /** Where it lives (kept in the JSON for the reader). */
  dir?: string;
}

export interface SeedSummary {
  mean: number;
  /** Sample standard deviation over seeds (n − 1 in the denominator; 0 when n = 1). */
  std: number;
  /** std / √n. */
  stderr: number;
  /** Seeds behind the cell. */
  n: number;
}

export interface ReproRow {
  /** Stable key: "base", or "<mode>/<row>" (e.g. "off-policy/judge-only", "sft/trained"). */
  key: string;
  label: string;
  /** null for the base row (every run evaluates the base model). */
  mode: string | null;
  /** The EvalReport row it comes from: "base", "judge-only", "trained". */
  row: string;
  seeds: number[];
  metrics: Record<MetricName, SeedSummary>;
  /** The per-seed values (each the mean over that run's repeats), in `seeds` order. */
  perSeed: Record<MetricName, number[]>;
}

export interface ReproSummary {
  /** Candidates per problem (Best-of-k). */
  k: number;
  std: 'sample (n-1) over seeds';
  /** How all-equal groups and malformed rankings were counted, common to the runs (null: no run's eval.json records it). */
  rules: EvalRules | null;
  /** Runs whose eval.json does not record the rules (written before they were recorded), as "mode/seedN". */
  rulesUnrecorded: string[];
  rows: ReproRow[];
  runs: { mode: string; seed: number; complete: boolean; repeats: number; problems: number; dir?: string }[];
  /** Combinations (mode, seed) asked for with no report, as "mode/seedN". */
  missing: string[];
}

/** Row order and labels; a mode not listed here gets a row "<mode> (trained)". */
export const REPRO_ROWS: readonly { mode: string | null; row: string; label: string }[] = [
  { mode: null, row: 'base', label: 'base' },
  { mode: 'off-policy', row: 'judge-only', label: 'DuST judge only (base generator)' },
  { mode: 'off-policy', row: 'trained', label: 'DuST (off-policy)' },
  { mode: 'on-policy', row: 'judge-only', label: 'on-policy judge only (base generator)' },
  { mode: 'on-policy', row: 'trained', label: 'DuST (on-policy)' },
  { mode: 'sft', row: 'trained', label: 'SFT on rankings' },
  { mode: 'primal', row: 'trained', label: 'primal GRPO' },
];

/** Mean and sample std (n − 1) of per-seed values. */
export function seedSummary(values: readonly number[]): SeedSummary {
  const s = summarize(values);
  const n = values.length;
  const std = n > 1 ? s.std * Math.sqrt(n / (n - 1)) : 0;
  return { mean: s.mean, std, stderr: std / Math.sqrt(n), n };
}

/**
 * Folds runs into the comparison. `expect` (optional) names the (mode, seed) pairs that were
 * asked for, so the ones without a report are listed as missing. The base row takes every run's
 * base row; runs of one seed share the base model and the evaluation seeds, so their base rows
 * agree up to GPU nondeterminism and are averaged per seed before the spread over seeds.
 */
export function aggregateRuns(runs: readonly ReproRunInput[], expect?: { modes: readonly string[]; seeds: readonly number[] }): ReproSummary {
  if (runs.length === 0) throw new RangeError('repro: no finished run to summarise');
  const k = runs[0]!.report.k;
  for (const r of runs) {
    if (r.report.k !== k) throw new RangeError(`repro: runs disagree on k (Best-of-${k} vs Best-of-${r.report.k} in ${r.mode}/seed${r.seed}); summarise one recipe at a time`);
  }
  const byRule = new Map<MalformedRule, string[]>();
  const rulesUnrecorded: string[] = [];
  for (const r of runs) {
    const id = `${r.mode}/seed${r.seed}`;
    const rule = r.report.rules?.malformed;
    if (rule) byRule.set(rule, [...(byRule.get(rule) ?? []), id]);
    else rulesUnrecorded.push(id);
  }
  if (byRule.size > 1) {
    const which = [...byRule].map(([rule, ids]) => `"${rule}" in ${ids.join(', ')}`).join('; ');
    throw new RangeError(`repro: runs disagree on how a malformed ranking counts (eval.malformed ${which}); summarise runs with one rule at a time`);
  }
  const rule = [...byRule.keys()][0];
  const seen = new Set<string>();
  for (const r of runs) {
    const id = `${r.mode}/seed${r.seed}`;
    if (seen.has(id)) throw new RangeError(`repro: run ${id} given twice`);
    seen.add(id);
  }
  const modes = [...new Set(runs.map((r) => r.mode))];
  const specs = [...REPRO_ROWS.filter((s) => s.mode === null || modes.includes(s.mode))];
  for (const m of modes) if (!REPRO_ROWS.some((s) => s.mode === m)) specs.push({ mode: m, row: 'trained', label: `${m} (trained)` });

  const rows: ReproRow[] = [];
  for (const spec of specs) {
    // seed → the values of every contributing run (several only for the base row)
    const bySeed = new Map<number, Record<MetricName, number>[]>();
    for (const r of runs) {
      if (spec.mode !== null && r.mode !== spec.mode) continue;
      const row = r.report.rows.find((x) => x.name === spec.row);
      if (!row) continue;
      const vals = Object.fromEntries(METRICS.map((m) => [m, row.metrics[m].mean])) as Record<MetricName, number>;
      bySeed.set(r.seed, [...(bySeed.get(r.seed) ?? []), vals]);
    }
    if (bySeed.size === 0) continue;
    const seeds = [...bySeed.keys()].sort((a, b) => a - b);
    const perSeed = Object.fromEntries(
      METRICS.map((m) => [m, seeds.map((s) => {
        const list = bySeed.get(s)!;
        return list.reduce((a, v) => a + v[m], 0) / list.length;
      })]),
    ) as Record<MetricName, number[]>;
    rows.push({
      key: spec.mode === null ? spec.row : `${spec.mode}/${spec.row}`,
      label: spec.label,
      mode: spec.mode,
      row: spec.row,
      seeds,
      metrics: Object.fromEntries(METRICS.map((m) => [m, seedSummary(perSeed[m])])) as Record<MetricName, SeedSummary>,
      perSeed,
    });
  }
  const missing: string[] = [];
  if (expect) for (const s of expect.seeds) for (const m of expect.modes) if (!seen.has(`${m}/seed${s}`)) missing.push(`${m}/seed${s}`);
  return {
    k,
    std: 'sample (n-1) over seeds',
    rules: rule ? evalRules(rule) : null,
    rulesUnrecorded,
    rows,
    runs: runs.map((r) => ({ mode: r.mode, seed: r.seed, complete: r.complete ?? true, repeats: Math.max(...r.report.rows.map((x) => x.repeats)), problems: r.report.rows[0]?.problems ?? 0, ...(r.dir ? { dir: r.dir } : {}) })),
    missing,
  };
}

const cell = (s: SeedSummary) => (s.n > 1 ? `${(100 * s.mean).toFixed(1)} ± ${(100 * s.std).toFixed(1)}` : (100 * s.mean).toFixed(1));

/** The comparison as a markdown table (percent), with a note on what the numbers are. */
export function reproMarkdown(summary: ReproSummary): string {
  const head = ['', 'pass@1', 'NDCG', `Best-of-${summary.k}`, 'oracle', 'random', 'malformed', 'seeds'];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`];
  for (const r of summary.rows) {
    const m = r.metrics;
    lines.push(`| ${[r.label, cell(m.pass1), cell(m.ndcg), cell(m.bestOfK), cell(m.oracle), cell(m.random), cell(m.malformed), String(r.seeds.length)].join(' | ')} |`);
  }
  const reps = [...new Set(summary.runs.map((r) => r.repeats))].join('/');
  const probs = [...new Set(summary.runs.map((r) => r.problems))].join('/');
  const rules = summary.rules
    ? describeEvalRules(summary.rules, summary.k) + (summary.rulesUnrecorded.length ? ` (Not recorded in the eval.json of ${summary.rulesUnrecorded.join(', ')}.)` : '')
    : 'How all-equal groups and malformed rankings were counted is not recorded in these runs\' eval.json.';
  lines.push(
    '',
    `Percent on ${probs} held-out problems; each run's value is its mean over ${reps} evaluation repeat(s); ` +
      `cells are the mean over seeds ± the sample standard deviation over seeds (n − 1). ` +
      `Best-of-${summary.k}: the row's judge ranks its generator's ${summary.k} candidates and the top one is run; oracle = any of the ${summary.k} passes; ` +
      `random = expected value of a uniform pick. ` +
      `Trained rows use the trained model as generator and judge; "judge only" pairs the base generator with the trained judge. ${rules}`,
  );
  const incomplete = summary.runs.filter((r) => !r.complete).map((r) => `${r.mode}/seed${r.seed}`);
  if (incomplete.length) lines.push('', `Stopped early (fewer repeats than configured): ${incomplete.join(', ')}.`);
  if (summary.missing.length) lines.push('', `Not run or not finished: ${summary.missing.join(', ')}.`);
  return lines.join('\n') + '\n';
}
