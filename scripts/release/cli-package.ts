// The `authlens` command as an npm package of its own: the bundle (src/cli with src/core and
// src/shared inside, Node built-ins only), the repository's bin shim, a README and the licence.
// No dependencies, so `npm install -g --offline` of the tarball works on a machine with no registry.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const CLI_PACKAGE_NAME = 'authlens-cli';

export interface CliPackageInput {
  /** The project root (bin/authlens.js, LICENSE, scripts/release/cli-readme.md). */
  root: string;
  /** The built bundle, dist-cli/authlens.mjs of a release build. */
  bundle: string;
  version: string;
  /** Where `npm pack` writes authlens-cli-<version>.tgz. */
  outDir: string;
}

/** Assembles the package in a temporary directory and packs it; returns the tarball's path. */
export function packCli({ root, bundle, version, outDir }: CliPackageInput): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'authlens-cli-package-'));
  try {
    mkdirSync(path.join(dir, 'bin'));
    mkdirSync(path.join(dir, 'dist-cli'));
    // The shim loads ../dist-cli/authlens.mjs, so the repository's own binary works unchanged.
    copyFileSync(path.join(root, 'bin/authlens.js'), path.join(dir, 'bin/authlens.js'));
    chmodSync(path.join(dir, 'bin/authlens.js'), 0o755); // npm pack records the mode
    copyFileSync(bundle, path.join(dir, 'dist-cli/authlens.mjs'));
    copyFileSync(path.join(root, 'LICENSE'), path.join(dir, 'LICENSE'));
    copyFileSync(path.join(root, 'scripts/release/cli-readme.md'), path.join(dir, 'README.md'));
    writeFileSync(
      path.join(dir, 'package.json'),
      `${JSON.stringify(manifest(version), null, 2)}\n`,
    );
    const [packed] = JSON.parse(
      execFileSync(
        'npm',
        ['pack', '--json', '--ignore-scripts', '--pack-destination', path.resolve(outDir)],
        { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
      ),
    ) as Array<{ filename: string }>;
    if (!packed) throw new Error('npm pack reported no tarball');
    return path.join(path.resolve(outDir), packed.filename);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function manifest(version: string) {
  return {
    name: CLI_PACKAGE_NAME,
    version,
    description:
      'The authlens command: parses and checks HTTP authentication challenges (RFC 9110 §11) of URLs and HAR files, in a terminal or in CI.',
    license: 'MIT',
    type: 'module',
    bin: { authlens: 'bin/authlens.js' },
    files: ['bin/', 'dist-cli/'],
    engines: { node: '>=20' },
    keywords: ['http', 'authentication', 'www-authenticate', 'rfc9110', 'cli'],
  };
}
