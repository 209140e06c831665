// Guards issue 6's expectation rules in the real DevTools panel: rules typed into the form that
// never reach storage.local (gone when the panel reloads), violations missing from the list, the
// detail or has:violation, a bad rules file that half-applies, and an export that does not round-trip.
import { readFileSync } from 'node:fs';
import type { Frame, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { closesAfterEach, useLab } from './fixtures.ts';
import { validateRules } from '../src/core/index.ts';
import { fetchFromPage, waitFor, type ExtensionBrowser } from './chromium.ts';
import {
  connected,
  openRecordingPanel,
  pathOf,
  readRows,
  rowLocator,
  rowsUntil,
  type RowView,
} from './panel-driver.ts';

const lab = useLab();
const browsers = closesAfterEach<ExtensionBrowser>();
const keep = (ext: ExtensionBrowser) => void browsers.use(ext);

const RULES_KEY = 'authlens.expectations';
const BEARER_MATCH = 'http://127.0.0.1:*/bearer/**';
/** The document the form must write: the versioned schema of src/cli/README.md. */
const EXPECTED_DOCUMENT = {
  authlens: 'expectations',
  version: 1,
  rules: [
    {
      name: 'Lab Bearer',
      match: BEARER_MATCH,
      schemes: ['Bearer'],
      params: { realm: 'lab', resource_metadata: true },
    },
    { name: 'No Basic over http', match: '*', forbid: ['Basic over http'] },
  ],
};
const BEARER_MESSAGE =
  `Expectation rules[0] "Lab Bearer" (${BEARER_MATCH}): ` +
  'the Bearer challenge has no "resource_metadata" parameter.';
const BASIC_MESSAGE =
  'Expectation rules[1] "No Basic over http" (*): ' +
  'Basic is forbidden over plain http, but the response offers it.';
const PATHS = ['/bearer', '/bearer/metadata', '/basic', '/digest'];

const host = () => new URL(lab.url).host;
const squash = (text: string | null) => (text ?? '').replace(/\s+/g, ' ').trim();

type ExtensionGlobal = {
  chrome: {
    storage: {
      local: { get(key: string): Promise<Record<string, unknown>> };
      session: { get(key: null): Promise<Record<string, unknown>> };
    };
  };
};

/** What storage.local holds under the panel's rules key (undefined when never saved). */
function storedRules(ext: ExtensionBrowser): Promise<unknown> {
  return ext.serviceWorkerEval(async (key) => {
    const chrome = (globalThis as unknown as ExtensionGlobal).chrome;
    return (await chrome.storage.local.get(key))[key];
  }, RULES_KEY);
}

function rowFor(rows: RowView[], path: string): RowView {
  const row = rows.find((r) => pathOf(r, host()) === path);
  if (!row) throw new Error(`no row for ${path} in ${JSON.stringify(rows.map((r) => r.name))}`);
  return row;
}

/** path → the error count the row's Diagnostics cell shows (0 when it shows none). */
async function errorCounts(panel: Frame): Promise<Record<string, number>> {
  const counts = await panel.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('[data-testid=exchange-row]')].map((row) => {
      const cell = row.querySelectorAll('[role=gridcell]')[4];
      const errors = cell?.querySelector('[data-severity=error]')?.textContent ?? '0';
      return [row.dataset.id ?? '', Number(errors)] as const;
    }),
  );
  const rows = await readRows(panel);
  return Object.fromEntries(
    counts.map(([id, n]) => [
      pathOf(
        rows.find((r) => r.id === id)!,
        host(),
      ),
      n,
    ]),
  );
}

async function select(panel: Frame, path: string): Promise<void> {
  const row = rowFor(await readRows(panel), path);
  await rowLocator(panel, row.id).click();
  await expect
    .poll(async () => squash(await panel.locator('[data-testid=exchange-detail] h2').textContent()))
    .toBe(`GET ${lab.url}${path}`);
}

/** The expectation-failed items of the selected exchange: [rule, message, rule label]. */
function violationsShown(panel: Frame): Promise<Array<[string, string, string]>> {
  return panel
    .locator('[data-testid=diagnostics] li[data-code=expectation-failed]')
    .evaluateAll((items) =>
      items.map((li): [string, string, string] => [
        li.getAttribute('data-rule') ?? '',
        (li.children[1]?.textContent ?? '').replace(/\s+/g, ' ').trim(),
        // The label's own text, without its "Edit rule" button.
        [...(li.querySelector('[data-testid=violation-rule]')?.childNodes ?? [])]
          .filter((n) => n.nodeType === Node.TEXT_NODE)
          .map((n) => n.textContent)
          .join(''),
      ]),
    );
}

