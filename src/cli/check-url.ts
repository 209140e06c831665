// Checks one live URL: probe it without credentials, diagnose the final response with the same
// builder the extension uses, apply the expectation rules, and optionally follow RFC 9728
// resource_metadata. Node only (through probe.ts); never throws.
import {
  checkExpectations,
  checkResourceMetadata,
  type Challenge,
  type ExpectationRule,
} from '../core/index.ts';
import { buildAuthFields, type HeaderLine } from '../shared/auth-fields.ts';
import { probe } from './probe.ts';
import { diagnosticOut, fieldsOut, type UrlResult } from './result.ts';

export interface CheckOptions {
  headers: readonly HeaderLine[];
  timeout: number;
  rules: readonly ExpectationRule[];
  followMetadata: boolean;
  userAgent: string;
}

/** A metadata document is small; anything larger is not one. */
const MAX_METADATA_BYTES = 1024 * 1024;

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
  if (options.followMetadata) {
    for (const metadataUrl of metadataUrls(offered)) {
      const fetched = await probe(metadataUrl, {
        headers: [],
        timeout: options.timeout,
        userAgent: options.userAgent,
        accept: 'application/json',
        maxBody: MAX_METADATA_BYTES,
      });
      const found = checkResourceMetadata(
        fetched.ok
          ? {
              resourceUrl: response.url,
              metadataUrl,
              status: fetched.status,
              contentType:
                fetched.headers.find((h) => h.name.toLowerCase() === 'content-type')?.value ?? '',
              body: fetched.body,
            }
          : { resourceUrl: response.url, metadataUrl, error: fetched.error },
      );
      diagnostics.push(...found.map((d) => diagnosticOut(d)));
    }
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
  };
}

/** resource_metadata of Bearer and DPoP challenges (RFC 9728 §5.1), each URL once. */
function metadataUrls(challenges: readonly Challenge[]): string[] {
  const urls = new Set<string>();
  for (const c of challenges) {
    const scheme = c.scheme.toLowerCase();
    if (scheme !== 'bearer' && scheme !== 'dpop') continue;
    const param = c.params.find((p) => p.name.toLowerCase() === 'resource_metadata');
    if (param) urls.add(param.value);
  }
  return [...urls];
}
