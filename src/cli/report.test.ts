// The text reports: each field line once with its challenges broken down, and nothing a server
// sent reaching the terminal as a control or bidi character.
import { describe, expect, it } from 'vitest';
import { hasInvisible } from '../shared/visible-text.ts';
import { parseValues } from './parse-values.ts';
import { formatCheckReport, formatParseReport, makeStyle } from './report.ts';
import { buildReport, type UrlResult } from './result.ts';

const plain = makeStyle(false);

function result(fields: UrlResult['fields'], challenges: UrlResult['challenges']): UrlResult {
  return {
    url: 'https://a.example/x',
    finalUrl: 'https://a.example/x',
    status: 401,
    redirects: [],
    fields,
    challenges,
    diagnostics: [],
    error: null,
  };
}

describe('check report', () => {
  it('shows each field line once, then each challenge broken down as parse does', () => {
    const text = formatCheckReport(
      buildReport([
        result(
          [{ name: 'WWW-Authenticate', lines: ['Negotiate abc=', 'Basic realm="win"'] }],
          [
            { field: 'WWW-Authenticate', scheme: 'Negotiate', token68: 'abc=', params: [] },
            {
              field: 'WWW-Authenticate',
              scheme: 'Basic',
              token68: null,
              params: [{ name: 'realm', value: 'win', quoted: true }],
            },
          ],
        ),
      ]),
      plain,
    );
    expect(text.split('\n').slice(0, 7)).toEqual([
      '✓ https://a.example/x  401',
      '  WWW-Authenticate: Negotiate abc=',
      '  WWW-Authenticate: Basic realm="win"',
      '  challenge 1  scheme Negotiate',
      '    token68 abc=',
      '  challenge 2  scheme Basic',
      '    realm = "win"',
    ]);
    expect(text.match(/Basic realm="win"/g)).toHaveLength(1);
  });

  it('names the field of each challenge when a response has both kinds', () => {
    const text = formatCheckReport(
      buildReport([
        result(
          [
            { name: 'WWW-Authenticate', lines: ['Basic realm="a"'] },
            { name: 'Proxy-Authenticate', lines: ['Basic realm="p"'] },
          ],
          [
            { field: 'WWW-Authenticate', scheme: 'Basic', token68: null, params: [] },
            { field: 'Proxy-Authenticate', scheme: 'Basic', token68: null, params: [] },
          ],
        ),
      ]),
      plain,
    );
    expect(text).toContain('challenge 1  scheme Basic  (WWW-Authenticate)');
    expect(text).toContain('challenge 2  scheme Basic  (Proxy-Authenticate)');
  });

  it('shows control and bidi characters from anywhere a server or file reaches as marks', () => {
    const hostile = 'a\x1b]0;pwned\x07\x1b[2J\u202eb\x9b';
    const r = result(
      [{ name: 'WWW-Authenticate', lines: [`Basic realm="${hostile}"`] }],
      [
        {
          field: 'WWW-Authenticate',
          scheme: `X${hostile}`,
          token68: null,
          params: [{ name: 'realm', value: hostile, quoted: true }],
        },
      ],
    );
    r.url = `https://a.example/${hostile}`;
    r.redirects = [{ status: 302, from: hostile, to: hostile }];
    r.diagnostics = [
      {
        severity: 'error',
        code: 'control-character',
        message: `The realm holds ${hostile}`,
        reference: { document: 'RFC 9110', section: '5.5', url: 'https://x.example/' },
      },
    ];
    const failed = {
      ...result([], []),
      url: hostile,
      status: null,
      error: `cannot reach ${hostile}`,
    };
    const text = formatCheckReport(buildReport([r, failed], [`Entry 1 (${hostile})`]), plain);
    expect(text.split('\n').filter(hasInvisible)).toEqual([]);
    expect(text).toContain('a⟨U+001B⟩]0;pwned⟨U+0007⟩⟨U+001B⟩[2J⟨U+202E⟩b⟨U+009B⟩');
  });
});

describe('parse report', () => {
  it('puts the caret under the problem in the text as shown, control marks included', () => {
    const report = parseValues(['Basic realm="\x1b[2J", charset="UTF-8'], {
      status: null,
      url: null,
    });
    const lines = formatParseReport(report, plain).split('\n');
    const underlined = lines.flatMap((line, i) => {
      const caret = /^( *)(\^+)$/.exec(line);
      if (!caret) return [];
      const start = caret[1]!.length;
      return [lines[i - 1]!.slice(start, start + caret[2]!.length)];
    });
    // The control character is underlined as its whole mark; the unterminated quoted-string from
    // charset's opening quote to the end.
    expect(underlined).toEqual(['⟨U+001B⟩', '"UTF-8']);
    expect(formatParseReport(report, plain)).not.toContain('\x1b');
  });
});
