// How the pool gets a worker. The pool logic is host-independent; only this factory picks
// between Web Workers (browser) and worker_threads (Node), and the Node half is loaded
// through a computed import so that the browser bundle never contains it.
import type { Remote } from 'comlink';
import type { SandboxWorkerApi } from './worker';

export interface SandboxWorkerHandle {
  api: Remote<SandboxWorkerApi>;
  /** Kills the worker at once, whatever it is doing (the watchdog's tool). */
  terminate(): void;
  /** Called if the worker dies on its own (crash, uncaught error). */
  onExit(cb: (reason: string) => void): void;
  /** QuickJS stack limit that this worker's thread stack can hold (undefined: the default). */
  stackBytes?: number;
}

export type WorkerSpawner = (() => SandboxWorkerHandle) & {
  /** Hardware threads the host offers (the pool's default size is this − 1); unknown: 2. */
  parallelism?: number;
};

export async function defaultSpawner(): Promise<WorkerSpawner> {
  const isNode = typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node === 'string';
  if (!isNode && typeof Worker === 'function') {
    const { spawnBrowserWorker } = await import('./spawn-browser');
    const n = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency;
    return typeof n === 'number' && n > 0 ? Object.assign(() => spawnBrowserWorker(), { parallelism: n }) : spawnBrowserWorker;
  }
  const nodeModule = './spawn-node';
  const mod = (await import(/* @vite-ignore */ nodeModule)) as { spawnNodeWorker: WorkerSpawner };
  return mod.spawnNodeWorker;
}
