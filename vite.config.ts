import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { crx } from '@crxjs/vite-plugin';
import manifest from './manifest.config.ts';

export default defineConfig({
  plugins: [react(), crx({ manifest })],
  build: {
    // The panel page is only named at run time (devtools.panels.create), so CRXJS cannot see it.
    rollupOptions: { input: { panel: 'src/panel/index.html' } },
  },
});
