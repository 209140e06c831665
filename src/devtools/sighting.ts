// A DevTools network-log entry → a Sighting: what the network stack really sent, reduced at once
// to what may leave the DevTools page — the credential headers' schemes (src/shared/redact.ts),
// the redacted URL, the method, the status and the times. DevTools' log records the headers the
// network stack added (the Authorization answering a login prompt), which extensions' webRequest
// events never show; the background uses a sighting to replace an inference with an observation.
// Pure.
import { isChallengeStatus } from '../shared/exchange.ts';
import type { Sighting } from '../shared/observation.ts';
import { credentialHeaderName, redactUrl, summarizeCredentials } from '../shared/redact.ts';

/** The part of a HAR entry (chrome.devtools.network's onRequestFinished) a sighting reads. */
export interface NetworkEntry {
  startedDateTime: string;
  time: number;
  request: { method: string; url: string; headers: Array<{ name: string; value: string }> };
  response: { status: number };
}

/**
 * The sighting of an entry worth telling the background about — a challenged request, or one that
 * carried credentials — or null. Nothing of a credential but its scheme is kept.
 */
export function sightingOf(entry: NetworkEntry): Sighting | null {
  const { request, response } = entry;
  const credentialed = request.headers.some((h) => credentialHeaderName(h.name) !== undefined);
  if (!credentialed && !isChallengeStatus(response.status)) return null;
  const startedAt = Date.parse(entry.startedDateTime);
  if (!Number.isFinite(startedAt)) return null;
  return {
    url: redactUrl(request.url),
    method: request.method,
    startedAt: Math.round(startedAt),
    endedAt: Math.round(startedAt + Math.max(0, entry.time)),
    status: response.status,
    credentials: summarizeCredentials(request.headers, false),
  };
}
