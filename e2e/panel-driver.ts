// Drives the AuthLens panel in the real DevTools for the panel e2e tests: opens it on the lab's
// index page before any 401 (a tab that reached chrome-error before DevTools loaded the extension
// never gets the panel), primes the recorder through the panel itself, and reads what it shows.
import type { BrowserContext, Frame, Locator } from 'playwright-core';
import {
  DEVTOOLS_LAYOUTS,
  layOutDevTools,
  type DevToolsLayout,
} from '../scripts/devtools-panel.ts';
import {
  launchWithExtension,
  navigate,
  waitFor,
  type ExtensionBrowser,
  type LaunchOptions,
} from './chromium.ts';

export interface PanelSession {
  ext: ExtensionBrowser;
  /** The panel's frame inside the DevTools window. */
  panel: Frame;
}

/** What one row of the exchange list shows, read from its grid cells. */
export interface RowView {
  id: string;
  outcome: string;
  selected: boolean;
  status: string;
  method: string;
  /** The Name cell's text: path (and query) first, then the host. */
  name: string;
  path: string;
  host: string;
  schemes: string[];
}

/**
 * Launches Chromium with DevTools, opens the lab's index page and the AuthLens panel for it, lays
 * DevTools out (`layout`; by default roomy, so the list and the detail sit side by side), makes
 * sure the recorder listens (P5: navigate to a challenge-less 401 until the panel lists it), then
 * clears the list. `register` receives the browser as soon as it exists, so afterEach can close it
 * even when a later step fails.
 */
export async function openRecordingPanel(
  labUrl: string,
  register: (ext: ExtensionBrowser) => void,
  options: LaunchOptions & { layout?: DevToolsLayout } = {},
): Promise<PanelSession> {
  const { layout = 'roomy', ...launch } = options;
  const ext = await launchWithExtension({ devtools: true, ...launch });
  register(ext);
  await navigate(ext.page, `${labUrl}/`);
  const panel = await ext.openPanel(ext.page);
  await connected(panel);
  await layOutPanel(panel, layout);
  for (let attempt = 1; ; attempt++) {
    await navigate(ext.page, `${labUrl}/no-challenge?warmup=${attempt}`);
    const seen = await waitFor(() => rowCount(panel), { timeout: 1_000 }).catch(() => 0);
    if (seen > 0) break;
    if (attempt === 20) throw new Error('the panel never listed a warm-up exchange');
  }
  await navigate(ext.page, `${labUrl}/`);
  await panel.getByTestId('clear').click();
  await panel.getByTestId('empty-state').waitFor();
  return { ext, panel };
}

/**
 * Lays the panel's DevTools window out and waits until the panel has taken the new size: the
 * narrow layout (list or detail) beside the page, both side by side otherwise.
 */
export async function layOutPanel(
  panel: Frame,
  layout: DevToolsLayout,
  window?: { width: number; height: number },
): Promise<PanelSize> {
  await layOutDevTools(panel.page(), layout, window);
  const narrow = layout === 'docked-right';
  // Docked at the bottom or undocked, the panel is as wide as the window: wait for that width too,
  // since going from one wide layout to another leaves the layout name as it was.
  const { dock, viewport } = DEVTOOLS_LAYOUTS[layout];
  const width = dock === 'right' ? null : (window ?? viewport)?.width;
  let size: PanelSize | undefined;
  await waitFor(
    async () => {
      size = await panelSize(panel);
      const laidOut = size.layout === (narrow ? 'narrow' : 'wide');
      return laidOut && (width == null || size.width === width) ? size : null;
    },
    { message: `the panel laid out ${layout}` },
  ).catch((error: Error) => {
    throw new Error(`${error.message}; it is ${JSON.stringify(size)}`);
  });
  return size!;
}

export interface PanelSize {
  width: number;
  height: number;
  /** What the panel made of it: 'narrow' or 'wide'. */
  layout: string;
}

export function panelSize(panel: Frame): Promise<PanelSize> {
  return panel.evaluate(() => ({
    width: innerWidth,
    height: innerHeight,
    layout:
      document.querySelector('[data-testid=authlens-panel]')?.getAttribute('data-layout') ?? '',
  }));
}

/** Waits until the panel's connection to the service worker says connected. */
export async function connected(panel: Frame, timeout = 15_000): Promise<void> {
  await panel
    .locator('[data-testid=connection][data-state=connected]')
    .waitFor({ timeout })
    .catch(async (error: Error) => {
      const state = await panel
        .getByTestId('connection')
        .getAttribute('data-state')
        .catch(() => '?');
      throw new Error(`panel not connected (state ${state}): ${error.message}`);
    });
}

export function rowCount(panel: Frame): Promise<number> {
  return panel.locator('[data-testid=exchange-row]').count();
}

/** Every rendered row of the list (the lists here are short, so all of them), top to bottom. */
export function readRows(panel: Frame): Promise<RowView[]> {
  return panel.evaluate(rowsInDocument);
}

/**
 * readRows inside the panel's document; also run there as source text by the Firefox driver.
 * No named helpers inside: tsx (scripts/screenshots.ts) would wrap them in its __name().
 */
export function rowsInDocument(): RowView[] {
  return [...document.querySelectorAll<HTMLElement>('[data-testid=exchange-row]')]
    .sort(
      (a, b) => Number(a.getAttribute('aria-rowindex')) - Number(b.getAttribute('aria-rowindex')),
    )
    .map((row) => {
      const cells = [...row.querySelectorAll<HTMLElement>('[role=gridcell]')];
      const texts = cells.map((cell) => cell.textContent?.trim() ?? '');
      return {
        id: row.dataset.id ?? '',
        outcome: row.dataset.outcome ?? '',
        selected: row.getAttribute('aria-selected') === 'true',
        status: texts[0] ?? '',
        method: texts[1] ?? '',
        name: texts[2] ?? '',
        path: row.querySelector('[data-testid=row-path]')?.textContent ?? '',
        host: row.querySelector('[data-testid=row-host]')?.textContent ?? '',
        // The cell shows the first scheme and a count; its tooltip names them all.
        schemes: cells[3]?.title ? cells[3].title.split(', ') : [],
      };
    });
}

/** Polls the list until `predicate` holds; the failure message shows what the list held. */
export async function rowsUntil(
  panel: Frame,
  predicate: (rows: RowView[]) => boolean,
  message: string,
  timeout = 15_000,
): Promise<RowView[]> {
  let last: RowView[] = [];
  return waitFor(
    async () => {
      last = await readRows(panel);
      return predicate(last) ? last : null;
    },
    { timeout, message: `${message}` },
  ).catch((error: Error) => {
    throw new Error(`${error.message}; the list showed ${JSON.stringify(last, null, 1)}`);
  });
}

/** The path and query of a row's Name cell, when the row is for `host`. */
export function pathOf(row: RowView, host: string): string {
  return row.host === host ? row.path : `${row.host}${row.path}`;
}

export function rowLocator(panel: Frame, id: string): Locator {
  return panel.locator(`[data-testid=exchange-row][data-id="${id}"]`);
}

/** Collects every JavaScript dialog (alert, confirm, prompt, beforeunload) of the context. */
export function watchDialogs(context: BrowserContext): string[] {
  const seen: string[] = [];
  context.on('dialog', (dialog) => {
    seen.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss().catch(() => undefined);
  });
  return seen;
}
