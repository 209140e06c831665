// The authlens command end to end: the bundle built once, run through the bin shim against local
// servers on 127.0.0.1 (good and misconfigured endpoints, redirects, a server that never answers,
// a closed port) and against HAR files. Exit statuses and the JSON shape are the contract CI uses.
import { execFile } from 'node:child_process';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasInvisible } from '../shared/visible-text.ts';
import type { CheckReport } from './result.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Async on purpose: a synchronous spawn would block the servers this process runs. */
function run(args: string[], shim = join(root, 'bin/authlens.js')): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [shim, ...args],
      { cwd: root, env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

async function runJson(args: string[]): Promise<Run & { report: CheckReport }> {
  const result = await run([...args, '--json']);
  return { ...result, report: JSON.parse(result.stdout) as CheckReport };
}

const codesOf = (report: CheckReport, i = 0) => report.results[i]!.diagnostics.map((d) => d.code);

let server: http.Server;
let base = '';
let port = 0;
let tmp = '';

/** path → [status, headers]; a function gets the request. */
type Route = [number, Record<string, string | string[]>, string?];
function routes(req: http.IncomingMessage): Route | 'hang' | undefined {
  const meta = (name: string) => `${base}/.well-known/oauth-protected-resource/${name}`;
  const table: Record<string, Route | 'hang'> = {
    '/ok': [200, {}],
    '/basic': [401, { 'WWW-Authenticate': 'Basic realm="staging", charset="UTF-8"' }],
    '/unterminated': [401, { 'WWW-Authenticate': 'Basic realm="staging' }],
    '/md5': [401, { 'WWW-Authenticate': 'Digest realm="r", nonce="abc", qop="auth"' }],
    '/basic-no-realm': [401, { 'WWW-Authenticate': 'Basic' }],
    '/bearer-invalid-error': [
      401,
      { 'WWW-Authenticate': 'Bearer realm="api", error="token_expired"' },
    ],
    '/no-challenge': [401, {}],
    '/scope': [
      401,
      { 'WWW-Authenticate': 'Bearer realm="api", error="insufficient_scope", scope="write"' },
    ],
    '/two-lines': [401, { 'WWW-Authenticate': ['Negotiate', 'Basic realm="win"'] }],
    '/bearer-good': [
      401,
      { 'WWW-Authenticate': `Bearer realm="api", resource_metadata="${meta('bearer-good')}"` },
    ],
    '/.well-known/oauth-protected-resource/bearer-good': [
      200,
      { 'Content-Type': 'application/json' },
      JSON.stringify({
        resource: `${base}/bearer-good`,
        authorization_servers: ['https://as.example.com'],
      }),
    ],
    '/bearer-wrong-metadata': [
      401,
      { 'WWW-Authenticate': `Bearer realm="api", resource_metadata="${meta('wrong')}"` },
    ],
    '/.well-known/oauth-protected-resource/wrong': [
      200,
      { 'Content-Type': 'application/json' },
      JSON.stringify({ resource: 'https://elsewhere.example.com/' }),
    ],
    '/bearer-missing-metadata': [
      401,
      { 'WWW-Authenticate': `Bearer realm="api", resource_metadata="${meta('missing')}"` },
    ],
    '/invalid-token': [401, { 'WWW-Authenticate': 'Bearer realm="api", error="invalid_token"' }],
    '/redirect': [302, { Location: '/basic' }],
    '/redirect-chain': [301, { Location: `${base}/redirect` }],
    '/loop': [302, { Location: '/loop' }],
    '/to-localhost': [307, { Location: `http://localhost:${port}/seen-auth` }],
    '/seen-auth': [
      401,
      { 'WWW-Authenticate': `Bearer realm="${req.headers.authorization ?? 'none'}"` },
    ],
    '/hang': 'hang',
  };
  return table[req.url ?? ''];
}

beforeAll(async () => {
  const build = await new Promise<Run>((resolve) => {
    execFile(
      process.execPath,
      [join(root, 'node_modules/vite/bin/vite.js'), 'build', '-c', 'vite.cli.config.ts'],
      { cwd: root },
      (error, stdout, stderr) => resolve({ code: error ? 1 : 0, stdout, stderr }),
    );
  });
  if (build.code !== 0) throw new Error(`CLI build failed:\n${build.stderr}`);
  server = http.createServer((req, res) => {
    const route = routes(req);
    if (route === 'hang') return; // never answers: the timeout case
    if (!route) {
      res.writeHead(404).end('not found');
      return;
    }
    const [status, headers, body] = route;
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    res.writeHead(status).end(body ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
  tmp = await mkdtemp(join(tmpdir(), 'authlens-cli-'));
}, 120_000);

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe('authlens check', () => {
  it('passes a good endpoint: exit 0, and the documented JSON shape', async () => {
    const { code, report, stderr } = await runJson(['check', `${base}/bearer-good`]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(report).toMatchObject({
      authlens: 'check',
      version: 1,
      problems: [],
      summary: { urls: 1, errors: 0, failed: 0 },
    });
    const result = report.results[0]!;
    expect(result).toMatchObject({
      url: `${base}/bearer-good`,
      finalUrl: `${base}/bearer-good`,
      status: 401,
      redirects: [],
      error: null,
      challenges: [
        {
          field: 'WWW-Authenticate',
          scheme: 'Bearer',
          token68: null,
          params: [
            { name: 'realm', value: 'api' },
            { name: 'resource_metadata', value: expect.stringContaining('/.well-known/') },
          ],
        },
      ],
    });
    // Loopback: the transport finding is a warning, not an error, by design.
    expect(result.diagnostics).toEqual([
      {
        severity: 'warning',
        code: 'bearer-over-http',
        message: expect.any(String),
        reference: {
          document: 'RFC 6750',
          section: '5.3',
          url: 'https://www.rfc-editor.org/rfc/rfc6750#section-5.3',
        },
        field: 'WWW-Authenticate',
        challenge: 0,
        span: expect.any(Object),
      },
    ]);
  });

  it.each([
    ['/unterminated', 'unterminated-quoted-string', 'error', 1],
    ['/basic-no-realm', 'basic-missing-realm', 'error', 1],
    ['/bearer-invalid-error', 'bearer-invalid-error-code', 'warning', 0],
    ['/no-challenge', '401-without-challenge', 'error', 1],
    ['/md5', 'digest-md5-only', 'warning', 0],
    ['/scope', 'insufficient-scope-not-403', 'warning', 0],
    ['/basic', 'basic-over-http', 'warning', 0],
  ])('%s reports %s (%s) and exits %i', async (path, code, severity, exit) => {
    const result = await runJson(['check', `${base}${path}`]);
    expect(result.code).toBe(exit);
    const found = result.report.results[0]!.diagnostics.find((d) => d.code === code);
    expect(found, JSON.stringify(result.report.results[0]!.diagnostics)).toBeDefined();
    expect(found!.severity).toBe(severity);
  });

  it('checks several URLs in order and fails if any has an error', async () => {
    const { code, report } = await runJson([
      'check',
      `${base}/ok`,
      `${base}/unterminated`,
      `${base}/md5`,
    ]);
    expect(code).toBe(1);
    expect(report.results.map((r) => [r.url.slice(base.length), r.status])).toEqual([
      ['/ok', 200],
      ['/unterminated', 401],
      ['/md5', 401],
    ]);
    expect(report.summary).toMatchObject({ urls: 3, failed: 0 });
    expect(report.summary.errors).toBeGreaterThan(0);
  });

  it('keeps repeated WWW-Authenticate lines apart, as sent', async () => {
    const { report } = await runJson(['check', `${base}/two-lines`]);
    expect(report.results[0]!.fields).toEqual([
      { name: 'WWW-Authenticate', lines: ['Negotiate', 'Basic realm="win"'] },
    ]);
    expect(report.results[0]!.challenges.map((c) => c.scheme)).toEqual(['Negotiate', 'Basic']);
  });

  it('--fail-on warning turns warnings into exit 1', async () => {
    expect((await run(['check', `${base}/md5`])).code).toBe(0);
    expect((await run(['check', `${base}/md5`, '--fail-on', 'warning'])).code).toBe(1);
  });

  it('follows redirects by hand and reports each hop', async () => {
    const { code, report } = await runJson(['check', `${base}/redirect-chain`]);
    expect(code).toBe(0);
    expect(report.results[0]).toMatchObject({
      url: `${base}/redirect-chain`,
      finalUrl: `${base}/basic`,
      status: 401,
      redirects: [
        { status: 301, from: `${base}/redirect-chain`, to: `${base}/redirect` },
        { status: 302, from: `${base}/redirect`, to: `${base}/basic` },
      ],
    });
  });

  it('stops a redirect loop after 10 hops: exit 2 with one line', async () => {
    const { code, stderr, report } = await runJson(['check', `${base}/loop`]);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toEqual([expect.stringMatching(/more than 10 redirects/)]);
    expect(report.results[0]!.redirects).toHaveLength(11);
  });

  it('does not carry Authorization to another origin on a redirect', async () => {
    const auth = ['--header', 'Authorization: Bearer secret'];
    const same = await runJson(['check', `${base}/seen-auth`, ...auth]);
    expect(same.report.results[0]!.challenges[0]!.params[0]!.value).toBe('Bearer secret');
    const other = await runJson(['check', `${base}/to-localhost`, ...auth]);
    expect(other.report.results[0]!.challenges[0]!.params[0]!.value).toBe('none');
  });

  it('knows the request carried credentials only when --header Authorization says so', async () => {
    const bare = await runJson(['check', `${base}/invalid-token`]);
    expect(codesOf(bare.report)).toContain('bearer-error-without-credentials');
    const withToken = await runJson([
      'check',
      `${base}/invalid-token`,
      '--header',
      'Authorization: Bearer expired',
    ]);
    expect(codesOf(withToken.report)).not.toContain('bearer-error-without-credentials');
  });

  it('times out on a server that never answers: exit 2, one clear line', async () => {
    const started = Date.now();
    const { code, stdout, stderr } = await run(['check', `${base}/hang`, '--timeout', '300']);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(code).toBe(2);
    expect(stderr).toBe(`authlens: no response from ${base}/hang within 300 ms (timed out)\n`);
    expect(stdout).toContain('could not be checked');
  });

  it('reports an unreachable port: exit 2, one clear line', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const freePort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const { code, stderr, report } = await runJson(['check', `http://127.0.0.1:${freePort}/`]);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^authlens: cannot reach http:\/\/127\.0\.0\.1:\d+\/: .*ECONNREFUSED/),
    ]);
    expect(report.results[0]).toMatchObject({ status: null, error: expect.any(String) });
  });

  it.each([
    [['check', 'not a url'], /^authlens: not a valid URL: "not a url"/],
    [['check', 'ftp://example.com/'], /^authlens: not an http\(s\) URL/],
    [['check', '--frobnicate', 'https://example.com/'], /^authlens: unknown option --frobnicate/],
    [['frobnicate'], /^authlens: unknown command "frobnicate"/],
  ])('bad input %j: status 2, one line on stderr, nothing on stdout', async (args, message) => {
    const { code, stdout, stderr } = await run(args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toEqual([expect.stringMatching(message)]);
  });

  it('diagnoses a malformed field that a strict HTTP parser would refuse', async () => {
    const raw = net.createServer((socket) => {
      socket.once('data', () =>
        socket.end(
          'HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm="a\x01b"\r\n' +
            'WWW-Authenticate: Basic realm="Z\u00c3\u00bcrich"\r\nContent-Length: 0\r\n\r\n',
          'latin1',
        ),
      );
    });
    await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
    try {
      const { code, report } = await runJson([
        'check',
        `http://127.0.0.1:${(raw.address() as AddressInfo).port}/`,
      ]);
      expect(code).toBe(1);
      expect(report.results[0]!.fields[0]!.lines).toEqual([
        'Basic realm="a\x01b"',
        'Basic realm="Zürich"',
      ]);
      expect(codesOf(report)).toEqual(
        expect.arrayContaining(['control-character', 'non-ascii-value']),
      );
    } finally {
      await new Promise((resolve) => raw.close(resolve));
    }
  });

  it("shows a hostile header's control and bidi characters as marks in text, exact in --json", async () => {
    // ESC ] 0 ; … BEL retitles a terminal, ESC [ 2 J clears it, U+202E reverses what follows.
    const realm = 'x\x1b]0;owned\x07\x1b[2J\u202eyx';
    const raw = net.createServer((socket) => {
      socket.once('data', (request) =>
        socket.end(
          request.toString('latin1').startsWith('GET /moved')
            ? `HTTP/1.1 302 Found\r\nLocation: http://[${realm}\r\nContent-Length: 0\r\n\r\n`
            : `HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm="${realm}"\r\n` +
                'Content-Length: 0\r\n\r\n',
          'utf8',
        ),
      );
    });
    await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(raw.address() as AddressInfo).port}/`;
      const text = await run(['check', url]);
      expect(text.code).toBe(1);
      expect(text.stdout.split('\n').filter(hasInvisible)).toEqual([]);
      expect(text.stdout).toContain(
        'WWW-Authenticate: Basic realm="x⟨U+001B⟩]0;owned⟨U+0007⟩⟨U+001B⟩[2J⟨U+202E⟩yx"',
      );
      const { report } = await runJson(['check', url]);
      expect(report.results[0]!.fields[0]!.lines).toEqual([`Basic realm="${realm}"`]);
      expect(report.results[0]!.challenges[0]!.params[0]!.value).toBe(realm);
      // Messages that quote a header go to stderr escaped too.
      const moved = await run(['check', `${url}moved`]);
      expect(moved.code).toBe(2);
      expect(moved.stderr).toContain('invalid Location "http://[x⟨U+001B⟩]0;owned⟨U+0007⟩');
      expect(`${moved.stdout}${moved.stderr}`.split('\n').filter(hasInvisible)).toEqual([]);
    } finally {
      await new Promise((resolve) => raw.close(resolve));
    }
  });

  it('prints a readable report without colour when not on a TTY', async () => {
    const { stdout } = await run(['check', `${base}/unterminated`]);
    expect(stdout).not.toContain('\x1b[');
    expect(stdout).toContain(`✗ ${base}/unterminated  401`);
    expect(stdout).toContain('WWW-Authenticate: Basic realm="staging');
    expect(stdout).toMatch(/error\s+unterminated-quoted-string/);
    expect(stdout).toContain('RFC 9110 §5.6.4');
  });
});

// The whole chain, over https with a throwaway CA, is in follow-metadata.test.ts.
describe('authlens check --follow-metadata', () => {
  it('reports metadata for another resource, without authorization servers', async () => {
    const { code, report } = await runJson([
      'check',
      `${base}/bearer-wrong-metadata`,
      '--follow-metadata',
    ]);
    expect(code).toBe(1);
    expect(codesOf(report)).toEqual(
      expect.arrayContaining([
        'resource-metadata-resource-mismatch',
        'resource-metadata-no-authorization-servers',
      ]),
    );
  });

  it('reports metadata that cannot be fetched as a diagnostic, not a network error', async () => {
    const { code, report } = await runJson([
      'check',
      `${base}/bearer-missing-metadata`,
      '--follow-metadata',
    ]);
    expect(code).toBe(1);
    expect(codesOf(report)).toContain('resource-metadata-unreachable');
  });
});

describe('authlens check --expect', () => {
  const rules = {
    authlens: 'expectations',
    version: 1,
    rules: [
      {
        name: 'API',
        match: 'http://127.0.0.1:*/bearer-*',
        schemes: ['Bearer'],
        params: { realm: 'api', resource_metadata: true },
      },
      { match: '*', forbid: ['Basic over http'] },
    ],
  };

  it('passes an endpoint that meets its rules and fails one that does not', async () => {
    const file = join(tmp, 'rules.json');
    await writeFile(file, JSON.stringify(rules));
    const good = await runJson(['check', `${base}/bearer-good`, '--expect', file]);
    expect(good.code).toBe(0);
    const bad = await runJson([
      'check',
      `${base}/bearer-invalid-error`,
      `${base}/basic`,
      '--expect',
      file,
    ]);
    expect(bad.code).toBe(1);
    const failed = bad.report.results.flatMap((r) =>
      r.diagnostics.filter((d) => d.code === 'expectation-failed'),
    );
    expect(failed.map((d) => [d.rule, d.severity])).toEqual([
      [0, 'error'],
      [1, 'error'],
    ]);
    expect(failed[0]!.message).toContain('no "resource_metadata"');
    expect(failed[1]!.message).toContain('Basic is forbidden over plain http');
  });

  it('refuses an invalid rules file, naming the rule and field: exit 2', async () => {
    const file = join(tmp, 'bad-rules.json');
    await writeFile(
      file,
      JSON.stringify({ ...rules, rules: [rules.rules[0], { match: '*', forbid: 'Basic' }] }),
    );
    const { code, stdout, stderr } = await run(['check', `${base}/ok`, '--expect', file]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toEqual([
      expect.stringContaining('rules[1].forbid: must be a non-empty array'),
    ]);
  });
});

describe('authlens check --har', () => {
  const entry = (url: string, status: number, headers: Array<{ name: string; value: string }>) => ({
    startedDateTime: '2026-01-01T00:00:00.000Z',
    time: 5,
    request: {
      method: 'GET',
      url,
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: [],
      queryString: [],
      headersSize: -1,
      bodySize: 0,
    },
    response: {
      status,
      statusText: '',
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers,
      content: { size: 0, mimeType: 'text/plain' },
      redirectURL: '',
      headersSize: -1,
      bodySize: 0,
    },
    cache: {},
    timings: { send: 0, wait: 5, receive: 0 },
  });

  it('checks a 10 MB HAR offline and notes the entries it skipped', async () => {
    const filler = 'z'.repeat(5000);
    const entries: unknown[] = Array.from({ length: 2100 }, (_, i) =>
      entry(`https://staging.example.com/static/${i}`, 200, [{ name: 'X-Filler', value: filler }]),
    );
    entries.push(
      entry('http://staging.example.com/login', 401, [
        { name: 'WWW-Authenticate', value: 'Basic realm="staging"' },
      ]),
      entry('https://staging.example.com/api', 401, [
        { name: 'WWW-Authenticate', value: 'Bearer error="nope"' },
      ]),
      entry('https://staging.example.com/blocked', 0, []),
    );
    const file = join(tmp, 'big.har');
    const text = JSON.stringify({
      log: { version: '1.2', creator: { name: 't', version: '1' }, entries },
    });
    expect(text.length).toBeGreaterThan(10 * 1024 * 1024);
    await writeFile(file, text);
    const { code, report } = await runJson(['check', '--har', file]);
    expect(code).toBe(0);
    expect(report.results.map((r) => r.url)).toEqual([
      'http://staging.example.com/login',
      'https://staging.example.com/api',
    ]);
    // Basic over plain http: RFC 7617 §4 says SHOULD NOT, so a warning, also on a remote host.
    expect(report.results[0]!.diagnostics.find((d) => d.code === 'basic-over-http')?.severity).toBe(
      'warning',
    );
    expect(codesOf(report, 1)).toContain('bearer-invalid-error-code');
    expect(report.problems).toEqual([
      expect.stringMatching(
        /^Entry 2103 \(GET https:\/\/staging\.example\.com\/blocked\): status 0/,
      ),
    ]);
  }, 60_000);

  it('refuses a HAR that is not JSON, or not a HAR: exit 2, one line', async () => {
    const notJson = join(tmp, 'broken.har');
    await writeFile(notJson, '{"log": {"entries": [');
    const a = await run(['check', '--har', notJson]);
    expect(a.code).toBe(2);
    expect(a.stdout).toBe('');
    expect(a.stderr.trim().split('\n')).toEqual([expect.stringMatching(/broken\.har is not JSON/)]);
    const notHar = join(tmp, 'other.json');
    await writeFile(notHar, '{"hello": 1}');
    const b = await run(['check', '--har', notHar]);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/Not a HAR file/);
    const missing = await run(['check', '--har', join(tmp, 'nope.har')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^authlens: cannot read /);
  });
});

