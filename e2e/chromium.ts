// Launches the real Debian Chromium with the built extension loaded (headless, or headful with the
// real DevTools), and wraps the quirks verified in /work/shared/notes/browser-testing.md ("notes").
import { createHash, randomUUID } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  chromium,
  type BrowserContext,
  type CDPSession,
  type Frame,
  type HTTPCredentials,
  type Page,
  type Worker,
} from 'playwright-core';
import { ensureDisplay } from './display.ts';

/** The build output the tests load (tests never build; see ensureBuilt). */
export const DIST = path.resolve(fileURLToPath(new URL('../dist', import.meta.url)));
const CHROMIUM = process.env.AUTHLENS_CHROMIUM ?? '/usr/bin/chromium';
/** The flags every launch here uses (notes: no sandbox as root, no network chatter, no GPU). */
export const BASE_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
// Notes §1 / P10: the Debian wrapper's `[:` error and dbus complaints are harmless.
const CHROMIUM_NOISE = [/unexpected operator/, /dbus/i, /Failed to connect to the bus/];

export interface Manifest {
  manifest_version: number;
  name: string;
  background?: { service_worker?: string; type?: string };
  devtools_page?: string;
  permissions?: string[];
  host_permissions?: string[];
  [key: string]: unknown;
}

export interface LaunchOptions {
  /** Headful under an X display, with DevTools auto-opened for every tab (enables openPanel). */
  devtools?: boolean;
  /** Defaults to !devtools. */
  headless?: boolean;
  /** Extra Chromium flags, appended last. */
  args?: string[];
  /** Playwright answers Basic challenges itself (notes §6b: then goto/fetch see a plain 401). */
  httpCredentials?: HTTPCredentials;
  /**
   * Every request through this proxy (its URL), loopback included. Without credentials: when
   * Playwright answers a proxy's 407 itself (through DevTools' Fetch domain), webRequest never
   * sees the 407, so tests of proxy logins use the real prompt (prompt-browser.ts).
   */
  proxy?: string;
  /** Load this directory instead of a private snapshot of dist/. */
  extensionDir?: string;
}

export interface OpenPanelOptions {
  /** Title given to devtools.panels.create. */
  title?: string;
  /** The panel page, relative to the extension root. */
  panelPath?: string;
  timeout?: number;
}

export interface ExtensionBrowser {
  context: BrowserContext;
  extensionId: string;
  /** chrome-extension://<id> (no trailing slash). */
  origin: string;
  manifest: Manifest;
  /** Playwright's handle; it keeps working across SW restarts (notes §6e). Prefer serviceWorkerEval. */
  serviceWorker: Worker;
  /** The first ordinary tab (not a DevTools window). */
  page: Page;
  headless: boolean;
  /** Evaluates in the service worker, starting it first: evaluating a stopped worker hangs forever. */
  serviceWorkerEval<R>(fn: () => R | Promise<R>): Promise<R>;
  serviceWorkerEval<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  /** Stops the extension's service worker; resolves once it was seen stopped (it may restart soon after). */
  stopServiceWorker(): Promise<void>;
  /** Starts the service worker (no-op if running) and waits until it runs. */
  startServiceWorker(): Promise<void>;
  /** Whether the worker runs, observed (CDP) without waking it, once past starting/stopping. */
  serviceWorkerRunning(): Promise<boolean>;
  /** The panel Frame of the real DevTools panel for inspectedPage (requires devtools: true). */
  openPanel(inspectedPage: Page, options?: OpenPanelOptions): Promise<Frame>;
  /** Closes the browser, kills any process left in its group, stops Xvfb, deletes temp dirs. */
  close(): Promise<void>;
}

type Cleanup = () => unknown;

/** Checks that dist/ holds a complete build and returns its manifest; never builds. */
export function ensureBuilt(dir: string = DIST): Manifest {
  const manifestFile = path.join(dir, 'manifest.json');
  if (!existsSync(manifestFile)) {
    throw new Error(`${manifestFile} is missing: run \`npm run build\` before the e2e tests.`);
  }
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
  for (const file of [manifest.background?.service_worker, manifest.devtools_page]) {
    if (file && !existsSync(path.join(dir, file))) {
      throw new Error(`${dir} is incomplete (no ${file}): run \`npm run build\` again.`);
    }
  }
  return manifest;
}

