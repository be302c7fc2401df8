// Counting labels by status, for CLI summaries and benchmarks.
import type { RunResult, RunStatus } from './types';

export const STATUSES: RunStatus[] = ['pass', 'fail', 'error', 'timeout', 'memory', 'no_code'];

export function countStatuses(results: RunResult[]): Record<RunStatus, number> {
  const c = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<RunStatus, number>;
  for (const r of results) c[r.status]++;
  return c;
}

export function formatCounts(c: Record<RunStatus, number>): string {
  return STATUSES.filter((s) => c[s] > 0)
    .map((s) => `${c[s]} ${s}`)
    .join(', ');
}
