import { describe, expect, it } from 'vitest';
import { challengesOf, diagnosticsOf, type Exchange } from '../shared/exchange.ts';
import { redactExchange } from '../shared/redact.ts';
import { fixtures, makeExchange } from './test-fixtures.ts';
import { checkImportSize, exportExchanges, importText, MAX_IMPORT_EXCHANGES } from './transfer.ts';

const now = Date.UTC(2026, 10, 28, 10, 0, 0);

function withSecrets(): Exchange {
  return makeExchange({
    id: 'secret-1',
    url: 'https://user:hunter2@api.example.com/data?access_token=tok123&page=2',
    status: 401,
    headers: [{ name: 'WWW-Authenticate', value: 'Negotiate oRQwEqADCgEBoQsGCSqGSIb3EgECAg==' }],
    retry: {
      credentials: {
        header: 'Authorization',
        scheme: 'Negotiate',
        source: 'page',
        value: 'Negotiate YIIGhgYJKoZIhvcSAQICAQBuggZ1',
      },
      status: 200,
    },
  });
}

const summary = (e: Exchange) => ({
  url: e.url,
  method: e.method,
  outcome: e.outcome,
  steps: e.steps.map((s) => s.kind),
  schemes: challengesOf(e).map((c) => c.scheme),
  params: challengesOf(e).flatMap((c) => c.params.map((p) => [p.name, p.value])),
  codes: diagnosticsOf(e).map((d) => d.code),
});

