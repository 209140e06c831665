// Guards the panel against looking wrong in the DevTools a user actually has: it must start in
// DevTools' theme and follow a theme change while it is open (Chrome does not reload open panels).
import { expect, it } from 'vitest';
import { launchWithExtension, waitFor, type ExtensionBrowser } from './chromium.ts';
import { closesAfterEach } from './fixtures.ts';

const browsers = closesAfterEach<ExtensionBrowser>();

/** Sets DevTools' own theme setting, as choosing it in DevTools' settings does. */
function setDevtoolsTheme(devtools: import('playwright-core').Page, theme: 'dark' | 'default') {
  // A string, not a function: the test transform would rewrite a dynamic import() inside one.
  return devtools.evaluate(`(async () => {
    const Common = await import('./core/common/common.js');
    Common.Settings.Settings.instance().moduleSetting('ui-theme').set(${JSON.stringify(theme)});
  })()`);
}

it('follows the DevTools theme while the panel is open', async () => {
  const ext = browsers.use(await launchWithExtension({ devtools: true }));
  await ext.page.goto('about:blank');
  const panel = await ext.openPanel(ext.page);
  const root = panel.locator('[data-testid=authlens-panel]');
  await root.waitFor();
  expect(await root.getAttribute('data-theme')).toBe('light');

  await setDevtoolsTheme(panel.page(), 'dark');
  await waitFor(async () => (await root.getAttribute('data-theme')) === 'dark', {
    message: 'the panel did not turn dark',
  });
  await setDevtoolsTheme(panel.page(), 'default');
  await waitFor(async () => (await root.getAttribute('data-theme')) === 'light', {
    message: 'the panel did not turn light again',
  });
});
