// The npm parsers a user would otherwise pick for WWW-Authenticate, as bench contenders that take
// the same field lines as AuthLens. None of them takes several field lines, so the lines are
// joined with ", " (RFC 9110 §5.3) before the timed call. Each describe() says what one call
// recovered, so a fast peer that recovers less is visible as such.
import { createRequire } from 'node:module';
import { parseWWWAuthenticateHeader } from 'http-auth-utils';
import { processRevocationResponse, WWWAuthenticateChallengeError } from 'oauth4webapi';
import { errorText } from './measure.ts';
import type { Contender } from './suite.ts';

type FieldLines = string | readonly string[];

const require = createRequire(import.meta.url);

interface AuthHeaderResult {
  scheme: string;
  params: Record<string, string | string[]>;
  token: string | string[] | null;
}
const authHeaderParse = (require('auth-header') as { parse(header: string): AuthHeaderResult })
  .parse;

interface WwwAuthenticateResult {
  scheme: string;
  parms: Record<string, string>;
  err?: string;
}
const WwwAuthenticate = (
  require('www-authenticate') as {
    parsers: { WWW_Authenticate: new (header: string) => WwwAuthenticateResult };
  }
).parsers.WWW_Authenticate;

const joined = (lines: FieldLines): string =>
  typeof lines === 'string' ? lines : lines.join(', ');

/** "Basic(2)" per challenge: scheme and number of params, "+t68" when it kept a token68. */
export function summarize(
  challenges: ReadonlyArray<{ scheme: string; params: number; token68?: boolean }>,
): string {
  if (challenges.length === 0) return 'no challenge';
  const params = challenges.reduce((n, c) => n + c.params, 0);
  if (challenges.length > 3) return `${challenges.length} challenges, ${params} params`;
  return challenges
    .map((c) => `${c.scheme.slice(0, 16)}(${c.params}${c.token68 ? '+t68' : ''})`)
    .join(' ');
}

const noop = (): void => {};

export const peers: Array<Contender<FieldLines>> = [
  {
    name: 'auth-header',
    prepare(lines) {
      const header = joined(lines);
      return () => authHeaderParse(header);
    },
    describe(result) {
      const r = result as AuthHeaderResult;
      return summarize([
        { scheme: r.scheme, params: Object.keys(r.params).length, token68: r.token !== null },
      ]);
    },
  },
  {
    name: 'www-authenticate',
    prepare(lines) {
      const header = joined(lines);
      return () => new WwwAuthenticate(header);
    },
    describe(result) {
      const r = result as WwwAuthenticateResult;
      if (r.err !== undefined) return `error "${r.err.slice(0, 40)}"`;
      return summarize([{ scheme: r.scheme, params: Object.keys(r.parms).length }]);
    },
  },
  {
    name: 'http-auth-utils',
    prepare(lines) {
      const header = joined(lines);
      return () => parseWWWAuthenticateHeader(header);
    },
    describe(result) {
      const r = result as { type: string; data: Record<string, string> };
      return summarize([{ scheme: r.type, params: Object.keys(r.data).length }]);
    },
  },
  {
    name: 'oauth4webapi',
    prepare(lines) {
      // Built once, outside the timed call: a 401 whose WWW-Authenticate holds the field lines.
      const headers = new Headers();
      for (const line of typeof lines === 'string' ? [lines] : lines)
        headers.append('www-authenticate', line);
      const response = new Response(null, { status: 401, headers });
      return () => {
        // Parses synchronously, then rejects with WWWAuthenticateChallengeError (cause: the
        // challenges). The rejection is handled here and settles after the timed batch.
        const promise = processRevocationResponse(response);
        promise.catch(noop);
        return promise;
      };
    },
    async describe(result) {
      try {
        await (result as Promise<unknown>);
        return 'resolved (no challenge found)';
      } catch (error) {
        if (!(error instanceof WWWAuthenticateChallengeError))
          return `no challenge parsed (${errorText(error).slice(0, 40)})`;
        return summarize(
          error.cause.map((c) => ({
            scheme: c.scheme,
            params: Object.keys(c.parameters).length,
            token68: c.token68 !== undefined,
          })),
        );
      }
    },
  },
];

export const peerNotes = [
  'auth-header: parse(header) — one challenge; params as an object (duplicates as arrays); no positions, no diagnostics.',
  'www-authenticate: new parsers.WWW_Authenticate(header) (the parser its authenticator uses) — one challenge; on a grammar error it sets err and drops the result.',
  'http-auth-utils: parseWWWAuthenticateHeader(header) — Basic, Digest and Bearer only, known parameter names only; throws on anything else.',
  'oauth4webapi: its WWW-Authenticate parser is internal; reached through processRevocationResponse(response), which parses the header and rejects with WWWAuthenticateChallengeError whose cause is the challenges. The 401 Response is built once outside the timed loop; timed is the synchronous part of the call: Headers.get, the parse, and constructing that error (with its stack trace). Lowercases schemes and names; keeps the last duplicate.',
  'Peers get the field lines joined with ", " (RFC 9110 §5.3), joined outside the timed loop; AuthLens gets the array.',
];
