// `npm run screenshots`: the README's pictures of the AuthLens panel, taken in the real DevTools
// from a real session against the lab, in DevTools' light and dark themes. Builds nothing: run
// `npm run build` first. Writes docs/screenshots/panel-light.png and panel-dark.png.
import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Frame, Page } from 'playwright-core';
import { startLab } from '../demo/server.ts';
import { DEMO_USER } from '../demo/users.ts';
import {
  ensureBuilt,
  fetchFromPage,
  navigate,
  waitFor,
  type ExtensionBrowser,
} from '../e2e/chromium.ts';
import {
  connected,
  openRecordingPanel,
  pathOf,
  rowLocator,
  rowsUntil,
} from '../e2e/panel-driver.ts';

type Theme = 'light' | 'dark';
type Lab = Awaited<ReturnType<typeof startLab>>;

const root = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
const outDir = path.join(root, 'docs', 'screenshots');
/** The DevTools window's size in the pictures (CSS pixels). */
const SIZE = { width: 1440, height: 820 };
const MAX_BYTES = 300 * 1024;

async function main(): Promise<void> {
  ensureBuilt();
  mkdirSync(outDir, { recursive: true });
  const lab = await startLab({ port: 0, proxyPort: 0 });
  try {
    for (const theme of ['light', 'dark'] as const) {
      const file = path.join(outDir, `panel-${theme}.png`);
      await shoot(lab, theme, file);
      const bytes = statSync(file).size;
      console.log(`${path.relative(root, file)}  ${(bytes / 1024).toFixed(0)} KB`);
      if (bytes > MAX_BYTES) throw new Error(`${file} is over ${MAX_BYTES / 1024} KB`);
    }
  } finally {
    await lab.close();
  }
}

async function shoot(lab: Lab, theme: Theme, file: string): Promise<void> {
  let ext: ExtensionBrowser | undefined;
  try {
    const first = await openRecordingPanel(lab.url, (e) => void (ext = e), {
      // Playwright answers the Digest challenge of the navigation like a user at the prompt would.
      httpCredentials: { username: DEMO_USER.username, password: DEMO_USER.password },
    });
    // DevTools' own theme and an undocked window (the whole picture is DevTools). A panel reads
    // the theme when it loads, and Chrome tells open panels nothing, so the settings are made in
    // this window and the session runs in a new tab whose DevTools window opens with them.
    await useDevtoolsSettings(first.panel.page(), theme);
    const page = await first.ext.context.newPage();
    await navigate(page, `${lab.url}/`);
    const panel = await first.ext.openPanel(page);
    await connected(panel);
    const devtools = panel.page();
    await devtools.setViewportSize(SIZE);
    await record(page, lab);
    await showTheme(panel, theme);
    await selectInteresting(panel, lab);
    await devtools.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
  } finally {
    await ext?.close();
  }
}

/** Sets DevTools' theme (persisted in the profile) and undocks it, through its own front end. */
async function useDevtoolsSettings(devtools: Page, theme: Theme): Promise<void> {
  // A string, not a function: tsx would rewrite a dynamic import() inside a function.
  await devtools.evaluate(`(async () => {
    const Common = await import('./core/common/common.js');
    Common.Settings.Settings.instance().moduleSetting('ui-theme').set(${JSON.stringify(
      theme === 'dark' ? 'dark' : 'default',
    )});
    const UI = await import('./ui/legacy/legacy.js');
    UI.DockController.DockController.instance().setDockSide('undocked');
  })()`);
}

/** A short, realistic session: each scenario a reader of the README might meet. */
async function record(page: Page, lab: Lab): Promise<void> {
  await navigate(page, `${lab.url}/`);
  await fetchFromPage(page, `${lab.url}/basic`);
  await fetchFromPage(page, `${lab.url}/bearer`, {
    headers: { Authorization: 'Bearer expired-or-made-up' },
  });
  await fetchFromPage(page, `${lab.url}/multi-line`);
  await fetchFromPage(page, `${lab.url}/malformed/missing-comma`);
  await fetchFromPage(page, `${lab.url}/no-challenge`);
  await navigate(page, `${lab.url}/sso/start`);
  const login = await navigate(page, `${lab.url}/digest`);
  if (login.status !== 200) throw new Error(`the Digest login got ${JSON.stringify(login)}`);
}

/** The panel follows DevTools' theme; if that did not take, the panel's own setting does. */
async function showTheme(panel: Frame, theme: Theme): Promise<void> {
  const root = panel.getByTestId('authlens-panel');
  if ((await root.getAttribute('data-theme')) === theme) return;
  console.warn(`DevTools did not give the panel its ${theme} theme; using Settings → Theme`);
  await panel.getByTestId('settings').click();
  await panel.getByRole('combobox', { name: 'Theme' }).selectOption(theme);
  await panel.getByTestId('settings').click();
  await waitFor(async () => (await root.getAttribute('data-theme')) === theme, {
    message: `panel theme ${theme}`,
  });
}

/** The Digest login: challenge, the browser's retry and Authentication-Info, all in one. */
async function selectInteresting(panel: Frame, lab: Lab): Promise<void> {
  const host = new URL(lab.url).host;
  const rows = await rowsUntil(
    panel,
    (r) => r.length === 7 && r.every((x) => x.outcome !== 'pending'),
    'the seven exchanges of the session',
  );
  const digest = rows.find((r) => pathOf(r, host) === '/digest' && r.outcome === 'authenticated');
  if (!digest) throw new Error('the Digest login is not in the list');
  await rowLocator(panel, digest.id).click();
  await panel.getByTestId('auth-info').waitFor();
  // A wider list shows the Outcome column too: move the splitter as a keyboard user would.
  const splitter = panel.getByTestId('splitter');
  for (let i = 0; i < 3; i++) await splitter.press('ArrowRight');
  // The pointer would leave a hover highlight on the row.
  await panel.page().mouse.move(0, 0);
  await panel.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
