// Serves the MCP-style resources of mcp-scenarios.ts: each resource's challenge (or 200 for a
// token with the scope it needs), its RFC 9728 metadata, and the RFC 8414 metadata of the
// authorization servers it names. app.ts adds these routes to the lab's.
import type { RouteContext } from './auth-routes.ts';
import {
  MCP_ISSUER_PATH,
  MCP_RESOURCES,
  MCP_SCOPE,
  resourceMetadataPath,
  serverDocument,
  serverMetadataPath,
  type McpResource,
} from './mcp-scenarios.ts';
import { send, sendCase, singleField } from './respond.ts';
import { findBearerToken } from './users.ts';

type Handler = (ctx: RouteContext) => void;

/** Browser-based MCP clients read metadata across origins; every document allows it unless told. */
const CORS = { 'Access-Control-Allow-Origin': '*' };

function json(ctx: RouteContext, document: Record<string, unknown>, cors = true): void {
  send(ctx.res, 200, JSON.stringify(document, null, 2), cors ? CORS : {}, 'application/json');
}

/** The resource: 200 for a lab token with the scope it needs, else the table's challenge. */
function resourceRoute(resource: McpResource): Handler {
  const byStatus = (status: number) => resource.cases.find((c) => c.status === status && c.request);
  return (ctx) => {
    const values = { origin: ctx.origin };
    const { value } = singleField(ctx.req, 'Authorization');
    const token = /^Bearer ([^\s,]+)$/i.exec(value ?? '')?.[1];
    const found = token === undefined ? undefined : findBearerToken(token);
    const scope = resource.scope ?? MCP_SCOPE;
    let kase = resource.cases[0]!;
    if (found && !found.expired && found.scopes.includes(scope)) kase = byStatus(200) ?? kase;
    else if (found && !found.expired) kase = byStatus(403) ?? kase;
    else if (value !== undefined)
      kase = resource.cases.find((c) => c.id.endsWith('.invalid')) ?? kase;
    const note =
      kase.status === 200
        ? `Token accepted for ${resource.path}.`
        : 'An MCP-style challenge: follow resource_metadata to discover how to get a token.';
    sendCase(ctx.res, kase.id, [note], values, resource.headers ?? {});
  };
}

function metadataRoute(resource: McpResource): Handler | null {
  const answer = resource.metadata;
  switch (answer.kind) {
    case 'none':
      return null;
    case 'json':
      return (ctx) => json(ctx, answer.document(ctx.origin, resource.path), answer.cors !== false);
    case 'html':
      return (ctx) =>
        send(
          ctx.res,
          200,
          '<!doctype html><title>Sign in</title><h1>Sign in</h1><p>Please sign in to continue.</p>',
        );
    case 'redirect':
      return (ctx) => send(ctx.res, 302, '', { Location: answer.to }, 'text/plain; charset=utf-8');
  }
}

export function mcpRoutes(): Map<string, Handler> {
  const routes = new Map<string, Handler>();
  routes.set(serverMetadataPath(MCP_ISSUER_PATH), (ctx) =>
    json(ctx, serverDocument(ctx.origin, MCP_ISSUER_PATH)),
  );
  for (const resource of MCP_RESOURCES) {
    routes.set(resource.path, resourceRoute(resource));
    const metadata = metadataRoute(resource);
    if (metadata) routes.set(resourceMetadataPath(resource.path), metadata);
    const server = resource.server;
    if (server?.document) {
      const document = server.document;
      routes.set(serverMetadataPath(server.issuerPath), (ctx) => json(ctx, document(ctx.origin)));
    }
  }
  return routes;
}
