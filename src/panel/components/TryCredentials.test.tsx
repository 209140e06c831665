import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createContext, runInContext } from 'node:vm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { App } from '../App.tsx';
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

interface PageRequest {
  url: string;
  init: { method: string; headers: Record<string, string>; credentials: string; cache: string };
}

/**
 * An inspected page in a separate JavaScript realm: the panel's scripts really run, so a value
 * that escaped its JSON string would change what fetch receives or fail to parse.
 */
function fakePage(answer: { status: number; statusText: string; headers: Record<string, string> }) {
  const requests: PageRequest[] = [];
  const scripts: string[] = [];
  const context = createContext({
    fetch: (url: string, init: PageRequest['init']) => {
      requests.push(JSON.parse(JSON.stringify({ url, init })));
      return Promise.resolve({
        status: answer.status,
        statusText: answer.statusText,
        url,
        type: 'basic',
        headers: { get: (name: string) => answer.headers[name.toLowerCase()] ?? null },
      });
    },
  });
  const evalInPage = async (expression: string) => {
    scripts.push(expression);
    // inspectedWindow.eval hands back a JSON copy of the value.
    const value: unknown = runInContext(expression, context);
    return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
  };
  return { requests, scripts, evalInPage };
}

function start(
  exchanges = [fixtures.basic(), rfcDigest()],
  overrides: Parameters<typeof testHost>[0] = {},
) {
  const host = testHost({ now: () => ISSUED + 30_000, ...overrides });
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
  it('replays the request in the page with exactly the built field, JSON-escaped, and shows the outcome', async () => {
    // Hostile text everywhere a value enters the script: quotes, backslashes, a newline, U+2028,
    // a template placeholder and a closing script tag.
    const url = 'http://www.example.org/dir/in"dex\'.html?q=`${alert(1)}`&x=</script>\\&n=\n\u2028';
    const page = fakePage({
      status: 200,
      statusText: 'OK',
      headers: {
        'authentication-info': `rspauth="d3b07384d113edec49eaa6238ad5ff00", qop=auth, nc=00000001, cnonce="${RFC_CNONCE}"`,
      },
    });
    const { host, user } = start([rfcDigest(url)], { evalInPage: page.evalInPage });
    const section = await openTry(user, 'rfc-7616');
    await user.type(within(section).getByTestId('try-username'), 'Mu"fa\\sa');
    await user.type(within(section).getByTestId('try-password'), 'Circle of Life');
    const method = within(section).getByTestId('try-method');
    await user.clear(method);
    await user.type(method, 'POST');
    expect(page.scripts).toEqual([]);

    const header = within(section).getByTestId('try-header').textContent!;
    const [name, value] = [
      header.slice(0, header.indexOf(': ')),
      header.slice(header.indexOf(': ') + 2),
    ];
    await user.click(within(section).getByTestId('try-send'));
    const outcome = await within(section).findByTestId('try-outcome', {}, { timeout: 3000 });

    expect(page.requests).toEqual([
      {
        url,
        init: {
          method: 'POST',
          headers: { [name]: value },
          credentials: 'omit',
          cache: 'no-store',
        },
      },
    ]);
    expect(name).toBe('Authorization');
    expect(value.startsWith('Digest username="Mu\\"fa\\\\sa", ')).toBe(true);
    // Every value entered the script as a JSON string literal.
    expect(page.scripts[0]).toContain(JSON.stringify(url));
    expect(page.scripts[0]).toContain(JSON.stringify(value));
    expect(page.scripts.length).toBeGreaterThanOrEqual(2);
    expect(outcome.dataset.status).toBe('200');
    expect(outcome.textContent).toMatch(/^200 OK The server accepted the credentials\./);
    expect(within(outcome).getByTestId('try-auth-info').textContent).toBe(
      `Authentication-Info: rspauth="d3b07384d113edec49eaa6238ad5ff00", qop=auth, nc=00000001, cnonce="${RFC_CNONCE}"`,
    );
    expect(host.evalInPage).toBe(page.evalInPage);
  });

  it('says the nonce was stale when the server answers stale=true', async () => {
    const page = fakePage({
      status: 401,
      statusText: 'Unauthorized',
      headers: { 'www-authenticate': 'Digest realm="x", nonce="new", stale=true, qop="auth"' },
    });
    const { user } = start([rfcDigest()], { evalInPage: page.evalInPage });
    const section = await openTry(user, 'rfc-7616');
    await user.type(within(section).getByTestId('try-username'), 'Mufasa');
    await user.click(within(section).getByTestId('try-send'));
    const outcome = await within(section).findByTestId('try-outcome', {}, { timeout: 3000 });
    expect(outcome.dataset.status).toBe('401');
    expect(within(outcome).getByTestId('try-stale').textContent).toMatch(/nonce has expired/);
  });

  it('reports a failure in the page, and offers no Send outside DevTools or for a proxy', async () => {
    const failing = start([fixtures.basic()], {
      evalInPage: async () => {
        throw new Error('Failed to fetch');
      },
    });
    let section = await openTry(failing.user, 'basic-1');
    await failing.user.click(within(section).getByTestId('try-send'));
    const outcome = await within(section).findByTestId('try-outcome');
    expect(outcome.textContent).toMatch(/The request failed in the page: Failed to fetch\..*CORS/);
    cleanup();

    const plain = start([fixtures.basic()]);
    section = await openTry(plain.user, 'basic-1');
    expect((within(section).getByTestId('try-send') as HTMLButtonElement).disabled).toBe(true);
    expect(section.textContent).toMatch(/Send works in DevTools/);
    cleanup();

    const proxy = start([fixtures.proxy()], { evalInPage: async () => true });
    section = await openTry(proxy.user, 'proxy-1');
    await proxy.user.type(within(section).getByTestId('try-username'), 'a');
    expect(within(section).getByTestId('try-header').textContent).toMatch(
      /^Proxy-Authorization: Basic /,
    );
    expect((within(section).getByTestId('try-send') as HTMLButtonElement).disabled).toBe(true);
  });

  it('never lets the credentials reach the connection, storage, files or the clipboard', async () => {
    const page = fakePage({ status: 200, statusText: 'OK', headers: {} });
    const { host, user } = start([fixtures.basic()], { evalInPage: page.evalInPage });
    const section = await openTry(user, 'basic-1');
    await user.type(within(section).getByTestId('try-username'), 'Aladdin');
    await user.type(within(section).getByTestId('try-password'), 'open sesame');
    await user.click(within(section).getByTestId('try-send'));
    await within(section).findByTestId('try-outcome', {}, { timeout: 3000 });
    expect(page.requests[0]!.init.headers.Authorization).toBe('Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==');
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
