// The busy page the browser benchmark loads: its counts, what each of its routes answers, and that
// nothing it serves may be cached (a cached response is invisible to extensions).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUSY_DEFAULTS, busyShape } from './busy.ts';
import { startLab } from './server.ts';
import { request } from './testing.ts';

let lab: Awaited<ReturnType<typeof startLab>>;
beforeAll(async () => {
  lab = await startLab({ port: 0, proxyPort: 0 });
});
afterAll(() => lab.close());

describe('busy page counts', () => {
  it('defaults to 150 images and 60 fetches, 30 of them challenged', () => {
    expect(busyShape(new URLSearchParams())).toEqual(BUSY_DEFAULTS);
    expect(BUSY_DEFAULTS).toEqual({ images: 150, fetches: 60, challenged: 30 });
  });

  it('takes counts from the query, clamped, and never more challenged than fetches', () => {
    const shape = busyShape(new URLSearchParams('images=5000&fetches=4&challenged=9'));
    expect(shape).toEqual({ images: 1000, fetches: 4, challenged: 4 });
    expect(busyShape(new URLSearchParams('images=-3&fetches=x'))).toEqual({
      images: 0,
      fetches: 60,
      challenged: 30,
    });
  });
});

describe('busy page routes', () => {
  it('serves the page with every image, its script and the counts its script reads', async () => {
    const res = await request(`${lab.url}/busy?r=run1`);
    expect(res.status).toBe(200);
    expect(res.lines('cache-control')).toEqual(['no-store']);
    expect(res.body.match(/<img /g)).toHaveLength(150);
    expect(res.body).toContain('src="/busy/image?i=149&amp;r=run1"');
    expect(res.body).toContain('data-fetches="60"');
    expect(res.body).toContain('data-challenged="30"');
    expect(res.body).toContain('<script src="/busy/busy.js"></script>');
    const script = await request(`${lab.url}/busy/busy.js`);
    expect(script.status).toBe(200);
    expect(script.body).toContain('window.authlensBusy');
  });

  it('answers images and the API with 200, uncacheable', async () => {
    const image = await request(`${lab.url}/busy/image?i=3&r=x`);
    expect(image.status).toBe(200);
    expect(image.lines('content-type')).toEqual(['image/gif']);
    expect(image.lines('cache-control')).toEqual(['no-store']);
    const api = await request(`${lab.url}/busy/api?i=7&r=x`);
    expect(api.status).toBe(200);
    expect(JSON.parse(api.body)).toEqual({ i: 7 });
  });

  it('challenges with Bearer, and says the token expired when one was sent', async () => {
    const bare = await request(`${lab.url}/busy/protected?i=1`);
    expect(bare.status).toBe(401);
    expect(bare.lines('www-authenticate')).toEqual(['Bearer realm="busy page"']);
    const expired = await request(`${lab.url}/busy/protected?i=3`, {
      headers: { Authorization: 'Bearer lab-token-expired' },
    });
    expect(expired.status).toBe(401);
    expect(expired.lines('www-authenticate')).toEqual([
      'Bearer realm="busy page", error="invalid_token", error_description="The access token expired"',
    ]);
  });

  it('is explained on the lab index', async () => {
    const index = await request(`${lab.url}/`);
    expect(index.body).toContain('<a href="/busy">/busy</a>');
    expect(index.body).toContain('npm run bench:browser');
  });
});