function marked(panel: Frame): Promise<string[]> {
  return panel
    .locator('[data-testid=raw-header] mark[data-codes~=expectation-failed]')
    .allTextContents();
}

async function shownPaths(panel: Frame): Promise<string[]> {
  return (await readRows(panel)).map((r) => pathOf(r, host()));
}

async function filterShows(panel: Frame, filter: string, paths: string[]): Promise<void> {
  await panel.getByTestId('filter').fill(filter);
  await expect.poll(() => shownPaths(panel), { message: `filter ${filter}` }).toEqual(paths);
}

async function badge(panel: Frame): Promise<{ count: string | null; violations: string | null }> {
  const b = panel.getByTestId('rules-badge');
  if ((await b.count()) === 0) return { count: null, violations: null };
  return {
    count: await b.getAttribute('data-count'),
    violations: await b.getAttribute('data-violations'),
  };
}

function editor(panel: Frame) {
  return panel.getByRole('dialog', { name: 'Expectation rules' });
}

async function ruleRows(panel: Frame): Promise<string[]> {
  return (await editor(panel).getByTestId('rule-row').allTextContents()).map(squash);
}

/** Reloads the panel's page in DevTools and returns its frame once the new document is live. */
async function reloadPanel(devtools: Page, panel: Frame): Promise<Frame> {
  const url = panel.url();
  await panel.evaluate(() => {
    (globalThis as Record<string, unknown>).__authlensBeforeReload = true;
    setTimeout(() => location.reload(), 0);
  });
  const fresh = await waitFor(
    async () => {
      for (const frame of devtools.frames()) {
        if (frame.isDetached() || frame.url() !== url) continue;
        const reloaded = await frame
          .evaluate(
            () =>
              !(globalThis as Record<string, unknown>).__authlensBeforeReload &&
              document.querySelector('[data-testid=authlens-panel]') !== null,
          )
          .catch(() => false);
        if (reloaded) return frame;
      }
      return null;
    },
    { timeout: 20_000, message: 'the panel frame came back after the reload' },
  );
  await connected(fresh);
  return fresh;
}

