// Digest end to end against the running lab: every algorithm, userhash, auth-int, rspauth,
// stale nonces, nc replay and the 400 cases, with an RFC 7616 client built from digest.ts.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { A2, HA1, parseAlgorithm, response, rspauth, userhash } from './digest.ts';
import type { DigestAlgorithm, Qop } from './digest.ts';
import { scenarioCase } from './scenarios.ts';
import { startLab, type Lab } from './server.ts';
import { param, request, type RawResponse } from './testing.ts';

let lab: Lab;
beforeAll(async () => {
  lab = await startLab({ port: 0, proxyPort: 0 });
});
afterAll(() => lab.close());
afterEach(() => {
  vi.restoreAllMocks();
});

function algorithm(name: string): DigestAlgorithm {
  const found = parseAlgorithm(name);
  if (!found) throw new Error(name);
  return found;
}

interface Challenge {
  realm: string;
  nonce: string;
  opaque: string;
  lines: string[];
}

async function challenge(path = '/digest'): Promise<Challenge> {
  const res = await request(`${lab.url}${path}`);
  expect(res.status).toBe(401);
  const lines = res.lines('WWW-Authenticate');
  return {
    realm: param(lines[0] ?? '', 'realm') ?? '',
    nonce: param(lines[0] ?? '', 'nonce') ?? '',
    opaque: param(lines[0] ?? '', 'opaque') ?? '',
    lines,
  };
}

interface Attempt {
  path?: string;
  method?: string;
  alg?: string;
  nc?: string;
  cnonce?: string;
  qop?: Qop;
  password?: string;
  hashUser?: boolean;
  /** Defaults to the challenge's realm. */
  realm?: string;
  body?: string;
  /** Overrides for individual parameters (undefined removes one). */
  override?: Record<string, string | undefined>;
}

function authorization(
  ch: Challenge,
  a: Attempt = {},
): { header: string; expect: (res: RawResponse) => string } {
  const alg = algorithm(a.alg ?? 'SHA-256');
  const path = a.path ?? '/digest';
  const nc = a.nc ?? '00000001';
  const cnonce = a.cnonce ?? 'Y2xpZW50LW5vbmNl';
  const qop = a.qop ?? 'auth';
  const realm = a.realm ?? ch.realm;
  const ha1 = HA1({
    algorithm: alg,
    username: 'alice',
    realm,
    password: a.password ?? 'wonderland',
    nonce: ch.nonce,
    cnonce,
  });
  const entityBody = new TextEncoder().encode(a.body ?? '');
  const a2 = A2({ algorithm: alg, qop, method: a.method ?? 'GET', uri: path, entityBody });
  const params: Record<string, string | undefined> = {
    username: `"${a.hashUser ? userhash(alg, 'alice', realm) : 'alice'}"`,
    realm: `"${realm}"`,
    uri: `"${path}"`,
    algorithm: alg.name,
    nonce: `"${ch.nonce}"`,
    nc,
    cnonce: `"${cnonce}"`,
    qop,
    response: `"${response({ algorithm: alg, ha1, nonce: ch.nonce, nc, cnonce, qop, a2 })}"`,
    opaque: `"${ch.opaque}"`,
    ...(a.hashUser ? { userhash: 'true' } : {}),
    ...a.override,
  };
  const header = `Digest ${Object.entries(params)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ')}`;
  // The rspauth the server must send back (RFC 7616 §3.5), given its response body.
  const expectRspauth = (res: RawResponse): string =>
    rspauth({
      algorithm: alg,
      ha1,
      nonce: ch.nonce,
      nc,
      cnonce,
      qop,
      uri: path,
      ...(qop === 'auth-int' ? { responseBody: new TextEncoder().encode(res.body) } : {}),
    });
  return { header, expect: expectRspauth };
}

async function attempt(
  a: Attempt = {},
  ch?: Challenge,
): Promise<{ res: RawResponse; rspauth: string }> {
  const path = a.path ?? '/digest';
  const c = ch ?? (await challenge(path));
  const auth = authorization(c, a);
  const res = await request(`${lab.url}${path}`, {
    method: a.method ?? 'GET',
    headers: { Authorization: auth.header },
    ...(a.body !== undefined ? { body: a.body } : {}),
  });
  return { res, rspauth: auth.expect(res) };
}

