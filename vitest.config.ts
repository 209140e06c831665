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
