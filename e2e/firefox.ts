// Launches Debian's firefox-esr with the built Firefox add-on (dist-firefox/) installed, and drives
// it over Marionette (see /work/shared/notes/firefox-testing.md, "notes"): the tab, the browser's
// chrome (DevTools, the login prompt, preferences), and documents inside the extension process
// (the background event page, the AuthLens panel), which only Marionette's window actor reaches.
import { spawn, type ChildProcess } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Exchange } from '../src/shared/exchange.ts';
import { waitFor } from './chromium.ts';
import { Marionette } from './marionette.ts';
import { rowsInDocument, type RowView } from './panel-driver.ts';

/** The Firefox build the tests load (tests never build: `npm run build:firefox`). */
export const DIST_FIREFOX = path.resolve(
  fileURLToPath(new URL('../dist-firefox', import.meta.url)),
);
const FIREFOX = process.env.AUTHLENS_FIREFOX ?? '/usr/bin/firefox-esr';

/** Notes, "Launch": a quiet profile that installs unsigned add-ons and lets Marionette in. */
const PREFS: Record<string, string | number | boolean> = {
  'xpinstall.signatures.required': false,
  'devtools.chrome.enabled': true,
  // Firefox stops prompting after two cancelled login prompts per site and tab otherwise.
  'prompts.authentication_dialog_abuse_limit': -1,
  'browser.shell.checkDefaultBrowser': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'toolkit.telemetry.reportingpolicy.firstRun': false,
  'browser.aboutwelcome.enabled': false,
  'browser.startup.homepage_override.mstone': 'ignore',
  'browser.startup.page': 0,
  'app.update.disabledForTesting': true,
  'extensions.update.enabled': false,
  'extensions.getAddons.cache.enabled': false,
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'browser.safebrowsing.update.enabled': false,
  'browser.newtabpage.enabled': false,
  'devtools.toolbox.host': 'bottom',
  'devtools.theme': 'light',
};

export type DevtoolsTheme = 'light' | 'dark';
export type PromptAnswer = { username: string; password: string } | 'cancel';

export interface FirefoxBrowser {
  /** The add-on's id (the manifest's gecko id). */
  addonId: string;
  /** moz-extension://<uuid> (no trailing slash). */
  origin: string;
  /** Navigates the tab; resolves once a new document loaded (answer any login prompt beforehand). */
  navigate(url: string): Promise<void>;
  /** fetch() from the tab (credentials omitted: a credentialed 401 would prompt); the status. */
  fetchFromPage(url: string): Promise<number>;
  /** Runs a script body (`return …`; a returned promise is awaited) in the tab. */
  content<T>(script: string, ...args: unknown[]): Promise<T>;
  /** Runs a script body with system privileges in the browser window (gBrowser, Services…). */
  chrome<T>(script: string, ...args: unknown[]): Promise<T>;
  /** Runs a script body in the add-on's background page, which has `browser.*`. */
  background<T>(script: string, ...args: unknown[]): Promise<T>;
  /** The exchanges the background wrote to storage.session, in capture order. */
  stored(): Promise<Exchange[]>;
  /** Polls `stored()` until `predicate` holds; returns the exchanges. */
  storedUntil(predicate: (list: Exchange[]) => boolean, message: string): Promise<Exchange[]>;
  /** Stops the event page the way Firefox does when idle; resolves once that page is gone. */
  terminateBackground(): Promise<void>;
  /** Whether the background page is loaded right now. */
  backgroundRunning(): Promise<boolean>;
  /** Opens DevTools on the tab and selects the AuthLens panel. */
  openPanel(): Promise<FirefoxPanel>;
  /** Sets DevTools' theme preference, as choosing it in DevTools' settings does. */
  setDevtoolsTheme(theme: DevtoolsTheme): Promise<void>;
  /**
   * Answers the next login prompts, in order, as a user would: a username and password then OK, or
   * 'cancel'. Marionette refuses every command while a prompt is open, so the answers are given
   * beforehand and typed by an observer inside Firefox the moment each prompt has loaded.
   */
  answerPrompts(answers: ReadonlyArray<PromptAnswer>): Promise<void>;
  /** The text of each prompt answered so far ("This site is asking you to sign in."…). */
  promptsAnswered(): Promise<string[]>;
  /** Script errors reported from the add-on's code and from Firefox's extension API code. */
  extensionErrors(): Promise<string[]>;
  /** Ends Firefox and its process group, and deletes the profile. */
  close(): Promise<void>;
}

