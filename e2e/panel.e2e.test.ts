// Guards the panel as a user meets it in the real DevTools, which component tests cannot: rows
// that never appear live, a detail that loses the explanation or the raw bytes, keyboard selection
// that does nothing inside the DevTools frame, and a hostile realm that turns into live HTML.
import type { Frame } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { closesAfterEach, useLab } from './fixtures.ts';
import { findParam, findScheme } from '../src/core/index.ts';
import { fetchFromPage, navigate, type ExtensionBrowser } from './chromium.ts';
import {
  openRecordingPanel,
  pathOf,
  readRows,
  rowLocator,
  rowsUntil,
  watchDialogs,
  type RowView,
} from './panel-driver.ts';

const lab = useLab();
const browsers = closesAfterEach<ExtensionBrowser>();
const keep = (ext: ExtensionBrowser) => void browsers.use(ext);

const host = () => new URL(lab.url).host;
/** Catalogue prose as the panel shows it: `code` spans lose their backticks. */
const prose = (text: string) => text.replaceAll('`', '');
const squash = (text: string | null) => (text ?? '').replace(/\s+/g, ' ').trim();

function rowFor(rows: RowView[], path: string): RowView {
  const row = rows.find((r) => pathOf(r, host()) === path);
  if (!row) throw new Error(`no row for ${path} in ${JSON.stringify(rows.map((r) => r.name))}`);
  return row;
}

async function select(panel: Frame, rows: RowView[], path: string): Promise<void> {
  const row = rowFor(rows, path);
  await rowLocator(panel, row.id).click();
  await expect.poll(() => rowLocator(panel, row.id).getAttribute('aria-selected')).toBe('true');
  await expect
    .poll(async () => squash(await panel.locator('[data-testid=exchange-detail] h2').textContent()))
    .toBe(`GET ${lab.url}${path}`);
}

const heading = async (panel: Frame) =>
  squash(await panel.locator('[data-testid=exchange-detail] h2').textContent());

