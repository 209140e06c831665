// The lab's request router: maps each scenario path to its handler, serves the index, assets and
// RFC 9728 metadata, and turns any thrown error into a 500 instead of a dead server.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { FAVICON, LAB_CSS, LAB_JS } from './assets.ts';
import { busyRoutes } from './busy.ts';
import {
  basicRoute,
  bearerRoute,
  digestRoute,
  dpopRoute,
  type RouteContext,
} from './auth-routes.ts';
import { mcpRoutes } from './mcp-routes.ts';
import type { NonceBook } from './nonce.ts';
import { indexPage, proxyPage, statusPage } from './pages.ts';
import { send, sendCase } from './respond.ts';
import {
  DIGEST_ALGORITHMS_OFFERED,
  DIGEST_SESS_OFFERED,
  DIGEST_SESS_REALM,
  DIGEST_SHA512_OFFERED,
  DIGEST_SHA512_REALM,
  SCENARIOS,
  SCOPED_SCOPE,
} from './scenarios.ts';
import { PROXY_VIA } from './proxy.ts';

export interface LabAppOptions {
  /** The origin the lab listens on, used when the Host header is not a loopback name. */
  origin: () => string;
  proxyUrl: () => string;
  nonces: NonceBook;
  opaque: string;
}

type Handler = (ctx: RouteContext) => void | Promise<void>;

// Only loopback names are echoed into absolute URLs; anything else could be attacker-chosen.
const LOOPBACK_HOST = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\]):\d{1,5}$/;

function staticCase(caseId: string, ...paragraphs: string[]): Handler {
  return (ctx) => sendCase(ctx.res, caseId, paragraphs);
}

/** The RFC 9728 §2 metadata document for a resource identifier. */
function metadataRoute(resourcePath: string): Handler {
  return (ctx) => {
    const resource = `${ctx.origin}${resourcePath}`;
    const body = JSON.stringify(
      {
        resource,
        // The lab runs no authorization server; a real document lists its issuer URLs here.
        authorization_servers: [],
        scopes_supported: ['lab:read', SCOPED_SCOPE],
        bearer_methods_supported: ['header'],
        resource_name: 'AuthLens lab',
        resource_documentation: `${ctx.origin}/#bearer-metadata`,
      },
      null,
      2,
    );
    send(ctx.res, 200, body, { 'Access-Control-Allow-Origin': '*' }, 'application/json');
  };
}

export function createLabHandler(options: LabAppOptions) {
  const multi = (id: string): Handler =>
    basicRoute({ challenge: id, ok: `${id}.ok`, wrong: id, malformed: id });
  const digest = (offered: readonly string[], realm: string): Handler =>
    digestRoute({ offered, realm, opaque: options.opaque, nonces: options.nonces });
  const routes = new Map<string, Handler>([
    ['/', (ctx) => send(ctx.res, 200, indexPage(options.proxyUrl()))],
    ['/lab.js', (ctx) => send(ctx.res, 200, LAB_JS, {}, 'text/javascript; charset=utf-8')],
    ['/lab.css', (ctx) => send(ctx.res, 200, LAB_CSS, {}, 'text/css; charset=utf-8')],
    ['/favicon.ico', (ctx) => send(ctx.res, 200, FAVICON, {}, 'image/png')],
    [
      '/basic',
      basicRoute({
        challenge: 'basic',
        ok: 'basic.ok',
        wrong: 'basic.wrong-password',
        malformed: 'basic.malformed',
      }),
    ],
    ['/digest', digest(DIGEST_ALGORITHMS_OFFERED, 'lab')],
    ['/digest/sess', digest(DIGEST_SESS_OFFERED, DIGEST_SESS_REALM)],
    ['/digest/sha-512-256', digest(DIGEST_SHA512_OFFERED, DIGEST_SHA512_REALM)],
    ['/bearer', bearerRoute({})],
    ['/bearer/scoped', bearerRoute({ scope: SCOPED_SCOPE })],
    ['/bearer/metadata', bearerRoute({ metadataFor: '/bearer/metadata' })],
    ['/.well-known/oauth-protected-resource', metadataRoute('')],
    ['/.well-known/oauth-protected-resource/bearer/metadata', metadataRoute('/bearer/metadata')],
    ['/dpop', dpopRoute],
    [
      '/negotiate',
      staticCase(
        'negotiate',
        'Challenge only: the lab implements neither Negotiate nor NTLM, so it never accepts an answer.',
      ),
    ],
    ['/multi-line', multi('multi-line')],
    ['/multi-one-line', multi('multi-one-line')],
    ['/no-challenge', staticCase('no-challenge', 'This 401 carries no challenge at all.')],
    ['/sso/start', staticCase('sso.start', 'Redirecting to the identity provider.')],
    ['/sso/idp', staticCase('sso.idp', 'Redirecting back to the protected resource.')],
    [
      '/sso/protected',
      basicRoute({
        challenge: 'sso.protected',
        ok: 'sso.protected.ok',
        wrong: 'sso.protected',
        malformed: 'sso.protected',
      }),
    ],
    [
      '/proxy',
      (ctx) => {
        const via = ctx.req.headers['via'] ?? '';
        send(ctx.res, 200, proxyPage(options.proxyUrl(), ctx.origin, via.includes(PROXY_VIA)));
      },
    ],
    ...busyRoutes(),
  ]);
  for (const [path, handler] of mcpRoutes()) routes.set(path, handler);
  for (const scenario of SCENARIOS) {
    if (!scenario.path.startsWith('/malformed/')) continue;
    const kase = scenario.cases[0];
    if (kase) routes.set(scenario.path, staticCase(kase.id, scenario.explanation));
  }

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const host = req.headers.host ?? '';
    const origin = LOOPBACK_HOST.test(host) ? `http://${host}` : options.origin();
    // Origin-form targets only; the path is matched without its query.
    const target = req.url ?? '/';
    const path = target.startsWith('/') ? (target.split('?', 1)[0] ?? '/') : '';
    const route = routes.get(path);
    if (!route) {
      req.resume();
      return send(res, 404, statusPage(404, 'No such scenario', [`Nothing at ${target}.`]));
    }
    // Only Digest reads the body (for auth-int); everyone else discards it.
    if (!path.startsWith('/digest')) req.resume();
    await route({ req, res, origin });
  };

  return (req: IncomingMessage, res: ServerResponse): void => {
    handle(req, res).catch((error: unknown) => {
      // A bug in one handler answers 500 for that request and leaves the server running.
      console.error('lab: handler failed:', error);
      if (!res.headersSent) {
        send(res, 500, statusPage(500, 'Lab error', ['The handler failed; see the lab console.']));
      } else {
        res.destroy();
      }
    });
  };
}
