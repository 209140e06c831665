// The command's discovery fetcher: one GET per URL the chain asks for, with no cookies, no
// credentials and no --header value, Accept: application/json, a body of at most 256 KiB, the
// command's timeout per request and three times that for the whole chain. Redirects come back to the chain (which follows them under its own rules) with
// the Location resolved. Addresses are checked by address-guard.ts. Node only; never throws.
import net from 'node:net';
import type { Fetcher, FetchOutcome } from '../core/index.ts';
import { addressKind, guardedLookup, refusal } from './address-guard.ts';
import { probe } from './probe.ts';

/** A metadata document is a few kilobytes; this bounds what a hostile server can make us read. */
export const MAX_METADATA_BYTES = 256 * 1024;

/** The whole chain's time, in --timeout units: a server that answers each request just in time
 * still cannot hold the command for more than this. */
export const CHAIN_TIMEOUTS = 3;

export interface MetadataFetcherOptions {
  timeout: number;
  userAgent: string;
  /** The address the checked URL answered from: it decides which non-public addresses are fine. */
  checkedAddress: string | null;
}

export function createMetadataFetcher(options: MetadataFetcherOptions): Fetcher {
  const checked = options.checkedAddress === null ? 'public' : addressKind(options.checkedAddress);
  const lookup = guardedLookup(checked);
  const budget = options.timeout * CHAIN_TIMEOUTS;
  const deadline = Date.now() + budget;
  return async (url): Promise<FetchOutcome> => {
    const left = deadline - Date.now();
    if (left <= 0) {
      return { kind: 'refused', reason: `the ${budget} ms allowed for the whole chain are spent` };
    }
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return { kind: 'failed', error: `not a valid URL` };
    }
    if (target.username !== '' || target.password !== '') {
      return { kind: 'refused', reason: 'the URL carries a user name or password' };
    }
    // Node connects to an IP literal without a lookup, so the literal is checked here.
    const literal = target.hostname.replace(/^\[|\]$/g, '');
    if (net.isIP(literal) !== 0) {
      const why = refusal(literal, checked);
      if (why) return { kind: 'refused', reason: why };
    }
    const result = await probe(target.href, {
      headers: [],
      timeout: Math.min(options.timeout, left),
      userAgent: options.userAgent,
      accept: 'application/json',
      maxBody: MAX_METADATA_BYTES,
      followRedirects: false,
      lookup,
    });
    if (!result.ok) {
      return result.refused
        ? { kind: 'refused', reason: result.error }
        : { kind: 'failed', error: result.error };
    }
    const outcome: FetchOutcome = {
      kind: 'response',
      status: result.status,
      headers: result.headers,
      body: result.body,
    };
    const location = result.headers.find((h) => h.name.toLowerCase() === 'location')?.value;
    if (location !== undefined && result.status >= 300 && result.status < 400) {
      try {
        outcome.location = new URL(location, target).href;
      } catch {
        return {
          kind: 'failed',
          error: `redirected to an invalid Location ${JSON.stringify(location)}`,
        };
      }
    }
    return outcome;
  };
}
