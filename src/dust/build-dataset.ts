// Phase 1 from responses to dataset: label a stream of generated responses in the sandbox
// pool (labelling.ts), then build the judgment groups (groups.ts), all with the run
// configuration's settings. The caller supplies the generator (the GPU model, or anything
// that yields responses) and stores the result (dataset.ts serialises it).
import type { Problem } from '../problems/schema';
import type { SandboxPool } from '../sandbox/pool';
import { phaseSeed, sandboxLimits, type RunConfig } from './config';
import type { CandidateRecord, GroupRecord } from './dataset';
import { buildGroups, type DatasetStats } from './groups';
import { judgmentQuestion } from './judgment-prompt';
import { labelAll, type GeneratedResponse, type LabelStats } from './labelling';

/**
 * The problem with at most `max` test cases (paper: 50), the first ones. Assertion-code tests
 * are one program and cannot be cut; they run whole.
 */
export function capTests(p: Problem, max: number): Problem {
  const t = p.tests;
  if (t.kind === 'assert' || t.cases.length <= max) return p;
  return { ...p, tests: t.kind === 'call' ? { ...t, cases: t.cases.slice(0, max) } : { ...t, cases: t.cases.slice(0, max) } };
}

export interface JudgmentDataset {
  candidates: CandidateRecord[];
  groups: GroupRecord[];
  stats: DatasetStats;
  labelling: LabelStats;
}

export async function buildJudgmentDataset(
  pool: SandboxPool,
  problems: readonly Problem[],
  responses: AsyncIterable<GeneratedResponse>,
  cfg: Pick<RunConfig, 'seed' | 'dataset' | 'sandbox'>,
): Promise<JudgmentDataset> {
  const byId = new Map(problems.map((p) => [p.id, p]));
  const capped = new Map(problems.map((p) => [p.id, capTests(p, cfg.sandbox.maxTests)]));
  const d = cfg.dataset;
  async function* withCappedTests(): AsyncGenerator<GeneratedResponse> {
    for await (const r of responses) yield { ...r, problem: capped.get(r.problem.id) ?? capTests(r.problem, cfg.sandbox.maxTests) };
  }
  const { records, stats: labelling } = await labelAll(pool, withCappedTests(), {
    labels: d.labels,
    maxPending: d.labelQueue,
    limits: sandboxLimits(cfg.sandbox),
  });
  const questionOf = (id: string) => {
    const p = byId.get(id);
    if (!p) throw new RangeError(`dataset: a response names problem "${id}", which is not in the run's problem set`);
    return judgmentQuestion(p);
  };
  const { groups, stats } = buildGroups(records, questionOf, {
    groupSize: d.groupSize,
    seed: phaseSeed(cfg, 'dataset'),
    shuffleWithinGroups: d.shuffleWithinGroups,
    validationFraction: d.validationFraction,
    dropNoCode: d.dropNoCode,
  });
  return { candidates: records, groups, stats, labelling };
}
