// worker_threads spawner. The worker runs TypeScript sources, so its bootstrap registers
// tsx and the `?raw` import hook (as the CLI does) before loading worker-node.ts.
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { wrap } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import type { SandboxWorkerHandle } from './spawn';
import type { SandboxWorkerApi } from './worker';

const require = createRequire(import.meta.url);
const entry = new URL('./worker-node.ts', import.meta.url).href;
const rawHooks = new URL('../../scripts/raw-loader-hooks.mjs', import.meta.url).href;
// The ESM build of tsx's API (require.resolve would pick the CommonJS one).
const tsxApi = pathToFileURL(join(dirname(require.resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href;

const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
(async () => {
  const { register } = await import('node:module');
  register(workerData.rawHooks);
  (await import(workerData.tsxApi)).register();
  await import(workerData.entry);
})().catch((e) => { console.error('sandbox worker failed to start:', e); process.exit(1); });
`;

// A 16 MB thread stack lets QuickJS use a 1 MiB stack (~5,000 frames of recursion) without
// exhausting the host stack, which deep C recursion in wasm otherwise does (measured here).
const THREAD_STACK_MB = 16;
const QUICKJS_STACK_BYTES = 1024 * 1024;

/** Node has no navigator.hardwareConcurrency (before 21): the pool sizes itself from this. */
spawnNodeWorker.parallelism = availableParallelism();

export function spawnNodeWorker(): SandboxWorkerHandle {
  const w = new Worker(BOOTSTRAP, { eval: true, workerData: { entry, rawHooks, tsxApi }, execArgv: [], resourceLimits: { stackSizeMb: THREAD_STACK_MB } });
  let exitCb: ((reason: string) => void) | null = null;
  let terminated = false;
  w.on('error', (e: Error) => exitCb?.(`worker error: ${e.message}`));
  w.on('exit', (code) => {
    if (!terminated) exitCb?.(`worker exited with code ${code}`);
  });
  return {
    api: wrap<SandboxWorkerApi>(nodeEndpoint(w)),
    terminate: () => {
      terminated = true;
      void w.terminate();
    },
    onExit: (cb) => {
      exitCb = cb;
    },
    stackBytes: QUICKJS_STACK_BYTES,
  };
}
