#!/usr/bin/env node
// The package binary: runs the bundled CLI (dist-cli/authlens.mjs, built by `npm run build`), so
// `npx authlens` needs nothing but Node 20 at run time.
import { existsSync } from 'node:fs';

const bundle = new URL('../dist-cli/authlens.mjs', import.meta.url);
if (!existsSync(bundle)) {
  process.stderr.write(
    'authlens: the command is not built yet (dist-cli/authlens.mjs is missing); run `npm run build` first.\n',
  );
  process.exit(2);
}
const { main } = await import(bundle.href);
process.exitCode = await main(process.argv.slice(2));
