// What AuthLens says about browsers (the lab's explanations, parser messages, diagnostics), checked
// in real Chromium. Chromium's parsed challenge is read from the DevTools protocol: with the Fetch
// domain handling auth requests, Chromium reports each challenge it would answer (scheme, realm) in
// Fetch.authRequired, and reports nothing for a challenge it cannot answer. Claims about Firefox
// cite their source instead, until the Firefox harness covers them:
// - duplicate realm: Firefox's nsHttpChannelAuthProvider::ParseRealm stops at the first realm
//   (mozilla-central netwerk/protocol/http/nsHttpChannelAuthProvider.cpp);
// - Negotiate: Firefox answers only for network.negotiate-auth.trusted-uris; Chromium uses the
//   user's credentials only for the AuthServerAllowlist policy (chromium.org design document "HTTP
//   authentication"; Chrome Enterprise policy AuthServerAllowlist), which the test below cannot
//   set up (no Kerberos here): it checks only that Chromium does not answer on its own.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeChallenges } from '../src/core/index.ts';
import { fetchFromPage, launchWithExtension, navigate, type ExtensionBrowser } from './chromium.ts';
import { closesAfterEach, useLab } from './fixtures.ts';

const lab = useLab();
const browsers = closesAfterEach<ExtensionBrowser>();

interface AuthChallenge {
  source?: 'Server' | 'Proxy';
  origin: string;
  scheme: string;
  realm: string;
}

/** Responses of the shapes under test: a status and raw header lines, repeated lines kept. */
const shapes: Record<string, { status: number; headers: Array<[string, string]> }> = {
  '/split-lines': {
    status: 401,
    headers: [
      ['WWW-Authenticate', 'Basic foo="bar"'],
      ['WWW-Authenticate', 'realm="joined"'],
    ],
  },
  '/basic-then-digest': {
    status: 401,
    headers: [
      ['WWW-Authenticate', 'Basic realm="basic"'],
      ['WWW-Authenticate', 'Digest realm="digest", nonce="bm9uY2U", qop="auth", algorithm=MD5'],
    ],
  },
  '/digest-sha-256': {
    status: 401,
    headers: [
      ['WWW-Authenticate', 'Digest realm="r", nonce="bm9uY2U", qop="auth", algorithm=SHA-256'],
    ],
  },
  '/digest-md5': {
    status: 401,
    headers: [['WWW-Authenticate', 'Digest realm="r", nonce="bm9uY2U", qop="auth", algorithm=MD5']],
  },
  '/over-256-kib': {
    status: 401,
    headers: [['WWW-Authenticate', `Basic realm="${'a'.repeat(300 * 1024)}"`]],
  },
  '/negotiate-only': { status: 401, headers: [['WWW-Authenticate', 'Negotiate']] },
};

let shapesUrl = '';
let closeShapes: () => Promise<void> = async () => {};
/** Authorization schemes the shapes server received, per path. */
const received: Array<{ path: string; authorization: string | undefined }> = [];

beforeAll(async () => {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    received.push({ path, authorization: req.headers.authorization });
    if (path === '/cors') return cors(req, res);
    if (path === '/page') {
      res.writeHead(200, ['Content-Type', 'text/html']).end('<!doctype html><title>page</title>');
      return;
    }
    const shape = shapes[path];
    if (!shape) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(shape.status, shape.headers.flat()).end('challenged');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  shapesUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  closeShapes = () => new Promise((resolve) => server.close(() => resolve()));
});
afterAll(() => closeShapes());

/** A cross-origin 401 whose Access-Control-Expose-Headers is the query's `expose`. */
function cors(req: IncomingMessage, res: ServerResponse): void {
  const expose = new URL(req.url ?? '/', 'http://x').searchParams.get('expose') ?? '*';
  res
    .writeHead(401, [
      'WWW-Authenticate',
      'Bearer realm="api"',
      'Access-Control-Allow-Origin',
      req.headers.origin ?? '*',
      'Access-Control-Allow-Credentials',
      'true',
      'Access-Control-Expose-Headers',
      expose,
    ])
    .end('{}');
}

async function browser(): Promise<ExtensionBrowser> {
  return browsers.use(await launchWithExtension());
}

/** Navigates to `url` and returns the challenges Chromium would answer, declining each. */
async function challengesChromiumAnswers(page: Page, url: string): Promise<AuthChallenge[]> {
  const cdp = await page.context().newCDPSession(page);
  const seen: AuthChallenge[] = [];
  cdp.on('Fetch.requestPaused', ({ requestId }: { requestId: string }) => {
    cdp.send('Fetch.continueRequest', { requestId }).catch(() => undefined);
  });
  cdp.on(
    'Fetch.authRequired',
    ({ requestId, authChallenge }: { requestId: string; authChallenge: AuthChallenge }) => {
      seen.push(authChallenge);
      cdp
        .send('Fetch.continueWithAuth', {
          requestId,
          authChallengeResponse: { response: 'CancelAuth' },
        })
        .catch(() => undefined);
    },
  );
  await cdp.send('Fetch.enable', { handleAuthRequests: true, patterns: [{ urlPattern: '*' }] });
  try {
    const outcome = await navigate(page, url);
    expect(outcome.status, `${url}: ${JSON.stringify(outcome)}`).toBe(401);
    return seen;
  } finally {
    await cdp.send('Fetch.disable').catch(() => undefined);
    await cdp.detach().catch(() => undefined);
  }
}

