// Starts one Chromium for the browser benchmark: its own profile, the extension it is given (or
// none), headful on the benchmark's X display, the DevTools port on a free number, and nothing
// attached to its pages. Closing kills its whole process group and deletes the profile.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BASE_ARGS, extensionIdFor, waitFor } from '../../e2e/chromium.ts';
import { connectCdp, targetsOf, type Cdp, type TargetInfo } from './browser-cdp.ts';

const CHROMIUM = process.env.AUTHLENS_CHROMIUM ?? '/usr/lib/chromium/chromium';

export interface BenchBrowserOptions {
  /** A label for messages. */
  name: string;
  /** An unpacked extension to load, or none. */
  extension?: string;
  /** Open DevTools for every tab (`--auto-open-devtools-for-tabs`). */
  devtools?: boolean;
  display: string;
  args?: string[];
}

export interface BenchBrowser {
  name: string;
  /** The browser-wide CDP connection (no page is attached unless asked). */
  cdp: Cdp;
  /** The process id of the browser (its process group leader). */
  pid: number;
  /** The DevTools HTTP port (for clients such as Playwright's connectOverCDP). */
  port: string;
  /** What /json/version calls the browser, e.g. "Chrome/156.0.8078.108". */
  version: string;
  /** chrome-extension://<id> when an extension is loaded. */
  extensionOrigin: string | null;
  targets(): Promise<TargetInfo[]>;
  close(): Promise<void>;
}

/** Every browser launched and not yet closed, so that an interrupted run can close them all. */
const open = new Set<() => Promise<void>>();

export async function closeAllBenchBrowsers(): Promise<void> {
  await Promise.all([...open].map((close) => close()));
}

export async function launchBenchBrowser(options: BenchBrowserOptions): Promise<BenchBrowser> {
  const work = mkdtempSync(path.join(os.tmpdir(), 'authlens-bench-'));
  const profile = path.join(work, 'profile');
  const extensionArgs = options.extension
    ? [`--disable-extensions-except=${options.extension}`, `--load-extension=${options.extension}`]
    : ['--disable-extensions'];
  const proc = spawn(
    CHROMIUM,
    [
      `--user-data-dir=${profile}`,
      '--remote-debugging-port=0',
      ...BASE_ARGS,
      '--no-default-browser-check',
      '--window-size=1400,900',
      // Background tabs and occluded windows are throttled; every browser here must run alike.
      '--disable-renderer-backgrounding',
      '--disable-background-timer-throttling',
      '--disable-backgrounding-occluded-windows',
      ...(options.devtools ? ['--auto-open-devtools-for-tabs'] : []),
      ...extensionArgs,
      ...(options.args ?? []),
      'about:blank',
    ],
    {
      env: { ...process.env, DISPLAY: options.display },
      stdio: process.env.AUTHLENS_DEBUG ? 'inherit' : 'ignore',
      detached: true,
    },
  );
  const pid = proc.pid!;
  let cdp: Cdp | undefined;
  const close = async (): Promise<void> => {
    open.delete(close);
    cdp?.close();
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    rmSync(work, { recursive: true, force: true, maxRetries: 5 });
  };
  open.add(close);
  try {
    const portFile = path.join(profile, 'DevToolsActivePort');
    const port = await waitFor(
      () => (existsSync(portFile) ? readFileSync(portFile, 'utf8').split('\n')[0] : undefined),
      { timeout: 30_000, message: `${options.name}: Chromium never opened its DevTools port` },
    );
    const version = (await (await fetch(`http://127.0.0.1:${port}/json/version`)).json()) as {
      webSocketDebuggerUrl: string;
      Browser: string;
    };
    cdp = await connectCdp(version.webSocketDebuggerUrl);
    const connection = cdp;
    const extensionOrigin = options.extension
      ? `chrome-extension://${extensionIdFor(options.extension)}`
      : null;
    if (extensionOrigin) {
      await waitFor(
        async () =>
          (await targetsOf(connection)).some(
            (t) => t.type === 'service_worker' && t.url.startsWith(`${extensionOrigin}/`),
          ),
        { timeout: 30_000, message: `${options.name}: the extension's worker never started` },
      );
    }
    return {
      name: options.name,
      cdp: connection,
      pid,
      port,
      version: version.Browser,
      extensionOrigin,
      targets: () => targetsOf(connection),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
