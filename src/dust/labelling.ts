// The labelling stage of phase 1: responses arrive from any generator as an async stream
// and are labelled in the sandbox pool while generation goes on. Every response pulled from
// the stream is handed to the pool at once (the pool queues it for the first free worker), so
// the generator only waits when `maxPending` responses are unlabelled or labelled but not yet
// taken by the consumer: a bounded queue, and a slow sandbox slows generation instead of
// growing memory without bound. Results come out in completion order.
import type { Problem } from '../problems/schema';
import { labelResponse } from '../sandbox/label-response';
import type { SandboxPool } from '../sandbox/pool';
import type { RunLimits, RunResult } from '../sandbox/types';
import type { CandidateRecord } from './dataset';

export interface GeneratedResponse {
  problem: Problem;
  response: string;
  /** Sample index within the problem; default: arrival order per problem. */
  index?: number;
}

export interface LabelOptions {
  /** "binary" (default, the paper) or "pass-rate" (authors' code). */
  labels?: 'binary' | 'pass-rate';
  limits?: RunLimits;
  /** Responses in the sandbox or waiting for the consumer before the generator is paused (default 256). */
  maxPending?: number;
  /** Keep the raw response in each record (default true). */
  keepResponse?: boolean;
}

export interface LabelStats {
  received: number;
  labelled: number;
  /** Most responses pending at once. */
  peakPending: number;
  /** Times the generator was paused because the queue was full. */
  generatorWaits: number;
}

/** 1 iff every test passed; with pass-rate labels a failing run scores passed / total, kept below 1. */
export function candidateLabel(r: Pick<RunResult, 'status' | 'testsPassed' | 'testsTotal'>, mode: 'binary' | 'pass-rate'): number {
  if (r.status === 'pass') return 1;
  if (mode === 'binary' || r.testsTotal <= 0 || r.testsPassed >= r.testsTotal) return 0;
  return r.testsPassed / r.testsTotal;
}

export interface LabelStream extends AsyncIterable<CandidateRecord> {
  readonly stats: LabelStats;
  /** Problem ids in the order the generator first produced them. */
  problemOrder(): string[];
}

export function labelStream(pool: SandboxPool, source: AsyncIterable<GeneratedResponse>, opts: LabelOptions = {}): LabelStream {
  const mode = opts.labels ?? 'binary';
  const maxPending = opts.maxPending ?? 256;
  if (!Number.isInteger(maxPending) || maxPending < 1) throw new RangeError(`labelStream: maxPending must be a positive integer, got ${maxPending}`);
  if (mode !== 'binary' && mode !== 'pass-rate') throw new RangeError(`labelStream: labels must be "binary" or "pass-rate", got "${String(mode)}"`);
  const stats: LabelStats = { received: 0, labelled: 0, peakPending: 0, generatorWaits: 0 };
  const ready: CandidateRecord[] = [];
  let running = 0;
  let sourceDone = false;
  let stopped = false;
  let failure: { error: unknown } | null = null;
  let wakeConsumer: (() => void) | null = null;
  let wakeProducer: (() => void) | null = null;
  const pending = () => running + ready.length;
  const wake = () => {
    const c = wakeConsumer;
    wakeConsumer = null;
    c?.();
    const p = wakeProducer;
    wakeProducer = null;
    p?.();
  };
  const nextIndex = new Map<string, number>();

  const pump = async () => {
    for await (const item of source) {
      if (stopped || failure) return;
      while (pending() >= maxPending && !stopped) {
        stats.generatorWaits++;
        await new Promise<void>((r) => (wakeProducer = r));
      }
      if (stopped) return;
      const index = item.index ?? nextIndex.get(item.problem.id) ?? 0;
      nextIndex.set(item.problem.id, Math.max(index + 1, nextIndex.get(item.problem.id) ?? 0));
      stats.received++;
      running++;
      stats.peakPending = Math.max(stats.peakPending, pending());
      labelResponse(pool, item.problem, item.response, opts.limits)
        .then(
          (r) => {
            const rec: CandidateRecord = {
              problem_id: item.problem.id,
              index,
              ...(opts.keepResponse === false ? {} : { response: item.response }),
              code: r.code,
              label: candidateLabel(r, mode),
              status: r.status,
              tests_passed: r.testsPassed,
              tests_total: r.testsTotal,
              ms: Math.round(r.ms),
            };
            ready.push(rec);
            stats.labelled++;
          },
          (e: unknown) => (failure ??= { error: e }),
        )
        .finally(() => {
          running--;
          wake();
        });
    }
  };
  let started: Promise<void> | null = null;
  const start = () =>
    (started ??= pump().then(
      () => {
        sourceDone = true;
        wake();
      },
      (e: unknown) => {
        failure ??= { error: e };
        sourceDone = true;
        wake();
      },
    ));

  return {
    stats,
    problemOrder: () => [...nextIndex.keys()],
    async *[Symbol.asyncIterator]() {
      void start();
      try {
        for (;;) {
          if (ready.length > 0) {
            const rec = ready.shift()!;
            wake();
            yield rec;
            continue;
          }
          if (failure) throw failure.error instanceof Error ? failure.error : new Error(String(failure.error));
          if (sourceDone && running === 0) return;
          await new Promise<void>((r) => (wakeConsumer = r));
        }
      } finally {
        stopped = true;
        wake();
      }
    },
  };
}

/** Labels a whole stream; records sorted by problem (first-seen order) then sample index. */
export async function labelAll(pool: SandboxPool, source: AsyncIterable<GeneratedResponse>, opts: LabelOptions = {}): Promise<{ records: CandidateRecord[]; stats: LabelStats }> {
  const stream = labelStream(pool, source, opts);
  const out: CandidateRecord[] = [];
  for await (const r of stream) out.push(r);
  // Completion order scrambles problems; restore the order the generator produced them in.
  const firstSeen = new Map(stream.problemOrder().map((id, i) => [id, i]));
  out.sort((a, b) => a.problem_id === b.problem_id ? a.index - b.index : firstSeen.get(a.problem_id)! - firstSeen.get(b.problem_id)!);
  return { records: out, stats: stream.stats };
}
