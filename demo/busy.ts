// The busy page: what an ordinary heavy page asks of the browser — 150 images and 60 fetches, 30 of
// them answered with a Bearer 401, nothing cacheable — so that what an extension costs on every
// request can be measured in a real browser (npm run bench:browser). The page times itself: from
// its navigation start to the moment its load event has fired and every fetch has settled, shown
// on the page and resolved by `window.authlensBusy`.
import type { RouteContext } from './auth-routes.ts';
import { html, page, type Html } from './html.ts';
import { send } from './respond.ts';

export const BUSY_PATH = '/busy';

/** What the page loads; the query may change each count (`?images=10&fetches=4&challenged=2`). */
export interface BusyShape {
  images: number;
  fetches: number;
  /** How many of the fetches get a 401 (half of them send an expired token, half nothing). */
  challenged: number;
}

export const BUSY_DEFAULTS: BusyShape = { images: 150, fetches: 60, challenged: 30 };
const MAX_COUNT = 1000;

export const BUSY_REALM = 'busy page';

// A 1×1 transparent GIF: the cost under test is the request, not the decoding.
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

/** Reads the counts from the query, each clamped to 0…1000; challenged never exceeds fetches. */
export function busyShape(query: URLSearchParams): BusyShape {
  const count = (name: keyof BusyShape): number => {
    const raw = query.get(name);
    const n = raw === null || raw === '' ? NaN : Number(raw);
    return Number.isInteger(n) ? Math.min(Math.max(n, 0), MAX_COUNT) : BUSY_DEFAULTS[name];
  };
  const fetches = count('fetches');
  return { images: count('images'), fetches, challenged: Math.min(count('challenged'), fetches) };
}

function busyPage(shape: BusyShape, nonce: string): string {
  const images = Array.from(
    { length: shape.images },
    (_, i) =>
      html`<img src="${BUSY_PATH}/image?i=${i}&amp;r=${nonce}" alt="" width="12" height="12" />`,
  );
  return page(
    'Busy page · AuthLens lab',
    html`<h1>Busy page</h1>
      <p>
        ${shape.images} images and ${shape.fetches} fetches, ${shape.challenged} of them answered
        with <code>401</code> and <code>WWW-Authenticate: Bearer</code>; every response says
        <code>Cache-Control: no-store</code>. <code>npm run bench:browser</code> loads it in
        browsers with and without extensions, side by side.
      </p>
      <p data-testid="busy-result" id="busy-result">Loading…</p>
      <div
        id="busy"
        data-fetches="${shape.fetches}"
        data-challenged="${shape.challenged}"
        data-nonce="${nonce}"
      >
        ${images}
      </div>
      <script src="${BUSY_PATH}/busy.js"></script>`,
  );
}

/** Runs in the browser (the lab's CSP allows no inline script). */
const BUSY_JS = `'use strict';
(() => {
  const root = document.getElementById('busy');
  const fetches = Number(root.dataset.fetches);
  const challenged = Number(root.dataset.challenged);
  const nonce = root.dataset.nonce;
  const loaded = new Promise((resolve) =>
    document.readyState === 'complete' ? resolve() : addEventListener('load', resolve, { once: true }),
  );
  const requests = [];
  let challenges = 0;
  for (let i = 0; i < fetches; i++) {
    // The challenged fetches are spread evenly among the others.
    const protectedOne = Math.floor(((i + 1) * challenged) / fetches) > Math.floor((i * challenged) / fetches);
    // Every other challenged fetch sends the lab's expired token, as an app with a stale session does.
    const headers = protectedOne && challenges++ % 2 === 1 ? { Authorization: 'Bearer lab-token-expired' } : {};
    const path = protectedOne ? '/protected' : '/api';
    requests.push(
      fetch('${BUSY_PATH}' + path + '?i=' + i + '&r=' + nonce, { credentials: 'omit', headers }).then(
        (r) => r.status,
        () => 0,
      ),
    );
  }
  const done = Promise.all([loaded, Promise.all(requests)]).then(([, statuses]) => {
    const ms = performance.now();
    const unauthorized = statuses.filter((s) => s === 401).length;
    document.getElementById('busy-result').textContent =
      'Done in ' + ms.toFixed(0) + ' ms: ' + root.querySelectorAll('img').length + ' images, ' +
      statuses.length + ' fetches, ' + unauthorized + ' of them 401.';
    return ms;
  });
  window.authlensBusy = done;
})();
`;

function nonceOf(query: URLSearchParams): string {
  const given = query.get('r');
  return given && /^[\w-]{1,40}$/.test(given) ? given : Math.random().toString(36).slice(2);
}

function queryOf(ctx: RouteContext): URLSearchParams {
  return new URL(ctx.req.url ?? '/', 'http://lab').searchParams;
}

/** The busy page's routes, registered by the lab's router next to the scenarios. */
export function busyRoutes(): Array<[string, (ctx: RouteContext) => void]> {
  return [
    [
      BUSY_PATH,
      (ctx) => {
        const query = queryOf(ctx);
        send(ctx.res, 200, busyPage(busyShape(query), nonceOf(query)));
      },
    ],
    [
      `${BUSY_PATH}/busy.js`,
      (ctx) => send(ctx.res, 200, BUSY_JS, {}, 'text/javascript; charset=utf-8'),
    ],
    [`${BUSY_PATH}/image`, (ctx) => send(ctx.res, 200, PIXEL, {}, 'image/gif')],
    [
      `${BUSY_PATH}/api`,
      (ctx) =>
        send(
          ctx.res,
          200,
          JSON.stringify({ i: Number(queryOf(ctx).get('i')) }),
          {},
          'application/json',
        ),
    ],
    [
      `${BUSY_PATH}/protected`,
      (ctx) => {
        const withToken = /^Bearer\s/i.test(ctx.req.headers.authorization ?? '');
        const challenge = withToken
          ? `Bearer realm="${BUSY_REALM}", error="invalid_token", error_description="The access token expired"`
          : `Bearer realm="${BUSY_REALM}"`;
        send(
          ctx.res,
          401,
          '{"error":"unauthorized"}',
          { 'WWW-Authenticate': challenge },
          'application/json',
        );
      },
    ],
  ];
}

/** The lab index's section about the busy page. */
export function busyIndexSection(): Html {
  const { images, fetches, challenged } = BUSY_DEFAULTS;
  return html`<section id="busy">
    <h2>Busy page (for measuring)</h2>
    <p>
      <a href="${BUSY_PATH}">${BUSY_PATH}</a> loads ${images} images and makes ${fetches} fetches,
      ${challenged} of them answered with a Bearer <code>401</code> (half sending an expired token),
      nothing cacheable, and shows how long that took. It is not an authentication scenario: it is
      the page <code>npm run bench:browser</code> loads in browsers with AuthLens, with a
      one-listener reference extension and with no extension, to measure what capturing costs on
      every request. <code>?images=</code>, <code>?fetches=</code> and <code>?challenged=</code>
      change the counts (0 to 1000).
    </p>
  </section>`;
}
