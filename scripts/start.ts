// `npm start`: builds the extension, starts the lab, and opens Chromium with AuthLens loaded and
// DevTools open on the lab's index page, the AuthLens panel selected, in a fresh profile that
// offers to save no password. Busy ports are found before anything is built. Without a browser or
// a display it says how to load dist/ by hand. Ctrl+C, SIGTERM (to npm or to this process) or
// closing the browser stops everything, and says so.
//   npm start -- --no-build   reuse dist/ as it is
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { build } from 'vite';
import { DEFAULT_PORT, DEFAULT_PROXY_PORT, startLab } from '../demo/server.ts';
import { DEMO_USER } from '../demo/users.ts';
import { showAuthLensPanel } from './devtools-panel.ts';

const root = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
const dist = path.join(root, 'dist');

const BROWSERS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

function findBrowser(): string | null {
  const wanted = process.env.CHROME_PATH;
  if (wanted) return existsSync(wanted) ? wanted : null;
  return BROWSERS.find((candidate) => existsSync(candidate)) ?? null;
}

function hasDisplay(): boolean {
  return (
    process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY)
  );
}

/** A port from the environment; exits with a usage message (as `npm run lab` does) if it is none. */
function portFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`npm start: ${name} must be a port number (0-65535), got ${JSON.stringify(raw)}`);
    process.exit(2);
  }
  return port;
}

/** Whether something already listens on the port the lab wants (on the lab's address). */
function inUse(port: number): Promise<boolean> {
  if (port === 0) return Promise.resolve(false);
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'EADDRINUSE'));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(false)));
  });
}

function busyPortMessage(port: number, what: string): string {
  return [
    `npm start: port ${port} (${what}) is already in use — is another \`npm start\` or \`npm run lab\` running?`,
    'Stop it, or choose other ports (0 picks any free one):',
    `  PORT=${DEFAULT_PORT + 100} PROXY_PORT=${DEFAULT_PROXY_PORT + 100} npm start`,
  ].join('\n');
}

/**
 * A fresh profile that never offers to save a password: Chrome's "Save password?" bubble would
 * cover the panel after every lab login. Preferences written before the first start are kept.
 */
function createProfile(): string {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'authlens-start-'));
  mkdirSync(path.join(profile, 'Default'));
  writeFileSync(
    path.join(profile, 'Default', 'Preferences'),
    JSON.stringify({
      credentials_enable_service: false,
      profile: { password_manager_enabled: false },
    }),
  );
  return profile;
}

/** The browser's helpers can still write to the profile for a moment after it exited. */
async function removeProfile(profile: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      rmSync(profile, { recursive: true, force: true, maxRetries: 3 });
      return;
    } catch (error) {
      if (attempt === 10) {
        console.warn(`npm start: could not remove the profile ${profile}: ${String(error)}`);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  }
}

