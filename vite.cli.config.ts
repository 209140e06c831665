import { defineConfig } from 'vite';

// The authlens command: src/cli/main.ts bundled with src/core and src/shared into one ES module
// for Node 20 (SSR mode keeps node: built-ins external), loaded by the bin/authlens.js shim.
// Its npm dependencies are bundled too (noExternal), so the command needs nothing but Node.
export default defineConfig({
  publicDir: false,
  ssr: { noExternal: true },
  build: {
    ssr: 'src/cli/main.ts',
    outDir: 'dist-cli',
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    sourcemap: true,
    rolldownOptions: { output: { entryFileNames: 'authlens.mjs', format: 'es' } },
  },
});
