// Semantic checks over parsed challenges: what each scheme's specification requires of its
// parameters, and what the response status and transport imply. Pure; never throws; linear.
// Findings that repeat are summed up rather than listed one by one: a challenge's parameter
// findings give one diagnostic per code with a count, and past MAX_PER_CODE diagnostics of a code
// in one field the rest become one summary, so a hostile field cannot grow the record without bound.
import { findParam, findScheme } from './catalogue/index.ts';
import { diagnostic, type Code } from './codes.ts';
import { isRegisteredDigestAlgorithm } from './digest-algorithms.ts';
import { isLoopbackHost, readUrl } from './url.ts';
import type { AuthParam, Challenge, Diagnostic, Severity } from './types.ts';
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
  /**
   * The request's credentials mode (Fetch Standard), when known: with "include",
   * `Access-Control-Expose-Headers: *` is a literal name and exposes nothing. Absent when the
   * source cannot tell (browser extensions are not told it).
   */
  credentialsMode?: 'omit' | 'same-origin' | 'include';
  /** The response's other header fields, for checks across fields (CORS exposure). */
  responseHeaders?: ReadonlyArray<{ name: string; value: string }>;
}

/** At most this many diagnostics of one code per field; the rest are counted in one summary. */
const MAX_PER_CODE = 20;

/** How many parameter names a summed-up finding quotes before "and N more". */
const NAMES_SHOWN = 3;

const digestQops = new Set(['auth', 'auth-int']);

/** The error values a scheme's challenges use, from the catalogue (RFC 6750 §3.1, RFC 9449 §7.1). */
function errorValuesOf(scheme: string): readonly string[] {
  return (findParam(scheme, 'error')?.values ?? []).map((v) => v.value);
}

/**
 * Parameters whose absence breaks the scheme, with the code and the reason for each. Listed rather
 * than read from the catalogue's `required` flags because some schemes (Mutual, RFC 8120 §4)
 * require different parameters in different message types.
 */
const requiredParams: Record<string, Record<string, { code: Code; why: string }>> = {
  basic: { realm: { code: 'basic-missing-realm', why: 'RFC 7617 §2 requires it' } },
  digest: {
    realm: {
      code: 'digest-missing-realm',
      why: 'no client can compute A1, and so no response, without it (RFC 7616 §3.4.2)',
    },
    nonce: {
      code: 'digest-missing-nonce',
      why: 'no client can compute the response without it (RFC 7616 §3.4.1)',
    },
    qop: {
      code: 'digest-missing-qop',
      why: 'RFC 7616 §3.3 says it MUST be used by all implementations',
    },
  },
  hoba: {
    challenge: { code: 'hoba-missing-param', why: 'RFC 7486 §3 requires it' },
    'max-age': { code: 'hoba-missing-param', why: 'RFC 7486 §3 requires it' },
  },
  privatetoken: {
    challenge: { code: 'privatetoken-missing-param', why: 'RFC 9577 §2.1 requires it' },
  },
};

/**
 * Diagnoses the challenges of one WWW-Authenticate or Proxy-Authenticate field (already parsed)
 * against their schemes' specifications and, where the context gives it, the exchange.
 */
export function diagnose(
  challenges: readonly Challenge[],
  context: ExchangeContext = {},
): Diagnostic[] {
  const out = new Findings();
  const field = context.field ?? 'WWW-Authenticate';
  challenges.forEach((challenge, index) => diagnoseChallenge(challenge, index, context, out));
  diagnoseDigestAlgorithms(challenges, out);
  diagnoseExchange(challenges, field, context, out);
  for (const d of diagnoseDiscoveryChallenges(challenges, field)) out.push(d);
  return out.finish();
}

/**
 * The diagnostics of one field, at most MAX_PER_CODE of each code; beyond that a code is only
 * counted, and finish() adds one summary per such code carrying the count.
 */
class Findings {
  private readonly list: Diagnostic[] = [];
  private readonly counts = new Map<string, number>();

  push(d: Diagnostic): void {
    const n = (this.counts.get(d.code) ?? 0) + 1;
    this.counts.set(d.code, n);
    if (n <= MAX_PER_CODE) this.list.push(d);
  }

  finish(): Diagnostic[] {
    for (const [code, n] of this.counts) {
      if (n <= MAX_PER_CODE) continue;
      const first = this.list.find((d) => d.code === code)!;
      const rest = n - MAX_PER_CODE;
      const summary: Diagnostic = {
        ...first,
        message: `…and ${count(rest)} more like this in this field (${count(n)} in all).`,
        count: rest,
      };
      delete summary.challenge;
      this.list.push(summary);
    }
    return this.list;
  }
}

type Add = (code: Code, message: string, param?: AuthParam, severity?: Severity) => void;