describe('authlens parse, --help, --version', () => {
  it('prints the parse and diagnostics of a header value, exit 1 on an error', async () => {
    const { code, stdout } = await run(['parse', '--json', 'WWW-Authenticate: Basic realm="x']);
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(report.values[0]).toMatchObject({
      field: 'WWW-Authenticate',
      value: 'Basic realm="x',
      challenges: [{ scheme: 'Basic', params: [{ name: 'realm', value: 'x' }] }],
      diagnostics: [{ code: 'unterminated-quoted-string', severity: 'error' }],
    });
    const text = await run(['parse', 'Bearer realm="api"']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('scheme Bearer');
  });

  it('takes context for exchange diagnostics', async () => {
    const { stdout } = await run([
      'parse',
      '--json',
      '--status',
      '401',
      '--url',
      'http://staging.example.com/',
      'Basic realm="x"',
    ]);
    expect(JSON.parse(stdout).values[0].diagnostics.map((d: { code: string }) => d.code)).toEqual([
      'basic-over-http',
    ]);
  });

  it('answers --help and --version with status 0', async () => {
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('authlens check <url>...');
    const version = await run(['--version']);
    expect(version).toEqual({ code: 0, stdout: 'authlens 0.1.0\n', stderr: '' });
  });

  it('says how to build when the bundle is missing', async () => {
    const elsewhere = join(tmp, 'bin');
    await cp(join(root, 'bin'), elsewhere, { recursive: true });
    const { code, stderr } = await run(['--version'], join(elsewhere, 'authlens.js'));
    expect(code).toBe(2);
    expect(stderr).toMatch(/not built yet .* run `npm run build`/);
  });
});
