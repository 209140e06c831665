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
