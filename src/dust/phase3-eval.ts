// Phase 3: evaluation on held-out problems (DUST-SPEC "Phase 3"). Per repeat r (seed
// phaseSeed(cfg, 'eval', r)): the generator samples k candidates per problem, the sandbox
// labels them while later batches generate, the judge ranks each problem's k extracted
// programs with the judgment prompt, and the repeat's pass@1, NDCG, Best-of-k, oracle,
// random and malformed rate follow (metrics.ts). A candidate with no extractable code is
// shown to the judge as an empty program (it fails, and the judge should see that).
// Generator and judge are separate arguments: base = (base, base), judge-only = (base,
// trained), trained = (trained, trained).
import type { Problem } from '../problems/schema';
import type { SandboxPool } from '../sandbox/pool';
import type { RunStatus } from '../sandbox/types';
import { capTests } from './build-dataset';
import type { CandidateRecord } from './dataset';
import { phaseSeed, sandboxLimits, type RunConfig } from './config';
import { judgmentPrompt, judgmentQuestion } from './judgment-prompt';
import { labelAll } from './labelling';
import { judgedItem, repeatMetrics, type RepeatMetrics } from './metrics';
import { sampleResponses, type SampleOptions } from './phase1-sample';
import { progressOf } from './progress';
import { buildReport, type EvalReport } from './report';
import { deriveSeed } from './rng';
import type { TextGenerator } from './text-generator';

export interface EvalSetup {
  /** Report row key: "base", "judge-only", "trained", or any name. */
  name: string;
  label?: string;
  generator: TextGenerator;
  judge: TextGenerator;
}

/** One problem of one repeat: what was generated, how it ran, and what the judge said. */
export interface EvalRecord {
  row: string;
  repeat: number;
  problem_id: string;
  statuses: RunStatus[];
  /** 1 = passes every test. */
  labels: number[];
  codes: (string | null)[];
  /** null: the judgment prompt did not fit the judge's context (not judged: malformed). */
  judgment: string | null;
  /** Parsed ranking (1-based, best first), null when malformed. */
  ranking: number[] | null;
}

export interface EvalTiming {
  wallMs: number;
  generateMs: number;
  judgeMs: number;
  judgments: number;
  /** Judgments per second of judge time. */
  judgmentsPerS: number;
}

export interface RowResult {
  setup: EvalSetup;
  /** Completed repeats only (a stop mid-repeat drops that repeat). */
  repeats: RepeatMetrics[];
  records: EvalRecord[];
  timing: EvalTiming;
}

type EvalConfig = Pick<RunConfig, 'seed' | 'eval' | 'sandbox' | 'dataset'> & { model?: Pick<RunConfig['model'], 'thinking'> };

/**
 * Labelled candidates per generator and repeat: rows that share a generator (base and
 * judge-only) see the same candidates, as the same seed would regenerate them anyway.
 */
export type CandidateCache = Map<TextGenerator, Map<number, CandidateRecord[][]>>;