describe('Expectation rules in the real DevTools panel (issue 6)', () => {
  it('checks exchanges against rules made in the form, keeps them, imports and exports them', async () => {
    const { ext, panel: firstPanel } = await openRecordingPanel(lab.url, keep);
    let panel = firstPanel;
    const devtools = panel.page();

    // The lab answers each path without credentials: Bearer without and with resource_metadata,
    // Basic and Digest, all over plain http.
    for (const path of PATHS) {
      expect((await fetchFromPage(ext.page, `${lab.url}${path}`)).status, path).toBe(401);
    }
    await rowsUntil(
      panel,
      (r) => r.length === PATHS.length && r.every((x) => x.outcome === 'challenged'),
      'the four challenges listed',
    );
    expect(await shownPaths(panel)).toEqual(PATHS);
    const baseline = await errorCounts(panel);
    // No rules: no badge, and has:violation matches nothing.
    expect(await badge(panel)).toEqual({ count: null, violations: null });
    await filterShows(panel, 'has:violation', []);
    await filterShows(panel, '', PATHS);
    expect(await storedRules(ext)).toBeUndefined();

    // Settings → Expectation rules…: an empty editor.
    await panel.getByTestId('settings').click();
    await panel.getByTestId('edit-rules').click();
    const dialog = editor(panel);
    await dialog.waitFor();
    expect(await dialog.getAttribute('data-testid')).toBe('rules-editor');
    await dialog.getByTestId('no-rules').waitFor();

    // Rule 1, first with a URL pattern that is no pattern: the form names the field, saves nothing.
    await dialog.getByTestId('rule-add').click();
    let form = dialog.getByRole('form', { name: 'New rule' });
    await form.waitFor();
    await form.getByLabel('Name', { exact: true }).fill('Lab Bearer');
    await form.getByLabel('URL pattern').fill('127.0.0.1/bearer/**');
    await form.getByLabel('Expected schemes').fill('Bearer');
    await form.getByTestId('rule-save').click();
    const matchError = form.locator('[data-testid=field-error][data-part=match]');
    await matchError.waitFor();
    expect(squash(await matchError.textContent())).toMatch(
      /^rules\[0\]\.match: "127\.0\.0\.1\/bearer\/\*\*"/,
    );
    expect(await form.getByLabel('URL pattern').getAttribute('aria-invalid')).toBe('true');
    expect(squash(await form.getByTestId('rule-errors').textContent())).toBe(
      'One problem: the rule was not saved.',
    );
    expect(await dialog.getByTestId('rule-row').count()).toBe(0);
    expect(await storedRules(ext)).toBeUndefined();

    // Fixed, with realm="lab" and resource_metadata present.
    await form.getByLabel('URL pattern').fill(BEARER_MATCH);
    await form.getByTestId('param-add').click();
    await form.getByLabel('Parameter 1 name').fill('realm');
    await form.getByLabel('Parameter 1 expectation').selectOption('equals');
    await form.getByLabel('Parameter 1 value').fill('lab');
    await form.getByTestId('param-add').click();
    await form.getByLabel('Parameter 2 name').fill('resource_metadata');
    await form.getByLabel('Parameter 2 expectation').selectOption('present');
    expect(await form.getByLabel('Parameter 2 value').count()).toBe(0);
    await form.getByTestId('rule-save').click();
    await expect.poll(() => ruleRows(panel)).toHaveLength(1);

    // Rule 2: every URL, never Basic over plain http.
    await dialog.getByTestId('rule-add').click();
    form = dialog.getByRole('form', { name: 'New rule' });
    await form.getByLabel('Name', { exact: true }).fill('No Basic over http');
    await form.getByLabel('URL pattern').fill('*');
    await form.getByTestId('forbid-basic-http').click();
    expect(await form.getByLabel('Forbidden scheme 1', { exact: true }).inputValue()).toBe('Basic');
    expect(await form.getByLabel('Forbidden scheme 1 only over plain http').isChecked()).toBe(true);
    await form.getByTestId('rule-save').click();
    await expect.poll(() => ruleRows(panel)).toHaveLength(2);
    const rowsText = await ruleRows(panel);
    expect(rowsText[0]).toContain(`rules[0] Lab Bearer ${BEARER_MATCH}`);
    expect(rowsText[0]).toContain('offers Bearer · realm="lab" · has resource_metadata');
    expect(rowsText[1]).toContain('rules[1] No Basic over http *');
    expect(rowsText[1]).toContain('never Basic over http');
    await expect.poll(() => storedRules(ext)).toEqual(EXPECTED_DOCUMENT);
    await dialog.getByTestId('rules-close').click();
    await dialog.waitFor({ state: 'detached' });

    // The list: the badge counts two exchanges with violations; each of those rows has one more
    // error than before the rules, the others none more.
    const withViolations = {
      ...baseline,
      '/bearer': baseline['/bearer']! + 1,
      '/basic': baseline['/basic']! + 1,
    };
    await expect.poll(() => badge(panel)).toEqual({ count: '2', violations: '2' });
    await expect.poll(() => errorCounts(panel)).toEqual(withViolations);

    // The detail: the violation with its rule, marked on the scheme in the raw view; none where
    // the rule holds.
    await select(panel, '/bearer');
    await expect.poll(() => violationsShown(panel)).toEqual([['0', BEARER_MESSAGE, 'rules[0]']]);
    expect(await marked(panel)).toEqual(['Bearer']);
    await select(panel, '/basic');
    await expect.poll(() => violationsShown(panel)).toEqual([['1', BASIC_MESSAGE, 'rules[1]']]);
    expect(await marked(panel)).toEqual(['Basic']);
    for (const path of ['/bearer/metadata', '/digest']) {
      await select(panel, path);
      await panel
        .locator('[data-testid=exchange-detail] [data-testid=challenge]')
        .first()
        .waitFor();
      expect(await violationsShown(panel), path).toEqual([]);
      expect(await marked(panel), path).toEqual([]);
    }

    // The filter.
    await filterShows(panel, 'has:violation', ['/bearer', '/basic']);
    await filterShows(panel, '-has:violation', ['/bearer/metadata', '/digest']);
    await filterShows(panel, '', PATHS);

    // Reload the panel: the rules come back from storage.local and apply at once, to the
    // recorded exchanges and to new ones.
    panel = await reloadPanel(devtools, panel);
    await expect.poll(() => badge(panel)).toEqual({ count: '2', violations: '2' });
    await expect.poll(() => errorCounts(panel)).toEqual(withViolations);
    expect((await fetchFromPage(ext.page, `${lab.url}/bearer`)).status).toBe(401);
    await rowsUntil(panel, (r) => r.length === PATHS.length + 1, 'the new /bearer listed');
    await expect.poll(() => badge(panel)).toEqual({ count: '2', violations: '3' });
    await filterShows(panel, 'has:violation', ['/bearer', '/basic', '/bearer']);
    await filterShows(panel, '', [...PATHS, '/bearer']);

    // The badge opens the editor with both rules.
    await panel.getByTestId('rules-badge').click();
    await editor(panel).waitFor();
    expect(await ruleRows(panel)).toEqual(rowsText);

    // An invalid file: one message naming each rule and field; nothing changes.
    const bad = {
      authlens: 'expectations',
      version: 1,
      rules: [
        { match: '*', forbid: ['Digest'] },
        { match: 'staging.example.com/api', schemes: ['Bearer'] },
        { match: 'https://staging.example.com/*', scheme: ['Bearer'] },
      ],
    };
    await editor(panel)
      .getByTestId('rules-import-input')
      .setInputFiles({
        name: 'bad-rules.json',
        mimeType: 'application/json',
        buffer: Buffer.from(JSON.stringify(bad)),
      });
    const alert = editor(panel).getByRole('alert');
    await alert.waitFor();
    expect(await alert.getAttribute('data-testid')).toBe('rules-error');
    expect(squash(await alert.locator('p').textContent())).toBe(
      'bad-rules.json is not a valid rules file (2 problems); nothing changed.',
    );
    const items = await alert
      .getByTestId('rules-error-item')
      .evaluateAll((lis) =>
        lis.map((li) => [
          li.getAttribute('data-rule'),
          li.getAttribute('data-field'),
          (li.textContent ?? '').trim(),
        ]),
      );
    expect(items).toHaveLength(2);
    expect(items[0]!.slice(0, 2)).toEqual(['1', 'match']);
    expect(items[0]![2]).toMatch(/^rules\[1\]\.match: "staging\.example\.com\/api" /);
    expect(items[1]!.slice(0, 2)).toEqual(['2', 'scheme']);
    expect(items[1]![2]).toMatch(
      /^rules\[2\]\.scheme: is not a known field \(did you mean "schemes"\?\)/,
    );
    expect(await ruleRows(panel)).toEqual(rowsText);
    expect(await storedRules(ext)).toEqual(EXPECTED_DOCUMENT);
    expect(await badge(panel)).toEqual({ count: '2', violations: '3' });

    // Export: the documented, versioned file, exactly the stored rules.
    const [download] = await Promise.all([
      devtools.waitForEvent('download', { timeout: 15_000 }),
      editor(panel).getByTestId('rules-export').click(),
    ]);
    expect(download.suggestedFilename()).toBe('authlens-expectations.json');
    const exportedText = readFileSync(await download.path(), 'utf8');
    const exported = JSON.parse(exportedText) as unknown;
    expect(exported).toEqual(EXPECTED_DOCUMENT);
    expect('rules' in validateRules(exported)).toBe(true);

    // Delete both rules: no badge, no violation anywhere, storage empty.
    await editor(panel).getByRole('button', { name: 'Delete rule 2' }).click();
    await editor(panel).getByRole('button', { name: 'Delete rule 1' }).click();
    await editor(panel).getByTestId('no-rules').waitFor();
    await expect.poll(() => storedRules(ext)).toEqual({ ...EXPECTED_DOCUMENT, rules: [] });
    await expect.poll(() => badge(panel)).toEqual({ count: null, violations: null });
    await expect.poll(() => errorCounts(panel)).toEqual({ ...baseline });

    // Import the exported file: the same rules, stored, applied again.
    await editor(panel)
      .getByTestId('rules-import-input')
      .setInputFiles({
        name: 'authlens-expectations.json',
        mimeType: 'application/json',
        buffer: Buffer.from(exportedText),
      });
    await expect.poll(() => ruleRows(panel)).toEqual(rowsText);
    expect(await editor(panel).getByTestId('rules-error').count()).toBe(0);
    await expect.poll(() => storedRules(ext)).toEqual(EXPECTED_DOCUMENT);
    await editor(panel).getByTestId('rules-close').click();
    await expect.poll(() => badge(panel)).toEqual({ count: '2', violations: '3' });
    await filterShows(panel, 'has:violation', ['/bearer', '/basic', '/bearer']);
  });
});
