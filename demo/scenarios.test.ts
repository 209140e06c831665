// Every case in the scenario table, over real HTTP against startLab: status and the exact field
// lines, read from rawHeaders so repeated lines stay separate.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCENARIOS, octets } from './scenarios.ts';
import { startLab, type Lab } from './server.ts';
import { request } from './testing.ts';

let lab: Lab;
beforeAll(async () => {
  lab = await startLab({ port: 0, proxyPort: 0 });
});
afterAll(() => lab.close());

/** Checks one received line against a table line; placeholders match what the server fills in. */
function expectLine(received: string | undefined, template: string, origin: string): void {
  if (!/\{(?:nonce|opaque|origin)\}/.test(template)) {
    expect(received === template, `line differs from the table: ${received?.slice(0, 200)}`).toBe(
      true,
    );
    return;
  }
  const quote = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = quote(template)
    .replace(/\\\{(nonce|opaque)\\\}/g, '[A-Za-z0-9_-]+')
    .replace(/\\\{origin\\\}/g, quote(origin));
  expect(received).toMatch(new RegExp(`^${pattern}$`));
}

const cases = SCENARIOS.flatMap((scenario) =>
  scenario.cases
    .filter((kase) => !kase.manual)
    .map((kase) => ({ path: kase.path ?? scenario.path, kase })),
);

describe('scenario table over HTTP', () => {
  it.each(cases)('$kase.id: $path → $kase.status', async ({ path, kase }) => {
    const res = await request(`${lab.url}${path}`, {
      ...(kase.request ? { headers: { ...kase.request } } : {}),
      ...(kase.via === 'proxy' ? { proxy: lab.proxyUrl } : {}),
    });
    expect(res.status).toBe(kase.status);
    const field = kase.field ?? 'WWW-Authenticate';
    const lines = res.lines(field);
    expect(lines).toHaveLength(kase.lines.length);
    kase.lines.forEach((template, i) => expectLine(lines[i], template, lab.url));
    // The other challenge field never appears alongside.
    const other = field === 'WWW-Authenticate' ? 'Proxy-Authenticate' : 'WWW-Authenticate';
    expect(res.lines(other)).toEqual([]);
    if (kase.location) expect(res.lines('Location')).toEqual([kase.location]);
  });

  it('sends the exact lines for the static challenges', async () => {
    const multi = await request(`${lab.url}/multi-line`);
    expect(multi.lines('WWW-Authenticate')).toEqual([
      'Newauth realm="apps", type=1, title="Login to \\"apps\\""',
      'Bearer realm="lab"',
      'Basic realm="lab multi", charset="UTF-8"',
    ]);
    const one = await request(`${lab.url}/multi-one-line`);
    expect(one.lines('WWW-Authenticate')).toEqual([
      'Newauth realm="apps", type=1, title="Login to \\"apps\\"", Bearer realm="lab", ' +
        'Basic realm="lab multi", charset="UTF-8"',
    ]);
    expect((await request(`${lab.url}/basic`)).lines('WWW-Authenticate')).toEqual([
      'Basic realm="lab", charset="UTF-8"',
    ]);
    expect((await request(`${lab.url}/negotiate`)).lines('WWW-Authenticate')).toEqual([
      'Negotiate',
      'NTLM',
    ]);
    expect((await request(`${lab.url}/dpop`)).lines('WWW-Authenticate')).toEqual([
      'DPoP realm="lab", algs="ES256 EdDSA"',
    ]);
  });

  it('sends the Bearer error lines exactly', async () => {
    const bad = await request(`${lab.url}/bearer`, { headers: { Authorization: 'Bearer nope' } });
    expect(bad.lines('WWW-Authenticate')).toEqual([
      'Bearer realm="lab", error="invalid_token", error_description="The access token is not recognised"',
    ]);
    const scoped = await request(`${lab.url}/bearer/scoped`, {
      headers: { Authorization: 'Bearer lab-token-read' },
    });
    expect(scoped.status).toBe(403);
    expect(scoped.lines('WWW-Authenticate')).toEqual([
      'Bearer realm="lab", error="insufficient_scope", ' +
        'error_description="This resource needs the lab:write scope", scope="lab:write"',
    ]);
    const meta = await request(`${lab.url}/bearer/metadata`);
    expect(meta.lines('WWW-Authenticate')).toEqual([
      `Bearer realm="lab", resource_metadata="${lab.url}/.well-known/oauth-protected-resource/bearer/metadata"`,
    ]);
  });

  it('sends the malformed challenges byte for byte', async () => {
    const get = async (slug: string): Promise<string[]> =>
      (await request(`${lab.url}/malformed/${slug}`)).lines('WWW-Authenticate');
    expect(await get('unterminated')).toEqual(['Basic realm="lab']);
    expect(await get('missing-comma')).toEqual(['Basic realm="lab" charset="UTF-8"']);
    expect(await get('htab')).toEqual(['Basic\trealm="lab"']);
    expect(await get('duplicate-realm')).toEqual(['Basic realm="first", realm="second"']);
    expect(await get('unquoted-realm')).toEqual(['Basic realm=lab']);
    expect(await get('param-before-scheme')).toEqual(['realm="lab", Basic']);
    expect(await get('hostile')).toEqual(['Basic realm="<img src=x onerror=alert(1)>"']);
    expect(await get('empty')).toEqual(['']);
    // UTF-8 octets on the wire; rawHeaders shows one char per octet.
    const nonAscii = await get('non-ascii');
    expect(nonAscii).toEqual([octets('Basic realm="Café Zürich ☕"')]);
    expect(Buffer.from(nonAscii[0] ?? '', 'latin1').toString('utf8')).toBe(
      'Basic realm="Café Zürich ☕"',
    );
    const huge = await get('huge');
    expect(huge).toHaveLength(1);
    expect(huge[0]).toHaveLength(64 * 1024);
    expect(huge[0]).toMatch(/^Basic realm="a+"$/);
  });

  it('follows the SSO redirect chain to a 401 and then to a 200 with credentials', async () => {
    const res = await fetch(`${lab.url}/sso/start`);
    expect(res.status).toBe(401);
    expect(res.url).toBe(`${lab.url}/sso/protected`);
    expect(res.headers.get('www-authenticate')).toBe('Basic realm="lab sso", charset="UTF-8"');
  });
});