export interface FirefoxPanel {
  /** Runs a script body in the AuthLens panel's document. */
  eval<T>(script: string, ...args: unknown[]): Promise<T>;
  /** Polls a script body in the panel until it returns a truthy value; returns it. */
  until<T>(script: string, message: string, ...args: unknown[]): Promise<NonNullable<T>>;
  /** The exchange list as the panel shows it (panel-driver's RowView). */
  rows(): Promise<RowView[]>;
  /** Polls the list until `predicate` holds; the failure message shows what the list held. */
  rowsUntil(predicate: (rows: RowView[]) => boolean, message: string): Promise<RowView[]>;
  /** Selects a row as a click does (the list selects on mousedown) and waits for its detail. */
  select(rowId: string): Promise<void>;
}

/** Checks that dist-firefox/ holds a complete Firefox build; never builds. */
export function ensureFirefoxBuilt(dir: string = DIST_FIREFOX): void {
  const manifestFile = path.join(dir, 'manifest.json');
  if (!existsSync(manifestFile)) {
    throw new Error(`${manifestFile} is missing: run \`npm run build:firefox\` first.`);
  }
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as {
    background?: { scripts?: string[] };
  };
  if (!manifest.background?.scripts?.length) {
    throw new Error(`${manifestFile} has no background.scripts: it is not the Firefox build.`);
  }
}

/** Launches Firefox (headless) with the add-on installed as a temporary add-on. */
export async function launchFirefox(
  options: {
    /** A directory, .zip or .xpi to install instead of a private copy of dist-firefox/. */
    addon?: string;
    /** Install as a regular add-on (signatures off), not a temporary one. */
    permanent?: boolean;
  } = {},
): Promise<FirefoxBrowser> {
  if (!existsSync(FIREFOX)) {
    throw new Error(`${FIREFOX} is missing: install firefox-esr (apt-get install firefox-esr).`);
  }
  const work = mkdtempSync(path.join(os.tmpdir(), 'authlens-firefox-'));
  let firefox: ChildProcess | undefined;
  let marionette: Marionette | undefined;
  const close = once(async () => {
    marionette?.close();
    if (firefox) await endProcessGroup(firefox);
    rmSync(work, { recursive: true, force: true });
  });
  try {
    const addon = options.addon ?? path.join(work, 'extension');
    if (!options.addon) {
      ensureFirefoxBuilt();
      cpSync(DIST_FIREFOX, addon, { recursive: true }); // a concurrent build cannot change it
    }
    const profile = path.join(work, 'profile');
    const port = await freePort();
    writeProfile(profile, { ...PREFS, 'marionette.port': port });
    const output: string[] = [];
    firefox = spawn(
      FIREFOX,
      [
        '-headless',
        '-profile',
        profile,
        '-no-remote',
        '-new-instance',
        '-marionette',
        '-remote-allow-system-access',
      ],
      {
        detached: true, // its own process group, so close() ends exactly what this started
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, MOZ_CRASHREPORTER_DISABLE: '1', MOZ_HEADLESS_WIDTH: '1400' },
      },
    );
    firefox.stdout?.on('data', (chunk: Buffer) => output.push(String(chunk)));
    firefox.stderr?.on('data', (chunk: Buffer) => output.push(String(chunk)));
    const exited = new Promise<never>((_, reject) =>
      firefox!.once('exit', (code, signal) =>
        reject(
          new Error(`firefox-esr exited (${code ?? signal}): ${output.join('').slice(-2000)}`),
        ),
      ),
    );
    exited.catch(() => undefined);
    marionette = await Promise.race([Marionette.connect(port), exited]);
    return await driver(marionette, addon, options.permanent ?? false, close);
  } catch (error) {
    await close();
    throw error;
  }
}

