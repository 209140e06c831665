// The official test vectors: RFC 1321 appendix A.5 for MD5; the FIPS 180-4 examples (NIST CSRC
// "Examples with intermediate values") for SHA-256 and SHA-512/256. The hashes are @noble/hashes';
// these check that each Digest name reaches the right one.
import { describe, expect, it } from 'vitest';
import { bytesToHex, hashHex, utf8Encode } from './index.ts';

const ascii = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));

const M448 = 'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq';
const M896 =
  'abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu';

describe('MD5, RFC 1321 §A.5 test suite', () => {
  it.each([
    ['', 'd41d8cd98f00b204e9800998ecf8427e'],
    ['a', '0cc175b9c0f1b6a831c399e269772661'],
    ['abc', '900150983cd24fb0d6963f7d28e17f72'],
    ['message digest', 'f96b697d7cb7938d525a2f31aaf161d0'],
    ['abcdefghijklmnopqrstuvwxyz', 'c3fcd3d76192e4007dfb496cca67e13b'],
    [
      'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789',
      'd174ab98d277d9f5a5611c2c9f419d9f',
    ],
    ['1234567890'.repeat(8), '57edf4a22be3c955ac49da2e2107b67a'],
  ])('MD5 (%j)', (message, digest) => {
    expect(hashHex('MD5', ascii(message))).toBe(digest);
  });
});

describe('SHA-256, FIPS 180-4 examples', () => {
  it.each([
    ['"abc"', 'abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    ['empty', '', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['448-bit', M448, '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1'],
    ['896-bit', M896, 'cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1'],
  ])('%s message', (_name, message, digest) => {
    expect(hashHex('SHA-256', ascii(message))).toBe(digest);
  });

  it('one million "a" (several thousand blocks)', () => {
    expect(hashHex('SHA-256', new Uint8Array(1_000_000).fill(0x61))).toBe(
      'cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0',
    );
  });
});

describe('SHA-512/256, FIPS 180-4 examples', () => {
  it.each([
    ['"abc"', 'abc', '53048e2681941ef99b2e29b76b4c7dabe4c2d0c634fc6d46e0e2f13107e7af23'],
    ['empty', '', 'c672b8d1ef56ed28ab87c3622c5114069bdd3ad7b8f9737498d0c01ecef0967a'],
    ['448-bit', M448, 'bde8e1f9f19bb9fd3406c90ec6bc47bd36d8ada9f11880dbc8a22a7078b6a461'],
    ['896-bit', M896, '3928e184fb8690f840da3988121d31be65cb9d3ef83ee6146feac861e19b563a'],
  ])('%s message', (_name, message, digest) => {
    expect(hashHex('SHA-512-256', ascii(message))).toBe(digest);
  });

  it('one million "a"', () => {
    expect(hashHex('SHA-512-256', new Uint8Array(1_000_000).fill(0x61))).toBe(
      '9a59a052930187a97038cae692f30708aa6491923ef5194394dc68d56c74fb21',
    );
  });

  it('is not SHA-512 truncated: its own initial value (§5.3.6.2)', () => {
    // SHA-512("abc") begins ddaf35a1…; SHA-512/256("abc") must not.
    expect(hashHex('SHA-512-256', ascii('abc')).startsWith('ddaf35a1')).toBe(false);
  });
});

describe('hashHex and bytesToHex', () => {
  it('reads a view into a larger buffer from its own offset', () => {
    const big = ascii('xxabcxx');
    expect(hashHex('MD5', big.subarray(2, 5))).toBe('900150983cd24fb0d6963f7d28e17f72');
    expect(hashHex('SHA-256', big.subarray(2, 5))).toBe(hashHex('SHA-256', ascii('abc')));
    expect(hashHex('SHA-512-256', big.subarray(2, 5))).toBe(hashHex('SHA-512-256', ascii('abc')));
  });

  it('writes two lowercase digits per octet', () => {
    expect(bytesToHex(Uint8Array.from([0, 0x0f, 0xa0, 0xff]))).toBe('000fa0ff');
    expect(bytesToHex(utf8Encode('£'))).toBe('c2a3');
  });
});
