import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { App } from '../App.tsx';
import { ExchangeDetail } from './ExchangeDetail.tsx';
import { fixtures, makeExchange } from '../test-fixtures.ts';
import { giveElementsASize, snapshotOf, testHost } from '../test-host.ts';

beforeAll(() => giveElementsASize(420));
afterEach(cleanup);

// RFC 7616 §3.9.1: the MD5 challenge of the worked example, for GET /dir/index.html.
const RFC_NONCE = '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v';
const RFC_OPAQUE = 'FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS';
const RFC_CNONCE = 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ';
const ISSUED = 1_700_000_000_000;

const rfcDigest = (url = 'http://www.example.org/dir/index.html') =>
  makeExchange({
    id: 'rfc-7616',
    url,
    status: 401,
    startedAt: ISSUED,
    headers: [
      {
        name: 'WWW-Authenticate',
        value: `Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=MD5, nonce="${RFC_NONCE}", opaque="${RFC_OPAQUE}"`,
      },
    ],
  });

/** The panel inspecting a tab that shows `origin` (the exchanges' own by default). */
function start(
  exchanges = [fixtures.basic(), rfcDigest()],
  overrides: Parameters<typeof testHost>[0] = {},
) {
  const origin = new URL(exchanges[0]!.url).origin;
  const host = testHost({
    now: () => ISSUED + 30_000,
    inspectedOrigin: async () => origin,
    ...overrides,
  });
  const user = userEvent.setup();
  render(<App host={host} />);
  act(() => host.port().deliver(snapshotOf(exchanges)));
  return { host, user };
}

const rows = () => screen.getAllByTestId('exchange-row');

async function openTry(user: ReturnType<typeof userEvent.setup>, id: string, card = 0) {
  await user.click(rows().find((r) => r.dataset.id === id)!);
  const challenge = (await screen.findAllByTestId('challenge'))[card]!;
  await user.click(within(challenge).getByTestId('try-open'));
  return within(challenge).findByTestId('try-credentials');
}

const stepValue = (section: HTMLElement, id: string) =>
  section.querySelector(`[data-step="${id}"] [data-testid="try-step-value"]`)?.textContent;