async function driver(
  m: Marionette,
  addon: string,
  permanent: boolean,
  close: () => Promise<void>,
): Promise<FirefoxBrowser> {
  // "none": a navigation that brings up a login prompt would otherwise never finish loading.
  // "ignore": a prompt left open must not make every later command fail or close it.
  // Marionette reads the capabilities from the parameters themselves (no alwaysMatch).
  const session = await m.send<{ capabilities: Record<string, unknown> }>('WebDriver:NewSession', {
    pageLoadStrategy: 'none',
    unhandledPromptBehavior: 'ignore',
  });
  if (session.capabilities.unhandledPromptBehavior !== 'ignore') {
    throw new Error(`Marionette ignored the session capabilities: ${JSON.stringify(session)}`);
  }
  await m.send('WebDriver:SetTimeouts', { script: 60_000 });
  const { value: addonId } = await m.send<{ value: string }>('Addon:Install', {
    path: addon,
    temporary: !permanent,
  });

  let context: 'content' | 'chrome' = 'content';
  const use = async (where: 'content' | 'chrome') => {
    if (context === where) return;
    await m.send('Marionette:SetContext', { value: where });
    context = where;
  };
  const run = async <T>(where: 'content' | 'chrome', script: string, args: unknown[]) => {
    await use(where);
    return (await m.send<{ value: T }>('WebDriver:ExecuteScript', { script, args })).value;
  };
  const chrome = <T>(script: string, ...args: unknown[]) => run<T>('chrome', script, args);
  const content = <T>(script: string, ...args: unknown[]) => run<T>('content', script, args);

  /** Notes: documents of the extension process are reached through Marionette's window actor. */
  const inDocument = (findBrowser: string) => `
    const [script, args, toolId] = [arguments[0], arguments[1], arguments[2]];
    const element = (() => { ${findBrowser} })();
    if (!element?.browsingContext?.currentWindowGlobal) throw new Error('no such extension document');
    return element.browsingContext.currentWindowGlobal
      .getActor('MarionetteCommands').executeScript(script, args, {});`;
  const inBackground = inDocument(`
    return WebExtensionPolicy.getByID(${JSON.stringify(addonId)})?.extension?.backgroundContext?.xulBrowser;`);
  const inPanel = inDocument(`
    const { require } = ChromeUtils.importESModule('resource://devtools/shared/loader/Loader.sys.mjs');
    const { gDevTools } = require('devtools/client/framework/devtools');
    const toolbox = gDevTools.getToolboxForTab(gBrowser.selectedTab);
    const frame = toolbox?.doc.getElementById('toolbox-panel-iframe-' + toolId);
    return frame?.contentDocument?.querySelector('browser') ?? frame?.querySelector?.('browser');`);

  const background = <T>(script: string, ...args: unknown[]) =>
    chrome<T>(inBackground, script, args, null);

  const origin = await chrome<string>(
    `return 'moz-extension://' + WebExtensionPolicy.getByID(arguments[0]).mozExtensionHostname;`,
    addonId,
  );
  // The page has `browser` before its module script ran; its listeners exist once it has loaded
  // (module scripts run before DOMContentLoaded, and main.ts registers them at top level).
  await waitFor(() => background<boolean>('return document.readyState === "complete";'), {
    timeout: 30_000,
    message: 'the AuthLens background page never started',
  });

  const stored = async (): Promise<Exchange[]> => {
    const all = await background<Record<string, unknown>>(
      'return browser.storage.session.get(null);',
    );
    return Object.entries(all)
      .filter(([key]) => key.startsWith('x:'))
      .map(([, value]) => value as Exchange)
      .sort((a, b) => a.startedAt - b.startedAt || a.id.localeCompare(b.id));
  };

  const browser: FirefoxBrowser = {
    addonId,
    origin,
    content,
    chrome,
    background,
    stored,
    async navigate(url) {
      // A mark on the current document tells when a new one replaced it (redirects included).
      const mark = `authlens-${Date.now()}-${Math.random()}`;
      await content('window.__authlensNavigation = arguments[0];', mark).catch(() => undefined);
      await use('content');
      await m.send('WebDriver:Navigate', { url });
      // Seen here: a cross-origin navigation (a new content process) first shows a transient
      // about:blank document, unmarked and complete, which the real one then unloads.
      const blank = url === 'about:blank';
      await waitFor(
        () =>
          content<boolean>(
            `return window.__authlensNavigation !== arguments[0] && document.readyState === 'complete'
               && (arguments[1] || location.href !== 'about:blank');`,
            mark,
            blank,
          ),
        { timeout: 15_000, message: `the tab never loaded ${url}` },
      );
    },
    fetchFromPage(url) {
      return content<number>(
        `return fetch(arguments[0], { credentials: 'omit' }).then((r) => r.status);`,
        url,
      );
    },
    storedUntil(predicate, message) {
      let last: Exchange[] = [];
      return waitFor(
        async () => {
          last = await stored();
          return predicate(last) ? last : null;
        },
        { timeout: 15_000, interval: 150, message },
      ).catch((error: Error) => {
        const summary = last.map((e) => `${e.url} ${e.outcome} [${e.steps.map((s) => s.kind)}]`);
        throw new Error(`${error.message}; stored: ${JSON.stringify(summary, null, 1)}`);
      });
    },
    async terminateBackground() {
      // An open panel's reconnect may start a new page at once, so wait for "this one is gone".
      const instance = `authlens-${Date.now()}-${Math.random()}`;
      await background('window.__authlensInstance = arguments[0];', instance);
      await chrome(
        `return WebExtensionPolicy.getByID(arguments[0]).extension.terminateBackground(
           { ignoreDevToolsAttached: true, disableResetIdleForTest: true });`,
        addonId,
      );
      await waitFor(
        async () =>
          !(await browser.backgroundRunning()) ||
          (await background('return window.__authlensInstance ?? null;').catch(() => null)) !==
            instance,
        { message: 'the background page never stopped' },
      );
    },
    backgroundRunning() {
      return chrome<boolean>(
        `return Boolean(WebExtensionPolicy.getByID(arguments[0]).extension.backgroundContext);`,
        addonId,
      );
    },
    async openPanel() {
      const toolId = await waitFor(
        () =>
          chrome<string | null>(`
            const { require } = ChromeUtils.importESModule('resource://devtools/shared/loader/Loader.sys.mjs');
            const { gDevTools } = require('devtools/client/framework/devtools');
            return gDevTools.showToolboxForTab(gBrowser.selectedTab).then((toolbox) => {
              const tool = [...toolbox.getAdditionalTools()].find((t) => t.label === 'AuthLens');
              return tool ? toolbox.selectTool(tool.id).then(() => tool.id) : null;
            });`),
        { timeout: 30_000, message: 'DevTools never listed the AuthLens panel' },
      );
      const panel: FirefoxPanel = {
        eval: <T>(script: string, ...args: unknown[]) => chrome<T>(inPanel, script, args, toolId),
        until: <T>(script: string, message: string, ...args: unknown[]) =>
          waitFor(() => panel.eval<T>(script, ...args), { timeout: 15_000, message }),
        rows: () => panel.eval<RowView[]>(`return (${rowsInDocument.toString()})();`),
        async rowsUntil(predicate, message) {
          let last: RowView[] = [];
          return waitFor(
            async () => {
              last = await panel.rows();
              return predicate(last) ? last : null;
            },
            { timeout: 15_000, message },
          ).catch((error: Error) => {
            throw new Error(`${error.message}; the list showed ${JSON.stringify(last, null, 1)}`);
          });
        },
        async select(rowId) {
          await panel.eval(
            `const row = document.querySelector('[data-testid=exchange-row][data-id="' + arguments[0] + '"]');
             row.dispatchEvent(new MouseEvent('mousedown', { bubbles: true, button: 0 }));`,
            rowId,
          );
          await panel.until(
            `const row = document.querySelector('[data-testid=exchange-row][data-id="' + arguments[0] + '"]');
             return row?.getAttribute('aria-selected') === 'true' &&
               document.querySelector('[data-testid=exchange-detail]') !== null;`,
            `row ${rowId} never showed its detail`,
            rowId,
          );
        },
      };
      await panel.until<boolean>(
        'return document.querySelector("[data-testid=authlens-panel]") !== null;',
        'the AuthLens panel never rendered',
      );
      return panel;
    },
    async setDevtoolsTheme(theme) {
      await chrome(`Services.prefs.setCharPref('devtools.theme', arguments[0]);`, theme);
    },
    async answerPrompts(answers) {
      await chrome(
        `const state = (window.__authlensPrompts ??= { answers: [], seen: [] });
         state.answers.push(...arguments[0]);
         if (!state.observer) {
           state.observer = (dialogWindow) => {
             const ui = dialogWindow.Dialog?.ui;
             if (!ui?.password1Textbox || state.answers.length === 0) return;
             const answer = state.answers.shift();
             state.seen.push(ui.infoBody.textContent);
             // After the dialog's own load handler, as a user's typing would be.
             dialogWindow.setTimeout(() => {
               if (answer === 'cancel') return ui.button1.click();
               ui.loginTextbox.value = answer.username;
               ui.password1Textbox.value = answer.password;
               ui.button0.click();
             }, 0);
           };
           Services.obs.addObserver(state.observer, 'common-dialog-loaded');
         }`,
        answers,
      );
    },
    promptsAnswered() {
      return chrome<string[]>('return window.__authlensPrompts?.seen ?? [];');
    },
    extensionErrors() {
      return chrome<string[]>(`
        return Services.console.getMessageArray()
          .filter((m) => m instanceof Ci.nsIScriptError && !(m.flags & Ci.nsIScriptError.warningFlag))
          .filter((m) => /^(moz-extension:|chrome:\\/\\/extensions\\/)/.test(m.sourceName))
          .map((m) => m.sourceName + ':' + m.lineNumber + ': ' + m.errorMessage);`);
    },
    close,
  };
  return browser;
}

