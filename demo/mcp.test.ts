// The lab's MCP-style resource and each misconfigured twin, checked as `authlens check
// --follow-metadata` checks them (the command's checkUrl, in process): /mcp has a good chain,
// and each /mcp-broken/* twin reports the one check it is there to show.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkUrl } from '../src/cli/check-url.ts';
import { codes } from '../src/core/index.ts';
import { MCP_RESOURCES } from './mcp-scenarios.ts';
import { startLab, type Lab } from './server.ts';
import { request } from './testing.ts';

let lab: Lab;
beforeAll(async () => {
  lab = await startLab({ port: 0, proxyPort: 0 });
});
afterAll(() => lab.close());

const check = (path: string, headers: Array<{ name: string; value: string }> = []) =>
  checkUrl(`${lab.url}${path}`, {
    headers,
    timeout: 5000,
    rules: [],
    followMetadata: true,
    userAgent: 'authlens-test',
  });

// On the plain-http lab, these are loopback warnings (they are errors when deployed).
const labWarnings = [
  'bearer-over-http',
  'resource-metadata-resource-not-https',
  'authorization-server-issuer-not-https',
];

describe('the lab’s MCP discovery chain', () => {
  it('/mcp: the good chain, followed over both hops with no error', async () => {
    const result = await check('/mcp');
    expect(result.status).toBe(401);
    expect(result.discovery!.documents.map((d) => [d.url.slice(lab.url.length), d.status])).toEqual(
      [
        ['/.well-known/oauth-protected-resource/mcp', 200],
        ['/.well-known/oauth-authorization-server/as', 200],
      ],
    );
    expect(result.diagnostics.map((d) => d.code).filter((c) => !labWarnings.includes(c))).toEqual(
      [],
    );
    expect(result.diagnostics.every((d) => d.severity === 'warning')).toBe(true);
  });

  it('/mcp opens with a lab token that has its scope', async () => {
    expect(
      (await request(`${lab.url}/mcp`, { headers: { Authorization: 'Bearer lab-token-read' } }))
        .status,
    ).toBe(200);
    expect(
      (await request(`${lab.url}/mcp`, { headers: { Authorization: 'Bearer lab-token-expired' } }))
        .status,
    ).toBe(401);
  });

  const twins = MCP_RESOURCES.filter((r) => r.code !== null);

  it.each(twins.map((r) => [r.path, r.code!, r] as const))(
    '%s reports %s',
    async (path, code, resource) => {
      const token = resource.cases.some((c) => c.status === 403)
        ? [{ name: 'Authorization', value: 'Bearer lab-token-read' }]
        : [];
      const result = await check(path, token);
      const found = result.diagnostics.filter((d) => d.code === code);
      expect(found, JSON.stringify(result.diagnostics.map((d) => d.code))).toHaveLength(1);
      expect(found[0]!.severity).toBe(codes[code as keyof typeof codes].severity);
      // The twin breaks one link: apart from the lab's loopback warnings, nothing else.
      const others = result.diagnostics.filter(
        (d) => d.code !== code && !labWarnings.includes(d.code),
      );
      expect(others.map((d) => d.code)).toEqual([]);
    },
  );
});
