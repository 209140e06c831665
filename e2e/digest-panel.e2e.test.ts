// Guards issue 5's teaching flow end to end in the real DevTools panel: a student opens /digest,
// Chrome's own login prompt asks, they type alice / wonderland, Chrome retries with Digest and
// gets 200. The panel must show it as ONE exchange and explain the server's Authentication-Info.
import type { Frame } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { closesAfterEach, useLab } from './fixtures.ts';
import { findParam } from '../src/core/index.ts';
import { waitFor } from './chromium.ts';
import { connected, layOutPanel, readRows, rowLocator, rowsUntil } from './panel-driver.ts';
import { launchForPrompts, type PromptBrowser } from './prompt-browser.ts';

const lab = useLab();
const browsers = closesAfterEach<PromptBrowser>();

const squash = (text: string | null) => (text ?? '').replace(/\s+/g, ' ').trim();

/** The timeline of the selected exchange: [data-label, text] per step. */
function timeline(panel: Frame): Promise<Array<[string, string]>> {
  return panel
    .locator('[data-testid=exchange-detail] [data-testid=timeline] li')
    .evaluateAll((items) =>
      items.map((li): [string, string] => [
        li.getAttribute('data-label') ?? '',
        // The step's text, without its label and its time (the first and last spans).
        (li.children[1]?.textContent ?? '').replace(/\s+/g, ' ').trim(),
      ]),
    );
}

describe('Digest login through Chrome’s prompt, in the AuthLens panel', () => {
  it('shows challenge → prompt → Digest credentials → 200 with Authentication-Info explained', async () => {
    const b = browsers.use(await launchForPrompts({ inspect: `${lab.url}/` }));
    const panel = await b.openPanel();
    await connected(panel);
    // Roomy, so the list stays beside the detail while the story unfolds.
    await layOutPanel(panel, 'roomy');
    await panel.getByTestId('empty-state').waitFor();

    // Not page.goto: it would wait for a load that only comes after the prompt is answered.
    await b.page.bringToFront();
    await b.page.evaluate((url) => void (location.href = url), `${lab.url}/digest`);
    await rowsUntil(panel, (r) => r.length === 1, 'the challenge listed');
    const [row] = await readRows(panel);
    await rowLocator(panel, row!.id).click();
    await waitFor(async () => (await timeline(panel)).some(([label]) => label === 'prompt'), {
      timeout: 15_000,
      message: 'the panel shows that Chrome asked for credentials',
    });
    // The click went to DevTools; the prompt belongs to the inspected tab.
    await b.page.bringToFront();
    await b.answerPrompt('alice', 'wonderland');

    const rows = await rowsUntil(
      panel,
      (r) => r.length === 1 && r[0]!.outcome === 'authenticated',
      'one exchange, authenticated',
      30_000,
    );
    expect(rows[0]).toMatchObject({
      id: row!.id,
      status: '200',
      method: 'GET',
      schemes: ['Digest'],
    });
    const detail = panel.getByTestId('exchange-detail');
    await expect
      .poll(() => detail.getByTestId('outcome').getAttribute('data-outcome'))
      .toBe('authenticated');

    // challenge → prompt → credentials (Digest, added by the browser) → 200, in that order.
    const steps = await timeline(panel);
    const labels = steps.map(([label]) => label);
    const shown = JSON.stringify(steps, null, 1);
    const challenge = labels.indexOf('challenge');
    const prompt = labels.indexOf('prompt', challenge + 1);
    const credentials = labels.indexOf('credentials', prompt + 1);
    const success = steps.findIndex(
      ([label, text], i) =>
        i > credentials && label === 'response' && /^(HTTP\/\S+ )?200\b/.test(text),
    );
    expect(challenge, shown).toBeGreaterThanOrEqual(0);
    expect(prompt, shown).toBeGreaterThan(challenge);
    expect(credentials, shown).toBeGreaterThan(prompt);
    expect(success, shown).toBeGreaterThan(credentials);
    expect(steps[challenge]![1]).toMatch(/\b401\b.*challenges: Digest, Digest/);
    expect(steps[prompt]![1]).toMatch(/asked for digest credentials for realm "lab"/i);
    expect(steps[credentials]![1]).toMatch(/Authorization: Digest \(added by the browser/);
    expect(steps[success]![1]).toContain('Authentication-Info');
    expect(labels.filter((l) => l === 'prompt')).toHaveLength(1);

    // The Authentication-Info card, every parameter explained for Digest.
    const info = detail.getByTestId('auth-info');
    await expect.poll(() => info.count()).toBe(1);
    expect(squash(await info.locator('h4').textContent())).toBe('Authentication-Info');
    expect(squash(await info.textContent())).toContain('Digest');
    for (const name of ['nextnonce', 'qop', 'rspauth', 'cnonce', 'nc']) {
      const param = info.locator(`tr[data-param=${name}]`);
      expect(await param.count(), `${name} row`).toBe(1);
      expect(await param.getAttribute('data-known'), `${name} known`).toBe('true');
      const meaning = findParam('Digest', name, 'authentication-info')!.meaning;
      expect(squash(await param.textContent())).toContain(squash(meaning.replaceAll('`', '')));
    }
    expect(squash(await info.locator('tr[data-param=qop] td').first().textContent())).toBe('auth');
    expect(squash(await info.locator('tr[data-param=nc] td').first().textContent())).toMatch(
      /^[0-9a-f]{8}$/,
    );
    expect(
      await detail
        .locator('[data-testid=raw-header][data-field=Authentication-Info] [data-testid=raw-line]')
        .count(),
    ).toBe(1);
    expect(JSON.stringify(await panel.getByTestId('authlens-panel').textContent())).not.toContain(
      'wonderland',
    );
  });
});
