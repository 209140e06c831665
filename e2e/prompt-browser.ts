// A headful Chromium that shows its real login prompt, for tests of the flow a developer lives:
// challenge → Chrome asks → the user types → retry → outcome. Playwright's own launch answers or
// cancels every auth request itself (notes P6), so this spawns Chromium and attaches over CDP
// (notes §6d, recipe B), and types into the prompt with xdotool under the display.
import { spawn, execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, cpSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type Frame,
  type Page,
} from 'playwright-core';
import { showAuthLensPanel } from '../scripts/devtools-panel.ts';
import type { Exchange, Step } from '../src/shared/exchange.ts';
import {
  BASE_ARGS,
  DIST,
  ensureBuilt,
  extensionIdFor,
  navigate,
  primeWebRequest,
  waitFor,
} from './chromium.ts';
import { startXvfb } from './display.ts';
import { recorderClient, recorderClientIn, type RecorderClient } from './recorder-client.ts';

const CHROMIUM = process.env.AUTHLENS_CHROMIUM ?? '/usr/lib/chromium/chromium';
const FLAGS = [...BASE_ARGS, '--no-default-browser-check', '--window-size=1400,900'];

export interface PromptOptions {
  /**
   * Open this URL in a tab with DevTools open on it (`--auto-open-devtools-for-tabs`), only once
   * the extension's service worker exists: a DevTools window opened before the extension loaded
   * never shows its panel (scripts/start.ts). That tab becomes `page`; `openPanel` selects AuthLens.
   */
  inspect?: string;
  /** Extra Chromium flags (a proxy, say). */
  args?: string[];
}

export interface PromptBrowser {
  browser: Browser;
  context: BrowserContext;
  /** The first tab (about:blank), or the `inspect` tab. */
  page: Page;
  /** chrome-extension://<id> */
  origin: string;
  /** Types into Chrome's login prompt, which has the focus while it is open. */
  answerPrompt(username: string, password: string): Promise<void>;
  /** Presses Esc in Chrome's login prompt: Cancel. */
  cancelPrompt(): Promise<void>;
  /** With `inspect`: selects the AuthLens panel in the tab's DevTools and returns its frame. */
  openPanel(timeout?: number): Promise<Frame>;
  /** With `inspect`: the AuthLens DevTools page of the tab (a frame of its DevTools window). */
  devtoolsPage(timeout?: number): Promise<Frame>;
  close(): Promise<void>;
}

