// What a sandbox worker exposes over comlink, identical in Web Workers and worker_threads.
// The host-specific entry files (worker-browser.ts, worker-node.ts) only expose it.
import { QuickJSRunner, type SandboxJob, type WorkerResult } from './runner';

const runner = new QuickJSRunner();

export const sandboxWorkerApi = {
  /** Loads the QuickJS wasm; resolves when the worker can take jobs. */
  ready: (): Promise<void> => runner.ready(),
  /** Rebuilds the engine if needed for a job with this memory limit (before the watchdog starts). */
  prepare: (memoryBytes: number): Promise<void> => runner.prepare(memoryBytes),
  run: (job: SandboxJob): Promise<WorkerResult> => runner.run(job),
};

export type SandboxWorkerApi = typeof sandboxWorkerApi;
