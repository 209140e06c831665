// `npm run screenshots`: every picture of AuthLens, taken in the real DevTools from a real session
// against the lab, at the sizes people use DevTools — docked beside the page (the panel ~450 px
// wide), docked at the bottom, undocked — each 1280×800, in DevTools' light and dark themes; and
// the store set: three 1280×800 screenshots and the 440×280 promo tile. A docked window is shown
// whole, the inspected page beside DevTools (DevTools' own screenshot leaves the page's area
// blank, so the page is captured on its own and put in its place). Builds nothing: run
// `npm run build` first. Writes:
//   docs/screenshots/<docked-right|docked-bottom|undocked>-<light|dark>.png   (README)
//   store/screenshots/0N-….png, store/promo-tile-440x280.png                  (store listing)
import { copyFileSync, mkdirSync, statSync } from 'node:fs';
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
  layOutPanel,
  openRecordingPanel,
  pathOf,
  rowLocator,
  rowsUntil,
} from '../e2e/panel-driver.ts';
import type { DevToolsLayout } from './devtools-panel.ts';

type Theme = 'light' | 'dark';
type Lab = Awaited<ReturnType<typeof startLab>>;
type Shot = Exclude<DevToolsLayout, 'roomy'>;

const root = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
const docsDir = path.join(root, 'docs', 'screenshots');
const storeDir = path.join(root, 'store');
/** The browser window in every picture (CSS pixels); the store asks for exactly 1280×800. */
const WINDOW = { width: 1280, height: 800 };
const MAX_BYTES = 350 * 1024;
const SHOTS: Shot[] = ['docked-right', 'docked-bottom', 'undocked'];

/** The store's three screenshots, from the README's pictures. */
const STORE: Array<{ name: string; from: `${Shot}-${Theme}` }> = [
  { name: '01-docked-beside-the-page.png', from: 'docked-right-light' },
  { name: '02-docked-at-the-bottom.png', from: 'docked-bottom-light' },
  { name: '03-undocked-dark.png', from: 'undocked-dark' },
];

async function main(): Promise<void> {
  ensureBuilt();
  mkdirSync(docsDir, { recursive: true });
  mkdirSync(path.join(storeDir, 'screenshots'), { recursive: true });
  const lab = await startLab({ port: 0, proxyPort: 0 });
  try {
    for (const theme of ['light', 'dark'] as const) await shootTheme(lab, theme);
  } finally {
    await lab.close();
  }
  for (const { name, from } of STORE) {
    const file = path.join(storeDir, 'screenshots', name);
    copyFileSync(path.join(docsDir, `${from}.png`), file);
    report(file);
  }
}

function report(file: string): void {
  const bytes = statSync(file).size;
  console.log(`${path.relative(root, file)}  ${(bytes / 1024).toFixed(0)} KB`);
  if (bytes > MAX_BYTES) throw new Error(`${file} is over ${MAX_BYTES / 1024} KB`);
}

async function shootTheme(lab: Lab, theme: Theme): Promise<void> {
  let ext: ExtensionBrowser | undefined;
  try {
    const first = await openRecordingPanel(lab.url, (e) => void (ext = e), {
      // Playwright answers the Digest challenge of the navigation like a user at the prompt would.
      httpCredentials: { username: DEMO_USER.username, password: DEMO_USER.password },
    });
    // A panel reads DevTools' theme when it loads, and Chrome tells open panels nothing, so the
    // theme is set in this window and the session runs in a new tab whose DevTools opens with it.
    await useDevtoolsTheme(first.panel.page(), theme);
    const page = await first.ext.context.newPage();
    await navigate(page, `${lab.url}/`);
    const panel = await first.ext.openPanel(page);
    await connected(panel);
    await showTheme(panel, theme);
    await record(page, lab);
    const digest = await digestLogin(panel, lab);
    for (const shot of SHOTS) {
      const file = path.join(docsDir, `${shot}-${theme}.png`);
      await layOutPanel(panel, shot, WINDOW);
      await showScene(panel, shot, digest);
      // Chrome shows the page's new size over it for a moment after a resize.
      await new Promise((resolve) => setTimeout(resolve, 2000));
      await capture(page, panel.page(), shot, file);
      report(file);
      if (shot === 'undocked' && theme === 'light') await promoTile(page, panel);
    }
  } finally {
    await ext?.close();
  }
}