/** Waits until the panel's root element shows `theme`. */
export async function waitForPanelTheme(panel: FirefoxPanel, theme: DevtoolsTheme): Promise<void> {
  await panel.until(
    `return document.querySelector('[data-testid=authlens-panel]')?.dataset.theme === arguments[0];`,
    `the panel never turned ${theme}`,
    theme,
  );
}

function writeProfile(dir: string, prefs: Record<string, string | number | boolean>): void {
  const lines = Object.entries(prefs).map(
    ([name, value]) => `user_pref(${JSON.stringify(name)}, ${JSON.stringify(value)});`,
  );
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'user.js'), `${lines.join('\n')}\n`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** SIGTERM to Firefox's group, then SIGKILL to whatever is left of it after a few seconds. */
async function endProcessGroup(child: ChildProcess): Promise<void> {
  const group = child.pid;
  if (group === undefined) return;
  const exited =
    child.exitCode !== null || child.signalCode !== null
      ? Promise.resolve()
      : new Promise<void>((resolve) => child.once('exit', () => resolve()));
  signalGroup(group, 'SIGTERM');
  const timer = setTimeout(() => signalGroup(group, 'SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
  signalGroup(group, 'SIGKILL'); // content processes that outlived the parent
}

function signalGroup(group: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-group, signal);
  } catch {
    // the group is gone
  }
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= fn());
}
