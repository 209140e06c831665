import { describe, expect, it } from 'vitest';
import conformance from './fixtures/conformance.json' with { type: 'json' };
import {
  challengeSpanOf,
  nameSpanOf,
  paramSpanOf,
  parseAuthenticationInfo,
  parseChallenges,
  schemeSpanOf,
  token68SpanOf,
  valueSpanOf,
} from './index.ts';
import type { ChallengeParse, Span } from './index.ts';

interface Row {
  name: string;
  source: string;
  fields: string | Array<string | null>;
  challenges: Array<{ scheme: string; token68: string | null; params: Array<[string, string]> }>;
  codes: string[];
  valid: boolean;
}

function shape(result: ChallengeParse) {
  return result.challenges.map((c) => ({
    scheme: c.scheme,
    token68: c.token68,
    params: c.params.map((p) => [p.name, p.value]),
  }));
}

function codesOf(result: { diagnostics: Array<{ code: string }> }): string[] {
  return [...new Set(result.diagnostics.map((d) => d.code))].sort();
}

/** The text a span covers, read back from the field lines. */
function textAt(lines: readonly string[], span: Span): string {
  return lines[span.line]!.slice(span.start, span.end);
}

describe('conformance table', () => {
  it.each(conformance as Row[])('$name ($source)', (row) => {
    const result = parseChallenges(row.fields as string[]);
    expect(shape(result)).toEqual(row.challenges);
    expect(codesOf(result)).toEqual(row.codes);
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    if (row.valid) expect(errors).toEqual([]);
    else expect(errors.length).toBeGreaterThan(0);
  });
});

describe('parseChallenges', () => {
  it('keeps every challenge and parameter in order with its exact span', () => {
    const lines = ['Basic realm="a b", charset=UTF-8', 'Bearer  token68=='];
    const { challenges } = parseChallenges(lines);
    const [basic, bearer] = challenges;
    expect(textAt(lines, schemeSpanOf(basic!))).toBe('Basic');
    expect(textAt(lines, paramSpanOf(basic!.params[0]!))).toBe('realm="a b"');
    expect(textAt(lines, nameSpanOf(basic!.params[0]!))).toBe('realm');
    expect(textAt(lines, valueSpanOf(basic!.params[0]!))).toBe('"a b"');
    expect(textAt(lines, valueSpanOf(basic!.params[1]!))).toBe('UTF-8');
    expect(challengeSpanOf(basic!)).toEqual({
      line: 0,
      start: 0,
      endLine: 0,
      end: lines[0]!.length,
    });
    expect(token68SpanOf(bearer!)).toEqual({ line: 1, start: 8, endLine: 1, end: 17 });
    expect(challengeSpanOf(bearer!)).toEqual({ line: 1, start: 0, endLine: 1, end: 17 });
  });

  it('extends a challenge span onto the field line that continues it', () => {
    const lines = ['Digest realm="r"', 'nonce="n"'];
    const [digest] = parseChallenges(lines).challenges;
    expect(challengeSpanOf(digest!)).toEqual({ line: 0, start: 0, endLine: 1, end: 9 });
  });

  it('reports whether each value was quoted', () => {
    const [c] = parseChallenges('X a="1", b=2').challenges;
    expect(c!.params.map((p) => p.quoted)).toEqual([true, false]);
  });

  it('reports an unterminated quoted-string at the offset of its opening quote', () => {
    const { diagnostics } = parseChallenges('Basic charset="UTF-8", realm="abc');
    const d = diagnostics.find((x) => x.code === 'unterminated-quoted-string')!;
    expect(d).toMatchObject({ severity: 'error', line: 0, offset: 29 });
    expect(d.reference.url).toBe('https://www.rfc-editor.org/rfc/rfc9110#section-5.6.4');
  });

  it('reports the line and offset of a problem on a later field line', () => {
    const { diagnostics } = parseChallenges(['Basic realm="a"', 'Bearer realm="b" x="y" "z"']);
    const missing = diagnostics.filter((x) => x.code === 'expected-comma');
    expect(missing.map((x) => [x.line, x.offset])).toEqual([
      [1, 17],
      [1, 23],
    ]);
  });

  it('names the challenge a diagnostic concerns', () => {
    const { diagnostics } = parseChallenges('Basic realm="a", Digest realm="b", realm="c"');
    expect(diagnostics.find((d) => d.code === 'duplicate-param')).toMatchObject({
      challenge: 1,
      offset: 35,
    });
  });

  it('keeps a long parameter list whole and finds a duplicate anywhere in it', () => {
    // Past sixteen parameters the fast path keeps them apart from its scratch list and looks
    // names up by hash: both must give what the general parser gives.
    const names = Array.from({ length: 40 }, (_, i) => `p${i}`);
    const line = `Digest ${names.map((n) => `${n}="${n}"`).join(', ')}, P3="again", x=1`;
    const second = `Basic ${names.map((n) => `${n}=${n}`).join(', ')}`;
    for (const lines of [[line, second], [`${line}, ${second}`]]) {
      const fast = parseChallenges(lines);
      expect(fast).toEqual(parseChallenges(lines, { generalOnly: true }));
      const [digest, basic] = fast.challenges;
      expect(digest!.params.map((p) => p.name)).toEqual([...names, 'P3', 'x']);
      expect(basic!.params.map((p) => p.value)).toEqual(names);
      const duplicates = fast.diagnostics.filter((d) => d.code === 'duplicate-param');
      expect(duplicates.map((d) => [d.challenge, d.offset])).toEqual([[0, line.indexOf('P3')]]);
    }
  });

  it('reads a bare line break as an error by default and silently with lineBreaks: separate', () => {
    const joined = 'Basic realm="a"\nDigest realm="b", nonce="n"';
    const strict = parseChallenges(joined);
    const firefox = parseChallenges(joined, { lineBreaks: 'separate' });
    expect(shape(strict)).toEqual(shape(firefox));
    expect(codesOf(strict)).toContain('invalid-line-break');
    expect(firefox.diagnostics).toEqual([]);
    expect(schemeSpanOf(firefox.challenges[1]!)).toEqual({
      line: 0,
      start: 16,
      endLine: 0,
      end: 22,
    });
  });

  it('parses the same structure from one line with commas as from separate lines', () => {
    const one = parseChallenges('Basic realm="a", Bearer realm="b", error="invalid_token"');
    const many = parseChallenges(['Basic realm="a"', 'Bearer realm="b", error="invalid_token"']);
    expect(shape(one)).toEqual(shape(many));
  });

  it('lists at most 100 diagnostics of one code and counts the rest', () => {
    const { diagnostics } = parseChallenges(','.repeat(1000));
    const empties = diagnostics.filter((d) => d.code === 'empty-list-element');
    expect(empties).toHaveLength(101);
    expect(empties.at(-1)!.message).toMatch(/900 more like this|901 more like this/);
  });

  it('never throws on input that is not a string or an array', () => {
    for (const input of [null, undefined, 42, {}, [1, {}, null]]) {
      const result = parseChallenges(input as unknown as string);
      expect(result.challenges).toEqual([]);
      expect(codesOf(result)).toEqual(['invalid-input']);
    }
  });

  it('explains each grammar error in words that name the culprit', () => {
    const { diagnostics } = parseChallenges('Basic realm "x"');
    expect(diagnostics[0]!.message).toContain('"realm"');
    const tab = parseChallenges('Basic\trealm="x"').diagnostics[0]!;
    expect(tab.message).toMatch(/tab/i);
  });
});