describe('Digest success', () => {
  it.each([
    ['/digest', 'SHA-256', false],
    ['/digest', 'SHA-256', true],
    ['/digest', 'MD5', false],
    ['/digest', 'MD5', true],
    ['/digest/sess', 'SHA-256-sess', true],
    ['/digest/sess', 'MD5-sess', false],
    ['/digest/sha-512-256', 'SHA-512-256', true],
    ['/digest/sha-512-256', 'SHA-512-256-sess', false],
  ])('%s with %s (userhash %s) → 200 + Authentication-Info', async (path, alg, hashUser) => {
    const { res, rspauth: expected } = await attempt({ path, alg, hashUser });
    expect(res.status).toBe(200);
    const info = res.lines('Authentication-Info');
    expect(info).toHaveLength(1);
    const line = info[0] ?? '';
    expect(line).toMatch(
      /^nextnonce="[A-Za-z0-9_-]+", qop=auth, rspauth="[0-9a-f]+", cnonce="Y2xpZW50LW5vbmNl", nc=00000001$/,
    );
    expect(param(line, 'rspauth')).toBe(expected);
  });

  it('verifies qop=auth-int over the request body and signs the response body', async () => {
    const body = 'name=alice&wants=tea';
    const { res, rspauth: expected } = await attempt({ method: 'POST', qop: 'auth-int', body });
    expect(res.status).toBe(200);
    const line = res.lines('Authentication-Info')[0] ?? '';
    expect(param(line, 'qop')).toBe('auth-int');
    expect(param(line, 'rspauth')).toBe(expected);
  });

  it('rejects auth-int when the body is not the one that was hashed', async () => {
    const ch = await challenge();
    const auth = authorization(ch, { method: 'POST', qop: 'auth-int', body: 'amount=1' });
    const res = await request(`${lab.url}/digest`, {
      method: 'POST',
      headers: { Authorization: auth.header },
      body: 'amount=1000',
    });
    expect(res.status).toBe(401);
  });

  it('accepts username* (RFC 8187) and the nextnonce it hands out', async () => {
    const first = await attempt({ override: { username: undefined, 'username*': "UTF-8''alice" } });
    expect(first.res.status).toBe(200);
    const nextnonce = param(first.res.lines('Authentication-Info')[0] ?? '', 'nextnonce') ?? '';
    const ch = await challenge();
    const second = await attempt({}, { ...ch, nonce: nextnonce });
    expect(second.res.status).toBe(200);
  });

  it('accepts increasing nc values on one nonce', async () => {
    const ch = await challenge();
    for (const nc of ['00000001', '00000002', '0000000a']) {
      expect((await attempt({ nc }, ch)).res.status).toBe(200);
    }
  });
});