function diagnoseChallenge(
  challenge: Challenge,
  index: number,
  context: ExchangeContext,
  out: Findings,
): void {
  const add: Add = (code, message, param, severity) =>
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

  // Findings about single parameters, gathered so that each code gives one diagnostic however
  // many parameters it concerns.
  const unknown: AuthParam[] = [];
  const shouldBeQuoted: AuthParam[] = [];
  const shouldBeToken: AuthParam[] = [];
  for (const param of challenge.params) {
    const known = findParam(info.name, param.name, 'challenge');
    if (!known) unknown.push(param);
    else if (known.syntax === 'quoted-string' && !param.quoted && !isRealm(param)) {
      shouldBeQuoted.push(param); // the parser already reports an unquoted realm
    } else if (known.syntax === 'token' && param.quoted) shouldBeToken.push(param);
  }
  const sumUp = (code: Code, params: readonly AuthParam[], one: string, many: string) => {
    if (params.length === 0) return;
    out.push(
      diagnostic(
        code,
        params.length === 1 ? one : `${count(params.length)} ${many}: ${namesOf(params)}.`,
        paramSpanOf(params[0]!),
        { challenge: index, ...(params.length > 1 ? { count: params.length } : {}) },
      ),
    );
  };
  sumUp(
    'unknown-param',
    unknown,
    `"${unknown[0]?.name}" is not defined for ${info.name} challenges; recipients ignore unknown parameters.`,
    `parameters are not defined for ${info.name} challenges, and recipients ignore them`,
  );
  sumUp(
    'param-should-be-quoted',
    shouldBeQuoted,
    `${info.name} requires "${shouldBeQuoted[0]?.name}" as a quoted string.`,
    `parameters must be quoted strings in ${info.name} challenges`,
  );
  sumUp(
    'param-should-be-token',
    shouldBeToken,
    `${info.name} requires "${shouldBeToken[0]?.name}" as a token, without quotes.`,
    `parameters must be tokens, without quotes, in ${info.name} challenges`,
  );

  for (const [name, { code, why }] of Object.entries(requiredParams[key] ?? {})) {
    if (!paramOf(challenge, name)) {
      add(code, `The ${info.name} challenge has no "${name}" parameter: ${why}.`);
    }
  }

  switch (key) {
    case 'basic':
      return diagnoseBasic(challenge, context, add);
    case 'digest':
      return diagnoseDigest(challenge, add);
    case 'bearer':
      if (challenge.params.length === 0 && challenge.token68 === null) {
        add(
          'bearer-without-params',
          'RFC 6750 §3 says the Bearer scheme must be followed by one or more auth-params, such as realm or scope. Clients accept a bare "Bearer", but it tells them nothing about how to get a token.',
        );
      }
      return diagnoseBearer(challenge, context, 'bearer-invalid-error-code', add);
    case 'dpop':
      diagnoseBearer(challenge, context, 'dpop-invalid-error-code', add);
      if (!paramOf(challenge, 'algs')) {
        add(
          'dpop-missing-algs',
          'DPoP challenges should list the JWS algorithms the server accepts in "algs" (RFC 9449 §7.1).',
        );
      }
      return;
  }
}

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
    add(
      'basic-over-http',
      isLoopbackHost(url.host)
        ? 'Basic over plain http: the password is only base64-encoded. Harmless on loopback, but RFC 7617 §4 says Basic should not protect anything of value without HTTPS.'
        : 'Basic over plain http sends the password, only base64-encoded, to anyone on the network path; RFC 7617 §4 says not to use Basic without enhancements such as HTTPS. Serve it over https.',
    );
  }
}