describe('parseAuthenticationInfo', () => {
  it('parses the RFC 7616 §3.5 parameters in order', () => {
    const field =
      'qop=auth, rspauth="6629fae49393a05397450978507c4ef1", cnonce="0a4f113b", nc=00000001, nextnonce="abc"';
    const { params, diagnostics } = parseAuthenticationInfo(field);
    expect(params.map((p) => [p.name, p.value])).toEqual([
      ['qop', 'auth'],
      ['rspauth', '6629fae49393a05397450978507c4ef1'],
      ['cnonce', '0a4f113b'],
      ['nc', '00000001'],
      ['nextnonce', 'abc'],
    ]);
    expect(diagnostics).toEqual([]);
  });

  it('rejects an element that is not a parameter', () => {
    const { params, diagnostics } = parseAuthenticationInfo('nextnonce="a", Digest');
    expect(params).toHaveLength(1);
    expect(codesOf({ diagnostics })).toEqual(['expected-auth-param']);
  });

  it('diagnoses duplicate parameters and empty elements', () => {
    const { diagnostics } = parseAuthenticationInfo('nc=1,, NC=2');
    expect(codesOf({ diagnostics })).toEqual(['duplicate-param', 'empty-list-element']);
  });
});

// parse.ts keeps one parser at rest between calls (its only module state). A parse re-entered
// from inside another, and parses interleaved that way, must each get what they would alone, and
// no result may share a list with the pool or with another result.
describe('the parser pool', () => {
  const lines = ['Basic realm="a", charset="UTF-8"', 'Bearer error="invalid_token", scope="x y"'];
  const alone = () => parseChallenges(lines);
  const shape = (r: ChallengeParse) => JSON.parse(JSON.stringify(r)) as unknown;

  it('gives a parse re-entered from an array getter a parser of its own', () => {
    const inner: ChallengeParse[] = [];
    const innerInfo: unknown[] = [];
    // A hostile array: reading its elements runs other parses in the middle of this one.
    const hostile = new Proxy([...lines, 'Digest realm="r", nonce="n", qop="auth"'], {
      get(target, key, receiver) {
        if (key === '1') {
          inner.push(parseChallenges(['Negotiate abc==', 'NTLM']));
          innerInfo.push(parseAuthenticationInfo('nextnonce="x", qop=auth'));
          inner.push(parseChallenges(lines));
        }
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
    const outer = parseChallenges(hostile as unknown as string[]);
    expect(shape(outer)).toEqual(
      shape(parseChallenges([...lines, 'Digest realm="r", nonce="n", qop="auth"'])),
    );
    expect(shape(inner[0]!)).toEqual(shape(parseChallenges(['Negotiate abc==', 'NTLM'])));
    expect(innerInfo[0]).toEqual(parseAuthenticationInfo('nextnonce="x", qop=auth'));
    expect(shape(inner[1]!)).toEqual(shape(alone()));
  });

  it('hands out results that share nothing with the pool or with each other', () => {
    const first = alone();
    const second = alone();
    expect(second.challenges).not.toBe(first.challenges);
    expect(second.challenges[0]!.params).not.toBe(first.challenges[0]!.params);
    // Changing a result changes nothing the next parse returns.
    first.challenges[0]!.params.push(first.challenges[0]!.params[0]!);
    first.challenges.length = 0;
    first.diagnostics.push(first.diagnostics[0]!);
    expect(shape(alone())).toEqual(shape(second));
  });

  it('lets a parse that failed on a hostile getter leave nothing behind', () => {
    const throwing = new Proxy(['Basic realm="a"'], {
      get(target, key, receiver) {
        if (key === '0') throw new Error('hostile');
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
    expect(parseChallenges(throwing as unknown as string[]).diagnostics[0]!.code).toBe(
      'invalid-input',
    );
    expect(shape(alone())).toEqual(shape(parseChallenges(lines, { generalOnly: true })));
  });
});
