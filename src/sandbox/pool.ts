// A pool of sandbox workers, each holding one QuickJS wasm module. Jobs queue here and go to
// the first free worker. The watchdog: QuickJS's interrupt handler is not consulted inside
// C built-ins (DESIGN.md), so a worker that has not answered by deadline + grace is
// terminated and replaced, and its candidate is labelled `timeout`.
import type { Problem } from '../problems/schema';
import type { RunLimits, RunResult } from './types';
import type { SandboxJob } from './runner';
import { candidateBudgetMs, testsTotal } from './runner';
import { defaultSpawner, type SandboxWorkerHandle, type WorkerSpawner } from './spawn';
import { messageOf } from '../util/errors';

export interface PoolOptions {
  /** Number of workers (default: the spawner's hardware threads − 1, at least 1, at most 8). */
  workers?: number;
  /** Default limits for every run (default: DEFAULT_LIMITS). */
  limits?: RunLimits;
  /** Extra time past the deadline before the watchdog kills a worker (default: max(300 ms, timeout / 2)). */
  graceMs?: number;
  /** How to start a worker (default: Web Worker in the browser, worker_threads in Node). */
  spawn?: WorkerSpawner;
  /** QuickJS stack limit (default: what the worker's host stack holds; see README.md). */
  stackBytes?: number;
}

/** The paper's limits: 10 s, 512 MB; output capped at 64 Ki characters. */
export const DEFAULT_LIMITS: Required<RunLimits> = { timeoutMs: 10_000, timeoutPer: 'candidate', memoryBytes: 512 * 1024 * 1024, outputChars: 64 * 1024 };

const START_TIMEOUT_MS = 60_000;

interface Slot {
  handle: SandboxWorkerHandle;
  ready: Promise<boolean>;
  onDeath: ((reason: string) => void) | null;
  busy: boolean;
}

interface Queued {
  job: SandboxJob;
  resolve: (r: RunResult) => void;
  reject: (e: Error) => void;
}

/**
 * The pool cannot label at all (closed, or workers that will not start). Thrown instead of
 * a result: labelling the candidate `error` would silently poison a dataset.
 */
export class SandboxUnavailableError extends Error {
  override name = 'SandboxUnavailableError';
}

/** A result with no run behind it: nothing could be extracted from the response. */
export function noCodeResult(problem: Problem, message = 'no code found in the response'): RunResult {
  return { status: 'no_code', testsPassed: 0, testsTotal: testsTotal(problem.tests), failure: { index: -1, message }, ms: 0 };
}