describe('try credentials', () => {
  it('builds Basic step by step: RFC 7617 §2, Aladdin / open sesame', async () => {
    const { user } = start();
    const section = await openTry(user, 'basic-1');
    const password = within(section).getByTestId('try-password') as HTMLInputElement;
    expect(password.type).toBe('password');
    expect(password.autocomplete).toBe('off');
    expect(within(section).queryByTestId('try-method')).toBeNull();
    await user.type(within(section).getByTestId('try-username'), 'Aladdin');
    await user.type(password, 'open sesame');
    expect(stepValue(section, 'user-pass')).toBe('Aladdin:open sesame');
    expect(stepValue(section, 'octets')).toBe(
      '41 6c 61 64 64 69 6e 3a 6f 70 65 6e 20 73 65 73 61 6d 65',
    );
    expect(stepValue(section, 'base64')).toBe('QWxhZGRpbjpvcGVuIHNlc2FtZQ==');
    expect(within(section).getByTestId('try-header').textContent).toBe(
      'Authorization: Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==',
    );
    const link = section.querySelector('[data-step="base64"] a')!;
    expect(link.textContent).toBe('RFC 7617 §2');
    expect(link.getAttribute('href')).toBe('https://www.rfc-editor.org/rfc/rfc7617#section-2');
  });

  it('reproduces the MD5 example of RFC 7616 §3.9.1 with its cnonce, each step with its section', async () => {
    const { user } = start();
    const section = await openTry(user, 'rfc-7616');
    expect((within(section).getByTestId('try-method') as HTMLInputElement).value).toBe('GET');
    expect((within(section).getByTestId('try-uri') as HTMLInputElement).value).toBe(
      '/dir/index.html',
    );
    await user.type(within(section).getByTestId('try-username'), 'Mufasa');
    await user.type(within(section).getByTestId('try-password'), 'Circle of Life');
    await user.type(within(section).getByTestId('try-cnonce'), RFC_CNONCE);
    expect(stepValue(section, 'a1')).toBe('Mufasa:http-auth@example.org:Circle of Life');
    expect(stepValue(section, 'a2')).toBe('GET:/dir/index.html');
    expect(stepValue(section, 'nc')).toBe('00000001');
    expect(stepValue(section, 'cnonce')).toBe(RFC_CNONCE);
    expect(stepValue(section, 'response')).toBe('8ca523f5e9506fed4657c9700eebdbec');
    expect(within(section).getByTestId('try-header').textContent).toBe(
      `Authorization: Digest username="Mufasa", realm="http-auth@example.org", uri="/dir/index.html", algorithm=MD5, nonce="${RFC_NONCE}", nc=00000001, cnonce="${RFC_CNONCE}", qop=auth, response="8ca523f5e9506fed4657c9700eebdbec", opaque="${RFC_OPAQUE}"`,
    );
    const sections = ['a1', 'ha1', 'a2', 'ha2', 'cnonce', 'nc', 'response'].map(
      (id) => section.querySelector(`[data-step="${id}"] a`)?.textContent,
    );
    expect(sections).toEqual([
      'RFC 7616 §3.4.2',
      'RFC 7616 §3.4.2',
      'RFC 7616 §3.4.3',
      'RFC 7616 §3.4.3',
      'RFC 7616 §3.4',
      'RFC 7616 §3.4',
      'RFC 7616 §3.4.1',
    ]);
  });

  it('draws the cnonce from the host random source, and keeps it while the user types', async () => {
    const { user } = start();
    const section = await openTry(user, 'rfc-7616');
    // The test host's random octets are 0, 1, 2, …; the calculator takes 24 of them.
    const expected = btoa(String.fromCharCode(...Array.from({ length: 24 }, (_, i) => i)));
    expect(stepValue(section, 'cnonce')).toBe(expected);
    await user.type(within(section).getByTestId('try-username'), 'alice');
    expect(stepValue(section, 'cnonce')).toBe(expected);
  });

  it('says when the nonce may be stale: issued long ago, imported, or already answered', async () => {
    const old = start([rfcDigest()], { now: () => ISSUED + 20 * 60_000 });
    let section = await openTry(old.user, 'rfc-7616');
    expect(within(section).getByTestId('nonce-stale').textContent).toMatch(
      /may be stale.*issued 20 min ago/,
    );
    cleanup();

    const fresh = start([rfcDigest()]);
    section = await openTry(fresh.user, 'rfc-7616');
    expect(within(section).queryByTestId('nonce-stale')).toBeNull();
    cleanup();

    const answered = start([fixtures.digest()]);
    section = await openTry(answered.user, 'digest-1', 1);
    expect(within(section).getByTestId('nonce-stale').textContent).toMatch(
      /already answered this nonce once, so nc starts at 2/,
    );
    expect((within(section).getByTestId('try-nc') as HTMLInputElement).value).toBe('2');
  });

  it('clears what was typed when another exchange is selected', async () => {
    const { user } = start();
    let section = await openTry(user, 'basic-1');
    await user.type(within(section).getByTestId('try-username'), 'Aladdin');
    await user.type(within(section).getByTestId('try-password'), 'open sesame');
    await user.click(rows().find((r) => r.dataset.id === 'rfc-7616')!);
    await user.click(rows().find((r) => r.dataset.id === 'basic-1')!);
    expect(within(screen.getByTestId('challenge')).queryByTestId('try-credentials')).toBeNull();
    section = await openTry(user, 'basic-1');
    expect((within(section).getByTestId('try-username') as HTMLInputElement).value).toBe('');
    expect((within(section).getByTestId('try-password') as HTMLInputElement).value).toBe('');
  });

  it('explains what Basic cannot carry instead of building a field', async () => {
    const { user } = start();
    const section = await openTry(user, 'basic-1');
    await user.type(within(section).getByTestId('try-username'), 'a:b');
    expect(within(section).getByTestId('try-problem').textContent).toMatch(/user-id contains ":"/);
    expect(within(section).queryByTestId('try-header')).toBeNull();
    expect((within(section).getByTestId('try-send') as HTMLButtonElement).disabled).toBe(true);
  });
});

