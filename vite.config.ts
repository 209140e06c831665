import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { crx } from '@crxjs/vite-plugin';
import manifest from './manifest.config.ts';

// One config, two browsers: `vite build` for Chromium (dist/), `vite build --mode firefox` for
// Firefox (dist-firefox/: background scripts instead of a service worker, gecko settings).
export default defineConfig(({ mode }) => {
  const firefox = mode === 'firefox';
  return {
    plugins: [react(), crx({ manifest, browser: firefox ? 'firefox' : 'chrome' })],
    build: {
      outDir: firefox ? 'dist-firefox' : 'dist',
      // The panel page is only named at run time (devtools.panels.create), so CRXJS cannot see it.
      rollupOptions: {
        input: { panel: 'src/panel/index.html' },
        // src/core is pure (its tsconfig has no DOM or Node), so a core module whose exports go
        // unused can be dropped whole: the panel then loads the catalogue without the parser, and
        // lazily imported features keep their core code in their own chunks.
        treeshake: { moduleSideEffects: (id) => !id.includes('/src/core/') },
      },
    },
  };
});
