import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { findScheme } from '../../core/index.ts';
import { hasInvisible } from '../../shared/visible-text.ts';
import { fixtures, makeExchange } from '../test-fixtures.ts';
import { ExchangeDetail } from './ExchangeDetail.tsx';

afterEach(cleanup);

const paramRow = (card: HTMLElement, name: string) =>
  within(card)
    .getAllByRole('row')
    .find((r) => r.getAttribute('data-param') === name)!;

describe('ExchangeDetail', () => {
  it('tells the flow as a timeline: challenge, credentials (scheme only), outcome', () => {
    render(<ExchangeDetail exchange={fixtures.digest()} onCopy={() => {}} />);
    const steps = within(screen.getByTestId('timeline')).getAllByRole('listitem');
    expect(steps.map((s) => s.dataset.label)).toEqual([
      'request',
      'challenge',
      'credentials',
      'response',
      'completed',
    ]);
    expect(steps[1]!.textContent).toContain('401 Unauthorized');
    expect(steps[1]!.textContent).toContain('challenges: Digest, Digest');
    expect(steps[2]!.textContent).toContain('Authorization: Digest (added by the browser');
    expect(screen.getByTestId('outcome').dataset.outcome).toBe('authenticated');
    expect(screen.getByTestId('outcome').textContent).toMatch(/server accepted the credentials/);
  });

  it('explains each challenge with its catalogue entry and RFC link', () => {
    render(<ExchangeDetail exchange={fixtures.digest()} onCopy={() => {}} />);
    const cards = screen.getAllByTestId('challenge');
    expect(cards).toHaveLength(2);
    const card = cards[0]!;
    expect(within(card).getByRole('heading', { name: 'Digest' })).toBeTruthy();
    expect(card.textContent).toContain(findScheme('Digest')!.summary.split('`')[0]!);
    const link = within(card.querySelector('header')!).getByRole('link');
    expect(link.textContent).toBe('RFC 7616 §3.3');
    expect(link.getAttribute('href')).toBe('https://www.rfc-editor.org/rfc/rfc7616#section-3.3');
    expect(within(card).getByText('IANA registered')).toBeTruthy();
  });

  it('lists the parameters with their meaning, the meaning of the chosen value and the spec section', () => {
    render(<ExchangeDetail exchange={fixtures.digest()} onCopy={() => {}} />);
    const card = screen.getAllByTestId('challenge')[0]!;
    const names = within(card)
      .getAllByRole('rowheader')
      .map((h) => h.firstChild?.textContent);
    expect(names).toEqual(['realm', 'qop', 'algorithm', 'nonce', 'opaque', 'charset', 'userhash']);
    const algorithm = paramRow(card, 'algorithm');
    expect(algorithm.textContent).toContain('Hash algorithm for the response');
    expect(algorithm.textContent).toContain('SHA-256: SHA-256; prefer it to MD5');
    const qop = paramRow(card, 'qop');
    expect(qop.textContent).toContain('auth: Authentication only');
    expect(qop.textContent).toContain('auth-int: Authentication with integrity');
    expect(within(paramRow(card, 'realm')).getByRole('link').textContent).toBe('RFC 7616 §3.3');
  });

  it('marks parameters the scheme does not define, and required ones that are missing', () => {
    const exchange = makeExchange({
      id: 'x',
      url: 'https://a.example/',
      status: 401,
      headers: [{ name: 'WWW-Authenticate', value: 'Digest nonce="n", colour=blue' }],
    });
    render(<ExchangeDetail exchange={exchange} onCopy={() => {}} />);
    const card = screen.getByTestId('challenge');
    const colour = paramRow(card, 'colour');
    expect(colour.dataset.known).toBe('false');
    expect(within(colour).getByText('unknown')).toBeTruthy();
    expect(colour.textContent).toContain('Not defined for Digest');
    const missing = within(card)
      .getAllByRole('row')
      .filter((r) => r.dataset.missing === 'true')
      .map((r) => r.dataset.param);
    expect(missing).toEqual(['realm', 'qop']);
    expect(paramRow(card, 'nonce').dataset.known).toBe('true');
  });

  it('shows a token68 verbatim and explains schemes outside the registry', () => {
    render(<ExchangeDetail exchange={fixtures.negotiate()} onCopy={() => {}} />);
    const [negotiate, ntlm] = screen.getAllByTestId('challenge');
    expect(within(negotiate!).getByTestId('token68').querySelector('code')!.textContent).toBe(
      'oRQwEqADCgEBoQsGCSqGSIb3EgECAg==',
    );
    expect(within(ntlm!).getByText('not registered')).toBeTruthy();
    expect(ntlm!.textContent).toContain('NTLM is the Microsoft challenge-response protocol');
  });

  it('says when AuthLens does not know a scheme', () => {
    render(<ExchangeDetail exchange={fixtures.unknownScheme()} onCopy={() => {}} />);
    const card = screen.getByTestId('challenge');
    expect(within(card).getByText('unknown scheme')).toBeTruthy();
    expect(card.textContent).toContain('not in the IANA HTTP Authentication Scheme Registry');
    // realm means the same for every scheme; other parameters of an unknown scheme are not "wrong".
    expect(paramRow(card, 'realm').textContent).toContain('The protection space');
    expect(within(paramRow(card, 'realm')).getByRole('link').textContent).toBe('RFC 9110 §11.5');
    expect(paramRow(card, 'ticket').dataset.known).toBe('false');
    expect(within(card).queryByText('unknown')).toBeNull();
  });

  it('breaks Authentication-Info down for the scheme that was used', () => {
    render(<ExchangeDetail exchange={fixtures.digest()} onCopy={() => {}} />);
    const info = screen.getByTestId('auth-info');
    expect(within(info).getByRole('heading', { name: 'Authentication-Info' })).toBeTruthy();
    expect(within(info).getByText('Digest')).toBeTruthy();
    expect(paramRow(info, 'nextnonce').textContent).toContain(
      'A nonce the client should use for its next request',
    );
    expect(paramRow(info, 'rspauth').dataset.known).toBe('true');
    expect(paramRow(info, 'rspauth').textContent).toContain('d3b07384d113edec49eaa6238ad5ff00');
  });

  it('groups diagnostics by severity with code, message and RFC link', () => {
    render(<ExchangeDetail exchange={fixtures.malformed()} onCopy={() => {}} />);
    const list = screen.getByTestId('diagnostics');
    const groups = within(list).getAllByRole('region');
    expect(groups.map((g) => g.getAttribute('aria-label'))).toEqual(['Errors', 'Warnings', 'Info']);
    const errors = within(groups[0]!).getAllByRole('listitem');
    expect(errors.map((e) => e.dataset.code)).toEqual(['unterminated-quoted-string']);
    expect(within(errors[0]!).getByRole('link').textContent).toBe('RFC 9110 §5.6.4');
    expect(errors[0]!.textContent).toContain('WWW-Authenticate, line 1 col 22');
    expect(
      within(groups[1]!)
        .getAllByRole('listitem')
        .map((w) => w.dataset.code),
    ).toEqual(['realm-not-quoted', 'basic-over-http']);
  });

  it('stays usable on a field with hundreds of challenges and findings', async () => {
    const user = userEvent.setup();
    const exchange = makeExchange({
      id: 'flood',
      url: 'http://flood.example/',
      status: 401,
      headers: [{ name: 'WWW-Authenticate', value: Array(300).fill('Basic realm=x').join(', ') }],
    });
    render(<ExchangeDetail exchange={exchange} onCopy={() => {}} />);
    expect(screen.getAllByTestId('challenge')).toHaveLength(20);
    const warnings = within(screen.getByTestId('diagnostics')).getByRole('region', {
      name: 'Warnings',
    });
    expect(within(warnings).getAllByRole('listitem')).toHaveLength(100);
    await user.click(within(warnings).getByRole('button', { name: /Show all \d+/ }));
    expect(within(warnings).getAllByRole('listitem').length).toBeGreaterThan(100);
    await user.click(screen.getByRole('button', { name: 'Show all 300 challenges' }));
    expect(screen.getAllByTestId('challenge')).toHaveLength(300);
  });

  it('says what a record left out to stay within its size bound', () => {
    const exchange = {
      ...fixtures.basic(),
      truncated: [
        'AuthLens keeps at most 256 KiB of each record; this one was 9,000 KiB, so it does not keep:',
        '19,900 parameters beyond the first 100 of their list.',
      ],
    };
    render(<ExchangeDetail exchange={exchange} onCopy={() => {}} />);
    const note = screen.getByTestId('truncated');
    expect(note.getAttribute('role')).toBe('note');
    expect(within(note).getByRole('listitem').textContent).toBe(
      '19,900 parameters beyond the first 100 of their list.',
    );
    render(<ExchangeDetail exchange={fixtures.basic()} onCopy={() => {}} />);
    expect(screen.getAllByTestId('exchange-detail')).toHaveLength(2);
    expect(screen.getAllByTestId('truncated')).toHaveLength(1);
  });

  it('reports a 401 without any challenge on the response', () => {
    const exchange = makeExchange({
      id: 'bare',
      url: 'https://a.example/',
      status: 401,
      headers: [],
    });
    render(<ExchangeDetail exchange={exchange} onCopy={() => {}} />);
    expect(within(screen.getByTestId('diagnostics')).getByRole('listitem').dataset.code).toBe(
      '401-without-challenge',
    );
    expect(screen.queryByTestId('raw-header')).toBeNull();
  });

  it('copies the request as cURL, redacted, and a challenge as JSON', async () => {
    const user = userEvent.setup();
    const onCopy = vi.fn();
    render(<ExchangeDetail exchange={fixtures.digest()} onCopy={onCopy} />);
    await user.click(screen.getByTestId('copy-curl'));
    expect(onCopy).toHaveBeenLastCalledWith(
      "curl -i 'https://app.example.com/digest/sha-256' --digest -u 'USER:PASSWORD'",
      'cURL command (credentials redacted)',
    );
    expect(screen.getByRole('checkbox', { name: 'include credentials' })).toHaveProperty(
      'disabled',
      true,
    );
    await user.click(
      within(screen.getAllByTestId('challenge')[1]!).getByRole('button', { name: 'Copy as JSON' }),
    );
    const json = JSON.parse(onCopy.mock.lastCall![0] as string);
    expect(json).toMatchObject({
      field: 'WWW-Authenticate',
      scheme: 'Digest',
      token68: null,
      canonical: 'Digest realm="lab", qop="auth", algorithm=MD5, nonce="abc", opaque="def"',
    });
    expect(json.params[0]).toEqual({ name: 'realm', value: 'lab', quoted: true });
  });

  it('offers credentials in cURL only when the record holds their value', async () => {
    const user = userEvent.setup();
    const onCopy = vi.fn();
    const exchange = makeExchange({
      id: 'revealed',
      url: 'https://a.example/x',
      status: 401,
      headers: [{ name: 'WWW-Authenticate', value: 'Basic realm="a"' }],
      retry: {
        credentials: {
          header: 'Authorization',
          scheme: 'Basic',
          source: 'page',
          value: 'Basic YWxpY2U6d29uZGVybGFuZA==',
        },
        status: 200,
      },
    });
    render(<ExchangeDetail exchange={exchange} onCopy={onCopy} />);
    await user.click(screen.getByTestId('copy-curl'));
    expect(onCopy.mock.lastCall![0]).toBe(
      "curl -i 'https://a.example/x' --basic -u 'USER:PASSWORD'",
    );
    await user.click(screen.getByRole('checkbox', { name: 'include credentials' }));
    await user.click(screen.getByTestId('copy-curl'));
    expect(onCopy.mock.lastCall).toEqual([
      "curl -i 'https://a.example/x' -H 'Authorization: Basic YWxpY2U6d29uZGVybGFuZA=='",
      'cURL command with credentials',
    ]);
  });
});