describe('Send', () => {
  const send = async (section: HTMLElement, user: ReturnType<typeof userEvent.setup>) => {
    await user.click(within(section).getByTestId('try-send'));
    return within(section).findByTestId('try-outcome', {}, { timeout: 3000 });
  };

  it('sends the request from AuthLens itself with exactly the built field, announced first, and shows the outcome', async () => {
    // Hostile text wherever a value enters the request: quotes, backslashes, a placeholder.
    const url = 'http://www.example.org/dir/in"dex\'.html?q=`${alert(1)}`&x=</script>\\#frag';
    const { host, user } = start([rfcDigest(url)], {
      answer: () => ({
        status: 200,
        headers: {
          'Authentication-Info': `rspauth="d3b07384d113edec49eaa6238ad5ff00", qop=auth, nc=00000001, cnonce="${RFC_CNONCE}"`,
        },
      }),
    });
    const section = await openTry(user, 'rfc-7616');
    await user.type(within(section).getByTestId('try-username'), 'Mu"fa\\sa');
    await user.type(within(section).getByTestId('try-password'), 'Circle of Life');
    const method = within(section).getByTestId('try-method');
    await user.clear(method);
    await user.type(method, 'post');
    expect(host.fetched).toEqual([]);

    const header = within(section).getByTestId('try-header').textContent!;
    const [name, value] = [
      header.slice(0, header.indexOf(': ')),
      header.slice(header.indexOf(': ') + 2),
    ];
    const outcome = await send(section, user);
    // As fetch and webRequest name it: normalised, without the fragment.
    const sent = new URL(url);
    sent.hash = '';
    expect(host.fetched).toMatchObject([
      {
        url: sent.href,
        init: {
          method: 'POST',
          headers: { [name]: value },
          credentials: 'omit',
          cache: 'no-store',
          referrerPolicy: 'no-referrer',
        },
      },
    ]);
    expect(host.fetched[0]!.init.signal).toBeInstanceOf(AbortSignal);
    expect(name).toBe('Authorization');
    expect(value.startsWith('Digest username="Mu\\"fa\\\\sa", ')).toBe(true);
    // The background was told first, so it records the request as an exchange of this tab.
    const announced = host
      .port()
      .posted.filter((m) => (m as { type: string }).type === 'expectReplay');
    expect(announced).toEqual([
      { type: 'expectReplay', id: expect.any(String), method: 'POST', url: sent.href },
    ]);
    expect(outcome.dataset.status).toBe('200');
    expect(outcome.textContent).toMatch(/^200 OK The server accepted the credentials\./);
    expect(within(outcome).getByTestId('try-auth-info').textContent).toBe(
      `Authentication-Info: rspauth="d3b07384d113edec49eaa6238ad5ff00", qop=auth, nc=00000001, cnonce="${RFC_CNONCE}"`,
    );
    expect(within(outcome).queryByTestId('try-unrecorded')).toBeNull();
  });

  it('says the nonce was stale when the server answers stale=true', async () => {
    const { user } = start([rfcDigest()], {
      answer: () => ({
        status: 401,
        statusText: 'Unauthorized',
        headers: { 'WWW-Authenticate': 'Digest realm="x", nonce="new", stale=true, qop="auth"' },
      }),
    });
    const section = await openTry(user, 'rfc-7616');
    await user.type(within(section).getByTestId('try-username'), 'Mufasa');
    const outcome = await send(section, user);
    expect(outcome.dataset.status).toBe('401');
    expect(within(outcome).getByTestId('try-stale').textContent).toMatch(/nonce has expired/);
  });

  it('shows what the server answered with hidden characters marked', async () => {
    const { user } = start([fixtures.basic()], {
      answer: () => ({
        status: 401,
        statusText: 'Unauthorized\u202E',
        headers: { 'WWW-Authenticate': 'Basic realm="a\u202Eb"' },
      }),
    });
    const section = await openTry(user, 'basic-1');
    const outcome = await send(section, user);
    expect(outcome.textContent).toContain('Unauthorized⟨U+202E⟩');
    expect(outcome.textContent).toContain('WWW-Authenticate: Basic realm="a⟨U+202E⟩b"');
  });

  it('reports a network failure, and offers no Send without a tab or for a proxy', async () => {
    const failing = start([fixtures.basic()], {
      answer: () => {
        throw new TypeError('Failed to fetch');
      },
    });
    let section = await openTry(failing.user, 'basic-1');
    const outcome = await send(section, failing.user);
    expect(outcome.dataset.status).toBe('error');
    expect(outcome.textContent).toMatch(/^The request failed: Failed to fetch\./);
    cleanup();

    // Without an inspected tab (a plain extension page) there is nothing to send for.
    const user = userEvent.setup();
    const tryHost = { ...testHost(), send: null };
    render(<ExchangeDetail exchange={fixtures.basic()} onCopy={() => {}} tryHost={tryHost} />);
    await user.click(screen.getByTestId('try-open'));
    section = await screen.findByTestId('try-credentials');
    expect((within(section).getByTestId('try-send') as HTMLButtonElement).disabled).toBe(true);
    expect(section.textContent).toMatch(/Send works in DevTools/);
    cleanup();

    const proxy = start([fixtures.proxy()]);
    section = await openTry(proxy.user, 'proxy-1');
    await proxy.user.type(within(section).getByTestId('try-username'), 'a');
    expect(within(section).getByTestId('try-header').textContent).toMatch(
      /^Proxy-Authorization: Basic /,
    );
    expect((within(section).getByTestId('try-send') as HTMLButtonElement).disabled).toBe(true);
  });

  it('never sends credentials to another origin than the one that challenged', async () => {
    const { host, user } = start([rfcDigest()]);
    const section = await openTry(user, 'rfc-7616');
    await user.type(within(section).getByTestId('try-username'), 'Mufasa');
    const uri = within(section).getByTestId('try-uri');
    await user.clear(uri);
    await user.type(uri, 'https://evil.example/collect');
    expect(within(section).getByTestId('try-refused').textContent).toMatch(
      /points away from http:\/\/www\.example\.org/,
    );
    expect((within(section).getByTestId('try-send') as HTMLButtonElement).disabled).toBe(true);
    await user.clear(uri);
    await user.type(uri, '//evil.example/collect');
    expect(within(section).getByTestId('try-refused')).toBeTruthy();
    expect(host.fetched).toEqual([]);
  });

  it('asks before sending for an imported record, or when the tab shows another origin', async () => {
    const imported = { ...fixtures.basic(), imported: 'customer.har' };
    const file = start([imported]);
    let section = await openTry(file.user, 'basic-1');
    const send1 = within(section).getByTestId('try-send') as HTMLButtonElement;
    expect(send1.disabled).toBe(true);
    const confirm = within(section).getByTestId('try-confirm');
    expect(confirm.parentElement!.textContent).toMatch(
      /imported from a file: send to https:\/\/app\.example\.com anyway/,
    );
    await file.user.click(confirm);
    expect(send1.disabled).toBe(false);
    await send(section, file.user);
    expect(file.host.fetched).toHaveLength(1);
    cleanup();

    let tab = 'https://elsewhere.example';
    const moved = start([fixtures.basic()], { inspectedOrigin: async () => tab });
    section = await openTry(moved.user, 'basic-1');
    await waitFor(() =>
      expect(within(section).getByTestId('try-confirm').parentElement!.textContent).toMatch(
        /This tab now shows https:\/\/elsewhere\.example, not https:\/\/app\.example\.com/,
      ),
    );
    cleanup();

    // The tab moves away between opening the section and pressing Send: nothing is sent.
    tab = 'https://app.example.com';
    const late = start([fixtures.basic()], { inspectedOrigin: async () => tab });
    section = await openTry(late.user, 'basic-1');
    await waitFor(() => expect(within(section).queryByTestId('try-confirm')).toBeNull());
    tab = 'https://elsewhere.example';
    await late.user.click(within(section).getByTestId('try-send'));
    await waitFor(() => expect(within(section).getByTestId('try-confirm')).toBeTruthy());
    expect(within(section).queryByTestId('try-outcome')).toBeNull();
    expect(late.host.fetched).toEqual([]);
  });

  it('says so when the background did not acknowledge, so the replay is not in the list', async () => {
    const { user } = start([fixtures.basic()], { acknowledgeReplays: false });
    const section = await openTry(user, 'basic-1');
    await user.click(within(section).getByTestId('try-send'));
    const outcome = await within(section).findByTestId('try-outcome', {}, { timeout: 6000 });
    expect(outcome.dataset.status).toBe('200');
    expect(within(outcome).getByTestId('try-unrecorded').textContent).toMatch(
      /did not answer in time/,
    );
  });

  it('never lets the credentials reach the connection, storage, files, the clipboard or the page', async () => {
    const asked: unknown[] = [];
    const { host, user } = start([fixtures.basic()], {
      inspectedOrigin: async (...args: unknown[]) => {
        asked.push(args);
        return 'https://app.example.com';
      },
    });
    const section = await openTry(user, 'basic-1');
    await user.type(within(section).getByTestId('try-username'), 'Aladdin');
    await user.type(within(section).getByTestId('try-password'), 'open sesame');
    await send(section, user);
    expect(host.fetched[0]!.init.headers).toEqual({
      Authorization: 'Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==',
    });
    // The page is only ever asked for its origin, with nothing from the user.
    expect(asked.every((args) => JSON.stringify(args) === '[]')).toBe(true);
    // The background records the replay as a new exchange; the panel shows it like any other.
    act(() =>
      host.port().deliver({
        type: 'exchangeAdded',
        exchange: makeExchange({
          id: 'replay-1',
          url: fixtures.basic().url,
          status: 200,
          headers: [],
        }),
      }),
    );
    await waitFor(() => expect(rows()).toHaveLength(2));
    const leaked = JSON.stringify([
      host.ports.map((p) => p.posted),
      host.rules.saves,
      host.settingsSaved,
      host.saved,
      host.copied,
    ]);
    for (const secret of ['open sesame', 'QWxhZGRpbjpvcGVuIHNlc2FtZQ==', 'Aladdin'])
      expect(leaked).not.toContain(secret);
    expect(localStorage.length).toBe(0);
  });
});
