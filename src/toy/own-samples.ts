// The toy's own samples as corpus material: the candidates.jsonl of a `dust build` run folder
// (every sampled program of the committed toy, extracted and labelled in the sandbox, as
// phase 1 makes DuST's groups), by problem. Judgment and verdict documents can draw their
// candidates from these instead of the task family's hand-written correct and buggy pools
// (ToyCorpusOptions.ownSamples): the verdicts a base writes are then about programs like the
// ones DuST will show it — syntax slips, other families' functions, near misses — not only
// about the generator's tidy variants. Session 12 measured why it matters: a thinking-verdict
// judge right 0.80 of the time on corpus groups was right 52 % of the time on its own samples.
import type { CandidateRecord } from '../dust/dataset';

export interface OwnSample {
  /** The program as the judgment prompt shows it (extractCode's form). */
  code: string;
  /** 1: passed every test. */
  label: 0 | 1;
}

/** Samples by problem id. */
export type OwnSamples = ReadonlyMap<string, readonly OwnSample[]>;

/**
 * Reads candidates.jsonl. Candidates with nothing extracted are left out (the pipeline drops
 * them from its groups too); a line that is not a candidate record is an error naming it.
 */
export function parseOwnSamples(text: string, where: string): OwnSamples {
  const out = new Map<string, OwnSample[]>();
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') return;
    let r: Partial<CandidateRecord>;
    try {
      r = JSON.parse(line) as Partial<CandidateRecord>;
    } catch {
      throw new Error(`${where} line ${i + 1}: not JSON; give the candidates.jsonl of a \`dust build\` run folder`);
    }
    if (typeof r.problem_id !== 'string' || (r.code !== null && typeof r.code !== 'string') || typeof r.status !== 'string') {
      throw new Error(`${where} line ${i + 1}: not a candidate record (needs problem_id, code and status); give the candidates.jsonl of a \`dust build\` run folder`);
    }
    if (r.code === null || r.code === undefined) return;
    const list = out.get(r.problem_id) ?? [];
    list.push({ code: r.code, label: r.status === 'pass' ? 1 : 0 });
    out.set(r.problem_id, list);
  });
  if (out.size === 0) throw new Error(`${where}: no candidate with code; sample with \`npm run dust -- build\` first`);
  return out;
}

/** How many problems hold both passing and failing samples (the ones a mixed group can come from). */
export function mixedProblems(samples: OwnSamples): number {
  let n = 0;
  for (const list of samples.values()) if (list.some((s) => s.label === 1) && list.some((s) => s.label === 0)) n++;
  return n;
}
