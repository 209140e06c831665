import { describe, expect, it } from 'vitest';
import { checkResourceMetadata, type MetadataFetch } from './resource-metadata.ts';

const at = {
  resourceUrl: 'https://api.example.com/mcp?session=1',
  metadataUrl: 'https://api.example.com/.well-known/oauth-protected-resource/mcp',
};
const ok = (document: unknown, contentType = 'application/json; charset=utf-8'): MetadataFetch => ({
  ...at,
  status: 200,
  contentType,
  body: JSON.stringify(document),
});
const codes = (fetched: MetadataFetch) =>
  checkResourceMetadata(fetched).map((d) => `${d.severity} ${d.code}`);

describe('checkResourceMetadata', () => {
  it('accepts a document naming the requested resource (query aside, default port written) and its servers', () => {
    expect(
      codes(
        ok({ resource: 'https://API.example.com:443/mcp', authorization_servers: ['https://as'] }),
      ),
    ).toEqual([]);
  });

  it('warns when the resource is a parent of the URL: common, but stricter than RFC 9728 §3.3', () => {
    expect(
      codes(ok({ resource: 'https://api.example.com', authorization_servers: ['https://as'] })),
    ).toEqual(['warning resource-metadata-resource-mismatch']);
    expect(
      codes(ok({ resource: 'https://api.example.com/m', authorization_servers: ['https://as'] })),
    ).toEqual(['error resource-metadata-resource-mismatch']);
  });

  it('reports a wrong content type, a missing resource and missing servers together', () => {
    expect(codes(ok({ authorization_servers: [] }, 'text/plain'))).toEqual([
      'error resource-metadata-invalid',
      'error resource-metadata-invalid',
      'warning resource-metadata-no-authorization-servers',
    ]);
  });

  it('reports a non-200 answer as unreachable, naming the status', () => {
    const [d] = checkResourceMetadata({ ...at, status: 404, body: '' });
    expect(d!.code).toBe('resource-metadata-unreachable');
    expect(d!.message).toContain('status 404');
  });
});