describe('RFC 9728 protected-resource metadata', () => {
  it('serves the path-suffixed document named by resource_metadata', async () => {
    const res = await fetch(`${lab.url}/.well-known/oauth-protected-resource/bearer/metadata`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    const doc = (await res.json()) as Record<string, unknown>;
    // §3.3: resource must equal the identifier the well-known URL was built from.
    expect(doc['resource']).toBe(`${lab.url}/bearer/metadata`);
    expect(doc['bearer_methods_supported']).toEqual(['header']);
  });

  it('serves the origin-level document', async () => {
    const res = await fetch(`${lab.url}/.well-known/oauth-protected-resource`);
    const doc = (await res.json()) as Record<string, unknown>;
    expect(doc['resource']).toBe(lab.url);
  });

  it('uses the Host the client used when it is loopback, and ignores any other', async () => {
    const port = new URL(lab.url).port;
    const local = await request(`${lab.url}/bearer/metadata`, {
      headers: { Host: `localhost:${port}` },
    });
    expect(local.lines('WWW-Authenticate')[0]).toContain(`"http://localhost:${port}/.well-known/`);
    const evil = await request(`${lab.url}/bearer/metadata`, {
      headers: { Host: 'evil.example' },
    });
    expect(evil.lines('WWW-Authenticate')[0]).toContain(`"${lab.url}/.well-known/`);
  });
});

describe('index page', () => {
  it('lists every scenario, documents the credentials and escapes header text', async () => {
    const res = await request(`${lab.url}/`);
    expect(res.status).toBe(200);
    expect(res.lines('Content-Security-Policy')[0]).toContain("script-src 'self'");
    for (const scenario of SCENARIOS) expect(res.body).toContain(`href="${scenario.path}"`);
    expect(res.body).toContain('alice');
    expect(res.body).toContain('wonderland');
    expect(res.body).toContain('lab-token-read');
    expect(res.body).not.toContain('<img');
    expect(res.body).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(res.body).toContain('--proxy-bypass-list=&lt;-loopback&gt;');
  });

  it('serves a script that writes text, never HTML', async () => {
    const res = await request(`${lab.url}/lab.js`);
    expect(res.status).toBe(200);
    expect(res.body).toContain('textContent');
    expect(res.body).toContain("credentials: 'omit'");
    expect(res.body).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
  });

  it('labels the challenge-only scenarios as such in their bodies', async () => {
    expect((await request(`${lab.url}/negotiate`)).body).toContain('Challenge only');
    expect((await request(`${lab.url}/dpop`)).body).toContain('challenge only');
  });

  it('answers unknown paths with 404', async () => {
    expect((await request(`${lab.url}/nope`)).status).toBe(404);
  });
});
