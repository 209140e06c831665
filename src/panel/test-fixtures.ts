// Realistic Exchange records for the panel's tests and bench, built the way the background builds
// them: header lines through buildAuthFields, so parse results are never written by hand.
import { buildAuthFields, type HeaderLine } from '../shared/auth-fields.ts';
import {
  observed,
  type CredentialsSummary,
  type Exchange,
  type Outcome,
  type Step,
} from '../shared/exchange.ts';

const statusText: Record<number, string> = {
  200: 'OK',
  401: 'Unauthorized',
  403: 'Forbidden',
  407: 'Proxy Authentication Required',
};

export function responseStep(
  url: string,
  statusCode: number,
  headers: HeaderLine[],
  at: number,
  requestHadCredentials?: boolean,
): Extract<Step, { kind: 'response' }> {
  const { fields, diagnostics } = buildAuthFields(headers, {
    statusCode,
    url,
    ...(requestHadCredentials === undefined ? {} : { requestHadCredentials }),
  });
  return {
    kind: 'response',
    at,
    url,
    statusCode,
    statusLine: `HTTP/1.1 ${statusCode} ${statusText[statusCode] ?? ''}`.trim(),
    fromCache: false,
    fields,
    diagnostics,
  };
}

export interface ExchangeSpec {
  id: string;
  url: string;
  method?: string;
  startedAt?: number;
  status: number;
  headers: HeaderLine[];
  /** The browser's (or page's) retry with credentials, and how the server answered it. */
  retry?: { credentials: CredentialsSummary; status: number; headers?: HeaderLine[] };
  imported?: string;
}

export function makeExchange(spec: ExchangeSpec): Exchange {
  const at = spec.startedAt ?? 1_700_000_000_000;
  const steps: Step[] = [
    { kind: 'request', at, url: spec.url, credentials: [], evidence: observed },
    responseStep(spec.url, spec.status, spec.headers, at + 12),
  ];
  let outcome: Outcome = spec.status >= 400 ? 'challenged' : 'succeeded';
  if (spec.retry) {
    steps.push(
      {
        kind: 'request',
        at: at + 20,
        url: spec.url,
        credentials: [spec.retry.credentials],
        evidence: spec.retry.credentials.evidence,
      },
      responseStep(spec.url, spec.retry.status, spec.retry.headers ?? [], at + 35, true),
    );
    outcome = spec.retry.status < 400 ? 'authenticated' : 'rejected';
  }
  steps.push({
    kind: 'completed',
    at: at + 40,
    statusCode: spec.retry?.status ?? spec.status,
  });
  const exchange: Exchange = {
    id: spec.id,
    tabId: 7,
    frameId: 0,
    method: spec.method ?? 'GET',
    type: 'xmlhttprequest',
    initiator: null,
    url: spec.url,
    startedAt: at,
    steps,
    outcome,
    outcomeEvidence: spec.retry?.credentials.evidence ?? observed,
  };
  if (spec.imported !== undefined) exchange.imported = spec.imported;
  return exchange;
}

const www = (value: string): HeaderLine => ({ name: 'WWW-Authenticate', value });

export const XSS_REALM = '<img src=x onerror=alert(1)>';

export const fixtures = {
  basic: () =>
    makeExchange({
      id: 'basic-1',
      url: 'https://app.example.com/basic',
      status: 401,
      headers: [www('Basic realm="lab", charset="UTF-8"')],
    }),
  digest: () =>
    makeExchange({
      id: 'digest-1',
      url: 'https://app.example.com/digest/sha-256',
      status: 401,
      headers: [
        www(
          'Digest realm="lab", qop="auth, auth-int", algorithm=SHA-256, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS", charset=UTF-8, userhash=true',
        ),
        www('Digest realm="lab", qop="auth", algorithm=MD5, nonce="abc", opaque="def"'),
      ],
      retry: {
        credentials: {
          header: 'Authorization',
          scheme: 'Digest',
          source: 'browser',
          evidence: { basis: 'observed' },
        },
        status: 200,
        headers: [
          {
            name: 'Authentication-Info',
            value:
              'rspauth="d3b07384d113edec49eaa6238ad5ff00", qop=auth, nc=00000001, cnonce="f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ", nextnonce="n2"',
          },
        ],
      },
    }),
  bearer: () =>
    makeExchange({
      id: 'bearer-1',
      url: 'https://api.example.com/v1/orders',
      method: 'POST',
      status: 403,
      headers: [
        www(
          'Bearer realm="api", error="insufficient_scope", scope="orders:write", error_description="This resource needs the orders:write scope"',
        ),
      ],
      retry: undefined,
    }),
  malformed: () =>
    makeExchange({
      id: 'malformed-1',
      url: 'http://staging.example.com/login',
      status: 401,
      headers: [www('Basic realm=lab, foo="unterminated')],
    }),
  negotiate: () =>
    makeExchange({
      id: 'negotiate-1',
      url: 'https://intranet.example.com/',
      status: 401,
      headers: [www('Negotiate oRQwEqADCgEBoQsGCSqGSIb3EgECAg=='), www('NTLM')],
    }),
  xss: () =>
    makeExchange({
      id: 'xss-1',
      url: 'https://evil.example.com/<script>alert(2)</script>',
      status: 401,
      headers: [www(`Basic realm="${XSS_REALM}", x-note="<b onmouseover=alert(3)>hi</b>"`)],
    }),
  unknownScheme: () =>
    makeExchange({
      id: 'custom-1',
      url: 'https://legacy.example.com/',
      status: 401,
      headers: [www('X-Custom-Auth realm="legacy", ticket="42"')],
    }),
  proxy: () =>
    makeExchange({
      id: 'proxy-1',
      url: 'http://example.org/',
      status: 407,
      headers: [{ name: 'Proxy-Authenticate', value: 'Basic realm="corporate proxy"' }],
    }),
};

/** n exchanges cycling through the fixtures, with unique ids and increasing start times. */
export function manyExchanges(n: number): Exchange[] {
  const makers = Object.values(fixtures);
  const out: Exchange[] = [];
  for (let i = 0; i < n; i++) {
    const e = makers[i % makers.length]!();
    out.push({ ...e, id: `${e.id}-${i}`, startedAt: e.startedAt + i * 1000 });
  }
  return out;
}
