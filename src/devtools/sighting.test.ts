import { describe, expect, it } from 'vitest';
import { sightingOf, type NetworkEntry } from './sighting.ts';

const entry = (status: number, headers: Array<{ name: string; value: string }>): NetworkEntry => ({
  startedDateTime: '2026-11-28T16:00:00.000Z',
  time: 25.4,
  request: { method: 'GET', url: 'http://127.0.0.1/basic?access_token=tok123', headers },
  response: { status },
});

describe('sightingOf (what leaves the DevTools page)', () => {
  it('keeps only the scheme of the Authorization the network stack sent', () => {
    const s = sightingOf(
      entry(200, [
        { name: 'Accept', value: 'text/html' },
        { name: 'Authorization', value: 'Basic YWxpY2U6d29uZGVybGFuZA==' },
      ]),
    );
    expect(s).toEqual({
      url: 'http://127.0.0.1/basic?access_token=REDACTED',
      method: 'GET',
      startedAt: Date.parse('2026-11-28T16:00:00.000Z'),
      endedAt: Date.parse('2026-11-28T16:00:00.000Z') + 25,
      status: 200,
      credentials: [
        {
          header: 'Authorization',
          scheme: 'Basic',
          source: 'page',
          evidence: { basis: 'observed' },
        },
      ],
    });
    expect(JSON.stringify(s)).not.toMatch(/YWxp|tok123/);
  });

  it('reports a challenged request that carried none, and ignores everything else', () => {
    expect(sightingOf(entry(401, []))).toMatchObject({ status: 401, credentials: [] });
    expect(sightingOf(entry(200, [{ name: 'Accept', value: '*/*' }]))).toBeNull();
    expect(sightingOf({ ...entry(401, []), startedDateTime: 'yesterday' })).toBeNull();
  });

  it('keeps nothing of a credential without a scheme word', () => {
    const s = sightingOf(
      entry(200, [{ name: 'authorization', value: 'lin_api_0123456789abcdef' }]),
    );
    expect(s?.credentials).toMatchObject([{ scheme: '' }]);
    expect(JSON.stringify(s)).not.toContain('lin_api');
  });
});