/** Chromium's id for an unpacked extension: sha256 of its absolute path, hex mapped to a-p (P8). */
export function extensionIdFor(dir: string): string {
  const hex = createHash('sha256').update(path.resolve(dir)).digest('hex').slice(0, 32);
  return [...hex].map((c) => String.fromCharCode(97 + parseInt(c, 16))).join('');
}

/** Launches Chromium with the extension. Whatever fails midway is undone before rethrowing. */
export async function launchWithExtension(options: LaunchOptions = {}): Promise<ExtensionBrowser> {
  const devtools = options.devtools ?? false;
  const headless = options.headless ?? !devtools;
  if (devtools && headless) throw new Error('DevTools windows need headless: false.');
  const cleanups: Cleanup[] = [];
  const close = onceAsync(() => runCleanups(cleanups));
  try {
    const started = await startBrowser({ ...options, devtools, headless }, cleanups);
    const found = await findExtension(started.context, started.extensionDir, started.manifest);
    return withControls({ ...started, ...found, headless, close }, devtools);
  } catch (error) {
    await close();
    throw error;
  }
}

type ResolvedOptions = LaunchOptions & { devtools: boolean; headless: boolean };

/** Temp dirs, display, env and the browser itself; each pushes its own undo step. */
async function startBrowser(options: ResolvedOptions, cleanups: Cleanup[]) {
  const work = mkdtempSync(path.join(os.tmpdir(), 'authlens-e2e-'));
  cleanups.push(() => rmSync(work, { recursive: true, force: true }));
  const extensionDir = options.extensionDir ?? snapshotDist(work);
  const manifest = ensureBuilt(extensionDir);
  const env: Record<string, string> = {};
  if (!options.headless) {
    const x = await ensureDisplay();
    cleanups.push(() => x.stop());
    env.DISPLAY = x.display;
  }
  if (options.devtools) cleanups.push(attachToOtherTargets());
  const userDataDir = path.join(work, 'profile');
  cleanups.push(() => killStrays(userDataDir));
  const context = await launch(userDataDir, extensionDir, options, env);
  cleanups.push(() => closeContext(context));
  return { context, extensionDir, manifest };
}

/** The extension's id, its activated worker (matched by exact URL) and the first ordinary tab. */
async function findExtension(context: BrowserContext, extensionDir: string, manifest: Manifest) {
  const extensionId = extensionIdFor(extensionDir);
  const origin = `chrome-extension://${extensionId}`;
  const swUrl = `${origin}/${manifest.background?.service_worker ?? ''}`;
  const serviceWorker = await waitFor(
    () => context.serviceWorkers().find((w) => w.url() === swUrl),
    { timeout: 30_000, message: `service worker ${swUrl} never appeared` },
  );
  const page = await waitFor(() => context.pages().find((p) => !isDevtools(p)), {
    message: 'no ordinary tab after launch',
  });
  await workerActivated(page, origin);
  return { extensionId, origin, serviceWorker, page };
}

// Loading a private copy keeps a run immune to a concurrent `npm run build` emptying dist/.
function snapshotDist(work: string): string {
  ensureBuilt(DIST);
  const copy = path.join(work, 'extension');
  cpSync(DIST, copy, { recursive: true });
  return copy;
}

async function launch(
  userDataDir: string,
  extensionDir: string,
  options: ResolvedOptions,
  env: Record<string, string>,
): Promise<BrowserContext> {
  const args = [
    `--disable-extensions-except=${extensionDir}`,
    `--load-extension=${extensionDir}`,
    ...BASE_ARGS,
    ...(options.headless ? [] : ['--window-size=1600,1000']),
    ...(options.devtools ? ['--auto-open-devtools-for-tabs'] : []),
    ...(options.args ?? []),
  ];
  try {
    return await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: options.headless,
      viewport: options.headless ? undefined : null, // headful: the page gets the real window
      env: { ...definedEnv(), ...env },
      ...(options.httpCredentials ? { httpCredentials: options.httpCredentials } : {}),
      // Chromium bypasses proxies for loopback addresses unless told `<-loopback>`.
      ...(options.proxy ? { proxy: { server: options.proxy, bypass: '<-loopback>' } } : {}),
      args,
      timeout: 60_000,
    });
  } catch (error) {
    throw new Error(`Chromium failed to launch: ${withoutNoise(errorMessage(error))}`, {
      cause: error,
    });
  }
}

