// Handlers for the scenarios that really authenticate: Basic, Digest and Bearer (plus DPoP's
// challenge-only answer). Each reads the Authorization field, decides, and answers with a case
// from the scenario table so the wire format stays in one place.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { decodeBasic } from './basic.ts';
import { parseCredentials } from './credentials.ts';
import { authenticationInfo, checkDigest } from './digest-auth.ts';
import type { NonceBook } from './nonce.ts';
import { statusPage } from './pages.ts';
import { BodyTooLarge, readBody, send, sendCase, singleField } from './respond.ts';
import {
  bearerChallenge,
  BEARER_ERRORS,
  digestChallenge,
  dpopChallenge,
  fillLines,
  type BearerChallengeOptions,
  type BearerError,
} from './scenarios.ts';
import { checkPassword, findBearerToken } from './users.ts';

export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  /** The origin the client used, for absolute URLs in challenges. */
  origin: string;
}

type Credentials = ReturnType<typeof parseCredentials>;

/** The credentials if they use `scheme`; nothing when absent or written for another scheme. */
function credentialsFor(
  ctx: RouteContext,
  scheme: string,
  field = 'Authorization',
): { credentials?: Credentials; error?: string } {
  const { value, error } = singleField(ctx.req, field);
  if (error) return { error };
  if (value === undefined) return {};
  // A browser may preemptively send cached credentials of another scheme to the same origin;
  // for this resource they count as no credentials, not as an error. Schemes are
  // case-insensitive (RFC 9110 §11.1).
  const written = value.trimStart().split(/[ \t]/, 1)[0] ?? '';
  if (written.toLowerCase() !== scheme.toLowerCase()) return {};
  return { credentials: parseCredentials(value) };
}

export interface BasicCaseIds {
  challenge: string;
  ok: string;
  wrong: string;
  malformed: string;
}

/** Basic (RFC 7617): 401 + challenge until alice / wonderland arrives, 400 for broken credentials. */
export function basicRoute(ids: BasicCaseIds) {
  return (ctx: RouteContext): void => {
    const { credentials, error } = credentialsFor(ctx, 'Basic');
    if (error) return sendCase(ctx.res, ids.malformed, [error]);
    if (!credentials) return sendCase(ctx.res, ids.challenge, ['Send Basic credentials.']);
    if (!credentials.ok) return sendCase(ctx.res, ids.malformed, [credentials.error]);
    const decoded = decodeBasic(credentials.token68);
    if (!decoded.ok) return sendCase(ctx.res, ids.malformed, [decoded.error]);
    if (!checkPassword(decoded.userId, decoded.password)) {
      return sendCase(ctx.res, ids.wrong, ['The user-id or password is wrong.']);
    }
    sendCase(ctx.res, ids.ok, [`Authenticated as ${decoded.userId} with Basic.`]);
  };
}

export interface DigestRouteOptions {
  /** The algorithms challenged, one field line each, in order of preference. */
  offered: readonly string[];
  realm: string;
  opaque: string;
  nonces: NonceBook;
}

/** Longest request body the lab hashes for qop=auth-int. */
const MAX_DIGEST_BODY = 1024 * 1024;

