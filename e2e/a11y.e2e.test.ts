// Guards the panel's accessibility where it really runs, inside the DevTools frame with the built
// CSS: a theme change that breaks contrast, unnamed controls, or a grid/tooltip with broken ARIA
// would pass every unit test. axe-core must report no serious or critical violation.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Frame } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { closesAfterEach, useLab } from './fixtures.ts';
import { fetchFromPage, type ExtensionBrowser } from './chromium.ts';
import { layOutPanel, openRecordingPanel, pathOf, rowLocator, rowsUntil } from './panel-driver.ts';

const AXE = path.resolve(
  fileURLToPath(new URL('../node_modules/axe-core/axe.min.js', import.meta.url)),
);

const lab = useLab();
const browsers = closesAfterEach<ExtensionBrowser>();

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown[]; failureSummary?: string }>;
}

/** Runs axe-core in the panel's document; returns the serious and critical violations. */
async function seriousViolations(panel: Frame): Promise<AxeViolation[]> {
  const loaded = await panel.evaluate(() => 'axe' in window);
  if (!loaded) {
    // The extension page's CSP (script-src 'self') blocks the inline <script> addScriptTag
    // makes; evaluating the same source over CDP is not subject to it.
    await panel
      .addScriptTag({ path: AXE })
      .catch(() => panel.evaluate(`${readFileSync(AXE, 'utf8')}\n;undefined`));
    expect(await panel.evaluate(() => 'axe' in window)).toBe(true);
  }
  const violations = await panel.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(c: Document, o: object): Promise<unknown> } })
      .axe;
    const result = (await axe.run(document, { resultTypes: ['violations'] })) as {
      violations: AxeViolation[];
    };
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
    }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

function report(where: string, violations: AxeViolation[]): string {
  return `${where}: ${violations.length} serious/critical axe violations\n${violations
    .map(
      (v) =>
        `- ${v.id} (${v.impact}): ${v.help}\n${v.nodes
          .slice(0, 8)
          .map((n) => `    ${JSON.stringify(n.target)}: ${n.failureSummary?.replace(/\n/g, ' ')}`)
          .join('\n')}`,
    )
    .join('\n')}`;
}

async function expectAccessible(panel: Frame, where: string): Promise<void> {
  const violations = await seriousViolations(panel);
  expect(violations, report(where, violations)).toEqual([]);
}

async function setTheme(panel: Frame, theme: 'light' | 'dark'): Promise<void> {
  await panel.getByTestId('settings').click();
  await panel.getByRole('combobox', { name: 'Theme' }).selectOption(theme);
  await panel.getByTestId('settings').click(); // closes the menu again
  await expect
    .poll(() => panel.getByTestId('authlens-panel').getAttribute('data-theme'))
    .toBe(theme);
}

describe('AuthLens panel accessibility (axe-core in the real DevTools)', () => {
  it('has no serious or critical violation, empty or with a selected exchange, light and dark', async () => {
    const { ext, panel } = await openRecordingPanel(lab.url, (e) => void browsers.use(e));
    const host = new URL(lab.url).host;

    await setTheme(panel, 'light');
    await panel.getByTestId('empty-state').waitFor();
    await expectAccessible(panel, 'empty state, light');

    for (const p of ['/digest', '/multi-one-line', '/malformed/duplicate-realm', '/no-challenge']) {
      await fetchFromPage(ext.page, `${lab.url}${p}`);
    }
    const rows = await rowsUntil(
      panel,
      (r) => r.length === 4 && r.every((x) => x.outcome !== 'pending'),
      'four exchanges',
    );
    const target = rows.find((r) => pathOf(r, host) === '/multi-one-line')!;
    await rowLocator(panel, target.id).click();
    const detail = panel.getByTestId('exchange-detail');
    await expect.poll(() => detail.locator('[data-testid=challenge]').count()).toBe(3);
    await expect
      .poll(() => detail.locator('[data-testid=diagnostics] li').count())
      .toBeGreaterThan(0);
    // Show a diagnostic's tooltip too: it is part of what a keyboard user meets.
    await detail.locator('mark[data-codes]').first().focus();
    await detail.getByTestId('raw-tooltip').waitFor();
    await expectAccessible(panel, 'selected /multi-one-line, light');

    await setTheme(panel, 'dark');
    await detail.locator('mark[data-codes]').first().focus();
    await detail.getByTestId('raw-tooltip').waitFor();
    await expectAccessible(panel, 'selected /multi-one-line, dark');

    // Docked beside the page: the list alone, then the detail in its place with its way back.
    await layOutPanel(panel, 'docked-right');
    await expectAccessible(panel, 'docked beside the page, the list, dark');
    await rowLocator(panel, target.id).click();
    await panel.getByTestId('back-to-list').waitFor();
    await expectAccessible(panel, 'docked beside the page, the detail, dark');
    await panel.getByTestId('back-to-list').click();

    await panel.getByTestId('clear').click();
    await panel.getByTestId('empty-state').waitFor();
    await expectAccessible(panel, 'empty state, dark');

    // Control: the check does see a violation in this frame (an unnamed button is critical).
    await panel.evaluate(() => document.body.append(document.createElement('button')));
    expect((await seriousViolations(panel)).map((v) => v.id)).toContain('button-name');
  });
});
