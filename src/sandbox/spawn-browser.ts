// Web Worker spawner (module worker, bundled by Vite from worker-browser.ts).
import { wrap } from 'comlink';
import type { SandboxWorkerHandle } from './spawn';
import type { SandboxWorkerApi } from './worker';

export function spawnBrowserWorker(): SandboxWorkerHandle {
  const w = new Worker(new URL('./worker-browser.ts', import.meta.url), { type: 'module', name: 'dust-sandbox' });
  let exitCb: ((reason: string) => void) | null = null;
  w.addEventListener('error', (e) => exitCb?.(`worker error: ${e.message}`));
  return {
    api: wrap<SandboxWorkerApi>(w),
    terminate: () => w.terminate(),
    onExit: (cb) => {
      exitCb = cb;
    },
  };
}