async function main(): Promise<void> {
  const port = portFromEnv('PORT', DEFAULT_PORT);
  const proxyPort = portFromEnv('PROXY_PORT', DEFAULT_PROXY_PORT);
  // Before the build: a busy port found after it wastes the wait and says only EADDRINUSE.
  for (const [p, what] of [
    [port, 'the lab'],
    [proxyPort, "the lab's proxy"],
  ] as const) {
    if (await inUse(p)) {
      console.error(busyPortMessage(p, what));
      process.exit(1);
    }
  }

  if (!process.argv.includes('--no-build')) {
    console.log('Building the extension into dist/ …');
    await build({ root, configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' });
  }

  const lab = await startLab({ port, proxyPort }).catch((error: NodeJS.ErrnoException) => {
    // Taken between the check and now.
    if (error.code !== 'EADDRINUSE') throw error;
    console.error(busyPortMessage(port, 'the lab or its proxy'));
    process.exit(1);
  });
  const labPort = new URL(lab.url).port;
  console.log(`Lab:   ${lab.url}/   (user ${DEMO_USER.username}, password ${DEMO_USER.password})`);

  const browserPath = findBrowser();
  let chrome: ChildProcess | null = null;
  let cdp: Browser | null = null;
  let profile: string | null = null;
  let stopping = false;
  const stop = async (why: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\nnpm start: ${why}; stopping…`);
    const settled = (p: Promise<unknown>, ms: number) =>
      Promise.race([p.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, ms))]);
    if (cdp) await settled(cdp.close(), 3000);
    if (chrome && chrome.exitCode === null && chrome.signalCode === null) {
      const exited = new Promise((resolve) => chrome!.once('exit', resolve));
      chrome.kill('SIGTERM');
      if ((await Promise.race([exited.then(() => true), settled(exited, 5000)])) !== true) {
        chrome.kill('SIGKILL');
      }
    }
    if (profile) await removeProfile(profile);
    await settled(lab.close(), 5000);
    console.log(`npm start: stopped (lab${chrome ? ' and browser' : ''} closed).`);
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => void stop(signal === 'SIGINT' ? 'Ctrl+C' : signal));
  }

  if (!browserPath || !hasDisplay()) {
    console.log(
      [
        '',
        browserPath
          ? 'No display to open a browser on.'
          : 'No Chromium or Chrome found (set CHROME_PATH to use another).',
        'Load AuthLens by hand:',
        '  1. open chrome://extensions and turn on Developer mode',
        `  2. "Load unpacked" and choose ${dist}`,
        `  3. open ${lab.url}/ , open DevTools (F12) and pick the AuthLens panel`,
        '',
        'The lab keeps running; press Ctrl+C to stop it.',
      ].join('\n'),
    );
    return;
  }

  if (!existsSync(path.join(dist, 'manifest.json'))) {
    console.error('npm start: dist/ holds no build (--no-build?); run `npm run build` first.');
    return stop('nothing to load');
  }
  profile = createProfile();
  const args = [
    `--user-data-dir=${profile}`,
    `--disable-extensions-except=${dist}`,
    `--load-extension=${dist}`,
    '--auto-open-devtools-for-tabs',
    '--remote-debugging-port=0',
    '--no-first-run',
    '--no-default-browser-check',
    // The 407 scenario: requests to localhost go through the lab's proxy, the lab itself
    // (127.0.0.1) and nothing else is reachable directly (<-loopback> lifts Chrome's implicit
    // loopback bypass).
    `--proxy-server=${lab.proxyUrl}`,
    '--proxy-bypass-list=<-loopback>;127.0.0.1',
    ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
    // The lab opens in a second tab once the extension is loaded: a DevTools window that opened
    // before the extension registered never shows its panel.
    'about:blank',
  ];
  chrome = spawn(browserPath, args, { stdio: 'ignore' });
  chrome.on('exit', () => void stop('the browser closed'));
  console.log(`Browser: ${browserPath} with AuthLens from ${dist}`);
  console.log(`Proxy:   ${lab.proxyUrl} — open http://localhost:${labPort}/proxy to meet a 407`);

  cdp = await openLab(profile, `${lab.url}/`).catch((error: unknown) => {
    if (process.env.AUTHLENS_DEBUG) console.error('openLab:', error);
    return null;
  });
  if (stopping) return;
  const shown = cdp ? await showAuthLensPanel(cdp, 30_000).catch(() => false) : false;
  console.log(
    shown
      ? 'AuthLens is open in DevTools. Press Ctrl+C to stop.'
      : 'Open the AuthLens panel in DevTools (it may sit behind the » menu). Press Ctrl+C to stop.',
  );
}

/** The DevTools HTTP endpoint's targets (Chrome writes its port to DevToolsActivePort). */
async function targets(port: string): Promise<Array<{ id: string; type: string; url: string }>> {
  return fetch(`http://127.0.0.1:${port}/json/list`)
    .then((r) => r.json() as Promise<Array<{ id: string; type: string; url: string }>>)
    .catch(() => []);
}

async function poll<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 600; i++) {
    const found = await probe();
    if (found !== undefined) return found;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/**
 * Waits for the extension to load, opens the lab in a new tab (so its DevTools window knows the
 * extension), closes the blank start tab, and attaches over CDP once the AuthLens devtools page
 * runs: Playwright only lists DevTools windows that exist when it attaches.
 */
async function openLab(profile: string, url: string): Promise<Browser> {
  const file = path.join(profile, 'DevToolsActivePort');
  const port = await poll('the DevTools port', async () =>
    existsSync(file) ? readFileSync(file, 'utf8').split('\n')[0] || undefined : undefined,
  );
  await poll('the extension', async () =>
    (await targets(port)).some(
      (t) => t.type === 'service_worker' && t.url.startsWith('chrome-extension://'),
    )
      ? true
      : undefined,
  );
  const blank = (await targets(port)).find((t) => t.type === 'page' && t.url === 'about:blank');
  await fetch(`http://127.0.0.1:${port}/json/new?${encodeURI(url)}`, { method: 'PUT' });
  if (blank) await fetch(`http://127.0.0.1:${port}/json/close/${blank.id}`).catch(() => undefined);
  await poll('the AuthLens devtools page', async () =>
    (await targets(port)).some(
      (t) => t.url.startsWith('chrome-extension://') && t.url.includes('/src/devtools/'),
    )
      ? true
      : undefined,
  );
  return chromium.connectOverCDP(`http://127.0.0.1:${port}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