describe('AuthLens JSON', () => {
  it('round-trips: what comes back is parsed again and matches what went out', () => {
    const records = [fixtures.digest(), fixtures.malformed(), fixtures.bearer(), fixtures.proxy()];
    const file = exportExchanges(records, {
      format: 'authlens',
      includeCredentials: false,
      now,
      version: '1.0',
    });
    expect(file.name).toBe('authlens-2026-11-28-10-00-00.authlens.json');
    const back = importText(file.text, 'x.authlens.json');
    expect(back.problems).toEqual([]);
    expect(back.format).toBe('authlens');
    expect(back.exchanges.map(summary)).toEqual(records.map(summary));
    expect(back.exchanges.every((e) => e.imported === 'x.authlens.json')).toBe(true);
  });

  it('redacts by default: no credential value, masked token68 and URL secrets; the scheme stays', () => {
    const file = exportExchanges([withSecrets()], {
      format: 'authlens',
      includeCredentials: false,
      now,
      version: '1',
    });
    for (const secret of ['hunter2', 'tok123', 'YIIGhgYJ', 'oRQwEqADCgEBoQsGCSqGSIb3EgECAg==']) {
      expect(file.text).not.toContain(secret);
    }
    const doc = JSON.parse(file.text);
    expect(doc.redacted).toBe(true);
    const back = importText(file.text, 'r.json').exchanges[0]!;
    expect(back.url).toBe('https://REDACTED@api.example.com/data?access_token=REDACTED&page=2');
    const challenge = challengesOf(back)[0]!;
    expect(challenge.scheme).toBe('Negotiate');
    expect(challenge.token68).toMatch(/^REDACTED\.+$/);
    expect(challenge.token68!.length).toBe('oRQwEqADCgEBoQsGCSqGSIb3EgECAg=='.length);
    const request = back.steps.find((s) => s.kind === 'request' && s.credentials.length > 0);
    expect(request).toMatchObject({
      credentials: [{ header: 'Authorization', scheme: 'Negotiate' }],
    });
    expect(request?.kind === 'request' && request.credentials[0]!.value).toBeUndefined();
  });

  it('keeps everything when the user chose to include credentials', () => {
    const file = exportExchanges([withSecrets()], {
      format: 'authlens',
      includeCredentials: true,
      now,
      version: '1',
    });
    expect(JSON.parse(file.text).redacted).toBe(false);
    for (const secret of [
      'hunter2',
      'tok123',
      'Negotiate YIIGhgYJKoZIhvcSAQICAQBuggZ1',
      'oRQwEqADCgEBoQsGCSqGSIb3EgECAg==',
    ]) {
      expect(file.text).toContain(secret);
    }
  });

  it('re-parses instead of trusting the parse results in the file', () => {
    const doc = {
      format: 'authlens',
      version: 1,
      exchanges: [
        {
          url: 'https://a.example/',
          method: 'GET',
          outcome: 'challenged',
          steps: [
            { kind: 'request', at: 1, url: 'https://a.example/', credentials: [] },
            {
              kind: 'response',
              at: 2,
              url: 'https://a.example/',
              statusCode: 401,
              statusLine: 'HTTP/1.1 401 Unauthorized',
              fields: [
                {
                  name: 'WWW-Authenticate',
                  lines: ['Basic realm="a"'],
                  challenges: [{ scheme: 'Evil', params: 'not-an-array', span: { line: 99 } }],
                  diagnostics: [{ severity: 'error', code: 'x', span: { line: -1, start: 1e9 } }],
                },
              ],
              diagnostics: 'nope',
            },
            { kind: 'teleport', at: 3 },
          ],
        },
      ],
    };
    const [e] = importText(JSON.stringify(doc), 'tampered.json').exchanges;
    expect(challengesOf(e!).map((c) => [c.scheme, c.params.map((p) => p.value)])).toEqual([
      ['Basic', ['a']],
    ]);
    expect(diagnosticsOf(e!)).toEqual([]);
    expect(e!.steps.map((s) => s.kind)).toEqual(['request', 'response']);
  });

  it('skips records it cannot use and says which', () => {
    const doc = {
      format: 'authlens',
      version: 1,
      exchanges: [null, { url: 3 }, { url: 'https://a/', steps: [] }],
    };
    const result = importText(JSON.stringify(doc), 'partial.json');
    expect(result.exchanges).toHaveLength(1);
    expect(result.problems).toEqual([
      'Exchange 1: not an object; skipped.',
      'Exchange 2: no URL; skipped.',
    ]);
  });

  it('refuses a document from a newer AuthLens with a clear sentence', () => {
    const result = importText(
      JSON.stringify({ format: 'authlens', version: 2, exchanges: [] }),
      'new.json',
    );
    expect(result.exchanges).toEqual([]);
    expect(result.problems[0]).toMatch(/newer AuthLens \(format version 2\)/);
  });

  it('caps the number of imported exchanges and says so', () => {
    const one = JSON.parse(
      exportExchanges([fixtures.basic()], {
        format: 'authlens',
        includeCredentials: false,
        now,
        version: '1',
      }).text,
    ).exchanges[0];
    const doc = {
      format: 'authlens',
      version: 1,
      exchanges: Array.from({ length: MAX_IMPORT_EXCHANGES + 3 }, () => one),
    };
    const result = importText(JSON.stringify(doc), 'big.json');
    expect(result.exchanges).toHaveLength(MAX_IMPORT_EXCHANGES);
    expect(result.problems[0]).toBe('Only the first 10,000 of 10,003 exchanges were imported.');
  });
});

describe('HAR', () => {
  it('exports HAR 1.2 that imports back with the same challenges', () => {
    const records = [fixtures.digest(), fixtures.malformed()];
    const file = exportExchanges(records, {
      format: 'har',
      includeCredentials: false,
      now,
      version: '1.0',
    });
    expect(file.name).toMatch(/\.har$/);
    const har = JSON.parse(file.text);
    expect(har.log).toMatchObject({
      version: '1.2',
      creator: { name: 'AuthLens', version: '1.0' },
    });
    const back = importText(file.text, 'a.har');
    expect(back.format).toBe('har');
    expect(back.exchanges.map((e) => challengesOf(e).map((c) => c.scheme))).toEqual([
      ['Digest', 'Digest'],
      ['Basic'],
    ]);
    expect(back.exchanges.map((e) => e.outcome)).toEqual(['authenticated', 'challenged']);
  });

  it('redacts HAR exports by default', () => {
    const file = exportExchanges([withSecrets()], {
      format: 'har',
      includeCredentials: false,
      now,
      version: '1',
    });
    for (const secret of ['hunter2', 'tok123', 'YIIGhgYJ', 'oRQwEqADCgEBoQsGCSqGSIb3EgECAg==']) {
      expect(file.text).not.toContain(secret);
    }
    expect(file.text).toContain('Negotiate REDACTED');
  });

  it('says when a HAR holds no authentication at all', () => {
    const har = {
      log: {
        entries: [
          {
            request: { url: 'https://a/', method: 'GET', headers: [] },
            response: { status: 200, headers: [] },
          },
        ],
      },
    };
    const result = importText(JSON.stringify(har), 'plain.har');
    expect(result.exchanges).toEqual([]);
    expect(result.problems).toEqual([
      'plain.har has no response with an authentication header or a 401/407.',
    ]);
  });
});