// P7: Playwright detaches from "other" targets such as the DevTools window unless this is set; it
// reads the variable at every attach, so it must stay set while the context lives.
let attachUsers = 0;
function attachToOtherTargets(): Cleanup {
  const preset = attachUsers === 0 && process.env.PW_CHROMIUM_ATTACH_TO_OTHER !== undefined;
  attachUsers += 1;
  process.env.PW_CHROMIUM_ATTACH_TO_OTHER = '1';
  return () => {
    attachUsers -= 1;
    if (attachUsers === 0 && !preset) delete process.env.PW_CHROMIUM_ATTACH_TO_OTHER;
  };
}

/** What launch found; withControls adds the methods that act on it. */
type BaseBrowser = Pick<
  ExtensionBrowser,
  | 'context'
  | 'extensionId'
  | 'origin'
  | 'manifest'
  | 'serviceWorker'
  | 'page'
  | 'headless'
  | 'close'
>;

function withControls(base: BaseBrowser, devtools: boolean): ExtensionBrowser {
  const control = (): Page => controlPage(base.context, base.page);
  const startServiceWorker = (): Promise<void> => startWorker(control(), base.origin);
  return {
    ...base,
    serviceWorkerEval: async <R, A>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R> => {
      await startServiceWorker();
      return base.serviceWorker.evaluate(fn as (arg: unknown) => R | Promise<R>, arg);
    },
    stopServiceWorker: () => stopWorker(control(), base.origin),
    startServiceWorker,
    serviceWorkerRunning: () => workerRunning(control(), base.origin),
    openPanel: (inspected, options) => {
      if (!devtools) throw new Error('openPanel needs launchWithExtension({ devtools: true }).');
      return openPanel(base, inspected, options);
    },
  };
}

/** A live ordinary page to host CDP sessions; notes §6e: stopAllWorkers works from a normal page. */
function controlPage(context: BrowserContext, preferred: Page): Page {
  if (!preferred.isClosed()) return preferred;
  const page = context.pages().find((p) => !isDevtools(p) && !p.isClosed());
  if (!page) throw new Error('No open ordinary tab to send CDP ServiceWorker commands from.');
  return page;
}

interface WorkerState {
  /** Lifecycle: new, installing, installed, activating, activated, redundant. */
  status: string;
  running: 'stopped' | 'starting' | 'running' | 'stopping';
}

/**
 * Runs fn with the CDP ServiceWorker domain enabled; `states` collects the extension worker's
 * transitions, oldest first. Notes §6e: Playwright emits no Worker close/restart events, so this
 * domain is the reliable signal.
 */
