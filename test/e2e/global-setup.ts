// Builds the app once and serves dist/ on 127.0.0.1 (appUrl: the product as users get it),
// and starts a Vite dev server (devUrl) so browser tests of library modules can load
// /test/e2e/harness.html and `await import('/src/...')` inside real Chromium.
import type { TestProject } from 'vitest/node';
import { build, createServer, preview, type PreviewServer, type ViteDevServer } from 'vite';

let server: PreviewServer | undefined;
let dev: ViteDevServer | undefined;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  await build({ logLevel: 'warn' });
  server = await preview({ preview: { host: '127.0.0.1', port: 0, strictPort: false }, logLevel: 'warn' });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview did not report a URL');
  project.provide('appUrl', url);

  dev = await createServer({ server: { host: '127.0.0.1', port: 0, strictPort: false, hmr: false }, logLevel: 'warn' });
  await dev.listen();
  const devUrl = dev.resolvedUrls?.local[0];
  if (!devUrl) throw new Error('vite dev server did not report a URL');
  project.provide('devUrl', devUrl);

  return async () => {
    await server?.close();
    await dev?.close();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    appUrl: string;
    devUrl: string;
  }
}
