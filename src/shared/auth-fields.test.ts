import { describe, expect, it } from 'vitest';
import { buildAuthFields, hasAuthField } from './auth-fields.ts';

describe('hasAuthField', () => {
  it('finds auth fields in any case and ignores everything else', () => {
    expect(hasAuthField([{ name: 'content-type', value: 'text/html' }])).toBe(false);
    expect(hasAuthField([{ name: 'www-authenticate', value: 'Basic' }])).toBe(true);
    expect(hasAuthField([{ name: 'PROXY-AUTHENTICATION-INFO', value: 'nc=1' }])).toBe(true);
    expect(hasAuthField([{ name: 'X-WWW-Authenticat', value: 'Basic' }])).toBe(false);
  });
});

describe('buildAuthFields', () => {
  it('keeps every repeated line of a field in order and parses them as one list', () => {
    const { fields } = buildAuthFields(
      [
        { name: 'WWW-Authenticate', value: 'Negotiate' },
        { name: 'Content-Type', value: 'text/html' },
        { name: 'www-authenticate', value: 'Basic realm="multi"' },
      ],
      { statusCode: 401, url: 'https://example.com/' },
    );
    expect(fields).toHaveLength(1);
    expect(fields[0]!.name).toBe('WWW-Authenticate');
    expect(fields[0]!.lines).toEqual(['Negotiate', 'Basic realm="multi"']);
    expect(fields[0]!.challenges.map((c) => c.scheme)).toEqual(['Negotiate', 'Basic']);
  });

  it('parses Authentication-Info as parameters', () => {
    const { fields } = buildAuthFields(
      [{ name: 'Authentication-Info', value: 'nextnonce="n", qop=auth' }],
      {
        statusCode: 200,
        url: 'https://example.com/',
      },
    );
    expect(fields[0]!.params.map((p) => p.name)).toEqual(['nextnonce', 'qop']);
  });

  it('reports a 401 without WWW-Authenticate on the response, not on a field', () => {
    const { fields, diagnostics } = buildAuthFields([], {
      statusCode: 401,
      url: 'https://example.com/',
    });
    expect(fields).toEqual([]);
    expect(diagnostics.map((d) => d.code)).toEqual(['401-without-challenge']);
  });

  it('diagnoses in the context of the response: status, URL and the other headers', () => {
    const { fields } = buildAuthFields(
      [
        { name: 'WWW-Authenticate', value: 'Basic realm="x"' },
        { name: 'Access-Control-Allow-Origin', value: '*' },
      ],
      { statusCode: 401, url: 'http://staging.example.com/' },
    );
    const codes = fields[0]!.diagnostics.map((d) => d.code);
    expect(codes).toContain('basic-over-http');
    expect(codes).toContain('challenge-not-exposed-to-cors');
  });
});
