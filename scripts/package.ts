// `npm run package`: builds every release artefact from the working tree into release/ (see
// BUILDING.md and the README's "Cutting a release"). The builds go to release/.build, never to
// dist/, so packaging cannot disturb a test run that loads dist/. Every archive is deterministic:
// two runs, here or from the unpacked source archive, give the same bytes.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { RELEASE_DIR, artefactNames, sha256sums } from './release/artefacts.ts';
import { directoryEntries, readEntry, zipEntries } from './release/archive.ts';
import { packCli } from './release/cli-package.ts';
import { sourceFiles } from './release/source-files.ts';

const root = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
const CHROME_LIMIT = 2 * 1024 * 1024;

interface Manifest {
  manifest_version: number;
  version: string;
  background?: { service_worker?: string; scripts?: string[] };
  browser_specific_settings?: {
    gecko?: { id?: string; data_collection_permissions?: { required?: string[] } };
  };
}

async function main(): Promise<void> {
  // A release is a production build whatever the shell says: NODE_ENV=development (or Vitest's
  // "test") would make React's JSX runtime embed each component's absolute file name.
  process.env.NODE_ENV = 'production';
  const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    version: string;
  };
  const names = artefactNames(version);
  const out = path.join(root, RELEASE_DIR);
  const work = path.join(out, '.build');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });

  const dirs = await buildAll(work);
  checkManifest(dirs.chrome, version, 'chrome');
  checkManifest(dirs.firefox, version, 'firefox');
  lintFirefox(dirs.firefox);

  const written: Array<{ name: string; data: Uint8Array }> = [];
  const write = (name: string, data: Uint8Array) => {
    writeFileSync(path.join(out, name), data);
    written.push({ name, data });
  };
  write(names.chrome, zipEntries(directoryEntries(dirs.chrome)));
  write(names.firefox, zipEntries(directoryEntries(dirs.firefox)));
  write(names.source, zipEntries(sourceFiles(root).map((file) => readEntry(root, file))));
  const tgz = packCli({ root, bundle: path.join(dirs.cli, 'authlens.mjs'), version, outDir: out });
  if (path.basename(tgz) !== names.cli) throw new Error(`npm pack wrote ${tgz}, not ${names.cli}`);
  written.push({ name: names.cli, data: readFileSync(tgz) });
  rmSync(work, { recursive: true, force: true });

  const chromeSize = statSync(path.join(out, names.chrome)).size;
  if (chromeSize >= CHROME_LIMIT)
    throw new Error(`${names.chrome} is ${chromeSize} bytes (≥ 2 MB)`);
  writeFileSync(path.join(out, names.sums), sha256sums(written));
  for (const { name, data } of written) {
    console.log(`${RELEASE_DIR}/${name}  ${(data.length / 1024).toFixed(1)} KiB`);
  }
  console.log(`${RELEASE_DIR}/${names.sums}`);
}

/** The Chrome, Firefox and command builds, as `npm run build` and `build:firefox` make them. */
async function buildAll(work: string) {
  const dirs = {
    chrome: path.join(work, 'chrome'),
    firefox: path.join(work, 'firefox'),
    cli: path.join(work, 'cli'),
  };
  const extension = path.join(root, 'vite.config.ts');
  // Module paths the unminified CLI bundle names in comments stay relative to the project even
  // when node_modules is a symlink (the release test's quick rebuild links the tree's own); a
  // regular npm install has no symlinked packages, so nothing else changes.
  const resolve = { preserveSymlinks: true };
  for (const [mode, outDir] of [
    ['production', dirs.chrome],
    ['firefox', dirs.firefox],
  ] as const) {
    await build({
      root,
      configFile: extension,
      mode,
      logLevel: 'warn',
      resolve,
      build: { outDir, emptyOutDir: true },
    });
  }
  // No source map in the package: it would only repeat the sources, which the source archive has.
  await build({
    root,
    configFile: path.join(root, 'vite.cli.config.ts'),
    logLevel: 'warn',
    resolve,
    build: { outDir: dirs.cli, emptyOutDir: true, sourcemap: false },
  });
  return dirs;
}

function checkManifest(dir: string, version: string, browser: 'chrome' | 'firefox'): void {
  const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Manifest;
  const problems: string[] = [];
  if (manifest.manifest_version !== 3) problems.push('not Manifest V3');
  if (manifest.version !== version) problems.push(`version ${manifest.version}, not ${version}`);
  if (browser === 'chrome' && !manifest.background?.service_worker) {
    problems.push('no background service worker');
  }
  if (browser === 'firefox') {
    const gecko = manifest.browser_specific_settings?.gecko;
    if (!manifest.background?.scripts?.length) problems.push('no background scripts');
    if (!gecko?.id) problems.push('no gecko id');
    if (!gecko?.data_collection_permissions?.required?.length) {
      problems.push('no data_collection_permissions');
    }
  }
  if (problems.length > 0) throw new Error(`${browser} manifest: ${problems.join('; ')}`);
}

/** `web-ext lint` as AMO runs it on upload (not --self-hosted): any error stops the release. */
function lintFirefox(dir: string): void {
  const lint = spawnSync(
    path.join(root, 'node_modules/.bin/web-ext'),
    ['lint', '--source-dir', dir, '--output', 'json', '--no-config-discovery'],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  const report = JSON.parse(lint.stdout) as {
    errors: Array<{ code: string; message: string; file?: string }>;
    warnings: Array<{ code: string; file?: string }>;
  };
  for (const w of report.warnings) console.log(`web-ext lint warning ${w.code} (${w.file ?? ''})`);
  if (report.errors.length > 0) {
    const list = report.errors.map((e) => `${e.code} ${e.file ?? ''}: ${e.message}`).join('\n');
    throw new Error(`web-ext lint found errors in the Firefox build:\n${list}`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