async function withWorkerStates<T>(
  page: Page,
  origin: string,
  fn: (cdp: CDPSession, states: WorkerState[]) => Promise<T>,
): Promise<T> {
  const cdp = await page.context().newCDPSession(page);
  const states: WorkerState[] = [];
  cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
    for (const v of versions) {
      if (v.scriptURL.startsWith(`${origin}/`)) {
        states.push({ status: v.status, running: v.runningStatus });
      }
    }
  });
  try {
    await cdp.send('ServiceWorker.enable'); // replays the current versions first
    return await fn(cdp, states);
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

/** The latest state once it is not mid-transition (starting/stopping). */
function settled(states: WorkerState[]): Promise<WorkerState> {
  return waitFor(
    () => {
      const last = states.at(-1);
      return last && (last.running === 'running' || last.running === 'stopped') ? last : undefined;
    },
    { message: 'service worker stayed in starting/stopping' },
  );
}

/**
 * Seen here: Playwright reports the worker while it is still new/starting (installing), which is
 * also when early events are missed (P5). Launch returns only once it is activated and running.
 */
function workerActivated(page: Page, origin: string): Promise<void> {
  return withWorkerStates(page, origin, async (_cdp, states) => {
    const isReady = (s: WorkerState | undefined) =>
      s?.status === 'activated' && s.running === 'running';
    await waitFor(() => isReady(states.at(-1)), { timeout: 30_000, message: 'SW never activated' });
  });
}

async function workerRunning(page: Page, origin: string): Promise<boolean> {
  return withWorkerStates(page, origin, async (_cdp, states) => {
    return (await settled(states)).running === 'running';
  });
}

async function stopWorker(page: Page, origin: string): Promise<void> {
  await withWorkerStates(page, origin, async (cdp, states) => {
    await settled(states); // a worker that is still starting ignores the stop
    states.length = 0;
    await cdp.send('ServiceWorker.stopAllWorkers');
    // Notes §6e: the worker may restart ~50 ms later, so wait for "was stopped", not "is stopped".
    await waitFor(() => states.some((s) => s.running === 'stopped'), {
      message: 'service worker never stopped',
    });
  });
}

async function startWorker(page: Page, origin: string): Promise<void> {
  await withWorkerStates(page, origin, async (cdp, states) => {
    if ((await settled(states)).running === 'running') return;
    await cdp.send('ServiceWorker.startWorker', { scopeURL: `${origin}/` });
    await waitFor(() => states.at(-1)?.running === 'running', {
      message: 'service worker never started',
    });
  });
}

/** Finds the inspected page's DevTools window, shows the panel, returns the panel's frame. */
async function openPanel(
  base: BaseBrowser,
  inspected: Page,
  {
    title = 'AuthLens',
    panelPath = 'src/panel/index.html',
    timeout = 30_000,
  }: OpenPanelOptions = {},
): Promise<Frame> {
  const devtools = await devtoolsWindowFor(base, inspected, timeout);
  const panelUrl = `${base.origin}/${panelPath}`;
  const panelFrame = (): Frame | undefined =>
    devtools.frames().find((f) => !f.isDetached() && f.url().startsWith(panelUrl));
  await showPanel(devtools, `${base.origin}${title}`, panelFrame, timeout);
  const frame = await waitFor(panelFrame, { timeout, message: `no frame ${panelUrl} in DevTools` });
  await frame.waitForLoadState('domcontentloaded');
  return frame;
}

/**
 * Notes §6d: with --auto-open-devtools-for-tabs every tab has its own DevTools window, seen as a
 * devtools:// page (P7). With one tab there is one candidate; otherwise match a token set on the
 * inspected page, read back through chrome.devtools.inspectedWindow.eval in the devtools_page.
 */
async function devtoolsWindowFor(
  base: BaseBrowser,
  inspected: Page,
  timeout: number,
): Promise<Page> {
  const token = randomUUID();
  await inspected
    .evaluate(
      (t) => void ((globalThis as Record<string, unknown>).__authlensInspectToken = t),
      token,
    )
    .catch(() => undefined);
  const devtoolsPageUrl = `${base.origin}/${base.manifest.devtools_page ?? ''}`;
  // Seen here: DevTools never loads extensions for a tab that went to chrome-error before they loaded.
  const hint = inspected.url().startsWith('chrome-error://')
    ? ' (DevTools loads no extension for a chrome-error page: open the panel before the 401)'
    : '';
  // Notes §6d: poll frames; a frame's URL is still empty when `frameattached` fires.
  const devtoolsPageOf = (window: Page): Frame | undefined =>
    window.frames().find((f) => f.url() === devtoolsPageUrl);
  return waitFor(
    async () => {
      const pages = base.context.pages();
      const windows = pages.filter((p) => isDevtools(p) && devtoolsPageOf(p));
      const tabs = pages.filter((p) => !isDevtools(p));
      if (tabs.length === 1 && tabs[0] === inspected && windows.length === 1) return windows[0];
      for (const window of windows) {
        const frame = devtoolsPageOf(window);
        if (frame && (await inspectsToken(frame, token))) return window;
      }
      return undefined;
    },
    {
      timeout,
      message: `no DevTools window with ${devtoolsPageUrl} for ${inspected.url()}${hint}`,
    },
  );
}

interface DevtoolsGlobal {
  chrome: {
    devtools: {
      inspectedWindow: { eval(expression: string, callback: (result: unknown) => void): void };
    };
  };
}

function inspectsToken(devtoolsPageFrame: Frame, token: string): Promise<boolean> {
  const check = devtoolsPageFrame.evaluate(
    (t) =>
      new Promise<boolean>((resolve) =>
        (globalThis as unknown as DevtoolsGlobal).chrome.devtools.inspectedWindow.eval(
          'globalThis.__authlensInspectToken',
          (result) => resolve(result === t),
        ),
      ),
    token,
  );
  return withTimeout(check, 2_000).catch(() => false);
}

/**
 * P7: extension panels are not in the Command Menu and the `>>` overflow is a native menu, so use
 * DevTools' internal InspectorView.showPanel (panel id = extension origin + title), once the
 * panel is registered; if that API moved, press Ctrl+[ (previous panel, wrapping to the last).
 */
async function showPanel(
  devtools: Page,
  panelId: string,
  shown: () => Frame | undefined,
  timeout: number,
): Promise<void> {
  // A string, not a function: Vitest would rewrite a dynamic import() inside a function.
  const inspectorView = `(await import('./ui/legacy/legacy.js')).InspectorView.InspectorView.instance()`;
  const id = JSON.stringify(panelId);
  const hasApi = await devtools
    .evaluate<boolean>(`(async () => typeof (${inspectorView}).showPanel === 'function')()`)
    .catch(() => false);
  if (!hasApi) {
    console.warn('DevTools has no InspectorView.showPanel here; falling back to Ctrl+[');
    return cyclePanels(devtools, shown, timeout);
  }
  await waitFor(
    () =>
      devtools.evaluate<boolean>(
        `(async () => (${inspectorView}).tabbedPane.tabIds().includes(${id}))()`,
      ),
    { timeout, message: `DevTools never registered panel ${panelId}` },
  );
  await devtools.evaluate(`(async () => { await (${inspectorView}).showPanel(${id}); })()`);
}

async function cyclePanels(devtools: Page, shown: () => Frame | undefined, timeout: number) {
  await waitFor(
    async () => {
      if (shown()) return true;
      await devtools.keyboard.press('Control+BracketLeft');
      await sleep(300);
      return Boolean(shown());
    },
    { timeout, interval: 0, message: 'Ctrl+[ never reached the extension panel' },
  );
}

export interface NavigationOutcome {
  /** HTTP status of the committed response, or null when the navigation failed. */
  status: number | null;
  /** net::ERR_… code when the navigation failed. */
  error: string | null;
}

/**
 * Navigates and lets the page settle even when the navigation fails. P6: a Basic 401 rejects
 * goto with ERR_INVALID_AUTH_CREDENTIALS and then commits chrome-error://chromewebdata/, which
 * would interrupt the next goto; so wait for that commit before returning.
 */
export async function navigate(page: Page, url: string): Promise<NavigationOutcome> {
  const errorPage = nextErrorPageCommit(page);
  try {
    const response = await page.goto(url);
    return { status: response?.status() ?? null, error: null };
  } catch (error) {
    const code = /net::ERR_[A-Z_]+/.exec(errorMessage(error))?.[0];
    if (!code) throw error;
    if (code === 'net::ERR_ABORTED') return { status: null, error: code }; // commits no error page
    await withTimeout(errorPage.committed, 10_000).catch(() => {
      throw new Error(`${url} failed with ${code} but no chrome-error page committed`);
    });
    return { status: null, error: code };
  } finally {
    errorPage.dispose();
  }
}

/** Navigates to a URL that must answer with an auth challenge (401, or ERR_INVALID_AUTH_CREDENTIALS). */
export async function gotoExpectingAuthFailure(
  page: Page,
  url: string,
): Promise<NavigationOutcome> {
  const outcome = await navigate(page, url);
  const authFailed =
    outcome.status === 401 || outcome.error === 'net::ERR_INVALID_AUTH_CREDENTIALS';
  if (!authFailed)
    throw new Error(`${url}: expected an auth failure, got ${JSON.stringify(outcome)}`);
  return outcome;
}

function nextErrorPageCommit(page: Page): { committed: Promise<void>; dispose(): void } {
  let onNavigated: (frame: Frame) => void = () => undefined;
  const committed = new Promise<void>((resolve) => {
    onNavigated = (frame) => {
      if (frame === page.mainFrame() && frame.url().startsWith('chrome-error://')) resolve();
    };
  });
  page.on('framenavigated', onNavigated);
  return { committed, dispose: () => page.off('framenavigated', onNavigated) };
}

/**
 * P5: the service worker can be up before the browser registered its webRequest listener, so
 * early requests go unseen. Navigate to `url` until `recorded()` is true; returns the attempts.
 */
export async function primeWebRequest(
  page: Page,
  url: string,
  recorded: () => Promise<boolean>,
  { attempts = 20 } = {},
): Promise<number> {
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    await navigate(page, url);
    if (await waitFor(recorded, { timeout: 500 }).catch(() => false)) return attempt;
  }
  throw new Error(`webRequest never recorded ${url} in ${attempts} navigations`);
}

