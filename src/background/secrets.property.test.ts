// Live capture keeps no secret: whatever credentials, cookies and URL tokens a request carries, in
// whatever shape, neither the records, nor storage, nor what goes to the panels holds any part of
// them — and every request is still recorded.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { BackgroundEvent } from '../shared/protocol.ts';
import { cookieValue, credentialValue, secret, secretUrl } from '../shared/secret-shapes.ts';
import { createListeners } from './listeners.ts';
import { Recorder } from './recorder.ts';
import { TabStore, type StorageAreaLike } from './tab-store.ts';

function capture() {
  const data = new Map<string, unknown>();
  const area: StorageAreaLike = {
    get: async () => Object.fromEntries(data),
    set: async (items) => {
      for (const [k, v] of Object.entries(items)) data.set(k, structuredClone(v));
    },
    remove: async (keys) => {
      for (const k of keys) data.delete(k);
    },
  };
  const events: BackgroundEvent[] = [];
  const store = new TabStore(area, { failed: () => undefined, flushed: () => undefined });
  const recorder = new Recorder(store, (_tab, event) => events.push(event));
  const on = createListeners(recorder, (obs) => recorder.observe(obs));
  return { on, recorder, store, data, events };
}

const request = fc.record({
  authorization: credentialValue,
  proxy: fc.option(credentialValue, { nil: undefined }),
  cookie: cookieValue,
  url: secretUrl,
  password: fc.option(secret, { nil: undefined }),
  redirectTo: fc.option(secretUrl, { nil: undefined }),
  status: fc.constantFrom(401, 407, 200),
  /** Firefox names the page that started a request by its whole URL. */
  origin: fc.option(secretUrl, { nil: undefined }),
});

describe('live capture keeps no secret (property)', () => {
  it('in records, storage or panel events, whatever shape the secrets take', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(request, { minLength: 1, maxLength: 4 }), async (requests) => {
        const { on, recorder, store, data, events } = capture();
        const secrets: string[] = [];
        requests.forEach((r, i) => {
          // As Chrome reports URLs: canonical, the password percent-encoded.
          const password = r.password === undefined ? undefined : encodeURIComponent(r.password);
          const userinfo = password === undefined ? '' : `alice:${password}@`;
          const url = `https://${userinfo}api.test${r.url.path}`;
          const base = {
            requestId: `q${i}`,
            tabId: 3,
            frameId: 0,
            url,
            method: 'GET',
            type: 'xmlhttprequest',
            timeStamp: i * 10,
            ...(r.origin ? { originUrl: `https://app.test${r.origin.path}` } : {}),
          };
          if (r.origin) secrets.push(...r.origin.secrets);
          secrets.push(...r.authorization.secrets, ...r.cookie.secrets, ...r.url.secrets);
          if (password !== undefined) secrets.push(password);
          const requestHeaders = [
            { name: 'Authorization', value: r.authorization.value },
            { name: 'Cookie', value: r.cookie.value },
          ];
          if (r.proxy) {
            requestHeaders.push({ name: 'Proxy-Authorization', value: r.proxy.value });
            secrets.push(...r.proxy.secrets);
          }
          on.onSendHeaders({ ...base, requestHeaders });
          if (r.redirectTo) {
            secrets.push(...r.redirectTo.secrets);
            on.onBeforeRedirect({
              ...base,
              statusCode: 302,
              redirectUrl: `https://api.test${r.redirectTo.path}`,
            });
          }
          const field = r.status === 407 ? 'Proxy-Authenticate' : 'WWW-Authenticate';
          const responseHeaders = [
            { name: field, value: 'Bearer realm="api", error="invalid_token"' },
            { name: 'Set-Cookie', value: `${r.cookie.value}; HttpOnly` },
          ];
          on.onHeadersReceived({ ...base, statusCode: r.status, responseHeaders });
          on.onCompleted({ ...base, statusCode: r.status, responseHeaders });
        });
        await store.idle();
        const snapshot = recorder.snapshot(3);
        if (snapshot.type !== 'snapshot') throw new Error('snapshot');
        // Every request is recorded, with the scheme of what it sent when it had one.
        expect(snapshot.exchanges.map((e) => e.id)).toEqual(requests.map((_, i) => `q${i}`));
        const kept = [
          JSON.stringify(snapshot),
          JSON.stringify([...data.entries()]),
          JSON.stringify(events),
        ].join('\n');
        for (const s of secrets) expect(kept).not.toContain(s);
        expect(kept).not.toMatch(/"(set-)?cookie"/i);
      }),
      { numRuns: 60 },
    );
  });
});

describe('prototype keys at capture', () => {
  it('are plain header names, schemes and parameter names', async () => {
    const { on, recorder, store, data } = capture();
    const keys = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'];
    const base = {
      requestId: 'p',
      tabId: 3,
      frameId: 0,
      url: 'https://api.test/?__proto__=1&constructor=2',
      method: 'GET',
      type: 'xmlhttprequest',
      timeStamp: 1,
    };
    on.onSendHeaders({
      ...base,
      requestHeaders: [
        ...keys.map((name) => ({ name, value: 'x' })),
        { name: 'Authorization', value: 'constructor abc123secret' },
      ],
    });
    const responseHeaders = [
      ...keys.map((name) => ({ name, value: 'y' })),
      { name: 'WWW-Authenticate', value: 'constructor __proto__="a", toString=b, constructor=c' },
    ];
    on.onHeadersReceived({ ...base, statusCode: 401, responseHeaders });
    on.onCompleted({ ...base, statusCode: 401, responseHeaders });
    await store.idle();
    const snapshot = recorder.snapshot(3);
    if (snapshot.type !== 'snapshot') throw new Error('snapshot');
    const [exchange] = snapshot.exchanges;
    expect(exchange?.steps[0]).toMatchObject({
      credentials: [{ header: 'Authorization', scheme: 'constructor' }],
    });
    const response = exchange?.steps.find((s) => s.kind === 'response');
    if (response?.kind !== 'response') throw new Error('no response');
    expect(response.fields.map((f) => f.name)).toEqual(['WWW-Authenticate']);
    expect(response.fields[0]!.challenges[0]!.params.map((p) => p.name)).toEqual([
      '__proto__',
      'toString',
      'constructor',
    ]);
    const kept = JSON.stringify([...data.values()]);
    expect(kept).not.toContain('abc123secret');
    expect(kept).not.toMatch(/function|native code|\[object/);
    expect(Object.getPrototypeOf(exchange)).toBe(Object.prototype);
  });
});
