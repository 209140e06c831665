// Semantic checks over parsed challenges: what each scheme's specification requires of its
// parameters, and what the response status and transport imply. Pure; never throws; linear.
import { findParam, findScheme } from './catalogue/index.ts';
import { diagnostic, type Code } from './codes.ts';
import { isLoopbackHost, readUrl } from './url.ts';
import type { AuthParam, Challenge, Diagnostic } from './types.ts';
import { paramSpanOf, schemeSpanOf } from './spans.ts';
import { ntlmDisclosure, realmDisclosure } from './disclosure.ts';
import { diagnoseDiscoveryChallenges } from './discovery/challenge.ts';

/** What is known about the exchange a field came from; every part is optional. */
export interface ExchangeContext {
  /** The field the challenges came from; WWW-Authenticate when absent. */
  field?: 'WWW-Authenticate' | 'Proxy-Authenticate';
  /** The response status code. */
  status?: number;
  /** The request URL. */
  url?: string;
  /** Whether the request carried credentials: true or false when known, absent when not. */
  requestHadCredentials?: boolean;
  /** The response's other header fields, for checks across fields (CORS exposure). */
  responseHeaders?: ReadonlyArray<{ name: string; value: string }>;
}

const bearerErrors = new Set(['invalid_request', 'invalid_token', 'insufficient_scope']);
const dpopErrors = new Set([...bearerErrors, 'use_dpop_nonce', 'invalid_dpop_proof']);
const digestAlgorithms = new Set(
  ['MD5', 'SHA-256', 'SHA-512-256'].flatMap((a) => [a, `${a}-sess`]).map((a) => a.toLowerCase()),
);
const digestQops = new Set(['auth', 'auth-int']);

/**
 * Parameters whose absence breaks the scheme, with the code that reports each. Listed rather than
 * read from the catalogue's `required` flags because some schemes (Mutual, RFC 8120 §4) require
 * different parameters in different message types.
 */
const requiredParams: Record<string, Record<string, Code>> = {
  basic: { realm: 'basic-missing-realm' },
  digest: {
    realm: 'digest-missing-realm',
    nonce: 'digest-missing-nonce',
    qop: 'digest-missing-qop',
  },
  hoba: { challenge: 'hoba-missing-param', 'max-age': 'hoba-missing-param' },
  privatetoken: { challenge: 'privatetoken-missing-param' },
};

/**
 * Diagnoses the challenges of one WWW-Authenticate or Proxy-Authenticate field (already parsed)
 * against their schemes' specifications and, where the context gives it, the exchange.
 */
export function diagnose(
  challenges: readonly Challenge[],
  context: ExchangeContext = {},
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const field = context.field ?? 'WWW-Authenticate';
  challenges.forEach((challenge, index) => diagnoseChallenge(challenge, index, context, out));
  diagnoseDigestAlgorithms(challenges, out);
  diagnoseExchange(challenges, field, context, out);
  out.push(...diagnoseDiscoveryChallenges(challenges, field));
  return out;
}

