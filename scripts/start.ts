// `npm start`: builds the extension, starts the lab, and opens Chromium with AuthLens loaded and
// DevTools open on the lab's index page, the AuthLens panel selected. Without a browser or a
// display it says how to load dist/ by hand. Ctrl+C stops everything.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { build } from 'vite';
import { DEMO_USER } from '../demo/users.ts';
import { startLab } from '../demo/server.ts';
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

async function main(): Promise<void> {
  console.log('Building the extension into dist/ …');
  await build({ root, configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' });

  const lab = await startLab({
    port: Number(process.env.PORT ?? 5177),
    proxyPort: Number(process.env.PROXY_PORT ?? 5178),
  });
  const proxyPort = new URL(lab.proxyUrl).port;
  const labPort = new URL(lab.url).port;
  console.log(`Lab:   ${lab.url}/   (user ${DEMO_USER.username}, password ${DEMO_USER.password})`);

  const browserPath = findBrowser();
  let chrome: ChildProcess | null = null;
  let cdp: Browser | null = null;
  let profile: string | null = null;
  let stopping = false;
  const stop = async (code = 0) => {
    if (stopping) return;
    stopping = true;
    await cdp?.close().catch(() => undefined);
    if (chrome && chrome.exitCode === null) {
      const exited = new Promise((resolve) => chrome!.once('exit', resolve));
      chrome.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    }
    if (profile) rmSync(profile, { recursive: true, force: true, maxRetries: 5 });
    await lab.close();
    process.exit(code);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());

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

  profile = mkdtempSync(path.join(os.tmpdir(), 'authlens-start-'));
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
    `--proxy-server=http://127.0.0.1:${proxyPort}`,
    '--proxy-bypass-list=<-loopback>;127.0.0.1',
    ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
    // The lab opens in a second tab once the extension is loaded: a DevTools window that opened
    // before the extension registered never shows its panel.
    'about:blank',
  ];
  chrome = spawn(browserPath, args, { stdio: 'ignore' });
  chrome.on('exit', () => void stop());
  console.log(`Browser: ${browserPath} with AuthLens from ${dist}`);
  console.log(`Proxy:   ${lab.proxyUrl} — open http://localhost:${labPort}/proxy to meet a 407`);

  cdp = await openLab(profile, `${lab.url}/`).catch((error: unknown) => {
    if (process.env.AUTHLENS_DEBUG) console.error('openLab:', error);
    return null;
  });
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
