// Basic credential decoding (RFC 7617 §2): strict base64, UTF-8, first colon splits.
import { describe, expect, it } from 'vitest';
import { decodeBasic, encodeBasic } from './basic.ts';

describe('decodeBasic', () => {
  it('decodes the RFC 7617 §2 example', () => {
    expect(decodeBasic('QWxhZGRpbjpvcGVuIHNlc2FtZQ==')).toEqual({
      ok: true,
      userId: 'Aladdin',
      password: 'open sesame',
    });
  });

  it('splits at the first colon and decodes UTF-8 (§2.1)', () => {
    expect(decodeBasic(encodeBasic('test', '123£:x'))).toEqual({
      ok: true,
      userId: 'test',
      password: '123£:x',
    });
    expect(encodeBasic('test', '123£')).toBe('dGVzdDoxMjPCow=='); // RFC 7617 §2.1's example
  });

  it.each([
    [undefined, 'token68'],
    ['not*base64', 'not base64'],
    ['YWxpY2U', 'not base64'],
    [Buffer.from('no colon').toString('base64'), 'no ":"'],
    [Buffer.from([0x61, 0x3a, 0xff]).toString('base64'), 'not UTF-8'],
    [Buffer.from('a:\u0000').toString('base64'), 'control'],
  ])('rejects %j', (token, error) => {
    const decoded = decodeBasic(token);
    expect(decoded.ok).toBe(false);
    if (!decoded.ok) expect(decoded.error).toContain(error);
  });
});
