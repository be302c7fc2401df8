// `dust check-problems <file|builtin> [--format F] [--solutions JSONL] [--workers N] [--timeout MS] [--json]`:
// runs every problem's reference solution (or the given solutions) in the sandbox and prints
// one status line per problem and a summary. Exit code 0 iff every solution passes.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadBuiltinProblems } from '../../problems/builtin';
import { loadProblemFile, PROBLEM_FORMATS, type ProblemFormat } from '../../problems/load';
import type { Problem } from '../../problems/schema';
import { SandboxPool } from '../../sandbox/pool';
import { countStatuses, formatCounts } from '../../sandbox/summary';
import type { Command } from '../command';

const USAGE = `usage: npm run dust -- check-problems <file|builtin> [--format ${PROBLEM_FORMATS.join('|')}] [--solutions JSONL] [--workers N] [--timeout MS] [--json]`;

/** Reads {"problem_id", "code"} lines; errors name the line. */
export function readSolutions(text: string, file: string): { problem_id: string; code: string }[] {
  return text
    .split('\n')
    .map((l, i) => [l.trim(), i + 1] as const)
    .filter(([l]) => l !== '')
    .map(([l, n]) => {
      let v: unknown;
      try {
        v = JSON.parse(l);
      } catch {
        throw new Error(`${file}: line ${n} is not JSON`);
      }
      const o = v as { problem_id?: unknown; code?: unknown };
      if (typeof o?.problem_id !== 'string' || typeof o.code !== 'string') throw new Error(`${file}: line ${n} must be {"problem_id": string, "code": string}`);
      return { problem_id: o.problem_id, code: o.code };
    });
}

export function parseCommon(v: { format?: string; workers?: string; timeout?: string }): { format: ProblemFormat | 'auto'; workers: number | undefined; timeoutMs: number } {
  const format = (v.format ?? 'auto') as ProblemFormat | 'auto';
  if (format !== 'auto' && !PROBLEM_FORMATS.includes(format)) throw new Error(`--format must be one of ${PROBLEM_FORMATS.join(', ')} (got "${format}")`);
  const workers = v.workers === undefined ? undefined : Number(v.workers);
  if (workers !== undefined && (!Number.isInteger(workers) || workers < 1)) throw new Error(`--workers must be a positive integer (got "${v.workers}")`);
  const timeoutMs = v.timeout === undefined ? 10_000 : Number(v.timeout);
  if (!(timeoutMs > 0)) throw new Error(`--timeout must be a positive number of milliseconds (got "${v.timeout}")`);
  return { format, workers, timeoutMs };
}

const command: Command = {
  summary: "run each problem's reference (or given solutions) in the sandbox and report",
  async run(args) {
    let values;
    let positionals;
    try {
      ({ values, positionals } = parseArgs({
        args,
        allowPositionals: true,
        options: { format: { type: 'string' }, solutions: { type: 'string' }, workers: { type: 'string' }, timeout: { type: 'string' }, json: { type: 'boolean', default: false } },
      }));
    } catch (e) {
      console.error(`check-problems: ${(e as Error).message}\n${USAGE}`);
      return 2;
    }
    if (positionals.length !== 1) {
      console.error(`check-problems: give exactly one problem file.\n${USAGE}`);
      return 2;
    }
    let opts;
    let set;
    let jobs: { problem: Problem; code: string }[];
    let missing: Problem[] = [];
    try {
      opts = parseCommon(values);
      // `builtin` names the project's own problem set (src/problems/builtin).
      set = positionals[0] === 'builtin' ? loadBuiltinProblems() : await loadProblemFile(new Uint8Array(readFileSync(positionals[0]!)), opts.format, positionals[0]!);
      if (values.solutions) {
        const byId = new Map(set.problems.map((p) => [p.id, p]));
        jobs = readSolutions(readFileSync(values.solutions, 'utf8'), values.solutions).map((s) => {
          const problem = byId.get(s.problem_id);
          if (!problem) throw new Error(`${values.solutions}: no problem "${s.problem_id}" in ${positionals[0]}`);
          return { problem, code: s.code };
        });
      } else {
        jobs = set.problems.filter((p) => p.reference).map((p) => ({ problem: p, code: p.reference! }));
        missing = set.problems.filter((p) => !p.reference);
      }
    } catch (e) {
      console.error(`check-problems: ${(e as Error).message}`);
      return 2;
    }
    const pool = await SandboxPool.create({ workers: opts.workers, limits: { timeoutMs: opts.timeoutMs } });
    try {
      const results = await pool.runMany(jobs);
      results.forEach((r, i) => {
        const id = jobs[i]!.problem.id;
        if (values.json) {
          console.log(JSON.stringify({ problem_id: id, status: r.status, tests_passed: r.testsPassed, tests_total: r.testsTotal, ms: Math.round(r.ms), ...(r.failure ? { message: r.failure.message } : {}) }));
        } else {
          const why = r.failure ? `  ${r.failure.message}${r.failure.expected !== undefined ? ` (expected ${r.failure.expected}, got ${r.failure.got})` : ''}` : '';
          console.log(`${r.status.toUpperCase().padEnd(8)} ${id}  ${r.testsPassed}/${r.testsTotal}  ${Math.round(r.ms)} ms${why}`);
        }
      });
      for (const p of missing) {
        if (values.json) console.log(JSON.stringify({ problem_id: p.id, status: 'no_reference' }));
        else console.log(`${'SKIP'.padEnd(8)} ${p.id}  no reference solution`);
      }
      const counts = countStatuses(results);
      const summary = `${set.name}: ${results.length} solutions: ${formatCounts(counts) || 'none'}${missing.length ? `; ${missing.length} problems without a reference` : ''}`;
      if (values.json) console.log(JSON.stringify({ summary: { solutions: results.length, ...counts, no_reference: missing.length } }));
      else console.log(summary);
      return counts.pass === results.length && results.length > 0 ? 0 : 1;
    } finally {
      await pool.close();
    }
  },
};

export default command;
