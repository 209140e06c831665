// `npm run verify:release`: what an AMO reviewer does with the source archive, for real. Unpacks
// release/authlens-source-<v>.zip in an empty temporary directory, runs `npm ci` there (from the
// registry) and `npm run package`, and checks that every artefact it builds is byte-identical to
// the one in release/. Run it after `npm run package`, before uploading.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RELEASE_DIR } from './release/artefacts.ts';
import { rebuildFromSource } from './release/rebuild.ts';

const root = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  version: string;
};
const started = Date.now();
console.log(`Rebuilding ${RELEASE_DIR}/ from its source archive (npm ci, npm run package) …`);
const identical = rebuildFromSource({
  release: path.join(root, RELEASE_DIR),
  version,
  install: { kind: 'npm ci' },
});
for (const [name, same] of Object.entries(identical)) {
  console.log(`${same ? 'identical' : 'DIFFERENT'}  ${name}`);
}
console.log(`${((Date.now() - started) / 1000).toFixed(0)} s`);
if (Object.values(identical).some((same) => !same)) process.exitCode = 1;
