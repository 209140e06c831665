// End to end against the running lab (demo/server.ts): fetch a real challenge with node's http,
// parse it with src/core, build the field with the calculator, send it, and get 200 — with
// Authentication-Info whose rspauth matches for Digest — and 401 for a wrong password.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rspauth, parseAlgorithm } from '../../../demo/digest.ts';
import { startLab, type Lab } from '../../../demo/server.ts';
import { param, request, type RawResponse } from '../../../demo/testing.ts';
import { parseChallenges } from '../parse.ts';
import { basicCredentials, digestChallengeParams, digestCredentials } from '../credentials.ts';
import type {
  CredentialsBuilt,
  CredentialsResult,
  DigestInput,
  DigestQop,
} from '../credentials.ts';

let lab: Lab;
beforeAll(async () => {
  lab = await startLab({ port: 0, proxyPort: 0 });
});
afterAll(() => lab.close());

// What the panel will pass: WebCrypto's generator, which Node 20 also has.
const random = (n: number): Uint8Array => crypto.getRandomValues(new Uint8Array(n));

function built(result: CredentialsResult): CredentialsBuilt {
  if (!result.ok) throw new Error(result.problem.message);
  return result;
}

const stepValue = (result: CredentialsResult, id: string): string =>
  result.steps.find((s) => s.id === id)?.value ?? '';

/** The challenge for `algorithm` among a 401's WWW-Authenticate lines, as the panel reads it. */
async function challengeFor(path: string, algorithm: string) {
  const res = await request(`${lab.url}${path}`);
  expect(res.status).toBe(401);
  const parsed = parseChallenges(res.lines('WWW-Authenticate'));
  const challenge = parsed.challenges
    .map((c) => digestChallengeParams(c.params))
    .find((c) => c.algorithm?.toUpperCase() === algorithm.toUpperCase());
  if (!challenge) throw new Error(`${path} offered no ${algorithm} challenge`);
  return challenge;
}

interface Attempt {
  path: string;
  algorithm: string;
  password?: string;
  method?: string;
  body?: string;
  preferQop?: DigestQop;
  hashUsername?: boolean;
}

async function digestAttempt(a: Attempt): Promise<{ res: RawResponse; result: CredentialsBuilt }> {
  const input: DigestInput = {
    challenge: await challengeFor(a.path, a.algorithm),
    username: 'alice',
    password: a.password ?? 'wonderland',
    method: a.method ?? 'GET',
    uri: a.path,
    random,
    ...(a.body !== undefined ? { body: a.body } : {}),
    ...(a.preferQop ? { preferQop: a.preferQop } : {}),
    ...(a.hashUsername !== undefined ? { hashUsername: a.hashUsername } : {}),
  };
  const result = built(digestCredentials(input));
  const res = await request(`${lab.url}${a.path}`, {
    method: input.method,
    headers: { Authorization: result.value },
    ...(a.body !== undefined ? { body: a.body } : {}),
  });
  return { res, result };
}

/** rspauth as the lab must have computed it (§3.5), from the calculator's own H(A1). */
function expectedRspauth(result: CredentialsBuilt, a: Attempt, responseBody: string): string {
  const algorithm = parseAlgorithm(a.algorithm);
  if (!algorithm) throw new Error(a.algorithm);
  const qop = stepValue(result, 'qop') as DigestQop;
  return rspauth({
    algorithm,
    ha1: stepValue(result, 'ha1'),
    nonce: param(result.value, 'nonce') ?? '',
    nc: stepValue(result, 'nc'),
    cnonce: stepValue(result, 'cnonce'),
    qop,
    uri: a.path,
    ...(qop === 'auth-int' ? { responseBody: Buffer.from(responseBody, 'utf8') } : {}),
  });
}

describe('Digest against the lab', () => {
  it.each([
    ['/digest', 'SHA-256'],
    ['/digest', 'MD5'],
    ['/digest/sess', 'SHA-256-sess'],
    ['/digest/sess', 'MD5-sess'],
    ['/digest/sha-512-256', 'SHA-512-256'],
    ['/digest/sha-512-256', 'SHA-512-256-sess'],
  ])('%s with %s: 200 and Authentication-Info with the right rspauth', async (path, algorithm) => {
    const attempt = { path, algorithm };
    const { res, result } = await digestAttempt(attempt);
    expect(res.status).toBe(200);
    // The lab's challenges ask for userhash=true, so the name travels hashed.
    expect(result.value).toContain('userhash=true');
    const [info] = res.lines('Authentication-Info');
    expect(info).toBeDefined();
    expect(param(info ?? '', 'rspauth')).toBe(expectedRspauth(result, attempt, res.body));
    expect(param(info ?? '', 'cnonce')).toBe(stepValue(result, 'cnonce'));
    expect(param(info ?? '', 'nc')).toBe('00000001');
    expect(param(info ?? '', 'qop')).toBe('auth');
  });

  it('qop=auth-int with a POST body', async () => {
    const attempt = {
      path: '/digest',
      algorithm: 'SHA-256',
      method: 'POST',
      body: 'greeting=gr\u00fc\u00df dich',
      preferQop: 'auth-int' as const,
    };
    const { res, result } = await digestAttempt(attempt);
    expect(res.status).toBe(200);
    expect(result.value).toContain('qop=auth-int');
    const [info] = res.lines('Authentication-Info');
    expect(param(info ?? '', 'rspauth')).toBe(expectedRspauth(result, attempt, res.body));
  });

  it('the username in clear when userhash is turned off', async () => {
    const { res, result } = await digestAttempt({
      path: '/digest',
      algorithm: 'MD5',
      hashUsername: false,
    });
    expect(result.value).toContain('username="alice"');
    expect(res.status).toBe(200);
  });

  it('a wrong password: 401 and a fresh challenge', async () => {
    const { res } = await digestAttempt({
      path: '/digest',
      algorithm: 'SHA-256',
      password: 'looking-glass',
    });
    expect(res.status).toBe(401);
    expect(res.lines('WWW-Authenticate').length).toBeGreaterThan(0);
    expect(res.lines('Authentication-Info')).toEqual([]);
  });
});

describe('Basic against the lab', () => {
  async function basicAttempt(password: string): Promise<RawResponse> {
    const challenge = await request(`${lab.url}/basic`);
    expect(challenge.status).toBe(401);
    const [parsed] = parseChallenges(challenge.lines('WWW-Authenticate')).challenges;
    const charset = parsed?.params.find((p) => p.name.toLowerCase() === 'charset')?.value;
    expect(charset).toBe('UTF-8');
    const result = built(basicCredentials('alice', password, charset ? { charset } : {}));
    return request(`${lab.url}/basic`, { headers: { Authorization: result.value } });
  }

  it('alice / wonderland: 200', async () => {
    expect((await basicAttempt('wonderland')).status).toBe(200);
  });

  it('a wrong password: 401', async () => {
    expect((await basicAttempt('looking-glass')).status).toBe(401);
  });

  it('Proxy-Authorization through the lab proxy: 407, then 200', async () => {
    const first = await request(`${lab.url}/`, { proxy: lab.proxyUrl });
    expect(first.status).toBe(407);
    const [challenge] = parseChallenges(first.lines('Proxy-Authenticate')).challenges;
    expect(challenge?.scheme).toBe('Basic');
    const result = built(basicCredentials('alice', 'wonderland', { field: 'Proxy-Authorization' }));
    const second = await request(`${lab.url}/`, {
      proxy: lab.proxyUrl,
      headers: { [result.field]: result.value },
    });
    expect(second.status).toBe(200);
  });
});
