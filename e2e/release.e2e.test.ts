// Guards `npm run package` (issue 13's fixed contract) by doing with each artefact what a store, an
// AMO reviewer and a user do: read the names, checksums and manifests, lint the Firefox zip as AMO
// does, rebuild everything from the source archive and compare bytes, install the CLI offline
// and run it outside the repository, and load both extension zips in the real browsers.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artefactNames, RELEASE_DIR } from '../scripts/release/artefacts.ts';
import { directoryEntries } from '../scripts/release/archive.ts';
import { rebuildFromSource, unpackZip } from '../scripts/release/rebuild.ts';
import { sourceFiles } from '../scripts/release/source-files.ts';
import { challengesOf } from '../src/shared/exchange.ts';
import {
  launchWithExtension,
  navigate,
  primeWebRequest,
  type ExtensionBrowser,
} from './chromium.ts';
import { closesAfterEach, useLab } from './fixtures.ts';
import { DIST_FIREFOX, launchFirefox, type FirefoxBrowser } from './firefox.ts';
import { recorderClient } from './recorder-client.ts';

const root = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
const release = path.join(root, RELEASE_DIR);
const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  version: string;
};
const names = artefactNames(version);
const lab = useLab();
const firefoxes = closesAfterEach<FirefoxBrowser>();
const chromiums = closesAfterEach<ExtensionBrowser>();
const work = mkdtempSync(path.join(os.tmpdir(), 'authlens-release-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** web-ext lint warnings the README explains (section "Firefox"); any other fails the test. */
const EXPLAINED_WARNINGS = [
  'KEY_FIREFOX_ANDROID_UNSUPPORTED_BY_MIN_VERSION',
  'UNSAFE_VAR_ASSIGNMENT',
];
const PACKAGE_TIMEOUT = 300_000;

const read = (name: string) => readFileSync(path.join(release, name));
const entries = (name: string) => unzipSync(read(name));
const text = (data: Uint8Array) => Buffer.from(data).toString('utf8');
const manifestOf = (zip: string) =>
  JSON.parse(text(entries(zip)['manifest.json']!)) as Record<string, unknown> & {
    manifest_version: number;
    version: string;
    background: { service_worker?: string; scripts?: string[] };
    browser_specific_settings?: {
      gecko?: { id?: string; data_collection_permissions?: { required?: string[] } };
    };
  };

/** The files of an npm tarball (tar in gzip; 512-byte headers, name at 0, size in octal at 124). */
function tarEntries(tgz: Uint8Array): Record<string, Uint8Array> {
  const tar = gunzipSync(tgz);
  const files: Record<string, Uint8Array> = {};
  for (let at = 0; at + 512 <= tar.length;) {
    const header = tar.subarray(at, at + 512);
    const name = text(header.subarray(0, 100)).replace(/\0.*$/s, '');
    if (!name) break;
    const size = parseInt(text(header.subarray(124, 136)).replace(/\0.*$/s, '').trim(), 8);
    files[name] = tar.subarray(at + 512, at + 512 + size);
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

beforeAll(() => {
  execFileSync('npm', ['run', 'package'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
}, PACKAGE_TIMEOUT);

describe('npm run package', () => {
  it('writes the five artefacts with their SHA-256 sums', () => {
    expect(readdirSync(release).sort()).toEqual(Object.values(names).sort());
    const sums = text(read(names.sums));
    const expected = [names.chrome, names.firefox, names.source, names.cli].map(
      (name) => `${createHash('sha256').update(read(name)).digest('hex')}  ${name}`,
    );
    expect(sums.trimEnd().split('\n').sort()).toEqual(expected.sort());
    const check = spawnSync('sha256sum', ['--check', names.sums], { cwd: release });
    expect(check.status).toBe(0);
  });

  it('makes a Chrome zip the Web Store accepts: built files only, manifest at the root, under 2 MB', () => {
    expect(read(names.chrome).length).toBeLessThan(2 * 1024 * 1024);
    const files = Object.keys(entries(names.chrome));
    const manifest = manifestOf(names.chrome);
    expect(manifest).toMatchObject({ manifest_version: 3, version, name: 'AuthLens' });
    expect(files).toContain(manifest.background.service_worker);
    expect(files.filter((f) => !/\.(js|css|html|json|png)$/.test(f))).toEqual([]);
    expect(files.filter((f) => /(^|\/)(node_modules|dist)\/|\.(ts|tsx|map)$/.test(f))).toEqual([]);
  });

  it('makes a Firefox zip AMO accepts: gecko id, data collection declared, web-ext lint without errors', () => {
    const manifest = manifestOf(names.firefox);
    expect(manifest).toMatchObject({ manifest_version: 3, version, name: 'AuthLens' });
    expect(manifest.browser_specific_settings?.gecko).toMatchObject({
      id: 'authlens@authlens.dev',
      data_collection_permissions: { required: ['none'] },
    });
    expect(Object.keys(entries(names.firefox))).toEqual(
      expect.arrayContaining(manifest.background.scripts!),
    );
    const dir = path.join(work, 'lint');
    unpackZip(read(names.firefox), dir);
    const lint = spawnSync(
      path.join(root, 'node_modules/.bin/web-ext'),
      ['lint', '--source-dir', dir, '--output', 'json', '--no-config-discovery'],
      { encoding: 'utf8' },
    );
    const report = JSON.parse(lint.stdout) as {
      errors: unknown[];
      warnings: Array<{ code: string }>;
    };
    expect(report.errors).toEqual([]);
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    for (const { code } of report.warnings) {
      expect(EXPLAINED_WARNINGS).toContain(code);
      expect(readme).toContain(code);
    }
  });

  it('puts in the Firefox zip exactly what build-for-amo writes to dist-firefox/', () => {
    // addons.mozilla.org's builder runs `npm run build-for-amo` on the source and compares.
    const zipped = entries(names.firefox);
    const built = directoryEntries(DIST_FIREFOX);
    expect(Object.keys(zipped).sort()).toEqual(built.map((e) => e.path).sort());
    for (const { path: name, data } of built) {
      expect(Buffer.from(zipped[name]!).equals(Buffer.from(data)), name).toBe(true);
    }
  });

  it('makes a source archive with everything to rebuild and nothing built', () => {
    const files = Object.keys(entries(names.source));
    expect(files).toEqual(expect.arrayContaining(['BUILDING.md', 'LICENSE', 'package-lock.json']));
    expect(files.sort()).toEqual(sourceFiles(root).sort());
    const built = /^(node_modules|dist|dist-firefox|dist-cli|release|\.git)(\/|$)/;
    expect(files.filter((f) => built.test(f))).toEqual([]);
  });

  it('makes a CLI package with no runtime dependency, a licence and the bundled core', () => {
    const files = tarEntries(read(names.cli));
    expect(Object.keys(files).sort()).toEqual(
      [
        'package/LICENSE',
        'package/README.md',
        'package/bin/authlens.js',
        'package/dist-cli/authlens.mjs',
        'package/package.json',
      ].sort(),
    );
    const pkg = JSON.parse(text(files['package/package.json']!)) as Record<string, unknown>;
    expect(pkg).toMatchObject({
      name: 'authlens-cli',
      version,
      license: 'MIT',
      bin: { authlens: 'bin/authlens.js' },
    });
    expect(pkg).not.toHaveProperty('dependencies');
    const bundle = text(files['package/dist-cli/authlens.mjs']!);
    const imports = [...bundle.matchAll(/^import .* from "([^"]+)";$/gm)].map((m) => m[1]);
    expect(imports.every((specifier) => specifier!.startsWith('node:'))).toBe(true);
    expect(bundle).toContain('function parseChallenges');
  });

  it('puts no absolute path of this machine into any artefact', () => {
    const leaks = [root, os.tmpdir(), os.homedir()].filter((p) => p.length > 1);
    const contents = [
      ...[names.chrome, names.firefox].flatMap((zip) => Object.values(entries(zip))),
      ...Object.values(tarEntries(read(names.cli))),
    ].map(text);
    for (const content of contents) for (const leak of leaks) expect(content).not.toContain(leak);
  });

  it(
    'rebuilds byte-identical artefacts from the unpacked source archive',
    () => {
      // The lockfile pins every package, so the tree's node_modules stand in for `npm ci` here;
      // `npm run verify:release` does the same with a real `npm ci` (slower, needs the registry).
      const identical = rebuildFromSource({
        release,
        version,
        install: { kind: 'link', linkFrom: root },
      });
      expect(identical).toEqual(
        Object.fromEntries(Object.values(names).map((name) => [name, true])),
      );
    },
    PACKAGE_TIMEOUT,
  );

  it('installs the CLI offline and runs it outside the repository', () => {
    const prefix = path.join(work, 'prefix');
    const elsewhere = mkdtempSync(path.join(os.tmpdir(), 'authlens-elsewhere-'));
    const tgz = path.join(release, names.cli);
    execFileSync(
      'npm',
      ['install', '-g', '--offline', '--no-audit', '--no-fund', '--prefix', prefix, tgz],
      {
        cwd: elsewhere,
        stdio: 'pipe',
      },
    );
    const authlens = path.join(prefix, 'bin', 'authlens');
    const run = (args: string[]) => spawnSync(authlens, args, { cwd: elsewhere, encoding: 'utf8' });
    expect(run(['--version'])).toMatchObject({ status: 0, stdout: `authlens ${version}\n` });
    const good = run(['parse', 'Basic realm="lab", charset="UTF-8"', '--url', 'https://x.test/']);
    expect(good.status).toBe(0);
    expect(good.stdout).toContain('Basic');
    expect(run(['parse', 'Basic realm="lab'])).toMatchObject({ status: 1 });
    expect(run(['check'])).toMatchObject({ status: 2 });
    rmSync(elsewhere, { recursive: true, force: true });
  });

  it('makes a Firefox zip that installs as it is and records in Firefox ESR', async () => {
    // The zip itself, as about:debugging's "Load Temporary Add-on…" takes it.
    const ff = firefoxes.use(await launchFirefox({ addon: path.join(release, names.firefox) }));
    await ff.navigate(`${lab.url}/`);
    expect(await ff.fetchFromPage(`${lab.url}/multi-line`)).toBe(401);
    const [exchange] = await ff.storedUntil(
      (l) => l.some((e) => e.outcome === 'challenged'),
      'multi-line recorded',
    );
    expect(challengesOf(exchange!).map((c) => c.scheme)).toEqual(['Newauth', 'Bearer', 'Basic']);
    expect(await ff.extensionErrors()).toEqual([]);
  });

  it('makes a Chrome zip that loads and records in Chromium', async () => {
    const extensionDir = path.join(work, 'chrome');
    unpackZip(read(names.chrome), extensionDir);
    const ext = chromiums.use(await launchWithExtension({ extensionDir }));
    await navigate(ext.page, `${lab.url}/`);
    const recorder = await recorderClient(ext, ext.page);
    await primeWebRequest(ext.page, `${lab.url}/basic`, async () =>
      (await recorder.exchanges()).some((e) => e.url.endsWith('/basic')),
    );
    const list = await recorder.exchanges();
    expect(challengesOf(list.find((e) => e.url.endsWith('/basic'))!)[0]!.scheme).toBe('Basic');
  });
});
