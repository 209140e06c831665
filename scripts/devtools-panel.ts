// Selects the AuthLens panel in every open DevTools window, through DevTools' own front end:
// extension panels are not in the Command Menu and cannot be preselected by preference
// (notes §6d), but DevTools' InspectorView can show a panel by id (extension origin + title).
import type { Browser, Page } from 'playwright-core';

// A string, not a function: bundlers rewrite a dynamic import() inside functions.
const inspectorView = `(await import('./ui/legacy/legacy.js')).InspectorView.InspectorView.instance()`;

/** Resolves true once some DevTools window shows the AuthLens panel, false after `timeout` ms. */
export async function showAuthLensPanel(browser: Browser, timeout: number): Promise<boolean> {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    const windows = browser
      .contexts()
      .flatMap((c) => c.pages())
      .filter(isDevTools);
    for (const devtools of windows) {
      const shown = await showIn(devtools).catch((error: unknown) => {
        if (process.env.AUTHLENS_DEBUG) console.error('showPanel:', error);
        return false;
      });
      if (shown) return true;
    }
    if (process.env.AUTHLENS_DEBUG) console.error('showPanel: DevTools windows', windows.length);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

function isDevTools(page: Page): boolean {
  return page.url().startsWith('devtools://');
}

async function showIn(devtools: Page): Promise<boolean> {
  const id = await devtools.evaluate<string | null>(
    `(async () => (${inspectorView}).tabbedPane.tabIds().find((id) => id.startsWith('chrome-extension://') && id.endsWith('AuthLens')) ?? null)()`,
  );
  if (!id) return false;
  await devtools.evaluate(
    `(async () => { await (${inspectorView}).showPanel(${JSON.stringify(id)}); })()`,
  );
  return true;
}

/**
 * Where DevTools puts its panels, as people use it: docked beside the page (about 450 px wide),
 * docked at the bottom (about 1400×300), undocked (a 1280×800 window); and `roomy`, docked beside
 * the page but wide, for tests that need the list and the detail side by side.
 */
export const DEVTOOLS_LAYOUTS = {
  'docked-right': { dock: 'right', viewport: null, sidebar: 450 },
  'docked-bottom': { dock: 'bottom', viewport: { width: 1400, height: 800 }, sidebar: 300 },
  undocked: { dock: 'undocked', viewport: { width: 1280, height: 800 }, sidebar: null },
  roomy: { dock: 'right', viewport: null, sidebar: 1100 },
} as const;

export type DevToolsLayout = keyof typeof DEVTOOLS_LAYOUTS;

/**
 * Docks (or undocks) a DevTools window and sizes it, through its own front end: DockController
 * for the side, and the root split (page | DevTools) for the docked size. `viewport` null keeps
 * the window's own size.
 */
export async function layOutDevTools(
  devtools: Page,
  layout: DevToolsLayout,
  /** The window's size instead of the layout's own (the screenshots are all 1280×800). */
  window?: { width: number; height: number },
): Promise<void> {
  const { dock, sidebar } = DEVTOOLS_LAYOUTS[layout];
  const viewport = window ?? DEVTOOLS_LAYOUTS[layout].viewport;
  // A string, not a function: bundlers rewrite a dynamic import() inside functions.
  await devtools.evaluate(`(async () => {
    const UI = await import('./ui/legacy/legacy.js');
    UI.DockController.DockController.instance().setDockSide(${JSON.stringify(dock)});
  })()`);
  if (viewport) await devtools.setViewportSize(viewport);
  if (sidebar !== null) {
    await devtools.evaluate(
      `(async () => { (${inspectorView}).parentWidget().setSidebarSize(${sidebar}); })()`,
    );
  }
}
