// Guards issue 11's "the panel fits where it is put", in the real DevTools at the sizes people use:
// docked beside the page (~450 px) the list alone, its columns whole and the Name cell leading
// with the path, the detail replacing it until the user goes back; docked at the bottom
// (~1400×300) and undocked (~1280×800) list and detail side by side, no column cut.
import type { Frame } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { fetchFromPage, type ExtensionBrowser } from './chromium.ts';
import { closesAfterEach, useLab } from './fixtures.ts';
import {
  layOutPanel,
  openRecordingPanel,
  panelSize,
  rowLocator,
  rowsUntil,
  type RowView,
} from './panel-driver.ts';

const lab = useLab();
const browsers = closesAfterEach<ExtensionBrowser>();
const keep = (ext: ExtensionBrowser) => void browsers.use(ext);

const PATHS = ['/basic', '/multi-one-line', '/malformed/missing-comma', '/bearer/scoped'];

async function record(ext: ExtensionBrowser, panel: Frame): Promise<RowView[]> {
  for (const path of PATHS) await fetchFromPage(ext.page, `${lab.url}${path}`);
  return rowsUntil(
    panel,
    (r) => r.length === PATHS.length && r.every((x) => x.outcome !== 'pending'),
    'the exchanges listed',
  );
}

/** Header cells on screen whose text does not fit, and rows whose path or schemes are cut. */
function cutCells(panel: Frame): Promise<string[]> {
  return panel.evaluate(() => {
    const cut: string[] = [];
    const shown = (el: Element) => getComputedStyle(el).display !== 'none';
    for (const h of document.querySelectorAll<HTMLElement>('[role=columnheader]')) {
      if (shown(h) && h.scrollWidth > h.clientWidth) cut.push(`header ${h.textContent}`);
    }
    for (const row of document.querySelectorAll<HTMLElement>('[data-testid=exchange-row]')) {
      const cells = [...row.querySelectorAll<HTMLElement>('[role=gridcell]')];
      const name = cells[2]!;
      const path = row.querySelector<HTMLElement>('[data-testid=row-path]')!;
      // The path is what tells rows apart: all of it inside the Name cell.
      if (path.getBoundingClientRect().right > name.getBoundingClientRect().right + 0.5) {
        cut.push(`path ${path.textContent}`);
      }
      const schemes = cells[3]!;
      if (schemes.scrollWidth > schemes.clientWidth) cut.push(`schemes ${schemes.textContent}`);
    }
    return cut;
  });
}

describe('the panel where DevTools puts it (issue 11)', () => {
  it('docked beside the page (~450 px): the list alone, whole; the detail in its place, and back', async () => {
    const { ext, panel } = await openRecordingPanel(lab.url, keep, { layout: 'docked-right' });
    const size = await panelSize(panel);
    expect(size.width).toBeGreaterThanOrEqual(430);
    expect(size.width).toBeLessThanOrEqual(470);
    const rows = await record(ext, panel);
    expect(rows.map((r) => r.path)).toEqual(PATHS);
    expect(rows.every((r) => r.host === new URL(lab.url).host)).toBe(true);
    expect(await cutCells(panel)).toEqual([]);
    const headers = await panel
      .locator('[role=columnheader]')
      .evaluateAll((hs) =>
        hs.filter((h) => getComputedStyle(h).display !== 'none').map((h) => h.textContent),
      );
    expect(headers).toEqual(['Status', 'Name', 'Schemes', 'Diagnostics']);

    // A click opens the detail in the list's place, focused on its heading.
    const target = rows.find((r) => r.path === '/multi-one-line')!;
    await rowLocator(panel, target.id).click();
    const heading = panel.locator('[data-testid=exchange-detail] h2');
    await heading.waitFor();
    expect(await panel.getByTestId('exchange-list').count()).toBe(0);
    await expect.poll(() => heading.evaluate((h) => h === document.activeElement)).toBe(true);
    const back = panel.getByTestId('back-to-list');
    expect(await back.isVisible()).toBe(true);
    // Nothing of the detail is wider than the panel.
    expect(await panel.evaluate(() => document.scrollingElement!.scrollWidth <= innerWidth)).toBe(
      true,
    );

    // Esc goes back, to the same row; Enter comes here again; the button goes back too.
    await panel.page().keyboard.press('Escape');
    await panel.getByTestId('exchange-list').waitFor();
    // The Esc was the panel's: DevTools did not open its console drawer with it.
    expect(await panel.page().evaluate(() => document.activeElement?.tagName ?? '')).not.toMatch(
      /TEXT-EDITOR/i,
    );
    expect(await panel.getByTestId('exchange-detail').count()).toBe(0);
    expect(await rowLocator(panel, target.id).getAttribute('aria-selected')).toBe('true');
    await expect
      .poll(() => panel.getByTestId('exchange-list').evaluate((g) => g === document.activeElement))
      .toBe(true);
    await panel.page().keyboard.press('ArrowDown');
    await panel.page().keyboard.press('Enter');
    await heading.waitFor();
    expect(await heading.textContent()).toContain('/malformed/missing-comma');
    await back.click();
    await panel.getByTestId('exchange-list').waitFor();
  });

  it('docked at the bottom (~1400×300) and undocked (~1280×800): list and detail side by side, nothing cut', async () => {
    const { ext, panel } = await openRecordingPanel(lab.url, keep, { layout: 'docked-bottom' });
    const rows = await record(ext, panel);
    for (const layout of ['docked-bottom', 'undocked'] as const) {
      const size = await layOutPanel(panel, layout);
      if (layout === 'docked-bottom') {
        expect(size.width).toBe(1400);
        expect(size.height).toBeLessThanOrEqual(300);
      } else {
        expect(size.width).toBe(1280);
        expect(size.height).toBeGreaterThan(700);
      }
      await rowLocator(panel, rows[2]!.id).click();
      await panel.locator('[data-testid=exchange-detail] h2').waitFor();
      expect(await panel.getByTestId('exchange-list').isVisible(), layout).toBe(true);
      expect(await panel.getByTestId('splitter').isVisible(), layout).toBe(true);
      expect(await panel.getByTestId('back-to-list').count(), layout).toBe(0);
      expect(await cutCells(panel), layout).toEqual([]);
    }
  });
});