function diagnoseChallenge(
  challenge: Challenge,
  index: number,
  context: ExchangeContext,
  out: Diagnostic[],
): void {
  const add = (code: Code, message: string, param?: AuthParam, severity?: 'warning') =>
    out.push(
      diagnostic(code, message, param ? paramSpanOf(param) : schemeSpanOf(challenge), {
        challenge: index,
        ...(severity ? { severity } : {}),
      }),
    );
  const info = findScheme(challenge.scheme);
  const key = challenge.scheme.toLowerCase();
  const realm = paramOf(challenge, 'realm');
  const inRealm = realm ? realmDisclosure(realm.value) : null;
  if (inRealm) {
    add(
      'realm-reveals-infrastructure',
      `The realm names ${inRealm}; anyone who gets the 401 learns it.`,
      realm,
    );
  }
  const inToken =
    (key === 'ntlm' || key === 'negotiate') && challenge.token68
      ? ntlmDisclosure(challenge.token68)
      : null;
  if (inToken) {
    add(
      'ntlm-challenge-reveals-names',
      `This NTLM challenge tells anyone who gets it the server's ${inToken}.`,
    );
  }
  if (!info) {
    add(
      'unregistered-scheme',
      `"${challenge.scheme}" is not a registered authentication scheme; clients that do not know it will skip this challenge.`,
    );
    return;
  }
  if (!info.registered) {
    add(
      'unregistered-scheme',
      `${info.name} is widely used but not in the IANA registry; only clients that implement it will answer.`,
    );
  }
  if (info.challengeForm === 'auth-params' && challenge.token68 !== null) {
    add(
      'unexpected-token68',
      `${info.name} challenges carry name=value parameters, not a token68.`,
    );
  }
  if (
    (info.challengeForm === 'token68-or-empty' || info.challengeForm === 'empty') &&
    challenge.params.length > 0
  ) {
    add('unexpected-params', `${info.name} challenges carry no parameters.`, challenge.params[0]);
  }

  for (const param of challenge.params) {
    const known = findParam(info.name, param.name, 'challenge');
    if (!known) {
      add(
        'unknown-param',
        `"${param.name}" is not defined for ${info.name} challenges; recipients ignore unknown parameters.`,
        param,
      );
      continue;
    }
    const isRealm = param.name.toLowerCase() === 'realm'; // the parser already reports realm-not-quoted
    if (known.syntax === 'quoted-string' && !param.quoted && !isRealm) {
      add(
        'param-should-be-quoted',
        `${info.name} requires "${known.name}" as a quoted string.`,
        param,
      );
    } else if (known.syntax === 'token' && param.quoted) {
      add(
        'param-should-be-token',
        `${info.name} requires "${known.name}" as a token, without quotes.`,
        param,
      );
    }
  }

  for (const [name, code] of Object.entries(requiredParams[key] ?? {})) {
    if (!paramOf(challenge, name)) {
      add(
        code,
        `The ${info.name} challenge has no "${name}" parameter, which its specification requires.`,
      );
    }
  }

  switch (key) {
    case 'basic':
      return diagnoseBasic(challenge, context, add);
    case 'digest':
      return diagnoseDigest(challenge, add);
    case 'bearer':
      return diagnoseBearer(challenge, context, bearerErrors, 'bearer-invalid-error-code', add);
    case 'dpop':
      diagnoseBearer(challenge, context, dpopErrors, 'dpop-invalid-error-code', add);
      if (!paramOf(challenge, 'algs')) {
        add(
          'dpop-missing-algs',
          'DPoP challenges should list the JWS algorithms the server accepts in "algs".',
        );
      }
      return;
  }
}

type Add = (code: Code, message: string, param?: AuthParam, severity?: 'warning') => void;

function diagnoseBasic(challenge: Challenge, context: ExchangeContext, add: Add): void {
  const charset = paramOf(challenge, 'charset');
  if (charset && charset.value.toLowerCase() !== 'utf-8') {
    add(
      'basic-charset-not-utf8',
      `charset="${charset.value}" is not allowed: the only value RFC 7617 defines is "UTF-8".`,
      charset,
    );
  }
  const url = context.url ? readUrl(context.url) : null;
  if (url?.protocol === 'http') {
    const local = isLoopbackHost(url.host);
    add(
      'basic-over-http',
      local
        ? 'Basic over plain http: the password is only base64-encoded. Harmless on loopback, but never deploy it like this.'
        : 'Basic over plain http sends the password, only base64-encoded, to anyone on the network path. Serve it over https.',
      undefined,
      local ? 'warning' : undefined,
    );
  }
}

function diagnoseDigest(challenge: Challenge, add: Add): void {
  const algorithm = paramOf(challenge, 'algorithm');
  if (algorithm && !digestAlgorithms.has(algorithm.value.toLowerCase())) {
    add(
      'digest-unknown-algorithm',
      `algorithm=${algorithm.value} is not registered; clients ignore a Digest challenge whose algorithm they do not know.`,
      algorithm,
    );
  }
  const qop = paramOf(challenge, 'qop');
  if (qop) {
    const unknown = qop.value
      .split(',')
      .map((v) => v.trim())
      .filter((v) => v !== '' && !digestQops.has(v.toLowerCase()));
    if (unknown.length > 0) {
      add(
        'digest-unknown-qop',
        `qop lists ${unknown.map((v) => `"${v}"`).join(', ')}; RFC 7616 defines only "auth" and "auth-int".`,
        qop,
      );
    }
  }
  for (const name of ['stale', 'userhash']) {
    const flag = paramOf(challenge, name);
    if (flag && !['true', 'false'].includes(flag.value.toLowerCase())) {
      add(
        'digest-invalid-flag',
        `${name}=${flag.value}: the value must be "true" or "false".`,
        flag,
      );
    }
  }
  const charset = paramOf(challenge, 'charset');
  if (charset && charset.value.toLowerCase() !== 'utf-8') {
    add(
      'digest-charset-not-utf8',
      `charset=${charset.value}: the only value RFC 7616 defines is "UTF-8".`,
      charset,
    );
  }
}

