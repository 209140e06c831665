// Guards the panel against Chrome stopping the MV3 service worker under it (it does so after 30 s
// idle): an open panel whose port died must reconnect by itself, say so, and show every exchange
// recorded before and after the restart, none lost and none twice.
import type { Frame } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { closesAfterEach, useLab } from './fixtures.ts';
import { fetchFromPage, navigate, type ExtensionBrowser } from './chromium.ts';
import { connected, openRecordingPanel, pathOf, rowsUntil } from './panel-driver.ts';

const lab = useLab();
const browsers = closesAfterEach<ExtensionBrowser>();

type Marked = { __authlensE2eInstance?: string };

/** Records every data-state the connection indicator takes, from now on. */
async function recordConnectionStates(panel: Frame): Promise<() => Promise<string[]>> {
  await panel.evaluate(() => {
    const w = window as unknown as { __states: string[] };
    const el = document.querySelector('[data-testid=connection]')!;
    w.__states = [el.getAttribute('data-state') ?? ''];
    new MutationObserver(() => w.__states.push(el.getAttribute('data-state') ?? '')).observe(el, {
      attributes: true,
      attributeFilter: ['data-state'],
    });
  });
  return () => panel.evaluate(() => (window as unknown as { __states: string[] }).__states);
}

describe('AuthLens panel when the service worker stops', () => {
  it('reconnects by itself and shows old and new exchanges once each', async () => {
    const { ext, panel } = await openRecordingPanel(lab.url, (e) => void browsers.use(e));
    const host = new URL(lab.url).host;
    const paths = async (expected: number, message: string) =>
      (
        await rowsUntil(
          panel,
          (r) => r.length >= expected && r.every((x) => x.outcome !== 'pending'),
          message,
        )
      ).map((r) => ({ id: r.id, path: pathOf(r, host) }));

    await fetchFromPage(ext.page, `${lab.url}/digest`);
    await navigate(ext.page, `${lab.url}/basic`); // leaves the tab on chrome-error://
    const before = await paths(2, 'two exchanges before the stop');
    expect(before.map((r) => r.path)).toEqual(['/digest', '/basic']);

    // Tag the running worker, so the test knows a new instance answered afterwards.
    await ext.serviceWorkerEval(() => {
      (globalThis as unknown as Marked).__authlensE2eInstance = 'before-stop';
    });
    const states = await recordConnectionStates(panel);
    await ext.stopServiceWorker();

    // Chrome's error page cannot fetch from the lab: back to the index first.
    await navigate(ext.page, `${lab.url}/`);
    await fetchFromPage(ext.page, `${lab.url}/multi-line?after-stop`);
    await navigate(ext.page, `${lab.url}/sso/start`);

    await connected(panel);
    const seen = await states();
    expect(seen[0]).toBe('connected');
    expect(seen).toContain('reconnecting');
    expect(seen.at(-1)).toBe('connected');
    expect(
      await ext.serviceWorkerEval(
        () => (globalThis as unknown as Marked).__authlensE2eInstance ?? null,
      ),
    ).toBeNull();
    expect(await panel.getByTestId('connection').textContent()).toMatch(/reconnected 1×/);
    const notice = panel.getByTestId('notice');
    expect(['reconnected', 'worker-restarted']).toContain(await notice.getAttribute('data-code'));
    expect(await notice.textContent()).toMatch(/stopped|restart/i);

    const after = await paths(4, 'all four exchanges after the restart');
    expect(after.map((r) => r.path)).toEqual([
      '/digest',
      '/basic',
      '/multi-line?after-stop',
      '/sso/start',
    ]);
    expect(new Set(after.map((r) => r.id)).size).toBe(4);
    expect(after.slice(0, 2)).toEqual(before);
    expect(await panel.getByTestId('status-counts').textContent()).toBe('4 exchanges');
  });
});