function diagnoseDigest(challenge: Challenge, add: Add): void {
  const algorithm = paramOf(challenge, 'algorithm');
  if (algorithm && !isRegisteredDigestAlgorithm(algorithm.value)) {
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
        `${name}=${flag.value}: the value is "true" or "false"; clients read anything else as false.`,
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

const expectedStatus: Record<string, [number, Code]> = {
  invalid_request: [400, 'invalid-request-not-400'],
  invalid_token: [401, 'invalid-token-not-401'],
  insufficient_scope: [403, 'insufficient-scope-not-403'],
};

/** Bearer and DPoP share the OAuth error parameter (RFC 6750 §3, RFC 9449 §7.1). */
function diagnoseBearer(
  challenge: Challenge,
  context: ExchangeContext,
  invalidCode: 'bearer-invalid-error-code' | 'dpop-invalid-error-code',
  add: Add,
): void {
  const scheme = invalidCode === 'dpop-invalid-error-code' ? 'DPoP' : 'Bearer';
  const error = paramOf(challenge, 'error');
  if (error) {
    const values = errorValuesOf(scheme);
    if (!values.includes(error.value)) {
      add(
        invalidCode,
        scheme === 'Bearer' && errorValuesOf('DPoP').includes(error.value)
          ? `error="${error.value}" is a DPoP error (RFC 9449 §7.1); a Bearer challenge cannot ask for a DPoP proof.`
          : `error="${error.value}" is not one of the values registered for resource access that ${scheme} challenges use (${values.join(', ')}); a client treats a value it does not know as a plain failure.`,
        error,
      );
    }
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
        `resource_metadata is "${metadata.value}", not an https URL. RFC 9728 §5.1 only says the parameter is the metadata's URL, but a protected resource is named by an https URL (§1.2), its metadata lives at a location formed from that name (§3), and it must be fetched over TLS (§7.1).`,
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
        ? 'Tokens over plain http: harmless on loopback, where nothing crosses a network (hence a warning), but RFC 6750 §5.3 says bearer tokens must only travel over TLS.'
        : 'Bearer tokens over plain http can be stolen and replayed by anyone on the network path; RFC 6750 §5.3 requires TLS. Serve it over https.',
      undefined,
      local ? 'warning' : undefined,
    );
  }
}

/** Digest lets the server offer several algorithms; offering MD5 alone is the weak case. */
function diagnoseDigestAlgorithms(challenges: readonly Challenge[], out: Findings): void {
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
        'Every Digest challenge here uses MD5 (the default when algorithm is absent). Offer SHA-256 first: servers list their challenges in order of preference and clients take the first they support (RFC 7616 §3.7); keep MD5 only for old clients.',
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
  out: Findings,
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
            'DPoP is for origin servers only: RFC 9449 §7.1 says it must not be used with Proxy-Authenticate.',
            schemeSpanOf(c),
            { challenge: index },
          ),
        );
      }
    });
  }
  if (context.responseHeaders && field === 'WWW-Authenticate' && challenges.length > 0) {
    diagnoseCorsExposure(challenges, context, context.responseHeaders, out);
  }
}

/**
 * A cross-origin script reads only the CORS-safelisted response headers and those named in
 * Access-Control-Expose-Headers (Fetch Standard, "CORS-safelisted response-header name"); "*"
 * names all of them only when the request's credentials mode is not "include" (Fetch, main fetch).
 * RFC 9449 §7.1 and §8 remind DPoP servers to expose WWW-Authenticate and DPoP-Nonce.
 */
function diagnoseCorsExposure(
  challenges: readonly Challenge[],
  context: ExchangeContext,
  headers: ReadonlyArray<{ name: string; value: string }>,
  out: Findings,
): void {
  const values = (name: string) =>
    headers.filter((h) => h.name.toLowerCase() === name).map((h) => h.value);
  if (values('access-control-allow-origin').length === 0) return;
  const listed = new Set(
    values('access-control-expose-headers')
      .flatMap((v) => v.split(','))
      .map((v) => v.trim().toLowerCase()),
  );
  const allowsCredentials = values('access-control-allow-credentials').some(
    (v) => v.trim() === 'true',
  );
  const credentialed =
    context.credentialsMode === 'include' ||
    (context.credentialsMode === undefined && allowsCredentials);
  const wildcard = listed.has('*') && !credentialed;
  const dpop = challenges.some((c) => c.scheme.toLowerCase() === 'dpop');
  const needed = ['WWW-Authenticate'];
  if (dpop && values('dpop-nonce').length > 0) needed.push('DPoP-Nonce');
  const hidden = needed.filter((name) => !wildcard && !listed.has(name.toLowerCase()));
  if (hidden.length === 0) return;
  const names = hidden.join(' and ');
  const why = listed.has('*')
    ? context.credentialsMode === 'include'
      ? 'lists only "*", which a request with credentials: "include" reads as a header named "*": it exposes nothing more'
      : 'lists only "*", and the response allows credentials (Access-Control-Allow-Credentials: true): for a credentialed request "*" is a header named "*" and exposes nothing more'
    : `does not list ${names}`;
  out.push(
    diagnostic(
      'challenge-not-exposed-to-cors',
      `This response allows cross-origin reads, but Access-Control-Expose-Headers ${why}, so a cross-origin script cannot read ${names} (Fetch Standard: only CORS-safelisted headers and those listed are exposed${dpop ? '; RFC 9449 §7.1 asks DPoP servers to list them' : ''}).`,
      null,
    ),
  );
}

function isRealm(param: AuthParam): boolean {
  return param.name.length === 5 && param.name.toLowerCase() === 'realm';
}

/** The first parameter of that name, case-insensitively (§11.2). */
function paramOf(challenge: Challenge, name: string): AuthParam | undefined {
  return challenge.params.find(
    (p) => p.name.length === name.length && p.name.toLowerCase() === name,
  );
}

/** The first few names, quoted, and how many more there are. */
function namesOf(params: readonly AuthParam[]): string {
  const shown = params.slice(0, NAMES_SHOWN).map((p) => `"${p.name}"`);
  const more = params.length - shown.length;
  if (more > 0) return `${shown.join(', ')} and ${count(more)} more`;
  return `${shown.slice(0, -1).join(', ')} and ${shown.at(-1)}`;
}

/** 20000 → "20,000", without locale data. */
function count(n: number): string {
  const digits = String(n);
  let out = '';
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += ',';
    out += digits[i];
  }
  return out;
}