export interface PageFetchInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Defaults to 'omit': P6, a credentialed fetch to a Basic 401 hangs on the auth prompt. */
  credentials?: 'omit' | 'same-origin' | 'include';
}

export interface PageFetchResult {
  status: number;
  /** As fetch exposes them: repeated headers arrive joined with ", ". */
  headers: Array<[string, string]>;
  body: string;
}

/** fetch() from inside the page, so the request carries the page's origin and tab. */
export function fetchFromPage(
  page: Page,
  url: string,
  init: PageFetchInit = {},
): Promise<PageFetchResult> {
  return page.evaluate(
    async ({ url, init }) => {
      const response = await fetch(url, { credentials: 'omit', ...init });
      return {
        status: response.status,
        headers: [...response.headers.entries()],
        body: await response.text(),
      };
    },
    { url, init },
  );
}

export interface WaitForOptions {
  timeout?: number;
  interval?: number;
  message?: string;
}

/** Polls until predicate returns a truthy value and returns it; thrown errors count as "not yet". */
export async function waitFor<T>(
  predicate: () => T | Promise<T>,
  { timeout = 10_000, interval = 100, message = 'condition' }: WaitForOptions = {},
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeout;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await predicate();
      if (value) return value as NonNullable<T>;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const why = lastError === undefined ? '' : ` (last error: ${errorMessage(lastError)})`;
      throw new Error(`waitFor timed out after ${timeout} ms: ${message}${why}`);
    }
    await sleep(interval);
  }
}

