// `npm run bench -- sandbox [--n 2000] [--timeout 250]`: labels N candidates over the built-in
// problems (correct references, buggy solutions, throwing programs, 5% infinite loops) with a
// pool of 1 and of 2 workers. Metrics per pool size: labels_per_s, p50_ms / p99_ms (per
// candidate, as the pool measures it), timeout_overrun_ms_max (how far past the deadline a
// timed-out candidate came back). Baseline from the same run: the same non-looping candidates
// on one QuickJS engine in this thread, no workers (the pool's ceiling per worker).
import { loadBuiltinProblems } from '../../src/problems/builtin';
import type { Problem } from '../../src/problems/schema';
import { SandboxPool } from '../../src/sandbox/pool';
import { QuickJSRunner } from '../../src/sandbox/runner';
import { countStatuses } from '../../src/sandbox/summary';
import type { RunResult } from '../../src/sandbox/types';
import type { BenchResult, BenchSuite } from '../types';

function option(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? Number(args[i + 1]) : fallback;
}

type Kind = 'correct' | 'wrong' | 'throwing' | 'loop';

/** A deterministic mix: 5% infinite loops, then correct / buggy / throwing in turn. */
function candidates(problems: Problem[], n: number): { problem: Problem; code: string; kind: Kind }[] {
  const usable = problems.filter((p) => p.reference && p.tests.kind === 'call');
  const out: { problem: Problem; code: string; kind: Kind }[] = [];
  for (let i = 0; i < n; i++) {
    const p = usable[(i * 7919) % usable.length]!;
    const entry = p.tests.kind === 'call' ? p.tests.entry : 'f';
    let kind: Kind;
    let code: string;
    if (i % 20 === 7) {
      kind = 'loop';
      code = `function ${entry}() { for (;;) {} }`;
    } else if (i % 3 === 0) {
      kind = 'correct';
      code = p.reference!;
    } else if (i % 3 === 1 && p.buggy?.length) {
      kind = 'wrong';
      code = p.buggy[i % p.buggy.length]!;
    } else {
      kind = 'throwing';
      code = `function ${entry}(...args) { if (args.length > 0) throw new TypeError('candidate bug'); }`;
    }
    out.push({ problem: p, code, kind });
  }
  return out;
}

const pct = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
};

const suite: BenchSuite = async (args): Promise<BenchResult> => {
  const n = option(args, 'n', 2000);
  const timeoutMs = option(args, 'timeout', 250);
  const problems = loadBuiltinProblems().problems;
  const jobs = candidates(problems, n);
  const metrics: Record<string, number> = {};
  const notes: string[] = [];

  // Baseline: one engine in this thread, no workers, no watchdog; loops left out.
  const runner = new QuickJSRunner();
  await runner.ready();
  const plain = jobs.filter((j) => j.kind !== 'loop');
  let t0 = performance.now();
  for (const j of plain) await runner.run({ tests: j.problem.tests, code: j.code, limits: { timeoutMs, timeoutPer: 'candidate', memoryBytes: 512 << 20, outputChars: 65536 } });
  metrics.baseline_inprocess_labels_per_s = plain.length / ((performance.now() - t0) / 1000);

  for (const workers of [1, 2]) {
    const pool = await SandboxPool.create({ workers, limits: { timeoutMs } });
    t0 = performance.now();
    const results: RunResult[] = await pool.runMany(jobs);
    const secs = (performance.now() - t0) / 1000;
    await pool.close();
    const ms = results.map((r) => r.ms);
    const timeouts = results.filter((r) => r.status === 'timeout');
    const wrongLabels = jobs.filter((j, i) => (j.kind === 'correct') !== (results[i]!.status === 'pass')).length;
    metrics[`w${workers}_labels_per_s`] = n / secs;
    metrics[`w${workers}_p50_ms`] = pct(ms, 0.5);
    metrics[`w${workers}_p99_ms`] = pct(ms, 0.99);
    metrics[`w${workers}_timeout_overrun_ms_max`] = timeouts.length ? Math.max(...timeouts.map((r) => r.ms - timeoutMs)) : 0;
    metrics[`w${workers}_mislabelled`] = wrongLabels;
    notes.push(`${workers} worker(s): ${JSON.stringify(countStatuses(results))}, ${pool.restarts} watchdog restarts`);
  }
  for (const k of Object.keys(metrics)) metrics[k] = Math.round(metrics[k]! * 100) / 100;
  return {
    suite: 'sandbox',
    shapes: { candidates: n, timeout_ms: timeoutMs, problems: new Set(jobs.map((j) => j.problem.id)).size, mix: countKinds(jobs) },
    metrics,
    notes: [...notes, 'mislabelled: correct references not passing, or other candidates passing (expected 0)'],
  };
};

function countKinds(jobs: { kind: Kind }[]): Record<Kind, number> {
  const c: Record<Kind, number> = { correct: 0, wrong: 0, throwing: 0, loop: 0 };
  for (const j of jobs) c[j.kind]++;
  return c;
}

export default suite;
