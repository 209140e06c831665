// utf8Encode against RFC 3629's examples and the WHATWG treatment of lone surrogates; base64Encode
// against RFC 4648 §10's test vectors; base64Decode on both alphabets and on what is not base64.
import { describe, expect, it } from 'vitest';
import { base64Decode, base64Encode, bytesToHex, utf8Encode } from './index.ts';

const ascii = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));

describe('utf8Encode', () => {
  it.each([
    ['', ''],
    ['A', '41'],
    ['\u007f', '7f'],
    ['\u0080', 'c280'],
    ['£', 'c2a3'],
    ['\u07ff', 'dfbf'],
    ['\u0800', 'e0a080'],
    ['€', 'e282ac'],
    ['\uffff', 'efbfbf'],
    // RFC 3629 §7 examples.
    ['A\u2262\u0391.', '41e289a2ce912e'],
    ['\u65e5\u672c\u8a9e', 'e697a5e69cace8aa9e'],
    ['\ud84c\udfb4', 'f0a38eb4'],
    ['\u{10ffff}', 'f48fbfbf'],
    ['\u{1f600}', 'f09f9880'],
  ])('%j → %s', (text, hex) => {
    expect(bytesToHex(utf8Encode(text))).toBe(hex);
  });

  it.each([
    ['a lone high surrogate at the end', 'a\ud800', '61efbfbd'],
    ['a lone high surrogate before a letter', '\ud800a', 'efbfbd61'],
    ['a lone low surrogate', '\udc00', 'efbfbd'],
    ['a reversed pair', '\udc00\ud800', 'efbfbdefbfbd'],
    ['two high surrogates then a low one', '\ud800\ud83d\ude00', 'efbfbdf09f9880'],
  ])('encodes %s as U+FFFD', (_name, text, hex) => {
    expect(bytesToHex(utf8Encode(text))).toBe(hex);
  });

  it('returns exactly the octets written, not the worst-case buffer', () => {
    expect(utf8Encode('abc').length).toBe(3);
    expect(utf8Encode('abc').buffer.byteLength).toBe(3);
  });
});

describe('base64Encode, RFC 4648 §10', () => {
  it.each([
    ['', ''],
    ['f', 'Zg=='],
    ['fo', 'Zm8='],
    ['foo', 'Zm9v'],
    ['foob', 'Zm9vYg=='],
    ['fooba', 'Zm9vYmE='],
    ['foobar', 'Zm9vYmFy'],
  ])('BASE64(%j) = %j', (text, encoded) => {
    expect(base64Encode(ascii(text))).toBe(encoded);
  });

  it('uses + and / for 62 and 63', () => {
    expect(base64Encode(Uint8Array.from([0xfb, 0xff, 0xbf]))).toBe('+/+/');
  });
});

describe('base64Decode', () => {
  it.each([
    ['Zm9vYmE=', 'fooba'],
    ['Zm9vYmE', 'fooba'],
    ['+/+/', '\xfb\xff\xbf'],
    ['-_-_', '\xfb\xff\xbf'],
    ['', ''],
  ])('%j → %j (either alphabet, padding optional)', (text, octets) => {
    expect(base64Decode(text)).toEqual(ascii(octets));
  });

  it.each([
    ['a character outside both alphabets', 'Zm9v!mE='],
    ['a length no encoder writes', 'Zm9vY'],
    ['bits left over after the last octet (not canonical, RFC 4648 §3.5)', 'Zh=='],
    ['padding inside', 'Zg==Zg=='],
  ])('refuses %s: null, not an exception', (_name, text) => {
    expect(base64Decode(text)).toBeNull();
  });
});