describe('AuthLens panel in the real DevTools', () => {
  it('lists challenges live, explains the selected one, and filters', async () => {
    const { ext, panel } = await openRecordingPanel(lab.url, keep);
    const page = ext.page;
    const expected: Array<{ path: string; status: string; schemes: string[] }> = [];
    const expectLive = async (path: string, status: string, schemes: string[]) => {
      expected.push({ path, status, schemes });
      const rows = await rowsUntil(
        panel,
        (r) => r.length === expected.length && r.every((x) => x.outcome !== 'pending'),
        `row ${expected.length} (${path}) shown live`,
      );
      expect(
        rows.map((r) => ({ path: pathOf(r, host()), status: r.status, schemes: r.schemes })),
      ).toEqual(expected);
      expect(rows.every((r) => r.method === 'GET' && r.host === host())).toBe(true);
    };

    // Navigation: Chrome meets the challenge itself (the tab ends on chrome-error).
    await navigate(page, `${lab.url}/basic`);
    await expectLive('/basic', '401', ['Basic']);
    await navigate(page, `${lab.url}/`);
    // fetch: the page sees the 401.
    expect((await fetchFromPage(page, `${lab.url}/digest`)).status).toBe(401);
    await expectLive('/digest', '401', ['Digest']);
    const bearer = await fetchFromPage(page, `${lab.url}/bearer/scoped`, {
      headers: { Authorization: 'Bearer lab-token-read' },
    });
    expect(bearer.status).toBe(403);
    await expectLive('/bearer/scoped', '403', ['Bearer']);
    await fetchFromPage(page, `${lab.url}/multi-line`);
    await expectLive('/multi-line', '401', ['Newauth', 'Bearer', 'Basic']);
    await expect
      .poll(async () => squash(await panel.getByTestId('status-counts').textContent()))
      .toBe('4 exchanges');

    // Click: the Basic challenge, explained from the catalogue, its raw line kept verbatim.
    let rows = await readRows(panel);
    await select(panel, rows, '/basic');
    expect((await readRows(panel)).filter((r) => r.selected).map((r) => r.id)).toEqual([
      rowFor(rows, '/basic').id,
    ]);
    const detail = panel.getByTestId('exchange-detail');
    const card = detail.locator('[data-testid=challenge][data-scheme=Basic]');
    await expect.poll(() => card.count()).toBe(1);
    expect(await card.getAttribute('aria-label')).toBe('Basic challenge');
    expect(squash(await card.locator('h4').textContent())).toBe('Basic');
    const basic = findScheme('Basic')!;
    expect(squash(await card.textContent())).toContain(squash(prose(basic.summary)));
    const realm = card.locator('tr[data-param=realm]');
    expect(await realm.getAttribute('data-known')).toBe('true');
    expect(squash(await realm.locator('td').first().textContent())).toBe('"lab"');
    const realmInfo = findParam('Basic', 'realm', 'challenge')!;
    expect(squash(await realm.textContent())).toContain(squash(prose(realmInfo.meaning)));
    const charset = card.locator('tr[data-param=charset]');
    expect(await charset.getAttribute('data-known')).toBe('true');
    expect(squash(await charset.locator('td').first().textContent())).toBe('"UTF-8"');
    const charsetInfo = findParam('Basic', 'charset', 'challenge')!;
    expect(squash(await charset.textContent())).toContain(squash(prose(charsetInfo.meaning)));
    expect(await card.locator('tr[data-missing=true]').count()).toBe(0);

    const raw = detail.locator('[data-testid=raw-header][data-field=WWW-Authenticate]');
    expect(await raw.locator('[data-testid=raw-line]').allTextContents()).toEqual([
      'WWW-Authenticate: Basic realm="lab", charset="UTF-8"',
    ]);
    const parts = (kind: string) => raw.locator(`span[data-part=${kind}]`).allTextContents();
    expect(await parts('scheme')).toEqual(['Basic']);
    expect(await parts('name')).toEqual(['realm', 'charset']);
    expect(await parts('value')).toEqual(['"lab"', '"UTF-8"']);
    expect(
      await detail
        .locator('[data-testid=timeline] li')
        .evaluateAll((l) => l.map((li) => li.getAttribute('data-label'))),
    ).toContain('challenge');
    expect(await detail.getByTestId('outcome').getAttribute('data-outcome')).toBe('challenged');

    // Keyboard: ↓ and ↑ move the selection and the detail follows; Enter moves into the detail.
    const list = panel.getByTestId('exchange-list');
    await list.press('ArrowDown');
    await expect.poll(() => heading(panel)).toBe(`GET ${lab.url}/digest`);
    expect(
      await detail
        .locator('[data-testid=challenge]')
        .evaluateAll((cards) => cards.map((c) => c.getAttribute('data-scheme'))),
    ).toEqual(['Digest', 'Digest']);
    await list.press('ArrowDown');
    await expect.poll(() => heading(panel)).toBe(`GET ${lab.url}/bearer/scoped`);
    await list.press('ArrowUp');
    await expect.poll(() => heading(panel)).toBe(`GET ${lab.url}/digest`);
    rows = await readRows(panel);
    expect(rows.filter((r) => r.selected).map((r) => pathOf(r, host()))).toEqual(['/digest']);
    await list.press('Enter');
    await expect
      .poll(() =>
        panel.evaluate(() => {
          const active = document.activeElement;
          return (
            active?.tagName === 'H2' && Boolean(active.closest('[data-testid=exchange-detail]'))
          );
        }),
      )
      .toBe(true);

    // Filter: scheme:digest keeps the Digest row, -status:401 keeps only the 403.
    const filter = panel.getByTestId('filter');
    await filter.fill('scheme:digest');
    await rowsUntil(
      panel,
      (r) => r.length === 1 && pathOf(r[0]!, host()) === '/digest',
      'scheme:digest shows only /digest',
    );
    expect(squash(await panel.getByTestId('status-counts').textContent())).toBe('1 / 4 exchanges');
    await filter.fill('-status:401');
    await rowsUntil(
      panel,
      (r) => r.length === 1 && pathOf(r[0]!, host()) === '/bearer/scoped',
      '-status:401 shows only the 403',
    );
    await filter.fill('');
    await rowsUntil(panel, (r) => r.length === 4, 'an empty filter shows all four again');
  });

  it('renders a hostile realm as text and runs nothing', async () => {
    const { ext, panel } = await openRecordingPanel(lab.url, keep);
    const dialogs = watchDialogs(ext.context);
    const scriptsBefore = await panelScripts(panel);
    const payload = '<img src=x onerror=alert(1)>';

    await navigate(ext.page, `${lab.url}/malformed/hostile`);
    const rows = await rowsUntil(
      panel,
      (r) => r.length === 1 && r[0]!.outcome !== 'pending',
      'hostile exchange listed',
    );
    await select(panel, rows, '/malformed/hostile');
    const card = panel.locator('[data-testid=challenge][data-scheme=Basic]');
    await expect.poll(() => card.count()).toBe(1);
    expect(squash(await card.locator('tr[data-param=realm] td').first().textContent())).toBe(
      `"${payload}"`,
    );
    expect(await panel.locator('[data-testid=raw-line]').allTextContents()).toEqual([
      `WWW-Authenticate: Basic realm="${payload}"`,
    ]);
    expect(await panel.locator('[data-testid=authlens-panel]').textContent()).toContain(payload);

    // Nothing the header said became an element, a request or a dialog.
    expect(await panel.evaluate(() => document.querySelectorAll('img').length)).toBe(0);
    expect(await panelScripts(panel)).toEqual(scriptsBefore);
    expect(await panel.evaluate(() => document.querySelectorAll('[onerror]').length)).toBe(0);
    expect(
      await panel.evaluate(() =>
        performance
          .getEntriesByType('resource')
          .map((e) => e.name)
          .filter((name) => new URL(name).pathname.endsWith('/x')),
      ),
    ).toEqual([]);
    expect(dialogs).toEqual([]);

    // Control: an alert from the panel frame does reach the watcher, so the check above can fail.
    await panel.evaluate(() => void setTimeout(() => alert('control'), 0));
    await expect.poll(() => dialogs).toEqual(['alert: control']);
  });

  it('flags a 401 without any challenge in the diagnostics', async () => {
    const { ext, panel } = await openRecordingPanel(lab.url, keep);
    await fetchFromPage(ext.page, `${lab.url}/no-challenge`);
    const rows = await rowsUntil(panel, (r) => r.length === 1, 'no-challenge listed');
    expect(rows[0]).toMatchObject({ status: '401', method: 'GET', schemes: [] });
    await select(panel, rows, '/no-challenge');
    const detail = panel.getByTestId('exchange-detail');
    const item = detail.locator('[data-testid=diagnostics] li[data-code="401-without-challenge"]');
    await expect.poll(() => item.count()).toBe(1);
    expect(['error', 'warning']).toContain(await item.getAttribute('data-severity'));
    expect(await detail.locator('[data-testid=challenge]').count()).toBe(0);
  });
});

/** The script elements of the panel document (the bundle's own), to compare before and after. */
function panelScripts(panel: Frame): Promise<string[]> {
  return panel.evaluate(() =>
    [...document.querySelectorAll('script')].map((s) => s.src || `inline:${s.textContent}`),
  );
}