describe('what AuthLens says about Chromium, in Chromium', () => {
  it('takes the last of duplicate realms, and reads an unterminated realm to the end', async () => {
    // demo/scenarios.ts: "Chromium takes the last, Firefox the first"; "Chromium accepts it and
    // reads the realm to the end of the line".
    const { page } = await browser();
    const duplicate = await challengesChromiumAnswers(page, `${lab.url}/malformed/duplicate-realm`);
    expect(duplicate).toMatchObject([{ scheme: 'basic', realm: 'second' }]);
    const unterminated = await challengesChromiumAnswers(page, `${lab.url}/malformed/unterminated`);
    expect(unterminated).toMatchObject([{ scheme: 'basic', realm: 'lab' }]);
  });

  it('reads each field line on its own, where RFC 9110 §5.3 joins them', async () => {
    // parse.ts, challenge-split-across-lines: "HTTP joins the lines, but Chromium reads each line
    // on its own." Joined, the realm is "joined"; line by line, the Basic challenge has none.
    const { page } = await browser();
    const seen = await challengesChromiumAnswers(page, `${shapesUrl}/split-lines`);
    expect(seen).toMatchObject([{ scheme: 'basic', realm: '' }]);
    const joined = analyzeChallenges(shapes['/split-lines']!.headers.map(([, v]) => v));
    expect(joined.challenges[0]!.params.map((p) => p.name)).toEqual(['foo', 'realm']);
    expect(joined.diagnostics.map((d) => d.code)).toContain('challenge-split-across-lines');
  });

  it('ranks the schemes it supports and ignores the order the server sent', async () => {
    // demo/scenarios.ts /multi-line: "Chromium ranks the schemes it supports ... and ignores the
    // order the server sent" (chromium.org design document "HTTP authentication").
    const { page } = await browser();
    const seen = await challengesChromiumAnswers(page, `${shapesUrl}/basic-then-digest`);
    expect(seen).toMatchObject([{ scheme: 'digest', realm: 'digest' }]);
  });

  it('answers Digest with MD5 and SHA-256, and not with SHA-512-256', async () => {
    // demo/scenarios.ts /digest/sha-512-256: "Clients that only know MD5 or SHA-256 (Chromium,
    // for one) cannot answer it".
    const { page } = await browser();
    for (const path of ['/digest-md5', '/digest-sha-256']) {
      const seen = await challengesChromiumAnswers(page, `${shapesUrl}${path}`);
      expect(seen, path).toMatchObject([{ scheme: 'digest', realm: 'r' }]);
    }
    expect(await challengesChromiumAnswers(page, `${lab.url}/digest`)).toMatchObject([
      { scheme: 'digest' },
    ]);
    expect(await challengesChromiumAnswers(page, `${lab.url}/digest/sha-512-256`)).toEqual([]);
  });

  it('takes the 64 KiB header and refuses one past 256 KiB', async () => {
    // demo/scenarios.ts /malformed/huge: "within Chromium's 256 KiB".
    const { page } = await browser();
    const huge = await challengesChromiumAnswers(page, `${lab.url}/malformed/huge`);
    expect(huge).toHaveLength(1);
    expect(huge[0]!.realm.length).toBe(64 * 1024 - 'Basic realm=""'.length);
    const outcome = await navigate(page, `${shapesUrl}/over-256-kib`);
    expect(outcome.error).toBe('net::ERR_RESPONSE_HEADERS_TOO_BIG');
  });

  it('does not answer a Negotiate challenge on its own', async () => {
    const { page } = await browser();
    received.length = 0;
    await navigate(page, `${shapesUrl}/negotiate-only`);
    await navigate(page, `${lab.url}/negotiate`);
    expect(received.filter((r) => r.authorization !== undefined)).toEqual([]);
  });

  it('exposes WWW-Authenticate through "*" only to a request without credentials', async () => {
    // diagnose.ts, challenge-not-exposed-to-cors, after the Fetch Standard: "*" counts only when
    // the request's credentials mode is not "include".
    const { page } = await browser();
    // The page on localhost, the 401 on 127.0.0.1: another origin of the same server.
    await navigate(page, `${shapesUrl.replace('127.0.0.1', 'localhost')}/page`);
    const read = async (expose: string, credentials: 'omit' | 'include') => {
      const r = await fetchFromPage(page, `${shapesUrl}/cors?expose=${expose}`, { credentials });
      expect(r.status).toBe(401);
      return r.headers.find(([name]) => name === 'www-authenticate')?.[1] ?? null;
    };
    expect(await read('*', 'omit')).toBe('Bearer realm="api"');
    expect(await read('*', 'include')).toBeNull();
    expect(await read('WWW-Authenticate', 'include')).toBe('Bearer realm="api"');
    // AuthLens says the same of these responses.
    const headers = (expose: string) => [
      { name: 'Access-Control-Allow-Origin', value: 'http://localhost' },
      { name: 'Access-Control-Allow-Credentials', value: 'true' },
      { name: 'Access-Control-Expose-Headers', value: expose },
    ];
    const exposed = (expose: string, credentialsMode: 'omit' | 'include') =>
      !analyzeChallenges('Bearer realm="api"', {
        status: 401,
        responseHeaders: headers(expose),
        credentialsMode,
      }).diagnostics.some((d) => d.code === 'challenge-not-exposed-to-cors');
    expect(exposed('*', 'omit')).toBe(true);
    expect(exposed('*', 'include')).toBe(false);
    expect(exposed('WWW-Authenticate', 'include')).toBe(true);
  });
});
