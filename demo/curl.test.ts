// Interop with a client nobody here wrote: curl's Basic, Digest (SHA-256, -sess, SHA-512-256,
// userhash) and proxy authentication against the running lab. curl is required: if
// /usr/bin/curl is missing these tests fail, they never skip.
import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAlgorithm, userhash, type DigestAlgorithm } from './digest.ts';
import { startLab, type Lab } from './server.ts';

function algorithm(name: string): DigestAlgorithm {
  const found = parseAlgorithm(name);
  if (!found) throw new Error(`no ${name}`);
  return found;
}

const CURL = '/usr/bin/curl';

let lab: Lab;
beforeAll(async () => {
  lab = await startLab({ port: 0, proxyPort: 0 });
});
afterAll(() => lab.close());

interface CurlResult {
  status: number;
  verbose: string;
}

/**
 * Runs curl asynchronously (a synchronous spawn would block the event loop that serves the
 * lab in this same process). -q ignores ~/.curlrc; the environment carries no proxy settings.
 */
function curl(args: readonly string[]): Promise<CurlResult> {
  return new Promise((resolve, reject) => {
    execFile(
      CURL,
      ['-q', '-sS', '-v', '-o', '/dev/null', '-w', '%{http_code}', '--max-time', '10', ...args],
      { env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: tmpdir() }, timeout: 15_000 },
      (error, stdout, stderr) => {
        if (error) return reject(new Error(`curl failed: ${error.message}\n${stderr}`));
        resolve({ status: Number(stdout.trim()), verbose: stderr });
      },
    );
  });
}

const direct = ['--noproxy', '*'];

/** The Authorization lines curl sent, from its -v trace. */
function sent(verbose: string, field = 'Authorization'): string[] {
  return verbose
    .split(/\r?\n/)
    .filter((line) => line.startsWith(`> ${field}:`))
    .map((line) => line.slice(`> ${field}: `.length));
}

describe('curl interop', () => {
  it('finds curl installed', async () => {
    const version = await new Promise<string>((resolve, reject) =>
      execFile(CURL, ['--version'], (error, stdout) => (error ? reject(error) : resolve(stdout))),
    );
    expect(version).toMatch(/^curl \d/);
  });

  it('Basic: alice / wonderland gets 200, a wrong password 401', async () => {
    const ok = await curl([...direct, '--basic', '-u', 'alice:wonderland', `${lab.url}/basic`]);
    expect(ok.status).toBe(200);
    expect(sent(ok.verbose)).toEqual(['Basic YWxpY2U6d29uZGVybGFuZA==']);
    const wrong = await curl([...direct, '--basic', '-u', 'alice:nope', `${lab.url}/basic`]);
    expect(wrong.status).toBe(401);
  });

  it('Digest: curl answers the first (SHA-256) challenge with userhash and gets 200', async () => {
    const ok = await curl([...direct, '--digest', '-u', 'alice:wonderland', `${lab.url}/digest`]);
    expect(ok.status).toBe(200);
    const [answer] = sent(ok.verbose);
    expect(answer).toContain('algorithm=SHA-256');
    expect(answer).toContain('userhash=true');
    expect(answer).toContain('qop=auth');
    expect(ok.verbose).toContain('< Authentication-Info: nextnonce=');
  });

  it('Digest: a wrong password ends in 401', async () => {
    const wrong = await curl([...direct, '--digest', '-u', 'alice:nope', `${lab.url}/digest`]);
    expect(wrong.status).toBe(401);
  });

  it('Digest: /digest/sess gets 200 with SHA-256-sess', async () => {
    const ok = await curl([
      ...direct,
      '--digest',
      '-u',
      'alice:wonderland',
      `${lab.url}/digest/sess`,
    ]);
    expect(ok.status).toBe(200);
    expect(sent(ok.verbose)[0]).toContain('algorithm=SHA-256-sess');
  });

  it('Digest: /digest/sha-512-256 accepts real SHA-512/256 and refuses old curl’s SHA-256 stand-in', async () => {
    // curl before PR #12897 (2024) computed "SHA-512-256" with SHA-256. Judge by what this curl
    // actually sent: the lab must accept the real algorithm and refuse the substitute.
    const res = await curl([
      ...direct,
      '--digest',
      '-u',
      'alice:wonderland',
      `${lab.url}/digest/sha-512-256`,
    ]);
    const answer = sent(res.verbose).at(-1) ?? '';
    expect(answer).toContain('algorithm=SHA-512-256');
    const username = /username="([0-9a-f]+)"/.exec(answer)?.[1];
    const real = userhash(algorithm('SHA-512-256'), 'alice', 'lab sha-512-256');
    const fake = userhash(algorithm('SHA-256'), 'alice', 'lab sha-512-256');
    expect([real, fake]).toContain(username);
    expect(res.status).toBe(username === real ? 200 : 401);
  });

  it('--anyauth picks Basic out of the several challenge lines of /multi-line', async () => {
    const ok = await curl([
      ...direct,
      '--anyauth',
      '-u',
      'alice:wonderland',
      `${lab.url}/multi-line`,
    ]);
    expect(ok.status).toBe(200);
  });

  it('proxy: 407 without --proxy-user, 200 with it', async () => {
    const denied = await curl(['--proxy', lab.proxyUrl, `${lab.url}/proxy`]);
    expect(denied.status).toBe(407);
    expect(denied.verbose).toContain('< Proxy-Authenticate: Basic realm="lab proxy"');
    const ok = await curl([
      '--proxy',
      lab.proxyUrl,
      '--proxy-user',
      'alice:wonderland',
      `${lab.url}/proxy`,
    ]);
    expect(ok.status).toBe(200);
  });

  it('proxy and origin authentication together: Digest through the proxy', async () => {
    const ok = await curl([
      '--proxy',
      lab.proxyUrl,
      '--proxy-user',
      'alice:wonderland',
      '--digest',
      '-u',
      'alice:wonderland',
      `${lab.url}/digest`,
    ]);
    expect(ok.status).toBe(200);
  });

  it('proxy: a CONNECT tunnel (--proxytunnel) with Basic to the origin', async () => {
    const ok = await curl([
      '--proxytunnel',
      '--proxy',
      lab.proxyUrl,
      '--proxy-user',
      'alice:wonderland',
      '--basic',
      '-u',
      'alice:wonderland',
      `${lab.url}/basic`,
    ]);
    expect(ok.status).toBe(200);
    expect(ok.verbose).toContain('CONNECT tunnel established, response 200');
  });
});
