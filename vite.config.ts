import { defineConfig } from 'vite';

export default defineConfig({
  root: '.',
  publicDir: 'public',
  build: { outDir: 'dist', target: 'es2022', sourcemap: true },
  worker: { format: 'es' },
  server: { host: '127.0.0.1', fs: { allow: ['.'] } },
  preview: { host: '127.0.0.1' },
  // The QuickJS wasm must be served as a file, not pre-bundled.
  // idb-keyval and comlink are pre-bundled up front so the dev server never reloads a
  // page mid-test when they are first imported.
  optimizeDeps: { exclude: ['@jitl/quickjs-wasmfile-release-sync', 'quickjs-emscripten-core'], include: ['idb-keyval', 'comlink'] },
});
