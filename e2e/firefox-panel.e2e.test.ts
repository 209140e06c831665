// Guards the open AuthLens panel in Firefox ESR's DevTools: it lists exchanges live, survives
// Firefox terminating the event page mid-session (it does so when the page is idle) by
// reconnecting on its own with nothing lost or doubled, and follows the DevTools theme
// (devtools.panels.themeName / onThemeChanged, Firefox's API for it).
import { describe, expect, it } from 'vitest';
import { closesAfterEach, useLab } from './fixtures.ts';
import { launchFirefox, waitForPanelTheme, type FirefoxBrowser } from './firefox.ts';
import { pathOf } from './panel-driver.ts';

const lab = useLab();
const browsers = closesAfterEach<FirefoxBrowser>();

describe('the AuthLens panel in Firefox ESR', () => {
  it('lists exchanges live and reconnects after the event page is terminated, nothing lost or doubled', async () => {
    const ff = browsers.use(await launchFirefox());
    await ff.navigate(`${lab.url}/`);
    const panel = await ff.openPanel();
    const host = new URL(lab.url).host;
    const connection = () =>
      panel.eval<{ state: string; text: string }>(
        `const el = document.querySelector('[data-testid=connection]');
         return { state: el.getAttribute('data-state'), text: el.textContent };`,
      );
    await panel.until(
      'return document.querySelector("[data-testid=connection][data-state=connected]");',
      'connected',
    );
    // Warm up, then clear through the panel, as a user would.
    await ff.fetchFromPage(`${lab.url}/no-challenge?warmup`);
    await panel.rowsUntil((r) => r.length > 0, 'the warm-up listed');
    await panel.eval(`document.querySelector('[data-testid=clear]').click();`);
    await panel.until('return document.querySelector("[data-testid=empty-state]");', 'cleared');

    const paths = async (count: number, message: string) =>
      (
        await panel.rowsUntil(
          (r) => r.length >= count && r.every((x) => x.outcome !== 'pending'),
          message,
        )
      ).map((r) => ({ id: r.id, path: pathOf(r, host) }));
    await ff.fetchFromPage(`${lab.url}/digest`);
    await ff.answerPrompts(['cancel']);
    await ff.navigate(`${lab.url}/basic`);
    const before = await paths(2, 'two exchanges listed live');
    expect(before.map((r) => r.path)).toEqual(['/digest', '/basic']);

    await panel.eval(
      `const el = document.querySelector('[data-testid=connection]');
       window.__states = [el.getAttribute('data-state')];
       new MutationObserver(() => window.__states.push(el.getAttribute('data-state')))
         .observe(el, { attributes: true, attributeFilter: ['data-state'] });`,
    );
    await ff.terminateBackground();

    await ff.navigate(`${lab.url}/`);
    await ff.fetchFromPage(`${lab.url}/multi-line?after-stop`);
    await ff.answerPrompts(['cancel']);
    await ff.navigate(`${lab.url}/sso/start`);

    const after = await paths(4, 'all four exchanges after the restart');
    expect(after.map((r) => r.path)).toEqual([
      '/digest',
      '/basic',
      '/multi-line?after-stop',
      '/sso/start',
    ]);
    expect(new Set(after.map((r) => r.id)).size).toBe(4);
    expect(after.slice(0, 2)).toEqual(before);
    await panel.until(
      'return document.querySelector("[data-testid=connection][data-state=connected]");',
      'connected again',
    );
    const states = await panel.eval<string[]>('return window.__states;');
    expect(states[0]).toBe('connected');
    expect(states).toContain('reconnecting');
    expect((await connection()).text).toMatch(/reconnected 1× after the background stopped/);
    expect(await ff.backgroundRunning()).toBe(true);
    expect(await ff.extensionErrors()).toEqual([]);
  });

  it('starts in the DevTools theme and follows a change', async () => {
    const ff = browsers.use(await launchFirefox());
    await ff.navigate(`${lab.url}/`);
    const panel = await ff.openPanel();
    await waitForPanelTheme(panel, 'light');
    await ff.setDevtoolsTheme('dark');
    await waitForPanelTheme(panel, 'dark');
    await ff.setDevtoolsTheme('light');
    await waitForPanelTheme(panel, 'light');
  });
});
