// The QuickJS engine one sandbox worker owns: loads the sync release wasm once, runs each
// candidate in a fresh runtime, and rebuilds the module if the wasm ever aborts.
import { newQuickJSWASMModuleFromVariant, type QuickJSWASMModule } from 'quickjs-emscripten-core';
import releaseSync from '@jitl/quickjs-wasmfile-release-sync';
import type { ProblemTests } from '../problems/schema';
import type { RunResult } from './types';
import { runTests, SandboxBroken, type ResolvedLimits } from './harness';

export interface SandboxJob {
  tests: ProblemTests;
  code: string;
  limits: ResolvedLimits;
}

export class QuickJSRunner {
  private module: QuickJSWASMModule | null = null;

  async ready(): Promise<void> {
    this.module ??= await newQuickJSWASMModuleFromVariant(releaseSync);
  }

  async run(job: SandboxJob): Promise<RunResult> {
    const t0 = performance.now();
    await this.ready();
    try {
      const r = runTests(this.module!, job.tests, job.code, job.limits);
      return { ...r, ms: performance.now() - t0 };
    } catch (e) {
      // A wasm abort or a failed dispose leaves the module unusable: start over next time.
      this.module = null;
      const ms = performance.now() - t0;
      const message = e instanceof SandboxBroken ? e.message : `sandbox failure: ${e instanceof Error ? e.message : String(e)}`;
      const status = ms > job.limits.timeoutMs ? 'timeout' : /memory/i.test(message) ? 'memory' : 'error';
      return { status, testsPassed: 0, testsTotal: testsTotal(job.tests), failure: { index: -1, message }, ms };
    }
  }
}

export function testsTotal(t: ProblemTests): number {
  return t.kind === 'assert' ? (t.count ?? 1) : t.cases.length;
}
