import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// Three kinds of test, each in the environment it needs; crx() is not loaded here.
export default defineConfig({
  test: {
    // Each test as it finishes: browser files run for minutes, and a silent terminal looks hung.
    reporters: ['verbose'],
    projects: [
      {
        test: {
          name: 'unit',
          environment: 'node',
          include: ['src/**/*.test.ts', 'demo/**/*.test.ts', 'scripts/**/*.test.ts'],
        },
      },
      {
        plugins: [react()],
        test: {
          name: 'panel',
          environment: 'happy-dom',
          include: ['src/panel/**/*.test.tsx'],
          // Whole-panel renders in happy-dom take 1–2 s alone and several times that on a busy
          // machine; these tests check behaviour, not speed (that is npm run bench), so the
          // default 5 s limit would make them timing tests.
          testTimeout: 30_000,
          // Rendering needs a DOM, so the panel's render benchmark is a Vitest bench (npm run bench).
          benchmark: { include: ['src/panel/**/*.bench.tsx'] },
        },
      },
      {
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['e2e/**/*.e2e.test.ts'],
          // One browser at a time: two CPUs, and DevTools windows compete for focus.
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