export class SandboxPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Queued[] = [];
  private closed = false;
  /** Workers replaced since creation: watchdog kills, crashes, and wasm failures the worker reported. */
  restarts = 0;

  private constructor(
    private readonly spawn: WorkerSpawner,
    private readonly limits: Required<RunLimits>,
    private readonly graceMs: number | undefined,
    workers: number,
    private readonly stackBytes: number | undefined,
  ) {
    for (let i = 0; i < workers; i++) this.slots.push(this.startSlot());
  }

  static async create(opts: PoolOptions = {}): Promise<SandboxPool> {
    const spawn = opts.spawn ?? (await defaultSpawner());
    // The spawner knows its host's thread count (Node has no navigator.hardwareConcurrency).
    const workers = opts.workers ?? Math.min(8, Math.max(1, (spawn.parallelism ?? 2) - 1));
    if (!Number.isInteger(workers) || workers < 1) throw new Error(`SandboxPool: workers must be a positive integer (got ${workers})`);
    const pool = new SandboxPool(spawn, { ...DEFAULT_LIMITS, ...definedOnly(opts.limits) }, opts.graceMs, workers, opts.stackBytes);
    const ok = await Promise.all(pool.slots.map((s) => s.ready));
    if (!ok.every(Boolean)) {
      await pool.close();
      throw new Error('SandboxPool: a sandbox worker failed to start (see the console for the worker error)');
    }
    return pool;
  }

  get size(): number {
    return this.slots.length;
  }

  /** Runs one candidate program (already extracted) against the problem's tests. */
  run(problem: Problem, code: string, limits?: RunLimits): Promise<RunResult> {
    if (this.closed) return Promise.reject(new SandboxUnavailableError('the sandbox pool is closed: create a new one to label more candidates'));
    if (typeof code !== 'string' || code.trim() === '') return Promise.resolve(noCodeResult(problem, 'empty program'));
    const job: SandboxJob = { tests: problem.tests, code, limits: { ...this.limits, ...definedOnly(limits) } };
    return new Promise((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      this.pump();
    });
  }

  /** Runs many candidates across the workers; results come back in input order. */
  runMany(jobs: { problem: Problem; code: string }[], onResult?: (i: number, r: RunResult) => void): Promise<RunResult[]> {
    return Promise.all(
      jobs.map((j, i) =>
        this.run(j.problem, j.code).then((r) => {
          onResult?.(i, r);
          return r;
        }),
      ),
    );
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const q of this.queue.splice(0)) q.reject(new SandboxUnavailableError('the sandbox pool was closed before this candidate ran'));
    for (const s of this.slots) {
      s.onDeath?.('the sandbox pool was closed');
      try {
        s.handle.terminate();
      } catch {
        // already gone
      }
    }
  }

  private startSlot(): Slot {
    const slot = { onDeath: null, busy: false } as unknown as Slot;
    this.boot(slot);
    return slot;
  }

  /** Starts a worker for `slot`; its deaths reach whichever job the slot is running. */
  private boot(slot: Slot): void {
    const handle = this.spawn();
    let diedEarly: (ok: boolean) => void = () => {};
    const died = new Promise<boolean>((resolve) => (diedEarly = resolve));
    handle.onExit((reason) => {
      diedEarly(false);
      if (slot.handle !== handle) return;
      // A running job learns of the death; an idle worker is marked dead so that the next job
      // replaces it instead of posting to a port nobody reads (and timing out).
      if (slot.onDeath) slot.onDeath(reason);
      else slot.ready = Promise.resolve(false);
    });
    const started = handle.api.ready().then(
      () => true,
      (e: unknown) => {
        console.error('sandbox worker failed to start:', e);
        return false;
      },
    );
    slot.handle = handle;
    slot.ready = withTimeout(Promise.race([started, died]), START_TIMEOUT_MS, false);
  }

  /** Asks the worker to be ready for `job`; false if it died or did not answer in time. */
  private async prepare(slot: Slot, job: SandboxJob): Promise<boolean> {
    if (this.closed) throw new SandboxUnavailableError('the sandbox pool was closed while this candidate waited');
    const died = new Promise<boolean>((resolve) => (slot.onDeath = () => resolve(false)));
    const ok = slot.handle.api.prepare(job.limits.memoryBytes).then(
      () => true,
      (e: unknown) => {
        console.error('sandbox worker failed to prepare:', e);
        return false;
      },
    );
    try {
      return await withTimeout(Promise.race([ok, died]), START_TIMEOUT_MS, false);
    } finally {
      slot.onDeath = null;
    }
  }

  private replace(slot: Slot): void {
    this.restarts++;
    try {
      slot.handle.terminate();
    } catch {
      // already gone
    }
    if (!this.closed) this.boot(slot);
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (slot.busy || this.queue.length === 0 || this.closed) continue;
      slot.busy = true;
      void this.drainSlot(slot);
    }
  }

  private async drainSlot(slot: Slot): Promise<void> {
    while (this.queue.length > 0 && !this.closed) {
      const item = this.queue.shift()!;
      try {
        item.resolve(await this.execute(slot, item.job));
      } catch (e) {
        item.reject(e instanceof Error ? e : new Error(String(e)));
      }
    }
    slot.busy = false;
  }

  private async execute(slot: Slot, job: SandboxJob): Promise<RunResult> {
    const total = testsTotal(job.tests);
    if (!(await slot.ready)) {
      this.replace(slot);
      if (!(await slot.ready)) throw new SandboxUnavailableError('a sandbox worker failed to start twice: check that the QuickJS wasm file is served (see src/sandbox/README.md)');
    }
    // The worker rebuilds its wasm module here if an earlier candidate grew the heap past this
    // job's cap: that work is the worker's, so it happens before the watchdog starts.
    if (!(await this.prepare(slot, job))) {
      this.replace(slot);
      if (!(await slot.ready) || !(await this.prepare(slot, job))) throw new SandboxUnavailableError('a sandbox worker failed to prepare twice: check that the QuickJS wasm file is served (see src/sandbox/README.md)');
    }
    const t0 = performance.now();
    const grace = this.graceMs ?? Math.max(300, job.limits.timeoutMs / 2);
    const budget = candidateBudgetMs(job.limits, total);
    return new Promise<RunResult>((resolve, reject) => {
      let done = false;
      const finish = (r: RunResult, kill: boolean) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        slot.onDeath = null;
        if (kill) this.replace(slot);
        resolve(r);
      };
      const timer = setTimeout(() => {
        const ms = performance.now() - t0;
        finish({ status: 'timeout', testsPassed: 0, testsTotal: total, failure: { index: -1, message: `time limit exceeded (${budget} ms; the worker was stopped after ${Math.round(ms)} ms)` }, ms }, true);
      }, budget + grace);
      slot.onDeath = (reason) => {
        if (this.closed && !done) {
          done = true;
          clearTimeout(timer);
          reject(new SandboxUnavailableError('the sandbox pool was closed while this candidate ran'));
          return;
        }
        finish({ status: 'error', testsPassed: 0, testsTotal: total, failure: { index: -1, message: `sandbox worker died: ${reason}` }, ms: performance.now() - t0 }, true);
      };
      const stackBytes = this.stackBytes ?? slot.handle.stackBytes;
      slot.handle.api.run(stackBytes ? { ...job, stackBytes } : job).then(
        ({ restartWorker, ...r }) => finish(r, restartWorker === true),
        (e: unknown) => finish({ status: 'error', testsPassed: 0, testsTotal: total, failure: { index: -1, message: `sandbox worker failed: ${messageOf(e)}` }, ms: performance.now() - t0 }, true),
      );
    });
  }
}

function definedOnly(l: RunLimits | undefined): RunLimits {
  const out: RunLimits = {};
  if (l?.timeoutMs !== undefined) out.timeoutMs = l.timeoutMs;
  if (l?.timeoutPer !== undefined) out.timeoutPer = l.timeoutPer;
  if (l?.memoryBytes !== undefined) out.memoryBytes = l.memoryBytes;
  if (l?.outputChars !== undefined) out.outputChars = l.outputChars;
  return out;
}

function withTimeout<T>(p: Promise<T>, ms: number, fallback: T): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => resolve(fallback), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(t);
        reject(e);
      },
    );
  });
}

