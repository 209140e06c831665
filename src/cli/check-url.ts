// Checks one live URL: probe it without credentials, diagnose the final response with the same
// builder the extension uses, apply the expectation rules, and with --follow-metadata follow the
// discovery chain (src/core/discovery) with the Node fetcher. Node only (through probe.ts); never
// throws.
import {
  checkExpectations,
  followDiscovery,
  type Challenge,
  type ExpectationRule,
} from '../core/index.ts';
import { buildAuthFields, type HeaderLine } from '../shared/auth-fields.ts';
import { discoveryOut, type DiscoveryOut } from './discovery-report.ts';
import { createMetadataFetcher } from './metadata-fetcher.ts';
import { probe } from './probe.ts';
import { diagnosticOut, fieldsOut, type UrlResult } from './result.ts';

export interface CheckOptions {
  headers: readonly HeaderLine[];
  timeout: number;
  rules: readonly ExpectationRule[];
  followMetadata: boolean;
  userAgent: string;
}

export async function checkUrl(url: string, options: CheckOptions): Promise<UrlResult> {
  const response = await probe(url, {
    headers: options.headers,
    timeout: options.timeout,
    userAgent: options.userAgent,
  });
  if (!response.ok) {
    return {
      url,
      finalUrl: response.redirects.at(-1)?.to ?? url,
      status: null,
      redirects: response.redirects,
      fields: [],
      challenges: [],
      diagnostics: [],
      error: response.error,
    };
  }
  const { fields, diagnostics: responseDiagnostics } = buildAuthFields(response.headers, {
    statusCode: response.status,
    url: response.url,
    // We sent the request, so we know: no credentials unless the user passed an Authorization.
    requestHadCredentials: response.sentCredentials,
  });
  const out = fieldsOut(fields, responseDiagnostics);
  const { challenges, diagnostics } = out;
  // A 407 answers for the proxy; any other status for the origin (RFC 9110 §11.6.1, §11.7.1).
  const challengeField = response.status === 407 ? 'Proxy-Authenticate' : 'WWW-Authenticate';
  const offered: Challenge[] = fields.find((f) => f.name === challengeField)?.challenges ?? [];
  const offset = challenges.findIndex((c) => c.field === challengeField);
  const expectations = checkExpectations(options.rules, {
    url: response.url,
    requestedUrl: url,
    statusCode: response.status,
    challenges: offered,
  });
  diagnostics.push(
    ...expectations.map((d) => diagnosticOut(d, challengeField, Math.max(offset, 0))),
  );
  let discovery: DiscoveryOut | undefined;
  if (options.followMetadata) {
    // Discovery starts from an origin's challenge; a proxy's 407 has none to follow.
    const chain = await followDiscovery(
      { url: response.url, challenges: challengeField === 'WWW-Authenticate' ? offered : [] },
      createMetadataFetcher({
        timeout: options.timeout,
        userAgent: options.userAgent,
        checkedAddress: response.remoteAddress,
      }),
    );
    const out = discoveryOut(chain, Math.max(offset, 0));
    diagnostics.push(...out.diagnostics);
    discovery = out.discovery;
  }
  return {
    url,
    finalUrl: response.url,
    status: response.status,
    redirects: response.redirects,
    fields: out.fields,
    challenges,
    diagnostics,
    error: null,
    ...(discovery ? { discovery } : {}),
  };
}
