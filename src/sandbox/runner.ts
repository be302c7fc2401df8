// The QuickJS engine one sandbox worker owns: loads the sync release wasm once, runs each
// candidate in a fresh runtime, and rebuilds the module if the wasm ever aborts.
import { newQuickJSWASMModuleFromVariant, type QuickJSWASMModule } from 'quickjs-emscripten-core';
import releaseSync from '@jitl/quickjs-wasmfile-release-sync';
import type { ProblemTests } from '../problems/schema';
import type { RunLimits, RunResult } from './types';
import { DEFAULT_STACK_BYTES } from './session';
import { HEAP_OVERHEAD_BYTES, runTests, type Engine, type ResolvedLimits } from './harness';
import { messageOf } from '../util/errors';

export interface SandboxJob {
  tests: ProblemTests;
  code: string;
  limits: ResolvedLimits;
  /** QuickJS stack limit (default DEFAULT_STACK_BYTES). */
  stackBytes?: number;
}

/**
 * The size of a module's wasm memory. quickjs-emscripten does not expose it, so this reads the
 * emscripten module's HEAPU8 view (replaced on every growth); 0 if that ever changes shape.
 */
function heapSizeOf(module: QuickJSWASMModule): () => number {
  const em = (module as unknown as { module?: { HEAPU8?: Uint8Array } }).module;
  return () => em?.HEAPU8?.byteLength ?? 0;
}

const WARM_UP_LIMITS: ResolvedLimits = { timeoutMs: 60_000, timeoutPer: 'candidate', memoryBytes: 64 << 20, outputChars: 1024 };
const WARM_UP: { tests: ProblemTests; code: string }[] = [
  { tests: { kind: 'call', entry: 'f', cases: [{ args: [[1, 2], { a: 1 }], expected: { $map: [[1, 2]] } }] }, code: 'function f(xs, o) { console.log(xs, o); return new Map([[xs[0], xs[1]]]); }' },
  { tests: { kind: 'assert', code: 'const _ = require("lodash"); const assert = require("assert"); assert.deepEqual(f(1), [1]); if (!_.isEqual(f(2), [2])) throw "x"; console.assert(true);' }, code: 'const f = (x) => [x];' },
  { tests: { kind: 'stdio', cases: [{ input: '1 2\n', output: '3' }] }, code: 'const [a, b] = require("fs").readFileSync(0, "utf8").split(" ").map(Number); setTimeout(() => console.log(a + b), 1);' },
];

export type WorkerResult = RunResult & { restartWorker?: boolean };

export class QuickJSRunner {
  private engine: Engine | null = null;

  /** Size of the current module's wasm heap (0 before the first job). */
  get heapBytes(): number {
    return this.engine?.heapBytes() ?? 0;
  }

  async ready(): Promise<void> {
    if (this.engine) return;
    const module: QuickJSWASMModule = await newQuickJSWASMModuleFromVariant(releaseSync);
    this.engine = { module, heapBytes: heapSizeOf(module), stackBytes: DEFAULT_STACK_BYTES };
    // The first runs through a fresh wasm module are several times slower (V8 tiers the code
    // up), which would push a real candidate past a short deadline: warm up here instead.
    for (const w of WARM_UP) runTests(this.engine, w.tests, w.code, WARM_UP_LIMITS);
  }

  /**
   * Runs one job. `restartWorker` asks the host to replace this worker: after a wasm failure
   * (a host stack exhausted inside wasm, an abort, a runtime that would not dispose) even a
   * rebuilt module was seen to keep failing in Chromium, so the thread itself is replaced.
   */
  /**
   * Makes the engine ready for a job with this memory limit: wasm memory never shrinks, so a
   * heap left past the cap by an earlier candidate means a fresh module (and its warm-up). The
   * pool calls this before it starts the job's watchdog; run() does it too, for direct callers.
   */
  async prepare(memoryBytes: number): Promise<void> {
    if (this.engine && this.engine.heapBytes() > memoryBytes + HEAP_OVERHEAD_BYTES) this.engine = null;
    await this.ready();
  }

  async run(job: SandboxJob): Promise<WorkerResult> {
    await this.prepare(job.limits.memoryBytes);
    const t0 = performance.now();
    const engine: Engine = { ...this.engine!, stackBytes: job.stackBytes ?? DEFAULT_STACK_BYTES, broken: false };
    try {
      const r = runTests(engine, job.tests, job.code, job.limits);
      if (!engine.broken) return { ...r, ms: performance.now() - t0 };
      this.engine = null;
      return { ...r, ms: performance.now() - t0, restartWorker: true };
    } catch (e) {
      this.engine = null;
      const ms = performance.now() - t0;
      const raw = messageOf(e);
      // Deep C recursion inside QuickJS can exhaust the host thread's stack before QuickJS's own check.
      const message = /call stack/i.test(raw) ? 'InternalError: stack overflow (host stack exhausted)' : `sandbox failure: ${raw}`;
      const status = ms > candidateBudgetMs(job.limits, testsTotal(job.tests)) ? 'timeout' : /memory/i.test(message) ? 'memory' : 'error';
      return { status, testsPassed: 0, testsTotal: testsTotal(job.tests), failure: { index: -1, message }, ms, restartWorker: true };
    }
  }
}

export function testsTotal(t: ProblemTests): number {
  return t.kind === 'assert' ? (t.count ?? 1) : t.cases.length;
}

/** The longest a candidate of `tests` tests may run under `limits` (the watchdog's clock). */
export function candidateBudgetMs(limits: Pick<Required<RunLimits>, 'timeoutMs' | 'timeoutPer'>, tests: number): number {
  return limits.timeoutPer === 'test' ? limits.timeoutMs * (tests + 1) : limits.timeoutMs;
}
