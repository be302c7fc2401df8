// Debian's Chromium driven by playwright-core, with WebGPU on (SwiftShader here, the real
// GPU where there is one). Test-tool browser downloads do not work on these machines.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type LaunchOptions } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--enable-unsafe-webgpu',
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

function options(): LaunchOptions {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: run scripts/setup-test-env.sh as root (apt-get install chromium)`);
  }
  return { executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch(options());
}

/** A browser with a persistent profile (IndexedDB survives closing and reopening it). */
export function launchPersistent(userDataDir: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(userDataDir, options());
}

/**
 * Runs `body` in the page with `mod` bound to the module at `path` (served by the Vite dev
 * server, e.g. '/src/sandbox/pool.ts'). The body is a string because Vitest rewrites
 * `import()` inside functions passed to page.evaluate. `arg` is JSON-serialised.
 */
export async function evalWithModule<T>(page: import('playwright-core').Page, path: string, body: string, arg?: unknown): Promise<T> {
  const src = `(async () => { const mod = await import(${JSON.stringify(path)}); const arg = ${JSON.stringify(arg ?? null)}; ${body} })()`;
  return (await page.evaluate(src)) as T;
}
