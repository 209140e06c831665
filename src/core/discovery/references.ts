// The MCP authorization specification, for discovery checks that MCP rather than an RFC grounds:
// each reference names the revision that states the rule and links to its section's anchor.
import type { Reference } from '../types.ts';

const MCP = 'https://modelcontextprotocol.io/specification';

/** A section of an MCP revision's authorization page, by the heading's anchor. */
export function mcpAuthorization(revision: string, heading: string, anchor: string): Reference {
  return {
    document: `MCP Authorization ${revision}, “${heading}”`,
    section: '',
    url: `${MCP}/${revision}/basic/authorization#${anchor}`,
  };
}

export const mcpAuthorizationServerLocation = mcpAuthorization(
  '2025-11-25',
  'Authorization Server Location',
  'authorization-server-location',
);

export const mcpCodeProtection = mcpAuthorization(
  '2025-11-25',
  'Authorization Code Protection',
  'authorization-code-protection',
);

export const mcpScopeChallenge = mcpAuthorization(
  '2025-11-25',
  'Runtime Insufficient Scope Errors',
  'runtime-insufficient-scope-errors',
);