/** Digest (RFC 7616) with real verification and Authentication-Info on success. */
export function digestRoute(options: DigestRouteOptions) {
  const challenge = (ctx: RouteContext, stale: boolean, reason: string): void => {
    const lines = options.offered.map((a) => digestChallenge(a, stale, options.realm));
    const values = { nonce: options.nonces.issue(), opaque: options.opaque };
    send(ctx.res, 401, statusPage(401, 'Digest challenge', [reason]), {
      'WWW-Authenticate': fillLines(lines, values),
    });
  };
  return async (ctx: RouteContext): Promise<void> => {
    let body: Buffer;
    try {
      body = await readBody(ctx.req, MAX_DIGEST_BODY);
    } catch (error) {
      if (!(error instanceof BodyTooLarge)) throw error;
      return send(ctx.res, 413, statusPage(413, 'Body too large', [error.message]), {
        Connection: 'close',
      });
    }
    const { credentials, error } = credentialsFor(ctx, 'Digest');
    if (error) return sendCase(ctx.res, 'digest.malformed', [error]);
    if (!credentials) return challenge(ctx, false, 'Send Digest credentials.');
    if (!credentials.ok) return sendCase(ctx.res, 'digest.malformed', [credentials.error]);
    if (credentials.token68 !== undefined) {
      return sendCase(ctx.res, 'digest.malformed', ['Digest credentials are parameters']);
    }
    const outcome = checkDigest(
      credentials.params,
      { method: ctx.req.method ?? 'GET', target: ctx.req.url ?? '', body },
      options,
    );
    if (outcome.kind === 'bad-request') {
      return sendCase(ctx.res, 'digest.malformed', [outcome.reason]);
    }
    if (outcome.kind === 'challenge') return challenge(ctx, outcome.stale, outcome.reason);
    const page = Buffer.from(
      statusPage(200, 'Digest verified', [
        `Authenticated as ${outcome.username} with ${outcome.algorithm.name}, qop=${outcome.qop}, nc=${outcome.nc}.`,
        'Authentication-Info carries rspauth, which proves the server knows your password too.',
      ]),
    );
    send(ctx.res, 200, page, {
      'Authentication-Info': authenticationInfo(outcome, page, options.nonces.issue()),
    });
  };
}

export interface BearerRouteOptions {
  scope?: string;
  metadataFor?: string;
}

/** Bearer (RFC 6750 §3): error codes and status as the RFC assigns them. */
export function bearerRoute(options: BearerRouteOptions) {
  const base: BearerChallengeOptions = {
    ...(options.scope ? { scope: options.scope } : {}),
    ...(options.metadataFor ? { metadataFor: options.metadataFor } : {}),
  };
  const answer = (ctx: RouteContext, status: number, error?: BearerError): void => {
    const line = bearerChallenge({ ...base, ...(error ? { error } : {}) });
    const detail = error
      ? BEARER_ERRORS[error].description.replace('{scope}', options.scope ?? '')
      : 'Send an access token in the Authorization header: Bearer <token>.';
    send(ctx.res, status, statusPage(status, 'Bearer challenge', [detail]), {
      'WWW-Authenticate': fillLines([line], { origin: ctx.origin }),
    });
  };
  return (ctx: RouteContext): void => {
    const { credentials, error } = credentialsFor(ctx, 'Bearer');
    if (error) return answer(ctx, 400, 'malformed');
    // §3.1: a request without credentials gets a challenge without an error code.
    if (!credentials) return answer(ctx, 401);
    if (!credentials.ok || credentials.token68 === undefined) return answer(ctx, 400, 'malformed');
    const token = findBearerToken(credentials.token68);
    if (!token) return answer(ctx, 401, 'invalid');
    if (token.expired) return answer(ctx, 401, 'expired');
    if (options.scope && !token.scopes.includes(options.scope)) {
      return answer(ctx, 403, 'insufficient');
    }
    send(
      ctx.res,
      200,
      statusPage(200, 'Bearer token accepted', [
        `Token ${token.token} accepted (scopes: ${token.scopes.join(' ')}).`,
      ]),
    );
  };
}

/** DPoP (RFC 9449): challenge only. Any DPoP credentials get invalid_dpop_proof. */
export function dpopRoute(ctx: RouteContext): void {
  const { credentials } = credentialsFor(ctx, 'DPoP');
  const line = credentials ? dpopChallenge('invalid_dpop_proof') : dpopChallenge();
  send(
    ctx.res,
    401,
    statusPage(401, 'DPoP challenge (challenge only)', [
      'The lab issues the DPoP challenge but never validates a DPoP proof.',
    ]),
    { 'WWW-Authenticate': line },
  );
}