describe('Digest failures', () => {
  it('answers a wrong password with 401 and a fresh, non-stale challenge', async () => {
    const ch = await challenge();
    const { res } = await attempt({ password: 'looking-glass' }, ch);
    expect(res.status).toBe(401);
    const lines = res.lines('WWW-Authenticate');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain('algorithm=SHA-256');
    expect(lines[1]).toContain('algorithm=MD5');
    expect(lines.join()).not.toContain('stale');
    expect(param(lines[0] ?? '', 'nonce')).not.toBe(ch.nonce);
  });

  it('rejects a replayed nc with 401 stale=true', async () => {
    const ch = await challenge();
    expect((await attempt({}, ch)).res.status).toBe(200);
    const replay = await attempt({}, ch);
    expect(replay.res.status).toBe(401);
    expect(replay.res.lines('WWW-Authenticate')[0]).toContain('stale=true');
  });

  it('answers an expired nonce with a correct digest with the stale=true lines of the table', async () => {
    const ch = await challenge();
    const later = Date.now() + 6 * 60_000;
    vi.spyOn(Date, 'now').mockReturnValue(later);
    const { res } = await attempt({}, ch);
    expect(res.status).toBe(401);
    const lines = res.lines('WWW-Authenticate');
    const table = scenarioCase('digest.stale').lines;
    expect(lines).toHaveLength(table.length);
    lines.forEach((line, i) => {
      const nonce = param(line, 'nonce') ?? '';
      const opaque = param(line, 'opaque') ?? '';
      expect(line).toBe(table[i]?.replace('{nonce}', nonce).replace('{opaque}', opaque));
    });
    // The fresh nonce in the stale challenge works straight away.
    const retry = await attempt({}, { ...ch, nonce: param(lines[0] ?? '', 'nonce') ?? '' });
    expect(retry.res.status).toBe(200);
  });

  it('does not say stale for an expired nonce with a wrong password', async () => {
    const ch = await challenge();
    vi.spyOn(Date, 'now').mockReturnValue(Date.now() + 6 * 60_000);
    const { res } = await attempt({ password: 'nope' }, ch);
    expect(res.status).toBe(401);
    expect(res.lines('WWW-Authenticate').join()).not.toContain('stale');
  });

  it('answers an algorithm the resource did not offer with a fresh 401, not a 200', async () => {
    const { res } = await attempt({ alg: 'SHA-256-sess' });
    expect(res.status).toBe(401);
    expect(res.lines('WWW-Authenticate').join()).not.toContain('stale');
  });

  it('does not let an answer for realm "lab" through on /digest/sess (browser preemption)', async () => {
    const lab = await challenge('/digest');
    const { res } = await attempt({ path: '/digest/sess', alg: 'SHA-256' }, lab);
    expect(res.status).toBe(401);
    expect(res.lines('WWW-Authenticate')[0]).toContain('realm="lab sess"');
  });

  it('refuses a nonce it never issued', async () => {
    const ch = await challenge();
    const forged = { ...ch, nonce: 'A'.repeat(54) };
    const { res } = await attempt({}, forged);
    expect(res.status).toBe(401);
    expect(res.lines('WWW-Authenticate').join()).not.toContain('stale');
  });

  it.each([
    ['a uri that is not the request-target (§3.4.6)', { override: { uri: '"/elsewhere"' } }],
    ['a missing nc', { override: { nc: undefined } }],
    ['a missing qop', { override: { qop: undefined } }],
    ['an nc that is not 8 hex digits', { override: { nc: '1' } }],
    ['an unknown algorithm', { override: { algorithm: 'SHA-1' } }],
    ['a changed opaque', { override: { opaque: '"changed"' } }],
    ['username and username*', { override: { 'username*': "UTF-8''alice" } }],
  ] as const)('answers %s with 400', async (_label, a) => {
    const { res } = await attempt(a);
    expect(res.status).toBe(400);
    expect(res.lines('WWW-Authenticate')).toEqual([]);
  });

  it('answers broken and repeated Authorization fields with 400', async () => {
    for (const value of ['Digest realm="unterminated', 'Digest a="1", a="2"', 'Digest abc']) {
      const res = await request(`${lab.url}/digest`, { headers: { Authorization: value } });
      expect(res.status, value).toBe(400);
    }
    const ch = await challenge();
    const auth = authorization(ch);
    const twice = await new Promise<number>((resolve, reject) => {
      import('node:http').then(({ default: http }) => {
        const url = new URL(`${lab.url}/digest`);
        const req = http.request(
          { host: url.hostname, port: url.port, path: '/digest', agent: false },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.setHeader('Authorization', [auth.header, auth.header]);
        req.on('error', reject);
        req.end();
      }, reject);
    });
    expect(twice).toBe(400);
  });

  it('treats credentials of another scheme as none (a browser may send cached Basic)', async () => {
    const res = await request(`${lab.url}/digest`, {
      headers: { Authorization: 'Basic YWxpY2U6d29uZGVybGFuZA==' },
    });
    expect(res.status).toBe(401);
    expect(res.lines('WWW-Authenticate')).toHaveLength(2);
  });
});
