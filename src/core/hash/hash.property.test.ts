// The libraries behind hashHex, utf8Encode and base64 against Node's own implementations: every
// length across the block and padding boundaries, views into larger buffers, random strings with
// lone surrogates, and arbitrary text given to the decoder. Tests may use Node as the independent
// oracle; the module under test stays pure (tsconfig excludes test files from src/core's build).
// eslint-disable-next-line @typescript-eslint/no-restricted-imports -- node:crypto is the oracle
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64Decode, base64Encode, hashHex, utf8Encode, type HashName } from './index.ts';

const NODE_NAME: Record<HashName, string> = {
  MD5: 'md5',
  'SHA-256': 'sha256',
  'SHA-512-256': 'sha512-256',
};
const names = Object.keys(NODE_NAME) as HashName[];

const nodeHash = (name: HashName, data: Uint8Array | string): string =>
  createHash(NODE_NAME[name]).update(data).digest('hex');

const bytes = fc.uint8Array({ maxLength: 300 });
// Any UTF-16 code unit, so unpaired surrogates occur often; and whole code points, so pairs do.
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
const anyText = fc.oneof(
  fc.string({ unit: codeUnit, maxLength: 120 }),
  fc.string({ unit: 'binary', maxLength: 120 }),
);

describe('hashes agree with node:crypto', () => {
  // Up to 260 octets covers 0–2 blocks of SHA-512 and 0–4 of MD5/SHA-256, and every tail length
  // at which padding spills into an extra block (55/56 and 111/112 octets).
  it('every length from 0 to 260 octets, for every hash', () => {
    for (let length = 0; length <= 260; length++) {
      const data = Uint8Array.from({ length }, (_, i) => (i * 31 + length) & 0xff);
      for (const name of names) expect(hashHex(name, data)).toBe(nodeHash(name, data));
    }
  });

  it.each(names)('%s over a view into a larger buffer', (name) => {
    fc.assert(
      fc.property(bytes, fc.nat(16), fc.nat(16), (data, before, after) => {
        const buffer = new Uint8Array(before + data.length + after).fill(0xaa);
        buffer.set(data, before);
        const view = buffer.subarray(before, before + data.length);
        expect(hashHex(name, view)).toBe(nodeHash(name, data));
      }),
      { numRuns: 100 },
    );
  });

  it.each(names)('%s over UTF-8 of random strings', (name) => {
    fc.assert(
      fc.property(anyText, (text) => {
        expect(hashHex(name, utf8Encode(text))).toBe(nodeHash(name, text));
      }),
      { numRuns: 300 },
    );
  });
});

describe('encodings agree with Node', () => {
  it('utf8Encode matches Buffer.from(text, "utf8")', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        expect(Buffer.from(utf8Encode(text)).equals(Buffer.from(text, 'utf8'))).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('base64Encode matches Buffer.toString("base64"), and base64Decode reverses it', () => {
    fc.assert(
      fc.property(bytes, (data) => {
        const encoded = base64Encode(data);
        expect(encoded).toBe(Buffer.from(data).toString('base64'));
        expect(base64Decode(encoded)).toEqual(data);
        expect(base64Decode(Buffer.from(data).toString('base64url'))).toEqual(data);
      }),
      { numRuns: 500 },
    );
  });

  it('base64Decode never throws, and what it accepts Node reads the same', () => {
    const base64ish = fc.string({
      unit: fc.constantFrom(...'AQgw+/-_=!'.split('')),
      maxLength: 40,
    });
    fc.assert(
      fc.property(fc.oneof(base64ish, anyText), (text) => {
        const decoded = base64Decode(text);
        if (decoded !== null) expect(Buffer.from(decoded)).toEqual(Buffer.from(text, 'base64'));
      }),
      { numRuns: 1000 },
    );
  });
});
