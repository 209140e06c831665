// Basic credentials: RFC 7617's own examples (§2, §2.1), the refusals, the notes, and a round
// trip through the lab's independent decoder (demo/basic.ts) for random user-ids and passwords.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBasic } from '../../../demo/basic.ts';
import { basicCredentials } from '../credentials.ts';
import type { CredentialsResult } from '../credentials.ts';

function built(result: CredentialsResult) {
  if (!result.ok) throw new Error(result.problem.message);
  return result;
}

describe('RFC 7617 examples', () => {
  it('§2: Aladdin / open sesame', () => {
    const result = built(basicCredentials('Aladdin', 'open sesame'));
    expect(result.value).toBe('Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==');
    expect(result.header).toBe('Authorization: Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==');
    expect(result.field).toBe('Authorization');
    expect(result.notes).toEqual([]);
  });

  it('§2.1: test / 123£ with charset=UTF-8', () => {
    const result = built(basicCredentials('test', '123\u00a3', { charset: 'UTF-8' }));
    expect(result.steps.map((s) => [s.id, s.label, s.value])).toEqual([
      ['user-pass', 'user-pass', 'test:123£'],
      ['octets', 'UTF-8 octets', '74 65 73 74 3a 31 32 33 c2 a3'],
      ['base64', 'base64', 'dGVzdDoxMjPCow=='],
      ['header', 'Authorization', 'Authorization: Basic dGVzdDoxMjPCow=='],
    ]);
    expect(result.notes).toEqual([]);
  });

  it('labels every step with its RFC 7617 section', () => {
    const result = built(basicCredentials('test', '123\u00a3', { charset: 'utf-8' }));
    expect(result.steps.map((s) => s.reference.url)).toEqual([
      'https://www.rfc-editor.org/rfc/rfc7617#section-2',
      'https://www.rfc-editor.org/rfc/rfc7617#section-2.1',
      'https://www.rfc-editor.org/rfc/rfc7617#section-2',
      'https://www.rfc-editor.org/rfc/rfc7617#section-2',
    ]);
    for (const step of result.steps) expect(step.detail.length).toBeGreaterThan(10);
  });
});

describe('what Basic cannot carry', () => {
  it('refuses a user-id with ":" and says how the server would read it', () => {
    const result = basicCredentials('ali:ce', 'secret');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problem.message).toContain('":"');
    expect(result.problem.message).toContain('"ali"');
    expect(result.problem.message).not.toContain('secret');
    expect(result.problem.reference.section).toBe('2');
    expect(result.steps).toEqual([]);
  });

  it('accepts ":" in the password: only the first colon separates', () => {
    const result = built(basicCredentials('alice', 'a:b:c'));
    expect(result.steps[0]?.value).toBe('alice:a:b:c');
  });

  it.each([
    ['user-id', 'al\tice', 'pw', 'U+0009'],
    ['password', 'alice', 'pw\n', 'U+000A'],
    ['password', 'alice', 'p\u007fw', 'U+007F'],
  ])('refuses a control character in the %s', (part, user, password, name) => {
    const result = basicCredentials(user, password);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problem.message).toContain(`The ${part} contains`);
    expect(result.problem.message).toContain(name);
  });

  it('builds empty user-ids and passwords', () => {
    expect(built(basicCredentials('', '')).value).toBe('Basic Og==');
  });
});

describe('charset', () => {
  it('notes a charset other than UTF-8 and still encodes UTF-8', () => {
    const result = built(basicCredentials('a', '\u00e9', { charset: 'ISO-8859-1' }));
    expect(result.value).toBe(`Basic ${Buffer.from('a:\u00e9').toString('base64')}`);
    expect(result.notes).toHaveLength(1);
    expect(result.notes[0]?.message).toContain('"UTF-8" is the only value');
    expect(result.notes[0]?.reference.section).toBe('2.1');
  });

  it('notes non-ASCII credentials when the challenge has no charset', () => {
    expect(built(basicCredentials('a', '\u00e9')).notes[0]?.message).toContain('unspecified');
    expect(built(basicCredentials('a', 'e')).notes).toEqual([]);
  });

  it('normalizes to NFC under charset=UTF-8, and says so', () => {
    // "é" as e + U+0301 becomes U+00E9 (RFC 7617 §2.1 → RFC 7613's profiles apply NFC).
    const result = built(basicCredentials('e\u0301', 'x', { charset: 'UTF-8' }));
    expect(result.steps[0]?.value).toBe('\u00e9:x');
    expect(result.steps[1]?.value).toBe('c3 a9 3a 78');
    expect(result.notes[0]?.message).toContain('NFC');
    // Without the charset nothing is normalized.
    expect(built(basicCredentials('e\u0301', 'x')).steps[0]?.value).toBe('e\u0301:x');
  });

  it('encodes a lone surrogate as U+FFFD', () => {
    const result = built(basicCredentials('a', '\ud800', { charset: 'UTF-8' }));
    expect(result.steps[1]?.value).toBe('61 3a ef bf bd');
  });
});

it('builds Proxy-Authorization for a proxy challenge', () => {
  const result = built(basicCredentials('alice', 'wonderland', { field: 'Proxy-Authorization' }));
  expect(result.header).toBe('Proxy-Authorization: Basic YWxpY2U6d29uZGVybGFuZA==');
  expect(result.steps.at(-1)?.label).toBe('Proxy-Authorization');
});

describe('round trip through the lab decoder (demo/basic.ts)', () => {
  // Any character but ":" and controls in the user-id; any but controls in the password.
  const noControls = (s: string): boolean =>
    [...s].every((ch) => ch.charCodeAt(0) >= 0x20 && ch.charCodeAt(0) !== 0x7f);
  const text = fc.string({ unit: 'grapheme', maxLength: 40 }).filter(noControls);

  it('decodes to the same user-id and password, and matches Buffer base64', () => {
    fc.assert(
      fc.property(
        text.filter((s) => !s.includes(':')),
        text,
        (user, password) => {
          const result = built(basicCredentials(user, password));
          const token = result.value.slice('Basic '.length);
          expect(token).toBe(Buffer.from(`${user}:${password}`, 'utf8').toString('base64'));
          expect(decodeBasic(token)).toEqual({ ok: true, userId: user, password });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never throws, whatever the input', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 30 }),
        fc.string({ unit: 'binary', maxLength: 30 }),
        fc.option(fc.string({ maxLength: 8 }), { nil: undefined }),
        (user, password, charset) => {
          const result = basicCredentials(user, password, charset === undefined ? {} : { charset });
          expect(typeof result.ok).toBe('boolean');
        },
      ),
      { numRuns: 300 },
    );
  });
});
