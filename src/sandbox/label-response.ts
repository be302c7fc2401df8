// From a model's response to a label: extract the program (src/problems/extract.ts), run it
// in the pool, and report no_code when there is nothing to run.
import { extractCode } from '../problems/extract';
import type { Problem } from '../problems/schema';
import { noCodeResult, type SandboxPool } from './pool';
import type { RunLimits, RunResult } from './types';

export async function labelResponse(pool: SandboxPool, problem: Problem, response: string, limits?: RunLimits): Promise<RunResult & { code: string | null }> {
  const ex = extractCode(response);
  if (ex.code === null) return { ...noCodeResult(problem, ex.reason), code: null };
  return { ...(await pool.run(problem, ex.code, limits)), code: ex.code };
}
