// A HAR 1.2 log of challenged requests for the panel benchmark to import: every entry a 401 or 407
// with a real challenge, spread over hosts, schemes and methods so that a filter keeps some rows
// and drops others. HAR is what any browser exports, so this needs nothing of AuthLens's own format.

const CHALLENGES: ReadonlyArray<[number, string, string]> = [
  [401, 'WWW-Authenticate', 'Basic realm="shop", charset="UTF-8"'],
  [
    401,
    'WWW-Authenticate',
    'Digest realm="api@shop.example", qop="auth", algorithm=SHA-256, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"',
  ],
  [
    401,
    'WWW-Authenticate',
    'Bearer realm="api", error="invalid_token", error_description="expired"',
  ],
  [401, 'WWW-Authenticate', 'Negotiate'],
  [407, 'Proxy-Authenticate', 'Basic realm="corporate proxy"'],
  [401, 'WWW-Authenticate', 'Digest realm="legacy", nonce="abc", algorithm=MD5'],
];
const HOSTS = ['shop.example.com', 'api.example.com', 'sso.example.org', 'legacy.example.net'];
const METHODS = ['GET', 'GET', 'POST', 'PUT'];

export function challengedHar(count: number): string {
  const start = Date.UTC(2026, 10, 28, 9, 0, 0);
  const entries = Array.from({ length: count }, (_, i) => {
    const [status, field, challenge] = CHALLENGES[i % CHALLENGES.length]!;
    const host = HOSTS[i % HOSTS.length]!;
    return {
      startedDateTime: new Date(start + i * 250).toISOString(),
      time: 12,
      request: {
        method: METHODS[i % METHODS.length]!,
        url: `https://${host}/api/items/${i}?page=${i % 7}`,
        httpVersion: 'HTTP/1.1',
        headers: [{ name: 'Accept', value: 'application/json' }],
        queryString: [],
        cookies: [],
        headersSize: -1,
        bodySize: 0,
      },
      response: {
        status,
        statusText: status === 407 ? 'Proxy Authentication Required' : 'Unauthorized',
        httpVersion: 'HTTP/1.1',
        headers: [
          { name: 'Content-Type', value: 'application/json' },
          { name: field, value: challenge },
        ],
        cookies: [],
        content: { size: 0, mimeType: 'application/json' },
        redirectURL: '',
        headersSize: -1,
        bodySize: 0,
      },
      cache: {},
      timings: { send: 0, wait: 12, receive: 0 },
    };
  });
  return JSON.stringify({
    log: {
      version: '1.2',
      creator: { name: 'AuthLens bench', version: '1' },
      entries,
    },
  });
}
