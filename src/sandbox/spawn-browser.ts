// Web Worker spawner (module worker, bundled by Vite from worker-browser.ts).
import { wrap } from 'comlink';
import type { SandboxWorkerHandle } from './spawn';
import type { SandboxWorkerApi } from './worker';

export function spawnBrowserWorker(): SandboxWorkerHandle {
  const w = new Worker(new URL('./worker-browser.ts', import.meta.url), { type: 'module', name: 'dust-sandbox' });
  let exitCb: ((reason: string) => void) | null = null;
  w.addEventListener('error', (e) => exitCb?.(`worker error: ${e.message}`));
  return {
    // Measured in Chromium (Linux): 192 KiB lets QuickJS's own check stop runaway recursion
    // (~900 frames allowed); at 256 KiB plain recursion exhausted the worker's host stack.
    // Deep C recursion (JSON.stringify of 10^5 nested arrays) still can; the runner then
    // reports an error and asks for a fresh worker.
    stackBytes: 192 * 1024,
    api: wrap<SandboxWorkerApi>(w),
    terminate: () => w.terminate(),
    onExit: (cb) => {
      exitCb = cb;
    },
  };
}