export async function evaluateRow(
  pool: SandboxPool,
  setup: EvalSetup,
  problems: readonly Problem[],
  cfg: EvalConfig,
  opts: SampleOptions & { cache?: CandidateCache } = {},
): Promise<RowResult> {
  if (problems.length === 0) throw new RangeError('eval: no evaluation problems (check problems.split and problems.maxEvalProblems)');
  const e = cfg.eval;
  const k = e.candidates;
  const batch = cfg.dataset.generationBatch;
  const capped = problems.map((p) => capTests(p, cfg.sandbox.maxTests));
  const questions = capped.map((p) => judgmentQuestion(p));
  const repeats: RepeatMetrics[] = [];
  const records: EvalRecord[] = [];
  const timing: EvalTiming = { wallMs: 0, generateMs: 0, judgeMs: 0, judgments: 0, judgmentsPerS: 0 };
  // The k labelled candidates of every problem for repeat r, or null when stopped.
  const generateCandidates = async (r: number, seed: number, detail: string): Promise<CandidateRecord[][] | null> => {
    const stream = sampleResponses(
      setup.generator,
      capped,
      { temperature: e.temperature, topP: e.topP, topK: e.topK, maxNewTokens: e.maxNewTokens, samples: k, batch, seed: deriveSeed(seed, 'generate'), thinking: cfg.model?.thinking },
      { ...opts, phase: 'eval', unit: 'candidates', detail },
    );
    const { records: cands } = await labelAll(pool, stream, {
      labels: 'binary',
      maxPending: cfg.dataset.labelQueue,
      limits: sandboxLimits(cfg.sandbox),
    });
    timing.generateMs += stream.timing.generateMs;
    if (stream.timing.stopped) return null;
    const byProblem = new Map(capped.map((p) => [p.id, [] as typeof cands]));
    for (const c of cands) byProblem.get(c.problem_id)!.push(c);
    return capped.map((p) => byProblem.get(p.id)!.sort((a, b) => a.index - b.index));
  };
  const t0 = performance.now();
  for (let r = 0; r < e.repeats; r++) {
    if (opts.shouldStop?.()) break;
    const seed = phaseSeed(cfg, 'eval', r);
    const detail = `${setup.name} repeat ${r + 1}/${e.repeats}`;
    const cached = opts.cache?.get(setup.generator)?.get(r);
    const groups = cached ?? (await generateCandidates(r, seed, detail));
    if (!groups) break;
    if (!cached && opts.cache) {
      if (!opts.cache.has(setup.generator)) opts.cache.set(setup.generator, new Map());
      opts.cache.get(setup.generator)!.set(r, groups);
    }
    const prompts = groups.map((g, i) => judgmentPrompt(questions[i]!, g.map((c) => c.code ?? '')));

    const judgments: (string | null)[] = [];
    const jStart = performance.now();
    let stopped = false;
    for (let at = 0; at < prompts.length; at += batch) {
      if (opts.shouldStop?.()) {
        stopped = true;
        break;
      }
      const idx = prompts.slice(at, at + batch).map((_, i) => at + i);
      const tj = performance.now();
      judgments.push(
        ...(await setup.judge.generate(
          idx.map((i) => prompts[i]!),
          { temperature: e.temperature, topP: e.topP, topK: e.topK, maxNewTokens: e.judgeMaxNewTokens, seed: deriveSeed(seed, 'judge'), keys: idx },
        )),
      );
      timing.judgeMs += performance.now() - tj;
      timing.judgments += idx.length;
      opts.onProgress?.(progressOf('eval', 'judgments', judgments.length, prompts.length, jStart, detail));
    }
    if (stopped) break;
    const items = groups.map((g, i) => {
      const item = judgedItem(capped[i]!.id, g.map((c) => c.label === 1), judgments[i]!);
      records.push({ row: setup.name, repeat: r, problem_id: capped[i]!.id, statuses: g.map((c) => c.status), labels: item.labels, codes: g.map((c) => c.code), judgment: judgments[i]!, ranking: item.ranking });
      return item;
    });
    repeats.push(repeatMetrics(items, e.malformed));
  }
  timing.wallMs = performance.now() - t0;
  timing.judgmentsPerS = timing.judgeMs > 0 ? timing.judgments / (timing.judgeMs / 1000) : 0;
  return { setup, repeats, records, timing };
}

export interface EvaluationResult {
  /** Rows with at least one completed repeat; null when none completed. */
  report: EvalReport | null;
  rows: RowResult[];
  complete: boolean;
}

/** Every row in turn; the report holds the rows with completed repeats. */
export async function runEvaluation(pool: SandboxPool, setups: readonly EvalSetup[], problems: readonly Problem[], cfg: EvalConfig, opts: SampleOptions = {}): Promise<EvaluationResult> {
  const rows: RowResult[] = [];
  const cache: CandidateCache = new Map();
  for (const s of setups) {
    if (opts.shouldStop?.()) break;
    rows.push(await evaluateRow(pool, s, problems, cfg, { ...opts, cache }));
  }
  const done = rows.filter((r) => r.repeats.length > 0);
  const complete = rows.length === setups.length && rows.every((r) => r.repeats.length === cfg.eval.repeats);
  return {
    rows,
    complete,
    report: done.length ? buildReport(done.map((r) => ({ name: r.setup.name, ...(r.setup.label ? { label: r.setup.label } : {}), repeats: r.repeats })), cfg.eval.candidates, cfg.eval.malformed) : null,
  };
}
