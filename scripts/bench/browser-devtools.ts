// DevTools windows over raw CDP, for the benchmark's browsers: open a tab whose DevTools window
// knows the extension, and show the AuthLens panel in it (the same DevTools-internal call as
// scripts/devtools-panel.ts, without Playwright attached to the inspected page).
import { waitFor } from '../../e2e/chromium.ts';
import { attach, evaluate, type TargetInfo } from './browser-cdp.ts';
import type { BenchBrowser } from './browser-launch.ts';

// A string, not a function: bundlers rewrite a dynamic import() inside functions.
const SHOW_AUTHLENS = `(async () => {
  const view = (await import('./ui/legacy/legacy.js')).InspectorView.InspectorView.instance();
  const id = view.tabbedPane.tabIds().find((id) => id.startsWith('chrome-extension://') && id.endsWith('AuthLens'));
  if (!id) return false;
  await view.showPanel(id);
  return true;
})()`;

/**
 * Opens `url` in a new tab and closes the blank start tab: with --auto-open-devtools-for-tabs the
 * new tab's DevTools window opens after the extension loaded, so it carries the extension's
 * devtools page (a window opened before never shows its panel). Returns the tab's target.
 */
export async function openInspectedTab(browser: BenchBrowser, url: string): Promise<TargetInfo> {
  const blank = (await browser.targets()).filter((t) => t.type === 'page');
  const { targetId } = await browser.cdp.send<{ targetId: string }>('Target.createTarget', { url });
  for (const t of blank) await browser.cdp.send('Target.closeTarget', { targetId: t.targetId });
  return waitFor(async () => (await browser.targets()).find((t) => t.targetId === targetId), {
    message: `${browser.name}: the new tab never appeared`,
  });
}

/** The DevTools window of the (only) inspected tab, once it runs the extension's devtools page. */
export async function devtoolsWindow(browser: BenchBrowser): Promise<TargetInfo> {
  const origin = browser.extensionOrigin;
  return waitFor(
    async () => {
      const targets = await browser.targets();
      const ready = !origin || targets.some((t) => t.url.startsWith(`${origin}/src/devtools/`));
      return ready ? targets.find((t) => t.url.startsWith('devtools://')) : undefined;
    },
    { timeout: 60_000, message: `${browser.name}: no DevTools window with the extension` },
  ).catch(async (error: Error) => {
    const seen = (await browser.targets()).map((t) => `${t.type} ${t.url.slice(0, 80)}`);
    throw new Error(`${error.message}; targets: ${seen.join(' | ')}`);
  });
}

/** Shows the AuthLens panel in the DevTools window and waits until its page is loaded. */
export async function showAuthLensPanel(browser: BenchBrowser): Promise<TargetInfo> {
  const window = await devtoolsWindow(browser);
  const session = await attach(browser.cdp, window.targetId);
  await waitFor(() => evaluate<boolean>(browser.cdp, session, SHOW_AUTHLENS), {
    timeout: 30_000,
    message: `${browser.name}: DevTools never registered the AuthLens panel`,
  });
  await browser.cdp.send('Target.detachFromTarget', { sessionId: session });
  const panelUrl = `${browser.extensionOrigin}/src/panel/index.html`;
  return waitFor(async () => (await browser.targets()).find((t) => t.url.startsWith(panelUrl)), {
    timeout: 30_000,
    message: `${browser.name}: the AuthLens panel never loaded`,
  });
}