/** Sets DevTools' theme (persisted in the profile) through its own front end. */
async function useDevtoolsTheme(devtools: Page, theme: Theme): Promise<void> {
  // A string, not a function: tsx would rewrite a dynamic import() inside a function.
  await devtools.evaluate(`(async () => {
    const Common = await import('./core/common/common.js');
    Common.Settings.Settings.instance().moduleSetting('ui-theme').set(${JSON.stringify(
      theme === 'dark' ? 'dark' : 'default',
    )});
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
async function digestLogin(panel: Frame, lab: Lab): Promise<string> {
  const host = new URL(lab.url).host;
  const rows = await rowsUntil(
    panel,
    (r) => r.length === 7 && r.every((x) => x.outcome !== 'pending'),
    'the seven exchanges of the session',
  );
  const digest = rows.find((r) => pathOf(r, host) === '/digest' && r.outcome === 'authenticated');
  if (!digest) throw new Error('the Digest login is not in the list');
  return digest.id;
}

/**
 * What each picture shows. Beside the page: the Digest login opened in the list's place, as a
 * click there does. Wider: the list with the Digest login selected beside its explained challenge.
 */
async function showScene(panel: Frame, shot: Shot, digestId: string): Promise<void> {
  const back = panel.getByTestId('back-to-list');
  if (await back.count()) await back.click();
  await rowLocator(panel, digestId).click();
  const card = panel.locator('[data-testid=exchange-detail] [data-testid=challenge]').first();
  await card.waitFor();
  // Short panels start the detail at the challenge explained, not at the timeline above it.
  await panel.evaluate((scroll) => {
    const detail = document.querySelector('[data-testid=exchange-detail]');
    const pane = detail?.closest('[class*=pane]');
    const card = detail?.querySelector('[data-testid=response]');
    if (pane && card) pane.scrollTop = scroll ? (card as HTMLElement).offsetTop - 8 : 0;
  }, shot === 'docked-bottom');
  // The pointer would leave a hover highlight, and focus a focus ring.
  await panel.page().mouse.move(0, 0);
  await panel.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
}

/**
 * The window as the user sees it. Undocked, DevTools is the window. Docked, DevTools' screenshot
 * has a blank where the page is: the page's own screenshot goes there.
 */
async function capture(page: Page, devtools: Page, shot: Shot, file: string): Promise<void> {
  await page.bringToFront().catch(() => undefined);
  const options = { animations: 'disabled', caret: 'hide' } as const;
  if (shot === 'undocked') {
    await devtools.screenshot({ ...options, path: file });
    return;
  }
  // A string, not a function: tsx would rewrite a dynamic import() inside a function.
  const placeholder = await devtools.evaluate<{
    x: number;
    y: number;
    width: number;
    height: number;
  }>(
    `(async () => {
      const UI = await import('./ui/legacy/legacy.js');
      const split = UI.InspectorView.InspectorView.instance().parentWidget();
      const r = split.mainWidget().element.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    })()`,
  );
  const window = await devtools.screenshot(options);
  const inspected = await page.screenshot({
    ...options,
    clip: { x: 0, y: 0, width: placeholder.width, height: placeholder.height },
  });
  await compose(page, file, WINDOW, [
    { png: window, x: 0, y: 0 },
    { png: inspected, x: placeholder.x, y: placeholder.y },
  ]);
}

/** Lays PNGs out on a page of `size` and screenshots it: image composition with the browser. */
async function compose(
  from: Page,
  file: string,
  size: { width: number; height: number },
  layers: Array<{ png: Buffer; x: number; y: number; width?: number }>,
  extra = '',
): Promise<void> {
  const canvas = await from.context().newPage();
  try {
    await canvas.setViewportSize(size);
    const images = layers
      .map(
        (l) =>
          `<img src="data:image/png;base64,${l.png.toString('base64')}" style="position:absolute;left:${l.x}px;top:${l.y}px;${l.width ? `width:${l.width}px;` : ''}">`,
      )
      .join('');
    await canvas.setContent(
      `<!doctype html><body style="margin:0;overflow:hidden;position:relative;width:${size.width}px;height:${size.height}px">${images}${extra}</body>`,
    );
    await canvas.waitForFunction(() => [...document.images].every((i) => i.complete));
    await canvas.screenshot({ path: file, animations: 'disabled' });
  } finally {
    await canvas.close();
  }
}

/** The store's small promo tile: the name, what it does, and the list of a session beside it. */
async function promoTile(page: Page, panel: Frame): Promise<void> {
  const file = path.join(storeDir, 'promo-tile-440x280.png');
  // The list's first columns, header and rows, at their own size so the text stays sharp.
  // In the DevTools window's coordinates, as Playwright gives boxes inside frames.
  const grid = (await panel.getByTestId('exchange-list').boundingBox())!;
  const rows = await panel.page().screenshot({
    animations: 'disabled',
    clip: { x: grid.x, y: grid.y, width: 404, height: 169 },
  });
  const text = `
    <div style="position:absolute;inset:0;z-index:-1;background:linear-gradient(135deg,#d3e3fd,#fff 75%)"></div>
    <div style="position:absolute;left:18px;top:18px;font:700 28px system-ui,sans-serif;color:#202124">AuthLens</div>
    <div style="position:absolute;left:178px;top:20px;width:246px;font:13px/1.35 system-ui,sans-serif;color:#3c4043">HTTP authentication, made visible in DevTools: every challenge parsed, explained and checked.</div>
    <div style="position:absolute;left:17px;top:81px;width:404px;height:169px;border:1px solid #cacdd1;box-shadow:0 2px 10px rgb(0 0 0 / 25%)"></div>`;
  await compose(page, file, { width: 440, height: 280 }, [{ png: rows, x: 18, y: 82 }], text);
  report(file);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
