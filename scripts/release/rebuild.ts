// Rebuilds a release from its own source archive, as an AMO reviewer does: unpack it in an empty
// directory, install, `npm run package`, and compare each artefact byte for byte with the release.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { RELEASE_DIR, artefactNames } from './artefacts.ts';

export interface RebuildOptions {
  /** The release directory holding the artefacts and the source archive. */
  release: string;
  version: string;
  /**
   * 'npm ci': install from the registry, exactly as the build note says. 'link': reuse the
   * node_modules of `linkFrom` (same lockfile, so the same packages), for a quick rebuild.
   */
  install: { kind: 'npm ci' } | { kind: 'link'; linkFrom: string };
}

/** Unpacks a zip into `dir` (paths are checked: nothing lands outside it). */
export function unpackZip(zip: Uint8Array, dir: string): string[] {
  const files = unzipSync(zip);
  const names = Object.keys(files).filter((name) => !name.endsWith('/'));
  for (const name of names) {
    const target = path.resolve(dir, name);
    if (!target.startsWith(path.resolve(dir) + path.sep)) throw new Error(`${name} escapes ${dir}`);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, files[name]!);
  }
  return names;
}

/** Each artefact's name and whether the rebuilt file is byte-identical to the released one. */
export function rebuildFromSource({
  release,
  version,
  install,
}: RebuildOptions): Record<string, boolean> {
  const names = artefactNames(version);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'authlens-source-'));
  try {
    unpackZip(readFileSync(path.join(release, names.source)), dir);
    const run = (command: string, args: string[]) =>
      execFileSync(command, args, {
        cwd: dir,
        stdio: ['ignore', 'pipe', 'pipe'],
        encoding: 'utf8',
      });
    if (install.kind === 'npm ci') run('npm', ['ci', '--no-audit', '--no-fund']);
    else symlinkSync(path.join(install.linkFrom, 'node_modules'), path.join(dir, 'node_modules'));
    run('npm', ['run', 'package']);
    const identical: Record<string, boolean> = {};
    for (const name of Object.values(names)) {
      const rebuilt = readFileSync(path.join(dir, RELEASE_DIR, name));
      identical[name] = rebuilt.equals(readFileSync(path.join(release, name)));
    }
    return identical;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
