// A headful Chromium that shows its real login prompt, for tests of the flow a developer lives:
// challenge → Chrome asks → the user types → retry → outcome. Playwright's own launch answers or
// cancels every auth request itself (notes P6), so this spawns Chromium and attaches over CDP
// (notes §6d, recipe B), and types into the prompt with xdotool under the display.
import { spawn, execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, cpSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { DIST, ensureBuilt, extensionIdFor, waitFor } from './chromium.ts';
import { startXvfb } from './display.ts';

const CHROMIUM = process.env.AUTHLENS_CHROMIUM ?? '/usr/lib/chromium/chromium';
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-default-browser-check',
  '--window-size=1400,900',
];

export interface PromptBrowser {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** chrome-extension://<id> */
  origin: string;
  /** Types into Chrome's login prompt, which has the focus while it is open. */
  answerPrompt(username: string, password: string): Promise<void>;
  close(): Promise<void>;
}

export async function launchForPrompts(): Promise<PromptBrowser> {
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
    browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
    const context = browser.contexts()[0]!;
    const page = await waitFor(() => context.pages().find((p) => p.url() === 'about:blank'), {
      message: 'no first tab',
    });
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
      origin: `chrome-extension://${extensionIdFor(extension)}`,
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
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
