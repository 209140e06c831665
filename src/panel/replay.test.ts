import { describe, expect, it, vi } from 'vitest';
import {
  checkTarget,
  replay,
  replayInit,
  requestUrl,
  type ReplayFetch,
  type ReplayRequest,
} from './replay.ts';

const request: ReplayRequest = {
  url: 'https://app.example.com/a"b\\c?x=1#fragment',
  method: 'GET',
  headerName: 'Authorization',
  headerValue: 'Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==',
};

const answering =
  (status: number, headers: Record<string, string> = {}): ReplayFetch =>
  async (url) => ({
    status,
    statusText: status === 200 ? 'OK' : 'Unauthorized',
    url,
    headers: { get: (name) => headers[name.toLowerCase()] ?? null },
  });

describe('replay', () => {
  it('sends the typed field alone: no cookies, no cache, no referrer, no fragment', async () => {
    const send = vi.fn(answering(200, { 'authentication-info': 'rspauth="x"' }));
    const outcome = await replay(send, request);
    expect(send).toHaveBeenCalledTimes(1);
    const [url, init] = send.mock.calls[0]!;
    expect(url).toBe('https://app.example.com/a%22b/c?x=1');
    expect(init).toMatchObject({
      method: 'GET',
      headers: { Authorization: request.headerValue },
      credentials: 'omit',
      cache: 'no-store',
      referrerPolicy: 'no-referrer',
    });
    expect(outcome).toEqual({
      ok: true,
      status: 200,
      statusText: 'OK',
      url,
      authenticationInfo: 'rspauth="x"',
      wwwAuthenticate: null,
    });
  });

  it('turns a network error and a silent server into outcomes', async () => {
    const failing: ReplayFetch = async () => {
      throw new TypeError('Failed to fetch');
    };
    expect(await replay(failing, request)).toEqual({ ok: false, error: 'Failed to fetch' });
    const silent: ReplayFetch = (_url, init) =>
      new Promise((_resolve, reject) =>
        init.signal!.addEventListener('abort', () => reject(new Error('aborted'))),
      );
    expect(await replay(silent, request, { timeoutMs: 20 })).toEqual({
      ok: false,
      error: 'no answer within 0.02 s',
    });
  });

  it('sends nothing but http and https', async () => {
    const send = vi.fn(answering(200));
    for (const url of ['javascript:alert(1)', 'file:///etc/passwd', 'not a url']) {
      expect(await replay(send, { ...request, url })).toMatchObject({ ok: false });
    }
    expect(send).not.toHaveBeenCalled();
    expect(requestUrl('data:text/plain,x')).toBeNull();
  });

  it('builds the init without a signal when none is given', () => {
    expect(replayInit(request)).not.toHaveProperty('signal');
  });
});

describe('checkTarget', () => {
  const exchangeUrl = 'https://app.example.com/login';
  const at = (replayUrl: string, tabOrigin: string | null | undefined, imported = false) =>
    checkTarget({ exchangeUrl, replayUrl, tabOrigin, imported });

  it('allows the challenging origin while the tab shows it (or is still being asked)', () => {
    expect(at('https://app.example.com/login?x', 'https://app.example.com')).toEqual({
      refuse: null,
      confirm: null,
    });
    expect(at(exchangeUrl, undefined)).toEqual({ refuse: null, confirm: null });
  });

  it('refuses any other origin, scheme or port, whatever the tab shows', () => {
    for (const url of [
      'https://evil.example/login',
      'http://app.example.com/login',
      'https://app.example.com:8443/login',
      'ftp://app.example.com/',
    ]) {
      expect(at(url, 'https://app.example.com').refuse, url).not.toBeNull();
    }
  });

  it('asks for a confirmation for imported records and for a tab elsewhere or unknown', () => {
    expect(at(exchangeUrl, 'https://app.example.com', true).confirm).toMatch(/imported/);
    expect(at(exchangeUrl, 'https://other.example').confirm).toMatch(
      /This tab now shows https:\/\/other\.example, not https:\/\/app\.example\.com/,
    );
    expect(at(exchangeUrl, null).confirm).toMatch(/could not be checked/);
  });
});
