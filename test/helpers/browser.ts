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
