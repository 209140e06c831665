// The discovery chain in the command's report: the `discovery` member of a checked URL's JSON
// result, and its lines in the text report. Its diagnostics also go into the result's
// `diagnostics` (counted once in the summary and the exit status); each document repeats its own.
// Pure.
import type {
  DiscoveryChain,
  DiscoveryDocument,
  DocumentRole,
  DocumentSource,
} from '../core/index.ts';
import { visibleText } from '../shared/visible-text.ts';
import { diagnosticOut, type DiagnosticOut } from './result.ts';

/** A request of the chain (role, url, source, describes, status, error, location, used, fields). */
export type DiscoveryDocumentOut = DiscoveryDocument & {
  /** The entries of the result's `diagnostics` about this document. */
  diagnostics: DiagnosticOut[];
};

export interface DiscoveryOut {
  /** Index into the result's `challenges` of the challenge followed. */
  challenge: number | null;
  resource: string | null;
  documents: DiscoveryDocumentOut[];
  notFollowed: Array<{ url: string; role: DocumentRole; reason: string }>;
}

/**
 * The chain for the report. `challengeOffset` is where the WWW-Authenticate challenges start in
 * the result's `challenges`.
 */
export function discoveryOut(
  chain: DiscoveryChain,
  challengeOffset: number,
): { discovery: DiscoveryOut; diagnostics: DiagnosticOut[] } {
  const diagnostics: DiagnosticOut[] = chain.diagnostics.map((d) => {
    const out = diagnosticOut(
      d,
      d.challenge === undefined ? undefined : 'WWW-Authenticate',
      challengeOffset,
    );
    if (d.document !== undefined) out.document = d.document;
    return out;
  });
  return {
    discovery: {
      challenge: chain.challenge === null ? null : chain.challenge + challengeOffset,
      resource: chain.resource,
      documents: chain.documents.map((d, i) => ({
        ...d,
        diagnostics: diagnostics.filter((x) => x.document === i),
      })),
      notFollowed: chain.notFollowed.map((n) => ({ ...n })),
    },
    diagnostics,
  };
}

const roleName: Record<DocumentRole, string> = {
  'resource-metadata': 'resource metadata',
  'authorization-server-metadata': 'authorization server',
};

const sourceName: Record<DocumentSource, string> = {
  resource_metadata: 'named by resource_metadata',
  'well-known': 'RFC 9728 well-known',
  'well-known-root': 'RFC 9728 well-known, root',
  'oauth-authorization-server': 'RFC 8414',
  'openid-configuration': 'OpenID Connect, inserted',
  'openid-configuration-appended': 'OpenID Connect, appended',
  redirect: 'redirect',
};

/** The chain as text: one line per request, then what was not followed. Server text made visible. */
export function discoveryLines(discovery: DiscoveryOut, dim: (text: string) => string): string[] {
  const lines: string[] = [];
  if (discovery.challenge === null) {
    lines.push(`  ${dim('discovery')} no Bearer or DPoP challenge to follow`);
    return lines;
  }
  const count = discovery.documents.length;
  lines.push(`  ${dim('discovery')} ${count} request${count === 1 ? '' : 's'}`);
  for (const d of discovery.documents) {
    const status = d.status === null ? 'no response' : String(d.status);
    const to = d.location === null ? '' : ` → ${visibleText(d.location)}`;
    const note = d.error === null ? '' : `: ${visibleText(d.error)}`;
    lines.push(
      `    ${status.padEnd(3)} ${roleName[d.role]} ${visibleText(d.url)}${to}  ${dim(`(${sourceName[d.source]}${d.used ? ', used' : ''})`)}${note}`,
    );
  }
  for (const n of discovery.notFollowed) {
    lines.push(`    ${dim('not followed')} ${visibleText(n.url)}: ${visibleText(n.reason)}`);
  }
  return lines;
}
