import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { App } from './App.tsx';
import { fixtures, XSS_REALM } from './test-fixtures.ts';
import { giveElementsASize, snapshotOf, testHost, testRuleStore } from './test-host.ts';

beforeAll(() => giveElementsASize(420));
afterEach(cleanup);

function start(
  exchanges = [fixtures.basic(), fixtures.digest(), fixtures.malformed()],
  paused = false,
) {
  const host = testHost();
  const user = userEvent.setup();
  render(<App host={host} />);
  act(() => host.port().deliver(snapshotOf(exchanges, paused)));
  return { host, user };
}

const rows = () => screen.queryAllByTestId('exchange-row');

/** Opens the export dialog, which loads on first use. */
async function openExport(user: ReturnType<typeof userEvent.setup>): Promise<HTMLElement> {
  await user.click(screen.getByTestId('export'));
  return screen.findByRole('dialog', { name: 'Export exchanges' });
}

describe('App', () => {
  it('connects for the inspected tab and lists the snapshot', () => {
    const { host } = start();
    expect(host.port().name).toBe('authlens-panel:7');
    expect(rows().map((r) => r.dataset.id)).toEqual(['basic-1', 'digest-1', 'malformed-1']);
    expect(screen.getByTestId('status-counts').textContent).toBe('3 exchanges');
    expect(screen.getByTestId('connection').dataset.state).toBe('connected');
  });

  it('teaches when there is nothing yet: what AuthLens shows and how to make a challenge', () => {
    start([]);
    const empty = screen.getByTestId('empty-state');
    expect(empty.textContent).toContain('AuthLens shows the authentication exchanges of this tab');
    expect(empty.textContent).toContain('npm run lab');
    expect(empty.textContent).toContain('http://127.0.0.1:5177');
    expect(empty.textContent).toContain('alice');
    expect(empty.textContent).toContain('wonderland');
  });

  it('shows live additions and opens the detail of the selected exchange', async () => {
    const { host, user } = start([fixtures.basic()]);
    act(() => host.port().deliver({ type: 'exchangeAdded', exchange: fixtures.bearer() }));
    expect(rows()).toHaveLength(2);
    await user.click(rows()[1]!);
    const detail = await screen.findByTestId('exchange-detail');
    expect(within(detail).getByRole('heading', { level: 2 }).textContent).toBe(
      'POST https://api.example.com/v1/orders',
    );
    expect(within(detail).getByTestId('challenge').dataset.scheme).toBe('Bearer');
    await user.keyboard('{Enter}');
    expect(document.activeElement).toBe(within(detail).getByRole('heading', { level: 2 }));
    await user.keyboard('{Escape}');
    expect(document.activeElement).toBe(screen.getByRole('grid'));
  });

  it('filters as the user types; / focuses the filter and Esc clears it', async () => {
    const { user } = start();
    document.body.focus();
    await user.keyboard('/');
    const filter = screen.getByTestId('filter');
    expect(document.activeElement).toBe(filter);
    await user.keyboard('scheme:digest');
    expect(rows().map((r) => r.dataset.id)).toEqual(['digest-1']);
    await user.click(rows()[0]!);
    expect(await screen.findByTestId('exchange-detail')).toBeTruthy();
    await user.type(filter, ' -status:200');
    expect(screen.queryByTestId('exchange-detail')).toBeNull();
    await user.clear(filter);
    await user.type(filter, 'scheme:digest');
    expect(screen.getByTestId('status-counts').textContent).toBe('1 / 3 exchanges');
    await user.keyboard('{Escape}');
    expect((filter as HTMLInputElement).value).toBe('');
    expect(rows()).toHaveLength(3);
    await user.type(filter, 'has:nonsense');
    expect(screen.getByTestId('filter-problem').textContent).toMatch(/has:nonsense is not known/);
    await user.clear(filter);
    await user.type(filter, 'status:302');
    expect(screen.getByText(/No exchange matches/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Clear the filter' }));
    expect(rows()).toHaveLength(3);
  });

  it('sends record, clear and preserve-log commands, and reflects the recorder state', async () => {
    const { host, user } = start();
    const record = screen.getByRole('button', { name: 'Record' });
    expect(record.getAttribute('aria-pressed')).toBe('true');
    await user.click(record);
    await user.click(screen.getByTestId('preserve-log'));
    await user.click(screen.getByRole('button', { name: 'Clear' }));
    expect(host.port().posted).toEqual([
      { type: 'setPaused', paused: true },
      { type: 'setPreserveLog', preserveLog: false },
      { type: 'clear' },
    ]);
    act(() => {
      host
        .port()
        .deliver({ type: 'stateChanged', state: { paused: true, preserveLog: false, evicted: 0 } });
      host.port().deliver({ type: 'cleared' });
    });
    expect(record.getAttribute('aria-pressed')).toBe('false');
    expect((screen.getByTestId('preserve-log') as HTMLInputElement).checked).toBe(false);
    expect(screen.getByTestId('empty-state').textContent).toContain('Recording is paused');
  });

  it('says when the background stopped, reconnects, and reloads the records', async () => {
    const { host } = start();
    act(() => host.port().drop());
    expect(screen.getByTestId('connection').textContent).toMatch(
      /Background stopped; reconnecting/,
    );
    // The first retry is immediate; let the timer run.
    await waitFor(() => expect(host.ports).toHaveLength(2));
    act(() =>
      host
        .port()
        .deliver(
          snapshotOf([fixtures.basic(), fixtures.digest(), fixtures.malformed(), fixtures.proxy()]),
        ),
    );
    expect(screen.getByTestId('connection').textContent).toMatch(/reconnected 1×/);
    expect(screen.getByTestId('notice').textContent).toMatch(/reconnected and reloaded 4 records/);
    expect(rows()).toHaveLength(4);
  });

  it('shows background notices in the status line and lets the user dismiss them', async () => {
    const { host, user } = start();
    act(() =>
      host.port().deliver({
        type: 'notice',
        notice: {
          level: 'warning',
          code: 'storage-full',
          message: 'Storage is full; oldest records dropped.',
          at: 1,
        },
      }),
    );
    expect(screen.getByTestId('notice').textContent).toBe(
      'Storage is full; oldest records dropped.',
    );
    await user.click(screen.getByRole('button', { name: 'Dismiss notice' }));
    expect(screen.queryByTestId('notice')).toBeNull();
  });

  it('copies the selected request as a redacted cURL command', async () => {
    const { host, user } = start();
    await user.click(rows()[1]!);
    await user.click(await screen.findByTestId('copy-curl'));
    await waitFor(() => expect(host.copied).toHaveLength(1));
    expect(host.copied[0]).toBe(
      "curl -i 'https://app.example.com/digest/sha-256' --digest -u 'USER:PASSWORD'",
    );
    expect(screen.getByTestId('notice').textContent).toBe(
      'Copied cURL command (credentials redacted).',
    );
  });

  it('follows the DevTools theme unless the settings say otherwise', async () => {
    const host = testHost({ theme: 'dark' });
    const user = userEvent.setup();
    render(<App host={host} />);
    const app = screen.getByTestId('authlens-panel');
    expect(app.dataset.theme).toBe('dark');
    await user.click(screen.getByRole('button', { name: 'Settings' }));
    await user.selectOptions(screen.getByRole('combobox', { name: 'Theme' }), 'light');
    expect(app.dataset.theme).toBe('light');
    expect(host.settingsSaved.at(-1)?.theme).toBe('light');
  });

  it('follows a DevTools theme change while open (Firefox announces it)', () => {
    let announce: (t: 'light' | 'dark') => void = () => {};
    const host = testHost({
      onThemeChange: (listener) => {
        announce = listener;
        return () => {};
      },
    });
    render(<App host={host} />);
    expect(screen.getByTestId('authlens-panel').dataset.theme).toBe('light');
    act(() => announce('dark'));
    expect(screen.getByTestId('authlens-panel').dataset.theme).toBe('dark');
  });

  it('works without a tab (a plain extension tab without ?tabId) and says so', () => {
    render(<App host={testHost({ tabId: null })} />);
    expect(screen.getByTestId('connection').dataset.state).toBe('idle');
    expect(screen.getByTestId('empty-state')).toBeTruthy();
  });

  it('resizes the split with the keyboard', async () => {
    const { host, user } = start();
    await user.click(rows()[0]!);
    const splitter = screen.getByRole('separator', { name: 'Resize list and detail' });
    expect(splitter.getAttribute('aria-valuenow')).toBe('45');
    splitter.focus();
    await user.keyboard('{ArrowRight}{ArrowRight}');
    expect(splitter.getAttribute('aria-valuenow')).toBe('49');
    expect(host.settingsSaved.at(-1)?.split).toBeCloseTo(0.49);
  });
});

describe('attacker-controlled header text', () => {
  it('renders a hostile realm and URL literally and creates no element from them', async () => {
    const { user } = start([fixtures.xss()]);
    await user.click(rows()[0]!);
    await screen.findByTestId('exchange-detail'); // it loads on first use
    const panel = screen.getByTestId('authlens-panel');
    expect(panel.querySelector('img, script, b, iframe, object')).toBeNull();
    expect(panel.textContent).toContain(XSS_REALM);
    expect(panel.textContent).toContain('<b onmouseover=alert(3)>hi</b>');
    expect(panel.textContent).toContain('https://evil.example.com/<script>alert(2)</script>');
    const realm = within(screen.getByTestId('challenge'))
      .getAllByRole('row')
      .find((r) => r.dataset.param === 'realm')!;
    expect(realm.querySelector('td')!.textContent).toBe(`"${XSS_REALM}"`);
    // No header text becomes a link target either.
    for (const a of panel.querySelectorAll('a'))
      expect(a.getAttribute('href')).toMatch(/^https:\/\/www\.(rfc-editor|iana)\.org\//);
  });

  it('exports and re-imports a hostile record without it turning into markup', async () => {
    const { host, user } = start([fixtures.xss()]);
    await openExport(user);
    await user.click(screen.getByRole('radio', { name: /AuthLens JSON/ }));
    await user.click(screen.getByTestId('export-confirm'));
    await waitFor(() => expect(host.saved).toHaveLength(1));
    const file = new File([host.saved[0]!.text], 'evil.authlens.json', {
      type: 'application/json',
    });
    await user.upload(screen.getByTestId('import-input'), file);
    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(screen.getByTestId('authlens-panel').querySelector('img, script, b')).toBeNull();
  });
});

describe('export and import', () => {
  it('exports HAR by default, redacted unless the user ticks the box', async () => {
    const revealed = {
      ...fixtures.digest(),
      steps: fixtures.digest().steps.map((s) =>
        s.kind === 'request' && s.credentials.length > 0
          ? {
              ...s,
              credentials: [
                {
                  ...s.credentials[0]!,
                  source: 'page' as const,
                  value: 'Digest username="alice", response="secret"',
                },
              ],
            }
          : s,
      ),
    };
    const { host, user } = start([revealed, fixtures.negotiate()]);
    const dialog = await openExport(user);
    expect((within(dialog).getByTestId('include-credentials') as HTMLInputElement).checked).toBe(
      false,
    );
    expect(dialog.textContent).not.toContain('hold no credential values');
    await user.click(within(dialog).getByTestId('export-confirm'));
    await waitFor(() => expect(host.saved).toHaveLength(1));
    const har = host.saved[0]!;
    expect(har.name).toMatch(/^authlens-.*\.har$/);
    expect(har.text).not.toContain('secret');
    expect(har.text).not.toContain('oRQwEqADCgEBoQsGCSqGSIb3EgECAg==');
    expect(JSON.parse(har.text).log.version).toBe('1.2');
    expect(screen.getByTestId('notice').textContent).toMatch(
      /Exported 2 exchanges .*credentials redacted/,
    );

    await openExport(user);
    await user.click(screen.getByTestId('include-credentials'));
    await user.click(screen.getByTestId('export-confirm'));
    await waitFor(() => expect(host.saved).toHaveLength(2));
    expect(host.saved[1]!.text).toContain('response=\\"secret\\"');
    expect(screen.getByTestId('notice').textContent).toMatch(/WITH credentials/);
  });

  it('round-trips through an AuthLens JSON export: imported records look like live ones, marked imported', async () => {
    const { host, user } = start([fixtures.digest(), fixtures.malformed()]);
    const dialog = await openExport(user);
    // Recorded credentials are schemes only: the dialog says there is nothing to reveal.
    expect(dialog.textContent).toContain('hold no credential values');
    await user.click(screen.getByRole('radio', { name: /AuthLens JSON/ }));
    await user.click(screen.getByTestId('export-confirm'));
    await waitFor(() => expect(host.saved).toHaveLength(1));
    const saved = host.saved[0]!;
    expect(JSON.parse(saved.text)).toMatchObject({
      format: 'authlens',
      version: 1,
      redacted: true,
    });

    await user.upload(
      screen.getByTestId('import-input'),
      new File([saved.text], 'shared.authlens.json'),
    );
    await waitFor(() => expect(rows()).toHaveLength(4));
    expect(screen.getByTestId('notice').textContent).toBe(
      'Imported 2 exchanges from shared.authlens.json.',
    );
    // Imported history comes first and the first imported record is selected.
    expect(rows().map((r) => r.dataset.id)).toEqual([
      'import:1',
      'import:2',
      'digest-1',
      'malformed-1',
    ]);
    const detail = await screen.findByTestId('exchange-detail');
    expect(within(detail).getByTestId('imported-badge').textContent).toBe(
      'imported from shared.authlens.json',
    );
    expect(
      within(detail)
        .getAllByTestId('challenge')
        .map((c) => c.dataset.scheme),
    ).toEqual(['Digest', 'Digest']);
    expect(within(detail).getByTestId('auth-info')).toBeTruthy();

    await user.click(rows()[1]!);
    const codes = within(screen.getByTestId('diagnostics'))
      .getAllByRole('listitem')
      .map((li) => li.dataset.code);
    expect(codes).toEqual([
      'unterminated-quoted-string',
      'realm-not-quoted',
      'basic-over-http',
      'unknown-param',
    ]);
    await user.type(screen.getByTestId('filter'), 'is:imported');
    expect(rows()).toHaveLength(2);
  });

  it('imports a HAR exported by a browser', async () => {
    const har = {
      log: {
        version: '1.2',
        creator: { name: 'WebInspector', version: '537.36' },
        entries: [
          {
            startedDateTime: '2026-11-28T10:00:00.000Z',
            time: 12,
            request: { method: 'GET', url: 'https://intranet.example.com/', headers: [] },
            response: {
              status: 401,
              statusText: 'Unauthorized',
              httpVersion: 'HTTP/1.1',
              headers: [
                { name: 'WWW-Authenticate', value: 'Negotiate' },
                { name: 'WWW-Authenticate', value: 'Basic realm="intranet"' },
              ],
            },
          },
          {
            startedDateTime: '2026-11-28T10:00:01.000Z',
            request: { method: 'GET', url: 'https://intranet.example.com/logo.png', headers: [] },
            response: { status: 200, headers: [] },
          },
        ],
      },
    };
    const { user } = start([]);
    await user.upload(
      screen.getByTestId('import-input'),
      new File([JSON.stringify(har)], 'customer.har'),
    );
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(
      within(await screen.findByTestId('exchange-detail'))
        .getAllByTestId('challenge')
        .map((c) => c.dataset.scheme),
    ).toEqual(['Negotiate', 'Basic']);
  });

  it('explains a malformed file and keeps the panel usable', async () => {
    const { user } = start();
    await user.upload(
      screen.getByTestId('import-input'),
      new File(['{"log": {"entries": [1, 2'], 'broken.har'),
    );
    await waitFor(() => expect(screen.getByTestId('notice').dataset.code).toBe('import-failed'));
    expect(screen.getByTestId('notice').textContent).toMatch(/broken\.har is not valid JSON/);
    expect(rows()).toHaveLength(3);

    await user.upload(
      screen.getByTestId('import-input'),
      new File(['{"hello": "world"}'], 'other.json'),
    );
    await waitFor(() =>
      expect(screen.getByTestId('notice').textContent).toMatch(
        /neither a HAR file .* nor an AuthLens export/,
      ),
    );
  });

  it('refuses a huge file before reading it', async () => {
    const { user } = start();
    const huge = new File(['{}'], 'huge.har');
    Object.defineProperty(huge, 'size', { value: 200 * 1024 * 1024 });
    await user.upload(screen.getByTestId('import-input'), huge);
    await waitFor(() =>
      expect(screen.getByTestId('notice').textContent).toMatch(
        /The file is 200 MB; AuthLens imports files up to 64 MB/,
      ),
    );
    expect(rows()).toHaveLength(3);
  });

  it('imports a file dropped on the panel', async () => {
    start([]);
    const file = new File(
      [JSON.stringify({ format: 'authlens', version: 1, exchanges: [fixtures.proxy()] })],
      'drop.authlens.json',
    );
    fireEvent.drop(screen.getByTestId('authlens-panel'), {
      dataTransfer: { files: [file], types: ['Files'] },
    });
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(rows()[0]!.dataset.id).toBe('import:1');
  });
});

describe('expectation violations', () => {
  const rules = (...list: unknown[]) => ({ authlens: 'expectations', version: 1, rules: list });
  const errorCount = (id: string) =>
    Number(
      rows()
        .find((r) => r.dataset.id === id)!
        .querySelector('[data-severity="error"]')?.textContent ?? '0',
    );

  it('counts a violation in the list, lists it with its rule in the detail, and filters it', async () => {
    const host = testHost();
    const user = userEvent.setup();
    render(<App host={host} />);
    act(() =>
      host.port().deliver(snapshotOf([fixtures.basic(), fixtures.bearer(), fixtures.malformed()])),
    );
    const before = ['basic-1', 'bearer-1', 'malformed-1'].map(errorCount);
    act(() =>
      host.rules.changeElsewhere(
        rules(
          {
            name: 'API is Bearer with realm api',
            match: 'https://api.example.com/**',
            params: { realm: 'orders' },
          },
          { name: 'No Basic over http', match: '*', forbid: ['Basic over http'] },
        ),
      ),
    );
    await waitFor(() => expect(screen.getByTestId('rules-badge').dataset.violations).toBe('2'));
    expect(screen.getByTestId('rules-badge').textContent).toBe('2 rules · 2 ✕');
    // bearer-1 breaks rule 0 (realm), malformed-1 (http://…, Basic) breaks rule 1.
    expect(['basic-1', 'bearer-1', 'malformed-1'].map(errorCount)).toEqual([
      before[0],
      before[1]! + 1,
      before[2]! + 1,
    ]);

    await user.click(rows()[1]!);
    const violation = within(await screen.findByTestId('diagnostics'))
      .getAllByRole('listitem')
      .find((li) => li.dataset.code === 'expectation-failed')!;
    expect(violation.dataset.rule).toBe('0');
    expect(violation.textContent).toContain(
      'Expectation rules[0] "API is Bearer with realm api" (https://api.example.com/**): the Bearer challenge has realm="api"; expected realm="orders".',
    );
    expect(within(violation).getByTestId('violation-rule').textContent).toMatch(/^rules\[0\]/);
    // The raw view marks the offending parameter.
    const marked = [
      ...screen
        .getByTestId('exchange-detail')
        .querySelectorAll('mark[data-codes~="expectation-failed"]'),
    ]
      .map((m) => m.textContent)
      .join('');
    expect(marked).toBe('realm="api"');

    await user.click(within(violation).getByRole('button', { name: 'Edit rule 1' }));
    const dialog = await screen.findByRole('dialog', { name: 'Expectation rules' });
    const form = within(dialog).getByRole('form', { name: 'Edit rule 1' });
    expect((within(form).getByLabelText('Name') as HTMLInputElement).value).toBe(
      'API is Bearer with realm api',
    );
    await user.click(within(dialog).getByTestId('rules-close'));

    const filter = screen.getByTestId('filter');
    await user.type(filter, 'has:violation');
    expect(rows().map((r) => r.dataset.id)).toEqual(['bearer-1', 'malformed-1']);
    await user.clear(filter);
    await user.type(filter, '-has:violation');
    expect(rows().map((r) => r.dataset.id)).toEqual(['basic-1']);
    await user.clear(filter);
    await user.type(filter, 'code:expectation-failed');
    expect(rows()).toHaveLength(2);
  });

  it('checks new and imported records, and keeps computed violations out of exports', async () => {
    const host = testHost({
      rules: testRuleStore(rules({ match: 'https://api.example.com/**', status: 401 })),
    });
    const user = userEvent.setup();
    render(<App host={host} />);
    act(() => host.port().deliver(snapshotOf([fixtures.basic()])));
    await waitFor(() => expect(screen.getByTestId('rules-badge').dataset.violations).toBe('0'));
    act(() => host.port().deliver({ type: 'exchangeAdded', exchange: fixtures.bearer() }));
    expect(screen.getByTestId('rules-badge').dataset.violations).toBe('1');

    await openExport(user);
    await user.click(screen.getByRole('radio', { name: /AuthLens JSON/ }));
    await user.click(screen.getByTestId('export-confirm'));
    await waitFor(() => expect(host.saved).toHaveLength(1));
    expect(host.saved[0]!.text).not.toContain('expectation-failed');

    await user.upload(
      screen.getByTestId('import-input'),
      new File([host.saved[0]!.text], 'again.authlens.json'),
    );
    await waitFor(() => expect(rows()).toHaveLength(4));
    expect(screen.getByTestId('rules-badge').dataset.violations).toBe('2');
    const imported = within(await screen.findByTestId('exchange-detail'))
      .getAllByRole('listitem')
      .filter((li) => li.dataset.code === 'expectation-failed');
    expect(imported).toHaveLength(0);
    await user.click(rows().find((r) => r.dataset.id === 'import:2')!);
    expect(
      within(screen.getByTestId('diagnostics'))
        .getAllByRole('listitem')
        .filter((li) => li.dataset.code === 'expectation-failed'),
    ).toHaveLength(1);
  });
});
