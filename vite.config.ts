import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { defineConfig, type Plugin } from 'vite';

/**
 * After a production build, lists every file in the output folder (source maps left out) in
 * sw-manifest.json, which public/sw.js precaches so the app works offline on a second visit.
 */
function serviceWorkerManifest(): Plugin {
  let outDir = 'dist';
  return {
    name: 'dust-sw-manifest',
    apply: 'build',
    configResolved(c) {
      outDir = c.build.outDir;
    },
    closeBundle() {
      const files: string[] = [];
      const walk = (dir: string) => {
        for (const name of readdirSync(dir)) {
          const p = join(dir, name);
          if (statSync(p).isDirectory()) walk(p);
          else if (!name.endsWith('.map') && name !== 'sw.js' && name !== 'sw-manifest.json') files.push(relative(outDir, p).split('\\').join('/'));
        }
      };
      walk(outDir);
      writeFileSync(join(outDir, 'sw-manifest.json'), JSON.stringify({ built: new Date().toISOString(), files: files.sort() }, null, 1) + '\n');
    },
  };
}

export default defineConfig(({ command }) => ({
  root: '.',
  publicDir: 'public',
  build: { outDir: 'dist', target: 'es2022', sourcemap: true },
  worker: { format: 'es' },
  server: { host: '127.0.0.1', fs: { allow: ['.'] } },
  preview: { host: '127.0.0.1' },
  plugins: [serviceWorkerManifest()],
  // Built apps register the offline service worker; the dev server never does (its modules
  // change on every edit). Not import.meta.env.PROD: under Vitest NODE_ENV is "test" and a
  // production build then reports PROD false.
  define: { __DUST_SERVICE_WORKER__: JSON.stringify(command === 'build') },
  // The QuickJS wasm must be served as a file, not pre-bundled.
  // idb-keyval and comlink are pre-bundled up front so the dev server never reloads a
  // page mid-test when they are first imported.
  optimizeDeps: { exclude: ['@jitl/quickjs-wasmfile-release-sync', 'quickjs-emscripten-core'], include: ['idb-keyval', 'comlink', 'uplot'] },
}));