function isDevtools(page: Page): boolean {
  return page.url().startsWith('devtools://');
}

async function closeContext(context: BrowserContext): Promise<void> {
  // A hung close must not hang the suite; killStrays runs next either way.
  await withTimeout(context.close(), 15_000).catch(() => undefined);
}

/**
 * P9: Chromium children can outlive a failed close. Give them a moment to exit, then SIGKILL, by
 * pid, every process whose command line names this run's private profile, and the process group
 * Playwright made Chromium the leader of.
 */
async function killStrays(userDataDir: string): Promise<void> {
  const gone = await waitFor(() => processesNaming(userDataDir).length === 0, { timeout: 3_000 })
    .then(() => true)
    .catch(() => false);
  if (gone) return;
  const ownGroup = processGroup('self');
  const strays = processesNaming(userDataDir);
  console.warn(`killing ${strays.length} Chromium processes left after close`);
  for (const pid of strays) {
    const group = processGroup(String(pid));
    if (group === pid && group !== ownGroup) signal(-group);
    signal(pid);
  }
}

function processesNaming(marker: string): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker);
      } catch {
        return false; // exited meanwhile
      }
    })
    .map(Number);
}

function processGroup(pid: string): number | undefined {
  try {
    // Fields after "(comm)": state ppid pgrp …; comm may contain spaces, so split after ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
  } catch {
    return undefined;
  }
}

function signal(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

async function runCleanups(cleanups: Cleanup[]): Promise<void> {
  for (const cleanup of cleanups.reverse()) {
    try {
      await cleanup();
    } catch (error) {
      console.warn(`e2e cleanup step failed: ${errorMessage(error)}`);
    }
  }
}

function onceAsync(fn: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= fn());
}

function definedEnv(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined),
  );
}

/** A launch error without the Debian wrapper's and dbus' harmless stderr lines. */
function withoutNoise(text: string): string {
  return text
    .split('\n')
    .filter((line) => !CHROMIUM_NOISE.some((re) => re.test(line)))
    .join('\n');
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