describe('files that are not what they claim', () => {
  it('says what is wrong with text that is not JSON, or JSON of another kind', () => {
    expect(importText('<html>', 'page.html').problems[0]).toMatch(
      /^page\.html is not valid JSON \(.+\)\. AuthLens imports HAR files and AuthLens exports\.$/,
    );
    expect(importText('[1,2]', 'list.json').problems[0]).toMatch(/neither a HAR file/);
    expect(importText('null', 'null.json').problems[0]).toMatch(/neither a HAR file/);
  });

  it('refuses files over the size limit before reading them', () => {
    expect(checkImportSize(1024)).toBeNull();
    expect(checkImportSize(100 * 1024 * 1024)).toMatch(
      /The file is 100 MB; AuthLens imports files up to 64 MB/,
    );
  });
});

describe('prototype keys in files', () => {
  it('are read as plain names, never as Object’s properties', () => {
    const keys = ['__proto__', 'constructor', 'toString'];
    const har = {
      log: {
        entries: [
          {
            request: {
              method: 'GET',
              url: 'https://a.example/?__proto__=1&constructor=2',
              headers: keys.map((name) => ({ name, value: 'x' })),
            },
            response: {
              status: 401,
              headers: [
                ...keys.map((name) => ({ name, value: 'y' })),
                { name: 'WWW-Authenticate', value: 'constructor __proto__="a", toString=b' },
              ],
            },
          },
        ],
      },
    };
    const fromHar = importText(JSON.stringify(har), 'p.har');
    expect(fromHar.problems).toEqual([]);
    const [challenge] = challengesOf(fromHar.exchanges[0]!);
    expect(challenge?.scheme).toBe('constructor');
    expect(challenge?.params.map((p) => p.name)).toEqual(['__proto__', 'toString']);
    // JSON.parse makes "__proto__" an own property; reading must not take it for the prototype.
    const text = `{"format":"authlens","version":1,"__proto__":{"exchanges":[]},"exchanges":[{"__proto__":{"url":"https://evil/"},"url":"https://a.example/","constructor":"x","steps":[{"kind":"request","at":1,"url":"https://a.example/","credentials":[{"header":"constructor","scheme":"toString","source":"__proto__"}]}]}]}`;
    const fromJson = importText(text, 'p.authlens.json');
    expect(fromJson.exchanges.map((e) => e.url)).toEqual(['https://a.example/']);
    expect(fromJson.exchanges[0]!.steps[0]).toMatchObject({
      credentials: [{ header: 'Authorization', scheme: 'toString', source: 'page' }],
    });
    for (const format of ['har', 'authlens'] as const) {
      const out = exportExchanges([...fromHar.exchanges, ...fromJson.exchanges], {
        format,
        includeCredentials: false,
        now,
        version: '1',
      }).text;
      expect(out).not.toMatch(/function|native code|\[object/);
    }
  });
});

describe('redactExchange', () => {
  it('leaves records without secrets equal and never mutates its input', () => {
    const basic = fixtures.basic();
    const copy = JSON.parse(JSON.stringify(basic));
    expect(redactExchange(basic)).toEqual(basic);
    const secret = withSecrets();
    const before = JSON.stringify(secret);
    redactExchange(secret);
    expect(JSON.stringify(secret)).toBe(before);
    expect(basic).toEqual(copy);
  });
});
