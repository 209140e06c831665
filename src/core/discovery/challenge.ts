// What the challenge itself says to a discovery client: which Bearer or DPoP challenge a client
// follows, and two traps in the challenge that break real clients (an insufficient_scope without
// the scope to ask for, a Bearer challenge that is not the first one). diagnose() calls
// diagnoseDiscoveryChallenges for every challenge field. Pure; never throws.
import { diagnostic } from '../codes.ts';
import { paramSpanOf, schemeSpanOf } from '../spans.ts';
import type { AuthParam, Challenge, Diagnostic } from '../types.ts';

/** The first parameter of that name, case-insensitively (RFC 9110 §11.2). */
export function paramOf(challenge: Challenge, name: string): AuthParam | undefined {
  return challenge.params.find(
    (p) => p.name.length === name.length && p.name.toLowerCase() === name,
  );
}

const isTokenScheme = (c: Challenge) => /^(?:bearer|dpop)$/i.test(c.scheme);

/** What a client takes from the challenges to start discovery. */
export interface ChallengeFacts {
  /** Index of the challenge followed: the first Bearer or DPoP one naming resource_metadata, else the first Bearer or DPoP one. */
  index: number;
  resourceMetadata: string | null;
  /** Other resource_metadata values, which one chain does not follow. */
  otherResourceMetadata: string[];
  /** The scope values of the followed challenge (RFC 6750 §3: space-delimited). */
  scopes: string[];
  /** The algs of the first DPoP challenge (RFC 9449 §7.1), or null without one. */
  dpopAlgs: string[] | null;
}

const words = (value: string) => value.split(/[ \t]+/).filter((w) => w !== '');

export function challengeFacts(challenges: readonly Challenge[]): ChallengeFacts | null {
  const tokens = challenges.filter(isTokenScheme);
  if (tokens.length === 0) return null;
  const named = tokens.find((c) => paramOf(c, 'resource_metadata'));
  const followed = named ?? tokens[0]!;
  const resourceMetadata = named ? paramOf(named, 'resource_metadata')!.value : null;
  const others = new Set<string>();
  for (const c of tokens) {
    const value = paramOf(c, 'resource_metadata')?.value;
    if (value !== undefined && value !== resourceMetadata) others.add(value);
  }
  const dpop = tokens.find((c) => c.scheme.toLowerCase() === 'dpop');
  const algs = dpop ? paramOf(dpop, 'algs') : undefined;
  return {
    index: challenges.indexOf(followed),
    resourceMetadata,
    otherResourceMetadata: [...others],
    scopes: words(paramOf(followed, 'scope')?.value ?? ''),
    dpopAlgs: dpop ? words(algs?.value ?? '') : null,
  };
}

/**
 * Checks of one challenge field that matter to OAuth clients; the rest of the Bearer and DPoP
 * checks (error codes, statuses, transport, resource_metadata's scheme) live in diagnose.ts.
 */
export function diagnoseDiscoveryChallenges(
  challenges: readonly Challenge[],
  field: 'WWW-Authenticate' | 'Proxy-Authenticate',
): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (field !== 'WWW-Authenticate') return out;
  challenges.forEach((challenge, index) => {
    if (!isTokenScheme(challenge)) return;
    const error = paramOf(challenge, 'error');
    if (error?.value === 'insufficient_scope' && !paramOf(challenge, 'scope')) {
      out.push(
        diagnostic(
          'insufficient-scope-without-scope',
          'insufficient_scope without a "scope" parameter: the client cannot tell which scope to ask for in a step-up authorization (MCP servers SHOULD name it; RFC 6750 §3.1 defines the parameter).',
          paramSpanOf(error),
          { challenge: index },
        ),
      );
    }
  });
  const bearer = challenges.findIndex((c) => c.scheme.toLowerCase() === 'bearer');
  if (bearer > 0) {
    out.push(
      diagnostic(
        'bearer-not-first',
        `Bearer is challenge ${bearer + 1} of ${challenges.length}. RFC 9110 allows any order, but clients that only look for a header starting with "Bearer " miss it; put Bearer first.`,
        schemeSpanOf(challenges[bearer]!),
        { challenge: bearer },
      ),
    );
  }
  return out;
}
