import { describe, expect, it } from 'vitest';
import { diagnosticExamples, type DiagnosticExample } from './fixtures/diagnostics.ts';
import {
  analyzeChallenges,
  checkExpectations,
  codes,
  diagnose,
  parseAuthenticationInfo,
  parseChallenges,
  validateRules,
} from './index.ts';
import type { Diagnostic, ExchangeContext } from './index.ts';
import { discoveryExampleDiagnostics, type DiscoveryExample } from './discovery/examples.ts';

function run(
  field: DiagnosticExample['field'],
  fields: unknown,
  context?: ExchangeContext,
): Diagnostic[] {
  if (field === 'authentication-info') return parseAuthenticationInfo(fields as string).diagnostics;
  if (field === 'discovery') return discoveryExampleDiagnostics(fields as DiscoveryExample);
  if (field === 'expectations') {
    const example = fields as { rules: unknown; challenges: string };
    const valid = validateRules(example.rules);
    if (!('rules' in valid)) throw new Error(JSON.stringify(valid.errors));
    return checkExpectations(valid.rules, {
      url: context?.url ?? '',
      statusCode: context?.status ?? 0,
      challenges: parseChallenges(example.challenges).challenges,
    });
  }
  return analyzeChallenges(fields as string, context).diagnostics;
}

describe('each diagnostic code', () => {
  it.each(diagnosticExamples)(
    '$code fires on its minimal example and not on its near miss',
    (row) => {
      const hit = run(row.field, row.fields, row.context).find((d) => d.code === row.code);
      expect(hit, `expected ${row.code}`).toBeDefined();
      expect(hit!.severity).toBe(codes[row.code as keyof typeof codes].severity);
      expect(hit!.message.length).toBeGreaterThan(10);
      const miss = run(row.field, row.nearMiss.fields, row.nearMiss.context).map((d) => d.code);
      expect(miss).not.toContain(row.code);
    },
  );
});

describe('diagnose', () => {
  it('points a scheme diagnostic at the parameter concerned', () => {
    const field = 'Basic realm="x", charset="latin1"';
    const d = analyzeChallenges(field).diagnostics.find(
      (x) => x.code === 'basic-charset-not-utf8',
    )!;
    expect(field.slice(d.span!.start, d.span!.end)).toBe('charset="latin1"');
    expect(d.challenge).toBe(0);
  });

  it('softens the Bearer transport error on loopback, where nothing crosses a network', () => {
    // RFC 6750 §5.3: "Clients MUST always use TLS (https)": an error, but not on loopback.
    const local = analyzeChallenges('Bearer realm="lab"', {
      url: 'http://127.0.0.1:5177/bearer',
    }).diagnostics;
    expect(local.find((d) => d.code === 'bearer-over-http')?.severity).toBe('warning');
    const remote = analyzeChallenges('Bearer realm="lab"', {
      url: 'http://staging.example.com/',
    }).diagnostics;
    expect(remote.find((d) => d.code === 'bearer-over-http')?.severity).toBe('error');
  });

  it('accepts the RFC 7616 example pair (SHA-256 then MD5) without scheme errors', () => {
    const { diagnostics } = analyzeChallenges(
      [
        'Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=SHA-256, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"',
        'Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=MD5, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"',
      ],
      { status: 401, url: 'https://example.org/dir/index.html' },
    );
    expect(diagnostics).toEqual([]);
  });

  it('accepts a well-formed Bearer 403 with insufficient_scope for a request that sent a token', () => {
    const { diagnostics } = analyzeChallenges(
      'Bearer realm="api", error="insufficient_scope", scope="write"',
      {
        status: 403,
        url: 'https://api.example.com/items',
        requestHadCredentials: true,
      },
    );
    expect(diagnostics).toEqual([]);
  });

  it('reports a 401 whose only field is empty twice over: empty field and no challenge', () => {
    const codesFound = analyzeChallenges('', { status: 401 }).diagnostics.map((d) => d.code);
    expect(codesFound).toEqual(['empty-challenge-list', '401-without-challenge']);
  });

  it('treats scheme names case-insensitively', () => {
    const upper = diagnose(parseChallenges('BASIC CHARSET="latin1"').challenges).map((d) => d.code);
    expect(upper).toEqual(
      expect.arrayContaining(['basic-missing-realm', 'basic-charset-not-utf8']),
    );
  });
});
