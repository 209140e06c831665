// The release's file names: a fixed contract (issue 13) that the stores, AMO reviewers, users and
// independent checks rely on. One place, used by `npm run package` and by its tests.
import { createHash } from 'node:crypto';

export const RELEASE_DIR = 'release';

export function artefactNames(version: string) {
  return {
    chrome: `authlens-chrome-${version}.zip`,
    firefox: `authlens-firefox-${version}.zip`,
    source: `authlens-source-${version}.zip`,
    cli: `authlens-cli-${version}.tgz`,
    sums: 'SHA256SUMS',
  } as const;
}

/** `sha256sum` format: the hex digest, two spaces, the file name; one line per file. */
export function sha256sums(files: ReadonlyArray<{ name: string; data: Uint8Array }>): string {
  return files
    .map(({ name, data }) => `${createHash('sha256').update(data).digest('hex')}  ${name}\n`)
    .join('');
}
