import { defineConfig } from 'vitest/config';

// Three suites: unit (pure TS), gpu (kernels and models in Node on Dawn: lavapipe here,
// the real GPU where there is one), e2e (the built app in Debian's Chromium).
export default defineConfig({
  test: {
    pool: 'forks',
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'], testTimeout: 60_000 } },
      { extends: true, test: { name: 'gpu', include: ['test/gpu/**/*.test.ts'], testTimeout: 300_000, hookTimeout: 120_000 } },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/e2e/global-setup.ts'],
          testTimeout: 600_000,
          hookTimeout: 300_000,
          // One Chromium at a time: SwiftShader WebGPU is CPU-bound on two cores.
          fileParallelism: false,
        },
      },
    ],
  },
});