function diagnoseBearer(
  challenge: Challenge,
  context: ExchangeContext,
  allowed: ReadonlySet<string>,
  invalidCode: Code,
  add: Add,
): void {
  const error = paramOf(challenge, 'error');
  if (error) {
    if (!allowed.has(error.value)) {
      add(
        invalidCode,
        `error="${error.value}" is not defined; use one of ${[...allowed].join(', ')}.`,
        error,
      );
    }
    const expectedStatus: Record<string, [number, Code]> = {
      invalid_request: [400, 'invalid-request-not-400'],
      invalid_token: [401, 'invalid-token-not-401'],
      insufficient_scope: [403, 'insufficient-scope-not-403'],
    };
    const expected = expectedStatus[error.value];
    if (expected && context.status !== undefined && context.status !== expected[0]) {
      add(
        expected[1],
        `error="${error.value}" should come with status ${expected[0]}, not ${context.status}.`,
        error,
      );
    }
    if (context.requestHadCredentials === false) {
      add(
        'bearer-error-without-credentials',
        'The request carried no token, so the challenge should not include an error code.',
        error,
      );
    }
  }
  const metadata = paramOf(challenge, 'resource_metadata');
  if (metadata) {
    const url = readUrl(metadata.value);
    if (url?.protocol !== 'https' && !(url && isLoopbackHost(url.host))) {
      add(
        'resource-metadata-not-https',
        `resource_metadata must be an absolute https URL; got "${metadata.value}".`,
        metadata,
      );
    }
  }
  const url = context.url ? readUrl(context.url) : null;
  if (url?.protocol === 'http') {
    const local = isLoopbackHost(url.host);
    add(
      'bearer-over-http',
      local
        ? 'Tokens over plain http: harmless on loopback, but bearer tokens must only travel over TLS.'
        : 'Bearer tokens over plain http can be stolen and replayed by anyone on the network path. Serve it over https.',
      undefined,
      local ? 'warning' : undefined,
    );
  }
}

/** Digest lets the server offer several algorithms; offering MD5 alone is the weak case. */
function diagnoseDigestAlgorithms(challenges: readonly Challenge[], out: Diagnostic[]): void {
  const digests = challenges.filter((c) => c.scheme.toLowerCase() === 'digest');
  if (digests.length === 0) return;
  const md5 = (c: Challenge) =>
    (paramOf(c, 'algorithm')?.value ?? 'MD5').toLowerCase().startsWith('md5');
  if (digests.every(md5)) {
    const first = digests[0]!;
    const algorithm = paramOf(first, 'algorithm');
    out.push(
      diagnostic(
        'digest-md5-only',
        'Every Digest challenge here uses MD5 (the default when algorithm is absent). Offer SHA-256 first; keep MD5 only for old clients.',
        algorithm ? paramSpanOf(algorithm) : schemeSpanOf(first),
        { challenge: challenges.indexOf(first) },
      ),
    );
  }
}

function diagnoseExchange(
  challenges: readonly Challenge[],
  field: 'WWW-Authenticate' | 'Proxy-Authenticate',
  context: ExchangeContext,
  out: Diagnostic[],
): void {
  const { status } = context;
  if (status === 401 && field === 'WWW-Authenticate' && challenges.length === 0) {
    out.push(
      diagnostic(
        '401-without-challenge',
        'A 401 response must send WWW-Authenticate with at least one challenge; without it the client cannot know how to authenticate.',
        null,
      ),
    );
  }
  if (status === 407 && field === 'Proxy-Authenticate' && challenges.length === 0) {
    out.push(
      diagnostic(
        '407-without-challenge',
        'A 407 response must send Proxy-Authenticate with at least one challenge.',
        null,
      ),
    );
  }
  if (field === 'Proxy-Authenticate') {
    challenges.forEach((c, index) => {
      if (c.scheme.toLowerCase() === 'dpop') {
        out.push(
          diagnostic(
            'dpop-in-proxy-authenticate',
            'DPoP is for resource servers; it must not be used to authenticate to a proxy.',
            schemeSpanOf(c),
            {
              challenge: index,
            },
          ),
        );
      }
    });
  }
  const headers = context.responseHeaders;
  if (headers && field === 'WWW-Authenticate' && challenges.length > 0) {
    const get = (name: string) => headers.find((h) => h.name.toLowerCase() === name)?.value;
    const allowOrigin = get('access-control-allow-origin');
    const exposed = (get('access-control-expose-headers') ?? '')
      .split(',')
      .map((v) => v.trim().toLowerCase());
    if (
      allowOrigin !== undefined &&
      !exposed.includes('www-authenticate') &&
      !exposed.includes('*')
    ) {
      out.push(
        diagnostic(
          'challenge-not-exposed-to-cors',
          'This response allows cross-origin reads, but WWW-Authenticate is not listed in Access-Control-Expose-Headers, so a cross-origin script cannot read the challenge.',
          null,
        ),
      );
    }
  }
}

/** The first parameter of that name, case-insensitively (§11.2). */
function paramOf(challenge: Challenge, name: string): AuthParam | undefined {
  return challenge.params.find(
    (p) => p.name.length === name.length && p.name.toLowerCase() === name,
  );
}
