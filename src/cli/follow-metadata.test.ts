// `authlens check --follow-metadata` end to end: the bundle built into a temporary folder and run
// through its bin shim, against an MCP-style resource server and an authorization server over
// https, both on 127.0.0.1 with certificates from a throwaway CA that openssl makes here. The CA
// reaches the command the way a user's would: NODE_EXTRA_CA_CERTS. Covers the good chain, a
// path-bearing issuer, both well-known locations, redirects, and the limits: plain http, private
// addresses, the request cap, size and time bounds, and no credentials on metadata requests.
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckReport } from './result.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function exec(
  file: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<Run> {
  return new Promise((resolve) => {
    execFile(file, args, { ...options, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

let tmp = '';
let caFile = '';
let bin = '';

/** A CA and a leaf for localhost and 127.0.0.1, made by Debian's openssl; nothing is kept. */
async function makeCertificates(dir: string): Promise<{ key: Buffer; cert: Buffer }> {
  const openssl = async (...args: string[]) => {
    const result = await exec('openssl', args, { cwd: dir });
    if (result.code !== 0) throw new Error(`openssl ${args[0]} failed: ${result.stderr}`);
  };
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  await openssl(
    'req',
    '-x509',
    ...ec,
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-days',
    '1',
    '-subj',
    '/CN=AuthLens throwaway test CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign',
  );
  await openssl('req', ...ec, '-keyout', 'leaf.key', '-out', 'leaf.csr', '-subj', '/CN=localhost');
  await writeFile(
    join(dir, 'leaf.ext'),
    'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n',
  );
  await openssl(
    'x509',
    '-req',
    '-in',
    'leaf.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-set_serial',
    '1',
    '-days',
    '1',
    '-extfile',
    'leaf.ext',
    '-out',
    'leaf.pem',
  );
  return {
    key: await readFile(join(dir, 'leaf.key')),
    cert: await readFile(join(dir, 'leaf.pem')),
  };
}

/** Every request a server saw: path and the headers that would carry credentials. */
interface Seen {
  server: string;
  path: string;
  authorization?: string;
  cookie?: string;
}
const seen: Seen[] = [];

type Answer =
  { status?: number; json?: unknown; body?: string; headers?: Record<string, string> } | 'hang';
type Table = (origin: { rs: string; as: string; plain: string }) => Record<string, Answer>;

let rs: https.Server;
let as: https.Server;
let plain: http.Server;
const origins = { rs: '', as: '', plain: '' };

const CORS = { 'Access-Control-Allow-Origin': '*' };
const prm = (path: string) => `${origins.rs}/.well-known/oauth-protected-resource${path}`;
const challenge = (path: string, extra = ', scope="files:read"') =>
  `Bearer resource_metadata="${prm(path)}"${extra}`;
const resourceDoc = (path: string, servers: string[]) => ({
  resource: `${origins.rs}${path}`,
  authorization_servers: servers,
  scopes_supported: ['files:read', 'files:write'],
});
const serverDoc = (issuer: string) => ({
  issuer,
  authorization_endpoint: `${issuer}/authorize`,
  token_endpoint: `${issuer}/token`,
  response_types_supported: ['code'],
  code_challenge_methods_supported: ['S256'],
});
const unauthorized = (line: string): Answer => ({
  status: 401,
  headers: { 'WWW-Authenticate': line },
});
const doc = (json: unknown, headers: Record<string, string> = CORS): Answer => ({ json, headers });

const resourceRoutes: Table = ({ rs: o, as: a, plain: p }) => ({
  '/mcp': unauthorized(challenge('/mcp')),
  '/.well-known/oauth-protected-resource/mcp': doc(resourceDoc('/mcp', [`${a}/tenant1`])),
  '/oidc': unauthorized(challenge('/oidc')),
  '/.well-known/oauth-protected-resource/oidc': doc(resourceDoc('/oidc', [`${a}/oidc-only`])),
  '/root-issuer': unauthorized(challenge('/root-issuer')),
  '/.well-known/oauth-protected-resource/root-issuer': doc(resourceDoc('/root-issuer', [a])),
  '/fallback': unauthorized('Bearer scope="files:read"'),
  '/.well-known/oauth-protected-resource/fallback': doc(resourceDoc('/fallback', [`${a}/tenant1`])),
  '/redirect': unauthorized(challenge('/redirect')),
  '/.well-known/oauth-protected-resource/redirect': {
    status: 301,
    headers: { Location: '/metadata/redirect.json' },
  },
  '/metadata/redirect.json': doc(resourceDoc('/redirect', [`${a}/tenant1`])),
  '/mismatch': unauthorized(challenge('/mismatch')),
  '/.well-known/oauth-protected-resource/mismatch': doc({
    ...resourceDoc('/mismatch', [`${a}/tenant1`]),
    resource: o,
  }),
  '/http-metadata': unauthorized(
    `Bearer resource_metadata="${p}/.well-known/oauth-protected-resource/x"`,
  ),
  '/private': unauthorized(challenge('/private')),
  '/.well-known/oauth-protected-resource/private': doc(
    resourceDoc('/private', ['https://10.255.255.1/t', 'https://169.254.169.254/latest']),
  ),
  '/cap': unauthorized(challenge('/cap')),
  '/.well-known/oauth-protected-resource/cap': doc(
    resourceDoc(
      '/cap',
      ['a', 'b', 'c', 'd', 'e', 'f'].map((t) => `${a}/missing-${t}`),
    ),
  ),
  '/big': unauthorized(challenge('/big')),
  '/.well-known/oauth-protected-resource/big': {
    body: `{"x":"${'y'.repeat(300 * 1024)}"}`,
    headers: { 'Content-Type': 'application/json' },
  },
  '/hang': unauthorized(challenge('/hang')),
  '/.well-known/oauth-protected-resource/hang': 'hang',
  '/slow-servers': unauthorized(challenge('/slow-servers')),
  '/.well-known/oauth-protected-resource/slow-servers': doc(
    resourceDoc('/slow-servers', [`${a}/slow-1`, `${a}/slow-2`]),
  ),
});

const serverRoutes: Table = ({ as: a }) => ({
  '/.well-known/oauth-authorization-server/tenant1': doc(serverDoc(`${a}/tenant1`)),
  '/oidc-only/.well-known/openid-configuration': doc(serverDoc(`${a}/oidc-only`)),
  '/.well-known/openid-configuration': doc(serverDoc(a)),
});

function handler(name: string, table: Table) {
  return (req: http.IncomingMessage, res: http.ServerResponse) => {
    const path = req.url ?? '';
    if (name === 'as' && path.includes('/slow-')) return; // every location of the slow servers hangs
    seen.push({
      server: name,
      path,
      ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
      ...(req.headers.cookie ? { cookie: req.headers.cookie } : {}),
    });
    const answer = table(origins)[path];
    if (answer === 'hang') return;
    if (!answer) return void res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    const body = answer.json === undefined ? (answer.body ?? '') : JSON.stringify(answer.json);
    const headers = {
      ...(answer.json === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...answer.headers,
    };
    res.writeHead(answer.status ?? 200, headers).end(body);
  };
}

function listen(server: http.Server | https.Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );
}

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'authlens-discovery-'));
  // Its own build, so this file never races cli.test.ts over dist-cli/.
  await cp(join(root, 'bin'), join(tmp, 'bin'), { recursive: true });
  const build = await exec(
    process.execPath,
    [
      join(root, 'node_modules/vite/bin/vite.js'),
      'build',
      '-c',
      'vite.cli.config.ts',
      '--outDir',
      join(tmp, 'dist-cli'),
    ],
    { cwd: root },
  );
  if (build.code !== 0) throw new Error(`CLI build failed:\n${build.stderr}`);
  bin = join(tmp, 'bin/authlens.js');
  const tls = await makeCertificates(tmp);
  caFile = join(tmp, 'ca.pem');
  rs = https.createServer(tls, handler('rs', resourceRoutes));
  as = https.createServer(tls, handler('as', serverRoutes));
  plain = http.createServer(handler('plain', () => ({})));
  origins.rs = `https://127.0.0.1:${await listen(rs)}`;
  // By name: the authorization server is reached through a real lookup, checked by the guard.
  origins.as = `https://localhost:${await listen(as)}`;
  origins.plain = `http://127.0.0.1:${await listen(plain)}`;
}, 120_000);

afterAll(async () => {
  for (const server of [rs, as, plain]) {
    server?.closeAllConnections();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  }
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

function authlens(args: string[], withCa = true): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  if (withCa) env.NODE_EXTRA_CA_CERTS = caFile;
  else delete env.NODE_EXTRA_CA_CERTS;
  return exec(process.execPath, [bin, ...args], { cwd: tmp, env });
}

async function follow(path: string, ...extra: string[]) {
  const run = await authlens([
    'check',
    `${origins.rs}${path}`,
    '--follow-metadata',
    '--json',
    ...extra,
  ]);
  const report = JSON.parse(run.stdout) as CheckReport;
  const result = report.results[0]!;
  return {
    ...run,
    report,
    result,
    codes: result.diagnostics.map((d) => `${d.severity} ${d.code}`),
    requests: result.discovery!.documents.map((d) => [d.url, d.status]),
  };
}

describe('authlens check --follow-metadata over https', () => {
  it('follows a good chain with a path-bearing issuer: exit 0, each document listed', async () => {
    const { code, codes, requests, result, stderr } = await follow('/mcp');
    expect(stderr).toBe('');
    expect(codes).toEqual([]);
    expect(code).toBe(0);
    expect(requests).toEqual([
      [prm('/mcp'), 200],
      [`${origins.as}/.well-known/oauth-authorization-server/tenant1`, 200],
    ]);
    expect(result.discovery).toMatchObject({
      challenge: 0,
      resource: `${origins.rs}/mcp`,
      notFollowed: [],
      documents: [
        { role: 'resource-metadata', source: 'resource_metadata', used: true, diagnostics: [] },
        {
          role: 'authorization-server-metadata',
          source: 'oauth-authorization-server',
          describes: `${origins.as}/tenant1`,
        },
      ],
    });
  });

  it('finds OpenID Connect metadata after the RFC 8414 and inserted locations, in the MCP order', async () => {
    const { code, requests } = await follow('/oidc');
    expect(code).toBe(0);
    expect(requests).toEqual([
      [prm('/oidc'), 200],
      [`${origins.as}/.well-known/oauth-authorization-server/oidc-only`, 404],
      [`${origins.as}/.well-known/openid-configuration/oidc-only`, 404],
      [`${origins.as}/oidc-only/.well-known/openid-configuration`, 200],
    ]);
  });

  it('tries the root locations for an issuer without a path', async () => {
    const { code, requests } = await follow('/root-issuer');
    expect(code).toBe(0);
    expect(requests.slice(1)).toEqual([
      [`${origins.as}/.well-known/oauth-authorization-server`, 404],
      [`${origins.as}/.well-known/openid-configuration`, 200],
    ]);
  });

  it('falls back to the RFC 9728 well-known URL without resource_metadata: a warning, exit 0', async () => {
    const { code, codes, requests } = await follow('/fallback');
    expect(code).toBe(0);
    expect(codes).toEqual(['warning challenge-without-resource-metadata']);
    expect(requests[0]).toEqual([prm('/fallback'), 200]);
  });

  it('follows a same-origin redirect and lists both requests', async () => {
    const { code, result } = await follow('/redirect');
    expect(code).toBe(0);
    expect(result.discovery!.documents.slice(0, 2)).toMatchObject([
      { url: prm('/redirect'), status: 301, location: `${origins.rs}/metadata/redirect.json` },
      { url: `${origins.rs}/metadata/redirect.json`, status: 200, source: 'redirect', used: true },
    ]);
  });

  it('exits 1 for a broken chain, with the finding under its document', async () => {
    const { code, codes, result } = await follow('/mismatch');
    expect(code).toBe(1);
    expect(codes).toEqual(['error resource-metadata-resource-mismatch']);
    expect(result.diagnostics[0]!.document).toBe(0);
    expect(result.discovery!.documents[0]!.diagnostics.map((d) => d.code)).toEqual([
      'resource-metadata-resource-mismatch',
    ]);
  });

  it('sends no credentials or cookies for metadata, whatever --header gives the checked URL', async () => {
    seen.length = 0;
    const { code } = await follow(
      '/mcp',
      '--header',
      'Authorization: Bearer secret-token',
      '--header',
      'Cookie: session=abc',
    );
    expect(code).toBe(0);
    expect(seen.find((s) => s.path === '/mcp')).toMatchObject({
      authorization: 'Bearer secret-token',
      cookie: 'session=abc',
    });
    const metadata = seen.filter((s) => s.path.includes('.well-known'));
    expect(metadata).toHaveLength(2);
    for (const request of metadata)
      expect(request).toEqual({ server: request.server, path: request.path });
  });

  it('refuses plain http from an https resource, and never connects to it', async () => {
    seen.length = 0;
    const { code, codes, result } = await follow('/http-metadata');
    expect(code).toBe(1);
    expect(codes).toEqual(['error discovery-not-followed']);
    expect(result.discovery!.notFollowed).toEqual([
      expect.objectContaining({
        url: `${origins.plain}/.well-known/oauth-protected-resource/x`,
        reason: expect.stringContaining('plain http'),
      }),
    ]);
    expect(seen.filter((s) => s.server === 'plain')).toEqual([]);
  });

  it('refuses private and link-local addresses the metadata names: exit 1, each listed with why', async () => {
    const { code, result } = await follow('/private');
    expect(code).toBe(1);
    expect(result.discovery!.documents).toHaveLength(1);
    expect(result.discovery!.notFollowed.map((n) => n.reason)).toEqual([
      expect.stringMatching(/^10\.255\.255\.1 is a private address/),
      expect.stringMatching(/^169\.254\.169\.254 is a link-local address/),
    ]);
  });

  it('stops at the request cap and says so', async () => {
    const { code, result } = await follow('/cap');
    expect(code).toBe(1);
    expect(result.discovery!.documents).toHaveLength(8);
    expect(result.discovery!.notFollowed.at(-1)!.reason).toContain('limit of 8 requests');
  });

  it('bounds the size and the time of a metadata response: a chain problem, not exit 2', async () => {
    const big = await follow('/big');
    expect(big.code).toBe(1);
    expect(big.result.discovery!.documents[0]!.error).toMatch(/sent more than 262144 bytes/);
    const started = Date.now();
    const slow = await follow('/hang', '--timeout', '500');
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(slow.code).toBe(1);
    expect(slow.codes).toEqual(['error resource-metadata-unreachable']);
  });

  it('gives the whole chain at most three times --timeout', async () => {
    const started = Date.now();
    const { code, result } = await follow('/slow-servers', '--timeout', '400');
    expect(Date.now() - started).toBeLessThan(8_000);
    expect(code).toBe(1);
    expect(result.discovery!.documents.length).toBeLessThanOrEqual(4);
    expect(result.discovery!.notFollowed.at(-1)!.reason).toBe(
      'the 1200 ms allowed for the whole chain are spent',
    );
  });

  it('prints the chain in the text report', async () => {
    const { stdout } = await authlens(['check', `${origins.rs}/oidc`, '--follow-metadata']);
    expect(stdout).toContain('discovery 4 requests');
    expect(stdout).toContain(
      `404 authorization server ${origins.as}/.well-known/oauth-authorization-server/oidc-only`,
    );
    expect(stdout).toMatch(/200 authorization server .*\(OpenID Connect, appended, used\)/);
  });

  it('exits 2 only when the checked URL itself fails: here, a certificate without its CA', async () => {
    const { code, stderr } = await authlens(
      ['check', `${origins.rs}/mcp`, '--follow-metadata'],
      false,
    );
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toEqual([expect.stringMatching(/certificate/i)]);
  });
});
