// Test support, imported only by tests: secrets in the shapes found in the field, as fast-check
// arbitraries for the property tests (capture, import, exports, copies) and as fixed examples for
// the browser tests. Each case carries the secret substrings that must never be kept or written.
import fc from 'fast-check';

/** Random secrets: base64, base64url, hex, JWTs and prefixed API keys. */
export const secret: fc.Arbitrary<string> = fc.oneof(
  fc.base64String({ minLength: 16, maxLength: 64 }).filter((s) => s.replace(/=/g, '').length >= 16),
  fc.stringMatching(/^[A-Za-z0-9_-]{20,48}$/),
  fc.stringMatching(/^[0-9a-f]{32,64}$/),
  fc
    .tuple(
      fc.stringMatching(/^[A-Za-z0-9_-]{12,40}$/),
      fc.stringMatching(/^[A-Za-z0-9_-]{12,40}$/),
      fc.stringMatching(/^[A-Za-z0-9_-]{16,43}$/),
    )
    .map(([h, p, s]) => `eyJ${h}.eyJ${p}.${s}`),
  fc
    .tuple(
      fc.constantFrom('ghp_', 'lin_api_', 'sk-', 'xoxb-', 'glpat-', 'AKIA'),
      fc.stringMatching(/^[A-Za-z0-9]{20,40}$/),
    )
    .map(([p, s]) => p + s),
);

const scheme = fc.constantFrom('Basic', 'Bearer', 'Digest', 'Token', 'ApiKey', 'SSWS', 'DPoP');
const gap = fc.constantFrom(' ', '\t', '  ', ' \t ');

/** A credentials field value holding a secret, in every shape: with and without a scheme. */
export interface CredentialCase {
  value: string;
  secrets: string[];
}

export const credentialValue: fc.Arbitrary<CredentialCase> = fc.oneof(
  secret.map((s) => ({ value: s, secrets: [s] })),
  fc.tuple(scheme, gap, secret).map(([c, g, s]) => ({ value: `${c}${g}${s}`, secrets: [s] })),
  fc
    .tuple(scheme, secret)
    .map(([c, s]) => ({ value: `${c} token="${s}", realm="x"`, secrets: [s] })),
  fc.tuple(scheme, secret).map(([c, s]) => ({ value: `${c},${s}`, secrets: [s] })),
  fc.tuple(gap, secret).map(([g, s]) => ({ value: `${g}${s}`, secrets: [s] })),
  fc.tuple(secret, secret).map(([a, b]) => ({
    value: `Digest username="${a}", realm="r", nonce="n", uri="/", response="${b}"`,
    secrets: [a, b],
  })),
);

/** Query and fragment parameter names that carry credentials, in any case. */
export const credentialParamName: fc.Arbitrary<string> = fc
  .constantFrom(
    'access_token',
    'refresh_token',
    'id_token',
    'api_key',
    'apikey',
    'password',
    'sig',
    'X-Amz-Signature',
    'X-Amz-Credential',
    'X-Goog-Signature',
    'client_secret',
    'code',
    'key',
    'token',
    'secret',
    'signature',
    'session_id',
  )
  .chain((n) => fc.constantFrom(n, n.toUpperCase(), n[0]!.toUpperCase() + n.slice(1)));

/** A URL with secrets in its userinfo password and in credential query or fragment parameters. */
export interface UrlCase {
  /** Path and query (and fragment) to append to an origin. */
  path: string;
  secrets: string[];
}

export const secretUrl: fc.Arbitrary<UrlCase> = fc
  .tuple(credentialParamName, secret, fc.boolean())
  .map(([name, s, inFragment]) => {
    const value = encodeURIComponent(s);
    return {
      path: `/api?page=1${inFragment ? '#' : '&'}${name}=${value}&z=1`,
      secrets: [value],
    };
  });

/** Cookie and Set-Cookie values: never kept at all. */
export const cookieValue: fc.Arbitrary<CredentialCase> = secret.map((s) => ({
  value: `session=${s}; theme=dark`,
  secrets: [s],
}));

/** The names an NTLM CHALLENGE_MESSAGE (MS-NLMP §2.2.1.2) gives away about its server. */
export interface NtlmNames {
  domain: string;
  computer: string;
  dnsDomain: string;
  dnsComputer: string;
}