export async function launchForPrompts(options: PromptOptions = {}): Promise<PromptBrowser> {
  ensureBuilt();
  const work = mkdtempSync(path.join(os.tmpdir(), 'authlens-prompt-'));
  const extension = path.join(work, 'extension');
  cpSync(DIST, extension, { recursive: true }); // a concurrent build cannot change it under us
  const profile = path.join(work, 'profile');
  const display = await startXvfb();
  const env = { ...process.env, DISPLAY: display.display };
  const proc = spawn(
    CHROMIUM,
    [
      `--user-data-dir=${profile}`,
      '--remote-debugging-port=0',
      ...FLAGS,
      ...(options.inspect ? ['--auto-open-devtools-for-tabs'] : []),
      ...(options.args ?? []),
      `--disable-extensions-except=${extension}`,
      `--load-extension=${extension}`,
      'about:blank',
    ],
    { env, stdio: 'ignore', detached: true },
  );
  const close = async () => {
    await browser?.close().catch(() => undefined);
    try {
      process.kill(-proc.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
    await display.stop();
    rmSync(work, { recursive: true, force: true });
  };
  let browser: Browser | undefined;
  try {
    const port = await waitFor(
      () => readFileSync(path.join(profile, 'DevToolsActivePort'), 'utf8').split('\n')[0],
      {
        timeout: 15_000,
        message: 'Chromium never opened its DevTools port',
      },
    );
    const origin = `chrome-extension://${extensionIdFor(extension)}`;
    if (options.inspect) await openInspectedTab(port, origin, options.inspect);
    browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
    const context = browser.contexts()[0]!;
    const firstUrl = options.inspect ?? 'about:blank';
    const page = await waitFor(() => context.pages().find((p) => p.url() === firstUrl), {
      message: `no tab with ${firstUrl}`,
    });
    /** A frame of a DevTools window showing this extension page. */
    const extensionFrame = (url: string) =>
      context
        .pages()
        .filter((p) => p.url().startsWith('devtools://'))
        .flatMap((p) => p.frames())
        .find((f) => !f.isDetached() && f.url().startsWith(url));
    const xdotool = (...args: string[]) =>
      new Promise<void>((resolve, reject) =>
        execFile('xdotool', args, { env }, (error) =>
          error
            ? reject(
                new Error(
                  `xdotool ${args.join(' ')} failed (apt-get install xdotool): ${error.message}`,
                ),
              )
            : resolve(),
        ),
      );
    return {
      browser,
      context,
      page,
      origin,
      async answerPrompt(username, password) {
        // onAuthRequired fires as Chrome decides to prompt; the dialog takes a moment to draw and
        // take the focus, and keys sent before that are lost.
        await new Promise((resolve) => setTimeout(resolve, 1000));
        // The username field has the focus; select what may be prefilled on a repeated prompt.
        await xdotool('key', '--clearmodifiers', 'ctrl+a');
        await xdotool('type', '--delay', '20', username);
        await xdotool('key', 'Tab');
        await xdotool('key', '--clearmodifiers', 'ctrl+a');
        await xdotool('type', '--delay', '20', password);
        await xdotool('key', 'Return');
      },
      async cancelPrompt() {
        await new Promise((resolve) => setTimeout(resolve, 1000)); // as answerPrompt: let it draw
        await xdotool('key', 'Escape');
      },
      async devtoolsPage(timeout = 30_000) {
        if (!options.inspect) throw new Error('devtoolsPage needs launchForPrompts({ inspect }).');
        return waitFor(() => extensionFrame(`${origin}/src/devtools/index.html`), {
          timeout,
          message: 'no AuthLens devtools page in DevTools',
        });
      },
      async openPanel(timeout = 30_000) {
        if (!options.inspect) throw new Error('openPanel needs launchForPrompts({ inspect }).');
        const cdp = browser!;
        if (!(await showAuthLensPanel(cdp, timeout))) {
          throw new Error('DevTools never showed the AuthLens panel');
        }
        const panelUrl = `${origin}/src/panel/index.html`;
        const frame = await waitFor(() => extensionFrame(panelUrl), {
          timeout,
          message: `no frame ${panelUrl} in DevTools`,
        });
        await frame.waitForLoadState('domcontentloaded');
        return frame;
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** The steps of one exchange in which a wrong then the right password was typed into the prompt. */
export const WRONG_THEN_RIGHT_STEPS: ReadonlyArray<Step['kind']> = [
  'request',
  'response',
  'auth-required',
  'completed',
  'request',
  'response',
  'auth-required',
  'completed',
  'request',
  'response',
  'completed',
];

/**
 * Opens `url` in the page, types a wrong then the right password (alice's) into the prompts it
 * brings up, each once the recorder has seen it, and returns the exchange once authenticated.
 */
export async function loginWrongThenRight(
  b: PromptBrowser,
  recorder: RecorderClient,
  url: string,
): Promise<Exchange> {
  const prompts = (e: Exchange | undefined) =>
    e?.steps.filter((s) => s.kind === 'auth-required').length ?? 0;
  // Not page.goto: it would wait for a load that only comes after the prompt is answered.
  await b.page.evaluate((href) => void (location.href = href), url);
  await recorder.until((l) => prompts(l[0]) === 1, 'first prompt');
  await b.answerPrompt('alice', 'not-the-password');
  await recorder.until((l) => prompts(l[0]) === 2, 'second prompt after the wrong password');
  await b.answerPrompt('alice', 'wonderland');
  const [exchange] = await recorder.until(
    (l) => l[0]?.outcome === 'authenticated',
    'authenticated',
  );
  return exchange!;
}

type Target = { id: string; type: string; url: string };

async function targets(port: string): Promise<Target[]> {
  const response = await fetch(`http://127.0.0.1:${port}/json/list`);
  return (await response.json()) as Target[];
}

/**
 * As scripts/start.ts: waits for the extension's worker, opens `url` in a new tab (its DevTools
 * window then knows the extension), closes the blank first tab with its DevTools window, and waits
 * for the AuthLens devtools page, before Playwright attaches (it lists the DevTools windows that
 * exist when it connects).
 */
async function openInspectedTab(port: string, origin: string, url: string): Promise<void> {
  const list = () => targets(port).catch((): Target[] => []);
  await waitFor(
    async () => (await list()).some((t) => t.type === 'service_worker' && t.url.startsWith(origin)),
    { timeout: 30_000, message: 'the extension service worker never started' },
  );
  const blank = (await list()).find((t) => t.type === 'page' && t.url === 'about:blank');
  await fetch(`http://127.0.0.1:${port}/json/new?${encodeURI(url)}`, { method: 'PUT' });
  if (blank) await fetch(`http://127.0.0.1:${port}/json/close/${blank.id}`);
  await waitFor(
    async () => (await list()).some((t) => t.url.startsWith(`${origin}/src/devtools/`)),
    { timeout: 30_000, message: 'the AuthLens devtools page never loaded' },
  );
}

export interface SessionOptions {
  /** DevTools open on the tab (its network log then reports to AuthLens). */
  devtools?: boolean;
  /** Every request through the lab's forward proxy, but loopback by its `localhost` name. */
  proxy?: boolean;
}

/**
 * A prompt browser on the lab whose recorder is listening (P5) and empty, with the tab that will
 * show Chrome's prompt in front. `use` registers the browser to be closed after the test.
 */
export async function promptSession(
  lab: { url: string; proxyUrl: string },
  use: (b: PromptBrowser) => PromptBrowser,
  options: SessionOptions = {},
): Promise<{ b: PromptBrowser; recorder: RecorderClient }> {
  // Behind the proxy, the direct `localhost` address names the tab and primes the worker without
  // a 407, whose prompt would leave proxy credentials cached for the session.
  const home = options.proxy ? lab.url.replace('127.0.0.1', 'localhost') : lab.url;
  const b = use(
    await launchForPrompts({
      ...(options.devtools ? { inspect: `${home}/` } : {}),
      ...(options.proxy
        ? { args: [`--proxy-server=${lab.proxyUrl}`, '--proxy-bypass-list=<-loopback>;localhost'] }
        : {}),
    }),
  );
  if (!options.devtools) await navigate(b.page, `${home}/`);
  // With DevTools open, through its AuthLens page: a tab of its own would take the keyboard focus
  // from the inspected tab's window, and with it the keys meant for the prompt.
  const recorder = options.devtools
    ? await recorderClientIn(await b.devtoolsPage())
    : await recorderClient(b, b.page);
  await primeWebRequest(b.page, `${home}/no-challenge?warmup`, async () =>
    (await recorder.exchanges()).some((e) => e.url.includes('warmup')),
  );
  await navigate(b.page, `${home}/`);
  await recorder.command({ type: 'clear' });
  // The recorder client may have opened a tab of its own; the prompt must come up in this one.
  await b.page.bringToFront();
  return { b, recorder };
}
