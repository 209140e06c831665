// The Authorization parser: the RFC 9110 §11.4 grammar, its failure modes, and linear time.
import { describe, expect, it } from 'vitest';
import { MAX_CREDENTIALS_LENGTH, parseCredentials } from './credentials.ts';

function params(value: string): Record<string, string> {
  const parsed = parseCredentials(value);
  if (!parsed.ok) throw new Error(parsed.error);
  return Object.fromEntries(parsed.params);
}

describe('parseCredentials', () => {
  it('reads a token68', () => {
    expect(parseCredentials('Basic YWxpY2U6d29uZGVybGFuZA==')).toMatchObject({
      ok: true,
      scheme: 'Basic',
      token68: 'YWxpY2U6d29uZGVybGFuZA==',
    });
  });

  it('reads auth-params, unquoting and unescaping, names lowercased', () => {
    expect(params('Digest Username="a\\"b", nc=00000001 ,, qop=auth')).toEqual({
      username: 'a"b',
      nc: '00000001',
      qop: 'auth',
    });
  });

  it('reads "X=" right after the scheme as a token68, per the grammar', () => {
    expect(parseCredentials('Digest realm=')).toMatchObject({ ok: true, token68: 'realm=' });
  });

  it('accepts a bare scheme', () => {
    expect(parseCredentials('Negotiate')).toMatchObject({ ok: true, scheme: 'Negotiate' });
  });

  it.each([
    ['Digest realm="x', 'unterminated'],
    ['Digest realm="x" nonce="y"', 'expected ","'],
    ['Digest realm="a", realm="b"', 'repeated'],
    ['Digest\trealm="x"', 'space'],
    ['Digest a=b, realm=', 'no value'],
    ['Bearer one two', 'no "="'],
    ['="x"', 'missing auth-scheme'],
    ['Digest realm="a\u0001"', 'unterminated'],
  ])('rejects %j', (value, error) => {
    const parsed = parseCredentials(value);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toContain(error);
  });

  it('refuses oversized input before parsing', () => {
    expect(parseCredentials(`Basic ${'a'.repeat(MAX_CREDENTIALS_LENGTH)}`).ok).toBe(false);
  });

  it('stays fast on adversarial input just under the limit', () => {
    const inputs = [
      `Digest ${'a=a,'.repeat(2000)}`,
      `Digest x="${'\\"'.repeat(4000)}`,
      `Basic ${'a'.repeat(8000)} x`,
    ];
    const start = performance.now();
    for (const input of inputs) parseCredentials(input);
    expect(performance.now() - start).toBeLessThan(100);
  });
});
