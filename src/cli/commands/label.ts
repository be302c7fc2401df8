// `dust label --problems FILE [--format F] --candidates JSONL [--workers N] [--timeout MS] [--json]`:
// labels candidate programs ({"problem_id", "code"} per line; or {"problem_id", "response"}
// for raw model output, extracted as the paper does) by running them in the sandbox. Prints
// one line per candidate, in input order: problem_id, index, status, tests_passed,
// tests_total, ms (JSON Lines with --json).
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { extractCode } from '../../problems/extract';
import { loadProblemFile, PROBLEM_FORMATS } from '../../problems/load';
import type { Problem } from '../../problems/schema';
import { noCodeResult, SandboxPool } from '../../sandbox/pool';
import { countStatuses, formatCounts } from '../../sandbox/summary';
import type { RunResult } from '../../sandbox/types';
import type { Command } from '../command';
import { parseCommon } from './check-problems';

const USAGE = `usage: npm run dust -- label --problems FILE [--format ${PROBLEM_FORMATS.join('|')}] --candidates JSONL [--workers N] [--timeout MS] [--json]`;

interface Candidate {
  problem: Problem;
  code: string | null;
  reason?: string;
}

function readCandidates(text: string, file: string, problems: Map<string, Problem>): Candidate[] {
  const out: Candidate[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') return;
    let v: { problem_id?: unknown; code?: unknown; response?: unknown };
    try {
      v = JSON.parse(line);
    } catch {
      throw new Error(`${file}: line ${i + 1} is not JSON`);
    }
    if (typeof v.problem_id !== 'string') throw new Error(`${file}: line ${i + 1} needs "problem_id" (a string)`);
    const problem = problems.get(v.problem_id);
    if (!problem) throw new Error(`${file}: line ${i + 1}: no problem "${v.problem_id}" in the problem file`);
    if (typeof v.code === 'string') out.push({ problem, code: v.code });
    else if (typeof v.response === 'string') {
      const ex = extractCode(v.response);
      out.push({ problem, code: ex.code, reason: ex.reason });
    } else throw new Error(`${file}: line ${i + 1} needs "code" (a program) or "response" (model output)`);
  });
  return out;
}

const command: Command = {
  summary: 'label candidate programs (JSON Lines) by running them against the problems\' tests',
  async run(args) {
    let values;
    try {
      ({ values } = parseArgs({
        args,
        options: { problems: { type: 'string' }, candidates: { type: 'string' }, format: { type: 'string' }, workers: { type: 'string' }, timeout: { type: 'string' }, json: { type: 'boolean', default: false } },
      }));
    } catch (e) {
      console.error(`label: ${(e as Error).message}\n${USAGE}`);
      return 2;
    }
    if (!values.problems || !values.candidates) {
      console.error(`label: --problems and --candidates are required.\n${USAGE}`);
      return 2;
    }
    let opts;
    let candidates: Candidate[];
    try {
      opts = parseCommon(values);
      const set = await loadProblemFile(new Uint8Array(readFileSync(values.problems)), opts.format, values.problems);
      candidates = readCandidates(readFileSync(values.candidates, 'utf8'), values.candidates, new Map(set.problems.map((p) => [p.id, p])));
    } catch (e) {
      console.error(`label: ${(e as Error).message}`);
      return 2;
    }
    const pool = await SandboxPool.create({ workers: opts.workers, limits: { timeoutMs: opts.timeoutMs } });
    try {
      const results: RunResult[] = await Promise.all(candidates.map((c) => (c.code === null ? Promise.resolve(noCodeResult(c.problem, c.reason)) : pool.run(c.problem, c.code))));
      results.forEach((r, i) => {
        const row = { problem_id: candidates[i]!.problem.id, index: i, status: r.status, tests_passed: r.testsPassed, tests_total: r.testsTotal, ms: Math.round(r.ms) };
        if (values.json) console.log(JSON.stringify(r.failure ? { ...row, message: r.failure.message } : row));
        else console.log(`${String(i).padStart(5)}  ${row.problem_id}  ${r.status.padEnd(8)} ${r.testsPassed}/${r.testsTotal}  ${row.ms} ms`);
      });
      console.error(`label: ${results.length} candidates: ${formatCounts(countStatuses(results)) || 'none'}`);
      return 0;
    } finally {
      await pool.close();
    }
  },
};

export default command;
