import { describe, expect, it } from 'vitest';
import {
  credentialsOf,
  headerText,
  isAuthResponse,
  requestObservation,
  responseObservation,
} from './observation.ts';

const details = {
  requestId: '17',
  tabId: 3,
  frameId: 0,
  url: 'https://example.com/api',
  method: 'GET',
  type: 'xmlhttprequest',
  timeStamp: 1000,
  initiator: 'https://example.com',
};

describe('credentials are reduced at the edge', () => {
  it('keeps only the scheme of Authorization and Proxy-Authorization', () => {
    const obs = requestObservation(
      {
        ...details,
        requestHeaders: [
          { name: 'authorization', value: 'Bearer eyJhbGciOiJIUzI1NiJ9.secret.sig' },
          { name: 'Proxy-Authorization', value: 'Basic YWxpY2U6d29uZGVybGFuZA==' },
          { name: 'Accept', value: '*/*' },
        ],
      },
      false,
    );
    expect(obs).toMatchObject({
      kind: 'request',
      credentials: [
        { header: 'Authorization', scheme: 'Bearer', source: 'page' },
        { header: 'Proxy-Authorization', scheme: 'Basic', source: 'page' },
      ],
    });
    expect(JSON.stringify(obs)).not.toContain('secret');
    expect(JSON.stringify(obs)).not.toContain('YWxpY2U6');
  });

  it('keeps the value only when the user opted in', () => {
    const [c] = credentialsOf([{ name: 'Authorization', value: 'Bearer abc' }], true);
    expect(c).toEqual({
      header: 'Authorization',
      scheme: 'Bearer',
      source: 'page',
      value: 'Bearer abc',
    });
  });

  it('keeps nothing of a credential without a scheme word (a bare key or JWT)', () => {
    const obs = requestObservation(
      {
        ...details,
        requestHeaders: [
          { name: 'Authorization', value: 'lin_api_4fGh8sK2mQ9xZ7pL1vB3nC6dR0tY5wE' },
          { name: 'Authorization', value: 'Basic\tYWxpY2U6d29uZGVybGFuZA==' },
        ],
      },
      false,
    );
    expect(obs).toMatchObject({
      credentials: [
        { header: 'Authorization', scheme: '' },
        { header: 'Authorization', scheme: 'Basic' },
      ],
    });
    expect(JSON.stringify(obs)).not.toContain('lin_api');
    expect(JSON.stringify(obs)).not.toContain('YWxpY2U6');
  });
});

describe('responses', () => {
  it('keeps every auth header line and the CORS context, and nothing else', () => {
    const obs = responseObservation({
      ...details,
      statusCode: 401,
      statusLine: 'HTTP/1.1 401 Unauthorized',
      responseHeaders: [
        { name: 'WWW-Authenticate', value: 'Negotiate' },
        { name: 'Set-Cookie', value: 'session=secret' },
        { name: 'WWW-Authenticate', value: 'Basic realm="x"' },
        { name: 'Access-Control-Allow-Origin', value: '*' },
      ],
    });
    expect(obs).toMatchObject({
      kind: 'response',
      relevant: true,
      headers: [
        { name: 'WWW-Authenticate', value: 'Negotiate' },
        { name: 'WWW-Authenticate', value: 'Basic realm="x"' },
        { name: 'Access-Control-Allow-Origin', value: '*' },
      ],
    });
  });

  it("splits Firefox's repeated lines, joined with a line feed, back into field lines", () => {
    const obs = responseObservation({
      ...details,
      statusCode: 401,
      responseHeaders: [
        { name: 'www-authenticate', value: 'Negotiate\nBasic realm="x"\nBearer' },
        { name: 'Proxy-Authenticate', value: 'Basic realm="proxy"' },
      ],
    });
    expect(obs).toMatchObject({
      headers: [
        { name: 'www-authenticate', value: 'Negotiate' },
        { name: 'www-authenticate', value: 'Basic realm="x"' },
        { name: 'www-authenticate', value: 'Bearer' },
        { name: 'Proxy-Authenticate', value: 'Basic realm="proxy"' },
      ],
    });
  });

  it('decodes binaryValue bytes one to one, leaving obs-text undecoded', () => {
    expect(headerText({ name: 'WWW-Authenticate', binaryValue: [0x42, 0x20, 0xe4, 0xff] })).toBe(
      'B \u00e4\u00ff',
    );
  });

  it('deems 401, 407 and responses with auth fields relevant, and nothing else', () => {
    expect(isAuthResponse(401, [])).toBe(true);
    expect(isAuthResponse(407, undefined)).toBe(true);
    expect(isAuthResponse(200, [{ name: 'Authentication-Info', value: 'nc=1' }])).toBe(true);
    expect(isAuthResponse(200, [{ name: 'Content-Type', value: 'text/html' }])).toBe(false);
    expect(isAuthResponse(403, undefined)).toBe(false);
  });
});

describe('URLs', () => {
  it('never keep the password of inline credentials or credential parameters', () => {
    const obs = responseObservation({
      ...details,
      url: 'http://alice:wonderland@127.0.0.1:5177/digest?x=a:b@c&access_token=t0k',
      statusCode: 200,
    });
    expect(obs.url).toBe('http://alice@127.0.0.1:5177/digest?x=a:b@c&access_token=REDACTED');
  });
});