export const ntlmNames: fc.Arbitrary<NtlmNames> = fc
  .tuple(fc.stringMatching(/^[A-Z][A-Z0-9]{5,11}$/), fc.stringMatching(/^[a-z][a-z0-9]{5,11}$/))
  .map(([domain, host]) => ({
    domain,
    computer: host.toUpperCase(),
    dnsDomain: `${domain.toLowerCase()}.example.net`,
    dnsComputer: `${host}.${domain.toLowerCase()}.example.net`,
  }));

/** A base64 NTLM type 2 message naming the given server, as an NTLM or Negotiate token68. */
export function ntlmChallenge(names: NtlmNames): string {
  const utf16 = (text: string) => [...text].flatMap((c) => [c.charCodeAt(0), 0]);
  const u16 = (n: number) => [n & 0xff, n >> 8];
  const u32 = (n: number) => [...u16(n & 0xffff), ...u16(n >>> 16)];
  const pair = (id: number, text: string) => [...u16(id), ...u16(text.length * 2), ...utf16(text)];
  const target = utf16(names.domain);
  const info = [
    ...pair(2, names.domain),
    ...pair(1, names.computer),
    ...pair(4, names.dnsDomain),
    ...pair(3, names.dnsComputer),
    ...[0, 0, 0, 0], // MsvAvEOL
  ];
  const headerLength = 56;
  const bytes = [
    ...[...'NTLMSSP\0'].map((c) => c.charCodeAt(0)),
    ...u32(2), // CHALLENGE_MESSAGE
    ...u16(target.length),
    ...u16(target.length),
    ...u32(headerLength),
    ...u32(0x00000001 | 0x00800000), // NEGOTIATE_UNICODE | NEGOTIATE_TARGET_INFO
    ...[1, 2, 3, 4, 5, 6, 7, 8], // server challenge
    ...new Array<number>(8).fill(0),
    ...u16(info.length),
    ...u16(info.length),
    ...u32(headerLength + target.length),
    ...new Array<number>(8).fill(0), // version
    ...target,
    ...info,
  ];
  return btoa(String.fromCharCode(...bytes));
}

/** Fixed real-world shapes for the browser tests: what pages really send. */
export const realWorldCredentials: readonly CredentialCase[] = [
  {
    value: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.Zm9vYmFyYmF6cXV4',
    secrets: ['eyJzdWIiOiJhbGljZSJ9', 'Zm9vYmFyYmF6cXV4'],
  },
  {
    value: 'lin_api_4fGh8sK2mQ9xZ7pL1vB3nC6dR0tY5wEu',
    secrets: ['4fGh8sK2mQ9xZ7pL1vB3nC6dR0tY5wEu'],
  },
  {
    value: 'eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJsYWIifQ.c2lnbmF0dXJlLWJ5dGVz',
    secrets: ['eyJpc3MiOiJsYWIifQ', 'c2lnbmF0dXJlLWJ5dGVz'],
  },
  {
    value: 'token ghp_16C7e42F292c6912E7710c838347Ae178B4a',
    secrets: ['16C7e42F292c6912E7710c838347Ae178B4a'],
  },
  { value: 'Basic\tYWxpY2U6d29uZGVybGFuZA==', secrets: ['YWxpY2U6d29uZGVybGFuZA'] },
  { value: 'Bearer   sk-proj-Q3r7TnV9wX2yZ5aB8cD1eF4g', secrets: ['Q3r7TnV9wX2yZ5aB8cD1eF4g'] },
  { value: 'ApiKey,k3y-7Hq2Lm9Np4Rs6Tv8Wx0Yz', secrets: ['7Hq2Lm9Np4Rs6Tv8Wx0Yz'] },
  {
    value: 'SSWS 00QCjAl4MlV-WPXM-ABCDEFGHIJKLMNOPQRSTUVWX',
    secrets: ['00QCjAl4MlV-WPXM-ABCDEFGHIJKLMNOPQRSTUVWX'],
  },
  {
    value:
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024',
    secrets: [
      'AKIAIOSFODNN7EXAMPLE',
      'fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024',
    ],
  },
];