describe('hostile header text in the detail', () => {
  const RLO = '\u202E';
  const hostile = () =>
    makeExchange({
      id: 'hostile',
      url: `https://a.example/x${RLO}gpj.exe`,
      status: 401,
      headers: [
        {
          name: 'WWW-Authenticate',
          value: `Basic realm="pay${RLO}lapyap", x${'\u0007'}y=1, charset="UTF-8${'\u200B'}"`,
        },
        { name: 'WWW-Authenticate', value: `Bearer error="a${RLO}b", token68only${'\u2066'}` },
      ],
    });

  it('shows every control, bidi and invisible character as ⟨U+XXXX⟩: heading, timeline, parameters, raw view, diagnostics', () => {
    render(<ExchangeDetail exchange={hostile()} onCopy={() => {}} />);
    const detail = screen.getByTestId('exchange-detail');
    expect(hasInvisible(detail.textContent)).toBe(false);
    expect(within(detail).getByRole('heading', { level: 2 }).textContent).toBe(
      'GET https://a.example/x⟨U+202E⟩gpj.exe',
    );
    expect(screen.getByTestId('timeline').textContent).toContain('x⟨U+202E⟩gpj.exe');
    const basic = screen.getAllByTestId('challenge')[0]!;
    expect(paramRow(basic, 'realm').textContent).toContain('pay⟨U+202E⟩lapyap');
    expect(paramRow(basic, 'charset').textContent).toContain('UTF-8⟨U+200B⟩');
    const raw = screen.getAllByTestId('raw-line').map((l) => l.textContent);
    expect(raw[0]).toContain('realm="pay⟨U+202E⟩lapyap"');
    // Tooltips and the texts screen readers get say it the same way.
    const described = [...detail.querySelectorAll('[hidden], [title]')].map(
      (e) => (e.getAttribute('title') ?? '') + e.textContent,
    );
    expect(hasInvisible(described.join(' '))).toBe(false);
  });
});
